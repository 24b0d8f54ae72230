/**
 * The lifecycle state machine, run on one machine: the synthesized ASL definition executed by
 * aws-local-stepfunctions, with every Task overridden so that nothing calls AWS, and with all time
 * (Wait states, task timeouts, the one-year execution limit) measured on an injected clock.
 *
 * What the library does not do and this runner adds (see TOOLCHAIN.md, "State machine, locally"):
 * - task tokens: `$$.Task.Token` is one constant placeholder for the whole run; each entry into a
 *   `.waitForTaskToken` Task gets a freshly minted token that replaces the placeholder in the payload,
 *   and the Task waits for `sendTaskSuccess` / `sendTaskFailure` / its own timeout;
 * - time: the library's timers are real `setTimeout`s (overflowing above 2^31−1 ms). Task timeouts are
 *   moved into the Parameters and enforced here on the clock, the library's own per-task timer is set to
 *   the longest one that does not overflow, and Wait states become Tasks that sleep on the clock;
 * - execution names, `alreadyRunning`, stop, and the execution time limit.
 *
 * Limitations: JSONPath only (no JSONata, no `Assign` variables: the library has neither); a
 * `.waitForTaskToken` wait inside a Parallel branch the library aborts (a sibling failed) is not
 * cancelled; with `RealClock` one Task entry lasts at most ~24.8 days of process uptime (the library's
 * own timer) — reconstruction from DynamoDB after a restart covers longer spans.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { WorkflowClient } from '../../functions/lib/workflow-client.js';
import type { SchedulerClock } from './clock.js';

/** `$$.Task.Token` resolves to this inside a run; the runner swaps it for a minted token per task entry */
export const TASK_TOKEN_PLACEHOLDER = 'LOCAL-TASK-TOKEN';
export const DEFAULT_MACHINE_ARN = 'arn:aws:states:local:000000000000:stateMachine:Lifecycle';
const DAY_MS = 86_400_000;
/** a Standard execution lives at most one year */
export const DEFAULT_EXECUTION_LIMIT_MS = 365 * DAY_MS;
/** the library's own per-Task timer: the longest whole number of seconds one Node timer holds */
const LIBRARY_TASK_TIMEOUT_SECONDS = 2_147_483;
/** resource given to Wait states rewritten as clock-driven Tasks */
const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';
/** `$$.Execution.StartTime` is stamped by the library with the real time; the runner supplies its own */
const START_TIME_PATH = '$$.Execution.StartTime';
const LOCAL_START_TIME_PATH = '$$.Execution.LocalStartTime';

export type LocalLambda = (payload: unknown) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionDescription {
  name: string;
  executionArn: string;
  status: ExecutionStatus;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** ISO time on the runner's clock */
  startedAt: string;
  stoppedAt?: string;
  /** number of StateEntered events */
  transitions: number;
  /** state names entered, in order */
  states: string[];
  /** the callback (`.waitForTaskToken`) the execution is parked in */
  waitingOn?: { state: string; token: string; timeoutAt?: string };
  /** the Wait state the execution sleeps in */
  sleepingUntil?: { state: string; until: string };
}

export type LocalSfnEvent =
  | { type: 'ExecutionStarted'; execution: string; at: string; input: unknown }
  | { type: 'StateEntered'; execution: string; at: string; state: string; stateType: string }
  | { type: 'TaskWaiting'; execution: string; at: string; state: string; token: string; timeoutAt?: string }
  | { type: 'Sleeping'; execution: string; at: string; state: string; until: string }
  | {
      type: 'ExecutionEnded';
      execution: string;
      at: string;
      status: ExecutionStatus;
      output?: unknown;
      error?: string;
      cause?: string;
    };

