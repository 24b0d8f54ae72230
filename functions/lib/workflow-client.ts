/**
 * The Step Functions calls the handlers make, behind one interface: on AWS the SDK client; in local
 * mode the local runner (scripts/local/stepfunctions.ts) installs itself with `setWorkflowClient`.
 */
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';

export interface WorkflowClient {
  /** Start an execution with a deterministic name; starting the same name again does not make a second one. */
  startExecution(name: string, input: unknown): Promise<{ executionArn: string; alreadyRunning: boolean }>;
  sendTaskSuccess(token: string, output: unknown): Promise<void>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<void>;
  stopExecution(executionArn: string, error: string, cause: string): Promise<void>;
  /** the ARN an execution of this name has (or would have) */
  executionArn(name: string): string;
}

/** Errors a caller may retry (throttling): the same names on AWS and locally. */
export const isThrottle = (e: unknown): boolean =>
  /Throttl|TooManyRequests|RequestLimitExceeded/.test(String((e as Error)?.name ?? ''));

/** Task token no longer valid (the execution moved on, timed out or was stopped). */
export const isStaleToken = (e: unknown): boolean =>
  /TaskTimedOut|TaskDoesNotExist|InvalidToken/.test(String((e as Error)?.name ?? ''));

function awsClient(): WorkflowClient {
  const sfn = new SFNClient({});
  const machineArn = () => {
    const arn = process.env.LIFECYCLE_STATE_MACHINE_ARN;
    if (!arn) throw new Error('LIFECYCLE_STATE_MACHINE_ARN is not set');
    return arn;
  };
  return {
    async startExecution(name, input) {
      try {
        const r = await sfn.send(
          new StartExecutionCommand({ stateMachineArn: machineArn(), name, input: JSON.stringify(input) }),
        );
        return { executionArn: r.executionArn ?? '', alreadyRunning: false };
      } catch (e) {
        if ((e as Error).name === 'ExecutionAlreadyExists')
          return { executionArn: this.executionArn(name), alreadyRunning: true };
        throw e;
      }
    },
    async sendTaskSuccess(token, output) {
      await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
    },
    async sendTaskFailure(token, error, cause) {
      await sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
    },
    async stopExecution(executionArn, error, cause) {
      await sfn.send(new StopExecutionCommand({ executionArn, error, cause }));
    },
    executionArn(name) {
      return `${machineArn().replace(':stateMachine:', ':execution:')}:${name}`;
    },
  };
}

let client: WorkflowClient | null = null;

export function workflow(): WorkflowClient {
  client ??= awsClient();
  return client;
}

export function setWorkflowClient(c: WorkflowClient | null): void {
  client = c;
}
