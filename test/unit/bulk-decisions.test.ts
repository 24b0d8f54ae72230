/**
 * The bulk decision rules of the domain core (functions/domain/bulk-decisions.ts): what a request and a
 * list row may hold (R22), whom a bulk decision touches (R7, R24, R10), how a list's number names a
 * candidate in scope (R1), when it may be confirmed (R7) and how it is shown.
 */
import { describe, expect, it } from 'vitest';
import {
  BULK_PAGE,
  type BulkDecision,
  bulkInputSchema,
  bulkTarget,
  bulkView,
  checkConfirm,
  keepRejected,
  listRows,
  MAX_BULK_LIST,
  MAX_BULK_REJECTED,
  NOT_FOUND_MESSAGE,
  resolveRow,
} from '../../functions/domain/bulk-decisions.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { Decision } from '../../functions/domain/decisions.js';
import type { DomainError } from '../../functions/domain/errors.js';
import { initialFacts } from '../../functions/domain/lifecycle.js';

const issues = (v: unknown) => {
  const r = bulkInputSchema.safeParse(v);
  if (r.success) throw new Error(`accepted: ${JSON.stringify(v)}`);
  return r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
};
const refused = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('not refused');
};

function cand(status: Candidate['status'], decision?: Partial<Decision>): Candidate {
  return {
    personId: 'abcdefghijkmnpqrstuv',
    examId: 'JZS1-2024',
    examType: 'JZS1',
    name: '王伟',
    idNumber: '410105199003079016',
    phone: '13900000001',
    city: '4101',
    status,
    lifecycle: initialFacts(),
    version: 1,
    createdAt: '2024-09-23T02:00:00.000Z',
    updatedAt: '2024-09-23T02:00:00.000Z',
    ...(decision
      ? {
          decision: {
            round: 'first',
            outcome: 'unqualified',
            by: { deptId: 'zjt', deptName: '住建厅', deptKind: 'provincialVerifier' },
            at: '2024-09-30T02:00:00.000Z',
            ...decision,
          } as Decision,
        }
      : {}),
  };
}

describe('bulk decision input (R22)', () => {
  it('R22: the single decision’s rules: unqualified needs a reason, other a note, a note at most 2,000', () => {
    expect(issues({ outcome: 'unqualified', filter: {} })).toEqual([
      { field: 'reasonCode', message: '核查不合格须选择原因（R22）' },
    ]);
    expect(issues({ outcome: 'unqualified', reasonCode: 'other', filter: {} })).toEqual([
      { field: 'note', message: '原因为“其他”时须填写说明' },
    ]);
    expect(issues({ outcome: 'qualified', note: 'x'.repeat(2001), filter: {} })[0]?.field).toBe('note');
    expect(issues({ outcome: 'qualified', reasonCode: 'nope', filter: {} })[0]?.field).toBe('reasonCode');
    expect(issues({ outcome: 'maybe', filter: {} })[0]?.field).toBe('outcome');
    expect(bulkInputSchema.parse({ outcome: 'unqualified', reasonCode: 'major', filter: {} })).toEqual({
      outcome: 'unqualified',
      reasonCode: 'major',
      filter: {},
    });
  });

  it('R22: either a filter (the work queue’s: unknown values refused at the field) or a list, never both or neither', () => {
    const either = [
      { field: 'filter', message: '请选择按筛选条件（filter）或按准考证号名单（candidateNos）之一' },
    ];
    expect(issues({ outcome: 'qualified' })).toEqual(either);
    expect(issues({ outcome: 'qualified', filter: {}, candidateNos: ['A1234'] })).toEqual(either);
    expect(issues({ outcome: 'qualified', filter: { check: 'any:maybe' } })[0]?.field).toBe('filter.check');
    expect(issues({ outcome: 'qualified', filter: { colour: 'red' } })[0]?.field).toBe('filter');
    expect(issues({ outcome: 'qualified', candidateNos: [] })).toEqual([
      { field: 'candidateNos', message: '名单中没有准考证号' },
    ]);
    expect(issues({ outcome: 'qualified', candidateNos: [1] })[0]).toEqual({
      field: 'candidateNos.0',
      message: '准考证号应为文字',
    });
    expect(issues({ outcome: 'qualified', candidateNos: 'A1234' })[0]).toEqual({
      field: 'candidateNos',
      message: 'candidateNos 应为准考证号的列表',
    });
    const many = Array.from({ length: MAX_BULK_LIST + 1 }, (_, i) => `N${i}`);
    expect(issues({ outcome: 'qualified', candidateNos: many })).toEqual([
      { field: 'candidateNos', message: `一份名单最多 ${MAX_BULK_LIST} 个准考证号` },
    ]);
    expect(
      bulkInputSchema.parse({ outcome: 'qualified', candidateNos: many.slice(0, MAX_BULK_LIST) })
        .candidateNos,
    ).toHaveLength(MAX_BULK_LIST);
    expect(issues({ outcome: 'qualified', filter: {}, extra: 1 })[0]?.field).toBe('');
  });
});

