/**
 * An officer on Zalo: every message of a linked officer comes here, never to the citizens'
 * flows. Each command gets one short answer: what changed, or why not. Reading commands (#ds,
 * #xem) answer from read-only look-ups; changing commands are checked here with the same rule
 * as the API (`refusalOf`) and done by the `caseCommand` effect, which checks again.
 *
 *   (no state)  waiting for a command
 *   proof       just after #xong: photos sent within PROOF_WINDOW_MS are the resolution's proof
 */
import { fold } from "./text/normalize.js";
import { withinOneEdit } from "./text/typo.js";
import { type CaseAction, refusalOf } from "../src/cases/actions.js";
import { type Case, type CaseDetail, isRefusedPhoto } from "../src/cases/case.js";
import { leadingTrackingCode } from "../src/cases/tracking-code.js";
import { formatDateTimeVN } from "../src/core/local-time.js";
import type { Reply } from "../src/core/reply.js";
import type { Effect, FlowContext, FlowState, OfficerDesk, StepResult } from "../src/conversation/flow.js";
import type { Officer } from "../src/officers/officer-rows.js";
import { normalizeUserRef } from "../src/handoff/handoff.js";
import { canSeeCase, canSeeViolationDetail, inCommune, principalOfOfficer, seesEveryTeam } from "../src/officers/rights.js";
import { say } from "./kit.js";
import { officer as t } from "./messages.officer.vi.js";
import { linkCodeOf, type OfficerCommandName, parseOfficerCommand } from "./officer-commands/parse.js";

/** Photos sent this long after `#xong` are attached to the resolved case. */
export const PROOF_WINDOW_MS = 2 * 60_000;
/** `#ds` lists at most this many cases. */
const WORKLIST_SIZE = 10;
const MAX_PHOTOS_SHOWN = 5;

const proofState = (code: string, until: number): FlowState => ({ name: "officer-desk", step: "proof", data: { code, until }, misses: 0 });

/** A one-reply answer that keeps `state` (an open proof window survives other commands). */
const answer = (state: FlowState | null, text: string, effects: Effect[] = []): StepResult => ({
  replies: [say(text)],
  next: state,
  effects,
});

export const officerDesk: OfficerDesk = {
  link(event) {
    const code = event.kind === "text" ? linkCodeOf(event.text) : null;
    if (code === null) return null;
    if (!code) return answer(null, t.usage(t.usages.dangky));
    // The worker links and answers: whether the code is good is known only there.
    return { replies: [], next: null, effects: [{ type: "linkOfficer", code }] };
  },

  async turn(officer, state, event, ctx) {
    const proof = openProofWindow(state, ctx);
    if (event.kind === "image" && proof) {
      const photos = event.images.map((i) => i.url);
      return answer(proof.state, t.proofAttached(proof.code, photos.length), [
        { type: "attachProof", officerId: officer.id, code: proof.code, photos },
      ]);
    }
    const command = event.kind === "text" ? parseOfficerCommand(event.text) : null;
    if (!command) return answer(proof?.state ?? null, t.notACommand);
    if ("unknown" in command)
      return answer(
        proof?.state ?? null,
        command.nearest ? t.didYouMean(command.unknown, command.nearest) : t.unknownCommand(command.unknown),
      );
    if (command.name === "tl" && event.kind === "text") return relay(officer, event.text, proof?.state ?? null);
    return run(officer, command.name, command.args, proof?.state ?? null, ctx);
  },
};

function openProofWindow(state: FlowState | null, ctx: FlowContext): { state: FlowState; code: string } | null {
  if (state?.step !== "proof") return null;
  const { code, until } = state.data;
  if (typeof code !== "string" || typeof until !== "number" || ctx.now.getTime() > until) return null;
  return { state, code };
}

