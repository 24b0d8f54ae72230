/**
 * An exam's deadlines under the Henan notice, computed on the legal calendar (T2–T5).
 *
 * noticeEnds R6 · verificationDue R7/R8 · supplementaryDue R11 (also the appeal deadline) ·
 * bookingCloses R18 · custodyEnds R20. Pure: the caller passes the calendar.
 */
import {
  addDays,
  addMonths,
  addWorkingDays,
  addYears,
  type Deadline,
  endsAtOf,
  type HolidayCalendar,
  type IsoDate,
  isIsoDate,
  type RestDayOptions,
} from './calendar.js';
import { DomainError, type FieldIssue } from './errors.js';
import type { Organizer } from './exams.js';
import { isoDateSchema } from './iso-date.js';
import * as z from './zod.js';

export type ScheduleRule = 'R6' | 'R7' | 'R8' | 'R11' | 'R18' | 'R20';

export interface ScheduledDeadline extends Deadline {
  /** the rule the deadline comes from */
  rule: ScheduleRule;
}

export interface ExamSchedule {
  noticeEnds: ScheduledDeadline;
  verificationDue: ScheduledDeadline;
  /** R11: also the deadline for appeals by `unqualified` candidates */
  supplementaryDue: ScheduledDeadline;
  /** R18: null until the verification result announcement is published */
  bookingCloses: ScheduledDeadline | null;
  custodyEnds: ScheduledDeadline;
}

/** The defaults the notice sets. */
export const DEFAULTS = {
  /** R6: 公示时间一般不少于10天 — the default and the minimum */
  noticeDays: 10,
  /** R7: 成绩发布后15日内 (not a 一般 value: only R8 changes it) */
  verificationDays: 15,
  /** R11: 一般安排在考试成绩发布后两个月内 */
  supplementaryMonths: 2,
  /** R18: 一般为考后核查结果发布后30天内 */
  bookingDays: 30,
  /** R20: 自考试结束日起5年 */
  custodyYears: 5,
} as const;

/** R6: the message when a configuration tries to lower the notice period below 10 days. */
export const R6_MESSAGE = '公示期不得少于10天（R6：公示时间一般不少于10天，最低值不可调低）';

const isoDate = isoDateSchema();
const count = (max: number) => z.number().check(z.int(), z.positive(), z.lte(max));

/**
 * Per-exam changes to the defaults, always with the recorded reason (where the notice says 一般).
 * R6: the notice period can be lengthened, never shortened below 10 days.
 * R8: `verificationDays` / `verificationDate` is the report deadline set in the verification
 * announcement of a provincial exam co-organized by `hr` (provincialJoint); R7 is fixed for other exams.
 * T5: `noticeWorkingDays` counts the notice in working days; `noticeCountStartDay` (default true in that
 * mode) counts the day of publication, as real Henan notices did.
 */
export const scheduleOverridesSchema = z
  .strictObject(
    {
      // R6: below 10 (including 0 or negative) is reported with R6_MESSAGE below
      noticeDays: z.optional(z.number().check(z.int(), z.lte(365))),
      noticeWorkingDays: z.optional(z.number().check(z.int(), z.lte(250))),
      noticeCountStartDay: z.optional(z.boolean()),
      verificationDays: z.optional(count(365)),
      verificationDate: z.optional(isoDate),
      supplementaryMonths: z.optional(count(24)),
      bookingDays: z.optional(count(365)),
      reason: z
        .string()
        .check(z.trim(), z.minLength(2, '请填写调整原因'), z.maxLength(200, '调整原因不超过200字')),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys' ? `不支持的调整项：${iss.keys.join('、')}` : undefined,
    },
  )
  .check(
    z.superRefine((v, ctx) => {
      // R6: 公示时间不少于10天 — the minimum can never be configured lower
      if (v.noticeDays !== undefined && v.noticeDays < DEFAULTS.noticeDays)
        ctx.addIssue({ code: 'custom', path: ['noticeDays'], message: R6_MESSAGE });
      if (v.noticeWorkingDays !== undefined && v.noticeWorkingDays < DEFAULTS.noticeDays)
        ctx.addIssue({ code: 'custom', path: ['noticeWorkingDays'], message: R6_MESSAGE });
      if (v.noticeDays !== undefined && v.noticeWorkingDays !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['noticeWorkingDays'],
          message: '公示期只能按自然日或工作日之一计算',
        });
      if (v.noticeCountStartDay && v.noticeWorkingDays === undefined)
        // T2: in calendar days the day of publication is never counted
        ctx.addIssue({
          code: 'custom',
          path: ['noticeCountStartDay'],
          message: '按自然日计算时发布当日不计入（民法典第201条），仅工作日模式可计入发布当日',
        });
      if (v.verificationDays !== undefined && v.verificationDate !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['verificationDate'],
          message: '核查结果报送时限只能设日期或天数之一',
        });
    }),
  );
export type ScheduleOverrides = z.infer<typeof scheduleOverridesSchema>;

export interface ScheduleInput {
  /** R5: the day scores were released */
  scoreRelease: IsoDate;
  /** the last day of the exam (R20) */
  examEnd: IsoDate;
  /** R6: the day the passing-score notice was published; defaults to `scoreRelease` */
  noticePublished?: IsoDate;
  /** R9/R18: the day the verification result announcement was published */
  resultsAnnounced?: IsoDate;
  /** R8 applies only to provincialJoint exams */
  organizer?: Organizer;
  overrides?: ScheduleOverrides;
  /** T2: whether weekends are rest days (default true) */
  weekendsAreRest?: boolean;
}

