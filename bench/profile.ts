import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { REPO } from "./child.js";

/** The parts of a V8 `.cpuprofile` (as written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  /** Self time, ms. */
  ms: number;
  /** Share of all sampled time (idle included), %. */
  pct: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Time the process was idle (waiting for I/O): a saturated server has little. */
  idlePct: number;
  functions: ProfileLine[];
  /** Self time grouped by where the code lives: a package, node internals, or a project folder. */
  places: ProfileLine[];
}

/** Where a function lives, for grouping: `express`, `node:internal`, `webhooks/zalo`, `(gc)`… */
function placeOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return "node internals";
  const local = url.replace(/^file:\/\//, "");
  if (local.startsWith(REPO)) return path.dirname(path.relative(REPO, local));
  return url;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length);
  return url.replace(/^file:\/\//, "").replace(REPO + "/", "");
}

/**
 * Self time per function and per place, from per-sample time deltas (exact, not hit counts).
 * `sinceMs`: only samples from that long after the profile started (a whole-life `--cpu-prof`
 * of a process, read from where its measured load began).
 */
export function summarizeProfile(file: string, top = 25, sinceMs = 0): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let at = prof.startTime;
  const fromUs = prof.startTime + sinceMs * 1000;
  prof.samples.forEach((id, i) => {
    // A sample's delta is the time since the previous one: attribute it to this sample's node.
    at += prof.timeDeltas[i] ?? 0;
    if (at < fromUs) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  const totalUs = prof.endTime - Math.max(prof.startTime, fromUs);
  const fns = new Map<string, number>();
  const places = new Map<string, number>();
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const fn = frame.functionName || "(anonymous)";
    if (fn === "(idle)") {
      idleUs += us;
      continue;
    }
    const key = frame.url ? `${fn} ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : fn;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const place = placeOf(frame.url, fn);
    places.set(place, (places.get(place) ?? 0) + us);
  }
  const lines = (m: Map<string, number>, n: number): ProfileLine[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: us / 1000, pct: (100 * us) / totalUs }));
  return {
    file,
    totalMs: totalUs / 1000,
    idlePct: (100 * idleUs) / totalUs,
    functions: lines(fns, top),
    places: lines(places, top),
  };
}

/** The newest `.cpuprofile` in a directory. */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .sort();
  const last = files.at(-1);
  return last ? path.join(dir, last) : undefined;
}
