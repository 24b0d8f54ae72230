/**
 * hr's overview of the paper certificates (issue 13 §5; R16, R19, R20, N3): how many candidates are in
 * each phase across exams and cities — passed → qualified → booked → dispatched → delivered /
 * collected → waiting on site → in custody → on the transfer register → transferred — and the batches
 * whose distribution is overdue. Pure.
 *
 * The counts come from counters kept with every change, never from a scan: the status counters
 * (passed is every record, qualified one status), the booking counters (functions/domain/booking.ts),
 * and the progress counters here, which count the milestones a qualified candidate's paper
 * certificate has reached and change in the same transaction as the record
 * (functions/domain/queue.ts counterDeltas). Two splits depend on more than the record: a candidate on
 * site is 待现场领取 while their city's collection period runs and 代为保管 once it has ended (the
 * site, one item per exam and city); a candidate on the transfer register is 已移交 once hr has
 * recorded receipt of a register holding them (that register's counts, made by its job).
 */
import { batchOverdue, type CertificateBatch } from './arrival.js';
import { type BookingCounter, bookingCounter } from './booking.js';
import type { Candidate, CandidateStatus } from './candidate.js';
import { candidateStatuses } from './candidate.js';

export const progressKinds = [
  'dispatched',
  'delivered',
  'deliveryFailed',
  'onSite',
  'collected',
  'transferListed',
] as const;
export type ProgressKind = (typeof progressKinds)[number];
/** The counter attribute of a milestone, beside the status counts (functions/lib/candidates.ts). */
export const progressCounter = (k: ProgressKind) => `paper_${k}` as const;
export type ProgressCounter = ReturnType<typeof progressCounter>;

type Progressed = Pick<Candidate, 'status' | 'lifecycle'> & { city: string };

/**
 * The milestones a record has reached, from the record alone: dispatched (a tracking number was ever
 * recorded: in the post, delivered, or a delivery given up), delivered, failed twice (R19: then on
 * site), on site (R19: qualified, its certificate arrived, not mailed — not booked once the window
 * closed, or failed twice — and neither collected nor put on the transfer register), collected, and put
 * on the transfer register (R20). Only a qualified candidate's count: a revoked one leaves them all.
 */
export function progressOf(c: Progressed): ProgressKind[] {
  const f = c.lifecycle;
  if (c.status !== 'qualified' || !f) return [];
  const failures = f.deliveryFailures ?? 0;
  const out: ProgressKind[] = [];
  if (f.trackingNo || f.deliveredAt || failures > 0) out.push('dispatched');
  if (f.deliveredAt) out.push('delivered');
  if (failures >= 2) out.push('deliveryFailed');
  const handedOver = !!(f.deliveredAt || f.collectedAt || f.transferListedAt);
  const notMailed = failures >= 2 || (!f.bookedAt && !!f.bookingClosedAt);
  if (f.certificateArrivedAt && notMailed && !handedOver) out.push('onSite');
  if (f.collectedAt) out.push('collected');
  if (f.transferListedAt) out.push('transferListed');
  return out;
}

/** The progress counter changes of replacing `before` (absent: a new record) with `after`. */
export function progressDeltas(
  before: Progressed | undefined,
  after: Progressed,
): { city: string; status: ProgressCounter; by: number }[] {
  const was = before ? progressOf(before) : [];
  const is = progressOf(after);
  const moved = before !== undefined && before.city !== after.city;
  return [
    ...was
      .filter((k) => moved || !is.includes(k))
      .map((k) => ({ city: (before as Progressed).city, status: progressCounter(k), by: -1 })),
    ...is
      .filter((k) => moved || !was.includes(k))
      .map((k) => ({ city: after.city, status: progressCounter(k), by: 1 })),
  ];
}

/** The overview's phases, in their order. */
export const overviewPhases = [
  'passed',
  'qualified',
  'booked',
  'dispatched',
  'delivered',
  'deliveryFailed',
  'collected',
  'awaitingCollection',
  'inCustody',
  'transferListed',
  'transferred',
] as const;
export type OverviewPhase = (typeof overviewPhases)[number];
export type PhaseCounts = Record<OverviewPhase, number>;

export const noCounts = (): PhaseCounts =>
  Object.fromEntries(overviewPhases.map((p) => [p, 0])) as PhaseCounts;

type CounterItem = Partial<Record<CandidateStatus | BookingCounter | ProgressCounter | string, unknown>>;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * One city's counts from its counter items. `periodOver`: the city's collection period has ended (R20:
 * who is on site is then in custody); `transferred`: how many of the city hr has received (R20), at
 * most those on the register.
 */
export function cityCounts(
  items: readonly CounterItem[],
  periodOver: boolean,
  transferred: number,
): PhaseCounts {
  const sum = (k: string) => items.reduce((n, it) => n + num(it[k]), 0);
  const onSite = sum(progressCounter('onSite'));
  const listed = sum(progressCounter('transferListed'));
  const received = Math.min(Math.max(transferred, 0), listed);
  return {
    passed: candidateStatuses.reduce((n, s) => n + sum(s), 0),
    qualified: sum('qualified'),
    booked: sum(bookingCounter('booked')),
    dispatched: sum(progressCounter('dispatched')),
    delivered: sum(progressCounter('delivered')),
    deliveryFailed: sum(progressCounter('deliveryFailed')),
    collected: sum(progressCounter('collected')),
    awaitingCollection: periodOver ? 0 : onSite,
    inCustody: periodOver ? onSite : 0,
    transferListed: listed - received,
    transferred: received,
  };
}

/** Counts added up (a total row). */
export function addCounts(rows: readonly PhaseCounts[]): PhaseCounts {
  const out = noCounts();
  for (const r of rows) for (const p of overviewPhases) out[p] += r[p];
  return out;
}

/** Whether a row has anything to show. */
export const anyCount = (r: PhaseCounts): boolean => overviewPhases.some((p) => r[p] !== 0);

/** N3: the exam's batches whose distribution deadline has passed with distribution not started, oldest first. */
export function overdueBatches<B extends Pick<CertificateBatch, 'distributionDue' | 'distributionStartedAt'>>(
  batches: readonly B[],
  now: Date,
): B[] {
  return batches
    .filter((b) => batchOverdue(b, now))
    .sort((a, b) => a.distributionDue.endsAt.localeCompare(b.distributionDue.endsAt));
}
