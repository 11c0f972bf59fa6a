import { logger } from "../logger.js";
import type { OaFacts } from "./oa-facts.js";

/**
 * Each OA's consultation-message quota, asked of Zalo on a schedule (never per message): the
 * fleet page and the metrics read the last answer from Redis. A refusal is recorded with its
 * code (a token that cannot be refreshed shows here too, and in the token's own figures).
 */

/** The job of the `notify` queue that checks the quotas, and how often it runs. */
export const OA_QUOTA_JOB = "oa-quota-check";
export const OA_QUOTA_EVERY_MS = 10 * 60_000;
/** OAs asked at once: 170 OAs take about 43 round trips to Zalo. */
const AT_ONCE = 4;

export interface QuotaSource {
  /** The commune's OA's quota, as Zalo answers it; throws the platform's errors. */
  quotaOf(communeId: string): Promise<{ remain: number; total: number }>;
  /** What to record of a failure: Zalo's code, or the failure's kind. */
  codeOf(err: unknown): string;
}

/** Ask every commune's OA for its quota and record the answers. Resolves with how many failed. */
export async function checkQuotas(communeIds: readonly string[], source: QuotaSource, facts: OaFacts): Promise<number> {
  let failed = 0;
  for (let i = 0; i < communeIds.length; i += AT_ONCE) {
    await Promise.all(
      communeIds.slice(i, i + AT_ONCE).map(async (communeId) => {
        let result: { remain: number; total: number } | { error: string };
        try {
          result = await source.quotaOf(communeId);
        } catch (err) {
          failed++;
          result = { error: source.codeOf(err) };
          logger.warn("an OA's quota could not be read", { communeId, code: result.error });
        }
        await facts.quota(communeId, result);
      }),
    );
  }
  return failed;
}
