-- The citizen's further rights in the chat (issue 25): correcting a contact, restriction,
-- objection, and requests the hotline cannot settle by itself, which go to the commune's
-- data-protection officer with the law's deadlines (Decree 356/2025/NĐ-CP: acknowledged within
-- 2 working days, settled within 15, on the commune's calendar).
ALTER TABLE privacy_requests DROP CONSTRAINT privacy_requests_kind_check;
ALTER TABLE privacy_requests ADD CONSTRAINT privacy_requests_kind_check
  CHECK (kind IN ('access', 'erasure', 'rectification', 'restriction', 'objection', 'dpo'));

-- A request for the data-protection officer: what the citizen asked, in their words; its
-- deadlines and how far it was escalated; who acknowledged and settled it, and the answer given.
ALTER TABLE privacy_requests ADD COLUMN detail text;
ALTER TABLE privacy_requests ADD COLUMN ack_due_at timestamptz;
ALTER TABLE privacy_requests ADD COLUMN settle_due_at timestamptz;
ALTER TABLE privacy_requests ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE privacy_requests ADD COLUMN acknowledged_by text;
ALTER TABLE privacy_requests ADD COLUMN settled_by text;
ALTER TABLE privacy_requests ADD COLUMN answer text;
ALTER TABLE privacy_requests ADD COLUMN escalation_level smallint NOT NULL DEFAULT 0;
-- Where to tell the citizen their request is settled: their account, kept only until then (the
-- settlement and an erasure clear it); everything else names them by the keyed hash.
ALTER TABLE privacy_requests ADD COLUMN reply_user_id text;

CREATE INDEX privacy_requests_dpo_open ON privacy_requests (commune_id, settle_due_at) WHERE kind = 'dpo' AND done_at IS NULL;
