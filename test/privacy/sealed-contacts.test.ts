import { expect } from "chai";
import type { Database } from "../../src/db/database.js";
import { loadMigrations, migrate } from "../../src/db/migrate.js";
import { caseByCode } from "../../src/cases/case-rows.js";
import { casesOfCitizen } from "../../src/cases/case-queries.js";
import { casesLeftWithPhone } from "../../src/cases/shared-phones.js";
import { followersOf } from "../../src/cases/followers.js";
import { DataKeyError, sealer } from "../../src/privacy/data-keys.js";
import { installDataKeys } from "../../src/privacy/installed-keys.js";
import { loadDataKeys } from "../../src/privacy/key-store.js";
import { personHasher } from "../../src/privacy/person-key.js";
import { rotateDataKey } from "../../src/privacy/rotate-key.js";
import { sealLegacyContacts } from "../../src/privacy/sealed-contacts.js";
import { BACKENDS, openTestDatabase } from "../support/db.js";
import { columnsHolding } from "./support.js";

const APP_SECRET = "app-secret-of-the-oa-under-test";
const KEY_A = "a".repeat(16) + "first-key-of-the-commune";
const KEY_B = "b".repeat(16) + "second-key-of-the-commune";
const USER = "7461230987650001";
const NAME = "Trần Thị Hoa";
const PHONE = "0912000222";
const CALLER = "0987000333";
const ANONYMOUS = "7461230987650099";

const config = (key: string | undefined, previous?: string) => ({
  DATA_ENCRYPTION_KEY: key,
  DATA_ENCRYPTION_KEY_PREVIOUS: previous,
  ZALO_APP_SECRET: APP_SECRET,
  NODE_ENV: "test" as const,
});

