import { expect } from "chai";
import type { Reply } from "../../src/core/reply.js";
import type { Procedure } from "../../src/procedures/catalogue.js";
import { answerProcedure } from "../../flows/procedure-guide.js";
import { domainFor } from "../../flows/commune-domain.js";
import { type Intent, understand } from "../../flows/intents.js";
import { exampleConfig } from "../commune/fixture.js";
import { catalogueOf, handMadeContext } from "../support/flow-context.js";

// The guide on the example catalogue, driven without the hotline: a fact the catalogue lacks is
// said to be missing, with where to ask, and never guessed (issue 26, "Example data").

const commune = exampleConfig();
const ctx = handMadeContext(commune);
const domain = domainFor(ctx.procedures, commune);
const procedures = catalogueOf(commune).procedures;
const WHERE_TO_ASK = `Ông/bà vui lòng hỏi Bộ phận một cửa UBND xã Kiều Phú hoặc gọi đường dây nóng ${commune.hotline}`;
// An amount of money in any of the ways it is written: "10.000 đ", "2000đ", "50 nghìn", "1 triệu đồng".
const AMOUNT = /\d[\d.,]*\s*(đ\b|đồng|vnđ|vnd|nghìn|ngàn|triệu|k\b)/i;

function ask(text: string): { intent: Intent; text: string } {
  const intent = understand(text, domain);
  expect(intent.kind, text).to.equal("procedure");
  const replies: Reply[] = answerProcedure(intent as Extract<Intent, { kind: "procedure" }>, ctx);
  expect(replies, text).to.have.length(1);
  const [r] = replies;
  return { intent, text: r!.type === "buttons" || r!.type === "text" ? r!.text : "" };
}

const without = (field: (p: Procedure) => unknown) => procedures.filter((p) => !field(p));

describe("procedure guide on the example catalogue: empty fields", () => {
  it("answers an empty fee with where to ask, and no amount, for every procedure without one", () => {
    const noFee = without((p) => p.fee);
    expect(noFee.map((p) => p.id)).to.include.members(["cap-giay-chung-nhan-lan-dau", "tro-cap-xa-hoi"]);
    for (const p of noFee) {
      const { intent, text } = ask(`Lệ phí: ${p.name}`);
      expect(intent, p.id).to.deep.equal({ kind: "procedure", ids: [p.id], aspects: ["fee"] });
      expect(text, p.id).to.equal(`💰 ${p.name}: danh mục của xã chưa ghi lệ phí. ${WHERE_TO_ASK} trước khi đi, để chỉ phải đến một lần.`);
      expect(text, p.id).not.to.match(AMOUNT);
    }
  });

  it("answers the most asked ones in residents' words, with or without diacritics", () => {
    for (const [asked, id] of [
      ["làm sổ đỏ hết bao nhiêu tiền ạ", "cap-giay-chung-nhan-lan-dau"],
      ["lam so do mat phi bao nhieu", "cap-giay-chung-nhan-lan-dau"],
      ["trợ cấp người cao tuổi có mất phí không", "tro-cap-xa-hoi"],
      ["tro cap nguoi gia co mat le phi ko ad", "tro-cap-xa-hoi"],
    ] as const) {
      const { intent, text } = ask(asked);
      expect(intent, asked).to.deep.include({ ids: [id] });
      expect((intent as Extract<Intent, { kind: "procedure" }>).aspects, asked).to.include("fee");
      expect(text, asked).to.include("danh mục của xã chưa ghi lệ phí").and.include(WHERE_TO_ASK);
      expect(text, asked).not.to.match(AMOUNT);
    }
  });

  it("answers empty papers, time and online submission with where to ask too", () => {
    for (const p of without((x) => x.documents.length)) {
      expect(ask(`Giấy tờ: ${p.name}`).text, p.id)
        .to.include("danh mục của xã chưa ghi giấy tờ cần có")
        .and.include(WHERE_TO_ASK);
    }
    for (const p of without((x) => x.processingTime)) {
      expect(ask(`Thời gian: ${p.name}`).text, p.id)
        .to.include("danh mục của xã chưa ghi thời gian giải quyết")
        .and.include(WHERE_TO_ASK);
    }
    for (const p of without((x) => x.onlineUrl)) {
      const intent = understand(`${p.name} nộp online được không`, domain);
      expect(intent, p.id).to.deep.include({ kind: "procedure", ids: [p.id] });
      const { text } = ask(`${p.name} nộp online được không`);
      expect(text, p.id)
        .to.include(`Danh mục của xã chưa ghi thủ tục ${p.name} nộp trực tuyến được`)
        .and.include("Bộ phận một cửa UBND xã Kiều Phú")
        .and.include(commune.hotline);
    }
  });

  it("answers a filled fee from the catalogue with its source", () => {
    const { text } = ask("Lệ phí: Chứng thực chữ ký");
    expect(text).to.equal(
      "💰 Chứng thực chữ ký – lệ phí: 10.000 đ một trường hợp.\nNguồn: Nghị định 23/2015/NĐ-CP; Thông tư 226/2016/TT-BTC. Cập nhật 30/11/2026.",
    );
  });
});
