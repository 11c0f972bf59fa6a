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

  describe("buttons", () => {
    it("a number taps the latest answer's, counted from 1 as the hotline counts its choices", () => {
      const book = new ButtonBook();
      expect(book.add("#nhan PA-1", "Tiếp nhận", 1000)).to.equal(1);
      expect(book.add("#xem PA-1", "Xem chi tiết", 1000)).to.equal(2);
      book.wrote();
      expect(book.add("Đã xử lý", "Đã xử lý", 2000)).to.equal(1);
      expect(book.add("Chưa", "Chưa", 2000)).to.equal(2);
      expect(book.tapLatest(2)).to.equal("Chưa");
      expect(book.tapLatest(3)).to.equal(undefined);
      expect(book.latest()).to.deep.equal([
        { n: 1, title: "Đã xử lý" },
        { n: 2, title: "Chưa" },
      ]);
    });
    it("older messages' stay tappable by their session number, as Zalo's history keeps them", () => {
      const book = new ButtonBook();
      book.add("Đã xử lý", "Đã xử lý", 1000);
      book.add("Chưa", "Chưa", 1000);
      book.wrote();
      book.add("Tra cứu hồ sơ", "Tra cứu hồ sơ", 2000);
      expect(book.tapLatest(2)).to.equal(undefined);
      expect(book.tap(2)).to.equal("Chưa");
      expect(book.tap(0)).to.equal(undefined);
      expect(book.history().map((b) => `${b.n} ${b.title}`)).to.deep.equal(["1 Đã xử lý", "2 Chưa", "3 Tra cứu hồ sơ"]);
    });
    it("a pause starts a new latest answer (an officer's next notice)", () => {
      const book = new ButtonBook();
      book.add("a", "A", 1000);
      expect(book.add("b", "B", 10_000)).to.equal(1);
      expect(book.latest()).to.deep.equal([{ n: 1, title: "B" }]);
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
