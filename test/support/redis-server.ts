import { freePort } from "./listen.js";
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";

/** A private redis-server on its own port, for tests that stop and restart Redis. */
export class RedisServer {
  private child?: ChildProcess;
  private constructor(
    readonly port: number,
    /** With a folder: append-only file, fsync on every write (as production should run it). */
    private readonly aofDir?: string,
  ) {}

  static async start(opts: { aofDir?: string } = {}): Promise<RedisServer> {
    const s = new RedisServer(await freePort(), opts.aofDir);
    await s.up();
    return s;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Start it; nothing to do while it runs (a second server on the port would fail, and the first be left behind). */
  async up(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    const persistence = this.aofDir ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", this.aofDir] : ["--appendonly", "no"];
    this.child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", ...persistence], {
      stdio: "ignore",
    });
    await waitForPort(this.port, true);
  }

  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    await waitForPort(this.port, false);
  }
}

async function waitForPort(port: number, open: boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, "127.0.0.1");
      sock.once("connect", () => {
        sock.destroy();
        resolve(true);
      });
      sock.once("error", () => resolve(false));
    });
    if (isOpen === open) return;
    if (Date.now() > deadline) throw new Error(`redis port ${port} not ${open ? "open" : "closed"} in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
