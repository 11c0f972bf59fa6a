import { expect } from "chai";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import type { Reply } from "../../src/core/reply.js";
import type { CaseReport, Effect, FlowContext, FlowState, NearbyCase, StepResult } from "../../src/conversation/flow.js";
import { vi } from "../../flows/messages.vi.js";
import { violationReport as flow } from "../../flows/violation-report.js";
import { MAX_ADDRESS_CHARS } from "../../flows/violation-report/draft.js";
import { exampleConfig } from "../commune/fixture.js";
import { handMadeContext } from "../support/flow-context.js";

const commune = exampleConfig();
// Points of the example commune (illustrative polygons in kieu-phu.json).
const IN_DONG_BUT = { latitude: 21.005, longitude: 105.61 };
const IN_PHU_MY = { latitude: 21.0, longitude: 105.63 };
const OUTSIDE = { latitude: 21.05, longitude: 105.7 };
const DESCRIPTION = "Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay";

let seq = 0;
const base = () => ({ eventId: `e${++seq}`, channel: "zalo" as const, communeId: "kieu-phu", userId: "u1", at: 0 });
const text = (t: string): PlatformEvent => ({ ...base(), kind: "text", text: t });
const image = (...urls: string[]): PlatformEvent => ({ ...base(), kind: "image", images: urls.map((url) => ({ url })) });
const pin = (p: { latitude: number; longitude: number }, label?: string): PlatformEvent => ({
  ...base(),
  kind: "location",
  ...p,
  ...(label ? { text: label } : {}),
});
const info = (name?: string, phone?: string): PlatformEvent => ({
  ...base(),
  kind: "submit_info",
  ...(name ? { name } : {}),
  ...(phone ? { phone } : {}),
});
const photo = (n: number) => `https://photo.zdn.vn/p${n}.jpg`;

/** A hand-made context; `nearby` is what the duplicate look-up answers. */
const context = (nearby: NearbyCase[] = [], asked: unknown[] = []): FlowContext => handMadeContext(commune, nearby, asked);

/** One resident talking to the flow, as the engine would drive it (minus the global commands). */
class Talk {
  state: FlowState | null = null;
  last!: StepResult;
  constructor(readonly ctx: FlowContext = context()) {}

  async start(event?: PlatformEvent): Promise<this> {
    return this.took(await flow.start(this.ctx, event));
  }
  async send(...events: (PlatformEvent | string)[]): Promise<this> {
    for (const e of events) {
      if (!this.state) throw new Error("the flow has ended");
      this.took(await flow.step(this.state, typeof e === "string" ? text(e) : e, this.ctx));
    }
    return this;
  }
  async back(): Promise<this> {
    return this.took(await flow.back!(this.state!, this.ctx));
  }
  private took(r: StepResult): this {
    this.last = r;
    this.state = r.next;
    return this;
  }
  get step(): string | undefined {
    return this.state?.step;
  }
  get data(): Record<string, unknown> {
    return this.state?.data ?? {};
  }
  get said(): string {
    return said(this.last.replies);
  }
  get effects(): Effect[] {
    return this.last.effects ?? [];
  }
  get report(): CaseReport {
    const e = this.effects.find((x) => x.type === "submitCase");
    if (!e || e.type !== "submitCase") throw new Error("no submitCase effect");
    return e.report;
  }
}

function said(replies: Reply[]): string {
  return replies
    .map((r) => {
      if (r.type === "text") return r.text;
      if (r.type === "buttons") return [r.text, ...r.buttons.map((b) => `[${b.title}]`)].join("\n");
      if (r.type === "request_info") return `<request_info ${r.title}>`;
      return `<image ${r.url}>`;
    })
    .join("\n---\n");
}

/** A talk that reached the summary: pin in Đồng Bụt, 2 photos, a description, anonymous. */
async function atSummary(ctx = context()): Promise<Talk> {
  const talk = await new Talk(ctx).start();
  await talk.send("1", pin(IN_DONG_BUT), image(photo(1)), image(photo(2)), "xong", DESCRIPTION, "Ẩn danh");
  expect(talk.step).to.equal("summary");
  return talk;
}

