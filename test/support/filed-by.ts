import { currentDataKeys } from "../../src/privacy/installed-keys.js";
import type { Harness } from "./harness.js";

/** The code of the report a Zalo user filed through the chat, once the worker has filed it. */
export async function filedBy(h: Harness, userId: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  // Reporters are kept sealed: their cases are found by the keyed hash of the account.
  const hash = currentDataKeys().personHash("zalo", userId);
  for (;;) {
    const rows = await h.db.query<{ code: string }>("SELECT code FROM cases WHERE reporter_hash = $1", [hash]);
    if (rows[0]) return rows[0].code;
    if (Date.now() > deadline) throw new Error("the report was not filed");
    await new Promise((r) => setTimeout(r, 50));
  }
}
