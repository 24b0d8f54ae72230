/**
 * Long work (functions/domain/jobs.ts) on AWS: the job queue (SQS) and the job worker Lambda that runs
 * one chunk per message (functions/handlers/job-worker.ts). Acts that start long work write the job
 * record and send its first message (`JobQueueAccess.grantStart`); the worker sends each next one.
 * A chunk that keeps failing goes, after MAX_RECEIVES receives, to the dead-letter queue, which alarms.
 * The worker drives lifecycle executions (it starts them for an exam and wakes waiting ones), at the
 * Step Functions rate, with at most a few chunks at a time.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVES } from '../../functions/handlers/job-worker.js';
import type { Files } from './files.js';
import type { FunctionFactory } from './functions.js';
import type { LifecycleAccess } from './lifecycle-functions.js';

/** The environment variable functions/lib/job-queue.ts reads the queue's URL from. */
export const JOB_QUEUE_ENV = 'JOB_QUEUE_URL';

/** One chunk's time budget: 100 items at the Step Functions rate take a few seconds; this leaves room. */
const WORKER_TIMEOUT = Duration.minutes(2);

/** Chunks run at once; together they share the region's Step Functions rates (functions/lib/rate-limit.ts). */
const WORKER_CONCURRENCY = 4;
/** The region's rates the workers share (the smaller regions' StartExecution / SendTaskSuccess refill rates). */
const REGION_RATE = { start: 150, task: 150 };
const share = (n: number) => String(Math.floor(n / WORKER_CONCURRENCY));

export interface JobsProps {
  functions: FunctionFactory;
  lifecycle: LifecycleAccess;
  alarmAction?: IAlarmAction;
  /** the files store: an import's list, conversion and row errors */
  files: Files;
  /** the personal-data key (infra/constructs/data-key.ts): job messages name candidates and their lists */
  key: IKey;
}

/** What a function that starts jobs needs: the queue's URL and permission to send to it. */
export class JobQueueAccess {
  constructor(readonly queue: Queue) {}
  get environment(): Record<string, string> {
    return { [JOB_QUEUE_ENV]: this.queue.queueUrl };
  }
  grantStart(fn: IFunction): void {
    this.queue.grantSendMessages(fn);
  }
}

export class Jobs extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly worker: NodejsFunction;
  readonly sweeper: NodejsFunction;
  readonly access: JobQueueAccess;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      // longer than the worker's timeout, so a chunk in progress is not handed to a second worker
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 3),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_RECEIVES },
    });
    this.access = new JobQueueAccess(this.queue);

    this.worker = props.functions.create(this, 'Worker', {
      entry: 'functions/handlers/job-worker.ts',
      handler: 'handler',
      description: 'Runs one chunk of a long job (broadcast, re-plan, lifecycle starts) per queue message',
      reads: ['catalog', 'candidates', 'jobs'],
      // a notice's render records what it rendered; its take-down, that the list is down
      writes: ['candidates', 'audit', 'outbox', 'jobs', 'catalog'],
      // an import hashes the ID numbers of its rows (functions/lib/ids.ts)
      personIdKey: true,
      timeout: WORKER_TIMEOUT,
      environment: {
        ...props.lifecycle.environment,
        ...this.access.environment,
        ...props.files.environment,
        // each running chunk takes its share of the region's rates, so together they stay under them
        SFN_START_RATE: share(REGION_RATE.start),
        // a bucket kept across chunks (functions/acts/jobs.ts): a burst no larger than a second's share
        SFN_START_BURST: share(REGION_RATE.start),
        SFN_TASK_RATE: share(REGION_RATE.task),
        SFN_TASK_BURST: share(REGION_RATE.task),
      },
      wildcardResourceReasons: props.lifecycle.wakeReasons,
    });
    props.lifecycle.grantDrive(this.worker);
    // an import reads its list or ZIP and writes its conversion and its row errors; a materials ZIP's
    // files are copied to the candidates' materials; a report writes its CSV and XLSX
    props.files.grant(this.worker, 'write', ['imports', 'materials', 'reports', 'work']);
    this.access.grantStart(this.worker);
    this.worker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        // a few chunks at a time: together they stay under the regional Step Functions rates
        maxConcurrency: WORKER_CONCURRENCY,
      }),
    );

    // a job whose queue message was lost (a crash between saving a step and sending the next) is
    // announced again by the sweeper; a duplicate is harmless (each step moves the job once)
    this.sweeper = props.functions.create(this, 'Sweeper', {
      entry: 'functions/handlers/job-worker.ts',
      handler: 'sweep',
      description:
        'Announces again the current step of every active job that has stopped moving; starts the take-down of every notice list whose period is over',
      reads: ['jobs'],
      // the notices (one small catalog partition); a take-down job, recorded on its notice with its audit
      writes: ['jobs', 'catalog', 'audit'],
      personIdKey: false,
      timeout: Duration.minutes(1),
      environment: this.access.environment,
    });
    this.access.grantStart(this.sweeper);
    new Rule(this, 'SweepSchedule', {
      description:
        'Every 5 minutes: resume stalled jobs, take down notice lists whose period is over (functions/handlers/job-worker.ts sweep)',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(this.sweeper)],
    });

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        'A job chunk failed after every retry: its job is recorded as failed (GET /api/jobs/{jobId} shows the ' +
        'error). Fix the cause, then start the work again (every chunk is idempotent).',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmAction) this.deadLetterAlarm.addAlarmAction(props.alarmAction);
  }
}