describe("flows/violation-report", () => {
  describe("1. category", () => {
    it("offers the commune's categories as buttons, at most five per message", async () => {
      const talk = await new Talk().start(text("Phản ánh vi phạm"));
      expect(talk.step).to.equal("category");
      const groups = talk.last.replies.filter((r) => r.type === "buttons");
      expect(groups).to.have.length(2);
      for (const g of groups) if (g.type === "buttons") expect(g.buttons.length).to.be.at.most(5);
      for (const c of commune.categories) expect(talk.said).to.include(`[${c.name}]`);
    });

    it("understands a tap, a name typed without diacritics, or the number", async () => {
      for (const [typed, id] of [
        ["Lấn chiếm đất công, hành lang đường bộ", "lan_chiem"],
        ["lan chiem dat cong", "lan_chiem"],
        ["xay dung tren dat nong nghiep", "xay_tren_dat_nong_nghiep"],
        ["5", "vat_lieu_phe_thai"],
        ["số 2 ạ", "sai_giay_phep"],
      ] as const) {
        const talk = await new Talk().start();
        await talk.send(typed);
        expect(talk.data.category, typed).to.equal(id);
        expect(talk.step, typed).to.equal("location");
      }
    });

    it("takes the category from an opening message that names exactly one", async () => {
      for (const [opening, id] of [
        ["nhà bên cạnh lấn chiếm vỉa hè", "lan_chiem"],
        ["nha so 5 xay khong phep 3 tang", "xay_dung_khong_phep"],
        ["Có người đổ trộm phế thải ra đường làng", "vat_lieu_phe_thai"],
        ["xây nhà trên đất ruộng", "xay_tren_dat_nong_nghiep"],
      ] as const) {
        const talk = await new Talk().start(text(opening));
        expect(talk.data.category, opening).to.equal(id);
        expect(talk.step, opening).to.equal("location");
        expect(talk.said).to.include("loại:").and.include("phản ánh ở đâu");
      }
      // Two kinds named, or none: ask.
      for (const opening of ["xây không phép lấn ra đường", "phản ánh xây dựng trái phép"]) {
        const talk = await new Talk().start(text(opening));
        expect(talk.step, opening).to.equal("category");
      }
    });

    it("re-prompts with the list, and offers menu and officer after three misses", async () => {
      const talk = await new Talk().start();
      await talk.send("abc xyz");
      expect(talk.step).to.equal("category");
      expect(talk.state!.misses).to.equal(1);
      expect(talk.said).to.include("chưa rõ ông/bà phản ánh việc gì").and.include("1. Xây dựng không có giấy phép");
      await talk.send("???!", "hmm hmm");
      expect(talk.state!.misses).to.equal(3);
      expect(talk.said).to.include(vi.tooManyMisses);
      await talk.send("1");
      expect(talk.step).to.equal("location");
      expect(talk.state!.misses).to.equal(0);
    });
  });

  describe("2. location", () => {
    it("places a pin in its village", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_PHU_MY));
      expect(talk.data.location).to.deep.equal({ ...IN_PHU_MY, areaId: "phu-my" });
      expect(talk.said).to.include("Thôn Phú Mỹ");
      expect(talk.step).to.equal("photos");
    });

    it("accepts a pin outside every village, with no area", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(OUTSIDE, "Bãi đất trống"));
      expect(talk.data.location).to.deep.equal({ ...OUTSIDE, areaId: null, address: "Bãi đất trống" });
      expect(talk.said).to.include("chưa xác định được vị trí này thuộc thôn nào");
      expect(talk.step).to.equal("photos");
    });

    it("matches a typed landmark to its village, with or without diacritics", async () => {
      for (const [typed, area] of [
        ["gần chợ Phú Mỹ", "phu-my"],
        ["ngo 3 xom bai", "ngoc-bai"],
        ["canh chua dong but", "dong-but"],
      ] as const) {
        const talk = await new Talk().start();
        await talk.send("1", typed);
        expect(talk.data.location, typed).to.deep.equal({ address: typed, areaId: area });
        expect(talk.step).to.equal("photos");
      }
    });

    it("asks for the village when the address names none, keeping the address", async () => {
      const talk = await new Talk().start();
      await talk.send("1", "số 12 ngõ 5 đường liên thôn");
      expect(talk.step).to.equal("village");
      expect(talk.said).to.include("số 12 ngõ 5 đường liên thôn").and.include("[Thôn Phú Mỹ]").and.include("[Không rõ thôn]");
      await talk.send("thon nao cung duoc");
      expect(talk.step).to.equal("village");
      expect(talk.said).to.include("1. Thôn Đồng Bụt");
      await talk.send("2");
      expect(talk.data.location).to.deep.equal({ address: "số 12 ngõ 5 đường liên thôn", areaId: "phu-my" });
      expect(talk.data).not.to.have.property("pendingAddress");
      expect(talk.step).to.equal("photos");
    });

    it("takes 'Không rõ thôn' as no area, and a pin at the village question as the location", async () => {
      const unknown = await new Talk().start();
      await unknown.send("1", "bãi đất sau nhà văn hóa", "Không rõ thôn");
      expect(unknown.data.location).to.deep.equal({ address: "bãi đất sau nhà văn hóa", areaId: null });
      const pinned = await new Talk().start();
      await pinned.send("1", "bãi đất sau nhà văn hóa", pin(IN_DONG_BUT));
      expect(pinned.data.location).to.deep.equal({ ...IN_DONG_BUT, areaId: "dong-but" });
      expect(pinned.step).to.equal("photos");
    });

    it("keeps at most MAX_ADDRESS_CHARS of a huge typed address", async () => {
      const talk = await new Talk().start();
      const huge = "gần chợ Phú Mỹ " + "rất xa ".repeat(40_000);
      await talk.send("1", huge);
      const location = talk.data.location as { address: string; areaId: string };
      expect(location.areaId).to.equal("phu-my");
      expect(location.address).to.equal(huge.slice(0, MAX_ADDRESS_CHARS).trim());
    });

    it("re-prompts for something that is not an address", async () => {
      const talk = await new Talk().start();
      await talk.send("1", "ok");
      expect(talk.step).to.equal("location");
      expect(talk.said).to.include("vị trí");
      expect(talk.state!.misses).to.equal(1);
    });
  });

  describe("3. photos", () => {
    it("collects photos until 'xong', or moves on with none", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), image(photo(1)), image(photo(2)), image(photo(3)));
      expect(talk.step).to.equal("photos");
      expect(talk.said).to.include("3/5").and.include("[Xong]");
      await talk.send("xong");
      expect(talk.data.photos).to.deep.equal([photo(1), photo(2), photo(3)]);
      expect(talk.step).to.equal("description");
      const none = await new Talk().start();
      await none.send("1", pin(IN_DONG_BUT), "Bỏ qua ảnh");
      expect(none.step).to.equal("description");
      expect(none.data.photos).to.deep.equal([]);
    });

    it("keeps the first five and says so; five photos move on by themselves", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), image(photo(1), photo(2), photo(3), photo(4)), image(photo(5), photo(6), photo(7)));
      expect(talk.data.photos).to.deep.equal([1, 2, 3, 4, 5].map(photo));
      expect(talk.said).to.include("tối đa 5 ảnh");
      expect(talk.step).to.equal("description");
      await talk.send(image(photo(8)));
      expect(talk.data.photos).to.have.length(5);
      expect(talk.said).to.include("tối đa 5 ảnh");
      expect(talk.step).to.equal("description");
    });

    it("counts the same photo once (a redelivery appended twice)", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), image(photo(1)), image(photo(1)));
      expect(talk.data.photos).to.deep.equal([photo(1)]);
    });

    it("'Xóa hết ảnh' starts the photos over", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), image(photo(1)), "Xóa hết ảnh");
      expect(talk.data.photos).to.deep.equal([]);
      expect(talk.step).to.equal("photos");
    });

    it("takes a long message as the description", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), image(photo(1)), DESCRIPTION);
      expect(talk.data.description).to.equal(DESCRIPTION);
      expect(talk.step).to.equal("contact");
    });

    it("re-prompts for a sticker or a short word", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), { ...base(), kind: "sticker" }, "hm");
      expect(talk.step).to.equal("photos");
      expect(talk.state!.misses).to.equal(2);
      expect(talk.said).to.include("ảnh hiện trường").and.include("[Bỏ qua ảnh]");
    });
  });

  describe("pin and photos in any order", () => {
    it("keeps photos sent before the category and the location", async () => {
      const talk = await new Talk().start(image(photo(1)));
      expect(talk.step).to.equal("category");
      expect(talk.said).to.include("1/5");
      await talk.send(image(photo(2)), "1");
      expect(talk.step).to.equal("location");
      await talk.send(image(photo(3)));
      expect(talk.step).to.equal("location");
      await talk.send(pin(IN_DONG_BUT));
      expect(talk.step).to.equal("photos");
      expect(talk.said).to.include("3/5");
      expect(talk.data.photos).to.deep.equal([photo(1), photo(2), photo(3)]);
    });

    it("takes a pin sent with the photos as the location", async () => {
      const talk = await new Talk().start();
      await talk.send("1", "gần chợ Phú Mỹ", image(photo(1)), pin(IN_DONG_BUT), image(photo(2)), "xong");
      expect(talk.data.location).to.deep.equal({ ...IN_DONG_BUT, areaId: "dong-but" });
      expect(talk.data.photos).to.have.length(2);
      expect(talk.step).to.equal("description");
    });

    it("a pin that opens the report skips the location question", async () => {
      const talk = await new Talk().start(pin(IN_PHU_MY));
      expect(talk.step).to.equal("category");
      expect(talk.said).to.include("Đã nhận vị trí");
      await talk.send("2");
      expect(talk.step).to.equal("photos");
    });

    it("a photo at the description step is kept without losing the step", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), "xong", image(photo(9)));
      expect(talk.step).to.equal("description");
      expect(talk.data.photos).to.deep.equal([photo(9)]);
    });
  });

  describe("4. description", () => {
    it("re-prompts with the limits when too short", async () => {
      const { descriptionMin: min, descriptionMax: max } = commune.report;
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), "xong", "xây nhà");
      expect(talk.step).to.equal("description");
      expect(talk.said).to.include(`từ ${min} đến ${max} ký tự`);
      expect(talk.state!.misses).to.equal(1);
      await talk.send(`  ${DESCRIPTION}  `);
      expect(talk.data.description).to.equal(DESCRIPTION);
      expect(talk.step).to.equal("contact");
    });

    const longText = (max: number) => `${"Nhà số 12 đổ móng lấn ra mặt đường. ".repeat(Math.ceil(max / 30))}`.trim();

    it("too long: offers a shortened text, used only when the resident agrees", async () => {
      const max = commune.report.descriptionMax;
      const long = longText(max);
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), "xong", long);
      expect(talk.step).to.equal("shorten");
      expect(talk.said).to.include(`${long.length} ký tự`).and.include("[Dùng bản rút gọn]").and.include("[Nhắn lại mô tả]");
      expect(talk.data.description).to.equal(undefined);
      await talk.send("Dùng bản rút gọn");
      const kept = talk.data.description as string;
      expect(kept.length).to.be.at.most(max);
      expect(kept.endsWith("…")).to.equal(true);
      expect(long.startsWith(kept.slice(0, -1).trimEnd())).to.equal(true);
      expect(talk.step).to.equal("contact");
    });

    it("too long: 'Nhắn lại mô tả' asks again, and a new text there is the description", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), "xong", longText(commune.report.descriptionMax), "Nhắn lại mô tả");
      expect(talk.step).to.equal("description");
      await talk.send("x".repeat(commune.report.descriptionMax + 5));
      expect(talk.step).to.equal("shorten");
      await talk.send(DESCRIPTION);
      expect(talk.data.description).to.equal(DESCRIPTION);
      expect(talk.step).to.equal("contact");
    });

    it("a problem told in full in the first message becomes the description draft", async () => {
      const told = `Tôi muốn phản ánh: ${DESCRIPTION}, máy xúc làm cả đêm rất ồn, đất đá đổ tràn ra đường đi học của các cháu.`;
      const talk = await new Talk().start(text(told));
      expect(talk.said).to.include("ghi nội dung ông/bà vừa nhắn làm mô tả");
      await talk.send("1", pin(IN_DONG_BUT), "xong");
      expect(talk.step).to.equal("contact");
      expect(talk.data.description).to.equal(told);
    });
  });

  describe("5. contact", () => {
    async function atContact(): Promise<Talk> {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), "xong", DESCRIPTION);
      expect(talk.step).to.equal("contact");
      expect(talk.said).to.include("[Chia sẻ thông tin Zalo]").and.include("[Nhập số điện thoại]").and.include("[Ẩn danh]");
      return talk;
    }

    it("anonymous: no contact in the report at all", async () => {
      const talk = await atContact();
      await talk.send("toi muon an danh");
      expect(talk.step).to.equal("summary");
      expect(talk.said).to.include("Liên hệ: Ẩn danh");
      await talk.send("Gửi");
      expect(talk.report).not.to.have.property("contact");
    });

    it("shared Zalo info: asks with request_info, keeps name and phone", async () => {
      const talk = await atContact();
      await talk.send("Chia sẻ thông tin Zalo");
      expect(talk.step).to.equal("zalo");
      expect(talk.last.replies.map((r) => r.type)).to.deep.equal(["request_info"]);
      await talk.send(info("Nguyễn Văn An", "84912345678"));
      expect(talk.step).to.equal("summary");
      expect(talk.said).to.include("Nguyễn Văn An – 0912345678");
      await talk.send("gui");
      expect(talk.report.contact).to.deep.equal({ name: "Nguyễn Văn An", phone: "0912345678" });
    });

    it("shared Zalo info without a phone: asks for the number and keeps the name", async () => {
      const talk = await atContact();
      await talk.send("Chia sẻ thông tin Zalo", info("Trần Thị Bình"));
      expect(talk.step).to.equal("phone");
      await talk.send("0987 654 321");
      await talk.send("Gửi");
      expect(talk.report.contact).to.deep.equal({ name: "Trần Thị Bình", phone: "0987654321" });
    });

    it("typed phone: a bad number is re-prompted saying what is expected", async () => {
      const talk = await atContact();
      await talk.send("Nhập số điện thoại");
      expect(talk.step).to.equal("phone");
      await talk.send("0123");
      expect(talk.step).to.equal("phone");
      expect(talk.said).to.include("10 chữ số").and.include("[Ẩn danh]");
      await talk.send("số em là +84 912.345.678 ạ");
      expect(talk.step).to.equal("summary");
      await talk.send("Gửi");
      expect(talk.report.contact).to.deep.equal({ phone: "0912345678" });
    });

    it("a number typed right away at the contact question is taken; a bad one goes to the phone question", async () => {
      const good = await atContact();
      await good.send("0912345678");
      expect(good.step).to.equal("summary");
      const bad = await atContact();
      await bad.send("09123");
      expect(bad.step).to.equal("phone");
      expect(bad.said).to.include("Số điện thoại chưa đúng");
    });

    it("re-prompts for anything else", async () => {
      const talk = await atContact();
      await talk.send("để xem đã");
      expect(talk.step).to.equal("contact");
      expect(talk.said).to.include("Mời ông/bà chọn");
    });
  });

  describe("6. a case nearby", () => {
    const near: NearbyCase = {
      code: "PA-251120-7KQ3",
      category: "xay_dung_khong_phep",
      distanceMeters: 23.4,
      createdAt: new Date("2025-11-20T02:00:00Z"),
      status: "acknowledged",
    };

    it("offers to follow the nearest open case of the same kind; following ends the flow", async () => {
      const asked: unknown[] = [];
      const talk = await new Talk(context([near], asked)).start();
      await talk.send("1", pin(IN_DONG_BUT), "xong", DESCRIPTION, "Ẩn danh");
      expect(asked).to.deep.equal([{ category: "xay_dung_khong_phep", ...IN_DONG_BUT }]);
      expect(talk.step).to.equal("nearby");
      expect(talk.said).to.include("PA-251120-7KQ3").and.include("23 m").and.include("20/11/2025").and.include("[Vẫn gửi phản ánh mới]");
      await talk.send("Theo dõi phản ánh PA-251120-7KQ3");
      expect(talk.state).to.equal(null);
      expect(talk.effects).to.deep.equal([{ type: "followCase", code: "PA-251120-7KQ3" }]);
      expect(talk.said).to.include("Đã đăng ký theo dõi phản ánh PA-251120-7KQ3");
    });

    it("'Vẫn gửi phản ánh mới' goes to the summary and is not offered again", async () => {
      const talk = await new Talk(context([near])).start();
      await talk.send("1", pin(IN_DONG_BUT), "xong", DESCRIPTION, "Ẩn danh", "Vẫn gửi phản ánh mới");
      expect(talk.step).to.equal("summary");
      await talk.send("Sửa", "Mô tả", `${DESCRIPTION}, đã cao hai tầng`);
      expect(talk.step).to.equal("summary");
      await talk.send("Gửi");
      expect(talk.effects[0]?.type).to.equal("submitCase");
    });

    it("does not look without coordinates", async () => {
      const asked: unknown[] = [];
      const talk = await new Talk(context([near], asked)).start();
      await talk.send("1", "gần chợ Phú Mỹ", "xong", DESCRIPTION, "Ẩn danh");
      expect(asked).to.deep.equal([]);
      expect(talk.step).to.equal("summary");
    });

    // Issue 26: duplicates without a pin are offered in the chat like the pinned ones.
    it("without coordinates, offers the newest open case of the same kind in the same village", async () => {
      const asked: unknown[] = [];
      const { distanceMeters: _none, ...sameVillage } = near;
      const ctx = {
        ...context(),
        villageOpenCases: async (q: { category: string; areaId: string }) => {
          asked.push(q);
          return [sameVillage];
        },
      };
      const talk = await new Talk(ctx).start();
      await talk.send("1", "gần chợ Phú Mỹ", "xong", DESCRIPTION, "Ẩn danh");
      expect(asked).to.deep.equal([{ category: "xay_dung_khong_phep", areaId: "phu-my" }]);
      expect(talk.step).to.equal("nearby");
      expect(talk.said).to.include("Ở Thôn Phú Mỹ đã có phản ánh PA-251120-7KQ3 cùng loại").and.include("20/11/2025");
      expect(talk.said).to.include("[Theo dõi phản ánh PA-251120-7KQ3]").and.include("[Vẫn gửi phản ánh mới]");
      await talk.send("Vẫn gửi phản ánh mới");
      expect(talk.step).to.equal("summary");
      // Declined: not offered again for the same village and kind.
      await talk.send("Sửa", "Mô tả", `${DESCRIPTION}, đã cao hai tầng`);
      expect(talk.step).to.equal("summary");
      expect(asked).to.have.length(1);
      // A village not known (no area): nothing to compare, nothing asked.
      const none: unknown[] = [];
      const unknown = await new Talk({ ...ctx, villageOpenCases: async (q) => (none.push(q), []) }).start();
      await unknown.send("1", "số 12 ngõ 5 đường liên thôn", "Không rõ thôn", "xong", DESCRIPTION, "Ẩn danh");
      expect(none).to.deep.equal([]);
      expect(unknown.step).to.equal("summary");
    });

    it("a failed look-up does not stop the report", async () => {
      const ctx = { ...context(), nearbyOpenCases: () => Promise.reject(new Error("db down")) };
      const talk = await new Talk(ctx).start();
      await talk.send("1", pin(IN_DONG_BUT), "xong", DESCRIPTION, "Ẩn danh");
      expect(talk.step).to.equal("summary");
    });
  });

  describe("7. summary", () => {
    it("shows every part and Gửi / Sửa / Hủy", async () => {
      const talk = await atSummary();
      for (const part of [
        "Loại phản ánh: Xây dựng không có giấy phép",
        "Thôn Đồng Bụt",
        "Ảnh: 2 ảnh",
        `Mô tả: ${DESCRIPTION}`,
        "Liên hệ: Ẩn danh",
        "[Gửi]",
        "[Sửa]",
        "[Hủy]",
      ]) {
        expect(talk.said).to.include(part);
      }
    });

    it("Gửi ends the flow with the report for the case worker, and no invented code", async () => {
      const talk = await atSummary();
      await talk.send("Gửi");
      expect(talk.state).to.equal(null);
      expect(talk.said).to.include("Đang gửi phản ánh");
      expect(talk.said).not.to.match(/PA-\d{6}/);
      expect(talk.report).to.deep.equal({
        category: "xay_dung_khong_phep",
        ...IN_DONG_BUT,
        areaId: "dong-but",
        photos: [photo(1), photo(2)],
        description: DESCRIPTION,
      });
    });

    it("a typed address goes in the report with its village", async () => {
      const talk = await new Talk().start();
      await talk.send("2", "số 12 ngõ 5", "Thôn Yên Thái", "xong", DESCRIPTION, "0912345678", "Gửi");
      expect(talk.report).to.deep.equal({
        category: "sai_giay_phep",
        address: "số 12 ngõ 5",
        areaId: "yen-thai",
        photos: [],
        description: DESCRIPTION,
        contact: { phone: "0912345678" },
      });
    });

    it("Sửa → one part → straight back to the summary, the rest kept", async () => {
      const talk = await atSummary();
      await talk.send("Sửa");
      expect(talk.step).to.equal("edit");
      for (const part of ["Loại phản ánh", "Vị trí", "Ảnh", "Mô tả", "Liên hệ"]) expect(talk.said).to.include(`[${part}]`);
      await talk.send("Vị trí");
      expect(talk.step).to.equal("location");
      await talk.send(pin(IN_PHU_MY));
      expect(talk.step).to.equal("summary");
      expect(talk.said).to.include("Thôn Phú Mỹ").and.include("Ảnh: 2 ảnh");

      await talk.send("Sửa", "loai vi pham", "3");
      expect(talk.step).to.equal("summary");
      expect(talk.said).to.include("Lấn chiếm đất công");

      await talk.send("Sửa", "Liên hệ", "Nhập số điện thoại", "0912345678");
      expect(talk.step).to.equal("summary");
      expect(talk.said).to.include("Liên hệ: 0912345678");

      await talk.send("Sửa", "Ảnh", image(photo(3)), "Xong");
      expect(talk.step).to.equal("summary");
      expect(talk.said).to.include("Ảnh: 3 ảnh");

      await talk.send("Gửi");
      expect(talk.report).to.include({ category: "lan_chiem", areaId: "phu-my", description: DESCRIPTION });
      expect(talk.report.photos).to.have.length(3);
    });

    it("'Gửi' after 'Sửa' sends the report as it stands", async () => {
      const talk = await atSummary();
      await talk.send("Sửa", "gửi đi");
      expect(talk.state).to.equal(null);
      expect(talk.report.description).to.equal(DESCRIPTION);
    });

    it("a part named at the summary opens it directly", async () => {
      const talk = await atSummary();
      await talk.send("mo ta");
      expect(talk.step).to.equal("description");
    });

    it("Hủy asks once before discarding (the engine takes the answer); anything else is re-prompted", async () => {
      const talk = await atSummary();
      await talk.send("để tôi nghĩ");
      expect(talk.step).to.equal("summary");
      expect(talk.said).to.include("[Gửi]");
      await talk.send("Hủy");
      expect(talk.state?.pending).to.equal("cancel");
      expect(talk.said).to.include("[Đúng, hủy bỏ]").and.include("[Không, làm tiếp]");
      expect(talk.effects).to.deep.equal([]);
    });

    it("a photo sent at the summary is added and the summary shown again", async () => {
      const talk = await atSummary();
      await talk.send(image(photo(7)));
      expect(talk.step).to.equal("summary");
      expect(talk.said).to.include("Ảnh: 3 ảnh");
    });
  });

  describe("back and help", () => {
    it("'quay lại' goes one step back", async () => {
      const talk = await new Talk().start();
      await talk.back();
      expect(talk.step).to.equal("category");
      expect(talk.said).to.include("bước đầu tiên");
      await talk.send("1", pin(IN_DONG_BUT));
      await talk.back();
      expect(talk.step).to.equal("location");
      await talk.send("gần chợ Phú Mỹ");
      expect(talk.step).to.equal("photos");
      await talk.send("xong");
      await talk.back();
      expect(talk.step).to.equal("photos");
    });

    it("while changing one part, 'quay lại' returns to the summary", async () => {
      const talk = await atSummary();
      await talk.send("Sửa", "Mô tả");
      await talk.back();
      expect(talk.step).to.equal("summary");
      expect(talk.data.description).to.equal(DESCRIPTION);
    });

    it("help says what the current step expects", async () => {
      const talk = await new Talk().start();
      await talk.send("1", pin(IN_DONG_BUT), "xong");
      const help = said(flow.help(talk.state!, talk.ctx));
      expect(help).to.include(`từ ${commune.report.descriptionMin} đến ${commune.report.descriptionMax} ký tự`);
    });
  });

  it("a session with unusable data starts the report afresh instead of failing", async () => {
    for (const step of ["nowhere", "toString"]) {
      const state: FlowState = { name: "violation-report", step, data: { photos: "not a list" }, misses: 0 };
      const r = await flow.step(state, text("1"), context());
      expect(r.next?.step).to.equal("location");
      expect(r.next?.data.category).to.equal("xay_dung_khong_phep");
    }
  });
});
