/**
 * `npm run chat`: play the Zalo platform against a running hotline. Serves the fake OA API the
 * hotline sends to (ZALO_API_BASE_URL), signs and posts webhooks as a citizen, prints the replies.
 */
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { redisKey } from "../../src/redis.js";
import { startFakeZalo, type RecordedMessage } from "./fake-zalo.js";
import { signedWebhook, type CitizenAction } from "./sign.js";

process.loadEnvFile(existsSync(".env") ? ".env" : ".env.example");
const env = (name: string, fallback = ""): string => process.env[name] || fallback;

const HELP = `Gõ tin nhắn như một người dân. Lệnh:
  1, 2, …               bấm nút số đó trong tin trả lời gần nhất
  /loc LAT,LNG [tên]    gửi vị trí (vd: /loc 21.0285,105.8542 Hồ Gươm)
  /img URL [URL…]       gửi ảnh (nhiều URL = nhiều ảnh trong một tin)
  /info TÊN SĐT         chia sẻ thông tin liên hệ (trả lời yêu cầu của OA)
  /follow               quan tâm OA
  /user ID              đổi người dùng (id Zalo)
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
  let userId = env("CHAT_USER_ID", "8000000000000000001");
  let buttons: string[] = [];
  // Buttons of every message since the citizen last wrote are numbered together, so a reply
  // split into several button messages reads as one list.
  let newBatch = true;

  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "bạn> " });
  const say = (line: string) => {
    process.stdout.write(`\r\x1b[K${line}\n`);
    rl.prompt(true);
  };

  fake.onMessage((m: RecordedMessage) => {
    const who = m.userId === userId ? "hotline" : `hotline → ${m.userId}`;
    const msg = m.message as { text?: string; attachment?: { payload?: { buttons?: { title: string; payload: string }[]; template_type?: string; elements?: { url?: string; title?: string; subtitle?: string }[] } } };
    const payload = msg.attachment?.payload;
    if (msg.text) say(`${who}> ${msg.text.replace(/\n/g, `\n${" ".repeat(who.length + 2)}`)}`);
    if (payload?.buttons && m.userId === userId) {
      if (newBatch) buttons = [];
      newBatch = false;
      for (const b of payload.buttons) {
        buttons.push(b.payload);
        say(`   [${buttons.length}] ${b.title}`);
      }
    }
    if (payload?.template_type === "media") say(`${who}> 🖼  ${payload.elements?.[0]?.url ?? ""}`);
    if (payload?.template_type === "request_user_info") {
      const e = payload.elements?.[0];
      say(`${who}> 📇 ${e?.title ?? ""} — ${e?.subtitle ?? ""}  (gõ /info TÊN SĐT để chia sẻ)`);
    }
  });

  const send = async (action: CitizenAction) => {
    newBatch = true;
    const w = signedWebhook(action, { userId, appId: env("ZALO_APP_ID"), secret: env("ZALO_OA_SECRET_KEY") });
    try {
      const res = await fetch(webhook, { method: "POST", headers: w.headers, body: w.body });
      if (res.status !== 200) say(`(webhook trả ${res.status}: ${await res.text()})`);
    } catch (err) {
      say(`(không gửi được tới ${webhook}: hotline đã chạy chưa? ${(err as Error).message})`);
    }
  };

  const handle = async (line: string): Promise<boolean> => {
    const [cmd = "", ...args] = line.split(/\s+/);
    if (/^\d+$/.test(line) && buttons[Number(line) - 1] !== undefined) return void (await send({ type: "text", text: buttons[Number(line) - 1]! })), true;
    switch (cmd) {
      case "/quit":
        return false;
      case "/help":
        say(HELP);
        break;
      case "/user":
        if (args[0]) userId = args[0];
        buttons = [];
        say(`(đang là người dùng ${userId})`);
        break;
      case "/follow":
        await send({ type: "follow" });
        break;
      case "/loc": {
        const [lat, lng] = (args[0] ?? "").split(",").map(Number);
        if (lat === undefined || lng === undefined || !Number.isFinite(lat) || !Number.isFinite(lng)) say("Cách dùng: /loc 21.0285,105.8542 [tên địa điểm]");
        else await send({ type: "location", latitude: lat, longitude: lng, name: args.slice(1).join(" ") || undefined });
        break;
      }
      case "/img":
        if (!args.length) say("Cách dùng: /img URL [URL…]");
        else await send({ type: "image", urls: args });
        break;
      case "/info": {
        const phone = args.at(-1) ?? "";
        if (args.length < 2 || !/^\+?\d{9,12}$/.test(phone)) say("Cách dùng: /info Nguyễn Văn A 0912345678");
        // Zalo sends phones in the 84… form.
        else await send({ type: "submit_info", name: args.slice(0, -1).join(" "), phone: phone.replace(/^\+/, "").replace(/^0/, "84") });
        break;
      }
      default:
        if (line.startsWith("/")) say("Lệnh không rõ. Gõ /help.");
        else if (line) await send({ type: "text", text: line });
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