export interface LocalStepFunctionsOptions {
  /** ASL JSON (JSONPath), e.g. the synthesized DefinitionString with placeholder Lambda ARNs */
  definition: object;
  /** key = Lambda function name (the segment after `:function:` in FunctionName) */
  lambdas: Record<string, LocalLambda>;
  clock: SchedulerClock;
  machineArn?: string;
  /** default 365 days; an execution still running this long after its start fails (States.ExecutionLimitExceeded) */
  executionLimitMs?: number;
  /** real pause before each Retry attempt (default 5 ms instead of the definition's seconds) */
  retryIntervalMs?: number;
  onEvent?: (e: LocalSfnEvent) => void;
  /** run the library's ASL validator on the definition as written (default true; ~0.3 s, once per definition) */
  validate?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type AnyState = Record<string, unknown> & { Type: string };
type Machine = { StartAt: string; States: Record<string, AnyState> };

type Plan =
  | { kind: 'lambda'; mode: 'invoke' | 'callback' | 'direct'; functionName?: string }
  | { kind: 'startExecution' }
  | { kind: 'wait' };

/** what an overridden Task receives: the original Parameters (or the effective input) plus our extras */
interface WrappedInput {
  parameters?: unknown;
  input?: unknown;
  timeoutSeconds?: unknown;
  seconds?: unknown;
  timestamp?: unknown;
}

interface CallbackWait {
  exec: Execution;
  state: string;
  token: string;
  timeoutAt?: number;
  settled: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Sleep {
  state: string;
  until: number;
}

interface Execution {
  name: string;
  arn: string;
  input: unknown;
  inputKey: string;
  status: ExecutionStatus;
  output?: unknown;
  error?: string;
  cause?: string;
  startedAtMs: number;
  stoppedAtMs?: number;
  limitAtMs: number;
  limitError: { status: ExecutionStatus; error: string; cause: string };
  transitions: number;
  states: string[];
  /** override calls running and not parked */
  active: number;
  /** override calls parked in a callback wait or a sleep */
  parked: number;
  /** Lambda handlers in flight (a callback Task may move on before its handler returns) */
  handlers: number;
  /** StateFailed events not yet followed by StateRetried / StateCaught (a retry pause may be running) */
  failing: number;
  callbacks: Set<CallbackWait>;
  sleeps: Set<Sleep>;
  controller: AbortController;
  abortRun?: () => void;
  done: Promise<void>;
  markDone: () => void;
}

// ---------------------------------------------------------------------------------------------------
// errors

function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** an error no Retry or Catch intercepts (the library reads `isRetryable` / `isCatchable`) */
function fatalError(name: string, message: string): Error {
  return Object.assign(namedError(name, message), { isRetryable: false, isCatchable: false });
}

/** a Lambda function error as the lambda:invoke integration reports it: Error = errorType, Cause = JSON */
function lambdaError(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  const errorType = err.name || 'Error';
  return namedError(
    errorType,
    JSON.stringify({ errorType, errorMessage: err.message, trace: (err.stack ?? '').split('\n') }),
  );
}

/**
 * `States.Timeout` must be an instance of the library's (unexported) StatesTimeoutError: only then does
 * `States.TaskFailed` in a Retry/Catch not match it, as on AWS. One 1 ms run of a throwaway machine
 * yields the class; until then (or if that ever fails) a plain named Error stands in.
 */
let makeStatesTimeout: () => Error = () => namedError('States.Timeout', 'States.Timeout');
let statesTimeoutReady: Promise<void> | undefined;
function captureStatesTimeout(): Promise<void> {
  statesTimeoutReady ??= (async () => {
    try {
      const probe = new StateMachine(
        {
          StartAt: 'T',
          States: { T: { Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, TimeoutSeconds: 0.001, End: true } },
        } as StateMachineDefinition,
        { validationOptions: { noValidate: true } },
      );
      await probe.run(
        {},
        { overrides: { taskResourceLocalHandlers: { T: () => new Promise<never>(() => {}) } } },
      ).result;
    } catch (e) {
      const cause = (e as Error).cause;
      if (cause instanceof Error && cause.name === 'States.Timeout') {
        const Ctor = cause.constructor as new () => Error;
        makeStatesTimeout = () => new Ctor();
      }
    }
  })();
  return statesTimeoutReady;
}

// ---------------------------------------------------------------------------------------------------
// helpers

const toJson = (v: unknown): Json => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json));

/** stable serialisation (sorted keys) to compare execution inputs */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function replaceStrings(v: unknown, from: string, to: string, skipKey?: string): unknown {
  if (typeof v === 'string') return v.includes(from) ? v.split(from).join(to) : v;
  if (Array.isArray(v)) return v.map((x) => replaceStrings(x, from, to, skipKey));
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === skipKey ? x : replaceStrings(x, from, to, skipKey)]),
    );
  }
  return v;
}

/** `Name`, `Name:alias`, `123456789012:function:Name`, `arn:aws:lambda:…:function:Name[:qualifier]` → `Name` */
export function lambdaFunctionName(functionName: string): string {
  const m = /(?:^|:)function:([^:]+)/.exec(functionName);
  if (m?.[1]) return m[1];
  return functionName.split(':')[0] ?? functionName;
}

/** characters AWS refuses in an execution name */
// biome-ignore lint/suspicious/noControlCharactersInRegex: AWS forbids control characters in names
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------------
// definition preprocessing

