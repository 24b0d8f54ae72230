/**
 * Every DynamoDB table, defined once. The CDK stack (infra/constructs/tables.ts) and the local
 * bootstrap (scripts/local/dynamo.ts) both build their tables from this list; handlers find a table's
 * name in the environment variable named here. Access patterns and key choices: docs/architecture.md.
 */
export interface KeyAttr {
  name: string;
  type: 'S' | 'N';
}

export interface IndexSpec {
  name: string;
  partitionKey: KeyAttr;
  sortKey?: KeyAttr;
}

export interface TableSpec {
  /** logical id, also the table name suffix */
  id: TableId;
  /** environment variable holding the physical table name in a handler */
  envVar: string;
  partitionKey: KeyAttr;
  sortKey?: KeyAttr;
  indexes: IndexSpec[];
  /** attribute holding an epoch-seconds expiry, if items expire */
  ttlAttribute?: string;
  /** change stream, for tables whose new items trigger work (the outbox's delivery) */
  stream?: 'NEW_IMAGE';
}

export type TableId = 'candidates' | 'catalog' | 'audit' | 'outbox' | 'auth' | 'jobs';

const S = (name: string): KeyAttr => ({ name, type: 'S' });

export const tables: Record<TableId, TableSpec> = {
  /**
   * one item per candidate per exam: pk P#{personId}, sk E#{examId}; beside it in the person's
   * partition their materials (M#…), objections against them (O#…) and revocation cases (R#…); work queues by exam + city
   */
  candidates: {
    id: 'candidates',
    envVar: 'TABLE_CANDIDATES',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    indexes: [
      { name: 'byExamCity', partitionKey: S('gsi1pk'), sortKey: S('gsi1sk') },
      // sparse: only candidates whose lifecycle waits on a callback, by exam, phase and write shard
      { name: 'byWaiting', partitionKey: S('gsi2pk'), sortKey: S('gsi2sk') },
      // a candidate by exam and candidate number (objections, materials named by number): one key each
      { name: 'byCandidateNo', partitionKey: S('gsi3pk') },
      // the work queue (issue 9 §1): an exam's city, in order of each candidate's next deadline
      { name: 'byDeadline', partitionKey: S('gsi4pk'), sortKey: S('gsi4sk') },
    ],
  },
  /** exams, departments, staff accounts, holiday calendar: small reference data */
  catalog: {
    id: 'catalog',
    envVar: 'TABLE_CATALOG',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    indexes: [],
  },
  /** audit trail: pk = the subject (e.g. C#{examId}#{personId}), sk = {ISO instant}#{id} */
  audit: {
    id: 'audit',
    envVar: 'TABLE_AUDIT',
    partitionKey: S('pk'),
    sortKey: S('sk'),
    indexes: [],
  },
  /** SMS and e-mail messages with their status; listed per day over 16 write shards */
  outbox: {
    id: 'outbox',
    envVar: 'TABLE_OUTBOX',
    partitionKey: S('pk'),
    indexes: [{ name: 'byDay', partitionKey: S('gsi1pk'), sortKey: S('gsi1sk') }],
    stream: 'NEW_IMAGE',
  },
  /**
   * long work (functions/domain/jobs.ts): one item per job with its progress and position; the sparse
   * byActive index lists the jobs still to run (the local worker's queue), byExam an exam's recent jobs
   */
  jobs: {
    id: 'jobs',
    envVar: 'TABLE_JOBS',
    partitionKey: S('pk'),
    indexes: [
      { name: 'byActive', partitionKey: S('gsi1pk'), sortKey: S('gsi1sk') },
      { name: 'byExam', partitionKey: S('gsi2pk'), sortKey: S('gsi2sk') },
    ],
  },
  /** sign-in attempts, counters and guards, expiring by TTL */
  auth: {
    id: 'auth',
    envVar: 'TABLE_AUTH',
    partitionKey: S('pk'),
    indexes: [],
    ttlAttribute: 'ttl',
  },
};

export const tableList: TableSpec[] = Object.values(tables);

