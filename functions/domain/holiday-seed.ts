/**
 * T3: the seed calendar, the years `chinese-days` covers, from the compact copy of its data that
 * scripts/holiday-days.ts writes (./holiday-days.ts: only what the calendar reads, so a bundle that
 * computes deadlines does not carry the package's JSON, and the route schemas' ./holidays.ts carries no
 * seed at all). The package stays the source: test/unit/holiday-days.test.ts checks that these years
 * are exactly what ./holidays.ts `yearsFromChineseDays` makes of it.
 */
import {
  type HolidayCalendar,
  type IsoDate,
  makeCalendar,
  shiftDays,
  type YearCalendarData,
} from './calendar.js';
import { SEED_SOURCE, SEED_YEAR_DAYS } from './holiday-days.js';

/** An adjusted working day's name: the festival's, then this (e.g. 国庆节调休上班). */
export const WORKDAY_SUFFIX = '调休上班';

/** `name:MMDD-MMDD,MMDD …` of `year` → each date with its name. */
function days(year: number, text: string, names: Record<IsoDate, string>, suffix: string): IsoDate[] {
  const out: IsoDate[] = [];
  for (const group of text.split(' ').filter(Boolean)) {
    const [name, ranges] = group.split(':') as [string, string];
    for (const range of ranges.split(',')) {
      const [from, to = from] = range.split('-').map((md) => `${year}-${md.slice(0, 2)}-${md.slice(2)}`) as [
        IsoDate,
        IsoDate?,
      ];
      for (let d = from; d <= to; d = shiftDays(d, 1)) {
        out.push(d);
        names[d] = `${name}${suffix}`;
      }
    }
  }
  return out.sort();
}

/** The seed years, rebuilt from their compact form. */
export function seedYearsOf(rows: readonly (readonly [number, string, string])[]): YearCalendarData[] {
  return rows.map(([year, holidays, workdays]) => {
    const names: Record<IsoDate, string> = {};
    return {
      year,
      holidays: days(year, holidays, names, ''),
      workdays: days(year, workdays, names, WORKDAY_SUFFIX),
      names,
      source: SEED_SOURCE,
    };
  });
}

/** The seed calendar's years (2004–2026 with chinese-days 1.5.7). */
export const seedYears: readonly YearCalendarData[] = /* @__PURE__ */ seedYearsOf(SEED_YEAR_DAYS);

export function seedCalendar(): HolidayCalendar {
  return makeCalendar(seedYears);
}
