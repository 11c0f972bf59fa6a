import type { RedisConnection } from "../redis.js";
import type { Communes } from "../commune/communes.js";
import type { Config } from "../config.js";
import { ZaloOaConnect } from "../../webhooks/zalo/oa-connect.js";
import { ZaloTokenStore } from "../../webhooks/zalo/token-store.js";
import { appOf, loadZaloApps } from "./zalo-apps.js";

/**
 * Onboarding of the communes' OAs (OAuth v4 + PKCE): a commune's OA is its file's `zalo.oaId`,
 * its code is exchanged with the secret of the app it is linked to (`zalo.appId`), and its pair
 * lands where every process's client reads it (the OA's token store in Redis).
 */
export function zaloOaConnect(config: Config, communes: Communes, redis: RedisConnection): ZaloOaConnect {
  const apps = loadZaloApps(config, communes);
  return new ZaloOaConnect({
    redis,
    prefix: config.REDIS_PREFIX,
    oauthBaseUrl: config.ZALO_OAUTH_BASE_URL,
    oaOf(communeId) {
      const commune = communes.find(communeId);
      const oaId = commune?.zalo?.oaId;
      if (!commune || oaId === undefined) return undefined;
      const app = appOf(apps, config, commune);
      return { communeId: commune.id, communeName: commune.name, oaId, appId: app.appId, appSecret: app.appSecret };
    },
    storeOf: (oa) =>
      new ZaloTokenStore({
        redis,
        prefix: config.REDIS_PREFIX,
        appId: oa.appId,
        appSecret: oa.appSecret,
        oauthBaseUrl: config.ZALO_OAUTH_BASE_URL,
        oaId: oa.oaId,
      }),
  });
}
