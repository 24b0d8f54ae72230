import { afterEach, describe, expect, it } from 'vitest';
import { isStaleToken } from '../../functions/lib/workflow-client.js';
import { VirtualClock } from '../../scripts/local/clock.js';
import {
  type ExecutionDescription,
  type LocalSfnEvent,
  LocalStepFunctions,
  lambdaFunctionName,
} from '../../scripts/local/stepfunctions.js';

const DAY = 86_400_000;
const START = Date.parse('2026-03-02T00:00:00Z');
const fn = (name: string) => `arn:aws:lambda:local:000000000000:function:${name}`;

/**
 * A small lifecycle: a plain Lambda task (with a CDK-style 2 s Retry), a Choice, a callback wait with
 * TimeoutSecondsPath and Catch (States.TaskFailed listed before States.Timeout, as CDK's addCatch order
 * may put it), a Wait until a timestamp, and a successor started with states:startExecution.
 */
const definition = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: fn('Prepare'),
        Payload: { 'route.$': '$.route', 'startedAt.$': '$$.Execution.StartTime' },
      },
      ResultSelector: { 'route.$': '$.Payload.route', 'startedAt.$': '$.Payload.startedAt' },
      ResultPath: '$.prepared',
      Retry: [
        {
          ErrorEquals: ['Busy', 'Lambda.ServiceException'],
          IntervalSeconds: 2,
          MaxAttempts: 3,
          BackoffRate: 2,
        },
      ],
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.prepared.route', StringEquals: 'await', Next: 'AwaitDecision' },
        { Variable: '$.prepared.route', StringEquals: 'sleep', Next: 'Sleep' },
        { Variable: '$.prepared.route', StringEquals: 'successor', Next: 'StartSuccessor' },
      ],
      Default: 'Done',
    },
    AwaitDecision: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: fn('RecordToken'),
        Payload: {
          'token.$': '$$.Task.Token',
          'execution.$': '$$.Execution.Name',
          'candidate.$': '$.candidate',
        },
      },
      TimeoutSecondsPath: '$.timeoutSeconds',
      ResultPath: '$.decision',
      Catch: [
        { ErrorEquals: ['Rejected'], ResultPath: '$.error', Next: 'Rejected' },
        { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Broken' },
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
      ],
      Next: 'Check',
    },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.decision.verdict', StringEquals: 'again', Next: 'AwaitDecision' }],
      Default: 'Done',
    },
    Sleep: { Type: 'Wait', TimestampPath: '$.wakeAt', Next: 'StartSuccessor' },
    StartSuccessor: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        StateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:Lifecycle',
        'Name.$': "States.Format('{}-next', $$.Execution.Name)",
        Input: {
          'candidate.$': '$.candidate',
          route: 'await',
          'timeoutSeconds.$': '$.timeoutSeconds',
          'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
        },
      },
      ResultPath: '$.successor',
      Next: 'Done',
    },
    Rejected: { Type: 'Pass', End: true },
    TimedOut: { Type: 'Pass', End: true },
    Broken: { Type: 'Fail', Error: 'Broken', Cause: 'unexpected task failure' },
    Done: { Type: 'Succeed' },
  },
};

interface Harness {
  sfn: LocalStepFunctions;
  clock: VirtualClock;
  tokens: { execution: string; token: string }[];
  prepareCalls: unknown[];
  events: LocalSfnEvent[];
  settle: () => Promise<void>;
  busyFailures: number;
}

let current: Harness | undefined;

