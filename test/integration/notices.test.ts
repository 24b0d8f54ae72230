/**
 * The joint public notice (R6) through the local server: the provincial verifier drafts it, hr
 * publishes it — both named, each step audited — and nobody else can.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
let exam: string;
const text = { text: '经审核，以下人员成绩合格，现予公示。公示期内如有异议，请实名向核查部门反映。' };

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier', 'xh.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
  exam = (demoExams(new Date())[0] as { id: string }).id;
});
afterAll(async () => {
  await sys?.stop();
});

const path = () => `/api/exams/${exam}/notice`;

describe('the joint public notice', () => {
  it('R6: the provincial verifier drafts it (its period from the exam), hr publishes it: both departments named, each step audited', async () => {
    expect((await api.get(path(), tokens['hr.admin'])).status).toBe(404);
    const drafted = await api.call('PUT', path(), { token: tokens['zjt.verifier'], body: text });
    expect(drafted.status).toBe(200);
    expect(drafted.body).toMatchObject({ noticeId: `${exam}-N1`, status: 'draft', text: text.text });
    expect(drafted.body.preparedBy).toMatchObject({ deptId: 'zjt', username: 'zjt.verifier' });
    const detail = await api.get(`/api/exams/${exam}`, tokens['hr.admin']);
    expect(drafted.body.ends).toEqual(detail.body.schedule.noticeEnds);
    // redrafting is allowed until it is published
    const again = await api.call('PUT', path(), {
      token: tokens['zjt.verifier'],
      body: { text: `${text.text}（修订）` },
    });
    expect(again.body.text).toContain('修订');
    // the verifier cannot publish it; hr can, once, with a confirmation
    expect((await api.post(`${path()}/publish`, { confirm: true }, tokens['zjt.verifier'])).status).toBe(403);
    const noConfirm = await api.post(`${path()}/publish`, {}, tokens['hr.admin']);
    expect([noConfirm.status, noConfirm.body.error.details.fields[0].field]).toEqual([400, 'confirm']);
    const published = await api.post(`${path()}/publish`, { confirm: true }, tokens['hr.admin']);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      status: 'published',
      preparedBy: { deptId: 'zjt' },
      confirmedBy: { deptId: 'hr' },
    });
    expect((await api.post(`${path()}/publish`, { confirm: true }, tokens['hr.admin'])).status).toBe(409);
    expect((await api.call('PUT', path(), { token: tokens['zjt.verifier'], body: text })).status).toBe(409);
    const audit = await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `EXAM#${exam}` },
      }),
    );
    const actions = (audit.Items ?? []).map((i) => i.action).filter((a) => String(a).startsWith('notice.'));
    expect(actions).toEqual(['notice.drafted', 'notice.drafted', 'notice.published']);
  });

  it('R1, R6: hr cannot draft it; a municipal verifier neither drafts nor publishes (403 naming R6); another exam type is not found', async () => {
    const other = (demoExams(new Date())[1] as { id: string }).id;
    const byHr = await api.call('PUT', `/api/exams/${other}/notice`, {
      token: tokens['hr.admin'],
      body: text,
    });
    expect([byHr.status, byHr.body.error.message]).toEqual([
      403,
      '公示由省级核查部门（或行业协会）起草，人社部门确认后联合发布（R6）',
    ]);
    const byCity = await api.call('PUT', `/api/exams/${other}/notice`, {
      token: tokens['zz.verifier'],
      body: text,
    });
    expect(byCity.status).toBe(403);
    expect(byCity.body.error.message).toContain('R6');
    expect(
      (await api.call('PUT', `/api/exams/${other}/notice`, { token: tokens['xh.verifier'], body: text }))
        .status,
    ).toBe(404);
    const short = await api.call('PUT', `/api/exams/${other}/notice`, {
      token: tokens['zjt.verifier'],
      body: { text: '太短' },
    });
    expect([short.status, short.body.error.details.fields[0].field]).toEqual([400, 'text']);
    expect((await api.get(`/api/exams/${other}/notice`, tokens['hr.admin'])).status).toBe(404);
  });
});
