/**
 * Prints an exam's deadlines as one JSON object, computed on the seed holiday calendar (T3).
 *
 *   npx tsx scripts/schedule.ts --score-release 2024-09-23 --exam-end 2024-09-08 \
 *     [--notice-published YYYY-MM-DD] [--results-announced YYYY-MM-DD] [--notice-working-days]
 *
 * Keys: noticeEnds (R6), verificationDue (R7), supplementaryDue (R11), bookingCloses (R18, null until
 * the results are announced), custodyEnds (R20); each { date, endsAt, rule, provisional } (T4).
 * Bad arguments: one line on stderr, exit code 2.
 */
import { parseArgs } from 'node:util';
import { isIsoDate } from '../functions/domain/calendar.js';
import { DomainError } from '../functions/domain/errors.js';
import { seedCalendar } from '../functions/domain/holiday-seed.js';
import { DEFAULTS, examSchedule, type ScheduleInput } from '../functions/domain/schedule.js';

function usageError(message: string): never {
  process.stderr.write(`schedule: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'score-release': { type: 'string' },
        'exam-end': { type: 'string' },
        'notice-published': { type: 'string' },
        'results-announced': { type: 'string' },
        'notice-working-days': { type: 'boolean' },
      },
    }));
  } catch (e) {
    usageError(e instanceof Error ? e.message : String(e));
  }
  const date = (name: string, required: boolean): string | undefined => {
    const v = values[name];
    if (v === undefined) {
      if (required) usageError(`--${name} YYYY-MM-DD is required`);
      return undefined;
    }
    if (!isIsoDate(v)) usageError(`--${name} must be a real date YYYY-MM-DD, got '${String(v)}'`);
    return v;
  };
  const scoreRelease = date('score-release', true) as string;
  const examEnd = date('exam-end', true) as string;
  const noticePublished = date('notice-published', false);
  const resultsAnnounced = date('results-announced', false);

  const input: ScheduleInput = {
    scoreRelease,
    examEnd,
    ...(noticePublished ? { noticePublished } : {}),
    ...(resultsAnnounced ? { resultsAnnounced } : {}),
    ...(values['notice-working-days']
      ? {
          // T5: 10 working days counting the day of publication
          overrides: {
            noticeWorkingDays: DEFAULTS.noticeDays,
            noticeCountStartDay: true,
            reason: '--notice-working-days: 公示期按工作日计算，含发布当日（T5）',
          },
        }
      : {}),
  };
  try {
    const s = examSchedule(seedCalendar(), input);
    process.stdout.write(`${JSON.stringify(s)}\n`);
  } catch (e) {
    if (e instanceof DomainError) usageError(e.message);
    throw e;
  }
}

main(process.argv.slice(2));
