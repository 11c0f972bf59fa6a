import { lookup as dnsLookup } from "node:dns";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Downloading a photo URL taken from a citizen's message, which an attacker can sign too: only
 * from the allowed hosts (`PHOTO_URL_HOSTS`), every redirect checked again, never to a private,
 * loopback or link-local address unless the host is named exactly, and within one deadline for
 * the whole download, redirects included.
 */

export type PhotoFailure = "bad_url" | "not_allowed" | "http_status" | "too_large" | "not_image" | "network" | "timeout";

/** A photo that could not be kept; `kind` tells whether retrying can help (`network`, `timeout`, `http_status`). */
export class PhotoDownloadError extends Error {
  override name = "PhotoDownloadError";
  constructor(
    readonly kind: PhotoFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Host patterns (`PHOTO_URL_HOSTS`): `*.zdn.vn` is any name under zdn.vn, whose addresses must be
 * public; an exact name or address (`cdn.example.org`, `127.0.0.1`) is that host, at any address.
 */
export type PhotoHostPatterns = readonly string[];

/** How `host` is allowed: named exactly, under a wildcard (public addresses only), or not. */
export function hostAllowance(host: string, patterns: PhotoHostPatterns): "exact" | "wildcard" | null {
  const h = host.toLowerCase().replace(/\.$/, "");
  if (patterns.includes(h)) return "exact";
  return patterns.some((p) => p.startsWith("*.") && h.endsWith(p.slice(1))) ? "wildcard" : null;
}

const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  NOT_PUBLIC.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  NOT_PUBLIC.addSubnet(net, bits, "ipv6");
}

/**
 * Private, loopback, link-local, multicast or otherwise not a public internet address
 * (IPv4-mapped IPv6 addresses are checked against the IPv4 ranges by BlockList itself).
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** DNS look-up that refuses names resolving to any address that is not public. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused)
      return callback(new PhotoDownloadError("not_allowed", `${hostname} resolves to ${refused.address}, not a public address`), "", 0);
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

export interface DownloadOptions {
  hosts: PhotoHostPatterns;
  /** For the whole download, redirects included. */
  deadlineMs: number;
  maxBytes: number;
  /** Default 3. */
  maxRedirects?: number;
}

export interface Downloaded {
  /** The `Content-Type` header, without parameters, lower case ("" when absent). */
  contentType: string;
  body: Buffer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Download `url` under the rules above; throws `PhotoDownloadError`. */
export async function downloadPhoto(url: string, opts: DownloadOptions): Promise<Downloaded> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.deadlineMs);
  try {
    let current = checkedUrl(url, opts.hosts);
    for (let hop = 0; ; hop++) {
      const res = await get(current, abort.signal, opts.hosts);
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location) {
        res.resume();
        if (hop >= (opts.maxRedirects ?? 3)) throw new PhotoDownloadError("not_allowed", `more than ${opts.maxRedirects ?? 3} redirects`);
        current = checkedUrl(new URL(location, current).href, opts.hosts);
        continue;
      }
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
        res.resume();
        throw new PhotoDownloadError("http_status", `HTTP ${res.statusCode}`);
      }
      const contentType = String(res.headers["content-type"] ?? "")
        .split(";")[0]!
        .trim()
        .toLowerCase();
      return { contentType, body: await readBody(res, opts.maxBytes) };
    }
  } catch (err) {
    if (abort.signal.aborted) throw new PhotoDownloadError("timeout", `not downloaded within ${opts.deadlineMs} ms`);
    if (err instanceof PhotoDownloadError) throw err;
    throw new PhotoDownloadError("network", (err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why `raw` would be refused before any request is made (not a URL, another scheme, credentials,
 * a host outside `PHOTO_URL_HOSTS`), or null when the keeper would try it.
 */
export function urlRefusal(raw: string, hosts: PhotoHostPatterns): PhotoDownloadError | null {
  try {
    checkedUrl(raw, hosts);
    return null;
  } catch (err) {
    if (err instanceof PhotoDownloadError) return err;
    throw err;
  }
}

/** The URL if its scheme and host may be fetched. */
function checkedUrl(raw: string, hosts: PhotoHostPatterns): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new PhotoDownloadError("bad_url", "not a URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new PhotoDownloadError("bad_url", `unsupported protocol ${u.protocol}`);
  if (u.username || u.password) throw new PhotoDownloadError("bad_url", "credentials in the URL");
  if (!hostAllowance(u.hostname, hosts)) throw new PhotoDownloadError("not_allowed", `host ${u.hostname} is not in PHOTO_URL_HOSTS`);
  return u;
}

function get(u: URL, signal: AbortSignal, hosts: PhotoHostPatterns): Promise<IncomingMessage> {
  // A name allowed by a wildcard must resolve to public addresses; the check is in the look-up
  // the connection uses, so a second answer of the DNS cannot slip past it.
  const wildcard = hostAllowance(u.hostname, hosts) === "wildcard";
  const literal = u.hostname.replace(/^\[|\]$/g, "");
  // An address literal connects without a look-up: checked here (a pattern like `*.1` matches one).
  if (wildcard && isIP(literal) && !isPublicAddress(literal))
    return Promise.reject(new PhotoDownloadError("not_allowed", `${literal} is not a public address`));
  const lookup = wildcard ? publicOnlyLookup : undefined;
  const request = u.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(u, { method: "GET", signal, headers: { accept: "image/*" }, ...(lookup ? { lookup } : {}) }, resolve);
    req.on("error", reject);
    req.end();
  });
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(res.headers["content-length"] ?? 0) > maxBytes) {
      res.destroy();
      return reject(new PhotoDownloadError("too_large", `larger than ${maxBytes} bytes`));
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    res.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        res.destroy();
        reject(new PhotoDownloadError("too_large", `larger than ${maxBytes} bytes`));
      } else {
        chunks.push(chunk);
      }
    });
    res.on("end", () => resolve(Buffer.concat(chunks)));
    res.on("error", reject);
    res.on("close", () => {
      if (!res.complete) reject(new Error("connection closed before the photo was complete"));
    });
  });
}
