import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { openDatabase } from "../../src/db/open.js";
import { REPO } from "../support/process.js";
import { DOSSIERS_SAMPLE } from "../support/shared.js";

// Lives beside the API tests because the API and the CLI are the two ways in for the same CSV.

const SAMPLE = DOSSIERS_SAMPLE;
const TSX = import.meta.resolve("tsx");

function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX, path.join(REPO, "src/dossiers/import-cli.ts"), ...args], {
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

describe("import:dossiers CLI (pglite)", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "import-cli-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("imports with only the database settings (no Zalo keys), then re-imports unchanged", async () => {
    const env = { DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "warn" };
    const first = await runCli([SAMPLE], env, dir);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain("inserted 60");
    const again = await runCli([SAMPLE], env, dir);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain("unchanged 60");
    const db = await openDatabase({ DATA_DIR: env.DATA_DIR, DATABASE_URL: undefined });
    try {
      expect(await db.query("SELECT code FROM dossiers")).to.have.length(60);
    } finally {
      await db.close();
    }
  });

  it("names the bad variable and exits 1", async () => {
    const r = await runCli([SAMPLE], { DATABASE_URL: "mysql://nope", DATA_DIR: path.join(dir, "x") }, dir);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain("DATABASE_URL");
  });
});
