-- Officers on Zalo, and the citizen's side of a case (issue 8).

-- One-time codes an officer sends as "#dangky CODE" from their own Zalo to link that account.
-- Valid for a week, used once; a new code for the same officer leaves older ones valid until used
-- or expired (an admin may hand out a code twice by mistake; either works, once).
CREATE TABLE officer_link_codes (
  code        text PRIMARY KEY,
  officer_id  text NOT NULL REFERENCES officers(id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX officer_link_codes_officer ON officer_link_codes (officer_id);

-- The reporter's word after resolution: "Vi phạm đã được xử lý chưa?" (confirmed true/false) and
-- a 1–5 satisfaction rating. A "Chưa" reopens the case (reopened_count counts them).
ALTER TABLE cases ADD COLUMN citizen_confirmed boolean;
ALTER TABLE cases ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE cases ADD COLUMN rated_at timestamptz;
ALTER TABLE cases ADD COLUMN reopened_count smallint NOT NULL DEFAULT 0;

-- Photos an officer sent right after "#xong": proof of the resolution, not part of the report.
ALTER TABLE case_photos ADD COLUMN proof boolean NOT NULL DEFAULT false;

-- Messages a citizen left for a person outside office hours, handed to the front-desk team at
-- the next opening (delivered_at set then).
CREATE TABLE handoff_messages (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel       text NOT NULL,
  user_id       text NOT NULL,
  body          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz
);
CREATE INDEX handoff_messages_pending ON handoff_messages (id) WHERE delivered_at IS NULL;
