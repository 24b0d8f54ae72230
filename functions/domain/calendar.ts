/**
 * The legal calendar: rest days, Civil Code periods and how a deadline is shown and stored.
 *
 * T1: every date is a calendar date in China Standard Time written 'YYYY-MM-DD'. Arithmetic goes through
 * Date.UTC and the UTC getters only, so the machine's time zone never changes a result.
 * Pure: no I/O, no clock (callers pass `now`), no AWS.
 */
import { DomainError } from './errors.js';

/** A calendar date in China Standard Time, 'YYYY-MM-DD' (T1). */
export type IsoDate = string;

/** One year of holiday data as published by the State Council and loaded by `hr` (T3). */
export interface YearCalendarData {
  year: number;
  /** statutory holidays (法定节假日, including the weekend days inside a holiday block) */
  holidays: readonly IsoDate[];
  /** adjusted working days (调休上班): weekend days that are working days */
  workdays: readonly IsoDate[];
  /** optional display names, e.g. { '2024-10-01': '国庆节' } */
  names?: Readonly<Record<IsoDate, string>>;
  /** where the data comes from, e.g. '国办发明电〔2024〕12号' or 'chinese-days 1.5.7' */
  source?: string;
}

interface YearEntry {
  readonly holidays: ReadonlySet<IsoDate>;
  readonly workdays: ReadonlySet<IsoDate>;
  readonly names: Readonly<Record<IsoDate, string>>;
  readonly source: string | undefined;
}

/**
 * T3: the holiday calendar is data. A year is covered only if its data was loaded; a date in any other
 * year is computed as if that year had no statutory holidays or adjusted working days.
 */
export interface HolidayCalendar {
  readonly years: ReadonlyMap<number, YearEntry>;
}

export interface RestDayOptions {
  /** T2: whether Saturdays and Sundays (other than adjusted working days) are rest days; default true */
  weekendsAreRest?: boolean;
}

