/**
 * The verification decision rules of the domain core (functions/domain/decisions.ts): the reasons and
 * the input rules (R22), the round a decision belongs to and the R7 deadline, one change for the same
 * decision twice, and the provincial verifier's reopening (R24) keeping the lifecycle consistent.
 */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import {
  type DecidedBy,
  type Decision,
  decide,
  decisionInputSchema,
  decisionRound,
  decisionView,
  NOTE_MAX,
  reasonCodes,
  reasonLabels,
  reopen,
  reopenInputSchema,
} from '../../functions/domain/decisions.js';
import type { DomainError } from '../../functions/domain/errors.js';
import type { Exam } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import {
  candidateDeadlines,
  initialFacts,
  type LifecycleFacts,
  onTimeout,
  phaseOf,
} from '../../functions/domain/lifecycle.js';
import { t } from '../../web/i18n.js';
import '../../web/console/messages.js';
import { setLang } from '../../web/i18n.js';

const cal = seedCalendar();
// scores released Monday 2024-09-23: R7 due 2024-10-08 24:00 (after 国庆)
const exam: Exam = {
  id: 'JZS1-2024',
  examType: 'JZS1',
  name: '一级建造师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
};
const DUE = '2024-10-09T00:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const before = at('2024-10-01T10:00:00');
const after = at('2024-10-09T08:00:00');

const municipal: DecidedBy = {
  deptId: 'zjt-4101',
  deptName: '郑州市城乡建设局',
  deptKind: 'municipalVerifier',
};
const province: DecidedBy = {
  deptId: 'zjt',
  deptName: '河南省住房和城乡建设厅',
  deptKind: 'provincialVerifier',
};
const association: DecidedBy = { deptId: 'jzxh', deptName: '河南省建筑业协会', deptKind: 'association' };

function cand(
  status: Candidate['status'],
  facts: Partial<LifecycleFacts> = {},
  more: Partial<Candidate> = {},
): Candidate {
  return {
    personId: 'abcdefghijkmnpqrstuv',
    examId: exam.id,
    examType: exam.examType,
    name: '王伟',
    idNumber: '410105199003079016',
    phone: '13900000001',
    city: '4101',
    status,
    lifecycle: { ...initialFacts(), ...facts },
    version: 3,
    createdAt: '2024-09-23T02:00:00.000Z',
    updatedAt: '2024-09-23T02:00:00.000Z',
    ...more,
  };
}
const deadlines = (c: Candidate) => candidateDeadlines(cal, exam, c);
const refused = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('not refused');
};
const issues = (schema: typeof decisionInputSchema | typeof reopenInputSchema, v: unknown) => {
  const r = schema.safeParse(v);
  if (r.success) throw new Error(`accepted: ${JSON.stringify(v)}`);
  return r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
};
const decided = (d: Partial<Decision> = {}): Decision => ({
  round: 'first',
  outcome: 'unqualified',
  reasonCode: 'education',
  note: '学历证书与学信网记录不符',
  by: municipal,
  at: '2024-09-30T02:00:00.000Z',
  ...d,
});

