/** Shapes of the API's answers, as the pages read them (type-only imports: nothing enters the bundle). */

import type { Appeal } from '../functions/domain/appeals.js';
import type { ReissueRequest } from '../functions/domain/arrival.js';
import type { CandidateStatus, CommitmentChecks } from '../functions/domain/candidate.js';
import type { CertificateRecord } from '../functions/domain/certificates.js';
import type { PaperStatus } from '../functions/domain/collection.js';
import type { Decision, ReopenedDecision } from '../functions/domain/decisions.js';
import type { DepartmentKind, StaffRole } from '../functions/domain/departments.js';
import type { DeliveryView } from '../functions/domain/dispatch.js';
import type { CertificateKind } from '../functions/domain/exams.js';
import type { Phase } from '../functions/domain/lifecycle.js';
import type { Channel, MessageStatus } from '../functions/domain/outbox.js';
import type { ExamSchedule, ScheduleRule } from '../functions/domain/schedule.js';
import type { Todo } from '../functions/domain/views.js';
import type { WorkItem } from '../functions/domain/work.js';

export type { CandidateStatus, CertificateKind, ExamSchedule, Phase, ScheduleRule, StaffRole };

export interface Department {
  id: string;
  name: string;
  kind: DepartmentKind;
  city?: string;
}

export interface StaffLogin {
  token: string;
  expiresAt: string;
  profile: { username: string; role: StaffRole; department: Department };
}

/** The first sign-in of an account whose password hr set: a new one must be chosen (Cognito: NEW_PASSWORD_REQUIRED). */
export interface NewPasswordNeeded {
  challenge: 'newPassword';
  /** Cognito's session for the answer; none locally */
  session?: string;
}

/** AWS: an account with TOTP enrolled is asked for its authenticator app's current code (SOFTWARE_TOKEN_MFA). */
export interface TotpNeeded {
  challenge: 'totp';
  /** Cognito's session for the answer */
  session: string;
}

/**
 * AWS: an account without TOTP must enrol before the API accepts it: the secret to add to an
 * authenticator app (typed in, or through the `otpauth://` link), then its first code.
 */
export interface TotpEnrolment {
  challenge: 'enrolTotp';
  secret: string;
  /** `otpauth://totp/<issuer>:<username>?secret=…&issuer=…` */
  uri: string;
}

/** A step of the staff sign-in before the token: the first sign-in's new password, or TOTP (AWS). */
export type StaffStep = NewPasswordNeeded | TotpNeeded | TotpEnrolment;

export interface StaffMe {
  kind: 'staff';
  username: string;
  role: StaffRole;
  department: Department;
}

export interface ExamSummary {
  id: string;
  name: string;
  examType: string;
  year: number;
  examEnd: string;
  scoreRelease: string;
  /** R12: an earlier cut-off for supplementary submissions, with its reason */
  supplementaryCutoff?: { date: string; reason: string } | null;
}

export interface CandidateView {
  personId: string;
  examId: string;
  examType: string;
  examTypeName: string;
  certificateKind: CertificateKind | null;
  name: string;
  /** the admission ticket number from the passing list (R5), if it came from one */
  candidateNo?: string | null;
  idNumberMasked: string;
  phoneMasked: string;
  city: string;
  cityName: string;
  commitment: CommitmentChecks | null;
  status: CandidateStatus;
  /** R17, R14: the certificate issued, if any */
  certificate?: CertificateRecord | null;
  /** 补发: the holder's reissue request for a lost paper certificate */
  reissue?: ReissueRequest | null;
  updatedAt: string;
  /** where the candidate is in the lifecycle (absent from servers older than the lifecycle) */
  phase?: Phase;
  /** R19, R20: the on-site certificate's status (functions/domain/collection.ts paperStatusOf), when it has one */
  paperStatus?: PaperStatus | null;
  /** the deadline that applies in this phase (T4), or none */
  deadline?: CandidateDeadline | null;
  /** T3: computed on a calendar that does not cover every year involved yet */
  provisional?: boolean;
  /** staff only */
  idNumber?: string;
  phone?: string;
  employer?: string | null;
  scores?: Record<string, number> | null;
  spotCheck?: { drawId: string; at: string; deptName: string } | null;
  /** R6: objections raised during the notice (staff only) */
  objectionCount?: number;
  /** R22: the standing verification decision with its reason's label (staff only) */
  decision?: (Decision & { reasonLabel: string | null }) | null;
  /** R10: the supplementary verification submission (staff only) */
  supplementary?: { reference: string; materialIds: string[]; note?: string; at: string } | null;
  /** R11: the candidate's appeal and its decision with the reasons (the candidate and staff in scope) */
  appeal?: Appeal | null;
  /** R18, R19: the post of a booked paper certificate (tracking number, delivery state) */
  delivery?: DeliveryView | null;
  /** R12: the round that made the current status (a supplementary-round result is final for the year) */
  round?: 'first' | 'supplementary' | 'appeal';
  /** R10, R11, N1: the round-2 work on the candidate, each with its deadline (the work queue) */
  work?: WorkItem[];
  /** the one thing to do now (the portal) and the letters served (N1) */
  todo?: Todo;
  letters?: { caseId: string; title: string; servedAt: string }[];
  /** R24: decisions the provincial verifier reopened (staff only) */
  previousDecisions?: (ReopenedDecision & { reasonLabel: string | null })[];
}

