import { expect } from "chai";
import { oaReport } from "../../src/fleet/fleet-report.js";
import type { RecordedOaFacts } from "../../src/fleet/oa-facts.js";
import { silenceOf, SPELLS_TO_JUDGE } from "../../src/fleet/silence.js";
import { FLEET, span } from "../../src/dashboard/page/wording.js";
import { when } from "../../src/dashboard/page/format.js";

const MIN = 60_000;
const NOW = Date.parse("2026-12-07T15:00:00Z");
const COMMUNE = { id: "kieu-phu", name: "Xã Kiều Phú", oaId: "2197174064623873199" };
const LABELS = ["-230", "-32", "other"];

function facts(over: Partial<RecordedOaFacts> = {}): RecordedOaFacts {
  return {
    events: 0,
    lastEventAt: null,
    quietSpells: [],
    sent: 0,
    lastSentAt: null,
    failures: {},
    lastFailureAt: null,
    lastFailureCode: null,
    refreshFailures: 0,
    lastRefreshFailureAt: null,
    lastRefreshFailureCode: null,
    quota: null,
    quotaError: null,
    ...over,
  };
}

describe("fleet: an OA's silence against its own usual gap", () => {
  it("the usual gap is the longest kept quiet spell, once enough are kept", () => {
    const spells = [20, 480, 35, 60, 15, 720, 25, 30, 45, 90].map((m) => m * MIN);
    expect(spells).to.have.length(SPELLS_TO_JUDGE);
    // Quiet for 11 hours: within the longest recent spell (12 hours, a night).
    expect(silenceOf(NOW - 11 * 60 * MIN, spells, NOW)).to.deep.equal({
      silentForMs: 11 * 60 * MIN,
      usualGapMs: 720 * MIN,
      spells: 10,
      unusual: false,
    });
    expect(silenceOf(NOW - 13 * 60 * MIN, spells, NOW).unusual).to.equal(true);
  });

  it("too few spells, or no event yet: nothing to judge, no alert", () => {
    expect(silenceOf(NOW - 30 * 24 * 60 * MIN, [20 * MIN, 30 * MIN], NOW)).to.include({ usualGapMs: null, unusual: false, spells: 2 });
    expect(silenceOf(null, Array(20).fill(10 * MIN), NOW)).to.include({ silentForMs: null, unusual: false });
  });
});

describe("fleet: one OA's report and alert lines", () => {
  const refreshed = { expiresAt: NOW + 20 * 3600_000, updatedAt: NOW - 5 * 3600_000 };

  it("a healthy OA: its figures, no alert", () => {
    const r = oaReport(
      COMMUNE,
      facts({
        events: 40,
        lastEventAt: NOW - 2 * MIN,
        sent: 55,
        lastSentAt: NOW - MIN,
        quota: { remain: 1500, total: 2000, at: NOW - 3 * MIN },
      }),
      refreshed,
      LABELS,
      NOW,
    );
    expect(r.alerts).to.deep.equal([]);
    expect(r.token).to.deep.equal({
      stored: true,
      expiresAt: new Date(refreshed.expiresAt).toISOString(),
      secondsToExpiry: 20 * 3600,
      lastRefreshAt: new Date(refreshed.updatedAt).toISOString(),
      lastRefreshFailure: null,
      refreshFailures: 0,
    });
    expect(r.quota).to.deep.equal({ remain: 1500, total: 2000, checkedAt: new Date(NOW - 3 * MIN).toISOString() });
  });

  it("a failed refresh is an alert until a pair is stored after it (a later refresh or the OA connected again)", () => {
    const failed = facts({ refreshFailures: 2, lastRefreshFailureAt: NOW - 10 * MIN, lastRefreshFailureCode: "-14014" });
    expect(oaReport(COMMUNE, failed, refreshed, LABELS, NOW).alerts).to.deep.equal([
      { kind: "token_refresh_failed", at: new Date(NOW - 10 * MIN).toISOString(), code: "-14014" },
    ]);
    const fixed = { expiresAt: NOW + 25 * 3600_000, updatedAt: NOW - MIN };
    const r = oaReport(COMMUNE, failed, fixed, LABELS, NOW);
    expect(r.alerts).to.deep.equal([]);
    // The failure is still told, as history.
    expect(r.token.lastRefreshFailure).to.deep.equal({ at: new Date(NOW - 10 * MIN).toISOString(), code: "-14014" });
  });

  it("an expired token, a missing one, and a silent OA each get their line", () => {
    const expired = oaReport(COMMUNE, facts(), { expiresAt: NOW - MIN, updatedAt: NOW - 26 * 3600_000 }, LABELS, NOW);
    expect(expired.alerts).to.deep.equal([{ kind: "token_expired", at: new Date(NOW - MIN).toISOString() }]);
    expect(expired.token.secondsToExpiry).to.equal(-60);
    expect(oaReport(COMMUNE, facts(), null, LABELS, NOW).alerts).to.deep.equal([{ kind: "token_missing" }]);
    const silent = oaReport(
      COMMUNE,
      facts({ lastEventAt: NOW - 5 * 3600_000, quietSpells: Array(12).fill(60 * MIN) }),
      refreshed,
      LABELS,
      NOW,
    );
    expect(silent.alerts).to.deep.equal([{ kind: "silent", silentForSeconds: 5 * 3600, usualGapSeconds: 3600 }]);
  });

  it('failures by code stay within the labels: anything else is counted as "other"', () => {
    const r = oaReport(COMMUNE, facts({ failures: { "-230": 4, "-32": 1, "-999": 2, other: 1 } }), refreshed, LABELS, NOW);
    expect(r.failures.byCode).to.deep.equal([
      { code: "-230", count: 4 },
      { code: "other", count: 3 },
      { code: "-32", count: 1 },
    ]);
  });

  it("the page says each alert in Vietnamese, with what to do", () => {
    const at = new Date(NOW - 10 * MIN).toISOString();
    expect(FLEET.alert({ kind: "token_refresh_failed", at, code: "-14014" }, when)).to.equal(
      "Làm mới token thất bại lúc 07/12/2026 21:50 (mã lỗi Zalo -14014). OA sẽ không gửi được tin khi token hết hạn: kết nối lại OA.",
    );
    expect(FLEET.alert({ kind: "silent", silentForSeconds: 5 * 3600 + 1200, usualGapSeconds: 3600 }, when)).to.contain(
      "trong 5 giờ 20 phút, lâu hơn khoảng lặng dài nhất gần đây (1 giờ)",
    );
    expect([span(45), span(12 * 60), span(50 * 3600), span(48 * 3600)]).to.deep.equal(["45 giây", "12 phút", "2 ngày 2 giờ", "2 ngày"]);
  });
});