async function run(
  officer: Officer,
  name: OfficerCommandName,
  args: string,
  state: FlowState | null,
  ctx: FlowContext,
): Promise<StepResult> {
  switch (name) {
    case "huongdan":
      return answer(state, t.commands);
    case "ds":
      return answer(state, await worklist(officer, ctx));
    case "nghi":
      return answer(state, t.offDuty, [{ type: "setOnDuty", officerId: officer.id, onDuty: false }]);
    case "trucban":
      return answer(state, t.onDuty, [{ type: "setOnDuty", officerId: officer.id, onDuty: true }]);
    case "dangky":
      // A new code for an account already linked: the worker answers (relinking a new officer).
      return args.trim()
        ? { replies: [], next: state, effects: [{ type: "linkOfficer", code: args.trim() }] }
        : answer(state, t.usage(t.usages.dangky));
    case "xem":
      return view(officer, args, state, ctx);
    case "dangnhap":
      // The worker makes the code and sends it: this account is the officer's, and just wrote.
      return { replies: [], next: state, effects: [{ type: "signInCode", officerId: officer.id }] };
    case "nhanchat": {
      // The worker takes it (first officer wins) and answers.
      const ref = normalizeUserRef(args);
      return ref
        ? { replies: [], next: state, effects: [{ type: "takeHandoff", officerId: officer.id, ref }] }
        : answer(state, t.usage(t.usages.nhanchat));
    }
    case "bot": {
      if (!args.trim()) return { replies: [], next: state, effects: [{ type: "releaseHandoff", officerId: officer.id }] };
      const ref = normalizeUserRef(args);
      return ref
        ? { replies: [], next: state, effects: [{ type: "releaseHandoff", officerId: officer.id, ref }] }
        : answer(state, t.usage(t.usages.bot));
    }
    default:
      return change(officer, name, args, state, ctx);
  }
}

/**
 * `#tl REF nội dung`: the text goes to the citizen as the officer wrote it (line breaks kept, so
 * it is read from the message itself rather than from the parsed arguments).
 */
function relay(officer: Officer, message: string, state: FlowState | null): StepResult {
  const m = /^\s*#\s*tl\s+(\S+)\s+([\s\S]*\S)\s*$/iu.exec(message.normalize("NFC"));
  const ref = m ? normalizeUserRef(m[1]!) : null;
  if (!m || !ref) return answer(state, t.usage(t.usages.tl));
  return { replies: [], next: state, effects: [{ type: "relayToCitizen", officerId: officer.id, ref, text: m[2]! }] };
}

/** The changing commands: what each needs after the case code, and the action it makes. */
const CHANGES: Partial<Record<OfficerCommandName, (rest: string) => CaseAction | null>> = {
  nhan: () => ({ kind: "transition", to: "acknowledged" }),
  xuly: (rest) => ({ kind: "transition", to: "in_progress", ...(rest ? { note: rest } : {}) }),
  xong: (rest) => (rest ? { kind: "transition", to: "resolved", note: rest } : null),
  tuchoi: (rest) => (rest ? { kind: "transition", to: "rejected", note: rest } : null),
  ghichu: (rest) => (rest ? { kind: "note", body: rest } : null),
  trung: (rest) => {
    const original = leadingTrackingCode(rest);
    return original ? { kind: "duplicate", of: original.code } : null;
  },
  // The team by its id or its name, as typed ("tổ khu nam"): resolved against the commune's teams in `change`.
  chuyen: (rest) => (rest.trim() ? { kind: "reassign", teamId: rest.trim() } : null),
  // The commune and the reason as typed: split against the province's communes in `change`.
  chuyenxa: (rest) => (rest.trim() ? { kind: "transfer", communeId: rest.trim(), reason: "" } : null),
};

async function change(
  officer: Officer,
  name: OfficerCommandName,
  args: string,
  state: FlowState | null,
  ctx: FlowContext,
): Promise<StepResult> {
  const usage = t.usages[name as keyof typeof t.usages];
  const target = leadingTrackingCode(args);
  const read = target ? CHANGES[name]?.(target.rest) : null;
  const action =
    read?.kind === "reassign"
      ? { ...read, teamId: teamNamed(read.teamId, ctx) }
      : read?.kind === "transfer"
        ? { ...read, ...communeNamed(read.communeId, ctx) }
        : read;
  if (!target || !action) return answer(state, t.usage(usage));
  const c = await ctx.cases.get(target.code);
  if (!c) return answer(state, t.refused({ reason: "not_found", code: target.code }, ctx.commune.teams));
  const original = action.kind === "duplicate" ? await ctx.cases.get(action.of) : undefined;
  const communeIds = (ctx.communes ?? [ctx.commune]).map((x) => x.id);
  const refusal = refusalOf(principalOfOfficer(officer), c, action, { original, teamIds: ctx.commune.teams.map((x) => x.id), communeIds });
  if (refusal?.reason === "unknown_commune") return answer(state, t.unknownCommune(refusal.communeId, ctx.communes ?? [], ctx.commune.id));
  if (refusal) return answer(state, t.refused(refusal, ctx.commune.teams));

  const effects: Effect[] = [{ type: "caseCommand", officerId: officer.id, code: c.code, action }];
  // Only a reporter on Zalo hears of it; one who called or came to the counter is not told by the hotline.
  const told = c.reporterChannel === "zalo" && c.reporterUserId !== null;
  // Not told: the officer can call back only when a number was left.
  const reach = told ? "told" : c.contactPhone && !c.anonymous ? "call" : "nobody";
  switch (action.kind) {
    case "transition":
      if (action.to === "resolved") {
        return {
          replies: [say(`${t.moved(c.code, c.status, action.to, reach)}\n${t.resolvedProofHint}`)],
          next: proofState(c.code, ctx.now.getTime() + PROOF_WINDOW_MS),
          effects,
        };
      }
      return answer(state, t.moved(c.code, c.status, action.to, reach), effects);
    case "note":
      return answer(state, t.noteAdded(c.code), effects);
    case "duplicate":
      return answer(state, t.duplicate(c.code, action.of, told), effects);
    case "reassign":
      return answer(state, t.reassigned(c.code, teamName(ctx, action.teamId) ?? action.teamId), effects);
    case "transfer":
      return answer(
        state,
        t.transferred(c.code, ctx.communes?.find((x) => x.id === action.communeId)?.name ?? action.communeId, told),
        effects,
      );
  }
}