describe('decision input (R22)', () => {
  it('R22: the reasons are the six of the list, each with its Chinese label', () => {
    expect(reasonCodes).toEqual(['education', 'major', 'workYears', 'commitment', 'materials', 'other']);
    expect(Object.fromEntries(reasonCodes.map((r) => [r, reasonLabels[r].zh]))).toEqual({
      education: '学历不符',
      major: '专业不符',
      workYears: '工作年限不足',
      commitment: '未履行承诺',
      materials: '材料不实',
      other: '其他',
    });
  });

  it("R22: the console's reason labels are the domain's, in Chinese and in English", () => {
    for (const r of reasonCodes) {
      setLang('zh-CN');
      expect(t(`dec.reason.${r}`)).toBe(reasonLabels[r].zh);
      setLang('en');
      expect(t(`dec.reason.${r}`)).toBe(reasonLabels[r].en);
    }
    setLang('zh-CN');
  });

  it('R22: qualified needs no reason; a blank reason or note ("" or null, as a form sends them) is none', () => {
    expect(decisionInputSchema.parse({ outcome: 'qualified' })).toEqual({ outcome: 'qualified' });
    expect(decisionInputSchema.parse({ outcome: 'qualified', reasonCode: '', note: '' })).toEqual({
      outcome: 'qualified',
    });
    expect(decisionInputSchema.parse({ outcome: 'qualified', reasonCode: null, note: null })).toEqual({
      outcome: 'qualified',
    });
    expect(decisionInputSchema.parse({ outcome: 'qualified', note: '   ' }).note).toBeUndefined();
    expect(
      decisionInputSchema.parse({ outcome: 'unqualified', reasonCode: 'major', note: '  专业不对口 ' }),
    ).toEqual({ outcome: 'unqualified', reasonCode: 'major', note: '专业不对口' });
  });

  it('R22: unqualified without a reason is refused at reasonCode, naming the rule', () => {
    expect(issues(decisionInputSchema, { outcome: 'unqualified' })).toEqual([
      { field: 'reasonCode', message: '核查不合格须选择原因（R22）' },
    ]);
    expect(issues(decisionInputSchema, { outcome: 'unqualified', reasonCode: '' })).toEqual([
      { field: 'reasonCode', message: '核查不合格须选择原因（R22）' },
    ]);
  });

  it('R22: "other" needs a note (blank is none), with an unqualified or a qualified outcome', () => {
    for (const outcome of ['unqualified', 'qualified'])
      for (const note of [undefined, '', '  '])
        expect(issues(decisionInputSchema, { outcome, reasonCode: 'other', note })).toEqual([
          { field: 'note', message: '原因为“其他”时须填写说明' },
        ]);
    expect(
      decisionInputSchema.parse({ outcome: 'unqualified', reasonCode: 'other', note: '另有情形' }).note,
    ).toBe('另有情形');
  });

  it('R22: a note is at most 2,000 characters', () => {
    expect(NOTE_MAX).toBe(2000);
    const ok = decisionInputSchema.parse({ outcome: 'qualified', note: '核'.repeat(2000) });
    expect(ok.note).toHaveLength(2000);
    expect(issues(decisionInputSchema, { outcome: 'qualified', note: '核'.repeat(2001) })).toEqual([
      { field: 'note', message: '说明不能超过2000字' },
    ]);
    expect(issues(decisionInputSchema, { outcome: 'qualified', note: 7 })).toEqual([
      { field: 'note', message: '说明应为文字' },
    ]);
  });

  it('R22: an unknown reason or outcome, or a field the contract lacks, is refused at its field', () => {
    const [reason] = issues(decisionInputSchema, { outcome: 'unqualified', reasonCode: 'age' });
    expect(reason?.field).toBe('reasonCode');
    expect(reason?.message).toBe(
      '原因应为以下之一：education（学历不符）、major（专业不符）、workYears（工作年限不足）、commitment（未履行承诺）、materials（材料不实）、other（其他）',
    );
    expect(issues(decisionInputSchema, { outcome: 'passed' })).toEqual([
      { field: 'outcome', message: '请选择核查结论：qualified（合格）或 unqualified（不合格）' },
    ]);
    expect(issues(decisionInputSchema, { outcome: 'qualified', by: 'me' })[0]?.field).toBe('');
  });

  it('R24: a reopening needs a reason of at most 2,000 characters', () => {
    expect(reopenInputSchema.parse({ reason: ' 抽查发现材料存疑 ' })).toEqual({ reason: '抽查发现材料存疑' });
    expect(reopenInputSchema.parse({ reason: '核'.repeat(2000) }).reason).toHaveLength(2000);
    for (const v of [{}, { reason: '' }, { reason: '   ' }, { reason: 3 }])
      expect(issues(reopenInputSchema, v)).toEqual([{ field: 'reason', message: '请填写重新核查的理由' }]);
    expect(issues(reopenInputSchema, { reason: '核'.repeat(2001) })).toEqual([
      { field: 'reason', message: '理由不能超过2000字' },
    ]);
    expect(issues(reopenInputSchema, { reason: '理由', extra: 1 })[0]?.field).toBe('');
  });
});

