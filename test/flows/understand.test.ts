import { expect } from "chai";
import { matchChoice } from "../../flows/choices.js";
import { globalCommand } from "../../flows/commands.js";
import { domainFor } from "../../flows/commune-domain.js";
import { proceduresNamedIn, reportCategory } from "../../flows/commune-names.js";
import { read, understand, type Intent } from "../../flows/intents.js";
import { isAnonymous, isDone, isEdit, isNo, isSubmit, isYes } from "../../flows/short-answers.js";
import { parseVietnamesePhone } from "../../flows/text/phone.js";
import { exampleConfig } from "../commune/fixture.js";
import { catalogueOf } from "../support/flow-context.js";

// Messages as citizens really write them to the commune's Zalo OA: with and without diacritics,
// shorthand, typos, Telex leftovers, greetings around the request, upper case, emoji.
const MESSAGES: ReadonlyArray<readonly [string, Intent]> = [
  // A dossier code anywhere wins.
  ["Chào ad, cho e hỏi hs 000.00.21.H26-251126-0001 của e đến đâu r ạ", { kind: "dossier_code", code: "000.00.21.H26-251126-0001" }],
  ["000.00.21.h26-251118-0002", { kind: "dossier_code", code: "000.00.21.H26-251118-0002" }],
  ["ma hs cua toi la 000.00.21.H26 - 251117 - 0001, bao gio co kq vay", { kind: "dossier_code", code: "000.00.21.H26-251117-0001" }],
  ["Tôi muốn phản ánh hồ sơ 000.00.21.H26-251103-0001 bị trễ hẹn", { kind: "dossier_code", code: "000.00.21.H26-251103-0001" }],
  ["tôi không nhớ mã hồ sơ", { kind: "lost_code" }],
  ["em lam mat giay hen roi", { kind: "lost_code" }],
  ["tôi đang theo dõi hồ sơ nào", { kind: "followed_list" }],
  ["bỏ theo dõi 000.00.21.H26-251126-0001", { kind: "unfollow", code: "000.00.21.H26-251126-0001" }],
  ["hủy theo dõi", { kind: "unfollow" }],
  ["251126-0001", { kind: "dossier_code_partial", tail: "251126-0001" }],
  ["ok", { kind: "ack" }],
  ["dạ vâng", { kind: "ack" }],
  ["👍", { kind: "ack" }],
  ["hs 000.00.21.H26-2511-0001 sao tra ko ra", { kind: "dossier_code_malformed", fragment: "000.00.21.H26-2511-0001" }],
  // Dossier questions without a code.
  ["e muon tra cuu ho so", { kind: "dossier_question" }],
  ["Tra cứu hồ sơ", { kind: "dossier_question" }],
  ["hồ sơ của tôi đến đâu rồi ạ?", { kind: "dossier_question" }],
  ["hs den dau roi ad", { kind: "dossier_question" }],
  ["cho em kiểm tra hồ sơ với", { kind: "dossier_question" }],
  ["bao giờ có kết quả vậy ạ", { kind: "dossier_question" }],
  ["KHI NAO CO KET QUA", { kind: "dossier_question" }],
  ["giấy khai sinh của con e nộp tuần trước bh có kq", { kind: "dossier_question" }],
  ["tra cu ho so", { kind: "dossier_question" }],
  ["tras cuwus hoof sow", { kind: "dossier_question" }],
  ["ad oi hs cua e xu ly toi dau roi 😢", { kind: "dossier_question" }],
  // Reports of construction-order violations.
  ["nhà bên cạnh đang xây trái phép lấn ra đường", { kind: "report" }],
  ["Tôi muốn phản ánh", { kind: "report" }],
  ["phan anh vi pham xay dung", { kind: "report" }],
  ["có nhà xây không phép ở đầu ngõ 5", { kind: "report" }],
  ["nha so 12 xay tren dat nong nghiep", { kind: "report" }],
  ["Có người đổ trộm phế thải ra ruộng đêm qua!!!", { kind: "report" }],
  ["vat lieu xay dung chiem long duong ca tuan nay ko ai dep", { kind: "report" }],
  ["hàng xóm lấn chiếm đất công làm quán", { kind: "report" }],
  ["em muốn tố giác 1 trường hợp lấn đất", { kind: "report" }],
  ["BÁO CÁO VI PHẠM", { kind: "report" }],
  ["cơi nới thêm tầng không xin phép", { kind: "report" }],
  ["vi phan trat tu xay dung", { kind: "report" }],
  ["phanr anhs", { kind: "report" }],
  ["xây dựng trai phép 🏗️", { kind: "report" }],
  ["nhà ông A ở xóm 3 xây lấn sang đất nhà tôi", { kind: "report" }],
  ["có nhà xây trái phép ở đầu ngõ", { kind: "report" }],
  // Office hours.
  ["bao gio mo cua vay", { kind: "hours" }],
  ["Giờ làm việc của UBND xã", { kind: "hours" }],
  ["may h mo cua a", { kind: "hours" }],
  ["thứ 7 có làm việc không ạ", { kind: "hours" }],
  ["làm việc t7 ko ad", { kind: "hours" }],
  ["chiều nay có làm không", { kind: "hours" }],
  ["toi thu 3 co lam ko", { kind: "hours" }],
  // "tối thui" is a dark street, one letter from "tối thứ": not a question about evening hours.
  ["den duong hu may hom nay toi thui", { kind: "unknown" }],
  ["chủ nhật có mở cửa k", { kind: "hours" }],
  // "mở cửa" is one letter from "một cửa": no typo is assumed where the words spell a phrase.
  ["cho e hỏi mấy giờ thì bộ phận một cửa mở cửa ạ", { kind: "hours" }],
  // Address.
  ["địa chỉ ủy ban ở đâu ạ", { kind: "address" }],
  ["bo phan mot cua o dau", { kind: "address" }],
  ["Trụ sở xã nằm ở đâu vậy", { kind: "address" }],
  ["cho xin dia chi", { kind: "address" }],
  ["em đến nộp hồ sơ thì đến chỗ nào ạ", { kind: "address" }],
  // Hotline number.
  ["cho xin sdt duong day nong", { kind: "hotline" }],
  ["Số điện thoại của xã là gì", { kind: "hotline" }],
  ["hotline bao nhiêu ad", { kind: "hotline" }],
  ["sđt liên hệ", { kind: "hotline" }],
  ["HOTLNE", { kind: "hotline" }],
  // A person.
  ["cho toi gap can bo", { kind: "officer" }],
  ["tôi muốn nói chuyện với nhân viên", { kind: "officer" }],
  ["ad ơi", { kind: "officer" }],
  ["cần tư vấn viên hỗ trợ", { kind: "officer" }],
  ["gặp người thật được không", { kind: "officer" }],
  ["có ai trực không ạ", { kind: "officer" }],
  // Greetings and thanks, with nothing else asked.
  ["alo", { kind: "greeting" }],
  ["Xin chào", { kind: "greeting" }],
  ["chào ad, cho em hỏi chút ạ", { kind: "greeting" }],
  ["Hello 👋", { kind: "greeting" }],
  ["dạ chào anh", { kind: "greeting" }],
  ["cảm ơn ad nhiều ❤️", { kind: "thanks" }],
  ["thanks", { kind: "thanks" }],
  ["camon a", { kind: "thanks" }],
  ["tks ad", { kind: "thanks" }],
  ["xin chào, cảm ơn ạ", { kind: "thanks" }],
  // Menu numbers.
  ["1", { kind: "menu_choice", choice: 1 }],
  ["2.", { kind: "menu_choice", choice: 2 }],
  ["số 3 ạ", { kind: "menu_choice", choice: 3 }],
  ["chọn 4", { kind: "menu_choice", choice: 4 }],
  ["3️⃣", { kind: "menu_choice", choice: 3 }],
  ["5", { kind: "menu_choice", choice: 5 }],
  // Small talk: a nod, an emoji alone, goodbyes.
  ["😀😀😀", { kind: "ack" }],
  ["Dạ em hiểu rồi ạ", { kind: "ack" }],
  ["tạm biệt ad", { kind: "goodbye" }],
  ["xin cảm ơn cán bộ", { kind: "thanks" }],
  ["ok cảm ơn ad nhé", { kind: "thanks" }],
  // Without the commune's catalogue, a procedure is asked about only in general words.
  ["thủ tục hành chính", { kind: "procedure", ids: [], aspects: [] }],
  ["lệ phí bao nhiêu", { kind: "procedure", ids: [], aspects: ["fee"] }],
  // Several codes: each is looked up.
  [
    "hs 000.00.21.H26-251126-0001 và 000.00.21.h26-251114-0001, 000.00.21.H26-251126-0001",
    { kind: "dossier_codes", codes: ["000.00.21.H26-251126-0001", "000.00.21.H26-251114-0001"] },
  ],
  // Nothing we can act on.
  ["asdfgh", { kind: "unknown" }],
  ["", { kind: "unknown" }],
  ["6", { kind: "unknown" }],
  ["chào ad, cho em hỏi con em năm nay vào lớp 1 trường nào", { kind: "unknown" }],
  ["0912345678", { kind: "unknown" }],
];

