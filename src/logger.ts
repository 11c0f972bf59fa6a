import { AsyncLocalStorage } from "node:async_hooks";
import winston from "winston";

/**
 * One winston logger for the whole process. Lines carry the request or job id from the async
 * context; secrets, tokens and phone numbers are masked wherever they appear.
 */
export const logContext = new AsyncLocalStorage<Record<string, string>>();

const SECRET_KEY = /(token|secret|password|authorization|api_key|signature|phone|cookie)/i;
// Vietnamese mobile numbers, national (0…) or international (84…/+84…) form.
const PHONE = /(?<!\d)(?:\+?84[ .-]?|0)(?:\d[ .-]?){8,9}\d(?!\d)/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

// Ids whose digit runs can look like a phone number: uuids (request ids) and long hex strings
// (msg ids, hashes). Left whole, so a log line can still be matched to its request.
const HEX_ID = /(?<![\p{L}\p{N}])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})(?![\p{L}\p{N}])/giu;

const maskIn = (text: string) => text.replace(PHONE, (m) => `***${m.replace(/\D/g, "").slice(-3)}`);

/** Mask phone numbers inside free text, keeping the last 3 digits for support; ids stay whole. */
export function maskPhones(text: string): string {
  let out = "";
  let done = 0;
  for (const id of text.matchAll(HEX_ID)) {
    // All digits is no id but a number, perhaps a phone: mask it like any other text.
    if (!/[a-f]/i.test(id[0])) continue;
    out += maskIn(text.slice(done, id.index)) + id[0];
    done = id.index + id[0].length;
  }
  return out + maskIn(text.slice(done));
}

/**
 * A value kept under a secret-looking key: masked, unless it is a small count ("sharedPhones": 3
 * purged), which can be neither a secret nor a phone number.
 */
function maskedUnderKey(v: unknown): boolean {
  if (v == null || v === "") return false;
  return !(typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 1_000_000);
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[deep]";
  if (typeof value === "string") return maskPhones(value.replace(BEARER, "$1[redacted]"));
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && maskedUnderKey(v) ? "[redacted]" : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

const redactFormat = winston.format((info) => {
  const ctx = logContext.getStore();
  if (ctx) Object.assign(info, ctx);
  for (const key of Object.keys(info)) {
    if (key === "level" || key === "timestamp") continue;
    info[key] = SECRET_KEY.test(key) && maskedUnderKey(info[key]) ? "[redacted]" : redact(info[key]);
  }
  return info;
});

function formatFor(env: string) {
  if (env === "production") {
    return winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.json());
  }
  return winston.format.combine(
    redactFormat(),
    winston.format.timestamp({ format: "HH:mm:ss.SSS" }),
    winston.format.colorize(),
    winston.format.printf(({ level, message, timestamp, ...rest }) => {
      const extra = Object.keys(rest).length ? " " + JSON.stringify(rest) : "";
      return `${String(timestamp)} ${level} ${String(message)}${extra}`;
    }),
  );
}

export const logger = winston.createLogger({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "error" : "info"),
  format: formatFor(process.env.NODE_ENV ?? "development"),
  transports: [new winston.transports.Console({ stderrLevels: ["error", "warn"] })],
});

export function setLogLevel(level: string): void {
  logger.level = level;
}

/** Run `fn` with extra fields (request id, job id…) added to every log line inside it. */
export function withLogContext<T>(fields: Record<string, string>, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...fields }, fn);
}
