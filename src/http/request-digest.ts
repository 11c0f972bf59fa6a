import { createHash } from "node:crypto";

/**
 * A digest of a whole request as the endpoint understood it (its parsed fields, plus what else
 * made it: photos' hashes…), for `Idempotency-Key`: a retry is the same request only when every
 * field is the same. Object keys are sorted and absent fields dropped, so the order of fields and
 * a field left out or sent as `undefined` do not matter.
 */
export function requestDigest(request: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson(request), "utf8").digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
