/**
 * Dates, times and numbers, formatted the same way on every page. Every time is shown in Beijing time
 * and says so; a calendar date ("2024-10-08") is shown as a date only, never shifted by time zone.
 */
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
 * A deadline that ends with a calendar day (the rules count whole days): "2024年10月8日 24:00（北京时间）前"
 * / "by 24:00 on 8 October 2024 (Beijing time)", never a bare date.
 */
export function formatDeadline(isoDay: string): string {
  return t('deadline.by', { date: formatDate(isoDay) });
}

/** Whole days from today (Beijing) to the deadline day, counting the deadline day itself: "还剩 5 天". */
export function daysLeft(isoDay: string, now = new Date()): string {
  const ms = Date.parse(`${isoDay}T00:00:00Z`) - Date.parse(`${beijingToday(now)}T00:00:00Z`);
  const n = Math.round(ms / 86_400_000) + 1;
  return n > 0 ? t('deadline.left', { n }) : t('deadline.passed');
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
