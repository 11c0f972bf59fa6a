import { type Job, type Queue, UnrecoverableError } from "bullmq";
import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import { officeStatus } from "../commune/hours.js";
import type { Platform } from "../core/platform-event.js";
import type { Reply } from "../core/reply.js";
import type { UserProfiles } from "../core/user-profiles.js";
import type { Database } from "../db/database.js";
import type { Effect } from "../conversation/flow.js";
import { logger } from "../logger.js";
import { getOfficer, listOfficers, onDutyOfficersOfTeam } from "../officers/officer-queries.js";
import { type Officer } from "../officers/officer-rows.js";
import type { EffectJob } from "../queues/dispatch.js";
import { jobId } from "../queues/names.js";
import { enqueueReplies, type OutboundTarget } from "../queues/outbound.js";
import { type CitizenMessage, type HandoffCitizen, type HandoffStatus, LEFT_MESSAGES_CAP, MAX_TEXT } from "./handoff.js";
import { mayTakeConversation } from "./rights.js";
import type { HandoffStore } from "./store.js";
import type { HandoffWording } from "./wording.js";

/**
 * The hand-off's effects, run by the `cases` worker after the conversation committed, and its
 * delayed jobs on the `notify` queue: the quiet period, and messages left outside office hours.
 * Every message sent has a job id made from the event (or the record's sequence number), so a
 * retried job sends nothing twice; the state changes are the store's Lua scripts.
 *
 * Each job runs for the commune it names (an effect: the commune of the OA that received the
 * event; a timed job: the commune that queued it): its hours, its front desk, its OA.
 */
export interface HandoffDeps {
  db: Database;
  communes: Communes;
  store: HandoffStore;
  outbound: OutboundTarget;
  notify: Queue;
  profiles: UserProfiles;
  wording: HandoffWording;
  /** HANDOFF_QUIET_MINUTES in ms. */
  quietMs: number;
  now?: () => Date;
}

export const HANDOFF_JOB = {
  /** The quiet period of a hand-off is over unless someone wrote since (data: `QuietJob`). */
  quiet: "handoff-quiet",
  /** The messages left outside office hours, one digest per front-desk officer at opening (data: `DigestJob`). */
  digest: "handoff-digest",
  /** One message left, queued by a release before digests (data: `LeftMessageJob`); still delivered. */
  leftMessage: "handoff-message",
} as const;

/** Absent only on jobs queued before communes had ids (a province of one's). */
interface JobCommune {
  communeId?: string;
}

interface DigestJob extends JobCommune {
  /** When it was due (epoch ms): names the digest. */
  at: number;
}

interface QuietJob extends JobCommune {
  channel: Platform;
  userId: string;
  ref: string;
  seq: number;
}

interface LeftMessageJob extends JobCommune {
  channel: Platform;
  userId: string;
  ref: string;
  name: string | null;
  text: string;
  /** Epoch ms the citizen wrote it. */
  at: number;
  eventId: string;
}

type HandoffEffect = Extract<
  Effect,
  {
    type:
      | "requestHandoff"
      | "leaveMessage"
      | "handoffMessage"
      | "endHandoff"
      | "takeHandoff"
      | "relayToCitizen"
      | "releaseHandoff"
      | "agentEcho";
  }
>;

const HANDOFF_EFFECTS: ReadonlySet<string> = new Set<HandoffEffect["type"]>([
  "requestHandoff",
  "leaveMessage",
  "handoffMessage",
  "endHandoff",
  "takeHandoff",
  "relayToCitizen",
  "releaseHandoff",
  "agentEcho",
]);

export function isHandoffEffect(e: Effect): e is HandoffEffect {
  return HANDOFF_EFFECTS.has(e.type);
}

/** The deps of one job: with the commune it runs for. */
interface Desk extends HandoffDeps {
  commune: CommuneConfig;
}

