/**
 * The boundaries of every schedule rule (R6, R7/R8, R11, R18, R20, T2/T5 settings) and the exact error
 * each bad input gets, so that a changed comparison or a dropped check fails a test.
 * Worked dates: 2024-09-23 is a Monday; 国庆 2024 is 10-01..07 (09-29 and 10-12 working);
 * 2024-11-23 and 2029-09-08 are Saturdays.
 */
import { describe, expect, it } from 'vitest';
import { DomainError, type FieldIssue } from '../../functions/domain/errors.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import {
  DEFAULTS,
  examSchedule,
  parseScheduleOverrides,
  R6_MESSAGE,
  type ScheduleInput,
  type ScheduleOverrides,
  scheduleOverridesSchema,
} from '../../functions/domain/schedule.js';

const cal = seedCalendar();
const reason = '考后资格核查公告另有规定';
const base: ScheduleInput = { scoreRelease: '2024-09-23', examEnd: '2024-09-08' };
const joint = (overrides: ScheduleOverrides): ScheduleInput => ({
  ...base,
  organizer: 'provincialJoint',
  overrides,
});

/** The VALIDATION error's field issues (fails the test when no such error is thrown). */
const issuesOf = (f: () => unknown): FieldIssue[] => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const e = caught as DomainError;
  expect(e.code).toBe('VALIDATION');
  expect(e.status).toBe(400);
  const fields = e.details?.fields ?? [];
  expect(fields.length).toBeGreaterThan(0);
  // the error's message is the first field's message, so a form can show it as is
  expect(e.message).toBe(fields[0]?.message);
  return fields;
};
const fieldsOf = (f: () => unknown) => issuesOf(f).map((i) => i.field);
/** The schema's own issues for raw overrides (the shape the web form reads). */
const schemaIssues = (raw: unknown) => {
  const r = scheduleOverridesSchema.safeParse(raw);
  expect(r.success).toBe(false);
  return r.error?.issues.map((i) => ({ code: i.code, path: i.path, message: i.message }));
};

