/**
 * The sandbox: the made-up Zalo app and admin token of `.env.example`, which `npm run chat` plays
 * on loopback. These values are public (they are in the repository), so they may only ever serve
 * the sandbox: a hotline that uses one of them with NODE_ENV=production, or while its Zalo URLs
 * leave the machine, refuses to start.
 */

/** The secrets and tokens of `.env.example` (test/sandbox.test.ts keeps the two in step). */
export const SANDBOX_SECRETS = {
  ZALO_APP_SECRET: "sandbox-app-secret",
  ZALO_OA_SECRET_KEY: "sandbox-oa-secret-key",
  ZALO_ACCESS_TOKEN: "sandbox-access-token-1",
  ZALO_REFRESH_TOKEN: "sandbox-refresh-token-1",
  ADMIN_TOKEN: "sandbox-admin-token-for-this-machine-only",
} as const;

type SecretName = keyof typeof SANDBOX_SECRETS;
const SECRET_NAMES = Object.keys(SANDBOX_SECRETS) as SecretName[];
const ZALO_URLS = ["ZALO_API_BASE_URL", "ZALO_OAUTH_BASE_URL", "ZALO_ZNS_BASE_URL"] as const;

/**
 * Variables that say "this is a real Zalo app": when the environment sets any of them, the
 * sandbox is not filled in around it (a missing secret is reported missing instead).
 */
export const REAL_APP_VARIABLES = ["ZALO_APP_ID", ...SECRET_NAMES] as const;

/** Whether `url` names this machine (127.0.0.0/8, ::1 or localhost). */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Whether this configuration serves the sandbox: one of its public secrets or tokens is in use.
 * It then listens on 127.0.0.1 only — an admin token anyone can read must not answer the network.
 */
export function servesSandbox(env: Partial<Record<SecretName, string>>): boolean {
  return SECRET_NAMES.some((name) => env[name] === SANDBOX_SECRETS[name]);
}

export type SandboxCheckInput = Partial<Record<SecretName, string>> & Record<(typeof ZALO_URLS)[number] | "NODE_ENV", string>;

/** One line per sandbox value used where it must not be (empty when all is well). */
export function sandboxProblems(env: SandboxCheckInput): string[] {
  const inUse = SECRET_NAMES.filter((name) => env[name] === SANDBOX_SECRETS[name]);
  if (inUse.length === 0) return [];
  if (env.NODE_ENV === "production") {
    return inUse.map((name) => `${name}: is the public sandbox value of .env.example, refused with NODE_ENV=production; set the real one`);
  }
  const away = ZALO_URLS.filter((name) => !isLoopbackUrl(env[name]));
  if (away.length === 0) return [];
  const where = `${away.join(" and ")} ${away.length > 1 ? "point" : "points"} off this machine`;
  return inUse.map(
    (name) => `${name}: is the public sandbox value of .env.example, which serves only a Zalo on loopback, but ${where}; set the real one`,
  );
}

/**
 * Which local file fills in the environment at start (never over what the environment sets):
 * - `.env` when the working directory has one;
 * - otherwise the sandbox, `.env.example` as a whole, but only where nothing speaks of a real
 *   deployment: NODE_ENV is not production and no Zalo app id, secret, token or ADMIN_TOKEN is
 *   set. The caller announces it loudly, and `sandboxProblems` still refuses it if a Zalo URL
 *   leaves the machine;
 * - otherwise none: a missing variable is reported missing, never taken from the example.
 */
export function chooseEnvFile(env: Record<string, string | undefined>, exists: (file: string) => boolean): ".env" | ".env.example" | null {
  if (exists(".env")) return ".env";
  if (env.NODE_ENV === "production" || REAL_APP_VARIABLES.some((name) => env[name])) return null;
  return exists(".env.example") ? ".env.example" : null;
}

/**
 * The photo hosts a sandbox adds to the default (PHOTO_URL_HOSTS unset): the fake Zalo's own host,
 * where `npm run chat` serves the picture `/img` sends, as Zalo's CDN serves a citizen's photo.
 * Only a hotline on the public sandbox secrets gets it, which sandboxProblems allows only outside
 * production and with Zalo on loopback: a real deployment keeps Zalo's CDNs alone.
 */
export function sandboxPhotoHosts(env: SandboxCheckInput): string[] {
  if (!SECRET_NAMES.some((name) => env[name] === SANDBOX_SECRETS[name])) return [];
  if (env.NODE_ENV === "production" || !isLoopbackUrl(env.ZALO_API_BASE_URL)) return [];
  return [new URL(env.ZALO_API_BASE_URL).hostname.toLowerCase()];
}
