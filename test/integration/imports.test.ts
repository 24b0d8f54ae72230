/**
 * The hand-over of the passing list (R5, N2, N4) through the local server on DynamoDB Local: a CSV (BOM,
 * CRLF) or an XLSX is posted, a job imports it a chunk at a time, and its status and errors.csv tell
 * row by row what became of it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoExams } from '../../scripts/local/seed.js';
import { type ApiReply, client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let hr: string;
let zjt: string;
let exam: string;

const HEADER_ZH = '准考证号,姓名,身份证号,手机号,地市,工作单位,学历核验,专业核验,工作年限核验,科目一';
const HEADER_EN = 'candidateNo,name,idNumber,phone,city,employer,education,major,workYears';

/** A synthetic person for row i: a valid-checksum ID number, a fake name and phone. */
function person(i: number) {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 100) * 86_400_000).toISOString().slice(0, 10);
  return {
    candidateNo: `T${String(100000 + i)}`,
    name: `考生${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(i / 10) % 10]}`,
    idNumber: syntheticIdNumber('410102', birth, i % 100),
    phone: `139${String(10000000 + i).slice(-8)}`,
  };
}
const zhRow = (i: number, over: Partial<Record<string, string>> = {}) => {
  const p = { ...person(i), ...over };
  return [
    p.candidateNo,
    p.name,
    p.idNumber,
    p.phone,
    over.city ?? '郑州市',
    over.employer ?? '某某建设有限公司',
    over.education ?? '通过',
    over.major ?? '通过',
    over.workYears ?? '需人工核查',
    over.score ?? '88',
  ].join(',');
};
const csv = (lines: string[], bom = true) => Buffer.from(`${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`);

