/**
 * The holiday calendar (T3): what is covered and missing, and hr loading a year's arrangement. Deadlines
 * are computed from the calendar each time, so provisional ones are recomputed at once; waiting
 * lifecycles whose wake-up moved earlier are woken to re-plan.
 */
import { calendarData, coveredYears, isCovered } from '../domain/calendar.js';
import { authorize } from '../domain/departments.js';
import { ConflictError, DomainError } from '../domain/errors.js';
import { seedYears } from '../domain/holiday-seed.js';
import {
  festivalNames,
  mergeYear,
  missingFestivals,
  type YearCalendarUpload,
  yearContent,
} from '../domain/holidays.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import {
  calendarYearPut,
  forgetCalendar,
  loadCalendar,
  loadedContent,
  loadedYears,
} from '../lib/calendar.js';
import { listExams } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { transact } from '../lib/db.js';
import { type Actor, actorLabel } from './actor.js';
import { announce, prepareJob } from './jobs.js';
import { replanJob } from './lifecycle.js';

/** T3: covered years, years some exam's deadlines fall in that are still missing, each year's source. */
export async function calendarOverview() {
  const [cal, exams, loaded] = await Promise.all([loadCalendar(), listExams(), loadedYears()]);
  const missing = new Set<number>();
  for (const e of exams) for (const y of examScheduleOf(cal, e).missingYears) missing.add(y);
  const seeded = new Set(seedYears.map((y) => y.year));
  return {
    covered: coveredYears(cal),
    missing: [...missing].sort((a, b) => a - b),
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
}

/**
 * T3: hr loads a year's holidays and adjusted working days (replacing that year), with the audit
 * record and the job that lets every waiting lifecycle re-plan, in one transaction.
 */
export async function loadCalendarYear(actor: Actor, year: number, upload: YearCalendarUpload) {
  if (actor.kind === 'staff') authorize(actor.dept, 'calendar.load');
  else if (actor.kind !== 'system') throw new DomainError('FORBIDDEN', '只有人社厅可以导入节假日安排（T3）');
  if (upload.year !== year) {
    const message = `地址中的年份 ${year} 与数据中的年份 ${upload.year} 不一致`;
    throw new DomainError('VALIDATION', message, { fields: [{ field: 'year', message }] });
  }
  // T3: a year without 春节 or 国庆节 is incomplete unless hr confirms it is meant so
  const missing = missingFestivals(upload);
  if (missing.length && !upload.confirmIncomplete) {
    const names = missing.map((f) => festivalNames[f]).join('、');
    const message = `${upload.year} 年安排中没有${names}，数据可能不完整；核对无误后请确认再导入`;
    throw new DomainError('CONFLICT', message, {
      needsConfirmation: true,
      missing,
      fields: [{ field: 'holidays', message }],
    });
  }
  const { confirmIncomplete: _confirmed, ...data } = upload;
  const content = yearContent(data);
  const unchanged = () => ({
    year: upload.year,
    holidays: upload.holidays.length,
    workdays: upload.workdays.length,
    unchanged: true,
    replanJobId: null,
  });
  // the same year loaded again is no change: nothing written, nothing re-planned, and the answer says so
  if ((await loadedContent(upload.year)) === content) return unchanged();
  forgetCalendar(); // merge into the calendar as stored now, not this process's cached copy
  const before = await loadCalendar();
  const wasCovered = isCovered(before, upload.year);
  const next = mergeYear(before, data);
  const at = now().toISOString();
  const by = actorLabel(actor);
  const touched = new Set([
    upload.year,
    ...[...upload.holidays, ...upload.workdays].map((d) => Number(d.slice(0, 4))),
  ]);
  const exams = await listExams();
  const cause = wasCovered ? 'calendar.replaced' : 'calendar.loaded';
  const replan = prepareJob(
    replanJob(
      exams.map((e) => e.id),
      by,
      cause,
    ),
  );
  try {
    await transact(
      [
        ...calendarData(next)
          .filter((y) => touched.has(y.year))
          .map((y) => calendarYearPut(y, at, by, y.year === upload.year ? content : undefined)),
        replan.item,
      ],
      {
        audit: {
          subject: 'CALENDAR',
          action: cause,
          actor: by,
          details: {
            year: upload.year,
            jobId: replan.job.jobId,
            ...(missing.length ? { confirmedMissing: missing } : {}),
          },
        },
      },
    );
  } catch (e) {
    // the very same upload landed a moment ago (another request): one change, this one is a no-op
    if (e instanceof ConflictError && (await loadedContent(upload.year)) === content) return unchanged();
    throw e;
  }
  forgetCalendar();
  await announce(replan.job);
  return {
    year: upload.year,
    holidays: upload.holidays.length,
    workdays: upload.workdays.length,
    loadedAt: at,
    unchanged: false,
    replanJobId: replan.job.jobId,
  };
}
