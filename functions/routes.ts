/**
 * The HTTP API, defined once: every route's method, path, handler, who may call it, the zod schemas of
 * its inputs, the tables it reads and writes, and what else its function is granted. The CDK stack makes
 * one route per entry and one Lambda function per handler module, serving that module's routes with
 * exactly the union of their grants (infra/constructs/api.ts); a new route needs no infra code. The
 * local server dispatches the same entries to the same handler modules; the OpenAPI document
 * (functions/openapi.ts, served at /api/openapi.json) is generated from it. Paths use API Gateway's
 * `{param}` syntax.
 */
import * as z from 'zod';
import type { TableId } from './data/tables.js';
import { appealDecisionInputSchema, appealInputSchema } from './domain/appeals.js';
import { MAX_BATCH_BYTES } from './domain/arrival.js';
import { bookingInputSchema } from './domain/booking-input.js';
import { bulkInputSchema } from './domain/bulk-decisions.js';
import { isIsoDate } from './domain/calendar.js';
import { candidateStatuses } from './domain/candidate.js';
import {
  CERTIFICATE_NUMBER_MAX,
  CHECK_LIMITS,
  CHECK_NAME_MAX,
  checkableCertificateNumber,
  normalizeCertificateNumber,
  SEAL_MAX_BYTES,
} from './domain/certificates.js';
import { collectionInputSchema, siteInputSchema, transferReceiptSchema } from './domain/collection.js';
import { decisionInputSchema, reopenInputSchema } from './domain/decisions.js';
import { MAX_POST_BYTES } from './domain/dispatch.js';
import { examInputSchema } from './domain/exams.js';
import { yearCalendarSchema } from './domain/holidays.js';
import { importFormats, MAX_INLINE_BYTES } from './domain/imports.js';
import { examEventKinds } from './domain/lifecycle.js';
import { candidateStartSchema, candidateVerifySchema } from './domain/login.js';
import { MATERIAL_ID, uploadInputSchema } from './domain/materials.js';
import { noticeInputSchema, objectionInputSchema } from './domain/notices.js';
import { MAX_ATTACHMENT_BYTES, OBJECTION_LIMITS } from './domain/objections.js';
import { queueSearchSchema } from './domain/queue.js';
import { isHenanCity } from './domain/regions.js';
import {
  approvalSchema,
  caseDecisionSchema,
  caseIdPattern,
  defenceSchema,
  openCaseSchema,
  serveSchema,
} from './domain/revocations.js';
import { scheduleOverridesSchema } from './domain/schedule.js';
import { SIGN_IN_LIMITS } from './domain/sign-in-limits.js';
import { candidateFilterSchema, spotDrawSchema } from './domain/spot-checks.js';
import { departmentInputSchema, staffAccountInputSchema, staffUpdateSchema } from './domain/staff.js';
import { supplementaryInputSchema } from './domain/supplementary.js';
import { workKinds } from './domain/work.js';

export type Access = 'public' | 'staff' | 'candidate' | 'any';

/**
 * The parts of the files store: `imports/` (an import's files, kept 30 days), `materials/` (kept),
 * `certificates/` (certificate PDFs rendered on first download, kept 90 days, then rendered again).
 */
export type FileArea = 'certificates' | 'imports' | 'materials' | 'objections' | 'reports' | 'seals' | 'work';

/**
 * What a route needs to do to lifecycle executions (its module's function gets the most any of its
 * routes needs): nothing; wake a waiting one
 * (SendTaskSuccess/Failure); or drive them (also start and stop executions). Long work that wakes or
 * starts executions for a whole exam is a job, run by the job worker, which has those grants instead.
 */
export type LifecyclePermission = 'none' | 'wake' | 'drive';

/** The handler modules under functions/handlers that serve HTTP routes. */
export type HandlerModule =
  | 'me'
  | 'exams'
  | 'candidates'
  | 'outbox'
  | 'calendar'
  | 'candidate-auth'
  | 'imports'
  | 'notices'
  | 'objections'
  | 'exam-events'
  | 'exam-schedule'
  | 'jobs'
  | 'exam-admin'
  | 'staff-admin'
  | 'materials'
  | 'spot-checks'
  | 'bulk-decisions'
  | 'reports'
  | 'revocations'
  | 'certificate-check'
  | 'certificates'
  | 'bookings'
  | 'certificate-batches'
  | 'collection'
  | 'dispatch'
  | 'openapi';

export interface RouteInput {
  path?: z.core.$ZodType;
  query?: z.core.$ZodType;
  body?: z.core.$ZodType;
  /** prefix of body field names in error details (e.g. `overrides` → `overrides.noticeDays`) */
  bodyField?: string;
  /** the body is a file, not JSON: its content types and the most bytes taken (and, for a form, its fields' schema) */
  raw?: { types: readonly string[]; maxBytes: number; fields?: z.core.$ZodType };
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** file under functions/handlers, without extension */
  module: HandlerModule;
  /** exported handler name in that module */
  exportName: string;
  /** one line for the API document */
  summary: string;
  /** who may call it: 'public' routes carry no authorizer */
  access: Access;
  input: RouteInput;
  reads: readonly TableId[];
  writes: readonly TableId[];
  /** true if it hashes ID numbers or login codes, or signs page cursors (functions/lib/ids.ts, cursor.ts) */
  personIdKey: boolean;
  lifecycle: LifecyclePermission;
  /** true if it starts long work (writes a job and announces it on the job queue) */
  startsJobs: boolean;
  /** true if it manages staff credentials (on AWS: the Cognito user pool's admin API) */
  staffDirectory?: true;
  /** true if it mints candidate tokens (on AWS: creates candidate users, admin custom-auth sign-in) */
  candidateTokens?: true;
  /** what it does with the files store (uploaded lists and what jobs make of them): read, or read and write */
  files?: 'read' | 'write';
  /** which parts of the files store (`files`): an import's own files (the default), or candidates' materials */
  fileAreas?: readonly FileArea[];
  /** true if it renders certificate PDFs (on AWS its function gets the font layer: infra/constructs/cert-font.ts) */
  certificatePdf?: true;
  /** this route's own rate (on AWS the API stage's route throttling), below the stage's */
  throttle?: { ratePerSecond: number; burst: number };
  /** true if it answers an HTML page, its refusals too (a 4xx page naming the field), not JSON */
  page?: true;
  /** the longest it may run, in seconds (15 unless said; its module's function gets its routes' longest) */
  timeoutSeconds?: number;
}

