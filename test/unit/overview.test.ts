/**
 * hr's overview (issue 13 §5; R16, R19, R20, N3), the pure part: the milestones a record has reached,
 * how the progress counters move with each write, a city's counts from its counter items (on site
 * split by the site's period, the transfer register by hr's receipt), totals, and the overdue batches.
 */
import { describe, expect, it } from 'vitest';
import { initialFacts, type LifecycleFacts } from '../../functions/domain/lifecycle.js';
import {
  addCounts,
  anyCount,
  cityCounts,
  noCounts,
  overdueBatches,
  progressDeltas,
  progressOf,
} from '../../functions/domain/overview.js';
import { counterDeltas } from '../../functions/domain/queue.js';
import { statusTagOf } from '../../functions/domain/status-tag.js';

const at = '2026-11-20T02:00:00.000Z';
const rec = (
  facts: Partial<LifecycleFacts>,
  status: 'qualified' | 'revoked' = 'qualified',
  city = '4101',
) => ({
  status,
  city,
  lifecycle: { ...initialFacts(), qualifiedAt: at, ...facts },
});
const arrived = { certificateArrivedAt: at };

describe('R16, R19, R20: the milestones of a paper certificate', () => {
  it('R16: booked and arrived is nothing yet; a tracking number is dispatched; delivered is both', () => {
    expect(progressOf(rec({ bookedAt: at, ...arrived }))).toEqual([]);
    expect(progressOf(rec({ bookedAt: at, ...arrived, trackingNo: 'EM1' }))).toEqual(['dispatched']);
    expect(progressOf(rec({ bookedAt: at, ...arrived, deliveredAt: at }))).toEqual([
      'dispatched',
      'delivered',
    ]);
  });

  it('R19: one failed delivery stays dispatched (a second attempt); failed twice is on site until collected', () => {
    expect(progressOf(rec({ bookedAt: at, ...arrived, deliveryFailures: 1 }))).toEqual(['dispatched']);
    const twice = { bookedAt: at, ...arrived, deliveryFailures: 2 };
    expect(progressOf(rec(twice))).toEqual(['dispatched', 'deliveryFailed', 'onSite']);
    expect(progressOf(rec({ ...twice, collectedAt: at }))).toEqual([
      'dispatched',
      'deliveryFailed',
      'collected',
    ]);
  });

  it('R19, R20: not booked once the window closed: on site once arrived, then collected or on the transfer register', () => {
    const closed = { bookingClosedAt: at };
    expect(progressOf(rec(closed))).toEqual([]);
    expect(progressOf(rec({ bookingClosedAt: at, ...arrived }))).toEqual(['onSite']);
    // the window still open: not on site yet
    expect(progressOf(rec({ ...arrived }))).toEqual([]);
    expect(progressOf(rec({ ...closed, ...arrived, collectedAt: at }))).toEqual(['collected']);
    expect(progressOf(rec({ ...closed, ...arrived, transferListedAt: at }))).toEqual(['transferListed']);
  });

  it('R14: a record that is not qualified (revoked) counts in none; nor one without a lifecycle', () => {
    expect(progressOf(rec({ bookedAt: at, ...arrived, deliveredAt: at }, 'revoked'))).toEqual([]);
    expect(progressOf({ status: 'qualified', city: '4101' })).toEqual([]);
  });
});

describe('R16, R19: the progress counters move in the same write', () => {
  it('a change counts what it reaches and what it leaves, once', () => {
    const before = rec({ bookedAt: at, ...arrived, deliveryFailures: 1 });
    const after = rec({ bookedAt: at, ...arrived, deliveryFailures: 2 });
    expect(progressDeltas(before, after)).toEqual([
      { city: '4101', status: 'paper_deliveryFailed', by: 1 },
      { city: '4101', status: 'paper_onSite', by: 1 },
    ]);
    const collected = rec({ bookedAt: at, ...arrived, deliveryFailures: 2, collectedAt: at });
    expect(progressDeltas(after, collected)).toEqual([
      { city: '4101', status: 'paper_onSite', by: -1 },
      { city: '4101', status: 'paper_collected', by: 1 },
    ]);
    expect(progressDeltas(after, after)).toEqual([]);
    expect(progressDeltas(undefined, after)).toHaveLength(3);
  });

  it('a record moved to another city moves its milestones with it; the status counters carry them too', () => {
    const zz = rec({ bookedAt: at, ...arrived, trackingNo: 'EM1' });
    const ly = { ...zz, city: '4103' };
    expect(progressDeltas(zz, ly)).toEqual([
      { city: '4101', status: 'paper_dispatched', by: -1 },
      { city: '4103', status: 'paper_dispatched', by: 1 },
    ]);
    expect(counterDeltas(rec({ bookedAt: at, ...arrived }), zz)).toEqual([
      { city: '4101', status: 'paper_dispatched', by: 1 },
    ]);
  });
});

