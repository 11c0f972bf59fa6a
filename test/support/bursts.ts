import { setTimeout as sleep } from "node:timers/promises";
import type { FakeZalo } from "./fake-zalo.js";
import { freshMsgId } from "./sign.js";

/** Dossiers of the shared sample (`DOSSIERS_SAMPLE`) a citizen asks about. */
export const SAMPLE_CODES = ["000.00.21.H26-251117-0001", "000.00.21.H26-251118-0001", "000.00.21.H26-251126-0001"];

/** One message of a burst: what the citizen types, and when (ms after the burst starts). */
export interface BurstMessage {
  text: string;
  msgId: string;
  offsetMs: number;
}

/** A citizen and the messages they send within milliseconds. */
export interface Burst {
  userId: string;
  /** When the burst starts, ms after the workload starts. */
  startMs: number;
  messages: BurstMessage[];
}

/**
 * Citizens each sending 2–5 messages 0–30 ms apart, as people do on Zalo: "tra cứu hồ sơ" then the
 * code, again and again. Each message gets exactly one reply (the prompt, or the dossier's card)
 * whatever order it is handled in, so the i-th reply answers the i-th message — and handled out of
 * order, the replies come in another order (a card before its prompt) and the conversation ends
 * waiting for a code. Deterministic for a given `seed`.
 */
export function burstWorkload(opts: { citizens: number; ratePerS: number; seed?: number; userPrefix?: string }): Burst[] {
  let s = opts.seed ?? 1;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const prefix = opts.userPrefix ?? `55${Date.now()}`;
  const bursts: Burst[] = [];
  let messages = 0;
  for (let c = 0; c < opts.citizens; c++) {
    const n = 2 + Math.floor(rand() * 4);
    let offset = 0;
    const burst: Burst = { userId: `${prefix}${String(c).padStart(5, "0")}`, startMs: (messages / opts.ratePerS) * 1000, messages: [] };
    for (let i = 0; i < n; i++) {
      const text = i % 2 === 0 ? "tra cứu hồ sơ" : (SAMPLE_CODES[Math.floor(rand() * SAMPLE_CODES.length)] ?? "");
      burst.messages.push({ text, msgId: freshMsgId(), offsetMs: offset });
      offset += Math.floor(rand() * 31); // the gap after this message
    }
    messages += n;
    bursts.push(burst);
  }
  return bursts;
}

/** The same messages, each from a citizen of its own (nothing to keep in order): a baseline. */
export function oneMessageEach(bursts: Burst[]): Burst[] {
  return bursts.flatMap((b) =>
    b.messages.map((m, i) => ({ userId: `${b.userId}x${i}`, startMs: b.startMs + m.offsetMs, messages: [{ ...m, offsetMs: 0 }] })),
  );
}

/** What happened to one message: when it was posted, answered, and its reply reached Zalo. */
export interface MessageTiming {
  userId: string;
  index: number;
  status: number;
  postedAt: number;
  /** ms from posting to the webhook's answer. */
  ingestMs: number;
  /** ms from posting to the arrival of the reply at (fake) Zalo; null when none came. */
  endToEndMs: number | null;
}

/**
 * Post every burst through the webhook on its schedule, then wait until each citizen has one
 * reply per message (or `timeoutMs`). `post` sends one signed text and resolves with the status.
 * Citizens run side by side; one citizen's messages go one after the other, as Zalo delivers a
 * conversation: the next is posted its gap (0–30 ms) after the previous one was answered. (The
 * hotline keeps the order in which it accepts a user's events; two posts in flight at once have none.)
 */
export async function runBursts(
  bursts: Burst[],
  zalo: FakeZalo,
  post: (userId: string, msgId: string, text: string) => Promise<number>,
  opts: { timeoutMs: number; during?: (elapsedMs: number) => void },
): Promise<MessageTiming[]> {
  const start = Date.now();
  const timings: MessageTiming[] = [];
  const tick = opts.during ? setInterval(() => opts.during?.(Date.now() - start), 20) : undefined;
  const citizen = async (b: Burst) => {
    await sleep(Math.max(0, start + b.startMs - Date.now()));
    let previous = 0;
    for (const [index, m] of b.messages.entries()) {
      await sleep(m.offsetMs - previous);
      previous = m.offsetMs;
      const postedAt = Date.now();
      const status = await post(b.userId, m.msgId, m.text).catch(() => 0);
      timings.push({ userId: b.userId, index, status, postedAt, ingestMs: Date.now() - postedAt, endToEndMs: null });
    }
  };
  try {
    await Promise.all(bursts.map(citizen));
    const deadline = start + opts.timeoutMs;
    await Promise.all(
      bursts.map((b) => zalo.waitForMessages(b.userId, b.messages.length, Math.max(1, deadline - Date.now())).catch(() => undefined)),
    );
  } finally {
    clearInterval(tick);
  }
  for (const t of timings) {
    const reply = zalo.messagesFor(t.userId)[t.index];
    t.endToEndMs = reply ? reply.at - t.postedAt : null;
  }
  return timings;
}

/** A reply's first line: enough to tell the prompt from a dossier's card. */
export function replyHead(message: Record<string, unknown>): string {
  return String(message.text ?? "").split("\n")[0] ?? "";
}
