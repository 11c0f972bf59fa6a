import { expect } from "chai";
import { sniffImage } from "../src/cases/photos.js";
import { ButtonBook, parseInfo } from "./support/chat-input.js";
import { SAMPLE_PHOTO_PATH, startFakeZalo } from "./support/fake-zalo.js";

/** `npm run chat` does what the README and its `/help` say. */
describe("npm run chat", () => {
  describe("/info NAME PHONE", () => {
    const info = (line: string) => parseInfo(line.split(/\s+/));
    it("takes the number written in groups, as people write it", () => {
      expect(info("Lê Thị Hồng 0987 111 222")).to.deep.equal({ name: "Lê Thị Hồng", phone: "84987111222" });
      expect(info("Lê Thị Hồng 0987.111.222")).to.deep.equal({ name: "Lê Thị Hồng", phone: "84987111222" });
      expect(info("Lê Thị Hồng 0987-111-222")).to.deep.equal({ name: "Lê Thị Hồng", phone: "84987111222" });
      expect(info("Nguyễn Văn A +84 912 345 678")).to.deep.equal({ name: "Nguyễn Văn A", phone: "84912345678" });
      expect(info("Nguyễn Văn A 0912345678")).to.deep.equal({ name: "Nguyễn Văn A", phone: "84912345678" });
    });
    it("leaves a number in the name to the name", () => {
      expect(info("Tổ 5 0912345678")).to.deep.equal({ name: "Tổ 5", phone: "84912345678" });
    });
    it("refuses a line without a name or a phone", () => {
      expect(info("0987 111 222")).to.equal(null);
      expect(info("Lê Thị Hồng")).to.equal(null);
      expect(info("Lê Thị Hồng 111 222")).to.equal(null);
    });
  });

  describe("button numbers", () => {
    it("keep older messages' buttons tappable after newer ones arrive, as Zalo's history does", () => {
      const book = new ButtonBook();
      expect(book.add("#nhan PA-1", "Tiếp nhận", 1000)).to.equal(1);
      expect(book.add("#xem PA-1", "Xem chi tiết", 1000)).to.equal(2);
      book.wrote();
      expect(book.add("Đã xử lý", "Đã xử lý", 2000)).to.equal(3);
      expect(book.add("Chưa", "Chưa", 2000)).to.equal(4);
      expect(book.tap(1)).to.equal("#nhan PA-1");
      expect(book.tap(4)).to.equal("Chưa");
      expect(book.tap(5)).to.equal(undefined);
      expect(book.latest()).to.deep.equal([
        { n: 3, title: "Đã xử lý" },
        { n: 4, title: "Chưa" },
      ]);
    });
    it("start a new latest group after a pause (an officer's next notice)", () => {
      const book = new ButtonBook();
      book.add("a", "A", 1000);
      book.add("b", "B", 10_000);
      expect(book.latest()).to.deep.equal([{ n: 2, title: "B" }]);
    });
  });

  it("/img without a URL sends a picture the fake Zalo serves", async () => {
    const zalo = await startFakeZalo();
    try {
      const res = await fetch(`${zalo.url}${SAMPLE_PHOTO_PATH}?n=1`);
      expect(res.status).to.equal(200);
      expect(sniffImage(Buffer.from(await res.arrayBuffer()))).to.equal("image/png");
    } finally {
      await zalo.close();
    }
  });
});
