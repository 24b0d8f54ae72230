/**
 * R18, R19: the mail booking's pure core (issue 12) — what a submission must be (each bad field a 400
 * at the field), the counties of all China, the booking events in the lifecycle (change, cancel, lock,
 * the window), the counters each write moves, and the SMS when the window closes unbooked.
 */
import { describe, expect, it } from 'vitest';
import {
  type Booking,
  bookingCounter,
  bookingDeltas,
  bookingNext,
  bookingWindow,
  sumBookings,
} from '../../functions/domain/booking.js';
import { changedBooking, newBooking, sameBooking } from '../../functions/domain/booking-address.js';
import { bookingInputSchema } from '../../functions/domain/booking-input.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import { counties, divisionKind, divisionNames } from '../../functions/domain/divisions.js';
import { DomainError } from '../../functions/domain/errors.js';
import type { Exam } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import {
  applyEvent,
  candidateDeadlines,
  initialFacts,
  type LifecycleEvent,
  type LifecycleFacts,
  lockBooking,
  onTimeout,
  phaseOf,
} from '../../functions/domain/lifecycle.js';
import { counterDeltas } from '../../functions/domain/queue.js';
import { notices } from '../../functions/domain/wording.js';

const cal = seedCalendar();
const paper: Exam = {
  id: 'XFS1-2024',
  examType: 'XFS1',
  name: '一级注册消防工程师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
};
const ANNOUNCED = '2024-10-10T01:00:00.000Z';
const BOOKING_CLOSES = '2024-11-12T00:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);
const when = at('2024-10-12T09:00:00');

const input = {
  recipient: '李娜',
  phone: '13900000001',
  phoneConfirm: '13900000001',
  districtCode: '410105',
  street: '花园路 88 号 3 号楼 501 室',
  postcode: '450003',
  codAcknowledged: true as const,
};

function cand(facts: Partial<LifecycleFacts> = {}, booking?: Booking): Candidate {
  return {
    personId: 'person00000000000001',
    examId: paper.id,
    examType: paper.examType,
    name: '李娜',
    idNumber: '410105199104120011',
    phone: '13900000001',
    city: '4101',
    status: 'qualified',
    lifecycle: { ...initialFacts(), resultNotifiedAt: ANNOUNCED, qualifiedAt: ANNOUNCED, ...facts },
    ...(booking ? { booking } : {}),
    version: 3,
    createdAt: ANNOUNCED,
    updatedAt: ANNOUNCED,
  };
}
const d = (c: Candidate) => candidateDeadlines(cal, paper, c);
const apply = (c: Candidate, e: LifecycleEvent, now = when) => applyEvent(c, paper, d(c), e, now);
const booking = newBooking(input, 'YJREF', ANNOUNCED);
const booked = (over: Partial<Booking> = {}) => cand({ bookedAt: ANNOUNCED }, { ...booking, ...over });

function refused(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('not refused');
}

const fieldsOf = (body: unknown) => {
  const r = bookingInputSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message] as const);
};

