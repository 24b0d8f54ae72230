import { describe, expect, it } from 'vitest';
import { shiftDays } from '../../functions/domain/calendar.js';
import { DomainError } from '../../functions/domain/errors.js';
import {
  festivalNames,
  MAX_HOLIDAYS,
  MAX_WORKDAYS,
  missingFestivals,
  parseYearCalendar,
  yearCalendarSchema,
  yearContent,
} from '../../functions/domain/holidays.js';

// Synthetic year 2041 (not a real arrangement): 2041-01-01 is a Tuesday.

/** `n` consecutive days from 2041-01-01 */
const daysFromNewYear = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => shiftDays('2041-01-01', i));

/** the first `n` Saturdays and Sundays from 2041-04-06 (a Saturday), none of them a holiday here */
const weekends = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => shiftDays('2041-04-06', 7 * Math.floor(i / 2) + (i % 2)));

const upload2041 = { year: 2041, holidays: ['2041-01-01', '2041-01-02'], workdays: [] as string[] };

/** the issues zod reports for an upload that must be refused */
const issues = (v: unknown) => {
  const r = yearCalendarSchema.safeParse(v);
  if (r.success) throw new Error('expected the upload to be refused');
  return r.error.issues.map((i) => ({ path: i.path, message: i.message }));
};

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

describe('T3: limits on the length of an upload', () => {
  it('T3: the limits are 60 holidays and 20 adjusted working days', () => {
    expect(MAX_HOLIDAYS).toBe(60);
    expect(MAX_WORKDAYS).toBe(20);
    // the helpers build what they say
    expect(daysFromNewYear(60).at(-1)).toBe('2041-03-01');
    expect(weekends(4)).toEqual(['2041-04-06', '2041-04-07', '2041-04-13', '2041-04-14']);
  });

  it('T3: 60 holidays are accepted, 61 are refused on the field holidays', () => {
    const sixty = daysFromNewYear(60);
    expect(parseYearCalendar({ ...upload2041, holidays: sixty }).holidays).toEqual(sixty);
    expect(issues({ ...upload2041, holidays: daysFromNewYear(61) })).toEqual([
      { path: ['holidays'], message: '法定节假日不应超过 60 天' },
    ]);
    const e = validationError(() => parseYearCalendar({ ...upload2041, holidays: daysFromNewYear(61) }));
    expect(e.message).toBe('节假日数据有误：法定节假日不应超过 60 天');
    expect(e.details).toEqual({ fields: [{ field: 'holidays', message: '法定节假日不应超过 60 天' }] });
  });

  it('T3: 20 adjusted working days are accepted, 21 are refused on the field workdays', () => {
    const twenty = weekends(20);
    expect(parseYearCalendar({ ...upload2041, workdays: twenty }).workdays).toEqual(twenty);
    expect(issues({ ...upload2041, workdays: weekends(21) })).toEqual([
      { path: ['workdays'], message: '调休上班日不应超过 20 天' },
    ]);
    const e = validationError(() => parseYearCalendar({ ...upload2041, workdays: weekends(21) }));
    expect(e.details).toEqual({ fields: [{ field: 'workdays', message: '调休上班日不应超过 20 天' }] });
  });

  it('T3: at most 80 name entries (60 + 20); 81 are refused on the field names', () => {
    const names = (n: number) => Object.fromEntries(daysFromNewYear(n).map((d) => [d, '测试']));
    const eighty = names(80);
    expect(Object.keys(eighty)).toHaveLength(MAX_HOLIDAYS + MAX_WORKDAYS);
    expect(parseYearCalendar({ ...upload2041, names: eighty }).names).toEqual(eighty);
    expect(issues({ ...upload2041, names: names(81) })).toEqual([
      { path: ['names'], message: '节日名称条目过多' },
    ]);
    const e = validationError(() => parseYearCalendar({ ...upload2041, names: names(81) }));
    expect(e.details).toEqual({ fields: [{ field: 'names', message: '节日名称条目过多' }] });
    // no names at all is fine
    expect(parseYearCalendar(upload2041).names).toBeUndefined();
    expect(parseYearCalendar({ ...upload2041, names: {} }).names).toEqual({});
  });
});

