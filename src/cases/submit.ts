import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import type { CommuneConfig } from "../commune/config.js";
import type { Communes } from "../commune/communes.js";
import { placeOfPin } from "../commune/borders.js";
import type { Database } from "../db/database.js";
import { formatDateTimeVN } from "../core/local-time.js";
import { logger } from "../logger.js";
import type { EffectJob } from "../queues/dispatch.js";
import { jobId } from "../queues/names.js";
import { enqueueReplies, type OutboundTarget } from "../queues/outbound.js";
import { type Case, CaseInputError, type NewCase } from "./case.js";
import type { CaseWording } from "./wording.js";
import type { PhotoHostPatterns } from "./photo-download.js";
import { refuseOutside } from "./photos.js";
import { fileCase } from "./file-case.js";

/**
 * Filing a finished report (the `submitCase` effect) as a case. What follows it (the reporter's
 * confirmation, the escalation clock, the officers' notification and the photo keeper) is written
 * with the case in one transaction (the case outbox) and relayed to the queues after: BullMQ may
 * retry the job from the top, the case is found again by its source key (`zalo:<event id>`), and
 * nothing of its follow-up is lost or doubled by a crash or a Redis outage after the commit.
 */

/** The `submitCase` effect job as it comes back from Redis. */
export const submitCaseJobSchema = z.object({
  channel: z.string().min(1),
  userId: z.string().min(1),
  eventId: z.string().min(1),
  effect: z.object({
    type: z.literal("submitCase"),
    report: z.object({
      category: z.string().min(1),
      latitude: z.number().optional(),
      longitude: z.number().optional(),
      address: z.string().optional(),
      areaId: z.string().optional(),
      photos: z.array(z.string()),
      description: z.string(),
      contact: z.object({ name: z.string().optional(), phone: z.string().optional() }).optional(),
    }),
  }),
});
export type SubmitCaseJob = z.infer<typeof submitCaseJobSchema>;

export interface SubmitDeps {
  db: Database;
  /** The commune whose OA received the report (the reporter's: their notices go through its OA). */
  commune: CommuneConfig;
  /**
   * The deployment's communes: a report pinned inside another of them is filed there (borders,
   * issue 24). Absent: every report is `commune`'s.
   */
  communes?: Communes;
  /** Where the reporter is told that a report could not be filed. */
  outbound: OutboundTarget;
  say: CaseWording;
  /** Where photos may come from (`PHOTO_URL_HOSTS`): others are recorded as refused at filing. */
  photoHosts?: PhotoHostPatterns;
  /** Rung after a filing: the relay of this process takes its outbox rows at once. */
  wakeRelay?: () => void;
  now?: () => Date;
}

/** The source key of a report filed over a messaging platform: one event, one case. */
export function sourceKeyOf(job: { channel: string; eventId: string }): string {
  return `${job.channel}:${job.eventId}`;
}

/** The case to file for a finished report. No contact given ⇔ anonymous. */
export function newCaseFromReport(job: SubmitCaseJob): NewCase {
  const r = job.effect.report;
  const name = r.contact?.name?.trim() || undefined;
  const phone = r.contact?.phone?.trim() || undefined;
  const anonymous = !name && !phone;
  return {
    sourceKey: sourceKeyOf(job),
    channel: "zalo",
    category: r.category,
    ...(r.latitude !== undefined && r.longitude !== undefined ? { location: { lat: r.latitude, lng: r.longitude } } : {}),
    ...(r.address?.trim() ? { address: r.address.trim() } : {}),
    ...(r.areaId ? { areaId: r.areaId } : {}),
    description: r.description,
    anonymous,
    // Kept even for an anonymous report, only to send the reporter the case's progress.
    reporter: { channel: job.channel, userId: job.userId },
    ...(anonymous ? {} : { contact: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } }),
    photos: r.photos,
    actor: "citizen",
  };
}

