/**
 * An exam's departures from the notice's defaults, always with the reason; minimums cannot be lowered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let hr: string;
let province: string;
const [paper, electronic] = demoExams(new Date()) as { id: string }[];

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  hr = await api.staffToken('hr.admin', DEMO_PASSWORD);
  province = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
});
afterAll(async () => {
  await sys?.stop();
});

const put = (examId: string, body: unknown, token: string) =>
  api.call('PUT', `/api/exams/${examId}/schedule`, { token, body });
const schedule = async (examId: string) => (await api.get(`/api/exams/${examId}`, hr)).body.schedule;

describe('exam schedule settings', () => {
  it('R6: the notice period cannot be set below 10 days; the refusal names the rule and changes nothing', async () => {
    const before = await schedule(paper?.id as string);
    const r = await put(paper?.id as string, { noticeDays: 9, reason: '缩短公示期' }, hr);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('R6');
    expect(r.body.error.details.fields[0].field).toBe('overrides.noticeDays');
    expect(await schedule(paper?.id as string)).toEqual(before);
  });

  it('R6: a longer notice period is set with its reason, by hr or the provincial verifier; not by a municipal verifier', async () => {
    const zz = await api.staffToken('zz.verifier', DEMO_PASSWORD);
    expect((await put(paper?.id as string, { noticeDays: 15, reason: '春节顺延' }, zz)).status).toBe(403);
    const noReason = await put(paper?.id as string, { noticeDays: 15 }, hr);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0].field).toBe('overrides.reason');
    const r = await put(paper?.id as string, { noticeDays: 15, reason: '春节顺延' }, province);
    expect(r.status).toBe(200);
    expect(r.body.schedule.noticeEnds.rule).toBe('R6');
    expect(r.body.overrides).toEqual({ noticeDays: 15, reason: '春节顺延' });
  });

  it('R8: only a provincial joint exam takes the report deadline from its announcement; R7 stays fixed for others', async () => {
    const national = await put(paper?.id as string, { verificationDays: 20, reason: '公告另定' }, hr);
    expect(national.status).toBe(400);
    expect(national.body.error.message).toMatch(/R7.*R8/);
    const joint = await put(electronic?.id as string, { verificationDays: 20, reason: '按核查公告' }, hr);
    expect(joint.status).toBe(200);
    expect(joint.body.schedule.verificationDue.rule).toBe('R8');
  });

  it('T5: the notice can run 10 working days counting the day of publication', async () => {
    const r = await put(paper?.id as string, { noticeWorkingDays: 10, reason: '按工作日公示' }, hr);
    expect(r.status).toBe(200);
    expect(r.body.schedule.noticeEnds.date >= r.body.scoreRelease).toBe(true);
  });
});
