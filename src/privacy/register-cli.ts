/** `npm run privacy:register`: write docs/privacy-register.md from the register in code. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderRegister } from "./register.js";

export const REGISTER_FILE = fileURLToPath(new URL("../../docs/privacy-register.md", import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(REGISTER_FILE, renderRegister());
  process.stdout.write(`wrote ${REGISTER_FILE}\n`);
}
