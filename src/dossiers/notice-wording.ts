import type { Dossier } from "./dossier.js";

/**
 * A follower's notice of their dossier's new status, at `now`. Written in `flows/` (the same view
 * a look-up shows); the composition root hands it in.
 */
export type DossierNoticeWording = (dossier: Dossier, now: Date, hotline: string) => string;