describe('list rows (R1)', () => {
  it('R1: each row trimmed and upper-cased, numbered from 1; blank, malformed and repeated rows reported by row', () => {
    const r = listRows([
      ' jzs120260001 ',
      '',
      'JZS120260002',
      'bad no!',
      'JZS120260001',
      '  ',
      `${'X'.repeat(80)}`,
    ]);
    expect(r.rows).toEqual([
      { row: 1, candidateNo: 'JZS120260001' },
      { row: 3, candidateNo: 'JZS120260002' },
    ]);
    expect(r.rejected).toEqual([
      { row: 2, candidateNo: '', message: '该行没有准考证号' },
      { row: 4, candidateNo: 'bad no!', message: '准考证号应为4–30位字母、数字或连字符' },
      { row: 5, candidateNo: 'JZS120260001', message: '与第 1 行重复' },
      { row: 6, candidateNo: '', message: '该行没有准考证号' },
      { row: 7, candidateNo: 'X'.repeat(64), message: '准考证号应为4–30位字母、数字或连字符' },
    ]);
    expect(listRows([])).toEqual({ rows: [], rejected: [] });
  });

  it('R1: a number names exactly one candidate in scope; out of scope reads as unknown; two are not chosen between', () => {
    const a = { id: 'a', city: '4101' };
    const b = { id: 'b', city: '4102' };
    const mine = (c: { city: string }) => c.city === '4101';
    expect(resolveRow([a], mine)).toEqual({ candidate: a });
    expect(resolveRow([a, b], mine)).toEqual({ candidate: a });
    expect(resolveRow([b], mine)).toEqual({ message: NOT_FOUND_MESSAGE });
    expect(resolveRow([], mine)).toEqual({ message: NOT_FOUND_MESSAGE });
    expect(resolveRow([a, { ...a, id: 'c' }], mine)).toEqual({
      message: '该准考证号对应多名考生，请逐一核查',
    });
    expect(NOT_FOUND_MESSAGE).toBe('本考试中没有该准考证号的考生（或不在本部门核查范围内）');
  });
});

describe('whom a bulk decision touches (R7, R10, R24)', () => {
  const input = { outcome: 'unqualified', reasonCode: 'education' } as const;
  it('R7: a verifying candidate is decided; the same decision standing is left as it is', () => {
    expect(bulkTarget(cand('verifying'), input)).toEqual({ kind: 'decide' });
    expect(bulkTarget(cand('unqualified', { reasonCode: 'education' }), input)).toEqual({ kind: 'same' });
    expect(bulkTarget(cand('qualified', { outcome: 'qualified' }), { outcome: 'qualified' })).toEqual({
      kind: 'same',
    });
  });
  it('R24: another decision standing (another outcome or reason) must be reopened first', () => {
    // the outcome counts, not only the reason
    expect(bulkTarget(cand('qualified', { outcome: 'qualified' }), { outcome: 'unqualified' }).kind).toBe(
      'refused',
    );
    const other = {
      kind: 'refused',
      message: '已有核查结论「不合格」，如需改变，须先由省级核查部门重新核查（R24）',
    };
    expect(bulkTarget(cand('unqualified', { reasonCode: 'major' }), input)).toEqual(other);
    expect(
      bulkTarget(cand('unqualified', { reasonCode: 'major' }), {
        outcome: 'unqualified',
        reasonCode: 'major',
      }),
    ).toEqual({ kind: 'same' });
    expect(bulkTarget(cand('qualified', { outcome: 'qualified' }), input)).toEqual({
      kind: 'refused',
      message: '已有核查结论「合格」，如需改变，须先由省级核查部门重新核查（R24）',
    });
  });
  it('R10: a pending candidate is decided one by one in the supplementary round; others not at all', () => {
    expect(bulkTarget(cand('pending'), input)).toEqual({
      kind: 'refused',
      message: '报考条件待核查的考生须在补充资格核查中逐一作结论（R10）',
    });
    expect(bulkTarget(cand('revoked'), input)).toEqual({
      kind: 'refused',
      message: '该考生当前状态为「已撤销」，不能作核查结论',
    });
    // a decision that no longer stands (a status it did not make) is no decision
    expect(bulkTarget(cand('verifying', { outcome: 'unqualified' }), input)).toEqual({ kind: 'decide' });
  });
});

