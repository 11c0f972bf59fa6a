import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { toLocal } from "../../src/core/local-time.js";
import { openPostgres } from "../../src/db/postgres.js";
import { createTestSchema } from "../support/db.js";
import { testEnv } from "../support/env.js";
import { EXAMPLE_CONFIG_PATH } from "../commune/fixture.js";
import { builtPath, runBuilt, waitForOutput } from "../support/process.js";
import { dropPrefix, uniquePrefix } from "../support/redis.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

// Lives beside the API tests because the API and the CLI are the two ways in for the same CSV.

const SAMPLE = DOSSIERS_SAMPLE;
const DAY_MS = 24 * 3600_000;

function runCli(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--enable-source-maps", builtPath("src/dossiers/import-cli.ts"), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("import:dossiers CLI, misconfigured", function () {
  // A child process: slow on a loaded machine.
  this.timeout(180_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "import-cli-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("says how to call it and exits 2 on a wrong command line, before reading any setting", async () => {
    for (const args of [["--demo"], ["--demos", SAMPLE], [SAMPLE, SAMPLE], []]) {
      const r = await runCli(args, { DATABASE_URL: "mysql://nope" }, dir);
      expect(r.code, args.join(" ")).to.equal(2);
      expect(r.stderr, args.join(" "))
        .to.contain("Usage: npm run import:dossiers -- [--demo] [--commune ID] FILE.csv")
        .and.not.contain("DATABASE_URL");
    }
  });

  it("names the bad variable and exits 1", async () => {
    const r = await runCli([SAMPLE], { DATABASE_URL: "mysql://nope", DATA_DIR: path.join(dir, "x") }, dir);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain("DATABASE_URL");
  });
});

describe("import:dossiers beside a running hotline", function () {
  // Two real processes start here (the hotline, then the tool), each opening a database.
  this.timeout(240_000);
  const prefix = uniquePrefix("import-beside");
  const code = "000.00.21.H26-251126-0001"; // a dossier of the sample file
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "import-beside-"));
  });
  after(async () => {
    await dropPrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  async function startHotline(env: Record<string, string>) {
    const run = runBuilt("src/main.ts", testEnv({ REDIS_PREFIX: prefix, LOG_LEVEL: "info", ...env }));
    const out = await waitForOutput(run, (o) => /hotline listening/.test(o), 180_000);
    const port = Number(/"port":(\d+)/.exec(out)?.[1]);
    const dossier = async () =>
      (await fetch(`http://127.0.0.1:${port}/api/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${testEnv().ADMIN_TOKEN}` } }))
        .status;
    const stop = async () => {
      run.child.kill("SIGTERM");
      expect(await run.exited, run.output()).to.equal(0);
    };
    return { pid: run.child.pid!, dossier, stop, run };
  }

  // One embedded database through its life (initdb costs seconds): held, then free for the tool.
  it("embedded database: refused while the hotline holds it, nothing written; once it stopped, imports with only the database settings (no Zalo keys), then re-imports unchanged", async () => {
    const dataDir = path.join(dir, "data");
    const hotline = await startHotline({ DATA_DIR: dataDir });
    try {
      const refused = await runCli([SAMPLE], { DATA_DIR: dataDir, LOG_LEVEL: "warn" }, dir);
      expect(refused.code, refused.stderr).to.equal(1);
      expect(refused.stderr).to.contain(`in use by process ${hotline.pid}`).and.contain("DATABASE_URL");
      expect(refused.stdout).to.equal("");
      expect(await hotline.dossier()).to.equal(404);
    } finally {
      await hotline.stop();
    }
    expect(existsSync(path.join(dataDir, "pglite.lock")), "the lock is released at stop").to.equal(false);
    const imported = await runCli([SAMPLE], { DATA_DIR: dataDir, LOG_LEVEL: "warn" }, dir);
    expect(imported.code, imported.stderr).to.equal(0);
    // All 60 are new: the refused run wrote nothing.
    expect(imported.stdout).to.contain("inserted 60");
    // Read back from the database: all 60 are stored as imported.
    const again = await runCli([SAMPLE], { DATA_DIR: dataDir, LOG_LEVEL: "warn" }, dir);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain("unchanged 60");
  });

  it("PostgreSQL: imports while the hotline runs, and the hotline sees the rows", async () => {
    const schema = await createTestSchema();
    const hotline = await startHotline({ DATABASE_URL: schema.url, DATA_DIR: path.join(dir, "unused") });
    try {
      expect(await hotline.dossier()).to.equal(404);
      const imported = await runCli([SAMPLE], { DATABASE_URL: schema.url, LOG_LEVEL: "warn" }, dir);
      expect(imported.code, imported.stderr).to.equal(0);
      expect(imported.stdout).to.contain("inserted 60");
      expect(await hotline.dossier()).to.equal(200);
    } finally {
      await hotline.stop();
      await schema.drop();
    }
  });
});

