import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig } from "../../src/commune/config.js";
import { SANDBOX_SECRETS } from "../../src/sandbox.js";
import { exampleConfig } from "../commune/fixture.js";
import { SANDBOX } from "./sign.js";

/** The second commune's OA, and the token pair the fake Zalo knows it by. */
export const OA_B = "3000000000000000001";
export const OA_B_TOKENS = { accessToken: "oa-b-access-token-1", refreshToken: "oa-b-refresh-token-1" };

/**
 * A province of two communes for tests: the example commune (Kiều Phú, on the sandbox OA) and a
 * copy of it named Phú Xá on OA `OA_B`, whose teams, officers and Zalo ids are its own (ids are
 * unique in a province). Same villages and categories: which commune a case is in comes from the
 * OA, not the map (borders are the province's-view issue).
 */
export function provinceOfTwo(): { a: CommuneConfig; b: CommuneConfig; communes: Communes } {
  const a = exampleConfig();
  a.zalo = { oaId: SANDBOX.oaId };
  const b = exampleConfig();
  const own = (id: string) => `px-${id}`;
  b.id = "phu-xa";
  b.name = "Xã Phú Xá";
  b.address = "Thôn Phú Xá, xã Phú Xá, Hà Nội";
  b.hotline = "024 3300 0000";
  b.zalo = { oaId: OA_B };
  b.teams = b.teams.map((t) => ({
    ...t,
    id: own(t.id),
    name: `${t.name} (Phú Xá)`,
    officers: t.officers.map((o) => ({ ...o, id: own(o.id), ...(o.zaloUserId ? { zaloUserId: `6${o.zaloUserId.slice(1)}` } : {}) })),
  }));
  b.leadership = b.leadership.map((l) => ({ ...l, id: own(l.id), ...(l.zaloUserId ? { zaloUserId: `6${l.zaloUserId.slice(1)}` } : {}) }));
  b.routing = b.routing.map((r) => ({ ...r, team: own(r.team) }));
  b.fallbackTeam = own(b.fallbackTeam);
  if (b.handoffTeam) b.handoffTeam = own(b.handoffTeam);
  return { a, b, communes: new Communes([a, b]) };
}

/** `ZALO_OA_TOKENS_FILE` for the two OAs (the first OA's pair is the fake Zalo's default), written in `dir`. */
export async function provinceTokensFile(dir: string): Promise<string> {
  const file = path.join(dir, "oa-tokens.json");
  const pairs = {
    [SANDBOX.oaId]: { accessToken: SANDBOX_SECRETS.ZALO_ACCESS_TOKEN, refreshToken: SANDBOX_SECRETS.ZALO_REFRESH_TOKEN },
    [OA_B]: OA_B_TOKENS,
  };
  await writeFile(file, JSON.stringify(pairs));
  return file;
}
