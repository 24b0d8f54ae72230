/**
 * How often candidate sign-in may be tried, so that it can be used neither to sweep for who passed, nor
 * to flood a candidate with SMS, nor to lock a candidate out:
 *
 * - per client (the caller's network address, kept only as a hash), in fixed 15-minute windows: a few
 *   starts freely; after that, or after a few wrong codes, each start must carry a solved proof-of-work
 *   challenge (ALTCHA, self-hosted: no third party sees the caller); past a hard cap, starts are refused
 *   until the window ends; past many wrong codes, so are code checks;
 * - per target (the ID number typed, on record or not, as its person id), in 1-hour windows: a cap on
 *   codes sent, counted for every ID number alike so the refusal tells nothing;
 * - overall: a rate for the whole service (locally in the server; on AWS the API stage's route
 *   throttling, infra/constructs/api.ts).
 *
 * The counters are counted atomically before the decision (requests sent together each count), and the
 * target is counted only for starts the client checks let through, so a caller without the work cannot
 * spend a candidate's codes. Wrong codes count against the attempt (functions/domain/otp.ts) and the
 * client, never against the candidate.
 */
import { DomainError } from './errors.js';

export const SIGN_IN_LIMITS = {
  client: {
    windowMs: 15 * 60_000,
    /** starts in a window without a proof-of-work */
    freeStarts: 4,
    /** wrong codes in a window after which every start needs a proof-of-work */
    freeFailures: 2,
    /** starts in a window, proof-of-work or not */
    maxStarts: 20,
    /** wrong codes in a window after which code checks are refused too */
    maxFailures: 30,
  },
  target: {
    windowMs: 60 * 60_000,
    /** codes sent (or not) for one ID number in a window */
    maxStarts: 5,
  },
  /** the whole service's sign-in starts */
  overall: { ratePerSecond: 50, burst: 200 },
  /** a proof-of-work challenge is valid this long */
  challengeTtlMs: 5 * 60_000,
} as const;

/** A counter in a fixed window: its count (this request included) and when the window ends. */
export interface WindowCount {
  count: number;
  windowEnds: number;
}

/** The fixed window `now` falls in: its index (for the counter's key) and its end. */
export function windowOf(now: number, windowMs: number): { index: number; ends: number } {
  const index = Math.floor(now / windowMs);
  return { index, ends: (index + 1) * windowMs };
}

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    hour: '2-digit',
    minute: '2-digit',
  });

const retryAfter = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 1000));

/** 429 until a window ends, the time it ends in the message (also the objection limit's). */
export function tooMany(message: string, until: number, now: number): DomainError {
  return new DomainError('TOO_MANY_REQUESTS', `${message}，请于 ${clock(until)}（北京时间）后再试`, {
    retryAfterSeconds: retryAfter(until, now),
  });
}

/** Whether a client's start needs a solved proof-of-work: after its free starts or a few wrong codes. */
export const needsChallenge = (starts: number, failures: number): boolean =>
  starts > SIGN_IN_LIMITS.client.freeStarts || failures >= SIGN_IN_LIMITS.client.freeFailures;

/**
 * The client's part of a start, after counting it: refused past the cap; without a solved challenge
 * when one is needed, refused with CHALLENGE_REQUIRED (the act attaches a fresh challenge).
 */
export function clientStartProblem(
  starts: WindowCount,
  failures: number,
  challengeSolved: boolean,
  now: number,
): DomainError | null {
  if (starts.count > SIGN_IN_LIMITS.client.maxStarts) {
    return tooMany('本设备获取验证码的次数过多', starts.windowEnds, now);
  }
  if (needsChallenge(starts.count, failures) && !challengeSolved) {
    return new DomainError('CHALLENGE_REQUIRED', '请先完成安全验证，再获取验证码', {
      fields: [{ field: 'challenge', message: '请先完成安全验证' }],
    });
  }
  return null;
}

/** The target's part of a start, after counting it (for every ID number alike). */
export function targetStartProblem(starts: WindowCount, now: number): DomainError | null {
  return starts.count > SIGN_IN_LIMITS.target.maxStarts
    ? tooMany('该身份证号获取验证码的次数过多', starts.windowEnds, now)
    : null;
}

/** A code check from a client that has sent too many wrong codes is refused before it is looked at. */
export function clientVerifyProblem(failures: WindowCount, now: number): DomainError | null {
  return failures.count >= SIGN_IN_LIMITS.client.maxFailures
    ? tooMany('本设备输入错误验证码的次数过多', failures.windowEnds, now)
    : null;
}

/** The whole service is at its rate. */
export const overallBusy = () =>
  new DomainError('TOO_MANY_REQUESTS', '当前登录人数较多，请稍后再试', { retryAfterSeconds: 5 });
