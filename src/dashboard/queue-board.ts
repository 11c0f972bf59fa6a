import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import { type Request, type RequestHandler, type Response, Router } from "express";
import { bearerToken, sameSecret } from "../api/auth.js";
import { type AuthFailureLimiter, countAuthFailure } from "../api/auth-failures.js";
import { errorBody } from "../http/errors.js";
import { cookieValue } from "../http/cookies.js";
import { BOARD_COOKIE, BOARD_SESSION_SECONDS, isBoardSession, newBoardSession } from "./board-session.js";

/**
 * `/admin/queues`: bull-board over the hotline's queues, for the `ADMIN_TOKEN` only (not officer
 * tokens, whatever their role). Two ways in:
 *
 * - `Authorization: Bearer <ADMIN_TOKEN>` on any request (scripts, curl);
 * - a browser: the dashboard, signed in with the admin token, POSTs `/admin/queues/session` with
 *   that header and gets a 15-minute HttpOnly cookie scoped to `/admin/queues` (see
 *   `board-session.ts`), then opens `/admin/queues/`. With the cookie, a request that changes
 *   something (retry, clean, pause…) must come from the hotline's own origin (SameSite=Strict
 *   already keeps other sites' requests from carrying it). `DELETE /admin/queues/session` ends it.
 *
 * A wrong token counts against the client's address with the API's failures (429 past the
 * limit). The queues are the ones the web process opened (`wiring/`), never a second set.
 */

/** A shard's queues, shown as `<shard>-<queue>` (`s07-inbound`): their names alone are the same in every shard. */
export interface ShardBoardQueues {
  shard: string;
  queues: Queue[];
}

export interface QueueBoardDeps {
  /** The queues under the bare prefix (every queue of a deployment without shards). */
  queues: Queue[];
  /** Each shard's queues (inbound, outbound, cases), when the deployment has shards. */
  shards?: ShardBoardQueues[];
  adminToken: string;
  failures: AuthFailureLimiter;
  clock?: () => Date;
}

export const QUEUE_BOARD_PATH = "/admin/queues";

/** The board's pages: self only; `base-uri 'self'` for bull-board's `<base href>`. Its Google font link is refused. */
export const QUEUE_BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function queueBoardRouter(deps: QueueBoardDeps): Router {
  const now = () => deps.clock?.() ?? new Date();
  const server = new ExpressAdapter();
  server.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [
      ...deps.queues.map((q) => new BullMQAdapter(q)),
      ...(deps.shards ?? []).flatMap(({ shard, queues }) =>
        queues.map((q) => new BullMQAdapter(q, { prefix: `${shard}-`, description: `shard ${shard}` })),
      ),
    ],
    serverAdapter: server,
    options: { uiConfig: { boardTitle: "Hàng đợi tổng đài" } },
  });

  /** 401, or 429 past the failure limit; a wrong token is counted, a missing one is not. */
  const refuse = (req: Request, res: Response, counted: boolean): void => {
    const limited = counted ? countAuthFailure(deps.failures, req, res, { via: "queue board", error: "invalid_token" }) : null;
    if (limited) {
      res.status(limited.status).json(errorBody(limited.code, limited.message));
      return;
    }
    res.set("WWW-Authenticate", 'Bearer realm="civic-hotline"').status(401);
    if (req.accepts(["json", "html"]) === "html") {
      res
        .type("html")
        .send(
          '<!doctype html><meta charset="utf-8"><title>Hàng đợi</title><p>Cần đăng nhập bằng mã quản trị: mở <a href="/dashboard">trang quản lý</a>, đăng nhập, rồi chọn «Hàng đợi».</p>',
        );
    } else {
      res.json(errorBody("unauthorized", "The queue board needs the admin token (Bearer) or a board session from the dashboard"));
    }
  };

  /** The admin token as a Bearer header: true, or answered (401/429/403) and false. */
  const adminBearer = (req: Request, res: Response): boolean => {
    const header = req.get("authorization");
    const token = bearerToken(header);
    if (token && sameSecret(token, deps.adminToken)) return true;
    refuse(req, res, header !== undefined);
    return false;
  };

  const sameOrigin = (req: Request) => req.get("origin") === `${req.protocol}://${req.get("host")}`;

  const guard: RequestHandler = (req, res, next) => {
    res.set({ "Content-Security-Policy": QUEUE_BOARD_CSP, "Cache-Control": "no-store" });
    const session = cookieValue(req.get("cookie"), BOARD_COOKIE);
    if (!req.get("authorization") && session && isBoardSession(session, deps.adminToken, now())) {
      if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
        res.status(403).json(errorBody("forbidden", "Changes to the queues with a board session must come from the hotline's own pages"));
        return;
      }
      next();
      return;
    }
    if (adminBearer(req, res)) next();
  };

  const router = Router();
  router.post(`${QUEUE_BOARD_PATH}/session`, (req, res) => {
    res.set("Cache-Control", "no-store");
    if (!adminBearer(req, res)) return;
    res.cookie(BOARD_COOKIE, newBoardSession(deps.adminToken, now()), {
      httpOnly: true,
      sameSite: "strict",
      secure: req.secure,
      path: QUEUE_BOARD_PATH,
      maxAge: BOARD_SESSION_SECONDS * 1000,
    });
    res.status(204).end();
  });
  router.delete(`${QUEUE_BOARD_PATH}/session`, (req, res) => {
    res.clearCookie(BOARD_COOKIE, { httpOnly: true, sameSite: "strict", secure: req.secure, path: QUEUE_BOARD_PATH });
    res.status(204).end();
  });
  router.use(QUEUE_BOARD_PATH, guard, server.getRouter() as RequestHandler);
  return router;
}
