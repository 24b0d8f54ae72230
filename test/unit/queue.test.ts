/** The work queue's pure core (issue 9 §1): placement by next deadline, today's range, `q`, filters, counters, the merge. */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { Exam } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import { candidateDeadlines, initialFacts } from '../../functions/domain/lifecycle.js';
import {
  classifySearch,
  counterDeltas,
  deadlineSortKey,
  dueTodayRange,
  matchesQueue,
  NO_DEADLINE,
  nextInMerge,
  queueFacts,
  queueSearchSchema,
  sumCounts,
  tallyNew,
} from '../../functions/domain/queue.js';
import { candidateFilterSchema, matchesFilter } from '../../functions/domain/spot-checks.js';

const cal = seedCalendar();
// scores released Monday 2024-09-23: R7 due 2024-10-08 (after 国庆), R11 due 2024-11-25
const paper: Exam = {
  id: 'JZS1-2024',
  examType: 'JZS1',
  name: '一级建造师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
};
const cand = (over: Partial<Candidate> = {}): Candidate => ({
  personId: 'abcdefghijkmnpqrstuv',
  examId: paper.id,
  examType: paper.examType,
  name: '王伟',
  idNumber: '41010519900307901X',
  phone: '13900000001',
  city: '4101',
  candidateNo: 'JZS120240001',
  commitment: { education: 'failed', major: 'passed', workYears: 'manual' },
  status: 'verifying',
  lifecycle: initialFacts(),
  version: 1,
  createdAt: '2024-09-23T02:00:00.000Z',
  updatedAt: '2024-09-23T02:00:00.000Z',
  ...over,
});

