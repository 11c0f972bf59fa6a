import type { Redis } from "ioredis";
import type { Queryable } from "../../src/db/database.js";

/** Every key and value stored under the prefix, whatever its type, as text. */
export async function everythingUnder(redis: Redis, prefix: string): Promise<string> {
  const keys = await redis.keys(`{${prefix}}*`.replace(/[{}]/g, "?"));
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === "string") parts.push((await redis.get(key)) ?? "");
    else if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === "list") parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === "set") parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === "zset") parts.push(JSON.stringify(await redis.zrange(key, "0", "-1")));
    else if (type === "stream") parts.push(JSON.stringify(await redis.xrange(key, "-", "+")));
    parts.push(key);
  }
  return parts.join("\n");
}

/**
 * Where `needle` occurs in the database: every text-like column of every table of the current
 * schema, searched (a dump of the tables, as far as the search goes). Returns "table.column" names.
 */
export async function columnsHolding(db: Queryable, needle: string): Promise<string[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')`,
  );
  const found: string[] = [];
  for (const { table_name: t, column_name: c } of columns) {
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}" WHERE "${c}"::text LIKE $1`, [`%${needle}%`]);
    if ((rows[0]?.n ?? 0) > 0) found.push(`${t}.${c}`);
  }
  return found;
}
