import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO } from "./child.js";
import type { CpuShare } from "./cpu.js";
import type { LoadResult } from "./load.js";
import { type PipelineReport, renderPipeline } from "./pipeline.js";
import type { ProfileSummary } from "./profile.js";
import { renderSinks, type SinkFigures } from "./sink.js";

/** Everything measured for one server. */
export interface ServerFigures {
  name: string;
  saturation: LoadResult;
  /** CPU of server, load generator and Redis during the saturation phase, % of one core. */
  saturationCpu: CpuShare;
  rate: LoadResult;
  /** Every round's figure: saturation = the round with the median req/s, rate = median p99. */
  rounds: { saturationRps: number[]; rateP99: number[] };
  /** Failed requests over every phase (warm-up and profile included). */
  failures: { non2xx: number; errors: number; timeouts: number };
  /** Jobs found in the server's queue afterwards vs 2xx answers and events sent (all phases). */
  stored: { jobs: number; ok2xx: number; sent: number; liveEvents: number };
}

export interface BenchReport {
  command: string;
  at: string;
  /** The 1-minute load average around the run: other work on the machine skews every figure. */
  machine: { cpus: number; node: string; loadAvgBefore: number; loadAvgAfter: number };
  settings: { connections: number; durationS: number; rate: number; warmupS: number; rounds: number };
  baseline?: ServerFigures;
  hotline?: ServerFigures;
  profile?: ProfileSummary;
  /** The webhook's store step, ordered (lanes) vs the unordered store it replaced. */
  sinks?: { settings: { events: number; concurrency: number; rounds: number }; unordered: SinkFigures; ordered: SinkFigures };
  /** End to end through web + worker processes, bursts vs one message per citizen; Redis bytes. */
  pipeline?: PipelineReport;
}

/** The goals of issue 3 for a ROLE=web process. */
export const GOALS = { minSaturationRatio: 0.5, maxP99AtRateMs: 25 } as const;

const RESULTS = path.join(REPO, "bench/results");

const f0 = (n: number) => Math.round(n).toLocaleString("en-US");
const f1 = (n: number) => n.toFixed(1);
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? (a / b).toFixed(2) : "–");
const pct = (n: number | null | undefined) => (n === null || n === undefined ? "–" : `${n}%`);

