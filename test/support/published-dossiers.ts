/**
 * A commune's one-stop export (contract CSV) whose figures for 2025 are exactly the ones the
 * commune published: 8,315 dossiers received, 5,524 online (66.43 %), 2,791 in person
 * (33.57 %), 7,894 finished on time (early or on the appointment day) and 421 late — an on-time
 * rate of 94.94 % (≈ 95 %). Two more dossiers sit just outside the year and must not count.
 */
export const PUBLISHED = { total: 8315, online: 5524, direct: 2791, withinDue: 7894, early: 3000, onTime: 4894, late: 421 } as const;

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function row(seq: number, channel: string, received: string, due: string, finished: string): string {
  const ymd = received.slice(2, 10).replace(/-/g, "");
  return `000.00.21.H26-${ymd}-${pad(seq, 5)},Đăng ký khai sinh,${channel},10,${received},${due},${finished}`;
}

/** The export as one CSV string (about 1 MB). */
export function publishedDossiersCsv(): string {
  const lines = ["code,procedure,channel,status,received_at,due_at,finished_at"];
  for (let i = 0; i < PUBLISHED.total; i++) {
    // Received on one of 365 days of 2025 (the first row at 00:00 on 1 January, the last at
    // 23:59 on 31 December, Vietnam time), due three days later at 17:00.
    const day = new Date(Date.UTC(2025, 0, 1 + (i % 365)));
    const date = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
    const due = new Date(day.getTime() + 3 * 86_400_000);
    const dueDate = `${due.getUTCFullYear()}-${pad(due.getUTCMonth() + 1)}-${pad(due.getUTCDate())}`;
    const time = i === 0 ? "00:00" : i === 364 ? "23:59" : "08:30";
    const received = `${date}T${time}:00+07:00`;
    const dueAt = `${dueDate}T17:00:00+07:00`;
    const next = new Date(day.getTime() + 86_400_000);
    const nextDate = `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
    const finished =
      i < PUBLISHED.early
        ? `${nextDate}T10:00:00+07:00` // the next day: before the appointment day
        : i < PUBLISHED.withinDue
          ? `${dueDate}T17:00:00+07:00` // on the appointment day, at the appointment time
          : `${dueDate}T17:01:00+07:00`; // a minute late
    lines.push(row(i, i < PUBLISHED.online ? "online" : "direct", received, dueAt, finished));
  }
  // Just outside 2025 in Vietnam time (the second one is still 2025 in UTC).
  lines.push(row(90001, "postal", "2024-12-31T23:59:00+07:00", "2025-01-03T17:00:00+07:00", "2025-01-02T10:00:00+07:00"));
  lines.push(row(90002, "postal", "2026-01-01T00:00:00+07:00", "2026-01-05T17:00:00+07:00", ""));
  return lines.join("\r\n") + "\r\n";
}