async function post(body: Buffer | string, type = 'text/csv; charset=utf-8', token = hr): Promise<ApiReply> {
  const res = await fetch(`${sys.url}/api/exams/${exam}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Post a file and wait for its job: the import's final status. */
async function importFile(body: Buffer, type?: string) {
  const r = await post(body, type);
  expect(r.status).toBe(202);
  for (;;) {
    const s = await api.get(`/api/exams/${exam}/imports/${r.body.importId}`, hr);
    expect(s.status).toBe(200);
    if (s.body.status !== 'running') return s.body;
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const auditOf = async (pk: string) =>
  (
    (
      await ddb.send(
        new QueryCommand({
          TableName: tableName('audit'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      )
    ).Items ?? []
  ).map((i) => String(i.action));

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
  zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
  exam = (demoExams(new Date())[0] as { id: string }).id;
});
afterAll(async () => {
  await sys?.stop();
});

describe('importing the passing list', () => {
  it('R5, N2: hr hands over a CSV (BOM, CRLF, Chinese labels): every row becomes a candidate being verified, with its online checks', async () => {
    const s = await importFile(csv([HEADER_ZH, zhRow(1), zhRow(2), zhRow(3, { city: '4103' })]));
    expect(s).toMatchObject({
      status: 'done',
      total: 3,
      imported: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      errors: [],
    });
    const c = await api.get(`/api/exams/${exam}/candidates/${personIdOf(person(3).idNumber)}`, zjt);
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ status: 'verifying', city: '4103' });
    expect(JSON.stringify(c.body)).toContain('manual');
    // their audit record: the import, its rows, the people it added (by person id, never an ID number)
    const added = (
      await ddb.send(
        new QueryCommand({
          TableName: tableName('audit'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `EXAM#${exam}` },
        }),
      )
    ).Items?.find((i) => i.action === 'import.candidatesAdded' && i.details.importId === s.importId);
    expect(added?.details.rows).toEqual([2, 3, 4]);
    expect(added?.details.personIds).toContain(personIdOf(person(3).idNumber));
    expect(JSON.stringify(added)).not.toContain(person(3).idNumber);
  });

  it('R5: the same file again: 0 imported, 0 updated, all unchanged; a changed row updates the candidate with its audit record', async () => {
    const again = await importFile(csv([HEADER_ZH, zhRow(1), zhRow(2), zhRow(3, { city: '4103' })]));
    expect(again).toMatchObject({
      status: 'done',
      total: 3,
      imported: 0,
      updated: 0,
      unchanged: 3,
      rejected: 0,
    });
    const changed = await importFile(csv([HEADER_ZH, zhRow(1), zhRow(2, { phone: '13700000002' })]));
    expect(changed).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
    const pid = personIdOf(person(2).idNumber);
    expect(await auditOf(`C#${exam}#${pid}`)).toContain('candidate.imported');
  });

  it('N2: bad rows are reported with their row (header = 1) and field; good rows import; the same ID number twice refuses the later row, naming the earlier', async () => {
    const bad = person(14);
    const lines = [
      HEADER_ZH,
      zhRow(10),
      zhRow(11, { idNumber: `${bad.idNumber.slice(0, 17)}${bad.idNumber.endsWith('0') ? '1' : '0'}` }),
      zhRow(12, { phone: '1234' }),
      zhRow(13, { city: '北京市' }),
      zhRow(14, { education: '也许' }),
      zhRow(15, { name: '' }),
      zhRow(10, { candidateNo: 'T999999' }),
      zhRow(16, { score: 'abc' }),
    ];
    const s = await importFile(csv(lines));
    expect(s).toMatchObject({ status: 'done', total: 8, imported: 1, rejected: 7 });
    expect(s.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'idNumber'],
      [4, 'phone'],
      [5, 'city'],
      [6, 'education'],
      [7, 'name'],
      [8, 'idNumber'],
      [9, '科目一'],
    ]);
    expect(s.errors[5].message).toBe('身份证号与第 2 行重复，本行未导入');
    const res = await fetch(`${sys.url}/api/exams/${exam}/imports/${s.importId}/errors.csv`, {
      headers: { authorization: `Bearer ${hr}` },
    });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so Excel reads it as UTF-8
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('row,field,message\r\n3,idNumber,')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(8);
    // the bad rows changed nothing: none of them is a candidate
    const none = await api.get(`/api/exams/${exam}/candidates/${personIdOf(person(12).idNumber)}`, zjt);
    expect(none.status).toBe(404);
  });

  it('N2: the same person twice, the first row unchanged from an earlier import: the later row is still refused, naming the earlier', async () => {
    const s = await importFile(
      csv([HEADER_ZH, zhRow(1), zhRow(1, { phone: '13600000001', candidateNo: 'T777777' })]),
    );
    expect(s).toMatchObject({ unchanged: 1, updated: 0, rejected: 1 });
    expect(s.errors[0]).toMatchObject({
      row: 3,
      field: 'idNumber',
      message: '身份证号与第 2 行重复，本行未导入',
    });
  });

  it('R5: an XLSX with English keys imports the same way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(HEADER_EN.split(','));
    for (const i of [20, 21]) {
      const p = person(i);
      ws.addRow([p.candidateNo, p.name, p.idNumber, p.phone, '4101', '', 'passed', 'failed', 'manual']);
    }
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const s = await importFile(bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(s).toMatchObject({ status: 'done', total: 2, imported: 2, rejected: 0 });
  });

  it('R5: an XLSX whose header cells are rich text or a formula is accepted inline, as the upload URL accepts it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(
      HEADER_EN.split(',').map((h, i) =>
        i === 0
          ? { richText: [{ font: { bold: true }, text: h.slice(0, 4) }, { text: h.slice(4) }] }
          : i === 1
            ? { formula: `"${h}"`, result: h }
            : h,
      ),
    );
    const p = person(22);
    ws.addRow([p.candidateNo, p.name, p.idNumber, p.phone, '4101', '', 'passed', 'failed', 'manual']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const s = await importFile(bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(s).toMatchObject({ status: 'done', total: 1, imported: 1, rejected: 0 });
  });

  it('refused at once, nothing imported: a wrong type (415), an empty body, a header without the required columns, a file over 5 MB (413), an XLSX that is not one', async () => {
    const jobsBefore = ((await ddb.send(new ScanCommand({ TableName: tableName('jobs') }))).Items ?? [])
      .length;
    // nothing kept in the files store either (a refused file is removed again)
    const storedLists = () =>
      readdirSync(join(process.env.LOCAL_FILES_DIR ?? '', 'imports'), { recursive: true }).filter((f) =>
        String(f).includes('source.'),
      ).length;
    const storedBefore = storedLists();
    const type = await post('{}', 'application/json');
    expect([type.status, type.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const empty = await post(Buffer.alloc(0));
    expect([empty.status, empty.body.error.details.fields[0].field]).toEqual([400, 'body']);
    const header = await post(csv(['准考证号,姓名,手机号', 'T1,张三,13900000000']));
    expect(header.status).toBe(400);
    expect(header.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'idNumber',
      'city',
      'education',
      'major',
      'workYears',
    ]);
    const big = await post(Buffer.concat([csv([HEADER_ZH]), Buffer.alloc(5 * 1024 * 1024, 0x41)]));
    expect([big.status, big.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const fake = await post(
      Buffer.from('PK\u0003\u0004 not really a workbook'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(fake.status).toBe(400);
    expect(fake.body.error.message).toContain('Excel');
    const jobsAfter = ((await ddb.send(new ScanCommand({ TableName: tableName('jobs') }))).Items ?? [])
      .length;
    expect(jobsAfter).toBe(jobsBefore);
    expect(storedLists()).toBe(storedBefore);
  });

  it('a CSV with broken quoting is refused as a whole, saying so, and imports nothing', async () => {
    const r = await post(
      csv([HEADER_ZH, zhRow(30), `${zhRow(31).replace('某某建设有限公司', '"某某建设')}`]),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('CSV 格式有误');
    expect(
      (await api.get(`/api/exams/${exam}/candidates/${personIdOf(person(30).idNumber)}`, zjt)).status,
    ).toBe(404);
  });

  it('R1, R5: only hr and the exam\u2019s provincial verifier import; a municipal verifier is refused naming the rule; another exam type is not found', async () => {
    const zz = await api.staffToken('zz.verifier', DEMO_PASSWORD);
    const xh = await api.staffToken('xh.verifier', DEMO_PASSWORD);
    const m = await post(csv([HEADER_ZH, zhRow(40)]), undefined, zz);
    expect(m.status).toBe(403);
    expect(m.body.error.message).toContain('R5');
    expect((await post(csv([HEADER_ZH, zhRow(40)]), undefined, xh)).status).toBe(404);
    const byVerifier = await post(csv([HEADER_ZH, zhRow(41)]), undefined, zjt);
    expect(byVerifier.status).toBe(202);
    await sys.jobs.idle();
  });

  it('R5: one import at a time per exam: while one runs another is refused (409, saying why); the lock goes with the import, done or failed', async () => {
    const lock = { TableName: tableName('jobs'), Key: keys.importLock(exam) };
    expect((await ddb.send(new GetCommand(lock))).Item).toBeUndefined();
    await ddb.send(
      new PutCommand({
        TableName: tableName('jobs'),
        Item: { ...keys.importLock(exam), importId: 'someoneelse00000000', until: Date.now() + 60_000 },
      }),
    );
    const busy = await post(csv([HEADER_ZH, zhRow(60)]));
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain('正在导入另一份名单');
    await ddb.send(new DeleteCommand(lock));
    await importFile(csv([HEADER_ZH, zhRow(60)]));
    expect((await ddb.send(new GetCommand(lock))).Item).toBeUndefined();
    // a list that fails in its job (an upload with a header that lacks its columns) gives the lock back too
    const made = await api.post(`/api/exams/${exam}/imports/upload-url`, { contentType: 'text/csv' }, hr);
    await fetch(String(made.body.url), {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: new Uint8Array(csv(['姓名', '张三'])),
    });
    for (;;) {
      const st = await api.get(`/api/exams/${exam}/imports/${made.body.importId}`, hr);
      if (st.body.status !== 'running') {
        expect(st.body.status).toBe('failed');
        expect(st.body.failure).toContain('表头不完整');
        break;
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect((await ddb.send(new GetCommand(lock))).Item).toBeUndefined();
  });

  it('R5: a list of any size goes through an upload URL: PUT it there and the import starts; the URL takes nothing else', async () => {
    // the contract: no body needed (a CSV unless the content type says otherwise)
    const made = await api.call('POST', `/api/exams/${exam}/imports/upload-url`, { token: hr });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      importId: expect.stringMatching(/^[a-z0-9]{19}$/),
      expiresInSeconds: 900,
    });
    const url = String(made.body.url);
    expect(url.startsWith(`${sys.url}/api/uploads/`)).toBe(true);
    // another content type than the one the URL was made for, or a tampered URL: refused
    const wrongType = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongType.status).toBe(403);
    const tampered = await fetch(`${url.slice(0, -3)}abc`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: 'x',
    });
    expect(tampered.status).toBe(403);
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: new Uint8Array(csv([HEADER_ZH, zhRow(50), zhRow(51)])),
    });
    expect(put.status).toBe(200);
    for (;;) {
      const st = await api.get(`/api/exams/${exam}/imports/${made.body.importId}`, hr);
      if (st.body.status !== 'running') {
        expect(st.body).toMatchObject({ status: 'done', total: 2, imported: 2 });
        break;
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
    // the same file PUT again starts nothing new
    await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: new Uint8Array(csv([HEADER_ZH, zhRow(50), zhRow(51)])),
    });
    const again = await api.get(`/api/exams/${exam}/imports/${made.body.importId}`, hr);
    expect(again.body).toMatchObject({ status: 'done', imported: 2 });
    // a content type the import does not take: 400 naming the field; a municipal verifier: 403
    const bad = await api.post(
      `/api/exams/${exam}/imports/upload-url`,
      { contentType: 'application/pdf' },
      hr,
    );
    expect([bad.status, bad.body.error.details.fields[0].field]).toEqual([400, 'contentType']);
    const zz = await api.staffToken('zz.verifier', DEMO_PASSWORD);
    expect(
      (await api.post(`/api/exams/${exam}/imports/upload-url`, { contentType: 'text/csv' }, zz)).status,
    ).toBe(403);
  });

  it('N2: a 20,000-row list imports inside the suite, a chunk at a time (rows/s and memory printed)', async () => {
    const lines = [HEADER_ZH];
    for (let i = 1000; i < 21_000; i++) lines.push(zhRow(i));
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const s = await importFile(csv(lines));
    const ms = Date.now() - t0;
    console.log(
      `import of 20,000 rows: ${ms} ms (${Math.round(20_000 / (ms / 1000))} rows/s), rss ${Math.round(before / 1048576)} → ${Math.round(process.memoryUsage().rss / 1048576)} MB`,
    );
    expect(s).toMatchObject({ status: 'done', total: 20_000, imported: 20_000, rejected: 0 });
  }, 120_000);
});