/**
 * The reporter's confirmation for a filed case; `commune` is the one handling it. A case filed
 * in another commune than the one the reporter wrote to (a pin across the border) says so, once.
 */
export function confirmationText(c: Case, commune: CommuneConfig, say: CaseWording): string {
  return say.filed({
    ...(c.contactCommuneId !== c.communeId ? { handledBy: commune.name } : {}),
    code: c.code,
    category: commune.categories.find((k) => k.id === c.category)?.name ?? c.category,
    team: commune.teams.find((t) => t.id === c.teamId)?.name ?? say.unknownTeam,
    ackBy: c.ackDueAt ? formatDateTimeVN(c.ackDueAt) : null,
    hotline: commune.hotline,
  });
}

/**
 * The commune that handles a report: the one its pin lies in when that is another commune of the
 * deployment (decided again here from the pin, as the conversation did: the configuration may
 * have changed in between); otherwise the commune the reporter wrote to. A pin outside every
 * commune was refused by the conversation; one that comes anyway is filed where it was sent.
 */
export function handlingCommune(deps: Pick<SubmitDeps, "commune" | "communes">, r: SubmitCaseJob["effect"]["report"]): CommuneConfig {
  if (!deps.communes || r.latitude === undefined || r.longitude === undefined) return deps.commune;
  const place = placeOfPin(deps.communes, deps.commune, r.latitude, r.longitude);
  return place.kind === "neighbour" ? place.commune : deps.commune;
}

/**
 * Run a `submitCase` effect job: file the case once, with its follow-up in the outbox (the
 * reporter's confirmation, the escalation clock, the officers' notification, the photo keeper).
 */
export async function submitReport(deps: SubmitDeps, data: EffectJob, attempt: { last: boolean } = { last: true }): Promise<Case> {
  const parsed = submitCaseJobSchema.safeParse(data);
  if (!parsed.success)
    throw new UnrecoverableError(`submitCase job data does not match the schema: ${parsed.error.issues[0]?.message ?? ""}`);
  const job = parsed.data;
  // Platforms other than Zalo have no outbound channel yet: the confirmation could not go out.
  if (job.channel !== "zalo") throw new UnrecoverableError(`reports from channel ${job.channel} are not supported`);

  const handler = handlingCommune(deps, job.effect.report);
  let filed: { case: Case; created: boolean };
  try {
    filed = await fileCase(deps.db, handler, newCaseFromReport(job), {
      confirmToReporter: true,
      ...(handler.id !== deps.commune.id ? { contactCommuneId: deps.commune.id } : {}),
      ...(deps.now ? { now: deps.now() } : {}),
      ...(deps.photoHosts ? { refusePhoto: refuseOutside(deps.photoHosts) } : {}),
    });
  } catch (err) {
    // The resident must not wait for a code that never comes: a report that cannot be filed for
    // good (invalid — the flow validated it, so a bug or a config change mid-conversation — or
    // the database failing through every retry) is told, with the hotline to call.
    const forGood = err instanceof CaseInputError || attempt.last;
    if (!forGood) throw err;
    logger.error("report could not be filed", {
      event: job.eventId,
      ...(err instanceof CaseInputError ? { field: err.field } : {}),
      err: (err as Error).message,
    });
    await enqueueReplies(deps.outbound, {
      jobId: jobId("case-not-filed", job.channel, job.eventId),
      communeId: deps.commune.id,
      userId: job.userId,
      replies: [{ type: "text", text: deps.say.notFiled(deps.commune.hotline) }],
    });
    if (err instanceof CaseInputError) throw new UnrecoverableError(`report not filed: ${err.message}`);
    throw err;
  }
  const c = filed.case;

  deps.wakeRelay?.();

  logger.info(filed.created ? "case filed" : "case already filed for this report", {
    case: c.code,
    team: c.teamId,
    area: c.areaId,
    photos: job.effect.report.photos.length,
    anonymous: c.anonymous,
  });
  return c;
}
