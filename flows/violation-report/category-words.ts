import type { FlowContext } from "../../src/conversation/flow.js";
import type { Category } from "../../src/commune/config.js";
import { fold } from "../text/normalize.js";

/**
 * The category a resident's opening message names through the commune's keywords ("nhà bên lấn
 * chiếm vỉa hè" → lấn chiếm), matched as whole words with or without diacritics. Only when
 * exactly one category is named: with two or none, the flow asks.
 */
export function categoryNamedIn(text: string, ctx: FlowContext): Category | null {
  const words = ` ${fold(text)} `;
  const named = ctx.commune.categories.filter((c) => c.keywords.some((k) => words.includes(` ${fold(k)} `)));
  return named.length === 1 ? named[0]! : null;
}
