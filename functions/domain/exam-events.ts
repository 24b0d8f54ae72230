/**
 * Exam-wide events (R9 result announcement, R13 supplementary result announcement, R17 electronic
 * certificates issued; paper certificates arrive per batch, functions/domain/arrival.ts): the exam
 * field that records each, the lifecycle phase whose waiters it wakes, its rule and the staff act it
 * is (./departments.ts staffActs); and what the rules order about recording them.
 * Small on purpose: the console imports it too, so it shows what the server would refuse.
 */
import type { StaffAct } from './departments.js';
import { DomainError } from './errors.js';
import { certificateKind, type Exam, examType } from './exams.js';
import type { WaitPhase } from './lifecycle.js';

export const examEvents = {
  resultsAnnounced: { field: 'resultsAnnouncedAt', phase: 'results', rule: 'R9', act: 'exam.announce' },
  supplementaryAnnounced: {
    field: 'supplementaryAnnouncedAt',
    phase: 'supplementaryResults',
    rule: 'R13',
    act: 'exam.announce',
  },
  certificatesIssued: { field: 'certificatesIssuedAt', phase: 'issuance', rule: 'R17', act: 'eCert.issue' },
} as const satisfies Record<string, { field: keyof Exam; phase: WaitPhase; rule: string; act: StaffAct }>;
export type ExamEventKind = keyof typeof examEvents;
export const examEventKinds = Object.keys(examEvents) as [ExamEventKind, ...ExamEventKind[]];

/** R17: the issuing department named on an electronic certificate unless hr names another. */
export const DEFAULT_ISSUER = '河南省人力资源和社会保障厅';

/** Why an event cannot be recorded now, if it cannot. */
export type ExamEventBlock = 'resultsFirst' | 'paperOnly';

/**
 * Whether an exam-wide event may be recorded now. Recording one again is allowed (it finishes an
 * interrupted broadcast); what the rules order cannot be recorded out of order: the supplementary
 * result announcement (R13) follows the result announcement (R9), and only an exam with electronic
 * certificates (R17) has them issued.
 */
export function examEventBlock(
  exam: Pick<Exam, 'examType' | 'resultsAnnouncedAt'>,
  kind: ExamEventKind,
): ExamEventBlock | null {
  if ((kind === 'supplementaryAnnounced' || kind === 'certificatesIssued') && !exam.resultsAnnouncedAt)
    return 'resultsFirst';
  const t = examType(exam.examType);
  // R17: only an exam with electronic certificates has them issued by hr
  if (kind === 'certificatesIssued' && !(t && certificateKind(t) === 'electronic')) return 'paperOnly';
  return null;
}

const refusals: Record<ExamEventBlock, string> = {
  resultsFirst: '请先发布核查结果公告（R9），再发布补充资格核查结果公告（R13）或签发电子证书（R17）',
  paperOnly: '该考试颁发纸质证书，不签发电子证书（R16、R17）',
};

/** Refuses (409, naming the rule) an event the rules do not allow now. */
export function checkExamEvent(exam: Exam, kind: ExamEventKind): void {
  const block = examEventBlock(exam, kind);
  if (block) throw new DomainError('CONFLICT', refusals[block]);
}
