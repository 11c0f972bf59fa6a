import { expect } from "chai";
import type { Case } from "../../src/cases/case.js";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext, noCases } from "../support/flow-context.js";

// Issue 26: a phone number sent when no flow is open is understood, never the bare menu nor "chưa hiểu".
describe("a phone number sent outside any conversation", () => {
  const now = new Date("2026-12-01T03:00:00Z");
  const talk = (mine: Partial<Case>[] = []) =>
    new ConductorTalk({ ...handMadeContext(exampleConfig()), now, cases: { ...noCases, mine: async () => mine as Case[] } });
  const effects = (t: ConductorTalk) => t.last.effects ?? [];

  it("asks what it is for, with buttons that carry the number", async () => {
    for (const said of ["0987 123 456", "0987.123.456 a", "sđt của em: O987 l23 456", "chào ad, số em 0987123456"]) {
      const t = await talk().send(said);
      expect(t.said, said).to.include("Tổng đài đã nhận số 0987 123 456").and.include("[Nhờ cán bộ gọi lại]");
      expect(t.said.toLowerCase(), said).to.not.include("chưa hiểu");
      expect(t.last.replies[0]).to.deep.include({ type: "buttons" });
      expect(effects(t), said).to.deep.equal([]);
    }
  });

  it("a call back asked in the same message, by the button or typed after, goes to the front desk", async () => {
    const a = await talk().send("so toi la 0912345678 goi lai cho toi");
    expect(a.said).to.include("chuyển đề nghị gọi lại số 0912 345 678 đến Bộ phận một cửa");
    expect(effects(a)).to.deep.equal([{ type: "leaveMessage", text: "📞 Đề nghị cán bộ gọi lại số 0912345678." }]);
    const b = await talk().send("0987 123 456", "Nhờ cán bộ gọi lại số 0987123456");
    expect(effects(b)).to.deep.equal([{ type: "leaveMessage", text: "📞 Đề nghị cán bộ gọi lại số 0987123456." }]);
    const c = await talk().send("0987 123 456", "goi lai cho em nhe");
    expect(effects(c)).to.deep.equal([{ type: "leaveMessage", text: "📞 Đề nghị cán bộ gọi lại số 0987123456." }]);
  });

  it("offers the citizen's open report, and links the number to it (tapped or typed)", async () => {
    const mine = [
      { code: "PA-251120-K7MX", status: "in_progress" },
      { code: "PA-251101-AC34", status: "closed" },
    ] as Partial<Case>[];
    const t = await talk(mine).send("0987 123 456");
    expect(t.said).to.include("[Số liên hệ cho PA-251120-K7MX]");
    await t.send("Số liên hệ cho phản ánh PA-251120-K7MX: 0987123456");
    expect(t.said).to.include("để cán bộ phụ trách phản ánh PA-251120-K7MX liên hệ khi cần");
    expect(effects(t)).to.deep.equal([{ type: "leaveMessage", text: "📞 Số liên hệ cho phản ánh PA-251120-K7MX: 0987123456." }]);
    const typed = await talk(mine).send("0987 123 456", "so lien he cho phan anh hom truoc");
    expect(effects(typed)).to.deep.equal([{ type: "leaveMessage", text: "📞 Số liên hệ cho phản ánh PA-251120-K7MX: 0987123456." }]);
    // Another person's code (or a closed one) is not offered: the question is asked instead.
    const other = await talk(mine).send("Số liên hệ cho phản ánh PA-251101-AC34: 0987123456");
    expect(effects(other)).to.deep.equal([]);
    expect(other.said).to.include("Ông/bà để lại số này để làm gì");
  });

  it("joins a message left for the front desk", async () => {
    const base = handMadeContext(exampleConfig());
    const left = { status: "left", left: 1 } as unknown as Awaited<ReturnType<typeof base.handoff.current>>;
    const t = new ConductorTalk({ ...base, now, handoff: { ...base.handoff, current: async () => left } });
    await t.send("0987 123 456");
    expect(t.said).to.include("đã thêm số 0987 123 456 vào lời nhắn");
    expect(effects(t)).to.deep.equal([{ type: "leaveMessage", text: "📞 Số điện thoại liên hệ: 0987123456." }]);
  });

  it("a question about the office's number is not a number left", async () => {
    const t = await talk().send("số điện thoại xã là 024 3384 3115 phải không");
    expect(t.said).to.not.include("Tổng đài đã nhận số");
    const u = await talk().send("0243 384 3115");
    expect(u.said).to.not.include("Tổng đài đã nhận số");
  });
});

// Issue 26: "when will the result be ready" with neither a code nor a procedure: what can be said, never a promise.
describe("'bao giờ có kết quả' without a code or a procedure", () => {
  const talk = () => new ConductorTalk({ ...handMadeContext(exampleConfig()), now: new Date("2026-12-01T03:00:00Z") });

  it("asks for the code or the procedure, with the commonest procedures as buttons", async () => {
    for (const said of ["bao gio co ket qua", "hồ sơ của tôi bao giờ xong", "bao lâu thì có kết quả ạ"]) {
      const t = await talk().send(said);
      expect(t.session.flow?.name, said).to.equal("dossier-status");
      expect(t.step, said).to.equal("code");
      expect(t.said, said).to.include("tùy từng thủ tục").and.include("nhắn mã hồ sơ").and.include("[Đăng ký khai sinh]");
    }
  });

  it("a procedure tapped or typed gets its time limit (or where to ask), and the code still works", async () => {
    const t = await talk().send("bao gio co ket qua", "Thời hạn Đăng ký khai sinh");
    expect(t.said).to.include("Thủ tục Đăng ký khai sinh, thời hạn giải quyết theo quy định: ngay trong ngày");
    expect(t.step).to.equal("code");
    await t.send("khai tu");
    expect(t.said).to.include("Thủ tục Đăng ký khai tử, thời hạn giải quyết");
    await t.send("tach thua");
    expect(t.said).to.include("tổng đài chưa có thông tin thời hạn giải quyết").and.include("024 3384 3115");
    await t.send("000.00.21.H26-251120-0001");
    expect(t.said).to.include("Không tìm thấy hồ sơ 000.00.21.H26-251120-0001");
  });

  it("a plain status question still asks for the code only", async () => {
    const t = await talk().send("ho so cua toi den dau roi");
    expect(t.said).to.include("Mời ông/bà nhập mã hồ sơ").and.not.include("tùy từng thủ tục");
  });
});
