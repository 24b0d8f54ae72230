import raw from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  addYears,
  coveredYears,
  daysLeft,
  endsAtOf,
  formatDeadline,
  type HolidayCalendar,
  isRestDay,
  makeCalendar,
  missingYears,
  todayInChina,
  withYear,
} from '../../functions/domain/calendar.js';
import { DomainError } from '../../functions/domain/errors.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import { mergeYear, parseYearCalendar } from '../../functions/domain/holidays.js';

const cal = seedCalendar();

// Independent helpers for the tests (not the implementation's): day numbers via Date.UTC.
const DAY = 86_400_000;
const dayNo = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY;
const iso = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => iso(dayNo(d) + n);
/** the corresponding date `months` later, or that month's last day (Civil Code art. 202) */
const corresponding = (d: string, months: number) => {
  const y = +d.slice(0, 4);
  const m = +d.slice(5, 7) - 1 + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return iso(Date.UTC(y, m, Math.min(+d.slice(8, 10), last)) / DAY);
};

// Oracle for rest days straight from chinese-days' raw data (T2, T3: weekends only after 2026).
const rawHolidays = new Set(Object.keys((raw as { holidays: object }).holidays));
const rawWorkdays = new Set(Object.keys((raw as { workdays: object }).workdays));
const oracleRest = (d: string) => {
  if (rawHolidays.has(d)) return true;
  if (rawWorkdays.has(d)) return false;
  const wd = new Date(dayNo(d) * DAY).getUTCDay();
  return wd === 0 || wd === 6;
};

const MIN_DAY = dayNo('2004-01-01');
const MAX_DAY = dayNo('2031-12-31');
const anyDate = fc.integer({ min: MIN_DAY, max: MAX_DAY }).map(iso);

