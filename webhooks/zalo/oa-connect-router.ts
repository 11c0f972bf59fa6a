import express, { type Router } from "express";
import { z } from "zod";
import type { ConnectOutcome, ZaloOaConnect } from "./oa-connect.js";

/** Where Zalo sends the admin's browser back after the OA's permission page (public: Zalo calls it). */
export const ZALO_OAUTH_CALLBACK_PATH = "/zalo/oauth/callback";

// Zalo adds parameters of its own (code_challenge, …): only these are read.
const callbackQuery = z.looseObject({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200).optional(),
  oa_id: z.string().min(1).max(40).optional(),
});

/**
 * `GET /zalo/oauth/callback?code&state&oa_id`: the end of an OA's onboarding, answered with a short
 * page for the admin, in Vietnamese then English.
 */
export function zaloOaCallbackRouter(connect: ZaloOaConnect): Router {
  const router = express.Router();
  router.get(ZALO_OAUTH_CALLBACK_PATH, async (req, res) => {
    const q = callbackQuery.safeParse(req.query);
    const outcome: ConnectOutcome = q.success
      ? await connect.finish({ code: q.data.code, state: q.data.state, oaId: q.data.oa_id })
      : { ok: false, reason: "incomplete" };
    const { status, vi, en } = pageText(outcome);
    res
      .status(status)
      .set("Cache-Control", "no-store")
      .type("html")
      .send(page(outcome.ok ? "Đã kết nối OA" : "Chưa kết nối được OA", vi, en));
  });
  return router;
}

function pageText(o: ConnectOutcome): { status: number; vi: string; en: string } {
  if (o.ok)
    return {
      status: 200,
      vi: `Đã kết nối OA ${o.oa.oaId} với ${o.oa.communeName}. Đường dây nóng trả lời người dân qua OA này từ bây giờ.`,
      en: `OA ${o.oa.oaId} is connected to ${o.oa.communeName}. The hotline answers citizens through it from now on.`,
    };
  switch (o.reason) {
    case "incomplete":
      return {
        status: 400,
        vi: "Zalo không gửi mã cấp quyền (có thể quyền chưa được đồng ý). Xin mở lại đường dẫn kết nối.",
        en: "Zalo sent no authorization code (perhaps permission was not granted). Please open the connect link again.",
      };
    case "state":
      return {
        status: 400,
        vi: "Đường dẫn kết nối đã hết hạn hoặc đã được dùng. Xin tạo đường dẫn mới.",
        en: "The connect link has expired or was already used. Please ask for a new one.",
      };
    case "wrong_oa":
      return {
        status: 409,
        vi: `OA vừa cấp quyền (${o.authorizedOaId || "không rõ"}) không phải OA của ${o.oa.communeName} (${o.oa.oaId}). Chưa lưu gì; xin tạo đường dẫn mới và chọn đúng OA.`,
        en: `The OA authorized (${o.authorizedOaId || "unknown"}) is not ${o.oa.communeName}'s (${o.oa.oaId}). Nothing was stored; ask for a new link and pick the right OA.`,
      };
    case "refused":
      return {
        status: 502,
        vi: `Zalo từ chối mã cấp quyền${o.code !== undefined ? ` (lỗi ${o.code})` : ""}. Chưa lưu gì; xin tạo đường dẫn mới.`,
        en: `Zalo refused the authorization code${o.code !== undefined ? ` (error ${o.code})` : ""}. Nothing was stored; ask for a new link.`,
      };
  }
}

function page(title: string, vi: string, en: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1 style="font-size: 1.3rem">${escape(title)}</h1>
<p>${escape(vi)}</p>
<p lang="en" style="color: #555">${escape(en)}</p>
</body></html>`;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
