-- The procedure catalogue in force (the procedure guide's source). An import replaces it whole,
-- in one transaction; `procedure_imports` records each import, so every process sees a new
-- catalogue by its import id and a start does not re-import a catalogue file already imported.
CREATE TABLE procedures (
  id            text PRIMARY KEY,
  position      integer NOT NULL,
  national_code text,
  name          text NOT NULL,
  -- The whole validated entry (documents, fee, time, where, source…), read back through the schema.
  entry         jsonb NOT NULL
);
CREATE UNIQUE INDEX procedures_position ON procedures (position);

CREATE TABLE procedure_imports (
  id          serial PRIMARY KEY,
  -- `file`: the catalogue file named in the commune config, at start; `api`: POST /procedures/import.
  source      text NOT NULL CHECK (source IN ('file', 'api')),
  sha256      text NOT NULL,
  example     boolean NOT NULL DEFAULT false,
  procedures  integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
