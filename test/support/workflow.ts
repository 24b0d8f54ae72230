/**
 * A harness for the lifecycle workflow tests: the real state machine definition run locally on a
 * virtual clock, its Lambda tasks calling the handler modules against this run's DynamoDB Local tables.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type StaffActor, system } from '../../functions/acts/actor.js';
import { executionName, loadCandidate, startLifecycle } from '../../functions/acts/candidate-change.js';
import { recordBatch } from '../../functions/acts/certificate-batches.js';
import { recordExamEvent } from '../../functions/acts/exam-events.js';
import { drainJob } from '../../functions/acts/job-runner.js';
import { recordEvent } from '../../functions/acts/lifecycle.js';
import { keys } from '../../functions/data/tables.js';
import { shiftDays, todayInChina } from '../../functions/domain/calendar.js';
import { type Candidate, newCandidate } from '../../functions/domain/candidate.js';
import type { Exam } from '../../functions/domain/exams.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import type { CandidateDeadlines, ExamEventKind, LifecycleEvent } from '../../functions/domain/lifecycle.js';
import { forgetCalendar } from '../../functions/lib/calendar.js';
import { candidateRecord } from '../../functions/lib/candidates.js';
import { localCertSigner, setCertSigner } from '../../functions/lib/cert-signer.js';
import { now } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { folderStore, setFileStore } from '../../functions/lib/file-store.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { setJobQueue } from '../../functions/lib/job-queue.js';
import { folderSite, setSiteStore } from '../../functions/lib/site-store.js';
import { VirtualClock } from '../../scripts/local/clock.js';
import { ensureTables, tableEnv } from '../../scripts/local/dynamo.js';
import { startLocalLifecycle } from '../../scripts/local/lifecycle.js';
import type { LocalStepFunctions } from '../../scripts/local/stepfunctions.js';

export const CST = (local: string) => Date.parse(`${local}+08:00`);

/** The provincial verifier of a test exam's type (the arrival batches', the manifest's and files' staff). */
export const testVerifier = (examType: string): StaffActor => ({
  kind: 'staff',
  username: 'test.verifier',
  role: 'verifier',
  dept: { id: 'test-verifier', name: '测试核查部门', kind: 'provincialVerifier', examTypes: [examType] },
});

export interface Harness {
  clock: VirtualClock;
  runner: LocalStepFunctions;
  /** an exam whose scores are released today (virtual), exam ended 60 days ago */
  exam(examType: string, partial?: Partial<Exam>): Promise<Exam>;
  deadlines(c: Candidate): Promise<CandidateDeadlines>;
  candidate(exam: Exam, seq: number, city?: string): Promise<Candidate>;
  start(c: Candidate, generation?: number): Promise<void>;
  event(c: Candidate, e: LifecycleEvent, actor?: string): Promise<void>;
  examEvent(exam: Exam, kind: ExamEventKind): Promise<void>;
  /** started, decided qualified, and told: the result announcement (R9) five days later */
  qualifiedAndTold(exam: Exam, cs: Candidate[]): Promise<void>;
  /** N3: a batch of paper certificates arrives in a city, holding these candidates' numbers */
  arrive(exam: Exam, cs: Candidate[], city?: string): Promise<void>;
  settle(): Promise<void>;
  advanceTo(localIso: string): Promise<void>;
  /** move to an instant (ISO with zone), e.g. a deadline minus a day */
  advanceToInstant(iso: string): Promise<void>;
  advanceDays(days: number): Promise<void>;
  exec(c: Candidate, generation?: number): ReturnType<LocalStepFunctions['describe']>;
  /** the state the candidate's execution waits in, if it waits */
  waitingIn(c: Candidate, generation?: number): string | undefined;
  record(c: Candidate): Promise<Candidate & { taskToken?: string; waitingPhase?: string }>;
  messages(c: Candidate): Promise<{ template: string; text: string; createdAt: string }[]>;
  audit(c: Candidate): Promise<{ action: string; at: string }[]>;
}

