/**
 * What the hotline says back. Flows produce these; each platform's client renders them
 * (flows never build platform JSON).
 */
export interface ReplyButton {
  title: string;
  /** Sent back as the user's text when the button is tapped. */
  payload: string;
  /** A link instead: the button opens this page (https) and sends nothing back. */
  url?: string;
}

export type Reply =
  | { type: "text"; text: string }
  /** At most 5 buttons per message; the renderer splits longer lists. */
  | { type: "buttons"; text: string; buttons: ReplyButton[] }
  | { type: "image"; url: string; caption?: string }
  /** Ask the user to share their profile (name, phone, address). */
  | { type: "request_info"; title: string; subtitle: string; imageUrl?: string };

export const text = (t: string): Reply => ({ type: "text", text: t });
export const buttons = (t: string, b: ReplyButton[]): Reply => ({ type: "buttons", text: t, buttons: b });