describe('R18: what a booking submission must be', () => {
  it('R18: a good submission is taken, trimmed; province and city follow from the county', () => {
    const r = bookingInputSchema.parse({ ...input, street: `  ${input.street} `, postcode: ' 450003 ' });
    expect(r.street).toBe(input.street);
    expect(r.postcode).toBe('450003');
    expect(booking).toEqual({
      reference: 'YJREF',
      recipient: '李娜',
      phone: '13900000001',
      districtCode: '410105',
      provinceName: '河南省',
      cityName: '郑州市',
      districtName: '金水区',
      street: input.street,
      postcode: '450003',
      codAcknowledged: true,
      bookedAt: ANNOUNCED,
      lockedAt: null,
    });
  });

  it('R18: each bad field is refused at that field with a message saying how to fix it', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ districtCode: '419999' }, 'districtCode', /没有这个区县/],
      [{ districtCode: '410000' }, 'districtCode', /省级代码/],
      [{ districtCode: '410100' }, 'districtCode', /地市代码/],
      [{ districtCode: '41010' }, 'districtCode', /6位数字/],
      [{ postcode: '45000' }, 'postcode', /6位数字/],
      [{ postcode: '45000a' }, 'postcode', /6位数字/],
      [{ phoneConfirm: '13900000002' }, 'phoneConfirm', /不一致/],
      [{ phone: '1390000000' }, 'phone', /11位/],
      [{ codAcknowledged: false }, 'codAcknowledged', /到付/],
      [{ street: '路'.repeat(500) }, 'street', /不能超过120个字/],
      [{ street: '路'.repeat(121) }, 'street', /不能超过120个字/],
      [{ street: ' 路 ' }, 'street', /至少4个字/],
      [{ recipient: '13800138000' }, 'recipient', /汉字/],
      [{ extra: 1 }, '', /.+/],
    ];
    for (const [over, field, message] of cases) {
      const issues = fieldsOf({ ...input, ...over });
      expect(issues, JSON.stringify(over)).toHaveLength(1);
      expect(issues[0]?.[0]).toBe(field);
      expect(issues[0]?.[1]).toMatch(message);
    }
    expect(fieldsOf({ ...input, street: '路'.repeat(120) })).toEqual([]);
    expect(fieldsOf({ ...input, street: '花园路1' })).toEqual([]);
    // a field left out (or not text) says what to fill in
    const missing: Record<keyof typeof input, RegExp> = {
      recipient: /^请填写收件人姓名$/,
      phone: /^请填写手机号$/,
      phoneConfirm: /^请再次填写手机号$/,
      districtCode: /^请选择区县$/,
      street: /^请填写详细地址$/,
      postcode: /^请填写邮政编码$/,
      codAcknowledged: /到付/,
    };
    for (const k of Object.keys(input) as (keyof typeof input)[]) {
      const { [k]: _gone, ...rest } = input;
      expect(fieldsOf(rest)[0]?.[0]).toBe(k);
      expect(fieldsOf(rest)[0]?.[1], k).toMatch(missing[k]);
      expect(fieldsOf({ ...input, [k]: 7 })[0]?.[1], k).toMatch(missing[k]);
    }
    // the phones are trimmed before they are compared
    const spaced = bookingInputSchema.parse({
      ...input,
      phone: ' 13900000001 ',
      phoneConfirm: '13900000001 ',
    });
    expect([spaced.phone, spaced.phoneConfirm]).toEqual(['13900000001', '13900000001']);
    // a code of the wrong shape gets the format's message only
    for (const districtCode of ['x410105', '4101050'])
      expect(fieldsOf({ ...input, districtCode }), districtCode).toEqual([
        ['districtCode', '区县代码应为6位数字'],
      ]);
  });

  it('R18: any county of China is a county; a city without counties is its own; a province or city code is not', () => {
    expect(divisionKind('110101')).toBe('county'); // 北京市东城区
    expect(divisionKind('650102')).toBe('county'); // 乌鲁木齐市天山区
    expect(divisionKind('441900')).toBe('county'); // 东莞市: towns only
    expect(counties().get('441900')).toMatchObject({
      code: '441900',
      name: '东莞市',
      city: { code: '4419' },
      province: { name: '广东省' },
    });
    expect(divisionKind('440000')).toBe('province');
    expect(divisionKind('440300')).toBe('city');
    expect(divisionKind('000000')).toBe('unknown');
    expect(counties().size).toBeGreaterThan(2800);
    for (const c of counties().keys()) expect(c).toMatch(/^\d{6}$/);
    const names = divisionNames();
    expect(names['41']).toBe('河南省');
    expect(names['4101']).toBe('郑州市');
    expect(names['410105']).toBe('金水区');
    expect(names['441900']).toBe('东莞市');
    expect(Object.keys(names).some((k) => k.length > 6)).toBe(false);
  });

  it('R18: the same submission is the same booking; a changed address keeps the reference', () => {
    expect(sameBooking(booking, bookingInputSchema.parse(input))).toBe(true);
    for (const over of [
      { recipient: '王芳' },
      { phone: '13900000002', phoneConfirm: '13900000002' },
      { districtCode: '410102' },
      { street: '二七区大学路 1 号' },
      { postcode: '450000' },
    ])
      expect(
        sameBooking(booking, bookingInputSchema.parse({ ...input, ...over })),
        JSON.stringify(over),
      ).toBe(false);
    const moved = changedBooking(
      booking,
      bookingInputSchema.parse({ ...input, districtCode: '440305' }),
      'T2',
    );
    expect(moved).toMatchObject({
      reference: 'YJREF',
      cityName: '深圳市',
      districtName: '南山区',
      changedAt: 'T2',
      bookedAt: ANNOUNCED,
    });
    const e = refused(() => newBooking({ ...input, districtCode: '999999' }, 'R', ANNOUNCED));
    expect(e.code).toBe('VALIDATION');
  });
});

