import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import type { OutboundChannel } from "../core/outbound-channel.js";
import type { UserProfiles } from "../core/user-profiles.js";
import { ZaloClient } from "../../webhooks/zalo/client.js";
import { zaloOutboundChannel } from "../../webhooks/zalo/outbound-channel.js";
import { zaloUserProfiles } from "../../webhooks/zalo/profiles.js";
import { ZaloTokenStore } from "../../webhooks/zalo/token-store.js";

/**
 * Zalo as the channel replies go out through, and where display names are read: the token pair
 * kept in Redis (seeded from the configuration on first start, then refreshed there) and the OA
 * API client.
 */
export async function zaloChannel(config: Config, redis: Redis): Promise<{ channel: OutboundChannel; profiles: UserProfiles }> {
  const tokens = new ZaloTokenStore({
    redis,
    prefix: config.REDIS_PREFIX,
    appId: config.ZALO_APP_ID,
    appSecret: config.ZALO_APP_SECRET,
    oauthBaseUrl: config.ZALO_OAUTH_BASE_URL,
    seed: { accessToken: config.ZALO_ACCESS_TOKEN, refreshToken: config.ZALO_REFRESH_TOKEN },
  });
  await tokens.init();
  const client = new ZaloClient({ apiBaseUrl: config.ZALO_API_BASE_URL, tokens });
  return { channel: zaloOutboundChannel(client), profiles: zaloUserProfiles(client) };
}
