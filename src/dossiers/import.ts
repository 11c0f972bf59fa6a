import { type Database, refusedData } from "../db/database.js";
import { readCsv } from "./csv.js";
import { type DossierInput, shiftDossierDates } from "./dossier.js";
import { DOSSIER_RECORD_COLUMNS, describeRecordIssues, dossierRecordSchema } from "./record.js";
import { upsertDossiers, type StatusChange, type UpsertResult } from "./repository.js";
import { isBackwards } from "./status.js";

/**
 * Streaming import of the contract's dossier CSV
 * (`code,procedure,channel,status,received_at,due_at,finished_at`): rows are validated one by
 * one and written in batches, so a file of any size imports in flat memory.
 */

export interface RejectedRow {
  /** Physical line in the file; the header is line 1. */
  line: number;
  reason: string;
}

export interface ImportProgress {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportSummary {
  /** Data rows read (the header and blank lines are not rows). */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  statusChanges: StatusChange[];
  /** Status changes back to an earlier stage (9 → 4): likely corrections; followers are not told. */
  backwards: StatusChange[];
}

export interface ImportOptions {
  /** Rows per write (default 500). */
  batchSize?: number;
  /** Called every `progressEvery` rows (default 5,000) and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  progressEvery?: number;
  /**
   * Called after each batch is written with the status changes it made, e.g. to notify the
   * dossiers' followers. Awaited, so a slow notifier slows the import rather than piling up.
   */
  onStatusChanges?: (changes: StatusChange[]) => Promise<void> | void;
  /** Moves every date of every row by this many milliseconds (the demo import, `demo-dates.ts`). */
  shiftDatesMs?: number;
}

/** The file cannot be imported at all (not the contract's header). */
export class DossierImportError extends Error {
  override name = "DossierImportError";
}

const EXPECTED_FIELDS_HINT = "a procedure name with a comma must be in double quotes";

export interface BatchRow {
  line: number;
  dossier: DossierInput;
}

/** Why a row naming another commune's dossier is not imported. */
export const FOREIGN_DOSSIER_REASON =
  "this code is a dossier of another commune (dossier codes are unique in the province): not imported, that dossier is unchanged";

/**
 * Write a batch of the commune's dossiers in one transaction. A row whose code is another
 * commune's dossier is rejected (that dossier stays as it is). If the database refuses the data
 * of a row (a check the validation missed), the batch is written again row by row, so that row is
 * rejected with the database's reason and the others of its batch are still imported. Rejected
 * rows are added to `rejected`; outcomes of what was written are returned.
 */
export async function writeBatch(
  db: Database,
  communeId: string,
  rows: readonly BatchRow[],
  rejected: RejectedRow[],
): Promise<UpsertResult[]> {
  let result: UpsertResult;
  try {
    result = await db.transaction((tx) =>
      upsertDossiers(
        tx,
        communeId,
        rows.map((r) => r.dossier),
      ),
    );
  } catch (err) {
    if (!refusedData(err)) throw err;
    if (rows.length === 1) {
      rejected.push({ line: rows[0]!.line, reason: `the database refused the row: ${(err as Error).message}` });
      return [];
    }
    const results: UpsertResult[] = [];
    for (const row of rows) results.push(...(await writeBatch(db, communeId, [row], rejected)));
    return results;
  }
  // One outcome per row, in the rows' order.
  const outcomes = result.outcomes.filter((o, i) => {
    if (o.outcome !== "foreign") return true;
    rejected.push({ line: rows[i]!.line, reason: FOREIGN_DOSSIER_REASON });
    return false;
  });
  return [{ outcomes, statusChanges: result.statusChanges }];
}

/**
 * The data rows of a dossier CSV, each validated: a dossier, or the reason it is rejected.
 * Throws `DossierImportError` when the header row lacks a contract column or there is none.
 */
export async function* readDossierRows(source: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<BatchRow | RejectedRow> {
  let columns: number[] | null = null; // index in the file of each contract column
  let width = 0;
  for await (const record of readCsv(source)) {
    if (!columns) {
      const names = record.fields.map((f) => f.trim().toLowerCase());
      const missing = DOSSIER_RECORD_COLUMNS.filter((c) => !names.includes(c));
      if (missing.length) {
        throw new DossierImportError(
          `the header row lacks the columns ${missing.join(", ")} (expected: ${DOSSIER_RECORD_COLUMNS.join(",")})`,
        );
      }
      columns = DOSSIER_RECORD_COLUMNS.map((c) => names.indexOf(c));
      width = names.length;
      continue;
    }

    const reject = (reason: string): RejectedRow => ({ line: record.line, reason });
    if (record.error) {
      yield reject(record.error);
    } else if (record.fields.length !== width) {
      yield reject(`${record.fields.length} cells, expected ${width} (${EXPECTED_FIELDS_HINT})`);
    } else if (record.fields.some((f) => f.includes("\uFFFD"))) {
      yield reject('the file is not UTF-8 (save it again as "CSV UTF-8")');
    } else {
      const raw = Object.fromEntries(DOSSIER_RECORD_COLUMNS.map((c, i) => [c, record.fields[columns![i]!] ?? ""]));
      const parsed = dossierRecordSchema.safeParse(raw);
      yield parsed.success ? { line: record.line, dossier: parsed.data } : reject(describeRecordIssues(parsed.error));
    }
  }
  if (!columns) throw new DossierImportError("the file is empty: no header row");
}

/**
 * Import a dossier CSV from a stream (a `Readable`, or any async iterable of chunks) into the
 * commune's dossiers.
 */
export async function importDossiers(
  db: Database,
  communeId: string,
  source: AsyncIterable<Buffer | Uint8Array | string>,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = opts.batchSize ?? 500;
  const progressEvery = opts.progressEvery ?? 5000;
  const shift = opts.shiftDatesMs ?? 0;
  const summary: ImportSummary = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: [], statusChanges: [], backwards: [] };
  const progress = (): ImportProgress => ({
    read: summary.read,
    inserted: summary.inserted,
    updated: summary.updated,
    unchanged: summary.unchanged,
    rejected: summary.rejected.length,
  });

  let batch: BatchRow[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    for (const result of await writeBatch(db, communeId, rows, summary.rejected)) {
      for (const o of result.outcomes) if (o.outcome !== "foreign") summary[o.outcome]++;
      if (result.statusChanges.length) {
        summary.statusChanges.push(...result.statusChanges);
        summary.backwards.push(...result.statusChanges.filter((c) => isBackwards(c.from, c.to)));
        await opts.onStatusChanges?.(result.statusChanges);
      }
    }
  };

  for await (const row of readDossierRows(source)) {
    summary.read++;
    if ("reason" in row) summary.rejected.push(row);
    else batch.push(shift ? { line: row.line, dossier: shiftDossierDates(row.dossier, shift) } : row);

    if (batch.length >= batchSize) await flush();
    if (summary.read % progressEvery === 0) opts.onProgress?.(progress());
  }
  await flush();
  // Rows the database refused are known only when their batch is written, after later rows.
  summary.rejected.sort((a, b) => a.line - b.line);
  opts.onProgress?.(progress());
  return summary;
}
