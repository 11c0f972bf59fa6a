import { expect } from "chai";
// The page's own module, plain JavaScript run as it is in the browser.
import { age, count, dayText, decimal, eventText, isOverdue, parseDay, percent, when, wrapLabel } from "../../src/dashboard/page/format.js";
import { areaCentre } from "../../src/dashboard/page/geo.js";
import { actorWords, MAP } from "../../src/dashboard/page/wording.js";
import { exampleConfig } from "../commune/fixture.js";

describe("dashboard/format: figures the Vietnamese way", () => {
  it("numbers and percentages: 8.315, 66,43 %, 3,67", () => {
    expect(count(8315)).to.equal("8.315");
    expect(percent(66.43)).to.equal("66,43\u00a0%");
    expect(percent(100)).to.equal("100,00\u00a0%");
    expect(percent(null)).to.equal("—");
    expect(decimal(3.67)).to.equal("3,67");
    expect(decimal(74)).to.equal("74");
  });

  it("times in Vietnam, ages in the largest whole unit", () => {
    expect(when("2025-12-31T17:30:00Z")).to.equal("01/01/2026 00:30");
    const now = new Date("2026-01-10T00:00:00Z");
    expect(age("2026-01-09T23:55:00Z", now)).to.equal("5 phút");
    expect(age("2026-01-08T01:00:00Z", now)).to.equal("47 giờ");
    expect(age("2025-01-10T00:00:00Z", now)).to.equal("365 ngày");
  });

  it("overdue as the API counts it: new past acknowledgement, open past resolution", () => {
    const now = new Date("2026-01-10T00:00:00Z");
    const past = "2026-01-09T00:00:00Z";
    const future = "2026-01-11T00:00:00Z";
    expect(isOverdue({ status: "new", acknowledgeBy: past, resolveBy: future }, now)).to.equal(true);
    expect(isOverdue({ status: "acknowledged", acknowledgeBy: past, resolveBy: future }, now)).to.equal(false);
    expect(isOverdue({ status: "in_progress", acknowledgeBy: null, resolveBy: past }, now)).to.equal(true);
    expect(isOverdue({ status: "resolved", acknowledgeBy: past, resolveBy: past }, now)).to.equal(false);
  });

  it("the audit trail in words", () => {
    expect(eventText({ action: "transition", fromStatus: "new", toStatus: "acknowledged", detail: null })).to.equal(
      "Tiếp nhận phản ánh (Mới → Đã tiếp nhận)",
    );
    expect(eventText({ action: "proof_added", fromStatus: null, toStatus: null, detail: { photos: 2, ref: "m1" } })).to.equal(
      "Thêm ảnh minh chứng (2 ảnh)",
    );
    expect(eventText({ action: "filed", fromStatus: null, toStatus: "new", detail: { channel: "phone", photos: 0 } })).to.equal(
      "Phản ánh được gửi qua điện thoại",
    );
    expect(eventText({ action: "transition", fromStatus: "acknowledged", toStatus: "resolved", detail: { note: "Đã tháo dỡ" } })).to.equal(
      "Báo đã xử lý: «Đã tháo dỡ» (Đã tiếp nhận → Đã xử lý)",
    );
    expect(eventText({ action: "transition", fromStatus: "resolved", toStatus: "in_progress", detail: null })).to.equal(
      "Mở lại để xử lý tiếp (Đã xử lý → Đang xử lý)",
    );
    expect(
      eventText({
        action: "transition",
        fromStatus: "resolved",
        toStatus: "in_progress",
        detail: { reopenedBy: "reporter", reason: "nhà đấy vẫn đổ bê tông" },
      }),
    ).to.equal("Người phản ánh báo chưa xử lý xong, mở lại: «nhà đấy vẫn đổ bê tông» (Đã xử lý → Đang xử lý)");
    expect(
      eventText({ action: "reassigned", fromStatus: null, toStatus: null, detail: { fromTeam: "a", toTeam: "dia-chinh" } }, (id) =>
        id === "dia-chinh" ? "Tổ địa chính" : id,
      ),
    ).to.equal("Chuyển sang Tổ địa chính");
    expect(eventText({ action: "reporter_linked", fromStatus: null, toStatus: null, detail: null })).to.equal(
      "Người phản ánh nhận tin qua Zalo",
    );
    expect(
      eventText({ action: "transition", fromStatus: "new", toStatus: "closed", detail: { duplicateOf: "PA-260101-ACDE" } }),
    ).to.contain("trùng với PA-260101-ACDE");
    expect(eventText({ action: "rated", fromStatus: null, toStatus: null, detail: { rating: 4 } })).to.equal(
      "Người phản ánh đánh giá: 4/5 sao",
    );
    // How a notice reached its citizen (issue 24), a held one's release too; rows from before
    // migration 024 name no recipient.
    const notice = (detail: Record<string, unknown>) => eventText({ action: "notice_sent", fromStatus: null, toStatus: null, detail });
    expect(notice({ path: "held", kind: "status", recipient: "reporter" })).to.equal("Thông báo chờ người dân nhắn lại (người phản ánh)");
    expect(notice({ path: "released", kind: "status", recipient: "follower" })).to.equal(
      "Gửi thông báo đã chờ, khi người dân nhắn lại (người theo dõi)",
    );
    expect(notice({ path: "released" })).to.equal("Gửi thông báo đã chờ, khi người dân nhắn lại");
    expect(eventText({ action: "something_new", fromStatus: null, toStatus: null, detail: null })).to.equal("something_new");
  });

  it("people by name: the officer's name, else who they are, else the stored id", () => {
    expect(actorWords({ actor: "tran-thi-lan", actorName: "Trần Thị Lan" })).to.equal("Trần Thị Lan");
    expect(actorWords({ actor: "citizen", actorName: null })).to.equal("người phản ánh");
    expect(actorWords({ actor: "system", actorName: null })).to.equal("hệ thống");
    expect(actorWords({ actor: "removed-officer", actorName: null })).to.equal("removed-officer");
  });

  it("days typed and shown dd/mm/yyyy, kept as YYYY-MM-DD", () => {
    expect(dayText("2025-12-31")).to.equal("31/12/2025");
    expect(dayText("")).to.equal("");
    expect(parseDay("31/12/2025")).to.equal("2025-12-31");
    expect(parseDay(" 1/2/2025 ")).to.equal("2025-02-01");
    expect(parseDay("01-02-2025")).to.equal("2025-02-01");
    expect(parseDay("01.02.2025")).to.equal("2025-02-01");
    expect(parseDay("2025-02-01")).to.equal("2025-02-01");
    // mm/dd/yyyy (an English habit) is not a day here; nor a day that does not exist.
    expect(parseDay("12/31/2025")).to.equal(null);
    expect(parseDay("29/02/2025")).to.equal(null);
    expect(parseDay("29/02/2024")).to.equal("2024-02-29");
    expect(parseDay("31/12/25")).to.equal(null);
    expect(parseDay("hôm qua")).to.equal(null);
  });

  it("chart labels on lines short enough not to be cut", () => {
    expect(wrapLabel("Khác")).to.equal("Khác");
    const lines = wrapLabel("Lấn chiếm đất công, hành lang đường bộ");
    expect(lines).to.deep.equal(["Lấn chiếm đất công,", "hành lang đường bộ"]);
    for (const c of exampleConfig().categories) {
      const l = wrapLabel(c.name);
      for (const line of Array.isArray(l) ? l : [l]) expect(line.length, c.name).to.be.at.most(20);
    }
  });

  it("a village's figures at its centre, inside it", () => {
    for (const f of exampleConfig().areas.features) {
      const [lat, lng] = areaCentre(f.geometry);
      const ring = f.geometry.type === "Polygon" ? f.geometry.coordinates[0]! : f.geometry.coordinates[0]![0]!;
      const lngs = ring.map((p) => p[0]!);
      const lats = ring.map((p) => p[1]!);
      expect(lng, f.properties.name).to.be.within(Math.min(...lngs), Math.max(...lngs));
      expect(lat, f.properties.name).to.be.within(Math.min(...lats), Math.max(...lats));
    }
    const square = {
      type: "Polygon" as const,
      coordinates: [
        [
          [105, 21],
          [105.02, 21],
          [105.02, 21.02],
          [105, 21.02],
          [105, 21],
        ],
      ],
    };
    const [lat, lng] = areaCentre(square);
    expect(lat).to.be.closeTo(21.01, 1e-9);
    expect(lng).to.be.closeTo(105.01, 1e-9);
  });

  it("the map's heading counts what it shows at a village and what it cannot place", () => {
    expect(MAP.counts(7, 3, 0)).to.equal("7 có vị trí · 3 tính theo thôn");
    expect(MAP.counts(7, 0, 1)).to.equal("7 có vị trí · 1 không có trên bản đồ (không rõ thôn)");
    expect(MAP.noTiles("Thôn Đồng Bụt")).to.equal("Không tải được bản đồ nền. Phản ánh ở Thôn Đồng Bụt.");
  });
});
