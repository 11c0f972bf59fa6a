import type { Job } from "bullmq";
import { currentDataKeys } from "./installed-keys.js";
import { sealContact } from "./sealed-contacts.js";
import type { Database, Queryable } from "../db/database.js";
import { logger } from "../logger.js";
import type { EffectJob } from "../queues/dispatch.js";
import { type PersonRef, recordConsent } from "./consents.js";
import type { PersonHasher } from "./person-key.js";
import { CONSENT_PURPOSES, type ConsentPurpose } from "./purposes.js";
import { recordRequest, settleRequest } from "./requests.js";
import { type DpoDeps, fileDpoRequest } from "./dpo-requests.js";
import type { CommuneConfig } from "../commune/config.js";

/**
 * The citizen's rights used in the chat beyond access and erasure (issue 25), as the conversation
 * hands them over:
 * - `rectification`: the phone and/or name kept on their cases still being handled is replaced;
 * - `restriction`: the hotline uses their data only for what the law requires (handling their
 *   reports and dossiers and answering them); every consent-based purpose (call-backs, ZNS, the
 *   survey, photos kept after the case) is withdrawn, and cases they only follow (someone
 *   else's report) stop sending them notices;
 * - `objection`: the consent-based purposes objected to (one, or all) are withdrawn.
 * Each is recorded in `privacy_requests` under the keyed hash, settled at once with counts.
 */
export type RightsRequest =
  | { kind: "rectification"; phone?: string; name?: string }
  | { kind: "restriction"; textShown: string }
  | { kind: "objection"; purposes: ConsentPurpose[]; textShown: string }
  /** What the hotline cannot settle by itself, in the citizen's words: for the data-protection officer (dpo-requests.ts). */
  | { kind: "dpo"; text: string };

export type RightsEffect = { type: "rightsRequest"; request: RightsRequest };

export function isRightsEffect(e: { type: string }): e is RightsEffect {
  return e.type === "rightsRequest";
}

export interface RightsDeps {
  db: Database;
  communeId: string;
  /** The commune's calendar (deadlines) and the handlers' side of a request for the data-protection officer. */
  commune?: CommuneConfig;
  dpo?: Omit<DpoDeps, "db" | "now">;
  personHash: PersonHasher;
  oaId?: string | null;
  now?: () => Date;
}

/** Cases whose contact a correction changes: those still being handled (closed ones lose it at the purge). */
const STILL_HANDLED = "status NOT IN ('closed', 'rejected')";

export async function runRightsEffect(deps: RightsDeps, job: Pick<Job<EffectJob>, "data">, effect: RightsEffect): Promise<void> {
  const { channel, userId, eventId } = job.data;
  const now = deps.now?.() ?? new Date();
  const who: PersonRef = { communeId: deps.communeId, personHash: deps.personHash(channel, userId), channel };
  const r = effect.request;
  if (r.kind === "dpo") {
    if (!deps.dpo || !deps.commune) throw new Error("requests for the data-protection officer are not wired in this process");
    await fileDpoRequest(
      { ...deps.dpo, db: deps.db, ...(deps.now ? { now: deps.now } : {}) },
      { ...who, userId },
      deps.commune,
      eventId,
      r.text,
    );
    return;
  }
  const request = await recordRequest(deps.db, who, r.kind, eventId, now);
  if (request.doneAt) return;
  const outcome = await deps.db.transaction(async (tx) => {
    switch (r.kind) {
      case "rectification":
        return correctContact(tx, deps.communeId, channel, userId, r);
      case "restriction":
        return {
          consentsWithdrawn: await withdrawAll(tx, who, CONSENT_PURPOSES, r.textShown, eventId, now, deps.oaId ?? null),
          followsDropped: (
            await tx.query(
              `DELETE FROM case_followers f WHERE f.channel = $1 AND f.user_id = $2 AND f.commune_id = $3 AND NOT EXISTS
               (SELECT 1 FROM cases c WHERE c.code = f.case_code AND c.reporter_hash = $4) RETURNING 1`,
              [channel, userId, deps.communeId, currentDataKeys().personHash(channel, userId)],
            )
          ).length,
        };
      case "objection":
        return { consentsWithdrawn: await withdrawAll(tx, who, r.purposes, r.textShown, eventId, now, deps.oaId ?? null) };
    }
  });
  await settleRequest(deps.db, request.id, now, outcome);
  logger.info("a data subject's request settled", { request: request.id, kind: r.kind, ...outcome });
}

/** Replace the phone and/or name on the citizen's cases still being handled, where one was left. */
async function correctContact(
  db: Queryable,
  communeId: string,
  channel: string,
  userId: string,
  r: { phone?: string; name?: string },
): Promise<Record<string, number>> {
  // Contacts are kept sealed, with the phone's keyed hash beside it (sealed-contacts.ts).
  const keys = currentDataKeys();
  const mine = `reporter_hash = $1 AND commune_id = $2 AND NOT anonymous AND ${STILL_HANDLED}`;
  const who = [keys.personHash(channel, userId), communeId];
  const outcome: Record<string, number> = {};
  if (r.phone) {
    const sealed = sealContact(keys, { reporterChannel: null, reporterUserId: null, name: null, phone: r.phone });
    outcome.phonesCorrected = (
      await db.query(
        `UPDATE cases SET contact_phone_sealed = $3, contact_phone_hash = $4 WHERE ${mine} AND contact_phone_sealed IS NOT NULL RETURNING 1`,
        [...who, sealed.contact_phone_sealed, sealed.contact_phone_hash],
      )
    ).length;
  }
  if (r.name)
    outcome.namesCorrected = (
      await db.query(`UPDATE cases SET contact_name_sealed = $3 WHERE ${mine} AND contact_name_sealed IS NOT NULL RETURNING 1`, [
        ...who,
        keys.seal(r.name),
      ])
    ).length;
  return outcome;
}

async function withdrawAll(
  db: Queryable,
  who: PersonRef,
  purposes: readonly ConsentPurpose[],
  textShown: string,
  eventId: string,
  at: Date,
  oaId: string | null,
): Promise<number> {
  for (const purpose of purposes) await recordConsent(db, who, { purpose, granted: false, textShown, eventId, at, oaId });
  return purposes.length;
}