/** Shapes of path and query parameters, shared by the routes below. */
export const examIdPath = z.object({
  examId: z.string().regex(/^[A-Z0-9-]{3,40}$/, '考试编号格式不正确'),
});
export const candidatePath = examIdPath.extend({
  personId: z.string().regex(/^[a-z2-9]{20}$/, '考生编号格式不正确'),
});
const pageLimit = z.coerce.number().int().min(1).max(200).default(50);
const flagParam = (message: string) =>
  z
    .enum(['1', '0'], { error: message })
    .transform((v) => v === '1')
    .optional();
/** The work queue's filters (issue 9 §1): each unknown value a 400 naming `query.{name}`. */
/** R18: the console's booking counts, filtered by city. */
const bookingCountsQuery = z.object({
  city: z.string().max(6).refine(isHenanCity, '城市代码应为河南省地市代码，如 4101（郑州市）').optional(),
});

export const queueQuery = z.object({
  // a Henan city code: four digits (4101 郑州市), or six for the province-administered 济源市 (419001)
  city: z.string().max(6).refine(isHenanCity, '城市代码应为河南省地市代码，如 4101（郑州市）').optional(),
  status: z.enum(candidateStatuses).optional(),
  phase: candidateFilterSchema.shape.phase,
  /** N2: an online-check item and result, e.g. `education:failed`, `any:manual` */
  check: candidateFilterSchema.shape.check,
  due: z.enum(['today'], { error: '到期条件只能是 today（今日到期）' }).optional(),
  /** R23: drawn for a spot check */
  spot: flagParam('抽查条件应为 1（已抽查）或 0'),
  /** R6: with objections */
  objections: flagParam('异议条件应为 1（有异议）或 0'),
  /** a candidate number, a name, or the last 4–6 characters of an ID number */
  q: z.optional(queueSearchSchema),
  /** R10, R11, N1: the round-2 work — supplementary verification, appeal, revocation case */
  work: z
    .enum(workKinds, { error: '待办事项应为 supplementary（补充核查）、appeal（申辩）或 case（撤销案件）' })
    .optional(),
  limit: pageLimit,
  cursor: z.string().max(2000).optional(),
});
export const outboxQuery = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
  limit: pageLimit,
});
export const yearPath = z.object({
  year: z.coerce.number().int().min(2000, '年份应在2000–2100之间').max(2100, '年份应在2000–2100之间'),
});
export const schedulePreviewBody = z.object({
  exam: examInputSchema,
  /** the exam being edited, if any (its schedule settings apply) */
  examId: examIdPath.shape.examId.optional(),
});
export const usernamePath = z.object({
  username: z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/, '用户名格式不正确'),
});
export const importPath = examIdPath.extend({
  importId: z.string().regex(/^[a-z0-9]{19}$/, '导入编号格式不正确'),
});
/** The upload URL's content type (the PUT must send the same one); a CSV unless said otherwise. */
export const uploadUrlBody = z
  .object({
    contentType: z
      .enum(Object.keys(importFormats) as [string, ...string[]], {
        error:
          '文件类型应为 text/csv、application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 或 application/zip（材料压缩包）',
      })
      .default('text/csv'),
  })
  .strict();
export const noticeIdPath = z.object({
  noticeId: z.string().regex(/^[A-Z0-9-]{3,40}-N\d{1,3}$/, '公示编号格式不正确'),
});
export const objectionPath = candidatePath.extend({
  objectionId: z.string().regex(/^[a-z0-9]{19}$/, '异议编号格式不正确'),
});
/** An objection's body: JSON from a script, or the notice page's form without JavaScript (with its file). */
export const objectionBodyTypes = [
  'application/json',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
] as const;
/** The attachment plus the form's other fields and the multipart framing. */
export const OBJECTION_BODY_BYTES = MAX_ATTACHMENT_BYTES + 256 * 1024;
export const materialPath = candidatePath.extend({
  materialId: z.string().regex(MATERIAL_ID, '材料编号格式不正确'),
});
export const spotDrawPath = examIdPath.extend({
  drawId: z.string().regex(/^[a-z0-9]{19}$/, '抽查编号格式不正确'),
});
export const bulkPath = examIdPath.extend({
  bulkId: z.string().regex(/^[a-z0-9]{19}$/, '批量核查编号格式不正确'),
});
export const reportPath = examIdPath.extend({
  reportId: z.string().regex(/^[a-z0-9-]{3,60}$/, '报告编号格式不正确'),
});
/** R7, R13: making a report is confirmed. */
const reportConfirm = z
  .object({ confirm: z.literal(true, { error: '请确认生成并报送报告（confirm: true）' }) })
  .strict();
export const reportFilePath = reportPath.extend({
  file: z.enum(
    [
      'round1.csv',
      'round1.xlsx',
      'supplementary.csv',
      'supplementary.xlsx',
      'custody.csv',
      'custody.xlsx',
      'transfer.csv',
      'transfer.xlsx',
    ],
    {
      error: '文件应为 round1、supplementary、custody 或 transfer 的 .csv 或 .xlsx（与报告种类一致）',
    },
  ),
});
/** R19: an exam's collection site in a city. */
export const sitePath = examIdPath.extend({
  city: z.string().max(6).refine(isHenanCity, '城市代码应为河南省地市代码，如 4101（郑州市）'),
});
export const siteListQuery = z.object({ limit: pageLimit, cursor: z.string().max(2000).optional() });
export const jobIdPath = z.object({
  jobId: z.string().regex(/^[a-z0-9]{19}$/, '任务编号格式不正确'),
});
export const casePath = z.object({
  caseId: z.string().regex(caseIdPattern, '案件编号格式不正确'),
});
/** The id of an uploaded seal image: the first 16 hex digits of its SHA-256. */
export const SEAL_ID = /^[0-9a-f]{16}$/;
export const examEventBody = z.object({
  kind: z.enum(examEventKinds, {
    error:
      '事件应为 resultsAnnounced（核查结果公告）、supplementaryAnnounced（补充核查结果公告）或 certificatesIssued（签发电子证书）',
  }),
  /** R17, certificatesIssued only: the issue date (default today, T1) and the issuing department's name (default the caller's) */
  issuedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '签发日期格式应为 YYYY-MM-DD')
    .refine(isIsoDate, '请填写真实的签发日期')
    .optional(),
  issuer: z.string().trim().min(2, '签发单位名称至少2个字').max(60, '签发单位名称不超过60个字').optional(),
  /** R17, certificatesIssued only: the seal image uploaded before (postCertificateSeal's `seal`) */
  seal: z.string().regex(SEAL_ID, '印章编号格式不正确').optional(),
});