describe("understand", () => {
  it("has a real list to learn from", () => {
    expect(MESSAGES.length).to.be.at.least(60);
  });

  for (const [text, intent] of MESSAGES) {
    it(`${JSON.stringify(text)} → ${intent.kind}`, () => {
      expect(understand(text)).to.deep.equal(intent);
    });
  }
});

describe("understand, with the example commune's procedures and categories", () => {
  const commune = exampleConfig();
  const domain = domainFor(catalogueOf(commune), commune);
  const CASES: ReadonlyArray<readonly [string, Intent]> = [
    ["lam giay khai sinh can giay to gi", { kind: "procedure", ids: ["dang-ky-khai-sinh"], aspects: ["papers"] }],
    ["đăng ký kết hôn cần gì, nộp ở đâu", { kind: "procedure", ids: ["dang-ky-ket-hon"], aspects: ["papers", "where"] }],
    ["chứng thực", { kind: "procedure", ids: ["chung-thuc-ban-sao", "chung-thuc-chu-ky", "chung-thuc-hop-dong"], aspects: [] }],
    // The leftmost and longest name: a certified copy of a birth record, not a copy of the record.
    ["chứng thực bản sao giấy khai sinh hết bao nhiêu tiền", { kind: "procedure", ids: ["chung-thuc-ban-sao"], aspects: ["fee"] }],
    ["Giấy tờ cần bổ sung: Đăng ký khai sinh", { kind: "procedure", ids: ["dang-ky-khai-sinh"], aspects: ["papers"], supplement: true }],
    // Asking how far along one's dossier is: the procedure names the dossier.
    ["sổ đỏ nhà em đã làm xong chưa ạ", { kind: "dossier_question" }],
    ["hồ sơ trợ cấp của mẹ em duyệt chưa ạ", { kind: "dossier_question" }],
    // "gia đình" is not "giá", "mất hôm qua" not "mấy hôm".
    ["gia đình em mới sinh cháu, làm khai sinh cần gì", { kind: "procedure", ids: ["dang-ky-khai-sinh"], aspects: ["papers"] }],
    ["bố em mất hôm qua, khai tử cần chuẩn bị gì", { kind: "procedure", ids: ["dang-ky-khai-tu"], aspects: ["papers"] }],
    ["đèn đường thôn Phú Mỹ bị hỏng", { kind: "report" }],
    // Problem words that fold like everyday ones: "cắn người" / "cần người", "chó cắn" / "cho cán (bộ)", "vỡ" / "vợ".
    ["cần người hỗ trợ trực tiếp", { kind: "officer" }],
    ["chuyển cho cán bộ giúp em", { kind: "officer" }],
    ["vợ em mới sinh, làm khai sinh cần gì", { kind: "procedure", ids: ["dang-ky-khai-sinh"], aspects: ["papers"] }],
    ["tối nay ai trực ạ", { kind: "hours" }],
  ];
  for (const [text, intent] of CASES) {
    it(`${JSON.stringify(text)} → ${intent.kind}`, () => {
      expect(understand(text, domain)).to.deep.equal(intent);
    });
  }

  it("reads back every button of the guide as its procedure and part, for every procedure of the catalogue", () => {
    const parts = [
      ["Giấy tờ", "papers"],
      ["Thời gian", "time"],
      ["Lệ phí", "fee"],
      ["Nơi nộp", "where"],
    ] as const;
    for (const p of catalogueOf(commune).procedures) {
      for (const [label, aspect] of parts) {
        expect(understand(`${label}: ${p.name}`, domain), `${label}: ${p.name}`).to.deep.equal({
          kind: "procedure",
          ids: [p.id],
          aspects: [aspect],
        });
      }
      // The card of a dossier of this procedure finds it by the name the one-stop system gives.
      expect(proceduresNamedIn(p.name, domain), p.name).to.deep.equal([p.id]);
    }
  });

  it("reads the category a problem names, the catch-all for one no keyword names, none when it is unclear", () => {
    expect(reportCategory("đèn đường bị hỏng", domain)).to.equal("chieu_sang");
    expect(reportCategory("den duong hong", domain)).to.equal("chieu_sang");
    expect(reportCategory("đường vào thôn có nhiều ổ gà", domain)).to.equal("duong_giao_thong");
    expect(reportCategory("cây đổ chắn ngang đường", domain)).to.equal("khac_chung");
    expect(reportCategory("Tôi muốn phản ánh", domain)).to.equal(null);
    // Folded, "muốn" is one letter from "mương": a keyword counts only as written.
    expect(reportCategory("tôi muốn phản ánh", domain)).to.equal(null);
    // Two categories named: the flow asks.
    expect(reportCategory("đổ trộm rác", domain)).to.equal(null);
  });

  it("answers a quick question asked with a request too", () => {
    expect(read("đèn đường ngõ 3 hỏng, tối nay có ai trực không", domain)).to.deep.equal({ intent: { kind: "report" }, also: "hours" });
    expect(read("hồ sơ 000.00.21.H26-251126-0001 đến đâu rồi, và cho xin sđt xã", domain).also).to.equal("hotline");
    expect(read("mấy giờ mở cửa ạ", domain).also).to.equal(null);
    // "đường đi chung" in a report is the place of the violation, not a question about the way.
    expect(read("e muon bao cao nha hang xom xay nha ko phep, lan ra ca duong di chung", domain)).to.deep.equal({
      intent: { kind: "report" },
      also: null,
    });
    expect(read("cho hỏi đường đi đến ủy ban xã", domain).intent).to.deep.equal({ kind: "address" });
    // "ở đầu ngõ" folds as "ở đâu ngõ": the place of the problem, not where the office is.
    for (const t of [
      "có nhà xây trái phép ở đầu ngõ",
      "co nha xay trai phep o dau ngo",
      "nhà ở đầu ngõ 5 xây không phép",
      "rác đổ ở đầu làng",
    ])
      expect(read(t, domain), t).to.deep.equal({ intent: { kind: "report" }, also: null });
    for (const t of ["ủy ban xã ở đâu", "xa o dau vay ad", "nộp hồ sơ ở đâu cho nhanh"])
      expect(read(t, domain).intent, t).to.deep.equal({ kind: "address" });
  });
});

