import { withinMs } from "../core/deadline.js";

/**
 * The hotline's one small query interface. Two drivers implement it: PostgreSQL (`pg`) when
 * DATABASE_URL is set, embedded PGlite (same SQL) otherwise. Write portable PostgreSQL: `$1`
 * parameters, cast `count(*)::int`, avoid returning bigint/numeric columns (drivers differ).
 */
export interface Queryable {
  /** One statement with `$n` parameters; returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Run `fn` in one transaction; rolled back if it throws. */
  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>;
  /** Resolves when the database answers a trivial query within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Whether the database refused the data of a statement (SQLSTATE class 22 "data exception" or 23
 * "integrity constraint violation"), as opposed to being unreachable or the SQL being wrong: the
 * same rows would be refused again, other rows would not. Both drivers carry the SQLSTATE in `code`.
 */
export function refusedData(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return withinMs(p, ms, () => new DatabaseUnavailableError(`${what} did not answer within ${ms} ms`));
}
