import { readdirSync } from "node:fs";
import path from "node:path";
import { type CommuneConfig, CommuneConfigError, loadCommuneConfig } from "./config.js";
import { communeContains } from "./geo.js";
import { PROVINCE_OA_HOME } from "../core/province-oa.js";
import { applyProvince, loadProvinceConfig, ProvinceConfigError, type ProvinceOa } from "./province.js";
import { COMPUTED_ONLY, calendarWarnings } from "./public-holidays.js";

/**
 * The communes one deployment serves, by id and by the Zalo OA that receives their citizens.
 * A province runs one process (or a few) for all its communes; a single `COMMUNE_CONFIG` is a
 * province of one. Nothing here is a process-wide "current commune": every event, job and request
 * names its own, and this is where the name is looked up.
 */
export class Communes {
  private readonly byId = new Map<string, CommuneConfig>();
  private readonly byOaId = new Map<string, CommuneConfig>();

  constructor(
    readonly list: readonly CommuneConfig[],
    /** The province-wide OA (`PROVINCE_CONFIG`'s `oa`): its conversations choose their commune. */
    readonly provinceOa?: ProvinceOa,
  ) {
    if (list.length === 0) throw new Error("a deployment needs at least one commune");
    for (const c of list) {
      this.byId.set(c.id, c);
      if (c.zalo) this.byOaId.set(c.zalo.oaId, c);
    }
    if (provinceOa && this.byOaId.has(provinceOa.oaId))
      throw new Error(`OA ${provinceOa.oaId} is both the province OA and commune ${this.byOaId.get(provinceOa.oaId)!.id}'s`);
  }

  /** The commune `id` names; throws `UnknownCommuneError` (a job or row naming a commune that left the deployment). */
  get(id: string): CommuneConfig {
    const c = this.byId.get(id);
    if (!c) throw new UnknownCommuneError(id);
    return c;
  }

  find(id: string): CommuneConfig | undefined {
    return this.byId.get(id);
  }

  /**
   * The commune whose OA received an event. A province of one whose file names no OA takes every
   * event of the app as its own (today's single-commune deployments); otherwise an OA nobody
   * declared is nobody's.
   */
  forOa(oaId: string | undefined): CommuneConfig | undefined {
    if (oaId !== undefined) {
      const c = this.byOaId.get(oaId);
      if (c) return c;
      if (oaId === this.provinceOa?.oaId) return undefined;
    }
    const only = this.only();
    return only && !only.zalo && !this.provinceOa ? only : undefined;
  }

  /**
   * Where an event sent to `oaId` lives: its commune's id, `PROVINCE_OA_HOME` for the province
   * OA (the commune is chosen per conversation), or undefined for an OA nobody declared.
   */
  homeOfOa(oaId: string | undefined): string | undefined {
    if (oaId !== undefined && oaId === this.provinceOa?.oaId) return PROVINCE_OA_HOME;
    return this.forOa(oaId)?.id;
  }

  /** Every home of conversations: each commune, and the province OA's when there is one (each gets a shard). */
  get homeIds(): string[] {
    return this.provinceOa ? [...this.ids, PROVINCE_OA_HOME] : this.ids;
  }

  /**
   * The commune a point lies in, or undefined outside every commune of the deployment. A point on
   * the border two communes share belongs to the first in the deployment's order (files sorted by
   * name), so the answer never depends on floating-point luck.
   */
  at(lat: number, lng: number): CommuneConfig | undefined {
    return this.list.find((c) => communeContains(c, lat, lng));
  }

  /** The single commune of a province of one; undefined when there are several. */
  only(): CommuneConfig | undefined {
    return this.list.length === 1 ? this.list[0] : undefined;
  }

  get ids(): string[] {
    return this.list.map((c) => c.id);
  }

  /** What the holiday calendars of the deployment ask for at `now`, once per calendar (the province's, or computed-only). */
  calendarWarnings(now: Date): string[] {
    const calendars = new Set(this.list.map((c) => c.calendar ?? COMPUTED_ONLY));
    return [...calendars].flatMap((calendar) => calendarWarnings(calendar, now));
  }
}