describe('R18: the booking in the lifecycle', () => {
  it('R18: the window opens with the announcement that qualified and closes at bookingCloses', () => {
    expect(bookingWindow(cand().lifecycle as LifecycleFacts, d(cand()))).toEqual({
      opensAt: ANNOUNCED,
      closesAt: BOOKING_CLOSES,
    });
    expect(bookingWindow({}, { bookingCloses: BOOKING_CLOSES })).toBeNull();
    expect(bookingWindow({ qualifiedAt: ANNOUNCED }, { bookingCloses: null })).toBeNull();
    expect(bookingNext(BOOKING_CLOSES)).toContain('2024年11月11日 24:00（北京时间）');
  });

  it('R18: booking keeps the booking on the record and confirms it by SMS; the lifecycle then waits for arrival', () => {
    const o = apply(cand(), { type: 'booked', booking });
    expect(o.candidate.booking).toEqual(booking);
    expect(o.candidate.lifecycle?.bookedAt).toBe(when.toISOString());
    expect(o.notices).toEqual([notices.booked('YJREF', BOOKING_CLOSES)]);
    expect(o.notices[0]?.text).toContain('预约号 YJREF');
    expect(phaseOf(o.candidate, paper, d(o.candidate)).phase).toBe('arrival');
  });

  it('R18: a change keeps the phase and tells the candidate; refused after the deadline or without a booking', () => {
    const next = { ...booking, street: '二七区大学路 1 号', changedAt: when.toISOString() };
    const o = apply(booked(), { type: 'bookingChanged', booking: next });
    expect(o.candidate.booking).toEqual(next);
    expect(o.candidate.lifecycle?.bookedAt).toBe(ANNOUNCED);
    expect(o.action).toBe('lifecycle.bookingChanged');
    expect(o.notices).toEqual([notices.bookingChanged('YJREF')]);
    const late = refused(() =>
      apply(booked(), { type: 'bookingChanged', booking: next }, new Date(BOOKING_CLOSES)),
    );
    expect(late.code).toBe('DEADLINE_PASSED');
    expect(late.details).toMatchObject({ deadline: BOOKING_CLOSES, rule: 'R18' });
    expect(refused(() => apply(cand(), { type: 'bookingChanged', booking: next })).message).toContain('变更');
    const sent = cand({ bookedAt: ANNOUNCED, certificateArrivedAt: ANNOUNCED, trackingNo: 'EMS1' }, booking);
    expect(refused(() => apply(sent, { type: 'bookingChanged', booking: next })).code).toBe('CONFLICT');
  });

  it('R18: a cancellation removes the booking and opens the window again, told by SMS', () => {
    const o = apply(booked(), { type: 'bookingCancelled' });
    expect(o.candidate.booking).toBeUndefined();
    expect(o.candidate.lifecycle?.bookedAt).toBeUndefined();
    expect(o.notices).toEqual([notices.bookingCancelled(BOOKING_CLOSES)]);
    expect(o.notices[0]?.text).toContain('前可重新预约');
    expect(phaseOf(o.candidate, paper, d(o.candidate))).toMatchObject({
      phase: 'booking',
      deadline: BOOKING_CLOSES,
    });
    expect(apply(o.candidate, { type: 'booked', booking }).candidate.booking).toEqual(booking);
    expect(notices.bookingCancelled().text).not.toContain('重新预约');
    expect(refused(() => apply(cand(), { type: 'bookingCancelled' })).message).toContain(
      '没有可取消的邮寄预约',
    );
  });

  it('R18: lockBooking locks once; after it a change or cancellation is refused saying so, before the deadline check', () => {
    const o = lockBooking(booked(), paper, d(booked()), when);
    expect(o.candidate.booking?.lockedAt).toBe(when.toISOString());
    expect(o.action).toBe('lifecycle.bookingLocked');
    expect(o.notices).toEqual([]);
    const locked = o.candidate;
    for (const e of [{ type: 'bookingCancelled' }, { type: 'bookingChanged', booking }] as LifecycleEvent[]) {
      for (const now of [when, new Date(BOOKING_CLOSES)]) {
        const err = refused(() => apply(locked, e, now));
        expect(err.code).toBe('CONFLICT');
        expect(err.message).toContain('2024年10月12日锁定交寄');
        expect(err.details).toEqual({ lockedAt: when.toISOString(), rule: 'R18', locked: true });
      }
    }
    expect(refused(() => lockBooking(locked, paper, d(locked), when)).details).toMatchObject({
      locked: true,
    });
    expect(refused(() => lockBooking(cand(), paper, d(cand()), when)).message).toContain('没有可锁定');
    expect(refused(() => lockBooking(cand({}, booking), paper, d(cand()), when)).message).toContain(
      '没有可锁定',
    );
  });

  it('R19: the window closing unbooked sends the candidate on site, told by SMS', () => {
    const c = cand();
    const o = onTimeout(c, paper, d(c), new Date(BOOKING_CLOSES));
    expect(o?.action).toBe('lifecycle.bookingClosed');
    expect(o?.notices.map((n) => n.template)).toEqual(['bookingClosed']);
    expect(o?.notices[0]?.text).toContain('现场发放');
    expect(phaseOf(o?.candidate as Candidate, paper, d(c)).phase).toBe('arrival');
  });
});

