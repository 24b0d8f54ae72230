/**
 * `npm run bench`: the lifecycle's cost. Runs each path of the state machine (the real definition,
 * locally, on a virtual clock) and prints the state transitions it takes and what 100,000 candidates on
 * that path cost at $0.025 per 1,000 transitions (Step Functions Standard), as a ratio against the
 * target of 20 transitions for the common path, measured in the same run.
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
      await h.examEvent(exam, 'certificatesArrived');
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
    },
    'JZS2',
  ],
  [
    'paper · not booked (reminder) · collected on site (R19)',
    async (c, exam) => {
      await h.event(c, { type: 'verified', outcome: 'qualified' });
      await h.examEvent(exam, 'resultsAnnounced');
      await h.advanceToInstant(shift((await h.deadlines(c)).bookingCloses as string, 1));
      await h.examEvent(exam, 'certificatesArrived');
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
      await h.examEvent(exam, 'certificatesArrived');
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
      await h.examEvent(exam, 'certificatesArrived');
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
  const { startJob, drainJob } = await import('../functions/acts/jobs.js');
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
  await seedDemo();
  const { startCandidateSignIn } = await import('../functions/acts/login.js');
  const people = [...new Map(demoCandidates(new Date()).map((c) => [c.idNumber, c])).values()];
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

const rows: { path: string; transitions: number; cost: number; ratio: number; status: string }[] = [];
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
  await benchJobs();
  await benchSignIn();
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
