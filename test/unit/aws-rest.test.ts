/**
 * The JSON-protocol calls of the request path over signed HTTP (functions/lib/aws-rest.ts): SQS's
 * SendMessage (functions/lib/job-queue.ts), Step Functions' four calls (functions/lib/workflow-
 * client.ts) and the file worker's synchronous Invoke (functions/lib/file-worker.ts). The services are the edge: a `fetch` stands in for them, with fake credentials.
 */
import { describe, expect, it } from 'vitest';
import { awsRest, MAX_ATTEMPTS } from '../../functions/lib/aws-rest.js';
import { lambdaFileWorker } from '../../functions/lib/file-worker.js';
import { sqsQueue } from '../../functions/lib/job-queue.js';
import { isStaleToken, isThrottle, sfnClient } from '../../functions/lib/workflow-client.js';
import { credentials, datetime, recordingFetch, region, type Seen } from '../support/aws-edge.js';

function fake(service: string, answer: (r: Seen, n: number) => Response) {
  const { seen, fetch } = recordingFetch(answer);
  return { seen, aws: awsRest(service, { region, credentials, datetime, fetch }) };
}

const machine = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:Lifecycle';

describe('the job queue on SQS', () => {
  it('SendMessage is the JSON protocol call, signed for sqs, to the queue’s endpoint; an error is thrown with its code', async () => {
    const seen: Seen[] = [];
    const queueUrl = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/jobs';
    const sqs = awsRest('sqs', {
      region,
      credentials,
      datetime,
      fetch: async (req) => {
        seen.push({
          method: req.method,
          url: new URL(req.url),
          headers: req.headers,
          body: await req.text(),
        });
        return seen.length === 1
          ? new Response('{"MessageId":"m1"}')
          : new Response('{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no"}', { status: 400 });
      },
    });
    await sqsQueue(sqs, queueUrl).enqueue('J1', 3);
    const [call] = seen;
    expect(call?.method).toBe('POST');
    expect(call?.url.toString()).toBe('https://sqs.cn-north-1.amazonaws.com.cn/');
    expect(call?.headers.get('x-amz-target')).toBe('AmazonSQS.SendMessage');
    expect(call?.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(call?.body ?? '')).toEqual({
      QueueUrl: queueUrl,
      MessageBody: '{"jobId":"J1","seq":3}',
    });
    expect(call?.headers.get('authorization')).toContain('/cn-north-1/sqs/aws4_request');
    await expect(sqsQueue(sqs, queueUrl).enqueue('J1', 4)).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      status: 400,
    });
    await expect(sqsQueue(sqs, undefined).enqueue('J1', 5)).rejects.toThrow('JOB_QUEUE_URL');
  });
});

