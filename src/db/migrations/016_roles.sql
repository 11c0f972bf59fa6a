-- The roles of a province deployment (issue 23). A commune's members: officer, lead, leader,
-- commune_admin (its officers, teams and config), dpo (its data-protection officer). Province users,
-- province and province_admin, belong to no commune: their commune_id is NULL. The registry's old
-- `admin` role acted as its commune's admin, and becomes commune_admin; `admin` is now the
-- ADMIN_TOKEN alone.
ALTER TABLE officers DROP CONSTRAINT IF EXISTS officers_role_check;
UPDATE officers SET role = 'commune_admin' WHERE role = 'admin';
ALTER TABLE officers ADD CONSTRAINT officers_role_check
  CHECK (role IN ('officer', 'lead', 'leader', 'commune_admin', 'dpo', 'province', 'province_admin'));
-- A province user has no commune, no team and no Zalo link of a commune's OA. That a commune's
-- member has a commune is checked when the rows are claimed (src/db/claim-rows.ts): rows written
-- before communes had ids are still NULL until then.
ALTER TABLE officers ALTER COLUMN commune_id DROP NOT NULL;
ALTER TABLE officers ADD CONSTRAINT officers_province_without_commune
  CHECK (role NOT IN ('province', 'province_admin') OR (commune_id IS NULL AND team_id IS NULL AND zalo_user_id IS NULL));
