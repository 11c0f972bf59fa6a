import type { OaFacts } from "./oa-facts.js";

/** How long a commune's events are summed before they are written, after the one written at once. */
export const TALLY_WINDOW_MS = 250;

interface Window {
  count: number;
  first: number;
  last: number;
  timer: NodeJS.Timeout;
}

/**
 * The webhook's record of OA events, summed per commune: an event after a pause is written at
 * once; those that follow within the window are written together when it ends (and the window
 * goes on while they keep coming). A flood of 200 events a second costs Redis 4 writes a second
 * instead of 200, each of which woke Redis and the web process once more (bench/README). What a
 * crash loses is at most one window's count.
 */
export class EventTally {
  private readonly open = new Map<string, Window>();

  constructor(
    private readonly facts: Pick<OaFacts, "events">,
    private readonly onError: (err: unknown) => void,
    private readonly windowMs = TALLY_WINDOW_MS,
  ) {}

  /** An event of the commune's OA reached the webhook. */
  event(communeId: string, at = Date.now()): void {
    const w = this.open.get(communeId);
    if (w) {
      if (w.count === 0) w.first = at;
      w.count++;
      w.last = Math.max(w.last, at);
      return;
    }
    this.write(communeId, 1, at, at);
    this.open.set(communeId, { count: 0, first: at, last: at, timer: this.timer(communeId) });
  }

  /** Write what is summed and stop (at shutdown). */
  async flush(): Promise<void> {
    const pending = [...this.open].map(([communeId, w]) => {
      clearTimeout(w.timer);
      return w.count ? this.facts.events(communeId, w.count, w.first, w.last).catch(this.onError) : undefined;
    });
    this.open.clear();
    await Promise.all(pending);
  }

  private timer(communeId: string): NodeJS.Timeout {
    const t = setTimeout(() => this.close(communeId), this.windowMs);
    t.unref();
    return t;
  }

  private close(communeId: string): void {
    const w = this.open.get(communeId);
    if (!w) return;
    if (w.count === 0) {
      this.open.delete(communeId);
      return;
    }
    this.write(communeId, w.count, w.first, w.last);
    w.count = 0;
    w.timer = this.timer(communeId);
  }

  private write(communeId: string, count: number, first: number, last: number): void {
    this.facts.events(communeId, count, first, last).catch(this.onError);
  }
}
