import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { fileCase } from "../../src/cases/file-case.js";
import type { NewCase } from "../../src/cases/case.js";
import { type Citizen, Harness, type SeenReply } from "../support/harness.js";

/**
 * Issue 26's scripted walk, the officers' side: their points of the trial typed as an officer
 * types them in Zalo (a near team name, a mistyped command), through the real webhook, queues,
 * workers and PostgreSQL. Each officer's message is followed by what every officer of the scene
 * received. The exchange is kept in `officer-walk.transcript.md` beside this file, with case
 * codes, dates and times replaced by placeholders (they change with the day the walk runs); a
 * changed answer fails here until the transcript is regenerated (`WRITE_TRANSCRIPT=1`).
 */
const TRANSCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "officer-walk.transcript.md");

/** Officers of the example commune (src/commune/kieu-phu.json) and their Zalo ids. */
const OFFICERS = {
  "Trần Thị Lan (tổ Bắc)": "5210000000000000002",
  "Nguyễn Văn Hùng (tổ trưởng tổ Bắc)": "5210000000000000001",
  "Lê Quang Vinh (tổ trưởng tổ Nam)": "5210000000000000003",
} as const;
type Officer = keyof typeof OFFICERS;
const LAN: Officer = "Trần Thị Lan (tổ Bắc)";
const HUNG: Officer = "Nguyễn Văn Hùng (tổ trưởng tổ Bắc)";

type Step = { file: string; name: string; report: Omit<NewCase, "sourceKey"> } | { officer: Officer; types: string };
const north = { category: "lan_chiem", areaId: "dong-but" } as const;

const SCENES: { title: string; steps: Step[] }[] = [
  {
    title: "Two reports without a pin in the same village: the second is offered as a possible duplicate of the first",
    steps: [
      {
        file: "a resident's report on Zalo",
        name: "A",
        report: {
          ...north,
          description: "Nhà số 5 xây lấn ra hành lang đường liên thôn",
          reporter: { channel: "zalo", userId: "walk-resident-1" },
        },
      },
      {
        file: "a second resident, same kind, same village, no pin",
        name: "B",
        report: {
          ...north,
          description: "Có nhà đổ móng lấn ra đường liên thôn Đồng Bụt",
          reporter: { channel: "zalo", userId: "walk-resident-2" },
        },
      },
    ],
  },
  {
    title: "A mistyped command, then the command: the reporter on Zalo will be told",
    steps: [
      { officer: LAN, types: "#nhna {A}" },
      { officer: LAN, types: "#nhan {A}" },
    ],
  },
  {
    title: "A report taken by phone, the caller's number not kept: nobody can be told",
    steps: [
      {
        file: "a report taken by phone, anonymous",
        name: "C",
        report: {
          ...north,
          category: "xay_dung_khong_phep",
          channel: "phone",
          description: "Người dân gọi điện báo có nhà đang xây không phép sau chợ",
        },
      },
      { officer: LAN, types: "#nhan {C}" },
    ],
  },
  {
    title: "A duplicate is closed into the case it repeats",
    steps: [{ officer: LAN, types: "#trung {B} {A}" }],
  },
  {
    title: "Handed over by a near team name: it arrives as a transfer, warning of open duplicates only",
    steps: [
      {
        file: "a third resident, same kind, same village, no pin",
        name: "D",
        report: {
          ...north,
          description: "Nhà cạnh cổng làng xây lấn vỉa hè, đi lại khó",
          reporter: { channel: "zalo", userId: "walk-resident-3" },
        },
      },
      { officer: LAN, types: "#chuyen {A} tổ khu nam" },
      { officer: HUNG, types: "#chuyen {A} tổ khu nam" },
      { officer: HUNG, types: "#chuyen {C} khu nma" },
    ],
  },
  {
    title: "The same caller twice by phone with the same words: offered as a possible duplicate, whatever the kind",
    steps: [
      {
        file: "a call taken by an officer",
        name: "E",
        report: {
          areaId: "dong-but",
          category: "sai_giay_phep",
          channel: "phone",
          contact: { phone: "0912 345 678" },
          description: "Nhà ông Tư xây cao hơn giấy phép hai tầng",
        },
      },
      {
        file: "the same caller again, filed under another kind",
        name: "F",
        report: {
          areaId: "dong-but",
          category: "khac",
          channel: "phone",
          contact: { phone: "0912345678" },
          description: "Nhà ông Tư xây cao hơn giấy phép hai tầng",
        },
      },
      { officer: LAN, types: "#trung {F} {E}" },
      { officer: LAN, types: "#nhan {E}" },
    ],
  },
];