/** What an officer wrote after the code of `#chuyenxa`. */
const NO_REASON = "(không ghi lý do)";

/**
 * The commune an officer typed after `#chuyenxa MÃ`, and the reason after it: the commune by its
 * id, or by its name with or without diacritics and the word "xã" ("phu xa", "Xã Phú Xá"), the
 * longest name that fits first; the words after it are the reason. Unknown: what was typed as
 * the id (refused with the list of communes).
 */
function communeNamed(typed: string, ctx: FlowContext): { communeId: string; reason: string } {
  const words = typed.trim().split(/\s+/);
  const communes = ctx.communes ?? [{ id: ctx.commune.id, name: ctx.commune.name }];
  const reasonOf = (rest: string[]) =>
    rest
      .join(" ")
      .replace(/^[-:–,]\s*/, "")
      .trim() || NO_REASON;
  const byId = communes.find((x) => x.id === words[0]!.toLowerCase());
  if (byId) return { communeId: byId.id, reason: reasonOf(words.slice(1)) };
  const folded = words.map((w) => fold(w));
  const start = folded[0] === "xa" ? 1 : 0;
  let best: { id: string; length: number } | null = null;
  for (const x of communes) {
    const name = fold(x.name).split(" ").filter(Boolean);
    const bare = name[0] === "xa" || name[0] === "phuong" || name[0] === "thi" ? name.slice(name[0] === "thi" ? 2 : 1) : name;
    const fits = bare.length > 0 && bare.every((w, i) => folded[start + i] === w);
    if (fits && (!best || bare.length > best.length)) best = { id: x.id, length: bare.length };
  }
  if (!best) return { communeId: words[0]!, reason: reasonOf(words.slice(1)) };
  return { communeId: best.id, reason: reasonOf(words.slice(start + best.length)) };
}

async function view(officer: Officer, args: string, state: FlowState | null, ctx: FlowContext): Promise<StepResult> {
  const target = leadingTrackingCode(args);
  if (!target) return answer(state, t.usage(t.usages.xem));
  const c = await ctx.cases.get(target.code);
  if (!c) return answer(state, t.refused({ reason: "not_found", code: target.code }, ctx.commune.teams));
  const me = principalOfOfficer(officer);
  if (!inCommune(me, c.communeId)) return answer(state, t.refused({ reason: "not_found", code: c.code }, ctx.commune.teams));
  if (!canSeeCase(me, c)) return answer(state, t.refused({ reason: "other_team", code: c.code }, ctx.commune.teams));
  // A violation report's description and photos are for its team, the leader and the dpo only.
  const withheld = isViolation(c, ctx) && !canSeeViolationDetail(me, c);
  const card = t.card(cardOf(c, ctx, withheld));
  const replies: Reply[] = [{ type: "buttons", text: card, buttons: nextButtons(c) }];
  if (!nextButtons(c).length) replies[0] = say(card);
  // A photo from an address the keeper refused is never sent on.
  const shown = withheld ? [] : c.photos.filter((p) => !isRefusedPhoto(p)).slice(0, MAX_PHOTOS_SHOWN);
  replies.push(...shown.map((p): Reply => ({ type: "image", url: p.sourceUrl })));
  // What was shown of the reporter and the report goes to the access audit, as the API's reads do.
  const reads = [
    ...(cardOf(c, ctx, withheld).contact ? [{ what: "contact" as const }] : []),
    ...(shown.length ? [{ what: "photo" as const, detail: shown.map((p) => p.position).join(",") }] : []),
  ];
  return {
    replies,
    next: state,
    ...(reads.length ? { effects: [{ type: "accessRead", officerId: officer.id, code: c.code, reads }] } : {}),
  };
}

