import { expect } from "chai";
import { Harness } from "../support/harness.js";
import { freshMsgId, signedWebhook } from "../support/sign.js";

/**
 * One signed message as long as the webhook takes (a 250 KB word: the input that froze the whole
 * process for minutes) must not hold other citizens up: Zalo expects every webhook answered
 * within 2 s, and a citizen's reply should come as fast as on a quiet day.
 */
describe("one huge message among others", function () {
  this.timeout(60_000);
  let h: Harness;

  before(async () => {
    h = await Harness.start();
    // Warm up (connections, compiled code) so the timing below measures the hotline, not the start.
    await h.citizen().send("xin chào");
  });

  after(async () => {
    await h?.stop();
  });

  it("answers another citizen within Zalo's 2 s and keeps /healthz up while handling it", async () => {
    const attacker = h.citizen();
    const other = h.citizen();
    const huge = signedWebhook({ type: "text", text: "a".repeat(250_000) }, { userId: attacker.userId, msgId: freshMsgId() });
    expect(huge.body.length).to.be.above(250_000);

    const hugePosted = fetch(`${h.url}/webhooks/zalo`, { method: "POST", headers: huge.headers, body: huge.body });
    expect((await hugePosted).status).to.equal(200);

    const started = Date.now();
    const normal = signedWebhook({ type: "text", text: "giờ làm việc" }, { userId: other.userId, msgId: freshMsgId() });
    const [posted, health] = await Promise.all([
      fetch(`${h.url}/webhooks/zalo`, { method: "POST", headers: normal.headers, body: normal.body, signal: AbortSignal.timeout(2000) }),
      fetch(`${h.url}/healthz`, { signal: AbortSignal.timeout(2000) }),
    ]);
    expect(posted.status).to.equal(200);
    expect(health.status).to.equal(200);

    const [reply] = await h.zalo.waitForMessages(other.userId, 1, 10_000);
    expect(reply!.at - started, "the other citizen's reply, from its webhook POST").to.be.below(2000);

    // The huge message is handled too: it is not understood, and the citizen is told so.
    const answered = await attacker.waitForReplies(1, 10_000);
    expect(answered[0]!.text).to.be.a("string").and.not.equal("");
  });
});
