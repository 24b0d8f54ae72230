/**
 * `npm run bench`: the lifecycle's cost. Runs each path of the state machine (the real definition,
 * locally, on a virtual clock) and prints the state transitions it takes and what 100,000 candidates on
 * that path cost at $0.025 per 1,000 transitions (Step Functions Standard), as a ratio against the
 * target of 20 transitions for the common path, measured in the same run. Then (BENCH_ONLY) long work as
 * jobs, the sign-in's timing, the passing-list import, certificate signing (certs), the certificate
 * PDF (certpdf) and mail booking over HTTP (booking), each against a baseline measured in the same run;
 * and every Lambda bundle's size and import time against a DynamoDB-client yardstick (bundles).
 */

import { startDynamo } from '../scripts/local/dynamo.js';
import { localEnv } from '../scripts/local/runtime.js';

const dynamo = await startDynamo();
Object.assign(process.env, localEnv(dynamo.endpoint, 'bench-'), { LOG_LEVEL: 'ERROR' });
const { workflowHarness } = await import('../test/support/workflow.js');
type H = Awaited<ReturnType<typeof workflowHarness>>;
type C = Awaited<ReturnType<H['candidate']>>;

const PRICE_PER_1000 = 0.025;
const TARGET = 20;
const DAY = 86_400_000;
const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

const h = await workflowHarness('2025-03-10T10:00:00', dynamo.endpoint);
let seq = 0;

/** transitions of every execution (successors included) that carried this candidate */
function transitions(c: C): number {
  let total = 0;
  for (let g = 1; ; g++) {
    try {
      total += h.exec(c, g).transitions;
    } catch {
      return total;
    }
  }
}

const paths: [string, (c: C, exam: Awaited<ReturnType<H['exam']>>) => Promise<void>, string][] = [
  [
    'paper · booked · delivered (common path)',
    async (c, exam) => {
      await h.event(c, { type: 'verified', outcome: 'qualified' });
      await h.examEvent(exam, 'resultsAnnounced');
      await h.event(c, { type: 'booked' });
      await h.arrive(exam, [c]);
      await h.event(c, { type: 'dispatched', trackingNo: 'EMS0000000000' });
      await h.event(c, { type: 'delivered' });
    },
    'JZS1',
  ],
  [
    'electronic certificate (R17)',
    async (c, exam) => {
      await h.event(c, { type: 'verified', outcome: 'qualified' });
      await h.examEvent(exam, 'resultsAnnounced');
      // R17: the electronic phase waits for hr's issuance
      await h.examEvent(exam, 'certificatesIssued');
    },
    'JZS2',
  ],
  [
    'paper · not booked (reminder) · collected on site (R19)',
    async (c, exam) => {
      await h.event(c, { type: 'verified', outcome: 'qualified' });
      await h.examEvent(exam, 'resultsAnnounced');
      await h.advanceToInstant(shift((await h.deadlines(c)).bookingCloses as string, 1));
      await h.arrive(exam, [c]);
      await h.event(c, { type: 'collected' });
    },
    'JZS1',
  ],
  [
    'pending (R7) · supplementary missed (reminder) · forfeited (R12)',
    async (c, exam) => {
      const d = await h.deadlines(c);
      await h.advanceToInstant(shift(d.verificationDue, 0.1));
      await h.examEvent(exam, 'resultsAnnounced');
      await h.advanceToInstant(shift(d.supplementaryDue, 1));
    },
    'JZS1',
  ],
  [
    'unqualified · appeal upheld · booked · delivered',
    async (c, exam) => {
      await h.event(c, { type: 'verified', outcome: 'unqualified' });
      await h.examEvent(exam, 'resultsAnnounced');
      await h.event(c, { type: 'appealFiled' });
      await h.event(c, { type: 'appealDecided', outcome: 'upheld' });
      await h.event(c, { type: 'booked' });
      await h.arrive(exam, [c]);
      await h.event(c, { type: 'dispatched', trackingNo: 'EMS0000000001' });
      await h.event(c, { type: 'delivered' });
    },
    'JZS1',
  ],
  [
    'unclaimed for five years · custody (R20), successors included',
    async (c, exam) => {
      await h.event(c, { type: 'verified', outcome: 'qualified' });
      await h.examEvent(exam, 'resultsAnnounced');
      await h.advanceToInstant(shift((await h.deadlines(c)).bookingCloses as string, 1));
      await h.arrive(exam, [c]);
      await h.advanceToInstant(shift((await h.deadlines(c)).custodyEnds, 1));
    },
    'JZS1',
  ],
];

