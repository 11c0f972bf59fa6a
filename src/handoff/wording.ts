import type { CommuneConfig } from "../commune/config.js";
import type { Reply } from "../core/reply.js";
import type { CitizenMessage } from "./handoff.js";

/**
 * What the hand-off says, to officers and to citizens. The wording lives in
 * `flows/messages.handoff.vi.ts`; the composition root passes it in (src/ never imports flows/).
 */
export interface HandoffWording {
  // To the front desk
  /** A citizen asks for a person: who (when known), what they wrote, a button sending `#nhanchat REF`. */
  request(r: { ref: string; name: string | null; recent: CitizenMessage[] }): Reply;
  /**
   * At opening, to each front-desk officer: every citizen who left messages, once ("12 công dân
   * nhắn ngoài giờ: …"), with how to take each; a few messages when it is long.
   */
  leftDigest(entries: { ref: string; name: string | null; messages: CitizenMessage[] }[]): Reply[];
  /** A message left outside office hours, delivered at opening (jobs queued before digests). */
  leftMessage(m: { ref: string; name: string | null; text: string; at: Date }): Reply;
  /** To the officer who took it: who, what was written so far, how to answer and give it back. */
  taken(r: { ref: string; name: string | null; recent: CitizenMessage[] }): string;
  /** To the others told of the request. */
  takenElsewhere(ref: string, by: string): string;
  /** To an officer too late to take it, or trying to answer someone else's conversation. */
  takenByOther(ref: string, by: string): string;
  /** How the OA console is named in the two lines above. */
  console: string;
  alreadyYours(ref: string): string;
  /** `#nhanchat` of a conversation that is with the bot. */
  notWaiting(ref: string): string;
  unknownRef(ref: string): string;
  /** An officer outside the front desk (and not of the team of the citizen's case) tried to take it. */
  notYours(ref: string): string;
  /** A citizen's message relayed to the officer answering. */
  relayed(r: { ref: string; name: string | null; message: CitizenMessage }): Reply[];
  /** To the officer after `#bot`. */
  released(ref: string): string;
  /** To the officer when the quiet period (`quietMs`) gave the conversation back. */
  releasedQuiet(ref: string, quietMs: number): string;
  /** To the officer when the citizen ended the conversation ("kết thúc", "menu"). */
  endedByCitizen(ref: string): string;
  /** `#bot` alone from an officer holding no conversation, or several. */
  nothingHeld: string;
  whichToRelease(refs: string[]): string;

  // To the citizen
  /** An officer took the conversation. */
  officerJoined(officerName: string): string;
  /** An officer's `#tl` text. */
  officerSays(officerName: string, text: string): string;
  /** The bot is back (after `#bot` or the quiet period), with the menu. */
  botBack(commune: CommuneConfig): Reply;
  /** The bot is back and nobody had taken the request. */
  botBackUnanswered(commune: CommuneConfig): Reply;
  /** The request found no officer on duty any more (between the answer and the notices). */
  noOfficerNow(commune: CommuneConfig): Reply;
}
