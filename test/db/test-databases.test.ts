import { expect } from "chai";
import { openTestDatabase } from "../support/db.js";

// The tests' own embedded databases are reused within a test process (test/support/db.ts): what
// one test leaves must never reach the next.
describe("the tests' embedded databases", () => {
  it("a database its test closed is refused to that test, and comes back to the next one empty and migrated", async () => {
    const first = await openTestDatabase("pglite");
    await first.exec("INSERT INTO teams (id, name) VALUES ('left-behind', 'Tổ để lại')");
    await first.exec("CREATE TABLE stray (x int)");
    const migrated = await first.query<{ version: string }>("SELECT version FROM schema_migrations ORDER BY version");
    await first.close();
    let refused: unknown;
    await first.query("SELECT 1").catch((err: unknown) => (refused = err));
    expect(refused, "a closed database refuses queries").to.be.instanceOf(Error);

    const next = await openTestDatabase("pglite");
    try {
      expect(await next.query("SELECT id FROM teams WHERE id = 'left-behind'")).to.deep.equal([]);
      expect(await next.query("SELECT 1 FROM pg_tables WHERE tablename = 'stray'")).to.deep.equal([]);
      expect(await next.query("SELECT version FROM schema_migrations ORDER BY version")).to.deep.equal(migrated);
    } finally {
      await next.close();
    }
  });

  it("one asked for unmigrated has no schema at all, even after a migrated one was closed", async () => {
    await (await openTestDatabase("pglite")).close();
    const bare = await openTestDatabase("pglite", { migrate: false });
    try {
      expect(await bare.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).to.deep.equal([]);
    } finally {
      await bare.close();
    }
  });
});
