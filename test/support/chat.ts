/**
 * `npm run chat`: play the Zalo platform against a running hotline. Serves the fake OA API the
 * hotline sends to (ZALO_API_BASE_URL), signs and posts webhooks as a citizen (or, after `/as ID`,
 * as an officer), prints the replies, and echoes every message the hotline sends back to its
 * webhook as Zalo does (`oa_send_text`). `/console TEXT` plays a person typing in the OA console.
 */
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { redisKey } from "../../src/redis.js";
import { ButtonBook, parseInfo } from "./chat-input.js";
import { SAMPLE_PHOTO_PATH, startFakeZalo, type RecordedMessage } from "./fake-zalo.js";
import { signedWebhook, type CitizenAction } from "./sign.js";

process.loadEnvFile(existsSync(".env") ? ".env" : ".env.example");
const env = (name: string, fallback = ""): string => process.env[name] || fallback;

const HELP = `Gõ tin nhắn như một người dân. Lệnh:
  1, 2, …               bấm nút số đó trong tin trả lời gần nhất
  /tap                  liệt kê mọi nút đã hiện trong phiên, cả nút của tin cũ (Zalo vẫn cho bấm
                        trong lịch sử), mỗi nút một số; /tap N bấm nút số N của danh sách đó
  /loc LAT,LNG [tên]    gửi vị trí (vd: /loc 21.0285,105.8542 Hồ Gươm)
  /img                  gửi một ảnh mẫu (do chính máy giả lập này phục vụ, tổng đài sandbox lưu được)
  /img URL [URL…]       gửi ảnh theo URL (nhiều URL = nhiều ảnh trong một tin)
  /info TÊN SĐT         chia sẻ thông tin liên hệ (vd: /info Lê Thị Hồng 0987 111 222)
  /follow               quan tâm OA
  /as ID                đổi người dùng (id Zalo), ví dụ cán bộ Bộ phận một cửa 5210000000000000011
                        rồi /as 8000000000000000001 để quay lại làm người dân (/user ID cũng được)
  /console NỘI DUNG     cán bộ trả lời người dân gần nhất trên Zalo OA (tin vọng oa_send_text có admin_id)
  /help  /quit`;

