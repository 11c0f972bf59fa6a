/** A bare BullMQ worker on one queue (bench/delayed-wakes.ts): prints its pid, then waits for jobs. */
import { Worker } from "bullmq";

const [url, prefix] = process.argv.slice(2);
new Worker("inbound", async () => undefined, { connection: { url, maxRetriesPerRequest: null }, prefix, concurrency: 8 });
console.log(String(process.pid));
