import { expect } from "chai";
import type { PlatformEvent } from "../../src/core/platform-event.js";
import type { FlowContext, FlowState, PinCommune, StepResult } from "../../src/conversation/flow.js";
import { violationReport as flow } from "../../flows/violation-report.js";
import { Communes } from "../../src/commune/communes.js";
import { placeOfPin } from "../../src/commune/borders.js";
import { exampleConfig } from "../commune/fixture.js";
import { handMadeContext } from "../support/flow-context.js";
import { pinIn, provinceOfTwo } from "../support/province.js";

// The report flow's location step at a border (issue 24): the flow only asks the context where a
// pin lies (`pinCommune`); the commune module decides (`placeOfPin`).
let seq = 0;
const base = () => ({ eventId: `b${++seq}`, channel: "zalo" as const, communeId: "kieu-phu", userId: "u1", at: 0 });
const text = (t: string): PlatformEvent => ({ ...base(), kind: "text", text: t });
const pin = (p: { latitude: number; longitude: number }): PlatformEvent => ({ ...base(), kind: "location", ...p });
const saidOf = (r: StepResult) => r.replies.map((x) => ("text" in x ? x.text : "")).join("\n");

const { a, b, communes } = provinceOfTwo();

/** The flow's context at A's OA, answering where pins lie as the hotline does. */
function atA(): FlowContext {
  return {
    ...handMadeContext(a),
    pinCommune(latitude, longitude): PinCommune {
      const place = placeOfPin(communes, a, latitude, longitude);
      if (place.kind === "neighbour") return { kind: "neighbour", communeId: place.commune.id, name: place.commune.name };
      return place.kind === "outside" ? { kind: "outside", hotline: "1022", province: "Thành phố Hà Nội" } : { kind: "here" };
    },
  };
}

async function atLocation(ctx: FlowContext): Promise<FlowState> {
  const started = await flow.start(ctx, text("phản ánh"));
  const r = await flow.step(started.next!, text("1"), ctx);
  expect(r.next?.step).to.equal("location");
  return r.next!;
}

describe("flows: a report's pin at the border", () => {
  it("takes a pin in the neighbouring commune for that commune, with no village of this one", async () => {
    const ctx = atA();
    const r = await flow.step(await atLocation(ctx), pin(pinIn(b)), ctx);
    expect(r.next?.step).to.equal("photos");
    expect(r.next?.data.location).to.deep.include({ areaId: null, commune: { id: b.id, name: b.name } });
    expect(saidOf(r)).to.include("thuộc địa bàn Xã Phú Xá");
  });

  it("refuses a pin outside every commune with the hotline, stays at the step, and takes a typed address next", async () => {
    const ctx = atA();
    const at = await atLocation(ctx);
    const r = await flow.step(at, pin({ latitude: 21.2, longitude: 105.2 }), ctx);
    expect(r.next?.step).to.equal("location");
    expect(r.next?.data.location).to.equal(undefined);
    expect(saidOf(r)).to.include("không thuộc địa bàn").and.include("Thành phố Hà Nội (1022)");
    const typed = await flow.step(r.next!, text("gần chợ Phú Mỹ"), ctx);
    expect(typed.next?.step).to.equal("photos");
  });

  it("a pin outside every commune sent at the photos step is not kept as the location", async () => {
    const ctx = atA();
    const photos = (await flow.step(await atLocation(ctx), pin(pinIn(a)), ctx)).next!;
    const r = await flow.step(photos, pin({ latitude: 21.2, longitude: 105.2 }), ctx);
    expect(r.next?.step).to.equal("photos");
    expect((r.next?.data.location as { latitude: number }).latitude).to.equal(pinIn(a).latitude);
    expect(saidOf(r)).to.include("không thuộc địa bàn");
  });
});

describe("where a pin lies (placeOfPin)", () => {
  it("here, in a neighbour, or outside; the shared border is the receiving commune's", () => {
    expect(placeOfPin(communes, a, pinIn(a).latitude, pinIn(a).longitude).kind).to.equal("here");
    expect(placeOfPin(communes, a, pinIn(b).latitude, pinIn(b).longitude)).to.deep.include({ kind: "neighbour" });
    expect(placeOfPin(communes, a, 21.2, 105.2).kind).to.equal("outside");
    expect(placeOfPin(communes, b, 20.99, 105.645).kind).to.equal("here");
    expect(placeOfPin(communes, a, 20.99, 105.645).kind).to.equal("here");
  });

  it("a province of one: outside its boundary is outside; without a boundary every pin is its own", () => {
    const only = exampleConfig();
    expect(placeOfPin(new Communes([only]), only, 21.2, 105.2).kind).to.equal("outside");
    const unbounded = exampleConfig();
    delete unbounded.boundary;
    expect(placeOfPin(new Communes([unbounded]), unbounded, 21.2, 105.2).kind).to.equal("here");
  });
});
