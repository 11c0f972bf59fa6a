import { expect } from "chai";
import { formatDateTimeVN, formatDateVN, toLocal } from "../../src/core/local-time.js";
import { parseDossierDate } from "../../src/dossiers/dates.js";

const iso = (v: string, opts?: { dateOnlyTime?: string }) => parseDossierDate(v, opts)?.toISOString() ?? null;

describe("dossiers/dates", () => {
  it("reads dd/mm/yyyy HH:mm as Vietnam time", () => {
    expect(iso("26/11/2025 16:34")).to.equal("2025-11-26T09:34:00.000Z");
    expect(iso("01/12/2025 05:00")).to.equal("2025-11-30T22:00:00.000Z"); // previous UTC day
    expect(iso("1/2/2025 7:05")).to.equal("2025-02-01T00:05:00.000Z");
    expect(iso("26/11/2025 16:34:59")).to.equal("2025-11-26T09:34:59.000Z");
    expect(iso(" 26/11/2025  16:34 ")).to.equal("2025-11-26T09:34:00.000Z");
  });

  it("reads a date alone as the start of that day, or the given time", () => {
    expect(iso("26/11/2025")).to.equal("2025-11-25T17:00:00.000Z");
    expect(iso("26/11/2025", { dateOnlyTime: "17:00" })).to.equal("2025-11-26T10:00:00.000Z");
    expect(iso("2025-11-26", { dateOnlyTime: "17:00" })).to.equal("2025-11-26T10:00:00.000Z");
  });

  it("reads ISO 8601 with and without an offset", () => {
    expect(iso("2025-11-14T14:56:00+07:00")).to.equal("2025-11-14T07:56:00.000Z");
    expect(iso("2025-11-14T07:56:00Z")).to.equal("2025-11-14T07:56:00.000Z");
    expect(iso("2025-11-14T07:56:00.123z")).to.equal("2025-11-14T07:56:00.123Z");
    expect(iso("2025-11-14T14:56+0700")).to.equal("2025-11-14T07:56:00.000Z");
    expect(iso("2025-11-14T02:56:00-05:00")).to.equal("2025-11-14T07:56:00.000Z");
    expect(iso("2025-11-14T14:56:00")).to.equal("2025-11-14T07:56:00.000Z"); // no offset: Vietnam time
    expect(iso("2025-11-14 14:56")).to.equal("2025-11-14T07:56:00.000Z");
  });

  it("refuses impossible or foreign formats", () => {
    for (const v of [
      "31/02/2025",
      "29/02/2025",
      "13/13/2025",
      "26/11/2025 24:00",
      "26/11/2025 16:60",
      "2025-02-30",
      "2025-11-14T14:56:00+25:00",
      "11/26/2025 16:34",
      "26-11-2025",
      "hôm qua",
      "",
      "2025",
    ]) {
      expect(parseDossierDate(v), v).to.equal(null);
    }
    expect(iso("29/02/2024")).to.equal("2024-02-28T17:00:00.000Z");
  });

  it("formats for citizens in Vietnam time", () => {
    const d = new Date("2025-11-30T22:00:00Z");
    expect(formatDateTimeVN(d)).to.equal("01/12/2025 05:00");
    expect(formatDateVN(d)).to.equal("01/12/2025");
    expect(toLocal(d).date).to.equal("2025-12-01");
    expect(formatDateTimeVN(parseDossierDate("26/11/2025 16:34")!)).to.equal("26/11/2025 16:34");
  });
});
