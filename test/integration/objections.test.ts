/**
 * Objections during the notice (R6) through the local server against DynamoDB Local: the public posts
 * one as JSON or as the notice page's form without JavaScript (with an attachment), staff in scope read
 * it with the counts; wrong input, an unknown candidate number, the end of the period and the per-client
 * limit are refused in the one error shape (or, for a form, on an HTML page) and write nothing.
 */
import { request as httpRequest } from 'node:http';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import { formatDeadline } from '../../functions/domain/calendar.js';
import type { ObjectionView } from '../../functions/domain/objections.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
let exam: string;
let noticeId: string;
/** a Luoyang (4103) candidate of the exam: outside the Zhengzhou verifier's scope */
let target: { personId: string; candidateNo: string; city: string };

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const objection = (candidateNo: string) => ({
  candidateNo,
  facts: '该考生报名时填写的工作年限与其实际工作经历不符，本人系其原单位同事。',
  contact: '13800001234',
  name: '张某',
});

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier', 'xh.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
  exam = (demoExams(new Date())[0] as { id: string }).id;
  const c = demoCandidates(new Date()).find((x) => x.examId === exam && x.city === '4103');
  if (!c?.candidateNo) throw new Error('no Luoyang demo candidate with a candidate number');
  target = { personId: c.personId, candidateNo: c.candidateNo, city: c.city };
  // the notice the demo seeds published (R6), once its job has rendered its pages
  noticeId = `${exam}-N1`;
  await sys.jobs.idle();
  const notice = await api.get(`/api/exams/${exam}/notice`, tokens['hr.admin']);
  expect(notice.body.status).toBe('published');
});
afterAll(async () => {
  await sys?.stop();
});

const objectionsPath = (id = noticeId) => `/api/public/notices/${id}/objections`;
const listPath = () => `/api/exams/${exam}/candidates/${target.personId}/objections`;

