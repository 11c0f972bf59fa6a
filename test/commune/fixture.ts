import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CommuneConfig, loadCommuneConfig } from "../../src/commune/config.js";

/** The example commune file shipped with the hotline. */
export const EXAMPLE_CONFIG_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../src/commune/kieu-phu.json");

/** A fresh copy of the example config (tests may change it). */
export function exampleConfig(): CommuneConfig {
  return loadCommuneConfig(EXAMPLE_CONFIG_PATH);
}
