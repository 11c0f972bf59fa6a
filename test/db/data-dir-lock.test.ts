import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { DatabaseHeldError, lockDataDir } from "../../src/db/data-dir-lock.js";

describe("embedded database lock (DATA_DIR)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "data-dir-lock-"));
  let n = 0;
  const lockFile = () => path.join(dir, `pglite-${++n}.lock`);
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A real process that stays alive until killed. */
  function liveProcess() {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    return { pid: child.pid!, kill: async () => (child.kill("SIGKILL"), await exited) };
  }

  it("holds the file with this pid until released; a second open in the same process is refused", () => {
    const file = lockFile();
    const lock = lockDataDir(file);
    expect(readFileSync(file, "utf8").trim()).to.equal(String(process.pid));
    expect(() => lockDataDir(file)).to.throw(DatabaseHeldError);
    lock.release();
    lock.release();
    expect(existsSync(file)).to.equal(false);
    lockDataDir(file).release();
  });

  it("refuses while another live process holds it, naming its pid; takes it once that process is gone", async () => {
    const file = lockFile();
    const holder = liveProcess();
    try {
      writeFileSync(file, `${holder.pid}\n`);
      let err: unknown;
      try {
        lockDataDir(file);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(DatabaseHeldError);
      expect((err as DatabaseHeldError).pid).to.equal(holder.pid);
      expect((err as Error).message)
        .to.include(`process ${holder.pid}`)
        .and.include(file);
    } finally {
      await holder.kill();
    }
    // Killed without releasing (like kill -9 of the hotline): the lock is stale.
    const lock = lockDataDir(file);
    expect(readFileSync(file, "utf8").trim()).to.equal(String(process.pid));
    lock.release();
  });

  it("a lock left with this very pid by a previous life of the pid is stale", () => {
    const file = lockFile();
    writeFileSync(file, `${process.pid}\n`);
    lockDataDir(file).release();
    expect(existsSync(file)).to.equal(false);
  });

  it("does not remove a lock another process holds when releasing", async () => {
    const file = lockFile();
    const lock = lockDataDir(file);
    const other = liveProcess();
    try {
      writeFileSync(file, `${other.pid}\n`); // as if it had been taken over meanwhile
      lock.release();
      expect(readFileSync(file, "utf8").trim()).to.equal(String(other.pid));
    } finally {
      await other.kill();
    }
  });
});
