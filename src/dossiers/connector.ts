import axios, { type AxiosInstance } from "axios";
import { z } from "zod";
import { logger } from "../logger.js";
import type { Dossier } from "./dossier.js";
import { describeRecordIssues, dossierRecordSchema } from "./record.js";
import { parseDossierDate } from "./dates.js";

/**
 * Optional connector to the province's one-stop system (DOSSIER_API_URL). Assumed API — the
 * province's systems differ, so an adapter in front of them should speak this:
 *
 *   GET {DOSSIER_API_URL}/dossiers/{code}        (code URL-encoded)
 *   200 → { "code": "000.00.21.H26-251126-0001", "procedure": "Đăng ký kết hôn",
 *           "channel": "online" | "direct" | "postal", "status": 4 | "Đang xử lý",
 *           "received_at": "2025-11-26T16:34:00+07:00", "due_at": "…" | null,
 *           "finished_at": "…" | null, "updated_at"?: "…" }
 *         (the fields of the dossier CSV; dates ISO 8601 or dd/mm/yyyy HH:mm)
 *   404 → not found
 *   anything else, a timeout or another shape → the source is unavailable.
 */

/** The one-stop system could not answer (network, timeout, 5xx, unexpected answer). */
export class DossierSourceUnavailableError extends Error {
  override name = "DossierSourceUnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A source of dossiers other than our table. */
export interface DossierConnector {
  /** The dossier, null when the source does not know it; throws `DossierSourceUnavailableError`. */
  fetchDossier(code: string): Promise<Dossier | null>;
}

export interface HttpDossierConnectorOptions {
  baseUrl: string;
  /** Default 3,000 ms. */
  timeoutMs?: number;
  /** How long a found dossier is reused (default 60 s). */
  cacheTtlMs?: number;
  /** How long a "not found" is reused (default 15 s): a just-filed dossier should show up soon. */
  notFoundTtlMs?: number;
  /** Entries kept at most (default 1,000; the oldest goes first). */
  maxEntries?: number;
  now?: () => number;
}

const responseSchema = z.looseObject({
  code: z.string(),
  procedure: z.string(),
  channel: z.string(),
  status: z.union([z.number(), z.string()]),
  received_at: z.string(),
  due_at: z.string().nullish(),
  finished_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});

/** Parse an API answer for `code`; throws `DossierSourceUnavailableError` on a wrong shape. */
export function parseDossierResponse(body: unknown, code: string, fetchedAt: Date): Dossier {
  const shape = responseSchema.safeParse(body);
  if (!shape.success) throw new DossierSourceUnavailableError(`unexpected answer: ${describeRecordIssues(shape.error)}`);
  // The province's system may send more than the contract's fields: only those are taken.
  const { code: given, procedure, channel, received_at } = shape.data;
  const record = dossierRecordSchema.safeParse({
    code: given,
    procedure,
    channel,
    received_at,
    status: String(shape.data.status),
    due_at: shape.data.due_at ?? "",
    finished_at: shape.data.finished_at ?? "",
  });
  if (!record.success) throw new DossierSourceUnavailableError(`unexpected answer: ${describeRecordIssues(record.error)}`);
  if (record.data.code !== code) throw new DossierSourceUnavailableError(`asked for ${code}, got ${record.data.code}`);
  const updatedAt = (shape.data.updated_at && parseDossierDate(shape.data.updated_at)) || fetchedAt;
  return { ...record.data, updatedAt };
}

/** The HTTP connector described above, with a small in-memory cache. */
export class HttpDossierConnector implements DossierConnector {
  private readonly http: AxiosInstance;
  private readonly cache = new Map<string, { until: number; value: Dossier | null }>();
  private readonly ttl: number;
  private readonly notFoundTtl: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: HttpDossierConnectorOptions) {
    this.http = axios.create({
      baseURL: opts.baseUrl.replace(/\/+$/, ""),
      timeout: opts.timeoutMs ?? 3000,
      headers: { Accept: "application/json" },
      validateStatus: () => true,
    });
    this.ttl = opts.cacheTtlMs ?? 60_000;
    this.notFoundTtl = opts.notFoundTtlMs ?? 15_000;
    this.maxEntries = opts.maxEntries ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  async fetchDossier(code: string): Promise<Dossier | null> {
    const hit = this.cache.get(code);
    if (hit && hit.until > this.now()) return hit.value;
    this.cache.delete(code);

    let res;
    try {
      res = await this.http.get<unknown>(`/dossiers/${encodeURIComponent(code)}`);
    } catch (err) {
      throw new DossierSourceUnavailableError(`one-stop system unreachable: ${(err as Error).message}`, { cause: err });
    }
    let value: Dossier | null;
    if (res.status === 404) value = null;
    else if (res.status === 200) value = parseDossierResponse(res.data, code, new Date(this.now()));
    else throw new DossierSourceUnavailableError(`one-stop system answered HTTP ${res.status}`);

    this.remember(code, value);
    return value;
  }

  private remember(code: string, value: Dossier | null): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(code, { until: this.now() + (value ? this.ttl : this.notFoundTtl), value });
  }
}

/** The connector for this configuration, or null when DOSSIER_API_URL is not set. */
export function connectorFromConfig(config: { DOSSIER_API_URL?: string | undefined }): DossierConnector | null {
  if (!config.DOSSIER_API_URL) return null;
  logger.info("dossier connector enabled", { url: config.DOSSIER_API_URL });
  return new HttpDossierConnector({ baseUrl: config.DOSSIER_API_URL });
}
