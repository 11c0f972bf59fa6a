import type { Database } from "../db/database.js";
import { nationalPhone } from "../core/phone.js";
import { currentDataKeys } from "./installed-keys.js";
import { openSealed } from "./sealed-contacts.js";

/** What an erasure changed in the database, counted per kind of data. */
export interface ErasedRows {
  /** Cases whose reporter account, name and phone were removed (the case itself stays). */
  casesDeidentified: number;
  caseFollows: number;
  dossierFollows: number;
  heldNotices: number;
  handoffMessages: number;
  sharedPhones: number;
  /** Requests for the data-protection officer that kept the account to answer them (the request stays). */
  dpoRequestsUnlinked: number;
}

/**
 * Erase a citizen's messenger account, name and phone from every table that holds them, in one
 * transaction. Cases stay (the commune must keep them) without their reporter: the reporter's
 * account, name and phone are set to null. Returns the counts and the strings that identified the
 * person (their account id, the phones and names they left), which the caller then looks for in
 * Redis (redis-sweep.ts).
 */
export async function eraseCitizen(db: Database, channel: string, userId: string): Promise<{ rows: ErasedRows; needles: string[] }> {
  return db.transaction(async (tx) => {
    const keys = currentDataKeys();
    const reporterHash = keys.personHash(channel, userId);
    const reported = (
      await tx.query<{ code: string; contact_name_sealed: string | null; contact_phone_sealed: string | null }>(
        "SELECT code, contact_name_sealed, contact_phone_sealed FROM cases WHERE reporter_channel = $1 AND reporter_hash = $2 FOR UPDATE",
        [channel, reporterHash],
      )
    ).map((r) => ({ name: openSealed(keys, r.contact_name_sealed), phone: openSealed(keys, r.contact_phone_sealed) }));
    const phones = [...new Set(reported.flatMap((r) => (r.phone ? phoneForms(r.phone) : [])))];
    const names = [...new Set(reported.flatMap((r) => (r.name && isDistinctiveName(r.name) ? [r.name.trim()] : [])))];
    const changed = async (sql: string, params: unknown[] = [channel, userId]) => (await tx.query(`${sql} RETURNING 1`, params)).length;
    const rows: ErasedRows = {
      casesDeidentified: await changed(
        `UPDATE cases SET reporter_channel = NULL, reporter_user_sealed = NULL, reporter_hash = NULL, contact_name_sealed = NULL,
           contact_phone_sealed = NULL, contact_phone_hash = NULL
         WHERE reporter_channel = $1 AND reporter_hash = $2`,
        [channel, reporterHash],
      ),
      caseFollows: await changed("DELETE FROM case_followers WHERE channel = $1 AND user_id = $2"),
      dossierFollows: await changed("DELETE FROM dossier_followers WHERE channel = $1 AND user_id = $2"),
      heldNotices: await changed("DELETE FROM held_notices WHERE channel = $1 AND user_id = $2"),
      handoffMessages: await changed("DELETE FROM handoff_messages WHERE channel = $1 AND user_id = $2"),
      sharedPhones: await changed("DELETE FROM shared_phones WHERE channel = $1 AND user_id = $2"),
      dpoRequestsUnlinked: await changed("UPDATE privacy_requests SET reply_user_id = NULL WHERE channel = $1 AND reply_user_id = $2"),
    };
    // Officers' notices held for later may quote the reporter's phone or name: blanked there too.
    for (const needle of [...phones, ...names]) {
      await tx.query("UPDATE held_notices SET replies = replace(replies::text, $1, $2)::jsonb WHERE replies::text LIKE $3", [
        jsonInner(needle),
        ERASED,
        `%${likeEscape(jsonInner(needle))}%`,
      ]);
    }
    return { rows, needles: [userId, ...phones, ...names] };
  });
}

/** What stands where an erased value was, in text that must keep its shape. */
export const ERASED = "[đã xóa]";

/** The ways a Vietnamese number is written in what the hotline stores: 0912345678, 84912345678, +84912345678. */
export function phoneForms(phone: string): string[] {
  const n = nationalPhone(phone) ?? nationalPhone(`+${phone.trim()}`);
  if (!n) return [phone.trim()];
  const intl = `84${n.slice(1)}`;
  return [...new Set([phone.trim(), n, intl, `+${intl}`])];
}

/** A one-word name ("Lan") is too common to blank in other people's text; a full name is not. */
function isDistinctiveName(name: string): boolean {
  return name.trim().split(/\s+/).length >= 2;
}

/** A string as it appears inside a JSON string (quotes and backslashes escaped). */
function jsonInner(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
