import { createHash } from "node:crypto";
import type { Communes } from "../commune/communes.js";
import { templateData, type ZnsTemplate } from "../commune/zns-templates.js";
import { findCase } from "../cases/case-queries.js";
import { nationalPhone } from "../core/phone.js";
import type { TemplateSender } from "../core/template-sender.js";
import type { Database } from "../db/database.js";
import { logger } from "../logger.js";
import { consentsInForce } from "../privacy/consents.js";
import type { PersonHasher } from "../privacy/person-key.js";
import type { HoldStore } from "../queues/outbound.js";
import type { TemplateNotice } from "../queues/outbound-job.js";
import { type NoticeFacts, NoticeDeliveries } from "./notice-deliveries.js";
import type { ZnsQuota } from "./zns-quota.js";

/**
 * Zalo's refusals that mean "the consultation window is closed" (ZALO.md: -230/-232 no interaction
 * in the allowed window). Other reasons to hold (night, the user blocked the OA, restricted
 * message types) keep the notice held as before: ZNS is for the window only.
 */
const WINDOW_CLOSED = new Set(["-230", "-232"]);

type HoldRequest = Parameters<HoldStore["hold"]>[0];

/** Why a notice was held rather than sent by ZNS (the audit event says it). */
type HeldBecause =
  "not_window" | "no_template" | "not_reporter" | "no_phone" | "no_consent" | "quota" | "zns_refused" | "zns_failed" | "zns_unknown";

export interface AfterWindowDeps {
  db: Database;
  communes: Communes;
  /** Where notices are kept for the citizen's next message (`HeldNotices`). */
  held: { hold(n: HoldRequest): Promise<number | null> };
  /** ZNS (`znsSender` from webhooks/zalo/zns.ts); absent: every notice is held. */
  templates?: TemplateSender;
  quota: ZnsQuota;
  personHash: PersonHasher;
  now?: () => Date;
}

/**
 * Notices after Zalo's window (issue 24). The outbound worker hands here what it cannot deliver
 * now; a case notice whose user is out of the window goes by the commune's ZNS template to the
 * phone the reporter shared, when they consented (`zns_notices`), the commune has the template and
 * the OA has quota left today. Anything else is held as before. Every case notice's path —
 * consultation message, ZNS or held — is recorded in the case's audit trail.
 *
 * Never twice: the send is claimed in `notice_deliveries` before Zalo is asked. A refusal a later
 * attempt may pass releases the claim and throws (the job retries; on its last attempt the notice
 * is held instead); an answer that is unknown (a timeout after sending) is never retried by ZNS:
 * the notice is held, so the citizen reads it when they write again.
 */
export class AfterWindow implements HoldStore {
  private readonly deliveries: NoticeDeliveries;
  private readonly now: () => Date;

  constructor(private readonly deps: AfterWindowDeps) {
    this.now = deps.now ?? (() => new Date());
    this.deliveries = new NoticeDeliveries(deps.db, this.now);
  }

  async hold(n: HoldRequest): Promise<number | null | { sentBy: string }> {
    const notice = n.notice;
    if (!notice) return this.deps.held.hold(n);
    const c = await findCase(this.deps.db, notice.caseCode);
    const reporter = c !== null && c.reporterChannel === n.channel && c.reporterUserId === n.userId;
    const facts: NoticeFacts = {
      dedupeKey: n.dedupeKey,
      communeId: n.communeId,
      caseCode: notice.caseCode,
      kind: notice.kind,
      recipient: reporter ? "reporter" : "follower",
    };
    if (!WINDOW_CLOSED.has(String(n.code))) return this.keep(n, facts, "not_window");
    const template = this.templateFor(n.communeId, notice);
    if (!template) return this.keep(n, facts, "no_template");
    if (!c || !reporter) return this.keep(n, facts, "not_reporter");
    const national = c.contactPhone ? nationalPhone(c.contactPhone) : null;
    if (!national) return this.keep(n, facts, "no_phone");
    const consents = await consentsInForce(this.deps.db, n.communeId, this.deps.personHash(n.channel, n.userId));
    if (!consents.zns_notices) return this.keep(n, facts, "no_consent");
    const oa = this.oaOf(n.communeId);
    if (await this.deps.quota.exhausted(oa, this.now())) return this.keep(n, facts, "quota");
    return this.send(n, facts, template, `84${national.slice(1)}`, oa);
  }

