-- The transactional outbox of cases (issue 21): what a change of a case must set in motion (the
-- reporter's confirmation, the followers' status notice, the officers' notice, the escalation
-- clock, the photo keeper, a hand-over to another team) is written here in the transaction of
-- the change, and a relay in the worker role moves it to the queues afterwards. A Redis outage or
-- a crash between the commit and the queue then delays a notice instead of losing it.
--
-- A row's life: written (relayed_at NULL) → claimed by a relay for a lease (claimed_until) →
-- queued as a `case-notice` job named after its id (relayed_at) → handled by a worker (done_at,
-- checked before handling, so a row queued twice after a crash is handled once).
--
-- Rows are keyed by their own id, never by the case: a `commune_id` column can be added (and
-- filled from cases) without touching the key, the indexes or the relay.
CREATE TABLE case_outbox (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_code      text NOT NULL REFERENCES cases (code) ON DELETE CASCADE,
  kind           text NOT NULL,
  payload        jsonb NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL,
  claimed_until  timestamptz,
  relay_attempts integer NOT NULL DEFAULT 0,
  last_error     text,
  relayed_at     timestamptz,
  done_at        timestamptz
);
-- What the relay looks for, oldest first.
CREATE INDEX case_outbox_unrelayed ON case_outbox (id) WHERE relayed_at IS NULL;
-- A case's notices not yet handled, in order (a worker handles a case's earlier ones first).
CREATE INDEX case_outbox_undone ON case_outbox (case_code, id) WHERE done_at IS NULL;
