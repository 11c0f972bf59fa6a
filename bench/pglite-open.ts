/**
 * What the tests' PGlite template saves (test/support/db.ts): opening an in-memory embedded
 * database from scratch (initdb + migrations) against opening a copy of one already migrated.
 *
 *   npx tsx bench/pglite-open.ts [--rounds 5]
 */
import { parseArgs } from "node:util";
import { migrate } from "../src/db/migrate.js";
import { openPglite } from "../src/db/pglite.js";
import { setLogLevel } from "../src/logger.js";

setLogLevel("warn");

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);

async function timed(open: () => Promise<{ close(): Promise<void> }>): Promise<number> {
  const started = performance.now();
  const db = await open();
  const ms = performance.now() - started;
  await db.close();
  return ms;
}

const template = await (async () => {
  const db = await openPglite();
  await migrate(db);
  const snapshot = await db.snapshot();
  await db.close();
  return snapshot;
})();

const fresh: number[] = [];
const copies: number[] = [];
for (let i = 0; i < rounds; i++) {
  // Interleaved, so a busy moment of the machine hits both alike.
  fresh.push(
    await timed(async () => {
      const db = await openPglite();
      await migrate(db);
      return db;
    }),
  );
  copies.push(
    await timed(async () => {
      const db = await openPglite(undefined, { from: template });
      await migrate(db);
      return db;
    }),
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `in-memory PGlite, migrated, median of ${rounds}: from scratch ${median(fresh).toFixed(0)} ms, from the template ${median(copies).toFixed(0)} ms (${(median(copies) / median(fresh)).toFixed(2)} of scratch)`,
);
