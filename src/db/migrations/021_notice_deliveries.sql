-- Notices after Zalo's window (issue 24): which path each case notice took to its recipient.
--
-- One row per notice and recipient, keyed by the outbound job's hold key (the same key that makes
-- holding idempotent): `consultation` (sent as a customer-service message inside Zalo's window),
-- `zns` (sent by ZNS template to the phone the reporter shared, with their consent) or `held`
-- (kept in held_notices for their next message). A ZNS send is claimed here (`sending`) before
-- Zalo is asked, so a retried job never sends it twice: a claim without a known outcome is
-- `unknown` and the notice is held instead. No phone number or account is stored here.
CREATE TABLE notice_deliveries (
  dedupe_key   text PRIMARY KEY,
  commune_id   text NOT NULL,
  case_code    text,
  path         text NOT NULL CHECK (path IN ('consultation', 'zns', 'held')),
  -- For `zns`: sending (claimed), sent, retry (refused in a way a later attempt may pass), unknown.
  -- For `consultation` and `held`: done.
  state        text NOT NULL CHECK (state IN ('sending', 'sent', 'retry', 'unknown', 'done')),
  template_id  text,
  tracking_id  text,
  msg_id       text,
  error_code   text,
  attempts     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notice_deliveries_case ON notice_deliveries (case_code) WHERE case_code IS NOT NULL;
