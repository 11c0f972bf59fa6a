import { expect } from "chai";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext } from "../support/flow-context.js";

// Issue 26: a place named in the first message is offered back at the location step, not asked again.
describe("report: the place named in the opening message", () => {
  const talk = () => new ConductorTalk(handMadeContext(exampleConfig()));

  it("is offered back with its village; 'đúng rồi' takes it", async () => {
    const t = await talk().send("đống rác ở cổng làng Ngọc Bài");
    expect(t.step).to.equal("location");
    expect(t.data.category).to.equal("ve_sinh_moi_truong");
    expect(t.said).to.include('Có phải việc ông/bà phản ánh ở "cổng làng Ngọc Bài" (Thôn Ngọc Bài)?').and.include("[Đúng địa điểm này]");
    await t.send("đúng rồi");
    expect(t.step).to.equal("photos");
    expect(t.data.location).to.deep.equal({ address: "cổng làng Ngọc Bài", areaId: "ngoc-bai" });
  });

  it("a place without a known village goes on to the village question; 'không' asks for the place afresh", async () => {
    const t = await talk().send("den duong hong o dau ngo 15 gan cho");
    expect(t.step).to.equal("location");
    expect(t.said).to.include('"dau ngo 15 gan cho"');
    await t.send("Đúng địa điểm này");
    expect(t.step).to.equal("village");
    const other = await talk().send("đèn đường hỏng ở đầu ngõ 15", "không");
    expect(other.step).to.equal("location");
    expect(other.data.location).to.equal(undefined);
    expect(other.said).to.include("Việc ông/bà phản ánh ở đâu?");
    // Another address typed instead is taken as usual.
    await other.send("ngõ 3 thôn Phú Mỹ");
    expect(other.data.location).to.deep.equal({ address: "ngõ 3 thôn Phú Mỹ", areaId: "phu-my" });
  });

  it("an opening message without a place asks for it as before", async () => {
    const t = await talk().send("đèn đường hỏng");
    expect(t.step).to.equal("location");
    expect(t.said).to.include("Bước 2/5 – Việc ông/bà phản ánh ở đâu?");
  });

  // Found by the residents' walk: the place kept the words after it.
  it("ends where the description starts", async () => {
    const cases: [string, string][] = [
      ["đống rác ở cổng làng Ngọc Bài lâu ngày không ai dọn", "cổng làng Ngọc Bài"],
      ["cong lang ngoc bai lau ngay ko ai don rac", "cong lang ngoc bai"],
      ["đèn đường ở ngõ 15 thôn Phú Mỹ hỏng cả tuần nay", "ngõ 15 thôn Phú Mỹ"],
      ["ổ gà to ở gần chợ Đồng Bụt rất nguy hiểm", "gần chợ Đồng Bụt"],
      ["rác ở chùa Ngọc Bài chưa ai dọn", "chùa Ngọc Bài"],
      ["o ga o ngo 5 thon phu my", "ngo 5 thon phu my"],
    ];
    for (const [said, place] of cases) {
      const t = await talk().send(said);
      expect(t.step, said).to.equal("location");
      expect(t.said, said).to.include(`ở "${place}"`);
    }
  });
});
