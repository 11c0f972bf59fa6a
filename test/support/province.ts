import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Communes } from "../../src/commune/communes.js";
import type { CommuneConfig, Outline } from "../../src/commune/config.js";
import { areaCentre } from "../../src/commune/geo.js";
import { SANDBOX_SECRETS } from "../../src/sandbox.js";
import { exampleConfig } from "../commune/fixture.js";
import { SANDBOX } from "./sign.js";

/** The second commune's OA, and the token pair the fake Zalo knows it by. */
export const OA_B = "3000000000000000001";
export const OA_B_TOKENS = { accessToken: "oa-b-access-token-1", refreshToken: "oa-b-refresh-token-1" };

/** How far east of Kiều Phú the test province puts Phú Xá: its villages are Kiều Phú's, moved by this. */
export const PHU_XA_EAST_DEG = 0.05;

/**
 * A province of two communes for tests: the example commune (Kiều Phú, on the sandbox OA) and a
 * copy of it named Phú Xá on OA `OA_B`, whose teams, officers and Zalo ids are its own (ids are
 * unique in a province). Phú Xá's villages and boundary are Kiều Phú's moved `PHU_XA_EAST_DEG`
 * east, so the two boundaries share their edge at longitude 105.645 (`pinIn` gives a point of each).
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
  b.areas = { ...b.areas, features: b.areas.features.map((f) => ({ ...f, geometry: movedEast(f.geometry, PHU_XA_EAST_DEG) })) };
  if (b.boundary) b.boundary = movedEast(b.boundary, PHU_XA_EAST_DEG);
  b.fallbackTeam = own(b.fallbackTeam);
  if (b.handoffTeam) b.handoffTeam = own(b.handoffTeam);
  return { a, b, communes: new Communes([a, b]) };
}

function movedEast<T extends Outline>(outline: T, deg: number): T {
  const move = (rings: number[][][]) => rings.map((ring) => ring.map(([lng, lat]) => [lng! + deg, lat!]));
  return (
    outline.type === "Polygon"
      ? { ...outline, coordinates: move(outline.coordinates) }
      : { ...outline, coordinates: outline.coordinates.map(move) }
  ) as T;
}

/** A point inside a village of the commune (its first village, or `areaId`), as a Zalo location carries it. */
export function pinIn(config: CommuneConfig, areaId?: string): { latitude: number; longitude: number } {
  const area = areaId ? config.areas.features.find((f) => f.properties.id === areaId) : config.areas.features[0];
  if (!area) throw new Error(`no village "${areaId}" in ${config.id}`);
  const { lat, lng } = areaCentre(area);
  return { latitude: lat, longitude: lng };
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
