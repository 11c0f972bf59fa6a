import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import { SANDBOX_SECRETS } from "../../src/sandbox.js";
import type { RecordedMessage } from "./fake-zalo.js";
import { Harness, type HarnessOptions } from "./harness.js";
import { SANDBOX } from "./sign.js";

/**
 * A province of several communes in one harness: each commune its own OA (the first commune's is
 * the fake Zalo's first OA), each OA its own token pair (ZALO_OA_TOKENS_FILE).
 */

/**
 * Another commune made from `base` (the example): its own id, name and OA, and other ids wherever
 * ids are unique in the province (teams, officers), its officers' Zalo ids starting `zaloPrefix`
 * instead of the example's "52" (Zalo ids are per OA: these are the officers on its OA).
 */
export function otherCommune(base: CommuneConfig, o: { id: string; name: string; oaId: string; zaloPrefix: string }): CommuneConfig {
  const team = (id: string) => `${id}-${o.id}`;
  const zalo = (zaloUserId: string | undefined) => zaloUserId && `${o.zaloPrefix}${zaloUserId.slice(2)}`;
  return {
    ...base,
    id: o.id,
    name: o.name,
    zalo: { oaId: o.oaId },
    teams: base.teams.map((t) => ({
      ...t,
      id: team(t.id),
      officers: t.officers.map((p) => ({ ...p, id: `${p.id}-${o.id}`, zaloUserId: zalo(p.zaloUserId) })),
    })),
    leadership: base.leadership.map((p) => ({ ...p, id: `${p.id}-${o.id}`, zaloUserId: zalo(p.zaloUserId) })),
    routing: base.routing.map((r) => ({ ...r, team: team(r.team) })),
    fallbackTeam: team(base.fallbackTeam),
    ...(base.handoffTeam ? { handoffTeam: team(base.handoffTeam) } : {}),
  };
}

/** The hotline serving `communes` (each with `zalo.oaId`; the first on `SANDBOX.oaId`). */
export async function startProvince(communes: CommuneConfig[], opts: HarnessOptions = {}): Promise<Harness> {
  const pairs = Object.fromEntries(
    communes.map((c) => {
      const oaId = c.zalo?.oaId;
      if (!oaId) throw new Error(`commune ${c.id} has no zalo.oaId`);
      const pair =
        oaId === SANDBOX.oaId
          ? { accessToken: SANDBOX_SECRETS.ZALO_ACCESS_TOKEN, refreshToken: SANDBOX_SECRETS.ZALO_REFRESH_TOKEN }
          : { accessToken: `province-access-${oaId}`, refreshToken: `province-refresh-${oaId}` };
      return [oaId, pair];
    }),
  );
  // Read once at start (the pairs are kept in Redis from then on).
  const dir = mkdtempSync(path.join(tmpdir(), "province-"));
  try {
    const file = path.join(dir, "oa-tokens.json");
    writeFileSync(file, JSON.stringify(pairs));
    const h = await Harness.start({ ...opts, communes: new Communes(communes), env: { ...opts.env, ZALO_OA_TOKENS_FILE: file } });
    for (const [oaId, pair] of Object.entries(pairs)) if (oaId !== SANDBOX.oaId) h.zalo.addOa(oaId, pair);
    return h;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Someone writing to one OA of the province (a citizen or an officer): what they send, what that OA sent them. */
export class OaUser {
  private seen = 0;
  constructor(
    private readonly h: Harness,
    readonly oaId: string,
    readonly userId: string,
  ) {}

  /** Every text this OA sent the user (button titles after it, in brackets). */
  all(): string[] {
    return this.h.zalo
      .messagesFor(this.userId)
      .filter((m) => m.oaId === this.oaId)
      .map(textOfMessage);
  }

  /** Send a text and return the replies it produced (not what effects send later). */
  async send(text: string): Promise<string> {
    const { status, msgId } = await this.h.post({ type: "text", text }, this.userId, undefined, this.oaId);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
    await this.h.settle(msgId);
    return this.unread();
  }

  /** Send a text and wait for `n` texts in all, including those a worker sends after the event settled. */
  async sendAndWait(text: string, n = 1, timeoutMs = 10_000): Promise<string> {
    const start = this.seen;
    await this.send(text);
    this.seen = start;
    return this.waitForReplies(n, timeoutMs);
  }

  /** Texts not returned yet, joined. */
  unread(): string {
    const all = this.all();
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh.join("\n---\n");
  }

  /** Wait for `n` texts not returned yet. */
  async waitForReplies(n: number, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.all().length < this.seen + n) {
      if (Date.now() > deadline)
        throw new Error(`${this.all().length - this.seen}/${n} new messages from OA ${this.oaId} to ${this.userId}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.unread();
  }
}

function textOfMessage(m: RecordedMessage): string {
  const msg = m.message as { text?: string; attachment?: { payload?: { buttons?: { title: string }[] } } };
  return [msg.text ?? "", ...(msg.attachment?.payload?.buttons ?? []).map((b) => `[${b.title}]`)].join("\n");
}
