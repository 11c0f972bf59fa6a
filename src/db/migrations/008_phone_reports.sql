-- Reports taken by phone or at the counter (issue 15).

-- Zalo users who shared their phone number with the OA (user_submit_info), kept only as a keyed
-- hash (HMAC, key from the app secret): enough to recognise the caller of a phone report when
-- they ask in Zalo to follow it, never the number itself. One row per user, the latest share;
-- dropped when the user unfollows the OA.
CREATE TABLE shared_phones (
  channel     text NOT NULL,
  user_id     text NOT NULL,
  phone_hash  text NOT NULL,
  shared_at   timestamptz NOT NULL,
  PRIMARY KEY (channel, user_id)
);

-- Reporters who hear of their case only from an officer (a phone left, nobody on Zalo linked):
-- the officers' call-back list (GET /api/v1/cases?reporterOnZalo=false).
CREATE INDEX cases_reporter_off_zalo ON cases (created_at) WHERE reporter_channel IS NULL AND contact_phone IS NOT NULL;
