import { expect } from "chai";
import type { Reply } from "../../../src/core/reply.js";
import { MORE_BUTTONS_TEXT, renderReplies, renderReply, splitReply, splitText } from "../../../webhooks/zalo/render.js";

const words = (n: number) => Array.from({ length: n }, (_, i) => `từ${i}`).join(" ");

describe("render", () => {
  it("short text: one message", () => {
    expect(renderReply({ type: "text", text: "Xin chào" })).to.deep.equal([{ text: "Xin chào" }]);
  });

  it("long text: pieces of ≤ 2,000 characters cut between words, nothing lost", () => {
    const text = words(1200); // about 6,000 characters
    const msgs = renderReply({ type: "text", text });
    expect(msgs.length).to.be.greaterThan(2);
    for (const m of msgs) {
      expect("text" in m && m.text?.length).to.be.at.most(2000);
      expect("text" in m && m.text).to.match(/^từ\d+( từ\d+)*$/); // whole words only
    }
    expect(msgs.map((m) => ("text" in m ? m.text : "")).join(" ")).to.equal(text);
  });

  it("prefers a line break to a space", () => {
    const text = "a".repeat(1500) + "\n" + "b c ".repeat(200);
    const [first] = splitText(text);
    expect(first).to.equal("a".repeat(1500));
  });

  it("a text without breaks is cut hard, never inside a surrogate pair", () => {
    const text = "x".repeat(1999) + "😀" + "y".repeat(10);
    const pieces = splitText(text);
    expect(pieces[0]).to.equal("x".repeat(1999));
    expect(pieces.join("")).to.equal(text);
    expect(splitText("z".repeat(4500)).map((p) => p.length)).to.deep.equal([2000, 2000, 500]);
  });

  it("a link button: oa.open.url with the page, sending nothing back", () => {
    const msgs = renderReply({
      type: "buttons",
      text: "Nộp trực tuyến:",
      buttons: [{ title: "Nộp trực tuyến", payload: "Nộp trực tuyến", url: "https://dichvucong.gov.vn" }],
    });
    expect(msgs).to.deep.equal([
      {
        text: "Nộp trực tuyến:",
        attachment: {
          type: "template",
          payload: { buttons: [{ title: "Nộp trực tuyến", type: "oa.open.url", payload: { url: "https://dichvucong.gov.vn" } }] },
        },
      },
    ]);
  });

  it("buttons: oa.query.show with the payload", () => {
    const msgs = renderReply({ type: "buttons", text: "Chọn:", buttons: [{ title: "Tra cứu hồ sơ", payload: "#hoso" }] });
    expect(msgs).to.deep.equal([
      {
        text: "Chọn:",
        attachment: { type: "template", payload: { buttons: [{ title: "Tra cứu hồ sơ", type: "oa.query.show", payload: "#hoso" }] } },
      },
    ]);
  });

  it("more than 5 buttons: several messages, the later ones with a short text", () => {
    const buttons = Array.from({ length: 12 }, (_, i) => ({ title: `Mục ${i + 1}`, payload: `#${i + 1}` }));
    const msgs = renderReply({ type: "buttons", text: "Chọn lĩnh vực:", buttons });
    expect(msgs).to.have.length(3);
    const counts = msgs.map((m) => ("attachment" in m && "buttons" in m.attachment.payload ? m.attachment.payload.buttons.length : 0));
    expect(counts).to.deep.equal([5, 5, 2]);
    expect(msgs.map((m) => ("text" in m ? m.text : undefined))).to.deep.equal(["Chọn lĩnh vực:", MORE_BUTTONS_TEXT, MORE_BUTTONS_TEXT]);
  });

  it("buttons with a long text: text pieces first, buttons on the last piece", () => {
    const pieces = splitReply({ type: "buttons", text: words(700), buttons: [{ title: "OK", payload: "ok" }] });
    expect(pieces.map((p) => p.type)).to.deep.equal(["text", "text", "buttons"]);
  });

  it("image: media template, caption as the message text", () => {
    expect(renderReply({ type: "image", url: "https://x/a.jpg", caption: "Bản đồ" })).to.deep.equal([
      {
        text: "Bản đồ",
        attachment: { type: "template", payload: { template_type: "media", elements: [{ media_type: "image", url: "https://x/a.jpg" }] } },
      },
    ]);
    expect(renderReply({ type: "image", url: "https://x/a.jpg" })[0]).not.to.have.property("text");
  });

  it("request_info: request_user_info template", () => {
    expect(
      renderReply({ type: "request_info", title: "Chia sẻ thông tin", subtitle: "Để cán bộ liên hệ", imageUrl: "https://x/logo.png" }),
    ).to.deep.equal([
      {
        attachment: {
          type: "template",
          payload: {
            template_type: "request_user_info",
            elements: [{ title: "Chia sẻ thông tin", subtitle: "Để cán bộ liên hệ", image_url: "https://x/logo.png" }],
          },
        },
      },
    ]);
  });

  it("every piece of splitReply renders to exactly one message", () => {
    const replies: Reply[] = [
      { type: "text", text: words(900) },
      { type: "buttons", text: words(500), buttons: Array.from({ length: 7 }, (_, i) => ({ title: `B${i}`, payload: `${i}` })) },
      { type: "image", url: "https://x/a.jpg", caption: words(500) },
    ];
    for (const r of replies) for (const p of splitReply(r)) expect(renderReply(p)).to.have.length(1);
    expect(renderReplies(replies)).to.have.length(replies.flatMap(splitReply).length);
  });
});
