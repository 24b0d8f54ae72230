/**
 * The Step Functions calls the handlers make, behind one interface: on AWS Step Functions' JSON API
 * (`AWSStepFunctions.<Action>`, signed by functions/lib/aws-rest.ts: four calls do not need the SDK's
 * client and its ~18 KB in every bundle that reaches a lifecycle, issue 14 §7); in local mode the local
 * runner (scripts/local/stepfunctions.ts) installs itself with `setWorkflowClient`.
 */
import { type AwsRest, awsDomain, awsRest, jsonCall } from './aws-rest.js';

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

/** Step Functions on AWS (the state machine LIFECYCLE_STATE_MACHINE_ARN). */
export function sfnClient(
  aws: AwsRest = awsRest('states'),
  stateMachineArn = process.env.LIFECYCLE_STATE_MACHINE_ARN,
): WorkflowClient {
  const endpoint = `https://states.${aws.region}.${awsDomain(aws.region)}/`;
  const machineArn = () => {
    if (!stateMachineArn) throw new Error('LIFECYCLE_STATE_MACHINE_ARN is not set');
    return stateMachineArn;
  };
  const call = (action: string, body: unknown) => jsonCall(aws, endpoint, `AWSStepFunctions.${action}`, body);
  return {
    async startExecution(name, input) {
      try {
        const r = await call('StartExecution', {
          stateMachineArn: machineArn(),
          name,
          input: JSON.stringify(input),
        });
        return { executionArn: String(r.executionArn ?? ''), alreadyRunning: false };
      } catch (e) {
        if ((e as Error).name === 'ExecutionAlreadyExists')
          return { executionArn: this.executionArn(name), alreadyRunning: true };
        throw e;
      }
    },
    async sendTaskSuccess(token, output) {
      await call('SendTaskSuccess', { taskToken: token, output: JSON.stringify(output) });
    },
    async sendTaskFailure(token, error, cause) {
      await call('SendTaskFailure', { taskToken: token, error, cause });
    },
    async stopExecution(executionArn, error, cause) {
      await call('StopExecution', { executionArn, error, cause });
    },
    executionArn(name) {
      return `${machineArn().replace(':stateMachine:', ':execution:')}:${name}`;
    },
  };
}

let client: WorkflowClient | null = null;

export function workflow(): WorkflowClient {
  client ??= sfnClient();
  return client;
}

export function setWorkflowClient(c: WorkflowClient | null): void {
  client = c;
}
