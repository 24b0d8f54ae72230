/**
 * The HTTP API, defined once: every route's method, path, handler, who may call it, the zod schemas of
 * its inputs, the tables it reads and writes, and what else its function is granted. Each route's entry
 * is written once, in its handler module's own file, functions/routes/<module>.ts (with the schemas only
 * that module uses; those of several modules are in functions/routes/params.ts, the entry's type in
 * functions/routes/spec.ts); this file gathers them into the one list, in one order, for everything else.
 * The CDK stack makes one route per entry and one Lambda function per handler module, serving that
 * module's routes with exactly the union of their grants (infra/constructs/api.ts); a new route needs no
 * infra code. A module's function bundles only its own route file, not this list (its generated entry
 * passes that file's routes to functions/lib/module-handler.ts). The local server dispatches the same
 * entries to the same handler modules; the OpenAPI document (functions/openapi.ts, served at
 * /api/openapi.json) is generated from this list. Paths use API Gateway's `{param}` syntax.
 */
import * as bookings from './routes/bookings.js';
import * as bulkDecisions from './routes/bulk-decisions.js';
import * as calendar from './routes/calendar.js';
import * as candidateAuth from './routes/candidate-auth.js';
import * as candidates from './routes/candidates.js';
import * as certificateBatches from './routes/certificate-batches.js';
import * as certificateCheck from './routes/certificate-check.js';
import * as certificateSeals from './routes/certificate-seals.js';
import * as certificates from './routes/certificates.js';
import * as collection from './routes/collection.js';
import * as dispatch from './routes/dispatch.js';
import * as examAdmin from './routes/exam-admin.js';
import * as examEvents from './routes/exam-events.js';
import * as examSchedule from './routes/exam-schedule.js';
import * as exams from './routes/exams.js';
import * as imports from './routes/imports.js';
import * as jobs from './routes/jobs.js';
import * as materials from './routes/materials.js';
import * as me from './routes/me.js';
import * as notices from './routes/notices.js';
import * as objections from './routes/objections.js';
import * as openapi from './routes/openapi.js';
import * as outbox from './routes/outbox.js';
import * as reports from './routes/reports.js';
import * as revocations from './routes/revocations.js';
import type { RouteSpec } from './routes/spec.js';
import * as spotChecks from './routes/spot-checks.js';
import * as staffAdmin from './routes/staff-admin.js';

export type {
  Access,
  FileArea,
  HandlerModule,
  LifecyclePermission,
  RouteInput,
  RouteSpec,
} from './routes/spec.js';

/** Every route, in the order of the API document (the modules' entries interleave). */
export const api = {
  candidateSignInStart: candidateAuth.api.candidateSignInStart,
  candidateSignInVerify: candidateAuth.api.candidateSignInVerify,
  openapi: openapi.api.openapi,
  getMe: me.api.getMe,
  listExams: exams.api.listExams,
  getExam: exams.api.getExam,
  listCandidates: candidates.api.listCandidates,
  getCandidate: candidates.api.getCandidate,
  postDecision: candidates.api.postDecision,
  postSupplementary: candidates.api.postSupplementary,
  postAppeal: candidates.api.postAppeal,
  postAppealDecision: candidates.api.postAppealDecision,
  postReopen: candidates.api.postReopen,
  listOutbox: outbox.api.listOutbox,
  getCalendar: calendar.api.getCalendar,
  putCalendarYear: calendar.api.putCalendarYear,
  postExamEvent: examEvents.api.postExamEvent,
  postCertificateSeal: certificateSeals.api.postCertificateSeal,
  putExamSchedule: examSchedule.api.putExamSchedule,
  createExam: examAdmin.api.createExam,
  updateExam: examAdmin.api.updateExam,
  previewExamSchedule: examAdmin.api.previewExamSchedule,
  listStaff: staffAdmin.api.listStaff,
  createDepartment: staffAdmin.api.createDepartment,
  createStaffAccount: staffAdmin.api.createStaffAccount,
  updateStaffAccount: staffAdmin.api.updateStaffAccount,
  getJob: jobs.api.getJob,
  postImport: imports.api.postImport,
  postUploadUrl: imports.api.postUploadUrl,
  getImport: imports.api.getImport,
  getImportErrors: imports.api.getImportErrors,
  listMaterials: materials.api.listMaterials,
  getMaterial: materials.api.getMaterial,
  postMaterialUploadUrl: materials.api.postMaterialUploadUrl,
  listOwnMaterials: materials.api.listOwnMaterials,
  putNotice: notices.api.putNotice,
  postNoticePublish: notices.api.postNoticePublish,
  postBulkDecision: bulkDecisions.api.postBulkDecision,
  getBulkDecision: bulkDecisions.api.getBulkDecision,
  postBulkConfirm: bulkDecisions.api.postBulkConfirm,
  postSpotCheck: spotChecks.api.postSpotCheck,
  listSpotChecks: spotChecks.api.listSpotChecks,
  getSpotCheck: spotChecks.api.getSpotCheck,
  postRound1Report: reports.api.postRound1Report,
  postSupplementaryReport: reports.api.postSupplementaryReport,
  listReports: reports.api.listReports,
  getReport: reports.api.getReport,
  getReportFile: reports.api.getReportFile,
  getNotice: notices.api.getNotice,
  postObjection: objections.api.postObjection,
  listObjections: objections.api.listObjections,
  getCandidateTimeline: candidates.api.getCandidateTimeline,
  getObjectionAttachment: objections.api.getObjectionAttachment,
  postRevocation: revocations.api.postRevocation,
  getRevocation: revocations.api.getRevocation,
  postRevocationProposal: revocations.api.postRevocationProposal,
  postRevocationDefence: revocations.api.postRevocationDefence,
  postRevocationDecision: revocations.api.postRevocationDecision,
  postRevocationApproval: revocations.api.postRevocationApproval,
  listExamJobs: jobs.api.listExamJobs,
  getCertificateCheck: certificateCheck.api.getCertificateCheck,
  getCertificateCheckPage: certificateCheck.api.getCertificateCheckPage,
  postReissueRequest: certificateBatches.api.postReissueRequest,
  postCertificateBatch: certificateBatches.api.postCertificateBatch,
  getCertificateBatches: certificateBatches.api.getCertificateBatches,
  postReissue: certificateBatches.api.postReissue,
  postManifest: dispatch.api.postManifest,
  getManifests: dispatch.api.getManifests,
  getManifestFile: dispatch.api.getManifestFile,
  postTrackingNumbers: dispatch.api.postTrackingNumbers,
  postDeliveryResults: dispatch.api.postDeliveryResults,
  getOwnCertificatePdf: certificates.api.getOwnCertificatePdf,
  getCandidateCertificatePdf: certificates.api.getCandidateCertificatePdf,
  getBooking: bookings.api.getBooking,
  putBooking: bookings.api.putBooking,
  deleteBooking: bookings.api.deleteBooking,
  listBookingCounts: bookings.api.listBookingCounts,
  putCollectionSite: collection.api.putCollectionSite,
  listCollectionSites: collection.api.listCollectionSites,
  listSiteCandidates: collection.api.listSiteCandidates,
  getCollection: collection.api.getCollection,
  postLetterUploadUrl: collection.api.postLetterUploadUrl,
  postCollection: collection.api.postCollection,
  postCustodyReport: reports.api.postCustodyReport,
  postTransferReport: reports.api.postTransferReport,
  postTransferReceipt: reports.api.postTransferReceipt,
  getOverview: reports.api.getOverview,
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