describe('confirm (R7)', () => {
  const due = '2024-10-09T00:00:00+08:00';
  const before = new Date('2024-10-08T23:59:59+08:00');
  it('R7: a counted bulk decision is confirmed once, before the round-1 deadline; after it 409 with the deadline', () => {
    expect(() => checkConfirm({ status: 'ready' }, due, before)).not.toThrow();
    const late = refused(() => checkConfirm({ status: 'ready' }, due, new Date(due)));
    expect(late.code).toBe('DEADLINE_PASSED');
    expect(late.message).toBe(
      '首轮核查结果报送的截止时间为2024年10月8日 24:00（北京时间），已过期，不能再批量作核查结论（R7）',
    );
    expect(late.details).toEqual({ deadline: due, rule: 'R7' });
    // the deadline comes first, whatever the state
    expect(refused(() => checkConfirm({ status: 'done' }, due, new Date(due))).code).toBe('DEADLINE_PASSED');
    expect(refused(() => checkConfirm({ status: 'counting' }, due, before))).toMatchObject({
      code: 'CONFLICT',
      message: '仍在统计将处理的考生，请稍候再确认',
    });
    for (const status of ['running', 'done'] as const)
      expect(refused(() => checkConfirm({ status }, due, before))).toMatchObject({
        code: 'CONFLICT',
        message: '该批量核查已确认，不能再次确认',
      });
  });
});

describe('the record', () => {
  const bulk: BulkDecision = {
    bulkId: 'b1',
    examId: 'JZS1-2024',
    mode: 'list',
    decision: { outcome: 'unqualified', reasonCode: 'other', note: '说明' },
    rows: 12,
    by: { deptId: 'zjt', deptName: '住建厅', deptKind: 'provincialVerifier', username: 'zjt.verifier' },
    at: '2024-09-30T02:00:00.000Z',
    status: 'counting',
    willTouch: 3,
    alreadySo: 1,
    rejected: [{ row: 2, candidateNo: 'X', message: 'm' }],
    rejectedCount: 1,
    parts: 1,
    previewJobId: 'p1',
    done: 0,
    unchanged: 0,
    failed: 0,
    failures: [],
  };
  it('R1: shows its state and counts, never its parts, the username or the list; willTouch once counted', () => {
    const v = bulkView(bulk, false);
    expect(v).toEqual({
      bulkId: 'b1',
      examId: 'JZS1-2024',
      mode: 'list',
      outcome: 'unqualified',
      reasonCode: 'other',
      note: '说明',
      filter: null,
      rows: 12,
      by: { deptId: 'zjt', deptName: '住建厅' },
      at: bulk.at,
      status: 'counting',
      willTouch: null,
      alreadySo: 1,
      rejected: bulk.rejected,
      rejectedCount: 1,
      done: 0,
      unchanged: 0,
      failed: 0,
      failures: [],
      jobId: 'p1',
      confirmedAt: null,
      finishedAt: null,
    });
    const ready = bulkView(
      {
        ...bulk,
        status: 'ready',
        mode: 'filter',
        filter: { city: '4101' },
        rows: undefined,
        decision: { outcome: 'qualified' },
      },
      false,
    );
    expect(ready).toMatchObject({
      status: 'ready',
      willTouch: 3,
      filter: { city: '4101' },
      rows: null,
      reasonCode: null,
      note: null,
    });
    const running = { ...bulk, status: 'running' as const, jobId: 'j2', confirmedAt: 'c', finishedAt: 'f' };
    expect(bulkView(running, false)).toMatchObject({
      status: 'running',
      jobId: 'j2',
      confirmedAt: 'c',
      finishedAt: 'f',
    });
    // a job that failed for good shows as failed, unless the decisions were all made
    expect(bulkView(running, true).status).toBe('failed');
    expect(bulkView({ ...running, status: 'done' }, true).status).toBe('done');
  });
  it('keeps the first rejected rows in row order, at most MAX_BULK_REJECTED', () => {
    const r = (row: number) => ({ row, candidateNo: `N${row}`, message: 'm' });
    expect(keepRejected([r(5)], [r(2), r(9)])).toEqual([r(2), r(5), r(9)]);
    const many = Array.from({ length: MAX_BULK_REJECTED + 5 }, (_, i) => r(MAX_BULK_REJECTED + 5 - i));
    const kept = keepRejected([], many);
    expect(kept).toHaveLength(MAX_BULK_REJECTED);
    expect(kept[0]).toEqual(r(1));
    expect(kept.at(-1)).toEqual(r(MAX_BULK_REJECTED));
    expect(BULK_PAGE).toBe(100);
  });
});