/** The report as Markdown: figures side by side, ratios hotline/baseline, goals, profile. */
export function renderMarkdown(r: BenchReport): string {
  const b = r.baseline;
  const h = r.hotline;
  const s = r.settings;
  const row = (label: string, get: (x: ServerFigures) => number, fmt: (n: number) => string) => {
    const bv = b ? get(b) : undefined;
    const hv = h ? get(h) : undefined;
    return `| ${label} | ${bv === undefined ? "–" : fmt(bv)} | ${hv === undefined ? "–" : fmt(hv)} | ${ratio(hv, bv)} |`;
  };
  const lines = [
    `# Webhook ingest benchmark`,
    ``,
    `\`${r.command}\` — ${r.at}, ${r.machine.cpus} CPUs, Node ${r.machine.node}, load average ` +
      `${r.machine.loadAvgBefore.toFixed(1)} before / ${r.machine.loadAvgAfter.toFixed(1)} after. Distinct signed ` +
      `\`user_send_text\` events; each server in a child process, the load (autocannon at saturation, an evenly paced open loop at 1,000/s) in the parent, local Redis. ` +
      `Median of ${s.rounds} interleaved rounds (every round in latest.json).`,
    ``,
    `| figure | baseline (node:http) | hotline (ROLE=web) | hotline / baseline |`,
    `|---|---:|---:|---:|`,
    row(`req/s at saturation (${s.connections} connections, ${s.durationS} s)`, (x) => x.saturation.rps, f0),
    `| saturated req/s, every round | ${b ? b.rounds.saturationRps.map(f0).join(", ") : "–"} | ${h ? h.rounds.saturationRps.map(f0).join(", ") : "–"} | |`,
    row(`p50 ms at saturation`, (x) => x.saturation.p50, f1),
    row(`p99 ms at saturation`, (x) => x.saturation.p99, f1),
    row(`req/s answered at ${f0(s.rate)}/s offered (${s.durationS} s)`, (x) => x.rate.rps, f0),
    row(`p50 ms at ${f0(s.rate)}/s`, (x) => x.rate.p50, f1),
    row(`p99 ms at ${f0(s.rate)}/s`, (x) => x.rate.p99, f1),
    row(`max ms at ${f0(s.rate)}/s`, (x) => x.rate.max, f1),
    `| p99 ms at ${f0(s.rate)}/s, every round | ${b ? b.rounds.rateP99.map(f1).join(", ") : "–"} | ${h ? h.rounds.rateP99.map(f1).join(", ") : "–"} | |`,
    `| server / load generator / Redis CPU at saturation (% of a core) | ${b ? cpuCell(b.saturationCpu) : "–"} | ${h ? cpuCell(h.saturationCpu) : "–"} | |`,
    `| non-2xx, errors, timeouts (all phases) | ${b ? failCell(b) : "–"} | ${h ? failCell(h) : "–"} | |`,
    `| jobs stored / 2xx / events sent | ${b ? storedCell(b) : "–"} | ${h ? storedCell(h) : "–"} | |`,
    ``,
  ];
  if (b && h) {
    const sat = h.saturation.rps / b.saturation.rps;
    lines.push(
      `Goals (issue 3): saturated rate ≥ ${GOALS.minSaturationRatio * 100}% of the baseline — ` +
        `${(sat * 100).toFixed(0)}% ${sat >= GOALS.minSaturationRatio ? "**met**" : "**not met**"}; ` +
        `p99 < ${GOALS.maxP99AtRateMs} ms at ${f0(s.rate)}/s — ${f1(h.rate.p99)} ms ` +
        `${h.rate.p99 < GOALS.maxP99AtRateMs ? "**met**" : "**not met**"}.`,
      ``,
    );
  }
  if (r.sinks) lines.push(...renderSinks(r.sinks, r.sinks.settings));
  if (r.pipeline) lines.push(...renderPipeline(r.pipeline));
  if (r.profile) lines.push(...renderProfile(r.profile));
  return lines.join("\n");
}

function cpuCell(c: CpuShare): string {
  return `${pct(c.server)} / ${pct(c.loadgen)} / ${pct(c.redis)}`;
}

function failCell(x: ServerFigures): string {
  const f = x.failures;
  return `${f.non2xx}, ${f.errors}, ${f.timeouts}`;
}

function storedCell(x: ServerFigures): string {
  const live = x.stored.liveEvents ? ` (${f0(x.stored.liveEvents)} made live)` : "";
  return `${f0(x.stored.jobs)} / ${f0(x.stored.ok2xx)} / ${f0(x.stored.sent)}${live}`;
}

function renderProfile(p: ProfileSummary): string[] {
  const table = (title: string, rows: ProfileSummary["functions"]) => [
    `| ${title} | self ms | % |`,
    `|---|---:|---:|`,
    ...rows.map((l) => `| \`${l.name.replace(/\|/g, "\\|")}\` | ${f0(l.ms)} | ${f1(l.pct)} |`),
    ``,
  ];
  return [
    `## Profile of the hotline at saturation`,
    ``,
    `${f0(p.totalMs)} ms sampled, idle ${f1(p.idlePct)}% — \`${path.relative(REPO, p.file)}\` (open in Chrome DevTools → Performance).`,
    ``,
    ...table("self time by place", p.places),
    ...table("self time by function", p.functions),
  ];
}

/** Write bench/results/latest.json and latest.md; returns the Markdown. */
export function writeReport(r: BenchReport): string {
  mkdirSync(RESULTS, { recursive: true });
  const md = renderMarkdown(r);
  writeFileSync(path.join(RESULTS, "latest.json"), JSON.stringify(r, null, 2) + "\n");
  writeFileSync(path.join(RESULTS, "latest.md"), md + "\n");
  return md;
}

export { RESULTS };
