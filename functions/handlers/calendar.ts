import * as z from 'zod';
import { calendarData, coveredYears } from '../domain/calendar.js';
import { mayLoadCalendar } from '../domain/departments.js';
import { DomainError, forbidden } from '../domain/errors.js';
import { parseYearCalendar, seedYears } from '../domain/holidays.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import { loadCalendar, loadedYears } from '../lib/calendar.js';
import { departmentOf, listExams } from '../lib/catalog.js';
import { loadCalendarYear } from '../lib/fanout.js';
import { httpHandler } from '../lib/http.js';

/** T3: the years an exam's deadlines fall in that the calendar does not cover yet, over every exam. */
async function missingForExams() {
  const [cal, exams] = await Promise.all([loadCalendar(), listExams()]);
  const missing = new Set<number>();
  for (const e of exams) for (const y of examScheduleOf(cal, e).missingYears) missing.add(y);
  return { cal, exams, missing: [...missing].sort((a, b) => a - b) };
}

/** GET /api/calendar — covered years, years still missing (T3), and where each year's data came from. */
export const getCalendar = httpHandler({ access: 'staff' }, async () => {
  const { cal, missing } = await missingForExams();
  const loaded = await loadedYears();
  const seeded = new Set(seedYears.map((y) => y.year));
  return {
    covered: coveredYears(cal),
    missing,
    years: calendarData(cal)
      .map((y) => ({
        year: y.year,
        source: y.source ?? null,
        holidays: y.holidays.length,
        workdays: y.workdays.length,
        seeded: seeded.has(y.year),
        ...(loaded.has(y.year) ? { loadedAt: loaded.get(y.year) } : {}),
      }))
      .sort((a, b) => b.year - a.year),
  };
});

const yearPath = z.object({ year: z.coerce.number().int().min(2000, '年份应在2000–2100之间').max(2100) });

/**
 * PUT /api/calendar/{year} — hr loads a year's holidays and adjusted working days (T3: data, not a
 * release). Deadlines are computed from the calendar each time, so provisional ones are recomputed at
 * once; waiting lifecycles whose wake-up moved earlier are woken to re-plan.
 */
export const putCalendarYear = httpHandler(
  { access: 'staff', path: yearPath, body: z.unknown() },
  async ({ who, path, body }) => {
    const dept = await departmentOf(who);
    if (!mayLoadCalendar(dept)) throw forbidden('只有人社厅可以导入节假日安排（T3）');
    const upload = parseYearCalendar(body);
    if (upload.year !== path.year) {
      const message = `地址中的年份 ${path.year} 与数据中的年份 ${upload.year} 不一致`;
      throw new DomainError('VALIDATION', message, { fields: [{ field: 'year', message }] });
    }
    const { loadedAt, replanned } = await loadCalendarYear(upload, `staff:${who.username}`);
    return {
      year: upload.year,
      holidays: upload.holidays.length,
      workdays: upload.workdays.length,
      loadedAt,
      replanned,
    };
  },
);
