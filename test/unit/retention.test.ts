/**
 * N4 retention in the files store: marking objects for the bucket's removal rule (S3: the REMOVAL_TAG,
 * S3 mocked at the edge), and locally, where there are no lifecycle rules, removing them at once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { folderStore, s3Store } from '../../functions/lib/file-store.js';
import { REMOVAL_TAG } from '../../functions/lib/retention.js';

describe('N4: marking files for removal', () => {
  it('N4: on S3 each object gets the removal tag the lifecycle rule expires (retention=forfeited), nothing else is sent', async () => {
    const sent: unknown[] = [];
    const s3 = { send: async (c: unknown) => void sent.push(c) } as unknown as S3Client;
    await s3Store('files-bucket', s3).markForRemoval(['materials/E1/p/x-u.pdf', 'materials/E1/p/y-u.png']);
    expect(sent).toHaveLength(2);
    for (const c of sent) expect(c).toBeInstanceOf(PutObjectTaggingCommand);
    expect((sent[0] as PutObjectTaggingCommand).input).toEqual({
      Bucket: 'files-bucket',
      Key: 'materials/E1/p/x-u.pdf',
      Tagging: { TagSet: [{ Key: 'retention', Value: 'forfeited' }] },
    });
    expect(REMOVAL_TAG).toEqual({ key: 'retention', value: 'forfeited' });
  });

  it('N4: locally (no lifecycle rules) the marked files are removed at once, the others kept', async () => {
    const store = folderStore(mkdtempSync(join(tmpdir(), 'retention-')));
    await store.put('materials/E1/p/a-u.pdf', Buffer.from('a'));
    await store.put('materials/E1/p/b-1.pdf', Buffer.from('b'));
    await store.markForRemoval(['materials/E1/p/a-u.pdf']);
    expect(await store.list('materials/E1/p')).toEqual(['materials/E1/p/b-1.pdf']);
  });
});
