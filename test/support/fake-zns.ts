import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { z } from "zod";

/**
 * The fake Zalo's ZNS (`POST /message/template`), as the real one behaves where the hotline can
 * tell: HTTP 200 with `error != 0` for refusals, a daily quota per OA reported with each send
 * (`data.quota.dailyQuota / remainingQuota`), and the error codes of Zalo's table: -108 phone
 * invalid, -109 template id invalid, -112 template data invalid, -124 access token invalid,
 * -139 the user refuses ZNS, -144 the OA's daily quota spent. Tests steer it with the controls.
 */
export interface RecordedZns {
  oaId: string;
  phone: string;
  templateId: string;
  templateData: Record<string, string>;
  trackingId: string;
  msgId: string;
}

export type ZnsFailure = { zaloError: number } | { httpStatus: number } | { network: true };

const ZNS_MESSAGES: Record<number, string> = {
  [-100]: "Unknown error",
  [-108]: "Phone number invalid",
  [-109]: "Template ID invalid",
  [-112]: "Template data invalid",
  [-124]: "Access token invalid",
  [-139]: "User refused to receive ZNS",
  [-144]: "OA has exceeded the daily quota of ZNS",
};

const sendSchema = z.strictObject({
  phone: z.string(),
  template_id: z.string(),
  template_data: z.record(z.string(), z.string()),
  tracking_id: z.string().min(1).max(48),
});

export class FakeZns {
  /** Daily quota given to an OA not set otherwise. */
  defaultDailyQuota = 5000;
  private readonly quota = new Map<string, { daily: number; used: number }>();
  /** Approved templates and their parameter names; empty: any template id with any data. */
  private readonly templates = new Map<string, string[]>();
  private readonly refusing = new Set<string>();
  private readonly failures: ZnsFailure[] = [];
  readonly sent: RecordedZns[] = [];
  /** Every request, answered or not (what a test counts to see that nothing was sent twice). */
  requests = 0;

  // ---- controls ----

  /** The OA may send `daily` ZNS a day; `used` already spent today. */
  setQuota(oaId: string, daily: number, used = 0): void {
    this.quota.set(oaId, { daily, used });
  }

  /** A template approved for the OA, with its parameters. */
  approve(templateId: string, params: string[]): void {
    this.templates.set(templateId, params);
  }

  /** This phone's owner turned ZNS off (-139). */
  refuse(phone: string): void {
    this.refusing.add(phone);
  }

  /** The next `n` sends fail as given (a Zalo code with HTTP 200, an HTTP status, a dropped connection). */
  failNext(n: number, f: ZnsFailure): void {
    for (let i = 0; i < n; i++) this.failures.push(f);
  }

  sentTo(phone: string): RecordedZns[] {
    return this.sent.filter((s) => s.phone === phone);
  }

  // ---- the API ----

  /** `oaId`: the OA whose access token came with the request, null for none. */
  handle(res: ServerResponse, body: string, oaId: string | null, drop: () => void): void {
    this.requests++;
    const failure = this.failures.shift();
    if (failure) {
      if ("network" in failure) return drop();
      if ("httpStatus" in failure) return json(res, failure.httpStatus, { message: "Internal error" });
      return refuse(res, failure.zaloError);
    }
    if (oaId === null) return refuse(res, -124);
    let parsed;
    try {
      parsed = sendSchema.safeParse(JSON.parse(body));
    } catch {
      return refuse(res, -112);
    }
    if (!parsed.success) return refuse(res, -112);
    const m = parsed.data;
    if (!/^84[35789]\d{8}$/.test(m.phone)) return refuse(res, -108);
    const params = this.templates.get(m.template_id);
    if (this.templates.size && !params) return refuse(res, -109);
    if (params && params.some((p) => !(p in m.template_data))) return refuse(res, -112);
    if (this.refusing.has(m.phone)) return refuse(res, -139);
    const q = this.quota.get(oaId) ?? { daily: this.defaultDailyQuota, used: 0 };
    this.quota.set(oaId, q);
    if (q.used >= q.daily) return refuse(res, -144);
    q.used++;
    const msgId = randomBytes(12).toString("hex");
    this.sent.push({ oaId, phone: m.phone, templateId: m.template_id, templateData: m.template_data, trackingId: m.tracking_id, msgId });
    json(res, 200, {
      error: 0,
      message: "Success",
      data: {
        msg_id: msgId,
        sent_time: String(Date.now()),
        quota: { dailyQuota: String(q.daily), remainingQuota: String(q.daily - q.used) },
      },
    });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function refuse(res: ServerResponse, code: number): void {
  json(res, 200, { error: code, message: ZNS_MESSAGES[code] ?? "Unknown error" });
}
