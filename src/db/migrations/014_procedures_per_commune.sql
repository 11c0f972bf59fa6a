-- Each commune its own procedure catalogue (issue 23): the same procedure id ("dang-ky-khai-sinh")
-- and the same positions are in every commune's catalogue, so both are unique per commune. An
-- import replaces one commune's rows; `procedure_imports` says which commune imported.
--
-- The column stays nullable here: rows from before communes had ids are claimed by the single
-- commune at start (src/db/claim-rows.ts), which then makes it NOT NULL. Until then the rows of
-- the one catalogue there was are NULL, and unique among themselves as before.
ALTER TABLE procedures DROP CONSTRAINT procedures_pkey;
DROP INDEX procedures_position;
CREATE UNIQUE INDEX procedures_commune_id ON procedures (commune_id, id);
CREATE UNIQUE INDEX procedures_commune_position ON procedures (commune_id, position);
-- What a start and every process's re-check ask: the commune's latest import.
CREATE INDEX procedure_imports_commune ON procedure_imports (commune_id, id);
-- A commune's dossiers (look-ups, completions and statistics all name the commune).
CREATE INDEX dossiers_commune_received ON dossiers (commune_id, received_at);
