-- Teams managed from the admin page (issue 24): created, renamed and deactivated per commune,
-- with the commune file's teams as the seed (src/officers/config-sync.ts says which side wins).
--
-- deactivated_at: set by the page; a deactivated team gets no new case (routing skips its rules,
--   src/commune/routing.ts) and no new member; its open cases and history stay with it. The file
--   never reactivates a team.
-- from_config: the team is listed in a commune file (set by the sync at each start).
-- named_on_page: its name was given on the page (at creation or by a rename): the page's name is
--   kept over the file's at every start. A file team never named on the page takes the file's.
-- file_position: its place in the file's list (the page lists the file's teams in that order).
-- Every team before this migration came from a file.
ALTER TABLE teams ADD COLUMN deactivated_at timestamptz;
ALTER TABLE teams ADD COLUMN from_config boolean NOT NULL DEFAULT false;
ALTER TABLE teams ADD COLUMN named_on_page boolean NOT NULL DEFAULT false;
ALTER TABLE teams ADD COLUMN file_position int;
ALTER TABLE teams ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
UPDATE teams SET from_config = true;
CREATE INDEX teams_commune ON teams (commune_id);
