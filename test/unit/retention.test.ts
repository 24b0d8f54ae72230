/**
 * N4 retention in the files store: marking objects for the bucket's removal rule (on S3 the REMOVAL_TAG:
 * test/unit/file-store.test.ts), and locally, where there are no lifecycle rules, removing them at once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderStore } from '../../functions/lib/file-store.js';

describe('N4: marking files for removal', () => {
  it('N4: locally (no lifecycle rules) the marked files are removed at once, the others kept', async () => {
    const store = folderStore(mkdtempSync(join(tmpdir(), 'retention-')));
    await store.put('materials/E1/p/a-u.pdf', Buffer.from('a'));
    await store.put('materials/E1/p/b-1.pdf', Buffer.from('b'));
    await store.markForRemoval(['materials/E1/p/a-u.pdf']);
    expect(await store.list('materials/E1/p')).toEqual(['materials/E1/p/b-1.pdf']);
  });
});