describe('decisions (R3, R7, R22)', () => {
  it('R7, R22: a round-1 decision before the deadline makes the status, kept on the record with its reason and department', () => {
    const c = cand('verifying');
    const o = decide(
      c,
      exam,
      deadlines(c),
      { outcome: 'unqualified', reasonCode: 'education', note: '学历证书与学信网记录不符' },
      municipal,
      before,
    );
    expect(o?.candidate.status).toBe('unqualified');
    expect(o?.candidate.version).toBe(4);
    expect(o?.candidate.decision).toEqual({
      round: 'first',
      outcome: 'unqualified',
      reasonCode: 'education',
      note: '学历证书与学信网记录不符',
      by: municipal,
      at: before.toISOString(),
    });
    expect(o?.action).toBe('lifecycle.verified');
    expect(o?.notices).toEqual([]);
    // the audit details name the reason, never the note's words
    expect(o?.details).toEqual({
      round: 'first',
      outcome: 'unqualified',
      reasonCode: 'education',
      withNote: true,
      dept: 'zjt-4101',
      rule: 'R7, R22',
    });
    expect(JSON.stringify(o?.details)).not.toContain('学信网');
  });

  it('R22: a qualified decision without reason or note keeps neither', () => {
    const c = cand('verifying');
    const o = decide(c, exam, deadlines(c), { outcome: 'qualified' }, province, before);
    expect(o?.candidate.status).toBe('qualified');
    expect(o?.candidate.decision).toEqual({
      round: 'first',
      outcome: 'qualified',
      by: province,
      at: before.toISOString(),
    });
    expect(o?.details).toMatchObject({ reasonCode: null, withNote: false, dept: 'zjt' });
  });

  it('R7: a round-1 decision after the deadline is refused with the deadline in the message and the details', () => {
    const c = cand('verifying');
    const d = deadlines(c);
    expect(d.verificationDue).toBe(DUE);
    const e = refused(() => decide(c, exam, d, { outcome: 'qualified' }, municipal, after));
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.message).toContain('2024年10月8日 24:00（北京时间）');
    expect(e.details).toEqual({ deadline: DUE, rule: 'R7' });
    // the last instant before it is still in time
    expect(
      decide(c, exam, d, { outcome: 'qualified' }, municipal, new Date(Date.parse(DUE) - 1)),
    ).not.toBeNull();
  });

  it('R7, R10: a pending candidate who has not taken part in the supplementary round is refused with the R7 deadline', () => {
    const c = cand('pending');
    const d = deadlines(c);
    const e = refused(() => decide(c, exam, d, { outcome: 'qualified' }, municipal, after));
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.details).toEqual({ deadline: DUE, rule: 'R7' });
    expect(e.message).toContain('2024年10月8日 24:00（北京时间）');
    expect(e.message).toContain('R10');
    expect(refused(() => decisionRound(c, d)).code).toBe('DEADLINE_PASSED');
  });

  it('R10, R22: a pending candidate with a supplementary submission is decided in the supplementary round', () => {
    const c = cand('pending', { supplementaryJoinedAt: '2024-10-20T02:00:00.000Z' });
    const d = deadlines(c);
    expect(decisionRound(c, d)).toBe('supplementary');
    expect(decisionRound(cand('verifying'), d)).toBe('first');
    const now = at('2024-10-25T10:00:00');
    const o = decide(c, exam, d, { outcome: 'qualified' }, municipal, now);
    expect(o?.candidate.status).toBe('qualified');
    expect(o?.candidate.lifecycle?.round).toBe('supplementary');
    expect(o?.candidate.decision?.round).toBe('supplementary');
    expect(o?.action).toBe('lifecycle.supplementaryDecided');
    expect(o?.details).toMatchObject({ round: 'supplementary', rule: 'R10, R22' });
    // decided: the same again is one change; in this round it cannot be reopened (R24 is round 1's)
    const again = { ...(o?.candidate as Candidate) };
    expect(decide(again, exam, d, { outcome: 'qualified' }, municipal, now)).toBeNull();
    expect(refused(() => reopen(again, exam, d, '复查', province, now)).message).toBe(
      '该考生没有可重新核查的首轮核查结论',
    );
  });

  it('R3: a candidate in no open round is refused with the status in words', () => {
    // a supplementary submission opens a round only for a pending candidate
    const joined = cand('qualified', { supplementaryJoinedAt: '2024-10-20T02:00:00.000Z' });
    expect(refused(() => decisionRound(joined, deadlines(joined))).code).toBe('CONFLICT');
    const bare = { ...cand('verifying'), lifecycle: undefined };
    expect(decisionRound(bare, deadlines(bare))).toBe('first');
    expect(refused(() => decisionRound({ ...bare, status: 'pending' }, deadlines(bare))).code).toBe(
      'DEADLINE_PASSED',
    );
    for (const [status, words] of [
      ['qualified', '合格'],
      ['unqualified', '不合格'],
      ['forfeited', '已放弃'],
      ['revoked', '已撤销'],
    ] as const) {
      const c = cand(status, { resultNotifiedAt: '2024-10-10T02:00:00.000Z' });
      const e = refused(() => decide(c, exam, deadlines(c), { outcome: 'qualified' }, municipal, before));
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toBe(`该考生当前状态为「${words}」，不能作核查结论`);
    }
  });

  it('R22: the same decision twice is one change; a different one is refused until reopened (R24)', () => {
    const c = cand('verifying');
    const d = deadlines(c);
    const first = decide(c, exam, d, { outcome: 'unqualified', reasonCode: 'workYears' }, municipal, before)
      ?.candidate as Candidate;
    expect(
      decide(first, exam, d, { outcome: 'unqualified', reasonCode: 'workYears' }, province, before),
    ).toBeNull();
    // also after the deadline: nothing changes, nothing is refused
    expect(
      decide(first, exam, d, { outcome: 'unqualified', reasonCode: 'workYears' }, municipal, after),
    ).toBeNull();
    for (const other of [
      { outcome: 'qualified' as const },
      { outcome: 'unqualified' as const, reasonCode: 'major' as const },
      { outcome: 'unqualified' as const },
      // the same reason with the other outcome is another decision
      { outcome: 'qualified' as const, reasonCode: 'workYears' as const },
    ]) {
      const e = refused(() => decide(first, exam, d, other, municipal, before));
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toBe('该考生已有核查结论「不合格」，如需改变，须先由省级核查部门重新核查（R24）');
    }
  });

  it('R11: an appeal that changed the status leaves no standing verification decision', () => {
    const c = cand(
      'qualified',
      { round: 'appeal', resultNotifiedAt: '2024-10-10T02:00:00.000Z', appealDecision: 'upheld' },
      { decision: decided() },
    );
    expect(decisionView(c).decision).toBeNull();
    expect(refused(() => decide(c, exam, deadlines(c), decided(), municipal, before)).code).toBe('CONFLICT');
    // the outcome still matches but the lifecycle moved on to another round
    const moved = cand('unqualified', { round: 'supplementary' }, { decision: decided() });
    expect(decisionView(moved).decision).toBeNull();
  });
});