describe("globalCommand", () => {
  const COMMANDS: ReadonlyArray<readonly [string, ReturnType<typeof globalCommand>]> = [
    ["menu", "menu"],
    ["MENU", "menu"],
    ["0", "menu"],
    ["Menu chính", "menu"],
    ["về trang chủ ạ", "menu"],
    ["bat dau", "menu"],
    ["hủy, về menu", "menu"],
    ["hủy", "cancel"],
    ["huỷ", "cancel"],
    ["huy", "cancel"],
    ["hủy ạ", "cancel"],
    ["thôi hủy đi", "cancel"],
    ["Thôi", "cancel"],
    ["dừng lại", "cancel"],
    ["Dừng!", "cancel"],
    ["cancel", "cancel"],
    ["STOP", "cancel"],
    ["em muốn hủy ạ", "cancel"],
    ["huyr", "cancel"],
    ["thôi không cần nữa", "cancel"],
    ["thôi không báo nữa", "cancel"],
    ["em không muốn phản ánh nữa ạ", "cancel"],
    ["thôi khỏi", "cancel"],
    ["để sau nhé", "cancel"],
    ["không cần", null],
    ["trợ giúp", "help"],
    ["?", "help"],
    ["giúp em với", "help"],
    ["hướng dẫn", "help"],
    ["help", "help"],
    ["quay lại", "back"],
    ["tro lai", "back"],
    ["back", "back"],
    ["thôi quay lại", "back"],
    // A sentence that merely contains the word is not a command.
    ["tôi muốn hủy hồ sơ đất đai", null],
    ["không hủy", null],
    ["hướng dẫn tôi nộp hồ sơ khai sinh", null],
    ["cho em quay lại bước chụp ảnh nhà hàng xóm", null],
    ["menu có những gì vậy ad cho em xem với", null],
    // "đúng" (right) folds like "dừng" (stop): only the spelled "dừng" stops.
    ["đúng", null],
    ["dung", null],
    ["Huy Hoàng đây", null],
    ["ạ", null],
    ["👍", null],
    ["", null],
  ];
  for (const [text, command] of COMMANDS) {
    it(`${JSON.stringify(text)} → ${String(command)}`, () => {
      expect(globalCommand(text)).to.equal(command);
    });
  }
});

