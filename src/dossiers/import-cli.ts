/**
 * `npm run import:dossiers -- FILE.csv` — import the one-stop system's dossier export into the
 * configured database. Progress goes to stderr, the summary (with every rejected line) to
 * stdout. Exit 0 when the file was read, even with rejected rows; 1 when it could not be
 * (missing, unreadable, not the contract's header), 2 on wrong usage.
 *
 * The CLI sends no Zalo messages: status changes are stored, and followers keep the status they
 * last heard (`last_notified_status`), so the running hotline finds them with `pendingNotices`.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { loadConfigOrExit } from "../config.js";
import { openDatabase } from "../db/open.js";
import { DossierImportError, importDossiers, type ImportSummary } from "./import.js";
import { countPendingNotices } from "./repository.js";

function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

function printSummary(file: string, s: ImportSummary, pending: number, seconds: number): void {
  const out: string[] = [
    `Nhập hồ sơ từ ${file} (${seconds.toFixed(1)} s):`,
    `  đọc ${s.read} dòng: thêm mới ${s.inserted}, cập nhật ${s.updated}, không đổi ${s.unchanged}, bị loại ${s.rejected.length}`,
    `  đổi trạng thái: ${s.statusChanges.length} hồ sơ; lượt theo dõi chờ thông báo: ${pending} (hotline gửi, công cụ này không gửi)`,
  ];
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
  const config = loadConfigOrExit();
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
