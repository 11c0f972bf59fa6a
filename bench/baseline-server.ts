/**
 * The baseline: a bare node:http server doing only the essential work of the webhook — read the
 * body, check Zalo's signature, JSON.parse, ONE BullMQ `add` with the event's id as job id — and
 * answering 200. No dedupe key, no schema, no framework, no metrics, no logs: the floor the real
 * edge is measured against. Run as a child process by bench/run.ts (env BENCH_PORT,
 * BENCH_REDIS_URL, BENCH_PREFIX, BENCH_SECRET); prints nothing per request.
 */
import { createServer, type IncomingMessage } from "node:http";
import { createQueue } from "../src/queues/factory.js";
import { jobId, QUEUE } from "../src/queues/names.js";
import { createRedis, waitUntilReady } from "../src/redis.js";
import { verifyZaloSignatureParsed } from "../webhooks/zalo/signature.js";

const LIMIT = 256 * 1024;
const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

// Same connection options as the hotline's web role (fail fast), same queue and job options.
const redis = createRedis(env("BENCH_REDIS_URL"), "web", "bench-baseline");
await waitUntilReady(redis);
const queue = createQueue(QUEUE.inbound, { connection: redis, prefix: env("BENCH_PREFIX") });
const secret = env("BENCH_SECRET");

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= LIMIT) chunks.push(c);
    });
    req.on("end", () => resolve(size > LIMIT ? null : Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

function msgIdOf(body: unknown): string | undefined {
  const message = (body as { message?: { msg_id?: unknown } } | null)?.message;
  return typeof message?.msg_id === "string" ? message.msg_id : undefined;
}

const server = createServer((req, res) => {
  const answer = (status: number, body: string) => {
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  if (req.method === "GET" && req.url === "/healthz") return answer(200, '{"status":"ok"}');
  if (req.method !== "POST" || req.url !== "/webhooks/zalo") return answer(404, '{"error":"not_found"}');
  readBody(req).then(
    async (raw) => {
      if (!raw) return answer(413, '{"error":"body_too_large"}');
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString("utf8"));
      } catch {
        return answer(400, '{"error":"invalid_json"}');
      }
      const header = req.headers["x-zevent-signature"];
      if (!verifyZaloSignatureParsed(raw, typeof header === "string" ? header : undefined, parsed, secret)) {
        return answer(401, '{"error":"invalid_signature"}');
      }
      const id = msgIdOf(parsed);
      if (!id) return answer(400, '{"error":"invalid_event"}');
      try {
        await queue.add("text", parsed, { jobId: jobId("in", "zalo", id) });
        answer(200, '{"status":"queued"}');
      } catch {
        answer(503, '{"error":"unavailable"}');
      }
    },
    () => answer(400, '{"error":"bad_request"}'),
  );
});

server.keepAliveTimeout = 65_000;
server.listen(Number(env("BENCH_PORT")), "127.0.0.1");

const stop = () => {
  server.close();
  server.closeAllConnections();
  void queue
    .close()
    .then(() => redis.quit())
    .finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
