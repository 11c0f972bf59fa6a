/**
 * What a citizen writing to the province-wide OA says about their commune, and what the hotline
 * asks (issue 24). Pure: the engine (src/conversation/province-oa.ts) keeps the choice in the
 * session and runs the chosen commune's conversation.
 */
import type { CommuneConfig } from "../src/commune/config.js";
import { areaByName } from "../src/commune/geo.js";
import type { CommuneChoiceScript } from "../src/conversation/province-oa.js";
import { buttons, text } from "../src/core/reply.js";
import { matchChoice } from "./choices.js";
import { fold } from "./text/normalize.js";

/** Above this many communes to offer, the question asks for a typed name or a pin instead of buttons. */
export const MAX_COMMUNE_BUTTONS = 4;

const words = (s: string) => ` ${fold(s)} `;

/** The commune whose full name ("xã Phú Xá", with or without diacritics) the text holds, if exactly one. */
function fullNameIn(said: string, communes: readonly CommuneConfig[]): CommuneConfig | null {
  const folded = words(said);
  const found = communes.filter((c) => folded.includes(words(c.name)));
  return found.length === 1 ? found[0]! : null;
}

/** "Xã Phú Xá" → "xã Phú Xá", to sit inside a sentence. */
export function inSentence(name: string): string {
  return name.charAt(0).toLocaleLowerCase("vi") + name.slice(1);
}

export const communeChoice: CommuneChoiceScript = {
  named(event, s) {
    if (event.kind === "location") {
      const c = s.at(event.latitude, event.longitude);
      return c ? { communeId: c.id, answer: false } : { outside: true };
    }
    if (event.kind !== "text") return null;
    const said = event.text;
    // A commune named in full moves the conversation, even once a commune is chosen; said alone
    // (a tapped button, "xã Phú Xá ạ") there is nothing else to answer.
    const full = fullNameIn(said, s.communes);
    if (full) return { communeId: full.id, answer: fold(said).split(" ").length <= fold(full.name).split(" ").length + 2 };
    if (s.chosen !== null) return null;
    if (s.asked !== null) {
      // The answer to the question: a button's payload, its number, or part of a name typed.
      const offered = s.communes.filter((c) => s.asked!.includes(c.id));
      const pick =
        matchChoice(
          said,
          offered.map((c) => ({ id: c.id, title: c.name })),
        ) ??
        matchChoice(
          said,
          s.communes.map((c) => ({ id: c.id, title: c.name })),
        );
      if (pick) return { communeId: pick.id, answer: true };
    }
    // A village (or a landmark of one) named: its commune, when only one has it.
    const having = s.communes.filter((c) => areaByName(c, said) !== null).map((c) => c.id);
    if (having.length === 1) return { communeId: having[0]!, answer: s.asked !== null };
    if (having.length > 1) return { among: having };
    return null;
  },

  ask(offered, all, why) {
    const province = all[0]?.province?.name;
    const where = province ? ` của ${province}` : "";
    const lead =
      why === "village"
        ? "Tên thôn ông/bà nêu có ở nhiều xã."
        : why === "again"
          ? "Tổng đài chưa rõ ông/bà cần liên hệ xã nào."
          : `Đây là tổng đài chung của các xã, phường${where}.`;
    if (offered.length <= MAX_COMMUNE_BUTTONS)
      return [
        buttons(
          `${lead} Ông/bà cần liên hệ xã, phường nào? Mời chọn bên dưới, gõ tên xã, hoặc gửi vị trí (ghim) nơi cần phản ánh.`,
          offered.map((c) => ({ title: c.name, payload: c.name })),
        ),
      ];
    const example = all[0] ? ` (ví dụ: ${inSentence(all[0].name)})` : "";
    return [text(`${lead} Ông/bà cần liên hệ xã, phường nào? Mời gõ tên xã, phường${example}, hoặc gửi vị trí (ghim) nơi cần phản ánh.`)];
  },

  chosen(commune) {
    return text(`Ông/bà đang liên hệ UBND ${inSentence(commune.name)}. Muốn liên hệ xã khác, ông/bà gõ tên xã đó.`);
  },

  outside(communes) {
    const p = communes[0]?.province;
    return text(
      p
        ? `Vị trí ông/bà gửi không thuộc xã, phường nào của tổng đài này. Ông/bà có thể gọi đường dây nóng của ${p.name} (${p.hotline}).`
        : "Vị trí ông/bà gửi không thuộc xã, phường nào của tổng đài này.",
    );
  },
};
