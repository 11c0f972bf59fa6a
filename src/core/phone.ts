/**
 * A Vietnamese phone number given as a whole field (an officer's form, Zalo's shared profile),
 * in its national form, so that the same number written "0912 345 678", "+84 912.345.678" or
 * Zalo's "84912345678" compares equal. Free text with a number inside is the flows' business
 * (flows/text/phone.ts); this only reads a field that should be a number and nothing else.
 */

/** Mobile: 03x, 05x, 07x, 08x, 09x and 8 more digits. */
const MOBILE = /^0[35789]\d{8}$/;
/** Landline: 02 + area code and subscriber number, 11 digits in all (since 2017). */
const LANDLINE = /^02\d{9}$/;
/** What may stand between the digits of a number written by hand. */
const SEPARATORS = /[\s.\-()]/g;

/**
 * `0xxxxxxxxx` (mobile) or `02xxxxxxxxx` (landline) for a field holding one Vietnamese number,
 * with or without +84 / 84 / 0084 and separators; null for anything else.
 */
export function nationalPhone(raw: string): string | null {
  let s = raw.trim().replace(SEPARATORS, "");
  if (s.startsWith("+")) s = s.slice(1);
  if (!/^\d+$/.test(s)) return null;
  if (s.startsWith("0084")) s = s.slice(4);
  else if (s.startsWith("84") && s.length >= 11) s = s.slice(2);
  else if (!s.startsWith("0")) return null;
  // "+84 0912…" is a common way to write it: that 0 is the trunk prefix.
  if (!s.startsWith("0")) s = `0${s}`;
  return MOBILE.test(s) || LANDLINE.test(s) ? s : null;
}
