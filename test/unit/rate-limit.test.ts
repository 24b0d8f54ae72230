/**
 * Scale: 200,000 StartExecution calls after an import (and one SendTaskSuccess per waiting candidate
 * after an announcement) go out at the region's refill rate, throttles are retried, none is lost.
 */
import { describe, expect, it } from 'vitest';
import { fanOut, type Sleeper, sfnLimits, TokenBucket } from '../../functions/lib/rate-limit.js';

/** A virtual clock: sleeping moves time forward at once. */
function virtualSleeper(): Sleeper & { t: number } {
  const s = {
    t: 0,
    now: () => s.t,
    sleep: async (ms: number) => {
      s.t += ms;
    },
  };
  return s;
}

const throttle = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('fan-out to Step Functions', () => {
  it('starts 200,000 executions at the configured rate, retrying throttles, each exactly once', async () => {
    const clock = virtualSleeper();
    const limit = { ratePerSecond: 300, burst: 800 };
    const n = 200_000;
    const calls = new Map<number, number>();
    // the service's own bucket refills more slowly than ours claims now and then: some calls are throttled
    let seq = 0;
    const report = await fanOut(
      Array.from({ length: n }, (_, i) => i),
      async (i) => {
        if (++seq % 97 === 0) throw throttle();
        calls.set(i, (calls.get(i) ?? 0) + 1);
      },
      { limit, clock, concurrency: 64 },
    );
    expect(report.done).toBe(n);
    expect(report.failed).toEqual([]);
    expect(report.throttled).toBeGreaterThan(0);
    expect(calls.size).toBe(n);
    expect([...calls.values()].every((v) => v === 1)).toBe(true);
    // never faster than the bucket allows: burst at once, then the refill rate
    expect(clock.t / 1000).toBeGreaterThanOrEqual(
      (n + report.throttled - limit.burst) / limit.ratePerSecond - 1,
    );
  });

  it('reports (and does not retry) errors that are not throttles', async () => {
    const report = await fanOut(
      ['a', 'b', 'c'],
      async (x) => {
        if (x === 'b') throw Object.assign(new Error('no'), { name: 'ExecutionAlreadyExists' });
      },
      { limit: { ratePerSecond: 10, burst: 10 }, clock: virtualSleeper(), label: (x) => x },
    );
    expect(report.done).toBe(2);
    expect(report.failed).toEqual([{ item: 'b', error: 'ExecutionAlreadyExists' }]);
  });

  it('gives up on a call that stays throttled, and says so', async () => {
    const report = await fanOut(['x'], async () => Promise.reject(throttle()), {
      limit: { ratePerSecond: 10, burst: 1 },
      clock: virtualSleeper(),
      maxAttempts: 4,
      label: (x) => x,
    });
    expect(report.failed).toEqual([{ item: 'x', error: 'ThrottlingException' }]);
    expect(report.throttled).toBe(3);
  });

  it('the bucket lets a burst through at once and then one call per 1/rate seconds', async () => {
    const clock = virtualSleeper();
    const b = new TokenBucket({ ratePerSecond: 50, burst: 5 }, clock);
    for (let i = 0; i < 5; i++) await b.take();
    expect(clock.t).toBe(0);
    for (let i = 0; i < 50; i++) await b.take();
    expect(clock.t).toBeGreaterThanOrEqual(1000);
    expect(clock.t).toBeLessThan(1100);
  });

  it('limits are set per region through the environment', () => {
    expect(sfnLimits({ SFN_START_RATE: '300', SFN_START_BURST: '1300' }).start).toEqual({
      ratePerSecond: 300,
      burst: 1300,
    });
    expect(sfnLimits({}).task.ratePerSecond).toBeGreaterThan(0);
  });
});