/** Key builders: the only place key formats are written. */
export const keys = {
  candidate: (personId: string, examId: string) => ({ pk: `P#${personId}`, sk: `E#${examId}` }),
  /** a document of a candidate's for an exam (registration materials, proof), in the person's partition */
  material: (personId: string, examId: string, materialId: string) => ({
    pk: `P#${personId}`,
    sk: `M#${examId}#${materialId}`,
  }),
  /** an upload URL handed to a candidate for a material, until its file arrives and is checked (R23) */
  materialUpload: (personId: string, examId: string, materialId: string) => ({
    pk: `P#${personId}`,
    sk: `MU#${examId}#${materialId}`,
  }),
  /** an objection raised against a candidate during the notice (R6), in the person's partition */
  objection: (personId: string, examId: string, objectionId: string) => ({
    pk: `P#${personId}`,
    sk: `O#${examId}#${objectionId}`,
  }),
  /**
   * a revocation case against a candidate (R14, R15, N1), in the person's partition; its caseId
   * `{examId}.{personId}.{no}` names this key, so a case is read by its id without a scan
   */
  revocation: (personId: string, examId: string, no: string) => ({
    pk: `P#${personId}`,
    sk: `R#${examId}#${no}`,
  }),
  /** work-queue index: one partition per exam and city (never one per whole exam) */
  candidateQueue: (examId: string, city: string, status: string, personId: string) => ({
    gsi1pk: `Q#${examId}#${city}`,
    gsi1sk: `${status}#${personId}`,
  }),
  /** the work queue by next deadline: one partition per exam and city; sk from domain/queue.ts deadlineSortKey */
  candidateDeadline: (examId: string, city: string, sortKey: string) => ({
    gsi4pk: `D#${examId}#${city}`,
    gsi4sk: sortKey,
  }),
  /**
   * the status counters of an exam's city (the work queue's counts), beside the candidates they count:
   * COUNTER_SHARDS items per city, so concurrent decisions rarely touch the same item
   */
  statusCounter: (examId: string, city: string, shard: number) => ({
    pk: `COUNT#${examId}#${city}`,
    sk: `S#${shard}`,
  }),
  /** who waits for what: spread over WAIT_SHARDS so 200,000 waiting candidates do not share a key */
  candidateWaiting: (examId: string, phase: string, shard: number, personId: string) => ({
    gsi2pk: `W#${examId}#${phase}#${shard}`,
    gsi2sk: personId,
  }),
  /** a candidate by exam and candidate number (case and spaces ignored) */
  candidateNo: (examId: string, candidateNo: string) => ({
    gsi3pk: `N#${examId}#${candidateNo.trim().toUpperCase()}`,
  }),
  /** R25: a certificate by its number, for the public check: one item per number, no shared partition */
  certificate: (number: string) => ({ pk: `CERT#${number}`, sk: 'CERT' }),
  /** R17: the certificate sequence of an exam type and year, over CERT_SEQ_SHARDS counters */
  certificateSeq: (examType: string, year: number, shard: number) => ({
    pk: `CERTSEQ#${examType}#${year}#${shard}`,
    sk: 'SEQ',
  }),
  exam: (examId: string) => ({ pk: 'EXAM', sk: examId }),
  calendarYear: (year: number) => ({ pk: 'CAL', sk: String(year) }),
  department: (deptId: string) => ({ pk: 'DEPT', sk: deptId }),
  /** a spot-check draw of an exam (R23): an exam's draws in one small partition, newest last */
  spotDraw: (examId: string, drawId: string) => ({ pk: `SPOT#${examId}`, sk: drawId }),
  /** an exam's bulk decisions (R7, R22): a few a day per exam, one small partition */
  bulkDecision: (examId: string, bulkId: string) => ({ pk: `BULK#${examId}`, sk: bulkId }),
  /** a bulk decision's list (`LIST`) and the candidates it will decide, a page a part (`P#00000001`) */
  bulkPart: (examId: string, bulkId: string, part: number | 'LIST') => ({
    pk: `BULK#${examId}#${bulkId}`,
    sk: part === 'LIST' ? 'LIST' : `P#${String(part).padStart(8, '0')}`,
  }),
  /** an exam's reports (R7 round 1, …): a few per exam */
  report: (examId: string, reportId: string) => ({ pk: `REPORT#${examId}`, sk: reportId }),
  /** R19: the collection site of an exam in one city: one small item per exam and city */
  collectionSite: (examId: string, city: string) => ({ pk: `SITE#${examId}#${city}`, sk: 'SITE' }),
  /** R20: hr's receipt of an exam's transfer register (the latest), read by the portal: one per exam */
  transferReceipt: (examId: string) => ({ pk: `TRANSFER#${examId}`, sk: 'RECEIPT' }),
  /** an exam's joint public notice (R6): one per exam */
  notice: (examId: string) => ({ pk: 'NOTICE', sk: examId }),
  /** every staff account in one small partition (tens to hundreds), so hr can list them */
  staff: (username: string) => ({ pk: 'STAFF', sk: username }),
  auditSubjectCandidate: (examId: string, personId: string) => `C#${examId}#${personId}`,
  /** a candidate sign-in attempt, by its random id */
  signInAttempt: (attemptId: string) => ({ pk: `ATTEMPT#${attemptId}` }),
  /** a fixed-window sign-in counter: `c#<client hash>#<window>` or `t#<person id>#<window>` */
  signInCounter: (counter: string) => ({ pk: `RATE#${counter}` }),
  /** a single-use token already spent (a solved challenge) */
  spent: (token: string) => ({ pk: `SPENT#${token}` }),
  /** a candidate who has a user in the Cognito user pool (created at their first sign-in) */
  idpUser: (personId: string) => ({ pk: `IDP#${personId}` }),
  /** a one-time grant to issue a candidate's tokens, by its hash */
  signInGrant: (grantHash: string) => ({ pk: `GRANT#${grantHash}` }),
  /** local staff sign-in failures and lock, per username (real or not) */
  signInGuard: (username: string) => ({ pk: `SIGNIN#${username}` }),
  outbox: (id: string) => ({ pk: `MSG#${id}` }),
  job: (jobId: string) => ({ pk: `JOB#${jobId}` }),
  /** one import at a time per exam: held from its start to its end (TTL, in case a job is abandoned) */
  importLock: (examId: string) => ({ pk: `IMPORTLOCK#${examId}` }),
  /** an upload URL handed out for an import, until its file arrives (TTL) */
  upload: (importId: string) => ({ pk: `UPLOAD#${importId}` }),
  /** only while a job is queued or running: few at a time, one partition is enough */
  jobActive: (createdAt: string, jobId: string) => ({ gsi1pk: 'ACTIVE', gsi1sk: `${createdAt}#${jobId}` }),
  jobOfExam: (examId: string, createdAt: string, jobId: string) => ({
    gsi2pk: `JOBS#${examId}`,
    gsi2sk: `${createdAt}#${jobId}`,
  }),
  outboxDay: (day: string, shard: number, createdAt: string, id: string) => ({
    gsi1pk: `DAY#${day}#${shard}`,
    gsi1sk: `${createdAt}#${id}`,
  }),
} as const;

export const OUTBOX_SHARDS = 16;
export const WAIT_SHARDS = 16;
export const COUNTER_SHARDS = 8;
/** R17: certificate numbers are drawn from this many counters, so 60,000 issuances rarely share one */
export const CERT_SEQ_SHARDS = 32;

/**
 * Every attribute that is a table or index key (or a TTL): storage, never part of what the server
 * answers or hands to the domain. Derived from the definitions above, so a new index is covered.
 */
export const storageAttributes: ReadonlySet<string> = new Set(
  tableList.flatMap((t) => [
    t.partitionKey.name,
    ...(t.sortKey ? [t.sortKey.name] : []),
    ...t.indexes.flatMap((i) => [i.partitionKey.name, ...(i.sortKey ? [i.sortKey.name] : [])]),
    ...(t.ttlAttribute ? [t.ttlAttribute] : []),
  ]),
);

/** An item as read, without its storage attributes. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!storageAttributes.has(k)) out[k] = v;
  return out as T;
}
