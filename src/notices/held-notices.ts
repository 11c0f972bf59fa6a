import { z } from "zod";
import type { Reply } from "../core/reply.js";
import type { Queryable } from "../db/database.js";
import { replySchema } from "../queues/outbound-job.js";

/**
 * Messages the platform would not deliver now (outside the window, at night, user restricted…),
 * kept in `held_notices` until the user next writes. `dedupeKey` makes holding idempotent: a job
 * retried after it held its replies stores them once.
 */
export interface HeldNotice {
  id: number;
  channel: string;
  userId: string;
  dedupeKey: string;
  replies: Reply[];
  reason: string | null;
  createdAt: Date;
}

/** Replies to keep for a user, under a key that makes holding them idempotent. */
export interface HoldRequest {
  communeId: string;
  channel: string;
  userId: string;
  dedupeKey: string;
  replies: Reply[];
  reason?: string;
  /** When what the replies tell happened (the order of delivery); default now. */
  at?: Date;
}

const rowSchema = z.object({
  id: z.number(),
  channel: z.string(),
  user_id: z.string(),
  dedupe_key: z.string(),
  // jsonb comes back parsed from both drivers; a string would mean a double-encoded value.
  replies: z.preprocess((v) => (typeof v === "string" ? JSON.parse(v) : v), z.array(replySchema)),
  reason: z.string().nullable(),
  created_at: z.coerce.date(),
});

/** SQL repository over `held_notices` (PostgreSQL or PGlite). */
export class HeldNotices {
  constructor(private readonly db: Queryable) {}

  /** Store replies for later. Returns the new id, or null when `dedupeKey` was already held. */
  async hold(n: HoldRequest): Promise<number | null> {
    const rows = await this.db.query<{ id: number }>(
      `INSERT INTO held_notices (commune_id, channel, user_id, dedupe_key, replies, reason, created_at)
       VALUES ($7, $1, $2, $3, $4::jsonb, $5, COALESCE($6::timestamptz, now()))
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [n.channel, n.userId, n.dedupeKey, JSON.stringify(n.replies), n.reason ?? null, n.at?.toISOString() ?? null, n.communeId],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Whether anything waits for this user: asked on each of their messages, so that the release (a
   * job, and a read of every held notice) runs only for the few who have something held.
   */
  async anyPending(channel: string, userId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 AS held FROM held_notices WHERE channel = $1 AND user_id = $2 AND delivered_at IS NULL LIMIT 1`,
      [channel, userId],
    );
    return rows.length > 0;
  }

  /** Notices not yet delivered to this user, in the order of what they tell (then of holding). */
  async pending(channel: string, userId: string): Promise<HeldNotice[]> {
    const rows = await this.db.query(
      `SELECT id, channel, user_id, dedupe_key, replies, reason, created_at
         FROM held_notices
        WHERE channel = $1 AND user_id = $2 AND delivered_at IS NULL
        ORDER BY created_at, id`,
      [channel, userId],
    );
    return rows.map((r) => {
      const row = rowSchema.parse(r);
      return {
        id: row.id,
        channel: row.channel,
        userId: row.user_id,
        dedupeKey: row.dedupe_key,
        replies: row.replies,
        reason: row.reason,
        createdAt: row.created_at,
      };
    });
  }

  /**
   * Mark notices handed to the outbound queue. Already delivered ones keep their first time. A case
   * notice (held with its path in `notice_deliveries`) gets a `notice_sent` event, path
   * `released`, in its case's trail: in the same statement, so a release marked twice writes one.
   */
  async markDelivered(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.db.query(
      `WITH marked AS (
         UPDATE held_notices SET delivered_at = now() WHERE id = ANY($1::int[]) AND delivered_at IS NULL RETURNING dedupe_key
       )
       INSERT INTO case_events (case_code, actor, action, from_status, to_status, detail, created_at)
       SELECT d.case_code, 'system', 'notice_sent', NULL, NULL,
              jsonb_strip_nulls(jsonb_build_object('path', 'released', 'kind', d.kind, 'recipient', d.recipient)), now()
         FROM marked m JOIN notice_deliveries d ON d.dedupe_key = m.dedupe_key AND d.path = 'held' AND d.case_code IS NOT NULL`,
      [ids],
    );
  }
}
