import axios from "axios";
import { ZaloHttpError, ZaloNetworkError } from "./errors.js";

/** Default time given to one request to Zalo before it counts as a network failure. */
export const ZALO_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Turn what axios threw into a Zalo error. Requests are made with `validateStatus: () => true`, so
 * only failures without a usable answer get here.
 */
export function fromAxiosError(err: unknown, endpoint: string): Error {
  if (axios.isAxiosError(err)) {
    if (err.response) return new ZaloHttpError(err.response.status, endpoint);
    return new ZaloNetworkError(endpoint, err.code, err.message);
  }
  return err instanceof Error ? err : new Error(String(err));
}
