import { audit } from "../cases/case-audit.js";
import type { Database, Queryable } from "../db/database.js";

/**
 * Which path each case notice took to its recipient (`notice_deliveries`, migrations 021 and 024),
 * written with the case's audit event in one transaction: `consultation` (a message inside Zalo's
 * window), `zns` (a template to the reporter's phone) or `held` (kept for their next message; its
 * release writes its own event, held-notices.ts).
 * A row is keyed by the notice's hold key, so a retried job records nothing twice.
 *
 * A ZNS send is claimed (`sending`) before Zalo is asked and settled after; a claim found still
 * `sending` by a later attempt means an earlier one stopped with Zalo's answer unknown: that
 * notice is never sent by ZNS again (it is held instead).
 */
export type NoticePath = "consultation" | "zns" | "held";

/** What the audit event says about a notice (never who received it beyond their role). */
export interface NoticeFacts {
  dedupeKey: string;
  communeId: string;
  caseCode: string;
  kind: string;
  recipient: "reporter" | "follower";
}

/** A claim on sending a notice by ZNS, or what an earlier attempt left. */
export type ZnsClaim =
  { claimed: true; attempt: number } | { claimed: false; path: NoticePath; state: "sending" | "sent" | "unknown" | "done" | "retry" };

export class NoticeDeliveries {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Sent inside the window, or held: recorded once, with its audit event. */
  async record(n: NoticeFacts, path: "consultation" | "held", detail: Record<string, unknown> = {}): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `INSERT INTO notice_deliveries (dedupe_key, commune_id, case_code, path, state, error_code, kind, recipient)
         VALUES ($1, $2, $3, $4, 'done', $5, $6, $7)
         ON CONFLICT (dedupe_key) DO UPDATE SET path = EXCLUDED.path, state = 'done', error_code = COALESCE(EXCLUDED.error_code, notice_deliveries.error_code),
           kind = EXCLUDED.kind, recipient = EXCLUDED.recipient, updated_at = now()
           WHERE notice_deliveries.path = 'zns' AND notice_deliveries.state <> 'sent'
         RETURNING dedupe_key`,
        [n.dedupeKey, n.communeId, n.caseCode, path, typeof detail.code === "undefined" ? null : String(detail.code), n.kind, n.recipient],
      );
      if (!rows.length) return false;
      await this.noticeEvent(tx, n, { path, ...detail });
      return true;
    });
  }

  /** Claim the ZNS send of a notice: first time, or after a refusal a later attempt may pass. */
  async claimZns(n: NoticeFacts, templateId: string, trackingId: string): Promise<ZnsClaim> {
    const rows = await this.db.query<{ attempts: number }>(
      `INSERT INTO notice_deliveries (dedupe_key, commune_id, case_code, path, state, template_id, tracking_id, attempts, kind, recipient)
       VALUES ($1, $2, $3, 'zns', 'sending', $4, $5, 1, $6, $7)
       ON CONFLICT (dedupe_key) DO UPDATE SET state = 'sending', template_id = EXCLUDED.template_id,
         attempts = notice_deliveries.attempts + 1, updated_at = now()
         WHERE notice_deliveries.path = 'zns' AND notice_deliveries.state = 'retry'
       RETURNING attempts`,
      [n.dedupeKey, n.communeId, n.caseCode, templateId, trackingId, n.kind, n.recipient],
    );
    if (rows[0]) return { claimed: true, attempt: Number(rows[0].attempts) };
    const seen = await this.db.query<{ path: NoticePath; state: "sending" | "sent" | "unknown" | "done" | "retry" }>(
      "SELECT path, state FROM notice_deliveries WHERE dedupe_key = $1",
      [n.dedupeKey],
    );
    const row = seen[0];
    if (!row) throw new Error("notice delivery claim neither made nor found");
    return { claimed: false, path: row.path, state: row.state };
  }

  /** Zalo accepted the ZNS: recorded with its audit event. */
  async znsSent(n: NoticeFacts, templateId: string, msgId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE notice_deliveries SET state = 'sent', msg_id = $2, updated_at = now()
         WHERE dedupe_key = $1 AND path = 'zns' AND state = 'sending' RETURNING dedupe_key`,
        [n.dedupeKey, msgId],
      );
      if (rows.length) await this.noticeEvent(tx, n, { path: "zns", templateId });
    });
  }

  /** Refused in a way a later attempt may pass: the claim is released for the job's retry. */
  async znsRetry(n: NoticeFacts, code: string | undefined): Promise<void> {
    await this.db.query(
      `UPDATE notice_deliveries SET state = 'retry', error_code = $2, updated_at = now()
       WHERE dedupe_key = $1 AND path = 'zns' AND state = 'sending'`,
      [n.dedupeKey, code ?? null],
    );
  }

  /** Zalo's answer is unknown: never sent by ZNS again. */
  async znsUnknown(n: NoticeFacts, code: string | undefined): Promise<void> {
    await this.db.query(
      `UPDATE notice_deliveries SET state = 'unknown', error_code = $2, updated_at = now()
       WHERE dedupe_key = $1 AND path = 'zns' AND state = 'sending'`,
      [n.dedupeKey, code ?? null],
    );
  }

  /** The path a notice took, or null when none is recorded. */
  async pathOf(dedupeKey: string): Promise<{ path: NoticePath; state: string; errorCode: string | null } | null> {
    const rows = await this.db.query<{ path: NoticePath; state: string; error_code: string | null }>(
      "SELECT path, state, error_code FROM notice_deliveries WHERE dedupe_key = $1",
      [dedupeKey],
    );
    const r = rows[0];
    return r ? { path: r.path, state: r.state, errorCode: r.error_code } : null;
  }

  /** The case's `notice_sent` event: the path and what it says of the notice, never who got it. */
  private async noticeEvent(tx: Queryable, n: NoticeFacts, detail: { path: NoticePath } & Record<string, unknown>): Promise<void> {
    await audit(tx, n.caseCode, "system", "notice_sent", null, null, { kind: n.kind, recipient: n.recipient, ...detail }, this.now());
  }
}
