/**
 * Test-only fault injection for the one DynamoDB document client (`ddb`): a middleware on its stack that
 * counts the commands it sends and makes one of them fail — by its position (the Nth call since `arm`)
 * or by its command name. Kinds: `throttle` (ProvisionedThroughputExceededException, retryable: the SDK
 * retries it and the act should succeed), `timeout` (a TimeoutError, as a socket timeout) and `hard` (an
 * InternalServerError marked not retryable). The middleware sits below the SDK's retry step, so a
 * retryable fault is retried like a real one. Never used by the product code.
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

const state = { calls: 0, fired: 0, fault: undefined as Fault | undefined, names: [] as string[] };
let installed = false;

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
  // a non-retryable fault must not be retried by the SDK (it would hide the failure)
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
      // a retried attempt is the same call: count a command once, on its first attempt
      const attempt = (args.request as { headers?: Record<string, string> })?.headers?.['amz-sdk-request'];
      const first = !attempt || /attempt=1(;|$)/.test(attempt);
      if (first) {
        state.calls++;
        state.names.push(name);
      }
      const hit = f && (f.at ? state.calls === f.at : f.command === name);
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
  state.fault = fault;
}

/** Stop injecting; the calls since `arm` and whether the fault fired. */
export function disarm(): { calls: number; fired: number; names: string[] } {
  const r = { calls: state.calls, fired: state.fired, names: [...state.names] };
  state.fault = undefined;
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
