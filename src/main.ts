import { existsSync } from "node:fs";
import { loadConfigOrExit } from "./config.js";
import { logger, setLogLevel } from "./logger.js";
import { chooseEnvFile } from "./sandbox.js";

// A local checkout reads `.env`; a fresh clone with nothing configured runs the sandbox of
// `.env.example` (so `npm ci && npm start` works), announced below. See chooseEnvFile.
const envFile = chooseEnvFile(process.env, existsSync);
if (envFile) process.loadEnvFile(envFile);

const config = loadConfigOrExit();
setLogLevel(config.LOG_LEVEL);
if (envFile === ".env.example") {
  logger.warn(
    `SANDBOX: no .env and no Zalo app in the environment, so this hotline runs on the public values of .env.example ` +
      `(a made-up Zalo app at ${config.ZALO_API_BASE_URL}, played by \`npm run chat\`, and an ADMIN_TOKEN anyone can read). ` +
      `For a real OA: cp .env.example .env, set real values, and NODE_ENV=production in production.`,
  );
}

process.on("unhandledRejection", (reason) => {
  logger.error("unhandled rejection", { err: reason });
});

try {
  // Loaded once the configuration is known good: a refusal is printed without loading the service.
  const { startHotline } = await import("./hotline.js");
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