/**
 * Long work: a broadcast to N waiting candidates as a job (count, claim, work, step by step, each step a
 * conditional write), against the same catch-ups made directly in one loop — the baseline, in the same
 * run. No Step Functions limit applies here (the accepting workflow client): the ratio is the job
 * mechanism's own overhead.
 */
const jobRows: string[] = [];
async function benchJobs() {
  const N = 1000;
  const { setWorkflowClient, workflow } = await import('../functions/lib/workflow-client.js');
  const { acceptingWorkflow } = await import('../test/support/accepting-workflow.js');
  const { examWithWaiting } = await import('../test/support/waiting.js');
  const { startJob } = await import('../functions/acts/jobs.js');
  const { drainJob } = await import('../functions/acts/job-runner.js');
  const { catchUp } = await import('../functions/acts/lifecycle.js');
  const { fanOut } = await import('../functions/lib/rate-limit.js');
  const unlimited = { ratePerSecond: 1_000_000, burst: 1_000_000 };
  const before = workflow();
  setWorkflowClient(acceptingWorkflow());
  try {
    // warm up first (module loading, the calendar, DynamoDB Local's JIT), so neither side pays for it
    const warm = await examWithWaiting(100);
    await fanOut(warm.personIds, (p) => catchUp(warm.exam.id, p, 'system:bench').then(() => undefined), {
      limit: unlimited,
    });
    const direct = await examWithWaiting(N);
    let t = performance.now();
    await fanOut(direct.personIds, (p) => catchUp(direct.exam.id, p, 'system:bench').then(() => undefined), {
      limit: unlimited,
    });
    const baseline = performance.now() - t;
    const viaJob = await examWithWaiting(N);
    t = performance.now();
    const job = await startJob({
      kind: 'examEvent',
      action: 'catchUp',
      cause: 'bench',
      actor: 'system:bench',
      examId: viaJob.exam.id,
      scope: { examIds: [viaJob.exam.id], waiting: ['results'] },
    });
    const done = await drainJob(job.jobId, { limit: unlimited });
    const jobMs = performance.now() - t;
    jobRows.push(
      `${'broadcast, direct loop (baseline)'.padEnd(40)} ${String(N).padStart(6)} ${(baseline / 1000).toFixed(2).padStart(8)} s ${((N / baseline) * 1000).toFixed(0).padStart(7)}/s ${'1.00'.padStart(6)}`,
      `${`broadcast as a job (${done.seq} steps)`.padEnd(40)} ${String(done.done).padStart(6)} ${(jobMs / 1000).toFixed(2).padStart(8)} s ${((done.done / jobMs) * 1000).toFixed(0).padStart(7)}/s ${(jobMs / baseline).toFixed(2).padStart(6)}`,
    );
  } finally {
    setWorkflowClient(before);
  }
}

/**
 * N4: the sign-in's first step must not tell a match from a miss by its timing. Median time of the act
 * for ID number + name on record against not on record (each call from its own client address, for an
 * ID number not used before, so no limit applies), raw (no answer floor) and with the default floor.
 */
const signInRows: string[] = [];
async function benchSignIn(): Promise<void> {
  const { seedDemo, demoCandidates } = await import('../scripts/local/seed.js');
  // the demo relative to the clock the acts run on (the harness's virtual one): its notice period runs
  const { now: clockNow } = await import('../functions/lib/clock.js');
  const at = clockNow();
  // the seed publishes a notice, which starts its render job: queued, not run here
  const { setJobQueue } = await import('../functions/lib/job-queue.js');
  setJobQueue({ enqueue: async () => undefined });
  await seedDemo(at);
  const { startCandidateSignIn } = await import('../functions/acts/login.js');
  const people = [...new Map(demoCandidates(at).map((c) => [c.idNumber, c])).values()];
  const N = 30;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  let next = 0;
  let client = 0;
  for (const floor of ['0', '250']) {
    process.env.SIGN_IN_MIN_MS = floor;
    const match: number[] = [];
    const miss: number[] = [];
    for (let i = 0; i < N; i++) {
      for (const [times, onRecord] of [
        [match, true],
        [miss, false],
      ] as const) {
        const p = people[next++ % people.length];
        if (!p) throw new Error('no demo candidate');
        const t0 = performance.now();
        await startCandidateSignIn(
          { idNumber: p.idNumber, name: onRecord ? p.name : '查无此人' },
          `10.9.${Math.floor(client / 250)}.${client++ % 250}`,
        );
        times.push(performance.now() - t0);
      }
    }
    const [a, b] = [median(match), median(miss)];
    signInRows.push(
      `${`answer floor ${floor} ms`.padEnd(24)} ${a.toFixed(1).padStart(9)} ms ${b.toFixed(1).padStart(9)} ms ${(b / a).toFixed(3).padStart(9)}`,
    );
  }
  delete process.env.SIGN_IN_MIN_MS;
}

