/**
 * T3: the holiday calendar is data, not code. The seed comes from the `chinese-days` package
 * (./holiday-seed.ts, from the compact copy scripts/holiday-days.ts makes with `yearsFromChineseDays`);
 * `hr` uploads a later year (validated by `yearCalendarSchema`) and `mergeYear` loads it into a calendar.
 */
import {
  type HolidayCalendar,
  type IsoDate,
  isCovered,
  isIsoDate,
  weekday,
  withYear,
  type YearCalendarData,
  yearOf,
} from './calendar.js';
import { DomainError } from './errors.js';
import { SEED_SOURCE } from './holiday-days.js';
import { isoDateSchema } from './iso-date.js';
import * as z from './zod.js';

/** chinese-days' data: date → 'English name,中文名,days' for holidays, adjusted workdays and days in lieu. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export { SEED_SOURCE };

/**
 * T3: builds year data from chinese-days' dictionaries. A year counts as covered only when the data
 * really has that year's annual arrangement (both 春节 and 国庆 holidays present): chinese-days silently
 * answers "weekday" for a year it has no data for (2027 onwards in 1.5.7), so coverage must never be
 * assumed from a range.
 */
export function yearsFromChineseDays(data: ChineseDaysData, source = SEED_SOURCE): YearCalendarData[] {
  const byYear = new Map<
    number,
    { holidays: IsoDate[]; workdays: IsoDate[]; names: Record<IsoDate, string> }
  >();
  const bucket = (date: IsoDate) => {
    const y = yearOf(date);
    let b = byYear.get(y);
    if (!b) {
      b = { holidays: [], workdays: [], names: {} };
      byYear.set(y, b);
    }
    return b;
  };
  const zhName = (v: string) => v.split(',')[1] ?? v;
  for (const [date, v] of Object.entries(data.holidays)) {
    if (!isIsoDate(date)) continue;
    const b = bucket(date);
    b.holidays.push(date);
    b.names[date] = zhName(v);
  }
  for (const [date, v] of Object.entries(data.workdays)) {
    if (!isIsoDate(date)) continue;
    const b = bucket(date);
    b.workdays.push(date);
    b.names[date] = `${zhName(v)}调休上班`;
  }
  const out: YearCalendarData[] = [];
  for (const [year, b] of [...byYear].sort((a, c) => a[0] - c[0])) {
    const names = Object.values(b.names);
    const complete = names.some((n) => n === '春节') && names.some((n) => n.startsWith('国庆'));
    if (!complete) continue; // T3: stray dates of a year are not coverage of it
    out.push({ year, holidays: b.holidays.sort(), workdays: b.workdays.sort(), names: b.names, source });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Upload by `hr` (T3)

export const MAX_HOLIDAYS = 60;
export const MAX_WORKDAYS = 20;

const isoDate = isoDateSchema();

/**
 * T3: one year's arrangement as `hr` uploads it, from the State Council's annual notice.
 * Dates belong to `year`; an arrangement may also reach back into late December of the year before
 * (e.g. 2018-12-29 上班 in the 2019 notice), which is merged into that year.
 */
export const yearCalendarSchema = z
  .object({
    year: z.number().check(z.int(), z.gte(2000), z.lte(2100)),
    // a year has about 30 statutory rest days and fewer than 10 adjusted working days
    holidays: z
      .array(isoDate)
      .check(
        z.minLength(1, '至少应有一个法定节假日'),
        z.maxLength(MAX_HOLIDAYS, `法定节假日不应超过 ${MAX_HOLIDAYS} 天`),
      ),
    workdays: z.array(isoDate).check(z.maxLength(MAX_WORKDAYS, `调休上班日不应超过 ${MAX_WORKDAYS} 天`)),
    names: z.optional(
      z
        .record(isoDate, z.string().check(z.maxLength(40)))
        .check(z.refine((n) => Object.keys(n).length <= MAX_HOLIDAYS + MAX_WORKDAYS, '节日名称条目过多')),
    ),
    source: z.optional(z.string().check(z.maxLength(200))),
    /** hr has seen that 春节 or 国庆节 is missing and confirms the year as it is (T3) */
    confirmIncomplete: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((v, ctx) => {
      for (const key of ['holidays', 'workdays'] as const) {
        const seen = new Set<string>();
        v[key].forEach((d, i) => {
          if (seen.has(d)) ctx.addIssue({ code: 'custom', path: [key, i], message: `${d} 重复出现` });
          seen.add(d);
        });
      }
      const inRange = (d: string) => {
        if (!isIsoDate(d)) return true; // reported by the field schema
        const y = yearOf(d);
        return y === v.year || (y === v.year - 1 && d.slice(5) >= '12-01');
      };
      for (const [key, list] of [
        ['holidays', v.holidays],
        ['workdays', v.workdays],
      ] as const) {
        list.forEach((d, i) => {
          if (!inRange(d))
            ctx.addIssue({ code: 'custom', path: [key, i], message: `${d} 不属于 ${v.year} 年的安排` });
        });
      }
      // 元旦 (1 January) is a statutory holiday every year: its absence means the upload is incomplete.
      if (!v.holidays.includes(`${v.year}-01-01`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays'],
          message: `缺少 ${v.year}-01-01（元旦），数据不完整`,
        });
      }
      const hol = new Set(v.holidays);
      v.workdays.forEach((d, i) => {
        if (hol.has(d))
          ctx.addIssue({
            code: 'custom',
            path: ['workdays', i],
            message: `${d} 不能既是节假日又是调休上班日`,
          });
        // 调休上班 always moves work onto a Saturday or Sunday
        else if (isIsoDate(d) && weekday(d) !== 0 && weekday(d) !== 6)
          ctx.addIssue({
            code: 'custom',
            path: ['workdays', i],
            message: `${d} 不是周六或周日，不是调休上班日`,
          });
      });
    }),
  );
export type YearCalendarUpload = z.infer<typeof yearCalendarSchema>;

/** Validates an upload, turning problems into the one error shape. */
export function parseYearCalendar(raw: unknown): YearCalendarUpload {
  const r = yearCalendarSchema.safeParse(raw);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => ({ field: i.path.join('.') || 'calendar', message: i.message }));
  // Stryker disable next-line OptionalChaining: a failed zod parse always has at least one issue
  throw new DomainError('VALIDATION', `节假日数据有误：${fields[0]?.message ?? ''}`, { fields });
}

/**
 * T3: loads an uploaded year into the calendar (the year is replaced as a whole; deadlines computed as
 * provisional must then be recomputed). Dates reaching into December of the year before are merged into
 * that year, which must already be covered.
 */
export function mergeYear(cal: HolidayCalendar, raw: unknown): HolidayCalendar {
  const up = parseYearCalendar(raw);
  const own = (d: string) => yearOf(d) === up.year;
  const names = up.names ?? {};
  const pick = (dates: string[]) =>
    Object.fromEntries(dates.filter((d) => names[d]).map((d) => [d, names[d] as string]));
  const ownDates = [...up.holidays, ...up.workdays].filter(own);
  let next = withYear(cal, {
    year: up.year,
    holidays: up.holidays.filter(own),
    workdays: up.workdays.filter(own),
    names: pick(ownDates),
    ...(up.source ? { source: up.source } : {}),
  });
  const spillHol = up.holidays.filter((d) => !own(d));
  const spillWork = up.workdays.filter((d) => !own(d));
  if (spillHol.length + spillWork.length > 0) {
    const prev = up.year - 1;
    const entry = cal.years.get(prev);
    // Stryker disable next-line LogicalOperator: entry is undefined exactly when prev is not covered
    if (!entry || !isCovered(cal, prev)) {
      const message = `${up.year} 年安排涉及 ${prev} 年12月的日期，请先上传 ${prev} 年的数据`;
      throw new DomainError('VALIDATION', message, { fields: [{ field: 'holidays', message }] });
    }
    const holidays = new Set([...entry.holidays].filter((d) => !spillWork.includes(d)));
    for (const d of spillHol) holidays.add(d);
    const workdays = new Set([...entry.workdays].filter((d) => !spillHol.includes(d)));
    for (const d of spillWork) workdays.add(d);
    next = withYear(next, {
      year: prev,
      holidays: [...holidays].sort(),
      workdays: [...workdays].sort(),
      names: { ...entry.names, ...pick([...spillHol, ...spillWork]) },
      ...(entry.source ? { source: entry.source } : {}),
    });
  }
  return next;
}

/** The festivals every year's arrangement has: an upload without one is incomplete until hr confirms it. */
export type Festival = 'springFestival' | 'nationalDay';
export const festivalNames: Record<Festival, string> = { springFestival: '春节', nationalDay: '国庆节' };

/**
 * T3: the festivals an uploaded year lacks. 国庆节 is 1–3 October every year; 春节 (the lunar new year)
 * falls between 21 January and 20 February, so a year without a holiday in that span has none.
 */
export function missingFestivals(up: Pick<YearCalendarUpload, 'year' | 'holidays'>): Festival[] {
  const own = up.holidays.filter((d) => yearOf(d) === up.year).map((d) => d.slice(5));
  const missing: Festival[] = [];
  if (!own.some((md) => md >= '01-21' && md <= '02-20')) missing.push('springFestival');
  if (!own.some((md) => md >= '10-01' && md <= '10-03')) missing.push('nationalDay');
  return missing;
}

/**
 * T3: the content of a year's arrangement in one canonical form (dates sorted, names of those dates
 * only), so loading the same year twice is recognised as one change.
 */
export function yearContent(
  y: Pick<YearCalendarData, 'year' | 'holidays' | 'workdays' | 'names' | 'source'>,
): string {
  const holidays = [...new Set(y.holidays)].sort();
  const workdays = [...new Set(y.workdays)].sort();
  const names = Object.fromEntries(
    [...holidays, ...workdays].filter((d) => y.names?.[d]).map((d) => [d, y.names?.[d]]),
  );
  return JSON.stringify({ year: y.year, holidays, workdays, names, source: y.source ?? null });
}
