import pg from "pg";
import { logger } from "../logger.js";
import { type Database, type Queryable, withTimeout } from "./database.js";

/** PostgreSQL through a `pg` pool. `searchPath` isolates a schema (tests). */
export function openPostgres(url: string, opts: { searchPath?: string; max?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 3000,
    ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", (err) => logger.warn("postgres idle client error", { err }));

  const on = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const res = await c.query(sql, params);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });

  return {
    kind: "postgres",
    ...on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(on(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async ping(timeoutMs = 2000) {
      await withTimeout(pool.query("SELECT 1"), timeoutMs, "PostgreSQL");
    },
    async close() {
      await pool.end();
    },
  };
}
