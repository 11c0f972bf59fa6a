import { existsSync } from "node:fs";
import { loadConfigOrExit } from "./config.js";
import { logger, setLogLevel } from "./logger.js";
import { startHotline } from "./hotline.js";

// A local checkout runs with `.env` (copied from .env.example); production sets real variables.
if (existsSync(".env")) process.loadEnvFile(".env");

const config = loadConfigOrExit();
setLogLevel(config.LOG_LEVEL);

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