describe("hr's overview counts", () => {
  const items = [
    {
      verifying: 1,
      qualified: 5,
      booking_booked: 3,
      paper_dispatched: 2,
      paper_onSite: 2,
      paper_transferListed: 4,
    },
    { qualified: 1, unqualified: 2, paper_delivered: 1, paper_collected: 1, paper_deliveryFailed: 1, x: 'y' },
  ];

  it('R19, R20: a city sums its shards; on site waits while the site is open and is in custody once it has closed', () => {
    const open = cityCounts(items, false, 0);
    expect(open).toEqual({
      passed: 9,
      qualified: 6,
      booked: 3,
      dispatched: 2,
      delivered: 1,
      deliveryFailed: 1,
      collected: 1,
      awaitingCollection: 2,
      inCustody: 0,
      transferListed: 4,
      transferred: 0,
    });
    expect(cityCounts(items, true, 0)).toMatchObject({ awaitingCollection: 0, inCustody: 2 });
  });

  it('R20: hr’s receipt moves the register’s candidates to transferred, never more than are on it', () => {
    expect(cityCounts(items, true, 3)).toMatchObject({ transferListed: 1, transferred: 3 });
    expect(cityCounts(items, true, 9)).toMatchObject({ transferListed: 0, transferred: 4 });
    expect(cityCounts(items, true, -1)).toMatchObject({ transferListed: 4, transferred: 0 });
    expect(cityCounts([], false, 0)).toEqual(noCounts());
  });

  it('totals add every phase; a row of zeros has nothing to show', () => {
    const a = cityCounts(items, false, 0);
    const sum = addCounts([a, a]);
    expect(sum.passed).toBe(18);
    expect(sum.transferListed).toBe(8);
    expect(addCounts([])).toEqual(noCounts());
    expect(anyCount(noCounts())).toBe(false);
    expect(anyCount({ ...noCounts(), transferred: 1 })).toBe(true);
  });

  it('N3: overdue are the batches past their deadline with distribution not started, the oldest first', () => {
    const due = (endsAt: string) => ({ date: endsAt.slice(0, 10), endsAt, provisional: false });
    const b = [
      { id: 'late', distributionDue: due('2026-11-10T16:00:00.000Z') },
      { id: 'later', distributionDue: due('2026-11-01T16:00:00.000Z') },
      { id: 'started', distributionDue: due('2026-11-01T16:00:00.000Z'), distributionStartedAt: at },
      { id: 'running', distributionDue: due('2026-12-31T16:00:00.000Z') },
      { id: 'now', distributionDue: due('2026-11-30T16:00:00.000Z') },
    ];
    expect(overdueBatches(b, new Date('2026-11-30T16:00:00.000Z')).map((x) => x.id)).toEqual([
      'later',
      'late',
      'now',
    ]);
  });
});

describe('R19, R20: one status word for a candidate', () => {
  it('the on-site status when there is one; else the post’s step for a qualified candidate; else the status', () => {
    expect(statusTagOf('qualified', 'collection', 'inCustody')).toBe('tag.inCustody');
    expect(statusTagOf('qualified', 'collection', null)).toBe('tag.collect');
    expect(statusTagOf('qualified', 'dispatch', undefined)).toBe('tag.booked');
    expect(statusTagOf('qualified', 'delivery', null)).toBe('tag.posted');
    expect(statusTagOf('qualified', 'done', null)).toBe('status.qualified');
    expect(statusTagOf('qualified', undefined, null)).toBe('status.qualified');
    expect(statusTagOf('revoked', 'collection', null)).toBe('status.revoked');
    expect(statusTagOf('pending', 'dispatch', null)).toBe('status.pending');
  });
});