/**
 * N2 at scale: a passing list of 200,000 rows imported by its job (read a chunk at a time from the
 * files store, validated, written), against a raw BatchWriteItem loop writing the same candidate items
 * one request after another (the import's parallelism: one step at a time) in the same run; and the
 * peak memory of the import at 200,000 rows against 20,000 rows (target: flat, ≤ 1.2×).
 */
const importRows: string[] = [];
async function benchImport(): Promise<void> {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { folderStore, setFileStore } = await import('../functions/lib/file-store.js');
  const { setJobQueue } = await import('../functions/lib/job-queue.js');
  const { drainJob } = await import('../functions/acts/job-runner.js');
  const { startStoredImport, uploadKey } = await import('../functions/acts/imports.js');
  const { syntheticIdNumber } = await import('../functions/domain/id-number.js');
  const { newId, personIdOf } = await import('../functions/lib/ids.js');
  const { candidateRecord } = await import('../functions/lib/candidates.js');
  const { newCandidate } = await import('../functions/domain/candidate.js');
  const { BatchWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { ddb, tableName } = await import('../functions/lib/db.js');
  const dir = mkdtempSync(join(tmpdir(), 'bench-files-'));
  setFileStore(folderStore(dir));
  setJobQueue({ enqueue: async () => undefined }); // the lifecycle start after each import is not measured
  const header = '准考证号,姓名,身份证号,手机号,地市,工作单位,学历核验,专业核验,工作年限核验,科目一';
  const person = (base: number, i: number) => {
    const n = base + i;
    const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 100) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    return {
      idNumber: syntheticIdNumber('410105', birth, n % 100),
      name: '张三丰',
      phone: `139${String(n).padStart(8, '0').slice(-8)}`,
    };
  };
  const listOf = (base: number, n: number) => {
    const lines = [header];
    for (let i = 0; i < n; i++) {
      const p = person(base, i);
      lines.push(
        `Z${base + i},${p.name},${p.idNumber},${p.phone},郑州市,某某工程有限公司,通过,通过,需人工核查,75`,
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  };
  /** The import of n rows into a new exam: its time and the peak RSS while it ran. */
  const runImport = async (base: number, n: number) => {
    const exam = await h.exam('ZJS2', { id: `ZJS2-B${base}` });
    const importId = newId(new Date());
    writeFileSync(join(dir, 'list.csv'), listOf(base, n));
    const { createReadStream } = await import('node:fs');
    await folderStore(dir).put(uploadKey(importId, 'csv'), createReadStream(join(dir, 'list.csv')));
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const t0 = performance.now();
    await startStoredImport({ importId, examId: exam.id, actor: 'system:bench', format: 'csv' });
    const done = await drainJob(importId);
    const ms = performance.now() - t0;
    clearInterval(timer);
    global.gc?.();
    const retainedMb = (process.memoryUsage().heapUsed - heap0) / 1048576;
    if (done.status !== 'done' || done.tally?.imported !== n)
      throw new Error(`bench import: ${done.status} ${JSON.stringify(done.tally)}`);
    return { ms, peakMb: (peak - rss0) / 1048576, retainedMb, exam };
  };
  /** The same candidate items, written by a raw BatchWriteItem loop, one request after another. */
  const rawWrite = async (base: number, n: number) => {
    const exam = await h.exam('ZJS2', { id: `ZJS2-R${base}` });
    // the same queue facts the import writes (every new candidate: verification, the R7 deadline)
    const { loadCalendar } = await import('../functions/lib/calendar.js');
    const { candidateDeadlines } = await import('../functions/domain/lifecycle.js');
    const { queueFacts } = await import('../functions/domain/queue.js');
    const cal = await loadCalendar();
    const t0 = performance.now();
    for (let i = 0; i < n; i += 25) {
      let req: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
        [tableName('candidates')]: Array.from({ length: Math.min(25, n - i) }, (_, k) => {
          const p = person(base, i + k);
          const c = newCandidate({ ...p, city: '4101' }, exam, personIdOf(p.idNumber), new Date());
          const queue = queueFacts(c, exam, candidateDeadlines(cal, exam, c));
          return { PutRequest: { Item: candidateRecord({ ...c, queue }) } };
        }),
      };
      while (req && Object.keys(req).length) {
        const r = await ddb.send(new BatchWriteCommand({ RequestItems: req }));
        req = r.UnprocessedItems as typeof req;
      }
    }
    return performance.now() - t0;
  };
  await runImport(900_000, 2_000); // warm up
  const small = await runImport(1_000_000, 20_000);
  const N = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
  const rawMs = await rawWrite(3_000_000, N);
  const big = await runImport(2_000_000, N);
  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
  importRows.push(
    `${`raw BatchWriteItem loop (baseline)`.padEnd(40)} ${String(N).padStart(8)} ${(rawMs / 1000).toFixed(1).padStart(8)} s ${String(rate(N, rawMs)).padStart(7)}/s ${'1.00'.padStart(7)}`,
    `${`import job, ${N} rows`.padEnd(40)} ${String(N).padStart(8)} ${(big.ms / 1000).toFixed(1).padStart(8)} s ${String(rate(N, big.ms)).padStart(7)}/s ${(rate(N, big.ms) / rate(N, rawMs)).toFixed(2).padStart(7)}   (target ≥ 0.70)`,
    '',
    `peak RSS while importing: 20,000 rows +${small.peakMb.toFixed(0)} MB, ${N} rows +${big.peakMb.toFixed(0)} MB: ${(big.peakMb / Math.max(1, small.peakMb)).toFixed(2)}×   (target ≤ 1.20)`,
    `heap kept after the import (after a full GC): 20,000 rows ${small.retainedMb.toFixed(1)} MB, ${N} rows ${big.retainedMb.toFixed(1)} MB${global.gc ? '' : '   (run with --expose-gc for this figure)'}`,
  );
}

/**
 * R17: signing throughput for a 60,000-candidate exam with the local signer (jose, WebCrypto ES256,
 * key file), against raw node:crypto ES256 signing of the same bytes in the same run (the baseline).
 */
const certRows: string[] = [];
async function benchCerts(): Promise<void> {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createPrivateKey, sign } = await import('node:crypto');
  const { certificateClaims, canonicalJson } = await import('../functions/domain/certificates.js');
  const { sampleFacts } = await import('../test/support/certificates.js');
  const { localCertSigner } = await import('../functions/lib/cert-signer.js');
  const N = Number(process.env.BENCH_CERTS ?? 60_000);
  const dir = join(mkdtempSync(join(tmpdir(), 'bench-certs-')), 'keys');
  const signer = localCertSigner(dir);
  const kid = (await signer.publicKeys()).keys[0]?.kid;
  const claims = Array.from({ length: N }, (_, i) =>
    certificateClaims(sampleFacts(i, { idNumber: `4101051990030${String(i % 100000).padStart(5, '0')}` })),
  );
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const header = b64(JSON.stringify({ alg: 'ES256', kid }));
  const key = createPrivateKey({
    key: JSON.parse(readFileSync(join(dir, '0001.jwk.json'), 'utf8')),
    format: 'jwk',
  });
  let t = performance.now();
  for (const c of claims)
    sign('sha256', Buffer.from(`${header}.${b64(canonicalJson(c))}`), { key, dsaEncoding: 'ieee-p1363' });
  const rawMs = performance.now() - t;
  const PARALLEL = 16;
  t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < N) await signer.sign(claims[next++] as (typeof claims)[number]);
    }),
  );
  const signerMs = performance.now() - t;
  const rate = (ms: number) => Math.round(N / (ms / 1000));
  certRows.push(
    `${'raw node:crypto ES256 (baseline)'.padEnd(40)} ${String(N).padStart(7)} ${(rawMs / 1000).toFixed(2).padStart(8)} s ${String(rate(rawMs)).padStart(7)}/s ${'1.00'.padStart(6)}`,
    `${'local signer (jose, key file)'.padEnd(40)} ${String(N).padStart(7)} ${(signerMs / 1000).toFixed(2).padStart(8)} s ${String(rate(signerMs)).padStart(7)}/s ${(rate(signerMs) / rate(rawMs)).toFixed(2).padStart(6)}`,
  );
}

