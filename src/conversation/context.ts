import type { CommuneConfig } from "../commune/config.js";
import type { ChannelEvent } from "../core/channel-event.js";
import type { Database } from "../db/database.js";
import { casesOfCitizen, findNearbyOpenCases, getCase, isFollowing, openCasesWorklist } from "../cases/repository.js";
import { casesLeftWithPhone, type PhoneHasher, reporterPhoneMatch } from "../cases/shared-phones.js";
import { findByZaloUserId, onDutyOfficersOfTeam } from "../officers/registry.js";
import type { HandoffStore } from "../handoff/store.js";
import type { DossierConnector } from "../dossiers/connector.js";
import type { ProcedureCatalogue } from "../procedures/catalogue.js";
import { lookupDossier } from "../dossiers/lookup.js";
import { codesEndingWith, followedBy } from "../dossiers/repository.js";
import { consentsInForce } from "../privacy/consents.js";
import { holdingsOf } from "../privacy/holdings.js";
import type { PersonHasher } from "../privacy/person-key.js";
import { type EngineOptions, lookupAllowance } from "./engine.js";
import type { FlowContext } from "./flow.js";
import type { Session } from "./session.js";

export interface ContextDeps {
  db: Database;
  commune: CommuneConfig;
  connector: DossierConnector | null;
  lookupLimit: EngineOptions["lookupLimit"];
  handoffs: HandoffStore;
  /** The procedure catalogue in force (kept in memory, re-read after an import). */
  procedures: { current(): Promise<ProcedureCatalogue> };
  /** Keyed hash of shared phone numbers (see cases/shared-phones.ts). */
  phoneHash: PhoneHasher;
  /** Personal data: the commune rows are filed under and the keyed hash that names a person there. */
  privacy?: { communeId: string; personHash: PersonHasher };
  clock?: () => Date;
}

/** The read-only world a flow step sees for one event. */
export function contextFactory(deps: ContextDeps) {
  return async (event: ChannelEvent, session: Session): Promise<FlowContext> => {
    const now = deps.clock?.() ?? new Date();
    const allowance = lookupAllowance(session, now.getTime(), deps.lookupLimit);
    return {
      now,
      userId: event.userId,
      commune: deps.commune,
      procedures: await deps.procedures.current(),
      lookupAllowance: { left: allowance.left, resetsAt: allowance.resetsAt },
      lookupDossier: (code) => lookupDossier({ db: deps.db, connector: deps.connector }, code),
      completeDossierCode: (tail) => codesEndingWith(deps.db, tail),
      followedDossiers: () => followedBy(deps.db, event.channel, event.userId),
      async nearbyOpenCases(q) {
        const found = await findNearbyOpenCases(deps.db, {
          category: q.category,
          lat: q.latitude,
          lng: q.longitude,
          radiusM: deps.commune.duplicates.radiusMeters,
          maxAgeDays: deps.commune.duplicates.maxAgeDays,
          now,
        });
        return found.map((f) => ({
          code: f.case.code,
          category: f.case.category,
          distanceMeters: f.distanceM,
          createdAt: f.case.createdAt,
          status: f.case.status,
        }));
      },
      linkedOfficer: () => findByZaloUserId(deps.db, event.userId),
      cases: {
        get: (code) => getCase(deps.db, code),
        worklist: (teamId, limit) => openCasesWorklist(deps.db, teamId, limit, now),
        mine: (limit) => casesOfCitizen(deps.db, event.channel, event.userId, limit),
        follows: (code) => isFollowing(deps.db, code, event.channel, event.userId),
        reporterPhoneMatch: (code) => reporterPhoneMatch(deps.db, deps.phoneHash, code, event.channel, event.userId),
        leftWithPhone: (phone, limit) => casesLeftWithPhone(deps.db, phone, limit),
      },
      handoff: {
        current: () => deps.handoffs.current(event.channel, event.userId),
        async officersOnDuty() {
          const team = deps.commune.handoffTeam;
          return team ? (await onDutyOfficersOfTeam(deps.db, team)).length : 0;
        },
        isOwnSend: (messageId) => deps.handoffs.isOwnSend(event.channel, messageId),
      },
      recentMessages: session.recent,
      shareAsked: session.shareAsked,
      ...(deps.privacy ? { privacy: privacyReader(deps.db, deps.privacy, event) } : {}),
    };
  };
}

function privacyReader(db: Database, p: { communeId: string; personHash: PersonHasher }, event: ChannelEvent) {
  const who = {
    channel: event.channel,
    userId: event.userId,
    communeId: p.communeId,
    personHash: p.personHash(event.channel, event.userId),
  };
  return {
    holdings: () => holdingsOf(db, who),
    consents: () => consentsInForce(db, who.communeId, who.personHash),
  };
}
