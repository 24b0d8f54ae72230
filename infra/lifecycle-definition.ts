/**
 * The lifecycle state machine's definition as plain ASL JSON, rendered from the same CDK construct the
 * stack deploys (infra/constructs/lifecycle.ts), for local mode and the workflow tests. Lambda tasks
 * point at `arn:aws:lambda:local:000000000000:function:<name>` with the names of `lifecycleTasks`.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import {
  LIFECYCLE_MACHINE_NAME,
  Lifecycle,
  type LifecycleTaskName,
  lifecycleTasks,
} from './constructs/lifecycle.js';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local';
export const localMachineArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${LIFECYCLE_MACHINE_NAME}`;

/** Flattens CloudFormation's Fn::Join / Ref into a string with local values. */
function flatten(v: unknown): string {
  if (typeof v === 'string') return v;
  const o = v as Record<string, unknown>;
  if ('Fn::Join' in o) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(sep);
  }
  if ('Ref' in o) {
    const ref = o.Ref as string;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return LOCAL_REGION;
    if (ref === 'AWS::AccountId') return LOCAL_ACCOUNT;
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
  }
  throw new Error(`cannot render ${JSON.stringify(v)} locally`);
}

let cached: object | null = null;

export function renderLifecycleDefinition(): object {
  if (cached) return structuredClone(cached);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'LocalLifecycle');
  const functions = Object.fromEntries(
    (Object.keys(lifecycleTasks) as LifecycleTaskName[]).map((n) => [
      n,
      LambdaFunction.fromFunctionName(stack, n, n),
    ]),
  ) as Record<LifecycleTaskName, ReturnType<typeof LambdaFunction.fromFunctionName>>;
  const lifecycle = new Lifecycle(stack, 'Lifecycle', { functions });
  const machine = lifecycle.stateMachine as StateMachine;
  const cfn = machine.node.defaultChild as CfnStateMachine;
  cached = JSON.parse(flatten(stack.resolve(cfn.definitionString))) as object;
  return structuredClone(cached);
}
