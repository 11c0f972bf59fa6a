import Transport from "winston-transport";
import { logger } from "../../src/logger.js";

/** Log lines as winston hands them to a transport (after redaction). */
export type LogLine = Record<string, unknown>;

/**
 * Run `fn` with every log line of the process captured, at `debug` level, then restore the
 * logger. Returns what `fn` returned and the lines.
 */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const capture = new Transport({ level: "debug" });
  capture.log = (info: LogLine, next: () => void) => {
    lines.push(info);
    next();
  };
  const level = logger.level;
  logger.level = "debug";
  logger.add(capture);
  try {
    return { result: await fn(), lines };
  } finally {
    logger.remove(capture);
    logger.level = level;
  }
}
