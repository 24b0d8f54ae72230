/**
 * Dispatch and delivery by China Post (R18, R19) through the real state machine on a virtual clock:
 * booked → arrival (per batch) → the manifest (locked) → tracking number (dispatched) → delivered, the
 * execution done; and a delivery failed twice → on site (the collection wait).
 */
import { describe, expect, it } from 'vitest';
import { exportManifest, importPostFile } from '../../functions/acts/dispatch.js';
import type { Booking } from '../../functions/domain/booking.js';
import { testVerifier } from '../support/workflow.js';
import { workflowSuite } from '../support/workflow-suite.js';

const h = workflowSuite();

const booking = (reference: string, name: string): Booking => ({
  reference,
  recipient: name,
  phone: '13900001111',
  districtCode: '410105',
  provinceName: '河南省',
  cityName: '郑州市',
  districtName: '金水区',
  street: '花园路 1 号',
  postcode: '450003',
  codAcknowledged: true,
  bookedAt: '2025-03-16T02:00:00.000Z',
  lockedAt: null,
});

describe('dispatch and delivery (R18, R19)', () => {
  it('R18, R19: booked → arrival (per batch) → dispatched → delivered; failed twice → on site', async () => {
    const exam = await h.exam('JZS1');
    const staff = testVerifier(exam.examType);
    const ok = await h.candidate(exam, 1, '4101');
    const ko = await h.candidate(exam, 2, '4101');
    await h.qualifiedAndTold(exam, [ok, ko]);
    await h.event(ok, { type: 'booked', booking: booking('YJWF0001', ok.name) });
    await h.event(ko, { type: 'booked', booking: booking('YJWF0002', ko.name) });
    await h.advanceDays(3);
    await h.arrive(exam, [ok, ko], '4101');
    expect(h.waitingIn(ok)).toBe('AwaitDispatch');
    const file = (kind: 'tracking' | 'delivery', lines: string[]) =>
      importPostFile(staff, exam.id, kind, Buffer.from(lines.join('\n'))).then(() => h.settle());
    const manifest = async () => {
      await exportManifest(staff, exam.id, { city: '4101' });
      await h.settle();
    };
    await manifest();
    expect((await h.record(ok)).booking?.lockedAt).toEqual(expect.any(String));
    await file('tracking', ['reference,trackingNo', 'YJWF0001,EM00000001CN', 'YJWF0002,EM00000002CN']);
    expect(h.waitingIn(ok)).toBe('AwaitDelivery');
    expect((await h.messages(ok)).map((m) => m.template)).toContain('dispatched');
    await h.advanceDays(2);
    await file('delivery', [
      'reference,result,reason,at',
      'YJWF0001,delivered,,2025-03-20',
      'YJWF0002,failed,无人签收,2025-03-20',
    ]);
    // delivered: the lifecycle is done, the execution ends
    expect(h.exec(ok).status).toBe('SUCCEEDED');
    expect((await h.record(ok)).lifecycle?.deliveredAt).toBe('2025-03-19T16:00:00.000Z');
    // failed once: back to dispatch (the next manifest), told
    expect(h.waitingIn(ko)).toBe('AwaitDispatch');
    await manifest();
    await file('tracking', ['reference,trackingNo', 'YJWF0002,EM00000003CN']);
    expect(h.waitingIn(ko)).toBe('AwaitDelivery');
    await h.advanceDays(2);
    await file('delivery', ['reference,result,reason,at', 'YJWF0002,failed,拒收,2025-03-21']);
    // failed twice → on site (R19), told by SMS
    expect(h.waitingIn(ko)).toBe('AwaitCollection');
    expect((await h.messages(ko)).map((m) => m.template)).toEqual(
      expect.arrayContaining(['dispatched', 'deliveryRetry', 'deliveryFailed']),
    );
  });
});
