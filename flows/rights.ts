/**
 * The citizen's rights over their data beyond the notice, consents and erasure (issue 25): the
 * file of their data, correcting a contact, restriction and objection, requests for the
 * commune's data-protection officer.
 */
import type { Reply } from "../src/core/reply.js";
import { say } from "./kit.js";
import { rightsSay } from "./messages.rights.vi.js";

/** With "what do you hold about me": the one-time link to the file, or where to ask for it. */
export function exportReply(link: string | null): Reply {
  if (!link) return say(rightsSay.exportAtOffice);
  return {
    type: "buttons",
    text: rightsSay.exportLink,
    buttons: [{ title: rightsSay.exportButton, payload: rightsSay.exportButton, url: link }],
  };
}
