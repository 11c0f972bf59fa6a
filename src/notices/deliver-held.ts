import type { Platform } from "../core/platform-event.js";
import type { Queryable } from "../db/database.js";
import { logger } from "../logger.js";
import { jobId } from "../queues/names.js";
import { enqueueReplies, type OutboundTarget } from "../queues/outbound.js";
import { HeldNotices } from "./held-notices.js";

/** The outbound queue, and the held notices (a repository, or the database to make one over). */
export type DeliverHeldDeps = { outbound: OutboundTarget } & (
  { notices: Pick<HeldNotices, "pending" | "markDelivered"> } | { db: Queryable }
);

const PLATFORMS: readonly Platform[] = ["zalo"];
const isPlatform = (c: string): c is Platform => (PLATFORMS as readonly string[]).includes(c);

/**
 * The user wrote again: send what was held for them. Each notice becomes one outbound job whose
 * id names the notice, so a crash between enqueueing and marking re-adds nothing; then the notices
 * are marked delivered. Returns how many notices were handed over.
 */
export async function deliverHeldNotices(
  deps: DeliverHeldDeps,
  to: { communeId: string; channel: string; userId: string },
  triggerEventId: string,
): Promise<number> {
  const { communeId, channel, userId } = to;
  if (!isPlatform(channel)) throw new Error(`no outbound channel "${channel}"`);
  const notices = "notices" in deps ? deps.notices : new HeldNotices(deps.db);
  const pending = await notices.pending(channel, userId);
  if (!pending.length) return 0;
  // One at a time: notices reach the queue oldest first.
  for (const n of pending) {
    await enqueueReplies(deps.outbound, { jobId: jobId("held", channel, String(n.id)), communeId, userId, replies: n.replies, channel });
  }
  await notices.markDelivered(pending.map((n) => n.id));
  logger.info("held notices released", { count: pending.length, triggerEventId });
  return pending.length;
}
