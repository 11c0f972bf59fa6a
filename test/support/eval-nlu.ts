/**
 * `npm run eval:nlu`: how well the hotline reads the labelled corpus of citizens' messages
 * (test/flows/nlu/corpus.ts) with the example commune and its example procedure catalogue.
 * `--failures` lists the messages read wrong.
 */
import { EXAMPLE_CONFIG_PATH } from "../commune/fixture.js";
import { loadCommuneConfig } from "../../src/commune/config.js";
import { CORPUS } from "../flows/nlu/corpus.js";
import { evaluate, formatEvaluation } from "../flows/nlu/evaluate.js";
import { HELD_OUT } from "../flows/nlu/held-out.js";
import { catalogueOf } from "./flow-context.js";

const commune = loadCommuneConfig(EXAMPLE_CONFIG_PATH);
const catalogue = catalogueOf(commune);
const failures = process.argv.includes("--failures");
console.log(formatEvaluation(evaluate([...CORPUS, ...HELD_OUT], catalogue, commune), { failures }));
const held = evaluate(HELD_OUT, catalogue, commune);
console.log(
  `\nof which held out (written after tuning, ${held.messages} messages): ${((100 * held.right) / held.messages).toFixed(1)} % right`,
);
