/** The revocation case's rules (R14, R15, N1) and its defence period on the legal calendar (T1, T2, T5). */
import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../../functions/domain/calendar.js';
import { DomainError } from '../../functions/domain/errors.js';
import {
  approvalSchema,
  approveCase,
  type CaseStaff,
  candidateView,
  caseDecisionSchema,
  caseIdOf,
  DEFAULT_DEFENCE,
  decideCase,
  decisionLetter,
  defenceOver,
  defencePeriod,
  defenceSchema,
  defenceSettingOf,
  defend,
  legalBasis,
  openCase,
  openCaseSchema,
  parseCaseId,
  proposalLetter,
  type RevocationCase,
  serveProposal,
  serveSchema,
  staffView,
  stageOf,
} from '../../functions/domain/revocations.js';

const cal = makeCalendar([
  {
    year: 2024,
    holidays: [
      '2024-10-01',
      '2024-10-02',
      '2024-10-03',
      '2024-10-04',
      '2024-10-05',
      '2024-10-06',
      '2024-10-07',
    ],
    workdays: ['2024-09-29', '2024-10-12'],
  },
]);
const A: CaseStaff = { username: 'zjt.verifier', deptId: 'zjt', deptName: '河南省住房和城乡建设厅' };
const B: CaseStaff = { username: 'zjt.reviewer', deptId: 'zjt', deptName: '河南省住房和城乡建设厅' };
const HR: CaseStaff = { username: 'hr.admin', deptId: 'hr', deptName: '河南省人力资源和社会保障厅' };
const PERSON = 'abcdefghijkmnpqrstu2';
const NO = '0000000000000000001';
const target = {
  caseId: caseIdOf('JZS1-2026', PERSON, NO),
  examId: 'JZS1-2026',
  personId: PERSON,
  examType: 'JZS1',
  city: '4101',
};
const T0 = new Date('2024-11-04T02:00:00Z'); // Monday 10:00 in China
const who = { name: '张三', examName: '2024年度一级建造师资格考试' };

const refused = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
};

const opened = (over: Partial<Parameters<typeof openCase>[0]> = {}) =>
  openCase({ facts: '伪造学历证书', ground: 'R15', articles: [10], ...over }, target, A, T0);
const served = (c = opened(), at = T0) => {
  const p = defencePeriod(cal, at);
  return serveProposal(
    c,
    A,
    (due) => proposalLetter(c, who, due, DEFAULT_DEFENCE, at),
    p,
    DEFAULT_DEFENCE,
    at,
  );
};
const ENDS_AT = '2024-11-12T00:00:00+08:00';
const END = new Date(ENDS_AT);
const before = new Date(END.getTime() - 1);

