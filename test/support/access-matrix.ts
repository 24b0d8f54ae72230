/**
 * The route authorization matrix (issue 14 §4, R1, R24, N1, N4): one row per route of
 * functions/routes.ts (keyed by its name in `api`), written by hand from the rules (/work/shared/RULES.md,
 * docs/rules.md and the route's summary), not from the code. test/integration/access-matrix.test.ts runs
 * every row against the local server and fails when a route has no row.
 *
 * `cells`: six pairs, one per caller — none, hr, provincial (河南省住建厅: JZS1, JZS2, ZJS2, every city),
 * municipal (郑州市城乡建设局: JZS1, JZS2, Zhengzhou only), association (河南省建筑业协会: JZSZ),
 * candidate (a JZS1 candidate in Zhengzhou) — each pair: the caller's own resource, then another's:
 *   Y  allowed: past the authorizer and the scope check (any answer but 401, 403, 404 and 5xx)
 *   .  refused: 401, 403 or 404 ("不存在或无权查看": scope is never told apart from absence)
 *   n  no such resource exists for anyone (the row checks only who is refused before looking): 401/403/404
 *
 * Own and other (ctx.own / ctx.other below): for staff, an exam or candidate inside the department's
 * scope, and one outside it (hr's "other" is another exam's: hr reads everything, R24); for the
 * candidate, themself and another candidate; for no caller, hr's two targets.
 * Add a row here for every route you add (the test names the routes without one).
 */
import type { api } from '../../functions/routes.js';

export type Caller = 'none' | 'hr' | 'provincial' | 'municipal' | 'association' | 'candidate';
export const callers: readonly Caller[] = [
  'none',
  'hr',
  'provincial',
  'municipal',
  'association',
  'candidate',
];
export type Whose = 'own' | 'other';

/** What the test gives rows to build requests from: the seeded resources, chosen per caller. */
export interface MatrixContext {
  /** the exam a caller works on (own) or does not (other) */
  exam(who: Caller, whose: Whose): string;
  /** a candidate a caller sees (own) or does not (other), with their exam */
  cand(who: Caller, whose: Whose): { examId: string; personId: string };
  /** a resource of a kind, for the caller (created in the test's setup) */
  res(kind: ResourceKind, who: Caller, whose: Whose): string;
  /** the demo data: seeded ids, names, numbers */
  seed: {
    noticeId: string;
    noticeCandidateNo: string;
    certificateNumber: string;
    certificateHolder: { examId: string; personId: string; name: string };
    candidateLogin: { idNumber: string; name: string };
    year: number;
    calendar: unknown;
    examInput: unknown;
    /** R20: a transfer register (made in the setup on the demo's sitting whose custody has ended) */
    transferRegister: { examId: string; reportId: string };
  };
}
export type ResourceKind = 'job' | 'import' | 'draw' | 'bulk' | 'report' | 'case' | 'objection' | 'username';

export interface MatrixRow {
  /** none hr provincial municipal association candidate — own+other each */
  cells: string;
  path: (c: MatrixContext, who: Caller, whose: Whose) => string;
  /** a body that passes the route's schema (checked), so a refusal is about who, never about shape */
  body?: (c: MatrixContext, who: Caller, whose: Whose) => unknown;
  /** a raw body (a route taking a file) */
  raw?: { type: string; body: (c: MatrixContext) => string };
  /** the candidate caller is the certificate holder instead of the Zhengzhou candidate */
  holder?: true;
}

const exam = (p: string) => (c: MatrixContext, w: Caller, o: Whose) => `/api/exams/${c.exam(w, o)}${p}`;
const cand = (p: string) => (c: MatrixContext, w: Caller, o: Whose) => {
  const x = c.cand(w, o);
  return `/api/exams/${x.examId}/candidates/${x.personId}${p}`;
};
const fixed = (p: string) => () => p;
/** a municipal verifier's other is another city of its own exam (R1: its city only); everyone else's, the exam's */
const cityOf = (w: Caller, o: Whose) => (w === 'municipal' && o === 'other' ? '4102' : '4101');
const examInCity = (c: MatrixContext, w: Caller, o: Whose) => c.exam(w, w === 'municipal' ? 'own' : o);
const site =
  (p = '') =>
  (c: MatrixContext, w: Caller, o: Whose) =>
    `/api/exams/${examInCity(c, w, o)}/collection-sites/${cityOf(w, o)}${p}`;

