import express, { type Router } from "express";
import { type ZaloListenerOptions, zaloWebhookListener } from "./listener.js";

/**
 * `POST /webhooks/zalo` as an express route (the same handler as `zaloWebhookListener`). Mount it
 * before any body parser: the signature covers the exact bytes, so the body is read raw here.
 */
export function zaloWebhookRouter(options: ZaloListenerOptions): Router {
  const router = express.Router();
  const listener = zaloWebhookListener(options);
  router.post("/webhooks/zalo", (req, res) => listener(req, res));
  return router;
}