describe('the work queue (R1, N2)', () => {
  it('R7: a candidate being verified waits for the R7 deadline; a decided one for the announcement (no deadline); a revoked one is done', () => {
    const v = cand();
    expect(queueFacts(v, paper, candidateDeadlines(cal, paper, v))).toEqual({
      phase: 'verification',
      due: '2024-10-09T00:00:00+08:00',
    });
    const q = cand({ status: 'qualified' });
    expect(queueFacts(q, paper, candidateDeadlines(cal, paper, q))).toEqual({ phase: 'results', due: null });
    const p = cand({
      status: 'pending',
      lifecycle: { ...initialFacts(), resultNotifiedAt: '2024-10-10T00:00:00Z' },
    });
    expect(queueFacts(p, paper, candidateDeadlines(cal, paper, p))).toEqual({
      phase: 'supplementary',
      due: '2024-11-26T00:00:00+08:00',
    });
    const r = cand({ status: 'revoked' });
    expect(queueFacts(r, paper, candidateDeadlines(cal, paper, r))).toEqual({ phase: 'done', due: null });
  });

  it('T4: the sort key is the deadline as a UTC instant, then the person; no deadline sorts last', () => {
    expect(deadlineSortKey('2024-10-09T00:00:00+08:00', 'p1')).toBe('2024-10-08T16:00:00.000Z#p1');
    expect(deadlineSortKey(null, 'p1')).toBe(`${NO_DEADLINE}#p1`);
    expect(deadlineSortKey(undefined, 'p2')).toBe(`${NO_DEADLINE}#p2`);
    const keys = [
      deadlineSortKey(null, 'a'),
      deadlineSortKey('2024-11-26T00:00:00+08:00', 'a'),
      deadlineSortKey('2024-10-09T00:00:00+08:00', 'b'),
      deadlineSortKey('2024-10-09T00:00:00+08:00', 'a'),
    ].sort();
    expect(keys).toEqual([
      '2024-10-08T16:00:00.000Z#a',
      '2024-10-08T16:00:00.000Z#b',
      '2024-11-25T16:00:00.000Z#a',
      `${NO_DEADLINE}#a`,
    ]);
  });

  it("T1, T4: today's deadlines are those ending after today's 00:00 and by today's 24:00, China time", () => {
    const r = dueTodayRange(new Date('2024-10-08T23:59:00+08:00'));
    expect(r).toEqual({ from: '2024-10-07T16:00:00.000Z#~', to: '2024-10-08T16:00:00.000Z#~' });
    // just after midnight in China (still the previous day in UTC) it is already the new day
    expect(dueTodayRange(new Date('2024-10-09T00:00:00+08:00'))).toEqual({
      from: '2024-10-08T16:00:00.000Z#~',
      to: '2024-10-09T16:00:00.000Z#~',
    });
    expect(dueTodayRange(new Date('2024-10-08T07:59:59.999Z')).from).toBe('2024-10-07T16:00:00.000Z#~');
    const today = deadlineSortKey('2024-10-09T00:00:00+08:00', 'abcdefghijkmnpqrstuv');
    const yesterday = deadlineSortKey('2024-10-08T00:00:00+08:00', 'abcdefghijkmnpqrstuv');
    const tomorrow = deadlineSortKey('2024-10-10T00:00:00+08:00', 'abcdefghijkmnpqrstuv');
    const inRange = (k: string) => k > r.from && k <= r.to;
    expect([yesterday, today, tomorrow].map(inRange)).toEqual([false, true, false]);
  });

  it('N4: q is the last 4–6 characters of an ID number, a candidate number, or a name', () => {
    expect(classifySearch(' 901x ')).toEqual({ kind: 'idTail', value: '901X' });
    expect(classifySearch('7901X')).toEqual({ kind: 'idTail', value: '7901X' });
    expect(classifySearch('307901')).toEqual({ kind: 'idTail', value: '307901' });
    expect(classifySearch('123')).toEqual({ kind: 'name', value: '123' });
    expect(classifySearch('3079012')).toEqual({ kind: 'candidateNo', value: '3079012' });
    expect(classifySearch('jzs120240001')).toEqual({ kind: 'candidateNo', value: 'JZS120240001' });
    expect(classifySearch('X901')).toEqual({ kind: 'candidateNo', value: 'X901' });
    expect(classifySearch('ABCD')).toEqual({ kind: 'name', value: 'ABCD' });
    expect(classifySearch('王伟')).toEqual({ kind: 'name', value: '王伟' });
    expect(classifySearch('王1234567')).toEqual({ kind: 'name', value: '王1234567' });
    expect(classifySearch('1234567王')).toEqual({ kind: 'name', value: '1234567王' });
    const message = (v: string) => queueSearchSchema.safeParse(v).error?.issues[0]?.message;
    expect(message('')).toBe('请输入准考证号、姓名或身份证号后4–6位');
    expect(message('<b>')).toBe('请输入准考证号、姓名或身份证号后4–6位');
    expect(message('王'.repeat(31))).toBe('查询内容不超过30个字符');
    expect(queueSearchSchema.safeParse('王 伟').success).toBe(true);
    expect(queueSearchSchema.safeParse('JZS1-0001').success).toBe(true);
    expect(queueSearchSchema.safeParse('').success).toBe(false);
    expect(queueSearchSchema.safeParse('   ').success).toBe(false);
    expect(queueSearchSchema.safeParse('<b>').success).toBe(false);
    expect(queueSearchSchema.safeParse('王'.repeat(31)).success).toBe(false);
    expect(queueSearchSchema.safeParse('王'.repeat(30)).success).toBe(true);
  });

  it('N2: a record is listed when the shared filter and the search both take it', () => {
    const c = cand();
    expect(matchesQueue(c, {})).toBe(true);
    expect(matchesQueue(c, { search: { kind: 'idTail', value: '901X' } })).toBe(true);
    expect(matchesQueue(c, { search: { kind: 'idTail', value: '9016' } })).toBe(false);
    expect(matchesQueue(c, { search: { kind: 'idTail', value: '0307' } })).toBe(false);
    expect(matchesQueue(c, { search: { kind: 'candidateNo', value: 'JZS120240001' } })).toBe(true);
    expect(matchesQueue(c, { search: { kind: 'candidateNo', value: 'JZS12024000' } })).toBe(false);
    const typed = cand({ candidateNo: ' jzs120240001 ' });
    expect(matchesQueue(typed, { search: { kind: 'candidateNo', value: 'JZS120240001' } })).toBe(true);
    expect(
      matchesQueue(cand({ candidateNo: undefined }), { search: { kind: 'candidateNo', value: 'X1' } }),
    ).toBe(false);
    expect(matchesQueue(c, { search: { kind: 'name', value: '伟' } })).toBe(true);
    expect(matchesQueue(c, { search: { kind: 'name', value: '李' } })).toBe(false);
    expect(matchesQueue(c, { status: 'pending', search: { kind: 'name', value: '伟' } })).toBe(false);
    expect(matchesQueue(c, { check: 'education:failed' })).toBe(true);
    expect(matchesQueue(c, { check: 'any:manual', status: 'qualified' })).toBe(false);
  });

  it('R6, R23: the shared filter takes phase, spot-check mark and objections', () => {
    const c = { ...cand(), queue: { phase: 'verification' as const, due: null } };
    expect(matchesFilter(c, { phase: 'verification' })).toBe(true);
    expect(matchesFilter(c, { phase: 'results' })).toBe(false);
    expect(matchesFilter(cand(), { phase: 'verification' })).toBe(false);
    expect(matchesFilter(c, { spot: false })).toBe(true);
    expect(matchesFilter(c, { spot: true })).toBe(false);
    const drawn = { ...c, spotCheck: { drawId: 'd1', at: '2024-10-01T00:00:00Z', deptName: '省住建厅' } };
    expect(matchesFilter(drawn, { spot: true })).toBe(true);
    expect(matchesFilter(drawn, { spot: false })).toBe(false);
    expect(matchesFilter(c, { objections: false })).toBe(true);
    expect(matchesFilter(c, { objections: true })).toBe(false);
    expect(matchesFilter({ ...c, objectionCount: 0 }, { objections: true })).toBe(false);
    expect(matchesFilter({ ...c, objectionCount: 2 }, { objections: true })).toBe(true);
    expect(matchesFilter({ ...c, objectionCount: 1 }, { objections: false })).toBe(false);
    const message = (v: unknown) => candidateFilterSchema.safeParse(v).error?.issues[0]?.message;
    expect(message({ phase: 'later' })).toBe('阶段不正确');
    expect(message({ spot: 'yes' })).toBe('抽查条件应为 true 或 false');
    expect(message({ objections: 1 })).toBe('异议条件应为 true 或 false');
    expect(message({ status: 'done' })).toBe('状态不正确');
    expect(message({ city: '9999' })).toBe('城市代码应为河南省地市代码，如 4101（郑州市）');
    expect(message({ check: 'any' })).toBe('核验条件应为 项目:结果，如 education:failed 或 any:manual');
    expect(candidateFilterSchema.safeParse({ phase: 'later' }).success).toBe(false);
    expect(candidateFilterSchema.safeParse({ spot: 'yes' }).success).toBe(false);
    expect(candidateFilterSchema.safeParse({ phase: 'booking', spot: true, objections: false }).success).toBe(
      true,
    );
  });

  it('R7: a status change moves one count from the old status to the new; a new record adds one; nothing else moves', () => {
    const v = { city: '4101', status: 'verifying' as const };
    expect(counterDeltas(v, v)).toEqual([]);
    expect(counterDeltas(undefined, v)).toEqual([{ city: '4101', status: 'verifying', by: 1 }]);
    expect(counterDeltas(v, { city: '4101', status: 'qualified' })).toEqual([
      { city: '4101', status: 'verifying', by: -1 },
      { city: '4101', status: 'qualified', by: 1 },
    ]);
    expect(counterDeltas(v, { city: '4103', status: 'verifying' })).toEqual([
      { city: '4101', status: 'verifying', by: -1 },
      { city: '4103', status: 'verifying', by: 1 },
    ]);
    expect(
      tallyNew([v, v, { city: '4103', status: 'verifying' }, { city: '4101', status: 'pending' }]),
    ).toEqual([
      { city: '4101', status: 'verifying', by: 2 },
      { city: '4103', status: 'verifying', by: 1 },
      { city: '4101', status: 'pending', by: 1 },
    ]);
    expect(tallyNew([])).toEqual([]);
    expect(sumCounts([{ verifying: 3, qualified: 1, pk: 'x' }, { verifying: -1, pending: 2 }, {}])).toEqual({
      verifying: 2,
      qualified: 1,
      unqualified: 0,
      pending: 2,
      forfeited: 0,
      revoked: 0,
    });
    expect(sumCounts([{ verifying: '3' }]).verifying).toBe(0);
  });

  it('R1: several cities merge record by record: the earliest head, after reading every city that has none', () => {
    expect(nextInMerge([])).toBeNull();
    expect(nextInMerge([{ key: undefined, exhausted: true }])).toBeNull();
    expect(
      nextInMerge([
        { key: 'b', exhausted: false },
        { key: undefined, exhausted: false },
        { key: undefined, exhausted: true },
        { key: undefined, exhausted: false },
      ]),
    ).toEqual({ read: [1, 3] });
    expect(
      nextInMerge([
        { key: 'c', exhausted: false },
        { key: undefined, exhausted: true },
        { key: 'a', exhausted: true },
        { key: 'b', exhausted: false },
      ]),
    ).toEqual({ city: 2 });
    expect(
      nextInMerge([
        { key: 'a', exhausted: false },
        { key: 'a', exhausted: false },
      ]),
    ).toEqual({ city: 0 });
    expect(
      nextInMerge([
        { key: 'b', exhausted: false },
        { key: 'a', exhausted: false },
      ]),
    ).toEqual({ city: 1 });
  });
});
