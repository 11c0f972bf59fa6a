-- Personal data as Law 91/2025/QH15 and Decree 356/2025/NĐ-CP require (issue 25).
--
-- These tables are evidence the commune must keep: they name a person only by a keyed hash of
-- their messenger account (HMAC, key from the config: src/privacy/person-key.ts), never by the raw
-- Zalo id or phone number, so they survive the person's own erasure request. Every row carries
-- its commune (the deployment is becoming multi-commune).

-- Consent given or withdrawn, one row per answer (never updated): the purpose, the exact text the
-- person was shown, when, and through which channel/OA. The latest row of a purpose is in force.
CREATE TABLE consent_records (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commune_id   text NOT NULL,
  person_hash  text NOT NULL,
  channel      text NOT NULL,
  oa_id        text,
  purpose      text NOT NULL CHECK (purpose IN ('callback_phone', 'zns_notices', 'rating_survey', 'photos_kept')),
  granted      boolean NOT NULL,
  text_shown   text NOT NULL,
  -- The message that carried the answer: a redelivered event records nothing twice.
  event_id     text NOT NULL,
  at           timestamptz NOT NULL,
  UNIQUE (event_id, purpose)
);
CREATE INDEX consent_records_person ON consent_records (commune_id, person_hash, purpose, id);

-- Requests of a data subject made in the chat (access, erasure): when received, when done, and
-- what was done (counts per kind of data, never the data).
CREATE TABLE privacy_requests (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commune_id   text NOT NULL,
  person_hash  text NOT NULL,
  channel      text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('access', 'erasure')),
  event_id     text NOT NULL UNIQUE,
  received_at  timestamptz NOT NULL,
  done_at      timestamptz,
  outcome      jsonb
);
CREATE INDEX privacy_requests_person ON privacy_requests (commune_id, person_hash, id);

-- What each run of the retention purge deleted or de-identified, counted per kind of data.
CREATE TABLE privacy_purges (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commune_id  text NOT NULL,
  ran_at      timestamptz NOT NULL,
  counts      jsonb NOT NULL
);