/** A raw POST from a chosen loopback address (each address is another client to the limits). */
function postRaw(
  from: string,
  path: string,
  body: Buffer,
  contentType: string,
): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      sys.url + path,
      {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': contentType, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The bytes and content type a browser sends for this form. */
async function multipart(
  fields: Record<string, string>,
  file?: { bytes: Buffer; name: string; type: string },
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(
    'attachment',
    file ? new Blob([new Uint8Array(file.bytes)], { type: file.type }) : new Blob([]),
    file?.name ?? '',
  );
  const r = new Request('http://form.invalid/', { method: 'POST', body: form });
  return { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type') as string };
}

const postJson = (from: string, body: unknown, id = noticeId) =>
  postRaw(from, objectionsPath(id), Buffer.from(JSON.stringify(body)), 'application/json').then((r) => ({
    ...r,
    body: JSON.parse(r.text),
  }));

const noticeCount = async () =>
  (await api.get(`/api/exams/${exam}/notice`, tokens['hr.admin'])).body.objectionCount ?? 0;
const objections = async () =>
  (await api.get<{ items: ObjectionView[] }>(listPath(), tokens['zjt.verifier'])).body.items;

describe('objections during the notice', () => {
  it('R6: an objection during the period is accepted (201 with its id) and shown to staff in scope on the candidate, with the counts on the candidate, the queue and the notice; its audit record leaves the contact out', async () => {
    const before = await noticeCount();
    const r = await postJson('127.0.0.2', objection(target.candidateNo.toLowerCase()));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ objectionId: expect.stringMatching(/^[a-z0-9]{19}$/), noticeId });
    expect(Date.parse(r.body.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    const items = await objections();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      objectionId: r.body.objectionId,
      noticeId,
      examId: exam,
      personId: target.personId,
      candidateNo: target.candidateNo,
      facts: objection('').facts,
      contact: '13800001234',
      name: '张某',
      status: 'open',
      attachment: null,
    });
    const detail = await api.get(`/api/exams/${exam}/candidates/${target.personId}`, tokens['zjt.verifier']);
    expect(detail.body.objectionCount).toBe(1);
    const queue = await api.get(
      `/api/exams/${exam}/candidates?city=${target.city}&limit=200`,
      tokens['zjt.verifier'],
    );
    const row = queue.body.items.find((i: { personId: string }) => i.personId === target.personId);
    expect(row.objectionCount).toBe(1);
    expect(await noticeCount()).toBe(before + 1);
    const audit = await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditSubjectCandidate(exam, target.personId) },
      }),
    );
    const rec = (audit.Items ?? []).find((i) => i.action === 'objection.received');
    expect(rec).toMatchObject({ actor: 'anonymous', details: { objectionId: r.body.objectionId, noticeId } });
    expect(JSON.stringify(rec)).not.toContain('13800001234');
  });

  it('R6: the notice page’s form without JavaScript (multipart, with a PDF) gets an HTML receipt with its 受理编号 and the way back; staff download the attachment as it was sent', async () => {
    const f = await multipart(
      { ...objection(target.candidateNo), name: '' },
      { bytes: PDF, name: '证明材料.pdf', type: 'application/pdf' },
    );
    const r = await postRaw('127.0.0.3', objectionsPath(), f.body, f.type);
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.text).toContain('受理编号');
    expect(r.text).toContain(`href="/announcements/${noticeId}/"`);
    expect(r.text).not.toContain('<script');
    const items = await objections();
    const mine = items.find((o) => r.text.includes(o.objectionId)) as ObjectionView;
    expect(mine).toMatchObject({ attachment: { type: 'pdf', mime: 'application/pdf', bytes: PDF.length } });
    expect(mine.name).toBeUndefined();
    const file = await fetch(`${sys.url}${listPath()}/${mine.objectionId}/attachment`, {
      headers: { authorization: `Bearer ${tokens['zjt.verifier']}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    // an objection without one has no attachment to download
    const plain = items.find((o) => o.attachment === null) as ObjectionView;
    const none = await api.get(`${listPath()}/${plain.objectionId}/attachment`, tokens['zjt.verifier']);
    expect(none.status).toBe(404);
  });

  it('R6: a form with wrong answers gets an HTML page listing each field with the way back (400), one with a file that is no PDF/JPG/PNG a 415 naming the attachment; nothing is written', async () => {
    const before = [await noticeCount(), (await objections()).length];
    const form = new URLSearchParams({ candidateNo: '', facts: '太短', contact: '不告诉你', name: '' });
    const r = await postRaw(
      '127.0.0.4',
      objectionsPath(),
      Buffer.from(form.toString()),
      'application/x-www-form-urlencoded',
    );
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toContain('text/html');
    for (const label of ['准考证号', '异议事实', '联系方式', '请留下手机号或电子邮箱'])
      expect(r.text).toContain(label);
    expect(r.text).toContain(`href="/announcements/${noticeId}/"`);
    const exe = await multipart(objection(target.candidateNo), {
      bytes: Buffer.from('MZ\x90\x00 not a document'),
      name: '证明.pdf',
      type: 'application/pdf',
    });
    const bad = await postRaw('127.0.0.4', objectionsPath(), exe.body, exe.type);
    expect(bad.status).toBe(415);
    expect(bad.text).toContain('附件');
    expect([await noticeCount(), (await objections()).length]).toEqual(before);
  });

  it('R6: wrong JSON input is a 400 naming the field, an unknown candidate number a 400 naming candidateNo (准考证号不在本次公示名单中), an unknown notice a 404; nothing is written', async () => {
    const before = [await noticeCount(), (await objections()).length];
    const bad = await postJson('127.0.0.5', { ...objection(target.candidateNo), contact: 'abc' });
    expect([bad.status, bad.body.error.code, bad.body.error.details.fields[0].field]).toEqual([
      400,
      'VALIDATION',
      'contact',
    ]);
    const extra = await postJson('127.0.0.5', {
      ...objection(target.candidateNo),
      personId: target.personId,
    });
    expect(extra.status).toBe(400);
    const unknown = await postJson('127.0.0.5', objection('NOSUCH0001'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0]).toMatchObject({ field: 'candidateNo' });
    expect(unknown.body.error.message).toBe('准考证号不在本次公示名单中');
    const otherExam = (demoExams(new Date())[2] as { id: string }).id;
    expect((await postJson('127.0.0.5', objection(target.candidateNo), `${otherExam}-N1`)).status).toBe(404);
    expect((await postJson('127.0.0.5', objection(target.candidateNo), `${exam}-N2`)).status).toBe(404);
    expect([await noticeCount(), (await objections()).length]).toEqual(before);
  });

  it('R6: an objection after the period is refused: 409 DEADLINE_PASSED with the end date in the message (as JSON and as the form’s page)', async () => {
    // 二级建造师: its notice was published during its period, which has since ended
    const ended = (demoExams(new Date())[1] as { id: string }).id;
    const schedule = (await api.get(`/api/exams/${ended}`, tokens['hr.admin'])).body.schedule;
    const signer = {
      deptId: 'zjt',
      deptName: '住建厅',
      username: 'zjt.verifier',
      at: '2020-01-01T00:00:00Z',
    };
    await ddb.send(
      new PutCommand({
        TableName: tableName('catalog'),
        Item: {
          ...keys.notice(ended),
          noticeId: `${ended}-N1`,
          examId: ended,
          text: '经审核，以下人员成绩合格，现予公示。公示期内如有异议，请实名向核查部门反映。',
          status: 'published',
          preparedBy: signer,
          confirmedBy: { ...signer, deptId: 'hr', username: 'hr.admin' },
          ends: schedule.noticeEnds,
        },
      }),
    );
    const someone = demoCandidates(new Date()).find((x) => x.examId === ended)?.candidateNo as string;
    const r = await postJson('127.0.0.6', objection(someone), `${ended}-N1`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('DEADLINE_PASSED');
    expect(r.body.error.message).toContain(formatDeadline(schedule.noticeEnds.date, 'zh'));
    expect(r.body.error.details.deadline).toBe(schedule.noticeEnds.endsAt);
    const f = await multipart(objection(someone));
    const page = await postRaw('127.0.0.6', objectionsPath(`${ended}-N1`), f.body, f.type);
    expect(page.status).toBe(409);
    expect(page.text).toContain(formatDeadline(schedule.noticeEnds.date, 'zh'));
    const stored = await ddb.send(
      new QueryCommand({
        TableName: tableName('candidates'),
        IndexName: 'byCandidateNo',
        KeyConditionExpression: 'gsi3pk = :n',
        ExpressionAttributeValues: { ':n': keys.candidateNo(ended, someone).gsi3pk },
      }),
    );
    expect(stored.Items?.[0]?.objectionCount).toBeUndefined();
  });

  it('R6: one client gets 5 objections in 15 minutes, then 429 TOO_MANY_REQUESTS with Retry-After, while another client still gets through', async () => {
    for (let i = 0; i < 5; i++)
      expect((await postJson('127.0.0.7', objection(target.candidateNo))).status).toBe(201);
    const limited = await postJson('127.0.0.7', objection(target.candidateNo));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await postJson('127.0.0.8', objection(target.candidateNo))).status).toBe(201);
  });

  it('R1, R6: staff who do not see the candidate are told their objections do not exist (404); the provincial verifier and hr read them', async () => {
    const items = await objections();
    const withFile = items.find((o) => o.attachment) as { objectionId: string };
    for (const u of ['zz.verifier', 'xh.verifier']) {
      expect((await api.get(listPath(), tokens[u])).status).toBe(404);
      expect((await api.get(`${listPath()}/${withFile.objectionId}/attachment`, tokens[u])).status).toBe(404);
    }
    const byHr = await api.get(listPath(), tokens['hr.admin']);
    expect(byHr.status).toBe(200);
    expect(byHr.body.items.length).toBe(items.length);
    expect((await api.get(listPath())).status).toBe(401);
  });
});