describe('Step Functions', () => {
  it('each call is its AWSStepFunctions action, signed for states, to the region’s endpoint, with the JSON body the API names', async () => {
    const { seen, aws } = fake(
      'states',
      (r) =>
        new Response(
          r.headers.get('x-amz-target')?.endsWith('StartExecution') ? '{"executionArn":"arn:x"}' : '{}',
        ),
    );
    const sfn = sfnClient(aws, machine);
    expect(await sfn.startExecution('E1-P1', { examId: 'E1' })).toEqual({
      executionArn: 'arn:x',
      alreadyRunning: false,
    });
    await sfn.sendTaskSuccess('tok1', { ok: true });
    await sfn.sendTaskFailure('tok2', 'Refused', 'why');
    await sfn.stopExecution('arn:e', 'Revoked', 'R27');
    expect(seen.map((s) => [s.url.toString(), s.headers.get('x-amz-target'), JSON.parse(s.body)])).toEqual([
      [
        'https://states.cn-north-1.amazonaws.com.cn/',
        'AWSStepFunctions.StartExecution',
        { stateMachineArn: machine, name: 'E1-P1', input: '{"examId":"E1"}' },
      ],
      [
        'https://states.cn-north-1.amazonaws.com.cn/',
        'AWSStepFunctions.SendTaskSuccess',
        { taskToken: 'tok1', output: '{"ok":true}' },
      ],
      [
        'https://states.cn-north-1.amazonaws.com.cn/',
        'AWSStepFunctions.SendTaskFailure',
        { taskToken: 'tok2', error: 'Refused', cause: 'why' },
      ],
      [
        'https://states.cn-north-1.amazonaws.com.cn/',
        'AWSStepFunctions.StopExecution',
        { executionArn: 'arn:e', error: 'Revoked', cause: 'R27' },
      ],
    ]);
    expect(seen[0]?.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(seen[0]?.headers.get('authorization')).toContain('/cn-north-1/states/aws4_request');
    expect(sfn.executionArn('E1-P1')).toBe(
      'arn:aws-cn:states:cn-north-1:123456789012:execution:Lifecycle:E1-P1',
    );
  });

  it('starting a name that already ran is not a second execution: its ARN, alreadyRunning', async () => {
    const { aws } = fake(
      'states',
      () =>
        new Response('{"__type":"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists","message":"x"}', {
          status: 400,
        }),
    );
    expect(await sfnClient(aws, machine).startExecution('E1-P1', {})).toEqual({
      executionArn: 'arn:aws-cn:states:cn-north-1:123456789012:execution:Lifecycle:E1-P1',
      alreadyRunning: true,
    });
  });

  it('errors keep the names the callers test: a stale token, a throttle after the retries', async () => {
    const stale = fake('states', () => new Response('{"__type":"TaskTimedOut"}', { status: 400 }));
    const e1 = await sfnClient(stale.aws, machine)
      .sendTaskSuccess('t', {})
      .catch((e: Error) => e);
    expect(isStaleToken(e1)).toBe(true);
    expect(stale.seen).toHaveLength(1);
    const busy = fake('states', () => new Response('{"__type":"ThrottlingException"}', { status: 400 }));
    const e2 = await sfnClient(busy.aws, machine)
      .sendTaskSuccess('t', {})
      .catch((e: Error) => e);
    expect(isThrottle(e2)).toBe(true);
    expect(busy.seen).toHaveLength(MAX_ATTEMPTS);
    const flaky = fake('states', (_r, n) =>
      n === 1 ? new Response('{"__type":"ThrottlingException"}', { status: 400 }) : new Response('{}'),
    );
    await sfnClient(flaky.aws, machine).sendTaskSuccess('t', {});
    expect(flaky.seen).toHaveLength(2);
    await expect(sfnClient(flaky.aws, undefined).startExecution('x', {})).rejects.toThrow(
      'LIFECYCLE_STATE_MACHINE_ARN',
    );
  });
});

describe('the file worker on Lambda', () => {
  const task = { task: 'certificatePdf', examId: 'E1', personId: 'P1', checkUrlBase: 'https://x' } as const;

  it('R17: a certificate to render is a synchronous Invoke of the worker by name, signed for lambda, with the task as the payload', async () => {
    const { seen, aws } = fake('lambda', () => new Response('{"stored":true}'));
    await lambdaFileWorker(aws, 'CertWorkflow-FileWorkerFunction-abc').renderCertificate(task);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url.toString()).toBe(
      'https://lambda.cn-north-1.amazonaws.com.cn/2015-03-31/functions/CertWorkflow-FileWorkerFunction-abc/invocations',
    );
    expect(seen[0]?.headers.get('x-amz-invocation-type')).toBe('RequestResponse');
    expect(seen[0]?.headers.get('authorization')).toContain('/cn-north-1/lambda/aws4_request');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(task);
  });

  it('R17: the worker’s own failure (200 with X-Amz-Function-Error) and a refused Invoke are errors, not a missing PDF', async () => {
    const failed = fake(
      'lambda',
      () =>
        new Response('{"errorType":"DomainError","errorMessage":"no certificate"}', {
          headers: { 'X-Amz-Function-Error': 'Unhandled' },
        }),
    );
    await expect(lambdaFileWorker(failed.aws, 'w').renderCertificate(task)).rejects.toThrow(
      'the file worker failed: DomainError: no certificate',
    );
    const refused = fake(
      'lambda',
      () =>
        new Response('{}', {
          status: 403,
          headers: { 'x-amzn-ErrorType': 'AccessDeniedException:http://x' },
        }),
    );
    await expect(lambdaFileWorker(refused.aws, 'w').renderCertificate(task)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
    });
    await expect(lambdaFileWorker(refused.aws, undefined).renderCertificate(task)).rejects.toThrow(
      'FILE_WORKER_FUNCTION',
    );
  });

  it('R17: the seal check and the XLSX header are read from the worker’s answer; an answer without them is an error', async () => {
    const answers = ['{"embeds":false}', '{"cells":["准考证号","姓名"]}', '{"cells":null}', '{}'];
    const { seen, aws } = fake('lambda', (_r, n) => new Response(answers[n - 1]));
    const w = lambdaFileWorker(aws, 'w');
    expect(await w.sealCheck({ task: 'sealCheck', png: 'iVBORw0KGgo=' })).toEqual({ embeds: false });
    expect(await w.xlsxHeader({ task: 'xlsxHeader', key: 'imports/abc/source.xlsx' })).toEqual({
      cells: ['准考证号', '姓名'],
    });
    expect(await w.xlsxHeader({ task: 'xlsxHeader', key: 'imports/abc/source.xlsx' })).toEqual({
      cells: null,
    });
    await expect(w.sealCheck({ task: 'sealCheck', png: '' })).rejects.toThrow('no seal check');
    expect(seen.map((r) => JSON.parse(r.body).task)).toEqual([
      'sealCheck',
      'xlsxHeader',
      'xlsxHeader',
      'sealCheck',
    ]);
  });
});
