import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { Router } from "express";
import { Redis } from "ioredis";
import { officerDesk } from "../../flows/officer-commands.js";
import { OFFICER_COMMANDS } from "../../flows/officer-commands/parse.js";
import { open311 as open311Wording } from "../../flows/messages.open311.vi.js";
import { type ApiDeps, apiRouter } from "../../src/api/router.js";
import { createApp } from "../../src/app.js";
import { getCase, openCasesWorklist } from "../../src/cases/case-queries.js";
import { fileCase } from "../../src/cases/file-case.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import type { Database } from "../../src/db/database.js";
import { upsertDossiers } from "../../src/dossiers/repository.js";
import { syncFromCommune } from "../../src/officers/config-sync.js";
import { createOfficer } from "../../src/officers/create-officer.js";
import { createTeam } from "../../src/officers/teams.js";
import { getOfficer } from "../../src/officers/officer-queries.js";
import type { Officer } from "../../src/officers/officer-rows.js";
import { open311Router } from "../../src/open311/router.js";
import { RIGHTS, rolesWith } from "../../src/officers/rights.js";
import { OaFacts } from "../../src/fleet/oa-facts.js";
import type { Communes } from "../../src/commune/communes.js";
import { openTestDatabase } from "../support/db.js";
import { handMadeContext } from "../support/flow-context.js";
import { listenOnFreePort } from "../support/listen.js";
import { provinceOfTwo } from "../support/province.js";
import { dropPrefix, TEST_REDIS_URL, testConnection, uniquePrefix } from "../support/redis.js";
import { Queue } from "bullmq";
import { dpoWording } from "../../flows/messages.rights.vi.js";
import { parseConfig } from "../../src/config.js";
import { CodeAttempts } from "../../src/officers/code-attempts.js";
import { OfficerSessions } from "../../src/officers/officer-sessions.js";
import { issueSignInCode } from "../../src/officers/sign-in-codes.js";
import { type DpoDeps, fileDpoRequest } from "../../src/privacy/dpo-requests.js";
import { QUEUE } from "../../src/queues/names.js";
import type { RedisConnection } from "../../src/redis.js";
import { zaloOaConnect } from "../../src/wiring/zalo-connect.js";
import { testEnv } from "../support/env.js";
import { samplePng } from "../support/sample-png.js";

// Issue 23: every role through every surface, from one table. Commune A (kieu-phu) holds every
// commune role; commune B (phu-xa) is the other commune. A route of the officer API or Open311, or
// a Zalo command, without a row here fails the coverage checks at the end. The API is built whole:
// sign-in and sessions, the DPO's requests and OA onboarding are served here too.

const ADMIN_TOKEN = "matrix-admin-token-0123456789-abcdefghij";
const WHO = ["admin", "province_admin", "province", "commune_admin", "leader", "dpo", "lead", "officer"] as const;
type Who = (typeof WHO)[number];
const COMMUNE_ROLES = ["commune_admin", "leader", "dpo", "lead", "officer"] as const satisfies readonly Who[];
type CommuneWho = (typeof COMMUNE_ROLES)[number];

/** `ok`: 2xx. A number: that status. */
type Outcome = "ok" | 400 | 401 | 403 | 404 | 409;

/** Every role: `ok` for `allowed`, `otherwise` for the rest, then `over` on top. */
function expectOf(allowed: readonly Who[], otherwise: Outcome, over: Partial<Record<Who, Outcome>> = {}): Record<Who, Outcome> {
  return Object.fromEntries(WHO.map((w) => [w, over[w] ?? (allowed.includes(w) ? "ok" : otherwise)])) as Record<Who, Outcome>;
}
const ALL = WHO;
const PROVINCE_WIDE = ["admin", "province_admin", "province"] as const;
/** Another commune's thing: a commune's roles never see it (404); the province's follow `province`. */
const otherCommune = (
  province: { province_admin: Outcome; province: Outcome; admin: Outcome } & Partial<Record<Who, Outcome>>,
): Record<Who, Outcome> => expectOf([], 404, province);

type Target =
  | "caseOwn"
  | "caseOwnAcknowledged"
  | "caseOtherTeam"
  | "caseB"
  | "casePlain"
  | "officerA"
  | "officerB"
  | "provinceUser"
  | "teamA"
  | "teamB"
  | "dpoRequestA"
  | "dpoRequestB";

interface Ctx {
  /** A fresh target (a new case or officer) for changing calls, or the shared one for reads. */
  target(t: Target, fresh?: boolean): Promise<string>;
  self: Record<Who, string>;
  /** A one-time sign-in code for `who`'s account, as `#dangnhap` gives it. */
  signInCode(who: Exclude<Who, "admin">): Promise<string>;
}
interface Call {
  method: string;
  path: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}
interface ApiRow {
  /** The route as the router declares it: `METHOD /path`, relative to /api/v1. */
  route: string;
  what: string;
  call(c: Ctx, who: Who): Promise<Call> | Call;
  expect: Record<Who, Outcome>;
}

const A = "kieu-phu";
const B = "phu-xa";
const DOSSIER_A = "000.00.21.H26-251126-0001";
const DOSSIER_B = "000.00.21.H26-251126-0002";
const RECYCLING = {
  id: "cap-phep-thu-gom",
  name: "Đăng ký điểm tập kết rác tái chế",
  aliases: ["tập kết ve chai"],
  documents: [{ name: "Đơn đăng ký (mẫu của xã)", form: "original" }],
  fee: "Không mất phí.",
  processingTime: "5 ngày làm việc.",
  source: "Quyết định mẫu của UBND xã (thử nghiệm).",
  sourceDate: "2026-11-30",
};
const DOSSIER_BODY = {
  procedure: "Chứng thực bản sao",
  channel: "direct",
  status: 2,
  received_at: "01/12/2025 08:30",
  due_at: "03/12/2025",
  finished_at: "",
};
const CSV = `code,procedure,channel,status,received_at,due_at,finished_at\r\n${DOSSIER_A},Đăng ký kết hôn,online,2,26/11/2025 08:00,2025-12-26T17:00:00+07:00,\r\n`;
const INTAKE = {
  channel: "phone",
  category: "lan_chiem",
  areaId: "dong-but",
  description: "Nhà số 7 xây lấn hành lang đường liên thôn",
  anonymous: true,
};

const COMMUNE_ADMINS = ["admin", "province_admin", "commune_admin"] as const;
const DPO_DETAIL = "Tôi muốn biết cán bộ nào đã xem số điện thoại của tôi trong tháng này";
const CASE_ACTORS = ["admin", "leader", "lead", "officer"] as const;
const SEES_VIOLATIONS = ["admin", "leader", "dpo", "lead", "officer"] as const;
const TRANSFERS: readonly Who[] = ["admin", "commune_admin", "leader", "lead"];

