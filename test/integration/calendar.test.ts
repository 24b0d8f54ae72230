/**
 * T3: the holiday calendar is data hr loads each year; deadlines in a year not loaded are provisional,
 * hr is told which years are missing, and loading the year recomputes them.
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
let verifier: string;

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
  verifier = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
});
afterAll(async () => {
  await sys?.stop();
});

/** A plausible arrangement for a year the seed does not cover (synthetic test data). */
function yearData(year: number) {
  return {
    year,
    // 元旦, a 春节 day (21 January – 20 February), 国庆节
    holidays: [`${year}-01-01`, `${year}-02-10`, `${year}-10-01`, `${year}-10-02`, `${year}-10-03`],
    workdays: [] as string[],
    source: 'test data',
  };
}

describe('holiday calendar', () => {
  it('T3: an exam whose custody ends in a year not loaded shows that deadline as provisional and hr is told the year', async () => {
    const exam = demoExams(new Date())[0] as { id: string };
    const e = await api.get(`/api/exams/${exam.id}`, hr);
    expect(e.status).toBe(200);
    expect(e.body.schedule.custodyEnds.rule).toBe('R20');
    expect(e.body.schedule.custodyEnds.provisional).toBe(true);
    const year = Number(e.body.schedule.custodyEnds.date.slice(0, 4));
    expect(e.body.missingYears).toContain(year);
    const cal = await api.get('/api/calendar', verifier);
    expect(cal.status).toBe(200);
    expect(cal.body.missing).toContain(year);
    expect(cal.body.covered).toContain(2024);
  });

  it('T3: only hr may load a year; bad data is refused with the field named and changes nothing', async () => {
    const e = await api.get(`/api/exams/${(demoExams(new Date())[0] as { id: string }).id}`, hr);
    const year = Number(e.body.schedule.custodyEnds.date.slice(0, 4));
    const denied = await api.call('PUT', `/api/calendar/${year}`, { token: verifier, body: yearData(year) });
    expect(denied.status).toBe(403);
    const bad = await api.call('PUT', `/api/calendar/${year}`, {
      token: hr,
      body: {
        ...yearData(year),
        workdays: [`${year}-10-04`, `${year}-03-03`].filter((d) => new Date(d).getUTCDay() % 6 !== 0),
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.details.fields[0].field).toMatch(/^workdays\.\d$/);
    const missingHoliday = await api.call('PUT', `/api/calendar/${year}`, {
      token: hr,
      body: { ...yearData(year), holidays: [`${year}-10-01`] },
    });
    expect(missingHoliday.status).toBe(400);
    expect(missingHoliday.body.error.message).toContain('元旦');
    expect((await api.get('/api/calendar', hr)).body.missing).toContain(year);
  });

  it('T3: once hr loads the year, the deadline is recomputed and no longer provisional', async () => {
    const exam = demoExams(new Date())[0] as { id: string };
    const before = await api.get(`/api/exams/${exam.id}`, hr);
    const year = Number(before.body.schedule.custodyEnds.date.slice(0, 4));
    const put = await api.call('PUT', `/api/calendar/${year}`, { token: hr, body: yearData(year) });
    expect(put.status).toBe(200);
    expect(put.body.year).toBe(year);
    const after = await api.get(`/api/exams/${exam.id}`, hr);
    expect(after.body.schedule.custodyEnds.provisional).toBe(false);
    expect(after.body.missingYears).not.toContain(year);
    const cal = await api.get('/api/calendar', hr);
    expect(cal.body.covered).toContain(year);
    expect(cal.body.years.find((y: { year: number }) => y.year === year)).toMatchObject({
      source: 'test data',
      holidays: 5,
    });
  });

  it('T3: the same year loaded twice is one change, even ten times at once; the answer says so', async () => {
    const year = 2041;
    const put = () => api.call('PUT', `/api/calendar/${year}`, { token: hr, body: yearData(year) });
    const first = await put();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ year, unchanged: false, replanJobId: expect.any(String) });
    const again = await put();
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ year, unchanged: true, replanJobId: null });
    const other = 2042;
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.call('PUT', `/api/calendar/${other}`, { token: hr, body: yearData(other) }),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual(burst.map(() => 200));
    expect(burst.filter((r) => r.body.unchanged === false)).toHaveLength(1);
    const loads = (
      (
        await ddb.send(
          new QueryCommand({
            TableName: tableName('audit'),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'CALENDAR' },
          }),
        )
      ).Items ?? []
    ).filter((a) => a.details?.year === other);
    expect(loads).toHaveLength(1);
    // a change to the year is a change again
    const changed = await api.call('PUT', `/api/calendar/${other}`, {
      token: hr,
      body: { ...yearData(other), source: 'corrected' },
    });
    expect(changed.body.unchanged).toBe(false);
  });

  it('T3: a year is refused with the field named when it is too long, repeats a date, or strays outside its year', async () => {
    const year = 2043;
    const cases: [unknown, RegExp][] = [
      [
        {
          ...yearData(year),
          holidays: Array.from(
            { length: 61 },
            (_, i) => `${year}-0${1 + Math.floor(i / 28)}-${String(1 + (i % 28)).padStart(2, '0')}`,
          ),
        },
        /^holidays$/,
      ],
      [{ ...yearData(year), holidays: [...yearData(year).holidays, `${year}-10-02`] }, /^holidays\.5$/],
      [{ ...yearData(year), holidays: [...yearData(year).holidays, `${year + 1}-01-02`] }, /^holidays\.5$/],
    ];
    for (const [body, field] of cases) {
      const r = await api.call('PUT', `/api/calendar/${year}`, { token: hr, body });
      expect(r.status).toBe(400);
      expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toContainEqual(
        expect.stringMatching(field),
      );
    }
    expect((await api.get('/api/calendar', hr)).body.covered).not.toContain(year);
  });

  it('T3: a year without 春节 or 国庆节 is held back until hr confirms it (409 naming both), then loaded', async () => {
    const year = 2044;
    const body = { year, holidays: [`${year}-01-01`], workdays: [], source: 'only 元旦' };
    const held = await api.call('PUT', `/api/calendar/${year}`, { token: hr, body });
    expect(held.status).toBe(409);
    expect(held.body.error.message).toContain('春节');
    expect(held.body.error.message).toContain('国庆节');
    expect(held.body.error.details).toMatchObject({
      needsConfirmation: true,
      missing: ['springFestival', 'nationalDay'],
    });
    expect((await api.get('/api/calendar', hr)).body.covered).not.toContain(year);
    const confirmed = await api.call('PUT', `/api/calendar/${year}`, {
      token: hr,
      body: { ...body, confirmIncomplete: true },
    });
    expect(confirmed.status).toBe(200);
    expect((await api.get('/api/calendar', hr)).body.covered).toContain(year);
  });
});
