/** Shapes of the API's answers, as the pages read them (type-only imports: nothing enters the bundle). */
import type { CandidateStatus, CommitmentChecks } from '../functions/domain/candidate.js';
import type { DepartmentKind, StaffRole } from '../functions/domain/departments.js';
import type { CertificateKind } from '../functions/domain/exams.js';
import type { Channel, MessageStatus } from '../functions/domain/outbox.js';

export type { CandidateStatus, CertificateKind, StaffRole };

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
}

export interface CandidateView {
  personId: string;
  examId: string;
  examType: string;
  examTypeName: string;
  certificateKind: CertificateKind | null;
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
  city: string;
  cityName: string;
  commitment: CommitmentChecks | null;
  status: CandidateStatus;
  updatedAt: string;
  /** staff only */
  idNumber?: string;
  phone?: string;
}

export interface CandidateRecord extends CandidateView {
  exam: ExamSummary | null;
}

export interface CandidateMe {
  kind: 'candidate';
  personId: string;
  records: CandidateRecord[];
}

export interface ExamView extends ExamSummary {
  examTypeName: string;
  examTypeNameEn: string;
  organizer: string | null;
  certificateKind: CertificateKind | null;
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

export interface CodeSent {
  phoneMasked: string;
  expiresInSeconds: number;
}

export interface Announcement {
  id?: string;
  title: string;
  publishedAt?: string;
  url?: string;
}
