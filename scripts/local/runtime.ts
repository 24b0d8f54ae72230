/**
 * The whole system on one machine: DynamoDB Local, the tables, demo data, the outbox printer and the
 * local gateway serving the API and the web build. `npm start` (scripts/start.ts) and the browser
 * tests both use `startLocal`.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { folderStore, setFileStore } from '../../functions/lib/file-store.js';
import { setFileWorker } from '../../functions/lib/file-worker.js';
import { setJobQueue } from '../../functions/lib/job-queue.js';
import type { RateLimit } from '../../functions/lib/rate-limit.js';
import { folderSite, setSiteStore } from '../../functions/lib/site-store.js';
import { endLeftover, ensureTables, type LocalDynamo, startDynamo, tableEnv } from './dynamo.js';
import type { LocalJobWorker } from './jobs.js';
import type { LocalStepFunctions } from './stepfunctions.js';

/**
 * Start (or resume) the lifecycle of every candidate of every exam: one job per exam, run by the local
 * job worker. Resolves with the number of lifecycles started once every exam's job is done.
 */
async function resumeLifecycles(jobs: LocalJobWorker, quiet: boolean): Promise<number> {
  const { listExams } = await import('../../functions/lib/catalog.js');
  const { startJob } = await import('../../functions/acts/jobs.js');
  const { lifecycleStartJob } = await import('../../functions/acts/lifecycle.js');
  const { readJob } = await import('../../functions/lib/jobs.js');
  const started = await Promise.all(
    (await listExams()).map((exam) => startJob(lifecycleStartJob(exam.id, 'system:local'))),
  );
  await jobs.idle();
  let total = 0;
  for (const j of started) {
    const r = await readJob(j.jobId);
    total += r?.done ?? 0;
    if (r?.failed && !quiet)
      console.error(`  ${j.examId}: ${r.failed} lifecycles could not start (${r.errors[0]?.error})`);
  }
  return total;
}

export interface LocalOptions {
  /** 0 = any free port */
  port?: number;
  /** where data and the local signing key live (git-ignored); default .local */
  dataDir?: string;
  /** start with empty tables */
  fresh?: boolean;
  /** keep DynamoDB data in memory only */
  inMemory?: boolean;
  seed?: boolean;
  quiet?: boolean;
  /** reuse a running DynamoDB Local (tests) instead of starting one */
  dynamoEndpoint?: string;
  /** table name prefix, so several runs can share one DynamoDB Local */
  tablePrefix?: string;
  webDir?: string;
  /** start (resume) every candidate's lifecycle execution (default true) */
  lifecycles?: boolean;
  /** the job worker's rate of calls (default 500 a second; tests slow it) */
  jobLimit?: RateLimit;
}

export interface LocalSystem {
  url: string;
  /** resolves with the number of lifecycles started once every exam's are */
  lifecycles: Promise<number>;
  runner: LocalStepFunctions;
  /** the local job worker (long work: broadcasts, re-plans, lifecycle starts) */
  jobs: LocalJobWorker;
  dynamoEndpoint: string;
  stop(): Promise<void>;
  demo: {
    staff: { username: string; password: string; role: string; department: string }[];
    candidates: { idNumber: string; name: string; examId: string }[];
  };
}

/** Local mode's fixed settings; the person-id key is a development value, never used on AWS. */
export function localEnv(endpoint: string, prefix: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'cn-local-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    PERSON_ID_KEY: 'local-development-person-id-key',
    POWERTOOLS_SERVICE_NAME: 'cert-workflow',
    LOCAL_MODE: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    ...tableEnv(prefix),
  };
}

/** How often the local system does what the sweeper's schedule does on AWS (every 5 minutes there). */
const SWEEP_MS = 60_000;

