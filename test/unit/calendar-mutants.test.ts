import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  addYears,
  calendarData,
  coveredYears,
  daysLeft,
  diffDays,
  formatDeadline,
  holidayName,
  isCovered,
  isIsoDate,
  isRestDay,
  isWorkingDay,
  makeCalendar,
  missingYears,
  plusMonths,
  shiftDays,
  weekday,
  yearOf,
} from '../../functions/domain/calendar.js';
import { DomainError } from '../../functions/domain/errors.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';

const cal = seedCalendar();

/** the DomainError `fn` throws, checked to be a validation error */
const validationError = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('VALIDATION');
    return e as DomainError;
  }
  throw new Error('expected a validation error');
};

describe('T1: calendar dates written YYYY-MM-DD', () => {
  it.each([
    ['2024-10-01', true],
    ['2024-02-29', true],
    ['1900-01-01', true],
    ['9999-12-31', true],
    ['1899-12-31', false],
    ['2023-02-29', false],
    ['2024-02-30', false],
    ['2024-04-31', false],
    ['2024-00-10', false],
    ['2024-13-01', false],
    ['2024-01-00', false],
    ['2024-01-32', false],
    ['x2024-01-01', false],
    ['2024-01-01x', false],
    ['2024-01-01T00:00:00+08:00', false],
    ['2024-1-01', false],
    ['', false],
  ])('T1: isIsoDate(%j) = %s', (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });

  it('T1: only strings are dates, even when something else prints like one', () => {
    expect(isIsoDate(20241001)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
    expect(isIsoDate({ toString: () => '2024-10-01' })).toBe(false);
    expect(isIsoDate(new Date('2024-10-01T00:00:00Z'))).toBe(false);
  });

  it('T1: a malformed or impossible date is a validation error on the field "date", naming the input', () => {
    const format = validationError(() => addDays(cal, '2024/09/23', 1));
    expect(format.message).toBe('日期格式应为 YYYY-MM-DD：2024/09/23');
    expect(format.details).toEqual({ fields: [{ field: 'date', message: format.message }] });
    const missing = validationError(() => shiftDays('2024-02-30', 1));
    expect(missing.message).toBe('日期不存在：2024-02-30');
    expect(missing.details).toEqual({ fields: [{ field: 'date', message: missing.message }] });
    expect(validationError(() => yearOf('1899-12-31')).message).toBe('日期不存在：1899-12-31');
  });

  it('T1: day arithmetic across month, year and leap-day boundaries', () => {
    expect(shiftDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(shiftDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(shiftDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(shiftDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(shiftDays('1900-03-01', -1)).toBe('1900-02-28'); // 1900 is not a leap year
    expect(diffDays('2024-01-01', '2025-01-01')).toBe(366);
    expect(diffDays('2025-01-01', '2024-12-25')).toBe(-7);
    expect(weekday('2024-10-01')).toBe(2); // Tuesday
    expect(weekday('2024-09-29')).toBe(0); // Sunday
    expect(weekday('2024-09-28')).toBe(6); // Saturday
    expect(yearOf('2026-12-31')).toBe(2026);
  });

  it('T2: plusMonths is the corresponding date, clamped to the month end, in either direction', () => {
    expect(plusMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(plusMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(plusMonths('2024-05-15', 12)).toBe('2025-05-15');
    expect(plusMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(plusMonths('2024-01-15', -1)).toBe('2023-12-15');
  });
});

describe('T3: the calendar value', () => {
  const data2025 = {
    year: 2025,
    holidays: ['2025-10-01', '2025-01-01'],
    workdays: ['2025-09-28', '2025-02-08'],
    names: { '2025-10-01': '国庆节', '2025-01-01': '元旦' },
    source: 'test data',
  };

  it('T3: the years covered are listed ascending, whatever order they were loaded in', () => {
    const c = makeCalendar([
      data2025,
      { year: 2023, holidays: ['2023-01-01'], workdays: [] },
      { year: 2024, holidays: ['2024-01-01'], workdays: [] },
    ]);
    expect(coveredYears(c)).toEqual([2023, 2024, 2025]);
    expect(isCovered(c, 2024)).toBe(true);
    expect(isCovered(c, 2026)).toBe(false);
  });

  it('T3: missing years are distinct and ascending, whatever order the dates come in', () => {
    expect(missingYears(cal, ['2030-02-01', '2027-03-03', '2028-01-01', '2024-10-01', '2027-01-01'])).toEqual(
      [2027, 2028, 2030],
    );
    expect(missingYears(cal, [])).toEqual([]);
  });

  it('T3: a year’s data must only hold dates of that year', () => {
    const hol = validationError(() =>
      makeCalendar([{ year: 2024, holidays: ['2024-01-01', '2025-01-01'], workdays: [] }]),
    );
    expect(hol.message).toBe('2025-01-01 不属于 2024 年');
    expect(hol.details).toEqual({ fields: [{ field: 'holidays', message: hol.message }] });
    const work = validationError(() =>
      makeCalendar([{ year: 2024, holidays: ['2024-01-01'], workdays: ['2023-12-30'] }]),
    );
    expect(work.message).toBe('2023-12-30 不属于 2024 年');
  });

  it('T3: holiday names come from the data; none for a plain day or an uncovered year', () => {
    const c = makeCalendar([data2025]);
    expect(holidayName(c, '2025-10-01')).toBe('国庆节');
    expect(holidayName(c, '2025-01-01')).toBe('元旦');
    expect(holidayName(c, '2025-09-28')).toBeUndefined();
    expect(holidayName(c, '2024-10-01')).toBeUndefined(); // 2024 not in this calendar
    expect(
      holidayName(makeCalendar([{ year: 2025, holidays: ['2025-01-01'], workdays: [] }]), '2025-01-01'),
    ).toBe(undefined);
    // the seed: chinese-days' Chinese names, adjusted working days marked as such
    expect(holidayName(cal, '2024-10-01')).toBe('国庆节');
    expect(holidayName(cal, '2025-01-28')).toBe('春节');
    expect(holidayName(cal, '2024-09-29')).toBe('国庆节调休上班');
    expect(holidayName(cal, '2024-10-08')).toBeUndefined();
    expect(holidayName(cal, '2027-01-01')).toBeUndefined();
  });

  it('T3: calendarData gives every covered year as plain sorted data, keeping names and source', () => {
    const c = makeCalendar([data2025, { year: 2024, holidays: ['2024-10-01', '2024-01-01'], workdays: [] }]);
    expect(calendarData(c)).toStrictEqual([
      { year: 2024, holidays: ['2024-01-01', '2024-10-01'], workdays: [], names: {} },
      {
        year: 2025,
        holidays: ['2025-01-01', '2025-10-01'],
        workdays: ['2025-02-08', '2025-09-28'],
        names: { '2025-10-01': '国庆节', '2025-01-01': '元旦' },
        source: 'test data',
      },
    ]);
    // round trip: the data builds the same calendar
    expect(calendarData(makeCalendar(calendarData(c)))).toStrictEqual(calendarData(c));
    expect(calendarData(makeCalendar([]))).toEqual([]);
  });

  it('T2: isWorkingDay is the opposite of isRestDay, with the weekend setting', () => {
    expect(isWorkingDay(cal, '2024-10-08')).toBe(true); // Tuesday after 国庆
    expect(isWorkingDay(cal, '2024-09-29')).toBe(true); // Sunday, adjusted working day
    expect(isWorkingDay(cal, '2024-10-01')).toBe(false); // 国庆
    expect(isWorkingDay(cal, '2024-09-28')).toBe(false); // ordinary Saturday
    expect(isWorkingDay(cal, '2024-09-28', { weekendsAreRest: false })).toBe(true);
    expect(isWorkingDay(cal, '2024-10-05', { weekendsAreRest: false })).toBe(false); // Saturday inside 国庆
    expect(isRestDay(cal, '2024-09-28', {})).toBe(true); // the default: weekends are rest days
  });
});

describe('T2: period lengths must be positive whole numbers', () => {
  it.each([
    ['天数应为正整数：0', () => addDays(cal, '2024-09-23', 0)],
    ['天数应为正整数：-3', () => addDays(cal, '2024-09-23', -3)],
    ['月数应为正整数：1.5', () => addMonths(cal, '2024-09-23', 1.5)],
    ['年数应为正整数：0', () => addYears(cal, '2024-09-23', 0)],
    ['工作日数应为正整数：NaN', () => addWorkingDays(cal, '2024-09-23', Number.NaN, { countStartDay: true })],
  ])('T2: %s', (message, fn) => {
    const e = validationError(fn);
    expect(e.message).toBe(message);
    expect(e.details).toEqual({ fields: [{ field: 'n', message }] });
  });

  it('T2: a period of 1 is accepted for every kind', () => {
    expect(addDays(cal, '2024-10-07', 1).date).toBe('2024-10-08');
    expect(addMonths(cal, '2024-09-08', 1).date).toBe('2024-10-08');
    expect(addYears(cal, '2023-10-08', 1).date).toBe('2024-10-08');
    expect(addWorkingDays(cal, '2024-10-07', 1, { countStartDay: false }).date).toBe('2024-10-08');
  });
});

describe('T4: deadlines shown to a person', () => {
  it.each([
    ['2024-01-01', '24:00 China Standard Time, 1 January 2024', '2024年1月1日 24:00（北京时间）'],
    ['2024-02-29', '24:00 China Standard Time, 29 February 2024', '2024年2月29日 24:00（北京时间）'],
    ['2024-03-15', '24:00 China Standard Time, 15 March 2024', '2024年3月15日 24:00（北京时间）'],
    ['2024-04-15', '24:00 China Standard Time, 15 April 2024', '2024年4月15日 24:00（北京时间）'],
    ['2024-05-15', '24:00 China Standard Time, 15 May 2024', '2024年5月15日 24:00（北京时间）'],
    ['2024-06-15', '24:00 China Standard Time, 15 June 2024', '2024年6月15日 24:00（北京时间）'],
    ['2024-07-15', '24:00 China Standard Time, 15 July 2024', '2024年7月15日 24:00（北京时间）'],
    ['2024-08-15', '24:00 China Standard Time, 15 August 2024', '2024年8月15日 24:00（北京时间）'],
    ['2024-09-15', '24:00 China Standard Time, 15 September 2024', '2024年9月15日 24:00（北京时间）'],
    ['2024-10-15', '24:00 China Standard Time, 15 October 2024', '2024年10月15日 24:00（北京时间）'],
    ['2024-11-15', '24:00 China Standard Time, 15 November 2024', '2024年11月15日 24:00（北京时间）'],
    ['2024-12-31', '24:00 China Standard Time, 31 December 2024', '2024年12月31日 24:00（北京时间）'],
  ])('T4: formatDeadline(%s) = %s / %s', (date, en, zh) => {
    expect(formatDeadline(date, 'en')).toBe(en);
    expect(formatDeadline(date, 'zh')).toBe(zh);
  });

  it('T4: daysLeft of an instant that is not midnight: 0 from that instant on', () => {
    const endsAt = '2024-10-08T12:00:00+08:00';
    expect(daysLeft(new Date('2024-10-08T11:59:59.999+08:00'), endsAt)).toBe(1);
    expect(daysLeft(new Date('2024-10-08T12:00:00+08:00'), endsAt)).toBe(0);
    expect(daysLeft(new Date('2024-10-08T12:00:00.001+08:00'), endsAt)).toBe(0);
    expect(daysLeft(new Date('2024-10-08T23:00:00+08:00'), endsAt)).toBe(0);
    expect(daysLeft(new Date('2024-10-07T12:00:00+08:00'), endsAt)).toBe(2);
  });

  it('T4: daysLeft refuses an instant that is not one, on the field "endsAt"', () => {
    const e = validationError(() => daysLeft(new Date('2024-10-08T00:00:00+08:00'), 'not a date'));
    expect(e.message).toBe('无效的截止时刻：not a date');
    expect(e.details).toEqual({ fields: [{ field: 'endsAt', message: e.message }] });
  });
});
