/**
 * The lifecycle state machine: one Standard execution per candidate, from score release through
 * certificate or custody transfer (DESIGN.md). Each wait is a callback task whose token is stored on
 * the candidate and whose timeout is the next legal deadline, reminder or the one-year horizon; the
 * rules behind every branch are functions/domain/lifecycle.ts.
 *
 * Load ─► Route ─┬─ verification ─► AwaitVerification ─┐   (R7: timeout → pending)
 *                ├─ results ──────► AwaitResults ──────┤   (R9)
 *                ├─ supplementary ► AwaitSupplementary ┤   (R11/R12: reminder, timeout → forfeited)
 *                ├─ … one Await state per phase …      ┤   (on timeout: Timeout task → Route)
 *                ├─ electronic ───► IssueElectronic ───┤   (R17)
 *                ├─ successor ────► StartSuccessor ─► Done  (one-year limit)
 *                └─ done ─────────► Done
 * Every task retries transient errors with backoff; what still fails goes to DeadLetter (alarmed) and
 * the execution fails.
 *
 * This module is the one definition: the CDK stack deploys it, and local mode renders it with
 * `renderLifecycleDefinition` (infra/lifecycle-definition.ts) and runs it with aws-local-stepfunctions.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  type TaskStateBase,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { type WaitPhase, waitPhases } from '../../functions/domain/lifecycle.js';

/** The Lambda tasks, by function name (local mode maps the same names to the handler exports). */
export const lifecycleTasks = {
  LifecycleLoad: 'load',
  LifecycleAwait: 'awaitEvent',
  LifecycleTimeout: 'timeout',
  LifecycleIssueElectronic: 'issueElectronic',
  LifecycleDeadLetter: 'deadLetter',
} as const;
export type LifecycleTaskName = keyof typeof lifecycleTasks;

export const LIFECYCLE_MACHINE_NAME = 'CertWorkflow-Lifecycle';

export interface LifecycleProps {
  functions: Record<LifecycleTaskName, IFunction>;
  /** the state machine's name (its ARN is needed inside its own definition to start a successor) */
  stateMachineName?: string;
  /** false when only the definition is wanted (local rendering): no log group, no state machine */
  deploy?: boolean;
}

const stateName = (p: WaitPhase) => `Await${p[0]?.toUpperCase()}${p.slice(1)}`;

export class Lifecycle extends Construct {
  readonly definition: DefinitionBody;
  readonly stateMachine?: StateMachine;

  constructor(scope: Construct, id: string, props: LifecycleProps) {
    super(scope, id);
    const name = props.stateMachineName ?? LIFECYCLE_MACHINE_NAME;
    const fns = props.functions;
    const ref = { examId: JsonPath.stringAt('$.examId'), personId: JsonPath.stringAt('$.personId') };

    // transient failures: Lambda's own (added by LambdaInvoke) and a record changed underneath
    // (ConflictError, functions/domain/errors.ts); a refusal, NOT_FOUND or VALIDATION is not retried
    const retrying = <T extends TaskStateBase>(t: T): T =>
      t.addRetry({
        errors: ['ConflictError'],
        interval: Duration.seconds(1),
        maxAttempts: 3,
        backoffRate: 2,
      }) as T;

    const deadLetter = new LambdaInvoke(this, 'DeadLetter', {
      lambdaFunction: fns.LifecycleDeadLetter,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({ ...ref, error: JsonPath.objectAt('$.failure') }),
      resultPath: JsonPath.DISCARD,
    }).next(
      new Fail(this, 'Failed', {
        error: 'LifecycleFailed',
        cause: 'a lifecycle task failed after its retries',
      }),
    );
    const guarded = <T extends TaskStateBase>(t: T): T =>
      retrying(t).addCatch(deadLetter, { errors: [Errors.ALL], resultPath: '$.failure' }) as T;

    const route = new Choice(this, 'Route');
    const done = new Succeed(this, 'Done');

    /** a task that returns the candidate's next plan into $.next (retried, dead-lettered) */
    const planTask = (id: string, fn: IFunction, payload: Record<string, unknown>) =>
      guarded(
        new LambdaInvoke(this, id, {
          lambdaFunction: fn,
          payloadResponseOnly: true,
          payload: TaskInput.fromObject(payload),
          resultPath: '$.next',
          taskTimeout: Timeout.duration(Duration.seconds(30)),
        }),
      );

    const load = planTask('Load', fns.LifecycleLoad, {
      ...ref,
      generation: JsonPath.numberAt('$.generation'),
    });
    const onTimeout = planTask('Timeout', fns.LifecycleTimeout, ref).next(route);
    const issueElectronic = planTask('IssueElectronic', fns.LifecycleIssueElectronic, ref).next(route);

    // the successor carries the lifecycle past the one-year limit of a Standard execution
    const selfArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const generation = JsonPath.mathAdd(JsonPath.numberAt('$.generation'), 1);
    const successor = guarded(
      new StepFunctionsStartExecution(this, 'StartSuccessor', {
        stateMachine: StateMachine.fromStateMachineArn(this, 'Self', selfArn),
        name: JsonPath.format(
          '{}-{}-g{}',
          JsonPath.stringAt('$.examId'),
          JsonPath.stringAt('$.personId'),
          generation,
        ),
        input: TaskInput.fromObject({ ...ref, generation }),
        associateWithParent: true,
        resultPath: JsonPath.DISCARD,
      }),
    ).next(done);

    route
      .when(Condition.stringEquals('$.next.phase', 'electronic'), issueElectronic)
      .when(Condition.stringEquals('$.next.phase', 'successor'), successor);
    for (const phase of waitPhases) {
      const wait = guarded(
        new LambdaInvoke(this, stateName(phase), {
          lambdaFunction: fns.LifecycleAwait,
          integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
          payload: TaskInput.fromObject({ ...ref, phase, token: JsonPath.taskToken }),
          // until the next deadline, reminder or the execution's horizon (functions/domain/lifecycle.ts planNext)
          taskTimeout: Timeout.at('$.next.timeoutSeconds'),
          resultPath: '$.next',
        }).addCatch(onTimeout, { errors: [Errors.TIMEOUT], resultPath: JsonPath.DISCARD }),
      );
      route.when(Condition.stringEquals('$.next.phase', phase), wait.next(route));
    }
    route.otherwise(done);

    this.definition = DefinitionBody.fromChainable(load.next(route));

    if (props.deploy !== false) {
      this.stateMachine = new StateMachine(this, 'StateMachine', {
        stateMachineName: name,
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: this.definition,
        tracingEnabled: true,
        logs: {
          destination: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR }),
          level: LogLevel.ALL,
          includeExecutionData: false,
        },
      });
    }
  }
}
