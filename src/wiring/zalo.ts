import type { RedisConnection } from "../redis.js";
import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Config } from "../config.js";
import { readJsonFile } from "../core/json-file.js";
import type { PlatformSender } from "../core/platform-sender.js";
import type { UserProfiles } from "../core/user-profiles.js";
import { ZaloClient, type ZaloClients } from "../../webhooks/zalo/client.js";
import { zaloSender } from "../../webhooks/zalo/sender.js";
import { zaloUserProfiles } from "../../webhooks/zalo/profiles.js";
import { ZaloTokenStore } from "../../webhooks/zalo/token-store.js";
import { appOf, loadZaloApps } from "./zalo-apps.js";
import type { ProvinceOa } from "../commune/province.js";
import { provinceZaloId } from "../core/province-oa.js";

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
 * Zalo as the platform replies go out through, and where display names are read: one token pair
 * and one OA API client per commune's OA, each pair kept in Redis (seeded from the configuration
 * on first start, then refreshed there, one refresh at a time per OA).
 */
export async function zaloPlatform(
  config: Config,
  communes: Communes,
  redis: RedisConnection,
): Promise<{ sender: PlatformSender; profiles: UserProfiles }> {
  const apps = loadZaloApps(config, communes);
  const seeds = config.ZALO_OA_TOKENS_FILE ? loadOaTokens(config.ZALO_OA_TOKENS_FILE) : {};
  const envPair =
    config.ZALO_ACCESS_TOKEN && config.ZALO_REFRESH_TOKEN
      ? { accessToken: config.ZALO_ACCESS_TOKEN, refreshToken: config.ZALO_REFRESH_TOKEN }
      : undefined;
  // A province of one with a province OA still gives the environment's pair to its commune's own OA only.
  const single = communes.provinceOa ? undefined : communes.only();
  const clients = new Map<string, ZaloClient>();
  for (const commune of communes.list) {
    const oaId = commune.zalo?.oaId;
    // Reached through the province OA (below).
    if (oaId === undefined && communes.provinceOa) continue;
    const tokens = new ZaloTokenStore({
      redis,
      prefix: config.REDIS_PREFIX,
      // Refreshed with the secret of the app the OA is linked to.
      appId: appOf(apps, config, commune).appId,
      appSecret: appOf(apps, config, commune).appSecret,
      oauthBaseUrl: config.ZALO_OAUTH_BASE_URL,
      ...(oaId === undefined ? {} : { oaId }),
      // The environment's pair is the OA's of a province of one (as before communes had OAs).
      seed: (oaId === undefined ? undefined : seeds[oaId]) ?? (single ? envPair : undefined),
      adoptUnnamedPair: single !== undefined,
    });
    await tokens.init();
    clients.set(commune.id, new ZaloClient({ apiBaseUrl: config.ZALO_API_BASE_URL, tokens }));
  }
  const province = communes.provinceOa;
  const provinceClient = province
    ? new ZaloClient({ apiBaseUrl: config.ZALO_API_BASE_URL, tokens: await provinceTokens(province, seeds[province.oaId]) })
    : undefined;
  async function provinceTokens(oa: ProvinceOa, seed: TokenSeeds[string] | undefined): Promise<ZaloTokenStore> {
    const app = appOf(apps, config, { zalo: oa });
    const tokens = new ZaloTokenStore({
      redis,
      prefix: config.REDIS_PREFIX,
      appId: app.appId,
      appSecret: app.appSecret,
      oauthBaseUrl: config.ZALO_OAUTH_BASE_URL,
      oaId: oa.oaId,
      seed,
      adoptUnnamedPair: false,
    });
    await tokens.init();
    return tokens;
  }
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
  return { sender: zaloSender(byCommune), profiles: zaloUserProfiles(byCommune) };
}
