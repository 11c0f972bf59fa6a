-- Who read personal data, when, from where (issues 23 and 25): every read of a reporter's contact
-- or of a report's photo by an officer or the admin token. Kept five years (the retention purge
-- never deletes it); exporting it is the first step of a breach report.
CREATE TABLE access_audit (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commune_id  text NOT NULL,
  reader_id   text NOT NULL,
  case_code   text NOT NULL,
  what        text NOT NULL CHECK (what IN ('contact', 'photo', 'transcript')),
  surface     text NOT NULL CHECK (surface IN ('api', 'dashboard', 'zalo', 'open311')),
  detail      text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_audit_commune_at ON access_audit (commune_id, at);
CREATE INDEX access_audit_case ON access_audit (case_code, at);