describe("short answers", () => {
  const YES = ["có", "Có ạ", "ừ", "uk", "ok", "OK em", "oke", "đồng ý", "dạ", "vâng", "dc", "đúng rồi", "👍", "yes"];
  const NO = ["không", "ko", "k", "Không ạ", "không đồng ý", "ko dc", "chưa", "no", "không phải", "dạ không"];
  for (const t of YES) {
    it(`${JSON.stringify(t)} is a yes, not a no`, () => {
      expect(isYes(t)).to.equal(true);
      expect(isNo(t)).to.equal(false);
    });
  }
  for (const t of NO) {
    it(`${JSON.stringify(t)} is a no, not a yes`, () => {
      expect(isNo(t)).to.equal(true);
      expect(isYes(t)).to.equal(false);
    });
  }
  it("a sentence is neither a yes nor a no", () => {
    for (const t of ["có nhà xây trái phép", "không biết mã hồ sơ", "ok để em tìm mã hồ sơ đã nhé ad chờ em chút", ""]) {
      expect(isYes(t), t).to.equal(false);
      expect(isNo(t), t).to.equal(false);
    }
  });

  it("isDone", () => {
    for (const t of ["xong", "Xong rồi ạ", "hết", "hết rồi", "đủ rồi", "done", "DONE", "vậy thôi ad"]) expect(isDone(t), t).to.equal(true);
    for (const t of ["chưa xong", "còn ảnh nữa", "xong chưa ad", "ok"]) expect(isDone(t), t).to.equal(false);
  });

  it("isSubmit and isEdit", () => {
    for (const t of ["gửi", "gửi đi ạ", "gui luon", "submit"]) expect(isSubmit(t), t).to.equal(true);
    for (const t of ["sửa", "sua lai", "em muốn chỉnh sửa", "edit"]) expect(isEdit(t), t).to.equal(true);
    expect(isSubmit("sửa")).to.equal(false);
    expect(isEdit("gửi")).to.equal(false);
  });

  it("isAnonymous", () => {
    for (const t of ["ẩn danh", "an danh", "tôi muốn giấu tên", "không để lại thông tin", "e xin phep an danh a", "anonymous"]) {
      expect(isAnonymous(t), t).to.equal(true);
    }
    for (const t of ["không ẩn danh", "không cần ẩn danh", "tôi tên Lan", "có", ""]) expect(isAnonymous(t), t).to.equal(false);
  });
});

