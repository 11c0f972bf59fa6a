import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { NewCase } from "../../src/cases/case.js";
import { keepCasePhotos } from "../../src/cases/photos.js";
import { addProofPhotos, transition } from "../../src/cases/case-changes.js";
import { fileCase } from "../../src/cases/file-case.js";
import { recordResolutionAnswer, storeRating } from "../../src/cases/resolution-answers.js";
import { Harness } from "../support/harness.js";
import { publishedDossiersCsv } from "../support/published-dossiers.js";
import { testEnv } from "../support/env.js";
import { samplePng } from "../support/sample-png.js";

/**
 * A hotline with what a commune's dashboard shows: the published 2025 dossier export, cases of
 * late 2025 with their reporters' ratings, and today's cases — one reported over Zalo by a
 * citizen (with a photo) whose notices the fake Zalo records. Shared by the browser test and
 * `npm run screenshot`.
 */

export const ADMIN_TOKEN = testEnv().ADMIN_TOKEN!;
/** The citizen who reported the case the officer acts on. */
export const CITIZEN = "5210000000000777001";

export interface Seeded {
  h: Harness;
  /** Today's case in Thôn Đồng Bụt (team trat-tu-bac), reported by CITIZEN with one photo. */
  fresh: string;
  /** An overdue case of the same team (filed 10 days ago, never acknowledged). */
  overdue: string;
  /** A case of another team (trat-tu-nam), which the Bắc officer must not see. */
  otherTeam: string;
  /** Token of Trần Thị Lan, officer of trat-tu-bac. */
  officerToken: string;
  /**
   * Cases reported without a pin, by the village they were placed in (from the typed address or
   * the village chosen), and `none` for one without a village (team dia-chinh, the fallback).
   */
  noPin: { "dong-but": string[]; "phu-my": string[]; none: string[] };
  /** A resolved case of trat-tu-bac with the reporter's photo and Trần Thị Lan's proof photo (sent after #xong). */
  proved: string;
  /** A broken street light in Thôn Ngọc Bài (team dia-chinh): not a "vi phạm". */
  streetLight: string;
  stop(): Promise<void>;
}

const HOUR = 3600_000;
const DESCRIPTIONS = [
  "Nhà dân đang đổ móng xây dựng, không thấy biển báo giấy phép",
  "Lấn chiếm vỉa hè để vật liệu xây dựng, gây cản trở đi lại",
  "Công trình xây thêm tầng 4 vượt quá giấy phép được cấp",
  "Đổ phế thải xây dựng ra lề đường liên thôn",
  "Xây tường rào trên đất nông nghiệp cạnh kênh mương",
  "Dựng lán tạm lấn ra hành lang đường bộ",
];
/** Points inside the four areas of the example commune. */
const SPOTS = {
  dongBut: [21.004, 105.608],
  phuMy: [21.002, 105.63],
  yenThai: [20.988, 105.61],
  ngocBai: [20.986, 105.632],
} as const;