/** Codes, dates and times as placeholders: the transcript is the same whatever day it runs. */
function placeholders(text: string, codes: Map<string, string>): string {
  let out = text;
  for (const [code, name] of codes) out = out.split(code).join(`PA-‹${name}›`);
  return out
    .replace(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/g, "‹ngày›")
    .replace(/\b\d{1,2}\/\d{1,2}\b/g, "‹ngày›")
    .replace(/\b\d{1,2}:\d{2}\b/g, "‹giờ›")
    .replace(/(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ [Nn]hật)/g, "‹thứ›")
    .replace(/\b\d+ (phút|giờ|ngày)( làm việc)?\b/g, "‹thời gian›");
}

function lines(replies: SeenReply[]): string[] {
  return replies.flatMap((r) => {
    const text = r.text + (r.buttons.length ? ` [${r.buttons.map((b) => b.title).join("] [")}]` : "");
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => `> ${l}`);
  });
}

async function walk(): Promise<string> {
  const h = await Harness.start();
  try {
    const out = ["# The officers' walk (issue 26)", "", "Generated by `test/officers/officer-walk.test.ts`; do not edit by hand.", ""];
    const codes = new Map<string, string>();
    const officers = Object.fromEntries(Object.entries(OFFICERS).map(([name, id]) => [name, h.citizen(id)])) as Record<Officer, Citizen>;
    const heard = (): void => {
      for (const [name, o] of Object.entries(officers)) {
        const got = lines(o.unread());
        if (got.length) out.push(`*${name} nhận được:*`, "", ...got.map((l) => placeholders(l, codes)), "");
      }
    };
    let n = 0;
    for (const scene of SCENES) {
      out.push(`## ${scene.title}`, "");
      for (const step of scene.steps) {
        if ("file" in step) {
          const { case: c } = await fileCase(h.db, h.commune, { ...step.report, sourceKey: `walk:${Date.now()}:${++n}` });
          codes.set(c.code, step.name);
          out.push(`*(${step.file}: PA-‹${step.name}›)*`, "");
        } else {
          const text = step.types.replace(/\{(\w)\}/g, (_m, name: string) => [...codes].find(([, v]) => v === name)![0]);
          const answer = await officers[step.officer].send(text);
          out.push(`**${step.officer}:** ${placeholders(text, codes)}`, "", ...lines(answer).map((l) => placeholders(l, codes)), "");
        }
        await h.quiet();
        heard();
      }
    }
    return `${out.join("\n").trimEnd()}\n`;
  } finally {
    await h.stop();
  }
}

describe("the officers' scripted walk, with its transcript", function () {
  this.timeout(120_000);
  let said = "";
  before(async () => {
    said = await walk();
  });

  it("answers as the kept transcript says", () => {
    if (process.env["WRITE_TRANSCRIPT"] === "1") writeFileSync(TRANSCRIPT, said);
    expect(said).to.equal(readFileSync(TRANSCRIPT, "utf8"));
  });

  it("walks the officers' points of the issue", () => {
    const scene = (title: string) => said.split("## ").find((s) => s.startsWith(title)) ?? "";
    expect(scene("Two reports without a pin")).to.include("Có thể trùng (cùng loại cùng thôn").and.include("PA-‹A›");
    expect(scene("A mistyped command")).to.include("Ý đồng chí là #nhan?").and.include("Người phản ánh sẽ được báo");
    expect(scene("A report taken by phone"))
      .to.include("không báo được, cũng không có số để gọi lại")
      .and.not.include("Người phản ánh sẽ được báo");
    expect(scene("The same caller twice")).to.include("liên hệ theo số điện thoại đã để lại");
    const caller = scene("The same caller twice");
    expect(caller.slice(caller.indexOf("Phản ánh mới PA-‹F›")))
      .to.include("Có thể trùng")
      .and.include("PA-‹E›");
    expect(scene("A duplicate is closed")).to.include("PA-‹B›").and.include("PA-‹A›");
    const handover = scene("Handed over by a near team name");
    expect(handover).to.include("Chỉ tổ trưởng").and.include("🔁 Phản ánh PA-‹A› được chuyển đến Tổ trật tự xây dựng khu Nam");
    expect(handover).to.not.include("Phản ánh mới PA-‹A›");
    // The south lead's notice of A warns of D (open) and never of B (closed into A).
    const notice = handover.slice(handover.indexOf("🔁 Phản ánh PA-‹A›"));
    const warning = notice.split("\n").find((l) => l.includes("Có thể trùng")) ?? "";
    expect(warning).to.include("PA-‹D›").and.not.include("PA-‹B›");
  });
});