function harness(
  opts: { executionLimitMs?: number; busyFailures?: number; lambdas?: string[] } = {},
): Harness {
  const clock = new VirtualClock(START);
  const h = {
    clock,
    tokens: [],
    prepareCalls: [],
    events: [],
    busyFailures: opts.busyFailures ?? 0,
  } as unknown as Harness;
  const lambdas: Record<string, (p: unknown) => Promise<unknown>> = {
    Prepare: async (payload) => {
      h.prepareCalls.push(payload);
      if (h.busyFailures > 0) {
        h.busyFailures--;
        throw Object.assign(new Error('try again'), { name: 'Busy' });
      }
      const p = payload as { route: string; startedAt: string };
      return { route: p.route, startedAt: p.startedAt };
    },
    RecordToken: async (payload) => {
      const p = payload as { token: string; execution: string; candidate: string };
      h.tokens.push({ execution: p.execution, token: p.token });
      if (p.candidate === 'decided') {
        // the decision is already on record: the handler answers its own token before returning
        await h.sfn.sendTaskSuccess(p.token, { verdict: 'already' });
        await new Promise((r) => setImmediate(r));
      }
      if (p.candidate === 'broken-handler')
        throw Object.assign(new Error('no such candidate'), { name: 'Rejected' });
      return { stored: true };
    },
  };
  for (const name of Object.keys(lambdas))
    if (opts.lambdas && !opts.lambdas.includes(name)) delete lambdas[name];
  h.sfn = new LocalStepFunctions({
    definition,
    lambdas,
    clock,
    ...(opts.executionLimitMs !== undefined ? { executionLimitMs: opts.executionLimitMs } : {}),
    onEvent: (e) => h.events.push(e),
  });
  h.settle = () => h.sfn.idle();
  current = h;
  return h;
}

afterEach(() => {
  current?.sfn.stopAll();
  current = undefined;
});

const input = (over: Record<string, unknown> = {}) => ({
  candidate: 'C-001',
  route: 'await',
  timeoutSeconds: 90 * 86_400,
  ...over,
});

async function started(
  h: Harness,
  name: string,
  over: Record<string, unknown> = {},
): Promise<ExecutionDescription> {
  await h.sfn.startExecution(name, input(over));
  await h.sfn.idle();
  return h.sfn.describe(name);
}

const lastToken = (h: Harness, execution: string) => {
  const t = h.tokens.filter((x) => x.execution === execution).at(-1)?.token;
  if (!t) throw new Error(`no token recorded for ${execution}`);
  return t;
};