export async function seedDashboard(opts: { env?: Record<string, string> } = {}): Promise<Seeded> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "hotline-dashboard-"));
  const png = samplePng();
  const photos: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "image/png", "content-length": png.length });
    res.end(png);
  });
  await new Promise<void>((resolve) => photos.listen(0, "127.0.0.1", resolve));
  const photoUrl = `http://127.0.0.1:${(photos.address() as AddressInfo).port}/site.png`;
  const h = await Harness.start({ env: { DATA_DIR: dataDir, ...opts.env } });
  const db = h.db;
  const commune = h.commune;
  const call = async (method: string, p: string, body?: string, type = "application/json") => {
    const res = await fetch(`${h.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { "content-type": type } : {}) },
      ...(body ? { body } : {}),
    });
    expect(res.status, `${method} ${p}: ${await res.clone().text()}`).to.be.within(200, 299);
    return (await res.json()) as Record<string, unknown>;
  };
  await call("POST", "/api/v1/dossiers/import", publishedDossiersCsv(), "text/csv");
  const officerToken = String((await call("POST", "/api/v1/officers/tran-thi-lan/token")).token);

  let n = 0;
  const file = async (at: Date, spot: readonly [number, number] | null, over: Partial<NewCase> = {}) => {
    const i = n++;
    const filed = await fileCase(
      db,
      commune,
      {
        sourceKey: `dashboard-${i}`,
        category: "xay_dung_khong_phep",
        ...(spot ? { location: { lat: spot[0] + (i % 5) * 0.0009, lng: spot[1] + Math.floor(i / 5) * 0.0011 } } : {}),
        description: DESCRIPTIONS[i % DESCRIPTIONS.length]!,
        ...over,
      },
      { now: at },
    );
    return filed.case.code;
  };
  const move = async (code: string, steps: ("acknowledged" | "in_progress" | "resolved" | "rejected" | "closed")[], at: Date) => {
    let t = at.getTime();
    for (const to of steps)
      await transition(
        db,
        code,
        to,
        "tran-thi-lan",
        to === "resolved" ? "Đã lập biên bản, chủ nhà tự tháo dỡ phần vi phạm" : undefined,
        new Date((t += 5 * HOUR)),
      );
    return t;
  };

  // Late 2025: worked cases with their reporters' word.
  const categories = ["xay_dung_khong_phep", "lan_chiem", "sai_giay_phep", "vat_lieu_phe_thai", "xay_tren_dat_nong_nghiep", "lan_chiem"];
  const spots = Object.values(SPOTS);
  for (let i = 0; i < 12; i++) {
    const at = new Date(Date.UTC(2025, 9 + (i % 3), 3 + i * 2, 2));
    const reporter = { channel: "zalo", userId: `52100000000008800${String(i).padStart(2, "0")}` };
    const code = await file(at, spots[i % 4]!, {
      category: categories[i % categories.length]!,
      reporter,
      channel: i % 5 === 4 ? "phone" : "zalo",
    });
    if (i % 6 === 5) {
      await move(code, ["rejected"], at);
      continue;
    }
    const t = await move(code, i % 4 === 3 ? ["acknowledged", "in_progress"] : ["acknowledged", "in_progress", "resolved"], at);
    if (i % 4 === 3) continue;
    const answer = { now: new Date(t + HOUR), reopenWithinMs: 14 * 86_400_000, newResolveDueAt: () => new Date(t + 200 * HOUR) };
    await recordResolutionAnswer(db, code, reporter, i % 7 !== 2, answer);
    await storeRating(db, code, reporter, [5, 4, 2, 5, 4, 3, 5, 4, 1, 5, 4, 4][i]!, new Date(t + 2 * HOUR));
  }

  // Today: the new case from a citizen on Zalo (with a photo), an overdue one, another team's.
  const now = new Date();
  const fresh = await file(now, SPOTS.dongBut, {
    reporter: { channel: "zalo", userId: CITIZEN },
    photos: [photoUrl],
    address: "Ngõ 3, xóm Chùa, thôn Đồng Bụt",
    contact: { name: "Nguyễn Thị Mai", phone: "0912345678" },
  });
  await keepCasePhotos(db, { dataDir, hosts: ["127.0.0.1"] }, fresh, { lastAttempt: true });
  const overdue = await file(new Date(now.getTime() - 10 * 24 * HOUR), SPOTS.phuMy, { category: "lan_chiem" });
  const otherTeam = await file(new Date(now.getTime() - 3 * HOUR), SPOTS.yenThai, { category: "sai_giay_phep" });
  const inProgress = await file(new Date(now.getTime() - 30 * HOUR), SPOTS.dongBut, { category: "vat_lieu_phe_thai", anonymous: true });
  await move(inProgress, ["acknowledged", "in_progress"], new Date(now.getTime() - 29 * HOUR));

  // Reported without a pin: by phone with a typed address, or with the village only; one with neither.
  const noPin = {
    "dong-but": [
      await file(new Date(now.getTime() - 5 * HOUR), null, { channel: "phone", address: "Xóm Chùa, thôn Đồng Bụt", category: "lan_chiem" }),
      await file(new Date(now.getTime() - 6 * HOUR), null, { channel: "phone", address: "Cạnh đình Đồng Bụt" }),
    ],
    "phu-my": [await file(new Date(now.getTime() - 7 * HOUR), null, { channel: "counter", areaId: "phu-my", category: "sai_giay_phep" })],
    none: [await file(new Date(now.getTime() - 8 * HOUR), null, { channel: "phone" })],
  };

  // Resolved with proof: the reporter's photo, then the officer's after "#xong" (kept apart).
  const provedAt = new Date(now.getTime() - 52 * HOUR);
  const proved = await file(provedAt, SPOTS.dongBut, {
    photos: [photoUrl],
    reporter: { channel: "zalo", userId: "5210000000000777002" },
    description: "Xây tường rào lấn ra mương thoát nước của xóm",
  });
  const worked = await move(proved, ["acknowledged", "in_progress"], provedAt);
  await addProofPhotos(db, proved, [photoUrl.replace("site.png", "proof.png")], "tran-thi-lan", "proof-msg-1", new Date(worked + HOUR));
  await keepCasePhotos(db, { dataDir, hosts: ["127.0.0.1"] }, proved, { lastAttempt: true });
  await transition(
    db,
    proved,
    "resolved",
    "tran-thi-lan",
    "Đã yêu cầu tháo dỡ, chủ nhà đã tháo phần tường lấn mương",
    new Date(worked + 2 * HOUR),
  );

  const streetLight = await file(new Date(now.getTime() - 4 * HOUR), SPOTS.ngocBai, {
    category: "chieu_sang",
    description: "Đèn đường trước nhà văn hoá thôn không sáng ba hôm nay",
  });

  return {
    h,
    fresh,
    overdue,
    otherTeam,
    officerToken,
    noPin,
    proved,
    streetLight,
    async stop() {
      await h.stop();
      await new Promise((resolve) => photos.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
