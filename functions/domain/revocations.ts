/**
 * Revocation with due process (R14, R15, N1): a case opened against one candidate moves through
 * opened → proposed (the proposed decision served: 事先告知) → defended | waived | the defence period
 * over (陈述申辩) → decided (revoke | close) → approved (four eyes). Pure: the acts
 * (functions/acts/revocations.ts) load, call these and write each step with its audit record.
 */
import { addWorkingDays, type HolidayCalendar, todayInChina } from './calendar.js';
import { DomainError, forbidden } from './errors.js';
import { MATERIAL_ID } from './materials.js';
import * as z from './zod.js';

/** R14: registration conditions not met; R15: false materials or other fraud (人社部令第31号). */
export const revocationGrounds = ['R14', 'R15'] as const;
export type RevocationGround = (typeof revocationGrounds)[number];

/** R15: the articles of 人社部令第31号 that false materials and other fraud are handled under. */
export const ORDER_31_ARTICLES = [10, 12] as const;

export const caseStates = ['opened', 'proposed', 'defended', 'waived', 'decided', 'approved'] as const;
export type CaseState = (typeof caseStates)[number];

export const caseOutcomes = ['revoke', 'close'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** N1: the period for a statement and defence, in working days on the legal calendar, and its source. */
export interface DefenceSetting {
  workingDays: number;
  source: string;
}

/** N1 default: 5 working days, counted from the day after service (T2, T5). */
export const DEFAULT_DEFENCE: DefenceSetting = {
  workingDays: 5,
  source: '默认：5个工作日（人社部令第31号第17条，N1）',
};

export const STATEMENT_MAX = 2000;
export const FACTS_MAX = 2000;

const text = (field: string, max: number) =>
  z
    .string({ error: `${field}不能为空` })
    .check(z.trim(), z.minLength(1, `${field}不能为空`), z.maxLength(max, `${field}不能超过${max}个字`));

export const openCaseSchema = z.strictObject({
  facts: text('事实', FACTS_MAX),
  ground: z.enum(revocationGrounds, {
    error: '依据应为 R14（不符合报考条件）或 R15（提供虚假材料或其他违纪违规行为）',
  }),
  articles: z.optional(
    z
      .array(
        z.union(
          ORDER_31_ARTICLES.map((a) => z.literal(a)),
          { error: '条款应为人社部令第31号第10条或第12条' },
        ),
      )
      .check(z.maxLength(ORDER_31_ARTICLES.length)),
  ),
  referredToJudiciary: z.optional(z.boolean({ error: '是否移送司法机关应为 true 或 false' })),
  evidence: z.optional(z.string().check(z.trim(), z.maxLength(FACTS_MAX, `证据不能超过${FACTS_MAX}个字`))),
});
export type OpenCaseInput = z.infer<typeof openCaseSchema>;

/** N1: `{ statement, materialIds }` or `{ waive: true }` — one object, so the form and the API document agree. */
export const defenceSchema = z
  .strictObject({
    waive: z.optional(z.literal(true, { error: '放弃陈述申辩应为 waive: true' })),
    statement: z.optional(text('陈述申辩', STATEMENT_MAX)),
    materialIds: z.optional(
      z
        .array(z.string().check(z.regex(MATERIAL_ID, '材料编号格式不正确')))
        .check(z.maxLength(20, '材料不能超过20份')),
    ),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.waive && (v.statement !== undefined || v.materialIds?.length))
        ctx.addIssue({ code: 'custom', path: ['waive'], message: '放弃陈述申辩时不能同时提交陈述或材料' });
      if (!v.waive && v.statement === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['statement'],
          message: '请填写陈述申辩意见，或选择放弃陈述申辩',
        });
    }),
  );
export type DefenceInput = z.infer<typeof defenceSchema>;

/** N1: serving, optionally with a defence period other than the default, and its source (recorded). */
export const serveSchema = z
  .strictObject({
    defenceWorkingDays: z.optional(
      z
        .number({ error: '陈述申辩期限应为工作日数' })
        .check(
          z.int('陈述申辩期限应为整数个工作日'),
          z.gte(DEFAULT_DEFENCE.workingDays, `陈述申辩期限不能少于${DEFAULT_DEFENCE.workingDays}个工作日`),
          z.lte(30, '陈述申辩期限不能超过30个工作日'),
        ),
    ),
    defenceSource: z.optional(
      z.string().check(z.trim(), z.minLength(1), z.maxLength(200, '依据不能超过200个字')),
    ),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.defenceWorkingDays !== undefined && !v.defenceSource)
        ctx.addIssue({
          code: 'custom',
          path: ['defenceSource'],
          message: '请写明陈述申辩期限的依据（如该考试的公告）',
        });
    }),
  );
