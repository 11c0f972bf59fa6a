-- Borders (issue 24): a case may be handled by another commune than the one whose OA its reporter
-- wrote to (a pin across the border, a transfer). Zalo user ids are per OA, so the reporter's
-- notices must keep going through the first OA: `contact_commune_id` is that commune, and never
-- changes with a transfer (`commune_id` does).
--
-- A row inserted without it takes its own commune (the common case: reported where it is handled);
-- rows written before this migration are backfilled. A row whose commune is still NULL (written
-- before communes had ids, claimed at start: claim-rows.ts) is read as its commune (COALESCE in
-- case-rows.ts).
ALTER TABLE cases ADD COLUMN contact_commune_id text;
UPDATE cases SET contact_commune_id = commune_id WHERE contact_commune_id IS NULL;

CREATE FUNCTION contact_commune_of_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.contact_commune_id IS NULL THEN
    NEW.contact_commune_id := NEW.commune_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cases_contact_commune BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION contact_commune_of_case();
