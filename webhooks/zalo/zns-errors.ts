import type { TemplateFailure } from "../../src/core/template-sender.js";

/**
 * ZNS's error codes (`POST /message/template` answers HTTP 200 with `error != 0`), and what each
 * means for a notice. Confirmed from Zalo's table ("Cách xử lý mã lỗi", zalo.cloud/zns/guidelines/
 * handle-error-code): -100 unknown error (try again later), -101…-107 the app / method, -108 phone
 * number invalid, -109 template id invalid, -110 Zalo version unsupported, -111 template data
 * empty. The rest follow the same table's order as partners mirror it (getfly, eSMS) and are
 * UNCONFIRMED codes: a code missing here is `refused` (held), never retried blindly.
 */
const OUTCOME_BY_CODE: Record<number, TemplateFailure["outcome"]> = {
  [-100]: "retry",
  [-108]: "refused",
  [-109]: "refused",
  [-110]: "refused",
  [-111]: "refused",
  // Template data invalid.
  [-112]: "refused",
  // The user is inactive, refuses ZNS, or runs an old Zalo.
  [-114]: "refused",
  // Out of quota (the account's ZNS balance).
  [-115]: "quota",
  // Zalo account does not exist / cannot receive ZNS.
  [-118]: "refused",
  [-119]: "refused",
  // Access token invalid: refreshed once by the client; still refused, a later attempt may pass.
  [-124]: "retry",
  // Sending this template at night is not allowed (tag 2/3 between 22:00 and 06:00).
  [-133]: "refused",
  // The user refused this type of ZNS.
  [-139]: "refused",
  // The OA's daily ZNS quota is spent.
  [-144]: "quota",
};

/** The code a refreshed token fixes (the client refreshes once, as for -216 on the OA API). */
export const ZNS_TOKEN_INVALID = -124;

/** How to treat a ZNS error code; codes not listed are refused (held for the next message). */
export function znsOutcome(code: number): TemplateFailure["outcome"] {
  return OUTCOME_BY_CODE[code] ?? "refused";
}

/** ZNS answered (HTTP 200) with `error !== 0`. */
export class ZnsApiError extends Error {
  override name = "ZnsApiError";
  readonly outcome: TemplateFailure["outcome"];
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Zalo ZNS message/template refused (${code}): ${message}`);
    this.outcome = znsOutcome(code);
  }
}
