import { DEVELOPMENT_DATA_KEY, type DataKeys, dataKeys, legacyHashKey, sealer } from "./data-keys.js";

/**
 * The deployment's data keys, as the case rows read and write contacts. Like the logger they are
 * the process's own, installed once at start (`startHotline`, the key-rotation command) from the
 * config and the database's stored hash key; a commune never chooses them. Before that — a unit
 * test opening a database directly — the public development keys stand in.
 */
let installed: DataKeys | null = null;
let development: DataKeys | null = null;

export function installDataKeys(keys: DataKeys | null): void {
  installed = keys;
}

export function currentDataKeys(): DataKeys {
  return installed ?? (development ??= dataKeys(sealer(DEVELOPMENT_DATA_KEY), legacyHashKey(DEVELOPMENT_DATA_KEY)));
}