/** A computed deadline. */
export interface Deadline {
  /** the last day of the period (T2) */
  date: IsoDate;
  /** T4: the stored instant the period ends, the next day 00:00 +08:00 */
  endsAt: string;
  /** T3: the last day, or a day looked at to reach it, is in a year the calendar does not cover */
  provisional: boolean;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000; // T1: UTC+8, no daylight saving
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const invalid = (message: string, field = 'date') =>
  new DomainError('VALIDATION', message, { fields: [{ field, message }] });

// ---------------------------------------------------------------------------------------------------
// Plain date arithmetic (T1)

function parts(date: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw invalid(`日期格式应为 YYYY-MM-DD：${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw invalid(`日期不存在：${date}`);
  return [y, mo, d];
}

/** True when `s` is a real calendar date written 'YYYY-MM-DD' (year 1900 or later). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  try {
    parts(s);
    return true;
  } catch {
    return false;
  }
}

function daysInMonth(y: number, m: number): number {
  // T1: Date.UTC, day 0 of the next month = the last day of month m
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const dayNumber = (date: IsoDate): number => {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
};
const fromDayNumber = (n: number): IsoDate => new Date(n * DAY_MS).toISOString().slice(0, 10);
const fromParts = (y: number, m: number, d: number): IsoDate => fromDayNumber(Date.UTC(y, m - 1, d) / DAY_MS);

/** `date` moved by `n` calendar days (no Civil Code rule applied). */
export function shiftDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** Whole calendar days from `a` to `b` (positive when b is later). */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export const yearOf = (date: IsoDate): number => parts(date)[0];

// ---------------------------------------------------------------------------------------------------
// The calendar value (T3)

/** Builds a calendar from years of data; later entries for the same year replace earlier ones. */
export function makeCalendar(data: Iterable<YearCalendarData>): HolidayCalendar {
  const years = new Map<number, YearEntry>();
  for (const y of data) years.set(y.year, entryOf(y));
  return { years };
}

function entryOf(y: YearCalendarData): YearEntry {
  for (const d of [...y.holidays, ...y.workdays]) {
    if (yearOf(d) !== y.year) throw invalid(`${d} 不属于 ${y.year} 年`, 'holidays');
  }
  return {
    holidays: new Set(y.holidays),
    workdays: new Set(y.workdays),
    names: { ...(y.names ?? {}) },
    source: y.source,
  };
}

/** T3: a new calendar with one year's data loaded (replacing that year if it was there). */
export function withYear(cal: HolidayCalendar, data: YearCalendarData): HolidayCalendar {
  const years = new Map(cal.years);
  years.set(data.year, entryOf(data));
  return { years };
}

/** The calendar as plain data (for storage), one entry per covered year, sorted. */
export function calendarData(cal: HolidayCalendar): YearCalendarData[] {
  return coveredYears(cal).map((year) => {
    const e = cal.years.get(year) as YearEntry;
    return {
      year,
      holidays: [...e.holidays].sort(),
      workdays: [...e.workdays].sort(),
      names: { ...e.names },
      ...(e.source ? { source: e.source } : {}),
    };
  });
}

/** T3: the years the calendar covers, ascending. */
export function coveredYears(cal: HolidayCalendar): number[] {
  return [...cal.years.keys()].sort((a, b) => a - b);
}

export function isCovered(cal: HolidayCalendar, year: number): boolean {
  return cal.years.has(year);
}

/** T3: the years of `dates` the calendar does not cover, ascending and distinct (so `hr` can be told). */
export function missingYears(cal: HolidayCalendar, dates: Iterable<IsoDate>): number[] {
  const out = new Set<number>();
  for (const d of dates) {
    const y = yearOf(d);
    if (!cal.years.has(y)) out.add(y);
  }
  return [...out].sort((a, b) => a - b);
}

/** The holiday's name on `date`, if the calendar has one. */
export function holidayName(cal: HolidayCalendar, date: IsoDate): string | undefined {
  return cal.years.get(yearOf(date))?.names[date];
}

/**
 * T2: a rest day is a statutory holiday, or (when weekends are rest days, the default) a Saturday or
 * Sunday that is not an adjusted working day (调休上班).
 * T3: in a year the calendar does not cover there are no holidays and no adjusted working days.
 */
export function isRestDay(cal: HolidayCalendar, date: IsoDate, opts: RestDayOptions = {}): boolean {
  const { weekendsAreRest = true } = opts;
  const entry = cal.years.get(yearOf(date));
  if (entry?.holidays.has(date)) return true;
  if (entry?.workdays.has(date)) return false;
  if (!weekendsAreRest) return false;
  const wd = weekday(date);
  return wd === 0 || wd === 6;
}

export function isWorkingDay(cal: HolidayCalendar, date: IsoDate, opts: RestDayOptions = {}): boolean {
  return !isRestDay(cal, date, opts);
}

// ---------------------------------------------------------------------------------------------------
// Civil Code periods (T2, 民法典 art. 200–204)

/** T4: the instant a period whose last day is `date` ends: the next day 00:00 +08:00. */
export function endsAtOf(date: IsoDate): string {
  return `${shiftDays(date, 1)}T00:00:00+08:00`;
}

function positiveInt(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw invalid(`${what}应为正整数：${n}`, 'n');
}

/**
 * T2 (art. 203): if the last day is a rest day the period ends on the first working day after it.
 * T3: provisional when the last day or any day looked at while extending is in an uncovered year.
 */
function settle(cal: HolidayCalendar, last: IsoDate, opts: RestDayOptions): Deadline {
  let date = last;
  let provisional = !isCovered(cal, yearOf(date));
  while (isRestDay(cal, date, opts)) {
    date = shiftDays(date, 1);
    if (!isCovered(cal, yearOf(date))) provisional = true;
  }
  return { date, endsAt: endsAtOf(date), provisional };
}

/**
 * T2 (art. 201): the day the period starts on is not counted, so a period of n days from `start` has
 * `start + n` as its last day, ending at 24:00 of that day; extended past rest days (art. 203).
 */
export function addDays(
  cal: HolidayCalendar,
  start: IsoDate,
  n: number,
  opts: RestDayOptions = {},
): Deadline {
  positiveInt(n, '天数');
  return settle(cal, shiftDays(start, n), opts);
}

/**
 * T2 (art. 202): a period of months ends on the corresponding date of the last month, or that month's
 * last day where there is none (Jan 31 + 1 month = Feb 28/29); extended past rest days (art. 203).
 */
export function addMonths(
  cal: HolidayCalendar,
  start: IsoDate,
  n: number,
  opts: RestDayOptions = {},
): Deadline {
  positiveInt(n, '月数');
  return settle(cal, plusMonths(start, n), opts);
}

/** T2 (art. 202): years as 12-month periods (2024-02-29 + 1 year = 2025-02-28); art. 203 extension. */
export function addYears(
  cal: HolidayCalendar,
  start: IsoDate,
  n: number,
  opts: RestDayOptions = {},
): Deadline {
  positiveInt(n, '年数');
  return settle(cal, plusMonths(start, 12 * n), opts);
}

/** The corresponding date n months later, clamped to the month's last day (art. 202), unextended. */
export function plusMonths(start: IsoDate, n: number): IsoDate {
  const [y, m, d] = parts(start);
  const total = m - 1 + n;
  const ny = y + Math.floor(total / 12);
  const nm = (((total % 12) + 12) % 12) + 1;
  return fromParts(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export interface WorkingDayOptions extends RestDayOptions {
  /** T5: whether `start` itself counts as the first working day (if it is one) */
  countStartDay: boolean;
}

/**
 * T5: working-day mode. Counts n working days (rest days skipped, adjusted working days counted) and
 * returns the n-th one. With `countStartDay`, `start` is day 1 when it is a working day.
 * T3: provisional when any day counted or skipped is in a year the calendar does not cover.
 */
export function addWorkingDays(
  cal: HolidayCalendar,
  start: IsoDate,
  n: number,
  opts: WorkingDayOptions,
): Deadline {
  positiveInt(n, '工作日数');
  let date = opts.countStartDay ? start : shiftDays(start, 1);
  let provisional = false;
  let counted = 0;
  for (;;) {
    if (!isCovered(cal, yearOf(date))) provisional = true;
    if (!isRestDay(cal, date, opts)) {
      counted += 1;
      if (counted === n) return { date, endsAt: endsAtOf(date), provisional };
    }
    date = shiftDays(date, 1);
  }
}

// ---------------------------------------------------------------------------------------------------
// Showing a deadline (T4) and China's "today" (T1)

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * T4: a deadline shown to a person is its last day and "24:00 China Standard Time":
 * zh '2024年10月8日 24:00（北京时间）', en '24:00 China Standard Time, 8 October 2024'.
 */
export function formatDeadline(date: IsoDate, lang: 'zh' | 'en'): string {
  const [y, m, d] = parts(date);
  if (lang === 'zh') return `${y}年${m}月${d}日 24:00（北京时间）`;
  return `24:00 China Standard Time, ${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** T1: today's date in China Standard Time (Asia/Shanghai, UTC+8, no daylight saving). */
export function todayInChina(now: Date): IsoDate {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Calendar days left before `endsAt`, counted in China time and including today: 1 on the last day,
 * 2 the day before, 0 once the period has ended (never negative).
 */
export function daysLeft(now: Date, endsAt: string): number {
  const end = Date.parse(endsAt);
  if (Number.isNaN(end)) throw invalid(`无效的截止时刻：${endsAt}`, 'endsAt');
  if (now.getTime() >= end) return 0;
  const lastDay = todayInChina(new Date(end - 1));
  return Math.max(0, diffDays(todayInChina(now), lastDay) + 1);
}