const API_ROWS: ApiRow[] = [
  { route: "GET /me", what: "who am I", call: () => ({ method: "GET", path: "/me" }), expect: expectOf(ALL, 403) },
  { route: "GET /communes", what: "my communes", call: () => ({ method: "GET", path: "/communes" }), expect: expectOf(ALL, 403) },
  {
    route: "GET /commune",
    what: "A's settings",
    call: () => ({ method: "GET", path: `/commune?communeId=${A}` }),
    expect: expectOf(ALL, 403),
  },
  {
    route: "GET /commune",
    what: "B's settings",
    call: () => ({ method: "GET", path: `/commune?communeId=${B}` }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  // Cases
  { route: "GET /cases", what: "A's list", call: () => ({ method: "GET", path: `/cases?communeId=${A}` }), expect: expectOf(ALL, 403) },
  {
    route: "GET /cases",
    what: "A's list, another team",
    call: () => ({ method: "GET", path: `/cases?communeId=${A}&team=trat-tu-nam` }),
    expect: expectOf(ALL, 403, { lead: 403, officer: 403 }),
  },
  {
    route: "GET /cases",
    what: "B's list",
    call: () => ({ method: "GET", path: `/cases?communeId=${B}` }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  {
    route: "GET /cases/:code",
    what: "own team's case",
    call: async (c) => ({ method: "GET", path: `/cases/${await c.target("caseOwn")}` }),
    expect: expectOf(ALL, 403),
  },
  {
    route: "GET /cases/:code",
    what: "another team's case",
    call: async (c) => ({ method: "GET", path: `/cases/${await c.target("caseOtherTeam")}` }),
    expect: expectOf(ALL, 403, { lead: 403, officer: 403 }),
  },
  {
    route: "GET /cases/:code",
    what: "B's case",
    call: async (c) => ({ method: "GET", path: `/cases/${await c.target("caseB")}` }),
    expect: otherCommune({ admin: "ok", province_admin: "ok", province: "ok" }),
  },
  {
    route: "GET /cases/:code/photos/:position",
    what: "a violation report's photo, own team",
    call: async (c) => ({ method: "GET", path: `/cases/${await c.target("caseOwn")}/photos/1` }),
    expect: expectOf(SEES_VIOLATIONS, 403),
  },
  {
    route: "GET /cases/:code/photos/:position",
    what: "a street light's photo (no violation), another team",
    call: async (c) => ({ method: "GET", path: `/cases/${await c.target("casePlain")}/photos/1` }),
    expect: expectOf(ALL, 403, { lead: 403, officer: 403 }),
  },
  {
    route: "GET /cases/:code/photos/:position",
    what: "B's violation photo",
    call: async (c) => ({ method: "GET", path: `/cases/${await c.target("caseB")}/photos/1` }),
    expect: otherCommune({ admin: "ok", province_admin: 403, province: 403 }),
  },
  {
    route: "POST /cases/:code/transitions",
    what: "acknowledge own team's case",
    call: async (c) => ({ method: "POST", path: `/cases/${await c.target("caseOwn", true)}/transitions`, json: { to: "acknowledged" } }),
    expect: expectOf(CASE_ACTORS, 403),
  },
  {
    route: "POST /cases/:code/transitions",
    what: "acknowledge another team's case",
    call: async (c) => ({
      method: "POST",
      path: `/cases/${await c.target("caseOtherTeam", true)}/transitions`,
      json: { to: "acknowledged" },
    }),
    expect: expectOf(CASE_ACTORS, 403, { lead: 403, officer: 403 }),
  },
  {
    route: "POST /cases/:code/transitions",
    what: "acknowledge B's case",
    call: async (c) => ({ method: "POST", path: `/cases/${await c.target("caseB", true)}/transitions`, json: { to: "acknowledged" } }),
    expect: otherCommune({ admin: "ok", province_admin: 403, province: 403, commune_admin: 403, dpo: 403 }),
  },
  {
    route: "POST /cases/:code/notes",
    what: "note on own team's case",
    call: async (c) => ({ method: "POST", path: `/cases/${await c.target("caseOwn", true)}/notes`, json: { body: "Đã gọi chủ nhà" } }),
    expect: expectOf(CASE_ACTORS, 403),
  },
  {
    route: "POST /cases/:code/notes",
    what: "note on B's case",
    call: async (c) => ({ method: "POST", path: `/cases/${await c.target("caseB", true)}/notes`, json: { body: "Đã gọi chủ nhà" } }),
    expect: otherCommune({ admin: "ok", province_admin: 403, province: 403, commune_admin: 403, dpo: 403 }),
  },
  {
    route: "POST /cases/:code/duplicate",
    what: "own team's case as a duplicate of another of it",
    call: async (c) => ({
      method: "POST",
      path: `/cases/${await c.target("caseOwn", true)}/duplicate`,
      json: { of: await c.target("caseOwn", true) },
    }),
    expect: expectOf(CASE_ACTORS, 403),
  },
  {
    route: "POST /cases/:code/reassign",
    what: "hand own team's case to another team",
    call: async (c) => ({ method: "POST", path: `/cases/${await c.target("caseOwn", true)}/reassign`, json: { teamId: "trat-tu-nam" } }),
    expect: expectOf(["admin", "leader", "lead"], 403),
  },
  {
    route: "POST /cases/:code/transfer",
    what: "hand own team's case to commune B",
    // A fresh case only for those who move it (it leaves A): A's list stays as the other rows expect.
    call: async (c, who) => ({
      method: "POST",
      path: `/cases/${await c.target("caseOwn", TRANSFERS.includes(who))}/transfer`,
      json: { communeId: B, reason: "Vị trí thuộc địa bàn xã Phú Xá" },
    }),
    expect: expectOf(TRANSFERS, 403),
  },
  {
    route: "POST /cases/:code/transfer",
    what: "hand another team's case to commune B",
    call: async (c, who) => ({
      method: "POST",
      path: `/cases/${await c.target("caseOtherTeam", TRANSFERS.includes(who) && who !== "lead")}/transfer`,
      json: { communeId: B, reason: "Vị trí thuộc địa bàn xã Phú Xá" },
    }),
    expect: expectOf(["admin", "commune_admin", "leader"], 403),
  },
  {
    route: "POST /cases/:code/transfer",
    what: "hand B's case to commune A (the admin token: to B itself, 409, so that A's list keeps its size)",
    call: async (c, who) => ({
      method: "POST",
      path: `/cases/${await c.target("caseB", true)}/transfer`,
      json: { communeId: who === "admin" ? B : A, reason: "Vị trí thuộc địa bàn xã Kiều Phú" },
    }),
    expect: otherCommune({ admin: 409, province_admin: 403, province: 403, dpo: 403, officer: 403 }),
  },
  {
    route: "POST /cases",
    what: "a report taken by phone in A",
    call: () => ({ method: "POST", path: `/cases?communeId=${A}`, json: INTAKE }),
    expect: expectOf(["admin", "lead", "officer"], 403),
  },
  {
    route: "POST /cases",
    what: "a report taken by phone in B",
    call: () => ({ method: "POST", path: `/cases?communeId=${B}`, json: INTAKE }),
    expect: expectOf(["admin"], 403),
  },
  // Dossiers and procedures
  {
    route: "GET /dossiers/:code",
    what: "A's dossier",
    call: () => ({ method: "GET", path: `/dossiers/${DOSSIER_A}?communeId=${A}` }),
    expect: expectOf(ALL, 403),
  },
  {
    route: "GET /dossiers/:code",
    what: "B's dossier",
    call: () => ({ method: "GET", path: `/dossiers/${DOSSIER_B}?communeId=${B}` }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  {
    route: "PUT /dossiers/:code",
    what: "A's dossier",
    call: () => ({ method: "PUT", path: `/dossiers/${DOSSIER_A}?communeId=${A}`, json: DOSSIER_BODY }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "PUT /dossiers/:code",
    what: "B's dossier",
    call: () => ({ method: "PUT", path: `/dossiers/${DOSSIER_B}?communeId=${B}`, json: DOSSIER_BODY }),
    expect: expectOf(["admin", "province_admin"], 403),
  },
  {
    route: "POST /dossiers/import",
    what: "A's CSV",
    call: () => ({ method: "POST", path: `/dossiers/import?communeId=${A}`, body: CSV, headers: { "content-type": "text/csv" } }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "POST /procedures/import",
    what: "A's catalogue",
    call: () => ({ method: "POST", path: `/procedures/import?communeId=${A}`, json: { procedures: [RECYCLING] } }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "POST /procedures/import",
    what: "B's catalogue",
    call: () => ({ method: "POST", path: `/procedures/import?communeId=${B}`, json: { procedures: [RECYCLING] } }),
    expect: expectOf(["admin", "province_admin"], 403),
  },
  // Officers
  {
    route: "POST /officers",
    what: "a new officer of A",
    call: () => ({ method: "POST", path: "/officers", json: { communeId: A, name: "Cán bộ mới", teamId: "trat-tu-bac" } }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "POST /officers",
    what: "a new officer of B",
    call: () => ({ method: "POST", path: "/officers", json: { communeId: B, name: "Cán bộ mới", teamId: "px-trat-tu-bac" } }),
    expect: expectOf(["admin", "province_admin"], 403),
  },
  {
    route: "POST /officers",
    what: "a new province user",
    call: () => ({ method: "POST", path: "/officers", json: { name: "Chuyên viên Sở", role: "province" } }),
    expect: expectOf(["admin", "province_admin"], 403),
  },
  {
    route: "GET /officers",
    what: "A's officers",
    call: () => ({ method: "GET", path: `/officers?communeId=${A}` }),
    expect: expectOf(["admin", "province_admin", "province", "commune_admin", "leader"], 403),
  },
  {
    route: "GET /officers",
    what: "B's officers",
    call: () => ({ method: "GET", path: `/officers?communeId=${B}` }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  {
    route: "GET /officers",
    what: "the province's users",
    call: () => ({ method: "GET", path: "/officers?scope=province" }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  {
    route: "PATCH /officers/:id",
    what: "put an officer of A's bac team off duty",
    call: async (c) => ({ method: "PATCH", path: `/officers/${await c.target("officerA", true)}`, json: { onDuty: false } }),
    expect: expectOf([...COMMUNE_ADMINS, "lead"], 403),
  },
  {
    route: "PATCH /officers/:id",
    what: "put oneself off duty",
    call: (c, who) =>
      who === "admin" ? { method: "GET", path: "/me" } : { method: "PATCH", path: `/officers/${c.self[who]}`, json: { onDuty: false } },
    expect: expectOf(ALL, 403),
  },
  {
    route: "PATCH /officers/:id",
    what: "make an officer of A a leader",
    call: async (c) => ({ method: "PATCH", path: `/officers/${await c.target("officerA", true)}`, json: { role: "leader" } }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "PATCH /officers/:id",
    what: "make an officer of A a province user",
    call: async (c) => ({ method: "PATCH", path: `/officers/${await c.target("officerA", true)}`, json: { role: "province" } }),
    expect: expectOf([], 403, { admin: 400, province_admin: 400 }),
  },
  {
    route: "PATCH /officers/:id",
    what: "put an officer of B off duty",
    call: async (c) => ({ method: "PATCH", path: `/officers/${await c.target("officerB", true)}`, json: { onDuty: false } }),
    expect: otherCommune({ admin: "ok", province_admin: "ok", province: 403 }),
  },
  {
    route: "PATCH /officers/:id",
    what: "deactivate a province user",
    call: async (c) => ({ method: "PATCH", path: `/officers/${await c.target("provinceUser", true)}`, json: { active: false } }),
    expect: otherCommune({ admin: "ok", province_admin: "ok", province: 403 }),
  },
  {
    route: "DELETE /officers/:id",
    what: "deactivate an officer of A",
    call: async (c) => ({ method: "DELETE", path: `/officers/${await c.target("officerA", true)}` }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "DELETE /officers/:id",
    what: "deactivate an officer of B",
    call: async (c) => ({ method: "DELETE", path: `/officers/${await c.target("officerB", true)}` }),
    expect: expectOf(["admin", "province_admin"], 403, { commune_admin: 404 }),
  },
  {
    route: "POST /officers/:id/token",
    what: "a new token for an officer of A",
    call: async (c) => ({ method: "POST", path: `/officers/${await c.target("officerA", true)}/token` }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "POST /officers/:id/token",
    what: "a new token for a province user",
    call: async (c) => ({ method: "POST", path: `/officers/${await c.target("provinceUser", true)}/token` }),
    expect: expectOf(["admin", "province_admin"], 403, { commune_admin: 404 }),
  },
  {
    route: "POST /officers/:id/link-code",
    what: "a Zalo link code for an officer of A",
    call: async (c) => ({ method: "POST", path: `/officers/${await c.target("officerA", true)}/link-code` }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "POST /officers/:id/link-code",
    what: "a Zalo link code for a province user (no commune, no OA)",
    call: async (c) => ({ method: "POST", path: `/officers/${await c.target("provinceUser", true)}/link-code` }),
    expect: expectOf([], 403, { admin: 409, province_admin: 409, commune_admin: 404 }),
  },
  // Teams (issue 24)
  {
    route: "GET /teams",
    what: "A's teams",
    call: () => ({ method: "GET", path: `/teams?communeId=${A}` }),
    expect: expectOf(["admin", "province_admin", "province", "commune_admin", "leader"], 403),
  },
  {
    route: "GET /teams",
    what: "B's teams",
    call: () => ({ method: "GET", path: `/teams?communeId=${B}` }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  {
    route: "POST /teams",
    what: "a new team of A",
    call: () => ({ method: "POST", path: "/teams", json: { communeId: A, name: "Tổ mới" } }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "POST /teams",
    what: "a new team of B",
    call: () => ({ method: "POST", path: "/teams", json: { communeId: B, name: "Tổ mới" } }),
    expect: expectOf(["admin", "province_admin"], 403),
  },
  {
    route: "PATCH /teams/:id",
    what: "deactivate a team of A",
    call: async (c) => ({ method: "PATCH", path: `/teams/${await c.target("teamA", true)}`, json: { active: false } }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "PATCH /teams/:id",
    what: "rename a team of B",
    call: async (c) => ({ method: "PATCH", path: `/teams/${await c.target("teamB", true)}`, json: { name: "Tổ đổi tên" } }),
    expect: expectOf(["admin", "province_admin"], 403, { commune_admin: 404 }),
  },
  // Signing in like a person (api/sign-in.ts). The first three precede authentication: the token
  // sent along is ignored, so every role gets the same answer, which is what these rows hold.
  {
    route: "POST /session",
    what: "sign in with one's own code from #dangnhap (no token needed; the admin token is nobody, with no code)",
    call: async (c, who) => ({
      method: "POST",
      path: "/session",
      json: { code: who === "admin" ? "ABCDE-FGHJK" : await c.signInCode(who) },
    }),
    expect: expectOf(ALL, 401, { admin: 401 }),
  },
  {
    route: "GET /session",
    what: "whether this browser holds a session (public)",
    call: () => ({ method: "GET", path: "/session" }),
    expect: expectOf(ALL, 403),
  },
  {
    route: "DELETE /session",
    what: "sign this browser out (public)",
    call: () => ({ method: "DELETE", path: "/session" }),
    expect: expectOf(ALL, 403),
  },
  {
    route: "DELETE /sessions",
    what: "sign oneself out everywhere",
    call: () => ({ method: "DELETE", path: "/sessions" }),
    expect: expectOf(ALL, 403),
  },
  {
    route: "DELETE /officers/:id/sessions",
    what: "reset the sign-in of an officer of A",
    call: async (c) => ({ method: "DELETE", path: `/officers/${await c.target("officerA")}/sessions` }),
    expect: expectOf(COMMUNE_ADMINS, 403),
  },
  {
    route: "DELETE /officers/:id/sessions",
    what: "reset the sign-in of an officer of B",
    call: async (c) => ({ method: "DELETE", path: `/officers/${await c.target("officerB")}/sessions` }),
    expect: expectOf(["admin", "province_admin"], 403, { commune_admin: 404 }),
  },
  {
    route: "DELETE /officers/:id/sessions",
    what: "reset the sign-in of a province user",
    call: async (c) => ({ method: "DELETE", path: `/officers/${await c.target("provinceUser")}/sessions` }),
    expect: expectOf(["admin", "province_admin"], 403, { commune_admin: 404 }),
  },
  // Citizens' requests for the data-protection officer (api/privacy-requests.ts)
  {
    route: "GET /privacy-requests",
    what: "A's requests",
    call: () => ({ method: "GET", path: `/privacy-requests?communeId=${A}` }),
    expect: expectOf(["admin", "dpo"], 403),
  },
  {
    route: "GET /privacy-requests",
    what: "B's requests",
    call: () => ({ method: "GET", path: `/privacy-requests?communeId=${B}` }),
    expect: expectOf(["admin"], 403),
  },
  {
    route: "POST /privacy-requests/:id/acknowledge",
    what: "acknowledge a request of A",
    call: async (c) => ({ method: "POST", path: `/privacy-requests/${await c.target("dpoRequestA", true)}/acknowledge`, json: {} }),
    expect: expectOf(["admin", "dpo"], 403),
  },
  {
    route: "POST /privacy-requests/:id/acknowledge",
    what: "acknowledge a request of B",
    call: async (c) => ({ method: "POST", path: `/privacy-requests/${await c.target("dpoRequestB", true)}/acknowledge`, json: {} }),
    expect: expectOf(["admin"], 403, { dpo: 404 }),
  },
  {
    route: "POST /privacy-requests/:id/settle",
    what: "settle a request of A",
    call: async (c) => ({
      method: "POST",
      path: `/privacy-requests/${await c.target("dpoRequestA", true)}/settle`,
      json: { answer: "Không có cán bộ nào xem số điện thoại của ông/bà trong tháng này." },
    }),
    expect: expectOf(["admin", "dpo"], 403),
  },
  {
    route: "POST /privacy-requests/:id/settle",
    what: "settle a request of B",
    call: async (c) => ({
      method: "POST",
      path: `/privacy-requests/${await c.target("dpoRequestB", true)}/settle`,
      json: { answer: "Không có cán bộ nào xem số điện thoại của ông/bà trong tháng này." },
    }),
    expect: expectOf(["admin"], 403, { dpo: 404 }),
  },
  // Onboarding an OA (api/zalo-connect.ts): the deployment's admin token only.
  {
    route: "GET /communes/:id/zalo/connect",
    what: "the link that connects A's OA",
    call: () => ({ method: "GET", path: `/communes/${A}/zalo/connect` }),
    expect: expectOf(["admin"], 403),
  },
  {
    route: "GET /communes/:id/zalo/connect",
    what: "the link that connects B's OA",
    call: () => ({ method: "GET", path: `/communes/${B}/zalo/connect` }),
    expect: expectOf(["admin"], 403),
  },
  // Figures, audit (JSON and CSV)
  {
    route: "GET /stats",
    what: "A's figures",
    call: () => ({ method: "GET", path: `/stats?communeId=${A}` }),
    expect: expectOf(["admin", "province_admin", "province", "commune_admin", "leader"], 403),
  },
  {
    route: "GET /stats",
    what: "A's figures as CSV",
    call: () => ({ method: "GET", path: `/stats?communeId=${A}&format=csv` }),
    expect: expectOf(["admin", "province_admin", "province", "commune_admin", "leader"], 403),
  },
  {
    route: "GET /stats",
    what: "B's figures",
    call: () => ({ method: "GET", path: `/stats?communeId=${B}` }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  {
    route: "GET /stats/province",
    what: "the province's figures",
    call: () => ({ method: "GET", path: "/stats/province" }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  {
    route: "GET /stats/league",
    what: "the communes' league table (a commune's own row against the province's median)",
    call: () => ({ method: "GET", path: "/stats/league?month=2026-11" }),
    expect: expectOf(["admin", "province_admin", "province", "commune_admin", "leader"], 403),
  },
  {
    route: "GET /oa-fleet",
    what: "the OAs' health (a commune admin: its own OA)",
    call: () => ({ method: "GET", path: "/oa-fleet" }),
    expect: expectOf(["admin", "province_admin", "province", "commune_admin"], 403),
  },
  {
    route: "GET /oa-fleet",
    what: "B's OA",
    call: () => ({ method: "GET", path: `/oa-fleet?communeId=${B}` }),
    expect: expectOf(PROVINCE_WIDE, 403),
  },
  {
    route: "GET /access-audit",
    what: "A's reads of personal data",
    call: () => ({ method: "GET", path: `/access-audit?communeId=${A}` }),
    expect: expectOf(["admin", "province_admin", "dpo"], 403),
  },
  {
    route: "GET /access-audit",
    what: "A's reads of personal data as CSV",
    call: () => ({ method: "GET", path: `/access-audit?communeId=${A}&format=csv` }),
    expect: expectOf(["admin", "province_admin", "dpo"], 403),
  },
  {
    route: "GET /access-audit",
    what: "B's reads of personal data",
    call: () => ({ method: "GET", path: `/access-audit?communeId=${B}` }),
    expect: expectOf(["admin", "province_admin"], 403),
  },
  {
    route: "GET /privacy/purge",
    what: "what A's retention purge removed",
    call: () => ({ method: "GET", path: `/privacy/purge?communeId=${A}` }),
    expect: expectOf(["admin", "province_admin", "dpo"], 403),
  },
  {
    route: "GET /privacy/purge",
    what: "what B's retention purge removed",
    call: () => ({ method: "GET", path: `/privacy/purge?communeId=${B}` }),
    expect: expectOf(["admin", "province_admin"], 403),
  },
];

/** Open311: what the `X-Api-Key` of each role reads of a request, and whether it files one. */
type Open311Outcome = "full" | "withheld" | "public" | "ok" | 403;
interface Open311Row {
  route: string;
  what: string;
  call(c: Ctx, key: string): Promise<Call> | Call;
  expect: Record<Who, Open311Outcome>;
}
const open311Expect = (full: readonly Who[], withheld: readonly Who[]): Record<Who, Open311Outcome> =>
  Object.fromEntries(WHO.map((w) => [w, full.includes(w) ? "full" : withheld.includes(w) ? "withheld" : "public"])) as Record<
    Who,
    Open311Outcome
  >;
const OPEN311_ROWS: Open311Row[] = [
  {
    route: "GET /services.json",
    what: "the services",
    call: () => ({ method: "GET", path: `/services.json?jurisdiction_id=${A}` }),
    expect: expectOf(ALL, 403) as Record<Who, Open311Outcome>,
  },
  {
    route: "GET /services/:code.json",
    what: "one service",
    call: () => ({ method: "GET", path: `/services/lan_chiem.json?jurisdiction_id=${A}` }),
    expect: expectOf(ALL, 403) as Record<Who, Open311Outcome>,
  },
  {
    route: "GET /requests/:id.json",
    what: "own team's violation report",
    call: async (c, key) => ({
      method: "GET",
      path: `/requests/${await c.target("caseOwn")}.json?jurisdiction_id=${A}`,
      headers: { "x-api-key": key },
    }),
    expect: open311Expect(SEES_VIOLATIONS, ["province_admin", "province", "commune_admin"]),
  },
  {
    route: "GET /requests/:id.json",
    what: "another team's violation report",
    call: async (c, key) => ({
      method: "GET",
      path: `/requests/${await c.target("caseOtherTeam")}.json?jurisdiction_id=${A}`,
      headers: { "x-api-key": key },
    }),
    expect: open311Expect(["admin", "leader", "dpo"], ["province_admin", "province", "commune_admin"]),
  },
  {
    route: "GET /requests.json",
    what: "B's violation report in the list",
    call: async (c, key) => ({
      method: "GET",
      path: `/requests.json?jurisdiction_id=${B}&service_request_id=${await c.target("caseB")}`,
      headers: { "x-api-key": key },
    }),
    expect: open311Expect(["admin"], ["province_admin", "province"]),
  },
  {
    route: "POST /requests.json",
    what: "file a request in A",
    call: (_c, key) => ({
      method: "POST",
      path: "/requests.json",
      body: new URLSearchParams({
        jurisdiction_id: A,
        api_key: key,
        service_code: "lan_chiem",
        lat: "20.996",
        long: "105.605",
        description: INTAKE.description,
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    expect: expectOf(["admin", "lead", "officer"], 403) as Record<Who, Open311Outcome>,
  },
  {
    route: "POST /requests.json",
    what: "file a request in B",
    call: (_c, key) => ({
      method: "POST",
      path: "/requests.json",
      body: new URLSearchParams({
        jurisdiction_id: B,
        api_key: key,
        service_code: "lan_chiem",
        lat: "20.996",
        long: "105.605",
        description: INTAKE.description,
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    expect: expectOf(["admin"], 403) as Record<Who, Open311Outcome>,
  },
];

/** Zalo commands, sent by each commune role of A (province users have no commune's OA to link through). */
type ZaloOutcome = "done" | "card" | "withheldCard" | "list" | "refused" | "notFound";
interface ZaloRow {
  command: string;
  what: string;
  text(c: Ctx): Promise<string>;
  expect: Record<CommuneWho, ZaloOutcome>;
}
const zaloExpect = (
  allowed: readonly CommuneWho[],
  yes: ZaloOutcome,
  no: ZaloOutcome,
  over: Partial<Record<CommuneWho, ZaloOutcome>> = {},
) => Object.fromEntries(COMMUNE_ROLES.map((w) => [w, over[w] ?? (allowed.includes(w) ? yes : no)])) as Record<CommuneWho, ZaloOutcome>;
const ZALO_ACTORS = ["leader", "lead", "officer"] as const;
const ZALO_ROWS: ZaloRow[] = [
  { command: "ds", what: "the worklist", text: async () => "#ds", expect: zaloExpect(COMMUNE_ROLES, "list", "refused") },
  {
    command: "xem",
    what: "own team's violation report",
    text: async (c) => `#xem ${await c.target("caseOwn")}`,
    expect: zaloExpect(["leader", "dpo", "lead", "officer"], "card", "withheldCard"),
  },
  {
    command: "xem",
    what: "another team's case",
    text: async (c) => `#xem ${await c.target("caseOtherTeam")}`,
    expect: zaloExpect(["commune_admin", "leader", "dpo"], "card", "refused", { commune_admin: "withheldCard" }),
  },
  { command: "xem", what: "B's case", text: async (c) => `#xem ${await c.target("caseB")}`, expect: zaloExpect([], "card", "notFound") },
  {
    command: "nhan",
    what: "acknowledge own team's case",
    text: async (c) => `#nhan ${await c.target("caseOwn", true)}`,
    expect: zaloExpect(ZALO_ACTORS, "done", "refused"),
  },
  {
    command: "nhan",
    what: "acknowledge B's case",
    text: async (c) => `#nhan ${await c.target("caseB", true)}`,
    expect: zaloExpect([], "done", "notFound"),
  },
  {
    command: "xuly",
    what: "start on own team's case",
    text: async (c) => `#xuly ${await c.target("caseOwnAcknowledged", true)}`,
    expect: zaloExpect(ZALO_ACTORS, "done", "refused"),
  },
  {
    command: "xong",
    what: "resolve own team's case",
    text: async (c) => `#xong ${await c.target("caseOwnAcknowledged", true)} đã dừng thi công`,
    expect: zaloExpect(ZALO_ACTORS, "done", "refused"),
  },
  {
    command: "tuchoi",
    what: "reject own team's case",
    text: async (c) => `#tuchoi ${await c.target("caseOwn", true)} không đúng địa chỉ`,
    expect: zaloExpect(ZALO_ACTORS, "done", "refused"),
  },
  {
    command: "ghichu",
    what: "note on own team's case",
    text: async (c) => `#ghichu ${await c.target("caseOwn", true)} đã gọi`,
    expect: zaloExpect(ZALO_ACTORS, "done", "refused"),
  },
  {
    command: "ghichu",
    what: "note on B's case",
    text: async (c) => `#ghichu ${await c.target("caseB", true)} đã gọi`,
    expect: zaloExpect([], "done", "notFound"),
  },
  {
    command: "trung",
    what: "own team's case a duplicate of another",
    text: async (c) => `#trung ${await c.target("caseOwn", true)} ${await c.target("caseOwn", true)}`,
    expect: zaloExpect(ZALO_ACTORS, "done", "refused"),
  },
  {
    command: "chuyen",
    what: "hand own team's case to another team",
    text: async (c) => `#chuyen ${await c.target("caseOwn", true)} trat-tu-nam`,
    expect: zaloExpect(["leader", "lead"], "done", "refused"),
  },
  {
    command: "chuyenxa",
    what: "hand own team's case to commune B",
    text: async (c) => `#chuyenxa ${await c.target("caseOwn", true)} phu xa vị trí thuộc Phú Xá`,
    expect: zaloExpect(["commune_admin", "leader", "lead"], "done", "refused"),
  },
  {
    command: "chuyenxa",
    what: "hand B's case to commune A",
    text: async (c) => `#chuyenxa ${await c.target("caseB", true)} kieu-phu`,
    expect: zaloExpect([], "done", "notFound"),
  },
];
/** Commands that touch no case: each officer's own duty, help, linking, and the chat hand-over (the worker checks the commune). */
const ZALO_OUTSIDE_CASES = ["huongdan", "nghi", "trucban", "dangky", "dangnhap", "nhanchat", "bot", "tl"];

/** The OA fleet's reader over the test's Redis (nothing recorded: the rows check who may read it). */
function oaFleetOf(redis: Redis, communes: Communes) {
  const facts = new OaFacts(redis, `matrix-fleet-${process.pid}`, () => `matrix-fleet-${process.pid}`);
  return {
    communes: communes.list.map((c) => ({ id: c.id, name: c.name, oaId: c.zalo?.oaId ?? null })),
    reader: { facts, failureLabels: ["other"], tokenOf: async () => null },
  };
}

/** `METHOD /path` of every route a router declares, sub-routers included. */
function routesOf(router: Router): string[] {
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((l) => {
      if (l.route) {
        const paths = Array.isArray(l.route.path) ? l.route.path : [l.route.path];
        return Object.keys(l.route.methods).flatMap((m) => paths.map((p) => `${m.toUpperCase()} ${p}`));
      }
      return l.handle?.stack ? walk(l.handle.stack) : [];
    });
  return [...new Set(walk((router as unknown as { stack: Layer[] }).stack))];
}

describe("rights: every role through every surface (issue 23)", function () {
  this.timeout(180_000);
  let db: Database;
  let redis: Redis;
  let url: string;
  let close: () => Promise<void>;
  let dataDir: string;
  let api: Router;
  let v2: Router;
  const { a, b, communes } = provinceOfTwo();
  const prefix = uniquePrefix("matrix");
  let live: RedisConnection;
  let dpoDeps: DpoDeps;
  const citizen = (communeId: string) => ({
    communeId,
    personHash: `matrix-person-${++n}`,
    channel: "zalo",
    userId: `52177000000${String(++n).padStart(8, "0")}`,
  });
  const tokens = {} as Record<Who, string>;
  const self = {} as Record<Who, string>;
  const shared = new Map<Target, string>();
  let n = 0;

  async function newCase(commune: CommuneConfig, category: string, areaId: string): Promise<string> {
    const png = samplePng();
    const file = `matrix-${++n}.png`;
    await writeFile(path.join(dataDir, file), png);
    const { case: c } = await fileCase(db, commune, {
      sourceKey: `matrix:${n}`,
      category,
      areaId,
      description: "Nhà số 12 đổ móng lấn ra mặt đường",
      contact: { name: "Nguyễn Văn An", phone: "0912345678" },
      keptPhotos: [{ storedPath: file, contentType: "image/png", bytes: png.length, sha256: "a".repeat(64) }],
    });
    return c.code;
  }
  async function newOfficer(communeId: string | null, teamId: string | null): Promise<string> {
    const role = communeId === null ? "province" : "officer";
    const { officer } = await createOfficer(db, communeId, {
      id: `target-${++n}`,
      name: "Cán bộ thử",
      role,
      ...(teamId ? { teamId } : {}),
    });
    return officer.id;
  }
  const make: Record<Target, () => Promise<string>> = {
    caseOwn: () => newCase(a, "lan_chiem", "dong-but"),
    caseOwnAcknowledged: async () => {
      const code = await newCase(a, "lan_chiem", "dong-but");
      await db.query("UPDATE cases SET status = 'acknowledged' WHERE code = $1", [code]);
      return code;
    },
    caseOtherTeam: () => newCase(a, "lan_chiem", "yen-thai"),
    casePlain: () => newCase(a, "chieu_sang", "dong-but"),
    caseB: () => newCase(b, "lan_chiem", "dong-but"),
    officerA: () => newOfficer(A, "trat-tu-bac"),
    officerB: () => newOfficer(B, "px-trat-tu-bac"),
    provinceUser: () => newOfficer(null, null),
    dpoRequestA: async () => String((await fileDpoRequest(dpoDeps, citizen(A), a, `matrix-dpo-${++n}`, DPO_DETAIL)).id),
    dpoRequestB: async () => String((await fileDpoRequest(dpoDeps, citizen(B), b, `matrix-dpo-${++n}`, DPO_DETAIL)).id),
    teamA: async () => (await createTeam(db, A, { id: `team-${++n}`, name: "Tổ thử" })).id,
    teamB: async () => (await createTeam(db, B, { id: `team-${++n}`, name: "Tổ thử" })).id,
  };
  const ctx: Ctx = {
    async target(t, fresh = false) {
      if (fresh) return make[t]();
      if (!shared.has(t)) shared.set(t, await make[t]());
      return shared.get(t)!;
    },
    self,
    signInCode: (who) => issueSignInCode(live, prefix, self[who]),
  };

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "matrix-"));
    db = await openTestDatabase("pglite");
    await syncFromCommune(db, a);
    await syncFromCommune(db, b);
    for (const [code, communeId] of [
      [DOSSIER_A, A],
      [DOSSIER_B, B],
    ] as const)
      await upsertDossiers(db, communeId, [
        {
          code,
          procedure: "Đăng ký kết hôn",
          channel: "online",
          status: 2,
          receivedAt: new Date("2025-11-26T01:00:00Z"),
          dueAt: null,
          finishedAt: null,
        },
      ]);
    const roles: Record<Exclude<Who, "admin">, { communeId: string | null; teamId?: string }> = {
      province_admin: { communeId: null },
      province: { communeId: null },
      commune_admin: { communeId: A },
      leader: { communeId: A },
      dpo: { communeId: A },
      lead: { communeId: A, teamId: "trat-tu-bac" },
      officer: { communeId: A, teamId: "trat-tu-bac" },
    };
    tokens.admin = ADMIN_TOKEN;
    self.admin = "admin";
    for (const [role, at] of Object.entries(roles) as [Exclude<Who, "admin">, { communeId: string | null; teamId?: string }][]) {
      const { officer, token } = await createOfficer(db, at.communeId, {
        id: `matrix-${role.replace("_", "-")}`,
        name: `Thử ${role}`,
        role,
        ...(at.teamId
          ? { teamId: at.teamId, zaloUserId: `52100000000099${String(Object.keys(roles).indexOf(role)).padStart(5, "0")}` }
          : {}),
        ...(at.communeId && !at.teamId ? { zaloUserId: `52100000000098${String(Object.keys(roles).indexOf(role)).padStart(5, "0")}` } : {}),
      });
      tokens[role] = token;
      self[role] = officer.id;
    }
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    // The routes served only with their parts (sign-in, the DPO's requests, OA onboarding), on real
    // Redis and queues under the matrix's own prefix.
    live = testConnection();
    dpoDeps = {
      db,
      outbound: new Queue(QUEUE.outbound, { connection: live, prefix }),
      escalation: new Queue(QUEUE.escalation, { connection: live, prefix }),
      handlerRoles: rolesWith("privacy-requests:settle"),
      say: dpoWording,
    };
    // Every optional part of the API is given but those that add no route (hooks, limits, a
    // clock, defaults): a part added to ApiDeps fails to compile here until it is given too, so
    // its routes reach the coverage check below.
    const parts: Required<
      Omit<ApiDeps, "clock" | "importMaxBytes" | "failures" | "onProceduresImported" | "photos" | "personHash" | "onTeamsChanged">
    > = {
      db,
      communes,
      config: { ADMIN_TOKEN, DATA_DIR: dataDir },
      triggerDossierNotices: async () => {},
      onCaseTransition: async () => {},
      onCaseReassigned: async () => {},
      onCaseFiled: async () => {},
      fleet: oaFleetOf(redis, communes),
      signIn: { sessions: new OfficerSessions(live, prefix), codeAttempts: new CodeAttempts(live, prefix), redis: live, prefix },
      dpo: dpoDeps,
      oaConnect: {
        links: zaloOaConnect(parseConfig(testEnv({ REDIS_PREFIX: prefix })), communes, live),
        redirectUri: "https://hotline.example.test/zalo/oauth/callback",
        callbackPath: "/zalo/oauth/callback",
      },
    };
    api = apiRouter(parts);
    v2 = open311Router({
      db,
      communes,
      adminToken: ADMIN_TOKEN,
      wording: open311Wording,
      photoHosts: ["photos.example.test"],
      onCaseFiled: async () => {},
    });
    const app = createApp({ redis, db, routers: [api, v2] });
    ({ url, close } = await listenOnFreePort(app));
  });
  after(async () => {
    await close?.();
    redis?.disconnect();
    await dpoDeps?.outbound.close();
    await dpoDeps?.escalation.close();
    live?.disconnect();
    await dropPrefix(prefix);
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function send(prefix: string, call: Call, token: string | null, surface?: "dashboard") {
    const headers: Record<string, string> = { ...call.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (surface) headers["x-hotline-surface"] = surface;
    let body: string | undefined = call.body;
    if (call.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(call.json);
    }
    const res = await fetch(`${url}${prefix}${call.path}`, { method: call.method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return { status: res.status, text };
  }
  const outcomeOf = (status: number): Outcome => (status >= 200 && status < 300 ? "ok" : (status as Outcome));

  for (const surface of ["api", "dashboard"] as const) {
    it(`the officer API through the ${surface === "api" ? "API" : "dashboard (it calls the API)"}: every row, every role`, async () => {
      const wrong: string[] = [];
      for (const row of API_ROWS)
        for (const who of WHO) {
          const call = await row.call(ctx, who);
          const r = await send("/api/v1", call, tokens[who], surface === "dashboard" ? "dashboard" : undefined);
          const got = outcomeOf(r.status);
          if (got !== row.expect[who])
            wrong.push(`${row.route} (${row.what}) as ${who}: ${got}, expected ${row.expect[who]} — ${r.text.slice(0, 160)}`);
        }
      expect(wrong, wrong.join("\n")).to.deep.equal([]);
    });
  }

  it("a violation report's description and photos: only its team, the leader, the dpo and the admin; others are told in the JSON", async () => {
    const violation = await ctx.target("caseOwn");
    const plain = await ctx.target("casePlain");
    for (const who of WHO) {
      const r = JSON.parse((await send("/api/v1", { method: "GET", path: `/cases/${violation}` }, tokens[who])).text) as {
        description: string | null;
        descriptionWithheld: boolean;
        photos: unknown[];
      };
      const sees = (SEES_VIOLATIONS as readonly Who[]).includes(who);
      expect(r.descriptionWithheld, who).to.equal(!sees);
      expect(r.description === null, who).to.equal(!sees);
      expect(r.photos, who).to.have.length(sees ? 1 : 0);
      if (who === "lead" || who === "officer") continue; // another team's street light
      const p = JSON.parse((await send("/api/v1", { method: "GET", path: `/cases/${plain}` }, tokens[who])).text) as {
        description: string | null;
        descriptionWithheld: boolean;
      };
      expect(p, who).to.include({ descriptionWithheld: false });
      expect(p.description, who).to.be.a("string");
    }
    // Nor can its words be found by searching: a match would tell what it says.
    const search = (who: Who) =>
      send("/api/v1", { method: "GET", path: `/cases?communeId=${A}&q=${encodeURIComponent("đổ móng")}&limit=100` }, tokens[who]).then(
        (r) => (JSON.parse(r.text) as { cases: { code: string }[] }).cases.map((c) => c.code),
      );
    expect(await search("leader")).to.include(violation);
    const byProvince = await search("province");
    expect(byProvince).to.include(plain);
    expect(byProvince).to.not.include(violation);
    expect(await search("commune_admin")).to.not.include(violation);
  });

  it("Open311: the X-Api-Key of each role reads the full, withheld or public record, and files only where it may", async () => {
    const wrong: string[] = [];
    for (const row of OPEN311_ROWS)
      for (const who of WHO) {
        const r = await send("/open311/v2", await row.call(ctx, tokens[who]), null);
        let got: Open311Outcome = r.status >= 200 && r.status < 300 ? "ok" : (r.status as 403);
        if (got === "ok" && row.route.startsWith("GET /requests")) {
          const [rec] = JSON.parse(r.text) as { description: string | null; address: string | null; service_notice: string | null }[];
          got = rec!.description !== null ? "full" : rec!.service_notice ? "withheld" : "public";
        }
        if (got !== row.expect[who])
          wrong.push(`${row.route} (${row.what}) as ${who}: ${got}, expected ${row.expect[who]} — ${r.text.slice(0, 160)}`);
      }
    expect(wrong, wrong.join("\n")).to.deep.equal([]);
  });

  it("Zalo commands: each commune role of A gets what its rights give, and nothing of B", async () => {
    const wrong: string[] = [];
    const officers = {} as Record<CommuneWho, Officer>;
    for (const who of COMMUNE_ROLES) officers[who] = (await getOfficer(db, self[who]))!;
    const flow = {
      ...handMadeContext(a),
      communes: communes.list.map((x) => ({ id: x.id, name: x.name })),
      now: new Date(),
      cases: {
        ...handMadeContext(a).cases,
        // Unfiltered by commune on purpose: the rights alone must keep B's case out.
        get: (code: string) => getCase(db, code),
        worklist: (teamId: string | null, limit: number) => openCasesWorklist(db, A, teamId, limit, new Date()),
      },
    };
    for (const row of ZALO_ROWS)
      for (const who of COMMUNE_ROLES) {
        const text = await row.text(ctx);
        const event = {
          eventId: `e${++n}`,
          channel: "zalo" as const,
          communeId: A,
          userId: officers[who].zaloUserId!,
          at: Date.now(),
          kind: "text" as const,
          text,
        };
        const r = await officerDesk.turn(officers[who], null, event, flow);
        const said = r.replies.map((x) => ("text" in x ? x.text : "")).join("\n");
        const got: ZaloOutcome = r.effects?.some((e) => e.type === "caseCommand")
          ? "done"
          : said.includes("Phản ánh đang mở") || said.includes("Không có phản ánh nào đang mở")
            ? "list"
            : said.includes("Không có phản ánh")
              ? "notFound"
              : said.includes("Mô tả và ảnh: chỉ")
                ? "withheldCard"
                : said.includes("• Mô tả:")
                  ? "card"
                  : "refused";
        if (got !== row.expect[who])
          wrong.push(`#${row.command} (${row.what}) as ${who}: ${got}, expected ${row.expect[who]} — ${said.slice(0, 160)}`);
      }
    expect(wrong, wrong.join("\n")).to.deep.equal([]);
  });

  it("a province user's reads of personal data are in the access audit, which the dpo of the commune reads", async () => {
    const plain = await ctx.target("casePlain");
    expect((await send("/api/v1", { method: "GET", path: `/cases/${plain}` }, tokens.province)).status).to.equal(200);
    expect((await send("/api/v1", { method: "GET", path: `/cases/${plain}/photos/1` }, tokens.province, "dashboard")).status).to.equal(200);
    // A street light reported through Open311 with a photo: its media_url read with the province user's key.
    const { case: viaOpen311 } = await fileCase(db, a, {
      sourceKey: `matrix:open311:${++n}`,
      channel: "open311",
      category: "chieu_sang",
      areaId: "dong-but",
      description: "Đèn đường trước nhà văn hoá thôn bị tắt",
      photos: ["https://photos.example.test/den.jpg"],
    });
    const listed = await send(
      "/open311/v2",
      { method: "GET", path: `/requests/${viaOpen311.code}.json?jurisdiction_id=${A}`, headers: { "x-api-key": tokens.province } },
      null,
    );
    expect((JSON.parse(listed.text) as { media_url: string | null }[])[0]!.media_url).to.equal("https://photos.example.test/den.jpg");
    const open311Reads = JSON.parse(
      (await send("/api/v1", { method: "GET", path: `/access-audit?case=${viaOpen311.code}` }, tokens.dpo)).text,
    ) as {
      reads: { readerId: string; what: string; surface: string }[];
    };
    expect(open311Reads.reads.map((r) => [r.readerId, r.what, r.surface])).to.deep.equal([[self.province, "photo", "open311"]]);
    const audit = JSON.parse((await send("/api/v1", { method: "GET", path: `/access-audit?case=${plain}` }, tokens.dpo)).text) as {
      reads: { readerId: string; what: string; surface: string }[];
    };
    expect(audit.reads.filter((r) => r.readerId === self.province).map((r) => [r.what, r.surface])).to.deep.include.members([
      ["contact", "api"],
      ["photo", "dashboard"],
    ]);
  });

  it("the answer to a change carries the contact, so it is recorded like a read", async () => {
    const code = await ctx.target("caseOwn", true);
    const r = await send("/api/v1", { method: "POST", path: `/cases/${code}/transitions`, json: { to: "acknowledged" } }, tokens.leader);
    expect((JSON.parse(r.text) as { contact: unknown }).contact).to.deep.equal({ name: "Nguyễn Văn An", phone: "0912345678" });
    const audit = JSON.parse((await send("/api/v1", { method: "GET", path: `/access-audit?case=${code}` }, tokens.dpo)).text) as {
      reads: { readerId: string; what: string; surface: string }[];
    };
    expect(audit.reads.map((x) => [x.readerId, x.what, x.surface])).to.deep.equal([[self.leader, "contact", "api"]]);
  });

  it("covers every route of the officer API and Open311, and every Zalo command (a new one needs its rows)", () => {
    expect(routesOf(api).filter((r) => !API_ROWS.some((row) => row.route === r))).to.deep.equal([]);
    expect(
      routesOf(v2).filter((r) => !OPEN311_ROWS.some((row) => `${row.route}` === r.replace(/^(\w+) \/open311\/v2/, "$1 "))),
    ).to.deep.equal([]);
    expect(OFFICER_COMMANDS.filter((c) => !ZALO_ROWS.some((r) => r.command === c) && !ZALO_OUTSIDE_CASES.includes(c))).to.deep.equal([]);
    expect(routesOf(api)).to.have.length.above(20);
    // Every role of the rights table has its column here.
    expect([...new Set(Object.values(RIGHTS).flat())].sort()).to.deep.equal([...WHO].sort());
  });

  it("the rights table documented in api/auth.ts is RIGHTS", async () => {
    const source = await readFile(new URL("../../src/api/auth.ts", import.meta.url), "utf8");
    const COLUMNS: Record<string, Who> = {
      admin: "admin",
      "p.admin": "province_admin",
      "prov.": "province",
      "c.admin": "commune_admin",
      leader: "leader",
      dpo: "dpo",
      lead: "lead",
      officer: "officer",
    };
    const lines = source.split("\n").filter((l) => l.startsWith(" * |"));
    const head = lines[0]!
      .split("|")
      .slice(2, -1)
      .map((c) => COLUMNS[c.trim()]!);
    const documented = Object.fromEntries(
      lines
        .filter((l) => l.includes("`"))
        .map((l) => {
          const cells = l
            .split("|")
            .slice(1, -1)
            .map((c) => c.trim());
          return [cells[0]!.replace(/`/g, ""), head.filter((_, i) => cells[i + 1] === "yes")];
        }),
    );
    const actual = Object.fromEntries(Object.entries(RIGHTS).map(([r, roles]) => [r, head.filter((w) => roles.includes(w))]));
    expect(documented).to.deep.equal(actual);
  });
});
