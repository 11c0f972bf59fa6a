import type { DeliveryFailure, PlatformSender } from "../../src/core/platform-sender.js";
import type { ZaloClient, ZaloClients } from "./client.js";
import { ZaloApiError, ZaloHttpError, ZaloNetworkError, ZaloTokenError } from "./errors.js";
import { renderReply, splitReply } from "./render.js";

/** Zalo as a `PlatformSender`: pieces are what `splitReply` makes, failures classified per ZALO.md. */
export function zaloSender(clients: ZaloClients<Pick<ZaloClient, "sendMessage">>): PlatformSender {
  return {
    channel: "zalo",
    pieces: splitReply,
    async sendPiece(to, piece) {
      const client = clients.of(to.communeId);
      const ids: string[] = [];
      for (const message of renderReply(piece)) {
        const sent = await client.sendMessage(to.userId, message);
        if (sent.messageId) ids.push(sent.messageId);
      }
      return ids;
    },
    classify: classifyZaloFailure,
  };
}

/** Retry, hold or fail, for whatever sending to Zalo threw. */
export function classifyZaloFailure(err: unknown): DeliveryFailure {
  if (err instanceof ZaloApiError) {
    const reason = err.message;
    switch (err.classification) {
      case "unreachable":
        return { outcome: "unreachable", code: err.code, reason };
      case "fatal":
        return { outcome: "fatal", code: err.code, reason };
      // Rate limit, or a token still refused after one refresh (another process may fix it).
      default:
        return { outcome: "retry", code: err.code, reason };
    }
  }
  if (err instanceof ZaloHttpError) return { outcome: err.retryable ? "retry" : "fatal", code: `http-${err.status}`, reason: err.message };
  if (err instanceof ZaloNetworkError) return { outcome: "retry", code: err.causeCode, reason: err.message };
  if (err instanceof ZaloTokenError) return { outcome: "retry", code: err.code, reason: err.message };
  // Not Zalo's doing (Redis blip in the token store…): worth another attempt.
  return { outcome: "retry", reason: err instanceof Error ? err.message : String(err) };
}