describe("matchChoice", () => {
  const OPTIONS = [
    { id: "illegal_construction", title: "Xây dựng trái phép" },
    { id: "encroachment", title: "Lấn chiếm đất công" },
    { id: "waste", title: "Đổ trộm phế thải" },
    { id: "other", title: "Khác" },
  ];
  const CASES: ReadonlyArray<readonly [string, string | null]> = [
    ["1", "illegal_construction"],
    ["2 ạ", "encroachment"],
    ["số 3", "waste"],
    ["Lấn chiếm đất công", "encroachment"],
    ["lan chiem dat cong", "encroachment"],
    ["LẤN CHIẾM", "encroachment"],
    ["xay dung trai phep a", "illegal_construction"],
    ["chọn đổ trộm phế thải ạ", "waste"],
    ["phe thai", "waste"],
    ["khac", "other"],
    ["other", "other"],
    ["encroachment", "encroachment"],
    ["5", null],
    ["0", null],
    ["a", null],
    ["tôi không biết", null],
    ["", null],
  ];
  for (const [text, id] of CASES) {
    it(`${JSON.stringify(text)} → ${String(id)}`, () => {
      expect(matchChoice(text, OPTIONS)?.id ?? null).to.equal(id);
    });
  }
  it("an ambiguous part picks nothing", () => {
    const opts = [
      { id: "a", title: "Đất nông nghiệp" },
      { id: "b", title: "Đất công" },
    ];
    expect(matchChoice("đất", opts)).to.equal(null);
    expect(matchChoice("dat cong", opts)?.id).to.equal("b");
  });
});

