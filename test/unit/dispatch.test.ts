/** Dispatch and delivery's pure rules (R18, R19): who is on the manifest, the files' rows, the post's state. */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import {
  deliveryColumns,
  deliveryInstant,
  deliveryView,
  manifestLine,
  onManifest,
  parseDeliveryRows,
  parseTrackingRows,
  trackingColumns,
} from '../../functions/domain/dispatch.js';
import { initialFacts } from '../../functions/domain/lifecycle.js';
import { readListHeader } from '../../functions/domain/list-columns.js';

const booking = {
  reference: 'YJ0001',
  recipient: '张三',
  phone: '13900000000',
  districtCode: '410105',
  provinceName: '河南省',
  cityName: '郑州市',
  districtName: '金水区',
  street: '花园路 1 号',
  postcode: '450003',
  codAcknowledged: true as const,
  bookedAt: '2025-01-01T00:00:00.000Z',
  lockedAt: null,
};
const arrived = (facts: Partial<Candidate['lifecycle']> = {}, patch: Partial<Candidate> = {}): Candidate =>
  ({
    personId: 'p',
    examId: 'e',
    examType: 'JZS1',
    name: '张三',
    idNumber: 'x',
    phone: '13900000000',
    city: '4101',
    status: 'qualified',
    booking,
    certificate: { kind: 'paper', number: 'ZS1', issuedAt: '2025-01-01', status: 'valid' },
    lifecycle: {
      ...initialFacts(),
      bookedAt: booking.bookedAt,
      certificateArrivedAt: '2025-01-02T00:00:00Z',
      ...facts,
    },
    version: 1,
    createdAt: '',
    updatedAt: '',
    ...patch,
  }) as Candidate;

describe('the manifest (R18)', () => {
  it('R18: lists a booked candidate whose certificate arrived and is not posted; a failed first delivery again; nobody else', () => {
    expect(onManifest(arrived())).toBe(true);
    expect(onManifest(arrived({ deliveryFailures: 1 }))).toBe(true);
    expect(onManifest(arrived({ trackingNo: 'EM1' }))).toBe(false);
    expect(onManifest(arrived({ deliveredAt: 'x' }))).toBe(false);
    expect(onManifest(arrived({ deliveryFailures: 2 }))).toBe(false);
    expect(onManifest(arrived({ certificateArrivedAt: undefined }))).toBe(false);
    expect(onManifest(arrived({ bookedAt: undefined }))).toBe(false);
    expect(onManifest(arrived({}, { booking: undefined }))).toBe(false);
    expect(onManifest(arrived({}, { status: 'revoked' }))).toBe(false);
    expect(
      onManifest(
        arrived(
          {},
          { certificate: { kind: 'paper', number: 'ZS1', issuedAt: '2025-01-01', status: 'revoked' } },
        ),
      ),
    ).toBe(false);
    expect(
      onManifest(
        arrived(
          {},
          { certificate: { kind: 'electronic', number: 'ZS1', issuedAt: '2025-01-01', status: 'valid' } },
        ),
      ),
    ).toBe(false);
    expect(manifestLine(arrived())).toEqual([
      '张三',
      '13900000000',
      '河南省',
      '郑州市',
      '金水区',
      '花园路 1 号',
      '450003',
      'ZS1',
      '是',
      'YJ0001',
    ]);
  });
});

describe("China Post's files (R18, R19)", () => {
  it('R18: tracking rows: references and numbers normalised; a bad cell or a repeated reference reported by row', () => {
    const h = readListHeader(trackingColumns, ['运单号', '预约编号']);
    expect(
      parseTrackingRows(h, [
        [' em123456789cn ', 'yj0001'],
        ['x', 'YJ0002'],
        ['EM22222222CN', 'YJ0001'],
        ['EM3', '!'],
      ]),
    ).toEqual({
      rows: [{ row: 2, reference: 'YJ0001', trackingNo: 'EM123456789CN' }],
      errors: [
        { row: 3, field: 'trackingNo', message: '运单号应为8–30位大写字母或数字' },
        { row: 4, field: 'reference', message: '该预约编号与第 2 行重复' },
        { row: 5, field: 'reference', message: '预约编号应为4–40位大写字母或数字' },
        { row: 5, field: 'trackingNo', message: '运单号应为8–30位大写字母或数字' },
      ],
    });
    expect(() => readListHeader(trackingColumns, ['reference', 'reference'])).toThrow(
      /出现了不止一次.*缺少“运单号”/,
    );
  });

  it('R19: delivery rows: delivered or failed (with a reason), at a time not in the future', () => {
    const h = readListHeader(deliveryColumns, ['reference', 'result', 'reason', 'at']);
    const now = new Date('2025-03-01T00:00:00Z');
    const r = parseDeliveryRows(
      h,
      [
        ['YJ0001', '妥投', '', '2025-02-28'],
        ['YJ0002', 'FAILED', '拒收', '2025-02-28T10:00:00+08:00'],
        ['YJ0003', 'failed', '', '2025-02-28'],
        ['YJ0004', 'lost', '', 'soon'],
        ['YJ0005', 'delivered', 'x'.repeat(201), '2025-03-02'],
      ],
      now,
    );
    expect(r.rows).toEqual([
      { row: 2, reference: 'YJ0001', result: 'delivered', reason: '', at: '2025-02-27T16:00:00.000Z' },
      { row: 3, reference: 'YJ0002', result: 'failed', reason: '拒收', at: '2025-02-28T02:00:00.000Z' },
    ]);
    expect(r.errors.map((e) => `${e.row}:${e.field}`)).toEqual([
      '4:reason',
      '5:result',
      '5:at',
      '6:reason',
      '6:at',
    ]);
    expect(deliveryInstant('2025-02-28 10:00Z')).toBe('2025-02-28T10:00:00.000Z');
    expect(deliveryInstant('2025-02-28T10:00')).toBeNull();
    expect(deliveryInstant('2025-13-45T10:00:00Z')).toBeNull();
  });

  it('R18, R19: the post as the candidate reads it', () => {
    expect(deliveryView(arrived({}, { booking: undefined }))).toBeNull();
    expect(deliveryView(arrived())?.state).toBe('waiting');
    expect(deliveryView(arrived({ trackingNo: 'EM1' }))).toEqual({
      state: 'inTransit',
      trackingNo: 'EM1',
      failures: 0,
      deliveredAt: null,
    });
    expect(deliveryView(arrived({ deliveryFailures: 1 }))?.state).toBe('retry');
    expect(deliveryView(arrived({ deliveryFailures: 2, trackingNo: 'EM2' }))?.state).toBe('onSite');
    expect(deliveryView(arrived({ trackingNo: 'EM1', deliveredAt: 'T' }))).toMatchObject({
      state: 'delivered',
      deliveredAt: 'T',
    });
  });
});
