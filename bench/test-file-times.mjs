// Where `npm test`'s time goes, file by file: a Mocha root-hook plugin.
//
//   npx mocha --require bench/test-file-times.mjs
//
// Each test process appends a line per file (wall time, its own CPU, its child processes' CPU,
// the process) to test-artifacts/test-file-times.txt; the list is printed longest first at the
// end. It is how .mocharc.mjs's longest-first list was measured. Linux only (children's CPU is
// read from /proc/self/stat).
import { appendFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const OUT = path.resolve("test-artifacts/test-file-times.txt");
const ticksPerSecond = 100;

/** CPU seconds of the children this process has waited for (the hotline processes a test started). */
function childrenCpu() {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

let started;
export const mochaHooks = {
  beforeAll() {
    started = { at: Date.now(), cpu: process.cpuUsage(), children: childrenCpu() };
  },
  afterAll() {
    const cpu = process.cpuUsage(started.cpu);
    const file = path.relative(process.cwd(), this.test?.parent?.suites?.[0]?.file ?? this.test?.parent?.file ?? "?");
    const row = [(Date.now() - started.at) / 1000, (cpu.user + cpu.system) / 1e6, childrenCpu() - started.children];
    appendFileSync(OUT, `${row.map((n) => n.toFixed(2)).join(" ")} ${process.pid} ${file}\n`);
  },
};

// Root hooks run in every test process; setup and teardown run once, in Mocha's own process.
export function mochaGlobalSetup() {
  mkdirSync(path.dirname(OUT), { recursive: true });
  rmSync(OUT, { force: true });
}

export function mochaGlobalTeardown() {
  const rows = readFileSync(OUT, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" "))
    .sort((a, b) => Number(b[0]) - Number(a[0]));
  console.log("\nwall s  CPU s  children's CPU s  file (longest first; all in " + OUT + ")");
  for (const [wall, cpu, children, , file] of rows.slice(0, 20))
    console.log(`${wall.padStart(6)} ${cpu.padStart(6)} ${children.padStart(8)}  ${file}`);
}