describe('the case (R14, R15)', () => {
  it('R15: a fraud case names the articles of 人社部令第31号 (sorted, once each) and whether it is referred to the judiciary', () => {
    const c = opened({ articles: [12, 10, 12], referredToJudiciary: true, evidence: '院校复函' });
    expect(c).toEqual({
      ...target,
      state: 'opened',
      ground: 'R15',
      articles: [10, 12],
      referredToJudiciary: true,
      facts: '伪造学历证书',
      evidence: '院校复函',
      openedAt: T0.toISOString(),
      openedBy: A,
      version: 1,
    });
    expect(opened().referredToJudiciary).toBe(false);
    expect('evidence' in opened()).toBe(false);
    const e = refused(() => opened({ articles: [] }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.fields?.[0]?.field).toBe('articles');
    expect(refused(() => opened({ articles: undefined })).details?.fields?.[0]?.field).toBe('articles');
  });

  it('R14: registration conditions not met takes no articles and no referral', () => {
    const c = opened({ ground: 'R14', articles: undefined });
    expect(c.articles).toEqual([]);
    expect(refused(() => opened({ ground: 'R14', articles: [10] })).details?.fields?.[0]?.field).toBe(
      'ground',
    );
    expect(refused(() => opened({ ground: 'R14', articles: [], referredToJudiciary: true })).code).toBe(
      'VALIDATION',
    );
    expect(opened({ ground: 'R14', articles: [], referredToJudiciary: false }).state).toBe('opened');
  });

  it('R14, R15: the input schema takes the two grounds, articles 10 and 12, and the text limits', () => {
    const ok = { facts: ' 事实 ', ground: 'R15', articles: [10, 12] };
    expect(openCaseSchema.parse(ok)).toEqual({ facts: '事实', ground: 'R15', articles: [10, 12] });
    expect(openCaseSchema.safeParse({ ...ok, ground: 'R16' }).success).toBe(false);
    expect(openCaseSchema.safeParse({ ...ok, articles: [11] }).success).toBe(false);
    expect(openCaseSchema.safeParse({ ...ok, articles: [10, 12, 10] }).success).toBe(false);
    expect(openCaseSchema.safeParse({ ...ok, facts: '  ' }).success).toBe(false);
    expect(openCaseSchema.safeParse({ ...ok, facts: 'x'.repeat(2000) }).success).toBe(true);
    expect(openCaseSchema.safeParse({ ...ok, facts: 'x'.repeat(2001) }).success).toBe(false);
    expect(openCaseSchema.safeParse({ ...ok, evidence: 'x'.repeat(2001) }).success).toBe(false);
    expect(openCaseSchema.safeParse({ ...ok, referredToJudiciary: 'yes' }).success).toBe(false);
    expect(openCaseSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });

  it('a case id names its exam, person and number, and nothing else is one', () => {
    expect(target.caseId).toBe(`JZS1-2026.${PERSON}.${NO}`);
    expect(parseCaseId(target.caseId)).toEqual({ examId: 'JZS1-2026', personId: PERSON, no: NO });
    for (const bad of [
      `x${target.caseId}`,
      `JZS1-2026.${PERSON}.${NO}x`,
      `JZS1-2026.${PERSON}`,
      `jzs1.${PERSON}.${NO}`,
    ])
      expect(parseCaseId(bad)).toBeNull();
  });

  it('R14, R15: the legal basis cites the notice, and for R15 the articles and any referral', () => {
    expect(legalBasis({ ground: 'R14', articles: [], referredToJudiciary: false })).toContain(
      '当次考试各科目成绩作废',
    );
    expect(legalBasis({ ground: 'R14', articles: [], referredToJudiciary: false })).not.toContain('第31号');
    const r15 = legalBasis({ ground: 'R15', articles: [10, 12], referredToJudiciary: true });
    expect(r15).toContain('人力资源社会保障部令第31号）第10条、第12条；涉嫌犯罪的，移送司法机关依法处理。');
    expect(legalBasis({ ground: 'R15', articles: [12], referredToJudiciary: false })).toMatch(/第12条。$/);
    expect(r15).toContain('豫人社函〔2024〕25号');
  });
});

describe('the defence period (N1, T1, T2, T5)', () => {
  it('T2, N1: 5 working days counted from the day after service, ending 24:00 China Standard Time', () => {
    expect(defencePeriod(cal, T0)).toEqual({
      due: '2024-11-11',
      endsAt: ENDS_AT,
      provisional: false,
    });
    // T1: served at 00:30 on Tuesday in China (Monday in UTC) counts from Wednesday
    expect(defencePeriod(cal, new Date('2024-11-04T16:30:00Z')).due).toBe('2024-11-12');
  });

  it('T2, T5: statutory holidays are skipped, an adjusted working day counts', () => {
    // Friday 27 Sep 2024: Sun 29 (adjusted working day), Mon 30, then 8, 9, 10 October
    expect(defencePeriod(cal, new Date('2024-09-27T02:00:00Z')).due).toBe('2024-10-10');
    expect(defencePeriod(cal, T0, { workingDays: 10, source: '考试公告' }).due).toBe('2024-11-18');
  });

  it('T3: a period in a year the calendar does not cover is provisional', () => {
    expect(defencePeriod(cal, new Date('2025-03-03T02:00:00Z'))).toMatchObject({
      due: '2025-03-10',
      provisional: true,
    });
  });

  it('N1: a period other than the default takes its source; never below 5 working days, at most 30', () => {
    expect(serveSchema.parse({})).toEqual({});
    expect(defenceSettingOf({})).toBe(DEFAULT_DEFENCE);
    expect(DEFAULT_DEFENCE.workingDays).toBe(5);
    expect(defenceSettingOf({ defenceWorkingDays: 7, defenceSource: '公告' })).toEqual({
      workingDays: 7,
      source: '公告',
    });
    expect(defenceSettingOf({ defenceWorkingDays: 7 })).toBe(DEFAULT_DEFENCE);
    expect(serveSchema.safeParse({ defenceWorkingDays: 5, defenceSource: 'a' }).success).toBe(true);
    expect(serveSchema.safeParse({ defenceWorkingDays: 30, defenceSource: 'a' }).success).toBe(true);
    expect(serveSchema.safeParse({ defenceWorkingDays: 4, defenceSource: 'a' }).success).toBe(false);
    expect(serveSchema.safeParse({ defenceWorkingDays: 31, defenceSource: 'a' }).success).toBe(false);
    expect(serveSchema.safeParse({ defenceWorkingDays: 5.5, defenceSource: 'a' }).success).toBe(false);
    const noSource = serveSchema.safeParse({ defenceWorkingDays: 6 });
    expect(noSource.error?.issues[0]?.path).toEqual(['defenceSource']);
    expect(serveSchema.safeParse({ defenceSource: 'x'.repeat(201) }).success).toBe(false);
  });
});

describe('serving, defence, decision, approval (N1)', () => {
  it('N1: serving records the period and its source, and the letter states decision, facts, reasons, basis and the right to be heard by its deadline', () => {
    const c = served();
    expect(c.state).toBe('proposed');
    expect(c.version).toBe(2);
    expect(c.proposal).toMatchObject({
      servedAt: T0.toISOString(),
      servedBy: A,
      defence: DEFAULT_DEFENCE,
      defenceDue: '2024-11-11',
      defenceEndsAt: ENDS_AT,
      provisional: false,
    });
    const l = c.proposal?.letter;
    expect(l?.title).toBe('撤销考试资格事先告知书');
    expect(l?.servedAt).toBe(T0.toISOString());
    expect(l?.sections.map((s) => s.heading)).toEqual([
      '当事人',
      '拟作出的决定',
      '事实',
      '理由',
      '法律依据',
      '陈述和申辩的权利',
    ]);
    expect(l?.sections[0]?.text).toBe('张三（2024年度一级建造师资格考试）');
    expect(l?.sections[1]?.text).toContain('2024年度一级建造师资格考试报名无效');
    expect(l?.sections[2]?.text).toBe('伪造学历证书');
    expect(l?.sections[3]?.text).toBe('经查，您在报考过程中提供虚假材料或有其他违纪违规行为。');
    expect(l?.sections[5]?.text).toContain('请于2024年11月11日 24:00（北京时间）前（送达之日起5个工作日内）');
    expect(served(opened({ ground: 'R14', articles: [] })).proposal?.letter.sections[3]?.text).toBe(
      '经查，您不符合该考试的报考条件。',
    );
  });

  it('N1: served once, by the department that opened the case', () => {
    expect(refused(() => served(served())).code).toBe('CONFLICT');
    const c = opened();
    const e = refused(() =>
      serveProposal(
        c,
        HR,
        () => ({ title: '', sections: [], servedAt: '' }),
        defencePeriod(cal, T0),
        DEFAULT_DEFENCE,
        T0,
      ),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('河南省住房和城乡建设厅');
  });

  it('N1: the stage shows the defence period over at its end instant, not a millisecond before', () => {
    const c = served();
    expect(defenceOver(c, before)).toBe(false);
    expect(defenceOver(c, END)).toBe(true);
    expect(defenceOver(opened(), END)).toBe(false);
    expect(stageOf(c, before)).toBe('proposed');
    expect(stageOf(c, END)).toBe('defencePeriodOver');
    expect(stageOf(defend(c, { waive: true }, before), END)).toBe('waived');
    expect(stageOf(opened(), END)).toBe('opened');
  });

  it('N1: the candidate answers once, within the period: a statement with materials, or a waiver', () => {
    const c = served();
    const d = defend(c, { statement: '证书真实', materialIds: ['abcdefghijkmnpqrstu-1'] }, before);
    expect(d).toMatchObject({
      state: 'defended',
      version: 3,
      defence: {
        at: before.toISOString(),
        waived: false,
        statement: '证书真实',
        materialIds: ['abcdefghijkmnpqrstu-1'],
      },
    });
    expect(defend(c, { statement: '无材料' }, T0).defence?.materialIds).toEqual([]);
    expect(defend(c, { waive: true }, T0).defence).toEqual({
      at: T0.toISOString(),
      waived: true,
      materialIds: [],
    });
    expect(defend(c, { waive: true }, T0).state).toBe('waived');
    expect(refused(() => defend(d, { waive: true }, T0)).message).toContain('只能提交一次');
    expect(refused(() => defend(opened(), { waive: true }, T0)).message).toContain('尚未送达');
  });

  it('T2, N1: a defence at the period’s end is refused with the deadline', () => {
    const e = refused(() => defend(served(), { waive: true }, END));
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.details).toEqual({ deadline: ENDS_AT, date: '2024-11-11' });
    expect(e.message).toContain('2024年11月11日 24:00（北京时间）');
  });

  it('N1: the defence schema takes a statement (≤ 2,000 characters) with up to 20 materials, or a waiver alone', () => {
    expect(defenceSchema.parse({ waive: true })).toEqual({ waive: true });
    expect(defenceSchema.safeParse({ waive: false }).success).toBe(false);
    expect(defenceSchema.safeParse({ waive: true, statement: 'x' }).error?.issues[0]?.path).toEqual([
      'waive',
    ]);
    expect(defenceSchema.safeParse({ waive: true, materialIds: ['abcdefghijkmnpqrstu-1'] }).success).toBe(
      false,
    );
    expect(defenceSchema.safeParse({ waive: true, materialIds: [] }).success).toBe(true);
    expect(defenceSchema.safeParse({}).error?.issues[0]?.path).toEqual(['statement']);
    expect(defenceSchema.safeParse({ statement: 'x'.repeat(2000) }).success).toBe(true);
    expect(defenceSchema.safeParse({ statement: 'x'.repeat(2001) }).success).toBe(false);
    expect(defenceSchema.safeParse({ statement: 'x', materialIds: ['../etc'] }).success).toBe(false);
    const ids = Array.from({ length: 21 }, (_, i) => `abcdefghijkmnpqrstu-${i}`);
    expect(defenceSchema.safeParse({ statement: 'x', materialIds: ids.slice(0, 20) }).success).toBe(true);
    expect(defenceSchema.safeParse({ statement: 'x', materialIds: ids }).success).toBe(false);
    expect(defenceSchema.safeParse({ statement: 'x', other: 1 }).success).toBe(false);
  });

  it('N1: no decision without a served proposal, nor before the period ends — even after a defence — unless waived', () => {
    const input = { outcome: 'revoke' as const, reasons: '属实' };
    expect(refused(() => decideCase(opened(), input, A, END)).message).toContain('尚未送达');
    const early = refused(() => decideCase(served(), input, A, before));
    expect(early.code).toBe('CONFLICT');
    expect(early.details).toEqual({ deadline: ENDS_AT, date: '2024-11-11' });
    const defended = defend(served(), { statement: '申辩' }, T0);
    expect(refused(() => decideCase(defended, input, A, before)).code).toBe('CONFLICT');
    expect(decideCase(defended, input, A, END).state).toBe('decided');
    const waived = defend(served(), { waive: true }, T0);
    const d = decideCase(waived, input, B, T0);
    expect(d).toMatchObject({
      state: 'decided',
      version: 4,
      decision: { outcome: 'revoke', reasons: '属实', at: T0.toISOString(), by: B },
    });
    expect(decideCase(served(), input, A, END).state).toBe('decided');
    expect(refused(() => decideCase(d, input, A, END)).message).toContain('已作出决定');
    expect(refused(() => decideCase(served(), input, HR, END)).code).toBe('FORBIDDEN');
  });

  it('N1: four eyes: a second staff member of the deciding department approves; the decider cannot, nor another department', () => {
    const d = decideCase(served(), { outcome: 'revoke', reasons: '属实' }, A, END);
    const letter = (x: NonNullable<RevocationCase['decision']>) => decisionLetter(d, who, x, END);
    expect(refused(() => approveCase(d, A, letter, END)).message).toContain('另一名工作人员');
    expect(refused(() => approveCase(d, A, letter, END)).code).toBe('FORBIDDEN');
    expect(refused(() => approveCase(d, HR, letter, END)).code).toBe('FORBIDDEN');
    expect(refused(() => approveCase(served(), B, letter, END)).code).toBe('CONFLICT');
    const a = approveCase(d, B, letter, END, '同意');
    expect(a).toMatchObject({
      state: 'approved',
      version: 4,
      approval: { at: END.toISOString(), by: B, note: '同意' },
    });
    expect(refused(() => approveCase(a, B, letter, END)).code).toBe('CONFLICT');
    expect('note' in (approveCase(d, B, letter, END).approval ?? {})).toBe(false);
    expect(approvalSchema.safeParse({ note: 'x'.repeat(2001) }).success).toBe(false);
    expect(approvalSchema.parse({})).toEqual({});
  });

  it('N1: the decision letter names the right to administrative review within 60 days or a lawsuit within 6 months', () => {
    const c = served();
    const revoke = decisionLetter(c, who, { outcome: 'revoke', reasons: '证书伪造属实' }, END);
    expect(revoke.title).toBe('撤销考试资格决定书');
    expect(revoke.servedAt).toBe(END.toISOString());
    expect(revoke.sections.map((s) => s.heading)).toEqual([
      '当事人',
      '决定',
      '事实',
      '理由',
      '法律依据',
      '救济途径',
    ]);
    expect(revoke.sections[1]?.text).toBe(
      '决定您2024年度一级建造师资格考试报名无效，所交费用不予退还，当次考试各科目成绩作废，已取得的证书或成绩证明作废。',
    );
    expect(revoke.sections[3]?.text).toBe('证书伪造属实');
    expect(revoke.sections[5]?.text).toContain('60日内依法申请行政复议');
    expect(revoke.sections[5]?.text).toContain('6个月内依法向人民法院提起行政诉讼');
    const close = decisionLetter(c, who, { outcome: 'close', reasons: '不属实' }, END);
    expect(close.title).toBe('不予撤销考试资格决定书');
    expect(close.sections.map((s) => s.heading)).toEqual(['当事人', '决定', '事实', '理由', '救济途径']);
    expect(close.sections[1]?.text).toContain('不予撤销');
    expect(caseDecisionSchema.safeParse({ outcome: 'revoke', reasons: '' }).success).toBe(false);
    expect(caseDecisionSchema.safeParse({ outcome: 'suspend', reasons: 'x' }).success).toBe(false);
  });

  it('N1: the candidate sees the stage, the letters served and the outcome once approved — not who opened it or the evidence', () => {
    const c = served(opened({ evidence: '内部' }));
    const v = candidateView(c, T0);
    expect(v).toEqual({
      caseId: target.caseId,
      examId: 'JZS1-2026',
      stage: 'proposed',
      ground: 'R15',
      articles: [10],
      defenceDue: '2024-11-11',
      defenceEndsAt: ENDS_AT,
      letters: [c.proposal?.letter],
    });
    expect(candidateView(opened(), T0)).toMatchObject({ stage: 'opened', letters: [] });
    const d = decideCase(c, { outcome: 'close', reasons: '不属实' }, A, END);
    expect('outcome' in candidateView(d, END)).toBe(false);
    const a = approveCase(d, B, (x) => decisionLetter(d, who, x, END), END);
    expect(candidateView(a, END)).toMatchObject({ outcome: 'close', stage: 'approved' });
    expect(candidateView(a, END).letters).toHaveLength(2);
    expect(candidateView(defend(c, { waive: true }, T0), T0).defence?.waived).toBe(true);
    expect(staffView(a, END)).toMatchObject({ evidence: '内部', openedBy: A, stage: 'approved' });
    expect(staffView(a, END).letters.map((l) => l.title)).toEqual([
      '撤销考试资格事先告知书',
      '不予撤销考试资格决定书',
    ]);
    expect(staffView(opened(), T0).letters).toEqual([]);
  });
});