function deskFor(deps: HandoffDeps, data: JobCommune): Desk {
  if (data.communeId !== undefined) return { ...deps, commune: deps.communes.get(data.communeId) };
  const only = deps.communes.only();
  if (!only) throw new UnrecoverableError("a hand-off job without a commune, in a deployment of several communes");
  return { ...deps, commune: only };
}

export async function runHandoffEffect(shared: HandoffDeps, job: EffectJob & { effect: HandoffEffect }): Promise<void> {
  const { effect } = job;
  const deps = deskFor(shared, job);
  switch (effect.type) {
    case "requestHandoff":
      return request(deps, job, effect);
    case "leaveMessage":
      return leaveMessage(deps, job, effect.text);
    case "handoffMessage":
      return citizenWrote(deps, job, effect);
    case "endHandoff":
      return endQuietly(deps, job, effect);
    case "takeHandoff":
      return take(deps, job, effect.officerId, effect.ref, null);
    case "relayToCitizen":
      return take(deps, job, effect.officerId, effect.ref, effect.text);
    case "releaseHandoff":
      return release(deps, job, effect.officerId, effect.ref);
    case "agentEcho":
      return echo(deps, job, effect.adminId);
  }
}

/** Jobs of the `notify` queue that belong to the hand-off. */
export function handoffJobs(deps: HandoffDeps): Record<string, (job: Job) => Promise<unknown>> {
  return {
    [HANDOFF_JOB.quiet]: (job: Job<QuietJob>) => quietPeriodOver(deskFor(deps, job.data), job.data),
    [HANDOFF_JOB.digest]: (job: Job<DigestJob>) => deliverDigest(deskFor(deps, job.data), job.id ?? `digest-${job.data.at}`),
    [HANDOFF_JOB.leftMessage]: (job: Job<LeftMessageJob>) => deliverLeftMessage(deskFor(deps, job.data), job.data),
  };
}

const nowOf = (deps: HandoffDeps) => deps.now?.() ?? new Date();

function send(deps: Desk, id: string[], userId: string, replies: Reply[]) {
  return enqueueReplies(deps.outbound, { jobId: jobId("handoff", ...id), communeId: deps.commune.id, userId, replies });
}
const text = (t: string): Reply => ({ type: "text", text: t });
/** The citizen whose event the job carries (of the job's commune). */
const citizenOf = (deps: Desk, job: { channel: Platform; userId: string }): HandoffCitizen => ({
  communeId: deps.commune.id,
  channel: job.channel,
  userId: job.userId,
});

/** Start (again) the quiet period from the record's latest change. */
async function scheduleQuiet(deps: Desk, c: HandoffCitizen): Promise<void> {
  const h = await deps.store.current(c);
  if (!h || (h.status !== "waiting" && h.status !== "taken")) return;
  const data: QuietJob = { communeId: c.communeId, channel: c.channel, userId: c.userId, ref: h.ref, seq: h.seq };
  await deps.notify.add(HANDOFF_JOB.quiet, data, { jobId: jobId("handoff-quiet", h.ref, String(h.seq)), delay: deps.quietMs });
}

