import { expect } from "chai";
import { readFileSync } from "node:fs";
import { PROCESSING_REGISTER, renderRegister } from "../../src/privacy/register.js";
import { REGISTER_FILE } from "../../src/privacy/register-cli.js";
import { openTestDatabase } from "../support/db.js";

describe("the processing register (issue 25)", () => {
  it("docs/privacy-register.md is what `npm run privacy:register` writes from the code", () => {
    expect(readFileSync(REGISTER_FILE, "utf8"), "regenerate it with `npm run privacy:register` and commit it").to.equal(renderRegister());
  });

  it("names only columns the schema has", async () => {
    const db = await openTestDatabase("pglite");
    try {
      const columns = new Set(
        (
          await db.query<{ c: string }>(
            "SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()",
          )
        ).map((r) => r.c),
      );
      const named = PROCESSING_REGISTER.map((e) => e.where).filter((w) => !w.startsWith("redis:"));
      expect(named.filter((w) => !columns.has(w))).to.deep.equal([]);
    } finally {
      await db.close();
    }
  });
});
