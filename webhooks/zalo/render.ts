import type { Reply, ReplyButton } from "../../src/core/reply.js";

/**
 * `Reply` → Zalo OA v3 `message` bodies (ZALO.md "Sending"). One reply may need several messages:
 * text over 2,000 characters, more than 5 buttons. `splitReply` cuts a reply into pieces that each
 * render to exactly one message, so a partly sent reply can be resumed or held without repeats.
 */
export const ZALO_TEXT_LIMIT = 2000;
/** Buttons Zalo shows on one message. */
export const ZALO_BUTTON_LIMIT = 5;
/** Text of the follow-up messages that carry the 6th and later buttons (Zalo requires a text). */
export const MORE_BUTTONS_TEXT = "…";

/** A button that sends its payload back as the user's text when tapped, or opens a page. */
export type ZaloButton =
  { title: string; type: "oa.query.show"; payload: string } | { title: string; type: "oa.open.url"; payload: { url: string } };

/** The `message` of a `POST /v3.0/oa/message/cs` body, in the shapes the hotline sends. */
export type ZaloMessage =
  | { text: string }
  | { text: string; attachment: { type: "template"; payload: { buttons: ZaloButton[] } } }
  | {
      text?: string;
      attachment: { type: "template"; payload: { template_type: "media"; elements: { media_type: "image"; url: string }[] } };
    }
  | {
      attachment: {
        type: "template";
        payload: { template_type: "request_user_info"; elements: { title: string; subtitle: string; image_url?: string }[] };
      };
    };

/** The Zalo messages for one reply, in sending order. */
export function renderReply(reply: Reply): ZaloMessage[] {
  return splitReply(reply).map(renderPiece);
}

/** The Zalo messages for several replies, in order. */
export function renderReplies(replies: Reply[]): ZaloMessage[] {
  return replies.flatMap(renderReply);
}

/** Cut a reply into replies that each fit one Zalo message. */
export function splitReply(reply: Reply): Reply[] {
  switch (reply.type) {
    case "text":
      return splitText(reply.text).map((text) => ({ type: "text", text }));
    case "buttons": {
      const texts = splitText(reply.text);
      const last = texts.pop() ?? MORE_BUTTONS_TEXT;
      const groups = chunk(reply.buttons, ZALO_BUTTON_LIMIT);
      if (groups.length === 0) return [...texts, last].map((text) => ({ type: "text", text }));
      return [
        ...texts.map((text): Reply => ({ type: "text", text })),
        ...groups.map((buttons, i): Reply => ({ type: "buttons", text: i === 0 ? last : MORE_BUTTONS_TEXT, buttons })),
      ];
    }
    case "image": {
      if (!reply.caption) return [reply];
      const [first = "", ...rest] = splitText(reply.caption);
      return [{ ...reply, caption: first }, ...rest.map((text): Reply => ({ type: "text", text }))];
    }
    case "request_info":
      return [reply];
  }
}

function renderPiece(piece: Reply): ZaloMessage {
  switch (piece.type) {
    case "text":
      return { text: piece.text };
    case "buttons":
      return {
        text: piece.text,
        attachment: { type: "template", payload: { buttons: piece.buttons.map(toZaloButton) } },
      };
    case "image": {
      const attachment = {
        type: "template" as const,
        payload: { template_type: "media" as const, elements: [{ media_type: "image" as const, url: piece.url }] },
      };
      return piece.caption ? { text: piece.caption, attachment } : { attachment };
    }
    case "request_info": {
      const element = { title: piece.title, subtitle: piece.subtitle, ...(piece.imageUrl ? { image_url: piece.imageUrl } : {}) };
      return { attachment: { type: "template", payload: { template_type: "request_user_info", elements: [element] } } };
    }
  }
}

function toZaloButton(b: ReplyButton): ZaloButton {
  if (b.url) return { title: b.title, type: "oa.open.url", payload: { url: b.url } };
  return { title: b.title, type: "oa.query.show", payload: b.payload };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Split text into pieces of at most `limit` UTF-16 units: at the last line break in the window,
 * else the last space, else a hard cut that never separates a surrogate pair. The separator
 * character where a cut is made is dropped; nothing else is.
 */
export function splitText(text: string, limit = ZALO_TEXT_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    // A boundary in the first half would leave tiny pieces: cut hard instead.
    const floor = Math.floor(limit / 2);
    let cut = window.lastIndexOf("\n");
    if (cut < floor) cut = Math.max(window.lastIndexOf(" "), window.lastIndexOf("\t"));
    if (cut >= floor) {
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
      continue;
    }
    let hard = limit;
    const code = rest.charCodeAt(hard - 1);
    if (code >= 0xd800 && code <= 0xdbff) hard -= 1;
    pieces.push(rest.slice(0, hard));
    rest = rest.slice(hard);
  }
  pieces.push(rest);
  return pieces;
}
