import { z } from "zod";
import type { Reply } from "../core/reply.js";

/** Zod schema of `Reply` (src/core/reply.ts), for data that comes back from Redis or SQL. */
export const replySchema: z.ZodType<Reply> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({
    type: z.literal("buttons"),
    text: z.string(),
    buttons: z.array(z.object({ title: z.string(), payload: z.string(), url: z.string().optional() })),
  }),
  z.object({ type: z.literal("image"), url: z.string(), caption: z.string().optional() }),
  z.object({ type: z.literal("request_info"), title: z.string(), subtitle: z.string(), imageUrl: z.string().optional() }),
]);

/**
 * What a case notice tells, for sending it another way when the messenger's window is closed
 * (a ZNS template, src/notices/after-window.ts): which template, and the values of its parameters.
 */
export const templateNoticeSchema = z.object({
  kind: z.enum(["status", "result", "rating"]),
  caseCode: z.string().min(1),
  /** Values by name (`code`, `status`, `at`, …: src/commune/zns-templates.ts). */
  values: z.record(z.string(), z.string()),
});
export type TemplateNotice = z.infer<typeof templateNoticeSchema>;

/** Data of an `outbound` job. */
export const outboundJobSchema = z.object({
  channel: z.literal("zalo"),
  /** Whose OA sends. Absent only on jobs queued before communes had ids (a province of one). */
  communeId: z.string().min(1).optional(),
  userId: z.string().min(1),
  replies: z.array(replySchema),
  /** Platform messages already delivered (pieces, not replies): a retry resumes after them. */
  sent: z.number().int().min(0),
  /** Dedupe key of the held notice this job stores if the user cannot be reached. */
  holdKey: z.string().min(1),
  /**
   * Epoch ms of what the replies tell (a status change): held notices reach the user in this
   * order, whatever order their jobs ran in. Absent: when the job was queued.
   */
  at: z.number().optional(),
  /** A case notice that may go by template when the user cannot be reached now. */
  notice: templateNoticeSchema.optional(),
});
export type OutboundJobData = z.infer<typeof outboundJobSchema>;