describe("import:dossiers --demo", function () {
  // A child process: slow on a loaded machine.
  this.timeout(180_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "import-demo-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("--demo on PostgreSQL: the sample's dates moved by whole weeks to the last seven days, as the database stores them", async () => {
    const schema = await createTestSchema();
    const db = openPostgres(schema.url, { max: 1 });
    try {
      const before = Date.now();
      const imported = await runCli(["--demo", SAMPLE], { DATABASE_URL: schema.url, LOG_LEVEL: "warn" }, dir);
      expect(imported.code, imported.stderr).to.equal(0);
      expect(imported.stdout)
        .to.contain("inserted 60")
        .and.match(/Demo: every date moved \d+ weeks forward \(newest event 04\/12\/2025 → /);
      const rows = await db.query<{ code: string; received_at: Date; due_at: Date | null }>(
        "SELECT code, received_at, due_at FROM dossiers ORDER BY received_at DESC",
      );
      expect(rows).to.have.length(60);
      const newest = rows[0]!;
      // The sample's newest: received on Thursday 04/12/2025 at 11:34, due Tuesday 09/12 at 17:00.
      expect(newest.code).to.equal("000.00.21.H26-251204-0001");
      expect(new Date(newest.received_at).getTime())
        .to.be.above(before - 7 * DAY_MS)
        .and.at.most(Date.now());
      expect(toLocal(new Date(newest.received_at))).to.deep.include({ isoWeekday: 4, time: "11:34" });
      expect(toLocal(new Date(newest.due_at!))).to.deep.include({ isoWeekday: 2, time: "17:00" });
      expect(new Date(newest.due_at!).getTime() - new Date(newest.received_at).getTime()).to.equal(
        new Date("2025-12-09T17:00:00+07:00").getTime() - new Date("2025-12-04T11:34:00+07:00").getTime(),
      );
    } finally {
      await db.close();
      await schema.drop();
    }
  });
});

/**
 * A province of two communes (COMMUNES_DIR): the example commune and a copy of it whose team,
 * officer and leadership ids are its own (ids are unique in the province).
 */
async function provinceOfTwo(dir: string): Promise<string> {
  const communes = path.join(dir, "communes");
  await mkdir(communes, { recursive: true });
  const text = readFileSync(EXAMPLE_CONFIG_PATH, "utf8");
  const example = JSON.parse(text) as {
    teams: { id: string; officers: { id: string }[] }[];
    leadership: { id: string }[];
    procedureCatalogue: string;
  };
  const catalogue = path.resolve(path.dirname(EXAMPLE_CONFIG_PATH), example.procedureCatalogue);
  const kieuPhu = { ...(JSON.parse(text) as object), id: "kieu-phu", zalo: { oaId: "2197174064623873199" }, procedureCatalogue: catalogue };
  const ids = [...example.teams.flatMap((t) => [t.id, ...t.officers.map((o) => o.id)]), ...example.leadership.map((l) => l.id)];
  let copy = text;
  for (const id of ids) copy = copy.replaceAll(`"${id}"`, `"px-${id}"`);
  const parsed = JSON.parse(copy) as { teams: { officers: { zaloUserId?: string }[] }[]; leadership: { zaloUserId?: string }[] };
  // Zalo user ids are per OA: the copy's officers are other people.
  for (const o of [...parsed.teams.flatMap((t) => t.officers), ...parsed.leadership]) delete o.zaloUserId;
  const phuXa = {
    ...parsed,
    id: "phu-xa",
    name: "Xã Phú Xá",
    zalo: { oaId: "3000000000000000001" },
    procedureCatalogue: catalogue,
  };
  await writeFile(path.join(communes, "kieu-phu.json"), JSON.stringify(kieuPhu));
  await writeFile(path.join(communes, "phu-xa.json"), JSON.stringify(phuXa));
  return communes;
}

describe("import:dossiers --commune", function () {
  // Child processes: slow on a loaded machine.
  this.timeout(180_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "import-commune-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("with several communes, names the commune to import into: none or an unknown one exits 2 with the ids; nothing is opened", async () => {
    const communesDir = await provinceOfTwo(dir);
    const env = { COMMUNES_DIR: communesDir, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", LOG_LEVEL: "warn" };
    const none = await runCli([SAMPLE], env, dir);
    expect(none.code, none.stderr).to.equal(2);
    expect(none.stderr).to.contain("--commune ID, one of kieu-phu, phu-xa");
    const unknown = await runCli(["--commune", "ha-noi", SAMPLE], env, dir);
    expect(unknown.code, unknown.stderr).to.equal(2);
    expect(unknown.stderr).to.contain('No commune "ha-noi"').and.contain("kieu-phu, phu-xa");
  });

  it("imports into the named commune; the same file into another commune rejects every row (PostgreSQL)", async () => {
    const communesDir = await provinceOfTwo(dir);
    const schema = await createTestSchema();
    const db = openPostgres(schema.url, { max: 1 });
    try {
      const env = { COMMUNES_DIR: communesDir, DATABASE_URL: schema.url, LOG_LEVEL: "warn" };
      const imported = await runCli(["--commune", "phu-xa", SAMPLE], env, dir);
      expect(imported.code, imported.stderr).to.equal(0);
      expect(imported.stdout).to.contain("Imported dossiers of Xã Phú Xá (phu-xa)").and.contain("inserted 60");
      const owners = await db.query<{ commune_id: string; n: number }>("SELECT commune_id, count(*)::int AS n FROM dossiers GROUP BY 1");
      expect(owners).to.deep.equal([{ commune_id: "phu-xa", n: 60 }]);
      const other = await runCli(["--commune", "kieu-phu", SAMPLE], env, dir);
      expect(other.code, other.stderr).to.equal(0);
      expect(other.stdout).to.contain("inserted 0, updated 0, unchanged 0, rejected 60").and.contain("dossier of another commune");
    } finally {
      await db.close();
      await schema.drop();
    }
  });
});
