/**
 * A worker's uploads of streams of unknown length to the files bucket: the SDK's multipart Upload
 * (parts of 5 MB, so a 40 MB converted list never sits whole in memory). Only the workers install it
 * (functions/handlers/job-worker.ts, upload-arrived.ts: `useStreamUploads(multipartUpload)`); the API
 * functions write small files with one signed PUT (functions/lib/s3-rest.ts) and do not carry the SDK's
 * S3 client (issue 14 §7).
 */
import type { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StreamUpload } from './file-store.js';

let client: S3Client | null = null;

export const multipartUpload: StreamUpload = async (
  bucket: string,
  key: string,
  body: Readable,
  contentType,
) => {
  client ??= new S3Client({});
  await new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: body, ...(contentType ? { ContentType: contentType } : {}) },
  }).done();
};