async function request(deps: Desk, job: EffectJob, effect: Extract<HandoffEffect, { type: "requestHandoff" }>): Promise<void> {
  const { channel, userId, eventId } = job;
  const team = deps.commune.handoffTeam;
  if (!team) {
    logger.warn("hand-off asked for but the commune config names no handoffTeam");
    return;
  }
  const now = nowOf(deps).getTime();
  const citizen = citizenOf(deps, job);
  const { ref, outcome } = await deps.store.request(citizen, { eventId, now, recent: effect.recent });
  // Asked twice at once (two taps): the first request stands.
  if (outcome === "already") return;
  const officers = await onDutyFrontDesk(deps, team);
  if (!officers.length) {
    // The last officer went off duty since the citizen was answered: say so rather than leave them waiting.
    await deps.store.end(citizen, ref, { officerId: null, eventId });
    await send(deps, ["none", channel, eventId], userId, [deps.wording.noOfficerNow(deps.commune)]);
    logger.warn("hand-off asked for, no front-desk officer on duty", { ref });
    return;
  }
  const name = await deps.profiles.displayName(channel, { communeId: deps.commune.id, userId });
  if (name) await deps.store.setName(citizen, name);
  await deps.store.setNotified(
    citizen,
    officers.map((o) => o.id),
  );
  const h = await deps.store.current(citizen);
  const notice = deps.wording.request({ ref, name, recent: h?.recent ?? effect.recent });
  for (const o of officers) await send(deps, ["request", channel, eventId, o.id], o.zaloUserId!, [notice]);
  await scheduleQuiet(deps, citizen);
  logger.info("hand-off requested", { ref, officers: officers.length });
}

/**
 * A message left for the front desk: it joins the citizen's one waiting conversation (at most
 * `LEFT_MESSAGES_CAP` messages until the next digest), and the digest of the next opening is
 * scheduled — one job per opening whatever the number of messages (at once when the office is
 * open: nobody was on duty to answer live).
 */
async function leaveMessage(deps: Desk, job: EffectJob, messageText: string): Promise<void> {
  const { channel, userId, eventId } = job;
  const now = nowOf(deps);
  const message: CitizenMessage = { id: eventId, at: now.getTime(), text: messageText.slice(0, MAX_TEXT) };
  const citizen = citizenOf(deps, job);
  const left = await deps.store.leave(citizen, { eventId, message, cap: LEFT_MESSAGES_CAP });
  if (left.outcome === "full" || left.outcome === "live") {
    logger.info("message for the front desk not kept", { ref: left.ref, why: left.outcome });
    return;
  }
  const name = await deps.profiles.displayName(channel, { communeId: deps.commune.id, userId });
  if (name) await deps.store.setName(citizen, name);
  // The commune's own hours: each commune's front desk gets its digest at its own opening.
  const status = officeStatus(deps.commune, now);
  const deliverAt = status.openNow ? now : (status.nextOpening?.opensAt ?? now);
  const communeId = deps.commune.id;
  await deps.notify.add(HANDOFF_JOB.digest, { communeId, at: deliverAt.getTime() } satisfies DigestJob, {
    jobId: status.openNow
      ? jobId("handoff-digest", communeId, "now", channel, eventId)
      : jobId("handoff-digest", communeId, String(deliverAt.getTime())),
    delay: Math.max(0, deliverAt.getTime() - now.getTime()),
  });
  logger.info("message left for the front desk", { ref: left.ref, waiting: left.waiting, deliverAt: deliverAt.toISOString() });
}

/** The commune's front-desk officers on duty (a team is one commune's; an officer elsewhere never answers here). */
async function onDutyFrontDesk(deps: Desk, team: string): Promise<Officer[]> {
  return (await onDutyOfficersOfTeam(deps.db, team)).filter((o) => o.communeId === deps.commune.id);
}

/** The officers a digest or a message left goes to: on duty, else the team's members rather than nobody. */
async function frontDesk(deps: Desk): Promise<Officer[]> {
  const team = deps.commune.handoffTeam;
  if (!team) return [];
  const officers = await onDutyFrontDesk(deps, team);
  if (officers.length) return officers;
  return (await listOfficers(deps.db, deps.commune.id)).filter((o) => o.teamId === team && o.active && o.zaloUserId);
}

/**
 * At opening: every citizen who left messages, in one digest per front-desk officer (one
 * outbound job each, so the morning backlog is a few jobs, never one per message: other
 * citizens' replies do not queue behind it). A retried job claims the same citizens and sends
 * under the same job ids.
 */
