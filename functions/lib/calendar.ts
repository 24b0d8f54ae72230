/** The legal calendar as the handlers see it: the seed plus every year hr has loaded (T3). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import { type HolidayCalendar, makeCalendar, type YearCalendarData } from '../domain/calendar.js';
import { seedYears } from '../domain/holidays.js';
import { ddb, tableName } from './db.js';

let calendarCache: { at: number; cal: HolidayCalendar; loadedAt: Map<number, string> } | null = null;

/** T3: the seed calendar with every year hr has loaded since (catalog `CAL` items), cached 5 minutes. */
export async function loadCalendar(): Promise<HolidayCalendar> {
  if (calendarCache && Date.now() - calendarCache.at < 300_000) return calendarCache.cal;
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('catalog'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.calendarYear(0).pk },
    }),
  );
  const loaded = (r.Items ?? []) as (YearCalendarData & { pk: string; sk: string; loadedAt?: string })[];
  const byYear = new Map<number, YearCalendarData>(seedYears.map((y) => [y.year, y]));
  const loadedAt = new Map<number, string>();
  for (const { pk: _pk, sk: _sk, loadedAt: at, ...y } of loaded) {
    byYear.set(y.year, y);
    if (at) loadedAt.set(y.year, at);
  }
  const cal = makeCalendar(byYear.values());
  calendarCache = { at: Date.now(), cal, loadedAt };
  return cal;
}

/** When hr loaded each year that did not come with the seed. */
export async function loadedYears(): Promise<Map<number, string>> {
  await loadCalendar();
  return calendarCache?.loadedAt ?? new Map();
}

export function forgetCalendar(): void {
  calendarCache = null;
}
