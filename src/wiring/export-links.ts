import type { RedisConnection } from "../redis.js";
import type { Config } from "../config.js";
import { ExportLinks } from "../privacy/export-links.js";

/** The one-time links to citizens' data files, keyed like the person hash (the same secret, another label). */
export function exportLinksOf(config: Config, redis: RedisConnection): ExportLinks {
  return new ExportLinks(redis, config.REDIS_PREFIX, config.DATA_ENCRYPTION_KEY ?? config.ZALO_APP_SECRET, config.PUBLIC_BASE_URL);
}
