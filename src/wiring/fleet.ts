import type { Communes } from "../commune/communes.js";
import type { Config } from "../config.js";
import { type FleetCommune, type FleetReader, fleetReport } from "../fleet/fleet-report.js";
import { OaFacts, type PrefixOf } from "../fleet/oa-facts.js";
import { logger } from "../logger.js";
import type { FleetSnapshot } from "../metrics.js";
import type { RedisConnection } from "../redis.js";
import { ZALO_ERROR_CODES } from "../../webhooks/zalo/errors.js";
import { ZaloTokenStore } from "../../webhooks/zalo/token-store.js";
import { zaloFailureCode } from "./zalo.js";

/**
 * The OA fleet's parts (src/fleet) as both roles use them: the web records events and reads the
 * figures, the workers record sends, token refreshes and quotas. Facts of a commune live under
 * its shard's tag (`prefixOf`).
 */
export interface OaFleet {
  facts: OaFacts;
  reader: FleetReader;
  /** The failure labels: Zalo's error table's codes, and "other" (the metrics' bounded label set). */
  labels: readonly string[];
  /** For the token stores: a refresh of the commune's OA failed. */
  onRefreshFailed(communeId: string, err: unknown): void;
  communes: FleetCommune[];
}

export function oaFleet(config: Config, communes: Communes, redis: RedisConnection, prefixOf: PrefixOf): OaFleet {
  const facts = new OaFacts(redis, config.REDIS_PREFIX, prefixOf);
  const labels = [...ZALO_ERROR_CODES.map(String), "other"];
  const single = communes.only();
  return {
    facts,
    labels,
    communes: communes.list.map((c) => ({ id: c.id, name: c.name, oaId: c.zalo?.oaId ?? null })),
    reader: {
      facts,
      failureLabels: labels,
      async tokenOf(communeId) {
        const oaId = communes.get(communeId).zalo?.oaId;
        // A province of one naming its OA for the first time keeps the pair unnamed until a worker moves it.
        const pair =
          (await ZaloTokenStore.peek(redis, config.REDIS_PREFIX, oaId)) ??
          (single && oaId !== undefined ? await ZaloTokenStore.peek(redis, config.REDIS_PREFIX, undefined) : null);
        return pair && { expiresAt: pair.expiresAt, updatedAt: pair.updatedAt };
      },
    },
    onRefreshFailed(communeId, err) {
      void facts
        .refreshFailed(communeId, zaloFailureCode(err))
        .catch((e: unknown) =>
          logger.warn("could not record a failed token refresh for the fleet page", { err: e instanceof Error ? e.message : String(e) }),
        );
    },
  };
}

/** The figures Prometheus reads (`src/metrics.ts`), from the whole fleet's report. */
export async function fleetMetricsSnapshot(fleet: OaFleet): Promise<FleetSnapshot> {
  const report = await fleetReport(fleet.reader, fleet.communes, { now: Date.now(), withUnknown: true });
  return {
    communes: report.oas.map((o) => ({
      commune: o.communeId,
      events: o.events.received,
      sent: o.sent.messages,
      failures: o.failures.byCode,
      secondsToExpiry: o.token.secondsToExpiry,
      refreshFailures: o.token.refreshFailures,
      quotaRemaining: o.quota?.remain ?? null,
    })),
    unknownEvents: report.unknownOaEvents ?? 0,
  };
}