const validated = new Set<string>();
/** the library's validator (asl-validator) on the definition as written: messages in the author's terms */
function validateOnce(definition: object): void {
  const text = JSON.stringify(definition);
  if (validated.has(text)) return;
  new StateMachine(JSON.parse(text) as StateMachineDefinition);
  validated.add(text);
}

interface Prepared {
  definition: StateMachineDefinition;
  plans: Map<string, Plan>;
  stateTypes: Map<string, string>;
  retryStates: string[];
  timeoutSeconds?: number;
}

const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;
const START_EXECUTION = /^arn:[^:]+:states:::states:startExecution$/;
const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;

export function prepareDefinition(source: object): Prepared {
  const def = replaceStrings(
    JSON.parse(JSON.stringify(source)),
    START_TIME_PATH,
    LOCAL_START_TIME_PATH,
    'Comment',
  ) as Machine & { QueryLanguage?: string; TimeoutSeconds?: number };
  if (def.QueryLanguage === 'JSONata')
    throw new Error('JSONata definitions are not supported locally (JSONPath only)');
  const timeoutSeconds = def.TimeoutSeconds;
  delete def.TimeoutSeconds;
  const plans = new Map<string, Plan>();
  const stateTypes = new Map<string, string>();
  const retryStates: string[] = [];

  const walk = (machine: Machine) => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      if (stateTypes.has(name)) throw new Error(`state name '${name}' is used twice`);
      stateTypes.set(name, state.Type);
      if (state.QueryLanguage === 'JSONata')
        throw new Error(`state '${name}': JSONata is not supported locally`);
      if ('Assign' in state)
        throw new Error(`state '${name}': Assign (variables) is not supported by aws-local-stepfunctions`);
      if (Array.isArray(state.Retry) && state.Retry.length > 0) retryStates.push(name);
      if (state.Type === 'Task') {
        machine.States[name] = rewriteTask(name, state, plans);
      } else if (state.Type === 'Wait') {
        const { Seconds, Timestamp, SecondsPath, TimestampPath, ...rest } = state;
        const parameters: Record<string, unknown> = { 'input.$': '$' };
        if (Seconds !== undefined) parameters.seconds = Seconds;
        else if (Timestamp !== undefined) parameters.timestamp = Timestamp;
        else if (SecondsPath !== undefined) parameters['seconds.$'] = SecondsPath;
        else if (TimestampPath !== undefined) parameters['timestamp.$'] = TimestampPath;
        machine.States[name] = {
          ...rest,
          Type: 'Task',
          Resource: LOCAL_WAIT_RESOURCE,
          Parameters: parameters,
          TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS,
        };
        plans.set(name, { kind: 'wait' });
      } else if (state.Type === 'Parallel') {
        for (const branch of (state.Branches as Machine[] | undefined) ?? []) walk(branch);
      } else if (state.Type === 'Map') {
        const processor = (state.ItemProcessor ?? state.Iterator) as Machine | undefined;
        if (processor) walk(processor);
      }
    }
  };
  walk(def);
  return {
    definition: def as unknown as StateMachineDefinition,
    plans,
    stateTypes,
    retryStates,
    timeoutSeconds,
  };
}

function rewriteTask(name: string, state: AnyState, plans: Map<string, Plan>): AnyState {
  const resource = String(state.Resource);
  const invoke = LAMBDA_INVOKE.exec(resource);
  let plan: Plan;
  if (invoke) plan = { kind: 'lambda', mode: invoke[1] ? 'callback' : 'invoke' };
  else if (START_EXECUTION.test(resource)) plan = { kind: 'startExecution' };
  else if (LAMBDA_ARN.test(resource))
    plan = { kind: 'lambda', mode: 'direct', functionName: lambdaFunctionName(resource) };
  else {
    throw new Error(
      `Task state '${name}' uses resource '${resource}', which is not supported locally ` +
        '(supported: lambda:invoke, lambda:invoke.waitForTaskToken, a Lambda function ARN, states:startExecution)',
    );
  }
  plans.set(name, plan);
  const { TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds, HeartbeatSecondsPath, Parameters, ...rest } =
    state;
  const wrapped: Record<string, unknown> =
    Parameters === undefined ? { 'input.$': '$' } : { parameters: Parameters };
  if (TimeoutSecondsPath !== undefined) wrapped['timeoutSeconds.$'] = TimeoutSecondsPath;
  else if (TimeoutSeconds !== undefined) wrapped.timeoutSeconds = TimeoutSeconds;
  return { ...rest, Parameters: wrapped, TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS };
}