export const matrix: Record<keyof typeof api, MatrixRow> = {
  // public: anyone, signed in or not (limited per client: a 429 is an answer, not a refusal)
  candidateSignInStart: {
    cells: 'YY YY YY YY YY YY',
    path: fixed('/api/auth/candidate/start'),
    body: (c, _w, o) =>
      o === 'own' ? c.seed.candidateLogin : { idNumber: '110101199003074514', name: '无此人' },
  },
  candidateSignInVerify: {
    cells: 'YY YY YY YY YY YY',
    path: fixed('/api/auth/candidate/verify'),
    body: () => ({ attempt: 'a'.repeat(24), code: '123456' }),
  },
  openapi: { cells: 'YY YY YY YY YY YY', path: fixed('/api/openapi.json') },
  getMe: { cells: '.. YY YY YY YY YY', path: fixed('/api/me') },
  // R1: staff see the exams of their exam types; hr all (R24); candidates use the portal's routes
  listExams: { cells: '.. YY YY YY YY ..', path: fixed('/api/exams') },
  getExam: { cells: '.. YY Y. Y. Y. ..', path: exam('') },
  listCandidates: { cells: '.. YY Y. Y. Y. ..', path: exam('/candidates') },
  // N4: a candidate sees only themself; staff the candidates in their scope (a municipal one, its city)
  getCandidate: { cells: '.. YY Y. Y. Y. Y.', path: cand('') },
  // R1, R7: verifiers decide in scope; hr never decides a verification
  postDecision: {
    cells: '.. .. Y. Y. Y. ..',
    path: cand('/decision'),
    body: () => ({ outcome: 'qualified' }),
  },
  // R10: only the candidate submits their own supplementary materials
  postSupplementary: {
    cells: '.. .. .. .. .. Y.',
    path: exam('/supplementary'),
    body: () => ({ materialIds: ['abcdefghij012345678-1'] }),
  },
  // R11: only the candidate appeals, in their own exam
  postAppeal: { cells: '.. .. .. .. .. Y.', path: exam('/appeal'), body: () => ({ statement: '申辩理由' }) },
  // R10, R11: verifiers decide appeals in scope; hr does not
  postAppealDecision: {
    cells: '.. .. Y. Y. Y. ..',
    path: cand('/appeal-decision'),
    body: () => ({ outcome: 'rejected', note: '理由' }),
  },
  // R24: the provincial verifier (and the association for its types) takes a decision back; not municipal, not hr
  postReopen: { cells: '.. .. Y. .. Y. ..', path: cand('/reopen'), body: () => ({ reason: '重新核查' }) },
  // R24: hr reads the outbox
  listOutbox: { cells: '.. YY .. .. .. ..', path: fixed('/api/outbox') },
  // R16, R19, R20, N3: the overview of every exam's certificates is hr's alone
  getOverview: { cells: '.. YY .. .. .. ..', path: fixed('/api/overview') },
  getCalendar: { cells: '.. YY YY YY YY ..', path: fixed('/api/calendar') },
  // T3: hr loads the holiday calendar
  putCalendarYear: {
    cells: '.. YY .. .. .. ..',
    path: (c) => `/api/calendar/${c.seed.year}`,
    body: (c) => c.seed.calendar,
  },
  // R17: hr issues the electronic certificates (a paper exam's issuance: 409 after the access check); no verifier
  postExamEvent: {
    cells: '.. YY .. .. .. ..',
    path: exam('/events'),
    body: () => ({ kind: 'certificatesIssued' }),
  },
  // R6, R8: hr and the provincial verifier (and the association) set an exam's schedule
  putExamSchedule: {
    cells: '.. YY Y. .. Y. ..',
    path: exam('/schedule'),
    body: () => ({ noticeDays: 12, reason: '授权矩阵' }),
  },
  // R1: hr administers exams
  createExam: { cells: '.. YY .. .. .. ..', path: fixed('/api/exams'), body: (c) => c.seed.examInput },
  updateExam: { cells: '.. YY .. .. .. ..', path: exam(''), body: (c) => c.seed.examInput },
  previewExamSchedule: {
    cells: '.. YY .. .. .. ..',
    path: fixed('/api/exams/schedule-preview'),
    body: (c) => ({ exam: c.seed.examInput }),
  },
  // R1: hr administers departments and staff accounts
  listStaff: { cells: '.. YY .. .. .. ..', path: fixed('/api/staff') },
  createDepartment: {
    cells: '.. YY .. .. .. ..',
    path: fixed('/api/departments'),
    body: (_c, w, o) => ({
      id: `m-${w}-${o}`,
      name: '矩阵测试部门',
      kind: 'association',
      examTypes: ['JZSZ'],
    }),
  },
  createStaffAccount: {
    cells: '.. YY .. .. .. ..',
    path: fixed('/api/staff'),
    body: (_c, w, o) => ({ username: `m.${w}.${o}`, deptId: 'jzxh', password: 'Matrix-Test-2026!' }),
  },
  updateStaffAccount: {
    cells: '.. YY .. .. .. ..',
    path: (c, w, o) => `/api/staff/${c.res('username', w, o)}`,
    body: () => ({ disabled: false }),
  },
  // jobs are seen by those who see their exam
  getJob: { cells: '.. YY Y. Y. Y. ..', path: (c, w, o) => `/api/jobs/${c.res('job', w, o)}` },
  // R5, N2: hr hands the list over, the provincial verifier (the association for its types) imports it
  postImport: {
    cells: '.. YY Y. .. Y. ..',
    path: exam('/imports'),
    raw: { type: 'text/csv', body: () => '准考证号,姓名\n' },
  },
  postUploadUrl: { cells: '.. YY Y. .. Y. ..', path: exam('/imports/upload-url'), body: () => ({}) },
  getImport: {
    cells: '.. YY Y. Y. Y. ..',
    path: (c, w, o) => `/api/exams/${c.exam(w, o)}/imports/${c.res('import', w, o)}`,
  },
  getImportErrors: {
    cells: '.. YY Y. Y. Y. ..',
    path: (c, w, o) => `/api/exams/${c.exam(w, o)}/imports/${c.res('import', w, o)}/errors.csv`,
  },
  // R23, N4: a candidate's materials, for themself and staff in scope
  listMaterials: { cells: '.. YY Y. Y. Y. Y.', path: cand('/materials') },
  getMaterial: { cells: '.. nn nn nn nn nn', path: cand('/materials/abcdefghij012345678-1') },
  // a candidate uploads their own materials, in their own exam
  postMaterialUploadUrl: {
    cells: '.. .. .. .. .. Y.',
    path: exam('/materials/upload-url'),
    body: () => ({ contentType: 'application/pdf', name: '学历证书.pdf', bytes: 1000 }),
  },
  listOwnMaterials: { cells: '.. .. .. .. .. Y.', path: exam('/materials') },
  // R6: the provincial verifier (the association for its types) drafts the joint notice; hr confirms and publishes it
  putNotice: {
    cells: '.. .. Y. .. Y. ..',
    path: exam('/notice'),
    body: () => ({ text: '根据有关规定，现将考试合格人员名单予以公示，公示期间如有异议请联系。' }),
  },
  postNoticePublish: {
    cells: '.. YY .. .. .. ..',
    path: exam('/notice/publish'),
    body: () => ({ confirm: true }),
  },
  // R7, R22: bulk decisions by verifiers in scope; read by the department that made them (and hr)
  postBulkDecision: {
    cells: '.. .. Y. Y. Y. ..',
    path: exam('/bulk-decisions'),
    body: () => ({ outcome: 'qualified', candidateNos: ['NOSUCH0001'] }),
  },
  getBulkDecision: {
    cells: '.. YY Y. Y. Y. ..',
    path: (c, w, o) => `/api/exams/${c.exam(w, o)}/bulk-decisions/${c.res('bulk', w, o)}`,
  },
  postBulkConfirm: {
    cells: '.. .. Y. Y. Y. ..',
    path: (c, w, o) => `/api/exams/${c.exam(w, o)}/bulk-decisions/${c.res('bulk', w, o)}/confirm`,
    body: () => ({ confirm: true }),
  },
  // R23: the provincial verifier (the association for its types) draws spot checks; they are read in scope
  postSpotCheck: { cells: '.. .. Y. .. Y. ..', path: exam('/spot-checks'), body: () => ({ size: 1 }) },
  listSpotChecks: { cells: '.. YY Y. Y. Y. ..', path: exam('/spot-checks') },
  getSpotCheck: {
    cells: '.. YY Y. Y. Y. ..',
    path: (c, w, o) => `/api/exams/${c.exam(w, o)}/spot-checks/${c.res('draw', w, o)}`,
  },
  // R7, R13: the reports, made and read by the provincial verifier (the association) and hr; not municipal
  postRound1Report: {
    cells: '.. YY Y. .. Y. ..',
    path: exam('/reports/round1'),
    body: () => ({ confirm: true }),
  },
  postSupplementaryReport: {
    cells: '.. YY Y. .. Y. ..',
    path: exam('/reports/supplementary'),
    body: () => ({ confirm: true }),
  },
  listReports: { cells: '.. YY Y. .. Y. ..', path: exam('/reports') },
  getReport: {
    cells: '.. YY Y. .. Y. ..',
    path: (c, w, o) => `/api/exams/${c.exam(w, o)}/reports/${c.res('report', w, o)}`,
  },
  getReportFile: {
    cells: '.. YY Y. .. Y. ..',
    path: (c, w, o) => `/api/exams/${c.exam(w, o)}/reports/${c.res('report', w, o)}/round1.csv`,
  },
  getNotice: { cells: '.. YY Y. Y. Y. ..', path: exam('/notice') },
  // R6: anyone may object during the published notice's period (another exam has no notice: 404)
  postObjection: {
    cells: 'Y. Y. Y. Y. Y. Y.',
    path: (c, _w, o) => `/api/public/notices/${o === 'own' ? c.seed.noticeId : 'ZJS2-2026-N1'}/objections`,
    raw: {
      type: 'application/json',
      body: (c) =>
        JSON.stringify({
          candidateNo: c.seed.noticeCandidateNo,
          facts: '授权矩阵测试的异议事实说明',
          contact: '13900000000',
        }),
    },
  },
  // R6, R1: objections are read by staff who see the candidate
  listObjections: { cells: '.. YY Y. Y. Y. ..', path: cand('/objections') },
  getCandidateTimeline: { cells: '.. YY Y. Y. Y. Y.', path: cand('/timeline') },
  getObjectionAttachment: {
    cells: '.. nn nn nn nn ..',
    path: (c, w, o) => `${cand('')(c, w, o)}/objections/${c.res('objection', w, o)}/attachment`,
  },
  // R14, N1: hr and the provincial verifier (the association for its types) open revocation cases
  postRevocation: {
    cells: '.. YY Y. .. Y. ..',
    path: cand('/revocations'),
    body: () => ({ facts: '授权矩阵测试', ground: 'R14' }),
  },
  // N1: a case is read by its parties: the candidate themself and staff in scope
  getRevocation: { cells: '.. YY Y. Y. Y. Y.', path: (c, w, o) => `/api/revocations/${c.res('case', w, o)}` },
  // N1: the case's department serves, decides and approves (four eyes); the candidate defends
  postRevocationProposal: {
    cells: '.. Y. Y. .. Y. ..',
    path: (c, w, o) => `/api/revocations/${c.res('case', w, o)}/proposal`,
    body: () => ({}),
  },
  postRevocationDefence: {
    cells: '.. .. .. .. .. Y.',
    path: (c, w, o) => `/api/revocations/${c.res('case', w, o)}/defence`,
    body: () => ({ waive: true }),
  },
  postRevocationDecision: {
    cells: '.. Y. Y. .. Y. ..',
    path: (c, w, o) => `/api/revocations/${c.res('case', w, o)}/decision`,
    body: () => ({ outcome: 'close', reasons: '授权矩阵测试' }),
  },
  // N1 four eyes: zjt.verifier decided its own case in the row above, so it may not approve it (403); hr,
  // in the revocation scope everywhere (R14), is told only that nothing awaits approval until a decision exists
  postRevocationApproval: {
    cells: '.. YY .. .. Y. ..',
    path: (c, w, o) => `/api/revocations/${c.res('case', w, o)}/approval`,
    body: () => ({}),
  },
  listExamJobs: { cells: '.. YY Y. Y. Y. ..', path: exam('/jobs') },
  // R25: the public certificate check (a number that is not on record: { status: not_found })
  getCertificateCheck: {
    cells: 'YY YY YY YY YY YY',
    path: (c, _w, o) =>
      `/api/public/certificates/${o === 'own' ? c.seed.certificateNumber : 'NOSUCH-0001'}?name=${encodeURIComponent(c.seed.certificateHolder.name)}`,
  },
  // R21: the holder asks about their own certificate (refused by the rule, after the access check)
  postReissueRequest: {
    cells: '.. .. .. .. .. Y.',
    holder: true,
    path: (c, _w, o) =>
      `/api/exams/${o === 'own' ? c.seed.certificateHolder.examId : c.exam('association', 'own')}/reissue-requests`,
    body: () => ({ reason: '遗失' }),
  },
  // R17: the holder's own certificate
  getOwnCertificatePdf: {
    cells: '.. .. .. .. .. Y.',
    holder: true,
    path: (c, _w, o) =>
      `/api/exams/${o === 'own' ? c.seed.certificateHolder.examId : c.exam('association', 'own')}/certificate.pdf`,
  },
  // R17, R1: staff who see the holder (JZS2, Zhengzhou): not the association
  getCandidateCertificatePdf: {
    cells: '.. Y. Y. Y. .. ..',
    path: (c, _w, o) =>
      o === 'own'
        ? `/api/exams/${c.seed.certificateHolder.examId}/candidates/${c.seed.certificateHolder.personId}/certificate.pdf`
        : `${cand('')(c, 'provincial', 'other')}/certificate.pdf`,
  },
  // R17: hr issues the electronic certificates, so hr gives their seal (a body that is no PNG: 400 after the access check)
  postCertificateSeal: {
    cells: '.. YY .. .. .. ..',
    path: exam('/certificate-seals'),
    raw: { type: 'image/png', body: () => 'not a png' },
  },
  // R25: the check page without JavaScript is public like the JSON check
  getCertificateCheckPage: {
    cells: 'YY YY YY YY YY YY',
    path: (c, _w, o) =>
      `/api/public/certificate-check?number=${o === 'own' ? c.seed.certificateNumber : 'NOSUCH-0001'}&name=${encodeURIComponent(c.seed.certificateHolder.name)}`,
  },
  // R16, N3: the provincial verifier (the association for its types) and the municipal verifier for its own
  // city record a batch's arrival; hr does not hand out paper certificates (a header-only list: 400 after access)
  postCertificateBatch: {
    cells: '.. .. Y. Y. Y. ..',
    path: (c, w, o) => `/api/exams/${examInCity(c, w, o)}/certificate-batches?city=${cityOf(w, o)}`,
    raw: { type: 'text/csv', body: () => 'candidateNo,certificateNo\n' },
  },
  // N3: staff who see the exam read its batches (a municipal verifier its city's); hr supervises (R24)
  getCertificateBatches: { cells: '.. YY Y. Y. Y. ..', path: exam('/certificate-batches') },
  // N3 补发, R16: the verifiers who hand out the candidate's certificate record its reissue; not hr
  postReissue: {
    cells: '.. .. Y. Y. Y. ..',
    path: cand('/reissue'),
    body: () => ({ certificateNo: 'MATRIX-0001' }),
  },
  // R16, R19: the verifiers who hand out certificates export the China Post manifest (a municipal one:
  // its own city's) and send China Post's tracking and delivery files; hr supervises, it does not dispatch
  postManifest: { cells: '.. .. Y. Y. Y. ..', path: exam('/manifests'), body: () => ({}) },
  // R24: staff who see the exam read its manifests (a municipal verifier its city's)
  getManifests: { cells: '.. YY Y. Y. Y. ..', path: exam('/manifests') },
  getManifestFile: {
    cells: '.. nn n. n. n. ..',
    path: (c, w, o) => `/api/exams/${c.exam(w, o)}/manifests/matrix0000000000000/manifest.csv`,
  },
  postTrackingNumbers: {
    cells: '.. .. Y. Y. Y. ..',
    path: exam('/tracking-numbers'),
    raw: { type: 'text/csv', body: () => 'reference,trackingNo\n' },
  },
  postDeliveryResults: {
    cells: '.. .. Y. Y. Y. ..',
    path: exam('/delivery-results'),
    raw: { type: 'text/csv', body: () => 'reference,result,reason,at\n' },
  },
  // R18: the mail booking is the candidate's own, in their own exam (staff book nothing)
  getBooking: { cells: '.. .. .. .. .. Y.', path: exam('/booking') },
  putBooking: {
    cells: '.. .. .. .. .. Y.',
    path: exam('/booking'),
    body: () => ({
      recipient: '张三',
      phone: '13800000000',
      phoneConfirm: '13800000000',
      districtCode: '410105',
      street: '金水路100号',
      postcode: '450000',
      codAcknowledged: true,
    }),
  },
  deleteBooking: { cells: '.. .. .. .. .. Y.', path: exam('/booking') },
  // R18, R1: the booking counters, for staff who see the exam, in their scope; hr all (R24)
  listBookingCounts: { cells: '.. YY Y. Y. Y. ..', path: exam('/bookings') },
  // R19: the provincial verifier (the association for its types) arranges on-site collection, the municipal
  // verifier for its own city; hr does not
  putCollectionSite: {
    cells: '.. .. Y. Y. Y. ..',
    path: site(),
    body: () => ({
      name: '授权矩阵领取点',
      address: '郑州市金水区矩阵路1号',
      opensOn: '2030-01-02',
      closesOn: '2030-01-31',
      hours: '9:00-17:00',
    }),
  },
  // R19, R1: sites are read by staff who see the exam (a municipal verifier: its city); the site's list of
  // candidates still to collect is the counter's, for the verifiers who hand out there (R16, R19), not hr
  listCollectionSites: { cells: '.. YY Y. Y. Y. ..', path: exam('/collection-sites') },
  listSiteCandidates: { cells: '.. .. Y. Y. Y. ..', path: site('/candidates') },
  // R19, R20, N4: the candidate themself and staff who see the candidate
  getCollection: { cells: '.. YY Y. Y. Y. Y.', path: cand('/collection') },
  // R16, R19: the verifiers who hand out the candidate's certificate record its collection; not hr, not the candidate
  postLetterUploadUrl: {
    cells: '.. .. Y. Y. Y. ..',
    path: cand('/collection/letter-upload-url'),
    body: () => ({ contentType: 'application/pdf', name: '委托书.pdf', bytes: 1000 }),
  },
  postCollection: {
    cells: '.. .. Y. Y. Y. ..',
    path: cand('/collection'),
    body: () => ({ by: 'self', idLast6: '000000' }),
  },
  // R20: the provincial verifier (the association for its types) keeps unclaimed certificates and registers
  // them for transfer; not municipal, not hr
  postCustodyReport: {
    cells: '.. .. Y. .. Y. ..',
    path: exam('/reports/custody'),
    body: () => ({ confirm: true }),
  },
  postTransferReport: {
    cells: '.. .. Y. .. Y. ..',
    path: exam('/reports/transfer'),
    body: () => ({ confirm: true }),
  },
  // R20: hr receives the transferred certificates and records the receipt (once); nobody else. Own: the
  // transfer register of the demo's sitting of over five years ago; other: a round-1 report, no register (n)
  postTransferReceipt: {
    cells: '.. Yn .. .. .. ..',
    path: (c, w, o) =>
      o === 'own'
        ? `/api/exams/${c.seed.transferRegister.examId}/reports/${c.seed.transferRegister.reportId}/receipt`
        : `/api/exams/${c.exam(w, o)}/reports/${c.res('report', w, o)}/receipt`,
    body: () => ({ reference: '移交-矩阵-001' }),
  },
};