/**
 * R17: certificate PDF render time p50/p95 and size (target ≤ 200 KB) with the subset Noto Sans SC,
 * against the same page drawn with pdf-lib's standard Helvetica (no CJK font to subset) in the same run.
 */
const certPdfRows: string[] = [];
async function benchCertPdf(): Promise<void> {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { certificateClaims } = await import('../functions/domain/certificates.js');
  const { sampleFacts, SAMPLE_ID_NUMBER } = await import('../test/support/certificates.js');
  const { localCertSigner } = await import('../functions/lib/cert-signer.js');
  const { renderCertificatePdf } = await import('../functions/lib/certificate-pdf.js');
  const N = Number(process.env.BENCH_CERT_PDFS ?? 200);
  const signer = localCertSigner(join(mkdtempSync(join(tmpdir(), 'bench-certpdf-')), 'keys'));
  const inputs = await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const claims = certificateClaims(sampleFacts(i));
      return {
        claims,
        jws: await signer.sign(claims),
        fullIdNumber: SAMPLE_ID_NUMBER,
        checkUrlBase: 'https://cert.example.cn',
      };
    }),
  );
  const measure = async (baselineFont: boolean) => {
    await renderCertificatePdf({ ...(inputs[0] as (typeof inputs)[number]), baselineFont }); // warm up (font read once)
    const ms: number[] = [];
    let bytes = 0;
    for (const input of inputs) {
      const t = performance.now();
      const pdf = await renderCertificatePdf({ ...input, baselineFont });
      ms.push(performance.now() - t);
      bytes = Math.max(bytes, pdf.length);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] as number;
    return { p50: at(0.5), p95: at(0.95), kb: bytes / 1024 };
  };
  const base = await measure(true);
  const cjk = await measure(false);
  const row = (how: string, r: typeof base, ratio: (k: 'p50' | 'p95' | 'kb') => string) =>
    `${how.padEnd(44)} ${r.p50.toFixed(1).padStart(7)} ms ${ratio('p50')} ${r.p95.toFixed(1).padStart(7)} ms ${ratio('p95')} ${r.kb.toFixed(1).padStart(7)} KB ${ratio('kb')}`;
  const x = (r: typeof base) => (k: 'p50' | 'p95' | 'kb') => `${(r[k] / base[k]).toFixed(2).padStart(5)}×`;
  certPdfRows.push(
    row('pdf-lib, standard Helvetica (baseline)', base, x(base)),
    row('certificate, subset Noto Sans SC', cjk, x(cjk)),
    '',
    `largest certificate PDF ${cjk.kb.toFixed(1)} KB: ${(cjk.kb / 200).toFixed(2)}× the target of 200 KB${cjk.kb > 200 ? '   ✖ over' : ''}`,
  );
  if (cjk.kb > 200) process.exitCode = 1;
}

