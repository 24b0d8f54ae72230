/**
 * The registration materials handed over with the list (R5) through the local server on DynamoDB
 * Local: a ZIP of files named by candidate number, PUT to an upload URL (or posted inline), imported by
 * a job that attaches each file to its candidate and reports the rest by their position in the ZIP;
 * a bad ZIP fails as a whole with nothing attached; staff read a candidate's materials in scope only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { materialsStep } from '../../functions/acts/materials-step.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { newJob } from '../../functions/domain/jobs.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { fileStore } from '../../functions/lib/file-store.js';
import { newId, personIdOf } from '../../functions/lib/ids.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoExams } from '../../scripts/local/seed.js';
import { type ApiReply, client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let hr: string;
let zjt: string;
let exam: string;

const HEADER = '准考证号,姓名,身份证号,手机号,地市,工作单位,学历核验,专业核验,工作年限核验';
const people = [
  { no: 'M1001', city: '4103' },
  { no: 'M1002', city: '4103' },
  { no: 'MAT-0003', city: '4101' },
].map((p, i) => ({
  ...p,
  name: `材料考生${'甲乙丙'[i]}`,
  idNumber: syntheticIdNumber('410305', `1990-03-0${i + 1}`, 70 + i),
  phone: `1391234${String(5000 + i)}`,
}));
const pid = (i: number) => personIdOf((people[i] as { idNumber: string }).idNumber);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);

/** A ZIP of these entries, in order (a name ending in / is a folder). */
async function zipOf(entries: [string, Buffer | null][]): Promise<Buffer> {
  const z = new ZipFile();
  for (const [name, data] of entries)
    if (data) z.addBuffer(data, name);
    else z.addEmptyDirectory(name);
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function post(body: Buffer, type: string, token = hr): Promise<ApiReply> {
  const res = await fetch(`${sys.url}/api/exams/${exam}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function finished(importId: string) {
  for (;;) {
    const s = await api.get(`/api/exams/${exam}/imports/${importId}`, hr);
    expect(s.status).toBe(200);
    if (s.body.status !== 'running') return s.body;
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** Through the upload URL, as the console sends a ZIP of any size. */
async function upload(zip: Buffer) {
  const made = await api.post(
    `/api/exams/${exam}/imports/upload-url`,
    { contentType: 'application/zip' },
    hr,
  );
  expect(made.status).toBe(201);
  expect(made.body.maxBytes).toBe(1024 * 1024 * 1024);
  const put = await fetch(String(made.body.url), {
    method: 'PUT',
    headers: { 'content-type': 'application/zip' },
    body: new Uint8Array(zip),
  });
  expect(put.status).toBe(200);
  return finished(made.body.importId);
}

const materials = async (i: number, token = zjt) =>
  api.get(`/api/exams/${exam}/candidates/${pid(i)}/materials`, token);

/** Every material item of the run's table, for the "nothing attached" checks. */
async function materialCount(): Promise<number> {
  let n = 0;
  for (const i of [0, 1, 2]) {
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('candidates'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
        ExpressionAttributeValues: { ':pk': `P#${pid(i)}`, ':m': 'M#' },
      }),
    );
    n += r.Items?.length ?? 0;
  }
  return n;
}

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
  zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
  exam = (demoExams(new Date())[0] as { id: string }).id;
  const csv = [
    HEADER,
    ...people.map((p) => `${p.no},${p.name},${p.idNumber},${p.phone},${p.city},,通过,通过,通过`),
  ];
  const r = await post(Buffer.from(`${csv.join('\r\n')}\r\n`), 'text/csv');
  expect(r.status).toBe(202);
  expect(await finished(r.body.importId)).toMatchObject({ status: 'done', imported: 3 });
});
afterAll(async () => {
  await sys?.stop();
});

const handover = () =>
  zipOf([
    ['M1001-学历证书.pdf', PDF],
    ['资料/', null],
    ['资料/M1002-照片.png', PNG],
    ['MAT-0003-身份证.jpeg', JPG],
    ['M9999-学历证书.pdf', PDF],
    ['M1001-假的.pdf', Buffer.from('this is only text, not a PDF')],
    ['说明.txt', Buffer.from('readme')],
  ]);