/** R25: the number asked about (spaces dropped, upper-cased), at most 40 of [A-Z0-9-], else a 400. */
export const certificateNumberPath = z.object({
  number: z
    .string()
    .transform(normalizeCertificateNumber)
    .refine(
      checkableCertificateNumber,
      `证书编号最多${CERTIFICATE_NUMBER_MAX}个字符，只能包含字母、数字和连字符`,
    ),
});
export const certificateCheckQuery = z.object({
  name: z
    .string({ error: '请填写持证人姓名' })
    .trim()
    .min(1, '请填写持证人姓名')
    .max(CHECK_NAME_MAX, `姓名不超过${CHECK_NAME_MAX}个字`),
  /** compared on the server, never stored or logged (N4) */
  idNumber: z.string().trim().min(1).max(30, '身份证号码格式不正确').optional(),
});

/**
 * R25: the check page's form without JavaScript (a plain GET): every field as typed, checked by the
 * handler itself so that even a bad one is answered with a page (400), not JSON.
 */
export const certificateCheckFormQuery = z.object({
  number: z.string().max(2000).optional(),
  name: z.string().max(2000).optional(),
  idNumber: z.string().max(2000).optional(),
});

/** R21: a reissue request: why (lost, damaged, …), optional. */
export const reissueRequestBody = z.object({
  reason: z.string().trim().max(200, '理由不超过200字').optional(),
});

/** N3: the city a batch of paper certificates arrived for (a municipal verifier: its own, if left out). */
export const certificateBatchQuery = z.object({
  city: z.string().refine(isHenanCity, '地市应为河南省地市代码（如 4101）').optional(),
});

/** R18, R19: China Post's manifest of one city (a municipal verifier: its own), or of every city. */
export const manifestBody = z.object({ city: certificateBatchQuery.shape.city }).strict();
export const manifestPath = examIdPath.extend({
  manifestId: z.string().regex(/^[a-z0-9]{19}$/, '交寄清单编号格式不正确'),
});
export const manifestFilePath = manifestPath.extend({
  file: z.enum(['manifest.csv', 'manifest.xlsx'], { error: '文件应为 manifest.csv 或 manifest.xlsx' }),
});

/** N3 补发: the reissued certificate's number and, if not today, its issue date. */
export const reissueBody = z.object({
  certificateNo: z
    .string()
    .transform(normalizeCertificateNumber)
    .refine(
      (n) => n.length >= 4 && checkableCertificateNumber(n),
      '证书编号应为4–40位大写字母、数字或连字符',
    ),
  issuedAt: z.string().refine(isIsoDate, '发证日期应为 YYYY-MM-DD').optional(),
});

