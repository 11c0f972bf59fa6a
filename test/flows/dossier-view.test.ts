import { expect } from "chai";
import { parseDossierDate } from "../../src/dossiers/dates.js";
import type { Dossier } from "../../src/dossiers/dossier.js";
import { describeDossier } from "../../flows/dossier-view.js";

describe("dossiers/view", () => {
  const d: Dossier = {
    code: "000.00.21.H26-251118-0001",
    procedure: "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    channel: "direct",
    status: 5,
    receivedAt: parseDossierDate("2025-11-18T13:15:00+07:00")!,
    dueAt: parseDossierDate("2025-12-16T17:00:00+07:00")!,
    finishedAt: null,
    updatedAt: new Date("2025-11-20T00:00:00Z"),
  };

  it("gives what the citizen needs, in Vietnamese and Vietnam time", () => {
    const v = describeDossier(d, new Date("2025-11-25T00:00:00Z"));
    expect(v).to.deep.equal({
      code: "000.00.21.H26-251118-0001",
      procedure: "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
      channelLabel: "Nộp trực tiếp",
      status: 5,
      statusLabel: "Cần bổ sung giấy tờ",
      nextStep: "bring_documents",
      nextStepText: v.nextStepText,
      receivedAt: "18/11/2025 13:15",
      appointmentAt: "16/12/2025 17:00",
      finishedAt: null,
      timeliness: "waiting_citizen",
      timelinessLabel: "Đang chờ ông/bà bổ sung hoặc nộp phí",
    });
    expect(v.nextStepText).to.match(/bổ sung/i);
  });

  it("shows only the dossier's administrative fields", () => {
    const v = describeDossier({ ...d, status: 10, finishedAt: parseDossierDate("10/12/2025 09:00")! }, new Date());
    expect(Object.keys(v).sort()).to.deep.equal(
      [
        "appointmentAt",
        "channelLabel",
        "code",
        "finishedAt",
        "nextStep",
        "nextStepText",
        "procedure",
        "receivedAt",
        "status",
        "statusLabel",
        "timeliness",
        "timelinessLabel",
      ].sort(),
    );
    expect(v.timeliness).to.equal("early");
    expect(v.finishedAt).to.equal("10/12/2025 09:00");
  });
});
