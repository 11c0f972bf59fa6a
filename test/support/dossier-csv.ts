const PROCEDURES = [
  "Đăng ký kết hôn",
  "Chứng thực bản sao từ bản chính",
  '"Đăng ký nhận cha, mẹ, con"',
  "Cấp giấy phép xây dựng nhà ở riêng lẻ",
];

/** A contract CSV generated on the fly, never held whole in memory. */
export function* generateDossierCsv(rows: number): Generator<string> {
  yield "\uFEFFcode,procedure,channel,status,received_at,due_at,finished_at\r\n";
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    const dd = String(day).padStart(2, "0");
    // one code per row: the sequence number carries the row index
    const code = `000.00.21.H26-2511${dd}-${String(i).padStart(6, "0")}`;
    const finished = i % 3 === 0 ? `${dd}/11/2025 15:00` : "";
    yield `${code},${PROCEDURES[i % PROCEDURES.length]},${i % 2 ? "online" : "direct"},${1 + (i % 10)},${dd}/11/2025 08:00,2025-12-${dd}T17:00:00+07:00,${finished}\r\n`;
  }
}