describe('T3: a date given twice is refused', () => {
  it('T3: the second occurrence of a holiday is flagged at its index', () => {
    expect(
      issues({ ...upload2041, holidays: ['2041-01-01', '2041-01-02', '2041-01-03', '2041-01-02'] }),
    ).toEqual([{ path: ['holidays', 3], message: '2041-01-02 重复出现' }]);
    // the issue is a custom one, as every check of the upload beyond the field schemas
    const r = yearCalendarSchema.safeParse({ ...upload2041, holidays: ['2041-01-01', '2041-01-01'] });
    expect(r.error?.issues).toEqual([
      { code: 'custom', path: ['holidays', 1], message: '2041-01-01 重复出现' },
    ]);
    const e = validationError(() =>
      parseYearCalendar({ ...upload2041, holidays: ['2041-01-01', '2041-01-01'] }),
    );
    expect(e.message).toBe('节假日数据有误：2041-01-01 重复出现');
    expect(e.details).toEqual({ fields: [{ field: 'holidays.1', message: '2041-01-01 重复出现' }] });
  });

  it('T3: every later occurrence is flagged, the first never', () => {
    expect(
      issues({ ...upload2041, holidays: ['2041-01-02', '2041-01-01', '2041-01-02', '2041-01-02'] }),
    ).toEqual([
      { path: ['holidays', 2], message: '2041-01-02 重复出现' },
      { path: ['holidays', 3], message: '2041-01-02 重复出现' },
    ]);
  });

  it('T3: the second occurrence of an adjusted working day is flagged at its index', () => {
    expect(issues({ ...upload2041, workdays: ['2041-04-06', '2041-04-07', '2041-04-06'] })).toEqual([
      { path: ['workdays', 2], message: '2041-04-06 重复出现' },
    ]);
    const e = validationError(() =>
      parseYearCalendar({ ...upload2041, workdays: ['2041-04-13', '2041-04-13'] }),
    );
    expect(e.details).toEqual({ fields: [{ field: 'workdays.1', message: '2041-04-13 重复出现' }] });
  });

  it('T3: duplicates in both lists are each reported, holidays first, before other problems', () => {
    expect(
      issues({
        year: 2041,
        holidays: ['2041-01-01', '2041-01-01', '2039-05-01'],
        workdays: ['2041-04-06', '2041-04-06'],
      }),
    ).toEqual([
      { path: ['holidays', 1], message: '2041-01-01 重复出现' },
      { path: ['workdays', 1], message: '2041-04-06 重复出现' },
      { path: ['holidays', 2], message: '2039-05-01 不属于 2041 年的安排' },
    ]);
  });

  it('T3: the same date in holidays and in workdays is not a duplicate but a conflict', () => {
    expect(
      issues({ ...upload2041, workdays: ['2041-04-06'], holidays: ['2041-01-01', '2041-04-06'] }),
    ).toEqual([{ path: ['workdays', 0], message: '2041-04-06 不能既是节假日又是调休上班日' }]);
  });

  it('T3: distinct dates pass', () => {
    const ok = { ...upload2041, holidays: daysFromNewYear(5), workdays: weekends(3) };
    expect(parseYearCalendar(ok)).toEqual(ok);
  });
});

describe('T3: hr may confirm an incomplete year', () => {
  it('T3: confirmIncomplete is an optional boolean', () => {
    expect(parseYearCalendar({ ...upload2041, confirmIncomplete: true }).confirmIncomplete).toBe(true);
    expect(parseYearCalendar({ ...upload2041, confirmIncomplete: false }).confirmIncomplete).toBe(false);
    expect(parseYearCalendar(upload2041).confirmIncomplete).toBeUndefined();
    const e = validationError(() => parseYearCalendar({ ...upload2041, confirmIncomplete: 'yes' }));
    expect(e.details?.fields).toHaveLength(1);
    expect(e.details?.fields?.[0]?.field).toBe('confirmIncomplete');
  });
});

describe('T3: missingFestivals', () => {
  const missing = (...holidays: string[]) => missingFestivals({ year: 2041, holidays });

  it('T3: the festivals are named 春节 and 国庆节', () => {
    expect(festivalNames).toEqual({ springFestival: '春节', nationalDay: '国庆节' });
  });

  it('T3: a year with neither misses both, 春节 first', () => {
    expect(missing('2041-01-01')).toEqual(['springFestival', 'nationalDay']);
    expect(missing()).toEqual(['springFestival', 'nationalDay']);
  });

  it('T3: 春节 is a holiday from 01-21 to 02-20 inclusive', () => {
    expect(missing('2041-01-01', '2041-01-20')).toEqual(['springFestival', 'nationalDay']);
    expect(missing('2041-01-01', '2041-01-21')).toEqual(['nationalDay']);
    expect(missing('2041-02-05')).toEqual(['nationalDay']);
    expect(missing('2041-02-20')).toEqual(['nationalDay']);
    expect(missing('2041-02-21')).toEqual(['springFestival', 'nationalDay']);
  });

  it('T3: 国庆节 is a holiday from 10-01 to 10-03 inclusive', () => {
    expect(missing('2041-09-30')).toEqual(['springFestival', 'nationalDay']);
    expect(missing('2041-10-01')).toEqual(['springFestival']);
    expect(missing('2041-10-02')).toEqual(['springFestival']);
    expect(missing('2041-10-03')).toEqual(['springFestival']);
    expect(missing('2041-10-04')).toEqual(['springFestival', 'nationalDay']);
  });

  it('T3: a year with both misses none', () => {
    expect(missing('2041-01-01', '2041-02-01', '2041-10-01')).toEqual([]);
    expect(missing('2041-10-03', '2041-01-21')).toEqual([]);
  });

  it('T3: only the own year counts, not December of the year before nor dates of other years', () => {
    expect(missing('2040-12-25', '2040-12-31', '2041-10-01')).toEqual(['springFestival']);
    expect(missing('2040-02-01', '2040-10-01')).toEqual(['springFestival', 'nationalDay']);
    expect(missing('2042-01-25', '2042-10-02')).toEqual(['springFestival', 'nationalDay']);
  });

  it('T3: works on a parsed upload', () => {
    const up = parseYearCalendar({ ...upload2041, holidays: ['2041-01-01', '2040-12-31', '2041-02-01'] });
    expect(missingFestivals(up)).toEqual(['nationalDay']);
  });
});

