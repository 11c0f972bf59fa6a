import type { Request } from "express";

/** A route parameter as one string (express types them loosely once middleware sits before the handler). */
export function param(req: Request, name: string): string {
  const v: unknown = req.params[name];
  return typeof v === "string" ? v : "";
}
