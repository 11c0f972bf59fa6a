import { expect } from "chai";
import { CODE_ATTEMPTS } from "../../src/officers/code-attempts.js";
import { findByZaloUserId } from "../../src/officers/officer-queries.js";
import { testEnv } from "../support/env.js";
import { Harness, textOf } from "../support/harness.js";
import { captureLogs } from "../support/logs.js";

// Guessing link codes is bounded by one budget of failed attempts, per account and for everyone,
// through the real webhook and API (a harness of its own: the global budget is spent here).

const ADMIN = { Authorization: `Bearer ${testEnv().ADMIN_TOKEN}`, "Content-Type": "application/json" };
const LOCKED = "Đã nhập sai mã quá nhiều lần";

describe("officers: the budget of failed #dangky attempts", function () {
  this.timeout(120_000);
  let h: Harness;
  let n = 0;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => {
    await h?.stop();
  });

  async function newOfficer(): Promise<{ id: string; linkCode: string }> {
    const res = await fetch(`${h.url}/api/v1/officers`, {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ id: `budget-${++n}-${Date.now() % 1e6}`, name: `Cán bộ ${n}`, teamId: "trat-tu-nam" }),
    });
    expect(res.status).to.equal(201);
    const body = (await res.json()) as { officer: { id: string }; linkCode: string };
    return { id: body.officer.id, linkCode: body.linkCode };
  }
  const zaloUser = () => `7${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const wrong = (i: number) => `#dangky AAAAAA${String(1000 + i).replace(/[0128]/g, "3")}`;
  const lockedOutCount = async () => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const m = /hotline_one_time_code_attempts_total\{purpose="link",outcome="locked_out"\} (\d+)/.exec(text);
    return Number(m?.[1] ?? 0);
  };

  it("one account: past its failures even the right code is refused, with a clear answer, logged without the code, counted", async () => {
    const o = await newOfficer();
    const guesser = h.citizen(zaloUser());
    for (let i = 0; i < CODE_ATTEMPTS.PER_ACCOUNT; i++)
      expect(textOf(await guesser.sendAndWait(wrong(i)))).to.include("Mã liên kết không đúng");
    const before = await lockedOutCount();
    const { result: answer, lines } = await captureLogs(() => guesser.sendAndWait(`#dangky ${o.linkCode}`));
    expect(textOf(answer)).to.include(LOCKED).and.include("phút");
    expect(await findByZaloUserId(h.db, "kieu-phu", guesser.userId)).to.equal(null);
    expect(await lockedOutCount()).to.equal(before + 1);
    const logged = JSON.stringify(lines);
    expect(logged).to.include("failed-attempt budget").and.not.include(o.linkCode).and.not.include(guesser.userId);

    // Another account still links with the same (good) code.
    const owner = h.citizen(zaloUser());
    expect(textOf(await owner.sendAndWait(`#dangky ${o.linkCode}`))).to.include("Đã liên kết");
  });

  it("many accounts share one global budget: once spent, nobody's code is judged", async () => {
    // The first test spent PER_ACCOUNT failures; more accounts spend the rest of the global budget.
    let spent = CODE_ATTEMPTS.PER_ACCOUNT;
    while (spent < CODE_ATTEMPTS.GLOBAL) {
      const guesser = h.citizen(zaloUser());
      for (let i = 0; i < CODE_ATTEMPTS.PER_ACCOUNT && spent < CODE_ATTEMPTS.GLOBAL; i++, spent++)
        expect(textOf(await guesser.sendAndWait(wrong(i)))).to.include("Mã liên kết không đúng");
    }
    const o = await newOfficer();
    const fresh = h.citizen(zaloUser());
    expect(textOf(await fresh.sendAndWait(`#dangky ${o.linkCode}`))).to.include(LOCKED);
    expect(await findByZaloUserId(h.db, "kieu-phu", fresh.userId)).to.equal(null);
  });
});
