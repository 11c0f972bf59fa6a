import { Communes } from "../../src/commune/communes.js";
import { Queue } from "bullmq";
import { parseConfig } from "../../src/config.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import type { Database } from "../../src/db/database.js";
import { type Hotline, type HotlineOverrides, startHotline } from "../../src/hotline.js";
import { jobId, QUEUE, queueOptions } from "../../src/queues/names.js";
import { parseZaloEvent } from "../../webhooks/zalo/events.js";
import { type Backend, openTestDatabase } from "./db.js";
import { waitForQuietQueues } from "./quiet-queues.js";
import { fakeZaloEnv, testEnv } from "./env.js";
import { type FakeZalo, type RecordedMessage, startFakeZalo } from "./fake-zalo.js";
import { dropPrefix, testConnection, uniquePrefix } from "./redis.js";
import { hashTag, type RedisConnection, type RedisTarget, redisTarget } from "../../src/redis.js";
import { shardPrefix } from "../../src/queues/shards.js";
import { OA_QUOTA_JOB } from "../../src/fleet/quota-check.js";
import { type CitizenAction, freshMsgId, signedWebhook } from "./sign.js";

/** A reply as the citizen sees it: its text and the titles of its buttons. */
export interface SeenReply {
  text: string;
  /** `url`: a link button (it sends nothing back when tapped). */
  buttons: { title: string; payload: string; url?: string }[];
  raw: Record<string, unknown>;
}

export interface HarnessOptions extends HotlineOverrides {
  backend?: Backend;
  env?: Record<string, string>;
  commune?: CommuneConfig;
  /** The fake Zalo posts the echo of every message the hotline sends back to its webhook, as Zalo does. */
  echoes?: boolean;
}

/**
 * The whole hotline in this process — real webhook, Redis queues, workers and database — talking
 * to a fake Zalo OA API. Conversations are driven through signed webhooks, as Zalo would.
 */
export class Harness {
  private constructor(
    readonly zalo: FakeZalo,
    readonly hotline: Hotline,
    readonly db: Database,
    readonly prefix: string,
    /** Every prefix queues live under: the bare one, and with REDIS_SHARDS each shard's. */
    readonly prefixes: string[],
    private readonly redis: RedisConnection,
    private readonly redisUrl: RedisTarget,
    private readonly queues: Record<"inbound" | "outbound" | "cases" | "notify", Queue>,
  ) {}

  static async start(opts: HarnessOptions = {}): Promise<Harness> {
    const zalo = await startFakeZalo();
    const prefix = uniquePrefix("chat");
    const db = opts.db ?? (await openTestDatabase(opts.backend ?? "postgres"));
    const config = parseConfig(
      testEnv({
        REDIS_PREFIX: prefix,
        ...fakeZaloEnv(zalo),
        ...opts.env,
      }),
    );
    const { commune, ...overrides } = opts;
    const communes = overrides.communes ?? (commune ? new Communes([commune]) : undefined);
    const hotline = await startHotline(config, { retryDelayMs: 50, ...overrides, ...(communes ? { communes } : {}), db });
    if (opts.echoes)
      zalo.echoTo({ url: `http://127.0.0.1:${hotline.port}/webhooks/zalo`, appId: config.ZALO_APP_ID, secret: config.ZALO_OA_SECRET_KEY });
    const redis = testConnection(redisTarget(config));
    const q = (name: string) => observed(new Queue(name, queueOptions(prefix, redis)));
    const shards = Array.from({ length: config.REDIS_SHARDS }, (_, i) => shardPrefix(prefix, i));
    return new Harness(zalo, hotline, db, prefix, [prefix, ...shards], redis, redisTarget(config), {
      inbound: q(QUEUE.inbound),
      outbound: q(QUEUE.outbound),
      cases: q(QUEUE.cases),
      notify: q(QUEUE.notify),
    });
  }

  /** The commune of a harness started as a province of one (the usual test). */
  get commune(): CommuneConfig {
    const only = this.hotline.communes.only();
    if (!only) throw new Error("this harness serves several communes: pick one from hotline.communes");
    return only;
  }

  get url(): string {
    return `http://127.0.0.1:${this.hotline.port}`;
  }

  /** A citizen talking to the OA (`oaId`: another commune's OA than the sandbox's). */
  citizen(userId = `${Date.now()}${Math.floor(Math.random() * 1e6)}`, oaId?: string): Citizen {
    return new Citizen(this, userId, oaId);
  }

