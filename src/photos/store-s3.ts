import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { checkPhotoFolder, checkPhotoKey, type PhotoStore } from "./photo-store.js";

export interface S3PhotoStoreOptions {
  bucket: string;
  /** An S3-compatible server (MinIO, Ceph, a Vietnamese cloud's object storage…); absent: AWS. */
  endpoint?: string | undefined;
  region: string;
  /** Absent: the SDK's usual sources (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Object keys start with this (several deployments in one bucket). */
  prefix?: string | undefined;
  /** Bucket in the path (`endpoint/bucket/key`), as most S3-compatible servers expect. */
  forcePathStyle: boolean;
}

/**
 * Photos as objects of an S3-compatible bucket, through AWS's own SDK (`@aws-sdk/client-s3`):
 * key `<prefix>photos/<sha256>.jpg`. A PUT is atomic at the server: a reader sees all of a photo
 * or nothing.
 */
export function s3PhotoStore(o: S3PhotoStoreOptions): PhotoStore & { client: S3Client } {
  const client = new S3Client({
    region: o.region,
    forcePathStyle: o.forcePathStyle,
    // Checksums only where the API requires them: the SDK's default (a streamed upload with a
    // trailing checksum, aws-chunked) is refused by many S3-compatible servers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.credentials ? { credentials: o.credentials } : {}),
  });
  const Bucket = o.bucket;
  const keyOf = (key: string) => `${o.prefix ?? ""}${checkPhotoKey(key)}`;
  const missing = (err: unknown) =>
    err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === "NoSuchKey" || err.name === "NotFound");
  return {
    client,
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: keyOf(key),
          ContentType: contentType,
          ...(Buffer.isBuffer(body) ? { Body: body } : { Body: createReadStream(body.file), ContentLength: body.bytes }),
        }),
      );
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
        if (!(res.Body instanceof Readable)) throw new Error("the S3 client gave no stream for the photo");
        return { body: res.Body, bytes: res.ContentLength };
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(key) }));
        return true;
      } catch (err) {
        if (missing(err)) return false;
        throw err;
      }
    },
    // Pages of up to 1,000 objects, followed by their continuation token. (The local S3 server of
    // the tests cannot make such tokens on Node's OpenSSL 3, so only a single page is tested.)
    async *list(folder) {
      const Prefix = `${o.prefix ?? ""}${checkPhotoFolder(folder)}`;
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix,
            Delimiter: "/",
            ...(ContinuationToken ? { ContinuationToken } : {}),
          }),
        );
        for (const object of page.Contents ?? [])
          if (object.Key && object.LastModified)
            yield { key: object.Key.slice((o.prefix ?? "").length), lastModified: object.LastModified };
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
}
