import { expect } from "chai";
import { typedFeedbackIn } from "../../flows/case-status.js";

// The resolution question and the rating, answered in the reporter's own words (issue 26).
describe("typed answers to a resolved case's questions", () => {
  it("reads 'not yet' alone or with a reason after a comma or dash, with or without diacritics", () => {
    for (const t of ["Chưa", "chua", "vẫn chưa ạ", "chua dc xu ly"]) expect(typedFeedbackIn(t), t).to.deep.equal({ resolved: false });
    expect(typedFeedbackIn("chưa xử lý, nhà đấy vẫn đang đổ bê tông")).to.deep.equal({
      resolved: false,
      reason: "nhà đấy vẫn đang đổ bê tông",
    });
    expect(typedFeedbackIn("Chưa – vẫn xây tiếp")).to.deep.equal({ resolved: false, reason: "vẫn xây tiếp" });
  });

  it("reads 'done' and a star rating", () => {
    for (const t of ["Đã xử lý rồi", "da xu ly", "rồi ạ", "xong rồi"]) expect(typedFeedbackIn(t), t).to.deep.equal({ resolved: true });
    expect(typedFeedbackIn("2 sao thoi")).to.deep.equal({ rating: 2 });
    expect(typedFeedbackIn("5⭐")).to.deep.equal({ rating: 5 });
  });

  it("leaves a 'chưa' inside another sentence, a bare number and other messages alone", () => {
    for (const t of ["chưa có mã hồ sơ", "chưa hiểu", "3", "tra cứu hồ sơ", "chưa xử lý nhà đấy"])
      expect(typedFeedbackIn(t), t).to.equal(null);
  });
});
