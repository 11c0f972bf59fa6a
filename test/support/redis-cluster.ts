import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

const run = promisify(execFile);

/** Redis Cluster's bus listens on the node's port + 10000: both must be free. */
const BUS_OFFSET = 10_000;

/** One redis-server of a local cluster. */
export interface ClusterNodeProcess {
  port: number;
  child: ChildProcess;
}

/**
 * A local Redis Cluster for tests: `masters` masters with `replicasPerMaster` replicas each,
 * `redis-server --cluster-enabled yes` on free ports (whose bus ports are free too), a node
 * timeout of one second so a failover takes a few seconds. Nothing persisted unless `appendonly`.
 */
export class RedisCluster {
  private constructor(
    private readonly dir: string,
    readonly nodes: ClusterNodeProcess[],
  ) {}

  static async start(opts: { masters?: number; replicasPerMaster?: number; appendonly?: boolean } = {}): Promise<RedisCluster> {
    const masters = opts.masters ?? 3;
    const replicas = opts.replicasPerMaster ?? 1;
    const dir = mkdtempSync(path.join(tmpdir(), "hotline-cluster-"));
    const cluster = new RedisCluster(dir, []);
    try {
      const ports = await freePortsWithBus(masters * (1 + replicas));
      for (const port of ports) cluster.nodes.push({ port, child: spawnNode(dir, port, opts.appendonly ?? false) });
      for (const port of ports) await waitForPort(port, true);
      await run("redis-cli", [
        "--cluster",
        "create",
        ...ports.map((p) => `127.0.0.1:${p}`),
        "--cluster-replicas",
        String(replicas),
        "--cluster-yes",
      ]);
      await cluster.waitUntilOk();
      await cluster.waitForReplicas(masters * replicas);
      return cluster;
    } catch (err) {
      await cluster.stop();
      throw err;
    }
  }

  /** `host:port,…` of every node, as REDIS_CLUSTER_NODES takes them. */
  get seeds(): string {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`).join(",");
  }

  get seedNodes(): { host: string; port: number }[] {
    return this.nodes.map((n) => ({ host: "127.0.0.1", port: n.port }));
  }

  private alive(): ClusterNodeProcess[] {
    return this.nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  }

  /** Ask a running node. */
  private async ask<T>(fn: (r: Redis) => Promise<T>, node = this.alive()[0]): Promise<T> {
    if (!node) throw new Error("no cluster node is running");
    const r = new Redis(node.port, "127.0.0.1", { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await r.connect();
      return await fn(r);
    } finally {
      r.disconnect();
    }
  }

  /** The port of the master serving `key`'s slot, as every running node sees it. */
  async masterOf(key: string): Promise<number> {
    const slot = Number(await this.ask((r) => r.call("CLUSTER", "KEYSLOT", key)));
    const slots = (await this.ask((r) => r.call("CLUSTER", "SLOTS"))) as [number, number, [string, number, ...unknown[]], ...unknown[]][];
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no node serves slot ${slot}`);
    return Number(range[2][1]);
  }

  /** Kill a node with SIGKILL (a crash: no time to hand anything over). */
  async kill(port: number): Promise<void> {
    const node = this.nodes.find((n) => n.port === port);
    if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
    const exited = new Promise((r) => node.child.once("exit", r));
    node.child.kill("SIGKILL");
    await exited;
  }

  /**
   * Wait until every running node says `cluster_state:ok` and the slots are served by running
   * masters only (after a kill: once a replica has taken over). Generous by default: under load a
   * failover takes longer than its node timeout.
   */
  async waitUntilOk(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const running = () => new Set(this.alive().map((n) => n.port));
    for (;;) {
      const states = await Promise.all(
        this.alive().map((node) =>
          this.ask(async (r) => {
            const info = String(await r.call("CLUSTER", "INFO"));
            const slots = (await r.call("CLUSTER", "SLOTS")) as [number, number, [string, number, ...unknown[]], ...unknown[]][];
            const covered = slots.reduce((n, [from, to]) => n + to - from + 1, 0);
            return info.includes("cluster_state:ok") && covered === 16384 && slots.every((s) => running().has(Number(s[2][1])));
          }, node).catch(() => false),
        ),
      );
      if (states.length && states.every(Boolean)) return;
      if (Date.now() > deadline) throw new Error(`cluster not ok within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Wait until `n` replicas have synced with their masters (only then can they take over). */
  async waitForReplicas(n: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const links = await Promise.all(this.alive().map((node) => this.ask((r) => r.info("replication"), node).catch(() => "")));
      if (links.filter((info) => info.includes("master_link_status:up")).length >= n) return;
      if (Date.now() > deadline) throw new Error(`${n} replicas not in sync within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.alive().map(async (n) => {
        const exited = new Promise((r) => n.child.once("exit", r));
        n.child.kill("SIGKILL");
        await exited;
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function spawnNode(dir: string, port: number, appendonly: boolean): ChildProcess {
  return spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      path.join(dir, `nodes-${port}.conf`),
      "--cluster-node-timeout",
      "1000",
      // A replica takes over however long ago it last heard from its master (the default refuses
      // when it looks stale, which a test cannot wait out).
      "--cluster-replica-validity-factor",
      "0",
      "--save",
      "",
      "--appendonly",
      appendonly ? "yes" : "no",
      "--dir",
      dir,
      "--appenddirname",
      `aof-${port}`,
    ],
    { stdio: "ignore" },
  );
}

/** `n` distinct ports, each free together with its bus port (+10000). */
async function freePortsWithBus(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < n; tries++) {
    if (tries > 500) throw new Error("no free ports for a Redis Cluster");
    const port = 20_000 + Math.floor(Math.random() * 25_000);
    if (ports.includes(port) || ports.includes(port + BUS_OFFSET) || ports.includes(port - BUS_OFFSET)) continue;
    if ((await canListen(port)) && (await canListen(port + BUS_OFFSET))) ports.push(port);
  }
  return ports;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function waitForPort(port: number, open: boolean, timeoutMs = 10_000): Promise<void> {
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
