/**
 * A CPU profile over a stretch of its process's life: the busy ms of every second (to find the
 * phases), then the busy share of `from`–`to` s by place and by function. For the profiles of
 * `bench/fairness.ts --profile-dir`, which cover a process from its start.
 *
 *   npx tsx bench/profile-window.ts DIR/<pid>.cpuprofile [from-s to-s [functions]]
 */
import { readFileSync } from "node:fs";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

const [file, fromArg, toArg, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-window.ts FILE [from-s to-s [functions]]");
const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const from = Number(fromArg ?? 0);
const to = Number(toArg ?? Infinity);
/** Where code lives: a package, node's internals, a folder of the build, or V8's own entry. */
const placeOf = (url: string, fn: string) =>
  url.includes("node_modules/")
    ? url.replace(/^.*node_modules\//u, "").split("/")[0]!
    : url.startsWith("node:")
      ? "node internals"
      : url
        ? url
            .replace(/^.*\/dist\//u, "")
            .split("/")
            .slice(0, 2)
            .join("/")
        : fn;

const busyPerSecond: number[] = [];
const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  at += us;
  const frame = frames.get(id)!;
  if (frame.functionName === "(idle)") return;
  const second = Math.floor((at - profile.startTime) / 1e6);
  busyPerSecond[second] = (busyPerSecond[second] ?? 0) + us;
  if (second < from || second >= to) return;
  const place = placeOf(frame.url, frame.functionName);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  const fn = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*node_modules\//u, "")}:${frame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
});
console.log(`busy ms in each second: ${Array.from(busyPerSecond, (us) => Math.round((us ?? 0) / 1000)).join(" ")}`);
if (fromArg) {
  const seconds = Math.min(to, busyPerSecond.length) - from;
  const share = (us: number) => `${((100 * us) / 1e6 / seconds).toFixed(2)}%`.padStart(7);
  const total = [...byPlace.values()].reduce((a, b) => a + b, 0);
  console.log(`${from}–${from + seconds} s: ${share(total)} of a core`);
  for (const [k, us] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${share(us)}  ${k}`);
  console.log("functions:");
  for (const [k, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 30))) console.log(`${share(us)}  ${k}`);
}
