/** The legal calendar as the handlers see it: the seed plus every year hr has loaded (T3). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import { type HolidayCalendar, makeCalendar, type YearCalendarData } from '../domain/calendar.js';
import { seedYears } from '../domain/holidays.js';
import { ddb, tableName } from './db.js';

let calendarCache: { at: number; cal: HolidayCalendar } | null = null;

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
  const loaded = (r.Items ?? []) as (YearCalendarData & { pk: string; sk: string })[];
  const byYear = new Map<number, YearCalendarData>(seedYears.map((y) => [y.year, y]));
  for (const { pk: _pk, sk: _sk, ...y } of loaded) byYear.set(y.year, y);
  const cal = makeCalendar(byYear.values());
  calendarCache = { at: Date.now(), cal };
  return cal;
}

export function forgetCalendar(): void {
  calendarCache = null;
}