export const api = {
  candidateSignInStart: {
    // the candidate sign-in's first step: always 202 with an attempt, on record or not
    method: 'POST',
    path: '/api/auth/candidate/start',
    module: 'candidate-auth',
    exportName: 'start',
    summary:
      'Candidate sign-in, step 1: ID number + name → an attempt; an SMS code goes only if the pair is on record (the answer is the same either way)',
    access: 'public',
    input: { body: candidateStartSchema },
    reads: ['candidates', 'auth'],
    writes: ['auth', 'outbox', 'audit'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    throttle: SIGN_IN_LIMITS.overall,
  },
  candidateSignInVerify: {
    method: 'POST',
    path: '/api/auth/candidate/verify',
    module: 'candidate-auth',
    exportName: 'verify',
    summary: "Candidate sign-in, step 2: the attempt and its SMS code → the candidate's token",
    access: 'public',
    input: { body: candidateVerifySchema },
    reads: ['auth'],
    writes: ['auth', 'audit'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    candidateTokens: true,
    throttle: SIGN_IN_LIMITS.overall,
  },
  openapi: {
    method: 'GET',
    path: '/api/openapi.json',
    module: 'openapi',
    exportName: 'getOpenApi',
    summary: 'This API described as OpenAPI 3.1',
    access: 'public',
    input: {},
    reads: [],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getMe: {
    method: 'GET',
    path: '/api/me',
    module: 'me',
    exportName: 'getMe',
    summary: "A candidate's records with phase and next deadline; a staff member's department",
    access: 'any',
    input: {},
    reads: ['candidates', 'catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  listExams: {
    method: 'GET',
    path: '/api/exams',
    module: 'exams',
    exportName: 'listExams',
    summary: "The exams the caller's department sees (R1)",
    access: 'staff',
    input: {},
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getExam: {
    method: 'GET',
    path: '/api/exams/{examId}',
    module: 'exams',
    exportName: 'getExam',
    summary: 'One exam with its schedule (every deadline with its rule) and missing calendar years (T3)',
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  listCandidates: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates',
    module: 'candidates',
    exportName: 'listCandidates',
    summary:
      "The work queue of an exam (R1, N2): filters city, status, phase, check, due=today, spot, objections, q, work (supplementary | appeal | case: R10, R11, N1); full pages in order of each candidate's next deadline, each with its round-2 work and that work's deadline; a signed cursor; the status counters, the work counters and today's deadlines of the caller's scope",
    access: 'staff',
    input: { path: examIdPath, query: queueQuery },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
  },
  getCandidate: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}',
    module: 'candidates',
    exportName: 'getCandidate',
    summary: 'One candidate: the candidate themself, or staff in scope (R1, R24)',
    access: 'any',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postDecision: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/decision',
    module: 'candidates',
    exportName: 'postDecision',
    summary:
      'R3, R7, R22: a verifier decides a candidate in scope (outcome, reasonCode, note) in the round their status gives (verifying → round 1, pending with a supplementary submission → supplementary) → the updated candidate; the same decision again changes nothing; after the R7 deadline 409 DEADLINE_PASSED',
    access: 'staff',
    input: { path: candidatePath, body: decisionInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postSupplementary: {
    method: 'POST',
    path: '/api/exams/{examId}/supplementary',
    module: 'candidates',
    exportName: 'postSupplementary',
    summary:
      'R10, R12: a pending candidate takes part in supplementary verification with materials of their own (materialIds) and a note, until supplementaryDue (later 409 DEADLINE_PASSED with the deadline; forfeited: refused quoting R12) → { reference, submittedAt, deadline, next }',
    access: 'any',
    input: { path: examIdPath, body: supplementaryInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postAppeal: {
    method: 'POST',
    path: '/api/exams/{examId}/appeal',
    module: 'candidates',
    exportName: 'postAppeal',
    summary:
      'R10, R11: a candidate found unqualified in round 1 files one appeal (statement ≤ 2,000 characters, materialIds of their own) until supplementaryDue (a second 409; later 409 DEADLINE_PASSED with the deadline; forfeited: refused quoting R12) → { reference, submittedAt, deadline, next }',
    access: 'any',
    input: { path: examIdPath, body: appealInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postAppealDecision: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/appeal-decision',
    module: 'candidates',
    exportName: 'postAppealDecision',
    summary:
      'R10, R11: a verifier in scope decides an appeal (outcome upheld | rejected, note: the reasons the candidate is told): upheld → qualified, the certificate path opens (R18 counts from the decision); rejected → the result stands; after supplementaryDue accepted and flagged overdue → the updated candidate',
    access: 'staff',
    input: { path: candidatePath, body: appealDecisionInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postReopen: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/reopen',
    module: 'candidates',
    exportName: 'postReopen',
    summary:
      "R24: the provincial verifier (or association) reopens a round-1 decision — a municipal verifier's or its own — with a reason, before the R7 deadline: the candidate is verifying again → the updated candidate",
    access: 'staff',
    input: { path: candidatePath, body: reopenInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  listOutbox: {
    method: 'GET',
    path: '/api/outbox',
    module: 'outbox',
    exportName: 'listOutbox',
    summary: "A day's messages, newest first; addresses masked, login codes hidden (hr, R24, N4)",
    access: 'staff',
    input: { query: outboxQuery },
    reads: ['outbox', 'catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getCalendar: {
    method: 'GET',
    path: '/api/calendar',
    module: 'calendar',
    exportName: 'getCalendar',
    summary: 'Holiday years covered and missing, and where each came from (T3)',
    access: 'staff',
    input: {},
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  putCalendarYear: {
    method: 'PUT',
    path: '/api/calendar/{year}',
    module: 'calendar',
    exportName: 'putCalendarYear',
    summary:
      "hr loads a year's statutory holidays and adjusted working days (T3); waiting lifecycles re-plan",
    access: 'staff',
    input: { path: yearPath, body: yearCalendarSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postExamEvent: {
    method: 'POST',
    path: '/api/exams/{examId}/events',
    module: 'exam-events',
    exportName: 'postExamEvent',
    summary:
      'Record an exam-wide event (R9, R13 announcements; N3 certificates arrived; R17 electronic certificates issued, with issuedOn and issuer) and reach every waiting candidate',
    access: 'staff',
    input: { path: examIdPath, body: examEventBody },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'read',
    fileAreas: ['seals'],
  },
  postCertificateSeal: {
    method: 'POST',
    path: '/api/exams/{examId}/certificate-seals',
    module: 'exam-events',
    exportName: 'postCertificateSeal',
    summary:
      "R17: hr gives the issuing department's seal for an exam's electronic certificates: the PNG as the body (image/png, ≤ 200 KB, 64–2000 px a side) → 201 { seal }, named in the issuance (certificatesIssued's `seal`); the PDFs then print it instead of the demo seal",
    access: 'staff',
    input: { path: examIdPath, raw: { types: ['image/png'], maxBytes: SEAL_MAX_BYTES } },
    reads: ['catalog'],
    writes: ['audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['seals'],
  },
  putExamSchedule: {
    method: 'PUT',
    path: '/api/exams/{examId}/schedule',
    module: 'exam-schedule',
    exportName: 'putExamSchedule',
    summary:
      "The exam's departures from the notice's defaults, with the reason (R6 minimum, R8, R11, R18, T5)",
    access: 'staff',
    input: { path: examIdPath, body: scheduleOverridesSchema, bodyField: 'overrides' },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  createExam: {
    method: 'POST',
    path: '/api/exams',
    module: 'exam-admin',
    exportName: 'createExam',
    summary: 'hr creates a sitting: type, name, year and dates; its id is {examType}-{year}[-n] (R1)',
    access: 'staff',
    input: { body: examInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  updateExam: {
    method: 'PUT',
    path: '/api/exams/{examId}',
    module: 'exam-admin',
    exportName: 'updateExam',
    summary:
      "hr corrects a sitting's name, and its dates until the result announcement (R9); waiting lifecycles re-plan",
    access: 'staff',
    input: { path: examIdPath, body: examInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  previewExamSchedule: {
    method: 'POST',
    path: '/api/exams/schedule-preview',
    module: 'exam-admin',
    exportName: 'previewExamSchedule',
    summary:
      'The schedule a sitting would have (every deadline with its rule), before hr saves it; writes nothing',
    access: 'staff',
    input: { body: schedulePreviewBody },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  listStaff: {
    method: 'GET',
    path: '/api/staff',
    module: 'staff-admin',
    exportName: 'listStaff',
    summary: 'Every department and staff account (hr, R1, R24)',
    access: 'staff',
    input: {},
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  createDepartment: {
    method: 'POST',
    path: '/api/departments',
    module: 'staff-admin',
    exportName: 'createDepartment',
    summary: 'hr creates a department: its kind, exam types and, for a municipal verifier, its city (R1)',
    access: 'staff',
    input: { body: departmentInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  createStaffAccount: {
    method: 'POST',
    path: '/api/staff',
    module: 'staff-admin',
    exportName: 'createStaffAccount',
    summary: 'hr creates a staff account in a department (its role follows from the department)',
    access: 'staff',
    input: { body: staffAccountInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    staffDirectory: true,
  },
  updateStaffAccount: {
    method: 'PUT',
    path: '/api/staff/{username}',
    module: 'staff-admin',
    exportName: 'updateStaffAccount',
    summary: 'hr moves a staff account to another department, or disables / enables it (at once)',
    access: 'staff',
    input: { path: usernamePath, body: staffUpdateSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    staffDirectory: true,
  },
  getJob: {
    method: 'GET',
    path: '/api/jobs/{jobId}',
    module: 'jobs',
    exportName: 'getJob',
    summary: "A job's progress: status, total / done / failed, the first errors (staff who see its exam)",
    access: 'staff',
    input: { path: jobIdPath },
    reads: ['jobs', 'catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postImport: {
    method: 'POST',
    path: '/api/exams/{examId}/imports',
    module: 'imports',
    exportName: 'postImport',
    summary:
      'R5, N2: hand over the passing list: the file as the body (text/csv UTF-8, or XLSX; up to 5 MB) → 202 with the import id; the rows are imported by a job. A ZIP (application/zip) of registration materials named {candidateNo}-….pdf|jpg|png is attached to the candidates the same way',
    access: 'staff',
    input: { path: examIdPath, raw: { types: Object.keys(importFormats), maxBytes: MAX_INLINE_BYTES } },
    reads: ['catalog'],
    writes: ['jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'write',
  },
  postUploadUrl: {
    method: 'POST',
    path: '/api/exams/{examId}/imports/upload-url',
    module: 'imports',
    exportName: 'postUploadUrl',
    summary:
      'R5: a list of any size, or a materials ZIP up to 1 GB: a URL (valid 15 minutes) to PUT the file to with this content type; its arrival starts the import → { importId, url }',
    access: 'staff',
    input: { path: examIdPath, body: uploadUrlBody },
    reads: ['catalog'],
    writes: ['jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
  },
  getImport: {
    method: 'GET',
    path: '/api/exams/{examId}/imports/{importId}',
    module: 'imports',
    exportName: 'getImport',
    summary:
      'An import: status (running, done, failed), total, imported, updated, unchanged, rejected, and the first 1,000 row errors',
    access: 'staff',
    input: { path: importPath },
    reads: ['catalog', 'jobs'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
  },
  getImportErrors: {
    method: 'GET',
    path: '/api/exams/{examId}/imports/{importId}/errors.csv',
    module: 'imports',
    exportName: 'getImportErrors',
    summary: 'Every row error of an import as CSV (row, field, message), as a spreadsheet opens it',
    access: 'staff',
    input: { path: importPath },
    reads: ['catalog', 'jobs'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
  },
  listMaterials: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/materials',
    module: 'materials',
    exportName: 'listMaterials',
    summary:
      "R5, R23: a candidate's materials for the exam (name, type, size, when, where from), for the candidate themself or staff who see the candidate (R1); anyone else 404",
    access: 'any',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getMaterial: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/materials/{materialId}',
    module: 'materials',
    exportName: 'getMaterial',
    summary:
      'R5, R23: one material, the file itself (PDF, JPEG or PNG, as a download), for the candidate themself or staff who see the candidate (R1); anyone else 404',
    access: 'any',
    input: { path: materialPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
    fileAreas: ['materials'],
  },
  postMaterialUploadUrl: {
    method: 'POST',
    path: '/api/exams/{examId}/materials/upload-url',
    module: 'materials',
    exportName: 'postMaterialUploadUrl',
    summary:
      'R23: the signed-in candidate, for their own record: a URL (valid 15 minutes) to PUT one PDF, JPEG or PNG (≤ 10 MB, ≤ 10 per exam) to; on arrival it is checked by content and recorded or refused → { materialId, url }',
    access: 'any',
    input: { path: examIdPath, body: uploadInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['materials'],
  },
  listOwnMaterials: {
    method: 'GET',
    path: '/api/exams/{examId}/materials',
    module: 'materials',
    exportName: 'listOwnMaterials',
    summary:
      "R23: the signed-in candidate's own materials for the exam (handed over and uploaded, to reuse by choosing them), the uploads refused and why, and the limits",
    access: 'any',
    input: { path: examIdPath, body: reissueRequestBody },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  putNotice: {
    method: 'PUT',
    path: '/api/exams/{examId}/notice',
    module: 'notices',
    exportName: 'putNotice',
    summary:
      "R6: the provincial verifier (or association) drafts the exam's joint public notice (until hr publishes it)",
    access: 'staff',
    input: { path: examIdPath, body: noticeInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postNoticePublish: {
    method: 'POST',
    path: '/api/exams/{examId}/notice/publish',
    module: 'notices',
    exportName: 'postNoticePublish',
    summary:
      'R6: hr confirms the draft: the notice is published jointly, both departments named; a job renders its public pages',
    access: 'staff',
    input: {
      path: examIdPath,
      body: z.object({ confirm: z.literal(true, { error: '请确认发布（confirm: true）' }) }).strict(),
    },
    reads: ['catalog'],
    writes: ['catalog', 'audit', 'jobs'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postBulkDecision: {
    method: 'POST',
    path: '/api/exams/{examId}/bulk-decisions',
    module: 'bulk-decisions',
    exportName: 'postBulkDecision',
    summary:
      "R1, R7, R22: preview a bulk decision — { outcome, reasonCode, note } and either `filter` (the work queue's) or `candidateNos` (a list, row 1 first) → 202, the bulk record counting; a job counts the verifying candidates it will touch (a list's unknown or out-of-scope numbers reported by row). Nothing is decided before the confirm",
    access: 'staff',
    input: { path: examIdPath, body: bulkInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  getBulkDecision: {
    method: 'GET',
    path: '/api/exams/{examId}/bulk-decisions/{bulkId}',
    module: 'bulk-decisions',
    exportName: 'getBulkDecision',
    summary:
      'A bulk decision: status (counting, ready, running, done, failed), willTouch, rejected rows { row, candidateNo, message }, done, unchanged, failed; for its own department (and hr)',
    access: 'staff',
    input: { path: bulkPath },
    reads: ['catalog', 'jobs'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postBulkConfirm: {
    method: 'POST',
    path: '/api/exams/{examId}/bulk-decisions/{bulkId}/confirm',
    module: 'bulk-decisions',
    exportName: 'postBulkConfirm',
    summary:
      'R7, R22: confirm a counted bulk decision (once) → 202; a job decides each candidate as the single decision does, each with its audit record, the lifecycle woken; after the R7 deadline 409 DEADLINE_PASSED with the deadline',
    access: 'staff',
    input: {
      path: bulkPath,
      body: z.object({ confirm: z.literal(true, { error: '请确认批量核查（confirm: true）' }) }).strict(),
    },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postSpotCheck: {
    method: 'POST',
    path: '/api/exams/{examId}/spot-checks',
    module: 'spot-checks',
    exportName: 'postSpotCheck',
    summary:
      'R23, R24: the provincial verifier (or association) draws N candidates from a filter with a recorded seed (the same seed and filter draw the same sample) → 202 { drawId, seed, jobId }; a job draws and marks them',
    access: 'staff',
    input: { path: examIdPath, body: spotDrawSchema },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  listSpotChecks: {
    method: 'GET',
    path: '/api/exams/{examId}/spot-checks',
    module: 'spot-checks',
    exportName: 'listSpotChecks',
    summary: "R23: an exam's spot-check draws, newest first: seed, filter, size, who drew it, its state",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getSpotCheck: {
    method: 'GET',
    path: '/api/exams/{examId}/spot-checks/{drawId}',
    module: 'spot-checks',
    exportName: 'getSpotCheck',
    summary:
      "R23: one draw and its sample (candidate number, name, masked ID number, city, status); a city's verifier sees its own city's",
    access: 'staff',
    input: { path: spotDrawPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRound1Report: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/round1',
    module: 'reports',
    exportName: 'postRound1Report',
    summary:
      'R7: make the round-1 report for hr now (counts by city × result and the list, CSV and XLSX) → 202 { reportId, jobId }; the schedule makes one by itself when round 1 is due',
    access: 'staff',
    input: { path: examIdPath, body: reportConfirm },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postSupplementaryReport: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/supplementary',
    module: 'reports',
    exportName: 'postSupplementaryReport',
    summary:
      'R13: make the supplementary report for hr now (by city: pending at its start, took part, qualified, unqualified, forfeited, decided overdue (R11); and the list, CSV and XLSX) → 202 { reportId, jobId }; the schedule makes one by itself once supplementaryDue has passed',
    access: 'staff',
    input: { path: examIdPath, body: reportConfirm },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  listReports: {
    method: 'GET',
    path: '/api/exams/{examId}/reports',
    module: 'reports',
    exportName: 'listReports',
    summary:
      "R7, R13: an exam's reports (kind round1 | supplementary), newest first, with their counts (hr, the provincial verifier or association)",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getReport: {
    method: 'GET',
    path: '/api/exams/{examId}/reports/{reportId}',
    module: 'reports',
    exportName: 'getReport',
    summary: 'R7, R13: one report: its kind, its counts by city, when and for which deadline it was made',
    access: 'staff',
    input: { path: reportPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getReportFile: {
    method: 'GET',
    path: '/api/exams/{examId}/reports/{reportId}/{file}',
    module: 'reports',
    exportName: 'getReportFile',
    summary:
      "R7, R13: one report's list as a download: {kind}.csv (UTF-8 with BOM) or {kind}.xlsx — round1.* for a round-1 report, supplementary.* for a supplementary one (another kind's: 404)",
    access: 'staff',
    input: { path: reportFilePath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
    fileAreas: ['reports'],
  },
  getNotice: {
    method: 'GET',
    path: '/api/exams/{examId}/notice',
    module: 'notices',
    exportName: 'getNotice',
    summary: "The exam's joint public notice: its text, status, period and the departments that signed it",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postObjection: {
    method: 'POST',
    path: '/api/public/notices/{noticeId}/objections',
    module: 'objections',
    exportName: 'postObjection',
    summary:
      'R6: an objection to a candidate on the published notice, during its period (candidateNo, facts, contact, name?; a form may attach a PDF/JPG/PNG ≤ 10 MB as `attachment`) → 201 { objectionId, receivedAt }; a form post gets an HTML page; limited per client and overall',
    access: 'public',
    input: {
      path: noticeIdPath,
      raw: { types: objectionBodyTypes, maxBytes: OBJECTION_BODY_BYTES, fields: objectionInputSchema },
    },
    reads: ['catalog', 'candidates', 'auth'],
    writes: ['candidates', 'catalog', 'auth', 'audit'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['objections'],
    throttle: OBJECTION_LIMITS.overall,
  },
  listObjections: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/objections',
    module: 'objections',
    exportName: 'listObjections',
    summary:
      "R6: the objections raised against a candidate during the notice, with the objector's contact (staff in scope, R1)",
    access: 'staff',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getCandidateTimeline: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/timeline',
    module: 'candidates',
    exportName: 'getCandidateTimeline',
    summary:
      "A candidate's timeline, newest first: { items: [{ at, action, actorDept, actorKind, from, to, reason }], more } — the acting department, never a username (the candidate themself, or staff in scope: R1, N4)",
    access: 'any',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates', 'audit'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getObjectionAttachment: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/objections/{objectionId}/attachment',
    module: 'objections',
    exportName: 'getObjectionAttachment',
    summary: "An objection's attached document (PDF, JPG or PNG), for staff who see the candidate (R1)",
    access: 'staff',
    input: { path: objectionPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
    fileAreas: ['objections'],
  },
  postRevocation: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/revocations',
    module: 'revocations',
    exportName: 'postRevocation',
    summary:
      'R14, R15, N1: hr or a provincial verifier in scope opens a revocation case at any time — { facts, ground (R14|R15), articles? (人社部令第31号 10, 12; required for R15), referredToJudiciary?, evidence? } → { caseId }',
    access: 'staff',
    input: { path: candidatePath, body: openCaseSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getRevocation: {
    method: 'GET',
    path: '/api/revocations/{caseId}',
    module: 'revocations',
    exportName: 'getRevocation',
    summary:
      'N1: a revocation case with its stage and letters, for its parties: the candidate themself, staff in scope; others 404',
    access: 'any',
    input: { path: casePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRevocationProposal: {
    method: 'POST',
    path: '/api/revocations/{caseId}/proposal',
    module: 'revocations',
    exportName: 'postProposal',
    summary:
      'N1: serve the proposed decision (事先告知): the letter in the portal and an SMS in one transaction; the defence period: 5 working days from the day after service, or { defenceWorkingDays (≥ 5), defenceSource } → the case',
    access: 'staff',
    input: { path: casePath, body: serveSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRevocationDefence: {
    method: 'POST',
    path: '/api/revocations/{caseId}/defence',
    module: 'revocations',
    exportName: 'postDefence',
    summary:
      'N1: the candidate answers once within the period — { statement, materialIds } (their own materials) or { waive: true }; after the period 409 DEADLINE_PASSED with the deadline',
    access: 'candidate',
    input: { path: casePath, body: defenceSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRevocationDecision: {
    method: 'POST',
    path: '/api/revocations/{caseId}/decision',
    module: 'revocations',
    exportName: 'postDecision',
    summary:
      "N1: the proposer's department decides { outcome: revoke|close, reasons } on a served proposal once the defence period has ended (or was waived); before it 409 with the period's end",
    access: 'staff',
    input: { path: casePath, body: caseDecisionSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postRevocationApproval: {
    method: 'POST',
    path: '/api/revocations/{caseId}/approval',
    module: 'revocations',
    exportName: 'postApproval',
    summary:
      'N1, R14: a second staff member of the deciding department approves ({ note? }; the decider cannot: 403); the decision letter is served (portal + SMS); revoke → status revoked, the reason, ground and articles in the audit record, the lifecycle stopped; close → nothing else changes',
    access: 'staff',
    input: { path: casePath, body: approvalSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'drive',
    startsJobs: false,
  },
  listExamJobs: {
    method: 'GET',
    path: '/api/exams/{examId}/jobs',
    module: 'jobs',
    exportName: 'listExamJobs',
    summary: "An exam's recent jobs, newest first, so long work can be left and returned to",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['jobs', 'catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getCertificateCheck: {
    method: 'GET',
    path: '/api/public/certificates/{number}',
    module: 'certificate-check',
    exportName: 'getCertificateCheck',
    summary:
      'R25, R14: the public certificate check — number + name (+ idNumber, compared only) → { status: valid|revoked|replaced, kind, exam, issuedAt, revokedAt?, signed?, idNumberMatches? } or { status: not_found } (a wrong name too); limited per client and overall',
    access: 'public',
    input: { path: certificateNumberPath, query: certificateCheckQuery },
    reads: ['candidates', 'auth'],
    writes: ['auth'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    throttle: CHECK_LIMITS.overall,
  },
  getCertificateCheckPage: {
    method: 'GET',
    path: '/api/public/certificate-check',
    module: 'certificate-check',
    exportName: 'getCertificateCheckPage',
    summary:
      'R25, R14: the check page’s form without JavaScript — number + name (+ idNumber, compared only) → the same check as an HTML page (valid | revoked with its date | replaced | not found; a bad field 400 naming it); limited as the JSON check',
    access: 'public',
    input: { query: certificateCheckFormQuery },
    page: true,
    reads: ['candidates', 'auth'],
    writes: ['auth'],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
    throttle: CHECK_LIMITS.overall,
  },
  postReissueRequest: {
    method: 'POST',
    path: '/api/exams/{examId}/reissue-requests',
    module: 'certificate-batches',
    exportName: 'postReissueRequest',
    summary:
      'R21, N3: the holder asks for their certificate to be reissued (补发) — an electronic certificate is never reissued on paper: 409 quoting R21, nothing written; a valid paper certificate reported lost: the request is recorded for staff',
    access: 'candidate',
    input: { path: examIdPath, body: reissueRequestBody },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postCertificateBatch: {
    method: 'POST',
    path: '/api/exams/{examId}/certificate-batches',
    module: 'certificate-batches',
    exportName: 'postCertificateBatch',
    summary:
      'N3, R16: a batch of paper certificates arrived in a city: the list (text/csv UTF-8: candidateNo, certificateNo[, issuedAt]; up to 1 MB, 5,000 rows) as the body → 202 with the batch and its distribution deadline (10 working days); any wrong row refuses the whole list (400, details.rows by row), nothing written; the certificates are given by a job',
    access: 'staff',
    input: {
      path: examIdPath,
      query: certificateBatchQuery,
      raw: { types: ['text/csv'], maxBytes: MAX_BATCH_BYTES },
    },
    reads: ['catalog', 'candidates'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'write',
  },
  getCertificateBatches: {
    method: 'GET',
    path: '/api/exams/{examId}/certificate-batches',
    module: 'certificate-batches',
    exportName: 'getCertificateBatches',
    summary:
      "N3: the exam's recorded batches (a municipal verifier's: its city's), each with its distribution deadline and whether it is overdue, and the holders' reissue requests (补发)",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postReissue: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/reissue',
    module: 'certificate-batches',
    exportName: 'postReissue',
    summary:
      "N3 补发: staff record the reissued paper certificate of a holder who asked for one: the new number is the holder's certificate, marked reissued; the old number reads `replaced` in the public check",
    access: 'staff',
    input: { path: candidatePath, body: reissueBody },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postManifest: {
    method: 'POST',
    path: '/api/exams/{examId}/manifests',
    module: 'dispatch',
    exportName: 'postManifest',
    summary:
      "R18, R19, N3: export China Post's manifest (交寄清单) of one city ({ city }; a municipal verifier: its own) or of every city ({}) → 202 { manifest, jobId }: a job lists every booked candidate whose paper certificate has arrived and is not yet dispatched (收件人, 电话, 省, 市, 区县, 详细地址, 邮编, 内件 = certificate number, 到付, reference) and locks their bookings; exporting again lists them again, locking none twice",
    access: 'staff',
    input: { path: examIdPath, body: manifestBody },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  getManifests: {
    method: 'GET',
    path: '/api/exams/{examId}/manifests',
    module: 'dispatch',
    exportName: 'getManifests',
    summary:
      "R18: the exam's manifests, newest first (a municipal verifier: its city's), each with its status and row count",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getManifestFile: {
    method: 'GET',
    path: '/api/exams/{examId}/manifests/{manifestId}/{file}',
    module: 'dispatch',
    exportName: 'getManifestFile',
    summary:
      'R18: a manifest as a download, manifest.csv (UTF-8 with BOM) or manifest.xlsx, once its job is done (before: 409)',
    access: 'staff',
    input: { path: manifestFilePath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'read',
    fileAreas: ['reports'],
  },
  postTrackingNumbers: {
    method: 'POST',
    path: '/api/exams/{examId}/tracking-numbers',
    module: 'dispatch',
    exportName: 'postTrackingNumbers',
    summary:
      "R18: China Post's tracking numbers (text/csv UTF-8: reference, trackingNo; up to 1 MB, 5,000 rows) → 202 { jobId, count, unknown }: a wrong header, a bad cell or a reference twice refuses the whole file (400, details.rows by row), nothing written; references no manifest of this exam listed are reported by row (`unknown`) and the rest applied by a job — each candidate is sent an SMS with the number and sees it in the portal",
    access: 'staff',
    input: { path: examIdPath, raw: { types: ['text/csv'], maxBytes: MAX_POST_BYTES } },
    reads: ['catalog'],
    writes: ['jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'write',
  },
  postDeliveryResults: {
    method: 'POST',
    path: '/api/exams/{examId}/delivery-results',
    module: 'dispatch',
    exportName: 'postDeliveryResults',
    summary:
      "R19: China Post's delivery results (text/csv UTF-8: reference, result = delivered | failed, reason (a failure's), at = YYYY-MM-DD or an ISO instant) → 202 { jobId, count, unknown }, checked as the tracking file; delivered → done; failed → a second attempt (the candidate is told; the booking returns to the next manifest); failed twice → on site (R19), told by SMS",
    access: 'staff',
    input: { path: examIdPath, raw: { types: ['text/csv'], maxBytes: MAX_POST_BYTES } },
    reads: ['catalog'],
    writes: ['jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
    files: 'write',
  },
  getOwnCertificatePdf: {
    method: 'GET',
    path: '/api/exams/{examId}/certificate.pdf',
    module: 'certificates',
    exportName: 'getOwnCertificatePdf',
    summary:
      "R17: the signed-in holder's own electronic certificate (valid or revoked) as a PDF download, rendered on the first download and kept; no certificate: 404",
    access: 'candidate',
    input: { path: examIdPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['certificates', 'seals'],
    certificatePdf: true,
  },
  getCandidateCertificatePdf: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/certificate.pdf',
    module: 'certificates',
    exportName: 'getCandidateCertificatePdf',
    summary:
      "R17, R1: a candidate's electronic certificate (valid or revoked) as a PDF download, for staff who see the candidate; anyone else or no certificate: 404",
    access: 'staff',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['certificates', 'seals'],
    certificatePdf: true,
  },
  getBooking: {
    method: 'GET',
    path: '/api/exams/{examId}/booking',
    module: 'bookings',
    exportName: 'getBooking',
    summary:
      "R18: the signed-in candidate's mail booking → { booking (reference, recipient, phone, districtCode with provinceName, cityName, districtName, street, postcode, codAcknowledged, bookedAt, changedAt?, lockedAt: null until locked) | null, window { opensAt, closesAt, closes, open } | null, cod (the usual postage on delivery), next }",
    access: 'candidate',
    input: { path: examIdPath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  putBooking: {
    method: 'PUT',
    path: '/api/exams/{examId}/booking',
    module: 'bookings',
    exportName: 'putBookingRoute',
    summary:
      'R18: book mail delivery of the paper certificate, or change the address — { recipient, phone, phoneConfirm, districtCode (a six-digit county code anywhere in China), street, postcode (six digits), codAcknowledged: true } → the booking as GET answers it; the same submission again (two tabs, 200 at once) is one booking; from the qualifying announcement until bookingCloses (after: 409 DEADLINE_PASSED with the deadline); after the lock for dispatch 409; an SMS confirms',
    access: 'candidate',
    input: { path: examIdPath, body: bookingInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  deleteBooking: {
    method: 'DELETE',
    path: '/api/exams/{examId}/booking',
    module: 'bookings',
    exportName: 'deleteBooking',
    summary:
      'R18, R19: cancel the mail booking until bookingCloses (after: 409 DEADLINE_PASSED with the deadline) and before the lock (after: 409); booking again is open inside the window; no booking: nothing to do → the answer as GET',
    access: 'candidate',
    input: { path: examIdPath },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: false,
    lifecycle: 'wake',
    startsJobs: false,
  },
  listBookingCounts: {
    method: 'GET',
    path: '/api/exams/{examId}/bookings',
    module: 'bookings',
    exportName: 'listBookingCounts',
    summary:
      "R18: an exam's mail bookings per city in the caller's scope (filter city) → { cities: [{ city, cityName, booked, changed, cancelled, locked }], total }, from the counters kept with each change",
    access: 'staff',
    input: { path: examIdPath, query: bookingCountsQuery },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  putCollectionSite: {
    method: 'PUT',
    path: '/api/exams/{examId}/collection-sites/{city}',
    module: 'collection',
    exportName: 'putCollectionSite',
    summary:
      "R19: the exam's collection site in a city — name, address, dates (opensOn–closesOn), hours, what to bring — set by the verifier of the city or the province",
    access: 'staff',
    input: { path: sitePath, body: siteInputSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  listCollectionSites: {
    method: 'GET',
    path: '/api/exams/{examId}/collection-sites',
    module: 'collection',
    exportName: 'listCollectionSites',
    summary: "R19: the exam's collection sites in the cities the caller sees (a municipal verifier: its own)",
    access: 'staff',
    input: { path: examIdPath },
    reads: ['catalog'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  listSiteCandidates: {
    method: 'GET',
    path: '/api/exams/{examId}/collection-sites/{city}/candidates',
    module: 'collection',
    exportName: 'listSiteCandidates',
    summary:
      "R19: the candidates to collect at the city's site (on site, not collected), a page at a time, for the printable A4 list (ID numbers masked)",
    access: 'staff',
    input: { path: sitePath, query: siteListQuery },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: true,
    lifecycle: 'none',
    startsJobs: false,
  },
  getCollection: {
    method: 'GET',
    path: '/api/exams/{examId}/candidates/{personId}/collection',
    module: 'collection',
    exportName: 'getCollection',
    summary:
      "R19, R20: where the candidate's on-site certificate stands (待现场领取, 代为保管, 已移交, 已领取), their site with dates, hours and what to bring, custody's end, hr's receipt — for the candidate themself or staff who see the candidate",
    access: 'any',
    input: { path: candidatePath },
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  postLetterUploadUrl: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/collection/letter-upload-url',
    module: 'collection',
    exportName: 'postLetterUploadUrl',
    summary:
      "R19: staff at the counter: a URL (valid 15 minutes) to PUT a proxy's authorisation letter to (PDF, JPEG or PNG, ≤ 10 MB), kept as a material of the candidate's → { materialId, url }",
    access: 'staff',
    input: { path: candidatePath, body: uploadInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
    files: 'write',
    fileAreas: ['materials'],
  },
  postCollection: {
    method: 'POST',
    path: '/api/exams/{examId}/candidates/{personId}/collection',
    module: 'collection',
    exportName: 'postCollection',
    summary:
      "R19: record an on-site collection — by: self with idLast6 (the ID card's last six characters, compared on the server) or by: proxy with the proxy's name, ID number (stored masked and hashed) and the uploaded letter; with the audit record and the candidate's SMS; until custody ends (R20)",
    access: 'staff',
    input: { path: candidatePath, body: collectionInputSchema },
    reads: ['catalog', 'candidates'],
    writes: ['candidates', 'audit', 'outbox'],
    personIdKey: true,
    lifecycle: 'wake',
    startsJobs: false,
  },
  postCustodyReport: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/custody',
    module: 'reports',
    exportName: 'postCustodyReport',
    summary:
      'R20: the provincial verifier makes the custody register now — every certificate uncollected after its site closed, with the day custody ends (CSV and XLSX, by a job) → 202 { reportId, jobId }',
    access: 'staff',
    input: { path: examIdPath, body: reportConfirm },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postTransferReport: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/transfer',
    module: 'reports',
    exportName: 'postTransferReport',
    summary:
      'R20: once custody has ended (exam end + 5 years), the provincial verifier registers the uncollected certificates for transfer to hr (CSV and XLSX, by a job; the schedule makes one by itself) → 202 { reportId, jobId }; before: 409 with the date',
    access: 'staff',
    input: { path: examIdPath, body: reportConfirm },
    reads: ['catalog'],
    writes: ['catalog', 'jobs', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: true,
  },
  postTransferReceipt: {
    method: 'POST',
    path: '/api/exams/{examId}/reports/{reportId}/receipt',
    module: 'reports',
    exportName: 'postTransferReceipt',
    summary:
      'R20: hr records receipt of a transfer register with its reference (once); the candidates on it then read 已移交 in the portal',
    access: 'staff',
    input: { path: reportPath, body: transferReceiptSchema },
    reads: ['catalog'],
    writes: ['catalog', 'audit'],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
  getOverview: {
    method: 'GET',
    path: '/api/overview',
    module: 'reports',
    exportName: 'getOverview',
    summary:
      "R16, R19, R20, N3: hr's overview of the paper certificates — per exam and city the counts passed → qualified → booked → dispatched → delivered / collected → on site → in custody → transfer register → transferred, with totals — from the counters kept with each change (never a scan), and the batches past N3's 10 working days with distribution not started (hr only)",
    access: 'staff',
    input: {},
    reads: ['catalog', 'candidates'],
    writes: [],
    personIdKey: false,
    lifecycle: 'none',
    startsJobs: false,
  },
} as const satisfies Record<string, RouteSpec>;

export const routes: readonly RouteSpec[] = Object.values(api);

/**
 * Staff login endpoints of local mode only. Locally they are served by the local server and mint tokens
 * with the local key; on AWS the console signs staff in with the Cognito user pool itself. The web picks
 * one or the other from /config.json (web/auth.ts). Candidates sign in through the API routes above in
 * both modes.
 */
export const localAuthRoutes = {
  staffLogin: '/api/auth/staff/login',
  staffNewPassword: '/api/auth/staff/new-password',
} as const;
