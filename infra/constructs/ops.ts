/**
 * What operators watch (docs/runbook.md says what to do for each): alarms, every one notifying the ops
 * alerts topic, and one CloudWatch dashboard with the same signals. The constructs that own a queue or
 * a machine make its alarm (job and lifecycle dead letters, failed executions, failed deliveries); this
 * adds the stack-wide ones:
 * - the API's 5xx rate (server errors per request, %) and p99 latency;
 * - throttles: Lambda (the account's functions) and Step Functions executions, and DynamoDB read and
 *   write throttle events over every table;
 * - jobs that stopped making progress: the sweeper logs `stalled job announced again` for each active
 *   job that has not moved for its stall time (functions/acts/jobs.ts); a metric filter counts those
 *   lines, and the alarm fires when stalls keep being found for 15 minutes (a resumed job stops
 *   stalling at once; one that stalls again and again is stuck).
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarmAction,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SERVICE_NAME } from './functions.js';

/** The custom metrics' namespace. */
export const METRIC_NAMESPACE = 'CertWorkflow';
/** The sweeper's log line for a job that stopped moving (functions/acts/jobs.ts). */
export const STALLED_JOB_MESSAGE = 'stalled job announced again';

/** The alarm thresholds, stated once (docs/runbook.md quotes them). */
export const OPS_THRESHOLDS = {
  /** % of API requests answered 5xx, in 2 of 3 five-minute periods */
  serverErrorPercent: 1,
  /** ms, p99 of the API's latency, 3 five-minute periods running */
  p99LatencyMs: 5000,
  /** throttled Lambda invocations + Step Functions executions in five minutes */
  workflowThrottles: 10,
  /** DynamoDB throttle events (reads or writes, all tables) in five minutes */
  tableThrottles: 10,
  /** five-minute periods running in which the sweeper found a stalled job */
  stalledPeriods: 3,
} as const;

export interface OpsProps {
  alarmAction: IAlarmAction;
  httpApi: HttpApi;
  stateMachine: IStateMachine;
  tables: TableV2[];
  /** the job sweeper's log group (its `stalled job announced again` lines) */
  sweeperLogs: ILogGroup;
  /** the alarms other constructs made, shown on the dashboard too */
  existing: Alarm[];
}

const FIVE_MINUTES = Duration.minutes(5);

export class Ops extends Construct {
  readonly serverErrors: Alarm;
  readonly latency: Alarm;
  readonly workflowThrottles: Alarm;
  readonly tableReadThrottles: Alarm;
  readonly tableWriteThrottles: Alarm;
  readonly stalledJobs: Alarm;
  readonly dashboard: Dashboard;
  /** every alarm of the stack */
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: OpsProps) {
    super(scope, id);
    const t = OPS_THRESHOLDS;
    const alarm = (
      name: string,
      description: string,
      metric: Metric | MathExpression,
      threshold: number,
      periods: number,
      toAlarm = periods,
    ) =>
      new Alarm(this, name, {
        alarmDescription: `${description} (docs/runbook.md)`,
        metric,
        threshold,
        evaluationPeriods: periods,
        datapointsToAlarm: toAlarm,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

    const requests = props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errors5xx = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: errors5xx },
      label: 'API 5xx (% of requests)',
      period: FIVE_MINUTES,
    });
    this.serverErrors = alarm(
      'Api5xxRate',
      `More than ${t.serverErrorPercent}% of API requests answered 5xx in 2 of 3 five-minute periods`,
      errorRate,
      t.serverErrorPercent,
      3,
      2,
    );
    const p99 = props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' });
    this.latency = alarm(
      'ApiLatencyP99',
      `The API's p99 latency stayed at or above ${t.p99LatencyMs} ms for 15 minutes`,
      p99,
      t.p99LatencyMs,
      3,
    );

    const lambdaThrottles = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    const sfnThrottles = props.stateMachine.metric('ExecutionThrottled', {
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    this.workflowThrottles = alarm(
      'WorkflowThrottles',
      'Lambda invocations or lifecycle executions were throttled (concurrency or Step Functions rates)',
      new MathExpression({
        expression: 'FILL(lambda, 0) + FILL(sfn, 0)',
        usingMetrics: { lambda: lambdaThrottles, sfn: sfnThrottles },
        label: 'Throttled invocations and executions',
        period: FIVE_MINUTES,
      }),
      t.workflowThrottles,
      1,
    );
    const tableSum = (metricName: string) => {
      const p = metricName.startsWith('Read') ? 'r' : 'w';
      return new MathExpression({
        expression: props.tables.map((_, i) => `FILL(${p}${i}, 0)`).join(' + '),
        usingMetrics: Object.fromEntries(
          props.tables.map((table, i) => [
            `${p}${i}`,
            table.metric(metricName, { statistic: 'Sum', period: FIVE_MINUTES }),
          ]),
        ),
        label: `${metricName} (all tables)`,
        period: FIVE_MINUTES,
      });
    };
    this.tableReadThrottles = alarm(
      'TableReadThrottles',
      'DynamoDB throttled reads (on-demand tables: a sudden peak beyond twice the previous one)',
      tableSum('ReadThrottleEvents'),
      t.tableThrottles,
      1,
    );
    this.tableWriteThrottles = alarm(
      'TableWriteThrottles',
      'DynamoDB throttled writes (on-demand tables: a sudden peak beyond twice the previous one)',
      tableSum('WriteThrottleEvents'),
      t.tableThrottles,
      1,
    );

    new MetricFilter(this, 'StalledJobsFilter', {
      logGroup: props.sweeperLogs,
      filterPattern: FilterPattern.stringValue('$.message', '=', STALLED_JOB_MESSAGE),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'StalledJobs',
      metricValue: '1',
      defaultValue: 0,
    });
    const stalled = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'StalledJobs',
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    this.stalledJobs = alarm(
      'StalledJobs',
      'Jobs stopped making progress: the sweeper found a stalled job in every five-minute period for 15 minutes',
      stalled,
      1,
      t.stalledPeriods,
    );

    const own = [
      this.serverErrors,
      this.latency,
      this.workflowThrottles,
      this.tableReadThrottles,
      this.tableWriteThrottles,
      this.stalledJobs,
    ];
    for (const a of own) a.addAlarmAction(props.alarmAction);
    this.alarms = [...props.existing, ...own];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${SERVICE_NAME}-ops`,
      defaultInterval: Duration.hours(6),
      widgets: [
        [new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
        [
          new GraphWidget({ title: 'API requests and 5xx', left: [requests, errors5xx], right: [errorRate] }),
          new GraphWidget({ title: 'API latency p99 (ms)', left: [p99] }),
        ],
        [
          new GraphWidget({ title: 'Throttles', left: [lambdaThrottles, sfnThrottles] }),
          new GraphWidget({
            title: 'DynamoDB throttle events',
            left: [tableSum('ReadThrottleEvents'), tableSum('WriteThrottleEvents')],
          }),
        ],
        [
          new GraphWidget({
            title: 'Lifecycle executions',
            left: [
              props.stateMachine.metricFailed({ period: FIVE_MINUTES }),
              props.stateMachine.metricSucceeded({ period: FIVE_MINUTES }),
            ],
          }),
          new GraphWidget({ title: 'Stalled jobs found by the sweeper', left: [stalled] }),
        ],
        [
          new GraphWidget({
            title: 'Dead letters and failures (alarm metrics)',
            left: props.existing.map((a) => a.metric),
            width: 24,
          }),
        ],
      ],
    });
  }
}