describe('reopening (R24)', () => {
  const decidedBy = (by: DecidedBy, facts: Partial<LifecycleFacts> = {}) =>
    cand('unqualified', facts, { decision: decided({ by }) });

  it('R24: the provincial verifier reopens a municipal decision before the deadline: verifying again, the decision kept', () => {
    const c = decidedBy(municipal);
    const d = deadlines(c);
    const o = reopen(c, exam, d, '抽查发现材料存疑', province, before);
    expect(o.candidate.status).toBe('verifying');
    expect('decision' in o.candidate).toBe(false);
    expect(o.candidate.previousDecisions).toEqual([
      { ...decided(), reopened: { at: before.toISOString(), by: province, reason: '抽查发现材料存疑' } },
    ]);
    expect(o.candidate.version).toBe(4);
    expect(o.candidate.updatedAt).toBe(before.toISOString());
    expect(o.action).toBe('lifecycle.reopened');
    expect(o.notices).toEqual([]);
    expect(o.details).toEqual({ round: 'first', from: 'unqualified', decidedBy: 'zjt-4101', rule: 'R24' });
    // the lifecycle waits for a decision again until R7's deadline, and makes the candidate pending after it
    expect(phaseOf(o.candidate, exam, d)).toEqual({ phase: 'verification', deadline: DUE, rule: 'R7' });
    expect(onTimeout(o.candidate, exam, d, after)?.candidate.status).toBe('pending');
    // …and it can be decided anew; a second reopening appends to the history
    const again = decide(o.candidate, exam, d, { outcome: 'qualified' }, municipal, before)
      ?.candidate as Candidate;
    expect(again.status).toBe('qualified');
    expect(decisionView(again).decision?.outcome).toBe('qualified');
    const twice = reopen(again, exam, d, '再次复查', province, before);
    expect(twice.candidate.previousDecisions?.map((p) => [p.outcome, p.reopened.reason])).toEqual([
      ['unqualified', '抽查发现材料存疑'],
      ['qualified', '再次复查'],
    ]);
  });

  it('R24: its own decision too, but not another provincial department’s (the association’s)', () => {
    // a record whose lifecycle facts are not stored yet is in round 1
    const bare = { ...decidedBy(municipal), lifecycle: undefined };
    expect(reopen(bare, exam, deadlines(bare), '复查', province, before).candidate.status).toBe('verifying');
    const own = decidedBy(province);
    expect(reopen(own, exam, deadlines(own), '更正', province, before).candidate.status).toBe('verifying');
    const other = decidedBy(association);
    const e = refused(() => reopen(other, exam, deadlines(other), '更正', province, before));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe('只能重新核查市级核查部门或本部门作出的结论（R24）');
    // the association reopens its own
    expect(reopen(other, exam, deadlines(other), '更正', association, before).candidate.status).toBe(
      'verifying',
    );
  });

  it('R7, R24: after the deadline (from its very instant) a reopening is refused with the deadline', () => {
    const c = decidedBy(municipal);
    const d = deadlines(c);
    for (const when of [after, new Date(DUE)]) {
      const e = refused(() => reopen(c, exam, d, '复查', province, when));
      expect(e.code).toBe('DEADLINE_PASSED');
      expect(e.details).toEqual({ deadline: DUE, rule: 'R7' });
      expect(e.message).toContain('2024年10月8日 24:00（北京时间）');
    }
    expect(reopen(c, exam, d, '复查', province, new Date(Date.parse(DUE) - 1)).candidate.status).toBe(
      'verifying',
    );
  });

  it('R9, R24: once the results are announced (to the exam or to the candidate) nothing is reopened', () => {
    const announced = { ...exam, resultsAnnouncedAt: '2024-10-05T02:00:00.000Z' };
    const c = decidedBy(municipal);
    const e = refused(() => reopen(c, announced, deadlines(c), '复查', province, before));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('核查结果已公告（R9），不能再重新核查');
    const told = decidedBy(municipal, { resultNotifiedAt: '2024-10-05T02:00:00.000Z' });
    expect(refused(() => reopen(told, exam, deadlines(told), '复查', province, before)).message).toBe(
      '核查结果已公告（R9），不能再重新核查',
    );
  });

  it('R24: a candidate without a standing round-1 decision has nothing to reopen', () => {
    for (const c of [cand('verifying'), cand('qualified'), cand('revoked', {}, { decision: decided() })]) {
      const e = refused(() => reopen(c, exam, deadlines(c), '复查', province, before));
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toBe('该考生没有可重新核查的首轮核查结论');
    }
  });

  it('R22: the view shows the standing decision with its reason label, and the reopened ones', () => {
    expect(decisionView(cand('verifying'))).toEqual({ decision: null, previousDecisions: [] });
    const c = decidedBy(municipal);
    expect(decisionView(c)).toEqual({
      decision: { ...decided(), reasonLabel: '学历不符' },
      previousDecisions: [],
    });
    const o = reopen(c, exam, deadlines(c), '复查', province, before).candidate;
    const q = decide(o, exam, deadlines(o), { outcome: 'qualified' }, province, before)
      ?.candidate as Candidate;
    const v = decisionView(q);
    expect(v.decision?.reasonLabel).toBeNull();
    expect(v.previousDecisions).toHaveLength(1);
    expect(v.previousDecisions[0]).toMatchObject({ reasonLabel: '学历不符', outcome: 'unqualified' });
  });
});

