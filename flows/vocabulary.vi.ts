/**
 * What citizens type to the commune's hotline, in Vietnamese: DATA only. Write entries the way a
 * person would (with diacritics); they are folded and abbreviation-expanded at load
 * (`flows/text/lexicon.ts`), so "hủy", "huỷ", "HUY" and "huy" are the same entry.
 * Longer phrases score higher than short ones, so prefer adding the whole expression.
 */
import type { Vocabulary } from "./text/lexicon.js";

export const VOCABULARY_VI: Vocabulary = {
  // Only one-word shorthands, and only when the reading is (almost) always this one:
  // "dk" is left out because it is both "được" and "đăng ký", "hong" because it is also "hồng".
  abbreviations: {
    hs: "hồ sơ", hoso: "hồ sơ",
    ko: "không", k: "không", kg: "không", kh: "không", khg: "không", hk: "không", hok: "không",
    hem: "không", khum: "không", hog: "không",
    dc: "được", đc: "được",
    ntn: "như thế nào",
    sdt: "số điện thoại", sđt: "số điện thoại", dt: "điện thoại", đt: "điện thoại",
    tt: "thủ tục", kq: "kết quả", kt: "kiểm tra", tc: "tra cứu",
    ubnd: "ủy ban nhân dân", ub: "ủy ban",
    xd: "xây dựng", gpxd: "giấy phép xây dựng",
    cb: "cán bộ", nv: "nhân viên", lv: "làm việc", hd: "hướng dẫn",
    t2: "thứ 2", t3: "thứ 3", t4: "thứ 4", t5: "thứ 5", t6: "thứ 6", t7: "thứ 7", cn: "chủ nhật",
    h: "giờ", bh: "bao giờ", bgio: "bao giờ", bn: "bao nhiêu",
    r: "rồi", j: "gì", s: "sao", v: "vậy", z: "vậy", vs: "với", ms: "mới", lm: "làm", cx: "cũng",
    trc: "trước", ng: "người", mn: "mọi người",
    e: "em", t: "tôi", mk: "mình", mik: "mình", b: "bạn",
    ak: "ạ", ah: "ạ",
    oke: "ok", okie: "ok", oki: "ok", okay: "ok", okey: "ok", oce: "ok", okela: "ok", okla: "ok",
    uk: "ừ", uh: "ừ", um: "ừ", uhm: "ừ", ừm: "ừ", vg: "vâng",
    tks: "thanks", thks: "thanks", thx: "thanks", camon: "cảm ơn", camun: "cảm ơn", cmon: "cảm ơn",
    xl: "xin lỗi",
    ks: "khai sinh", cccd: "căn cước", cmnd: "căn cước", gcn: "giấy chứng nhận",
    dky: "đăng ký", dki: "đăng ký", đky: "đăng ký", dkí: "đăng ký", đki: "đăng ký",
    onl: "online", ol: "online", zl: "zalo", pp: "bye", bb: "bye",
    tthc: "thủ tục hành chính", dvc: "dịch vụ công", sđ: "sổ đỏ",
    ngta: "người ta", bt: "biết", hnay: "hôm nay", hqua: "hôm qua",
  },

  emoji: { "👍": "ok", "👌": "ok", "🆗": "ok", "✅": "ok", "👎": "không", "❌": "không", "🙏": "cảm ơn", "👋": "chào" },

  // Dropped before deciding that a short message IS a command or an answer, and allowed
  // around a greeting: particles, ways of addressing the commune's staff, lead-ins to a request.
  politeness: [
    "ạ", "dạ", "à", "ơi", "với", "nhé", "nhá", "nha", "nhen", "nè", "nhỉ", "đi", "hả", "hen", "ha",
    "rồi", "luôn", "giùm", "hộ", "chút", "tí", "xíu", "nhiều", "lắm", "rất",
    "em", "anh", "chị", "cô", "chú", "bác", "bạn", "ad", "mình", "tôi", "tui", "tớ", "con", "cháu",
    "cho", "cho hỏi", "xin", "hỏi", "muốn", "cần", "được", "làm ơn", "vui lòng", "có thể",
    "ủy ban", "xã", "phường", "uỷ ban nhân dân",
    "hihi", "haha", "hehe", "hì", "hì hì",
  ],

  choicePrefixes: ["chọn", "số", "mục", "phương án", "lựa chọn", "cái", "ý", "bấm", "phím"],

  negations: ["không", "chưa", "đừng", "chẳng", "chả"],

  commands: {
    menu: [
      "menu", "0", "menu chính", "trang chủ", "bắt đầu", "bắt đầu lại", "làm lại từ đầu", "từ đầu",
      "về menu", "quay về menu", "quay lại menu", "trở về menu", "về trang chủ", "xem menu", "mở menu",
      "danh mục", "danh sách chức năng",
    ],
    cancel: [
      "hủy", "hủy bỏ", "thôi", "dừng lại", "ngừng", "ngừng lại", "thoát", "không làm nữa", "thôi không làm nữa",
      // "không cần" alone answers a question ("thêm ảnh không?"); only "nữa" (anymore) stops.
      "không cần nữa",
      "hủy yêu cầu", "hủy thao tác",
      // Leaving in one's own words: "không … nữa" (not anymore), "later".
      "thôi khỏi", "không báo nữa", "thôi không báo nữa", "không phản ánh nữa", "thôi không phản ánh nữa",
      "không muốn phản ánh nữa", "không muốn báo nữa", "không gửi nữa", "thôi không gửi nữa", "không tra cứu nữa",
      "không tra nữa", "không hỏi nữa", "để sau", "thôi để sau", "để lúc khác", "để khi khác", "để hôm khác",
      "lúc khác", "khi khác", "hôm khác",
    ],
    help: ["trợ giúp", "giúp", "giúp đỡ", "hướng dẫn", "hướng dẫn sử dụng", "hỗ trợ", "cứu", "làm sao", "làm thế nào"],
    back: ["quay lại", "trở lại", "lùi lại", "quay về", "trở về", "bước trước", "quay lại bước trước", "lùi"],
  },

  // "dừng" folds to "dung", which is also "đúng" (right, yes): only the spelled form stops.
  accentSensitiveCommands: { "dừng": "cancel", "dừng đi": "cancel" },

  intents: {
    dossier_question: [
      "tra cứu", "tra cứu hồ sơ", "tra hồ sơ", "hồ sơ", "hồ sơ của tôi", "kiểm tra hồ sơ", "xem hồ sơ",
      "tình trạng hồ sơ", "tiến độ hồ sơ", "tiến độ", "trạng thái hồ sơ", "mã hồ sơ", "số biên nhận",
      "giấy hẹn", "phiếu hẹn", "ngày hẹn trả", "hẹn trả", "trả kết quả", "hồ sơ bị chậm",
      "đến đâu rồi", "đến đâu", "tới đâu rồi", "tới đâu", "xử lý đến đâu",
      "bao giờ có kết quả", "khi nào có kết quả", "lúc nào có kết quả", "có kết quả chưa", "kết quả",
      "bao giờ xong", "khi nào xong", "xong chưa", "đã xong chưa", "được chưa", "bao giờ có", "khi nào có",
      "bao giờ lấy", "khi nào lấy", "lấy kết quả", "nhận kết quả", "nhận được kết quả", "kiểm tra tiến độ",
      "check hồ sơ", "xem hồ sơ", "tình trạng", "hồ sơ bị chậm", "chậm", "lâu thế", "lâu vậy",
    ],
    my_cases: [
      "phản ánh của tôi", "phản ánh của em", "phản ánh của mình", "xem phản ánh", "xem lại phản ánh",
      "các phản ánh đã gửi", "phản ánh đã gửi", "tình hình phản ánh", "phản ánh tôi đã gửi", "theo dõi phản ánh",
    ],
    report: [
      "phản ánh", "gửi phản ánh", "muốn phản ánh", "kiến nghị", "vi phạm", "báo cáo vi phạm",
      "vi phạm xây dựng", "trật tự xây dựng", "vi phạm trật tự xây dựng",
      "xây dựng trái phép", "xây trái phép", "trái phép", "xây không phép", "xây dựng không phép",
      "không phép", "không giấy phép", "không có giấy phép", "sai phép", "xây sai phép", "sai giấy phép",
      "xây cơi nới", "cơi nới", "xây thêm tầng", "cơi tầng", "tự ý xây",
      "lấn chiếm", "lấn đất", "lấn đường", "lấn ra đường", "xây lấn", "lấn sang", "lấn sang đất", "lấn qua", "lấn vỉa hè", "lấn chiếm vỉa hè",
      "lấn chiếm đất công", "lấn chiếm lòng đường", "chiếm đất", "chiếm dụng", "chiếm lòng đường",
      "chiếm vỉa hè", "đất công", "lòng đường", "hành lang giao thông",
      "xây trên đất nông nghiệp", "đất nông nghiệp", "xây trên đất lúa", "đất lúa", "san lấp", "san lấp ao",
      "đổ trộm", "đổ trộm phế thải", "phế thải", "đổ rác", "rác thải xây dựng", "đổ phế thải", "đổ đất",
      "vật liệu xây dựng", "vật liệu xây dựng chiếm lòng đường", "cát đá", "gạch đá",
      "tố giác", "tố cáo", "báo cáo", "khiếu nại", "công trình trái phép", "công trình không phép",
      "đang xây",
    ],
    hours: [
      "giờ làm việc", "thời gian làm việc", "lịch làm việc", "làm việc", "giờ mở cửa", "mở cửa", "đóng cửa",
      "mấy giờ", "mấy giờ mở cửa", "mấy giờ đóng cửa", "mấy giờ làm", "giờ làm", "giờ hành chính",
      "làm việc thứ 7", "thứ 7", "thứ bảy", "chủ nhật", "cuối tuần", "ngày nghỉ", "nghỉ lễ", "nghỉ trưa",
      "có làm không", "có làm việc không", "còn làm không", "chiều nay có làm", "sáng nay có làm",
      "hôm nay có làm", "mai có làm", "giờ giấc", "làm đến mấy giờ", "đến mấy giờ", "từ mấy giờ",
      "lúc nào mở cửa", "bao giờ mở cửa", "khi nào mở cửa", "có mở cửa không", "có làm",
      // Evenings, lunch, weekends, holidays: who is there when.
      "tối nay", "tối nay ai trực", "tối nay có ai trực", "tối có ai trực", "tối có làm", "buổi tối", "tối thứ",
      "trực tối", "trực buổi tối", "ngoài giờ", "ngoài giờ hành chính", "tiếp dân", "có tiếp dân",
      "buổi trưa", "trưa", "nghỉ trưa", "giờ nghỉ trưa", "trưa có làm", "trưa có ai",
      "cuối tuần", "trực cuối tuần", "chủ nhật có ai trực", "thứ 7 có ai trực", "ngày lễ", "lễ có nghỉ", "có nghỉ không",
      "có nhận hồ sơ không", "nhận hồ sơ không", "mấy giờ làm", "làm việc đến", "mai xã có làm",
      "mai có làm việc", "hôm nay có làm việc",
    ],
    address: [
      "địa chỉ", "ở đâu", "nằm ở đâu", "chỗ nào", "trụ sở", "trụ sở ủy ban", "ủy ban ở đâu",
      "bộ phận một cửa", "một cửa", "bộ phận một cửa ở đâu", "chỉ đường", "đường đi", "đi thế nào",
      "đi như thế nào", "đường nào", "bản đồ", "vị trí", "địa điểm", "nộp ở đâu", "đến đâu để nộp",
      "đến chỗ nào", "nộp hồ sơ ở đâu", "nộp hồ sơ ở chỗ nào",
    ],
    hotline: [
      "số điện thoại", "điện thoại", "số đt", "hotline", "đường dây nóng", "số đường dây nóng", "số hotline",
      "liên hệ", "số liên hệ", "thông tin liên hệ", "gọi điện", "gọi cho ai", "số máy", "số zalo", "email",
    ],
    officer: [
      "gặp cán bộ", "cán bộ", "gặp người", "gặp người thật", "người thật", "người trực", "nhân viên",
      "nói chuyện với nhân viên", "nói chuyện với người", "nói chuyện", "tư vấn viên", "tư vấn", "cần tư vấn",
      "admin", "ad ơi", "gặp admin", "gặp ad", "chuyên viên", "công chức", "lãnh đạo", "chủ tịch",
      "gặp trực tiếp", "hỗ trợ trực tiếp", "có ai trực", "ai trực", "có ai không", "có người trực", "làm việc với cán bộ", "làm việc với", "tổng đài viên",
      "chuyển cho cán bộ", "tư vấn trực tiếp", "nói chuyện trực tiếp", "có ai ở đó không", "nhân viên đâu",
    ],
    lost_code: [
      "không nhớ mã", "không nhớ mã hồ sơ", "quên mã", "quên mã hồ sơ", "mất mã", "không có mã", "không có mã hồ sơ",
      "không biết mã", "không biết mã hồ sơ", "không thấy mã", "tìm mã hồ sơ", "mã hồ sơ ở đâu", "lấy lại mã",
      "mất giấy hẹn", "mất phiếu hẹn", "mất giấy biên nhận", "mất biên nhận", "mất giấy tiếp nhận", "thất lạc giấy hẹn",
      "làm mất giấy hẹn", "không còn giấy hẹn", "quên giấy hẹn",
      "giấy hẹn bị mất", "biên nhận bị mất", "giấy biên nhận bị mất", "bị mất giấy hẹn", "mất giấy biên nhận",
      "không tìm thấy giấy hẹn", "không thấy giấy hẹn",
    ],
    followed_list: [
      "đang theo dõi", "đang theo dõi hồ sơ nào", "theo dõi hồ sơ nào", "theo dõi những hồ sơ nào", "hồ sơ đang theo dõi",
      "danh sách theo dõi", "các hồ sơ đã theo dõi", "đã theo dõi hồ sơ nào", "đã đăng ký theo dõi",
    ],
    unfollow: [
      // Not "dừng/thôi theo dõi": one letter from "đang/tôi theo dõi" once folded.
      "bỏ theo dõi", "hủy theo dõi", "ngừng theo dõi", "không theo dõi nữa",
      "không nhận thông báo", "không nhận tin nữa", "hủy đăng ký theo dõi",
    ],
    greeting: [
      "xin chào", "chào", "chào bạn", "chào buổi sáng", "chào buổi chiều", "chào buổi tối",
      "alo", "a lô", "alo alo", "hello", "hi", "hey", "good morning",
    ],
    thanks: ["cảm ơn", "cám ơn", "cảm ơn nhiều", "xin cảm ơn", "thanks", "thank you", "thank", "rất cảm ơn", "cảm ơn ạ"],
    goodbye: [
      "tạm biệt", "chào tạm biệt", "bye", "bye bye", "bai", "bai bai", "hẹn gặp lại", "ngủ ngon", "chúc ngủ ngon",
      "thôi chào", "thôi em chào", "chào nhé", "em chào nhé", "chào ad nhé", "em xin phép", "em đi đây",
    ],
    // Asking about procedures in general words; the commune's catalogue names the procedures.
    procedure: [
      "thủ tục", "thủ tục hành chính", "hướng dẫn thủ tục", "làm thủ tục", "thủ tục gì", "làm thủ tục gì",
      "thủ tục thế nào", "thủ tục như thế nào", "thủ tục ra sao", "hỏi thủ tục", "hỏi về thủ tục",
      "cần giấy tờ gì", "giấy tờ gì", "những giấy tờ gì", "cần những giấy tờ gì", "cần những gì",
      "cần chuẩn bị gì", "chuẩn bị những gì", "mang theo gì", "cần mang theo gì", "hồ sơ gồm", "hồ sơ gồm những gì",
      "thành phần hồ sơ", "làm giấy tờ", "giấy tờ ở xã",
      "lệ phí", "phí bao nhiêu", "mất phí", "hết bao nhiêu tiền", "mất bao nhiêu tiền", "lệ phí bao nhiêu",
      "nộp trực tuyến", "nộp online", "nộp qua mạng", "làm online", "dịch vụ công", "dịch vụ công trực tuyến",
      "cổng dịch vụ công", "trang dịch vụ công", "trực tuyến", "online", "qua mạng",
      "nộp hồ sơ trực tuyến", "nộp hồ sơ online", "nộp hồ sơ qua mạng",
    ],
  },

  aspects: {
    papers: [
      "giấy tờ", "giấy tờ gì", "cần giấy tờ gì", "những giấy tờ gì", "cần những gì", "cần gì", "cần những giấy tờ",
      "chuẩn bị gì", "chuẩn bị những gì", "cần chuẩn bị", "mang theo gì", "mang gì", "mang theo", "cần mang",
      "hồ sơ gồm", "gồm những gì", "gồm gì", "thành phần hồ sơ", "căn cước", "cần căn cước", "giấy tờ cần bổ sung",
      "cần bổ sung", "bổ sung giấy tờ gì", "cần j", "những gì", "đem theo", "đem theo gì", "đem gì", "giấy gì",
      "bản gốc", "bản chính", "cần đem",
    ],
    time: [
      "bao lâu", "mất bao lâu", "bao nhiêu ngày", "mấy ngày", "mất mấy ngày", "hết mấy ngày", "trong bao lâu",
      "thời gian", "thời gian giải quyết", "thời hạn", "lấy ngay", "có ngay", "làm ngay", "trong ngày",
      "bao lâu thì", "mấy hôm", "lâu không", "bao nhiêu lâu", "bao lâu có", "bao lâu thì có", "nhanh không",
      "trong bao nhiêu ngày", "làm trong bao lâu",
    ],
    fee: [
      "lệ phí", "phí", "mất phí", "bao nhiêu tiền", "hết bao nhiêu", "mất bao nhiêu", "tốn bao nhiêu", "mất tiền",
      "có mất tiền", "chi phí", "bao nhiêu 1 trang", "bao nhiêu một trang", "miễn phí", "phí bao nhiêu",
      // Not "tiền" or "giá" alone: folded they are also "tiến (độ)" and "gia (đình)".
      "hết bao nhiêu tiền", "mất bao nhiêu tiền", "hết tiền", "tốn tiền", "có phạt", "bị phạt",
      "đóng tiền", "nộp tiền", "trả tiền", "đóng phí", "phải đóng", "thu tiền", "thu phí",
    ],
    where: [
      "ở đâu", "nộp ở đâu", "làm ở đâu", "ra đâu", "ra đâu làm", "chỗ nào", "nơi nộp", "nộp hồ sơ ở đâu",
      "nộp tại", "nộp chỗ nào", "đi đâu", "cơ quan nào", "ai ký", "ai giải quyết", "ai quyết định", "ai cấp",
      "ở xã được không", "làm ở xã", "nơi làm",
    ],
    online: [
      "online", "trực tuyến", "qua mạng", "trên mạng", "nộp online", "nộp trực tuyến", "làm online",
      "dịch vụ công", "cổng dịch vụ công", "dịch vụ công trực tuyến", "vneid", "trên điện thoại", "qua zalo",
    ],
  },

  // "How far along is mine?": a procedure's name in such a question names the dossier.
  progress: [
    // Not "của em/tôi" alone: folded, "của" is also "cửa" ("mở cửa, em muốn…").
    "của nhà em", "của nhà tôi", "của bố em", "của mẹ em", "của bà em", "của ông em",
    "của con em", "của gia đình tôi", "đã nộp", "em nộp", "tôi nộp", "mình nộp", "nộp từ", "nộp hôm", "nộp hôm trước",
    "nộp tuần trước", "nộp tháng trước", "hôm trước em nộp", "nộp được", "xong chưa", "đã xong chưa", "làm xong chưa",
    "có chưa", "duyệt chưa", "được duyệt chưa", "đã được duyệt chưa", "có kết quả chưa", "tiếp nhận chưa",
    "được tiếp nhận chưa", "đã được tiếp nhận chưa", "chưa thấy", "chưa thấy gì", "chưa có kết quả", "lâu thế",
    "lâu vậy", "sao lâu", "bị chậm", "trễ hẹn", "quá hẹn", "bao giờ lấy", "bao giờ lấy được", "khi nào lấy được",
    "lấy được chưa", "bao giờ có kết quả", "khi nào có kết quả", "hẹn trả", "đến đâu rồi", "tới đâu rồi",
    "xử lý đến đâu", "bị yêu cầu bổ sung", "nhận được kết quả", "khi nào nhận", "bao giờ nhận", "bao giờ em lấy",
    "kết quả của tôi", "đến nay chưa có",
  ],

  // A local problem told in a few words: a report even when no category's keyword names it.
  // Never a bare syllable that folds into a common word: "vỡ" is "vợ", "nứt" "nút", "sập"
  // "sắp", "gãy" "gây", "khói" "khỏi", "trôi" "trời", "cắn người" "cần người", "chó cắn" "cho cán (bộ)".
  problems: [
    "bị hỏng", "hư hỏng", "bị hư", "hỏng hóc", "hỏng rồi", "hỏng hết", "bị vỡ", "vỡ toác", "bị nứt", "nứt toác",
    "bị sập", "sắp sập", "sắp đổ", "bị đổ", "đổ chắn", "chắn ngang", "chắn đường", "chắn ngang đường", "bị gãy",
    "gãy đổ", "gãy cành", "nghiêng", "bị nghiêng", "rò rỉ", "bị tắc", "tắc nghẽn", "ngập", "ô nhiễm", "bốc mùi",
    "hôi thối", "mất vệ sinh", "nguy hiểm", "rất nguy hiểm", "mất an toàn", "ồn ào", "gây ồn", "tiếng ồn", "hát to",
    "karaoke", "thả rông", "bị chó cắn", "chó dữ", "rơi xuống", "sắp rơi", "võng thấp", "dây điện",
    "cột điện", "mất nước", "mất điện", "không có nước", "không ai sửa", "không ai thu gom", "không ai dọn",
    "không ai xử lý", "rào chắn", "không có rào chắn", "khói bụi", "khói bay", "bụi", "lầy lội", "không sáng",
    "tắt hết", "tối om", "bị sụt", "rọ mõm",
  ],

  smallTalk: [
    "cán bộ", "anh chị", "các anh chị", "cô chú", "mọi người", "admin", "xã mình", "ủy ban xã",
    "chúc", "vui vẻ", "buổi tối vui vẻ", "ngày mới", "tốt lành", "ngày tốt lành", "sức khỏe", "nhiều sức khỏe",
    "cuối tuần vui vẻ", "đã hỗ trợ", "đã giúp", "hỗ trợ", "giúp đỡ", "nhiệt tình", "ad", "em", "nhé",
  ],

  noted: ["hiểu rồi", "đã hiểu", "biết rồi", "rõ rồi", "em hiểu rồi", "ok rồi", "đã rõ", "nắm được rồi", "em biết rồi"],

  answers: {
    yes: [
      "có", "ừ", "ok", "đồng ý", "vâng", "dạ", "yes", "được", "được rồi", "đúng", "đúng rồi", "đúng vậy",
      "chính xác", "phải", "chuẩn", "xác nhận", "có ạ", "ok luôn", "chắc chắn", "tất nhiên", "có chứ",
    ],
    no: [
      "không", "không có", "không đồng ý", "không được", "không phải", "không đúng", "không cần", "không muốn",
      "sai", "sai rồi", "chưa", "chưa có", "khỏi", "thôi khỏi", "không ạ", "no", "nope",
    ],
    done: [
      "xong", "xong rồi", "hết", "hết rồi", "đủ rồi", "đủ", "done", "vậy thôi", "thế thôi", "chỉ vậy thôi",
      "không còn", "không còn gì", "hết ảnh", "đủ ảnh", "hoàn tất", "hoàn thành", "chỉ có vậy",
    ],
    submit: ["gửi", "gửi đi", "gửi luôn", "gửi phản ánh", "xác nhận gửi", "nộp", "submit"],
    edit: ["sửa", "sửa lại", "chỉnh sửa", "chỉnh lại", "thay đổi", "đổi", "làm lại", "nhập lại"],
    anonymous: [
      "ẩn danh", "không để lại thông tin", "không muốn để lại thông tin", "không để tên", "giấu tên",
      "không cần tên", "không công khai", "giữ bí mật", "bí mật", "không cung cấp thông tin",
    ],
  },
};
