import { randomBytes } from "node:crypto";
import { buildZaloEvent, SANDBOX } from "../test/support/sign.js";
import { computeZaloMac } from "../webhooks/zalo/signature.js";

/** One request's worth of a webhook: exact bytes and the `X-ZEvent-Signature` Zalo would send. */
export interface SignedEvent {
  body: Buffer;
  signature: string;
}

/**
 * The OA secret both bench servers verify with: made up for each run (the hotline runs with
 * NODE_ENV=production, which refuses the public sandbox value of `.env.example`).
 */
export const BENCH_SECRET = `bench-oa-secret-${randomBytes(8).toString("hex")}`;

const CITIZENS = 1000;
const TEXTS = ["hồ sơ 000.00.12.H56-240115-0001", "menu", "Tôi muốn báo cáo vi phạm xây dựng", "cảm ơn"];
const HOLE = "@@MSG_ID@@";
// One timestamp for the whole run: the hotline never judges an event by its timestamp.
const TIMESTAMP = Date.now();

/** Body templates (one per citizen × text) split around the msg id, built once. */
function templates(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let c = 0; c < CITIZENS; c++) {
    const userId = `84${String(1_000_000_000 + c)}`;
    const text = TEXTS[c % TEXTS.length] ?? "menu";
    const json = JSON.stringify(buildZaloEvent({ type: "text", text }, { userId, msgId: HOLE, timestamp: TIMESTAMP }));
    const [head = "", tail = ""] = json.split(HOLE);
    out.push([head, tail]);
  }
  return out;
}

// Zalo msg ids are 20 hex characters: a random run prefix + a counter keeps them distinct across
// runs and cheap to make (randomBytes + JSON.stringify per event cost ~30 µs; this costs ~3).
const RUN = randomBytes(4).toString("hex");
const TEMPLATES = templates();
const APP_ID = SANDBOX.appId;

function makeEvent(i: number): SignedEvent {
  const [head, tail] = TEMPLATES[i % CITIZENS] ?? ["", ""];
  const body = Buffer.from(`${head}${RUN}${i.toString(16).padStart(12, "0")}${tail}`, "utf8");
  const mac = computeZaloMac(body, APP_ID, String(TIMESTAMP), BENCH_SECRET);
  return { body, signature: `mac=${mac}` };
}

/**
 * Distinct, correctly signed `user_send_text` events, generated before the load starts so that
 * the load generator's CPU goes to sending. Each server reads the pool through its own stream
 * and has its own Redis prefix, so the same events are new to each server.
 */
export class EventPool {
  private readonly events: SignedEvent[] = [];

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.events.push(makeEvent(i));
  }

  get size(): number {
    return this.events.length;
  }

  /** A reader of the pool from its start. */
  stream(): EventStream {
    return new EventStream(this.events);
  }
}

/**
 * One server's way through the pool: never hands out an event twice. Past the end of the pool,
 * events are made on the spot (counted in `live`, shown in the report: the load generator then
 * spends CPU on signing).
 */
export class EventStream {
  private cursor = 0;
  live = 0;

  constructor(private readonly events: readonly SignedEvent[]) {}

  /** Events handed out so far. */
  get used(): number {
    return this.cursor;
  }

  next(): SignedEvent {
    const i = this.cursor++;
    const e = this.events[i];
    if (e) return e;
    this.live++;
    return makeEvent(i);
  }
}
