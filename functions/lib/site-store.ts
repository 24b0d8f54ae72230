/**
 * The public site's rendered files (announcements: a notice's pages, list, lookup shards) behind one
 * interface: on AWS the site bucket (SITE_BUCKET) behind CloudFront (SITE_DISTRIBUTION_ID), locally a
 * folder the local server serves (LOCAL_SITE_DIR, under the data directory). Keys are site paths
 * without the leading slash, e.g. `announcements/index.json`.
 *
 * Taking something down removes every version of it (the bucket is versioned: a list taken down at the
 * end of its notice period must not live on as an old version) and invalidates CloudFront's copies.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { folderStore } from './file-store.js';

export interface SiteFile {
  key: string;
  body: string;
  contentType: string;
}

export interface SiteStore {
  /** Write files (each replaced whole). */
  put(files: SiteFile[]): Promise<void>;
  /** A file's text, or undefined if there is none. */
  read(key: string): Promise<string | undefined>;
  /** Remove every file (every version) under a prefix; how many files went. */
  removeAll(prefix: string): Promise<number>;
  /** Make the CDN forget these paths (`/announcements/x/*`); nothing to do locally. */
  invalidate(paths: string[]): Promise<void>;
}

/** Rendered pages may change (a re-render, the take-down): browsers and the CDN keep them briefly. */
const CACHE_CONTROL = 'public, max-age=60';
const PUT_PARALLEL = 16;

/** Run `fn` over the list, a few at a time; the first failure fails the whole (the caller tries again). */
async function eachInParallel<T>(list: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) await fn(list[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(PUT_PARALLEL, list.length) }, worker));
}

/** Local mode: a folder (files written whole, renamed into place). */
export function folderSite(root: string): SiteStore {
  const files = folderStore(root);
  return {
    async put(list) {
      await eachInParallel(list, (f) => files.put(f.key, Buffer.from(f.body)));
    },
    async read(key) {
      return readFile(join(root, key), 'utf8').catch(() => undefined);
    },
    async removeAll(prefix) {
      const n = (await files.list(prefix)).length;
      await files.removeAll(prefix);
      return n;
    },
    async invalidate() {},
  };
}

/** AWS: the site bucket, and the distribution in front of it. */
export function bucketSite(
  bucket: string,
  distributionId: string | undefined,
  s3 = new S3Client({}),
  cf = new CloudFrontClient({}),
): SiteStore {
  return {
    async put(list) {
      await eachInParallel(list, (f) =>
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: f.key,
            Body: f.body,
            ContentType: f.contentType,
            CacheControl: CACHE_CONTROL,
          }),
        ),
      );
    },
    async read(key) {
      try {
        const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await r.Body?.transformToString('utf-8');
      } catch (e) {
        if ((e as Error).name === 'NoSuchKey') return undefined;
        throw e;
      }
    },
    async removeAll(prefix) {
      const Prefix = `${prefix.replace(/\/$/, '')}/`;
      const seen = new Set<string>();
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      do {
        const r = await s3.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix,
            KeyMarker: keyMarker,
            VersionIdMarker: versionMarker,
          }),
        );
        const objects = [...(r.Versions ?? []), ...(r.DeleteMarkers ?? [])].flatMap((v) =>
          v.Key ? [{ Key: v.Key, VersionId: v.VersionId }] : [],
        );
        for (const o of objects) seen.add(o.Key);
        for (let i = 0; i < objects.length; i += 1000)
          await s3.send(
            new DeleteObjectsCommand({
              Bucket: bucket,
              Delete: { Objects: objects.slice(i, i + 1000), Quiet: true },
            }),
          );
        keyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
        versionMarker = r.IsTruncated ? r.NextVersionIdMarker : undefined;
      } while (keyMarker);
      return seen.size;
    },
    async invalidate(paths) {
      if (!distributionId || !paths.length) return;
      await cf.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: {
            CallerReference: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
            Paths: { Quantity: paths.length, Items: paths },
          },
        }),
      );
    },
  };
}

let current: SiteStore | null = null;

/** The site store: set by the local runtime, else the bucket named by SITE_BUCKET. */
export function siteStore(): SiteStore {
  if (current) return current;
  const bucket = process.env.SITE_BUCKET;
  const dir = process.env.LOCAL_SITE_DIR;
  if (bucket) current = bucketSite(bucket, process.env.SITE_DISTRIBUTION_ID);
  else if (dir) current = folderSite(dir);
  else throw new Error('neither SITE_BUCKET nor LOCAL_SITE_DIR is set');
  return current;
}

export function setSiteStore(s: SiteStore | null): void {
  current = s;
}