async function deliverDigest(deps: Desk, digestId: string): Promise<void> {
  const communeId = deps.commune.id;
  const refs = await deps.store.claimLeft(communeId, digestId);
  if (!refs.length) return;
  const entries: { ref: string; name: string | null; messages: CitizenMessage[] }[] = [];
  const counts = new Map<string, number>();
  for (const ref of refs) {
    const h = await deps.store.byRef(ref);
    // Taken meanwhile (an officer wrote first), or expired: nothing waits any more.
    if (!h || h.communeId !== communeId || h.status !== "left" || h.left <= 0) continue;
    entries.push({ ref, name: h.name, messages: h.recent.slice(-h.left) });
    counts.set(ref, h.left);
  }
  const officers = entries.length ? await frontDesk(deps) : [];
  if (entries.length && !officers.length) {
    logger.error("messages left for the front desk have nobody to go to: link the Zalo accounts of the handoffTeam", {
      citizens: entries.length,
    });
    return;
  }
  const ids = officers.map((o) => o.id);
  for (const e of entries) {
    const who = await deps.store.resolve(e.ref);
    if (who) await deps.store.setNotified(who, ids);
  }
  if (entries.length) {
    const digest = deps.wording.leftDigest(entries);
    for (const o of officers) await send(deps, ["digest", digestId, o.id], o.zaloUserId!, digest);
  }
  await deps.store.digested(communeId, digestId, counts);
  logger.info("messages left outside office hours delivered as a digest", { citizens: entries.length, officers: officers.length });
}

async function deliverLeftMessage(deps: Desk, m: LeftMessageJob): Promise<void> {
  const officers = await frontDesk(deps);
  if (!officers.length) {
    logger.error("a message left for the front desk has nobody to go to: link the Zalo accounts of the handoffTeam", { ref: m.ref });
    return;
  }
  await deps.store.setNotified(
    citizenOf(deps, m),
    officers.map((o) => o.id),
  );
  const notice = deps.wording.leftMessage({ ref: m.ref, name: m.name, text: m.text, at: new Date(m.at) });
  for (const o of officers) await send(deps, ["left", m.channel, m.eventId, o.id], o.zaloUserId!, [notice]);
  logger.info("message left outside office hours delivered", { ref: m.ref, officers: officers.length });
}

async function citizenWrote(deps: Desk, job: EffectJob, effect: Extract<HandoffEffect, { type: "handoffMessage" }>): Promise<void> {
  const { channel, eventId } = job;
  const citizen = citizenOf(deps, job);
  const status = await deps.store.citizenWrote(citizen, effect.ref, { now: nowOf(deps).getTime(), message: effect.message });
  if (status === "off") {
    logger.info("a message written during a hand-off that had just ended", { ref: effect.ref });
    return;
  }
  const h = await deps.store.current(citizen);
  if (h?.status === "taken" && h.officerId && effect.message) {
    const officer = await getOfficer(deps.db, h.officerId);
    if (officer?.zaloUserId)
      await send(
        deps,
        ["relay", channel, eventId],
        officer.zaloUserId,
        deps.wording.relayed({ ref: h.ref, name: h.name, message: effect.message }),
      );
  }
  await scheduleQuiet(deps, citizen);
}

async function endQuietly(deps: Desk, job: EffectJob, effect: Extract<HandoffEffect, { type: "endHandoff" }>): Promise<void> {
  const { channel, eventId } = job;
  // The citizen's own word ends it whatever was written since; the quiet period only if nobody wrote.
  const seq = effect.reason === "quiet" ? { seq: effect.seq } : {};
  const r = await deps.store.end(citizenOf(deps, job), effect.ref, { officerId: effect.officerId, ...seq, eventId });
  if (r.outcome !== "ended") return;
  logger.info("hand-off ended", { ref: effect.ref, reason: effect.reason });
  const officer = r.officerId ? await getOfficer(deps.db, r.officerId) : null;
  const told = effect.reason === "quiet" ? deps.wording.releasedQuiet(effect.ref, deps.quietMs) : deps.wording.endedByCitizen(effect.ref);
  if (officer?.zaloUserId) await send(deps, ["ended", channel, eventId], officer.zaloUserId, [text(told)]);
}

