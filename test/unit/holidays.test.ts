import chineseDaysPackage from 'chinese-days/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { calendarData, coveredYears, isRestDay, makeCalendar } from '../../functions/domain/calendar.js';
import { DomainError } from '../../functions/domain/errors.js';
import { seedCalendar, seedYears } from '../../functions/domain/holiday-seed.js';
import {
  mergeYear,
  parseYearCalendar,
  SEED_SOURCE,
  yearCalendarSchema,
  yearsFromChineseDays,
} from '../../functions/domain/holidays.js';

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

describe('T3: the seed from chinese-days', () => {
  it('T3: the seed names the chinese-days version it was built from', () => {
    expect(SEED_SOURCE).toBe(`chinese-days ${chineseDaysPackage.version}`);
    expect(seedYears.map((y) => y.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    for (const y of seedYears) expect(y.source).toBe(SEED_SOURCE);
    expect(coveredYears(seedCalendar())).toEqual(seedYears.map((y) => y.year));
  });

  it('T3: seed years hold their dates in order, with Chinese names', () => {
    const y2024 = seedYears.find((y) => y.year === 2024);
    expect(y2024?.holidays).toEqual([...(y2024?.holidays ?? [])].sort());
    expect(y2024?.workdays).toEqual([...(y2024?.workdays ?? [])].sort());
    expect(y2024?.holidays).toContain('2024-10-01');
    expect(y2024?.workdays).toEqual([
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ]);
    expect(y2024?.names?.['2024-10-01']).toBe('国庆节');
    expect(y2024?.names?.['2024-09-29']).toBe('国庆节调休上班');
  });

  // Synthetic data in chinese-days' shape ('English,中文,days'), in no particular order.
  const data = {
    holidays: {
      '2025-10-01': 'National Day,国庆节,8',
      '2025-01-29': 'Spring Festival,春节,8',
      '2025-01-28': 'Spring Festival,春节,8',
      '2024-10-01': 'National Day,国庆节,7',
      '2024-02-10': 'Spring Festival,春节,8',
      '2024-01-01': "New Year's Day,元旦,1",
      '2023-01-22': 'Spring Festival,春节,7', // 2023: 春节 only → not covered
      '2022-10-01': 'National Day,国庆节,7', // 2022: 国庆 only → not covered
      '2020-01-25': '春节', // a value without commas is its own name
      '2020-10-01': 'National Day,国庆节,8',
      'not-a-date': 'Spring Festival,春节,1',
      '2021-02-30': 'Spring Festival,春节,1',
    },
    workdays: {
      '2025-02-08': 'Spring Festival,春节,8',
      '2025-01-26': 'Spring Festival,春节,8',
      '2024-09-29': 'National Day,国庆节,7',
      'not-a-date': 'National Day,国庆节,7',
    },
  };

  it('T3: a year counts only with both 春节 and 国庆; years and dates come out sorted; bad keys are skipped', () => {
    expect(yearsFromChineseDays(data, 'test source')).toStrictEqual([
      {
        year: 2020,
        holidays: ['2020-01-25', '2020-10-01'],
        workdays: [],
        names: { '2020-01-25': '春节', '2020-10-01': '国庆节' },
        source: 'test source',
      },
      {
        year: 2024,
        holidays: ['2024-01-01', '2024-02-10', '2024-10-01'],
        workdays: ['2024-09-29'],
        names: {
          '2024-01-01': '元旦',
          '2024-02-10': '春节',
          '2024-10-01': '国庆节',
          '2024-09-29': '国庆节调休上班',
        },
        source: 'test source',
      },
      {
        year: 2025,
        holidays: ['2025-01-28', '2025-01-29', '2025-10-01'],
        workdays: ['2025-01-26', '2025-02-08'],
        names: {
          '2025-01-28': '春节',
          '2025-01-29': '春节',
          '2025-10-01': '国庆节',
          '2025-01-26': '春节调休上班',
          '2025-02-08': '春节调休上班',
        },
        source: 'test source',
      },
    ]);
  });

  it('T3: without a source the data is labelled as the seed', () => {
    expect(yearsFromChineseDays(data).map((y) => y.source)).toEqual([SEED_SOURCE, SEED_SOURCE, SEED_SOURCE]);
    expect(yearsFromChineseDays({ holidays: {}, workdays: {} })).toEqual([]);
  });
});

describe('T3: an upload by hr is validated', () => {
  const upload2027 = {
    year: 2027,
    holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
    workdays: [] as string[],
  };
  const issues = (v: unknown) => {
    const r = yearCalendarSchema.safeParse(v);
    if (r.success) throw new Error('expected the upload to be refused');
    return r.error.issues;
  };

  it('T3: a date that does not exist is reported on its field, once', () => {
    expect(issues({ ...upload2027, holidays: ['2027-01-01', '2027-02-30'] })).toEqual([
      { code: 'custom', path: ['holidays', 1], message: '日期格式应为 YYYY-MM-DD 且须为真实日期' },
    ]);
    const e = validationError(() => parseYearCalendar({ ...upload2027, workdays: ['2027/01/09'] }));
    expect(e.message).toBe('节假日数据有误：日期格式应为 YYYY-MM-DD 且须为真实日期');
    expect(e.details).toEqual({
      fields: [{ field: 'workdays.0', message: '日期格式应为 YYYY-MM-DD 且须为真实日期' }],
    });
  });

  it('T3: dates belong to the year, or to December of the year before', () => {
    const holidays = ['2027-01-01', '2026-11-30', '2026-12-01', '2026-12-31', '2025-12-15', '2028-01-01'];
    expect(issues({ ...upload2027, holidays, workdays: ['2028-01-08', '2026-12-05'] })).toEqual([
      { code: 'custom', path: ['holidays', 1], message: '2026-11-30 不属于 2027 年的安排' },
      { code: 'custom', path: ['holidays', 4], message: '2025-12-15 不属于 2027 年的安排' },
      { code: 'custom', path: ['holidays', 5], message: '2028-01-01 不属于 2027 年的安排' },
      { code: 'custom', path: ['workdays', 0], message: '2028-01-08 不属于 2027 年的安排' },
    ]);
    expect(parseYearCalendar({ ...upload2027, holidays: ['2027-01-01', '2026-12-01'] }).holidays).toEqual([
      '2027-01-01',
      '2026-12-01',
    ]);
  });

  it('T3: 元旦 must be there, and at least one holiday', () => {
    expect(issues({ ...upload2027, holidays: ['2027-02-06'] })).toEqual([
      { code: 'custom', path: ['holidays'], message: '缺少 2027-01-01（元旦），数据不完整' },
    ]);
    const e = validationError(() => parseYearCalendar({ ...upload2027, holidays: [] }));
    expect(e.message).toBe('节假日数据有误：至少应有一个法定节假日');
    expect(e.details?.fields).toEqual([
      { field: 'holidays', message: '至少应有一个法定节假日' },
      { field: 'holidays', message: '缺少 2027-01-01（元旦），数据不完整' },
    ]);
  });

  it('T3: an uploaded adjusted working day is a Saturday or Sunday that is not also a holiday', () => {
    // 2027-01-06 Wednesday, 2027-01-03 Sunday (a holiday here), 2027-01-09 Saturday, 2027-01-10 Sunday
    expect(
      issues({ ...upload2027, workdays: ['2027-01-06', '2027-01-03', '2027-01-09', '2027-01-10'] }),
    ).toEqual([
      { code: 'custom', path: ['workdays', 0], message: '2027-01-06 不是周六或周日，不是调休上班日' },
      { code: 'custom', path: ['workdays', 1], message: '2027-01-03 不能既是节假日又是调休上班日' },
    ]);
    expect(parseYearCalendar({ ...upload2027, workdays: ['2027-01-09', '2027-01-10'] }).workdays).toEqual([
      '2027-01-09',
      '2027-01-10',
    ]);
  });

  it('T3: names are short labels; the source is optional', () => {
    const named = { ...upload2027, names: { '2027-01-01': '元旦' }, source: '国办发明电〔2026〕1号' };
    expect(parseYearCalendar(named)).toEqual(named);
    expect(parseYearCalendar({ ...upload2027, names: { '2027-01-01': '元'.repeat(40) } }).names).toEqual({
      '2027-01-01': '元'.repeat(40),
    });
    const e = validationError(() =>
      parseYearCalendar({ ...upload2027, names: { '2027-01-01': '元'.repeat(41) } }),
    );
    expect(e.details?.fields?.[0]?.field).toBe('names.2027-01-01');
    expect(() => parseYearCalendar({ ...upload2027, source: 'x'.repeat(201) })).toThrow(DomainError);
    expect(() => parseYearCalendar({ ...upload2027, year: 1999 })).toThrow(DomainError);
    expect(() => parseYearCalendar({ ...upload2027, year: 2027.5 })).toThrow(DomainError);
  });

  it('T3: something that is not an upload at all is reported on the whole calendar', () => {
    const e = validationError(() => parseYearCalendar(null));
    expect(e.message.startsWith('节假日数据有误：')).toBe(true);
    expect(e.details?.fields).toHaveLength(1);
    expect(e.details?.fields?.[0]?.field).toBe('calendar');
    expect(e.message).toBe(`节假日数据有误：${e.details?.fields?.[0]?.message}`);
  });
});

describe('T3: mergeYear loads an upload into the calendar', () => {
  // synthetic 2026 (not the real arrangement); 2026-12-05 and 12-19 are Saturdays, 12-20 and 12-27 Sundays
  const base = makeCalendar([
    {
      year: 2026,
      holidays: ['2026-01-01', '2026-10-01', '2026-12-05', '2026-12-31'],
      workdays: ['2026-09-27', '2026-12-20', '2026-12-27'],
      names: {
        '2026-01-01': '元旦',
        '2026-10-01': '国庆节',
        '2026-12-05': '测试假日',
        '2026-12-20': '测试调休',
      },
      source: 'test 2026',
    },
  ]);
  const upload = {
    year: 2027,
    // own dates out of order; 2026-12-20 was an adjusted working day and becomes a holiday
    holidays: ['2027-01-03', '2027-01-01', '2026-12-20', '2027-01-02'],
    // 2027-01-09 Saturday; 2026-12-05 was a holiday and becomes a working day
    workdays: ['2027-01-09', '2026-12-05'],
    names: {
      '2027-01-01': '元旦',
      '2027-01-09': '元旦调休上班',
      '2026-12-20': '元旦',
      '2026-12-05': '元旦调休上班',
      '2027-05-01': '劳动节', // a name for a date not in the upload is dropped
    },
    source: 'test upload 2027',
  };

  it('T3: the year is loaded with its own dates, names and source; December dates amend the year before', () => {
    const loaded = mergeYear(base, upload);
    expect(calendarData(loaded)).toStrictEqual([
      {
        year: 2026,
        holidays: ['2026-01-01', '2026-10-01', '2026-12-20', '2026-12-31'],
        workdays: ['2026-09-27', '2026-12-05', '2026-12-27'],
        names: {
          '2026-01-01': '元旦',
          '2026-10-01': '国庆节',
          '2026-12-05': '元旦调休上班',
          '2026-12-20': '元旦',
        },
        source: 'test 2026',
      },
      {
        year: 2027,
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
        workdays: ['2027-01-09'],
        names: { '2027-01-01': '元旦', '2027-01-09': '元旦调休上班' },
        source: 'test upload 2027',
      },
    ]);
    expect(isRestDay(loaded, '2026-12-20')).toBe(true);
    expect(isRestDay(loaded, '2026-12-05')).toBe(false);
    expect(isRestDay(loaded, '2027-01-09')).toBe(false);
    // the calendar it started from is unchanged
    expect(isRestDay(base, '2026-12-20')).toBe(false);
    expect(isRestDay(base, '2026-12-05')).toBe(true);
  });

  it('T3: the amended year keeps its dates in date order', () => {
    const y2026 = mergeYear(base, upload).years.get(2026);
    expect([...(y2026?.holidays ?? [])]).toEqual(['2026-01-01', '2026-10-01', '2026-12-20', '2026-12-31']);
    expect([...(y2026?.workdays ?? [])]).toEqual(['2026-09-27', '2026-12-05', '2026-12-27']);
  });

  it('T3: without names or source, none are recorded (and the year before keeps its own)', () => {
    const loaded = mergeYear(base, { year: 2027, holidays: ['2027-01-01', '2026-12-31'], workdays: [] });
    expect(calendarData(loaded)).toStrictEqual([
      {
        year: 2026,
        holidays: ['2026-01-01', '2026-10-01', '2026-12-05', '2026-12-31'],
        workdays: ['2026-09-27', '2026-12-20', '2026-12-27'],
        names: {
          '2026-01-01': '元旦',
          '2026-10-01': '国庆节',
          '2026-12-05': '测试假日',
          '2026-12-20': '测试调休',
        },
        source: 'test 2026',
      },
      { year: 2027, holidays: ['2027-01-01'], workdays: [], names: {} },
    ]);
    const noSource = makeCalendar([{ year: 2026, holidays: ['2026-01-01'], workdays: [] }]);
    expect(
      calendarData(mergeYear(noSource, { year: 2027, holidays: ['2027-01-01'], workdays: ['2026-12-27'] })),
    ).toStrictEqual([
      { year: 2026, holidays: ['2026-01-01'], workdays: ['2026-12-27'], names: {} },
      { year: 2027, holidays: ['2027-01-01'], workdays: [], names: {} },
    ]);
  });

  it('T3: December dates need the year before to be loaded first', () => {
    const e = validationError(() =>
      mergeYear(makeCalendar([]), { year: 2027, holidays: ['2027-01-01'], workdays: ['2026-12-27'] }),
    );
    const message = '2027 年安排涉及 2026 年12月的日期，请先上传 2026 年的数据';
    expect(e.message).toBe(message);
    expect(e.details).toEqual({ fields: [{ field: 'holidays', message }] });
  });

  it('T3: an invalid upload changes nothing and is refused', () => {
    expect(() => mergeYear(base, { year: 2027, holidays: ['2027-02-06'], workdays: [] })).toThrow(
      /缺少 2027-01-01（元旦）/,
    );
  });
});