// ---------------------------------------------------------------------------------------------------
// the runner

const settleTurns = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

export class LocalStepFunctions implements WorkflowClient {
  readonly machineArn: string;
  readonly #machine: StateMachine;
  readonly #prepared: Prepared;
  readonly #lambdas: Record<string, LocalLambda>;
  readonly #clock: SchedulerClock;
  readonly #limitMs: number;
  readonly #retryIntervalMs: number;
  readonly #onEvent?: (e: LocalSfnEvent) => void;
  readonly #byName = new Map<string, Execution>();
  readonly #byArn = new Map<string, Execution>();
  readonly #tokens = new Map<string, CallbackWait>();
  readonly #running = new Set<Execution>();
  #version = 0;

  constructor(options: LocalStepFunctionsOptions) {
    this.machineArn = options.machineArn ?? DEFAULT_MACHINE_ARN;
    this.#lambdas = options.lambdas;
    this.#clock = options.clock;
    this.#limitMs = options.executionLimitMs ?? DEFAULT_EXECUTION_LIMIT_MS;
    this.#retryIntervalMs = options.retryIntervalMs ?? 5;
    this.#onEvent = options.onEvent;
    if (options.validate !== false) validateOnce(options.definition);
    this.#prepared = prepareDefinition(options.definition);
    this.#machine = new StateMachine(this.#prepared.definition, { validationOptions: { noValidate: true } });
    void captureStatesTimeout();
  }