describe('R18: the booking counters move in the same write', () => {
  const row = (b?: Partial<Booking> | null, city = '4101') => ({
    city,
    status: 'qualified' as const,
    ...(b ? { booking: { ...booking, ...b } } : {}),
  });
  const deltas = (a: ReturnType<typeof row> | undefined, b: ReturnType<typeof row>) =>
    Object.fromEntries(bookingDeltas(a, b).map((x) => [`${x.city}:${x.status}`, x.by]));

  it('R18: booked, changed, cancelled and locked, each by one; nothing when nothing changed', () => {
    expect(deltas(row(), row({}))).toEqual({ '4101:booking_booked': 1 });
    expect(deltas(undefined, row({}))).toEqual({ '4101:booking_booked': 1 });
    expect(deltas(row({}), row({ changedAt: 'T1' }))).toEqual({ '4101:booking_changed': 1 });
    expect(deltas(row({ changedAt: 'T1' }), row({ changedAt: 'T2' }))).toEqual({ '4101:booking_changed': 1 });
    expect(deltas(row({}), row())).toEqual({ '4101:booking_booked': -1, '4101:booking_cancelled': 1 });
    expect(deltas(row({}), row({ lockedAt: 'T3' }))).toEqual({ '4101:booking_locked': 1 });
    expect(deltas(row({}), row({}))).toEqual({});
    expect(deltas(row(), row())).toEqual({});
    expect(deltas(row({ lockedAt: 'T3' }), row({ lockedAt: 'T3' }))).toEqual({});
    // a record written at once booked and locked (a seed), or a locked one removed (a purge)
    expect(deltas(row(), row({ lockedAt: 'T3' }))).toEqual({
      '4101:booking_booked': 1,
      '4101:booking_locked': 1,
    });
    expect(deltas(row({ lockedAt: 'T3' }), row())).toEqual({
      '4101:booking_booked': -1,
      '4101:booking_locked': -1,
      '4101:booking_cancelled': 1,
    });
    // a record moved to another city takes its booking (and lock) along
    expect(deltas(row({ lockedAt: 'T3' }), row({ lockedAt: 'T3' }, '4103'))).toEqual({
      '4101:booking_booked': -1,
      '4103:booking_booked': 1,
      '4101:booking_locked': -1,
      '4103:booking_locked': 1,
    });
    // and they are part of every record write's counter changes
    expect(counterDeltas(row(), row({}))).toEqual([{ city: '4101', status: 'booking_booked', by: 1 }]);
  });

  it('R18: counter items summed per kind', () => {
    expect(bookingCounter('locked')).toBe('booking_locked');
    expect(
      sumBookings([
        { booking_booked: 2, booking_changed: 1, qualified: 5 },
        { booking_booked: 1, booking_cancelled: 1, booking_locked: 1, booking_changed: 'x' },
      ]),
    ).toEqual({ booked: 3, changed: 1, cancelled: 1, locked: 1 });
    expect(sumBookings([])).toEqual({ booked: 0, changed: 0, cancelled: 0, locked: 0 });
  });
});
