/**
 * Test-only fault injection for the one DynamoDB document client (`ddb`): a middleware on its stack that
 * counts the commands it sends and makes one of them fail — by its position (the Nth call since `arm`)
 * or by its command name. Kinds: `throttle` (ProvisionedThroughputExceededException, once: the SDK
 * retries it and the act should succeed), `timeout` (a TimeoutError, as a socket timeout) and `hard` (an
 * InternalServerError). The middleware sits below the SDK's retry step, so a fault is retried like a
 * real one: the SDK retries a timeout and a 500 too (transient), and those fail on every attempt. The
 * local system's background loops are let through uncounted. Never used by the product code.
 */
import { ddb } from '../../functions/lib/db.js';

export type FaultKind = 'throttle' | 'timeout' | 'hard';

export interface Fault {
  kind: FaultKind;
  /** the call (1-based, counted from `arm`) that fails */
  at?: number;
  /** or: the first call of this command (the low-level name, e.g. 'TransactWriteItemsCommand') fails */
  command?: string;
  /** how many attempts fail (a throttle once by default: the retry succeeds) */
  times?: number;
}

const state = {
  calls: 0,
  fired: 0,
  fault: undefined as Fault | undefined,
  names: [] as string[],
  /** between `arm` and `disarm` */
  counting: false,
};
/** the frames of the local system's background loops (scripts/local/jobs.ts, outbox-printer.ts) */
const background = /scripts\/local\/(jobs|outbox-printer)\.ts/;
let installed = false;
/** each call's position since `arm`, by its input (the same object on every attempt of the SDK's retries) */
let calls = new WeakMap<object, number>();

function faultError(kind: FaultKind): Error {
  const [name, message, retryable] =
    kind === 'throttle'
      ? ['ProvisionedThroughputExceededException', 'injected: throughput exceeded', true]
      : kind === 'timeout'
        ? ['TimeoutError', 'injected: socket timed out', false]
        : ['InternalServerError', 'injected: hard failure', false];
  const e = new Error(message) as Error & Record<string, unknown>;
  e.name = name;
  e.$fault = kind === 'throttle' ? 'client' : 'server';
  e.$metadata = { httpStatusCode: kind === 'throttle' ? 400 : 500 };
  // not retryable by its trait; the SDK still retries a 500 and a timeout as transient (every attempt fails)
  if (!retryable) e.$retryable = undefined;
  return e;
}

/** Put the injector on the client's stack (once per process). */
export function installFaults(): void {
  if (installed) return;
  installed = true;
  ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown');
      const f = state.fault;
      // the local system's own background loops (the job worker's polling and its jobs, the outbox's
      // delivery) are not the act's calls: neither counted nor faulted, whenever they fall
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 100;
      const stack = f || state.counting ? (new Error().stack ?? '') : '';
      Error.stackTraceLimit = limit;
      if (background.test(stack)) return next(args);
      // a retried attempt is the same call (the same input): counted once, on its first attempt, and
      // faulted again at its own position however many calls have started beside it since
      let call = calls.get(args.input as object);
      if (call === undefined) {
        call = ++state.calls;
        calls.set(args.input as object, call);
        // FAULTS_DEBUG: where in the product each call comes from, beside its name
        const where = process.env.FAULTS_DEBUG
          ? stack
              .split('\n')
              .filter((l) => l.includes('/functions/'))
              .slice(0, 3)
          : [];
        state.names.push([name, ...where.map((l) => l.trim().replace(/^at /, ''))].join(' ← '));
      }
      const hit = f && (f.at ? call === f.at : f.command === name);
      if (f && hit && state.fired < (f.times ?? (f.kind === 'throttle' ? 1 : Number.POSITIVE_INFINITY))) {
        state.fired++;
        throw faultError(f.kind);
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'testFaultInjector' },
  );
}

/** Start counting from zero with this fault (or none: count only). */
export function arm(fault?: Fault): void {
  installFaults();
  state.calls = 0;
  state.fired = 0;
  state.names = [];
  calls = new WeakMap();
  state.fault = fault;
  state.counting = true;
}

/** Stop injecting; the calls since `arm` and whether the fault fired. */
export function disarm(): { calls: number; fired: number; names: string[] } {
  const r = { calls: state.calls, fired: state.fired, names: [...state.names] };
  state.fault = undefined;
  state.counting = false;
  return r;
}

/**
 * Wait until the client has been idle for `ms` (the act before has finished its after-work: stream
 * deliveries, outbox), so the next act's calls are counted alone. Gives up after `maxMs`.
 */
export async function quiet(ms = 250, maxMs = 5000): Promise<void> {
  installFaults();
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const seen = state.calls;
    await new Promise((r) => setTimeout(r, ms));
    if (state.calls === seen) return;
  }
}