/**
 * R18, issue 12: the booking peak. N bookings (BENCH_BOOKINGS, default 50,000) by distinct candidates,
 * sent over loopback by autocannon (50 connections) to the local server's PUT /api/exams/{examId}/booking
 * (routing, the candidate's JWT, zod, the act: read the candidate and the exam, the lifecycle decides,
 * one transaction with the record, the booking counter, the audit record and the SMS); and in the same
 * run to a bare node:http server doing the same DynamoDB reads and writes for other candidates (the
 * baseline). Candidates and tokens are seeded with batch writes before either is measured.
 */
const bookingRows: string[] = [];
async function benchBooking(): Promise<void> {
  const { createServer } = await import('node:http');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const autocannon = (await import('autocannon')).default;
  const { GetCommand, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { keys } = await import('../functions/data/tables.js');
  const { syntheticIdNumber } = await import('../functions/domain/id-number.js');
  const { initialFacts } = await import('../functions/domain/lifecycle.js');
  const { newBooking } = await import('../functions/domain/booking-address.js');
  const { notices } = await import('../functions/domain/wording.js');
  const { smsMessage } = await import('../functions/domain/outbox.js');
  const { candidateItem } = await import('../scripts/local/seed.js');
  const { loadCalendar } = await import('../functions/lib/calendar.js');
  const { candidatePut, counterUpdates } = await import('../functions/lib/candidates.js');
  const { auditItem, batchPut, ddb, tableName } = await import('../functions/lib/db.js');
  const { outboxPut } = await import('../functions/lib/outbox.js');
  const { newId, personIdOf } = await import('../functions/lib/ids.js');
  const { now } = await import('../functions/lib/clock.js');
  const { localIssuer } = await import('../scripts/local/tokens.js');
  const { startServer } = await import('../scripts/local/server.js');
  type Candidate = import('../functions/domain/candidate.js').Candidate;

  const N = Number(process.env.BENCH_BOOKINGS ?? 50_000);
  const WARM = Math.min(1_000, Math.ceil(N / 5));
  const announced = new Date(now().getTime() - 86_400_000).toISOString();
  const exam = {
    id: 'XFS1-BENCH',
    examType: 'XFS1',
    name: '一级注册消防工程师（基准）',
    year: 2025,
    examEnd: '2024-12-01',
    scoreRelease: '2025-01-10',
    resultsAnnouncedAt: announced,
  };
  await batchPut(tableName('catalog'), [{ ...keys.exam(exam.id), ...exam }]);
  const cal = await loadCalendar();
  const cities = ['4101', '4102', '4103', '4113'];
  const person = (n: number): Candidate => {
    const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 100) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const idNumber = syntheticIdNumber('410105', birth, n % 100);
    const at = now().toISOString();
    return {
      personId: personIdOf(idNumber),
      examId: exam.id,
      examType: exam.examType,
      name: '张三丰',
      idNumber,
      phone: `139${String(n).padStart(8, '0').slice(-8)}`,
      city: cities[n % cities.length] as string,
      status: 'qualified',
      lifecycle: { ...initialFacts(), resultNotifiedAt: announced, qualifiedAt: announced },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
  };
  // the candidates of both sides and their warm-ups, seeded with batch writes (25 items a request, 8 at once)
  const total = 2 * (N + WARM);
  const people = Array.from({ length: total }, (_, i) => person(i));
  let t = performance.now();
  const items = people.map((c) => candidateItem(c, exam, cal));
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 2500) chunks.push(items.slice(i, i + 2500));
  let nextChunk = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (nextChunk < chunks.length) await batchPut(tableName('candidates'), chunks[nextChunk++] ?? []);
    }),
  );
  const seedMs = performance.now() - t;
  const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'bench-booking-')), 'jwt-key.json'));
  t = performance.now();
  const ours = people.slice(0, N + WARM);
  const tokens = await Promise.all(ours.map(async (c) => (await issuer.candidateToken(c.personId)).token));
  const tokenMs = performance.now() - t;
  const body = (c: Candidate) =>
    JSON.stringify({
      recipient: c.name,
      phone: c.phone,
      phoneConfirm: c.phone,
      districtCode: '410105',
      street: '金水区花园路 88 号 3 号楼 2 单元 501 室',
      postcode: '450003',
      codAcknowledged: true,
    });

  // the local server, as `npm start` runs it (its routes, authorizer and handler modules)
  const local = await startServer({ port: 0, webDir: join(tmpdir(), 'bench-no-web'), issuer });
  // the baseline: node:http, the same reads (candidate, exam) and the same one transaction
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const input = JSON.parse(Buffer.concat(chunks).toString());
        const personId = String(req.headers['x-person']);
        const [r] = await Promise.all([
          ddb.send(
            new GetCommand({
              TableName: tableName('candidates'),
              Key: keys.candidate(personId, exam.id),
              ConsistentRead: true,
            }),
          ),
          ddb.send(new GetCommand({ TableName: tableName('catalog'), Key: keys.exam(exam.id) })),
        ]);
        const prev = r.Item as Candidate;
        const at = now();
        const booking = newBooking(input, `YJ${newId(at).toUpperCase()}`, at.toISOString());
        const next = {
          ...prev,
          booking,
          lifecycle: { ...(prev.lifecycle ?? initialFacts()), bookedAt: at.toISOString() },
          version: prev.version + 1,
          updatedAt: at.toISOString(),
        };
        await ddb.send(
          new TransactWriteCommand({
            TransactItems: [
              candidatePut(next, prev.version),
              ...counterUpdates(exam.id, [{ city: prev.city, status: 'booking_booked', by: 1 }], personId),
              outboxPut(
                smsMessage(newId(at), prev.phone, notices.booked(booking.reference, announced), at, personId),
              ),
              auditItem({
                subject: keys.auditSubjectCandidate(exam.id, personId),
                action: 'lifecycle.booked',
                actor: `candidate:${personId}`,
              }),
            ],
          }),
        );
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ booking }));
      } catch (e) {
        res.writeHead(500).end(String((e as Error).message));
      }
    });
  });
  await new Promise<void>((ok) => bare.listen(0, '127.0.0.1', ok));
  const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}`;

  const path = `/api/exams/${exam.id}/booking`;
  /** autocannon: `amount` requests, each for the next candidate of `from` */
  const run = async (
    url: string,
    from: number,
    amount: number,
    headers: (i: number) => Record<string, string>,
  ) => {
    let i = from;
    return autocannon({
      url,
      connections: 50,
      amount,
      requests: [
        {
          method: 'PUT',
          path,
          setupRequest: (req) => {
            const k = i++;
            return {
              ...req,
              headers: { 'content-type': 'application/json', ...headers(k) },
              body: body(people[k] as Candidate),
            };
          },
        },
      ],
    });
  };
  const ourHeaders = (k: number) => ({ authorization: `Bearer ${tokens[k]}` });
  const bareHeaders = (k: number) => ({ 'x-person': (people[k] as Candidate).personId });
  const bareFrom = N + WARM;
  try {
    // warm up both (JIT, DynamoDB Local); then ROUNDS rounds, each the baseline then the local server, so
    // neither side gets the quieter or the warmer part of the run
    await run(local.url, N, WARM, ourHeaders);
    await run(bareUrl, bareFrom + N, WARM, bareHeaders);
    const ROUNDS = 4;
    type R = Awaited<ReturnType<typeof run>>;
    const baseRuns: R[] = [];
    const mineRuns: R[] = [];
    for (let k = 0; k < ROUNDS; k++) {
      const from = Math.floor((k * N) / ROUNDS);
      const amount = Math.floor(((k + 1) * N) / ROUNDS) - from;
      baseRuns.push(await run(bareUrl, bareFrom + from, amount, bareHeaders));
      mineRuns.push(await run(local.url, from, amount, ourHeaders));
    }
    /** the rounds together: requests, rate over their summed time, the mean of their p99s, errors */
    const sum = (rs: R[]) => {
      const reqs = rs.reduce((a, r) => a + r.requests.total, 0);
      const secs = rs.reduce((a, r) => a + r.duration, 0);
      return {
        reqs,
        rate: reqs / secs,
        p99: rs.reduce((a, r) => a + r.latency.p99, 0) / rs.length,
        errors: rs.reduce((a, r) => a + r.errors + r.non2xx, 0),
      };
    };
    const base = sum(baseRuns);
    const mine = sum(mineRuns);
    const x = (a: number, b: number) => `${(a / b).toFixed(2).padStart(5)}×`;
    const row = (how: string, r: typeof base) =>
      `${how.padEnd(40)} ${String(r.reqs).padStart(7)} ${r.rate.toFixed(0).padStart(7)}/s ${x(r.rate, base.rate)} ${r.p99.toFixed(0).padStart(6)} ms ${x(r.p99, base.p99)} ${String(r.errors).padStart(6)}`;
    bookingRows.push(
      row('bare node:http, same reads/writes (base)', base),
      row('local server PUT …/booking', mine),
      '',
      `throughput ${(mine.rate / base.rate).toFixed(2)}× (target ≥ 0.80) · p99 ${(mine.p99 / base.p99).toFixed(2)}× (target ≤ 1.25) · errors ${mine.errors} (target 0)`,
      `seeded ${total.toLocaleString('en')} candidates in ${(seedMs / 1000).toFixed(1)} s (batch writes), ${ours.length.toLocaleString('en')} tokens in ${(tokenMs / 1000).toFixed(1)} s; ${ROUNDS} alternating rounds`,
    );
    if (mine.errors > 0 || base.errors > 0) process.exitCode = 1;
  } finally {
    local.server.closeAllConnections();
    await new Promise<void>((ok) => local.server.close(() => ok()));
    bare.closeAllConnections();
    await new Promise<void>((ok) => bare.close(() => ok()));
  }
}

const rows: { path: string; transitions: number; cost: number; ratio: number; status: string }[] = [];
const bundleRows: string[] = [];
try {
  for (const [path, drive, examType] of paths) {
    const exam = await h.exam(examType);
    const c = await h.candidate(exam, ++seq);
    await h.start(c);
    await drive(c, exam);
    const n = transitions(c);
    const last = (await h.record(c)).lifecycle?.generation ?? 1;
    rows.push({
      path,
      transitions: n,
      cost: (n * 100_000 * PRICE_PER_1000) / 1000,
      ratio: n / TARGET,
      status: h.exec(c, last).status,
    });
  }
  // BENCH_ONLY=import (or jobs, signin, certs, certpdf, booking, bundles; comma-separated) runs just those parts after the transitions
  const only = (process.env.BENCH_ONLY ?? 'jobs,signin,import,certs,certpdf,booking,bundles').split(',');
  if (only.includes('jobs')) await benchJobs();
  if (only.includes('signin')) await benchSignIn();
  if (only.includes('import')) await benchImport();
  if (only.includes('certs')) await benchCerts();
  if (only.includes('certpdf')) await benchCertPdf();
  if (only.includes('booking')) await benchBooking();
  if (only.includes('bundles')) bundleRows.push(...(await (await import('./bundles.js')).benchBundles()));
} finally {
  h.runner.stopAll();
  await dynamo.stop();
}

console.log('\nLifecycle state transitions per candidate (Step Functions Standard, $0.025 per 1,000)\n');
console.log(
  `${'path'.padEnd(66)} ${'transitions'.padStart(11)} ${'× target 20'.padStart(11)} ${'$ / 100k'.padStart(9)}  end`,
);
for (const r of rows) {
  console.log(
    `${r.path.padEnd(66)} ${String(r.transitions).padStart(11)} ${r.ratio.toFixed(2).padStart(11)} ${r.cost.toFixed(2).padStart(9)}  ${r.status}`,
  );
}
const common = rows[0];
if (common && common.transitions > TARGET) {
  console.error(`\n✖ the common path takes ${common.transitions} transitions, over the target of ${TARGET}`);
  process.exitCode = 1;
}

console.log('\nLong work: a broadcast to waiting candidates (DynamoDB Local, Step Functions limits off)\n');
console.log(
  `${'how'.padEnd(40)} ${'items'.padStart(6)} ${'time'.padStart(10)} ${'rate'.padStart(9)} ${'× base'.padStart(6)}`,
);
for (const r of jobRows) console.log(r);

console.log(
  '\nSign-in start, on record vs not (N4: the same answer after the same time), median of 30 each\n',
);
console.log(`${'how'.padEnd(24)} ${'on record'.padStart(12)} ${'not'.padStart(12)} ${'× match'.padStart(9)}`);
for (const r of signInRows) console.log(r);

console.log(
  '\nPassing-list import (N2): rows/s against a raw BatchWriteItem loop, and memory (DynamoDB Local)\n',
);
console.log(
  `${'how'.padEnd(40)} ${'rows'.padStart(8)} ${'time'.padStart(10)} ${'rate'.padStart(9)} ${'× base'.padStart(7)}`,
);
for (const r of importRows) console.log(r);

if (certRows.length) {
  console.log('\nCertificate signing (R17): certificates/s for a 60,000-candidate exam, against raw ES256\n');
  console.log(
    `${'how'.padEnd(40)} ${'certs'.padStart(7)} ${'time'.padStart(10)} ${'rate'.padStart(9)} ${'× base'.padStart(6)}`,
  );
  for (const r of certRows) console.log(r);
}

if (certPdfRows.length) {
  console.log(
    `\nCertificate PDF (R17): render time over ${process.env.BENCH_CERT_PDFS ?? 200} renders and size, against the same page in a standard font\n`,
  );
  console.log(
    `${'how'.padEnd(44)} ${'p50'.padStart(10)} ${'× base'.padStart(6)} ${'p95'.padStart(10)} ${'× base'.padStart(6)} ${'size'.padStart(10)} ${'× base'.padStart(6)}`,
  );
  for (const r of certPdfRows) console.log(r);
}

if (bookingRows.length) {
  console.log(
    `\nMail booking (R18): ${Number(process.env.BENCH_BOOKINGS ?? 50_000).toLocaleString('en')} bookings by distinct candidates over loopback (autocannon, 50 connections, DynamoDB Local)\n`,
  );
  console.log(
    `${'how'.padEnd(40)} ${'reqs'.padStart(7)} ${'rate'.padStart(9)} ${'× base'.padStart(6)} ${'p99'.padStart(9)} ${'× base'.padStart(6)} ${'errors'.padStart(6)}`,
  );
  for (const r of bookingRows) console.log(r);
}

if (bundleRows.length) {
  console.log(
    '\nLambda bundles: minified size and import time against the DynamoDB-client yardstick (cold start)\n',
  );
  for (const r of bundleRows) console.log(r);
}
