import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project's shared folder (sample data), which sits beside the repository. */
export const SHARED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared");
export const DOSSIERS_SAMPLE = path.join(SHARED_DIR, "data", "dossiers-sample.csv");
export const ZALO_EVENTS_DIR = path.join(SHARED_DIR, "data", "zalo-events");
