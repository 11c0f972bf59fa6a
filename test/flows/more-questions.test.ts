import { expect } from "chai";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext } from "../support/flow-context.js";

// Issue 26: complaints, a dossier submitted online, the citizen-reception schedule, "anyone there?".
describe("more of what residents ask", () => {
  const commune = exampleConfig();
  const talk = (c = commune, now?: Date) => new ConductorTalk({ ...handMadeContext(c), ...(now ? { now } : {}) });

  it("a complaint about an officer: how to file it, who receives it, and a message passed to the leadership", async () => {
    const t = await talk().send("cán bộ địa chính thái độ rất hách dịch");
    expect(t.said).to.include("Khiếu nại").and.include("Tố cáo").and.include("Chủ tịch UBND xã").and.include("[Gửi ý kiến tới lãnh đạo]");
    await t.send("Gửi ý kiến tới lãnh đạo");
    expect(t.session.flow?.name).to.equal("officer-message");
    await t.send("Đề nghị lãnh đạo xã xem lại thái độ tiếp dân của bộ phận địa chính");
    expect(t.last.effects).to.deep.equal([
      { type: "leaveMessage", text: "[Ý kiến gửi lãnh đạo xã] Đề nghị lãnh đạo xã xem lại thái độ tiếp dân của bộ phận địa chính" },
    ]);
  });

  it("'when will it be ready?' naming a procedure but no code: its time limit, then the code is asked", async () => {
    const t = await talk().send("lam khai sinh thi bao gio co ket qua");
    expect(t.said).to.include("Thủ tục Đăng ký khai sinh, thời hạn giải quyết theo quy định").and.include("mã hồ sơ");
    // No procedure named: the code or the procedure is asked, no time limit is guessed.
    const plain = await talk().send("bao giờ có kết quả");
    expect(plain.said).to.include("mã hồ sơ").and.include("tùy từng thủ tục").and.not.include("thời hạn giải quyết theo quy định:");
    // Asked for the code, a report told in words starts the report instead of a wrong-code answer.
    await plain.send("phan anh den duong hong o thon dong but");
    expect(plain.session.flow?.name).to.equal("violation-report");
  });

  it("where to check a dossier submitted online", async () => {
    const t = await talk().send("em đã nộp trực tuyến rồi thì tra cứu thế nào ạ");
    expect(t.said).to.include("dichvucong.gov.vn").and.include("000.00.21.H26-251126-0001");
  });

  it("the citizen-reception schedule from the commune config, else the hotline to ask", async () => {
    const withSchedule = {
      ...commune,
      citizenReception: { schedule: "sáng thứ Năm hằng tuần", place: "phòng tiếp công dân, tầng 1 trụ sở UBND xã" },
    };
    expect((await talk(withSchedule).send("lịch tiếp công dân của xã thế nào")).said)
      .to.include("sáng thứ Năm hằng tuần")
      .and.include("tầng 1");
    expect((await talk().send("tôi muốn gặp chủ tịch xã")).said).to.include("gọi đường dây nóng 024 3384 3115");
  });

  it("'anyone there?' at night and in the middle of a report; goodbyes", async () => {
    const night = new Date("2025-11-25T16:00:00Z"); // 23:00 in Hà Nội
    const t = await talk(commune, night).send("alo có ai không ạ");
    expect(t.said).to.include("tổng đài tự động vẫn trả lời").and.include("[Gặp cán bộ]");
    await t.send("đèn đường hỏng", "có ai ở đó không");
    expect(t.step).to.equal("location");
    expect(t.said).to.include("tổng đài tự động vẫn trả lời").and.include("Tiếp tục phản ánh");
    expect((await talk(commune, night).send("thôi em chào ad nhé")).said).to.include("Kính chào ông/bà");
  });
});