describe('R11 overdue supplementary decisions', () => {
  it('R11: a supplementary decision after supplementaryDue on a timely submission is accepted and flagged overdue', () => {
    const c = cand('pending', { supplementaryJoinedAt: '2024-10-20T02:00:00.000Z' });
    const d = deadlines(c);
    const late = new Date(Date.parse(d.supplementaryDue) + 1);
    const o = decide(c, exam, d, { outcome: 'qualified' }, province, late);
    expect(o?.candidate.status).toBe('qualified');
    expect(o?.candidate.decision).toMatchObject({ round: 'supplementary', overdue: true });
    expect(o?.details).toMatchObject({ round: 'supplementary', overdue: true, rule: 'R10, R11, R22' });
    // at the last instant before the deadline: in time, no flag
    const inTime = decide(
      c,
      exam,
      d,
      { outcome: 'qualified' },
      province,
      new Date(Date.parse(d.supplementaryDue) - 1),
    );
    expect(inTime?.candidate.decision?.overdue).toBeUndefined();
    expect(inTime?.details).not.toHaveProperty('overdue');
    expect(inTime?.details).toMatchObject({ rule: 'R10, R22' });
  });
  it('R11: a round-1 decision is never flagged overdue', () => {
    const c = cand('verifying');
    const o = decide(c, exam, deadlines(c), { outcome: 'qualified' }, province, before);
    expect(o?.candidate.decision?.overdue).toBeUndefined();
    expect(o?.details).toMatchObject({ rule: 'R7, R22' });
  });
});
