/**
 * The lifecycle state machine in local mode: the definition rendered from the CDK construct, run by
 * aws-local-stepfunctions (scripts/local/stepfunctions.ts) with its Lambda tasks calling the handler
 * modules in process, installed as the handlers' workflow client.
 */
import type { Context } from 'aws-lambda';
import { setClock } from '../../functions/lib/clock.js';
import { setWorkflowClient } from '../../functions/lib/workflow-client.js';
import { type LifecycleTaskName, lifecycleTasks } from '../../infra/constructs/lifecycle.js';
import { localMachineArn, renderLifecycleDefinition } from '../../infra/lifecycle-definition.js';
import type { SchedulerClock } from './clock.js';
import { LocalStepFunctions } from './stepfunctions.js';

const context = (name: string) =>
  ({
    functionName: name,
    awsRequestId: `local-${Date.now()}`,
    getRemainingTimeInMillis: () => 30_000,
  }) as unknown as Context;

export async function startLocalLifecycle(clock: SchedulerClock): Promise<LocalStepFunctions> {
  const handlers = (await import('../../functions/handlers/lifecycle.js')) as unknown as Record<
    string,
    (event: unknown, ctx: Context) => Promise<unknown>
  >;
  const lambdas = Object.fromEntries(
    (Object.entries(lifecycleTasks) as [LifecycleTaskName, string][]).map(([fn, exportName]) => {
      const h = handlers[exportName];
      if (!h) throw new Error(`functions/handlers/lifecycle.ts has no export ${exportName}`);
      return [fn, (payload: unknown) => h(payload, context(fn))];
    }),
  );
  const runner = new LocalStepFunctions({
    definition: renderLifecycleDefinition(),
    lambdas,
    clock,
    machineArn: localMachineArn,
  });
  setClock(clock);
  setWorkflowClient(runner);
  return runner;
}
