/**
 * R1: who verifies. `hr` supervises everything (R24); a provincial industry verifier acts on its whole
 * exam type; a municipal verifier only on candidates of its own city; for association-run exams, the
 * provincial association acts on its own exams.
 */
import { forbidden } from './errors.js';
import * as z from './zod.js';

export const departmentKinds = ['hr', 'provincialVerifier', 'municipalVerifier', 'association'] as const;
export type DepartmentKind = (typeof departmentKinds)[number];

export const departmentSchema = z
  .object({
    id: z.string().check(z.minLength(1)),
    name: z.string().check(z.minLength(1)),
    kind: z.enum(departmentKinds),
    /** exam types this department verifies (empty for `hr`, which sees all) */
    examTypes: z.array(z.string()),
    /** city code for a municipal verifier */
    city: z.optional(z.string()),
  })
  .check(
    z.refine((d) => d.kind !== 'municipalVerifier' || !!d.city, {
      path: ['city'],
      message: '市级核查部门须填写所在城市（R1）',
    }),
  );
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

/**
 * R1: the cities of an exam's work queue a department may list: a municipal verifier only its own
 * (asking for another is refused), everyone else the city asked for or all of them.
 */
export function queueCities(dept: Department, asked: string | undefined, all: readonly string[]): string[] {
  if (dept.kind === 'municipalVerifier') {
    // a municipal verifier without a city (a broken record) sees no city at all, never every city
    if (!dept.city || (asked && asked !== dept.city)) throw forbidden('只能查看本市考生（R1）');
    return [dept.city];
  }
  return asked ? [asked] : [...all];
}

/** Who reads a candidate record: the candidate themself, or a staff member of a department. */
export type Reader = { kind: 'candidate'; personId: string } | { kind: 'staff'; dept: Department };

/**
 * R1, R24: whether a reader may see one candidate record: the candidate only their own; staff whose
 * department has access to it. Anyone else is told the record does not exist (404), so existence
 * does not leak.
 */
export function mayReadCandidate(reader: Reader, c: CandidateLocator & { personId: string }): boolean {
  if (reader.kind === 'candidate') return reader.personId === c.personId;
  return accessToCandidate(reader.dept, c) !== 'none';
}

/** How far an act reaches: an exam type, one candidate (exam type and city), or nothing in particular. */
type ActScope = 'examType' | 'candidate' | 'none';

interface ActRule {
  /** the rules that give the act to these departments */
  rule: string;
  who: readonly DepartmentKind[];
  scope: ActScope;
}

const verifiers = ['provincialVerifier', 'municipalVerifier', 'association'] as const;
const provincial = ['provincialVerifier', 'association'] as const;

/**
 * Every act a staff member can perform, who may perform it and how far it reaches (R1, R24).
 * Verifiers act within their exam types, a municipal one only on candidates of its own city.
 * `hr` reads everything but acts only where a rule gives it the act — hand-over, the joint notice,
 * the calendar, exam and staff administration, e-certificate issuance, revocation cases, receiving
 * custody — and never decides a verification or an appeal.
 */
export const staffActs = {
  /** R5: hr hands the passing list and materials over to the provincial verifier */
  'passingList.handOver': { rule: 'R5', who: ['hr'], scope: 'examType' },
  /** R5, N2: the passing list is imported by hr or by the exam's provincial verifier (or association) */
  'passingList.import': { rule: 'R5, N2', who: ['hr', ...provincial], scope: 'examType' },
  /** R6: the passing-score notice is published jointly by hr and the provincial verifier */
  'notice.publish': { rule: 'R6', who: ['hr', ...provincial], scope: 'examType' },
  /** R6, R8, R11, R18, T5: departures from the notice's defaults, with the reason */
  'exam.setSchedule': { rule: 'R6, R8', who: ['hr', ...provincial], scope: 'examType' },
  'exam.administer': { rule: 'R1', who: ['hr'], scope: 'none' },
  'staff.administer': { rule: 'R1', who: ['hr'], scope: 'none' },
  /** T3: the holiday calendar is data hr updates each year */
  'calendar.load': { rule: 'T3', who: ['hr'], scope: 'none' },
  /** R9, R13: the provincial verifier (for association exams, the association) publishes the results */
  'exam.announce': { rule: 'R9, R13', who: provincial, scope: 'examType' },
  /** R16, N3: a batch of paper certificates arriving in a city — provincial, or a municipal verifier for its city */
  'certificates.recordArrival': { rule: 'R16, N3', who: verifiers, scope: 'candidate' },
  /** R1, R7, R22: a verification decision, by the verifier of the candidate's exam type (and city) */
  'candidate.verify': { rule: 'R1, R7, R22', who: verifiers, scope: 'candidate' },
  /** R23, R24: random spot checks and supervision of municipal verifiers, provincial level */
  'candidate.spotCheck': { rule: 'R23, R24', who: provincial, scope: 'examType' },
  /** R24: the provincial verifier supervises municipal ones: it reopens a round-1 decision before R7's deadline */
  'candidate.reopen': { rule: 'R24', who: provincial, scope: 'examType' },
  /** R10, R13: supplementary verification decisions */
  'candidate.decideSupplementary': { rule: 'R10, R13', who: verifiers, scope: 'candidate' },
  /** R10, R11: appeal decisions */
  'candidate.decideAppeal': { rule: 'R10, R11', who: verifiers, scope: 'candidate' },
  /** R14, N1: a revocation case (proposal, statement and defence, decision) */
  'candidate.revoke': { rule: 'R14, N1', who: ['hr', ...provincial], scope: 'candidate' },
  /** R17: hr issues the electronic certificates of a provincial joint exam */
  'eCert.issue': { rule: 'R17', who: ['hr'], scope: 'examType' },
  /** R16, R19: dispatch by mail, on-site collection — provincial, or provincial + municipal verifiers */
  'certificate.handOut': { rule: 'R16, R19', who: verifiers, scope: 'candidate' },
  /** R20: the provincial verifier registers unclaimed certificates and transfers them to hr */
  'custody.transfer': { rule: 'R20', who: provincial, scope: 'examType' },
  'custody.receive': { rule: 'R20', who: ['hr'], scope: 'none' },
  /** R24: every message to every candidate is hr's to supervise */
  'outbox.read': { rule: 'R24', who: ['hr'], scope: 'none' },
  /** R16, R19, R20, N3: the paper certificates' phases across exams and cities, and overdue batches (issue 13 §5) */
  'overview.read': { rule: 'R16, R19, R20, N3', who: ['hr'], scope: 'none' },
} as const satisfies Record<string, ActRule>;
export type StaffAct = keyof typeof staffActs;

/** What an act is performed on: an exam type, and for acts on one candidate, the candidate's city. */
export interface ActTarget {
  examType?: string;
  city?: string;
}

/** R1, R24: whether a department may perform an act on a target. */
export function mayAct(dept: Department, act: StaffAct, target: ActTarget = {}): boolean {
  const r: ActRule = staffActs[act];
  if (!r.who.includes(dept.kind)) return false;
  if (r.scope === 'none' || dept.kind === 'hr') return true;
  if (!target.examType || !dept.examTypes.includes(target.examType)) return false;
  if (r.scope === 'examType' || dept.kind !== 'municipalVerifier') return true;
  return !!target.city && target.city === dept.city;
}

/** Refuses (403, naming the rule) an act the department may not perform. */
export function authorize(dept: Department, act: StaffAct, target: ActTarget = {}): void {
  if (!mayAct(dept, act, target)) throw forbidden(`${dept.name}无权执行此操作（${staffActs[act].rule}）`);
}
