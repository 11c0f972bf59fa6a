import { expect } from "chai";
import { feedbackIn } from "../../flows/case-status.js";
import { caseCodeIn } from "../../flows/case-codes.js";
import { understand } from "../../flows/intents.js";

describe("flows: understanding case codes and a citizen's own cases", () => {
  it("finds a case code anywhere, in any case, with stray spaces; canonical", () => {
    expect(caseCodeIn("PA-261126-HXYX")).to.equal("PA-261126-HXYX");
    expect(caseCodeIn("cho hỏi pa-261126-hxyx xử lý chưa")).to.equal("PA-261126-HXYX");
    expect(caseCodeIn("pa - 261126 - hxyx")).to.equal("PA-261126-HXYX");
    expect(caseCodeIn("PA 261126 HXYX ạ")).to.equal("PA-261126-HXYX");
    // Look-alike letters are not in the alphabet: not a code.
    expect(caseCodeIn("PA-261126-HXY0")).to.equal(null);
    expect(caseCodeIn("CAPA-261126-HXYX")).to.equal(null);
    expect(understand("phản ánh PA-261126-HXYX thế nào rồi")).to.deep.equal({ kind: "case_code", code: "PA-261126-HXYX" });
  });

  it('"phản ánh của tôi" and its variants are the citizen\'s own cases, not a new report', () => {
    for (const text of ["Phản ánh của tôi", "phan anh cua toi", "xem phản ánh", "xem lai phan anh a", "các phản ánh đã gửi"]) {
      expect(understand(text), text).to.deep.equal({ kind: "my_cases" });
    }
    expect(understand("tôi muốn phản ánh xây dựng trái phép").kind).to.equal("report");
  });

  it("reads the resolution buttons' answers and ratings, and nothing looser", () => {
    expect(feedbackIn("Đã xử lý PA-261126-HXYX")).to.deep.equal({ code: "PA-261126-HXYX", resolved: true });
    expect(feedbackIn("chua xu ly pa-261126-hxyx")).to.deep.equal({ code: "PA-261126-HXYX", resolved: false });
    expect(feedbackIn("Đánh giá 4 sao PA-261126-HXYX")).to.deep.equal({ code: "PA-261126-HXYX", rating: 4 });
    expect(feedbackIn("Đánh giá 6 sao PA-261126-HXYX")).to.equal(null);
    expect(feedbackIn("đã xử lý PA-261126-HXYX nhưng vẫn còn lán")).to.equal(null);
  });
});
