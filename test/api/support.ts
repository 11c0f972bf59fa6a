import { Communes } from "../../src/commune/communes.js";
import { listenOnFreePort } from "../support/listen.js";
import { Redis } from "ioredis";
import { apiRouter, type ApiDeps } from "../../src/api/router.js";
import { createApp } from "../../src/app.js";
import type { Database } from "../../src/db/database.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { exampleConfig } from "../commune/fixture.js";
import { type Backend, openTestDatabase } from "../support/db.js";
import { TEST_REDIS_URL } from "../support/redis.js";

export const ADMIN_TOKEN = "test-admin-token-0123456789-abcdefghij";

/** The officer API on a free port, over a fresh database with the example commune's officers. */
export interface ApiServer {
  url: string;
  db: Database;
  /** How many times the dossier notices were triggered. */
  triggers: number;
  /** Make the next triggers fail (as when Redis is down). */
  failTriggers: boolean;
  /** Case status changes handed to the workers, in order. */
  transitions: { code: string; from: string; to: string }[];
  /** Cases handed to another team, in order, with the team they went to. */
  reassigned: { code: string; teamId: string | null }[];
  /** Reports taken by phone or at the counter handed to the workers, in order. */
  filed: { code: string; created: boolean }[];
  /** Call the API: JSON in and out (`body` may be a string/Buffer/stream to send as is). */
  call(method: string, path: string, opts?: CallOptions): Promise<{ status: number; headers: Headers; json: ApiJson }>;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string | null;
  json?: unknown;
  body?: string | Buffer | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
}

/** Response bodies are read loosely in tests: chai checks their shape. */
export type ApiJson = Record<string, unknown> & { error?: { code: string; message: string; fields?: { path: string; message: string }[] } };

export async function startApi(backend: Backend, over: Partial<ApiDeps> = {}): Promise<ApiServer> {
  const db = await openTestDatabase(backend);
  const commune = exampleConfig();
  await syncFromCommune(db, commune);
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  const state = {
    triggers: 0,
    failTriggers: false,
    transitions: [] as { code: string; from: string; to: string }[],
    reassigned: [] as { code: string; teamId: string | null }[],
    filed: [] as { code: string; created: boolean }[],
  };
  const app = createApp({
    redis,
    db,
    routers: [
      apiRouter({
        db,
        communes: new Communes([commune]),
        config: { ADMIN_TOKEN, DATA_DIR: "./data" },
        triggerDossierNotices: async () => {
          if (state.failTriggers) throw new Error("Redis is down (test)");
          state.triggers++;
        },
        onCaseTransition: async (c, from) => {
          state.transitions.push({ code: c.code, from, to: c.status });
        },
        onCaseReassigned: async (c) => {
          state.reassigned.push({ code: c.code, teamId: c.teamId });
        },
        onCaseFiled: async (f) => {
          state.filed.push({ code: f.case.code, created: f.created });
        },
        ...over,
      }),
    ],
  });
  const { url, close: closeServer } = await listenOnFreePort(app);
  return {
    url,
    db,
    transitions: state.transitions,
    reassigned: state.reassigned,
    filed: state.filed,
    get triggers() {
      return state.triggers;
    },
    get failTriggers() {
      return state.failTriggers;
    },
    set failTriggers(v: boolean) {
      state.failTriggers = v;
    },
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
      if (token !== null) headers.authorization ??= `Bearer ${token}`;
      let body: RequestInit["body"];
      if (opts.json !== undefined) {
        headers["content-type"] ??= "application/json";
        body = JSON.stringify(opts.json);
      } else if (opts.body !== undefined) {
        body = typeof opts.body === "string" || opts.body instanceof ReadableStream ? opts.body : new Uint8Array(opts.body);
      }
      const init: RequestInit & { duplex?: "half" } = { method, headers, ...(body !== undefined ? { body } : {}) };
      if (opts.body instanceof ReadableStream) init.duplex = "half";
      const res = await fetch(url + path, init);
      const text = await res.text();
      let json: ApiJson;
      try {
        json = text ? (JSON.parse(text) as ApiJson) : {};
      } catch {
        json = { raw: text };
      }
      return { status: res.status, headers: res.headers, json };
    },
    async close() {
      await closeServer();
      redis.disconnect();
      await db.close();
    },
  };
}