  /** Lambda function names the definition names statically but `lambdas` lacks */
  missingFunctions(): string[] {
    const missing = new Set<string>();
    const visit = (machine: Machine) => {
      for (const [name, state] of Object.entries(machine.States ?? {})) {
        const plan = this.#prepared.plans.get(name);
        if (plan?.kind === 'lambda') {
          const params = (state.Parameters as WrappedInput | undefined)?.parameters as
            | Record<string, unknown>
            | undefined;
          const fn =
            plan.functionName ??
            (typeof params?.FunctionName === 'string' ? lambdaFunctionName(params.FunctionName) : undefined);
          if (fn && !Object.hasOwn(this.#lambdas, fn)) missing.add(fn);
        }
        for (const b of (state.Branches as Machine[] | undefined) ?? []) visit(b);
        const processor = (state.ItemProcessor ?? state.Iterator) as Machine | undefined;
        if (processor) visit(processor);
      }
    };
    visit(this.#prepared.definition as unknown as Machine);
    return [...missing].sort();
  }

  executionArn(name: string): string {
    return `${this.machineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  // ---- WorkflowClient ---------------------------------------------------------------------------

  async startExecution(
    name: string,
    input: unknown,
  ): Promise<{ executionArn: string; alreadyRunning: boolean }> {
    if (typeof name !== 'string' || name.length < 1 || name.length > 80 || INVALID_NAME.test(name)) {
      throw namedError('InvalidName', `Invalid execution name: '${name}'`);
    }
    const json = toJson(input ?? {});
    const inputKey = canonical(json);
    if (Buffer.byteLength(JSON.stringify(json)) > 262_144) {
      throw namedError('InvalidExecutionInput', `execution input of '${name}' exceeds 256 KiB`);
    }
    const existing = this.#byName.get(name);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.inputKey === inputKey) {
        return { executionArn: existing.arn, alreadyRunning: true };
      }
      throw namedError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${existing.arn}' (${existing.status === 'RUNNING' ? 'running with a different input' : existing.status})`,
      );
    }
    const startedAtMs = this.#clock.now().getTime();
    const limit =
      this.#prepared.timeoutSeconds !== undefined && this.#prepared.timeoutSeconds * 1000 < this.#limitMs
        ? {
            ms: this.#prepared.timeoutSeconds * 1000,
            error: {
              status: 'TIMED_OUT' as const,
              error: 'States.Timeout',
              cause: 'the state machine TimeoutSeconds elapsed',
            },
          }
        : {
            ms: this.#limitMs,
            error: {
              status: 'FAILED' as const,
              error: 'States.ExecutionLimitExceeded',
              cause: `execution still running ${Math.round(this.#limitMs / DAY_MS)} days after its start`,
            },
          };
    let markDone!: () => void;
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    const exec: Execution = {
      name,
      arn: this.executionArn(name),
      input: json,
      inputKey,
      status: 'RUNNING',
      startedAtMs,
      limitAtMs: startedAtMs + limit.ms,
      limitError: limit.error,
      transitions: 0,
      states: [],
      active: 0,
      parked: 0,
      handlers: 0,
      failing: 0,
      callbacks: new Set(),
      sleeps: new Set(),
      controller: new AbortController(),
      done,
      markDone,
    };
    this.#byName.set(name, exec);
    this.#running.add(exec);
    this.#byArn.set(exec.arn, exec);
    this.#emit({ type: 'ExecutionStarted', execution: name, at: iso(startedAtMs), input: json });

    // the execution time limit, on the clock
    this.#clock.sleepUntil(exec.limitAtMs, exec.controller.signal).then(
      () => this.#terminate(exec, exec.limitError),
      () => {},
    );

    const retryIntervalOverrides = Object.fromEntries(
      this.#prepared.retryStates.map((s) => [s, this.#retryIntervalMs]),
    );
    const run = this.#machine.run(json, {
      overrides: { taskResourceLocalHandlers: this.#overridesFor(exec), retryIntervalOverrides },
      context: {
        Execution: {
          Id: exec.arn,
          Name: name,
          Input: json,
          StartTime: iso(startedAtMs),
          LocalStartTime: iso(startedAtMs),
          RoleArn: 'arn:aws:iam::000000000000:role/local-state-machine',
        },
        StateMachine: { Id: this.machineArn, Name: this.machineArn.split(':').pop() ?? 'Lifecycle' },
        Task: { Token: TASK_TOKEN_PLACEHOLDER },
      },
    });
    exec.abortRun = run.abort;
    if (exec.status !== 'RUNNING') run.abort();
    // the event log closes right after the last event: finish once it is read, so that `states` is complete
    const consumed = this.#consumeEvents(exec, run.eventLogs);
    run.result.then(
      async (output) => {
        await consumed;
        this.#finish(exec, { status: 'SUCCEEDED', output });
      },
      async (err: unknown) => {
        await consumed;
        const cause =
          err instanceof ExecutionError ? (err.cause as Error | undefined) : (err as Error | undefined);
        this.#finish(exec, {
          status: 'FAILED',
          error: cause?.name ?? 'Error',
          cause: cause?.message ?? String(err),
        });
      },
    );
    return { executionArn: exec.arn, alreadyRunning: false };
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<void> {
    if (output === undefined) throw namedError('InvalidOutput', 'sendTaskSuccess needs a JSON output');
    const wait = this.#takeToken(token);
    wait.resolve(toJson(output));
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
    const wait = this.#takeToken(token);
    wait.reject(namedError(error, cause));
  }

  async stopExecution(executionArn: string, error: string, cause: string): Promise<void> {
    const exec = this.#byArn.get(executionArn) ?? this.#byName.get(executionArn);
    if (!exec) throw namedError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    this.#terminate(exec, { status: 'ABORTED', error, cause });
  }

  // ---- introspection ----------------------------------------------------------------------------

  describe(name: string): ExecutionDescription {
    const exec = this.#byName.get(name);
    if (!exec)
      throw namedError('ExecutionDoesNotExist', `Execution Does Not Exist: '${this.executionArn(name)}'`);
    return this.#describe(exec);
  }

  list(filter?: { status?: ExecutionStatus }): ExecutionDescription[] {
    return [...this.#byName.values()]
      .filter((e) => !filter?.status || e.status === filter.status)
      .map((e) => this.#describe(e));
  }

  async waitForEnd(name: string): Promise<ExecutionDescription> {
    const exec = this.#byName.get(name);
    if (!exec)
      throw namedError('ExecutionDoesNotExist', `Execution Does Not Exist: '${this.executionArn(name)}'`);
    await exec.done;
    return this.#describe(exec);
  }

  /**
   * Resolves when every running execution is parked in a callback wait or a Wait-state sleep: no Lambda
   * handler in flight, no retry pause, no transition pending. Rejects if nothing moves for
   * `stallMs` (real time) while some execution is still busy, naming the busy executions.
   */
  async idle(stallMs = 30_000): Promise<void> {
    let lastVersion = this.#version;
    let lastChange = performance.now();
    for (;;) {
      await settleTurns();
      if (this.#quiet()) {
        const version = this.#version;
        await settleTurns();
        if (this.#quiet() && version === this.#version) return;
        continue;
      }
      if (this.#version !== lastVersion) {
        lastVersion = this.#version;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > stallMs) {
        const busy = [...this.#running]
          .filter((e) => e.active > 0 || e.handlers > 0 || e.failing > 0 || e.parked === 0)
          .map((e) => `${e.name} (last state ${e.states.at(-1) ?? '-'}, handlers in flight ${e.handlers})`);
        throw new Error(`LocalStepFunctions.idle: no progress for ${stallMs} ms; busy: ${busy.join('; ')}`);
      }
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
  }

  /** stops every running execution (test teardown, shutdown) */
  stopAll(error = 'Local.Shutdown', cause = 'local runner stopped'): void {
    for (const exec of [...this.#running]) this.#terminate(exec, { status: 'ABORTED', error, cause });
  }

  // ---- internals --------------------------------------------------------------------------------

  #quiet(): boolean {
    for (const e of this.#running) {
      if (e.active > 0 || e.handlers > 0 || e.failing > 0 || e.parked === 0) return false;
    }
    return true;
  }

  #describe(exec: Execution): ExecutionDescription {
    const d: ExecutionDescription = {
      name: exec.name,
      executionArn: exec.arn,
      status: exec.status,
      input: exec.input,
      startedAt: iso(exec.startedAtMs),
      transitions: exec.transitions,
      states: [...exec.states],
    };
    if (exec.output !== undefined) d.output = exec.output;
    if (exec.error !== undefined) d.error = exec.error;
    if (exec.cause !== undefined) d.cause = exec.cause;
    if (exec.stoppedAtMs !== undefined) d.stoppedAt = iso(exec.stoppedAtMs);
    const cb = [...exec.callbacks].find((c) => !c.settled);
    if (cb) {
      d.waitingOn = { state: cb.state, token: cb.token };
      if (cb.timeoutAt !== undefined) d.waitingOn.timeoutAt = iso(cb.timeoutAt);
    }
    const sleep = [...exec.sleeps][0];
    if (sleep) d.sleepingUntil = { state: sleep.state, until: iso(sleep.until) };
    return d;
  }

  #emit(e: LocalSfnEvent): void {
    this.#version++;
    if (!this.#onEvent) return;
    try {
      this.#onEvent(e);
    } catch {
      // an observer must not break the execution
    }
  }

  #nowMs(): number {
    return this.#clock.now().getTime();
  }

  async #consumeEvents(
    exec: Execution,
    events: AsyncGenerator<{ type: string; state?: { name: string; type: string } }>,
  ) {
    for await (const ev of events) {
      this.#version++;
      switch (ev.type) {
        case 'StateEntered': {
          const state = ev.state?.name ?? '?';
          exec.transitions++;
          exec.states.push(state);
          const stateType = this.#prepared.stateTypes.get(state) ?? ev.state?.type ?? '?';
          this.#emit({
            type: 'StateEntered',
            execution: exec.name,
            at: iso(this.#nowMs()),
            state,
            stateType,
          });
          break;
        }
        case 'StateFailed':
          exec.failing++;
          break;
        case 'StateRetried':
        case 'StateCaught':
        case 'ParallelBranchFailed':
        case 'MapIterationFailed':
          exec.failing = Math.max(0, exec.failing - 1);
          break;
      }
    }
  }

  #finish(
    exec: Execution,
    outcome: { status: ExecutionStatus; output?: unknown; error?: string; cause?: string },
  ): boolean {
    if (exec.status !== 'RUNNING') return false;
    exec.status = outcome.status;
    this.#running.delete(exec);
    if (outcome.output !== undefined) exec.output = outcome.output;
    if (outcome.error !== undefined) exec.error = outcome.error;
    if (outcome.cause !== undefined) exec.cause = outcome.cause;
    exec.stoppedAtMs = this.#nowMs();
    const stopped = fatalError('Local.ExecutionStopped', `execution '${exec.name}' is ${exec.status}`);
    exec.controller.abort(stopped);
    for (const cb of exec.callbacks) {
      this.#tokens.delete(cb.token);
      if (!cb.settled) {
        cb.settled = true;
        cb.reject(stopped);
      }
    }
    exec.markDone();
    this.#emit({
      type: 'ExecutionEnded',
      execution: exec.name,
      at: iso(exec.stoppedAtMs),
      status: exec.status,
      ...(outcome.output !== undefined ? { output: outcome.output } : {}),
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
    });
    return true;
  }

  /** ends a running execution from outside the library's flow (stop, time limit) */
  #terminate(exec: Execution, outcome: { status: ExecutionStatus; error: string; cause: string }): void {
    if (this.#finish(exec, outcome)) exec.abortRun?.();
  }

  #assertRunning(exec: Execution): void {
    if (exec.status !== 'RUNNING')
      throw fatalError('Local.ExecutionStopped', `execution '${exec.name}' is ${exec.status}`);
    if (this.#nowMs() >= exec.limitAtMs) {
      this.#terminate(exec, exec.limitError);
      throw fatalError(exec.limitError.error, exec.limitError.cause);
    }
  }

  #takeToken(token: string): CallbackWait {
    if (typeof token !== 'string' || token.length === 0)
      throw namedError('InvalidToken', 'Invalid task token');
    const wait = this.#tokens.get(token);
    if (!wait || wait.settled)
      throw namedError('TaskTimedOut', 'Task Timed Out: the task token is not (or no longer) active');
    this.#tokens.delete(token);
    wait.settled = true;
    this.#version++;
    return wait;
  }

  /** awaits `p` while counted as parked (idle() treats the execution as waiting) */
  async #park<T>(exec: Execution, p: Promise<T>): Promise<T> {
    exec.active--;
    exec.parked++;
    this.#version++;
    try {
      return await p;
    } finally {
      exec.parked--;
      exec.active++;
      this.#version++;
    }
  }

  #lambda(name: string): LocalLambda {
    const fn = Object.hasOwn(this.#lambdas, name) ? this.#lambdas[name] : undefined;
    if (!fn) {
      throw fatalError(
        'States.Runtime',
        `no local handler for Lambda function '${name}' (known: ${Object.keys(this.#lambdas).sort().join(', ') || 'none'})`,
      );
    }
    return fn;
  }

  async #invoke(exec: Execution, fn: LocalLambda, payload: unknown): Promise<Json> {
    exec.handlers++;
    this.#version++;
    try {
      return toJson(await fn(payload));
    } catch (e) {
      throw lambdaError(e);
    } finally {
      exec.handlers--;
      this.#version++;
    }
  }

  #overridesFor(exec: Execution): Record<string, (input: Json) => Promise<Json>> {
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [state, plan] of this.#prepared.plans) {
      handlers[state] = async (raw) => {
        this.#assertRunning(exec);
        exec.active++;
        this.#version++;
        try {
          return await this.#runTask(exec, state, plan, (raw ?? {}) as WrappedInput);
        } finally {
          exec.active--;
          this.#version++;
        }
      };
    }
    return handlers;
  }

  async #runTask(exec: Execution, state: string, plan: Plan, raw: WrappedInput): Promise<Json> {
    const enteredAt = this.#nowMs();
    const timeoutAt = this.#timeoutAt(state, raw.timeoutSeconds, enteredAt);
    const params = (raw.parameters ?? raw.input) as Record<string, unknown> | undefined;
    switch (plan.kind) {
      case 'wait':
        return this.#sleep(exec, state, raw, enteredAt);
      case 'startExecution':
        return this.#withDeadline(exec, this.#startSuccessor(params ?? {}), timeoutAt);
      case 'lambda': {
        if (plan.mode === 'direct') {
          const fn = this.#lambda(plan.functionName ?? '');
          return this.#withDeadline(exec, this.#invoke(exec, fn, params ?? {}), timeoutAt);
        }
        const functionName = params?.FunctionName;
        if (typeof functionName !== 'string') {
          throw fatalError('States.Runtime', `Task '${state}': Parameters.FunctionName must be a string`);
        }
        const fn = this.#lambda(lambdaFunctionName(functionName));
        if (plan.mode === 'invoke') {
          const payload = await this.#withDeadline(
            exec,
            this.#invoke(exec, fn, params?.Payload ?? {}),
            timeoutAt,
          );
          return {
            ExecutedVersion: '$LATEST',
            Payload: payload,
            SdkHttpMetadata: { HttpStatusCode: 200 },
            SdkResponseMetadata: { RequestId: randomUUID() },
            StatusCode: 200,
          };
        }
        return this.#callback(exec, state, fn, params, timeoutAt);
      }
    }
  }

  #timeoutAt(state: string, seconds: unknown, enteredAt: number): number | undefined {
    if (seconds === undefined) return undefined;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
      throw fatalError(
        'States.Runtime',
        `Task '${state}': the timeout must be a positive integer of seconds, got ${JSON.stringify(seconds)}`,
      );
    }
    return enteredAt + seconds * 1000;
  }

  /** races `p` against a timeout on the clock (`States.Timeout`) */
  async #withDeadline<T>(
    exec: Execution,
    p: Promise<T>,
    timeoutAt: number | undefined,
    onTimeout?: () => void,
  ): Promise<T> {
    if (timeoutAt === undefined) return p;
    await captureStatesTimeout();
    const timer = new AbortController();
    const signal = AbortSignal.any([timer.signal, exec.controller.signal]);
    return new Promise<T>((resolve, reject) => {
      this.#clock.sleepUntil(timeoutAt, signal).then(
        () => {
          onTimeout?.();
          reject(makeStatesTimeout());
        },
        () => {},
      );
      p.then(
        (v) => {
          timer.abort();
          resolve(v);
        },
        (e: unknown) => {
          timer.abort();
          reject(e);
        },
      );
    });
  }

  async #sleep(exec: Execution, state: string, raw: WrappedInput, enteredAt: number): Promise<Json> {
    let until = enteredAt;
    if (raw.seconds !== undefined) {
      if (typeof raw.seconds !== 'number' || !Number.isInteger(raw.seconds) || raw.seconds < 0) {
        throw fatalError(
          'States.Runtime',
          `Wait '${state}': seconds must be a non-negative integer, got ${JSON.stringify(raw.seconds)}`,
        );
      }
      until = enteredAt + raw.seconds * 1000;
    } else if (raw.timestamp !== undefined) {
      const t = typeof raw.timestamp === 'string' ? Date.parse(raw.timestamp) : Number.NaN;
      if (!Number.isFinite(t)) {
        throw fatalError(
          'States.Runtime',
          `Wait '${state}': ${JSON.stringify(raw.timestamp)} is not a timestamp`,
        );
      }
      until = t;
    }
    if (until > enteredAt) {
      const sleep: Sleep = { state, until };
      exec.sleeps.add(sleep);
      this.#emit({ type: 'Sleeping', execution: exec.name, at: iso(enteredAt), state, until: iso(until) });
      try {
        await this.#park(exec, this.#clock.sleepUntil(until, exec.controller.signal));
      } catch {
        throw fatalError('Local.ExecutionStopped', `execution '${exec.name}' is ${exec.status}`);
      } finally {
        exec.sleeps.delete(sleep);
      }
      this.#assertRunning(exec);
    }
    return toJson(raw.input);
  }

  async #callback(
    exec: Execution,
    state: string,
    fn: LocalLambda,
    params: Record<string, unknown> | undefined,
    timeoutAt: number | undefined,
  ): Promise<Json> {
    const token = randomBytes(36).toString('base64url');
    let wait!: CallbackWait;
    const outcome = new Promise<unknown>((resolve, reject) => {
      wait = { exec, state, token, settled: false, resolve, reject };
      if (timeoutAt !== undefined) wait.timeoutAt = timeoutAt;
    });
    outcome.catch(() => {});
    exec.callbacks.add(wait);
    this.#tokens.set(token, wait);
    const kill = () => {
      wait.settled = true;
      this.#tokens.delete(token);
    };
    try {
      const payload = replaceStrings(params?.Payload ?? {}, TASK_TOKEN_PLACEHOLDER, token);
      // the handler runs; the task ends when the token is answered, the handler fails, or time runs out
      const handler = this.#invoke(exec, fn, payload);
      handler.catch(() => {});
      const result = this.#withDeadline(
        exec,
        Promise.race([outcome, handler.then(() => outcome)]),
        timeoutAt,
        kill,
      );
      result.catch(() => {});
      await Promise.race([handler.then(noop, noop), outcome.then(noop, noop), result.then(noop, noop)]);
      if (!wait.settled) {
        const waiting: LocalSfnEvent = {
          type: 'TaskWaiting',
          execution: exec.name,
          at: iso(this.#nowMs()),
          state,
          token,
        };
        if (timeoutAt !== undefined) waiting.timeoutAt = iso(timeoutAt);
        this.#emit(waiting);
        return toJson(await this.#park(exec, result));
      }
      return toJson(await result);
    } finally {
      kill();
      exec.callbacks.delete(wait);
    }
  }

  async #startSuccessor(params: Record<string, unknown>): Promise<Json> {
    let input = params.Input ?? {};
    if (typeof input === 'string') {
      try {
        input = JSON.parse(input);
      } catch {
        throw namedError('StepFunctions.InvalidExecutionInputException', 'Input is not valid JSON');
      }
    }
    const name = typeof params.Name === 'string' ? params.Name : randomUUID();
    try {
      const { executionArn } = await this.startExecution(name, input);
      const started = this.#byName.get(name);
      return { ExecutionArn: executionArn, StartDate: started?.startedAtMs ?? this.#nowMs() };
    } catch (e) {
      const err = e as Error;
      throw namedError(
        `StepFunctions.${err.name}${err.name.endsWith('Exception') ? '' : 'Exception'}`,
        err.message,
      );
    }
  }
}

const noop = () => {};
