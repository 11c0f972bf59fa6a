import type { UserProfiles } from "../../src/core/user-profiles.js";
import { logger } from "../../src/logger.js";
import type { ZaloClient, ZaloClients } from "./client.js";

/**
 * Display names from Zalo's user profile (`GET /v3.0/oa/user/detail`). A profile that cannot be
 * read (the user unfollowed, a network error) gives no name: the officer sees none rather than a
 * wrong one, and the hand-off goes on without it.
 */
export function zaloUserProfiles(clients: ZaloClients<Pick<ZaloClient, "getUserDetail">>): UserProfiles {
  return {
    async displayName(channel, user) {
      if (channel !== "zalo") return null;
      try {
        const name = (await clients.of(user.communeId).getUserDetail(user.userId)).displayName?.trim();
        return name || null;
      } catch (err) {
        logger.info("no display name from Zalo", { err: err instanceof Error ? err.message : String(err) });
        return null;
      }
    },
  };
}
