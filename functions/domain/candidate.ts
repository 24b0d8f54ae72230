/**
 * A passing candidate of one exam: who they are, the commitment checks (R2, N2), and where they are in
 * the lifecycle. The record is keyed by a pseudonymous person id so that keys never carry ID numbers.
 */
import type { Appeal } from './appeals.js';
import type { ReissueRequest } from './arrival.js';
import type { Booking } from './booking.js';
import type { CertificateRecord } from './certificates.js';
import type { CollectionRecord } from './collection.js';
import type { Decision, ReopenedDecision } from './decisions.js';
import { idNumberMessages, idNumberProblem, normalizeIdNumber } from './id-number.js';
import type { LifecycleFacts } from './lifecycle.js';
import { isHenanCity } from './regions.js';
import type { SupplementarySubmission } from './supplementary.js';
import type { OpenCaseRef } from './work.js';
import * as z from './zod.js';

/** N2: each online check returns passed / failed / manual check needed. */
export const onlineCheckResults = ['passed', 'failed', 'manual'] as const;
export type OnlineCheckResult = (typeof onlineCheckResults)[number];

/** R2: the three items compared online under the commitment system. */
export const commitmentItems = ['education', 'major', 'workYears'] as const;
export type CommitmentItem = (typeof commitmentItems)[number];

export const commitmentChecksSchema = z.object({
  education: z.enum(onlineCheckResults),
  major: z.enum(onlineCheckResults),
  workYears: z.enum(onlineCheckResults),
});
export type CommitmentChecks = z.infer<typeof commitmentChecksSchema>;

/** R2: items whose comparison did not pass, for which the candidate had to upload proof. */
export function itemsNeedingProof(checks: CommitmentChecks): CommitmentItem[] {
  return commitmentItems.filter((i) => checks[i] !== 'passed');
}

/** Lifecycle status (glossary of RULES.md); shown to people as words, never colour alone. */
export const candidateStatuses = [
  'verifying',
  'qualified',
  'unqualified',
  'pending',
  'forfeited',
  'revoked',
] as const;
export type CandidateStatus = (typeof candidateStatuses)[number];

export const idNumberSchema = z
  .pipe(z.string().check(z.maxLength(40, idNumberMessages.format)), z.transform(normalizeIdNumber))
  .check(
    z.superRefine((v, ctx) => {
      const p = idNumberProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: idNumberMessages[p] });
    }),
  );

export const chineseNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(2, '姓名至少2个字'),
    z.maxLength(30, '姓名过长'),
    z.regex(/^[\p{Script=Han}A-Za-z·．. ]+$/u, '姓名只能包含汉字、字母和间隔号'),
  );

export const mobileSchema = z.string().check(z.regex(/^1[3-9]\d{9}$/, '手机号应为11位数字，以1开头'));

/** What hr hands over per passing candidate (R5): the import row. */
export const candidateInputSchema = z.object({
  idNumber: idNumberSchema,
  name: chineseNameSchema,
  phone: mobileSchema,
  city: z.string().check(z.refine(isHenanCity, '所在城市应为河南省地市代码，如 4101（郑州市）')),
  commitment: z.optional(commitmentChecksSchema),
});
export type CandidateInput = z.infer<typeof candidateInputSchema>;

/** The stored candidate (without key attributes). */
export interface Candidate {
  personId: string;
  examId: string;
  examType: string;
  name: string;
  /** stored for the verifier and for login; never logged and never shown in public unmasked */
  idNumber: string;
  phone: string;
  city: string;
  commitment?: CommitmentChecks;
  /** from the passing list (functions/domain/imports.ts): the admission ticket number, employer, scores */
  candidateNo?: string;
  employer?: string;
  scores?: Record<string, number>;
  /** the import and row that last saw this record, and what it did: made it, changed it, or neither */
  importedFrom?: { importId: string; row: number; as: 'new' | 'update' | 'unchanged' };
  status: CandidateStatus;
  /** R23: drawn for an on-site check (functions/domain/spot-checks.ts) */
  spotCheck?: { drawId: string; at: string; deptName: string };
  /** where the candidate is in the lifecycle and what has happened (functions/domain/lifecycle.ts) */
  lifecycle?: LifecycleFacts;
  /** objections raised against the candidate during the notice (R6; functions/acts/objections.ts) */
  objectionCount?: number;
  /** R10: the supplementary verification submission (functions/domain/supplementary.ts), with when */
  supplementary?: SupplementarySubmission & { at: string };
  /** R11: the candidate's appeal (functions/domain/appeals.ts) and its decision */
  appeal?: Appeal;
  /** R22: the standing verification decision with its reason, and those reopened (R24; functions/domain/decisions.ts) */
  decision?: Decision;
  previousDecisions?: ReopenedDecision[];
  /** N1: the open revocation case, as the work queue needs it (functions/domain/work.ts) */
  openCase?: OpenCaseRef;
  /** R17, R14: the certificate issued to the candidate (functions/domain/certificates.ts) */
  certificate?: CertificateRecord;
  /** R18: the mail booking of the paper certificate (functions/domain/booking.ts) */
  booking?: Booking;
  /** 补发: the holder's request to reissue a lost paper certificate (functions/domain/arrival.ts) */
  reissue?: ReissueRequest;
  /** R19: how the certificate was collected on site (functions/domain/collection.ts) */
  collection?: CollectionRecord;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function newCandidate(
  input: CandidateInput,
  exam: { id: string; examType: string },
  personId: string,
  now: Date,
): Candidate {
  const at = now.toISOString();
  return {
    personId,
    examId: exam.id,
    examType: exam.examType,
    name: input.name,
    idNumber: input.idNumber,
    phone: input.phone,
    city: input.city,
    ...(input.commitment ? { commitment: input.commitment } : {}),
    status: 'verifying',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** The same person is the same person across exams: names compared without spaces. */
export const sameName = (a: string, b: string): boolean => a.replace(/\s/g, '') === b.replace(/\s/g, '');
