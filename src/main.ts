import { existsSync } from "node:fs";
import { loadConfigOrExit } from "./config.js";
import { logger, setLogLevel } from "./logger.js";
import { startHotline } from "./hotline.js";

// Production sets real variables. A local checkout reads `.env`, or — until one is made — the
// sandbox values of `.env.example`, so `npm ci && npm start` works on a fresh clone.
const envFile = existsSync(".env") ? ".env" : process.env.NODE_ENV !== "production" && existsSync(".env.example") ? ".env.example" : null;
if (envFile) process.loadEnvFile(envFile);

const config = loadConfigOrExit();
setLogLevel(config.LOG_LEVEL);
if (envFile === ".env.example") logger.warn("no .env: using the sandbox values of .env.example (copy it to .env to change them)");

process.on("unhandledRejection", (reason) => {
  logger.error("unhandled rejection", { err: reason });
});

try {
  const hotline = await startHotline(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    hotline
      .stop()
      .then(() => {
        logger.info("stopped");
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error("stop failed", { err });
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
} catch (err) {
  logger.error("could not start", { err });
  process.exit(1);
}
