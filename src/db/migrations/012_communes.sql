-- A province's communes in one database (issue 23): every row carries its commune.
--
-- Rows that belong to a case (photos, notes, events, links, followers, outbox), to an officer
-- (link codes, events) or to a dossier (followers) take their owner's commune by trigger, so the
-- two can never disagree and no insert of theirs has to name it. The code writes the commune of
-- the rows that own others (cases, teams, officers, dossiers, …).
--
-- Rows written before communes had ids have none (NULL). The single commune of the deployment
-- claims them when it starts (src/db/claim-rows.ts), which then makes each column NOT NULL; a
-- deployment of several communes refuses to start while a row has no commune.
ALTER TABLE teams ADD COLUMN commune_id text;
ALTER TABLE officers ADD COLUMN commune_id text;
ALTER TABLE dossiers ADD COLUMN commune_id text;
ALTER TABLE dossier_followers ADD COLUMN commune_id text;
ALTER TABLE cases ADD COLUMN commune_id text;
ALTER TABLE case_photos ADD COLUMN commune_id text;
ALTER TABLE case_notes ADD COLUMN commune_id text;
ALTER TABLE case_events ADD COLUMN commune_id text;
ALTER TABLE case_links ADD COLUMN commune_id text;
ALTER TABLE case_followers ADD COLUMN commune_id text;
ALTER TABLE case_outbox ADD COLUMN commune_id text;
ALTER TABLE held_notices ADD COLUMN commune_id text;
ALTER TABLE officer_link_codes ADD COLUMN commune_id text;
ALTER TABLE officer_events ADD COLUMN commune_id text;
ALTER TABLE handoff_messages ADD COLUMN commune_id text;
ALTER TABLE shared_phones ADD COLUMN commune_id text;
ALTER TABLE procedures ADD COLUMN commune_id text;
ALTER TABLE procedure_imports ADD COLUMN commune_id text;

CREATE FUNCTION commune_of_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.commune_id IS NULL THEN
    SELECT c.commune_id INTO NEW.commune_id FROM cases c WHERE c.code = NEW.case_code;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_photos_commune BEFORE INSERT ON case_photos FOR EACH ROW EXECUTE FUNCTION commune_of_case();
CREATE TRIGGER case_notes_commune BEFORE INSERT ON case_notes FOR EACH ROW EXECUTE FUNCTION commune_of_case();
CREATE TRIGGER case_events_commune BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION commune_of_case();
CREATE TRIGGER case_links_commune BEFORE INSERT ON case_links FOR EACH ROW EXECUTE FUNCTION commune_of_case();
CREATE TRIGGER case_followers_commune BEFORE INSERT ON case_followers FOR EACH ROW EXECUTE FUNCTION commune_of_case();
CREATE TRIGGER case_outbox_commune BEFORE INSERT ON case_outbox FOR EACH ROW EXECUTE FUNCTION commune_of_case();

CREATE FUNCTION commune_of_officer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.commune_id IS NULL THEN
    SELECT o.commune_id INTO NEW.commune_id FROM officers o WHERE o.id = NEW.officer_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER officer_link_codes_commune BEFORE INSERT ON officer_link_codes FOR EACH ROW EXECUTE FUNCTION commune_of_officer();
CREATE TRIGGER officer_events_commune BEFORE INSERT ON officer_events FOR EACH ROW EXECUTE FUNCTION commune_of_officer();

CREATE FUNCTION commune_of_dossier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.commune_id IS NULL THEN
    SELECT d.commune_id INTO NEW.commune_id FROM dossiers d WHERE d.code = NEW.dossier_code;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER dossier_followers_commune BEFORE INSERT ON dossier_followers FOR EACH ROW EXECUTE FUNCTION commune_of_dossier();

-- Zalo user ids are per OA: the same id in two communes' OAs is two people.
ALTER TABLE officers DROP CONSTRAINT officers_zalo_user_id_key;
CREATE UNIQUE INDEX officers_commune_zalo_user ON officers (commune_id, zalo_user_id);

-- What officers and the statistics ask for first: a commune's cases.
CREATE INDEX cases_commune_created ON cases (commune_id, created_at);
CREATE INDEX officers_commune ON officers (commune_id);
