/**
 * The system's notion of "now". Lambda uses the real clock; local mode and the workflow tests may set
 * a different one (tests move time forward through five years of deadlines). Domain functions never
 * read the clock: handlers pass `now()` in.
 */
export interface Clock {
  now(): Date;
}

const realClock: Clock = { now: () => new Date() };
let current: Clock = realClock;

export const now = (): Date => current.now();

export function setClock(c: Clock | null): void {
  current = c ?? realClock;
}
