import type { Communes } from "../commune/communes.js";
import type { CommuneConfig } from "../commune/config.js";
import type { PlatformEvent } from "../core/platform-event.js";
import { PROVINCE_OA_HOME } from "../core/province-oa.js";
import type { Reply } from "../core/reply.js";
import type { Turn } from "./engine.js";
import type { Session } from "./session.js";

/**
 * The province-wide OA's conversations (issue 24): one OA for several communes, so the commune
 * of a conversation is chosen by what the citizen says — a pin in a commune, a commune or a
 * village named, or an answer to the question with buttons — and kept in the session until they
 * name another commune. Every event of such a conversation runs in the chosen commune's
 * conversation (its flows, wording, teams, cases) while the conversation itself stays where
 * it started: its lanes and session under the province OA's home (`PROVINCE_OA_HOME`, one shard
 * for its lifetime), its replies through the province OA. The citizen's first message, when it
 * does not tell the commune, is kept and answered right after the choice: nothing is lost.
 */

/** What one message says about the commune. */
export type CommuneNamed =
  /** This commune; `answer`: the message only answered the question (nothing else to handle). */
  | { communeId: string; answer: boolean }
  /** A village several communes have: ask among them. */
  | { among: string[] }
  /** A pin outside every commune of the deployment. */
  | { outside: true }
  | null;

/** The words of the choice (flows/commune-choice.ts). */
export interface CommuneChoiceScript {
  named(
    event: PlatformEvent,
    s: {
      communes: readonly CommuneConfig[];
      at(lat: number, lng: number): CommuneConfig | undefined;
      /** The communes last offered (null: nothing asked). */
      asked: readonly string[] | null;
      /** The conversation's commune, if chosen. */
      chosen: string | null;
    },
  ): CommuneNamed;
  ask(offered: readonly CommuneConfig[], all: readonly CommuneConfig[], why: "first" | "again" | "village"): Reply[];
  chosen(commune: CommuneConfig): Reply;
  outside(communes: readonly CommuneConfig[]): Reply;
}

/** A turn of the province OA, with the commune its replies and effects belong to (`PROVINCE_OA_HOME` before the choice). */
export type ProvinceTurn = Turn & { communeId: string };

/** One event through one commune's conversation (the engine's `converse` with that commune's context). */
export type ConverseIn = (session: Session, event: PlatformEvent) => Promise<Turn>;

/** Events worth answering once the commune is known (a follow is answered by the question itself). */
const HOLDABLE = new Set<PlatformEvent["kind"]>(["text", "image", "location", "file", "media"]);

export function provinceOaTurns(communes: Communes, script: CommuneChoiceScript) {
  return async (session: Session, event: PlatformEvent, converseIn: ConverseIn, now: number): Promise<ProvinceTurn> => {
    const chosen = session.commune !== null && communes.find(session.commune) ? session.commune : null;
    const asked = session.choosing?.offered ?? null;
    const named = script.named(event, { communes: communes.list, at: (lat, lng) => communes.at(lat, lng), asked, chosen });
    const inCommune = (e: PlatformEvent, communeId: string): PlatformEvent => ({ ...e, communeId });

    if (named && "communeId" in named) {
      const id = named.communeId;
      let s: Session = { ...session, commune: id, choosing: null };
      const replies: Reply[] = [];
      const effects: Turn["effects"] = [];
      const add = (t: Turn) => {
        s = t.session;
        replies.push(...t.replies);
        // One delivery of held notices is enough for the turn.
        effects.push(...t.effects.filter((e) => e.type !== "deliverHeldNotices" || !effects.some((x) => x.type === e.type)));
      };
      // Told once, plainly, whenever the conversation's commune is set or changes.
      if (chosen !== id) replies.push(script.chosen(communes.get(id)));
      const held = session.choosing?.held ?? null;
      if (held) add(await converseIn(s, inCommune(held, id)));
      if (!named.answer) add(await converseIn(s, inCommune(event, id)));
      // Only the commune was said, and nothing waits: the commune's welcome and menu.
      else if (!held) add(await converseIn(s, { ...inCommune(event, id), kind: "follow" } as PlatformEvent));
      return { session: s, replies, effects, communeId: id };
    }
    if (chosen !== null) return { ...(await converseIn(session, inCommune(event, chosen))), communeId: chosen };

    // No commune yet: an echo or an unfollow changes nothing; anything else is asked which commune.
    if (event.kind === "agent_echo" || event.kind === "unfollow")
      return { session: { ...session, choosing: null }, replies: [], effects: [], communeId: PROVINCE_OA_HOME };
    const among = named && "among" in named ? named.among : null;
    const offered = among ? communes.list.filter((c) => among.includes(c.id)) : communes.list;
    const held = session.choosing?.held ?? (HOLDABLE.has(event.kind) && event.kind !== "location" ? event : null);
    const replies = [
      ...(named && "outside" in named ? [script.outside(communes.list)] : []),
      ...script.ask(offered, communes.list, among ? "village" : asked !== null ? "again" : "first"),
    ];
    return {
      session: { ...session, lastActiveAt: now, choosing: { offered: offered.map((c) => c.id), held } },
      replies,
      effects: [],
      communeId: PROVINCE_OA_HOME,
    };
  };
}

export type ProvinceOaTurns = ReturnType<typeof provinceOaTurns>;