describe('holiday calendar data', () => {
  it('T3: the seed covers exactly the years chinese-days has data for (2004–2026)', () => {
    const years = coveredYears(cal);
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(23);
    expect(missingYears(cal, ['2026-05-01', '2027-01-01', '2030-02-01', '2027-03-03'])).toEqual([2027, 2030]);
    expect(missingYears(cal, ['2024-10-01', '2025-01-28'])).toEqual([]);
  });

  it.each([
    ['2024-10-01', true, '国庆 2024-10-01..07'],
    ['2024-10-05', true, 'Saturday inside 国庆'],
    ['2024-10-07', true, 'last day of 国庆'],
    ['2024-10-08', false, 'Tuesday after 国庆'],
    ['2024-09-29', false, 'Sunday, adjusted working day (调休上班)'],
    ['2024-10-12', false, 'Saturday, adjusted working day'],
    ['2024-09-28', true, 'an ordinary Saturday'],
    ['2024-09-14', false, 'Saturday, adjusted for 中秋'],
    ['2024-06-10', true, '端午 on a Monday'],
    ['2025-01-28', true, '春节 2025-01-28..02-04'],
    ['2025-02-04', true, 'last day of 春节 2025'],
    ['2025-01-26', false, 'Sunday, adjusted for 春节'],
    ['2025-02-08', false, 'Saturday, adjusted for 春节'],
    ['2025-10-08', true, '国庆+中秋 2025 ends 10-08'],
    ['2025-10-11', false, 'Saturday, adjusted working day'],
    ['2027-01-01', false, 'Friday in uncovered 2027: no holidays known'],
    ['2027-01-02', true, 'Saturday in uncovered 2027: weekends still rest'],
  ])('T2: isRestDay(%s) = %s (%s)', (date, rest) => {
    expect(isRestDay(cal, date)).toBe(rest);
  });

  it('T2: weekends are rest days only when the setting says so; holidays always are', () => {
    expect(isRestDay(cal, '2024-09-28', { weekendsAreRest: false })).toBe(false);
    expect(isRestDay(cal, '2024-10-05', { weekendsAreRest: false })).toBe(true);
    expect(isRestDay(cal, '2024-10-01', { weekendsAreRest: false })).toBe(true);
    // 2024-11-08 + 15 days = Saturday 2024-11-23
    expect(addDays(cal, '2024-11-08', 15).date).toBe('2024-11-25');
    expect(addDays(cal, '2024-11-08', 15, { weekendsAreRest: false }).date).toBe('2024-11-23');
  });

  it('T2: isRestDay agrees with the raw chinese-days data, and with weekends only after 2026 (property)', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        expect(isRestDay(cal, d)).toBe(oracleRest(d));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Civil Code periods', () => {
  // Worked examples, checked by hand against the State Council arrangements (国办发明电〔2023〕7号 for
  // 2024, 〔2024〕12号 for 2025) and 民法典 art. 201–203.
  it.each([
    // [start, n, unextended last day, expected last day, why]
    ['2024-09-23', 15, '2024-10-08', '2024-10-08', 'Tuesday after 国庆: a working day'],
    ['2024-09-20', 15, '2024-10-05', '2024-10-08', 'falls in 国庆 (10-01..07) → first working day after'],
    ['2024-09-16', 15, '2024-10-01', '2024-10-08', 'first day of 国庆 → 10-08'],
    ['2024-09-19', 10, '2024-09-29', '2024-09-29', 'Sunday 09-29 is an adjusted working day: no extension'],
    ['2024-09-27', 15, '2024-10-12', '2024-10-12', 'Saturday 10-12 is an adjusted working day'],
    ['2024-09-13', 1, '2024-09-14', '2024-09-14', 'Saturday 09-14 is adjusted for 中秋'],
    ['2024-09-13', 2, '2024-09-15', '2024-09-18', '中秋 09-15..17 → Wednesday 09-18'],
    ['2024-05-31', 10, '2024-06-10', '2024-06-11', '端午 Monday 06-10 → 06-11'],
    ['2024-06-05', 10, '2024-06-15', '2024-06-17', 'ordinary weekend → Monday'],
    ['2025-01-13', 15, '2025-01-28', '2025-02-05', '春节 2025-01-28..02-04 → Wednesday 02-05'],
    ['2025-01-11', 15, '2025-01-26', '2025-01-26', 'Sunday 01-26 adjusted for 春节'],
    ['2025-01-24', 15, '2025-02-08', '2025-02-08', 'Saturday 02-08 adjusted for 春节'],
    ['2025-01-25', 15, '2025-02-09', '2025-02-10', 'Sunday 02-09 is an ordinary Sunday'],
    ['2025-09-24', 10, '2025-10-04', '2025-10-09', '国庆+中秋 2025 (10-01..08) → 10-09'],
  ])('T2: addDays(%s, %i): day %s → ends %s (%s)', (start, n, unextended, expected) => {
    expect(plusDays(start, n)).toBe(unextended); // the start day is not counted (art. 201)
    const d = addDays(cal, start, n);
    expect(d.date).toBe(expected);
    expect(d.provisional).toBe(false);
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29', 'Jan 31 + 1 month in a leap year: Feb 29 (Thursday)'],
    ['2025-01-31', 1, '2025-02-28', 'Jan 31 + 1 month: Feb 28 (Friday)'],
    ['2023-12-31', 2, '2024-02-29', 'no 31st in February → month end'],
    ['2024-03-31', 1, '2024-04-30', 'no April 31 → Tuesday April 30'],
    ['2024-10-31', 4, '2025-02-28', 'month end across a year'],
    ['2024-08-05', 2, '2024-10-08', '10-05 is in 国庆 → 10-08'],
    ['2024-12-01', 2, '2025-02-05', '02-01 (Saturday) is in 春节 → 02-05'],
    ['2024-09-23', 2, '2024-11-25', '11-23 is a Saturday → Monday'],
  ])('T2: addMonths(%s, %i) = %s (%s)', (start, n, expected) => {
    expect(addMonths(cal, start, n).date).toBe(expected);
  });

  it('T2: the month-end rule is the corresponding date or the month’s last day', () => {
    expect(corresponding('2024-01-31', 1)).toBe('2024-02-29');
    expect(corresponding('2025-01-31', 1)).toBe('2025-02-28');
    expect(corresponding('2024-01-30', 1)).toBe('2024-02-29');
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28', false, 'leap day + 1 year: Feb 28 (Friday)'],
    ['2024-02-29', 4, '2028-02-29', true, 'leap day + 4 years: Feb 29 2028 (Tuesday), 2028 not covered'],
    ['2024-10-27', 5, '2029-10-29', true, '2029-10-27 is a Saturday → Monday; 2029 not covered'],
    ['2021-10-01', 5, '2026-10-08', false, '国庆 2026 (10-01..07) → Thursday 10-08'],
    ['2020-10-25', 5, '2025-10-27', false, 'Saturday 2025-10-25 → Monday 10-27'],
  ])('T2: addYears(%s, %i) = %s, provisional %s (%s)', (start, n, expected, provisional) => {
    const d = addYears(cal, start, n);
    expect(d.date).toBe(expected);
    expect(d.provisional).toBe(provisional);
  });

  it('T2: periods must be positive whole numbers and dates must exist', () => {
    expect(() => addDays(cal, '2024-09-23', 0)).toThrow(DomainError);
    expect(() => addMonths(cal, '2024-09-23', 1.5)).toThrow(DomainError);
    expect(() => addDays(cal, '2024-02-30', 1)).toThrow(DomainError);
    expect(() => addDays(cal, '2024/09/23', 1)).toThrow(DomainError);
  });

  describe('properties', () => {
    const modes = fc.constantFrom({ weekendsAreRest: true }, { weekendsAreRest: false });
    const kinds = fc.oneof(
      fc.record({ kind: fc.constant('days' as const), n: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant('months' as const), n: fc.integer({ min: 1, max: 36 }) }),
      fc.record({ kind: fc.constant('years' as const), n: fc.integer({ min: 1, max: 6 }) }),
    );
    const run = (
      c: HolidayCalendar,
      start: string,
      k: { kind: string; n: number },
      o: { weekendsAreRest: boolean },
    ) =>
      k.kind === 'days'
        ? addDays(c, start, k.n, o)
        : k.kind === 'months'
          ? addMonths(c, start, k.n, o)
          : addYears(c, start, k.n, o);
    const unextended = (start: string, k: { kind: string; n: number }) =>
      k.kind === 'days' ? plusDays(start, k.n) : corresponding(start, k.kind === 'months' ? k.n : 12 * k.n);

    it('T2: the last day is never a rest day', () => {
      fc.assert(
        fc.property(anyDate, kinds, modes, (start, k, o) => {
          expect(isRestDay(cal, run(cal, start, k, o).date, o)).toBe(false);
        }),
        { numRuns: 1500 },
      );
    });

    it('T2: never earlier than the unextended date, and only rest days are skipped', () => {
      fc.assert(
        fc.property(anyDate, kinds, modes, (start, k, o) => {
          const plain = unextended(start, k);
          const end = run(cal, start, k, o).date;
          expect(end >= plain).toBe(true);
          for (let d = plain; d < end; d = plusDays(d, 1)) expect(isRestDay(cal, d, o)).toBe(true);
        }),
        { numRuns: 1500 },
      );
    });

    it('T2: the end never moves backwards when the start moves forward', () => {
      fc.assert(
        fc.property(anyDate, fc.integer({ min: 0, max: 60 }), kinds, modes, (a, shift, k, o) => {
          const b = plusDays(a, shift);
          expect(run(cal, b, k, o).date >= run(cal, a, k, o).date).toBe(true);
        }),
        { numRuns: 1500 },
      );
    });

    it('T4: endsAt is always the next day 00:00 +08:00', () => {
      fc.assert(
        fc.property(anyDate, kinds, (start, k) => {
          const d = run(cal, start, k, { weekendsAreRest: true });
          expect(d.endsAt).toBe(`${plusDays(d.date, 1)}T00:00:00+08:00`);
          expect(Date.parse(d.endsAt)).toBe(dayNo(plusDays(d.date, 1)) * DAY - 8 * 3_600_000);
        }),
        { numRuns: 500 },
      );
    });

    it('T5: working-day mode lands on a working day after exactly n working days, monotonically', () => {
      fc.assert(
        fc.property(
          anyDate,
          fc.integer({ min: 1, max: 40 }),
          fc.boolean(),
          modes,
          (start, n, countStartDay, o) => {
            const end = addWorkingDays(cal, start, n, { ...o, countStartDay }).date;
            expect(isRestDay(cal, end, o)).toBe(false);
            let counted = 0;
            for (let d = countStartDay ? start : plusDays(start, 1); d <= end; d = plusDays(d, 1))
              if (!isRestDay(cal, d, o)) counted += 1;
            expect(counted).toBe(n);
            const later = addWorkingDays(cal, plusDays(start, 1), n, { ...o, countStartDay }).date;
            expect(later >= end).toBe(true);
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});

describe('T4: deadlines as shown and stored', () => {
  it('T4: endsAt is the next day 00:00 +08:00', () => {
    expect(addDays(cal, '2024-09-23', 15).endsAt).toBe('2024-10-09T00:00:00+08:00');
    expect(endsAtOf('2024-12-31')).toBe('2025-01-01T00:00:00+08:00');
    expect(endsAtOf('2024-02-28')).toBe('2024-02-29T00:00:00+08:00');
    expect(new Date(endsAtOf('2024-10-08')).toISOString()).toBe('2024-10-08T16:00:00.000Z');
  });

  it('T4: formatDeadline shows the date and 24:00 China Standard Time', () => {
    expect(formatDeadline('2024-10-08', 'zh')).toBe('2024年10月8日 24:00（北京时间）');
    expect(formatDeadline('2024-10-08', 'en')).toBe('24:00 China Standard Time, 8 October 2024');
    expect(formatDeadline('2025-02-05', 'zh')).toBe('2025年2月5日 24:00（北京时间）');
    expect(formatDeadline('2025-02-05', 'en')).toBe('24:00 China Standard Time, 5 February 2025');
  });

  it('T1: todayInChina is the calendar day in UTC+8 whatever the machine zone', () => {
    expect(todayInChina(new Date('2024-10-07T15:59:59Z'))).toBe('2024-10-07');
    expect(todayInChina(new Date('2024-10-07T16:00:00Z'))).toBe('2024-10-08');
    expect(todayInChina(new Date('2024-10-08T08:00:00-07:00'))).toBe('2024-10-08'); // 23:00 in Beijing
    expect(todayInChina(new Date('2024-10-08T09:00:00-07:00'))).toBe('2024-10-09'); // 00:00 in Beijing
  });

  it('T4: daysLeft counts China calendar days including today, 0 once ended', () => {
    const endsAt = '2024-10-09T00:00:00+08:00'; // last day 2024-10-08
    expect(daysLeft(new Date('2024-10-07T23:59:00+08:00'), endsAt)).toBe(2);
    expect(daysLeft(new Date('2024-10-08T00:00:00+08:00'), endsAt)).toBe(1);
    expect(daysLeft(new Date('2024-10-08T23:59:59+08:00'), endsAt)).toBe(1);
    expect(daysLeft(new Date('2024-10-09T00:00:00+08:00'), endsAt)).toBe(0);
    expect(daysLeft(new Date('2024-10-20T00:00:00+08:00'), endsAt)).toBe(0);
    // 2024-10-07 20:00 in Los Angeles is already 2024-10-08 11:00 in Beijing: the last day
    expect(daysLeft(new Date('2024-10-07T20:00:00-07:00'), endsAt)).toBe(1);
    expect(daysLeft(new Date('2024-09-23T10:00:00+08:00'), endsAt)).toBe(16);
  });
});

describe('T1: the machine time zone never matters', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.skipIf(process.env.MUTATION_RUN === '1')(
    'T1: the same results under Asia/Shanghai, America/Los_Angeles and Pacific/Kiritimati',
    () => {
      const compute = () => [
        addDays(cal, '2024-09-20', 15),
        addMonths(cal, '2024-01-31', 1),
        addYears(cal, '2024-02-29', 1),
        addWorkingDays(cal, '2024-09-23', 10, { countStartDay: true }),
        todayInChina(new Date('2024-10-07T16:30:00Z')),
        daysLeft(new Date('2024-10-07T20:00:00-07:00'), '2024-10-09T00:00:00+08:00'),
        formatDeadline('2024-10-08', 'en'),
      ];
      const results = ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'].map((tz) => {
        process.env.TZ = tz;
        return { offset: new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset(), out: compute() };
      });
      expect(new Set(results.map((r) => r.offset)).size).toBe(3); // the zone really changed
      expect(results[1]?.out).toEqual(results[0]?.out);
      expect(results[2]?.out).toEqual(results[0]?.out);
    },
  );
});

describe('T5: working-day mode', () => {
  it('T5: 10 working days counting the day of publication, across 国庆 2024 and its adjusted days', () => {
    // 09-23..27 (5), 09-29 adjusted Sunday (6), 09-30 (7), 国庆 skipped, 10-08 (8), 10-09 (9), 10-10 (10)
    const d = addWorkingDays(cal, '2024-09-23', 10, { countStartDay: true });
    expect(d).toEqual({ date: '2024-10-10', endsAt: '2024-10-11T00:00:00+08:00', provisional: false });
  });

  it('T5: not counting the start day gives one more working day', () => {
    expect(addWorkingDays(cal, '2024-09-23', 10, { countStartDay: false }).date).toBe('2024-10-11');
  });

  it('T5: across 春节 2025 (01-26 adjusted Sunday counts, 01-28..02-04 skipped)', () => {
    // 01-20..24 (5), 01-26 (6), 01-27 (7), 02-05 (8), 02-06 (9), 02-07 (10)
    expect(addWorkingDays(cal, '2025-01-20', 10, { countStartDay: true }).date).toBe('2025-02-07');
  });

  it('T5: a start day that is a rest day is not counted even when the start day counts', () => {
    expect(addWorkingDays(cal, '2024-10-01', 1, { countStartDay: true }).date).toBe('2024-10-08');
    expect(addWorkingDays(cal, '2024-10-08', 1, { countStartDay: true }).date).toBe('2024-10-08');
  });

  it('T5: provisional when it counts through an uncovered year', () => {
    expect(addWorkingDays(cal, '2026-12-28', 10, { countStartDay: true }).provisional).toBe(true);
    expect(addWorkingDays(cal, '2026-12-14', 10, { countStartDay: true }).provisional).toBe(false);
  });
});

describe('T3: years the calendar does not cover', () => {
  const upload2027 = {
    year: 2027,
    holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
    workdays: [],
    source: 'test data (not the real 2027 arrangement)',
  };

  it('T3: a deadline in 2027 is computed without holidays, marked provisional, and 2027 is reported missing', () => {
    // 2026-12-22 + 10 days = Friday 2027-01-01: no holiday known for 2027 yet
    const d = addDays(cal, '2026-12-22', 10);
    expect(d).toEqual({ date: '2027-01-01', endsAt: '2027-01-02T00:00:00+08:00', provisional: true });
    expect(missingYears(cal, [d.date])).toEqual([2027]);
  });

  it('T3: recomputed after hr loads 2027 — no longer provisional, 元旦 respected', () => {
    const loaded = mergeYear(cal, upload2027);
    expect(coveredYears(loaded).at(-1)).toBe(2027);
    expect(missingYears(loaded, ['2027-01-01'])).toEqual([]);
    expect(addDays(loaded, '2026-12-22', 10)).toEqual({
      date: '2027-01-04',
      endsAt: '2027-01-05T00:00:00+08:00',
      provisional: false,
    });
    // the original calendar value is unchanged
    expect(addDays(cal, '2026-12-22', 10).provisional).toBe(true);
  });

  it('T3: provisional when extending looks at a day in an uncovered year', () => {
    // synthetic calendar: only 2024 covered, with 2024-12-31 a holiday
    const only2024 = makeCalendar([{ year: 2024, holidays: ['2024-01-01', '2024-12-31'], workdays: [] }]);
    const d = addDays(only2024, '2024-12-21', 10); // Tuesday 12-31, a holiday → Wednesday 2025-01-01
    expect(d).toEqual({ date: '2025-01-01', endsAt: '2025-01-02T00:00:00+08:00', provisional: true });
    expect(addDays(only2024, '2024-12-20', 10).provisional).toBe(false); // Monday 12-30
  });

  it('T3: an upload is validated (元旦 present, adjusted days on weekends, no overlap, own year)', () => {
    const bad = (v: unknown) => {
      try {
        parseYearCalendar(v);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe('VALIDATION');
        return (e as DomainError).details?.fields;
      }
      throw new Error('expected a validation error');
    };
    expect(bad({ ...upload2027, holidays: ['2027-02-06'] })?.[0]?.message).toContain('元旦');
    expect(bad({ ...upload2027, workdays: ['2027-01-06'] })?.[0]?.message).toContain('周六或周日'); // a Wednesday
    expect(bad({ ...upload2027, workdays: ['2027-01-02'] })?.[0]?.message).toContain('既是节假日');
    expect(bad({ ...upload2027, holidays: [...upload2027.holidays, '2028-01-01'] })?.[0]?.field).toBe(
      'holidays.3',
    );
    expect(bad({ ...upload2027, holidays: ['2027-02-30'] })).toBeDefined();
    expect(parseYearCalendar(upload2027).year).toBe(2027);
  });

  it('T3: an arrangement reaching into December of the year before amends that year', () => {
    // like the 2019 notice making Saturday 2018-12-29 a working day
    const loaded = mergeYear(cal, { ...upload2027, workdays: ['2026-12-27'] }); // a Sunday
    expect(isRestDay(cal, '2026-12-27')).toBe(true);
    expect(isRestDay(loaded, '2026-12-27')).toBe(false);
    expect(isRestDay(loaded, '2026-10-01')).toBe(true); // the rest of 2026 kept
    const only2024 = makeCalendar([{ year: 2024, holidays: ['2024-01-01'], workdays: [] }]);
    expect(() =>
      mergeYear(only2024, { year: 2026, holidays: ['2026-01-01', '2025-12-31'], workdays: [] }),
    ).toThrow(/先上传 2025 年/);
  });

  it('T3: withYear replaces a year as a whole', () => {
    const replaced = withYear(cal, { year: 2024, holidays: ['2024-01-01'], workdays: [] });
    expect(isRestDay(replaced, '2024-10-01')).toBe(false); // a Tuesday, no longer a holiday
    expect(isRestDay(cal, '2024-10-01')).toBe(true);
  });
});
