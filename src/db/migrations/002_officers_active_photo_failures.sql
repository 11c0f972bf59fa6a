-- Officers can be deactivated (soft: their history stays attributable) and the registry knows
-- which rows the commune config owns, so the API does not edit what the next sync would undo.
ALTER TABLE officers ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE officers ADD COLUMN from_config boolean NOT NULL DEFAULT false;

-- A photo that could not be copied after the last attempt says so (when, and why), instead of
-- looking "not copied yet" for ever; its platform URL stays for officers.
ALTER TABLE case_photos ADD COLUMN copy_failed_at timestamptz;
ALTER TABLE case_photos ADD COLUMN copy_failure text;
