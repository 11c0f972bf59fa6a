import { z } from "zod";

/**
 * An officer's Zalo user id, as the OA receives it in `sender.id`: a string of decimal digits
 * (e.g. "5210000000000000001"). Checked wherever one is typed by a person (API, commune
 * config), so a placeholder such as "…" never becomes the address of case notices.
 */
export const zaloUserIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{1,32}$/, 'must be a Zalo user id: decimal digits only (e.g. "5210000000000000001")');
