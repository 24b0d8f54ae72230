/**
 * The lifecycle state machine as deployed: its five Lambda tasks (functions/handlers/lifecycle.ts),
 * made by the function factory, the state machine of infra/constructs/lifecycle.ts, its alarms, and the
 * access other functions need to drive it (`LifecycleAccess`: start, stop and wake executions).
 *
 * No circular reference: the machine's definition refers to the task functions, so no function may refer
 * to the machine resource. Every function gets the machine's ARN as a string formatted from its fixed
 * name (LIFECYCLE_MACHINE_NAME) instead of `stateMachine.stateMachineArn`; the IAM grants use the same
 * string. The machine may then be created after (or without) the functions that call it.
 */
import { ArnFormat, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Files } from './files.js';
import type { FunctionFactory } from './functions.js';
import { LIFECYCLE_MACHINE_NAME, Lifecycle, type LifecycleTaskName, lifecycleTasks } from './lifecycle.js';
import { acknowledge } from './nag.js';

/** The environment variable functions/lib/workflow-client.ts reads the machine's ARN from. */
export const LIFECYCLE_ARN_ENV = 'LIFECYCLE_STATE_MACHINE_ARN';

const SEND_TASK_REASON =
  'states:SendTaskSuccess and states:SendTaskFailure (waking a waiting lifecycle execution with its task ' +
  'token, functions/acts/candidate-change.ts wake) do not support resource-level permissions: the token, not an ' +
  'ARN, names the execution, so AWS requires Resource "*" for them.';

/**
 * What a function needs to drive lifecycle executions, from the machine's ARN alone (formatted from its
 * fixed name, so it can be handed out before the machine exists): the ARN in LIFECYCLE_STATE_MACHINE_ARN
 * and the Step Functions grants. `environment` and, for a function that may wake executions, `wakeReasons`
 * (why its role has Resource "*") go into FunctionFactory.create; then `grant*` adds the statements.
 */
export class LifecycleAccess {
  /** arn:<partition>:states:<region>:<account>:stateMachine:<name> */
  readonly machineArn: string;
  /** arn:<partition>:states:<region>:<account>:execution:<name>:* — every execution of the machine */
  readonly executionsArn: string;

  constructor(
    scope: Construct,
    readonly machineName: string = LIFECYCLE_MACHINE_NAME,
  ) {
    const stack = Stack.of(scope);
    this.machineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: machineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.executionsArn = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${machineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** For FunctionFactory.create: the machine's ARN, where functions/lib/workflow-client.ts reads it. */
  get environment(): Record<string, string> {
    return { [LIFECYCLE_ARN_ENV]: this.machineArn };
  }

  /** For FunctionFactory.create (`wildcardResourceReasons`) of a function given `grantWake` or `grantDrive`. */
  get wakeReasons(): string[] {
    return [SEND_TASK_REASON];
  }

  /** Wake a waiting execution: SendTaskSuccess / SendTaskFailure (Resource "*", see SEND_TASK_REASON). */
  grantWake(fn: IFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: ['*'],
      }),
    );
  }

  /**
   * Everything a caller outside the machine needs (functions/acts/candidate-change.ts startLifecycle, functions/acts/lifecycle.ts recordEvent,
   * catchUp): start an execution of this machine, stop one of its executions (R14), wake a waiting one.
   */
  grantDrive(fn: IFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['states:StartExecution'], resources: [this.machineArn] }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['states:StopExecution'], resources: [this.executionsArn] }),
    );
    this.grantWake(fn);
    if (!fn.role) return;
    acknowledge(
      fn.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${this.machineName}:*]`,
      `states:StopExecution (R14: a revocation stops the candidate's lifecycle) on the executions of the ` +
        `${this.machineName} state machine only: there is one execution per candidate and generation, ` +
        'named <examId>-<personId>-g<n> at run time, so no fixed list of execution ARNs exists.',
    );
  }
}

export interface LifecycleWorkflowProps {
  functions: FunctionFactory;
  access: LifecycleAccess;
  /** where both alarms send their notifications (e.g. the ops alerts topic) */
  alarmAction?: IAlarmAction;
  /** N4: the Timeout task marks a forfeited candidate's uploads for removal in the files store */
  files?: Files;
}