describe('R6: the notice period minimum of 10 days', () => {
  it('R6: the defaults are the notice values (10 days, 15 days, 2 months, 30 days, 5 years)', () => {
    expect(DEFAULTS).toEqual({
      noticeDays: 10,
      verificationDays: 15,
      supplementaryMonths: 2,
      bookingDays: 30,
      custodyYears: 5,
    });
  });

  it('R6: exactly 10 calendar days is accepted (the minimum itself), 9 is refused', () => {
    // 2024-09-25 + 10 = 10-05 (国庆) → 10-08; 2024-09-23 + 10 = 10-03 → 10-08
    expect(examSchedule(cal, { ...base, overrides: { noticeDays: 10, reason } }).noticeEnds).toEqual({
      date: '2024-10-08',
      endsAt: '2024-10-09T00:00:00+08:00',
      rule: 'R6',
      provisional: false,
    });
    // 2024-09-19 + 10 = Sunday 09-29, an adjusted working day: the notice ends that day
    expect(
      examSchedule(cal, {
        scoreRelease: '2024-09-19',
        examEnd: '2024-09-08',
        overrides: { noticeDays: 10, reason },
      }).noticeEnds.date,
    ).toBe('2024-09-29');
    // 11 days: 2024-09-19 + 11 = Monday 09-30
    expect(
      examSchedule(cal, {
        scoreRelease: '2024-09-19',
        examEnd: '2024-09-08',
        overrides: { noticeDays: 11, reason },
      }).noticeEnds.date,
    ).toBe('2024-09-30');
    expect(issuesOf(() => examSchedule(cal, { ...base, overrides: { noticeDays: 9, reason } }))).toEqual([
      { field: 'overrides.noticeDays', message: R6_MESSAGE },
    ]);
  });

  it('R6: the minimum is reported by the schema as a custom issue on noticeDays', () => {
    expect(schemaIssues({ noticeDays: 9, reason })).toEqual([
      { code: 'custom', path: ['noticeDays'], message: R6_MESSAGE },
    ]);
    expect(scheduleOverridesSchema.safeParse({ noticeDays: 10, reason }).success).toBe(true);
    expect(scheduleOverridesSchema.safeParse({ reason }).success).toBe(true);
  });

  it('R6: T5 exactly 10 working days is accepted, 9 is refused on noticeWorkingDays', () => {
    expect(examSchedule(cal, { ...base, overrides: { noticeWorkingDays: 10, reason } }).noticeEnds.date).toBe(
      '2024-10-10',
    );
    // 11 working days counting 09-23: ... 10-10, 10-11
    expect(examSchedule(cal, { ...base, overrides: { noticeWorkingDays: 11, reason } }).noticeEnds.date).toBe(
      '2024-10-11',
    );
    expect(
      issuesOf(() => examSchedule(cal, { ...base, overrides: { noticeWorkingDays: 9, reason } })),
    ).toEqual([{ field: 'overrides.noticeWorkingDays', message: R6_MESSAGE }]);
    expect(schemaIssues({ noticeWorkingDays: 9, reason })).toEqual([
      { code: 'custom', path: ['noticeWorkingDays'], message: R6_MESSAGE },
    ]);
    expect(scheduleOverridesSchema.safeParse({ noticeWorkingDays: 10, reason }).success).toBe(true);
  });

  it('R6: the notice is counted either in calendar days or in working days, never both', () => {
    expect(
      issuesOf(() =>
        examSchedule(cal, { ...base, overrides: { noticeDays: 12, noticeWorkingDays: 12, reason } }),
      ),
    ).toEqual([{ field: 'overrides.noticeWorkingDays', message: '公示期只能按自然日或工作日之一计算' }]);
    expect(schemaIssues({ noticeDays: 12, noticeWorkingDays: 12, reason })).toEqual([
      { code: 'custom', path: ['noticeWorkingDays'], message: '公示期只能按自然日或工作日之一计算' },
    ]);
  });

  it('R6: the notice may be published on the day scores are released, not the day before', () => {
    expect(examSchedule(cal, { ...base, noticePublished: '2024-09-23' }).noticeEnds.date).toBe('2024-10-08');
    const issues = issuesOf(() => examSchedule(cal, { ...base, noticePublished: '2024-09-22' }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe('noticePublished');
    expect(issues[0]?.message).toContain('R6');
  });

  it('R6: the notice is counted from its own publication day when that is later than score release', () => {
    // 2024-10-09 + 10 = Saturday 10-19 → Monday 10-21
    expect(examSchedule(cal, { ...base, noticePublished: '2024-10-09' }).noticeEnds.date).toBe('2024-10-21');
  });
});

describe('T5: working-day settings of the notice', () => {
  it('T5: countStartDay explicitly true counts the day of publication (10-10), false does not (10-11)', () => {
    expect(
      examSchedule(cal, {
        ...base,
        overrides: { noticeWorkingDays: 10, noticeCountStartDay: true, reason },
      }).noticeEnds,
    ).toEqual({ date: '2024-10-10', endsAt: '2024-10-11T00:00:00+08:00', rule: 'R6', provisional: false });
    expect(
      examSchedule(cal, {
        ...base,
        overrides: { noticeWorkingDays: 10, noticeCountStartDay: false, reason },
      }).noticeEnds.date,
    ).toBe('2024-10-11');
  });

  it('T5: noticeCountStartDay without working days is refused on that field (T2, art. 201)', () => {
    const message = '按自然日计算时发布当日不计入（民法典第201条），仅工作日模式可计入发布当日';
    expect(
      issuesOf(() => examSchedule(cal, { ...base, overrides: { noticeCountStartDay: true, reason } })),
    ).toEqual([{ field: 'overrides.noticeCountStartDay', message }]);
    expect(schemaIssues({ noticeCountStartDay: true, reason })).toEqual([
      { code: 'custom', path: ['noticeCountStartDay'], message },
    ]);
    // false is the calendar-day rule anyway and is accepted
    expect(
      examSchedule(cal, { ...base, overrides: { noticeCountStartDay: false, reason } }).noticeEnds.date,
    ).toBe('2024-10-08');
  });

  it('T2/T5: with weekends not rest days, only holidays extend a period and weekends are counted', () => {
    const s = examSchedule(cal, { ...base, weekendsAreRest: false, resultsAnnounced: '2024-10-10' });
    // holidays still extend: 10-03 (国庆) → 10-08
    expect(s.noticeEnds.date).toBe('2024-10-08');
    // R11: Saturday 2024-11-23 is not moved
    expect(s.supplementaryDue).toEqual({
      date: '2024-11-23',
      endsAt: '2024-11-24T00:00:00+08:00',
      rule: 'R11',
      provisional: false,
    });
    // R18: Saturday 2024-11-09 is not moved
    expect(s.bookingCloses?.date).toBe('2024-11-09');
    // R20: Saturday 2029-09-08 is not moved
    expect(s.custodyEnds.date).toBe('2029-09-08');
    // T5: Saturday 09-28 and Sunday 09-29 both count: 09-23..09-30 (8), 10-08, 10-09
    expect(
      examSchedule(cal, { ...base, weekendsAreRest: false, overrides: { noticeWorkingDays: 10, reason } })
        .noticeEnds.date,
    ).toBe('2024-10-09');
  });

  it('T2: weekends are rest days by default and when set explicitly', () => {
    for (const weekendsAreRest of [undefined, true]) {
      const s = examSchedule(cal, {
        ...base,
        resultsAnnounced: '2024-10-10',
        ...(weekendsAreRest === undefined ? {} : { weekendsAreRest }),
      });
      expect(s.supplementaryDue.date).toBe('2024-11-25');
      expect(s.bookingCloses?.date).toBe('2024-11-11');
      expect(s.custodyEnds.date).toBe('2029-09-10');
    }
  });
});

describe('R7/R8: the verification report deadline', () => {
  it('R7: a date in the announcement is R8 only: refused for other exams on overrides.verificationDate, the field set', () => {
    for (const organizer of ['national', 'association', undefined] as const) {
      const issues = issuesOf(() =>
        examSchedule(cal, {
          ...base,
          ...(organizer ? { organizer } : {}),
          overrides: { verificationDate: '2024-10-18', reason },
        }),
      );
      expect(issues).toHaveLength(1);
      expect(issues[0]?.field).toBe('overrides.verificationDate');
      expect(issues[0]?.message).toContain('R7');
      expect(issues[0]?.message).toContain('R8');
    }
    const days = issuesOf(() =>
      examSchedule(cal, { ...base, organizer: 'national', overrides: { verificationDays: 15, reason } }),
    );
    expect(days.map((i) => i.field)).toEqual(['overrides.verificationDays']);
  });

  it('R7: other overrides leave the 15-day deadline of a non-joint exam alone', () => {
    const s = examSchedule(cal, { ...base, organizer: 'national', overrides: { noticeDays: 12, reason } });
    expect(s.verificationDue).toEqual({
      date: '2024-10-08',
      endsAt: '2024-10-09T00:00:00+08:00',
      rule: 'R7',
      provisional: false,
    });
  });

  it('R8: the announced date must be after score release: the same day is refused, the next day accepted', () => {
    const issues = issuesOf(() => examSchedule(cal, joint({ verificationDate: '2024-09-23', reason })));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe('overrides.verificationDate');
    expect(issues[0]?.message).toContain('R8');
    expect(examSchedule(cal, joint({ verificationDate: '2024-09-24', reason })).verificationDue).toEqual({
      date: '2024-09-24',
      endsAt: '2024-09-25T00:00:00+08:00',
      rule: 'R8',
      provisional: false,
    });
  });

  it('R8: an announced date on a rest day is taken as published (Sunday 2024-11-24 stays)', () => {
    expect(examSchedule(cal, joint({ verificationDate: '2024-11-24', reason })).verificationDue.date).toBe(
      '2024-11-24',
    );
  });

  it('R8: a date and a number of days cannot both be set', () => {
    const message = '核查结果报送时限只能设日期或天数之一';
    expect(
      issuesOf(() =>
        examSchedule(cal, joint({ verificationDays: 20, verificationDate: '2024-10-18', reason })),
      ),
    ).toEqual([{ field: 'overrides.verificationDate', message }]);
    expect(schemaIssues({ verificationDays: 20, verificationDate: '2024-10-18', reason })).toEqual([
      { code: 'custom', path: ['verificationDate'], message },
    ]);
  });

  it('R8: the announced date must be a real YYYY-MM-DD date', () => {
    for (const verificationDate of ['2024-02-30', '2024/10/18', '20241018']) {
      const issues = issuesOf(() => examSchedule(cal, joint({ verificationDate, reason })));
      expect(issues).toHaveLength(1);
      expect(issues[0]?.field).toBe('overrides.verificationDate');
      expect(issues[0]?.message).toContain('YYYY-MM-DD');
    }
  });

  it('R8: verificationDays must be a positive whole number', () => {
    for (const verificationDays of [0, -1, 1.5]) {
      expect(fieldsOf(() => examSchedule(cal, joint({ verificationDays, reason })))).toEqual([
        'overrides.verificationDays',
      ]);
    }
    // 1 day: 2024-09-23 + 1 = Tuesday 09-24
    expect(examSchedule(cal, joint({ verificationDays: 1, reason })).verificationDue).toEqual({
      date: '2024-09-24',
      endsAt: '2024-09-25T00:00:00+08:00',
      rule: 'R8',
      provisional: false,
    });
  });
});

describe('R11: the supplementary deadline comes after round 1', () => {
  const message = '补充资格核查截止日应晚于核查结果报送截止日（R11）';

  it('R11: a round-1 deadline on the supplementary deadline itself (2024-11-25) is refused', () => {
    expect(issuesOf(() => examSchedule(cal, joint({ verificationDate: '2024-11-25', reason })))).toEqual([
      { field: 'overrides.supplementaryMonths', message },
    ]);
    expect(issuesOf(() => examSchedule(cal, joint({ verificationDate: '2024-11-26', reason })))).toEqual([
      { field: 'overrides.supplementaryMonths', message },
    ]);
  });

  it('R11: a round-1 deadline one working day earlier (Friday 2024-11-22) is accepted', () => {
    const s = examSchedule(cal, joint({ verificationDate: '2024-11-22', reason }));
    expect(s.verificationDue.date).toBe('2024-11-22');
    expect(s.supplementaryDue.date).toBe('2024-11-25');
  });

  it('R11: supplementaryMonths must be a positive whole number; 1 month is allowed when it still comes later', () => {
    for (const supplementaryMonths of [0, -2, 2.5]) {
      expect(
        fieldsOf(() => examSchedule(cal, { ...base, overrides: { supplementaryMonths, reason } })),
      ).toEqual(['overrides.supplementaryMonths']);
    }
    // 2024-09-23 + 1 month = Wednesday 10-23, after R7's 10-08
    expect(
      examSchedule(cal, { ...base, overrides: { supplementaryMonths: 1, reason } }).supplementaryDue,
    ).toEqual({ date: '2024-10-23', endsAt: '2024-10-24T00:00:00+08:00', rule: 'R11', provisional: false });
  });
});

describe('R18: the mail booking window', () => {
  it('R18: the announcement may be published on the day scores are released, not before', () => {
    // 2024-09-23 + 30 = Wednesday 10-23
    expect(examSchedule(cal, { ...base, resultsAnnounced: '2024-09-23' }).bookingCloses).toEqual({
      date: '2024-10-23',
      endsAt: '2024-10-24T00:00:00+08:00',
      rule: 'R18',
      provisional: false,
    });
    const issues = issuesOf(() => examSchedule(cal, { ...base, resultsAnnounced: '2024-09-22' }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe('resultsAnnounced');
    expect(issues[0]?.message).toContain('R9');
  });

  it('R18: bookingDays must be a positive whole number; 1 day is the day after the announcement', () => {
    expect(
      examSchedule(cal, { ...base, resultsAnnounced: '2024-10-10', overrides: { bookingDays: 1, reason } })
        .bookingCloses?.date,
    ).toBe('2024-10-11');
    expect(
      fieldsOf(() =>
        examSchedule(cal, { ...base, resultsAnnounced: '2024-10-10', overrides: { bookingDays: 0, reason } }),
      ),
    ).toEqual(['overrides.bookingDays']);
  });
});

describe('R20: custody from the exam end date', () => {
  it('R20: scores may be released on the last exam day; the exam cannot end after score release', () => {
    const s = examSchedule(cal, { scoreRelease: '2024-09-08', examEnd: '2024-09-08' });
    // 2024-09-08 + 5 years = Saturday 2029-09-08 → Monday 09-10 (2029 not covered: provisional)
    expect(s.custodyEnds).toEqual({
      date: '2029-09-10',
      endsAt: '2029-09-11T00:00:00+08:00',
      rule: 'R20',
      provisional: true,
    });
    const issues = issuesOf(() => examSchedule(cal, { scoreRelease: '2024-09-08', examEnd: '2024-09-09' }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field).toBe('scoreRelease');
    expect(issues[0]?.message).toContain('考试结束');
  });

  it('R20: a leap day exam end: 2020-02-29 + 5 years = 2025-02-28 (a Friday)', () => {
    expect(examSchedule(cal, { scoreRelease: '2020-03-20', examEnd: '2020-02-29' }).custodyEnds).toEqual({
      date: '2025-02-28',
      endsAt: '2025-03-01T00:00:00+08:00',
      rule: 'R20',
      provisional: false,
    });
  });
});

describe('schedule input checks', () => {
  it('every required date is named when missing or not a real date', () => {
    for (const [input, field] of [
      [{ examEnd: '2024-09-08' }, 'scoreRelease'],
      [{ scoreRelease: '2024-09-23' }, 'examEnd'],
      [{ scoreRelease: '2024-09-23', examEnd: '2024-13-01' }, 'examEnd'],
      [{ ...base, noticePublished: '2024-09-31' }, 'noticePublished'],
      [{ ...base, resultsAnnounced: '2024-10-32' }, 'resultsAnnounced'],
      [{ ...base, noticePublished: 20240925 }, 'noticePublished'],
    ] as const) {
      const issues = issuesOf(() => examSchedule(cal, input as unknown as ScheduleInput));
      expect(issues).toHaveLength(1);
      expect(issues[0]?.field).toBe(field);
      expect(issues[0]?.message).toContain(field);
      expect(issues[0]?.message).toContain('YYYY-MM-DD');
    }
  });

  it('a bad date is reported alone, before the order of the dates is checked', () => {
    // '2024-02-30' sorts before the exam end: only the format problem is reported
    expect(fieldsOf(() => examSchedule(cal, { scoreRelease: '2024-02-30', examEnd: '2024-09-08' }))).toEqual([
      'scoreRelease',
    ]);
    // all bad dates at once, each named
    expect(
      fieldsOf(() =>
        examSchedule(cal, {
          scoreRelease: 'x',
          examEnd: 'y',
          noticePublished: 'z',
          resultsAnnounced: 'w',
        }),
      ),
    ).toEqual(['scoreRelease', 'examEnd', 'noticePublished', 'resultsAnnounced']);
  });

  it('the order problems are all reported together', () => {
    expect(
      fieldsOf(() =>
        examSchedule(cal, {
          scoreRelease: '2024-09-23',
          examEnd: '2024-09-30',
          noticePublished: '2024-09-20',
          resultsAnnounced: '2024-09-21',
        }),
      ),
    ).toEqual(['scoreRelease', 'noticePublished', 'resultsAnnounced']);
  });

  it('the reason is trimmed and must have at least 2 characters', () => {
    expect(parseScheduleOverrides({ noticeDays: 12, reason: '  延长公示  ' })).toEqual({
      noticeDays: 12,
      reason: '延长公示',
    });
    for (const r of [' 改 ', '    ', '', '改']) {
      expect(issuesOf(() => parseScheduleOverrides({ noticeDays: 12, reason: r }))).toEqual([
        { field: 'overrides.reason', message: '请填写调整原因' },
      ]);
    }
  });

  it('an unknown override is refused', () => {
    // R20's 5 years is not configurable
    const issues = issuesOf(() => parseScheduleOverrides({ reason, custodyYears: 3 }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.field.startsWith('overrides')).toBe(true);
  });
});

describe('override errors name the field the caller set', () => {
  it('an unknown setting is refused in Chinese, naming the key', () => {
    const r = scheduleOverridesSchema.safeParse({ custodyYears: 3, reason: '测试原因' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('不支持的调整项：custodyYears');
  });
});
