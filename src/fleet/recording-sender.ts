import type { PlatformSender } from "../core/platform-sender.js";
import { logger } from "../logger.js";
import type { OaFacts } from "./oa-facts.js";

/**
 * A platform sender that records, for the OA fleet's figures, each message the OA sent and each
 * failed send with its code (`classify`'s, bounded to `labels`, else "other"). The queue logic is
 * untouched: this wraps the sender the outbound worker is given. A failure to record is logged and
 * forgotten — it must never fail a send (a retry would send the message again).
 */
export function recordingSender(sender: PlatformSender, facts: OaFacts, labels: readonly string[]): PlatformSender {
  const record = (what: Promise<void>) =>
    what.catch((err: unknown) =>
      logger.warn("could not record an OA's send for the fleet page", { err: err instanceof Error ? err.message : String(err) }),
    );
  return {
    channel: sender.channel,
    pieces: (reply) => sender.pieces(reply),
    classify: (err) => sender.classify(err),
    async sendPiece(to, piece) {
      let ids: string[];
      try {
        ids = await sender.sendPiece(to, piece);
      } catch (err) {
        const code = String(sender.classify(err).code ?? "");
        await record(facts.sendFailed(to.communeId, failureLabel(code, labels)));
        throw err;
      }
      await record(facts.sent(to.communeId, Math.max(ids.length, 1)));
      return ids;
    },
  };
}

/** A failure's code as the figures name it: one of `labels`, or "other". */
export function failureLabel(code: string, labels: readonly string[]): string {
  return labels.includes(code) ? code : "other";
}
