/**
 * `npm run import:dossiers -- FILE.csv` — import the one-stop system's dossier export into the
 * configured database. Progress goes to stderr, the summary (with every rejected line) to
 * stdout. Exit 0 when the file was read, even with rejected rows; 1 when it could not be
 * (missing, unreadable, not the contract's header, the embedded database in use), 2 on wrong usage.
 *
 * It needs only the database settings (`DATABASE_URL`, or `DATA_DIR` for the embedded database,
 * and `LOG_LEVEL`), so the commune's IT staff can run it without the Zalo keys. With PostgreSQL
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
import type { z } from "zod";
import { configSchema } from "../config.js";
import { DatabaseHeldError } from "../db/data-dir-lock.js";
import type { Database } from "../db/database.js";
import { openDatabase } from "../db/open.js";
import { setLogLevel } from "../logger.js";
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
const cliConfigSchema = configSchema.pick({ DATABASE_URL: true, DATA_DIR: true, LOG_LEVEL: true });
type CliConfig = z.infer<typeof cliConfigSchema>;

function loadCliConfig(): CliConfig | null {
  const parsed = cliConfigSchema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "environment"}: ${i.message}`);
  process.stderr.write(`Invalid configuration:\n${problems.join("\n")}\n`);
  return null;
}

function printSummary(file: string, s: ImportSummary, pending: number, seconds: number): void {
  const out: string[] = [
    `Imported dossiers from ${file} (${seconds.toFixed(1)} s):`,
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

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write("Usage: npm run import:dossiers -- FILE.csv\n");
    return 2;
  }
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
    const summary = await importDossiers(db, createReadStream(file), {
      progressEvery: 5000,
      onProgress: (p) =>
        process.stderr.write(
          `… ${p.read} rows (inserted ${p.inserted}, updated ${p.updated}, unchanged ${p.unchanged}, rejected ${p.rejected})\n`,
        ),
    });
    printSummary(file, summary, await countPendingNotices(db), (Date.now() - started) / 1000);
    return 0;
  } catch (err) {
    process.stderr.write(`Cannot import ${file}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
