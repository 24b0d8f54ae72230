/**
 * Dates, times and numbers, formatted the same way on every page. Every time is shown in Beijing time
 * and says so; a calendar date ("2024-10-08") is shown as a date only, never shifted by time zone.
 */
import { daysLeft as daysRemaining, formatDeadline as t4 } from '../functions/domain/calendar.js';
import { getLang, t } from './i18n.js';

const TZ = 'Asia/Shanghai';

/** "2024-10-08" → "2024年10月8日" / "8 October 2024". */
export function formatDate(isoDay: string | null | undefined): string {
  if (!isoDay) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  if (!m) return isoDay;
  const [, y, mo, d] = m;
  if (getLang() === 'zh-CN') return `${y}年${Number(mo)}月${Number(d)}日`;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

/** An instant → "2024年10月8日 14:03（北京时间）" / "8 October 2024 14:03 (Beijing time)". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${formatDate(`${p('year')}-${p('month')}-${p('day')}`)} ${p('hour')}:${p('minute')}${t('date.beijing')}`;
}

/**
 * T4: a deadline is shown as its last day and "24:00 China Standard Time" — "2024年10月8日 24:00（北京时间）"
 * / "24:00 China Standard Time, 8 October 2024" — never a bare date. The wording is the domain's own
 * (functions/domain/calendar.ts), so the page, the SMS and the letters say the same thing.
 */
export function formatDeadline(isoDay: string): string {
  try {
    return t4(isoDay, getLang() === 'en' ? 'en' : 'zh');
  } catch {
    return isoDay;
  }
}

/** A deadline as the API sends it: the last day and the instant the period ends (T4). */
export interface DeadlineLike {
  date: string;
  endsAt?: string;
}

/**
 * Whole days left, counted in Beijing and including today: 1 on the last day, 0 once it has ended.
 * Uses the stored instant when there is one, else the end of the last day.
 */
export function daysLeftCount(d: DeadlineLike, now = new Date()): number {
  const endsAt = d.endsAt && !Number.isNaN(Date.parse(d.endsAt)) ? d.endsAt : null;
  if (endsAt) return daysRemaining(now, endsAt);
  const ms = Date.parse(`${d.date}T00:00:00Z`) - Date.parse(`${beijingToday(now)}T00:00:00Z`);
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.round(ms / 86_400_000) + 1);
}

/** "还剩 5 天" / "已截止". */
export function daysLeft(d: DeadlineLike, now = new Date()): string {
  const n = daysLeftCount(d, now);
  return n > 0 ? t('deadline.left', { n: formatNumber(n) }) : t('deadline.passed');
}

/** Days left shown only where it helps: a deadline near enough to act on (≤ 90 days), or one that has passed. */
export function daysLeftIfNear(d: DeadlineLike, now = new Date()): string | null {
  const n = daysLeftCount(d, now);
  return n <= 90 ? daysLeft(d, now) : null;
}

/** Today's calendar day in Beijing, "YYYY-MM-DD". */
export function beijingToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export const formatNumber = (n: number): string => n.toLocaleString(getLang());

/** Calendar years as a list: "2027、2031" / "2027 and 2031". */
export function formatYears(years: readonly number[]): string {
  const list = years.map(String);
  if (getLang() === 'zh-CN') return list.join('、');
  if (list.length < 2) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/**
 * T3: whether a candidate's current deadline is provisional. The server's flag on the deadline itself
 * decides when it is there. The record-level `provisional` covers all of the candidate's deadlines (the
 * R20 custody end, five years out, nearly always lacks its calendar year), so on its own it is narrowed
 * to this deadline: by the exam's missing years when the page has them, else by the deadline falling in
 * a year after the current one (the State Council publishes a year's arrangement late in the year before).
 */
export function deadlineProvisional(
  c: { deadline?: { date: string; provisional?: boolean } | null; provisional?: boolean },
  missingYears?: readonly number[],
  now = new Date(),
): boolean {
  const d = c.deadline;
  if (!d) return false;
  if (typeof d.provisional === 'boolean') return d.provisional;
  if (!c.provisional) return false;
  const year = Number(d.date.slice(0, 4));
  if (missingYears) return missingYears.includes(year);
  return year > Number(beijingToday(now).slice(0, 4));
}
