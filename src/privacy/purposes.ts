/**
 * Why the hotline keeps personal data, and on which legal basis (Law 91/2025/QH15, Decree
 * 356/2025/NĐ-CP). A dossier look-up serves a state function and a violation report serves law
 * enforcement: no consent is asked for those. The four purposes below rest on consent alone, so
 * each is asked with its own button and can be withdrawn with one.
 */
export const CONSENT_PURPOSES = ["callback_phone", "zns_notices", "rating_survey", "photos_kept"] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export function isConsentPurpose(v: string): v is ConsentPurpose {
  return (CONSENT_PURPOSES as readonly string[]).includes(v);
}

/** The legal bases the register names. */
export type LegalBasis = "public_service" | "law_enforcement" | "consent" | "legal_obligation";
