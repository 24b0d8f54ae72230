/** The legal calendar as the acts see it: the seed plus every year hr has loaded (T3). */

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import { type HolidayCalendar, makeCalendar, type YearCalendarData } from '../domain/calendar.js';
import { seedYears } from '../domain/holiday-seed.js';
import { catalogPartition } from './catalog.js';
import { ddb, type TxItem, tableName } from './db.js';

type StoredYear = YearCalendarData & { loadedAt?: string; loadedBy?: string; content?: string };

let calendarCache: { at: number; cal: HolidayCalendar; loadedAt: Map<number, string> } | null = null;

/** T3: the seed calendar with every year hr has loaded since (catalog `CAL` items), cached 5 minutes. */
export async function loadCalendar(): Promise<HolidayCalendar> {
  if (calendarCache && Date.now() - calendarCache.at < 300_000) return calendarCache.cal;
  const loaded = await catalogPartition<StoredYear>(keys.calendarYear(0).pk);
  const byYear = new Map<number, YearCalendarData>(seedYears.map((y) => [y.year, y]));
  const loadedAt = new Map<number, string>();
  for (const { loadedAt: at, loadedBy: _by, content: _c, ...y } of loaded) {
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

/** The content (functions/domain/holidays.ts yearContent) of the upload a year was last loaded from. */
export async function loadedContent(year: number): Promise<string | undefined> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('catalog'), Key: keys.calendarYear(year), ConsistentRead: true }),
  );
  return r.Item?.content as string | undefined;
}

/**
 * A year's arrangement as stored, for `transact`. With `content` (the upload it came from), the write
 * holds only if the year does not already hold that very upload: the same year loaded twice, even at
 * the same moment, is one change.
 */
export function calendarYearPut(
  y: YearCalendarData,
  loadedAt: string,
  loadedBy: string,
  content?: string,
): TxItem {
  return {
    Put: {
      TableName: tableName('catalog'),
      Item: { ...keys.calendarYear(y.year), ...y, loadedAt, loadedBy, ...(content ? { content } : {}) },
      ...(content
        ? {
            ConditionExpression: 'attribute_not_exists(content) OR content <> :c',
            ExpressionAttributeValues: { ':c': content },
          }
        : {}),
    },
  };
}
