import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CommuneConfig, loadCommuneConfig } from "../../src/commune/config.js";

/** The example commune file shipped with the hotline. */
export const EXAMPLE_CONFIG_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../src/commune/kieu-phu.json");

/** A fresh copy of the example config (tests may change it). */
export function exampleConfig(): CommuneConfig {
  return loadCommuneConfig(EXAMPLE_CONFIG_PATH);
}

/**
 * Deadlines and escalations run in working time: a test that waits for them in real time gets an
 * office open around the clock, so working time is the wall clock whenever the test runs.
 */
export function openRoundTheClock(config: CommuneConfig): CommuneConfig {
  config.officeHours = { regular: [{ days: [1, 2, 3, 4, 5, 6, 7], open: "00:00", close: "24:00" }], extended: [], closedDates: [] };
  return config;
}
