import type { PlatformEvent } from "../../src/core/platform-event.js";
import type { FlowContext, StepResult } from "../../src/conversation/flow.js";
import { emptySession, type Session } from "../../src/conversation/session.js";
import { conductor } from "../../flows/conductor.js";
import { dossierStatus } from "../../flows/dossier-status.js";
import { officerMessage } from "../../flows/officer-message.js";
import { contactCorrection } from "../../flows/contact-correction.js";
import { privacyRequest } from "../../flows/privacy-request.js";
import { violationReport } from "../../flows/violation-report.js";

let seq = 0;

/** A text message from the citizen of a pure conductor talk. */
export const typed = (text: string): PlatformEvent => ({
  eventId: `c${++seq}`,
  channel: "zalo",
  communeId: "kieu-phu",
  userId: "u1",
  at: 0,
  kind: "text",
  text,
});

/**
 * One citizen talking to the conductor (global commands, questions on the side, the flows) with
 * a hand-made context: the engine's part without Redis — the session is kept here.
 */
export class ConductorTalk {
  session: Session = emptySession();
  last!: StepResult;
  constructor(readonly ctx: FlowContext) {}

  async send(...messages: (string | PlatformEvent)[]): Promise<this> {
    for (const m of messages) {
      const event = typeof m === "string" ? typed(m) : m;
      const r = await conductor.respond(this.session, event, this.ctx, {
        flows: {
          "violation-report": violationReport,
          "dossier-status": dossierStatus,
          "officer-message": officerMessage,
          "contact-correction": contactCorrection,
          "privacy-request": privacyRequest,
        },
        idleMinutes: 30,
      });
      this.last = r;
      // As the engine keeps them: the citizen's last messages, seen by the next message's context.
      if (event.kind === "text")
        this.ctx.recentMessages = [...this.ctx.recentMessages, { id: event.eventId, at: this.ctx.now.getTime(), text: event.text }].slice(
          -5,
        );
      this.session = {
        ...this.session,
        flow: r.next,
        ...(r.parked !== undefined ? { parked: r.parked } : {}),
      };
    }
    return this;
  }

  get step(): string | undefined {
    return this.session.flow?.step;
  }
  get data(): Record<string, unknown> {
    return this.session.flow?.data ?? {};
  }
  /** Everything the last answer said, buttons' titles included. */
  get said(): string {
    return this.last.replies
      .map((r) => ("text" in r ? r.text : "") + ("buttons" in r ? ` [${r.buttons.map((b) => b.title).join("] [")}]` : ""))
      .join("\n");
  }
}
