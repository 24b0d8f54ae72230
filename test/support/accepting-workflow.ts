import type { WorkflowClient } from '../../functions/lib/workflow-client.js';

/** A workflow client that accepts every call and keeps nothing (for tests of what happens around executions). */
export function acceptingWorkflow(): WorkflowClient {
  return {
    startExecution: async (name) => ({ executionArn: `arn:local:execution:${name}`, alreadyRunning: false }),
    sendTaskSuccess: async () => undefined,
    sendTaskFailure: async () => undefined,
    stopExecution: async () => undefined,
    executionArn: (name) => `arn:local:execution:${name}`,
  };
}