/** One-tap next steps on a case card. */
function nextButtons(c: Case) {
  if (c.status === "new") return [t.buttons.acknowledge(c.code)];
  if (c.status === "acknowledged") return [t.buttons.inProgress(c.code)];
  return [];
}

async function worklist(officer: Officer, ctx: FlowContext): Promise<string> {
  const all = seesEveryTeam(principalOfOfficer(officer));
  if (!all && !officer.teamId) return t.noTeam;
  const { cases, total } = await ctx.cases.worklist(all ? null : officer.teamId, WORKLIST_SIZE);
  const now = ctx.now.getTime();
  const lines = cases.map((c) => ({
    code: c.code,
    category: categoryName(ctx, c.category),
    area: areaName(ctx, c.areaId),
    age: t.age(now - c.createdAt.getTime()),
    overdue: isOverdue(c, ctx.now),
    status: c.status,
  }));
  return t.worklist(lines, total, all ? "tất cả các tổ" : (teamName(ctx, officer.teamId) ?? officer.teamId!));
}

const isViolation = (c: Case, ctx: FlowContext) => ctx.commune.categories.find((k) => k.id === c.category)?.violation ?? true;

function cardOf(c: CaseDetail, ctx: FlowContext, withheld: boolean) {
  return {
    code: c.code,
    category: categoryName(ctx, c.category),
    status: c.status,
    team: teamName(ctx, c.teamId),
    area: areaName(ctx, c.areaId),
    address: c.address,
    mapUrl: c.lat !== null && c.lng !== null ? `https://maps.google.com/?q=${c.lat.toFixed(6)},${c.lng.toFixed(6)}` : null,
    description: withheld ? null : c.description,
    photos: c.photos.length,
    contact: c.anonymous || (!c.contactName && !c.contactPhone) ? null : { name: c.contactName, phone: c.contactPhone },
    ackBy: c.ackDueAt ? formatDateTimeVN(c.ackDueAt) : null,
    resolveBy: c.resolveDueAt ? formatDateTimeVN(c.resolveDueAt) : null,
    overdue: isOverdue(c, ctx.now),
    notes: c.notes.slice(-3).map((n) => ({ author: n.author, at: formatDateTimeVN(n.createdAt), body: n.body })),
    rating: c.rating,
  };
}

function isOverdue(c: Case, now: Date): boolean {
  const t0 = now.getTime();
  if (c.status === "new" && c.ackDueAt && c.ackDueAt.getTime() < t0) return true;
  return (
    (c.status === "new" || c.status === "acknowledged" || c.status === "in_progress") && !!c.resolveDueAt && c.resolveDueAt.getTime() < t0
  );
}

const categoryName = (ctx: FlowContext, id: string) => ctx.commune.categories.find((k) => k.id === id)?.name ?? id;
const areaName = (ctx: FlowContext, id: string | null) =>
  ctx.commune.areas.features.find((a) => a.properties.id === id)?.properties.name ?? null;
/**
 * The team an officer typed: its id, or its name in their words ("tổ khu nam", "khu bac", a letter
 * off) when exactly one team's name holds every word typed. Otherwise what was typed (refused as
 * no such team, with the list).
 */
function teamNamed(typed: string, ctx: FlowContext): string {
  const id = typed.split(/\s+/)[0]!.toLowerCase();
  if (ctx.commune.teams.some((x) => x.id === id)) return id;
  const asked = fold(typed)
    .split(" ")
    .filter((w) => w && w !== "to");
  if (!asked.length) return typed;
  const fits = ctx.commune.teams.filter((x) => {
    const name = fold(x.name).split(" ");
    return asked.every((w) => name.some((n) => n === w || (w.length >= 3 && n.length >= 3 && withinOneEdit(w, n))));
  });
  return fits.length === 1 ? fits[0]!.id : typed;
}

const teamName = (ctx: FlowContext, id: string | null) => ctx.commune.teams.find((x) => x.id === id)?.name ?? null;
