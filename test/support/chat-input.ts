/**
 * What `npm run chat` makes of what its user types (test/support/chat.ts), apart so that the
 * tests can hold it to what the README and `/help` promise.
 */

/**
 * `/info Lê Thị Hồng 0987 111 222`: the name, and the phone in the form Zalo sends (84…). The
 * number may be written in groups (spaces, dots, dashes); the fewest last words that make a
 * Vietnamese mobile number (0 or 84 and nine digits) are the phone, so a name with a number in it
 * ("Tổ 5") stays the name's.
 */
export function parseInfo(args: readonly string[]): { name: string; phone: string } | null {
  for (let k = 1; k < args.length && k <= 4; k++) {
    const words = args.slice(-k);
    if (!words.every((w, i) => (i === 0 ? /^\+?[\d.-]+$/ : /^[\d.-]+$/).test(w))) return null;
    const digits = words.join("").replace(/[.-]/g, "");
    if (/^(0|\+?84)\d{9}$/.test(digits)) {
      return { name: args.slice(0, -k).join(" "), phone: digits.replace(/^\+/, "").replace(/^0/, "84") };
    }
  }
  return null;
}

/** A button as the chat keeps it: the payload a tap sends, or where a link button leads. */
export type Button = string | { url: string };

/**
 * The buttons one user was shown. A plain number taps a button of the latest group, numbered from
 * 1 as the hotline numbers its choices ("nhắn số thứ tự"); the latest group is the buttons since
 * the user last wrote, or since a pause (an officer's next notice). Zalo keeps the buttons of
 * older messages tappable in the history, so every button also has a number for the session
 * (`/tap` lists them, `/tap N` taps one).
 */
export class ButtonBook {
  private readonly shown: { button: Button; title: string }[] = [];
  private latestFrom = 0;
  private userWrote = true;
  private lastAt = 0;

  /** A button arrives; its number in the latest group. */
  add(button: Button, title: string, now = Date.now()): number {
    if (this.userWrote || now - this.lastAt > 1500) this.latestFrom = this.shown.length;
    this.userWrote = false;
    this.lastAt = now;
    this.shown.push({ button, title });
    return this.shown.length - this.latestFrom;
  }

  /** The user sent something: the next buttons start a new latest group. */
  wrote(): void {
    this.userWrote = true;
  }

  /** Button `n` of the latest group. */
  tapLatest(n: number): Button | undefined {
    return n >= 1 ? this.shown[this.latestFrom + n - 1]?.button : undefined;
  }

  /** Button `n` of the session (the numbers of `history`). */
  tap(n: number): Button | undefined {
    return n >= 1 ? this.shown[n - 1]?.button : undefined;
  }

  /** The latest group, numbered from 1. */
  latest(): { n: number; title: string }[] {
    return this.shown.slice(this.latestFrom).map((b, i) => ({ n: i + 1, title: b.title }));
  }

  /** Every button of the session, oldest first, with its session number. */
  history(): { n: number; title: string }[] {
    return this.shown.map((b, i) => ({ n: i + 1, title: b.title }));
  }
}