export class UnknownCommuneError extends Error {
  override name = "UnknownCommuneError";
  constructor(readonly communeId: string) {
    super(`no commune "${communeId}" in this deployment`);
  }
}

/**
 * The communes of the deployment: every `*.json` of `COMMUNES_DIR` (each must carry `id`, and
 * `zalo.oaId` when there are several), or the one `COMMUNE_CONFIG`. Two communes with one id or
 * one OA refuse to start, naming both files: an OA shared by several communes is the province OA,
 * declared as such, never by accident.
 */
export function loadCommunes(source: {
  communesDir?: string | undefined;
  communeConfig: string;
  /** `PROVINCE_CONFIG`: the province's name, hotline, holidays and data-protection officer (`province.ts`). */
  provinceConfig?: string | undefined;
}): Communes {
  if (!source.provinceConfig) return loadCommuneFiles(source);
  const province = loadProvinceConfig(source.provinceConfig);
  const communes = loadCommuneFiles(source, province.oa !== undefined);
  const provinceOa = province.oa;
  if (provinceOa) {
    const clash = communes.list.find((c) => c.zalo?.oaId === provinceOa.oaId);
    if (clash)
      throw new ProvinceConfigError(source.provinceConfig, [
        `oa.oaId: OA ${provinceOa.oaId} is also the OA of commune ${clash.id} (the province OA serves every commune; a commune's own OA is another)`,
      ]);
  }
  return new Communes(
    communes.list.map((c) => applyProvince(c, province)),
    provinceOa,
  );
}

/** `provinceOa`: the province runs one OA for its communes, so a commune needs no OA of its own. */
function loadCommuneFiles(source: { communesDir?: string | undefined; communeConfig: string }, provinceOa = false): Communes {
  if (!source.communesDir) return new Communes([loadCommuneConfig(source.communeConfig)]);
  const dir = source.communesDir;
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".json") && !f.endsWith(".procedures.json"))
      .sort()
      .map((f) => path.join(dir, f));
  } catch (err) {
    throw new CommuneConfigError(dir, [`cannot read the folder: ${(err as Error).message}`]);
  }
  if (files.length === 0) throw new CommuneConfigError(dir, ["no commune file (*.json) in the folder"]);
  const loaded = files.map((file) => ({ file, commune: loadCommuneConfig(file, { requireId: true }) }));
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const oas = new Map<string, string>();
  // Team and officer ids name rows the whole province shares (and the officers' commands use
  // them): one id in two communes would be one team or one officer.
  const teamIds = new Map<string, string>();
  const officerIds = new Map<string, string>();
  const once = (seen: Map<string, string>, id: string, file: string, what: string) => {
    const other = seen.get(id);
    if (other && other !== file) problems.push(`${file}: ${what} id "${id}" is also used in ${other} (ids are unique in the province)`);
    seen.set(id, file);
  };
  for (const { file, commune } of loaded) {
    const raw = commune;
    for (const t of commune.teams) {
      once(teamIds, t.id, file, "team");
      for (const o of t.officers) once(officerIds, o.id, file, "officer");
    }
    for (const l of commune.leadership) once(officerIds, l.id, file, "officer");
    if (loaded.length > 1 && !raw.zalo && !provinceOa)
      problems.push(`${file}: zalo.oaId: is required when the deployment has several communes`);
    const sameId = ids.get(raw.id);
    if (sameId) problems.push(`${file}: id: "${raw.id}" is also the id of ${sameId}`);
    ids.set(raw.id, file);
    if (raw.zalo) {
      const sameOa = oas.get(raw.zalo.oaId);
      if (sameOa) problems.push(`${file}: zalo.oaId: OA ${raw.zalo.oaId} is also the OA of ${sameOa}`);
      oas.set(raw.zalo.oaId, file);
    }
  }
  if (problems.length) throw new CommuneConfigError(dir, problems);
  return new Communes(loaded.map((l) => l.commune));
}