/** An objection raised during the notice (R6), as staff who see the candidate read it. */
export interface ObjectionItem {
  objectionId: string;
  noticeId: string;
  candidateNo: string;
  facts: string;
  contact: string;
  name?: string;
  receivedAt: string;
  status: 'open';
  attachment: { type: 'pdf' | 'jpg' | 'png'; mime: string; bytes: number } | null;
}

export interface CandidateRecord extends CandidateView {
  exam: ExamSummary | null;
}

export interface CandidateMe {
  kind: 'candidate';
  personId: string;
  records: CandidateRecord[];
}

/** A candidate's current deadline: its last day, the instant it ends (T4) and the rule it comes from. */
export interface CandidateDeadline {
  date: string;
  endsAt: string;
  rule: string | null;
  /** T3, when the server says it of this deadline alone */
  provisional?: boolean;
  /** R12: why the exam closed supplementary submissions earlier than its supplementary deadline */
  reason?: string;
}

export interface ExamView extends ExamSummary {
  examTypeName: string;
  examTypeNameEn: string;
  organizer: string | null;
  certificateKind: CertificateKind | null;
}

/** GET /api/exams/{examId}: the exam with every deadline and the calendar years still missing (T3). */
export interface ExamDetail extends ExamView {
  schedule?: ExamSchedule;
  missingYears?: number[];
  /** R6: the notice's publication day, when it is not the day scores were released */
  noticePublished?: string;
  /** counts every change of the exam's dates or schedule settings (sent back with a correction) */
  version?: number;
  /** R9, R13, N3: when the exam-wide events were recorded (ISO), once they are */
  resultsAnnouncedAt?: string;
  supplementaryAnnouncedAt?: string;
  certificatesIssuedAt?: string;
  /** R17: what hr's issuance put on the certificates */
  certificateIssuance?: { issuedOn: string; issuer: string };
}

/** GET /api/calendar (T3). */
export interface CalendarOverview {
  covered: number[];
  missing: number[];
  years: CalendarYearSummary[];
}

export interface CalendarYearSummary {
  year: number;
  source?: string | null;
  holidays: number;
  workdays: number;
  /** from the built-in seed (chinese-days) rather than loaded by hr */
  seeded?: boolean;
  loadedAt?: string;
}

/** PUT /api/calendar/{year}: one year's arrangement as hr pastes it. */
export interface CalendarUpload {
  year: number;
  holidays: string[];
  workdays: string[];
  names?: Record<string, string>;
  source?: string;
}

export interface CalendarSaved {
  year: number;
  holidays: string[] | number;
  workdays: string[] | number;
  loadedAt?: string;
  /** the same arrangement was loaded already: nothing was written (T3) */
  unchanged?: boolean;
  /** the job that lets waiting lifecycles re-plan on the new calendar */
  replanJobId?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OutboxItem {
  id: string;
  channel: Channel;
  toMasked: string;
  template: string;
  text: string;
  status: MessageStatus;
  createdAt: string;
}

/** A started candidate sign-in: the attempt to answer with the code (the same whether or not on record). */
export interface CodeSent {
  attempt: string;
  expiresInSeconds: number;
}

export interface Announcement {
  id?: string;
  title: string;
  publishedAt?: string;
  url?: string;
}
