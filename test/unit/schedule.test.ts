import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import { mergeYear } from '../../functions/domain/holidays.js';
import { examSchedule, R6_MESSAGE, type ScheduleInput } from '../../functions/domain/schedule.js';

const cal = seedCalendar();
const reason = '考后资格核查公告另有规定';
// Worked dates checked by hand against 国办发明电〔2023〕7号 (2024) and 〔2024〕12号 (2025):
// 国庆 2024 10-01..07 with 09-29 (Sun) and 10-12 (Sat) working; 春节 2025 01-28..02-04 with 01-26 (Sun)
// and 02-08 (Sat) working.
const base: ScheduleInput = { scoreRelease: '2024-09-23', examEnd: '2024-09-08' };

const validation = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('VALIDATION');
    return e as DomainError;
  }
  throw new Error('expected a VALIDATION error');
};

describe('R6: passing-score notice period', () => {
  it('R6: 10 days from score release by default: 2024-09-23 + 10 = 10-03 (国庆) → 10-08', () => {
    expect(examSchedule(cal, base).noticeEnds).toEqual({
      date: '2024-10-08',
      endsAt: '2024-10-09T00:00:00+08:00',
      rule: 'R6',
      provisional: false,
    });
  });

  it('R6: counted from the publication day when given; 09-29 is an adjusted working Sunday', () => {
    expect(
      examSchedule(cal, { ...base, scoreRelease: '2024-09-19', noticePublished: '2024-09-19' }).noticeEnds
        .date,
    ).toBe('2024-09-29');
    expect(examSchedule(cal, { ...base, noticePublished: '2024-09-25' }).noticeEnds.date).toBe('2024-10-08');
    expect(
      examSchedule(cal, { scoreRelease: '2025-01-13', examEnd: '2024-12-15', noticePublished: '2025-01-20' })
        .noticeEnds.date,
    ).toBe('2025-02-05'); // 01-30 is in 春节 2025 → 02-05
  });

  it('R6: the 10-day minimum can never be lowered (calendar or working days)', () => {
    const e = validation(() => examSchedule(cal, { ...base, overrides: { noticeDays: 9, reason } }));
    expect(e.message).toBe(R6_MESSAGE);
    expect(e.message).toContain('R6');
    expect(e.message).toContain('不得少于10天');
    expect(e.details?.fields?.[0]?.field).toBe('overrides.noticeDays');
    expect(
      validation(() => examSchedule(cal, { ...base, overrides: { noticeWorkingDays: 5, reason } })).message,
    ).toContain('R6');
    for (const noticeDays of [0, -5, 1]) {
      expect(
        validation(() => examSchedule(cal, { ...base, overrides: { noticeDays, reason } })).message,
      ).toBe(R6_MESSAGE);
    }
  });

  it('R6: the period can be lengthened, with a recorded reason', () => {
    // 09-23 + 20 = Sunday 10-13 → Monday 10-14
    expect(examSchedule(cal, { ...base, overrides: { noticeDays: 20, reason } }).noticeEnds.date).toBe(
      '2024-10-14',
    );
    const e = validation(() =>
      examSchedule(cal, { ...base, overrides: { noticeDays: 20 } as unknown as ScheduleInput['overrides'] }),
    );
    expect(e.details?.fields?.[0]?.field).toBe('overrides.reason');
  });

  it('R6: T5 working-day mode counting the day of publication, like real Henan notices', () => {
    const s = examSchedule(cal, { ...base, overrides: { noticeWorkingDays: 10, reason } });
    // 09-23..27, 09-29 (adjusted), 09-30, 10-08, 10-09, 10-10
    expect(s.noticeEnds).toEqual({
      date: '2024-10-10',
      endsAt: '2024-10-11T00:00:00+08:00',
      rule: 'R6',
      provisional: false,
    });
    const notCounting = examSchedule(cal, {
      ...base,
      overrides: { noticeWorkingDays: 10, noticeCountStartDay: false, reason },
    });
    expect(notCounting.noticeEnds.date).toBe('2024-10-11');
    // in calendar days the publication day is never counted (Civil Code art. 201)
    validation(() =>
      examSchedule(cal, { ...base, overrides: { noticeDays: 10, noticeCountStartDay: true, reason } }),
    );
  });

  it('R6: the notice cannot be published before scores are released', () => {
    validation(() => examSchedule(cal, { ...base, noticePublished: '2024-09-22' }));
  });
});

