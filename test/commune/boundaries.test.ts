import { readFileSync } from "node:fs";
import { expect } from "chai";
import { Communes } from "../../src/commune/communes.js";
import { CommuneConfigError, parseCommuneConfig } from "../../src/commune/config.js";
import { areaAt } from "../../src/commune/geo.js";
import { EXAMPLE_CONFIG_PATH, exampleConfig } from "./fixture.js";
import { pinIn, provinceOfTwo } from "../support/province.js";

// Kiều Phú's boundary spans longitudes 105.595–105.645; the test province's Phú Xá is the same
// outline moved 0.05° east (105.645–105.695), so the two share the edge at 105.645.
describe("communes' boundaries", () => {
  const { a, b, communes } = provinceOfTwo();

  it("finds the commune of a pin in one of its villages", () => {
    const inA = pinIn(a);
    const inB = pinIn(b);
    expect(areaAt(a, inA.latitude, inA.longitude)).to.not.equal(null);
    expect(areaAt(b, inB.latitude, inB.longitude)).to.not.equal(null);
    expect(communes.at(inA.latitude, inA.longitude)?.id).to.equal(a.id);
    expect(communes.at(inB.latitude, inB.longitude)?.id).to.equal(b.id);
  });

  it("finds the commune of a pin in a gap between villages, inside its boundary", () => {
    // Kiều Phú's villages end at 105.64; its boundary runs to 105.645.
    const gap = { lat: 20.99, lng: 105.643 };
    expect(areaAt(a, gap.lat, gap.lng)).to.equal(null);
    expect(communes.at(gap.lat, gap.lng)?.id).to.equal(a.id);
    expect(communes.at(gap.lat, gap.lng + 0.004)?.id).to.equal(b.id);
  });

  it("gives a pin on the shared border to the first commune, and a pin outside every commune to none", () => {
    expect(communes.at(20.99, 105.645)?.id).to.equal(a.id);
    expect(new Communes([b, a]).at(20.99, 105.645)?.id).to.equal(b.id);
    expect(communes.at(21.2, 105.2)).to.equal(undefined);
  });

  it("takes the villages' union for a commune file without a boundary", () => {
    const noBoundary = exampleConfig();
    delete noBoundary.boundary;
    const only = new Communes([noBoundary]);
    const village = pinIn(noBoundary);
    expect(only.at(village.latitude, village.longitude)?.id).to.equal(noBoundary.id);
    expect(only.at(20.99, 105.643)).to.equal(undefined);
  });

  it("refuses a village that reaches outside the commune's boundary, naming the village", () => {
    const json = JSON.parse(readFileSync(EXAMPLE_CONFIG_PATH, "utf8")) as { boundary: { coordinates: number[][][] } };
    // Shrink the outline so its east edge cuts through the villages.
    json.boundary.coordinates = [
      [
        [105.595, 20.975],
        [105.62, 20.975],
        [105.62, 21.015],
        [105.595, 21.015],
        [105.595, 20.975],
      ],
    ];
    expect(() => parseCommuneConfig(json, "x.json")).to.throw(
      CommuneConfigError,
      /areas\.features\.\d+\.geometry: village "[a-z-]+" reaches outside the commune's boundary/,
    );
  });
});
