import { isIP } from "node:net";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { sandboxPhotoHosts, sandboxProblems } from "./sandbox.js";

const EXAMPLE_COMMUNE = fileURLToPath(new URL("./commune/kieu-phu.json", import.meta.url));

/**
 * The hotline's environment, validated once at start. Every variable of the contract in
 * ARCHITECTURE.md is here; a bad value stops the process with a line naming the variable.
 */
const PORT_MESSAGE = "must be a port number (1–65535, or 0 for any free port)";
const port = z.coerce.number({ error: PORT_MESSAGE }).int(PORT_MESSAGE).min(0, PORT_MESSAGE).max(65535, PORT_MESSAGE);
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => p + "//").join(" or ")}`,
  );
const HOST_PATTERN = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/;
const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);
const optional = <T extends z.ZodType>(t: T) => z.preprocess(emptyAsUndefined, t.optional());

const CLUSTER_NODE = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})$/u;

/** `host:port,host:port,…` as the seed nodes of a Redis Cluster. */
function clusterNodes(v: string, ctx: z.RefinementCtx): { host: string; port: number }[] {
  const nodes = v
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const bad = nodes.filter((n) => {
    const m = CLUSTER_NODE.exec(n);
    return !m || Number(m[2]) < 1 || Number(m[2]) > 65535;
  });
  if (!nodes.length || bad.length) {
    ctx.addIssue({ code: "custom", message: `must be host:port,host:port,… (bad: ${bad.join(", ") || "none given"})` });
    return z.NEVER;
  }
  return nodes.map((n) => {
    const m = CLUSTER_NODE.exec(n)!;
    return { host: m[1]!.replace(/^\[|\]$/gu, ""), port: Number(m[2]) };
  });
}

// Tokens travel as `Authorization: Bearer <token>` (RFC 6750's token68): one with other characters
// could never be sent, so it is refused at start instead of every request being refused.
const BEARER_TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;
const BEARER_TOKEN_PROBLEM = "may hold only letters, digits and - . _ ~ + / (then = signs): it is sent as a Bearer token";

export const configSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "production", "test"]).default("development")),
  PORT: z.preprocess(emptyAsUndefined, port.default(3000)),
  ROLE: z.preprocess(emptyAsUndefined, z.enum(["all", "web", "worker"]).default("all")),
  REDIS_URL: z.preprocess(emptyAsUndefined, url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379")),
  REDIS_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, "must be 1–40 letters, digits, '_', '.' or '-'")
      .default("hotline"),
  ),
  /**
   * `host:port,host:port,…`: seed nodes of a Redis Cluster. Set, every connection is a cluster
   * client (REDIS_URL is then unused); unset, the single Redis of REDIS_URL.
   */
  REDIS_CLUSTER_NODES: optional(z.string().transform(clusterNodes)),
  /**
   * Shard queues (`{REDIS_PREFIX:s00}`…): each commune's queues and conversation keys under its
   * shard's hash tag, so a Redis Cluster spreads communes over its masters. 0: today's layout,
   * everything under `{REDIS_PREFIX}` (one slot).
   */
  REDIS_SHARDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(99).default(0)),
  /**
   * Citizens' events of one commune handled at once across every worker of its queue, when the
   * deployment serves several communes: one commune's flood cannot take every worker slot.
   */
  COMMUNE_EVENTS_IN_FLIGHT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(4)),
  /**
   * Citizens' events of one commune handled per second across every worker, when the deployment
   * serves several communes (0: no limit): a flood's backlog waits its turn in Redis and takes no
   * more than this share of the machine, so other communes' replies are not slowed by it.
   */
  COMMUNE_EVENTS_PER_SECOND: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(10_000).default(20)),
  DATABASE_URL: optional(url(["postgres:", "postgresql:"])),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./data")),
  /**
   * Where kept photos live: `dir` (files under PHOTO_DIR, default DATA_DIR: a path every process
   * must see, e.g. an NFS mount, when processes run on several machines) or `s3` (an S3-compatible
   * bucket: S3_BUCKET, S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY, S3_PREFIX).
   */
  PHOTO_STORE: z.preprocess(emptyAsUndefined, z.enum(["dir", "s3"]).default("dir")),
  PHOTO_DIR: optional(z.string().min(1)),
  S3_BUCKET: optional(z.string().min(3).max(63)),
  /** An S3-compatible server's URL; unset: AWS S3 itself. */
  S3_ENDPOINT: optional(url(["http:", "https:"])),
  S3_REGION: z.preprocess(emptyAsUndefined, z.string().default("us-east-1")),
  S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  /** Object keys begin with this (several deployments sharing a bucket), e.g. `hotline/`. */
  S3_PREFIX: optional(z.string().regex(/^[A-Za-z0-9._/-]{1,100}$/, "must be letters, digits, '.', '_', '-' or '/'")),
  /** Bucket in the path rather than the host name; default true with S3_ENDPOINT (most S3-compatible servers want it). */
  S3_FORCE_PATH_STYLE: optional(z.enum(["true", "false"]).transform((v) => v === "true")),
  ZALO_APP_ID: z.string({ error: "is required" }).min(1, "is required"),
  ZALO_APP_SECRET: z.string({ error: "is required" }).min(1, "is required"),
  ZALO_OA_SECRET_KEY: z.string({ error: "is required" }).min(1, "is required"),
  /** The OA's first token pair in a province of one; with ZALO_OA_TOKENS_FILE, each OA's comes from there. */
  ZALO_ACCESS_TOKEN: optional(z.string().min(1)),
  ZALO_REFRESH_TOKEN: optional(z.string().min(1)),
  /**
   * JSON `{ "<oaId>": { "accessToken": "…", "refreshToken": "…" } }`: each commune's OA's first
   * token pair (written to Redis on first start, refreshed there afterwards).
   */
  ZALO_OA_TOKENS_FILE: optional(z.string().min(1)),
  /** JSON `{ "<appId>": { "appSecret": "…", "oaSecretKey": "…" } }`: Zalo apps besides ZALO_APP_ID. */
  ZALO_APPS_FILE: optional(z.string().min(1)),
  ZALO_API_BASE_URL: z.preprocess(emptyAsUndefined, url(["http:", "https:"]).default("https://openapi.zalo.me")),
  ZALO_OAUTH_BASE_URL: z.preprocess(emptyAsUndefined, url(["http:", "https:"]).default("https://oauth.zaloapp.com")),
  /** ZNS (template messages to a phone number, for notices after Zalo's window): its host, e.g. https://business.openapi.zalo.me */
  ZALO_ZNS_BASE_URL: z.preprocess(emptyAsUndefined, url(["http:", "https:"]).default("https://business.openapi.zalo.me")),
  /**
   * Where Zalo sends the admin back after authorizing an OA: `https://<public host>/zalo/oauth/callback`,
   * exactly as registered in the Zalo app's settings. Unset: this server's address as the request shows it.
   */
  ZALO_OAUTH_REDIRECT_URI: optional(url(["http:", "https:"])),
  /**
   * Messages sent per minute by one OA, across every worker: Zalo counts its limits and quotas per
   * OA. Each OA has its own pace (a flooding OA does not slow another's sends).
   */
  ZALO_SEND_RATE_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(4000).default(2000)),
  /**
   * Messages sent per minute by all the OAs of one Zalo app together (0: no app-wide limit). Zalo's
   * per-app figure (about 4,000 a minute) is not confirmed in its public documents (ZALO.md).
   */
  ZALO_APP_SEND_RATE_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(0)),
  /** A citizen's messages handled per minute; more are acknowledged to Zalo and dropped (a flood must not hold others up). */
  USER_MESSAGES_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).default(60)),
  /**
   * Proxies whose `X-Forwarded-For` is believed (the client address for logs and the wrong-token
   * limit): a comma list of addresses or CIDRs, `loopback` for 127.0.0.0/8 and ::1 (the default).
   * Any other sender's header is ignored: a client cannot pick the address it is counted under.
   */
  TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().default("loopback").transform(proxyList)),
  /** When set, `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>`; required in production. */
  METRICS_TOKEN: optional(z.string().min(16, "must be at least 16 characters").regex(BEARER_TOKEN, BEARER_TOKEN_PROBLEM)),
  ADMIN_TOKEN: z.string({ error: "is required" }).min(32, "must be at least 32 characters").regex(BEARER_TOKEN, BEARER_TOKEN_PROBLEM),
  /**
   * Default outside production: the Kiều Phú example shipped with the code (found wherever the
   * process starts). Production must name its own: the example's sample officers are not real.
   */
  COMMUNE_CONFIG: z.preprocess(emptyAsUndefined, z.string().default(EXAMPLE_COMMUNE)),
  /** A province: one JSON per commune (each with `id` and `zalo.oaId`); COMMUNE_CONFIG is then not read. */
  COMMUNES_DIR: optional(z.string().min(1)),
  /** The province's name, general hotline, holidays and data-protection officer (src/commune/province.ts); optional. */
  PROVINCE_CONFIG: optional(z.string().min(1)),
  DOSSIER_API_URL: optional(url(["http:", "https:"])),
  /**
   * Hosts report photos may be downloaded from, comma-separated: `*.domain` (any name under it,
   * public addresses only) or an exact host (any address). Default: Zalo's photo CDNs (and, in the
   * sandbox, the fake Zalo's host: see sandboxPhotoHosts).
   */
  PHOTO_URL_HOSTS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("*.zdn.vn,*.zadn.vn")
      .transform((v) =>
        v
          .split(",")
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      )
      .refine(
        (hosts) => hosts.length > 0 && hosts.every((h) => HOST_PATTERN.test(h)),
        "must be hosts or *.domain patterns, comma-separated (e.g. *.zdn.vn,*.zadn.vn)",
      ),
  ),
  /**
   * The dashboard map's tiles, a Leaflet URL template (`{z}`, `{x}`, `{y}`, optionally `{s}`).
   * Its host is the only outside address the dashboard's pages may load (images only).
   */
  MAP_TILE_URL: z.preprocess(
    emptyAsUndefined,
    url(["http:", "https:"])
      .default("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
      .refine((v) => ["{z}", "{x}", "{y}"].every((p) => v.includes(p)), "must be a tile URL template with {z}, {x} and {y}"),
  ),
  /**
   * The key reporters' contacts are encrypted under (src/privacy/data-keys.ts), ≥ 32 characters of
   * randomness. Required in production; elsewhere a public development key stands in (a warning).
   */
  DATA_ENCRYPTION_KEY: optional(z.string().min(32, "must be at least 32 characters")),
  /** While rotating: the key used until now, still accepted for reading (`npm run privacy:rotate-key`). */
  DATA_ENCRYPTION_KEY_PREVIOUS: optional(z.string().min(32, "must be at least 32 characters")),
  /**
   * The hotline's public address (https://hotline.example.gov.vn): where a citizen's one-time link
   * to download what the hotline holds about them points. Without it the chat says the file can
   * be asked for at the office.
   */
  PUBLIC_BASE_URL: optional(url(["http:", "https:"])),
  /**
   * `first-contact`: a citizen gets the personal-data notice once, with the answer to their first
   * contact. `off` only where the OA gives it by other means (its own Zalo welcome message); asked
   * for in the chat, the notice is always given.
   */
  PRIVACY_NOTICE: z.preprocess(emptyAsUndefined, z.enum(["first-contact", "off"]).default("first-contact")),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["error", "warn", "info", "http", "verbose", "debug", "silly"]).default("info")),
  /** Minutes a conversation may sit idle before it is dropped. */
  SESSION_IDLE_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().positive().default(30)),
  /**
   * Minutes of silence from both the citizen and the officer after which a conversation handed
   * to a person goes back to the bot (decimals allowed: 0.5 is thirty seconds).
   */
  HANDOFF_QUIET_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().positive().default(30)),
  /**
   * Seconds a worker holds a job before others may take it over: how long a job of a crashed
   * worker waits before it is run again.
   */
  JOB_LOCK_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().default(30)),
  /** Seconds given to in-flight requests and jobs at shutdown. */
  SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().default(20)),
});

