/**
 * Messages as citizens write them to a commune's Zalo OA, labelled with what they ask: the
 * intent, and for a procedure question which procedure (ids of the example catalogue
 * src/commune/kieu-phu.procedures.json) and which part of it, for a problem which category of the
 * example commune (src/commune/kieu-phu.json) the report starts with. Written the way people
 * type: without diacritics, shorthand and teen-code, typos, Telex leftovers, long polite letters,
 * two requests in one message. `npm run eval:nlu` prints how well the hotline reads them;
 * test/flows/nlu/corpus.test.ts holds it to the goal.
 *
 * `also`: a second request in the same message (answered after the first).
 * `unknown`: nothing the hotline can answer (out of its scope) — answered with what it can do.
 */
export type ExpectedIntent =
  | "procedure"
  | "report"
  | "dossier_code"
  | "dossier_codes"
  | "dossier_code_partial"
  | "dossier_code_malformed"
  | "dossier_question"
  | "case_code"
  | "my_cases"
  | "lost_code"
  | "followed_list"
  | "unfollow"
  | "hours"
  | "address"
  | "hotline"
  | "officer"
  | "greeting"
  | "thanks"
  | "ack"
  | "goodbye"
  | "menu_choice"
  | "complaint"
  | "online_dossier"
  | "citizen_reception"
  | "anyone_there"
  /** A phone number left to be reached (issue 26). */
  | "phone_left"
  /** "When will the result be ready?" without a code: the look-up, with the procedures' time limits (issue 26). */
  | "result_time"
  | "unknown";

export type ExpectedAspect = "papers" | "time" | "fee" | "where" | "online";

export interface Labelled {
  text: string;
  intent: ExpectedIntent;
  /** Procedure id, or the ids a question could mean (offered as buttons). */
  procedure?: string | string[];
  /** The part asked first. */
  aspect?: ExpectedAspect;
  /** The report category the message names (the report starts with it chosen). */
  category?: string;
  also?: ExpectedIntent;
}

type Extra = Omit<Labelled, "text" | "intent">;
const m = (text: string, intent: ExpectedIntent, extra: Extra = {}): Labelled => ({ text, intent, ...extra });
const p = (text: string, procedure: string | string[] | null, aspect?: ExpectedAspect, extra: Extra = {}): Labelled => ({
  text,
  intent: "procedure",
  ...(procedure ? { procedure } : {}),
  ...(aspect ? { aspect } : {}),
  ...extra,
});
const r = (text: string, category?: string, extra: Extra = {}): Labelled => ({
  text,
  intent: "report",
  ...(category ? { category } : {}),
  ...extra,
});

const KS = "dang-ky-khai-sinh";
const KH = "dang-ky-ket-hon";
const KT = "dang-ky-khai-tu";
const HN = "xac-nhan-tinh-trang-hon-nhan";
const BS = "chung-thuc-ban-sao";
const CK = "chung-thuc-chu-ky";
const TL = "trich-luc-ho-tich";
const NC = "nhan-cha-me-con";
const GH = "dang-ky-giam-ho";
const CC = "thay-doi-cai-chinh-ho-tich";
const HD = "chung-thuc-hop-dong";
const XD = "giay-phep-xay-dung-nha-o";
const SD = "cap-giay-chung-nhan-lan-dau";
const BD = "bien-dong-dat-dai";
const TT = "tach-hop-thua";
const TC = "tro-cap-xa-hoi";
const MT = "ho-tro-mai-tang";
const KD = "dang-ky-ho-kinh-doanh";

