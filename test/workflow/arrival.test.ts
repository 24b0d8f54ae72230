/**
 * Paper certificates arriving per batch (N3) through the real state machine on a virtual clock: a
 * booked candidate waits for the batch holding their certificate, then for dispatch, due 10 working
 * days from that batch; another city's candidate keeps waiting for theirs.
 */
import { describe, expect, it } from 'vitest';
import { workflowSuite } from '../support/workflow-suite.js';

const h = workflowSuite();

describe('arrival per batch (N3)', () => {
  it('N3: booked → arrival (per batch) → dispatch, due 10 working days from its own batch; another city waits for its batch', async () => {
    const exam = await h.exam('JZS1');
    const zz = await h.candidate(exam, 1, '4101');
    const ly = await h.candidate(exam, 2, '4103');
    await h.qualifiedAndTold(exam, [zz, ly]);
    for (const c of [zz, ly]) {
      await h.event(c, { type: 'booked' });
      expect(h.waitingIn(c)).toBe('AwaitArrival');
    }
    // 郑州's batch arrives on Monday 2025-04-14: only 郑州's candidate moves on
    await h.advanceTo('2025-04-14T09:00:00');
    await h.arrive(exam, [zz], '4101');
    expect(h.waitingIn(zz)).toBe('AwaitDispatch');
    expect(h.waitingIn(ly)).toBe('AwaitArrival');
    // 04-15 … 04-18, 04-21 … 04-25, and 04-27 (an adjusted working Sunday, T5) is the 10th working day
    expect((await h.deadlines(zz)).dates.dispatchDue).toBe('2025-04-27');
    expect((await h.record(zz)).certificate).toMatchObject({ kind: 'paper', status: 'valid' });
    expect((await h.audit(zz)).map((a) => a.action)).toContain('lifecycle.certificatesArrived');
    // 洛阳's arrives later, across 劳动节 (05-01 … 05-05 are rest days)
    await h.advanceTo('2025-04-25T15:00:00');
    expect((await h.deadlines(ly)).dispatchDue).toBeNull();
    await h.arrive(exam, [ly], '4103');
    expect(h.waitingIn(ly)).toBe('AwaitDispatch');
    // 04-27, 04-28, 04-29, 04-30, 05-06 … 05-09, 05-12, 05-13
    expect((await h.deadlines(ly)).dates.dispatchDue).toBe('2025-05-13');
    // dispatch goes on from there as before (the booking issue's manifest and tracking numbers)
    await h.event(zz, { type: 'dispatched', trackingNo: 'EMS1234567890' });
    expect(h.waitingIn(zz)).toBe('AwaitDelivery');
    // nobody booked is told to collect on site
    expect((await h.messages(zz)).map((m) => m.template)).not.toContain('collectOnSite');
  });
});
