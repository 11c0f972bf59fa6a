import { findTrackingCode } from "../src/cases/tracking-code.js";
import { readable } from "./text/normalize.js";

/**
 * A case tracking code (`PA-YYMMDD-XXXX`) anywhere in the message, in any case and with stray
 * spaces ("pa - 261126 - hxyx"), canonical; null when there is none. A case code is asked about
 * from any step of any conversation.
 */
export function caseCodeIn(text: string): string | null {
  return findTrackingCode(readable(text));
}
