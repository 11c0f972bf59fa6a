import type { RedisConnection } from "../redis.js";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Config } from "../config.js";
import { readJsonFile } from "../core/json-file.js";
import type { PlatformSender } from "../core/platform-sender.js";
import type { UserProfiles } from "../core/user-profiles.js";
import { ZaloClient, type ZaloClients } from "../../webhooks/zalo/client.js";
import { classifyZaloFailure, zaloSender } from "../../webhooks/zalo/sender.js";
import type { QuotaSource } from "../fleet/quota-check.js";
import { zaloUserProfiles } from "../../webhooks/zalo/profiles.js";
import { ZnsClient, znsSender } from "../../webhooks/zalo/zns.js";
import type { TemplateSender } from "../core/template-sender.js";
import { ZaloTokenStore } from "../../webhooks/zalo/token-store.js";
import { appOf, loadZaloApps } from "./zalo-apps.js";
import { PROVINCE_OA_HOME, provinceZaloId } from "../core/province-oa.js";

const tokensFileSchema = z.record(
  z.string().regex(/^\d{1,30}$/, "must be a Zalo OA id (digits)"),
  z.strictObject({ accessToken: z.string().min(1), refreshToken: z.string().min(1) }),
);
type TokenSeeds = z.infer<typeof tokensFileSchema>;

export class OaTokensFileError extends Error {
  override name = "OaTokensFileError";
}

/** `ZALO_OA_TOKENS_FILE`: each OA's first token pair, by OA id. A bad file names the file and the field. */
export function loadOaTokens(file: string): TokenSeeds {
  const { json } = readJsonFile(file, (line) => new OaTokensFileError(`ZALO_OA_TOKENS_FILE ${file}: ${line}`));
  const r = tokensFileSchema.safeParse(json);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new OaTokensFileError(`ZALO_OA_TOKENS_FILE ${file}:\n  ${problems.join("\n  ")}`);
  }
  return r.data;
}

/**
 * One token store per commune's OA, each pair kept in Redis (seeded from the configuration on
 * first start by `init()`, then refreshed there, one refresh at a time per OA). Not initialised
 * here: the workers seed them (`zaloPlatform`); the fleet page only looks (`peek`).
 */
export function oaTokenStores(
  config: Config,
  communes: Communes,
  redis: RedisConnection,
  onRefreshFailed?: (communeId: string, err: unknown) => void,
): Map<string, ZaloTokenStore> {
  const apps = loadZaloApps(config, communes);
  const seeds = config.ZALO_OA_TOKENS_FILE ? loadOaTokens(config.ZALO_OA_TOKENS_FILE) : {};
  const envPair =
    config.ZALO_ACCESS_TOKEN && config.ZALO_REFRESH_TOKEN
      ? { accessToken: config.ZALO_ACCESS_TOKEN, refreshToken: config.ZALO_REFRESH_TOKEN }
      : undefined;
  // A province with a province OA gives the environment's pair to no commune's OA.
  const single = communes.provinceOa ? undefined : communes.only();
  const stores = new Map<string, ZaloTokenStore>();
  const store = (id: string, oaId: string | undefined, app: { appId: string; appSecret: string }, single: boolean) =>
    new ZaloTokenStore({
      redis,
      prefix: config.REDIS_PREFIX,
      // Refreshed with the secret of the app the OA is linked to.
      appId: app.appId,
      appSecret: app.appSecret,
      oauthBaseUrl: config.ZALO_OAUTH_BASE_URL,
      ...(oaId === undefined ? {} : { oaId }),
      // The environment's pair is the OA's of a province of one (as before communes had OAs).
      seed: (oaId === undefined ? undefined : seeds[oaId]) ?? (single ? envPair : undefined),
      adoptUnnamedPair: single,
      ...(onRefreshFailed ? { onRefreshFailed: (err: unknown) => onRefreshFailed(id, err) } : {}),
    });
  for (const commune of communes.list) {
    const oaId = commune.zalo?.oaId;
    // Reached through the province OA (below).
    if (oaId === undefined && communes.provinceOa) continue;
    stores.set(commune.id, store(commune.id, oaId, appOf(apps, config, commune), single !== undefined));
  }
  const province = communes.provinceOa;
  if (province) stores.set(PROVINCE_OA_HOME, store(PROVINCE_OA_HOME, province.oaId, appOf(apps, config, { zalo: province }), false));
  return stores;
}

