/**
 * `npm run import:dossiers -- FILE.csv` — import the one-stop system's dossier export into the
 * configured database. Progress goes to stderr, the summary (with every rejected line) to
 * stdout. Exit 0 when the file was read, even with rejected rows; 1 when it could not be
 * (missing, unreadable, not the contract's header), 2 on wrong usage.
 *
 * It needs only the database settings (`DATABASE_URL`, or `DATA_DIR` for the embedded database,
 * and `LOG_LEVEL`), so the commune's IT staff can run it without the Zalo keys.
 *
 * The CLI sends no Zalo messages: status changes are stored, and followers keep the status they
 * last heard (`last_notified_status`), so the running hotline's worker finds them with
 * `pendingNotices` on its sweep (every minute) and sends the notices.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { z } from "zod";
import { configSchema } from "../config.js";
import { openDatabase } from "../db/open.js";
import { setLogLevel } from "../logger.js";
import { DossierImportError, importDossiers, type ImportSummary } from "./import.js";
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
  process.stderr.write(`Cấu hình sai:\n${problems.join("\n")}\n`);
  return null;
}

function printSummary(file: string, s: ImportSummary, pending: number, seconds: number): void {
  const out: string[] = [
    `Nhập hồ sơ từ ${file} (${seconds.toFixed(1)} s):`,
    `  đọc ${s.read} dòng: thêm mới ${s.inserted}, cập nhật ${s.updated}, không đổi ${s.unchanged}, bị loại ${s.rejected.length}`,
    `  đổi trạng thái: ${s.statusChanges.length} hồ sơ; lượt theo dõi chờ thông báo: ${pending}`,
  ];
  if (s.backwards.length) {
    out.push(`  trạng thái lùi về bước trước (không báo cho người theo dõi, nên kiểm tra lại): ${s.backwards.length} hồ sơ`);
    for (const b of s.backwards) out.push(`    ${b.code}: ${b.from} → ${b.to}`);
  }
  if (pending) out.push("  Công cụ này không gửi tin: hotline đang chạy sẽ gửi thông báo cho người theo dõi trong vòng 1 phút.");
  if (s.rejected.length) {
    out.push("Dòng bị loại:");
    for (const r of s.rejected) out.push(`  dòng ${r.line}: ${r.reason}`);
  }
  process.stdout.write(out.join("\n") + "\n");
}

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write("Cách dùng: npm run import:dossiers -- TỆP.csv\n");
    return 2;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error("không phải tệp");
  } catch (err) {
    process.stderr.write(`Không đọc được ${file}: ${(err as Error).message}\n`);
    return 1;
  }

  loadDotEnv();
  const config = loadCliConfig();
  if (!config) return 1;
  setLogLevel(config.LOG_LEVEL);
  if (!config.DATABASE_URL) {
    // PGlite is one process: importing beside a running hotline would corrupt its data.
    process.stderr.write(`Dùng cơ sở dữ liệu nhúng tại ${config.DATA_DIR}: hãy dừng hotline trước khi nhập.\n`);
  }
  const db = await openDatabase(config);
  const started = Date.now();
  try {
    const summary = await importDossiers(db, createReadStream(file), {
      progressEvery: 5000,
      onProgress: (p) =>
        process.stderr.write(`… ${p.read} dòng (thêm ${p.inserted}, cập nhật ${p.updated}, không đổi ${p.unchanged}, loại ${p.rejected})\n`),
    });
    printSummary(file, summary, await countPendingNotices(db), (Date.now() - started) / 1000);
    return 0;
  } catch (err) {
    if (err instanceof DossierImportError) process.stderr.write(`Không nhập được ${file}: ${err.message}\n`);
    else process.stderr.write(`Không nhập được ${file}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
