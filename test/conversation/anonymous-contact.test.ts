import { expect } from "chai";
import { Redis } from "ioredis";
import { Harness, textOf } from "../support/harness.js";
import { TEST_REDIS_URL } from "../support/redis.js";

// Issue 13: a contact shared before the citizen switched to "Ẩn danh" must not stay in Redis (the
// session draft, handled events kept for deduplication, outboxes, queued jobs) once handled.

const NAME = "Trần Thị Bích Ngọc";
const PHONE_DIGITS = "987654321";

/** Every value stored under the prefix, whatever its type, as text. */
async function everythingUnder(redis: Redis, prefix: string): Promise<string> {
  // Keys are `{prefix}:…` (a hash tag).
  const keys = await redis.keys(`{${prefix}}*`.replace(/[{}]/g, "?"));
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === "string") parts.push((await redis.get(key)) ?? "");
    else if (type === "hash") parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === "list") parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === "set") parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === "zset") parts.push(JSON.stringify(await redis.zrange(key, "0", "-1")));
    else if (type === "stream") parts.push(JSON.stringify(await redis.xrange(key, "-", "+")));
    parts.push(key);
  }
  return parts.join("\n");
}

describe("conversation: a contact withdrawn for 'Ẩn danh'", function () {
  this.timeout(60_000);
  let h: Harness;
  let redis: Redis;
  before(async () => {
    h = await Harness.start();
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    redis?.disconnect();
    await h?.stop();
  });

  it("leaves nothing of the shared name or phone in Redis once the switch is handled", async () => {
    const c = h.citizen();
    await c.send("phan anh");
    await c.tap("Xây dựng không có giấy phép");
    await c.act({ type: "location", latitude: 21.005, longitude: 105.61 });
    await c.tap("Bỏ qua ảnh");
    await c.send("Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay");
    await c.tap("Chia sẻ thông tin Zalo");
    expect(textOf(await c.act({ type: "submit_info", name: NAME, phone: `84${PHONE_DIGITS}` }))).to.include(NAME);
    expect(textOf(await c.tap("Sửa"))).to.include("[Liên hệ]");
    await c.tap("Liên hệ");
    expect(textOf(await c.tap("Ẩn danh"))).to.include("Liên hệ: Ẩn danh");

    const stored = await everythingUnder(redis, h.prefix);
    expect(stored, "the phone").not.to.include(PHONE_DIGITS);
    expect(stored, "the name").not.to.include(NAME);
    expect(stored, "the name, as JSON escapes it").not.to.include(
      JSON.stringify(NAME)
        .slice(1, -1)
        .replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`),
    );
  });
});
