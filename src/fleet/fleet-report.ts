import type { OaFacts, RecordedOaFacts } from "./oa-facts.js";
import { silenceOf } from "./silence.js";

/**
 * The OA fleet as the province's IT team reads it (`GET /api/v1/oa-fleet`, the dashboard's "Tài
 * khoản OA", the `hotline_oa_*` metrics): per commune's OA, its token, the last event and the
 * last message, failed sends by Zalo's code, the quota, and what needs a person now.
 */

/** The OA's token pair as stored (no token itself): what the page may know of it. */
export interface TokenPairState {
  /** Epoch ms; null for a pair seeded from the configuration (its age unknown). */
  expiresAt: number | null;
  /** When the pair was stored (a refresh, the OA's authorization, or the seed). */
  updatedAt: number;
}

/** What needs a person: the alert line of an OA. */
export type OaAlert =
  /** The last refresh of the token failed, and no pair was stored since. */
  | { kind: "token_refresh_failed"; at: string; code: string | null }
  /** The token's expiry has passed (nothing refreshed it). */
  | { kind: "token_expired"; at: string }
  /** No token pair stored: the OA was never connected (or its pair was lost). */
  | { kind: "token_missing" }
  /** Silent longer than its usual gap (`silence.ts`). */
  | { kind: "silent"; silentForSeconds: number; usualGapSeconds: number };

export interface OaReport {
  communeId: string;
  communeName: string;
  /** The commune's OA; null for a province of one whose file names none. */
  oaId: string | null;
  token: {
    stored: boolean;
    expiresAt: string | null;
    secondsToExpiry: number | null;
    /** When the pair in use was obtained by a refresh or the OA's authorization; null for a seeded pair. */
    lastRefreshAt: string | null;
    /** The last failed refresh, whether or not a pair was stored since. */
    lastRefreshFailure: { at: string; code: string | null } | null;
    refreshFailures: number;
  };
  events: { received: number; lastAt: string | null };
  silence: { silentForSeconds: number | null; usualGapSeconds: number | null; spells: number };
  sent: { messages: number; lastAt: string | null };
  /** Failed sends by code (Zalo's error table's codes, else "other"), most first. */
  failures: { byCode: { code: string; count: number }[]; lastAt: string | null; lastCode: string | null };
  quota: { remain: number; total: number; checkedAt: string } | null;
  /** The last quota check failed (newer than `quota`). */
  quotaError: { code: string; at: string } | null;
  alerts: OaAlert[];
}

export interface FleetReport {
  asOf: string;
  oas: OaReport[];
  /** Events of OAs no commune declares (province-wide readers only; null otherwise). */
  unknownOaEvents: number | null;
}

/** A commune as the report names it. */
export interface FleetCommune {
  id: string;
  name: string;
  oaId: string | null;
}

export interface FleetReader {
  facts: OaFacts;
  /** The stored pair of the commune's OA, or null when none is stored. */
  tokenOf(communeId: string): Promise<TokenPairState | null>;
  /** The failure labels the figures name (the error table's codes and "other"). */
  failureLabels: readonly string[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

/** One OA's report from what was recorded and the stored pair. */
export function oaReport(
  commune: FleetCommune,
  facts: RecordedOaFacts,
  pair: TokenPairState | null,
  failureLabels: readonly string[],
  now: number,
): OaReport {
  const silence = silenceOf(facts.lastEventAt, facts.quietSpells, now);
  const failedRefresh = facts.lastRefreshFailureAt;
  const refreshFailedNow = failedRefresh !== null && (pair === null || failedRefresh > pair.updatedAt);
  const alerts: OaAlert[] = [];
  if (refreshFailedNow) alerts.push({ kind: "token_refresh_failed", at: iso(failedRefresh)!, code: facts.lastRefreshFailureCode });
  if (pair === null && !refreshFailedNow) alerts.push({ kind: "token_missing" });
  if (pair?.expiresAt != null && pair.expiresAt <= now) alerts.push({ kind: "token_expired", at: iso(pair.expiresAt)! });
  if (silence.unusual)
    alerts.push({ kind: "silent", silentForSeconds: seconds(silence.silentForMs)!, usualGapSeconds: seconds(silence.usualGapMs)! });
  return {
    communeId: commune.id,
    communeName: commune.name,
    oaId: commune.oaId,
    token: {
      stored: pair !== null,
      expiresAt: iso(pair?.expiresAt ?? null),
      secondsToExpiry: pair?.expiresAt != null ? Math.round((pair.expiresAt - now) / 1000) : null,
      lastRefreshAt: pair?.expiresAt != null ? iso(pair.updatedAt) : null,
      lastRefreshFailure: failedRefresh === null ? null : { at: iso(failedRefresh)!, code: facts.lastRefreshFailureCode },
      refreshFailures: facts.refreshFailures,
    },
    events: { received: facts.events, lastAt: iso(facts.lastEventAt) },
    silence: { silentForSeconds: seconds(silence.silentForMs), usualGapSeconds: seconds(silence.usualGapMs), spells: silence.spells },
    sent: { messages: facts.sent, lastAt: iso(facts.lastSentAt) },
    failures: {
      byCode: boundedFailures(facts.failures, failureLabels),
      lastAt: iso(facts.lastFailureAt),
      lastCode: facts.lastFailureCode,
    },
    quota: facts.quota && { remain: facts.quota.remain, total: facts.quota.total, checkedAt: iso(facts.quota.at)! },
    quotaError: facts.quotaError && { code: facts.quotaError.code, at: iso(facts.quotaError.at)! },
    alerts,
  };
}

/** Counts under a label outside the set (an older deployment's) are counted as "other". */
function boundedFailures(failures: Record<string, number>, labels: readonly string[]): { code: string; count: number }[] {
  const byCode = new Map<string, number>();
  for (const [code, count] of Object.entries(failures)) {
    const label = labels.includes(code) ? code : "other";
    byCode.set(label, (byCode.get(label) ?? 0) + count);
  }
  return [...byCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** The report of `communes` (each read concurrently: on a cluster their keys live on different nodes). */
export async function fleetReport(
  reader: FleetReader,
  communes: readonly FleetCommune[],
  opts: { now: number; withUnknown: boolean },
): Promise<FleetReport> {
  const [oas, unknown] = await Promise.all([
    Promise.all(
      communes.map(async (c) => {
        const [facts, pair] = await Promise.all([reader.facts.read(c.id), reader.tokenOf(c.id)]);
        return oaReport(c, facts, pair, reader.failureLabels, opts.now);
      }),
    ),
    opts.withUnknown ? reader.facts.unknownEvents() : Promise.resolve(null),
  ]);
  return { asOf: new Date(opts.now).toISOString(), oas, unknownOaEvents: unknown };
}
