/**
 * How notices reach a citizen after the messenger's window closed: a pre-approved template sent to
 * their phone number (Zalo: ZNS). The platform's edge implements this port
 * (`webhooks/zalo/zns.ts`); the notices domain decides when to use it.
 */
export interface TemplateSender {
  /** Send one template message from the commune's account; throws the platform's typed errors. */
  send(communeId: string, message: TemplateMessage): Promise<TemplateSent>;
  /** What a failure of `send` means for the notice. */
  classify(err: unknown): TemplateFailure;
}

export interface TemplateMessage {
  /** The recipient's phone in international form without "+", "84912345678". */
  phone: string;
  templateId: string;
  templateData: Record<string, string>;
  /** Ours, echoed by the platform in its delivery reports (≤ 48 characters). */
  trackingId: string;
}

export interface TemplateSent {
  messageId: string;
  /** The account's daily template quota as the platform reported it with this send, when it did. */
  quota?: { daily: number; remaining: number };
}

export interface TemplateFailure {
  /**
   * `retry`: the request certainly did not go through and a later attempt may (network refused,
   * rate limit, a transient platform error); `quota`: the account's daily quota is spent;
   * `refused`: this message cannot go this way (bad phone, template, the user refuses such
   * messages…), hold it; `unknown`: the platform may or may not have sent it (a timeout, an
   * answer lost): never send it again.
   */
  outcome: "retry" | "quota" | "refused" | "unknown";
  code?: number | string;
  reason: string;
}