describe('T3: yearContent — one canonical form of a year', () => {
  const base = {
    year: 2041,
    holidays: ['2041-02-01', '2041-01-01', '2040-12-31'],
    workdays: ['2041-04-07', '2041-04-06'],
    names: { '2041-04-06': '调休', '2041-01-01': '元旦', '2041-02-01': '春节' },
    source: '测试 2041',
  };

  it('T3: exact form: dates sorted, names of those dates in date order, the source', () => {
    expect(yearContent(base)).toBe(
      JSON.stringify({
        year: 2041,
        holidays: ['2040-12-31', '2041-01-01', '2041-02-01'],
        workdays: ['2041-04-06', '2041-04-07'],
        names: { '2041-01-01': '元旦', '2041-02-01': '春节', '2041-04-06': '调休' },
        source: '测试 2041',
      }),
    );
  });

  it('T3: the order of dates and of names does not matter', () => {
    const shuffled = {
      ...base,
      holidays: ['2040-12-31', '2041-02-01', '2041-01-01'],
      workdays: ['2041-04-06', '2041-04-07'],
      names: { '2041-02-01': '春节', '2041-04-06': '调休', '2041-01-01': '元旦' },
    };
    expect(yearContent(shuffled)).toBe(yearContent(base));
  });

  it('T3: a date given twice is the same content as given once', () => {
    const doubled = {
      ...base,
      holidays: [...base.holidays, '2041-01-01', '2041-02-01'],
      workdays: [...base.workdays, '2041-04-06'],
    };
    expect(yearContent(doubled)).toBe(yearContent(base));
  });

  it('T3: names of dates not in the year are dropped; an empty name is no name', () => {
    const extra = { ...base, names: { ...base.names, '2041-05-01': '劳动节', '2041-04-07': '' } };
    expect(yearContent(extra)).toBe(yearContent(base));
    expect(JSON.parse(yearContent(extra)).names).toEqual({
      '2041-01-01': '元旦',
      '2041-02-01': '春节',
      '2041-04-06': '调休',
    });
  });

  it('T3: without names or source: empty names and a null source', () => {
    expect(yearContent({ year: 2041, holidays: ['2041-01-02', '2041-01-01'], workdays: [] })).toBe(
      '{"year":2041,"holidays":["2041-01-01","2041-01-02"],"workdays":[],"names":{},"source":null}',
    );
  });

  it('T3: a different source, year, date or name is a different content', () => {
    const c = yearContent(base);
    expect(yearContent({ ...base, source: '测试 2041 修订' })).not.toBe(c);
    const { source: _source, ...unsourced } = base;
    expect(yearContent(unsourced)).not.toBe(c);
    expect(yearContent(unsourced)).toBe(yearContent({ ...base, source: undefined }));
    expect(yearContent({ ...base, year: 2042 })).not.toBe(c);
    expect(yearContent({ ...base, holidays: [...base.holidays, '2041-01-02'] })).not.toBe(c);
    expect(yearContent({ ...base, workdays: ['2041-04-06'] })).not.toBe(c);
    expect(yearContent({ ...base, names: { ...base.names, '2041-01-01': '新年' } })).not.toBe(c);
    // a date moved from holidays to workdays is a different content
    expect(
      yearContent({
        ...base,
        holidays: ['2041-01-01', '2040-12-31'],
        workdays: [...base.workdays, '2041-02-01'],
      }),
    ).not.toBe(c);
  });

  it('T3: the dates of the input are not reordered in place', () => {
    const holidays = ['2041-02-01', '2041-01-01'];
    yearContent({ year: 2041, holidays, workdays: [] });
    expect(holidays).toEqual(['2041-02-01', '2041-01-01']);
  });
});
