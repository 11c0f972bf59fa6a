import { expect } from "chai";
import { type Citizen, Harness, textOf } from "../support/harness.js";
import { testEnv } from "../support/env.js";

// An officer signs in to the dashboard with a one-time code sent by `#dangnhap` from their linked
// Zalo, through the whole hotline (webhook, workers, the fake Zalo, Redis, PostgreSQL).

const ADMIN_TOKEN = testEnv().ADMIN_TOKEN!;
const BAC_OFFICER = "5210000000000000002"; // tran-thi-lan, trat-tu-bac

describe("officers sign in to the dashboard with a code from #dangnhap", function () {
  this.timeout(90_000);
  let h: Harness;
  let officer: Citizen;
  before(async () => {
    h = await Harness.start();
    officer = h.citizen(BAC_OFFICER);
  });
  after(async () => {
    await h?.stop();
  });

  const codeFromZalo = async (): Promise<string> => {
    const text = textOf(await officer.sendAndWait("#dang nhap"));
    expect(text).to.include("Mã đăng nhập trang quản lý").and.include("hết hạn sau 10 phút");
    return /([A-Z0-9]{5}-[A-Z0-9]{5})/.exec(text)![1]!;
  };
  const call = (
    method: string,
    path: string,
    opts: { cookie?: string; json?: unknown; headers?: Record<string, string>; token?: string } = {},
  ) =>
    fetch(`${h.url}/api/v1${path}`, {
      method,
      headers: {
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.json !== undefined ? { "content-type": "application/json" } : {}),
        ...opts.headers,
      },
      ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
    });
  const signIn = async (code: string) => {
    const res = await call("POST", "/session", { json: { code } });
    return { res, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
  };

  it("the code starts a session in an HttpOnly, Secure, SameSite=Strict cookie; it works once", async () => {
    const code = await codeFromZalo();
    // Typed as officers type it: small letters, a space instead of the dash.
    const { res, cookie } = await signIn(code.toLowerCase().replace("-", " "));
    expect(res.status).to.equal(200);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).to.match(/^hotline_session=[A-Za-z0-9_-]{43}; Max-Age=36000; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const me = await call("GET", "/me", { cookie });
    expect(me.status).to.equal(200);
    expect(await me.json()).to.deep.include({ id: "tran-thi-lan" });
    const again = await signIn(code);
    expect(again.res.status).to.equal(401);
    expect(((await again.res.json()) as { error: { code: string } }).error.code).to.equal("invalid_code");
  });

  it("a change made with the cookie needs the dashboard's header and origin (no cross-site forgery)", async () => {
    const { cookie } = await signIn(await codeFromZalo());
    const forged = await call("PATCH", "/officers/tran-thi-lan", { cookie, json: { onDuty: true } });
    expect(forged.status).to.equal(403);
    const otherSite = await call("PATCH", "/officers/tran-thi-lan", {
      cookie,
      json: { onDuty: true },
      headers: { "x-hotline-surface": "dashboard", origin: "https://evil.example" },
    });
    expect(otherSite.status).to.equal(403);
    const fromDashboard = await call("PATCH", "/officers/tran-thi-lan", {
      cookie,
      json: { onDuty: true },
      headers: { "x-hotline-surface": "dashboard" },
    });
    expect(fromDashboard.status).to.equal(200);
  });

  it("signing out ends this session; 'everywhere' ends them all; an admin can reset an officer's sign-in", async () => {
    const first = (await signIn(await codeFromZalo())).cookie;
    const second = (await signIn(await codeFromZalo())).cookie;
    expect((await call("DELETE", "/session", { cookie: first })).status).to.equal(204);
    expect((await call("GET", "/me", { cookie: first })).status).to.equal(401);
    expect((await call("GET", "/me", { cookie: second })).status).to.equal(200);

    const third = (await signIn(await codeFromZalo())).cookie;
    const everywhere = await call("DELETE", "/sessions", { cookie: third, headers: { "x-hotline-surface": "dashboard" } });
    // Its own two, and any the tests above left open.
    expect(((await everywhere.json()) as { ended: number }).ended).to.be.at.least(2);
    for (const c of [second, third]) expect((await call("GET", "/me", { cookie: c })).status).to.equal(401);

    const fourth = (await signIn(await codeFromZalo())).cookie;
    const reset = await call("DELETE", "/officers/tran-thi-lan/sessions", { token: ADMIN_TOKEN });
    expect(await reset.json()).to.deep.equal({ ended: 1 });
    expect((await call("GET", "/me", { cookie: fourth })).status).to.equal(401);
  });

  it("wrong codes spend the one-time-code budget: past it, 429 even for a good code", async () => {
    // (The codes refused above spent some of this client's budget already.)
    const statuses: number[] = [];
    for (let i = 0; i < 5 && statuses.at(-1) !== 429; i++) statuses.push((await signIn("AAAAA-AAAAA")).res.status);
    expect(statuses.at(-1)).to.equal(429);
    expect(new Set(statuses.slice(0, -1))).to.deep.equal(new Set(statuses.length > 1 ? [401] : []));
    const good = await codeFromZalo();
    const locked = await signIn(good);
    expect(locked.res.status).to.equal(429);
    expect(Number(locked.res.headers.get("retry-after"))).to.be.greaterThan(0);
  });

  it("refuses a body with unknown fields", async () => {
    const res = await call("POST", "/session", { json: { code: "AAAAA-AAAAA", remember: true } });
    expect(res.status).to.equal(400);
  });
});
