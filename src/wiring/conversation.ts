import type { RedisConnection } from "../redis.js";
import type { Worker } from "bullmq";
import type { Communes } from "../commune/communes.js";
import type { Config } from "../config.js";
import type { PlatformEvent } from "../core/platform-event.js";
import type { Database } from "../db/database.js";
import { connectorFromConfig } from "../dossiers/connector.js";
import { notePhoneShare, type PhoneHasher } from "../cases/shared-phones.js";
import { contextFactory } from "../conversation/context.js";
import type { Flow, FlowName } from "../conversation/flow.js";
import { handleEvent } from "../conversation/handle-event.js";
import { SessionStore } from "../conversation/session-store.js";
import type { ProcedureCatalogues } from "../procedures/store.js";
import type { ExportLinks } from "../privacy/export-links.js";
import type { PersonHasher } from "../privacy/person-key.js";
import { outboxDispatcher } from "../queues/dispatch.js";
import { createInboundWorker } from "../queues/inbound.js";
import { dossierStatus } from "../../flows/dossier-status.js";
import { violationReport } from "../../flows/violation-report.js";
import { officerDesk } from "../../flows/officer-commands.js";
import { conductor } from "../../flows/conductor.js";
import { communeChoice } from "../../flows/commune-choice.js";
import { provinceOaTurns } from "../conversation/province-oa.js";
import { PROVINCE_OA_HOME, provinceZaloId } from "../core/province-oa.js";
import { communeOfZaloOfficer } from "../officers/officer-queries.js";
import { officerMessage } from "../../flows/officer-message.js";
import { contactCorrection } from "../../flows/contact-correction.js";
import { privacyRequest } from "../../flows/privacy-request.js";
import type { HandoffStore } from "../handoff/store.js";
import type { HotlineOverrides } from "./overrides.js";
import { communeEventPace, type JobQueues } from "./queues.js";

/** Dossier look-ups per citizen: enough for a family's dossiers, too few to enumerate codes. */
const DOSSIER_LOOKUP_LIMIT = { max: 10, windowMs: 10 * 60_000 };

const FLOWS: Record<Exclude<FlowName, "officer-desk">, Flow> = {
  "dossier-status": dossierStatus,
  "violation-report": violationReport,
  "officer-message": officerMessage,
  "contact-correction": contactCorrection,
  "privacy-request": privacyRequest,
};

/** The conversation engine's worker: each inbound event through the flows, its outbox into the queues. */
export function conversationWorker(
  config: Config,
  deps: {
    db: Database;
    communes: Communes;
    redis: RedisConnection;
    /** The queues of the events' shard (or of the one layout without shards). */
    queues: Pick<JobQueues, "inbound" | "outbound" | "cases">;
    /** The key prefix of those queues and of the conversations' keys. */
    prefix: string;
    /** Where sessions were kept before shards (sessions found only there are carried over). */
    legacyPrefix?: string;
    /** Events handled at once by this worker (default 8). */
    concurrency?: number;
    handoffs: HandoffStore;
    phoneHash: PhoneHasher;
    privacy: { personHash: PersonHasher; exportLinks?: ExportLinks };
    lockMs: number;
    procedures: ProcedureCatalogues;
  },
  overrides: HotlineOverrides,
): Worker<PlatformEvent> {
  const store = new SessionStore(deps.redis, deps.prefix, deps.legacyPrefix !== undefined ? { legacyPrefix: deps.legacyPrefix } : {});
  const handler = {
    store,
    engine: {
      script: conductor,
      flows: FLOWS,
      officerDesk,
      idleMs: config.SESSION_IDLE_MINUTES * 60_000,
      lookupLimit: DOSSIER_LOOKUP_LIMIT,
      handoffQuietMs: config.HANDOFF_QUIET_MINUTES * 60_000,
      firstContactNotice: overrides.privacyNotice ?? config.PRIVACY_NOTICE === "first-contact",
    },
    contextFor: contextFactory({
      db: deps.db,
      communes: deps.communes,
      connector: connectorFromConfig(config),
      lookupLimit: DOSSIER_LOOKUP_LIMIT,
      handoffs: deps.handoffs,
      procedures: deps.procedures,
      phoneHash: deps.phoneHash,
      privacy: deps.privacy,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
    }),
    dispatch: outboxDispatcher(deps.queues, (eventId) => store.outboxKey(eventId)),
    // The province-wide OA's conversations choose their commune (issue 24).
    ...(deps.communes.provinceOa ? { provinceOa: provinceOaTurns(deps.communes, communeChoice) } : {}),
  };
  // An officer of a commune without an OA of its own writes to the province OA: the event is their
  // commune's, under their Zalo id there (as their commune file or link names them), so the officer
  // desk knows them. Everyone else on the province OA is a citizen choosing a commune.
  const withoutOa = deps.communes.list.filter((c) => !c.zalo).map((c) => c.id);
  const officerOnProvinceOa = async (event: PlatformEvent): Promise<PlatformEvent> => {
    const zaloId = event.communeId === PROVINCE_OA_HOME ? provinceZaloId(event.userId) : undefined;
    if (zaloId === undefined || withoutOa.length === 0) return event;
    const communeId = await communeOfZaloOfficer(deps.db, withoutOa, zaloId);
    return communeId ? { ...event, communeId, userId: zaloId } : event;
  };
  return createInboundWorker(
    deps.queues.inbound,
    deps.redis,
    deps.prefix,
    async (event, place) => {
      // A shared phone number is noted before the conversation runs, so its step already sees it.
      // Filed under the commune the province OA's conversation chose (a share is asked for only inside a flow, so after the choice).
      const commune =
        event.kind === "submit_info" && event.communeId === PROVINCE_OA_HOME
          ? (await store.load(event.channel, event.userId)).commune
          : null;
      await notePhoneShare(deps.db, deps.phoneHash, commune ? { ...event, communeId: commune } : event);
      return handleEvent(await officerOnProvinceOa(event), handler, place);
    },
    {
      lockDurationMs: deps.lockMs,
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
      // A province of one has no other commune to keep room for.
      ...(deps.communes.list.length > 1
        ? { communeInFlight: config.COMMUNE_EVENTS_IN_FLIGHT, communeRate: communeEventPace(config, deps.communes.list.length) }
        : {}),
    },
  );
}
