import type { Queue } from "bullmq";
import type { Database } from "../db/database.js";
import { findByCode, markNotified, pendingNotices } from "./repository.js";
import { isBackwards } from "./status.js";
import type { DossierNoticeWording } from "./notice-wording.js";
import { jobId, userTag } from "../queues/names.js";
import { enqueueReplies, type OutboundTarget } from "../queues/outbound.js";

/** The `notify` job that runs `sendDossierNotices` (on a schedule, and after every API change). */
export const DOSSIER_NOTICES_JOB = "dossier-notices";

/**
 * Ask for a run of `sendDossierNotices` soon. A run waiting already covers this change; one
 * running may have read the table before it, so at most one more waits behind it.
 */
export async function triggerDossierNotices(notify: Queue): Promise<void> {
  await notify.add(
    DOSSIER_NOTICES_JOB,
    {},
    { deduplication: { id: DOSSIER_NOTICES_JOB, keepLastIfActive: true }, removeOnComplete: { count: 100 } },
  );
}

/**
 * Tell followers about their dossier's new status. Works from the table, not from the change
 * that triggered it: every follower whose last notice differs from the current status gets one,
 * so a missed trigger (an import by the CLI, a crash) is caught by the next sweep. The outbound
 * job id names the dossier, status and follower: a notice is enqueued once. A status gone back
 * to an earlier stage (9 → 4, a correction) is recorded as heard, never announced as news.
 */
export async function sendDossierNotices(
  db: Database,
  outbound: OutboundTarget,
  notice: { hotlineOf: (communeId: string) => string; wording: DossierNoticeWording },
  now = new Date(),
): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await pendingNotices(db, 200);
    if (!batch.length) return sent;
    for (const n of batch) {
      // The follower's commune is the dossier's: its OA is the one the follower talks to.
      const { communeId } = n;
      const dossier = await findByCode(db, communeId, n.code);
      const news = n.lastNotifiedStatus === null || !isBackwards(n.lastNotifiedStatus, n.status);
      // Zalo is the one channel that sends (a follower of another channel could not be told anyway).
      if (dossier && news && n.channel === "zalo") {
        const id = jobId("dossier", n.code, String(n.status), n.channel, userTag(n.userId));
        await enqueueReplies(outbound, {
          name: "dossier-notice",
          jobId: id,
          channel: n.channel,
          communeId,
          userId: n.userId,
          replies: [{ type: "text", text: notice.wording(dossier, now, notice.hotlineOf(communeId)) }],
        });
      }
      await markNotified(db, n.code, n.channel, n.userId, n.status);
      sent++;
    }
  }
}
