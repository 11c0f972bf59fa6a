/**
 * `npm run bench:import`: stream 100,000 generated dossier rows (the contract CSV) into each
 * database. Baseline, in the same run: only reading and splitting the same CSV (no validation,
 * no SQL), so the ratio shows what validation and the database cost. Also the peak heap growth,
 * which must stay flat (the import streams).
 */
import { Readable } from "node:stream";
import { readCsv } from "../src/dossiers/csv.js";
import { importDossiers } from "../src/dossiers/import.js";
import { BACKENDS, openTestDatabase } from "../test/support/db.js";
import { generateDossierCsv } from "../test/support/dossier-csv.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);

async function timed<T>(fn: (sample: () => void) => Promise<T>): Promise<{ seconds: number; heapMb: number }> {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed));
  const start = process.hrtime.bigint();
  await fn(sample);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, heapMb: (peak - before) / 1024 / 1024 };
}

const parse = await timed(async (sample) => {
  let n = 0;
  for await (const _ of readCsv(Readable.from(generateDossierCsv(ROWS)))) if (++n % 5000 === 0) sample();
});
/** The import streams: its heap must not grow with the file (the test imports fewer rows). */
const FLAT_HEAP_MB = 150;
const rows: string[] = [];
const overBudget: string[] = [];
const fmt = (x: number, d = 0) => x.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
rows.push(`| read + split only (baseline) | ${fmt(ROWS / parse.seconds)} | ${fmt(parse.heapMb, 1)} | 1.00 |`);
for (const backend of BACKENDS) {
  const db = await openTestDatabase(backend);
  try {
    const run = await timed((sample) =>
      importDossiers(db, "kieu-phu", Readable.from(generateDossierCsv(ROWS)), { progressEvery: 5000, onProgress: sample }),
    );
    if (run.heapMb > FLAT_HEAP_MB) overBudget.push(`${backend}: heap grew ${fmt(run.heapMb, 1)} MB`);
    rows.push(`| import into ${backend} | ${fmt(ROWS / run.seconds)} | ${fmt(run.heapMb, 1)} | ${fmt(parse.seconds / run.seconds, 2)} |`);
  } finally {
    await db.close();
  }
}
process.stdout.write(
  [
    `Dossier CSV import, ${fmt(ROWS)} generated rows, Node ${process.version}`,
    "",
    "| what | rows/s | peak heap growth MB | rate / baseline |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n"),
);
if (overBudget.length) {
  process.stderr.write(`memory not flat (over ${FLAT_HEAP_MB} MB): ${overBudget.join("; ")}\n`);
  process.exitCode = 1;
}
