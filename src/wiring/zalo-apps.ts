import { z } from "zod";
import type { Communes } from "../commune/communes.js";
import type { Config } from "../config.js";
import { readJsonFile } from "../core/json-file.js";

/** One Zalo app: the secret that refreshes its OAs' tokens, and the key that signs its webhook events. */
export interface ZaloApp {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
}

const appsFileSchema = z.record(
  z.string().regex(/^\d{1,30}$/, "must be a Zalo app id (digits)"),
  z.strictObject({ appSecret: z.string().min(1), oaSecretKey: z.string().min(1) }),
);

export class ZaloAppsError extends Error {
  override name = "ZaloAppsError";
}

/**
 * The Zalo apps the deployment serves: `ZALO_APP_ID` with its secrets, and those of
 * `ZALO_APPS_FILE` (`{ "<appId>": { "appSecret": "…", "oaSecretKey": "…" } }`), so a province can
 * split its OAs over several apps and cap what one disabled webhook takes down. Zalo shows the
 * "OA Secret Key" in an app's webhook settings, so the key is looked up by the event's `app_id`.
 * Every commune's `zalo.appId` must be one of them (refused at start, naming the commune).
 */
export function loadZaloApps(config: Config, communes: Communes): Map<string, ZaloApp> {
  const apps = new Map<string, ZaloApp>([
    [config.ZALO_APP_ID, { appId: config.ZALO_APP_ID, appSecret: config.ZALO_APP_SECRET, oaSecretKey: config.ZALO_OA_SECRET_KEY }],
  ]);
  if (config.ZALO_APPS_FILE) {
    const file = config.ZALO_APPS_FILE;
    const { json } = readJsonFile(file, (line) => new ZaloAppsError(`ZALO_APPS_FILE ${file}: ${line}`));
    const r = appsFileSchema.safeParse(json);
    if (!r.success) {
      const problems = r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
      throw new ZaloAppsError(`ZALO_APPS_FILE ${file}:\n  ${problems.join("\n  ")}`);
    }
    for (const [appId, secrets] of Object.entries(r.data)) apps.set(appId, { appId, ...secrets });
  }
  const unknown = communes.list.filter((c) => c.zalo?.appId !== undefined && !apps.has(c.zalo.appId));
  const problems = unknown.map((c) => `commune ${c.id}: zalo.appId ${c.zalo!.appId} is neither ZALO_APP_ID nor in ZALO_APPS_FILE`);
  const provinceApp = communes.provinceOa?.appId;
  if (provinceApp !== undefined && !apps.has(provinceApp))
    problems.push(`province OA: oa.appId ${provinceApp} is neither ZALO_APP_ID nor in ZALO_APPS_FILE`);
  if (problems.length) throw new ZaloAppsError(problems.join("\n"));
  return apps;
}

/** The app a commune's OA belongs to: its file's `zalo.appId`, else `ZALO_APP_ID`. */
export function appOf(apps: Map<string, ZaloApp>, config: Config, commune: { zalo?: { appId?: string | undefined } | undefined }): ZaloApp {
  return apps.get(commune.zalo?.appId ?? config.ZALO_APP_ID)!;
}
