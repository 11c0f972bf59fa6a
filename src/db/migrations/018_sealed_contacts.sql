-- Reporters' contacts encrypted at rest (issue 25).
--
-- A case's reporter name, phone and messenger account are kept only as ciphertexts (AES-256-GCM
-- under a key derived from DATA_ENCRYPTION_KEY; each names its key: src/privacy/data-keys.ts),
-- with keyed hashes to find a case by its reporter's account or phone. SQL cannot encrypt, so
-- the plaintext columns are renamed `legacy_*` here and emptied by the hotline when it starts
-- (src/privacy/sealed-contacts.ts), which then seals what they held; nothing else reads them.
ALTER TABLE cases RENAME COLUMN contact_name TO legacy_contact_name;
ALTER TABLE cases RENAME COLUMN contact_phone TO legacy_contact_phone;
ALTER TABLE cases RENAME COLUMN reporter_user_id TO legacy_reporter_user_id;
ALTER TABLE cases ADD COLUMN contact_name_sealed text;
ALTER TABLE cases ADD COLUMN contact_phone_sealed text;
-- The keyed hash of the phone in national form: phone matching ("Cần gọi báo", a caller linking
-- their phone report, the same caller reporting twice).
ALTER TABLE cases ADD COLUMN contact_phone_hash text;
ALTER TABLE cases ADD COLUMN reporter_user_sealed text;
-- The person hash of (reporter_channel, the account): a citizen's own cases.
ALTER TABLE cases ADD COLUMN reporter_hash text;

DROP INDEX cases_reporter_off_zalo;
CREATE INDEX cases_reporter_off_zalo ON cases (created_at) WHERE reporter_channel IS NULL AND contact_phone_hash IS NOT NULL;
CREATE INDEX cases_contact_phone_hash ON cases (contact_phone_hash) WHERE contact_phone_hash IS NOT NULL;
CREATE INDEX cases_reporter_hash ON cases (reporter_hash) WHERE reporter_hash IS NOT NULL;

-- An anonymous report's reporter is no follower any more (their account would lie there in
-- clear): the case's sealed column alone names them, until the case closes.
DELETE FROM case_followers f USING cases c
 WHERE c.code = f.case_code AND c.anonymous AND f.channel = c.reporter_channel AND f.user_id = c.legacy_reporter_user_id;

-- The database's own keys, each sealed under DATA_ENCRYPTION_KEY: `hash`, the stable key of the
-- keyed hashes (person, phone index), so that rotating DATA_ENCRYPTION_KEY re-seals it and every
-- hash stays valid.
CREATE TABLE data_keys (
  name        text PRIMARY KEY,
  sealed      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
