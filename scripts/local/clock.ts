/**
 * Clocks the local Step Functions runner schedules on.
 *
 * `RealClock` sleeps on real timers, split into chunks of at most 2^31−1 ms: one Node timer longer
 * than that (~24.8 days) overflows and fires after 1 ms, and a lifecycle waits for months.
 * `VirtualClock` is moved by hand (tests, demos): sleepers wake in time order as `advanceTo` passes
 * their instant, with `now()` set to that instant while each one runs.
 */
import type { Clock } from '../../functions/lib/clock.js';

/** the longest delay one Node timer accepts (ms) */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SchedulerClock extends Clock {
  now(): Date;
  /** resolves once `now()` has reached `epochMs`; rejects with the signal's reason when aborted */
  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

export class RealClock implements SchedulerClock {
  now(): Date {
    return new Date();
  }

  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const tick = () => {
        const remaining = epochMs - Date.now();
        if (remaining <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(tick, Math.min(remaining, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      tick();
    });
  }
}

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualClock implements SchedulerClock {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];
  #advancing = false;

  constructor(start: number | Date = Date.now()) {
    this.#now = typeof start === 'number' ? start : start.getTime();
    if (!Number.isFinite(this.#now)) throw new RangeError('VirtualClock needs a finite start time');
  }

  now(): Date {
    return new Date(this.#now);
  }

  nowMs(): number {
    return this.#now;
  }

  /** instants the pending sleepers wait for, earliest first */
  pending(): number[] {
    return this.#sleepers.map((s) => s.at).sort((a, b) => a - b);
  }

  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!(epochMs > this.#now)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at: epochMs,
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /**
   * Moves time forward to `epochMs`, waking every sleeper due by then in time order (ties in the
   * order they went to sleep, including sleepers that the woken ones register). `now()` is each
   * sleeper's instant while it runs; `settle` (default: one macrotask turn) is awaited after each wake,
   * e.g. `() => runner.idle()`.
   */
  async advanceTo(epochMs: number, settle: () => Promise<void> = nextMacrotask): Promise<void> {
    if (!Number.isFinite(epochMs)) throw new RangeError('advanceTo needs a finite time');
    if (epochMs < this.#now) {
      throw new RangeError(
        `cannot move the clock back from ${this.now().toISOString()} to ${new Date(epochMs).toISOString()}`,
      );
    }
    if (this.#advancing) throw new Error('VirtualClock.advanceTo is already running');
    this.#advancing = true;
    try {
      for (;;) {
        let next: Sleeper | undefined;
        for (const s of this.#sleepers) {
          if (s.at <= epochMs && (!next || s.at < next.at || (s.at === next.at && s.seq < next.seq)))
            next = s;
        }
        if (!next) break;
        const woken = next;
        this.#sleepers = this.#sleepers.filter((s) => s !== woken);
        this.#now = Math.max(this.#now, woken.at);
        woken.resolve();
        await settle();
      }
      this.#now = epochMs;
    } finally {
      this.#advancing = false;
    }
  }

  advanceBy(ms: number, settle?: () => Promise<void>): Promise<void> {
    if (!(ms >= 0)) throw new RangeError('advanceBy needs a non-negative duration');
    return this.advanceTo(this.#now + ms, settle);
  }
}
