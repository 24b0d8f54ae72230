/**
 * A list joined from its parts (functions/lib/sheets.ts, the last step of a report or China Post
 * manifest job) run again after the parts were removed — the step killed before its job record moved
 * on — leaves the two files whole: no row lost to a header-only rewrite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStore } from '../../functions/lib/file-store.js';
import { joinParts } from '../../functions/lib/sheets.js';

// the local file store in a folder of its own
const filesDir = mkdtempSync(join(tmpdir(), 'join-parts-'));
process.env.LOCAL_FILES_DIR = filesDir;
afterAll(() => rmSync(filesDir, { recursive: true, force: true }));

const text = async (key: string) => {
  const s = await fileStore().read(key);
  const chunks: Buffer[] = [];
  for await (const c of s ?? []) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

describe('joining parts', () => {
  it('a join run again once its parts are gone keeps both files as they were', async () => {
    const dir = `work/join-test-${Date.now().toString(36)}`;
    const o = {
      parts: `${dir}/parts`,
      columns: ['a', 'b'],
      sheet: 'rows',
      csvKey: `${dir}/list.csv`,
      xlsxKey: `${dir}/list.xlsx`,
    };
    await fileStore().put(`${o.parts}/00000001.csv`, Buffer.from('1,x\n2,y\n'));
    await fileStore().put(`${o.parts}/00000002.csv`, Buffer.from('3,z\n'));
    await joinParts(o);
    const csv = await text(o.csvKey);
    const xlsx = await fileStore().size(o.xlsxKey);
    expect(csv).toBe('\uFEFFa,b\n1,x\n2,y\n3,z\n');
    expect(await fileStore().list(o.parts)).toEqual([]);
    await joinParts(o);
    expect(await text(o.csvKey)).toBe(csv);
    expect(await fileStore().size(o.xlsxKey)).toBe(xlsx);
    // a list with no rows at all is still written, header only
    const empty = { ...o, parts: `${dir}/none`, csvKey: `${dir}/empty.csv`, xlsxKey: `${dir}/empty.xlsx` };
    await joinParts(empty);
    expect(await text(empty.csvKey)).toBe('\uFEFFa,b\n');
    await fileStore().removeAll(dir);
  });
});