/** `endpoint`: the DynamoDB Local to use (tests pass vitest's inject('dynamoEndpoint'); the bench its own). */
export async function workflowHarness(startLocalIso: string, endpoint: string): Promise<Harness> {
  const prefix = `w${randomBytes(4).toString('hex')}-`;
  await ensureTables(endpoint, prefix);
  Object.assign(process.env, tableEnv(prefix));
  forgetCalendar();
  const clock = new VirtualClock(CST(startLocalIso));
  const runner = await startLocalLifecycle(clock);
  // long work (broadcasts, re-plans) runs as jobs: here each is run to its end whenever the harness settles
  const dueJobs = new Set<string>();
  // the announcements its jobs render (a result announcement's pages) go to a folder of its own
  setSiteStore(folderSite(mkdtempSync(join(tmpdir(), 'wf-site-'))));
  setCertSigner(localCertSigner(mkdtempSync(join(tmpdir(), 'wf-keys-'))));
  // the files store (a forfeited candidate's uploads are removed from it, N4)
  setFileStore(folderStore(mkdtempSync(join(tmpdir(), 'wf-files-'))));
  setJobQueue({ enqueue: async (jobId) => void dueJobs.add(jobId) });
  setFileStore(folderStore(mkdtempSync(join(tmpdir(), 'wf-files-'))));
  let certSeq = 0;
  const fast = { limit: { ratePerSecond: 10_000, burst: 10_000 } };
  const settle = async () => {
    await h.runner.idle();
    while (dueJobs.size) {
      for (const jobId of [...dueJobs]) {
        dueJobs.delete(jobId);
        const job = await drainJob(jobId, fast);
        if (job.failed) throw new Error(`job ${job.kind} failed for ${job.failed} candidates`);
      }
      await h.runner.idle();
    }
  };
  let examSeq = 0;
  const h: Harness = {
    clock,
    runner,
    async exam(examType, partial = {}) {
      const today = todayInChina(now());
      const exam: Exam = {
        id: `${examType}-T${++examSeq}`,
        examType,
        name: `${examType} 测试考试`,
        year: Number(today.slice(0, 4)),
        examEnd: shiftDays(today, -60),
        scoreRelease: today,
        ...partial,
      };
      await ddb.send(
        new PutCommand({ TableName: tableName('catalog'), Item: { ...keys.exam(exam.id), ...exam } }),
      );
      return exam;
    },
    async candidate(exam, seq, city = '4101') {
      const idNumber = syntheticIdNumber(`${city}02`, '1990-05-17', seq);
      const c = newCandidate(
        {
          idNumber,
          name: '测试考生',
          phone: `1390000${String(seq).padStart(4, '0')}`,
          city,
        },
        exam,
        personIdOf(idNumber),
        now(),
      );
      c.candidateNo = `${exam.id}-${seq}`;
      await ddb.send(new PutCommand({ TableName: tableName('candidates'), Item: candidateRecord(c) }));
      return c;
    },
    async start(c, generation = 1) {
      await startLifecycle(c.examId, c.personId, generation);
      await settle();
    },
    async event(c, e, actor = 'staff:test') {
      await recordEvent(c.examId, c.personId, e, actor);
      await settle();
    },
    async examEvent(exam, kind) {
      await recordExamEvent(system('test'), exam.id, kind);
      await settle();
    },
    async qualifiedAndTold(exam, cs) {
      for (const c of cs) {
        await h.start(c);
        await h.event(c, { type: 'verified', outcome: 'qualified' });
      }
      await h.advanceDays(5);
      await h.examEvent(exam, 'resultsAnnounced');
    },
    async arrive(exam, cs, city = '4101') {
      const csv = [
        'candidateNo,certificateNo',
        ...cs.map((c) => `${c.candidateNo},P${exam.id}-${++certSeq}`),
      ];
      await recordBatch(testVerifier(exam.examType), exam.id, { city, bytes: Buffer.from(csv.join('\n')) });
      await settle();
    },
    settle,
    // settle first: work started since (a job) may set timers that fall inside the move
    async advanceTo(localIso) {
      await settle();
      await clock.advanceTo(CST(localIso), settle);
      await settle();
    },
    async advanceToInstant(iso) {
      await settle();
      await clock.advanceTo(Date.parse(iso), settle);
      await settle();
    },
    async advanceDays(days) {
      await settle();
      await clock.advanceBy(days * 86_400_000, settle);
      await settle();
    },
    exec(c, generation = 1) {
      return h.runner.describe(executionName(c.examId, c.personId, generation));
    },
    waitingIn: (c, generation = 1) => h.exec(c, generation).waitingOn?.state,
    async deadlines(c) {
      return (await loadCandidate(c.examId, c.personId)).deadlines;
    },
    async record(c) {
      return (await loadCandidate(c.examId, c.personId)).candidate;
    },
    async messages(c) {
      const items = (await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? [];
      return items
        .filter((m) => m.personId === c.personId)
        .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt))) as never;
    },
    async audit(c) {
      const r = await ddb.send(
        new QueryCommand({
          TableName: tableName('audit'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.auditSubjectCandidate(c.examId, c.personId) },
        }),
      );
      return (r.Items ?? []) as never;
    },
  };
  return h;
}
