/**
 * `npm run import:dossiers -- FILE.csv` — import the one-stop system's dossier export into the
 * configured database. `--demo` first moves every date of the file forward by whole weeks, so
 * its newest dossier was received (or finished) within the last seven days (`demo-dates.ts`):
 * for sample data, never for a commune's real export. `--commune ID` names the commune whose
 * dossiers these are (required when the deployment has several: `COMMUNES_DIR`; with one, its
 * own). A row whose code is another commune's dossier is rejected. Progress goes to stderr, the summary (with every rejected line) to
 * stdout. Exit 0 when the file was read, even with rejected rows; 1 when it could not be
 * (missing, unreadable, not the contract's header, the embedded database in use), 2 on wrong usage.
 *
 * It needs only the database and commune settings (`DATABASE_URL`, or `DATA_DIR` for the embedded
 * database, `COMMUNES_DIR` or `COMMUNE_CONFIG`, and `LOG_LEVEL`), so the commune's IT staff can
 * run it without the Zalo keys. With PostgreSQL
 * it runs beside the hotline. The embedded database belongs to one process at a time: while a
 * hotline holds it the import is refused (exit 1, nothing written) — stop the hotline, import,
 * start it again (its sweep then sends the notices).
 *
 * The CLI sends no Zalo messages: status changes are stored, and followers keep the status they
 * last heard (`last_notified_status`), so the running hotline's worker finds them with
 * `pendingNotices` on its sweep (every minute) and sends the notices.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { type Communes, loadCommunes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import { configSchema } from "../config.js";
import { claimUnownedRows } from "../db/claim-rows.js";
import { DatabaseHeldError } from "../db/data-dir-lock.js";
import type { Database } from "../db/database.js";
import { openDatabase } from "../db/open.js";
import { formatDateVN } from "../core/local-time.js";
import { setLogLevel } from "../logger.js";
import { demoShiftMs, newestEventIn } from "./demo-dates.js";
import { importDossiers, type ImportSummary } from "./import.js";
import { countPendingNotices } from "./repository.js";

function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/** The only variables this tool reads; the hotline's others (Zalo keys…) are not needed here. */
const cliConfigSchema = configSchema.pick({
  DATABASE_URL: true,
  DATA_DIR: true,
  LOG_LEVEL: true,
  COMMUNES_DIR: true,
  COMMUNE_CONFIG: true,
});
type CliConfig = z.infer<typeof cliConfigSchema>;

function loadCliConfig(): CliConfig | null {
  const parsed = cliConfigSchema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "environment"}: ${i.message}`);
  process.stderr.write(`Invalid configuration:\n${problems.join("\n")}\n`);
  return null;
}

function printSummary(communeName: string, file: string, s: ImportSummary, pending: number, seconds: number): void {
  const out: string[] = [
    `Imported dossiers of ${communeName} from ${file} (${seconds.toFixed(1)} s):`,
    `  read ${s.read} rows: inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected.length}`,
    `  status changes: ${s.statusChanges.length} dossiers; followers waiting for a notice: ${pending}`,
  ];
  if (s.backwards.length) {
    out.push(`  statuses moved back to an earlier step (followers not told; worth checking): ${s.backwards.length} dossiers`);
    for (const b of s.backwards) out.push(`    ${b.code}: ${b.from} → ${b.to}`);
  }
  if (pending) out.push("  This tool sends no messages: the running hotline notifies the followers within a minute.");
  if (s.rejected.length) {
    out.push("Rejected rows:");
    for (const r of s.rejected) out.push(`  line ${r.line}: ${r.reason}`);
  }
  process.stdout.write(out.join("\n") + "\n");
}

const USAGE =
  "Usage: npm run import:dossiers -- [--demo] [--commune ID] FILE.csv\n" +
  "  --demo        move the sample's dates to the present (whole weeks)\n" +
  "  --commune ID  the commune whose dossiers these are (required when COMMUNES_DIR has several)\n";

function parseCommandLine(): { file: string; demo: boolean; commune: string | undefined } | null {
  try {
    const { values, positionals } = parseArgs({
      options: { demo: { type: "boolean", default: false }, commune: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) return null;
    return { file: positionals[0]!, demo: values.demo, commune: values.commune };
  } catch {
    return null;
  }
}

/** The commune `--commune` names, or the only one; null (said on stderr) when there is none to take. */
function chosenCommune(communes: Communes, named: string | undefined): CommuneConfig | null {
  const chosen = named === undefined ? communes.only() : communes.find(named);
  if (chosen) return chosen;
  process.stderr.write(
    named === undefined
      ? `Name the commune whose dossiers these are: --commune ID, one of ${communes.ids.join(", ")}\n`
      : `No commune "${named}" in this deployment (one of ${communes.ids.join(", ")})\n`,
  );
  return null;
}

/** The move that brings the file's newest event to the last seven days, and the line that says so. */
async function demoShift(file: string): Promise<{ ms: number; said: string }> {
  const newest = await newestEventIn(createReadStream(file));
  if (!newest) return { ms: 0, said: "Demo: no valid row, no date moved." };
  const ms = demoShiftMs(newest, new Date());
  const weeks = Math.round(ms / (7 * 24 * 3600_000));
  const moved = new Date(newest.getTime() + ms);
  return {
    ms,
    said: `Demo: every date moved ${Math.abs(weeks)} week${Math.abs(weeks) === 1 ? "" : "s"} ${weeks < 0 ? "back" : "forward"} (newest event ${formatDateVN(newest)} → ${formatDateVN(moved)}); weekdays, times and intervals kept, codes unchanged.`,
  };
}

async function main(): Promise<number> {
  const args = parseCommandLine();
  if (!args) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { file } = args;
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
  } catch (err) {
    process.stderr.write(`Cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }

  loadDotEnv();
  const config = loadCliConfig();
  if (!config) return 1;
  setLogLevel(config.LOG_LEVEL);
  let communes: Communes;
  try {
    communes = loadCommunes({ communesDir: config.COMMUNES_DIR, communeConfig: config.COMMUNE_CONFIG });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const commune = chosenCommune(communes, args.commune);
  if (!commune) return 2;
  let db: Database;
  try {
    db = await openDatabase(config);
  } catch (err) {
    // The embedded database beside a running hotline: refused, nothing written.
    if (err instanceof DatabaseHeldError) {
      process.stderr.write(`Cannot import into ${config.DATA_DIR}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const started = Date.now();
  try {
    // As the hotline does at start: rows from before communes had ids become the single commune's.
    await claimUnownedRows(db, communes);
    const demo = args.demo ? await demoShift(file) : null;
    const summary = await importDossiers(db, commune.id, createReadStream(file), {
      shiftDatesMs: demo?.ms ?? 0,
      progressEvery: 5000,
      onProgress: (p) =>
        process.stderr.write(
          `… ${p.read} rows (inserted ${p.inserted}, updated ${p.updated}, unchanged ${p.unchanged}, rejected ${p.rejected})\n`,
        ),
    });
    printSummary(`${commune.name} (${commune.id})`, file, summary, await countPendingNotices(db), (Date.now() - started) / 1000);
    if (demo) process.stdout.write(`${demo.said}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`Cannot import ${file}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