describe('R7/R8: verification report deadline', () => {
  it('R7: 15 days after score release: 2024-09-23 → Tuesday 2024-10-08', () => {
    expect(examSchedule(cal, base).verificationDue).toEqual({
      date: '2024-10-08',
      endsAt: '2024-10-09T00:00:00+08:00',
      rule: 'R7',
      provisional: false,
    });
  });

  it('R7: 2025-01-13 + 15 = 01-28 (春节) → 2025-02-05; 2024-09-20 + 15 = 10-05 (国庆) → 10-08', () => {
    expect(
      examSchedule(cal, { scoreRelease: '2025-01-13', examEnd: '2024-12-15' }).verificationDue.date,
    ).toBe('2025-02-05');
    expect(
      examSchedule(cal, { scoreRelease: '2024-09-20', examEnd: '2024-09-08' }).verificationDue.date,
    ).toBe('2024-10-08');
  });

  it('R7: is fixed for national and association exams (not a 一般 value)', () => {
    for (const organizer of ['national', 'association', undefined] as const) {
      const e = validation(() =>
        examSchedule(cal, {
          ...base,
          ...(organizer ? { organizer } : {}),
          overrides: { verificationDays: 20, reason },
        }),
      );
      expect(e.message).toContain('R7');
      expect(e.message).toContain('R8');
    }
  });

  it('R8: a provincialJoint exam uses the period set in its announcement: 20 days → Sunday 10-13 → 10-14', () => {
    const s = examSchedule(cal, {
      ...base,
      organizer: 'provincialJoint',
      overrides: { verificationDays: 20, reason },
    });
    expect(s.verificationDue).toEqual({
      date: '2024-10-14',
      endsAt: '2024-10-15T00:00:00+08:00',
      rule: 'R8',
      provisional: false,
    });
  });

  it('R8: or the date set in its announcement, taken as published', () => {
    const s = examSchedule(cal, {
      ...base,
      organizer: 'provincialJoint',
      overrides: { verificationDate: '2024-10-18', reason },
    });
    expect(s.verificationDue).toEqual({
      date: '2024-10-18',
      endsAt: '2024-10-19T00:00:00+08:00',
      rule: 'R8',
      provisional: false,
    });
    validation(() =>
      examSchedule(cal, {
        ...base,
        organizer: 'provincialJoint',
        overrides: { verificationDate: '2024-09-20', reason },
      }),
    );
  });

  it('R8: without a configured deadline a provincialJoint exam falls back to R7', () => {
    expect(examSchedule(cal, { ...base, organizer: 'provincialJoint' }).verificationDue.rule).toBe('R7');
  });
});

describe('R11: supplementary verification and appeals', () => {
  it.each([
    ['2024-09-23', '2024-11-25', '11-23 is a Saturday → Monday'],
    ['2024-08-05', '2024-10-08', '10-05 is in 国庆 → 10-08'],
    ['2024-12-01', '2025-02-05', '02-01 is in 春节 2025 → 02-05'],
    ['2024-12-31', '2025-02-28', 'no Feb 31 → month end, a Friday'],
    ['2025-01-13', '2025-03-13', 'a Thursday'],
  ])('R11: two months after score release %s → %s (%s)', (scoreRelease, expected) => {
    const s = examSchedule(cal, { scoreRelease, examEnd: '2024-07-01' });
    expect(s.supplementaryDue.date).toBe(expected);
    expect(s.supplementaryDue.rule).toBe('R11');
    expect(s.supplementaryDue.provisional).toBe(false);
  });

  it('R11: a configured period with a reason: 3 months → Monday 2024-12-23', () => {
    expect(
      examSchedule(cal, { ...base, overrides: { supplementaryMonths: 3, reason } }).supplementaryDue.date,
    ).toBe('2024-12-23');
  });
});

describe('R18: mail booking window', () => {
  it('R18: null until the verification result announcement is published', () => {
    expect(examSchedule(cal, base).bookingCloses).toBeNull();
  });

  it('R18: 30 days after the announcement: 2024-10-10 + 30 = Saturday 11-09 → Monday 11-11', () => {
    expect(examSchedule(cal, { ...base, resultsAnnounced: '2024-10-10' }).bookingCloses).toEqual({
      date: '2024-11-11',
      endsAt: '2024-11-12T00:00:00+08:00',
      rule: 'R18',
      provisional: false,
    });
  });

  it('R18: 2024-12-30 + 30 = 2025-01-29 (春节) → 2025-02-05; a configured 45 days → Sunday 11-24 → 11-25', () => {
    expect(examSchedule(cal, { ...base, resultsAnnounced: '2024-12-30' }).bookingCloses?.date).toBe(
      '2025-02-05',
    );
    expect(
      examSchedule(cal, { ...base, resultsAnnounced: '2024-10-10', overrides: { bookingDays: 45, reason } })
        .bookingCloses?.date,
    ).toBe('2024-11-25');
  });
});