export type ServeInput = z.infer<typeof serveSchema>;

/** The defence period a serving uses: the default, or the one given with its source. */
export const defenceSettingOf = (input: ServeInput): DefenceSetting =>
  input.defenceWorkingDays !== undefined && input.defenceSource
    ? { workingDays: input.defenceWorkingDays, source: input.defenceSource }
    : DEFAULT_DEFENCE;

/** N1: the approval, with an optional remark of the approver. */
export const approvalSchema = z.strictObject({
  note: z.optional(z.string().check(z.trim(), z.maxLength(FACTS_MAX, `审批意见不能超过${FACTS_MAX}个字`))),
});
export type ApprovalInput = z.infer<typeof approvalSchema>;

export const caseDecisionSchema = z.strictObject({
  outcome: z.enum(caseOutcomes, { error: '决定应为 revoke（撤销）或 close（不予撤销，结案）' }),
  reasons: text('理由', FACTS_MAX),
});
export type CaseDecisionInput = z.infer<typeof caseDecisionSchema>;

/** A staff member acting on a case: who, and of which department. */
export interface CaseStaff {
  username: string;
  deptId: string;
  deptName: string;
}

/** A letter served to the candidate (in the portal; printable on A4). */
export interface Letter {
  title: string;
  sections: { heading: string; text: string }[];
  servedAt: string;
}

export interface RevocationCase {
  caseId: string;
  examId: string;
  personId: string;
  examType: string;
  city: string;
  state: CaseState;
  ground: RevocationGround;
  articles: number[];
  referredToJudiciary: boolean;
  facts: string;
  evidence?: string;
  openedAt: string;
  openedBy: CaseStaff;
  proposal?: {
    servedAt: string;
    servedBy: CaseStaff;
    defence: DefenceSetting;
    /** the last day of the defence period (YYYY-MM-DD) and the instant it ends (T4) */
    defenceDue: string;
    defenceEndsAt: string;
    provisional: boolean;
    letter: Letter;
  };
  defence?: { at: string; waived: boolean; statement?: string; materialIds: string[] };
  decision?: { outcome: CaseOutcome; reasons: string; at: string; by: CaseStaff };
  approval?: { at: string; by: CaseStaff; letter: Letter; note?: string };
  version: number;
}

const CASE_ID = /^([A-Z0-9-]{3,40})\.([a-z2-9]{20})\.([a-z0-9]{19})$/;
export const caseIdPattern = CASE_ID;

/** A case id names its exam and person, so the case is read by its key (no scan). */
export const caseIdOf = (examId: string, personId: string, no: string): string =>
  `${examId}.${personId}.${no}`;

export function parseCaseId(caseId: string): { examId: string; personId: string; no: string } | null {
  const m = CASE_ID.exec(caseId);
  return m ? { examId: m[1] as string, personId: m[2] as string, no: m[3] as string } : null;
}

const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError('CONFLICT', message, details);
const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION', message, { fields: [{ field, message }] });

/** R14, R15: a new case with its ground; R15 names its articles, and whether it is referred to the judiciary. */
export function openCase(
  input: OpenCaseInput,
  target: { caseId: string; examId: string; personId: string; examType: string; city: string },
  by: CaseStaff,
  now: Date,
): RevocationCase {
  const articles = [...new Set(input.articles ?? [])].sort((a, b) => a - b);
  if (input.ground === 'R15' && articles.length === 0)
    throw invalid('articles', 'R15：请写明适用的人社部令第31号条款（第10条或第12条）');
  if (input.ground === 'R14' && (articles.length > 0 || input.referredToJudiciary))
    throw invalid('ground', 'R14（不符合报考条件）不适用人社部令第31号条款或移送司法机关；虚假材料请选 R15');
  return {
    ...target,
    state: 'opened',
    ground: input.ground,
    articles,
    referredToJudiciary: input.referredToJudiciary === true,
    facts: input.facts,
    ...(input.evidence ? { evidence: input.evidence } : {}),
    openedAt: now.toISOString(),
    openedBy: by,
    version: 1,
  };
}

/** The legal basis of a case, as the letters cite it. */
export function legalBasis(c: Pick<RevocationCase, 'ground' | 'articles' | 'referredToJudiciary'>): string {
  const notice =
    '《河南省人力资源和社会保障厅关于做好专业技术人员职业资格证书发放工作的通知》（豫人社函〔2024〕25号）';
  if (c.ground === 'R14')
    return `${notice}：不符合报考条件的，报名无效，所交费用不予退还，当次考试各科目成绩作废，已取得的证书或成绩证明作废。`;
  const arts = c.articles.map((a) => `第${a}条`).join('、');
  const judiciary = c.referredToJudiciary ? '；涉嫌犯罪的，移送司法机关依法处理' : '';
  return `${notice}；《专业技术人员资格考试违纪违规行为处理规定》（人力资源社会保障部令第31号）${arts}${judiciary}。`;
}

