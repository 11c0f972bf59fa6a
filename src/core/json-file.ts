import { readFileSync } from "node:fs";

/**
 * The text and parsed JSON of a settings file; `problem` builds the caller's own error from one
 * line saying what went wrong, so a start-up failure names the file and the reason.
 */
export function readJsonFile(path: string, problem: (line: string) => Error): { text: string; json: unknown } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw problem(`cannot read the file: ${(err as Error).message}`);
  }
  try {
    return { text, json: JSON.parse(text) };
  } catch (err) {
    throw problem(`not valid JSON: ${(err as Error).message}`);
  }
}
