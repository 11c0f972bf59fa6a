import { expect } from "chai";
import { exampleConfig } from "../commune/fixture.js";
import { ConductorTalk } from "../support/conductor-talk.js";
import { handMadeContext } from "../support/flow-context.js";

// Issue 26: asides at a step of the report are answered, corrections change what they correct.
describe("report: questions and corrections on the side", () => {
  const commune = exampleConfig();
  const talk = () => new ConductorTalk(handMadeContext(commune));

  /** A report at the photos step: "sai phép", typed address in Phú Mỹ. */
  async function atPhotos(): Promise<ConductorTalk> {
    const t = await talk().send("tôi muốn phản ánh", "Xây dựng sai nội dung giấy phép", "Ngõ 5 thôn Phú Mỹ");
    expect(t.step).to.equal("photos");
    return t;
  }

  it("a question at the photos step is answered and the step resumes; it is not the description", async () => {
    const t = await atPhotos();
    await t.send("chủ nhật xã có làm việc ko");
    expect(t.step).to.equal("photos");
    expect(t.data.description).to.equal(undefined);
    expect(t.data.photosDone).to.equal(false);
    expect(t.said).to.include("Giờ làm việc").and.include("Tiếp tục phản ánh (bước 3/5)");
    // The step still takes its own answer.
    await t.send("bỏ qua ảnh");
    expect(t.step).to.equal("description");
  });

  it("a question at the description step is answered, not kept as the description", async () => {
    const t = await atPhotos();
    await t.send("xong", "thế mấy giờ xã mở cửa vậy?");
    expect(t.step).to.equal("description");
    expect(t.data.description).to.equal(undefined);
    expect(t.said).to.include("Tiếp tục phản ánh (bước 4/5)");
  });

  it("a correction at the location step changes the category, not the address", async () => {
    const t = await talk().send("tôi muốn phản ánh", "Xây dựng sai nội dung giấy phép");
    expect(t.step).to.equal("location");
    await t.send("à nhầm, là lấn chiếm vỉa hè chứ ko phải sai phép");
    expect(t.data.category).to.equal("lan_chiem");
    expect(t.data.location).to.equal(undefined);
    expect(t.step).to.equal("location");
    expect(t.said).to.include("Đã sửa loại phản ánh thành: Lấn chiếm đất công");
    await t.send("không phải lấn chiếm mà là sai phép");
    expect(t.data.category).to.equal("sai_giay_phep");
    // "nhầm, …" naming a place at the location step is the address.
    await t.send("Ngõ 5 thôn Phú Mỹ", "quay lại", "nhầm, ở thôn Yên Thái");
    expect(t.data.location).to.deep.include({ address: "thôn Yên Thái", areaId: "yen-thai" });
  });

  it("going back drops what the step took", async () => {
    const t = await atPhotos();
    await t.send("quay lại");
    expect(t.step).to.equal("location");
    expect(t.data.location).to.equal(undefined);
    await t.send("Ngõ 7 thôn Đồng Bụt", "xong", "Nhà số 12 đang đổ móng lấn ra mặt đường từ sáng nay", "quay lại");
    expect(t.step).to.equal("description");
    expect(t.data.description).to.equal(undefined);
    expect(t.data.location).to.deep.include({ areaId: "dong-but" });
  });
});
