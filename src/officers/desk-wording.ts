import type { Refusal } from "../cases/actions.js";

/**
 * What the effects of officers' Zalo commands answer. Written in `flows/messages.officer.vi.ts`;
 * the composition root hands it in (src/ never imports flows/).
 */
export interface DeskWording {
  linked(name: string, team: string | null): string;
  linkRefused: { unknown: string; used: string; expired: string; revoked: string; inactive: string; taken(name: string): string };
  /** Too many wrong one-time codes (this account or everyone's): try again in `minutes`. */
  linkLockedOut(minutes: number): string;
  /** To the Zalo account an officer was linked to, when a link code moved them to another one. */
  unlinkedElsewhere(name: string, at: Date): string;
  /** Why a case command, checked again when it ran, was not done. */
  refused(r: Refusal, teams: { id: string; name: string }[]): string;
  /** `#dangnhap`: the dashboard's one-time sign-in code, good for `minutes`. */
  signInCode(code: string, minutes: number): string;
  /** A command answered "done" that another change overtook before it ran. */
  lostRace(why: string): string;
}
