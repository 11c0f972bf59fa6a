import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";

/**
 * CPU time used so far, ms, to tell which process is the bottleneck of a phase (server, load
 * generator, Redis: all share the machine's cores).
 */

// Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel.
const TICK_MS = 10;

/** A child process's CPU time (all threads), from /proc; null where /proc is not there. */
export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** This process's CPU time. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The Redis server's CPU time (INFO cpu). */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const value = (key: string) => Number(new RegExp(`^${key}:([\\d.]+)`, "m").exec(info)?.[1] ?? 0);
  return (value("used_cpu_user") + value("used_cpu_sys")) * 1000;
}

/** CPU use over a phase as % of one core, per process. */
export interface CpuShare {
  server: number | null;
  loadgen: number;
  redis: number;
}

/** Take a reading now; call the result at the end of the phase to get the shares. */
export async function cpuMeter(serverPid: number | undefined, redis: Redis): Promise<() => Promise<CpuShare>> {
  const t0 = performance.now();
  const s0 = processCpuMs(serverPid);
  const l0 = ownCpuMs();
  const r0 = await redisCpuMs(redis);
  return async () => {
    const wall = performance.now() - t0;
    const s1 = processCpuMs(serverPid);
    const pct = (ms: number) => Math.round((100 * ms) / wall);
    return {
      server: s0 === null || s1 === null ? null : pct(s1 - s0),
      loadgen: pct(ownCpuMs() - l0),
      redis: pct((await redisCpuMs(redis)) - r0),
    };
  };
}
