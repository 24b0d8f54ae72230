/**
 * Calling a rate-limited service for many items at once (200,000 StartExecution after an import; one
 * SendTaskSuccess per waiting candidate after an exam-wide event) at the rate its token bucket refills,
 * retrying throttles with backoff, losing none.
 */
import { isThrottle } from './workflow-client.js';

export interface RateLimit {
  /** tokens added per second (the bucket's refill rate) */
  ratePerSecond: number;
  /** bucket size: how many calls may go at once after a pause */
  burst: number;
}

/**
 * Default limits, set below the smaller regions' Step Functions API token buckets; override per region
 * with SFN_START_RATE / SFN_START_BURST / SFN_TASK_RATE / SFN_TASK_BURST (Service Quotas console).
 */
export function sfnLimits(env = process.env): { start: RateLimit; task: RateLimit } {
  const n = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);
  return {
    start: { ratePerSecond: n(env.SFN_START_RATE, 150), burst: n(env.SFN_START_BURST, 800) },
    task: { ratePerSecond: n(env.SFN_TASK_RATE, 150), burst: n(env.SFN_TASK_BURST, 800) },
  };
}

export interface Sleeper {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realSleeper: Sleeper = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((ok) => setTimeout(ok, ms)),
};

/** A token bucket: `take()` resolves when a call may go. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Sleeper = realSleeper,
  ) {
    this.tokens = limit.burst;
    this.last = clock.now();
  }
  private refill(): void {
    const t = this.clock.now();
    this.tokens = Math.min(
      this.limit.burst,
      this.tokens + ((t - this.last) / 1000) * this.limit.ratePerSecond,
    );
    this.last = t;
  }
  /** A token now, or false (for callers that refuse rather than wait). */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  async take(): Promise<void> {
    for (;;) {
      if (this.tryTake()) return;
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.limit.ratePerSecond) * 1000));
    }
  }
}

export interface FanOutReport {
  done: number;
  throttled: number;
  failed: { item: string; error: string }[];
}

/**
 * Run `call` for every item at the bucket's rate, `concurrency` at a time; a throttled call waits
 * (exponential backoff with jitter) and is tried again, up to `maxAttempts`; other errors are reported.
 */
export async function fanOut<T>(
  items: AsyncIterable<T> | Iterable<T>,
  call: (item: T) => Promise<void>,
  opts: {
    limit: RateLimit;
    concurrency?: number;
    maxAttempts?: number;
    label?: (item: T) => string;
    clock?: Sleeper;
    /** a bucket shared with other calls (e.g. every chunk a worker runs), instead of a fresh full one */
    bucket?: TokenBucket;
    onProgress?: (r: FanOutReport) => void;
  },
): Promise<FanOutReport> {
  const clock = opts.clock ?? realSleeper;
  const bucket = opts.bucket ?? new TokenBucket(opts.limit, clock);
  const report: FanOutReport = { done: 0, throttled: 0, failed: [] };
  const maxAttempts = opts.maxAttempts ?? 10;
  const running = new Set<Promise<void>>();
  const one = async (item: T) => {
    for (let attempt = 1; ; attempt++) {
      await bucket.take();
      try {
        await call(item);
        report.done++;
        opts.onProgress?.(report);
        return;
      } catch (e) {
        if (isThrottle(e) && attempt < maxAttempts) {
          report.throttled++;
          await clock.sleep(Math.min(20_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2));
          continue;
        }
        report.failed.push({
          item: opts.label?.(item) ?? String(item),
          error: (e as Error).name || String(e),
        });
        return;
      }
    }
  };
  for await (const item of items) {
    const p = one(item).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= (opts.concurrency ?? 32)) await Promise.race(running);
  }
  await Promise.all(running);
  return report;
}