describe('LocalStepFunctions: callback tasks', () => {
  it('parks in the callback with a minted token and resumes with the sendTaskSuccess output', async () => {
    const h = harness();
    const d = await started(h, 'c1');
    expect(d.status).toBe('RUNNING');
    expect(d.states).toEqual(['Prepare', 'Route', 'AwaitDecision']);
    const token = lastToken(h, 'c1');
    expect(token).not.toBe('LOCAL-TASK-TOKEN');
    expect(d.waitingOn).toEqual({
      state: 'AwaitDecision',
      token,
      timeoutAt: new Date(START + 90 * DAY).toISOString(),
    });
    // $$.Execution.StartTime is the virtual start, not the real time the library would stamp
    expect(h.prepareCalls[0]).toEqual({ route: 'await', startedAt: new Date(START).toISOString() });

    await h.sfn.sendTaskSuccess(token, { verdict: 'qualified' });
    const end = await h.sfn.waitForEnd('c1');
    expect(end.status).toBe('SUCCEEDED');
    expect(end.output).toMatchObject({ decision: { verdict: 'qualified' }, prepared: { route: 'await' } });
    expect(end.states).toEqual(['Prepare', 'Route', 'AwaitDecision', 'Check', 'Done']);
    expect(end.transitions).toBe(5);
    expect(end.waitingOn).toBeUndefined();
    // the token is spent
    await expect(h.sfn.sendTaskSuccess(token, {})).rejects.toSatisfy(isStaleToken);
    expect(h.events.map((e) => e.type)).toContain('TaskWaiting');
    expect(h.events.at(-1)).toMatchObject({ type: 'ExecutionEnded', execution: 'c1', status: 'SUCCEEDED' });
  });

  it('routes sendTaskFailure by its error name; States.TaskFailed catches other names', async () => {
    const h = harness();
    await started(h, 'r1');
    await started(h, 'r2');
    await h.sfn.sendTaskFailure(lastToken(h, 'r1'), 'Rejected', 'materials do not match');
    await h.sfn.sendTaskFailure(lastToken(h, 'r2'), 'Oops', 'something else');
    const r1 = await h.sfn.waitForEnd('r1');
    expect(r1.status).toBe('SUCCEEDED');
    expect(r1.states.at(-1)).toBe('Rejected');
    expect(r1.output).toMatchObject({ error: { Error: 'Rejected', Cause: 'materials do not match' } });
    const r2 = await h.sfn.waitForEnd('r2');
    expect(r2.status).toBe('FAILED');
    expect(r2.states.at(-1)).toBe('Broken');
    expect(r2).toMatchObject({ error: 'Broken', cause: 'unexpected task failure' });
  });

  it('a handler may answer its own token; a handler error is routed by its name with a Lambda-style Cause', async () => {
    const h = harness();
    await h.sfn.startExecution('self', input({ candidate: 'decided' }));
    const self = await h.sfn.waitForEnd('self');
    expect(self.status).toBe('SUCCEEDED');
    expect(self.output).toMatchObject({ decision: { verdict: 'already' } });
    expect(h.events.some((e) => e.type === 'TaskWaiting' && e.execution === 'self')).toBe(false);

    await h.sfn.startExecution('hfail', input({ candidate: 'broken-handler' }));
    const hfail = await h.sfn.waitForEnd('hfail');
    expect(hfail.states.at(-1)).toBe('Rejected');
    const error = (hfail.output as { error: { Error: string; Cause: string } }).error;
    expect(error.Error).toBe('Rejected');
    expect(JSON.parse(error.Cause)).toMatchObject({
      errorType: 'Rejected',
      errorMessage: 'no such candidate',
    });
    await expect(h.sfn.sendTaskSuccess(lastToken(h, 'hfail'), {})).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('a 90-day timeout (beyond the 24.8-day timer limit) fires only when virtual time passes it, as States.Timeout', async () => {
    const h = harness();
    await started(h, 't1');
    const token = lastToken(h, 't1');
    // the library's own timer would overflow and fire after 1 ms if it were left at 90 days
    await new Promise((r) => setTimeout(r, 20));
    await h.sfn.idle();
    expect(h.sfn.describe('t1').status).toBe('RUNNING');

    await h.clock.advanceTo(START + 90 * DAY - 1000, h.settle);
    expect(h.sfn.describe('t1').status).toBe('RUNNING');
    await h.clock.advanceTo(START + 91 * DAY, h.settle);
    const end = h.sfn.describe('t1');
    expect(end.status).toBe('SUCCEEDED');
    // caught by States.Timeout although States.TaskFailed is listed first (AWS semantics)
    expect(end.states.at(-1)).toBe('TimedOut');
    expect(end.output).toMatchObject({ error: { Error: 'States.Timeout' } });
    expect(end.stoppedAt).toBe(new Date(START + 90 * DAY).toISOString());
    await expect(h.sfn.sendTaskSuccess(token, { verdict: 'late' })).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('mints a fresh token per task entry; the earlier one is stale', async () => {
    const h = harness();
    await started(h, 'loop');
    const first = lastToken(h, 'loop');
    await h.sfn.sendTaskSuccess(first, { verdict: 'again' });
    await h.sfn.idle();
    const second = lastToken(h, 'loop');
    expect(second).not.toBe(first);
    expect(h.sfn.describe('loop').waitingOn?.token).toBe(second);
    await expect(h.sfn.sendTaskSuccess(first, { verdict: 'done' })).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    await expect(h.sfn.sendTaskFailure(first, 'Rejected', 'x')).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    // the timeout restarts with the new entry
    expect(h.sfn.describe('loop').waitingOn?.timeoutAt).toBe(new Date(START + 90 * DAY).toISOString());
    await h.sfn.sendTaskSuccess(second, { verdict: 'done' });
    const end = await h.sfn.waitForEnd('loop');
    expect(end.status).toBe('SUCCEEDED');
    expect(end.states.filter((s) => s === 'AwaitDecision')).toHaveLength(2);
    expect(end.transitions).toBe(end.states.length);
  });
});

describe('LocalStepFunctions: executions', () => {
  it('starting the same name twice makes one execution; a different input or a finished one is refused', async () => {
    const h = harness();
    const a = await h.sfn.startExecution('same', input());
    const b = await h.sfn.startExecution('same', {
      timeoutSeconds: 90 * 86_400,
      route: 'await',
      candidate: 'C-001',
    });
    expect(a).toEqual({
      executionArn: 'arn:aws:states:local:000000000000:execution:Lifecycle:same',
      alreadyRunning: false,
    });
    expect(b).toEqual({ executionArn: a.executionArn, alreadyRunning: true });
    await h.sfn.idle();
    expect(h.sfn.list()).toHaveLength(1);
    expect(h.prepareCalls).toHaveLength(1);
    await expect(h.sfn.startExecution('same', input({ candidate: 'C-002' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    await h.sfn.sendTaskSuccess(lastToken(h, 'same'), { verdict: 'ok' });
    await h.sfn.waitForEnd('same');
    await expect(h.sfn.startExecution('same', input())).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    await expect(h.sfn.startExecution('bad name', input())).rejects.toMatchObject({ name: 'InvalidName' });
  });

  it('a Wait of 300 days sleeps on the clock, then the successor starts before the one-year limit', async () => {
    const h = harness();
    const wakeAt = new Date(START + 300 * DAY).toISOString();
    const d = await started(h, 'cust', { route: 'sleep', wakeAt });
    expect(d.sleepingUntil).toEqual({ state: 'Sleep', until: wakeAt });
    await h.clock.advanceTo(START + 299 * DAY, h.settle);
    expect(h.sfn.describe('cust').status).toBe('RUNNING');
    expect(h.sfn.list()).toHaveLength(1);

    await h.clock.advanceTo(START + 301 * DAY, h.settle);
    const pred = h.sfn.describe('cust');
    expect(pred.status).toBe('SUCCEEDED');
    expect(pred.states).toEqual(['Prepare', 'Route', 'Sleep', 'StartSuccessor', 'Done']);
    const succ = h.sfn.describe('cust-next');
    expect(pred.output).toMatchObject({
      successor: { ExecutionArn: succ.executionArn, StartDate: START + 300 * DAY },
    });
    expect(succ.status).toBe('RUNNING');
    expect(succ.startedAt).toBe(wakeAt);
    expect(succ.input).toEqual({
      candidate: 'C-001',
      route: 'await',
      timeoutSeconds: 90 * 86_400,
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: pred.executionArn,
    });
    expect(succ.waitingOn?.state).toBe('AwaitDecision');

    // the successor has its own year: past the predecessor's limit it still runs
    await h.clock.advanceTo(START + 366 * DAY, h.settle);
    expect(h.sfn.describe('cust-next').status).toBe('RUNNING');
    await h.clock.advanceTo(START + 391 * DAY, h.settle);
    expect(h.sfn.describe('cust-next').states.at(-1)).toBe('TimedOut');
    expect(h.sfn.describe('cust-next').status).toBe('SUCCEEDED');
  });

  it('an execution still running at the limit fails with States.ExecutionLimitExceeded; its token is dead', async () => {
    const h = harness();
    await started(h, 'long', { timeoutSeconds: 400 * 86_400 });
    const token = lastToken(h, 'long');
    await h.clock.advanceTo(START + 364 * DAY, h.settle);
    expect(h.sfn.describe('long').status).toBe('RUNNING');
    await h.clock.advanceTo(START + 366 * DAY, h.settle);
    const d = h.sfn.describe('long');
    expect(d).toMatchObject({ status: 'FAILED', error: 'States.ExecutionLimitExceeded' });
    expect(d.stoppedAt).toBe(new Date(START + 365 * DAY).toISOString());
    await expect(h.sfn.sendTaskSuccess(token, { verdict: 'x' })).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
  });

  it('a custom limit is checked when a task is entered', async () => {
    const h = harness({ executionLimitMs: 10 * DAY });
    await started(h, 'short', { timeoutSeconds: 20 * 86_400 });
    const token = lastToken(h, 'short');
    await h.clock.advanceTo(START + 11 * DAY, h.settle);
    expect(h.sfn.describe('short')).toMatchObject({
      status: 'FAILED',
      error: 'States.ExecutionLimitExceeded',
    });
    await expect(h.sfn.sendTaskSuccess(token, {})).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('stopExecution aborts a parked execution and kills its token', async () => {
    const h = harness();
    await started(h, 'rev');
    const token = lastToken(h, 'rev');
    await h.sfn.stopExecution(h.sfn.executionArn('rev'), 'Revoked', 'R14 revocation');
    const d = await h.sfn.waitForEnd('rev');
    expect(d).toMatchObject({ status: 'ABORTED', error: 'Revoked', cause: 'R14 revocation' });
    expect(d.waitingOn).toBeUndefined();
    await expect(h.sfn.sendTaskSuccess(token, {})).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await h.sfn.idle();
    expect(h.sfn.describe('rev').states).toEqual(['Prepare', 'Route', 'AwaitDecision']);
    expect(h.clock.pending()).toEqual([]);
    await expect(h.sfn.stopExecution(h.sfn.executionArn('nope'), 'x', 'y')).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
  });

  it("overrides CDK's 2 s retry pauses and counts transitions", async () => {
    const h = harness({ busyFailures: 2 });
    const t0 = performance.now();
    await started(h, 'retry', { route: 'direct' });
    const d = await h.sfn.waitForEnd('retry');
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(h.prepareCalls).toHaveLength(3);
    expect(d.status).toBe('SUCCEEDED');
    expect(d.states).toEqual(['Prepare', 'Route', 'Done']);
    expect(d.transitions).toBe(3);
  });

  it('fails clearly on a Lambda without a local handler and refuses unsupported resources up front', async () => {
    const h = harness({ lambdas: ['Prepare'] });
    expect(h.sfn.missingFunctions()).toEqual(['RecordToken']);
    await h.sfn.startExecution('nofn', input());
    const d = await h.sfn.waitForEnd('nofn');
    expect(d).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(d.cause).toContain("no local handler for Lambda function 'RecordToken'");

    const bad = {
      StartAt: 'Put',
      States: {
        Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: {}, End: true },
      },
    };
    expect(
      () => new LocalStepFunctions({ definition: bad, lambdas: {}, clock: h.clock, validate: false }),
    ).toThrow(/not supported locally/);
  });

  it('reads the function name from every FunctionName form', () => {
    expect(lambdaFunctionName(fn('LifecycleTask'))).toBe('LifecycleTask');
    expect(lambdaFunctionName(`${fn('LifecycleTask')}:live`)).toBe('LifecycleTask');
    expect(lambdaFunctionName('LifecycleTask:$LATEST')).toBe('LifecycleTask');
    expect(lambdaFunctionName('LifecycleTask')).toBe('LifecycleTask');
  });
});

describe('VirtualClock', () => {
  it('wakes sleepers in time order with now() at each one, then lands on the target', async () => {
    const clock = new VirtualClock(0);
    const seen: [string, number][] = [];
    const sleep = (label: string, at: number) =>
      clock.sleepUntil(at).then(() => {
        seen.push([label, clock.now().getTime()]);
        if (label === 'b') void clock.sleepUntil(25).then(() => seen.push(['b2', clock.now().getTime()]));
      });
    void sleep('c', 30);
    void sleep('a', 10);
    void sleep('b', 20);
    const ac = new AbortController();
    const aborted = clock.sleepUntil(15, ac.signal);
    ac.abort();
    await expect(aborted).rejects.toBeDefined();
    await clock.advanceTo(100);
    expect(seen).toEqual([
      ['a', 10],
      ['b', 20],
      ['b2', 25],
      ['c', 30],
    ]);
    expect(clock.now().getTime()).toBe(100);
    await expect(clock.advanceTo(50)).rejects.toThrow(RangeError);
    await clock.advanceBy(5);
    expect(clock.now().getTime()).toBe(105);
  });
});