async function storedTokens(): Promise<{ accessToken?: string; refreshToken?: string }> {
  // The hotline may have refreshed the sandbox pair in an earlier session: continue from it.
  const redis = new Redis(env("REDIS_URL", "redis://127.0.0.1:6379"), { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const raw = await redis.get(redisKey(env("REDIS_PREFIX", "hotline"), "zalo", "token"));
    return raw ? (JSON.parse(raw) as { accessToken?: string; refreshToken?: string }) : {};
  } catch {
    return {};
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const apiUrl = new URL(env("ZALO_API_BASE_URL", "http://127.0.0.1:3100"));
  if (env("ZALO_OAUTH_BASE_URL") && new URL(env("ZALO_OAUTH_BASE_URL")).port !== apiUrl.port) {
    console.warn("Lưu ý: ZALO_OAUTH_BASE_URL khác cổng với ZALO_API_BASE_URL; làm mới token sẽ không tới máy giả lập này.");
  }
  const stored = await storedTokens();
  const fake = await startFakeZalo({
    port: Number(apiUrl.port || 80),
    appId: env("ZALO_APP_ID"),
    appSecret: env("ZALO_APP_SECRET"),
    accessToken: stored.accessToken ?? env("ZALO_ACCESS_TOKEN"),
    refreshToken: stored.refreshToken ?? env("ZALO_REFRESH_TOKEN"),
  });
  const webhook = `http://127.0.0.1:${env("PORT", "3000")}/webhooks/zalo`;
  // Zalo posts back an echo of every message the OA sends; the hotline must know its own.
  fake.echoTo({ url: webhook, appId: env("ZALO_APP_ID"), secret: env("ZALO_OA_SECRET_KEY") });
  let userId = env("CHAT_USER_ID", "8000000000000000001");
  // The last user who wrote something that is not an officer's #command: who `/console` answers.
  let citizenId = userId;
  let samples = 0;
  // Each user's buttons, kept across `/as` (see ButtonBook: the latest numbered from 1, every one
  // by `/tap N`). A tap sends the payload; a link button ({url}) only shows where it leads.
  const buttonsOf = new Map<string, ButtonBook>();
  const book = (id: string) => {
    let b = buttonsOf.get(id);
    if (!b) buttonsOf.set(id, (b = new ButtonBook()));
    return b;
  };

  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "bạn> " });
  const say = (line: string) => {
    process.stdout.write(`\r\x1b[K${line}\n`);
    rl.prompt(true);
  };

  fake.onMessage((m: RecordedMessage) => {
    const who = m.userId === userId ? "hotline" : `hotline → ${m.userId}`;
    const msg = m.message as {
      text?: string;
      attachment?: {
        payload?: {
          buttons?: { title: string; payload: string | { url?: string } }[];
          template_type?: string;
          elements?: { url?: string; title?: string; subtitle?: string }[];
        };
      };
    };
    const payload = msg.attachment?.payload;
    if (msg.text) say(`${who}> ${msg.text.replace(/\n/g, `\n${" ".repeat(who.length + 2)}`)}`);
    if (payload?.buttons) {
      for (const button of payload.buttons) {
        const link = typeof button.payload === "string" ? "" : (button.payload.url ?? "");
        const n = book(m.userId).add(typeof button.payload === "string" ? button.payload : { url: link }, button.title);
        const title = link ? `${button.title} 🔗 ${link}` : button.title;
        say(m.userId === userId ? `   [${n}] ${title}` : `   (${m.userId}: [${n}] ${title})`);
      }
    }
    if (payload?.template_type === "media") say(`${who}> 🖼  ${payload.elements?.[0]?.url ?? ""}`);
    if (payload?.template_type === "request_user_info") {
      const e = payload.elements?.[0];
      say(`${who}> 📇 ${e?.title ?? ""} — ${e?.subtitle ?? ""}  (gõ /info TÊN SĐT để chia sẻ)`);
    }
  });

  const send = async (action: CitizenAction, to = userId) => {
    if (action.type !== "oa_echo") book(to).wrote();
    const w = signedWebhook(action, { userId: to, appId: env("ZALO_APP_ID"), secret: env("ZALO_OA_SECRET_KEY") });
    try {
      const res = await fetch(webhook, { method: "POST", headers: w.headers, body: w.body });
      if (res.status !== 200) say(`(webhook trả ${res.status}: ${await res.text()})`);
    } catch (err) {
      say(`(không gửi được tới ${webhook}: hotline đã chạy chưa? ${(err as Error).message})`);
    }
  };

  const handle = async (line: string): Promise<boolean> => {
    const [cmd = "", ...args] = line.split(/\s+/);
    const tapped = /^\d+$/.test(line)
      ? book(userId).tapLatest(Number(line))
      : cmd === "/tap" && /^\d+$/.test(args[0] ?? "")
        ? book(userId).tap(Number(args[0]))
        : undefined;
    if (typeof tapped === "object") return (say(`(nút này mở trang ${tapped.url}; không gửi gì cho tổng đài)`), true);
    if (tapped !== undefined) return (void (await send({ type: "text", text: tapped })), true);
    switch (cmd) {
      case "/tap":
        if (args.length) say(`(không có nút số ${args[0]}; gõ /tap để xem danh sách)`);
        else {
          const all = book(userId).history();
          say(all.length ? "(mọi nút đã hiện, cũ trước; /tap N để bấm)" : "(chưa có nút nào)");
          for (const b of all) say(`   /tap ${b.n}  ${b.title}`);
        }
        break;
      case "/quit":
        return false;
      case "/help":
        say(HELP);
        break;
      case "/as":
      case "/user": {
        if (args[0]) userId = args[0];
        const latest = book(userId).latest();
        say(`(đang là người dùng ${userId}${latest.length ? "; nút gần nhất:" : ""})`);
        for (const b of latest) say(`   [${b.n}] ${b.title}`);
        break;
      }
      case "/console":
        if (!args.length) say("Cách dùng: /console nội dung (gửi tới người dân gần nhất)");
        else {
          say(`(Zalo OA → ${citizenId}) ${args.join(" ")}`);
          await send({ type: "oa_echo", text: args.join(" "), adminId: "1000000000000000001" }, citizenId);
        }
        break;
      case "/follow":
        await send({ type: "follow" });
        break;
      case "/loc": {
        const [lat, lng] = (args[0] ?? "").split(",").map(Number);
        if (lat === undefined || lng === undefined || !Number.isFinite(lat) || !Number.isFinite(lng))
          say("Cách dùng: /loc 21.0285,105.8542 [tên địa điểm]");
        else await send({ type: "location", latitude: lat, longitude: lng, name: args.slice(1).join(" ") || undefined });
        break;
      }
      case "/img":
        // Without a URL, the picture this fake Zalo serves (a sandbox hotline may copy from its host).
        await send({ type: "image", urls: args.length ? args : [`${fake.url}${SAMPLE_PHOTO_PATH}?n=${++samples}`] });
        break;
      case "/info": {
        const info = parseInfo(args);
        if (!info) say("Cách dùng: /info Nguyễn Văn A 0912 345 678");
        else await send({ type: "submit_info", ...info });
        break;
      }
      default:
        if (line.startsWith("/")) say("Lệnh không rõ. Gõ /help.");
        else if (line) {
          if (!line.startsWith("#")) citizenId = userId;
          await send({ type: "text", text: line });
        }
    }
    return true;
  };

  console.log(`Zalo giả lập tại ${fake.url} · webhook ${webhook} · người dùng ${userId}\n${HELP}`);
  rl.prompt();
  rl.on("line", (raw) => {
    void handle(raw.trim()).then((more) => (more ? rl.prompt() : rl.close()));
  });
  rl.on("close", () => {
    void fake.close().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
