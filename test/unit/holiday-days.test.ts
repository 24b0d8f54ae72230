/**
 * The compact seed (functions/domain/holiday-days.ts, read by functions/domain/holiday-seed.ts) that the
 * calendar computes from: generated from the installed `chinese-days`, and giving exactly the years
 * functions/domain/holidays.ts `yearsFromChineseDays` makes of the package, so the smaller bundles change
 * no deadline.
 */
import { readFileSync } from 'node:fs';
import seedData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { SEED_YEAR_DAYS } from '../../functions/domain/holiday-days.js';
import { seedYears, seedYearsOf } from '../../functions/domain/holiday-seed.js';
import { SEED_SOURCE, yearsFromChineseDays } from '../../functions/domain/holidays.js';
import { HOLIDAY_DAYS_FILE, renderHolidayDays } from '../../scripts/holiday-days.js';

describe('T3: the compact seed', () => {
  it('T3: the seed years are exactly what yearsFromChineseDays makes of the chinese-days package', () => {
    expect(seedYears).toStrictEqual(yearsFromChineseDays(seedData, SEED_SOURCE));
    expect(seedYears.length).toBe(SEED_YEAR_DAYS.length);
  });

  it('T3: runs of days reach across months, a name may have several runs, and working days carry 调休上班', () => {
    expect(
      seedYearsOf([
        [2030, '元旦:0101 国庆节:0930-1002,1004', '国庆节:0928'],
        [2031, '', ''],
      ]),
    ).toStrictEqual([
      {
        year: 2030,
        holidays: ['2030-01-01', '2030-09-30', '2030-10-01', '2030-10-02', '2030-10-04'],
        workdays: ['2030-09-28'],
        names: {
          '2030-01-01': '元旦',
          '2030-09-30': '国庆节',
          '2030-10-01': '国庆节',
          '2030-10-02': '国庆节',
          '2030-10-04': '国庆节',
          '2030-09-28': '国庆节调休上班',
        },
        source: SEED_SOURCE,
      },
      { year: 2031, holidays: [], workdays: [], names: {}, source: SEED_SOURCE },
    ]);
  });

  // Stryker's sandbox holds the file instrumented with every mutant, so it cannot be what the script writes
  it.skipIf(process.env.MUTATION_RUN)(
    'functions/domain/holiday-days.ts is what scripts/holiday-days.ts writes from the installed chinese-days',
    () => {
      expect(readFileSync(HOLIDAY_DAYS_FILE, 'utf8')).toBe(renderHolidayDays());
    },
  );
});
