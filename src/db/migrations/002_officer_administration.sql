-- Officers can be deactivated (soft: their history stays attributable) and the registry knows
-- which rows the commune config owns, so the API does not edit what the next sync would undo.
ALTER TABLE officers ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE officers ADD COLUMN from_config boolean NOT NULL DEFAULT false;