async function quietPeriodOver(deps: Desk, q: QuietJob): Promise<void> {
  const citizen = citizenOf(deps, q);
  const h = await deps.store.current(citizen);
  if (!h) return;
  const r = await deps.store.end(citizen, q.ref, { officerId: h.officerId, seq: q.seq, eventId: `quiet:${q.ref}:${q.seq}` });
  if (r.outcome !== "ended") return;
  logger.info("hand-off ended after the quiet period", { ref: q.ref, from: r.from });
  const back = r.from === "waiting" ? deps.wording.botBackUnanswered(deps.commune) : deps.wording.botBack(deps.commune);
  await send(deps, ["back", q.ref, String(q.seq)], q.userId, [back]);
  const officer = r.officerId ? await getOfficer(deps.db, r.officerId) : null;
  if (officer?.zaloUserId)
    await send(deps, ["quiet", q.ref, String(q.seq)], officer.zaloUserId, [text(deps.wording.releasedQuiet(q.ref, deps.quietMs))]);
}

/** `#nhanchat REF` (`relay` null), or `#tl REF text`. The officer is the job's user. */
async function take(deps: Desk, job: EffectJob, officerId: string, ref: string, relay: string | null): Promise<void> {
  const { channel, eventId } = job;
  const w = deps.wording;
  const tellOfficer = (t: string) => send(deps, ["desk", channel, eventId], job.userId, [text(t)]);
  const officer = await getOfficer(deps.db, officerId);
  if (!officer) return;
  const who = await deps.store.resolve(ref);
  if (!who) return void (await tellOfficer(w.unknownRef(ref)));
  // The job's commune is the OA the officer wrote to; a citizen of another commune is not theirs.
  if (!(await mayTakeConversation(deps.db, deps.commune, officer, who))) {
    logger.info("conversation not taken: not the front desk nor the team of the citizen's case, in the citizen's commune", {
      ref,
      officer: officer.id,
    });
    return void (await tellOfficer(w.notYours(ref)));
  }
  const r = await deps.store.take(ref, officerId, { eventId, now: nowOf(deps).getTime(), allowOff: relay !== null });
  switch (r.outcome) {
    case "unknown":
      return void (await tellOfficer(w.unknownRef(ref)));
    case "off":
      return void (await tellOfficer(w.notWaiting(ref)));
    case "other":
      return void (await tellOfficer(w.takenByOther(ref, await nameOf(deps, r.officerId))));
    case "mine":
      if (relay === null) return void (await tellOfficer(w.alreadyYours(ref)));
      break;
    case "ok":
      await taken(deps, job, officer, ref, { tellCitizen: relay === null, from: r.from });
      break;
  }
  const h = await deps.store.byRef(ref);
  if (!h) return;
  if (relay !== null) await send(deps, ["tl", channel, eventId], h.userId, [text(w.officerSays(officer.name, relay))]);
  await scheduleQuiet(deps, h);
}

/**
 * Just taken: the officer sees what was written, the citizen who answers (unless the officer's
 * first words say it), and the officers told of a request or a message left that it is taken.
 */
async function taken(
  deps: Desk,
  job: EffectJob,
  officer: Officer,
  ref: string,
  o: { tellCitizen: boolean; from: HandoffStatus },
): Promise<void> {
  const h = await deps.store.byRef(ref);
  if (!h) return;
  const { channel, eventId } = job;
  await send(deps, ["taken", channel, eventId], job.userId, [text(deps.wording.taken({ ref, name: h.name, recent: h.recent }))]);
  if (o.tellCitizen) await send(deps, ["joined", channel, eventId], h.userId, [text(deps.wording.officerJoined(officer.name))]);
  if (o.from === "waiting" || o.from === "left") {
    await tellOthers(
      deps,
      h.notified.filter((id) => id !== officer.id),
      ["elsewhere", channel, eventId],
      deps.wording.takenElsewhere(ref, officer.name),
    );
  }
  logger.info("hand-off taken", { ref, officer: officer.id });
}

