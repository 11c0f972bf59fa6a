import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";
import { s3PhotoStore } from "../../src/photos/store-s3.js";

/**
 * A local S3-compatible server (s3rver, the maintained fork @20minutes/s3rver: plain JavaScript,
 * no install script) on a free loopback port, with one bucket, its objects in a temporary
 * directory. It checks request signatures with its own key pair, so the store signs for real.
 */
export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** The key pair s3rver accepts. */
  accessKeyId: string;
  secretAccessKey: string;
  /** A photo store on this bucket (keys under `prefix`). */
  store(prefix?: string): ReturnType<typeof s3PhotoStore>;
  close(): Promise<void>;
}

export async function startLocalS3(bucket = "hotline-photos"): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(tmpdir(), "s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  return {
    endpoint,
    bucket,
    ...credentials,
    store: (prefix) => {
      const store = s3PhotoStore({ bucket, endpoint, region: "us-east-1", credentials, prefix, forcePathStyle: true });
      // s3rver checks the signature of a request on the bucket itself (a listing) over the path
      // `/bucket`, where the SDK signs and sends `/bucket/` (S3 takes both): such a request goes
      // out, signed, as s3rver reads it. Objects' requests are untouched.
      store.client.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { path?: string };
          if (request.path === `/${bucket}/`) request.path = `/${bucket}`;
          return next(args);
        },
        { step: "build", name: "s3rverBucketPath" },
      );
      return store;
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
