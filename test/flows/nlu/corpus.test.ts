import { expect } from "chai";
import { exampleConfig } from "../../commune/fixture.js";
import { catalogueOf } from "../../support/flow-context.js";
import { CORPUS } from "./corpus.js";
import { evaluate, formatEvaluation } from "./evaluate.js";
import { HELD_OUT } from "./held-out.js";

// The goal of issue 12, on every labelled message (`npm run eval:nlu` prints the table).
const GOAL = { right: 0.97, notUnderstood: 0.01 };

describe("reading the labelled corpus of citizens' messages", () => {
  const commune = exampleConfig();
  const all = [...CORPUS, ...HELD_OUT];
  const result = evaluate(all, catalogueOf(commune), commune);

  it("is a real corpus: at least 300 messages, every intent the hotline answers", () => {
    expect(all.length).to.be.at.least(300);
    const intents = new Set(all.map((m) => m.intent));
    for (const intent of [
      "procedure",
      "report",
      "dossier_question",
      "dossier_code",
      "dossier_codes",
      "hours",
      "thanks",
      "ack",
      "goodbye",
      "unknown",
    ] as const) {
      expect(intents, intent).to.include(intent);
    }
    expect(all.filter((m) => m.also).length, "two requests in one").to.be.at.least(5);
  });

  it(`reads at least ${GOAL.right * 100} % right`, () => {
    expect(result.right / result.messages, formatEvaluation(result, { failures: true })).to.be.at.least(GOAL.right);
  });

  it(`answers at most ${GOAL.notUnderstood * 100} % of the messages that have an answer with "not understood"`, () => {
    expect(result.notUnderstood / result.answerable, formatEvaluation(result, { failures: true })).to.be.at.most(GOAL.notUnderstood);
  });

  it("finds the procedure and the category asked about, not just the intent", () => {
    // A message read as the right intent but the wrong procedure or category is counted wrong.
    const wrongDetail = result.failures.filter((f) => f.got.intent === f.label.intent);
    expect(wrongDetail.length, wrongDetail.map((f) => `${f.label.text}: ${f.why}`).join("\n")).to.be.at.most(Math.floor(all.length * 0.02));
  });
});
