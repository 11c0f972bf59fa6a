import type { Communes } from "../commune/communes.js";
import { placeOfPin, referralHotline } from "../commune/borders.js";
import type { PlatformEvent } from "../core/platform-event.js";
import type { Database } from "../db/database.js";
import { casesOfCitizen, getCase, openCasesWorklist } from "../cases/case-queries.js";
import { isFollowing } from "../cases/followers.js";
import { findNearbyOpenCases, findUnpinnedDuplicates } from "../cases/nearby-cases.js";
import { casesLeftWithPhone, type PhoneHasher, reporterPhoneMatch } from "../cases/shared-phones.js";
import { findByZaloUserId, onDutyOfficersOfTeam } from "../officers/officer-queries.js";
import { HeldNotices } from "../notices/held-notices.js";
import type { HandoffStore } from "../handoff/store.js";
import type { DossierConnector } from "../dossiers/connector.js";
import type { ProcedureCatalogue } from "../procedures/catalogue.js";
import { lookupDossier } from "../dossiers/lookup.js";
import { codesEndingWith, followedBy } from "../dossiers/repository.js";
import { answeredPurposes, consentsInForce } from "../privacy/consents.js";
import { holdingsOf } from "../privacy/holdings.js";
import { withdrawnPurposes, withoutWithdrawnPhone } from "../privacy/withdrawn-consents.js";
import type { ExportLinks } from "../privacy/export-links.js";
import type { PersonHasher } from "../privacy/person-key.js";
import { type EngineOptions, lookupAllowance } from "./engine.js";
import type { FlowContext } from "./flow.js";
import type { Session } from "./session.js";

export interface ContextDeps {
  db: Database;
  communes: Communes;
  connector: DossierConnector | null;
  lookupLimit: EngineOptions["lookupLimit"];
  handoffs: HandoffStore;
  /** Each commune's procedure catalogue in force (kept in memory, re-read after an import). */
  procedures: { of(communeId: string): { current(): Promise<ProcedureCatalogue> } };
  /** Keyed hash of shared phone numbers (see cases/shared-phones.ts). */
  phoneHash: PhoneHasher;
  /** Personal data: the commune rows are filed under and the keyed hash that names a person there. */
  privacy?: { personHash: PersonHasher; exportLinks?: ExportLinks };
  clock?: () => Date;
}

/** The read-only world a flow step sees for one event. */
export function contextFactory(deps: ContextDeps) {
  return async (event: PlatformEvent, session: Session): Promise<FlowContext> => {
    const now = deps.clock?.() ?? new Date();
    const allowance = lookupAllowance(session, now.getTime(), deps.lookupLimit);
    const commune = deps.communes.get(event.communeId);
    return {
      now,
      userId: event.userId,
      commune,
      procedures: await deps.procedures.of(commune.id).current(),
      lookupAllowance: { left: allowance.left, resetsAt: allowance.resetsAt },
      // The commune's dossiers only: another commune's code is "not found" at this OA.
      lookupDossier: (code) => lookupDossier({ db: deps.db, connector: deps.connector }, commune.id, code),
      completeDossierCode: (tail) => codesEndingWith(deps.db, commune.id, tail),
      followedDossiers: () => followedBy(deps.db, commune.id, event.channel, event.userId),
      async nearbyOpenCases(q) {
        const found = await findNearbyOpenCases(deps.db, {
          communeId: commune.id,
          category: q.category,
          lat: q.latitude,
          lng: q.longitude,
          radiusM: commune.duplicates.radiusMeters,
          maxAgeDays: commune.duplicates.maxAgeDays,
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
      async villageOpenCases(q) {
        // The same query that links the filed case to its possible duplicates (no description or caller to match here).
        const found = await findUnpinnedDuplicates(deps.db, {
          communeId: commune.id,
          category: q.category,
          areaId: q.areaId,
          phoneHash: null,
          description: "",
          maxAgeDays: commune.duplicates.maxAgeDays,
          now,
          excludeCode: "",
        });
        return found
          .filter((c) => c.category === q.category && c.areaId === q.areaId)
          .map((c) => ({ code: c.code, category: c.category, createdAt: c.createdAt, status: c.status }));
      },
      linkedOfficer: () => findByZaloUserId(deps.db, event.communeId, event.userId),
      heldNotices: () => new HeldNotices(deps.db).anyPending(event.channel, event.userId),
      cases: {
        // A case of another commune is not this OA's to show (its officers and citizens are elsewhere).
        // A case handed to another commune (a pin across the border, a transfer) stays its
        // reporter's and followers' to look up at the OA they wrote to.
        get: async (code) => {
          const c = await getCase(deps.db, code);
          if (!c) return null;
          const ours =
            c.communeId === commune.id ||
            (c.contactCommuneId === commune.id && (await isFollowing(deps.db, c.code, event.channel, event.userId)));
          if (!ours) return null;
          // Officers' commands show it: without a phone its reporter no longer lets them call.
          return deps.privacy ? withoutWithdrawnPhone(deps.db, deps.privacy.personHash, c) : c;
        },
        worklist: (teamId, limit) => openCasesWorklist(deps.db, commune.id, teamId, limit, now),
        mine: (limit) => casesOfCitizen(deps.db, event.channel, event.userId, limit),
        follows: (code) => isFollowing(deps.db, code, event.channel, event.userId),
        reporterPhoneMatch: (code) => reporterPhoneMatch(deps.db, deps.phoneHash, code, event.channel, event.userId),
        leftWithPhone: (phone, limit) => casesLeftWithPhone(deps.db, phone, limit),
      },
      handoff: {
        current: () => deps.handoffs.current({ communeId: commune.id, channel: event.channel, userId: event.userId }),
        async officersOnDuty() {
          const team = commune.handoffTeam;
          return team ? (await onDutyOfficersOfTeam(deps.db, team)).filter((o) => o.communeId === commune.id).length : 0;
        },
        isOwnSend: (messageId) => deps.handoffs.isOwnSend(event.channel, messageId),
      },
      communes: deps.communes.list.map((c) => ({ id: c.id, name: c.name })),
      pinCommune(latitude, longitude) {
        const place = placeOfPin(deps.communes, commune, latitude, longitude);
        if (place.kind === "neighbour") return { kind: "neighbour", communeId: place.commune.id, name: place.commune.name };
        return place.kind === "outside" ? { kind: "outside", ...referralHotline(commune) } : { kind: "here" };
      },
      recentMessages: session.recent,
      shareAsked: session.shareAsked,
      ...(deps.privacy ? { privacy: privacyReader(deps.db, deps.privacy, event) } : {}),
    };
  };
}

function privacyReader(db: Database, p: { personHash: PersonHasher; exportLinks?: ExportLinks }, event: PlatformEvent) {
  const who = {
    channel: event.channel,
    userId: event.userId,
    communeId: event.communeId,
    personHash: p.personHash(event.channel, event.userId),
  };
  return {
    holdings: () => holdingsOf(db, who),
    consents: () => consentsInForce(db, who.communeId, who.personHash),
    withdrawn: () => withdrawnPurposes(db, who.communeId, who.personHash),
    answered: () => answeredPurposes(db, who.communeId, who.personHash),
    exportLink: () => p.exportLinks?.urlFor(event.eventId, who) ?? null,
  };
}
