import { expect } from "chai";
import { parseDossierDate } from "../../src/dossiers/dates.js";
import { timeliness, type Dossier } from "../../src/dossiers/dossier.js";
import type { DossierStatus } from "../../src/dossiers/status.js";

const at = (s: string) => parseDossierDate(s)!;

function dossier(status: DossierStatus, finished: string | null, due: string | null = "01/12/2025 17:00"): Dossier {
  return {
    code: "000.00.21.H26-251126-0001",
    procedure: "Đăng ký kết hôn",
    channel: "online",
    status,
    receivedAt: at("26/11/2025 16:34"),
    dueAt: due ? at(due) : null,
    finishedAt: finished ? at(finished) : null,
    updatedAt: at("02/12/2025 08:00"),
  };
}

describe("dossiers/dossier timeliness", () => {
  const now = at("01/12/2025 12:00");
  it("finished before the appointment day: early", () => {
    expect(timeliness(dossier(10, "30/11/2025 23:59"), now)).to.equal("early");
  });
  it("finished on the appointment day before its time: on time", () => {
    expect(timeliness(dossier(10, "01/12/2025 10:53"), now)).to.equal("on_time");
    expect(timeliness(dossier(9, "01/12/2025 17:00"), now)).to.equal("on_time");
  });
  it("finished after the appointment: late", () => {
    expect(timeliness(dossier(10, "01/12/2025 17:01"), now)).to.equal("late");
  });
  it("finished without an appointment: on time", () => {
    expect(timeliness(dossier(10, "05/12/2025 10:00", null), now)).to.equal("on_time");
  });
  it("a result stage without a finish time uses updatedAt", () => {
    expect(timeliness(dossier(10, null), now)).to.equal("late"); // updated 02/12
  });
  it("open: in progress until the appointment passes, then overdue", () => {
    expect(timeliness(dossier(4, null), now)).to.equal("in_progress");
    expect(timeliness(dossier(4, null), at("01/12/2025 17:00"))).to.equal("in_progress");
    expect(timeliness(dossier(2, null), at("01/12/2025 17:01"))).to.equal("overdue");
    expect(timeliness(dossier(4, null, null), at("01/12/2026 17:01"))).to.equal("in_progress");
  });
  it("waiting for the citizen (supplement, fees) is not counted against the office", () => {
    expect(timeliness(dossier(5, null), at("10/12/2025 08:00"))).to.equal("waiting_citizen");
    expect(timeliness(dossier(6, null), at("10/12/2025 08:00"))).to.equal("waiting_citizen");
  });
  it("refused, withdrawn or stopped: closed", () => {
    for (const s of [3, 7, 8] as const) expect(timeliness(dossier(s, null), now)).to.equal("closed");
  });
});