export const CORPUS: readonly Labelled[] = [
  // ── Procedures: birth registration ──────────────────────────────────────────────────────────
  p("làm giấy khai sinh cho con cần những giấy tờ gì ạ", KS, "papers"),
  p("lam giay khai sinh can giay to gi", KS, "papers"),
  p("đăng ký khai sinh mất bao lâu vậy ad", KS, "time"),
  p("khai sinh cho bé có mất phí không ạ", KS, "fee"),
  p("Cho em hỏi làm khai sinh cho con thì nộp ở đâu ạ", KS, "where"),
  p("dk khai sinh online dc ko ad", KS, "online"),
  p(
    "Kính gửi UBND xã, gia đình tôi mới sinh cháu được 2 tuần, cho tôi hỏi thủ tục đăng ký khai sinh cần chuẩn bị những giấy tờ gì và có thể nộp qua mạng không ạ? Tôi xin cảm ơn.",
    KS,
    "papers",
  ),
  p("e ms sinh em bé, lm giấy ks thì cần j ạ", KS, "papers"),
  p("khai sinh quá 60 ngày có mất tiền không", KS, "fee"),
  p("thủ tục làm giấy khai sinh", KS),
  p("khai sinh cho con cần mang theo gì", KS, "papers"),
  p("Lam khai sinh cho chau het bao nhieu tien", KS, "fee"),
  p("đăng kí khai sinh", KS),
  p("dang ki khai sinh can cccd ko", KS, "papers"),
  p("làm giấy khai sinh có lấy ngay được không ạ", KS, "time"),
  p("ĐĂNG KÝ KHAI SINH Ở ĐÂU", KS, "where"),
  p("lamf giaays khai sinh caanf gif", KS, "papers"),
  p("khai sinh nộp trực tuyến được không", KS, "online"),
  p("vợ em mới sinh, em muốn đi làm giấy khai sinh cho cháu thì cần những gì ạ", KS, "papers"),
  p("ad ơi khai sinh cho bé thì ai ký giấy ạ", KS),
  // ── marriage ────────────────────────────────────────────────────────────────────────────────
  p("đăng ký kết hôn cần giấy tờ gì", KH, "papers"),
  p("dang ky ket hon mat bao lau", KH, "time"),
  p("đăng ký kết hôn có mất tiền không ạ", KH, "fee"),
  p("bọn em muốn đi đăng kí kết hôn thì ra đâu làm ạ", KH, "where"),
  p("lam giay ket hon can nhung gi vay ad", KH, "papers"),
  p("em với người yêu muốn cưới, làm giấy đăng ký kết hôn ở xã cần chuẩn bị gì ạ", KH, "papers"),
  p("ĐĂNG KÝ KẾT HÔN ONLINE ĐƯỢC KHÔNG", KH, "online"),
  p(
    "Chào anh chị, tháng sau em cưới, em ở Kiều Phú còn chồng em ở Hà Đông, đăng ký kết hôn ở xã mình thì cần những giấy tờ gì ạ?",
    KH,
    "papers",
  ),
  p("giấy kết hôn làm trong bao nhiêu ngày", KH, "time"),
  p("dky ket hon o xa het may ngay a", KH, "time"),
  // ── death ───────────────────────────────────────────────────────────────────────────────────
  p("thủ tục khai tử cho bố em cần gì ạ", KT, "papers"),
  p("làm giấy khai tử mất mấy ngày", KT, "time"),
  p("ong em moi mat, lam khai tu o dau a", KT, "where"),
  p("khai tử có mất lệ phí không", KT, "fee"),
  p("báo tử cho người nhà thì làm thế nào ạ", KT),
  p("đăng ký khai tử", KT),
  // ── marital status ──────────────────────────────────────────────────────────────────────────
  p("xin giấy xác nhận độc thân cần gì", HN, "papers"),
  p("giay xac nhan tinh trang hon nhan mat bao lau", HN, "time"),
  p("xác nhận tình trạng hôn nhân hết bao nhiêu tiền ạ", HN, "fee"),
  p("em cần giấy xác nhận độc thân để mua nhà thì làm ở đâu", HN, "where"),
  p("xin xac nhan doc than online duoc k", HN, "online"),
  p("làm giấy chứng nhận độc thân", HN),
  p("giấy xác nhận tình trạng hôn nhân để đăng ký kết hôn cần những gì", HN, "papers"),
  // ── certified copies, signatures, contracts ─────────────────────────────────────────────────
  p("công chứng bản sao sổ hộ khẩu mất bao nhiêu tiền", BS, "fee"),
  p("photo công chứng giấy tờ ở xã được không ạ, mấy giờ làm", BS, undefined, { also: "hours" }),
  p("chứng thực bản sao cần mang gì", BS, "papers"),
  p("cong chung ban sao can cccd ko", BS, "papers"),
  p("chứng thực bản sao lấy ngay được không", BS, "time"),
  p("sao y bản chính bao nhiêu 1 trang", BS, "fee"),
  p("e muốn công chứng 5 bộ hồ sơ xin việc thì hết bao nhiêu ạ", BS, "fee"),
  p("chứng thực chữ ký mất phí bao nhiêu", CK, "fee"),
  p("xác nhận chữ ký vào giấy ủy quyền cần những gì", CK, "papers"),
  p("chung thuc chu ky o dau", CK, "where"),
  p("chứng thực hợp đồng mua bán đất ở xã hết bao nhiêu tiền", HD, "fee"),
  p("công chứng hợp đồng tặng cho nhà đất ở xã được không", HD),
  p("chứng thực", [BS, CK, HD]),
  p("chứng thực giấy tờ giùm em", BS),
  // ── civil-status copies, parentage, guardianship, corrections ───────────────────────────────
  p("xin trích lục khai sinh bản sao cần gì", TL, "papers"),
  p("giấy khai sinh bị mất thì làm lại thế nào", TL),
  p("cấp bản sao trích lục kết hôn mất bao lâu", TL, "time"),
  p("thủ tục nhận con ngoài giá thú cần những giấy tờ gì", NC, "papers"),
  p("đăng ký nhận cha con ở xã mất bao lâu", NC, "time"),
  p("dang ky nhan cha me con", NC),
  p("đăng ký giám hộ cho cháu cần gì ạ", GH, "papers"),
  p("làm giám hộ cho người già ở đâu", GH, "where"),
  p("sửa tên trong giấy khai sinh thì làm thủ tục gì", CC),
  p("đổi họ cho con theo họ mẹ thủ tục thế nào", CC),
  p("cai chinh ho tich mat bao lau", CC, "time"),
  p("giấy khai sinh của em bị sai ngày sinh, sửa thế nào ạ", CC),
  // ── building permit ─────────────────────────────────────────────────────────────────────────
  p("xin giấy phép xây dựng nhà ở cần những giấy tờ gì", XD, "papers"),
  p("xin gpxd mất bao lâu ạ", XD, "time"),
  p("xin phép xây nhà 3 tầng thì nộp hồ sơ ở đâu", XD, "where"),
  p("lệ phí cấp giấy phép xây dựng là bao nhiêu", XD, "fee"),
  p("nhà em định sửa lại có phải xin giấy phép xây dựng không ạ", XD),
  p("xây nhà ở nông thôn có cần giấy phép xây dựng không", XD),
  p("xin giay phep xay dung online duoc khong", XD, "online"),
  // ── land ────────────────────────────────────────────────────────────────────────────────────
  p("làm sổ đỏ lần đầu cần giấy tờ gì", SD, "papers"),
  p("cap so do mat bao lau", SD, "time"),
  p("xin cấp giấy chứng nhận quyền sử dụng đất lần đầu ở đâu", SD, "where"),
  p("lam so hong het bao nhieu tien", SD, "fee"),
  p("đất ông bà để lại chưa có sổ, muốn làm sổ thì làm thế nào ạ", SD),
  p("sang tên sổ đỏ cần những gì ạ", BD, "papers"),
  p("thủ tục chuyển nhượng đất mất bao lâu", BD, "time"),
  p("bố mẹ cho con đất thì sang tên ở đâu", BD, "where"),
  p("đăng ký biến động đất đai", BD),
  p("tách thửa đất cho con cần giấy tờ gì", TT, "papers"),
  p("tach thua mat bao nhieu tien", TT, "fee"),
  p("chia đất cho 2 con thì làm thủ tục gì ạ", TT),
  p("hợp thửa đất mất bao lâu", TT, "time"),
  p("tách sổ đỏ ra làm 2 thì nộp hồ sơ ở đâu ạ", TT, "where"),
  // ── social allowances ───────────────────────────────────────────────────────────────────────
  p("bà em 80 tuổi muốn làm hồ sơ hưởng trợ cấp người cao tuổi cần giấy tờ gì", TC, "papers"),
  p("làm trợ cấp khuyết tật ở đâu ạ", TC, "where"),
  p("tro cap xa hoi hang thang bao lau thi duoc nhan", TC, "time"),
  p("con em bị khuyết tật, xin hỏi thủ tục xin trợ cấp", TC),
  p("tiền trợ cấp người già 80 tuổi làm thế nào", TC),
  p("hỗ trợ mai táng phí cho người cao tuổi mất cần gì", MT, "papers"),
  p("xin tiền mai táng cho bố ở đâu", MT, "where"),
  p("mai tang phi bao lau thi co", MT, "time"),
  // ── household business ──────────────────────────────────────────────────────────────────────
  p("đăng ký hộ kinh doanh cần giấy tờ gì", KD, "papers"),
  p("mở quán tạp hóa có cần đăng ký kinh doanh không ạ", KD),
  p("dang ky kinh doanh ho ca the het bao nhieu", KD, "fee"),
  p("làm giấy phép kinh doanh hộ gia đình mất mấy ngày", KD, "time"),
  // ── no procedure named ──────────────────────────────────────────────────────────────────────
  p("Thủ tục hành chính", null),
  p("cho em hỏi về thủ tục hành chính ạ", null),
  p("làm giấy tờ ở xã cần mang theo gì", null, "papers"),
  p("lệ phí các thủ tục ở xã là bao nhiêu", null, "fee"),
  p("tôi muốn hỏi thủ tục", null),
  p("hướng dẫn thủ tục", null),
  p("thu tuc hanh chinh", null),
  p("nộp hồ sơ trực tuyến ở đâu", null, "online"),
  p("dịch vụ công trực tuyến là trang nào", null, "online"),
  p("tt hành chính", null),
  // ── the guide's own buttons, tapped ─────────────────────────────────────────────────────────
  p("Lệ phí: Đăng ký khai sinh", KS, "fee"),
  p("Thời gian: Cấp giấy phép xây dựng nhà ở riêng lẻ", XD, "time"),
  p("Nơi nộp: Chứng thực bản sao từ bản chính", BS, "where"),
  p("Giấy tờ: Đăng ký kết hôn", KH, "papers"),
  p("Giấy tờ: Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", CC, "papers"),
  p("Giấy tờ: Chứng thực hợp đồng, giao dịch", HD, "papers"),

  // ── Dossier status without a code ───────────────────────────────────────────────────────────
  m("e muon tra cuu ho so", "dossier_question"),
  m("Tra cứu hồ sơ", "dossier_question"),
  m("hồ sơ của tôi đến đâu rồi ạ?", "dossier_question"),
  m("hs den dau roi ad", "dossier_question"),
  m("cho em kiểm tra hồ sơ với", "dossier_question"),
  m("bao giờ có kết quả vậy ạ", "result_time"),
  m("KHI NAO CO KET QUA", "result_time"),
  m("giấy khai sinh của con e nộp tuần trước bh có kq", "result_time"),
  m("tra cu ho so", "dossier_question"),
  m("tras cuwus hoof sow", "dossier_question"),
  m("ad oi hs cua e xu ly toi dau roi 😢", "dossier_question"),
  m("ho so cua em nop tu thang truoc sao chua co ket qua", "dossier_question"),
  m("tôi nộp hồ sơ làm sổ đỏ 2 tháng rồi chưa thấy gì", "dossier_question"),
  m("kết quả hồ sơ của tôi khi nào có", "result_time"),
  m("bao giờ em lấy được sổ đỏ ạ, em nộp từ tháng 9", "result_time"),
  m("ad check giúp e hồ sơ với ạ", "dossier_question"),
  m("sao hồ sơ của tôi lâu thế", "dossier_question"),
  m("kq hs cua e co chua", "dossier_question"),
  m("giấy tờ của tôi làm xong chưa ạ", "dossier_question"),
  m("khi nào tôi nhận được kết quả", "result_time"),
  m("hồ sơ trợ cấp của mẹ em duyệt chưa ạ", "dossier_question"),
  m(
    "Xin chào, tôi đã nộp hồ sơ đăng ký kết hôn trực tuyến hôm thứ 2, đến giờ vẫn chưa thấy ai liên hệ, cho tôi hỏi hồ sơ đã được tiếp nhận chưa ạ?",
    "dossier_question",
  ),
  m("e muốn xem tình trạng hồ sơ", "dossier_question"),
  m("làm sao biết hồ sơ của mình đã xong chưa", "dossier_question"),
  m(
    "Hồ sơ xin cấp sổ đỏ của gia đình tôi đã nộp từ tháng 8, hẹn trả tháng 10 nhưng đến nay chưa có, đề nghị xã trả lời",
    "dossier_question",
  ),
  m("ho so bi cham", "dossier_question"),
  m("kiểm tra tiến độ hồ sơ giúp em", "dossier_question"),
  m("hồ sơ của tôi bị yêu cầu bổ sung là sao", "dossier_question"),
  m("giấy phép xây dựng của nhà em có chưa ạ", "dossier_question"),
  m("trợ cấp của bà em đã được duyệt chưa", "dossier_question"),
  m("ket qua cua toi dau", "dossier_question"),
  m("hôm trước em nộp hồ sơ chứng thực, bao giờ lấy được ạ", "result_time"),
  // ── Dossier codes ───────────────────────────────────────────────────────────────────────────
  m("Chào ad, cho e hỏi hs 000.00.21.H26-251126-0001 của e đến đâu r ạ", "dossier_code"),
  m("000.00.21.h26-251118-0002", "dossier_code"),
  m("ma hs cua toi la 000.00.21.H26 - 251117 - 0001, bao gio co kq vay", "dossier_code"),
  m("Tôi muốn phản ánh hồ sơ 000.00.21.H26-251103-0001 bị trễ hẹn", "dossier_code"),
  m("hs 000.00.21.H26-251117-0001 xong chưa ad", "dossier_code"),
  m("ma ho so 000 00 21 H26 251201 0002", "dossier_code"),
  m("cho e hỏi 2 hồ sơ 000.00.21.H26-251126-0001 và 000.00.21.H26-251114-0001", "dossier_codes"),
  m("000.00.21.H26-251126-0001, 000.00.21.H26-251117-0001, 000.00.21.H26-251103-0001", "dossier_codes"),
  m("hồ sơ của bố em 000.00.21.H26-251103-0001 còn của mẹ em 000.00.21.H26-251117-0001 ạ", "dossier_codes"),
  m("251126-0001", "dossier_code_partial"),
  m("251126-0001 đến đâu rồi", "dossier_code_partial"),
  m("hs 000.00.21.H26-2511-0001 sao tra ko ra", "dossier_code_malformed"),
  m("PA-261126-HXYX", "case_code"),
  m("phản ánh PA-261126-HXYX xử lý chưa", "case_code"),
  // ── Lost codes, followed dossiers, my reports ───────────────────────────────────────────────
  m("tôi không nhớ mã hồ sơ", "lost_code"),
  m("em lam mat giay hen roi", "lost_code"),
  m("quên mã hồ sơ rồi", "lost_code"),
  m("em làm mất giấy hẹn trả kết quả thì tra cứu thế nào", "lost_code"),
  m("không biết mã hồ sơ ở đâu", "lost_code"),
  m("giay bien nhan bi mat roi", "lost_code"),
  m("tôi đang theo dõi hồ sơ nào", "followed_list"),
  m("tôi đang theo dõi những hồ sơ nào", "followed_list"),
  m("bỏ theo dõi 000.00.21.H26-251126-0001", "unfollow"),
  m("hủy theo dõi", "unfollow"),
  m("xem lại phản ánh của tôi", "my_cases"),
  m("phản ánh tôi đã gửi xử lý đến đâu rồi", "my_cases"),

  // ── Reports: construction order ─────────────────────────────────────────────────────────────
  r("nhà bên cạnh đang xây trái phép lấn ra đường", "lan_chiem"),
  r("Tôi muốn phản ánh"),
  r("phan anh vi pham xay dung"),
  r("có nhà xây không phép ở đầu ngõ 5", "xay_dung_khong_phep"),
  r("nha so 12 xay tren dat nong nghiep", "xay_tren_dat_nong_nghiep"),
  r("Có người đổ trộm phế thải ra ruộng đêm qua!!!", "vat_lieu_phe_thai"),
  r("vat lieu xay dung chiem long duong ca tuan nay ko ai dep", "vat_lieu_phe_thai"),
  r("hàng xóm lấn chiếm đất công làm quán", "lan_chiem"),
  r("em muốn tố giác 1 trường hợp lấn đất", "lan_chiem"),
  r("BÁO CÁO VI PHẠM"),
  r("cơi nới thêm tầng không xin phép", "sai_giay_phep"),
  r("vi phan trat tu xay dung"),
  r("phanr anhs"),
  r("xây dựng trai phép 🏗️"),
  r("nhà ông A ở xóm 3 xây lấn sang đất nhà tôi"),
  r("có nhà xây trái phép ở đầu ngõ"),
  r("nha o xom 2 xay tren dat ruong", "xay_tren_dat_nong_nghiep"),
  r("công trình xây vượt tầng so với giấy phép", "sai_giay_phep"),
  r("toi muon to cao 1 truong hop xay dung trai phep"),
  r(
    "Kính gửi UBND xã, hiện nay hộ gia đình ông Nguyễn Văn B ở thôn Phú Mỹ đang tự ý xây dựng nhà 3 tầng khi chưa có giấy phép, gây ảnh hưởng đến các hộ xung quanh. Đề nghị xã kiểm tra xử lý.",
    "xay_dung_khong_phep",
  ),
  r("xây chui ban đêm ở ngõ 4", "xay_dung_khong_phep"),
  r("lan chiem via he ban hang", "lan_chiem"),
  r("đổ đất san lấp ao làng trái phép"),
  r("có xe đổ xà bần ra bờ kênh", "vat_lieu_phe_thai"),
  r("nhà đầu xóm quây tôn lấn ra đường làm quán nhậu", "lan_chiem"),
  // ── Reports: lighting ───────────────────────────────────────────────────────────────────────
  r("đèn đường trước cổng nhà văn hóa bị hỏng mấy hôm nay rồi", "chieu_sang"),
  r("den duong thon phu my khong sang", "chieu_sang"),
  r("bóng đèn đường ở ngõ 3 cháy rồi, tối đi lại rất nguy hiểm", "chieu_sang"),
  r("cột đèn chiếu sáng bị nghiêng sắp đổ", "chieu_sang"),
  r("Xin phản ánh: toàn bộ đèn đường trục chính thôn Yên Thái tắt từ tối qua.", "chieu_sang"),
  r("đèn đường ngõ 5 chập chờn cả tuần nay", "chieu_sang"),
  r("đèn đường bật cả ban ngày lãng phí điện", "chieu_sang"),
  r("ngõ nhà e tối om, đèn hỏng lâu rồi ko ai sửa", "chieu_sang"),
  r("den duong hong", "chieu_sang"),
  r("DEN CHIEU SANG CONG CONG THON NGOC BAI KHONG SANG", "chieu_sang"),
  r("đèn đường hỏng", "chieu_sang"),
  r("dden dduowngf hongr", "chieu_sang"),
  // ── Reports: roads ──────────────────────────────────────────────────────────────────────────
  r("đường vào thôn Ngọc Bài có nhiều ổ gà rất nguy hiểm", "duong_giao_thong"),
  r("mat duong bi sut lun truoc cong truong", "duong_giao_thong"),
  r("đoạn đường bê tông ngõ 7 bị vỡ hết", "duong_giao_thong"),
  r("ổ voi giữa đường liên thôn, xe máy ngã mấy vụ rồi", "duong_giao_thong"),
  r("đường làng bị lún sau trận mưa", "duong_giao_thong"),
  r("duong xuong cap qua, o ga khap noi", "duong_giao_thong"),
  r("nắp hố ga giữa đường bị vỡ, hở một lỗ to", "duong_giao_thong"),
  r("đường đất ra cánh đồng lầy lội không đi được", "duong_giao_thong"),
  r("bờ kè đường ven sông bị sạt lở", "duong_giao_thong"),
  // ── Reports: rubbish, drains, pollution ─────────────────────────────────────────────────────
  r("rác ở đầu ngõ 2 tuần nay không ai thu gom", "ve_sinh_moi_truong"),
  r("bãi rác tự phát cạnh ao làng bốc mùi hôi thối", "ve_sinh_moi_truong"),
  r("rac thai vut bua bai canh cho", "ve_sinh_moi_truong"),
  r("cống thoát nước ngõ 6 bị tắc, nước thải tràn ra đường", "ve_sinh_moi_truong"),
  r("mương nước đen ngòm bốc mùi khó chịu", "ve_sinh_moi_truong"),
  r("xe rác không đến thu gom cả tuần nay rồi", "ve_sinh_moi_truong"),
  r("có người đốt rác khói bay vào nhà rất khó thở", "ve_sinh_moi_truong"),
  r("mưa xong ngập úng cả xóm, nước không thoát được", "ve_sinh_moi_truong"),
  r("có xác con vật chết trôi ở mương", "ve_sinh_moi_truong"),
  r("xưởng gỗ gây ô nhiễm bụi cả ngày", "ve_sinh_moi_truong"),
  r(
    "Kính gửi xã, trại lợn nhà ông C xả nước thải ra mương chung, mùi hôi thối không chịu được, đề nghị xã xử lý giúp dân.",
    "ve_sinh_moi_truong",
  ),
  r("rac", "ve_sinh_moi_truong"),
  // ── Reports: problems no category covers (filed as "Khác") ─────────────────────────────────
  r("cây to trước nhà văn hóa bị đổ chắn ngang đường", "khac_chung"),
  r("karaoke hát to đến 12h đêm không ngủ được", "khac_chung"),
  r("biển quảng cáo sắp rơi xuống đường rất nguy hiểm", "khac_chung"),
  r("dây điện võng thấp sát đầu người đi đường", "khac_chung"),
  r("chó thả rông cắn trẻ con ở thôn Đồng Bụt", "khac_chung"),
  r("cột điện bị nghiêng sắp đổ vào nhà dân", "khac_chung"),
  r("ao làng không có rào chắn, trẻ con hay ra chơi rất nguy hiểm", "khac_chung"),
  r("mất nước sinh hoạt 3 ngày nay rồi", "khac_chung"),

  // ── Office hours (evenings, lunch, weekends included) ───────────────────────────────────────
  m("bao gio mo cua vay", "hours"),
  m("Giờ làm việc của UBND xã", "hours"),
  m("may h mo cua a", "hours"),
  m("thứ 7 có làm việc không ạ", "hours"),
  m("làm việc t7 ko ad", "hours"),
  m("chiều nay có làm không", "hours"),
  m("chủ nhật có mở cửa k", "hours"),
  m("cho e hỏi mấy giờ thì bộ phận một cửa mở cửa ạ", "hours"),
  m("tối nay ai trực ạ", "hours"),
  m("buổi trưa có làm việc không", "hours"),
  m("trưa nghỉ từ mấy giờ", "hours"),
  m("thứ 7 xã có làm không ad", "hours"),
  m("chu nhat co ai truc khong", "hours"),
  m("tối thứ 4 có nhận hồ sơ không ạ", "hours"),
  m("ngoài giờ hành chính có nộp hồ sơ được không", "hours"),
  m("cuối tuần có làm việc ko", "hours"),
  m("lễ 2/9 có nghỉ không", "hours"),
  m("mai xã có làm việc không ạ", "hours"),
  m("mấy giờ thì đóng cửa", "hours"),
  m("làm việc đến mấy giờ chiều", "hours"),
  m("tối có ai trực ko", "hours"),
  m("buổi tối có tiếp dân không", "hours"),
  m("12h trưa ra nộp hồ sơ có ai không ạ", "hours"),
  m("giờ làm việc", "hours"),
  // ── Address, hotline ────────────────────────────────────────────────────────────────────────
  m("địa chỉ ủy ban ở đâu ạ", "address"),
  m("bo phan mot cua o dau", "address"),
  m("Trụ sở xã nằm ở đâu vậy", "address"),
  m("cho xin dia chi", "address"),
  m("em đến nộp hồ sơ thì đến chỗ nào ạ", "address"),
  m("ủy ban xã ở chỗ nào", "address"),
  m("uy ban xa nam o duong nao", "address"),
  m("cho xin sdt duong day nong", "hotline"),
  m("Số điện thoại của xã là gì", "hotline"),
  m("hotline bao nhiêu ad", "hotline"),
  m("sđt liên hệ", "hotline"),
  m("HOTLNE", "hotline"),
  m("cho xin số điện thoại cán bộ tư pháp", "hotline"),
  m("sdt ubnd xa", "hotline"),
  m("số tổng đài bao nhiêu", "hotline"),
  m("có số zalo của cán bộ địa chính không", "hotline"),
  // ── A person ────────────────────────────────────────────────────────────────────────────────
  m("cho toi gap can bo", "officer"),
  m("tôi muốn nói chuyện với nhân viên", "officer"),
  m("ad ơi", "officer"),
  m("cần tư vấn viên hỗ trợ", "officer"),
  m("gặp người thật được không", "officer"),
  m("có ai trực không ạ", "officer"),
  m("Gặp cán bộ", "officer"),
  m("chuyển cho cán bộ giúp em", "officer"),
  m("em cần tư vấn trực tiếp", "officer"),
  m("tôi muốn nói chuyện trực tiếp với cán bộ", "officer"),

  // ── Small talk ──────────────────────────────────────────────────────────────────────────────
  m("alo", "greeting"),
  m("Xin chào", "greeting"),
  m("chào ad, cho em hỏi chút ạ", "greeting"),
  m("Hello 👋", "greeting"),
  m("dạ chào anh", "greeting"),
  m("chào buổi sáng", "greeting"),
  m("Dạ em chào anh chị ạ", "greeting"),
  m("cảm ơn ad nhiều ❤️", "thanks"),
  m("thanks", "thanks"),
  m("camon a", "thanks"),
  m("tks ad", "thanks"),
  m("xin chào, cảm ơn ạ", "thanks"),
  m("cảm ơn ạ", "thanks"),
  m("cam on nhieu", "thanks"),
  m("ok cảm ơn ad nhé", "thanks"),
  m("dạ em cảm ơn ạ 🙏", "thanks"),
  m("thank you", "thanks"),
  m("cảm ơn xã đã hỗ trợ", "thanks"),
  m("vâng em cảm ơn", "thanks"),
  m("xin cảm ơn cán bộ", "thanks"),
  m("Em cảm ơn ad nhiều lắm ạ, chúc ad buổi tối vui vẻ", "thanks"),
  m("🙏", "thanks"),
  m("cảm ơn, tạm biệt", "thanks"),
  m("ok", "ack"),
  m("dạ vâng", "ack"),
  m("👍", "ack"),
  m("oke ad", "ack"),
  m("vâng ạ", "ack"),
  m("ok e hiểu rồi", "ack"),
  m("uk", "ack"),
  m("được rồi ạ", "ack"),
  m("😊", "ack"),
  m("Dạ em hiểu rồi ạ", "ack"),
  m("😀😀😀", "ack"),
  m("❤️", "ack"),
  m("tạm biệt", "goodbye"),
  m("bye ad", "goodbye"),
  m("bai bai", "goodbye"),
  m("hẹn gặp lại", "goodbye"),
  m("chúc ad ngủ ngon", "goodbye"),
  m("thôi em chào ad nhé", "goodbye"),
  // ── Menu numbers ────────────────────────────────────────────────────────────────────────────
  m("1", "menu_choice"),
  m("2.", "menu_choice"),
  m("số 3 ạ", "menu_choice"),
  m("chọn 4", "menu_choice"),
  m("3️⃣", "menu_choice"),
  m("5", "menu_choice"),

  // ── Two requests in one message ─────────────────────────────────────────────────────────────
  p("cho hỏi giờ làm việc và thủ tục đăng ký khai sinh cần gì", KS, "papers", { also: "hours" }),
  m("hồ sơ 000.00.21.H26-251126-0001 đến đâu rồi, và cho xin sđt xã", "dossier_code", { also: "hotline" }),
  p("mấy giờ mở cửa, em muốn đi chứng thực bản sao", BS, undefined, { also: "hours" }),
  p("đăng ký kết hôn cần gì, nộp ở đâu", KH, "papers"),
  p("thủ tục khai tử cần gì và mất bao lâu", KT, "papers"),
  r("đèn đường ngõ 3 hỏng, tối nay có ai trực không", "chieu_sang", { also: "hours" }),
  p("xin giấy xác nhận độc thân ở đâu, thứ 7 có làm không", HN, "where", { also: "hours" }),
  m("cho xin địa chỉ và số điện thoại ủy ban", "hotline", { also: "address" }),

  // ── Out of the hotline's scope ──────────────────────────────────────────────────────────────
  m("asdfgh", "unknown"),
  m("chào ad, cho em hỏi con em năm nay vào lớp 1 trường nào", "unknown"),
  m("giá vàng hôm nay bao nhiêu", "unknown"),
  m("xổ số miền bắc hôm nay", "unknown"),
  m("thời tiết mai thế nào", "unknown"),
  m("có bán đất không anh", "unknown"),
  m("lịch tiêm chủng cho trẻ tháng này", "unknown"),
  // Issue 26: complaints about an officer or a decision, a dossier submitted online, meeting the
  // citizen-reception officer, "anyone there?", goodbyes at any hour.
  m("tôi muốn khiếu nại cán bộ một cửa", "complaint"),
  m("cho hỏi thủ tục khiếu nại quyết định của xã", "complaint"),
  m("cán bộ địa chính thái độ rất hách dịch", "complaint"),
  m("muon to cao can bo xa nhung nhieu dan", "complaint"),
  m("tôi không đồng ý với quyết định xử phạt của xã", "complaint"),
  m("phàn nàn về thái độ phục vụ của cán bộ", "complaint"),
  m("cán bộ gây khó dễ không nhận hồ sơ của tôi", "complaint"),
  m("hồ sơ nộp online thì xem ở đâu", "online_dossier"),
  m("em đã nộp trực tuyến rồi thì tra cứu thế nào ạ", "online_dossier"),
  m("nop qua mang roi kiem tra o dau", "online_dossier"),
  m("kiểm tra hồ sơ trực tuyến ở đâu ạ", "online_dossier"),
  m("lịch tiếp công dân của xã thế nào", "citizen_reception"),
  m("tôi muốn gặp chủ tịch xã", "citizen_reception"),
  m("bao giờ xã tiếp dân ạ", "citizen_reception"),
  m("xin gap lanh dao xa de trinh bay", "citizen_reception"),
  m("có ai ở đó không", "anyone_there"),
  m("alo có ai không ạ", "anyone_there"),
  m("sao không ai trả lời vậy", "anyone_there"),
  m("ad có đó không", "anyone_there"),
  m("thôi em chào ad nhé", "goodbye"),
  m("tam biet", "goodbye"),
  // Issue 26: a phone number left when no conversation is open (asked what it is for, never the
  // menu), and "when will it be ready" without a code (the procedures' time limits, and the code).
  m("0912345678", "phone_left"),
  m("0987 123 456", "phone_left"),
  m("sdt cua em 0912.345.678", "phone_left"),
  m("số tôi là 0987654321, gọi lại cho tôi nhé", "phone_left"),
  m("chào ad, số em 0976 111 222", "phone_left"),
  m("O912 345 678 a", "phone_left"),
  m("cán bộ gọi lại giúp em số 0903123456", "phone_left"),
  m("+84 912 345 678", "phone_left"),
  m("số điện thoại của xã là gì", "hotline"),
  m("bao lâu thì có kết quả ạ", "result_time"),
  m("hồ sơ của tôi bao giờ xong", "result_time"),
  m("bh thi co ket qua vay ad", "result_time"),
  m("mấy ngày thì lấy được kết quả", "result_time"),
  m("ho so em nop hom thu 2 khi nao xong a", "result_time"),
];