describe("parseVietnamesePhone", () => {
  const VALID: ReadonlyArray<readonly [string, string]> = [
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["0912.345.678", "0912345678"],
    ["0912-345-678", "0912345678"],
    ["+84912345678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["84912345678", "0912345678"],
    ["(+84) 0912 345 678", "0912345678"],
    ["0084 912 345 678", "0912345678"],
    ["0356789012", "0356789012"],
    ["0523456789", "0523456789"],
    ["0701234567", "0701234567"],
    ["0812345678", "0812345678"],
    ["024 3825 1234", "02438251234"],
    ["(024) 3825.1234", "02438251234"],
    ["+84 24 3825 1234", "02438251234"],
    ["sđt của em: 0987 654 321 ạ", "0987654321"],
    ["số em là 0912345678 hoặc 0987654321", "0912345678"],
    // The letter O for a zero, l or I for a one (issue 26).
    ["O987 l23 456", "0987123456"],
    ["sdt O912.345.67l", "0912345671"],
  ];
  for (const [text, phone] of VALID) {
    it(`${JSON.stringify(text)} → ${phone}`, () => {
      expect(parseVietnamesePhone(text)).to.equal(phone);
    });
  }
  const INVALID = [
    "091234567", // 9 digits
    "09123456789", // 11 digits mobile
    "0112345678", // no such prefix
    "0412345678",
    "0612345678",
    "1900 1234",
    "024 3825 123", // landline too short
    "000.00.21.H26-251126-0001",
    "1.000.000 đồng",
    "lOl 0912", // letters, not a number
    "Ol23 hỏi", // too short even read as digits
    "abc",
    "",
  ];
  for (const text of INVALID) {
    it(`${JSON.stringify(text)} → null`, () => {
      expect(parseVietnamesePhone(text)).to.equal(null);
    });
  }
});