  /**
   * Post a signed webhook; resolves with the HTTP status and the event id the hotline gives it
   * (the msg id, or a hash of the body for events without one, such as follow).
   */
  async post(action: CitizenAction, userId: string, msgId = freshMsgId(), oaId?: string): Promise<{ status: number; msgId: string }> {
    const hook = signedWebhook(action, { userId, msgId, ...(oaId ? { oaId } : {}) });
    const res = await fetch(`${this.url}/webhooks/zalo`, { method: "POST", headers: hook.headers, body: hook.body });
    await res.arrayBuffer();
    // Only the event id is read here: any commune will do.
    const parsed = parseZaloEvent(hook.event, hook.body, () => "any");
    return { status: res.status, msgId: parsed.outcome === "event" ? parsed.event.eventId : msgId };
  }

  /**
   * Wait until the event's job and the jobs it produced (replies, effects) are all finished. Jobs
   * of an event are removed once done, so a job no longer there is finished (the webhook answered
   * 200, so the event's job was there, and it adds its reply and effect jobs before it ends).
   */
  async settle(msgId: string, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const jobs: [string, string][] = [
      [QUEUE.inbound, jobId("in", "zalo", msgId)],
      [QUEUE.outbound, jobId("reply", "zalo", msgId)],
      ...[0, 1, 2, 3, 4].map((i): [string, string] => [QUEUE.cases, jobId("effect", "zalo", msgId, String(i))]),
    ];
    for (;;) {
      // One round trip per look and prefix (this runs for every message of every conversation
      // test): a job is finished when its hash is gone (removed once done) or carries finishedOn.
      const looks = this.prefixes.map(async (p) => {
        const look = this.redis.pipeline();
        for (const [name, id] of jobs) {
          const key = `${hashTag(p)}:${name}:${id}`;
          look.exists(key).hexists(key, "finishedOn");
        }
        const replies = (await look.exec()) ?? [];
        return jobs.every((_, i) => replies[2 * i]?.[1] === 0 || replies[2 * i + 1]?.[1] === 1);
      });
      if ((await Promise.all(looks)).every(Boolean)) return;
      if (Date.now() > deadline) throw new Error(`event ${msgId} not settled within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Wait until nothing is left to handle or send (see `waitForQuietQueues`): the moment to check
   * that nothing more arrived. Escalations are not waited for: they are due hours later. The case
   * outbox is drained first: its rows become jobs only once the relay takes them.
   */
  async quiet(timeoutMs = 10_000): Promise<void> {
    await this.outboxDrained(timeoutMs);
    const queues = [QUEUE.inbound, QUEUE.outbound, QUEUE.cases, QUEUE.photos, QUEUE.notify];
    await waitForQuietQueues({ prefix: this.prefixes, redisUrl: this.redisUrl, queues, timeoutMs });
  }

  /** Wait until every row of the case outbox is carried out. */
  async outboxDrained(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.db.query<{ n: number }>("SELECT count(*)::int AS n FROM case_outbox WHERE done_at IS NULL");
      if ((rows[0]?.n ?? 0) === 0) return;
      if (Date.now() > deadline) throw new Error(`${rows[0]?.n} case outbox rows not carried out within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The key prefix of a commune's shard, from the stored map (with REDIS_SHARDS). */
  async shardOf(communeId: string): Promise<string> {
    const index = await this.redis.hget(`${hashTag(this.prefix)}:shard-map`, communeId);
    if (index === null) throw new Error(`commune ${communeId} has no shard`);
    return shardPrefix(this.prefix, Number(index));
  }

  async redisKeyExists(key: string): Promise<boolean> {
    return (await this.redis.exists(key)) === 1;
  }

  /** A queue of this hotline, to look at its jobs (closed with the harness). */
  queue(name: string): Queue {
    const q = observed(new Queue(name, queueOptions(this.prefix, this.redis)));
    this.extra.push(q);
    return q;
  }
  private readonly extra: Queue[] = [];

  /** Run the dossier-notices sweep now (the worker also runs it every minute) and wait for it. */
  async triggerDossierNotices(timeoutMs = 10000): Promise<void> {
    const job = await this.queues.notify.add("dossier-notices", {});
    await this.waitForJob(this.queues.notify, job.id!, timeoutMs);
  }

  /** Ask every OA's quota of the fake Zalo now (the worker also does every 10 minutes) and wait for it. */
  async checkOaQuotas(timeoutMs = 10000): Promise<void> {
    const job = await this.queues.notify.add(OA_QUOTA_JOB, {});
    await this.waitForJob(this.queues.notify, job.id!, timeoutMs);
  }

  /** Wait until `n` notices are held (undelivered) for a user. */
  async waitForHeld(userId: string, n: number, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM held_notices WHERE user_id = $1 AND delivered_at IS NULL",
        [userId],
      );
      if ((rows[0]?.n ?? 0) >= n) return;
      if (Date.now() > deadline) throw new Error(`no ${n} held notices for ${userId} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Wait until a job of `queue` has finished. */
  async waitForJob(queue: Queue, id: string, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await queue.getJob(id);
      const state = await job?.getState();
      if (state === "completed") return;
      if (state === "failed") throw new Error(`job ${queue.name}/${id} failed: ${(await queue.getJob(id))?.failedReason ?? ""}`);
      if (Date.now() > deadline) throw new Error(`job ${queue.name}/${id} not finished within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    this.zalo.echoTo(null);
    await this.hotline.stop();
    await Promise.all([...Object.values(this.queues), ...this.extra].map((q) => q.close()));
    this.redis.disconnect();
    await this.zalo.close();
    await this.db.close();
    await dropPrefix(this.prefix, this.redisUrl).catch(() => undefined);
  }
}

/**
 * A queue the test only reads. Tests that kill Redis make its connection fail: expected, and
 * BullMQ would print each such error with its stack trace when nobody listens.
 */
function observed(queue: Queue): Queue {
  queue.on("error", () => undefined);
  return queue;
}

/** One citizen's side of the chat: send, then read what the hotline answered. */
export class Citizen {
  private seen = 0;
  constructor(
    private readonly h: Harness,
    readonly userId: string,
    readonly oaId?: string,
  ) {}

  /** Everything the OA sent this citizen so far. */
  all(): SeenReply[] {
    return this.h.zalo.messagesFor(this.userId).map(toSeen);
  }

  /** Do something and return the replies it produced. */
  async act(action: CitizenAction): Promise<SeenReply[]> {
    const { status, msgId } = await this.h.post(action, this.userId, undefined, this.oaId);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
    await this.h.settle(msgId);
    return this.unread();
  }

  send(text: string) {
    return this.act({ type: "text", text });
  }

  /**
   * Send and wait for `n` messages in all, including those a worker sends after the event settled
   * (answers of effects: linking, lost races…).
   */
  async sendAndWait(text: string, n = 1, timeoutMs = 10000): Promise<SeenReply[]> {
    const start = this.seen;
    await this.send(text);
    await this.h.zalo.waitForMessages(this.userId, start + n, timeoutMs);
    const all = this.all();
    this.seen = all.length;
    return all.slice(start);
  }

  /** Replies not returned yet. */
  unread(): SeenReply[] {
    const all = this.all();
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh;
  }

  /** Wait for `n` replies not returned yet (notices that come without a message of the citizen). */
  async waitForReplies(n: number, timeoutMs = 10000): Promise<SeenReply[]> {
    await this.h.zalo.waitForMessages(this.userId, this.seen + n, timeoutMs);
    return this.unread();
  }

  /** Tap the button titled `title` among the latest replies. */
  /** Tap `title` when the last message offers it (a question asked only sometimes, e.g. a possible duplicate). */
  async tapIfOffered(title: string): Promise<SeenReply[]> {
    return this.all()
      .at(-1)
      ?.buttons.some((b) => b.title === title)
      ? this.tap(title)
      : [];
  }

  async tap(title: string | RegExp): Promise<SeenReply[]> {
    const buttons = this.all().flatMap((r) => r.buttons);
    const b = [...buttons].reverse().find((x) => (typeof title === "string" ? x.title === title : title.test(x.title)));
    if (!b) throw new Error(`no button ${String(title)} among ${buttons.map((x) => x.title).join(" | ")}`);
    if (b.url) throw new Error(`button ${b.title} opens ${b.url}; it sends nothing to tap`);
    return this.send(b.payload);
  }
}

function toSeen(m: RecordedMessage): SeenReply {
  const msg = m.message as { text?: string; attachment?: { payload?: { buttons?: { title: string; payload: unknown }[] } } };
  const buttons = (msg.attachment?.payload?.buttons ?? []).map((b) => {
    const url = typeof b.payload === "object" && b.payload !== null ? (b.payload as { url?: unknown }).url : undefined;
    return typeof url === "string" ? { title: b.title, payload: "", url } : { title: b.title, payload: String(b.payload) };
  });
  return { text: msg.text ?? "", buttons, raw: m.message };
}

/** All the text of some replies, for `include` assertions. */
export function textOf(replies: SeenReply[]): string {
  return replies
    .map((r) => [r.text, ...r.buttons.map((b) => (b.url ? `[${b.title} → ${b.url}]` : `[${b.title}]`))].join("\n"))
    .join("\n---\n");
}

/** The tracking code the case worker sends a citizen once their report is filed (waits up to `withinMs`). */
export async function trackingCodeOf(c: Citizen, withinMs = 10_000): Promise<string> {
  const code = /PA-\d{6}-[A-Z0-9]{4}/;
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = c.all().find((r) => code.test(r.text) && !r.text.includes("Theo dõi"));
    if (found) return found.text.match(code)![0];
    if (Date.now() > deadline) throw new Error(`no tracking code; the citizen saw:\n${textOf(c.all())}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
