import { expect } from "chai";
import { areaAt, areaByName, distanceMeters } from "../../src/commune/geo.js";
import { stripDiacritics } from "../../src/core/vietnamese.js";
import { routeCase } from "../../src/commune/routing.js";
import { exampleConfig } from "./fixture.js";

describe("commune geo", () => {
  const config = exampleConfig();

  it("finds the area of a point inside each example area", () => {
    expect(areaAt(config, 21.005, 105.61)?.properties.id).to.equal("dong-but");
    expect(areaAt(config, 21.005, 105.63)?.properties.id).to.equal("phu-my");
    expect(areaAt(config, 20.985, 105.61)?.properties.id).to.equal("yen-thai");
    expect(areaAt(config, 20.985, 105.63)?.properties.id).to.equal("ngoc-bai");
  });

  it("gives a point on a shared border to the first area in config order", () => {
    // On the border dong-but | yen-thai (lat 20.995, horizontal edge).
    expect(areaAt(config, 20.995, 105.61)?.properties.id).to.equal("dong-but");
    // On the slanted border dong-but | phu-my, midpoint of (105.622, 20.995)–(105.62, 21.01).
    expect(areaAt(config, 21.0025, 105.621)?.properties.id).to.equal("dong-but");
    // The corner shared by all four.
    expect(areaAt(config, 20.995, 105.622)?.properties.id).to.equal("dong-but");
    // yen-thai | ngoc-bai border: yen-thai comes first.
    expect(areaAt(config, 20.9875, 105.621)?.properties.id).to.equal("yen-thai");
  });

  it("returns null outside every area, and routing falls back", () => {
    expect(areaAt(config, 21.05, 105.7)).to.equal(null);
    expect(routeCase(config, null, "lan_chiem")).to.equal(config.fallbackTeam);
  });

  it("honours holes and multipolygons", () => {
    const c = exampleConfig();
    c.areas.features = [
      {
        type: "Feature",
        properties: { id: "a", name: "A", aliases: [] },
        geometry: {
          type: "MultiPolygon",
          coordinates: [
            [
              [
                [0, 0],
                [10, 0],
                [10, 10],
                [0, 10],
                [0, 0],
              ],
              [
                [4, 4],
                [6, 4],
                [6, 6],
                [4, 6],
                [4, 4],
              ],
            ],
            [
              [
                [20, 20],
                [21, 20],
                [21, 21],
                [20, 20],
              ],
            ],
          ],
        },
      },
    ];
    expect(areaAt(c, 1, 1)?.properties.id).to.equal("a");
    expect(areaAt(c, 5, 5)).to.equal(null);
    expect(areaAt(c, 20.2, 20.8)?.properties.id).to.equal("a");
  });

  it("matches typed names and landmarks with or without diacritics", () => {
    expect(areaByName(config, "Nhà ở thôn Đồng Bụt đang xây")?.properties.id).to.equal("dong-but");
    expect(areaByName(config, "gan cho phu my")?.properties.id).to.equal("phu-my");
    expect(areaByName(config, "XÓM BÃI, cạnh đường")?.properties.id).to.equal("ngoc-bai");
    expect(areaByName(config, "truong tieu hoc kieu phu")?.properties.id).to.equal("yen-thai");
    expect(areaByName(config, "Nhà văn hóa Yên Thái")?.properties.id).to.equal("yen-thai");
    expect(areaByName(config, "Đồng-Bụt")?.properties.id).to.equal("dong-but");
    expect(areaByName(config, "Hà Đông")).to.equal(null);
    // Whole words only: "my" inside another word is no match.
    expect(areaByName(config, "phumy")).to.equal(null);
  });

  it("strips Vietnamese diacritics including đ", () => {
    expect(stripDiacritics("Đường Đồng Bụt, Kiều Phú")).to.equal("Duong Dong But, Kieu Phu");
  });

  it("measures distances in metres", () => {
    const a = { lat: 21.0, lng: 105.62 };
    expect(distanceMeters(a, a)).to.equal(0);
    // 0.001° of latitude ≈ 111.2 m.
    expect(distanceMeters(a, { lat: 21.001, lng: 105.62 })).to.be.closeTo(111.2, 0.5);
  });
});