export type Config = z.infer<typeof configSchema>;

/** `TRUST_PROXY` as a list for express, each entry an address, a CIDR or `loopback`. */
function proxyList(raw: string, ctx: z.RefinementCtx): string[] {
  const entries = raw
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  for (const e of entries) {
    if (!isProxyEntry(e)) ctx.addIssue({ code: "custom", message: `"${e}" is not an address, a CIDR (10.0.0.0/8) or "loopback"` });
  }
  return entries.length ? entries : ["loopback"];
}

function isProxyEntry(entry: string): boolean {
  if (entry === "loopback") return true;
  const [address = "", bits, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The OA's token pair comes from the environment (a province of one) unless a tokens file gives each OA's. */
function tokenPairProblems(env: Record<string, string | undefined>): string[] {
  if (emptyAsUndefined(env.ZALO_OA_TOKENS_FILE) !== undefined) return [];
  return (["ZALO_ACCESS_TOKEN", "ZALO_REFRESH_TOKEN"] as const)
    .filter((name) => emptyAsUndefined(env[name]) === undefined)
    .map((name) => `${name}: is required (or ZALO_OA_TOKENS_FILE with each OA's pair)`);
}

/** An S3 photo store needs its bucket, and a key id goes with its secret. */
function photoStoreProblems(c: z.output<typeof configSchema>): string[] {
  if (c.PHOTO_STORE !== "s3") return [];
  const problems: string[] = [];
  if (!c.S3_BUCKET) problems.push("S3_BUCKET: is required with PHOTO_STORE=s3");
  if ((c.S3_ACCESS_KEY_ID === undefined) !== (c.S3_SECRET_ACCESS_KEY === undefined))
    problems.push("S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: give both, or neither (the SDK's own sources are then used)");
  return problems;
}

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/** Parse an environment; throws `ConfigError` with one line per bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) {
    const c = result.data;
    const problems = sandboxProblems(c);
    problems.push(...photoStoreProblems(c));
    if (c.ROLE !== "all" && !c.DATABASE_URL) {
      problems.push(
        `ROLE: "${c.ROLE}" needs DATABASE_URL (PostgreSQL); the embedded database lives inside one process, so only ROLE=all can use it`,
      );
    }
    if (c.NODE_ENV === "production" && !c.DATA_ENCRYPTION_KEY) {
      problems.push("DATA_ENCRYPTION_KEY: is required with NODE_ENV=production (reporters' contacts are encrypted under it)");
    }
    if (c.DATA_ENCRYPTION_KEY_PREVIOUS !== undefined && !c.DATA_ENCRYPTION_KEY) {
      problems.push("DATA_ENCRYPTION_KEY_PREVIOUS: only while rotating, with the new key in DATA_ENCRYPTION_KEY");
    }
    if (c.NODE_ENV === "production" && !c.METRICS_TOKEN) {
      problems.push("METRICS_TOKEN: is required with NODE_ENV=production (/metrics would be open to anyone who reaches the port)");
    }
    problems.push(...tokenPairProblems(env));
    if (c.NODE_ENV === "production" && !env.COMMUNE_CONFIG && !c.COMMUNES_DIR) {
      problems.push(
        "COMMUNE_CONFIG: is required with NODE_ENV=production (the example commune's sample officers would get real case notices)",
      );
    }
    if (problems.length > 0) throw new ConfigError(problems);
    if (emptyAsUndefined(env.PHOTO_URL_HOSTS) === undefined) c.PHOTO_URL_HOSTS.push(...sandboxPhotoHosts(c));
    return c;
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError([...problems, ...tokenPairProblems(env)]);
}

/** Load the process environment, or print the problems and exit 1 (no stack trace). */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${err.problems.map((p) => `  ${p}`).join("\n")}\n`);
      process.exit(1);
    }
    throw err;
  }
}
