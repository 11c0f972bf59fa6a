// Mocha's settings for `npm test`. Test files run in parallel, three at a time on this 2-core
// machine (a third keeps the cores busy while one file waits on a real timer or a child process).
//
// Mocha hands files to its workers in the order listed here. The longest files go first, so that
// none of them starts last and runs alone at the end; the rest follow in name order. Measured
// with `npx mocha --require bench/test-file-times.mjs` (wall time of each file in a full run); a
// file missing from this list only costs time, never a check: every file under test/ runs.
import fs from "node:fs";
import path from "node:path";

const LONGEST_FIRST = [
  "test/reliability/order.test.ts",
  "test/api/import-cli.test.ts",
  "test/handoff/handoff.test.ts",
  "test/reliability/worker-crash.test.ts",
  "test/dashboard/dashboard.test.ts",
  "test/api/stats.test.ts",
  "test/conversation/violation-report.test.ts",
  "test/cases/escalation-jobs.test.ts",
  "test/dashboard/intake.test.ts",
  "test/conversation/changing-mind.test.ts",
  "test/http/readyz.test.ts",
  "test/reliability/redis-restart.test.ts",
  "test/dossiers/import-large.test.ts",
  "test/shutdown.test.ts",
];

function testFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith(".test.ts") ? [path.join(dir, e.name)] : []))
    .sort();
}

const all = testFiles("test");
for (const f of LONGEST_FIRST) if (!all.includes(f)) throw new Error(`.mocharc.mjs lists ${f}, which is not a test file`);

// `npx mocha test/x.test.ts` names its own files; Mocha would add this list to them.
const namesFiles = process.argv.slice(2).some((a) => /^(\.\/)?test(\/|$)|\.test\.ts$/.test(a));

export default {
  import: "tsx",
  require: ["test/support/global-setup.ts"],
  timeout: 20000,
  exit: true,
  parallel: true,
  jobs: 3,
  ...(namesFiles ? {} : { spec: [...LONGEST_FIRST, ...all.filter((f) => !LONGEST_FIRST.includes(f))] }),
};
