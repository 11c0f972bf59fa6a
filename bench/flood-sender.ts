/**
 * The fairness bench's flood, sent from a process of its own (bench/fairness.ts forks it and
 * lowers its priority): in a real deployment a flood arrives from Zalo's servers, so the CPU it
 * takes to send it is not the hotline machine's. Told over IPC what to post (each message's
 * citizen and id, in order), at what rate, to which webhook; answers with each post's time,
 * how long the webhook took to answer, and its status.
 */
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { signedWebhook } from "../test/support/sign.js";

const Order = z.strictObject({
  url: z.string(),
  oaId: z.string(),
  ratePerS: z.number().positive(),
  seconds: z.number().positive(),
  /** [citizen id, message id] in posting order. */
  plan: z.array(z.tuple([z.string(), z.string()])),
});

/** One post's outcome: [posted at (epoch ms), ms to the webhook's answer, HTTP status (0: no answer)]. */
export type FloodPost = [number, number, number];

/** What the sender answers once every post is answered. */
export interface FloodReport {
  posts: FloodPost[];
  /** ms from the first post to the last one written: the rate it really kept. */
  sendingMs: number;
  /** This process's CPU over those ms (% of one core). */
  cpuPct: number;
}

// node:http on kept-alive sockets: fetch() cost this sender 1.7 ms of CPU a post, five times as much.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, oaId: string, userId: string, msgId: string): Promise<FloodPost> {
  const hook = signedWebhook({ type: "text", text: "xin chào" }, { userId, msgId, oaId });
  const postedAt = Date.now();
  return new Promise((resolve) => {
    const done = (status: number) => resolve([postedAt, Date.now() - postedAt, status]);
    const req = http.request(
      `${url}/webhooks/zalo`,
      { method: "POST", agent, headers: { ...hook.headers, "Content-Length": hook.body.length } },
      (res) => {
        res.resume();
        res.once("end", () => done(res.statusCode ?? 0));
        res.once("error", () => done(0));
      },
    );
    req.once("error", () => done(0));
    req.end(hook.body);
  });
}

process.once("message", (raw) => {
  void (async () => {
    const order = Order.parse(raw);
    const everyMs = 1000 / order.ratePerS;
    const start = Date.now();
    const cpu0 = process.cpuUsage();
    const posts: Promise<FloodPost>[] = [];
    let f = 0;
    // The same clock as the quiet sender's: every 5 ms, post what is due.
    while (Date.now() - start < order.seconds * 1000 && f < order.plan.length) {
      const t = Date.now() - start;
      while (f * everyMs <= t && f < order.plan.length) {
        const [userId, msgId] = order.plan[f]!;
        posts.push(post(order.url, order.oaId, userId, msgId));
        f++;
      }
      await sleep(5);
    }
    const sendingMs = Date.now() - start;
    const cpu = process.cpuUsage(cpu0);
    const cpuPct = Math.round((cpu.user + cpu.system) / 10 / sendingMs);
    const report: FloodReport = { posts: await Promise.all(posts), sendingMs, cpuPct };
    process.send?.(report, () => process.exit(0));
  })();
});
// Loaded: the bench forks this long before the flood and waits for this word.
process.send?.("ready");
