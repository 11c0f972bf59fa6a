/**
 * A dossier code typed nearly right: the agency block left out but its letter kept
 * (`h26-251118-0002`), or the dash between the date and the sequence missing
 * (`000.00.21.H26-2511200001`). The first is completed when one stored dossier fits; the second
 * is put back to the citizen as a question ("Có phải hồ sơ 000.00.21.H26-251120-0001?").
 */
import { isDossierCode } from "../src/dossiers/code.js";

export type NearCode =
  /** The date and sequence, with the agency's last block (`H26`) the citizen typed. */
  | { kind: "tail"; tail: string; agency: string }
  /** The one valid code the fragment most likely is. */
  | { kind: "guess"; code: string }
  | null;

const zeroes = (s: string) => s.replace(/[Oo]/g, "0");
const AGENCY_TAIL = /^([A-Z][\dO]{2})\s*-\s*([\dO]{6})\s*-\s*([\dO]{4,})$/;
const DASH_MISSING =
  /^([\dO]{3})\s*[.,]\s*([\dO]{2})\s*[.,]\s*([\dO]{2})\s*[.,]\s*([A-Z])\s*([\dO]{2})\s*-?\s*([\dO]{6})\s*-?\s*([\dO]{4,})$/;

/** What a malformed fragment nearly is, or null. */
export function nearCode(fragment: string): NearCode {
  const f = fragment.trim().toUpperCase();
  const tail = AGENCY_TAIL.exec(f);
  if (tail) return { kind: "tail", tail: `${zeroes(tail[2]!)}-${zeroes(tail[3]!)}`, agency: zeroes(tail[1]!) };
  const m = DASH_MISSING.exec(f);
  if (m) {
    const code = `${zeroes(m[1]!)}.${zeroes(m[2]!)}.${zeroes(m[3]!)}.${m[4]}${zeroes(m[5]!)}-${zeroes(m[6]!)}-${zeroes(m[7]!)}`;
    if (isDossierCode(code)) return { kind: "guess", code };
  }
  return null;
}

/** The stored codes (from `completeDossierCode`) that end with the agency block and tail typed. */
export function codesWithAgency(codes: readonly string[], near: { tail: string; agency: string }): string[] {
  return codes.filter((c) => c.endsWith(`.${near.agency}-${near.tail}`));
}