function fail(fields: FieldIssue[]): never {
  throw new DomainError('VALIDATION', fields[0]?.message ?? '输入有误', { fields });
}

/** Validates overrides, turning problems into the one error shape (R6's minimum named in the message). */
export function parseScheduleOverrides(raw: unknown): ScheduleOverrides {
  const r = scheduleOverridesSchema.safeParse(raw);
  if (r.success) return r.data;
  fail(r.error.issues.map((i) => ({ field: `overrides.${i.path.join('.')}`, message: i.message })));
}

const tag = (d: Deadline, rule: ScheduleRule): ScheduledDeadline => ({
  date: d.date,
  endsAt: d.endsAt,
  rule,
  provisional: d.provisional,
});

/** Computes an exam's deadlines. Throws DomainError 'VALIDATION' for bad input or overrides. */
export function examSchedule(cal: HolidayCalendar, input: ScheduleInput): ExamSchedule {
  const issues: FieldIssue[] = [];
  const dateField = (field: keyof ScheduleInput, v: unknown, required: boolean) => {
    if (v === undefined && !required) return;
    if (!isIsoDate(v)) issues.push({ field, message: `${field} 应为 YYYY-MM-DD 格式的真实日期` });
  };
  dateField('scoreRelease', input.scoreRelease, true);
  dateField('examEnd', input.examEnd, true);
  dateField('noticePublished', input.noticePublished, false);
  dateField('resultsAnnounced', input.resultsAnnounced, false);
  if (issues.length) fail(issues);

  const { scoreRelease, examEnd, resultsAnnounced } = input;
  const noticePublished = input.noticePublished ?? scoreRelease;
  if (examEnd > scoreRelease)
    issues.push({ field: 'scoreRelease', message: '成绩发布日期不能早于考试结束日期' });
  // R6: the notice is published after scores are released
  if (noticePublished < scoreRelease)
    issues.push({ field: 'noticePublished', message: '公示发布日期不能早于成绩发布日期（R6）' });
  if (resultsAnnounced !== undefined && resultsAnnounced < scoreRelease)
    issues.push({ field: 'resultsAnnounced', message: '核查结果公告日期不能早于成绩发布日期（R9）' });
  if (issues.length) fail(issues);

  const o = input.overrides === undefined ? undefined : parseScheduleOverrides(input.overrides);
  const r8 = o?.verificationDays !== undefined || o?.verificationDate !== undefined;
  if (r8 && input.organizer !== 'provincialJoint') {
    // R7 is not a 一般 value: only R8 (provincialJoint exams) sets another report deadline
    fail([
      {
        // the field the caller set, so a form shows the message next to it
        field:
          o?.verificationDays !== undefined ? 'overrides.verificationDays' : 'overrides.verificationDate',
        message:
          '核查结果报送时限为成绩发布后15日内（R7），仅人社厅与行业部门共同组织的省级考试可按公告另定（R8）',
      },
    ]);
  }
  if (o?.verificationDate !== undefined && o.verificationDate <= scoreRelease)
    fail([{ field: 'overrides.verificationDate', message: '核查结果报送日期应晚于成绩发布日期（R8）' }]);

  const rest: RestDayOptions = { weekendsAreRest: input.weekendsAreRest ?? true };

  // R6 (+T5): notice period ≥ 10 days from publication; optionally working days counting publication day
  const noticeEnds =
    o?.noticeWorkingDays !== undefined
      ? addWorkingDays(cal, noticePublished, o.noticeWorkingDays, {
          ...rest,
          countStartDay: o.noticeCountStartDay ?? true,
        })
      : addDays(cal, noticePublished, o?.noticeDays ?? DEFAULTS.noticeDays, rest);

  // R7: results to hr within 15 days after score release; R8: as the exam's announcement sets
  let verificationDue: ScheduledDeadline;
  if (o?.verificationDate !== undefined) {
    // R8: a date fixed in the announcement is a date (期日), not a period: taken as published
    const date = o.verificationDate;
    verificationDue = { date, endsAt: endsAtOf(date), rule: 'R8', provisional: false };
  } else if (o?.verificationDays !== undefined) {
    verificationDue = tag(addDays(cal, scoreRelease, o.verificationDays, rest), 'R8');
  } else {
    verificationDue = tag(addDays(cal, scoreRelease, DEFAULTS.verificationDays, rest), 'R7');
  }

  // R11: supplementary verification and appeals within two months after score release
  const supplementaryDue = tag(
    addMonths(cal, scoreRelease, o?.supplementaryMonths ?? DEFAULTS.supplementaryMonths, rest),
    'R11',
  );
  // R10/R12: the supplementary round comes after round 1
  if (supplementaryDue.date <= verificationDue.date)
    fail([
      {
        field: 'overrides.supplementaryMonths',
        message: '补充资格核查截止日应晚于核查结果报送截止日（R11）',
      },
    ]);

  // R18: booking window 30 days after the verification result announcement; none before it
  const bookingCloses =
    resultsAnnounced === undefined
      ? null
      : tag(addDays(cal, resultsAnnounced, o?.bookingDays ?? DEFAULTS.bookingDays, rest), 'R18');

  // R20: custody for 5 years from the exam's end date
  const custodyEnds = tag(addYears(cal, examEnd, DEFAULTS.custodyYears, rest), 'R20');

  return { noticeEnds: tag(noticeEnds, 'R6'), verificationDue, supplementaryDue, bookingCloses, custodyEnds };
}
