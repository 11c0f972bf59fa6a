import { EXAMPLE_CONFIG_PATH } from "../commune/fixture.js";
import { SANDBOX } from "./sign.js";

/** A complete, valid environment for starting the hotline in tests. */
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    NODE_ENV: "test",
    PORT: "0",
    ROLE: "all",
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_PREFIX: "hotline-test",
    ZALO_APP_ID: "1163843031413526746",
    ZALO_APP_SECRET: "test-app-secret",
    ZALO_OA_SECRET_KEY: "test-oa-secret-key",
    ZALO_ACCESS_TOKEN: "test-access-token-1",
    ZALO_REFRESH_TOKEN: "test-refresh-token-1",
    ZALO_API_BASE_URL: "http://127.0.0.1:9",
    ZALO_OAUTH_BASE_URL: "http://127.0.0.1:9",
    ZALO_ZNS_BASE_URL: "http://127.0.0.1:9",
    ADMIN_TOKEN: "test-admin-token-0123456789-abcdefghij",
    // Production refuses to start without one (contacts are encrypted under it).
    DATA_ENCRYPTION_KEY: "test-data-encryption-key-0123456789-abcdef",
    // Named explicitly: production refuses an empty COMMUNE_CONFIG.
    COMMUNE_CONFIG: EXAMPLE_CONFIG_PATH,
    // The tests' photo servers listen on loopback.
    PHOTO_URL_HOSTS: "127.0.0.1",
    LOG_LEVEL: "warn",
    // Tests play one officer or citizen for dozens of messages a minute; the limit has its own test.
    USER_MESSAGES_PER_MINUTE: "10000",
    // Conversation tests count replies: the first-contact notice has its own tests (test/privacy).
    PRIVACY_NOTICE: "off",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The environment of a hotline talking to a fake Zalo OA API (its URL and its current keys). */
export function fakeZaloEnv(zalo: { url: string; appSecret: string; accessToken: string; refreshToken: string }): Record<string, string> {
  return {
    ZALO_API_BASE_URL: zalo.url,
    ZALO_OAUTH_BASE_URL: zalo.url,
    ZALO_ZNS_BASE_URL: zalo.url,
    ZALO_APP_ID: SANDBOX.appId,
    ZALO_APP_SECRET: zalo.appSecret,
    ZALO_OA_SECRET_KEY: SANDBOX.oaSecretKey,
    ZALO_ACCESS_TOKEN: zalo.accessToken,
    ZALO_REFRESH_TOKEN: zalo.refreshToken,
  };
}
