/**
 * What the tests' embedded databases cost (test/support/db.ts): opening an in-memory PGlite from
 * scratch (initdb + migrations), opening a copy of one already migrated (the first database of a
 * test process), and emptying one a test closed (its schema dropped, migrated again: every later
 * database of the process). Wall time and CPU time (all threads), median of the rounds.
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

interface Cost {
  ms: number;
  cpuMs: number;
}

async function timed(open: () => Promise<{ close(): Promise<void> }>): Promise<Cost> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const db = await open();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  await db.close();
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

const template = await (async () => {
  const db = await openPglite();
  await migrate(db);
  const snapshot = await db.snapshot();
  await db.close();
  return snapshot;
})();

const reused = await openPglite(undefined, { from: template });
const fresh: Cost[] = [];
const copies: Cost[] = [];
const emptied: Cost[] = [];
for (let i = 0; i < rounds; i++) {
  // Interleaved, so a busy moment of the machine hits all alike.
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
  emptied.push(
    await timed(async () => {
      await reused.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public; RESET ALL;");
      await migrate(reused);
      return { close: async () => undefined };
    }),
  );
}
await reused.close();
const median = (xs: Cost[], key: keyof Cost) => [...xs].map((x) => x[key]).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = (name: string, xs: Cost[]) =>
  `  ${name.padEnd(28)} ${median(xs, "ms").toFixed(0).padStart(6)} ms  ${median(xs, "cpuMs").toFixed(0).padStart(6)} ms CPU  (${(median(xs, "cpuMs") / median(fresh, "cpuMs")).toFixed(2)} of scratch)`;
console.log(
  [
    `in-memory PGlite, migrated, median of ${rounds}:`,
    line("from scratch", fresh),
    line("a copy of the template", copies),
    line("one emptied and migrated", emptied),
  ].join("\n"),
);