describe('R20: custody of unclaimed certificates', () => {
  it('R20: 5 years from the exam end: 2024-09-08 → Saturday 2029-09-08 → Monday 09-10, provisional (2029 not loaded)', () => {
    expect(examSchedule(cal, base).custodyEnds).toEqual({
      date: '2029-09-10',
      endsAt: '2029-09-11T00:00:00+08:00',
      rule: 'R20',
      provisional: true,
    });
  });

  it('R20: within covered years: exam ending 2021-10-01 → 国庆 2026 → 2026-10-08, not provisional', () => {
    const s = examSchedule(cal, { scoreRelease: '2021-10-20', examEnd: '2021-10-01' });
    expect(s.custodyEnds).toEqual({
      date: '2026-10-08',
      endsAt: '2026-10-09T00:00:00+08:00',
      rule: 'R20',
      provisional: false,
    });
  });

  it('R20: T3 recomputed once hr loads 2029: no longer provisional', () => {
    const loaded = mergeYear(cal, {
      year: 2029,
      holidays: ['2029-01-01'],
      workdays: [],
      source: 'test data',
    });
    expect(examSchedule(loaded, base).custodyEnds.provisional).toBe(false);
  });
});

describe('schedule input', () => {
  it('R5: scores cannot be released before the exam ends; dates must be real', () => {
    validation(() => examSchedule(cal, { scoreRelease: '2024-09-01', examEnd: '2024-09-08' }));
    const e = validation(() => examSchedule(cal, { scoreRelease: '2024-02-30', examEnd: '2024-01-08' }));
    expect(e.details?.fields?.[0]?.field).toBe('scoreRelease');
    validation(() => examSchedule(cal, { ...base, resultsAnnounced: '2024-09-01' }));
    validation(() =>
      examSchedule(cal, {
        ...base,
        overrides: { bogus: 1, reason } as unknown as ScheduleInput['overrides'],
      }),
    );
  });

  it('R11: the supplementary deadline must come after the round-1 deadline', () => {
    validation(() =>
      examSchedule(cal, {
        ...base,
        organizer: 'provincialJoint',
        overrides: { verificationDays: 90, supplementaryMonths: 1, reason },
      }),
    );
  });
});

describe('scripts/schedule.ts', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/schedule.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TZ: 'America/Los_Angeles' },
    });

  it('R6/R7/R11/R18/R20: prints one JSON object with the five deadlines', { timeout: 30_000 }, () => {
    const r = run([
      '--score-release',
      '2024-09-23',
      '--exam-end',
      '2024-09-08',
      '--results-announced',
      '2024-10-10',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      noticeEnds: { date: '2024-10-08', endsAt: '2024-10-09T00:00:00+08:00', rule: 'R6', provisional: false },
      verificationDue: {
        date: '2024-10-08',
        endsAt: '2024-10-09T00:00:00+08:00',
        rule: 'R7',
        provisional: false,
      },
      supplementaryDue: {
        date: '2024-11-25',
        endsAt: '2024-11-26T00:00:00+08:00',
        rule: 'R11',
        provisional: false,
      },
      bookingCloses: {
        date: '2024-11-11',
        endsAt: '2024-11-12T00:00:00+08:00',
        rule: 'R18',
        provisional: false,
      },
      custodyEnds: {
        date: '2029-09-10',
        endsAt: '2029-09-11T00:00:00+08:00',
        rule: 'R20',
        provisional: true,
      },
    });
  });

  it('R6: --notice-working-days counts 10 working days from publication; bookingCloses null', {
    timeout: 30_000,
  }, () => {
    const r = run(['--score-release', '2024-09-23', '--exam-end', '2024-09-08', '--notice-working-days']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual([
      'bookingCloses',
      'custodyEnds',
      'noticeEnds',
      'supplementaryDue',
      'verificationDue',
    ]);
    expect(out.noticeEnds).toEqual({
      date: '2024-10-10',
      endsAt: '2024-10-11T00:00:00+08:00',
      rule: 'R6',
      provisional: false,
    });
    expect(out.bookingCloses).toBeNull();
  });

  it('R6: bad arguments give one line on stderr and exit code 2', { timeout: 30_000 }, () => {
    for (const args of [
      ['--exam-end', '2024-09-08'],
      ['--score-release', '2024-02-30', '--exam-end', '2024-01-08'],
      ['--score-release', '2024-09-23', '--exam-end', '2024-09-08', '--bogus'],
      ['--score-release', '2024-09-01', '--exam-end', '2024-09-08'],
    ]) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