const groundText: Record<RevocationGround, string> = {
  R14: '经查，您不符合该考试的报考条件',
  R15: '经查，您在报考过程中提供虚假材料或有其他违纪违规行为',
};

/** The proposed revocation, as the letters say it. */
const proposedText = (examName: string) =>
  `拟认定您${examName}报名无效，所交费用不予退还，当次考试各科目成绩作废，已取得的证书或成绩证明作废。`;

/** N1: the defence period: `setting.workingDays` working days, counted from the day after service (T2, T5). */
export function defencePeriod(
  cal: HolidayCalendar,
  servedAt: Date,
  setting: DefenceSetting = DEFAULT_DEFENCE,
): { due: string; endsAt: string; provisional: boolean } {
  const d = addWorkingDays(cal, todayInChina(servedAt), setting.workingDays, { countStartDay: false });
  return { due: d.date, endsAt: d.endsAt, provisional: d.provisional };
}

const deadlineZh = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日 24:00（北京时间）`;
};

/** N1: the proposed decision letter (事先告知书): decision, facts, reasons, legal basis, the right to be heard. */
export function proposalLetter(
  c: RevocationCase,
  who: { name: string; examName: string },
  due: string,
  setting: DefenceSetting,
  servedAt: Date,
): Letter {
  return {
    title: '撤销考试资格事先告知书',
    servedAt: servedAt.toISOString(),
    sections: [
      { heading: '当事人', text: `${who.name}（${who.examName}）` },
      { heading: '拟作出的决定', text: proposedText(who.examName) },
      { heading: '事实', text: c.facts },
      { heading: '理由', text: `${groundText[c.ground]}。` },
      { heading: '法律依据', text: legalBasis(c) },
      {
        heading: '陈述和申辩的权利',
        text: `您有权进行陈述和申辩。请于${deadlineZh(due)}前（送达之日起${setting.workingDays}个工作日内）通过考生服务平台提交陈述申辩意见及证明材料，也可以放弃陈述申辩。逾期未提出的，视为放弃陈述申辩的权利。`,
      },
    ],
  };
}

/** N1: the decision letter: the decision, its reasons, and the right to administrative review or a lawsuit. */
export function decisionLetter(
  c: RevocationCase,
  who: { name: string; examName: string },
  decision: { outcome: CaseOutcome; reasons: string },
  servedAt: Date,
): Letter {
  const revoke = decision.outcome === 'revoke';
  return {
    title: revoke ? '撤销考试资格决定书' : '不予撤销考试资格决定书',
    servedAt: servedAt.toISOString(),
    sections: [
      { heading: '当事人', text: `${who.name}（${who.examName}）` },
      {
        heading: '决定',
        text: revoke
          ? `决定您${who.examName}报名无效，所交费用不予退还，当次考试各科目成绩作废，已取得的证书或成绩证明作废。`
          : '经审查，决定不予撤销您的考试资格，本案结案。您的考试资格和成绩不受影响。',
      },
      { heading: '事实', text: c.facts },
      { heading: '理由', text: decision.reasons },
      ...(revoke ? [{ heading: '法律依据', text: legalBasis(c) }] : []),
      {
        heading: '救济途径',
        text: '如不服本决定，可以自收到本决定书之日起60日内依法申请行政复议，或者自收到本决定书之日起6个月内依法向人民法院提起行政诉讼。',
      },
    ],
  };
}

/** N1: serve the proposed decision on an opened case, with its defence period. */
export function serveProposal(
  c: RevocationCase,
  by: CaseStaff,
  letterFor: (due: string) => Letter,
  period: { due: string; endsAt: string; provisional: boolean },
  setting: DefenceSetting,
  now: Date,
): RevocationCase {
  if (c.state !== 'opened') throw conflict('事先告知书已送达，不能重复送达');
  sameDept(c, by, '送达事先告知书');
  return {
    ...c,
    state: 'proposed',
    proposal: {
      servedAt: now.toISOString(),
      servedBy: by,
      defence: setting,
      defenceDue: period.due,
      defenceEndsAt: period.endsAt,
      provisional: period.provisional,
      letter: letterFor(period.due),
    },
    version: c.version + 1,
  };
}

/** Whether the defence period of a served case has ended. */
export const defenceOver = (c: RevocationCase, now: Date): boolean =>
  !!c.proposal && now.getTime() >= Date.parse(c.proposal.defenceEndsAt);

/** N1: the stage of a case as people see it: the defence period over is a stage of its own. */
export function stageOf(c: RevocationCase, now: Date): CaseState | 'defencePeriodOver' {
  return c.state === 'proposed' && defenceOver(c, now) ? 'defencePeriodOver' : c.state;
}

/** N1: the candidate answers once, within the period: a statement (with materials) or a waiver. */
export function defend(c: RevocationCase, input: DefenceInput, now: Date): RevocationCase {
  if (c.state === 'opened' || !c.proposal) throw conflict('事先告知书尚未送达，不能提交陈述申辩');
  if (c.state !== 'proposed') throw conflict('您已提交陈述申辩或已放弃，只能提交一次（N1）');
  if (defenceOver(c, now))
    throw new DomainError(
      'DEADLINE_PASSED',
      `陈述申辩期限已于${deadlineZh(c.proposal.defenceDue)}届满（N1）`,
      {
        deadline: c.proposal.defenceEndsAt,
        date: c.proposal.defenceDue,
      },
    );
  const waived = input.waive === true;
  return {
    ...c,
    state: waived ? 'waived' : 'defended',
    defence: waived
      ? { at: now.toISOString(), waived: true, materialIds: [] }
      : {
          at: now.toISOString(),
          waived: false,
          ...(input.statement === undefined ? {} : { statement: input.statement }),
          materialIds: input.materialIds ?? [],
        },
    version: c.version + 1,
  };
}

function sameDept(c: RevocationCase, by: CaseStaff, what: string): void {
  if (by.deptId !== c.openedBy.deptId)
    throw forbidden(`只有立案部门（${c.openedBy.deptName}）可以${what}（N1）`);
}

/**
 * N1: the decision, by the department that opened the case: only on a served proposal, and only once
 * the defence period has ended — unless the candidate waived it.
 */
export function decideCase(
  c: RevocationCase,
  input: CaseDecisionInput,
  by: CaseStaff,
  now: Date,
): RevocationCase {
  sameDept(c, by, '作出决定');
  if (!c.proposal || c.state === 'opened') throw conflict('事先告知书尚未送达，不能作出决定（N1）');
  if (c.state === 'decided' || c.state === 'approved') throw conflict('本案已作出决定');
  if (c.state !== 'waived' && !defenceOver(c, now))
    throw conflict(`陈述申辩期限尚未届满（${deadlineZh(c.proposal.defenceDue)}），不能作出决定（N1）`, {
      deadline: c.proposal.defenceEndsAt,
      date: c.proposal.defenceDue,
    });
  return {
    ...c,
    state: 'decided',
    decision: { outcome: input.outcome, reasons: input.reasons, at: now.toISOString(), by },
    version: c.version + 1,
  };
}

/** N1: four eyes: a second staff member of the deciding department approves; the letter is served. */
export function approveCase(
  c: RevocationCase,
  by: CaseStaff,
  letterFor: (d: NonNullable<RevocationCase['decision']>) => Letter,
  now: Date,
  note?: string,
): RevocationCase {
  if (c.state !== 'decided' || !c.decision) throw conflict('本案尚无待审批的决定');
  if (by.deptId !== c.decision.by.deptId)
    throw forbidden(`只有作出决定的部门（${c.decision.by.deptName}）可以审批（N1）`);
  if (by.username === c.decision.by.username)
    throw forbidden('决定须由作出决定者以外的另一名工作人员审批（N1，双人复核）');
  return {
    ...c,
    state: 'approved',
    approval: { at: now.toISOString(), by, letter: letterFor(c.decision), ...(note ? { note } : {}) },
    version: c.version + 1,
  };
}

/** The case as the candidate sees it: no staff usernames, no internal evidence notes. */
export function candidateView(c: RevocationCase, now: Date) {
  return {
    caseId: c.caseId,
    examId: c.examId,
    stage: stageOf(c, now),
    ground: c.ground,
    articles: c.articles,
    ...(c.proposal
      ? {
          defenceDue: c.proposal.defenceDue,
          defenceEndsAt: c.proposal.defenceEndsAt,
          letters: [c.proposal.letter, ...(c.approval ? [c.approval.letter] : [])],
        }
      : { letters: [] }),
    ...(c.defence ? { defence: c.defence } : {}),
    ...(c.approval && c.decision ? { outcome: c.decision.outcome } : {}),
  };
}

/** The case as staff see it: everything, with its stage and its letters in order. */
export function staffView(c: RevocationCase, now: Date) {
  return {
    ...c,
    stage: stageOf(c, now),
    letters: [...(c.proposal ? [c.proposal.letter] : []), ...(c.approval ? [c.approval.letter] : [])],
  };
}