export async function startLocal(opts: LocalOptions = {}): Promise<LocalSystem> {
  const dataDir = resolve(opts.dataDir ?? '.local');
  const prefix = opts.tablePrefix ?? 'local-';
  let dynamo: LocalDynamo | null = null;
  if (!opts.dynamoEndpoint) {
    const dbPath = join(dataDir, 'dynamodb');
    // a DynamoDB Local a killed start left running is found by its pid file and ended (dynamo.ts),
    // before --fresh empties the folder it holds
    const pidFile = join(dataDir, 'dynamodb.pid');
    const ended = await endLeftover(pidFile);
    if (ended && !opts.quiet)
      console.log(`  已结束上次遗留的 DynamoDB Local / ended the DynamoDB Local left running (pid ${ended})`);
    if (opts.fresh) rmSync(dbPath, { recursive: true, force: true });
    dynamo = await startDynamo(opts.inMemory ? { pidFile } : { dbPath, pidFile });
  }
  const endpoint = opts.dynamoEndpoint ?? (dynamo as LocalDynamo).endpoint;
  try {
    Object.assign(process.env, localEnv(endpoint, prefix));
    // uploaded lists and what jobs make of them: a folder under the data directory (S3 on AWS)
    process.env.LOCAL_FILES_DIR = join(dataDir, 'files');
    setFileStore(folderStore(process.env.LOCAL_FILES_DIR));
    // the public site's rendered announcements: a folder the server serves under /announcements/
    process.env.LOCAL_SITE_DIR = join(dataDir, 'site');
    setSiteStore(folderSite(process.env.LOCAL_SITE_DIR));
    // the certificate signing keys (R17): P-256 key files under the data directory (KMS on AWS)
    process.env.LOCAL_CERT_KEYS_DIR = join(dataDir, 'cert-keys');
    // PDF and spreadsheet work (certificate PDFs, an inline list's header) in this process: on AWS the
    // file worker, a Lambda function of its own
    const { fileTasks } = await import('../../functions/acts/file-tasks.js');
    setFileWorker(fileTasks);
    await ensureTables(endpoint, prefix);
    // handler modules create their SDK clients at import: import them only now that the env is set
    const { seedDemo, demoStaff, demoDepartments, DEMO_PASSWORD } = await import('./seed.js');
    const { localIssuer } = await import('./tokens.js');
    const { startServer } = await import('./server.js');
    const { startOutboxPrinter } = await import('./outbox-printer.js');
    // jobs the seed starts wait in the jobs table for the worker started below (its queue is that table)
    setJobQueue({ enqueue: async () => undefined });
    const seeded = opts.seed === false ? { seeded: false, candidates: [] } : await seedDemo();
    const issuer = await localIssuer(join(dataDir, 'jwt-key.json'));
    const { server, url } = await startServer({
      port: opts.port ?? 3000,
      webDir: opts.webDir ?? 'dist/web',
      staticDirs: {
        '/announcements/': join(process.env.LOCAL_SITE_DIR, 'announcements'),
        // the certificates' public keys (jwks.json), published by the issuance
        '/.well-known/': join(process.env.LOCAL_SITE_DIR, '.well-known'),
      },
      issuer,
    });
    const printer = await startOutboxPrinter(endpoint, prefix, opts.quiet ?? false);
    // the lifecycle state machine on the real clock; every lifecycle resumes from what DynamoDB holds
    const { startLocalLifecycle } = await import('./lifecycle.js');
    const { RealClock } = await import('./clock.js');
    const runner = await startLocalLifecycle(new RealClock());
    // long work (broadcasts, re-plans, lifecycle starts) runs as jobs; the worker resumes any left over
    const { startLocalJobWorker } = await import('./jobs.js');
    const jobs = startLocalJobWorker({
      limit: opts.jobLimit ?? { ratePerSecond: 500, burst: 100 },
      quiet: opts.quiet ?? false,
    });
    // the schedule the sweeper keeps on AWS: notices whose period is over have their list taken down,
    // exams whose round 1 is due get their round-1 report, and once supplementaryDue has passed their
    // supplementary report (R13)
    const { takeDownDueNotices } = await import('../../functions/acts/notice-site.js');
    const { reportDueExams } = await import('../../functions/acts/reports.js');
    const sweep = () =>
      Promise.all([takeDownDueNotices(), reportDueExams()]).catch((e: unknown) => {
        if (!opts.quiet) console.error('scheduled work:', (e as Error).message);
        return [0, 0];
      });
    const sweeper = setInterval(sweep, SWEEP_MS);
    sweeper.unref();
    void sweep();
    const lifecycles =
      opts.lifecycles === false ? Promise.resolve(0) : resumeLifecycles(jobs, opts.quiet ?? false);
    return {
      url,
      dynamoEndpoint: endpoint,
      demo: {
        staff: demoStaff.map((s) => ({
          username: s.username,
          password: DEMO_PASSWORD,
          role: s.role,
          department: demoDepartments.find((d) => d.id === s.deptId)?.name ?? s.deptId,
        })),
        candidates: seeded.candidates,
      },
      lifecycles,
      runner,
      jobs,
      async stop() {
        clearInterval(sweeper);
        runner.stopAll('Stopped', 'local system stopping');
        await jobs.stop();
        await lifecycles.catch(() => 0);
        await printer.stop();
        server.closeAllConnections();
        await new Promise<void>((ok) => server.close(() => ok()));
        await dynamo?.stop();
      },
    };
  } catch (e) {
    await dynamo?.stop();
    throw e;
  }
}