/** The deployed lifecycle: task functions, state machine, alarms. */
export class LifecycleWorkflow extends Construct {
  readonly functions: Record<LifecycleTaskName, NodejsFunction>;
  readonly lifecycle: Lifecycle;
  readonly stateMachine: StateMachine;
  /** any invocation of the dead-letter task: a lifecycle task failed after its retries */
  readonly deadLetterAlarm: Alarm;
  /** any failed execution */
  readonly failedExecutionsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: LifecycleWorkflowProps) {
    super(scope, id);
    const { access } = props;

    const descriptions: Record<LifecycleTaskName, string> = {
      LifecycleLoad:
        'Lifecycle: record the execution generation, plan the next phase from the candidate record',
      LifecycleAwait:
        'Lifecycle: store the task token of a wait, or wake at once if the event already happened',
      LifecycleTimeout: "Lifecycle: a wait ran out — send the reminder or apply the deadline's consequence",
      LifecycleIssueElectronic: 'Lifecycle: issue the electronic certificate (R17)',
      LifecycleDeadLetter: 'Lifecycle: record a task that failed after its retries (alarmed)',
    };
    const create = (name: LifecycleTaskName) => {
      // only the Await task wakes executions (functions/handlers/lifecycle.ts awaitEvent → wake)
      const wake = name === 'LifecycleAwait';
      const fn = props.functions.create(this, name, {
        entry: 'functions/handlers/lifecycle.ts',
        handler: lifecycleTasks[name],
        description: descriptions[name],
        reads: ['catalog'],
        writes: ['candidates', 'audit', 'outbox'],
        // ids.ts is imported for newId only; PERSON_ID_KEY is read when hashing, which no task does
        personIdKey: false,
        timeout: Duration.seconds(30),
        environment: access.environment,
        ...(wake ? { wildcardResourceReasons: access.wakeReasons } : {}),
      });
      if (wake) access.grantWake(fn);
      if (name === 'LifecycleTimeout') props.files?.grantMarkForRemoval(fn);
      return fn;
    };
    this.functions = Object.fromEntries(
      (Object.keys(lifecycleTasks) as LifecycleTaskName[]).map((n) => [n, create(n)]),
    ) as Record<LifecycleTaskName, NodejsFunction>;

    this.lifecycle = new Lifecycle(this, 'Lifecycle', {
      functions: this.functions,
      stateMachineName: access.machineName,
    });
    if (!this.lifecycle.stateMachine) throw new Error('the lifecycle state machine was not deployed');
    this.stateMachine = this.lifecycle.stateMachine;
    this.acknowledgeMachinePolicy();

    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription:
        'A lifecycle task failed after its retries: the DeadLetter task recorded it on the candidate audit ' +
        'trail (action lifecycle.failed) and the execution failed. Fix the cause, then restart the ' +
        "candidate's lifecycle (it resumes from the stored record).",
      metric: this.functions.LifecycleDeadLetter.metricInvocations({
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.failedExecutionsAlarm = new Alarm(this, 'ExecutionsFailedAlarm', {
      alarmDescription:
        `An execution of ${access.machineName} failed (a task failed after its retries, or the dead-letter ` +
        'task itself failed). The candidate is no longer carried by the workflow until it is restarted.',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmAction) {
      this.deadLetterAlarm.addAlarmAction(props.alarmAction);
      this.failedExecutionsAlarm.addAlarmAction(props.alarmAction);
    }
  }

  /** The wildcards CDK puts in the state machine's role, each for a reason the policy cannot avoid. */
  private acknowledgeMachinePolicy(): void {
    const role = this.stateMachine.role;
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'The state machine has X-Ray tracing and CloudWatch Logs logging (level ALL): xray:PutTraceSegments, ' +
        'PutTelemetryRecords, GetSamplingRules, GetSamplingTargets and the logs:*LogDelivery, ' +
        'DescribeLogGroups/ResourcePolicies and PutResourcePolicy actions Step Functions uses to set up log ' +
        'delivery do not support resource-level permissions, so AWS requires Resource "*" for them. No other ' +
        'action in this role uses "*".',
    );
    const stack = Stack.of(this);
    for (const [name, fn] of Object.entries(this.functions)) {
      const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        `lambda:InvokeFunction on the ${name} task's versions and aliases ("<function ARN>:*"), added by ` +
          "CDK's LambdaInvoke task so that a qualified ARN can be invoked; it covers this one function only.",
      );
    }
  }
}