async function tellOthers(deps: Desk, officerIds: string[], id: string[], message: string): Promise<void> {
  for (const oid of officerIds) {
    const o = await getOfficer(deps.db, oid);
    if (o?.zaloUserId && o.active) await send(deps, [...id, oid], o.zaloUserId, [text(message)]);
  }
}

/** `#bot [REF]`: the conversation goes back to the bot, and the citizen is told with the menu. */
async function release(deps: Desk, job: EffectJob, officerId: string, typedRef: string | undefined): Promise<void> {
  const { channel, eventId } = job;
  const w = deps.wording;
  const tellOfficer = (t: string) => send(deps, ["desk", channel, eventId], job.userId, [text(t)]);
  let ref = typedRef;
  if (!ref) {
    const held = await deps.store.heldBy(officerId);
    if (held.length !== 1) return void (await tellOfficer(held.length ? w.whichToRelease(held) : w.nothingHeld));
    ref = held[0]!;
  }
  const h = await deps.store.byRef(ref);
  if (!h) return void (await tellOfficer(w.unknownRef(ref)));
  // A citizen of another commune is none of this OA's officers' (not even who holds it there).
  if (h.communeId !== deps.commune.id) return void (await tellOfficer(w.notYours(ref)));
  // Another officer's conversation stays theirs (the quiet period ends it if they left).
  if (h.officerId && h.officerId !== officerId) return void (await tellOfficer(w.takenByOther(ref, await nameOf(deps, h.officerId))));
  // A request nobody holds yet (or the console's) is ended only by those who may take it.
  if (h.officerId !== officerId) {
    const officer = await getOfficer(deps.db, officerId);
    if (!officer || !(await mayTakeConversation(deps.db, deps.commune, officer, h))) return void (await tellOfficer(w.notYours(ref)));
  }
  const r = await deps.store.end(h, ref, { officerId: h.officerId, eventId });
  if (r.outcome !== "ended")
    return void (await tellOfficer(
      r.outcome === "off" ? w.notWaiting(ref) : w.takenByOther(ref, await nameOf(deps, (await deps.store.byRef(ref))?.officerId ?? null)),
    ));
  await send(deps, ["back", channel, eventId], h.userId, [w.botBack(deps.commune)]);
  await tellOfficer(w.released(ref));
  logger.info("hand-off given back to the bot", { ref, officer: officerId });
}

/**
 * An echo of a message of the OA. A message the hotline sent is its own (the outbound worker
 * recorded its id; the job waited for that); anything else — typed in the OA console, with or
 * without an admin id — is a person answering: the conversation is theirs, the bot goes quiet.
 */
async function echo(deps: Desk, job: EffectJob, adminId: string | undefined): Promise<void> {
  const { channel, eventId } = job;
  if (!adminId && (await deps.store.isOwnSend(channel, eventId))) return;
  const citizen = citizenOf(deps, job);
  const r = await deps.store.echo(citizen, { console: adminId ?? "console", eventId, now: nowOf(deps).getTime() });
  if (r.outcome === "started") {
    logger.info("a person answers in the OA console", { from: r.from, admin: adminId !== undefined });
    const h = await deps.store.current(citizen);
    if (h && r.from === "waiting")
      await tellOthers(deps, h.notified, ["console", channel, eventId], deps.wording.takenElsewhere(h.ref, deps.wording.console));
  }
  await scheduleQuiet(deps, citizen);
}

async function nameOf(deps: Desk, officerId: string | null): Promise<string> {
  if (!officerId) return deps.wording.console;
  return (await getOfficer(deps.db, officerId))?.name ?? officerId;
}
