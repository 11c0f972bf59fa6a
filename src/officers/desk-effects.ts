import { UnrecoverableError } from "bullmq";
import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import type { Database } from "../db/database.js";
import { actOnCase } from "../cases/actions.js";
import { addProofPhotos } from "../cases/case-changes.js";
import type { Effect } from "../conversation/flow.js";
import { logger } from "../logger.js";
import type { EffectJob } from "../queues/dispatch.js";
import { jobId } from "../queues/names.js";
import { enqueueReplies, type OutboundTarget } from "../queues/outbound.js";
import type { DeskWording } from "./desk-wording.js";
import { oneTimeCodeAttempts } from "../metrics.js";
import type { CodeAttempts } from "./code-attempts.js";
import { linkZaloAccount } from "./link-codes.js";
import { setOnDuty } from "./officer-changes.js";
import { SIGN_IN_CODE_TTL_MS } from "./sign-in-codes.js";
import { getOfficer } from "./officer-queries.js";
import { principalOfOfficer } from "./rights.js";

/**
 * The effects of officers' Zalo messages: linking an account, changing a case, attaching proof,
 * going on or off duty. Each may run twice (a retried job): linking the same account again and a
 * case already in the target status answer as done; proof photos are added once per message. What
 * a change of a case sets in motion (the reporter's notice, the new team's) is written with the
 * change (the case outbox), so a retry that finds the case already moved has lost nothing.
 */
export interface DeskEffectDeps {
  db: Database;
  /** The commune of the OA the officer wrote to. */
  commune: CommuneConfig;
  communes: Communes;
  outbound: OutboundTarget;
  deskSay: DeskWording;
  /** The failed-attempt budget of every one-time code typed in chat. */
  codeAttempts: CodeAttempts;
  /** A one-time dashboard sign-in code for the officer (sign-in-codes.ts). */
  issueSignInCode?: (officerId: string) => Promise<string>;
  /** Rung after a change that wrote outbox rows: the relay of this process takes them at once. */
  wakeRelay?: () => void;
  now?: () => Date;
}

type DeskEffect = Extract<Effect, { type: "linkOfficer" | "caseCommand" | "attachProof" | "setOnDuty" | "signInCode" }>;

export function isDeskEffect(e: Effect): e is DeskEffect {
  return (
    e.type === "linkOfficer" || e.type === "caseCommand" || e.type === "attachProof" || e.type === "setOnDuty" || e.type === "signInCode"
  );
}

export async function runDeskEffect(deps: DeskEffectDeps, job: EffectJob & { effect: DeskEffect }): Promise<void> {
  const { effect, channel, userId, eventId } = job;
  const tell = (text: string) =>
    enqueueReplies(deps.outbound, {
      jobId: jobId("desk", channel, eventId),
      communeId: deps.commune.id,
      userId,
      replies: [{ type: "text", text }],
    });
  const now = deps.now?.() ?? new Date();

  if (effect.type === "linkOfficer") return link(deps, job, effect.code, now, tell);

  const officer = await getOfficer(deps.db, effect.officerId);
  if (!officer) throw new UnrecoverableError(`no officer ${effect.officerId}`);

  switch (effect.type) {
    case "setOnDuty":
      await setOnDuty(deps.db, officer.id, effect.onDuty);
      return;
    case "signInCode": {
      if (!deps.issueSignInCode) throw new UnrecoverableError("dashboard sign-in is not wired in this process");
      // A retried job makes another code, but its reply has the same job id: only one is sent.
      await tell(deps.deskSay.signInCode(await deps.issueSignInCode(officer.id), SIGN_IN_CODE_TTL_MS / 60_000));
      return;
    }
    case "attachProof": {
      // The photo keeper is asked in the same transaction (the case outbox).
      if (await addProofPhotos(deps.db, effect.code, effect.photos, officer.id, eventId, now, "zalo")) deps.wakeRelay?.();
      return;
    }
    case "caseCommand": {
      const r = await actOnCase(
        { db: deps.db, communes: deps.communes, now: () => now },
        principalOfOfficer(officer),
        effect.code,
        effect.action,
        "zalo",
      );
      if ("refused" in r) {
        const a = effect.action;
        // A retry of a change already made (the status is already the target): nothing to say.
        if (r.refused.reason === "not_allowed" && a.kind === "transition" && r.refused.from === a.to) return;
        await tell(deps.deskSay.lostRace(deps.deskSay.refused(r.refused, deps.commune.teams)));
        return;
      }
      if (effect.action.kind !== "note") deps.wakeRelay?.();
      return;
    }
  }
}

/**
 * `#dangky CODE`: within the failed-attempt budget (checked before the code is looked at), link
 * the account; a link that replaced another account tells that account.
 */
async function link(
  deps: DeskEffectDeps,
  job: EffectJob,
  code: string,
  now: Date,
  tell: (text: string) => Promise<unknown>,
): Promise<void> {
  const { channel, userId, eventId } = job;
  const budget = await deps.codeAttempts.reserve(channel, userId, eventId, now.getTime());
  if (!budget.ok) {
    // Neither the code nor the account in the log: the count is what the admin needs.
    logger.warn("one-time code refused: over the failed-attempt budget", {
      purpose: "link",
      retryAfterS: Math.ceil(budget.retryAfterMs / 1000),
    });
    oneTimeCodeAttempts.inc({ purpose: "link", outcome: "locked_out" });
    await tell(deps.deskSay.linkLockedOut(Math.ceil(budget.retryAfterMs / 60_000)));
    return;
  }
  const r = await linkZaloAccount(deps.db, deps.commune.id, code, userId, now);
  if ("refused" in r) {
    logger.info("officer link refused", { reason: r.refused });
    oneTimeCodeAttempts.inc({ purpose: "link", outcome: "refused" });
    await tell(r.refused === "taken" ? deps.deskSay.linkRefused.taken(r.by.name) : deps.deskSay.linkRefused[r.refused]);
    return;
  }
  await deps.codeAttempts.release(channel, userId, eventId);
  oneTimeCodeAttempts.inc({ purpose: "link", outcome: "accepted" });
  logger.info("officer linked a Zalo account", { officer: r.linked.id, again: r.already, replaced: r.previousZaloUserId !== null });
  await tell(deps.deskSay.linked(r.linked.name, deps.commune.teams.find((x) => x.id === r.linked.teamId)?.name ?? null));
  if (r.previousZaloUserId)
    await enqueueReplies(deps.outbound, {
      jobId: jobId("unlinked", channel, eventId),
      communeId: deps.commune.id,
      userId: r.previousZaloUserId,
      replies: [{ type: "text", text: deps.deskSay.unlinkedElsewhere(r.linked.name, now) }],
    });
}