  /** The consultation message went out: its path recorded. */
  async delivered(n: { communeId: string; channel: string; userId: string; dedupeKey: string; notice: TemplateNotice }): Promise<void> {
    const c = await findCase(this.deps.db, n.notice.caseCode);
    const reporter = c !== null && c.reporterChannel === n.channel && c.reporterUserId === n.userId;
    await this.deliveries.record(
      {
        dedupeKey: n.dedupeKey,
        communeId: n.communeId,
        caseCode: n.notice.caseCode,
        kind: n.notice.kind,
        recipient: reporter ? "reporter" : "follower",
      },
      "consultation",
    );
  }

  private templateFor(communeId: string, notice: TemplateNotice): { id: string; t: ZnsTemplate } | null {
    const templates = this.deps.templates ? this.deps.communes.get(communeId).zns?.templates : undefined;
    if (!templates) return null;
    // The reporter's resolution asks for a rating; without a rating template the result says it.
    const t = templates[notice.kind] ?? (notice.kind === "rating" ? templates.result : undefined);
    return t ? { id: t.templateId, t } : null;
  }

  /** The quota's owner: the commune's OA (a province of one's may have no id in its file). */
  private oaOf(communeId: string): string {
    return this.deps.communes.get(communeId).zalo?.oaId ?? communeId;
  }

  private async keep(n: HoldRequest, facts: NoticeFacts, because: HeldBecause, code?: string | number): Promise<number | null> {
    const id = await this.deps.held.hold(n);
    await this.deliveries.record(facts, "held", { because, ...(code === undefined ? {} : { code: String(code) }) });
    return id;
  }

  private async send(
    n: HoldRequest,
    facts: NoticeFacts,
    template: { id: string; t: ZnsTemplate },
    phone: string,
    oa: string,
  ): Promise<number | null | { sentBy: string }> {
    const sender = this.deps.templates!;
    // The same for every attempt of this notice: Zalo's delivery reports name it.
    const trackingId = createHash("sha256").update(n.dedupeKey).digest("hex").slice(0, 32);
    const claim = await this.deliveries.claimZns(facts, template.id, trackingId);
    if (!claim.claimed) {
      if (claim.path === "zns" && claim.state === "sent") return { sentBy: "zns" };
      if (claim.path !== "zns") return this.deps.held.hold(n);
      // An attempt stopped between asking Zalo and hearing back: it may have gone out.
      await this.deliveries.znsUnknown(facts, undefined);
      return this.keep(n, facts, "zns_unknown");
    }
    let sent;
    try {
      sent = await sender.send(n.communeId, {
        phone,
        templateId: template.id,
        templateData: templateData(template.t, n.notice!.values),
        trackingId,
      });
    } catch (err) {
      const f = sender.classify(err);
      const code = f.code === undefined ? undefined : String(f.code);
      logger.info("ZNS not sent", { outcome: f.outcome, code: f.code, case: facts.caseCode });
      if (f.outcome === "retry" && !n.lastAttempt) {
        await this.deliveries.znsRetry(facts, code);
        throw err;
      }
      if (f.outcome === "unknown") {
        await this.deliveries.znsUnknown(facts, code);
        return this.keep(n, facts, "zns_unknown", code);
      }
      if (f.outcome === "quota") await this.deps.quota.spent(oa, this.now());
      return this.keep(n, facts, f.outcome === "quota" ? "quota" : f.outcome === "retry" ? "zns_failed" : "zns_refused", code);
    }
    await this.deliveries.znsSent(facts, template.id, sent.messageId);
    if (sent.quota) await this.deps.quota.record(oa, sent.quota.remaining, this.now());
    return { sentBy: "zns" };
  }
}
