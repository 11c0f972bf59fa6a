import type { Communes } from "../commune/communes.js";
import type { Database } from "../db/database.js";
import { faultPoint } from "../faults.js";
import { can, canReassign, canSeeCase, canTransfer, inCommune, type Principal } from "../officers/rights.js";
import {
  type Case,
  CASE_TRANSITIONS,
  type CaseNote,
  CaseNotFoundError,
  type CaseStatus,
  canTransition,
  OPEN_STATUSES,
  TransitionNotAllowedError,
} from "./case.js";
import { type ActChannel } from "./case-audit.js";
import { addNote, closeAsDuplicate, reassignCase, transition } from "./case-changes.js";
import { findCase } from "./case-queries.js";
import { transferCase } from "./transfer.js";

/**
 * What an officer does to a case, wherever they act from (the API, a Zalo command): one check of
 * rights and life cycle (`refusalOf`, pure, so a conversation can answer before acting) and one
 * way to do it (`actOnCase`, which checks again inside the change).
 */
export type CaseAction =
  | { kind: "transition"; to: CaseStatus; note?: string }
  | { kind: "note"; body: string }
  | { kind: "duplicate"; of: string }
  | { kind: "reassign"; teamId: string }
  /** To another commune of the province (`transfer.ts`). */
  | { kind: "transfer"; communeId: string; reason: string };

/** Why an action is refused. */
export type Refusal =
  | { reason: "not_found"; code: string }
  | { reason: "other_team"; code: string }
  /** The principal reads the case but acts on none (a commune admin, a dpo, a province user). */
  | { reason: "read_only"; code: string }
  | { reason: "original_other_team"; code: string }
  | { reason: "not_allowed"; code: string; from: CaseStatus; to: CaseStatus; allowed: readonly CaseStatus[] }
  | { reason: "not_open"; code: string; status: CaseStatus }
  | { reason: "same_case"; code: string }
  | { reason: "leads_only"; code: string }
  | { reason: "unknown_team"; teamId: string }
  | { reason: "same_team"; teamId: string }
  | { reason: "unknown_commune"; communeId: string }
  | { reason: "same_commune"; communeId: string };

/** What `refusalOf` needs besides the case: the other case of a duplicate, the commune's teams, the province's communes. */
export interface ActionFacts {
  original?: Case | null;
  teamIds: readonly string[];
  /** The communes of the deployment a case may be transferred to. */
  communeIds?: readonly string[];
}

function transferRefusal(p: Principal, c: Case, action: Extract<CaseAction, { kind: "transfer" }>, facts: ActionFacts): Refusal | null {
  if (!canTransfer(p, c)) return can(p, "cases:act") ? { reason: "leads_only", code: c.code } : { reason: "read_only", code: c.code };
  if (!(facts.communeIds ?? []).includes(action.communeId)) return { reason: "unknown_commune", communeId: action.communeId };
  if (action.communeId === c.communeId) return { reason: "same_commune", communeId: action.communeId };
  if (!OPEN_STATUSES.includes(c.status)) return { reason: "not_open", code: c.code, status: c.status };
  return null;
}

/** Why `p` may not do `action` to `c` now, or null when they may. */
export function refusalOf(p: Principal, c: Case, action: CaseAction, facts: ActionFacts): Refusal | null {
  // Another commune's case is not there at all for this officer: not even its existence shows.
  if (!inCommune(p, c.communeId)) return { reason: "not_found", code: c.code };
  if (!canSeeCase(p, c)) return { reason: "other_team", code: c.code };
  // A transfer has its own right (the commune admin holds it without acting on cases otherwise).
  if (action.kind === "transfer") return transferRefusal(p, c, action, facts);
  if (!can(p, "cases:act")) return { reason: "read_only", code: c.code };
  switch (action.kind) {
    case "transition":
      if (!canTransition(c.status, action.to))
        return { reason: "not_allowed", code: c.code, from: c.status, to: action.to, allowed: CASE_TRANSITIONS[c.status] };
      return null;
    case "note":
      return null;
    case "duplicate":
      if (!facts.original || !inCommune(p, facts.original.communeId)) return { reason: "not_found", code: action.of };
      if (facts.original.code === c.code) return { reason: "same_case", code: c.code };
      // The reporter will follow the original and hear its news: only a case `p` may act on.
      if (!canSeeCase(p, facts.original)) return { reason: "original_other_team", code: facts.original.code };
      if (!OPEN_STATUSES.includes(c.status)) return { reason: "not_open", code: c.code, status: c.status };
      return null;
    case "reassign":
      if (!canReassign(p, c)) return { reason: "leads_only", code: c.code };
      if (!facts.teamIds.includes(action.teamId)) return { reason: "unknown_team", teamId: action.teamId };
      if (action.teamId === c.teamId) return { reason: "same_team", teamId: action.teamId };
      return null;
  }
}

/** A done action: the case after it, its status before, and the note for a note action. */
export interface Acted {
  case: Case;
  from: CaseStatus;
  note?: CaseNote;
}

export interface ActDeps {
  db: Database;
  /** The teams a case may be handed to are its own commune's. */
  communes: Communes;
  now?: () => Date;
}

/**
 * Do `action` as `p` from `channel`, or say why not. Audited with the officer and the channel;
 * what the change sets in motion (notices, escalation) is committed with it (the case outbox):
 * ring the relay after.
 */
export async function actOnCase(
  deps: ActDeps,
  p: Principal,
  code: string,
  action: CaseAction,
  channel: ActChannel,
): Promise<{ done: Acted } | { refused: Refusal }> {
  const c = await findCase(deps.db, code);
  if (!c) return { refused: { reason: "not_found", code } };
  const original = action.kind === "duplicate" ? await findCase(deps.db, action.of) : undefined;
  const refusal = refusalOf(p, c, action, {
    original,
    teamIds: deps.communes.find(c.communeId)?.teams.map((t) => t.id) ?? [],
    communeIds: deps.communes.ids,
  });
  if (refusal) return { refused: refusal };
  const now = deps.now?.() ?? new Date();
  try {
    const done = await act(deps, p, c, action, now, channel);
    faultPoint("case-after-commit");
    return { done };
  } catch (err) {
    // Someone else moved the case between the check and the change.
    if (err instanceof TransitionNotAllowedError) {
      return { refused: { reason: "not_allowed", code: err.code, from: err.from, to: err.to, allowed: CASE_TRANSITIONS[err.from] } };
    }
    if (err instanceof CaseNotFoundError) return { refused: { reason: "not_found", code: err.code } };
    throw err;
  }
}

async function act(deps: ActDeps, p: Principal, c: Case, action: CaseAction, now: Date, channel: ActChannel): Promise<Acted> {
  const db = deps.db;
  switch (action.kind) {
    case "transition":
      return { case: await transition(db, c.code, action.to, p.id, action.note, now, channel), from: c.status };
    case "note":
      return { case: c, from: c.status, note: await addNote(db, c.code, p.id, action.body, now, channel) };
    case "duplicate":
      return { case: await closeAsDuplicate(db, c.code, action.of, p.id, now, channel), from: c.status };
    case "reassign":
      return { case: await reassignCase(db, c.code, action.teamId, p.id, now, channel), from: c.status };
    case "transfer": {
      const from = deps.communes.get(c.communeId);
      const to = deps.communes.get(action.communeId);
      return { case: await transferCase(db, from, to, c.code, p.id, action.reason, now, channel), from: c.status };
    }
  }
}
