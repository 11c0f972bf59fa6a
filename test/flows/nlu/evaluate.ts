/**
 * How well the hotline reads the labelled corpus: per intent, the share read right and the share
 * answered "not understood". Used by `npm run eval:nlu` (prints the table) and by
 * corpus.test.ts (holds it to the goal).
 */
import type { CommuneConfig } from "../../../src/commune/config.js";
import type { ProcedureCatalogue } from "../../../src/procedures/catalogue.js";
import { LONG_UNKNOWN_MESSAGE } from "../../../flows/menu.js";
import { domainFor } from "../../../flows/commune-domain.js";
import { reportCategory } from "../../../flows/commune-names.js";
import { asksWhen } from "../../../flows/dossier-status.js";
import { read } from "../../../flows/intents.js";
import { phoneLeftIn } from "../../../flows/phone-left.js";
import { type Domain } from "../../../flows/text/domain.js";
import type { ExpectedIntent, Labelled } from "./corpus.js";

/** What the hotline makes of one message, in the corpus's terms. */
export interface Reading {
  intent: string;
  procedures: string[];
  aspect: string | null;
  category: string | null;
  also: string | null;
}

/** Read a message the way the main menu does (a long unrecognised message is taken as a report). */
export function readMessage(text: string, domain: Domain): Reading {
  // A number left is taken before any intent (flows/menu.ts), as the conversation does.
  if (phoneLeftIn(text, domain)) return { intent: "phone_left", procedures: [], aspect: null, category: null, also: null };
  const { intent, also } = read(text, domain);
  const long = intent.kind === "unknown" && text.trim().length >= LONG_UNKNOWN_MESSAGE;
  // "Bao giờ có kết quả?" opens the dossier look-up with the procedures' time limits (flows/dossier-status.ts).
  const kind = long ? "report" : intent.kind === "dossier_question" && asksWhen(text) ? "result_time" : intent.kind;
  return {
    intent: kind,
    procedures: intent.kind === "procedure" ? intent.ids : [],
    aspect: intent.kind === "procedure" ? (intent.aspects[0] ?? null) : null,
    category: kind === "report" ? reportCategory(text, domain) : null,
    also,
  };
}

/** Why a reading is wrong ("" when it is right). */
export function mistake(label: Labelled, got: Reading): string {
  if (got.intent !== label.intent) return `intent ${got.intent}`;
  if (label.procedure !== undefined) {
    const want = [label.procedure].flat().sort().join(",");
    if (got.procedures.slice().sort().join(",") !== want) return `procedures [${got.procedures.join(",")}]`;
  }
  if (label.aspect && got.aspect !== label.aspect) return `aspect ${got.aspect ?? "none"}`;
  if (label.category && got.category !== label.category) return `category ${got.category ?? "none (asked)"}`;
  return "";
}

export interface IntentRow {
  intent: ExpectedIntent;
  messages: number;
  right: number;
  notUnderstood: number;
}

export interface Evaluation {
  rows: IntentRow[];
  messages: number;
  right: number;
  /** Messages that have an answer (label other than `unknown`). */
  answerable: number;
  notUnderstood: number;
  /** Second requests ("also") labelled, and those read. */
  also: { labelled: number; read: number };
  failures: { label: Labelled; got: Reading; why: string }[];
}

export function evaluate(corpus: readonly Labelled[], catalogue: ProcedureCatalogue, commune: CommuneConfig): Evaluation {
  const domain = domainFor(catalogue, commune);
  const rows = new Map<ExpectedIntent, IntentRow>();
  const e: Evaluation = { rows: [], messages: 0, right: 0, answerable: 0, notUnderstood: 0, also: { labelled: 0, read: 0 }, failures: [] };
  for (const label of corpus) {
    const got = readMessage(label.text, domain);
    const why = mistake(label, got);
    const row = rows.get(label.intent) ?? { intent: label.intent, messages: 0, right: 0, notUnderstood: 0 };
    rows.set(label.intent, row);
    row.messages++;
    e.messages++;
    if (!why) {
      row.right++;
      e.right++;
    } else {
      e.failures.push({ label, got, why });
    }
    if (label.intent !== "unknown") {
      e.answerable++;
      if (got.intent === "unknown") {
        row.notUnderstood++;
        e.notUnderstood++;
      }
    }
    if (label.also) {
      e.also.labelled++;
      if (got.also === label.also) e.also.read++;
    }
  }
  e.rows = [...rows.values()].sort((a, b) => b.messages - a.messages);
  return e;
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : "–");

/** The table `npm run eval:nlu` prints. */
export function formatEvaluation(e: Evaluation, opts: { failures?: boolean } = {}): string {
  const lines = [
    `${"intent".padEnd(24)}${"messages".padStart(9)}${"right".padStart(8)}${"right %".padStart(10)}${"not understood".padStart(16)}`,
    "-".repeat(67),
    ...e.rows.map(
      (r) =>
        `${r.intent.padEnd(24)}${String(r.messages).padStart(9)}${String(r.right).padStart(8)}${pct(r.right, r.messages).padStart(10)}${(r.intent === "unknown" ? "(no answer)" : String(r.notUnderstood)).padStart(16)}`,
    ),
    "-".repeat(67),
    `${"all".padEnd(24)}${String(e.messages).padStart(9)}${String(e.right).padStart(8)}${pct(e.right, e.messages).padStart(10)}${String(e.notUnderstood).padStart(16)}`,
    "",
    `right:           ${pct(e.right, e.messages)} of ${e.messages} messages (goal ≥ 97 %)`,
    `not understood:  ${pct(e.notUnderstood, e.answerable)} of ${e.answerable} messages that have an answer (goal ≤ 1 %)`,
    `second request:  ${e.also.read} of ${e.also.labelled} answered too`,
  ];
  if (opts.failures && e.failures.length) {
    lines.push("", "wrong:");
    for (const f of e.failures)
      lines.push(
        `  ${JSON.stringify(f.label.text)}  want ${f.label.intent}${f.label.procedure ? ` ${[f.label.procedure].flat().join(",")}` : ""}${f.label.aspect ? ` ${f.label.aspect}` : ""}${f.label.category ? ` ${f.label.category}` : ""} — got ${f.why}`,
      );
  }
  return lines.join("\n");
}
