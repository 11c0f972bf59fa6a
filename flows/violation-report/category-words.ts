import type { FlowContext } from "../../src/conversation/flow.js";
import type { Category } from "../../src/commune/config.js";
import { domainOf } from "../commune-domain.js";
import { reportCategory } from "../commune-names.js";

/**
 * The category a resident's opening message names through the commune's keywords ("nhà bên lấn
 * chiếm vỉa hè" → lấn chiếm, "đèn đường hỏng" → lighting), with or without diacritics or
 * shorthand; a problem no keyword names ("cây đổ chắn ngang đường") is the catch-all "Khác".
 * Null when it names several or none: the flow asks.
 */
export function categoryNamedIn(text: string, ctx: FlowContext): Category | null {
  const id = reportCategory(text, domainOf(ctx));
  return ctx.commune.categories.find((c) => c.id === id) ?? null;
}
