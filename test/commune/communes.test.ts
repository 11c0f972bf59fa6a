import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { loadCommunes } from "../../src/commune/communes.js";
import { CommuneConfigError } from "../../src/commune/config.js";
import { EXAMPLE_CONFIG_PATH } from "./fixture.js";
import { provinceOfTwo } from "../support/province.js";

describe("the communes of a deployment", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "communes-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const { a, b } = provinceOfTwo();
  // The catalogue path is absolute after loading: the copies find it wherever they are written.
  const write = (name: string, commune: object) => writeFile(path.join(dir, name), JSON.stringify(commune));
  const problemsOf = (fn: () => unknown): string[] => {
    try {
      fn();
    } catch (err) {
      if (err instanceof CommuneConfigError) return err.problems;
      throw err;
    }
    throw new Error("no error");
  };

  it("COMMUNE_CONFIG alone is a province of one, named by its file, taking every OA's events", () => {
    const communes = loadCommunes({ communeConfig: EXAMPLE_CONFIG_PATH });
    expect(communes.ids).to.deep.equal(["kieu-phu"]);
    expect(communes.forOa("123")?.id).to.equal("kieu-phu");
    expect(communes.forOa(undefined)?.id).to.equal("kieu-phu");
  });

  it("COMMUNES_DIR loads one commune per file and routes by OA; an unknown OA is nobody's", async () => {
    await write("kieu-phu.json", a);
    await write("phu-xa.json", b);
    await writeFile(path.join(dir, "phu-xa.procedures.json"), "{}");
    const communes = loadCommunes({ communesDir: dir, communeConfig: "/unused" });
    expect(communes.ids).to.deep.equal(["kieu-phu", "phu-xa"]);
    expect(communes.forOa(b.zalo!.oaId)?.name).to.equal("Xã Phú Xá");
    expect(communes.forOa("999")).to.equal(undefined);
    expect(communes.only()).to.equal(undefined);
  });

  it("refuses two communes with one id or one OA, a file without id or OA, and ids shared across communes, naming the files", async () => {
    await write("a.json", a);
    await write("b.json", { ...a, name: "Xã Trùng" });
    const problems = problemsOf(() => loadCommunes({ communesDir: dir, communeConfig: "/unused" })).join("\n");
    expect(problems).to.include(`b.json: id: "kieu-phu" is also the id of ${path.join(dir, "a.json")}`);
    expect(problems).to.include("zalo.oaId: OA 2197174064623873199 is also the OA of");
    expect(problems).to.match(/team id "[a-z-]+" is also used in .*a\.json/);
    expect(problems).to.match(/officer id "[a-z-]+" is also used in .*a\.json/);

    await rm(path.join(dir, "b.json"));
    const { id: _id, ...noId } = b;
    const { zalo: _zalo, ...noOa } = b;
    await write("b.json", noId);
    expect(problemsOf(() => loadCommunes({ communesDir: dir, communeConfig: "/unused" })).join("\n")).to.include(
      "id: is required in COMMUNES_DIR",
    );
    await write("b.json", noOa);
    expect(problemsOf(() => loadCommunes({ communesDir: dir, communeConfig: "/unused" })).join("\n")).to.include(
      "zalo.oaId: is required when the deployment has several communes",
    );
  });
});