for (const backend of BACKENDS) {
  describe(`contacts encrypted at rest, migration 018 and key rotation on ${backend} (issue 25)`, function () {
    this.timeout(120_000);
    let db: Database;
    before(async () => {
      db = await openTestDatabase(backend, { migrate: false });
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < "018"),
      );
      // Kept in clear before 018: a Zalo report with its reporter's account, name and phone; a phone report.
      await db.query(
        `INSERT INTO cases (commune_id, code, source_key, category, description, reporter_channel, reporter_user_id, contact_name, contact_phone)
         VALUES ('kieu-phu', 'PA-261201-AAAA', 'zalo:a', 'lan_chiem', 'Lấn chiếm vỉa hè', 'zalo', $1, $2, $3)`,
        [USER, NAME, PHONE],
      );
      await db.query(
        `INSERT INTO cases (commune_id, code, source_key, channel, category, description, contact_name, contact_phone)
         VALUES ('kieu-phu', 'PA-261201-BBBB', 'phone:b', 'phone', 'lan_chiem', 'Đổ phế thải', 'Ông Tư', $1)`,
        [CALLER],
      );
      await db.query("INSERT INTO case_followers (case_code, channel, user_id) VALUES ('PA-261201-AAAA', 'zalo', $1)", [USER]);
      // An anonymous report, its sender a follower in clear as filing made them then.
      await db.query(
        `INSERT INTO cases (commune_id, code, source_key, category, description, anonymous, reporter_channel, reporter_user_id)
         VALUES ('kieu-phu', 'PA-261201-CCCC', 'zalo:c', 'lan_chiem', 'Lấn kênh', true, 'zalo', $1)`,
        [ANONYMOUS],
      );
      await db.query("INSERT INTO case_followers (case_code, channel, user_id) VALUES ('PA-261201-CCCC', 'zalo', $1)", [ANONYMOUS]);
      // Evidence written then: named by the hash under the app secret (DATA_ENCRYPTION_KEY was unset).
      await db.query(
        `INSERT INTO consent_records (commune_id, person_hash, channel, purpose, granted, text_shown, event_id, at)
         VALUES ('kieu-phu', $1, 'zalo', 'callback_phone', true, 'Đồng ý gọi lại', 'ev-1', now())`,
        [personHasher(APP_SECRET)("zalo", USER)],
      );
      await migrate(db);
    });
    after(async () => {
      installDataKeys(null);
      await db?.close();
    });

    it("moves the plaintext into ciphertexts at start; cases still read, match by phone and by account", async () => {
      const keys = await loadDataKeys(db, config(KEY_A));
      installDataKeys(keys);
      expect(await sealLegacyContacts(db, keys)).to.equal(3);
      expect(await sealLegacyContacts(db, keys)).to.equal(0);
      const legacy = await db.query(
        "SELECT 1 FROM cases WHERE legacy_reporter_user_id IS NOT NULL OR legacy_contact_name IS NOT NULL OR legacy_contact_phone IS NOT NULL",
      );
      expect(legacy).to.deep.equal([]);
      // Only the followers table (not a contact of the case) still names the account.
      expect(await columnsHolding(db, USER)).to.deep.equal(["case_followers.user_id"]);
      // The anonymous sender is in no table but sealed on the case, and still told of changes.
      expect(await columnsHolding(db, ANONYMOUS)).to.deep.equal([]);
      expect(await followersOf(db, "PA-261201-CCCC")).to.deep.equal([{ channel: "zalo", userId: ANONYMOUS, communeId: "kieu-phu" }]);
      for (const clear of [NAME, PHONE, PHONE.slice(1), CALLER.slice(1), "Ông Tư"])
        expect(await columnsHolding(db, clear), clear).to.deep.equal([]);

      expect(await caseByCode(db, "PA-261201-AAAA")).to.include({ reporterUserId: USER, contactName: NAME, contactPhone: PHONE });
      expect((await casesOfCitizen(db, "zalo", USER)).map((c) => c.code)).to.deep.equal(["PA-261201-AAAA"]);
      // "Cần gọi báo" and a caller linking their phone report: the number in any form.
      expect((await casesLeftWithPhone(db, "+84 987 000 333", 5)).map((c) => c.code)).to.deep.equal(["PA-261201-BBBB"]);
      // The evidence written under the app secret still names the same person.
      expect(keys.personHash("zalo", USER)).to.equal(personHasher(APP_SECRET)("zalo", USER));
    });

    it("rotates: everything re-encrypted under the new key, hashes unchanged, the old key alone refused", async () => {
      const before = await loadDataKeys(db, config(KEY_A));
      expect(await rotateDataKey(db, config(KEY_B, KEY_A))).to.deep.include({ cases: 3, dataKeys: 1 });
      expect(await rotateDataKey(db, config(KEY_B, KEY_A))).to.deep.include({ cases: 0, dataKeys: 0 });

      const after = await loadDataKeys(db, config(KEY_B));
      installDataKeys(after);
      const idB = sealer(KEY_B).keyId;
      const sealed = await db.query<{ v: string }>(
        `SELECT v FROM (SELECT reporter_user_sealed AS v FROM cases UNION ALL SELECT contact_name_sealed FROM cases
           UNION ALL SELECT contact_phone_sealed FROM cases UNION ALL SELECT sealed FROM data_keys) s WHERE v IS NOT NULL`,
      );
      expect(sealed).to.have.length(7);
      for (const s of sealed) expect(s.v.startsWith(`v1:${idB}:`), s.v).to.equal(true);
      expect(await caseByCode(db, "PA-261201-BBBB")).to.include({ contactName: "Ông Tư", contactPhone: CALLER });
      expect(after.personHash("zalo", USER)).to.equal(before.personHash("zalo", USER));
      expect((await casesLeftWithPhone(db, CALLER, 5)).map((c) => c.code)).to.deep.equal(["PA-261201-BBBB"]);

      let refused: unknown;
      await loadDataKeys(db, config(KEY_A)).catch((err: unknown) => (refused = err));
      expect(refused).to.be.instanceOf(DataKeyError);
      expect((refused as Error).message).to.include("DATA_ENCRYPTION_KEY_PREVIOUS");
    });
  });
}
