/**
 * Exam administration by hr (R1): create a sitting with its generated id and audit record, preview its
 * schedule before saving (nothing written), correct it; what may not change is refused with the field.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let hr: string;
const paper = () =>
  demoExams(new Date())[0] as { id: string; year: number; examEnd: string; scoreRelease: string };

const audit = async (subject: string) =>
  (
    await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': subject },
      }),
    )
  ).Items ?? [];

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
});
afterAll(async () => {
  await sys?.stop();
});

describe('exam administration', () => {
  const input = () => {
    const p = paper();
    return {
      examType: 'JZS1',
      name: `${p.year}年度一级建造师资格考试（补考）`,
      year: p.year,
      examEnd: p.examEnd,
      scoreRelease: p.scoreRelease,
    };
  };

  it('R6, R7: the schedule preview shows every deadline with its rule before saving, and writes nothing', async () => {
    const before = (await api.get('/api/exams', hr)).body.items.length;
    const r = await api.post('/api/exams/schedule-preview', { exam: input() }, hr);
    expect(r.status).toBe(200);
    expect(r.body.schedule.noticeEnds.rule).toBe('R6');
    expect(r.body.schedule.verificationDue.rule).toBe('R7');
    expect(r.body.certificateKind).toBe('paper');
    expect((await api.get('/api/exams', hr)).body.items.length).toBe(before);
    const bad = await api.post(
      '/api/exams/schedule-preview',
      { exam: { ...input(), scoreRelease: '2000-01-01' } },
      hr,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('scoreRelease');
  });

  it('R1: hr creates a sitting: id {examType}-{year}, then -2, -3 for further sittings; each with its audit record', async () => {
    const p = paper();
    // JZS1-{year} and JZS1-{year}-2 (the arrival demo, N3) are seeded: the next sittings of the year are -3 and -4
    const a = await api.post('/api/exams', input(), hr);
    expect(a.status).toBe(201);
    expect(a.body.id).toBe(`JZS1-${p.year}-3`);
    expect(a.body.schedule.custodyEnds.rule).toBe('R20');
    const b = await api.post(
      '/api/exams',
      { ...input(), name: `${p.year}年度一级建造师资格考试（第四次）` },
      hr,
    );
    expect(b.body.id).toBe(`JZS1-${p.year}-4`);
    const created = await audit(`EXAM#${a.body.id}`);
    expect(created.map((x) => [x.action, x.actor])).toEqual([['exam.created', 'staff:hr.admin']]);
    // the provincial verifier sees the new sitting of its exam type (R1)
    const zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    expect((await api.get(`/api/exams/${a.body.id}`, zjt)).status).toBe(200);
  });

  it('R1: a new exam is refused with the field named when its input is wrong, and nothing is created', async () => {
    const before = (await api.get('/api/exams', hr)).body.items.length;
    for (const [body, field] of [
      [{ ...input(), examType: 'NOPE' }, 'examType'],
      [{ ...input(), name: '短' }, 'name'],
      [{ ...input(), examEnd: `${paper().year}-02-30` }, 'examEnd'],
      [{ ...input(), year: paper().year - 1 }, 'examEnd'],
      [{ ...input(), extra: 1 }, ''],
    ] as const) {
      const r = await api.post('/api/exams', body, hr);
      expect([field, r.status]).toEqual([field, 400]);
      if (field) expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await api.get('/api/exams', hr)).body.items.length).toBe(before);
  });

  it('R9: hr corrects a sitting (its name; its dates until the result announcement); type and year stay', async () => {
    const made = await api.post(
      '/api/exams',
      { ...input(), name: `${paper().year}年度一级建造师资格考试（待改名）` },
      hr,
    );
    const id = made.body.id as string;
    const renamed = await api.call('PUT', `/api/exams/${id}`, {
      token: hr,
      body: { ...input(), name: `${paper().year}年度一级建造师资格考试（已改名）` },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toContain('已改名');
    // a new name changes no deadline: nothing to re-plan
    expect(renamed.body.replanJobId).toBeNull();
    // new dates (before the announcement) do: the waiting lifecycles re-plan, as a job
    const p = paper();
    const redated = await api.call('PUT', `/api/exams/${id}`, {
      token: hr,
      body: { ...input(), name: renamed.body.name, noticePublished: p.scoreRelease },
    });
    expect(redated.status).toBe(200);
    expect(redated.body.replanJobId).toEqual(expect.any(String));
    // a form filled before that change says so (the version it was filled from): refused, nothing written
    const stale = await api.call('PUT', `/api/exams/${id}`, {
      token: hr,
      body: { ...input(), name: '2026年度一级建造师资格考试（旧表单）', version: renamed.body.version ?? 0 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.fields[0].field).toBe('version');
    expect((await api.get(`/api/exams/${id}`, hr)).body.name).toBe(renamed.body.name);
    expect((await audit(`EXAM#${id}`)).map((x) => x.action)).toEqual([
      'exam.created',
      'exam.updated',
      'exam.updated',
    ]);
    const retyped = await api.call('PUT', `/api/exams/${id}`, {
      token: hr,
      body: { ...input(), examType: 'XFS1' },
    });
    expect(retyped.status).toBe(400);
    expect(retyped.body.error.details.fields[0].field).toBe('examType');
    // once the results are announced (R9) the dates are fixed; the name may still be corrected
    const zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
    expect((await api.post(`/api/exams/${id}/events`, { kind: 'resultsAnnounced' }, zjt)).status).toBe(202);
    const later = { ...input(), name: renamed.body.name, scoreRelease: paper().examEnd };
    const moved = await api.call('PUT', `/api/exams/${id}`, { token: hr, body: later });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toContain('R9');
    const stillNamed = await api.call('PUT', `/api/exams/${id}`, {
      token: hr,
      // the dates as they are now (the notice day set above), only a new name
      body: {
        ...input(),
        noticePublished: paper().scoreRelease,
        name: `${paper().year}年度一级建造师资格考试（再改名）`,
      },
    });
    expect(stillNamed.status).toBe(200);
    const exam = await api.get(`/api/exams/${id}`, hr);
    expect(exam.body.resultsAnnouncedAt).toEqual(expect.any(String)); // the edit kept the announcement
    expect(exam.body.scoreRelease).toBe(paper().scoreRelease);
  });
});