/**
 * Zalo as the platform replies go out through, and where display names and each OA's quota are
 * read: one token pair and one OA API client per OA (each commune's, and the province OA's under
 * `PROVINCE_OA_HOME`).
 */
export async function zaloPlatform(
  config: Config,
  communes: Communes,
  redis: RedisConnection,
  hooks: { onRefreshFailed?: (communeId: string, err: unknown) => void } = {},
): Promise<{ sender: PlatformSender; profiles: UserProfiles; quota: QuotaSource; templates: TemplateSender }> {
  const clients = new Map<string, ZaloClient>();
  const zns = new Map<string, ZnsClient>();
  for (const [communeId, tokens] of oaTokenStores(config, communes, redis, hooks.onRefreshFailed)) {
    await tokens.init();
    clients.set(communeId, new ZaloClient({ apiBaseUrl: config.ZALO_API_BASE_URL, tokens }));
    // ZNS goes out with the same OA's token (its daily quota is the OA's).
    zns.set(communeId, new ZnsClient({ baseUrl: config.ZALO_ZNS_BASE_URL, tokens }));
  }
  const provinceClient = clients.get(PROVINCE_OA_HOME);
  const ofCommune = (communeId: string): ZaloClient => {
    const client = clients.get(communeId);
    if (client) return client;
    // A commune without an OA of its own, in a province that runs one OA for all: its officers are on the province OA.
    if (provinceClient) return provinceClient;
    throw new Error(`no Zalo OA for commune "${communeId}" in this deployment`);
  };
  // A province OA's citizen is reached through the province OA, by their Zalo id there, whatever
  // commune the message is about (their id means nothing on a commune's OA).
  const byCommune: ZaloClients<Pick<ZaloClient, "sendMessage" | "getUserDetail">> = {
    of(communeId) {
      return {
        sendMessage: (userId, message) => routed(communeId, userId, (c, id) => c.sendMessage(id, message)),
        getUserDetail: (userId) => routed(communeId, userId, (c, id) => c.getUserDetail(id)),
      };
    },
  };
  function routed<T>(communeId: string, userId: string, call: (client: ZaloClient, zaloId: string) => Promise<T>): Promise<T> {
    const onProvinceOa = provinceZaloId(userId);
    if (onProvinceOa === undefined) return call(ofCommune(communeId), userId);
    if (!provinceClient) throw new Error("a province OA's citizen, in a deployment without a province OA");
    return call(provinceClient, onProvinceOa);
  }
  const quota: QuotaSource = {
    quotaOf: (communeId) => ofCommune(communeId).getMessageQuota(),
    codeOf: zaloFailureCode,
  };
  const znsOf = {
    of(communeId: string) {
      // A commune without an OA of its own sends ZNS through the province OA (its quota is that OA's).
      const client = zns.get(communeId) ?? zns.get(PROVINCE_OA_HOME);
      if (!client) throw new Error(`no Zalo OA for commune "${communeId}" in this deployment`);
      return client;
    },
  };
  return { sender: zaloSender(byCommune), profiles: zaloUserProfiles(byCommune), quota, templates: znsSender(znsOf) };
}

/** What the fleet's figures record of a failure of Zalo: its code, else the failure's kind. */
export function zaloFailureCode(err: unknown): string {
  const code = classifyZaloFailure(err).code;
  if (code !== undefined) return String(code);
  return err instanceof Error ? err.name : "error";
}
