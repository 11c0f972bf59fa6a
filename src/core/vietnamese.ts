/**
 * Vietnamese text without its diacritics, for matching what people type with or without them:
 * "Thôn Đồng Bụt" → "Thon Dong But". NFD splits tone and vowel marks off the letters; đ is a
 * letter of its own, not a d with a mark, so it is mapped by hand. Case is kept.
 */
export function stripDiacritics(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}
