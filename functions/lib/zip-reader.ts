/**
 * Reading a ZIP in the files store without holding it (a materials ZIP may be 1 GB): yauzl over range
 * reads of the store (functions/lib/file-store.ts `readRange`: a file locally, S3 GetObject with Range
 * on AWS). The small reads of the ZIP's directory are served from a few cached blocks, so walking
 * 20,000 entries costs a handful of requests; an entry's content is one range read. yauzl checks every
 * name as it reads it (no `../`, no absolute path) and each entry's size against what it declares.
 *
 * A walk can resume at an entry (its index and the directory offset after the entry before it), so a
 * job step reads only its own chunk of entries.
 */
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { FileStore } from './file-store.js';

/** The store failed (not the ZIP): worth trying again, never a reason to refuse the ZIP. */
export class StoreReadError extends Error {
  override name = 'StoreReadError';
}

const BLOCK = 256 * 1024;
const CACHED_BLOCKS = 8;

async function collect(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

class StoreReader extends yauzl.RandomAccessReader {
  private blocks = new Map<number, Promise<Buffer>>();

  constructor(
    private readonly store: FileStore,
    private readonly key: string,
    private readonly size: number,
  ) {
    super();
  }

  private async range(start: number, end: number): Promise<Readable> {
    let s: Readable | undefined;
    try {
      s = await this.store.readRange(this.key, start, end);
    } catch (e) {
      throw new StoreReadError((e as Error).message);
    }
    if (!s) throw new StoreReadError(`file ${this.key} is gone`);
    return s;
  }

  private block(n: number): Promise<Buffer> {
    const known = this.blocks.get(n);
    if (known) return known;
    const made = this.range(n * BLOCK, Math.min(this.size, (n + 1) * BLOCK)).then(collect);
    made.catch(() => this.blocks.delete(n));
    this.blocks.set(n, made);
    if (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as number);
    return made;
  }

  private async small(start: number, end: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let n = Math.floor(start / BLOCK); n * BLOCK < end; n++) {
      const b = await this.block(n);
      parts.push(b.subarray(Math.max(0, start - n * BLOCK), Math.min(b.length, end - n * BLOCK)));
    }
    return Buffer.concat(parts);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    const work =
      end - start <= BLOCK
        ? this.small(start, end).then((b) => {
            out.end(b);
          })
        : this.range(start, end).then((s) => {
            s.on('error', (e) => out.destroy(e));
            s.pipe(out);
          });
    work.catch((e: unknown) => out.destroy(e as Error));
    return out;
  }
}

/** Where a walk of the directory stands: the next entry's index and its offset in the directory. */
export interface ZipCursor {
  index: number;
  offset: number;
}

export interface OpenZip {
  zip: yauzl.ZipFile;
  entryCount: number;
  /** the next entry, or null at the end; throws yauzl's refusal of a bad name or structure */
  next(): Promise<{ entry: yauzl.Entry; index: number } | null>;
  /** where the walk stands now (to resume after the entries read so far) */
  cursor(): ZipCursor;
  /** an entry's content, whole (the caller has checked its declared size) */
  content(entry: yauzl.Entry): Promise<Buffer>;
  close(): void;
}

/** yauzl keeps its place in the directory in these two fields; a resumed walk sets them. */
type Resumable = { readEntryCursor: number; entriesRead: number };

/** Open a ZIP of the store for a walk of its entries from `from` (the start if absent). */
export async function openZip(
  store: FileStore,
  key: string,
  size: number,
  from?: ZipCursor,
): Promise<OpenZip> {
  const reader = new StoreReader(store, key, size);
  const zip = await yauzl.fromRandomAccessReaderPromise(reader, size, {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: true,
    validateEntrySizes: true,
    strictFileNames: false,
  });
  const place = zip as unknown as Resumable;
  if (from) {
    place.readEntryCursor = from.offset;
    place.entriesRead = from.index;
  }
  let failed: Error | null = null;
  zip.on('error', (e: Error) => {
    failed = e;
  });
  return {
    zip,
    entryCount: zip.entryCount,
    next() {
      if (failed) return Promise.reject(failed);
      const index = place.entriesRead;
      return new Promise((ok, no) => {
        const done = () => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          zip.off('error', onError);
        };
        const onEntry = (entry: yauzl.Entry) => {
          done();
          ok({ entry, index });
        };
        const onEnd = () => {
          done();
          ok(null);
        };
        const onError = (e: Error) => {
          done();
          no(e);
        };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
      });
    },
    cursor: () => ({ index: place.entriesRead, offset: place.readEntryCursor }),
    async content(entry) {
      return collect(await zip.openReadStreamPromise(entry));
    },
    close: () => zip.close(),
  };
}

/** A ZIP in hand (an inline upload): null if yauzl opens it and reads its directory, else its refusal. */
export async function zipProblem(bytes: Buffer): Promise<string | null> {
  try {
    const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: true });
    try {
      for await (const _ of zip.eachEntry()) {
        // every name is checked as it is read
      }
    } finally {
      zip.close();
    }
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