describe('the materials ZIP', () => {
  it('R5: a ZIP through the upload URL: each file attached to the candidate its name starts with (a number with hyphens too), the rest reported by position', async () => {
    const s = await upload(await handover());
    expect(s).toMatchObject({ status: 'done', total: 6, imported: 3, updated: 0, unchanged: 0, rejected: 3 });
    expect(s.errors).toEqual([
      { row: 5, field: 'file', message: 'M9999-学历证书.pdf：准考证号 M9999 不在本考试的名单中' },
      {
        row: 6,
        field: 'file',
        message: 'M1001-假的.pdf：文件内容不是 PDF、JPG 或 PNG（按内容判断，与扩展名无关）',
      },
      { row: 7, field: 'file', message: expect.stringMatching(/^说明\.txt：文件名应以准考证号开头/) },
    ]);
    const first = await materials(0);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      {
        materialId: `${s.importId}-1`,
        name: 'M1001-学历证书.pdf',
        type: 'pdf',
        mime: 'application/pdf',
        bytes: PDF.length,
        source: 'handover',
        addedAt: expect.any(String),
        // R23: what hr hands over counts as clean unless a scan finds a threat
        scan: 'clean',
      },
    ]);
    expect(
      (await materials(1)).body.items.map((m: { name: string; type: string }) => [m.name, m.type]),
    ).toEqual([['M1002-照片.png', 'png']]);
    expect((await materials(2)).body.items.map((m: { type: string }) => m.type)).toEqual(['jpg']);
    // the file itself: its type, as a download, byte for byte
    const res = await fetch(`${sys.url}/api/exams/${exam}/candidates/${pid(0)}/materials/${s.importId}-1`, {
      headers: { authorization: `Bearer ${zjt}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="material-[a-z0-9]{19}-1\.pdf"/,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    // one audit record for the step, naming the people by person id
    const audit = (
      await ddb.send(
        new QueryCommand({
          TableName: tableName('audit'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `EXAM#${exam}` },
        }),
      )
    ).Items?.filter((i) => i.action === 'import.materialsAttached' && i.details.importId === s.importId);
    expect(audit).toHaveLength(1);
    expect(audit?.[0]?.details.entries).toEqual([1, 3, 4]);
    expect(audit?.[0]?.details.personIds).toEqual([pid(0), pid(1), pid(2)]);
  });

  it('R5: the same ZIP again (inline this time): nothing attached, the three files unchanged, the same three reported', async () => {
    const r = await post(await handover(), 'application/zip');
    expect(r.status).toBe(202);
    const s = await finished(r.body.importId);
    expect(s).toMatchObject({ status: 'done', total: 6, imported: 0, unchanged: 3, rejected: 3 });
    expect(s.errors.map((e: { row: number }) => e.row)).toEqual([5, 6, 7]);
    expect((await materials(0)).body.items).toHaveLength(1);
    expect(await materialCount()).toBe(3);
    const csv = await fetch(`${sys.url}/api/exams/${exam}/imports/${s.importId}/errors.csv`, {
      headers: { authorization: `Bearer ${hr}` },
    });
    const text = Buffer.from(await csv.arrayBuffer())
      .subarray(3)
      .toString('utf8');
    expect(text.split('\r\n')[1]).toBe('5,file,M9999-学历证书.pdf：准考证号 M9999 不在本考试的名单中');
  });

  it('R5: a ZIP with ../evil.pdf among good files fails as a whole, saying which name, nothing attached', async () => {
    // yazl refuses to write such a name: write one of the same length, then change its bytes
    const safe = await zipOf([
      ['M1002-新照片.png', Buffer.concat([PNG, Buffer.from('new')])],
      ['xx/evil.pdf', PDF],
    ]);
    const evil = Buffer.from(safe.toString('latin1').replaceAll('xx/evil.pdf', '../evil.pdf'), 'latin1');
    const before = await materialCount();
    const s = await upload(evil);
    expect(s.status).toBe('failed');
    expect(s.failure).toContain('“../evil.pdf”含有上级目录');
    expect(s).toMatchObject({ imported: 0 });
    expect(await materialCount()).toBe(before);
    // inline, it is refused at once
    const inline = await post(evil, 'application/zip');
    expect(inline.status).toBe(400);
    expect(inline.body.error.message).toContain('../evil.pdf');
  });

  it('R5: an encrypted entry fails the whole ZIP; a file that is no ZIP under application/zip fails clearly, nothing attached', async () => {
    const plain = await zipOf([['M1001-成绩单.pdf', Buffer.concat([PDF, Buffer.from('x'.repeat(200))])]]);
    // the general-purpose flag's bit 0 (encrypted) in the central directory entry
    const enc = Buffer.from(plain);
    const cd = enc.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    enc.writeUInt16LE(enc.readUInt16LE(cd + 8) | 1, cd + 8);
    const before = await materialCount();
    const locked = await upload(enc);
    expect(locked.status).toBe('failed');
    expect(locked.failure).toContain('已加密');
    const notZip = await upload(Buffer.from('%PDF-1.4 this is a PDF, not a ZIP'));
    expect(notZip.status).toBe('failed');
    expect(notZip.failure).toBe('文件不是有效的 ZIP 压缩包；未导入任何材料');
    const inline = await post(Buffer.from('hello'), 'application/zip');
    expect([inline.status, inline.body.error.message]).toEqual([
      400,
      '文件不是有效的 ZIP 压缩包；未导入任何材料',
    ]);
    expect(await materialCount()).toBe(before);
  });

  it('R5: an XLSX that is really a ZIP of something else is refused as no Excel workbook, at once', async () => {
    const other = await zipOf([['hello.txt', Buffer.from('not a workbook')]]);
    const r = await post(other, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('文件不是有效的 Excel（.xlsx）工作簿');
  });

  it('R5: the sample materials.zip after the sample list (docs/samples): five files attached, the unmatched and the wrong-type one reported', async () => {
    const sample = (demoExams(new Date())[3] as { id: string }).id;
    const send = async (file: string, type: string) => {
      const res = await fetch(`${sys.url}/api/exams/${sample}/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hr}`, 'content-type': type },
        body: new Uint8Array(readFileSync(join('docs/samples', file))),
      });
      expect(res.status).toBe(202);
      const { importId } = (await res.json()) as { importId: string };
      for (;;) {
        const s = await api.get(`/api/exams/${sample}/imports/${importId}`, hr);
        if (s.body.status !== 'running') return s.body;
        await new Promise((ok) => setTimeout(ok, 50));
      }
    };
    expect(await send('passing-list.csv', 'text/csv')).toMatchObject({ status: 'done', imported: 28 });
    const s = await send('materials.zip', 'application/zip');
    expect(s).toMatchObject({ status: 'done', format: 'zip', total: 7, imported: 5, rejected: 2 });
    expect(s.errors.map((e: { row: number; message: string }) => [e.row, e.message.split('：')[1]])).toEqual([
      [7, '准考证号 ZJ20269999 不在本考试的名单中'],
      [8, '文件内容不是 PDF、JPG 或 PNG（按内容判断，与扩展名无关）'],
    ]);
  });

  it('R5: a ZIP longer than one step (50 entries) goes on where the last step stopped, every entry reported once, by position', async () => {
    const entries: [string, Buffer | null][] = Array.from({ length: 60 }, (_, i) => [
      `M9999-${i + 1}.pdf`,
      PDF,
    ]);
    entries.push(['M1002-第二页.png', Buffer.concat([PNG, Buffer.from('page 2')])]);
    const s = await upload(await zipOf(entries));
    expect(s).toMatchObject({ status: 'done', total: 61, imported: 1, rejected: 60 });
    expect(s.errors.map((e: { row: number }) => e.row)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const items = (await materials(1)).body.items as { materialId: string }[];
    expect(items.map((m) => m.materialId)).toContain(`${s.importId}-61`);
  });

  it('R5: a work step run twice (a redelivered message) writes nothing more and counts the same', async () => {
    const importId = newId(new Date());
    await fileStore().put(
      `imports/${importId}/source.zip`,
      await zipOf([
        ['M1001-补充材料.pdf', Buffer.concat([PDF, Buffer.from('again')])],
        ['M9999-x.pdf', PDF],
      ]),
    );
    const job = newJob(
      {
        kind: 'import',
        action: 'importRows',
        cause: 'materials.import',
        actor: 'staff:hr.admin',
        examId: exam,
        scope: { examIds: [exam] },
        sourceCount: 1,
        file: { format: 'zip' },
      },
      importId,
      new Date(),
    );
    const counted = (await materialsStep(job)).job;
    expect(counted).toMatchObject({ total: 2, position: { stage: 'work' } });
    const before = await materialCount();
    const once = await materialsStep(counted);
    const twice = await materialsStep(counted);
    for (const r of [once, twice]) {
      expect(r.job.tally).toMatchObject({ total: 2, imported: 1, unchanged: 0, rejected: 1 });
      expect(r.job.status).toBe('done');
    }
    expect(await materialCount()).toBe(before + 1);
    // one audit record for the step, however often it ran
    const audit = (
      await ddb.send(
        new QueryCommand({
          TableName: tableName('audit'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `EXAM#${exam}` },
        }),
      )
    ).Items?.filter((i) => i.action === 'import.materialsAttached' && i.details.importId === importId);
    expect(audit).toHaveLength(1);
  });

  it('R1, R5: staff who do not see the candidate get 404 on both material routes, nothing revealed', async () => {
    const list = await materials(0);
    const id = list.body.items[0].materialId as string;
    const file = (token: string, i = 0) =>
      api.get(`/api/exams/${exam}/candidates/${pid(i)}/materials/${id}`, token);
    const zz = await api.staffToken('zz.verifier', DEMO_PASSWORD); // Zhengzhou only: candidate 0 is in 洛阳
    const xh = await api.staffToken('xh.verifier', DEMO_PASSWORD); // another exam type
    for (const token of [zz, xh]) {
      const l = await materials(0, token);
      expect(l.status).toBe(404);
      expect(JSON.stringify(l.body)).not.toContain('M1001');
      expect((await file(token)).status).toBe(404);
    }
    // hr sees every candidate; a material id of another person is not found
    expect((await materials(0, hr)).status).toBe(200);
    expect((await file(hr, 1)).status).toBe(404);
    // a Zhengzhou candidate's materials are the municipal verifier's to see
    expect((await materials(2, zz)).body.items).toHaveLength(1);
  });
});
