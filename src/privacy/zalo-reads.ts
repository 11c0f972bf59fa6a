import type { Queryable } from "../db/database.js";
import { type AccessedData, recordAccess } from "./access-audit.js";

/**
 * An officer's Zalo command showed a reporter's contact or a report's photos (`#xem`): recorded
 * in the access audit with surface `zalo`, as the API's reads are (the conversation is pure, so
 * the read comes back as an effect of the command).
 */
export type AccessReadEffect = {
  type: "accessRead";
  officerId: string;
  code: string;
  reads: { what: AccessedData; detail?: string }[];
};

export function isAccessReadEffect(e: { type: string }): e is AccessReadEffect {
  return e.type === "accessRead";
}

export async function recordZaloReads(db: Queryable, communeId: string, e: AccessReadEffect, at: Date): Promise<void> {
  for (const r of e.reads)
    await recordAccess(
      db,
      { communeId, readerId: e.officerId, caseCode: e.code, what: r.what, surface: "zalo", ...(r.detail ? { detail: r.detail } : {}) },
      at,
    );
}
