/**
 * R1: who verifies. `hr` supervises everything (R24); a provincial industry verifier acts on its whole
 * exam type; a municipal verifier only on candidates of its own city; for association-run exams, the
 * provincial association acts on its own exams.
 */
import * as z from 'zod';

export const departmentKinds = ['hr', 'provincialVerifier', 'municipalVerifier', 'association'] as const;
export type DepartmentKind = (typeof departmentKinds)[number];

export const departmentSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(departmentKinds),
  /** exam types this department verifies (empty for `hr`, which sees all) */
  examTypes: z.array(z.string()),
  /** city code for a municipal verifier */
  city: z.string().optional(),
});
export type Department = z.infer<typeof departmentSchema>;

/** The staff roles carried in tokens (Cognito groups). */
export const staffRoles = ['hr', 'verifier', 'association'] as const;
export type StaffRole = (typeof staffRoles)[number];

export function roleOf(kind: DepartmentKind): StaffRole {
  if (kind === 'hr') return 'hr';
  if (kind === 'association') return 'association';
  return 'verifier';
}

/** What a department may do with a candidate. */
export type Access = 'none' | 'read' | 'act';

export interface CandidateLocator {
  examType: string;
  city: string;
}

/** R1 + R24: the access a department has to one candidate of an exam. */
export function accessToCandidate(dept: Department, c: CandidateLocator): Access {
  switch (dept.kind) {
    case 'hr':
      return 'read'; // R24: hr supervises and reads all; verification acts belong to the verifiers
    case 'provincialVerifier':
    case 'association':
      return dept.examTypes.includes(c.examType) ? 'act' : 'none';
    case 'municipalVerifier':
      return dept.examTypes.includes(c.examType) && dept.city === c.city ? 'act' : 'none';
  }
}

/** R1: whether a department sees an exam at all (a municipal verifier sees its exam types, own city only). */
export function seesExamType(dept: Department, examType: string): boolean {
  return dept.kind === 'hr' || dept.examTypes.includes(examType);
}

/** The one city a department is limited to, if any (used to pick the query partition). */
export const cityScope = (dept: Department): string | undefined =>
  dept.kind === 'municipalVerifier' ? dept.city : undefined;

/** T3: the holiday calendar is data that hr updates each year. */
export const mayLoadCalendar = (dept: Department): boolean => dept.kind === 'hr';

/**
 * R9, R13: the provincial verifier (for association-run exams, the association) publishes the result
 * announcements; R16/N3: it also records that the certificates have arrived. Municipal verifiers and hr
 * do not (hr supervises, R24).
 */
export function mayRecordExamEvent(dept: Department, examType: string): boolean {
  return (
    (dept.kind === 'provincialVerifier' || dept.kind === 'association') && dept.examTypes.includes(examType)
  );
}

/**
 * R6, R8: the passing-score notice and the verification announcement are published jointly by hr and
 * the provincial verifier; either may set the exam's schedule (with the reason recorded).
 */
export function maySetSchedule(dept: Department, examType: string): boolean {
  return dept.kind === 'hr' || mayRecordExamEvent(dept, examType);
}

/** R24: the outbox (every message to every candidate) is hr's to supervise. */
export const maySeeOutbox = (role: StaffRole): boolean => role === 'hr';
