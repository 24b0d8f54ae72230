/**
 * The lifecycle core (functions/domain/lifecycle.ts) branch by branch: every phase, every event with its
 * refusals (CONFLICT, or DEADLINE_PASSED with the deadline in `details`), every timeout, the wake-up plan,
 * execution generations and the exam-wide events. Pure: synthetic candidates, the seed holiday calendar.
 *
 * Dates used throughout (paper exam JZS1, scores released Monday 2024-09-23, exam ended 2024-09-08):
 * R7 verificationDue 2024-10-08 (after 国庆) · R11 supplementaryDue 2024-11-25 (11-23 is a Saturday) ·
 * R18 bookingCloses 2024-11-11 when qualified on 2024-10-10 · R20 custodyEnds 2029-09-10 (09-08 is a
 * Saturday; 2029 is not in the calendar yet, so provisional, T3).
 */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import { DomainError } from '../../functions/domain/errors.js';
import { DEFAULT_ISSUER, examEventBlock } from '../../functions/domain/exam-events.js';
import type { Exam } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import {
  applyEvent,
  candidateDeadlines,
  checkExamEvent,
  EXECUTION_HORIZON_DAYS,
  examEventFor,
  examEventKinds,
  examEvents,
  examScheduleOf,
  initialFacts,
  isWaitPhase,
  type LifecycleEvent,
  type LifecycleFacts,
  onTimeout,
  phaseOf,
  phases,
  planNext,
  REMINDER_LEAD_DAYS,
  remindersOf,
  takeOver,
  waitPhases,
} from '../../functions/domain/lifecycle.js';
import { notices } from '../../functions/domain/wording.js';

const cal = seedCalendar();
const DAY = 86_400_000;

const paper: Exam = {
  id: 'JZS1-2024',
  examType: 'JZS1',
  name: '一级建造师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
};
/** R17: provincial exam co-organized by hr → electronic certificate only */
const electronic: Exam = { ...paper, id: 'JZS2-2024', examType: 'JZS2', name: '二级建造师' };
/** R17: the same exam once hr has performed its issuance */
const issued: Exam = { ...electronic, certificatesIssuedAt: '2024-10-20T02:00:00.000Z' };
/** an exam type the catalogue does not know: treated as paper, without an organizer */
const unknownType: Exam = { ...paper, id: 'XXXX-2024', examType: 'XXXX', name: '未知考试' };
/** an association exam (paper certificates) */
const association: Exam = { ...paper, id: 'JZSZ-2024', examType: 'JZSZ', name: '安全生产管理人员' };

const ANNOUNCED = '2024-10-10T01:00:00.000Z'; // 2024-10-10 09:00 Beijing time
const VERIFICATION_DUE = '2024-10-09T00:00:00+08:00';
const SUPPLEMENTARY_DUE = '2024-11-26T00:00:00+08:00';
const BOOKING_CLOSES = '2024-11-12T00:00:00+08:00';
const CUSTODY_ENDS = '2029-09-11T00:00:00+08:00';

let seq = 0;
function cand(
  exam: Exam,
  status: Candidate['status'],
  facts: Partial<LifecycleFacts> = {},
  lifecycle = true,
): Candidate {
  seq += 1;
  return {
    personId: `person${String(seq).padStart(14, '0')}`,
    examId: exam.id,
    examType: exam.examType,
    name: '李娜',
    idNumber: syntheticIdNumber('410105', '1991-04-12', seq),
    phone: '13900000000',
    city: '4101',
    status,
    ...(lifecycle ? { lifecycle: { ...initialFacts(), ...facts } } : {}),
    version: 3,
    createdAt: '2024-09-23T02:00:00.000Z',
    updatedAt: '2024-09-23T02:00:00.000Z',
  };
}
/** round 1 announced (R9) and qualified on 2024-10-10 */
const announcedQualified = { resultNotifiedAt: ANNOUNCED, qualifiedAt: ANNOUNCED } as const;

/** a Beijing local time */
const at = (local: string) => new Date(`${local}+08:00`);
const deadlines = (c: Candidate, exam: Exam = paper) => candidateDeadlines(cal, exam, c);
const apply = (c: Candidate, e: LifecycleEvent, now: Date, exam: Exam = paper, d = deadlines(c, exam)) =>
  applyEvent(c, exam, d, e, now);
const phase = (c: Candidate, exam: Exam = paper, d = deadlines(c, exam)) => phaseOf(c, exam, d);

function refused(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    // every refusal is explained to the person in Chinese
    expect(err.message).toMatch(/\p{Script=Han}{4}/u);
    return err;
  }
  throw new Error('not refused');
}
const conflict = (f: () => unknown): DomainError => {
  const e = refused(f);
  expect(e.code).toBe('CONFLICT');
  expect(e.details).toBeUndefined();
  return e;
};
/** DEADLINE_PASSED with the deadline and the rule in `details` and the deadline as text (T4) in the message */
const late = (f: () => unknown, deadline: string, rule: string, what: string, text: string): DomainError => {
  const e = refused(f);
  expect(e.code).toBe('DEADLINE_PASSED');
  expect(e.details).toEqual({ deadline, rule });
  // it names what was due, then its deadline (T4) and the rule
  expect(e.message).toBe(`${what}的截止时间为${text}，已过期（${rule}）`);
  return e;
};

describe('the tables', () => {
  it('phases, wait phases, reminder leads and the horizon are as the rulebook lists them', () => {
    expect(phases).toEqual([
      'verification',
      'results',
      'supplementary',
      'supplementaryResults',
      'appeal',
      'appealDecision',
      'issuance',
      'electronic',
      'booking',
      'arrival',
      'dispatch',
      'delivery',
      'collection',
      'successor',
      'done',
    ]);
    expect(waitPhases).toEqual([
      'verification',
      'results',
      'supplementary',
      'supplementaryResults',
      'appeal',
      'appealDecision',
      'issuance',
      'booking',
      'arrival',
      'dispatch',
      'delivery',
      'collection',
    ]);
    expect(phases.filter(isWaitPhase)).toEqual(waitPhases);
    expect(isWaitPhase('electronic')).toBe(false);
    expect(isWaitPhase('done')).toBe(false);
    expect(isWaitPhase('successor')).toBe(false);
    expect(REMINDER_LEAD_DAYS).toEqual({ supplementary: 3, appeal: 3, booking: 3, collection: 30 });
    expect(EXECUTION_HORIZON_DAYS).toBe(360);
    expect(initialFacts()).toEqual({ round: 'first', reminders: [], generation: 1 });
    expect(initialFacts()).not.toBe(initialFacts());
  });

  it('R9, R13, R17: the exam-wide events, the exam field each is recorded in, the phase it wakes and its staff act', () => {
    expect(examEvents).toEqual({
      resultsAnnounced: { field: 'resultsAnnouncedAt', phase: 'results', rule: 'R9', act: 'exam.announce' },
      supplementaryAnnounced: {
        field: 'supplementaryAnnouncedAt',
        phase: 'supplementaryResults',
        rule: 'R13',
        act: 'exam.announce',
      },
      certificatesIssued: {
        field: 'certificatesIssuedAt',
        phase: 'issuance',
        rule: 'R17',
        act: 'eCert.issue',
      },
    });
    expect(examEventKinds).toEqual(['resultsAnnounced', 'supplementaryAnnounced', 'certificatesIssued']);
  });
});

describe('takeOver: a chain of executions carries the lifecycle', () => {
  const now = at('2025-09-01T10:00:00');

  it('the first start records its start; a retried start of the same generation changes nothing', () => {
    const f = initialFacts();
    const first = takeOver(f, 1, now);
    expect(first).toEqual({
      round: 'first',
      reminders: [],
      generation: 1,
      executionStartedAt: now.toISOString(),
    });
    expect(f.executionStartedAt).toBeUndefined();
    expect(takeOver(first as LifecycleFacts, 1, at('2025-09-02T10:00:00'))).toBeNull();
  });

  it('a successor generation takes over, keeping every fact and recording its own start', () => {
    const f: LifecycleFacts = {
      ...initialFacts(),
      resultNotifiedAt: ANNOUNCED,
      reminders: ['booking:x'],
      executionStartedAt: '2024-09-23T02:00:00.000Z',
    };
    expect(takeOver(f, 2, now)).toEqual({ ...f, generation: 2, executionStartedAt: now.toISOString() });
  });

  it('an older generation is refused: a later execution carries the lifecycle', () => {
    const f: LifecycleFacts = { ...initialFacts(), generation: 3, executionStartedAt: now.toISOString() };
    // an internal refusal (the state machine's, never shown to a person): CONFLICT, naming the generation
    const older = (g: LifecycleFacts, n: number) => () => takeOver(g, n, now);
    expect(older(f, 2)).toThrow(DomainError);
    expect(older(f, 2)).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('(g3)') }),
    );
    // even when the newer generation has not recorded its start yet
    expect(older({ ...initialFacts(), generation: 3 }, 1)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});

describe('checkExamEvent: what the rules order cannot be recorded out of order', () => {
  it('R9, R13: the supplementary announcement follows the result announcement', () => {
    const e = conflict(() => checkExamEvent(paper, 'supplementaryAnnounced'));
    expect(e.message).toContain('R13');
    expect(() =>
      checkExamEvent({ ...paper, resultsAnnouncedAt: ANNOUNCED }, 'supplementaryAnnounced'),
    ).not.toThrow();
    // the result announcement itself, and again (an interrupted broadcast), is always allowed
    expect(() => checkExamEvent(paper, 'resultsAnnounced')).not.toThrow();
    expect(() =>
      checkExamEvent({ ...paper, resultsAnnouncedAt: ANNOUNCED }, 'resultsAnnounced'),
    ).not.toThrow();
  });

  it('R17, N3: paper certificates arrive per batch, never as an exam-wide event; an electronic exam still announces', () => {
    expect(examEventKinds).not.toContain('certificatesArrived');
    // an electronic exam still announces its results
    expect(() => checkExamEvent(electronic, 'resultsAnnounced')).not.toThrow();
    expect(() =>
      checkExamEvent({ ...electronic, resultsAnnouncedAt: ANNOUNCED }, 'supplementaryAnnounced'),
    ).not.toThrow();
  });
});

describe('checkExamEvent: the issuance of electronic certificates', () => {
  it('R17: hr issues electronic certificates only for an electronic exam, after its result announcement (R9)', () => {
    // the issuing department named unless hr names another
    expect(DEFAULT_ISSUER).toBe('河南省人力资源和社会保障厅');
    const first = conflict(() => checkExamEvent(electronic, 'certificatesIssued'));
    expect(first.message).toContain('R17');
    expect(examEventBlock(electronic, 'certificatesIssued')).toBe('resultsFirst');
    const announced = { ...electronic, resultsAnnouncedAt: ANNOUNCED };
    expect(() => checkExamEvent(announced, 'certificatesIssued')).not.toThrow();
    const p = conflict(() =>
      checkExamEvent({ ...paper, resultsAnnouncedAt: ANNOUNCED }, 'certificatesIssued'),
    );
    expect(p.message).toBe('该考试颁发纸质证书，不签发电子证书（R16、R17）');
    expect(examEventBlock({ ...unknownType, resultsAnnouncedAt: ANNOUNCED }, 'certificatesIssued')).toBe(
      'paperOnly',
    );
  });
});

describe('examScheduleOf: the exam-wide schedule and the calendar years it still needs (T3)', () => {
  it('R7, R11, R20: before the announcement there is no booking window; 2029 (custody) is missing from the calendar', () => {
    const { schedule, missingYears } = examScheduleOf(cal, paper);
    expect(schedule).toEqual({
      noticeEnds: { date: '2024-10-08', endsAt: VERIFICATION_DUE, rule: 'R6', provisional: false },
      verificationDue: { date: '2024-10-08', endsAt: VERIFICATION_DUE, rule: 'R7', provisional: false },
      supplementaryDue: { date: '2024-11-25', endsAt: SUPPLEMENTARY_DUE, rule: 'R11', provisional: false },
      bookingCloses: null,
      custodyEnds: { date: '2029-09-10', endsAt: CUSTODY_ENDS, rule: 'R20', provisional: true },
    });
    expect(missingYears).toEqual([2029]);
  });

  it('R18, T1: the booking window counts from the announcement day in China, not in UTC; R6: from the notice day', () => {
    // 2024-10-09 17:00 UTC is 2024-10-10 01:00 in Beijing: 10-10 + 30 = 11-09 (Saturday) → 11-11
    const exam = { ...paper, noticePublished: '2024-10-10', resultsAnnouncedAt: '2024-10-09T17:00:00.000Z' };
    const { schedule, missingYears } = examScheduleOf(cal, exam);
    expect(schedule.bookingCloses).toEqual({
      date: '2024-11-11',
      endsAt: BOOKING_CLOSES,
      rule: 'R18',
      provisional: false,
    });
    // R6: 10 days from 10-10 is Sunday 10-20 → Monday 10-21
    expect(schedule.noticeEnds.date).toBe('2024-10-21');
    expect(missingYears).toEqual([2029]);
  });

  it('R8: a provincial joint exam takes its report deadline from the overrides; any other exam type may not', () => {
    const overrides = { verificationDays: 20, reason: '考试公告另定' };
    // 09-23 + 20 days = Sunday 10-13 → Monday 10-14
    expect(examScheduleOf(cal, { ...electronic, overrides }).schedule.verificationDue).toEqual({
      date: '2024-10-14',
      endsAt: '2024-10-15T00:00:00+08:00',
      rule: 'R8',
      provisional: false,
    });
    expect(() => examScheduleOf(cal, { ...paper, overrides })).toThrow(/R8/);
    expect(() => examScheduleOf(cal, { ...unknownType, overrides })).toThrow(/R8/);
  });

  it('R18: an exam may lengthen the booking window, with a reason', () => {
    const exam = {
      ...paper,
      resultsAnnouncedAt: ANNOUNCED,
      overrides: { bookingDays: 40, reason: '考试公告另定' },
    };
    expect(examScheduleOf(cal, exam).schedule.bookingCloses?.date).toBe('2024-11-19');
    expect(
      candidateDeadlines(cal, exam, cand(exam, 'qualified', announcedQualified)).dates.bookingCloses,
    ).toBe('2024-11-19');
  });

  it('T3: an exam whose deadlines all fall in covered years needs no calendar year', () => {
    const exam: Exam = {
      ...paper,
      id: 'JZS1-2021',
      year: 2021,
      examEnd: '2021-09-19',
      scoreRelease: '2021-11-26',
    };
    expect(examScheduleOf(cal, exam).missingYears).toEqual([]);
    expect(
      examScheduleOf(cal, { ...exam, resultsAnnouncedAt: '2026-12-20T02:00:00.000Z' }).missingYears,
    ).toEqual([2027]);
  });
});

describe('candidateDeadlines', () => {
  it('R7, R11, R18, R20, N3: every deadline as an instant and as a date, with the provisional ones (T3)', () => {
    // N3, T1: arrived 2024-10-13 17:00 UTC = Monday 10-14 01:00 in Beijing; the arrival day is not counted:
    // 10-15 … 10-18, 10-21 … 10-25, 10-28 is the 10th working day
    const exam = paper;
    const arrived = { ...announcedQualified, certificateArrivedAt: '2024-10-13T17:00:00.000Z' };
    expect(candidateDeadlines(cal, exam, cand(exam, 'qualified', arrived))).toEqual({
      verificationDue: VERIFICATION_DUE,
      supplementaryDue: SUPPLEMENTARY_DUE,
      bookingCloses: BOOKING_CLOSES,
      custodyEnds: CUSTODY_ENDS,
      dispatchDue: '2024-10-29T00:00:00+08:00',
      dates: {
        verificationDue: '2024-10-08',
        supplementaryDue: '2024-11-25',
        bookingCloses: '2024-11-11',
        custodyEnds: '2029-09-10',
        dispatchDue: '2024-10-28',
      },
      provisional: true,
      provisionalAt: [CUSTODY_ENDS],
    });
  });

  it('R18: the booking window counts from the candidate’s own qualifying announcement, not the exam’s', () => {
    const exam = { ...paper, resultsAnnouncedAt: ANNOUNCED };
    // qualified by the supplementary announcement on 2024-12-02: + 30 = 2025-01-01 (元旦) → 01-02
    const d = deadlines(
      cand(exam, 'qualified', { ...announcedQualified, qualifiedAt: '2024-12-02T02:00:00.000Z' }),
      exam,
    );
    expect(d.dates.bookingCloses).toBe('2025-01-02');
    expect(d.bookingCloses).toBe('2025-01-03T00:00:00+08:00');
  });

  it('R18: no booking window and no dispatch deadline before the facts exist, also without any lifecycle record', () => {
    const d = deadlines(cand(paper, 'verifying', {}, false));
    expect(d.bookingCloses).toBeNull();
    expect(d.dispatchDue).toBeNull();
    expect(d.dates.bookingCloses).toBeNull();
    expect(d.dates.dispatchDue).toBeNull();
    expect(d.verificationDue).toBe(VERIFICATION_DUE);
    expect(d.provisionalAt).toEqual([CUSTODY_ENDS]);
  });

  it('T3: not provisional when the calendar covers every deadline; a dispatch deadline in 2027 alone is provisional', () => {
    const exam: Exam = {
      ...paper,
      id: 'JZS1-2021',
      year: 2021,
      examEnd: '2021-09-19',
      scoreRelease: '2021-11-26',
    };
    const c = cand(exam, 'qualified', {
      resultNotifiedAt: '2021-12-20T02:00:00.000Z',
      qualifiedAt: '2021-12-20T02:00:00.000Z',
    });
    const d = candidateDeadlines(cal, exam, c);
    expect(d.provisional).toBe(false);
    expect(d.provisionalAt).toEqual([]);
    expect(d.dates.custodyEnds).toBe('2026-09-20'); // 2026-09-19 is a Saturday, 09-20 an adjusted working Sunday
    const arrivedC = {
      ...c,
      lifecycle: { ...c.lifecycle, certificateArrivedAt: '2026-12-28T02:00:00.000Z' },
    } as Candidate;
    const d2 = candidateDeadlines(cal, exam, arrivedC);
    expect(d2.dates.dispatchDue).toBe('2027-01-11');
    expect(d2.provisional).toBe(true);
    expect(d2.provisionalAt).toEqual(['2027-01-12T00:00:00+08:00']);
  });
});

describe('phaseOf: the phase from what is recorded', () => {
  it('R14, R12: revoked and forfeited candidates are done', () => {
    expect(phase(cand(paper, 'revoked', announcedQualified))).toEqual({ phase: 'done' });
    expect(phase(cand(paper, 'forfeited', { resultNotifiedAt: ANNOUNCED }))).toEqual({ phase: 'done' });
  });

  it('R7: a candidate being verified waits for the decision until the report deadline', () => {
    expect(phase(cand(paper, 'verifying'))).toEqual({
      phase: 'verification',
      deadline: VERIFICATION_DUE,
      rule: 'R7',
    });
    expect(phase(cand(paper, 'verifying', {}, false)).phase).toBe('verification');
  });

  it('R9: every round-1 result waits for the announcement, also without a lifecycle record', () => {
    for (const s of ['qualified', 'unqualified', 'pending'] as const) {
      expect(phase(cand(paper, s))).toEqual({ phase: 'results' });
      expect(phase(cand(paper, s, {}, false))).toEqual({ phase: 'results' });
    }
    expect(phase(cand(electronic, 'qualified'), electronic)).toEqual({ phase: 'results' });
  });

  it('R10, R12: after the announcement a pending candidate is in supplementary verification until its deadline', () => {
    expect(phase(cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED }))).toEqual({
      phase: 'supplementary',
      deadline: SUPPLEMENTARY_DUE,
      rule: 'R12',
    });
    // a later round needs no round-1 announcement
    expect(phase(cand(paper, 'pending', { round: 'supplementary' })).phase).toBe('supplementary');
  });

  it('R10, R11: an unqualified candidate may appeal until the supplementary deadline; filed → decision; rejected or closed → done', () => {
    const base = { resultNotifiedAt: ANNOUNCED };
    expect(phase(cand(paper, 'unqualified', base))).toEqual({
      phase: 'appeal',
      deadline: SUPPLEMENTARY_DUE,
      rule: 'R11',
    });
    expect(phase(cand(paper, 'unqualified', { ...base, appealFiledAt: ANNOUNCED }))).toEqual({
      phase: 'appealDecision',
      deadline: SUPPLEMENTARY_DUE,
      rule: 'R11',
    });
    expect(
      phase(cand(paper, 'unqualified', { ...base, appealFiledAt: ANNOUNCED, appealDecision: 'rejected' })),
    ).toEqual({ phase: 'done' });
    expect(phase(cand(paper, 'unqualified', { ...base, appealClosedAt: ANNOUNCED }))).toEqual({
      phase: 'done',
    });
  });

  it('R13: a candidate qualified in round 2 waits for the supplementary announcement; one qualified on appeal does not', () => {
    expect(phase(cand(paper, 'qualified', { round: 'supplementary', resultNotifiedAt: ANNOUNCED }))).toEqual({
      phase: 'supplementaryResults',
    });
    const notified = {
      round: 'supplementary',
      resultNotifiedAt: ANNOUNCED,
      supplementaryNotifiedAt: ANNOUNCED,
    } as const;
    expect(phase(cand(paper, 'qualified', { ...notified, qualifiedAt: ANNOUNCED })).phase).toBe('booking');
    expect(
      phase(
        cand(paper, 'qualified', { round: 'appeal', resultNotifiedAt: ANNOUNCED, qualifiedAt: ANNOUNCED }),
      ).phase,
    ).toBe('booking');
  });

  it("R17: a qualified candidate of an electronic exam waits for hr's issuance, then for the e-certificate, then is done", () => {
    expect(phase(cand(electronic, 'qualified', announcedQualified), electronic)).toEqual({
      phase: 'issuance',
    });
    expect(phase(cand(issued, 'qualified', announcedQualified), issued)).toEqual({ phase: 'electronic' });
    expect(
      phase(cand(issued, 'qualified', { ...announcedQualified, eCertIssuedAt: ANNOUNCED }), issued),
    ).toEqual({ phase: 'done' });
    expect(
      phase(cand(electronic, 'qualified', { ...announcedQualified, eCertIssuedAt: ANNOUNCED }), electronic),
    ).toEqual({ phase: 'done' });
    // a paper exam never waits for an e-certificate
    expect(phase(cand(paper, 'qualified', { ...announcedQualified, eCertIssuedAt: ANNOUNCED })).phase).toBe(
      'booking',
    );
    expect(phase(cand(unknownType, 'qualified', announcedQualified), unknownType).phase).toBe('booking');
  });

  it('R18: a qualified paper candidate may book until the window closes', () => {
    expect(phase(cand(paper, 'qualified', announcedQualified))).toEqual({
      phase: 'booking',
      deadline: BOOKING_CLOSES,
      rule: 'R18',
    });
    expect(phase(cand(association, 'qualified', announcedQualified), association).phase).toBe('booking');
  });

  it('N3: after booking (or the window closing, or without a window) the candidate waits for the certificates', () => {
    expect(phase(cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED }))).toEqual({
      phase: 'arrival',
    });
    expect(phase(cand(paper, 'qualified', { ...announcedQualified, bookingClosedAt: ANNOUNCED }))).toEqual({
      phase: 'arrival',
    });
    expect(phase(cand(paper, 'qualified', { resultNotifiedAt: ANNOUNCED }))).toEqual({ phase: 'arrival' });
  });

  it('N3: a booked certificate that has arrived is due for dispatch within 10 working days of its batch', () => {
    const exam = paper;
    const booked = {
      ...announcedQualified,
      bookedAt: ANNOUNCED,
      certificateArrivedAt: '2024-10-13T17:00:00.000Z',
    };
    expect(phase(cand(exam, 'qualified', booked), exam)).toEqual({
      phase: 'dispatch',
      deadline: '2024-10-29T00:00:00+08:00',
      rule: 'N3',
    });
  });

  it('R18, R19: a dispatched certificate is in delivery; after one failure still; after two it is collected on site (R20 deadline)', () => {
    const sent = {
      ...announcedQualified,
      bookedAt: ANNOUNCED,
      certificateArrivedAt: ANNOUNCED,
      trackingNo: 'EMS0001',
    };
    expect(phase(cand(paper, 'qualified', sent))).toEqual({ phase: 'delivery' });
    expect(phase(cand(paper, 'qualified', { ...sent, deliveryFailures: 1 }))).toEqual({ phase: 'delivery' });
    expect(phase(cand(paper, 'qualified', { ...sent, deliveryFailures: 2 }))).toEqual({
      phase: 'collection',
      deadline: CUSTODY_ENDS,
      rule: 'R20',
    });
  });

  it('R19, R20: an unbooked certificate that has arrived waits for collection until custody ends', () => {
    expect(
      phase(
        cand(paper, 'qualified', {
          ...announcedQualified,
          bookingClosedAt: ANNOUNCED,
          certificateArrivedAt: ANNOUNCED,
        }),
      ),
    ).toEqual({ phase: 'collection', deadline: CUSTODY_ENDS, rule: 'R20' });
  });

  it('R16, R19, R20: delivered, collected or in custody is each the end', () => {
    const arrived = { ...announcedQualified, certificateArrivedAt: ANNOUNCED };
    expect(
      phase(
        cand(paper, 'qualified', {
          ...arrived,
          bookedAt: ANNOUNCED,
          trackingNo: 'EMS1',
          deliveredAt: ANNOUNCED,
        }),
      ),
    ).toEqual({
      phase: 'done',
    });
    expect(
      phase(cand(paper, 'qualified', { ...arrived, bookingClosedAt: ANNOUNCED, collectedAt: ANNOUNCED })),
    ).toEqual({
      phase: 'done',
    });
    expect(
      phase(
        cand(paper, 'qualified', { ...arrived, bookingClosedAt: ANNOUNCED, transferListedAt: ANNOUNCED }),
      ),
    ).toEqual({
      phase: 'done',
    });
    // even before the booking window closed (the facts decide, not the clock)
    expect(phase(cand(paper, 'qualified', { ...announcedQualified, collectedAt: ANNOUNCED }))).toEqual({
      phase: 'done',
    });
  });
});

describe('examEventFor: an exam-wide event that happened before the execution got there', () => {
  const all: Exam = {
    ...paper,
    resultsAnnouncedAt: ANNOUNCED,
    supplementaryAnnouncedAt: '2024-12-02T02:00:00.000Z',
  };
  const eventFor = (c: Candidate, exam: Exam) => examEventFor(c, exam, deadlines(c, exam));

  it('R9: a candidate waiting for the result announcement gets it once the exam has it', () => {
    const c = cand(paper, 'unqualified');
    expect(eventFor(c, { ...paper, resultsAnnouncedAt: ANNOUNCED })).toEqual({ type: 'resultsAnnounced' });
    expect(eventFor(c, all)).toEqual({ type: 'resultsAnnounced' });
    expect(eventFor(c, { ...all, resultsAnnouncedAt: undefined })).toBeNull();
  });

  it('R13: a candidate waiting for the supplementary announcement gets it once the exam has it', () => {
    const c = cand(paper, 'qualified', { round: 'supplementary', resultNotifiedAt: ANNOUNCED });
    expect(eventFor(c, all)).toEqual({ type: 'supplementaryAnnounced' });
    expect(eventFor(c, { ...all, supplementaryAnnouncedAt: undefined })).toBeNull();
  });

  it('N3: a candidate waiting for their certificate gets nothing from the exam: it arrives with its batch', () => {
    const c = cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED });
    expect(eventFor(c, all)).toBeNull();
  });

  it('nothing for a candidate in any other phase, whatever the exam has recorded', () => {
    expect(eventFor(cand(paper, 'verifying'), all)).toBeNull();
    expect(eventFor(cand(paper, 'qualified', announcedQualified), all)).toBeNull(); // booking
    expect(eventFor(cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED }), all)).toBeNull();
    expect(eventFor(cand(paper, 'revoked'), all)).toBeNull();
  });
});

describe('onTimeout: the consequence of a deadline, or a reminder', () => {
  it('R9: a phase without a deadline has no timeout consequence', () => {
    expect(
      onTimeout(
        cand(paper, 'qualified'),
        paper,
        deadlines(cand(paper, 'qualified')),
        at('2030-01-01T00:00:00'),
      ),
    ).toBeNull();
    const arrival = cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED });
    expect(onTimeout(arrival, paper, deadlines(arrival), at('2030-01-01T00:00:00'))).toBeNull();
  });

  it('R7: at the report deadline (24:00 of 2024-10-08) a candidate still being verified becomes pending', () => {
    const c = cand(paper, 'verifying', {}, false);
    const d = deadlines(c);
    expect(onTimeout(c, paper, d, new Date(Date.parse(VERIFICATION_DUE) - 1))).toBeNull();
    const now = new Date(VERIFICATION_DUE);
    expect(onTimeout(c, paper, d, now)).toEqual({
      candidate: {
        ...c,
        status: 'pending',
        lifecycle: initialFacts(),
        version: 4,
        updatedAt: now.toISOString(),
      },
      notices: [],
      action: 'lifecycle.pending',
    });
  });

  it('R12: a pending candidate who has not joined by the supplementary deadline forfeits and is told the deadline', () => {
    const c = cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED });
    const now = new Date(SUPPLEMENTARY_DUE);
    const o = onTimeout(c, paper, deadlines(c), now);
    expect(o?.action).toBe('lifecycle.forfeited');
    expect(o?.candidate).toEqual({ ...c, status: 'forfeited', version: 4, updatedAt: now.toISOString() });
    expect(o?.notices).toHaveLength(1);
    expect(o?.notices[0]?.template).toBe('forfeited');
    expect(o?.notices[0]?.text).toContain('2024年11月25日 24:00（北京时间）');
    const joined = cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED, supplementaryJoinedAt: ANNOUNCED });
    expect(onTimeout(joined, paper, deadlines(joined), now)).toBeNull();
  });

  it('R11: an unqualified candidate who has not appealed by the deadline: the window closes, the result stands', () => {
    const c = cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED });
    const now = at('2024-11-26T00:00:05');
    const o = onTimeout(c, paper, deadlines(c), now);
    expect(o).toEqual({
      candidate: {
        ...c,
        lifecycle: { ...c.lifecycle, appealClosedAt: now.toISOString() },
        version: 4,
        updatedAt: now.toISOString(),
      },
      notices: [],
      action: 'lifecycle.appealClosed',
    });
    expect(phase(o?.candidate as Candidate)).toEqual({ phase: 'done' });
  });

  it('R11: an appeal decision after the deadline is overdue staff work: no consequence, the wait goes on', () => {
    const c = cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED, appealFiledAt: ANNOUNCED });
    expect(onTimeout(c, paper, deadlines(c), at('2024-12-01T09:00:00'))).toBeNull();
  });

  it('R19: the booking window closed without a booking → on site, and the candidate is told', () => {
    const c = cand(paper, 'qualified', announcedQualified);
    const now = new Date(BOOKING_CLOSES);
    const o = onTimeout(c, paper, deadlines(c), now);
    expect(o?.action).toBe('lifecycle.bookingClosed');
    expect(o?.candidate.status).toBe('qualified');
    expect(o?.candidate.lifecycle).toEqual({ ...c.lifecycle, bookingClosedAt: now.toISOString() });
    expect(o?.notices.map((n) => n.template)).toEqual(['bookingClosed']);
    expect(phase(o?.candidate as Candidate)).toEqual({ phase: 'arrival' });
  });

  it('N3: a dispatch after its deadline is overdue staff work: no consequence', () => {
    const exam = paper;
    const c = cand(exam, 'qualified', {
      ...announcedQualified,
      bookedAt: ANNOUNCED,
      certificateArrivedAt: '2024-10-13T17:00:00.000Z',
    });
    expect(onTimeout(c, exam, deadlines(c, exam), at('2024-11-30T09:00:00'))).toBeNull();
  });

  it('R20: an unclaimed certificate goes into the custody register when custody ends', () => {
    const c = cand(paper, 'qualified', {
      ...announcedQualified,
      bookingClosedAt: ANNOUNCED,
      certificateArrivedAt: ANNOUNCED,
    });
    const d = deadlines(c);
    const now = new Date(CUSTODY_ENDS);
    const o = onTimeout(c, paper, d, now);
    expect(o).toEqual({
      candidate: {
        ...c,
        lifecycle: { ...c.lifecycle, transferListedAt: now.toISOString() },
        version: 4,
        updatedAt: now.toISOString(),
      },
      notices: [],
      action: 'lifecycle.custody',
    });
    expect(phase(o?.candidate as Candidate)).toEqual({ phase: 'done' });
  });

  it('R12: the supplementary reminder goes 3 days before the deadline, once', () => {
    const c = cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED, reminders: ['appeal:x'] });
    const d = deadlines(c);
    const remindAt = Date.parse(SUPPLEMENTARY_DUE) - 3 * DAY; // 2024-11-23 00:00 Beijing
    expect(onTimeout(c, paper, d, new Date(remindAt - 1))).toBeNull();
    const now = new Date(remindAt);
    const o = onTimeout(c, paper, d, now);
    const key = `supplementary:${SUPPLEMENTARY_DUE}`;
    expect(o).toEqual({
      candidate: {
        ...c,
        lifecycle: { ...c.lifecycle, reminders: ['appeal:x', key] },
        version: 4,
        updatedAt: now.toISOString(),
      },
      notices: [
        {
          template: 'reminder.supplementary',
          text: expect.stringContaining('2024年11月25日 24:00（北京时间）'),
        },
      ],
      action: 'lifecycle.reminder.supplementary',
    });
    // sent: not again
    expect(onTimeout(o?.candidate as Candidate, paper, d, new Date(remindAt + DAY))).toBeNull();
  });

  it('R11: the appeal reminder goes 3 days before the deadline', () => {
    const c = cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED });
    const o = onTimeout(c, paper, deadlines(c), at('2024-11-24T10:00:00'));
    expect(o?.action).toBe('lifecycle.reminder.appeal');
    expect(o?.notices[0]?.template).toBe('reminder.appeal');
    expect(o?.candidate.lifecycle?.reminders).toEqual([`appeal:${SUPPLEMENTARY_DUE}`]);
  });

  it('R20: the collection reminder goes 30 days before custody ends; R7: verification has no reminder', () => {
    const c = cand(paper, 'qualified', {
      ...announcedQualified,
      bookingClosedAt: ANNOUNCED,
      certificateArrivedAt: ANNOUNCED,
    });
    const d = deadlines(c);
    const remindAt = Date.parse(CUSTODY_ENDS) - 30 * DAY;
    const yearly = [1, 2, 3, 4].map((n) => `collection:${CUSTODY_ENDS}:y${n}`);
    expect(onTimeout(withReminders(c, yearly), paper, d, new Date(remindAt - 1))).toBeNull();
    expect(onTimeout(c, paper, d, new Date(remindAt - 1))?.notices[0]?.template).toBe('reminder.custody');
    expect(onTimeout(c, paper, d, new Date(remindAt))?.notices[0]?.template).toBe('reminder.collection');
    const v = cand(paper, 'verifying');
    expect(onTimeout(v, paper, deadlines(v), new Date(Date.parse(VERIFICATION_DUE) - 1000))).toBeNull();
  });

  it('R20: a certificate kept on site is reminded once a year from its arrival on, then before custody ends', () => {
    const arrived = '2026-01-01T00:00:00.000Z';
    const c = cand(paper, 'qualified', {
      ...announcedQualified,
      bookingClosedAt: ANNOUNCED,
      certificateArrivedAt: arrived,
    });
    const r = remindersOf('collection', CUSTODY_ENDS, c.lifecycle ?? { certificateArrivedAt: arrived });
    // custody ends 2029-09-11 00:00 +08:00: the anniversaries after the arrival, then 30 days before
    expect(r).toEqual([
      { key: `collection:${CUSTODY_ENDS}:y3`, at: '2026-09-10T16:00:00.000Z', yearly: true },
      { key: `collection:${CUSTODY_ENDS}:y2`, at: '2027-09-10T16:00:00.000Z', yearly: true },
      { key: `collection:${CUSTODY_ENDS}:y1`, at: '2028-09-10T16:00:00.000Z', yearly: true },
      { key: `collection:${CUSTODY_ENDS}`, at: '2029-08-11T16:00:00.000Z', yearly: false },
    ]);
    expect(remindersOf('booking', CUSTODY_ENDS, {}).map((x) => x.yearly)).toEqual([false]);
    expect(remindersOf('verification', CUSTODY_ENDS, {})).toEqual([]);
    expect(remindersOf('collection', undefined, {})).toEqual([]);
    const d = deadlines(c);
    expect(onTimeout(c, paper, d, new Date('2026-09-10T15:59:59.000Z'))).toBeNull();
    const first = onTimeout(c, paper, d, new Date('2026-09-10T16:00:00.000Z'));
    expect(first?.notices.map((n) => n.template)).toEqual(['reminder.custody']);
    expect(first?.notices[0]?.text).toMatch(/代为保管至2029年9月10日 24:00/);
    expect(first?.candidate.lifecycle?.reminders).toEqual([`collection:${CUSTODY_ENDS}:y3`]);
    expect(first?.action).toBe('lifecycle.reminder.collection');
    // woken late (two anniversaries and the final one past): one message, the final one, all marked sent
    const late = onTimeout(c, paper, d, new Date('2029-08-20T00:00:00.000Z'));
    expect(late?.notices.map((n) => n.template)).toEqual(['reminder.collection']);
    expect(late?.candidate.lifecycle?.reminders).toHaveLength(4);
    const p = planNext(
      {
        ...c,
        lifecycle: { ...(c.lifecycle as LifecycleFacts), executionStartedAt: '2026-06-01T00:00:00.000Z' },
      },
      paper,
      d,
      new Date('2026-06-01T00:00:00.000Z'),
    );
    expect(p.remindAt).toBe('2026-09-10T16:00:00.000Z');
    expect(p.wakeAt).toBe('2026-09-10T16:00:00.000Z');
  });
});

const withReminders = (c: Candidate, keys: string[]): Candidate => ({
  ...c,
  lifecycle: { ...(c.lifecycle as LifecycleFacts), reminders: keys },
});

describe('planNext: what the execution waits for and when it wakes', () => {
  const started = '2024-09-23T02:00:00.000Z';
  const horizon = new Date(Date.parse(started) + 360 * DAY).toISOString();
  const plan = (c: Candidate, now: Date, exam: Exam = paper) => planNext(c, exam, deadlines(c, exam), now);

  it('a phase that is not a wait ends the wait at once', () => {
    const now = at('2024-10-20T09:00:00');
    expect(plan(cand(paper, 'forfeited', { executionStartedAt: started }), now)).toEqual({
      phase: 'done',
      timeoutSeconds: 1,
    });
    expect(
      plan(cand(issued, 'qualified', { ...announcedQualified, executionStartedAt: started }), now, issued),
    ).toEqual({
      phase: 'electronic',
      timeoutSeconds: 1,
    });
  });

  it('at the one-year horizon (360 days after the execution started) a successor takes over', () => {
    const c = cand(paper, 'qualified', {
      ...announcedQualified,
      bookingClosedAt: ANNOUNCED,
      executionStartedAt: started,
    });
    expect(plan(c, new Date(horizon))).toEqual({ phase: 'successor', timeoutSeconds: 1 });
    expect(plan(c, new Date(Date.parse(horizon) + DAY))).toEqual({ phase: 'successor', timeoutSeconds: 1 });
    // one second before: the arrival wait, woken at the horizon
    expect(plan(c, new Date(Date.parse(horizon) - 1000))).toEqual({
      phase: 'arrival',
      wakeAt: new Date(Date.parse(horizon)).toISOString(),
      timeoutSeconds: 1,
    });
  });

  it('R7: waits for the verification decision until the report deadline, without a reminder', () => {
    const c = cand(paper, 'verifying', { executionStartedAt: started });
    const now = at('2024-09-30T12:00:00');
    expect(plan(c, now)).toEqual({
      phase: 'verification',
      deadline: VERIFICATION_DUE,
      rule: 'R7',
      wakeAt: '2024-10-08T16:00:00.000Z',
      timeoutSeconds: (Date.parse(VERIFICATION_DUE) - now.getTime()) / 1000,
    });
  });

  it('an execution that has not recorded its start counts the horizon from now', () => {
    const c = cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED });
    const now = at('2024-10-20T09:00:00');
    expect(plan(c, now)).toEqual({
      phase: 'arrival',
      wakeAt: new Date(now.getTime() + 360 * DAY).toISOString(),
      timeoutSeconds: 360 * 86_400,
    });
    expect(
      plan(cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED }, false), now).phase,
    ).toBe('results');
  });

  it('R12: wakes for the reminder 3 days before the supplementary deadline; once sent, at the deadline', () => {
    const now = at('2024-11-01T09:00:00');
    const c = cand(paper, 'pending', {
      resultNotifiedAt: ANNOUNCED,
      executionStartedAt: started,
      reminders: ['supplementary:other'],
    });
    const remindAt = '2024-11-22T16:00:00.000Z';
    expect(plan(c, now)).toEqual({
      phase: 'supplementary',
      deadline: SUPPLEMENTARY_DUE,
      rule: 'R12',
      remindAt,
      wakeAt: remindAt,
      timeoutSeconds: (Date.parse(remindAt) - now.getTime()) / 1000,
    });
    const reminded = cand(paper, 'pending', {
      resultNotifiedAt: ANNOUNCED,
      executionStartedAt: started,
      reminders: [`supplementary:${SUPPLEMENTARY_DUE}`],
    });
    expect(plan(reminded, now)).toEqual({
      phase: 'supplementary',
      deadline: SUPPLEMENTARY_DUE,
      rule: 'R12',
      wakeAt: '2024-11-25T16:00:00.000Z',
      timeoutSeconds: (Date.parse(SUPPLEMENTARY_DUE) - now.getTime()) / 1000,
    });
  });

  it('R12: a reminder already due wakes in one second, never in the past', () => {
    const now = at('2024-11-24T09:00:00');
    const c = cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED, executionStartedAt: started });
    expect(plan(c, now)).toEqual({
      phase: 'supplementary',
      deadline: SUPPLEMENTARY_DUE,
      rule: 'R12',
      remindAt: '2024-11-22T16:00:00.000Z',
      wakeAt: new Date(now.getTime() + 1000).toISOString(),
      timeoutSeconds: 1,
    });
  });

  it('R7: a past deadline with a consequence still to apply wakes at once', () => {
    const now = at('2024-10-10T09:00:00');
    const c = cand(paper, 'verifying', { executionStartedAt: started });
    expect(plan(c, now)).toEqual({
      phase: 'verification',
      deadline: VERIFICATION_DUE,
      rule: 'R7',
      wakeAt: new Date(now.getTime() + 1000).toISOString(),
      timeoutSeconds: 1,
    });
  });

  it('R11, N3: overdue staff work (an appeal decision, a dispatch) waits on until the horizon', () => {
    const now = at('2024-12-01T09:00:00');
    const filed = cand(paper, 'unqualified', {
      resultNotifiedAt: ANNOUNCED,
      appealFiledAt: ANNOUNCED,
      executionStartedAt: started,
    });
    expect(plan(filed, now)).toEqual({
      phase: 'appealDecision',
      deadline: SUPPLEMENTARY_DUE,
      rule: 'R11',
      wakeAt: horizon,
      timeoutSeconds: (Date.parse(horizon) - now.getTime()) / 1000,
    });
    // R12: joined in time, the supplementary decision is late: no consequence either
    const joined = cand(paper, 'pending', {
      resultNotifiedAt: ANNOUNCED,
      supplementaryJoinedAt: ANNOUNCED,
      executionStartedAt: started,
      reminders: [`supplementary:${SUPPLEMENTARY_DUE}`],
    });
    expect(plan(joined, now).wakeAt).toBe(horizon);
  });

  it('R9: a wait without a deadline (the announcement) wakes only at the horizon', () => {
    const now = at('2024-10-09T09:00:00');
    expect(plan(cand(paper, 'qualified', { executionStartedAt: started }), now)).toEqual({
      phase: 'results',
      wakeAt: horizon,
      timeoutSeconds: (Date.parse(horizon) - now.getTime()) / 1000,
    });
  });

  it('R20: the horizon comes before a far deadline and its reminder', () => {
    const now = at('2025-01-10T09:00:00');
    const c = cand(paper, 'qualified', {
      ...announcedQualified,
      bookingClosedAt: ANNOUNCED,
      certificateArrivedAt: ANNOUNCED,
      executionStartedAt: started,
      reminders: [1, 2, 3, 4].map((n) => `collection:${CUSTODY_ENDS}:y${n}`),
    });
    expect(plan(c, now)).toEqual({
      phase: 'collection',
      deadline: CUSTODY_ENDS,
      rule: 'R20',
      remindAt: '2029-08-11T16:00:00.000Z',
      wakeAt: horizon,
      timeoutSeconds: (Date.parse(horizon) - now.getTime()) / 1000,
    });
  });

  it('the timeout is rounded up to whole seconds', () => {
    const c = cand(paper, 'verifying', { executionStartedAt: started });
    expect(plan(c, new Date(Date.parse(VERIFICATION_DUE) - 1500)).timeoutSeconds).toBe(2);
    expect(plan(c, new Date(Date.parse(VERIFICATION_DUE) - 2000)).timeoutSeconds).toBe(2);
    expect(plan(c, new Date(Date.parse(VERIFICATION_DUE) - 1000)).timeoutSeconds).toBe(1);
  });
});

describe('applyEvent: what each event changes, or why it is refused', () => {
  const now = at('2024-10-05T10:00:00');
  const changedBy = (
    c: Candidate,
    patch: Partial<Candidate>,
    facts: Partial<LifecycleFacts>,
    when = now,
  ) => ({
    ...c,
    ...patch,
    lifecycle: { ...(c.lifecycle ?? initialFacts()), ...facts },
    version: c.version + 1,
    updatedAt: when.toISOString(),
  });

  it('R14: a revoked candidate accepts no event at all, not even another revocation', () => {
    const r = cand(paper, 'revoked', { ...announcedQualified, revokedAt: ANNOUNCED });
    for (const e of [
      { type: 'revoked', reason: '伪造学历' },
      { type: 'verified', outcome: 'qualified' },
      { type: 'booked' },
    ] as LifecycleEvent[]) {
      expect(conflict(() => apply(r, e, now)).message).toContain('R14');
    }
  });

  it('R14: revocation at any phase voids the registration and records when and why', () => {
    for (const c of [
      cand(paper, 'verifying', {}, false),
      cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED }),
      cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED }),
    ]) {
      const o = apply(c, { type: 'revoked', reason: '伪造学历' }, now);
      expect(o).toEqual({
        candidate: changedBy(c, { status: 'revoked' }, { revokedAt: now.toISOString() }),
        notices: [],
        action: 'lifecycle.revoked',
        reason: '伪造学历',
      });
      expect(phase(o.candidate)).toEqual({ phase: 'done' });
    }
  });

  describe('verified (R7)', () => {
    it('R7: the round-1 decision is recorded until the report deadline, exclusive', () => {
      const c = cand(paper, 'verifying', {}, false);
      for (const outcome of ['qualified', 'unqualified'] as const) {
        const when = new Date(Date.parse(VERIFICATION_DUE) - 1);
        expect(apply(c, { type: 'verified', outcome }, when)).toEqual({
          candidate: changedBy(c, { status: outcome }, {}, when),
          notices: [],
          action: 'lifecycle.verified',
        });
      }
      late(
        () => apply(c, { type: 'verified', outcome: 'qualified' }, new Date(VERIFICATION_DUE)),
        VERIFICATION_DUE,
        'R7',
        '核查结果报送',
        '2024年10月8日 24:00（北京时间）',
      );
    });

    it('R7: only a candidate being verified gets a round-1 decision, whatever the time', () => {
      const e = conflict(() =>
        apply(
          cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED }),
          { type: 'verified', outcome: 'qualified' },
          now,
        ),
      );
      expect(e.message).toContain('「报考条件待核查」');
      conflict(() =>
        apply(
          cand(paper, 'qualified'),
          { type: 'verified', outcome: 'unqualified' },
          at('2024-10-20T10:00:00'),
        ),
      );
    });
  });

  describe('resultsAnnounced (R9)', () => {
    const exam = { ...paper, resultsAnnouncedAt: ANNOUNCED };
    const when = at('2024-10-10T09:05:00');

    it('R9, R18: a qualified candidate is told and qualified as of the announcement, which R18 counts from', () => {
      const c = cand(exam, 'qualified');
      const o = apply(c, { type: 'resultsAnnounced' }, when, exam);
      expect(o.candidate).toEqual(
        changedBy(c, {}, { resultNotifiedAt: when.toISOString(), qualifiedAt: ANNOUNCED }, when),
      );
      expect(o.action).toBe('lifecycle.resultsAnnounced');
      expect(o.notices).toEqual([{ template: 'result', text: expect.stringContaining('核查合格。') }]);
      expect(phase(o.candidate, exam)).toEqual({ phase: 'booking', deadline: BOOKING_CLOSES, rule: 'R18' });
    });

    it('R9: without a recorded announcement instant, the candidate is qualified as of now', () => {
      const c = cand(paper, 'qualified', {}, false);
      const o = apply(c, { type: 'resultsAnnounced' }, when);
      expect(o.candidate.lifecycle).toEqual({
        ...initialFacts(),
        resultNotifiedAt: when.toISOString(),
        qualifiedAt: when.toISOString(),
      });
    });

    it('R9, R10: unqualified and pending candidates are told their next deadline; no qualifiedAt', () => {
      const u = cand(exam, 'unqualified');
      const ou = apply(u, { type: 'resultsAnnounced' }, when, exam);
      expect(ou.candidate.lifecycle).toEqual({ ...u.lifecycle, resultNotifiedAt: when.toISOString() });
      expect(ou.candidate.lifecycle).not.toHaveProperty('qualifiedAt');
      expect(ou.notices[0]?.template).toBe('result');
      expect(ou.notices[0]?.text).toContain('2024年11月25日 24:00（北京时间）前提出申辩');
      const p = cand(exam, 'pending');
      const op = apply(p, { type: 'resultsAnnounced' }, when, exam);
      expect(op.candidate.lifecycle).not.toHaveProperty('qualifiedAt');
      expect(op.notices[0]?.text).toContain('2024年11月25日 24:00（北京时间）前参加补充资格核查');
    });

    it('R9: a candidate already told (or in another phase) is not told again', () => {
      conflict(() =>
        apply(cand(exam, 'qualified', announcedQualified), { type: 'resultsAnnounced' }, when, exam),
      );
      conflict(() => apply(cand(exam, 'verifying'), { type: 'resultsAnnounced' }, when, exam));
    });
  });

  describe('supplementary verification (R10, R12)', () => {
    const pending = () => cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED });

    it('R12: a pending candidate joins until the supplementary deadline, exclusive', () => {
      const c = pending();
      const when = new Date(Date.parse(SUPPLEMENTARY_DUE) - 1);
      expect(apply(c, { type: 'supplementaryJoined' }, when)).toEqual({
        candidate: changedBy(c, {}, { supplementaryJoinedAt: when.toISOString() }, when),
        notices: [],
        action: 'lifecycle.supplementaryJoined',
      });
      late(
        () => apply(c, { type: 'supplementaryJoined' }, new Date(SUPPLEMENTARY_DUE)),
        SUPPLEMENTARY_DUE,
        'R12',
        '补充资格核查',
        '2024年11月25日 24:00（北京时间）',
      );
    });

    it('R12: joining twice, or when not pending (forfeited, say), is a conflict, also after the deadline', () => {
      const joined = cand(paper, 'pending', {
        resultNotifiedAt: ANNOUNCED,
        supplementaryJoinedAt: ANNOUNCED,
      });
      conflict(() => apply(joined, { type: 'supplementaryJoined' }, now));
      conflict(() => apply(joined, { type: 'supplementaryJoined' }, at('2024-12-01T10:00:00')));
      // forfeited: refused quoting R12 (issue 10 §2), before the deadline is even looked at
      const forfeited = refused(() =>
        apply(
          cand(paper, 'forfeited', { resultNotifiedAt: ANNOUNCED }),
          { type: 'supplementaryJoined' },
          at('2024-12-01T10:00:00'),
        ),
      );
      expect(forfeited.code).toBe('CONFLICT');
      expect(forfeited.details).toEqual({ rule: 'R12' });
      expect(forfeited.message).toContain('（R12）');
      conflict(() =>
        apply(
          cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED }),
          { type: 'supplementaryJoined' },
          now,
        ),
      );
    });

    it('R10: the supplementary decision is taken only after the candidate joined; it starts round 2', () => {
      conflict(() => apply(pending(), { type: 'supplementaryDecided', outcome: 'qualified' }, now));
      conflict(() =>
        apply(
          cand(paper, 'qualified', { ...announcedQualified, supplementaryJoinedAt: ANNOUNCED }),
          { type: 'supplementaryDecided', outcome: 'qualified' },
          now,
        ),
      );
      const joined = cand(paper, 'pending', {
        resultNotifiedAt: ANNOUNCED,
        supplementaryJoinedAt: ANNOUNCED,
      });
      const when = at('2024-11-28T10:00:00');
      for (const outcome of ['qualified', 'unqualified'] as const) {
        expect(apply(joined, { type: 'supplementaryDecided', outcome }, when)).toEqual({
          candidate: changedBy(joined, { status: outcome }, { round: 'supplementary' }, when),
          notices: [],
          action: 'lifecycle.supplementaryDecided',
        });
      }
    });
  });

  describe('supplementaryAnnounced (R13)', () => {
    const exam = {
      ...paper,
      resultsAnnouncedAt: ANNOUNCED,
      supplementaryAnnouncedAt: '2024-12-02T02:00:00.000Z',
    };
    const round2 = {
      round: 'supplementary',
      resultNotifiedAt: ANNOUNCED,
      supplementaryJoinedAt: ANNOUNCED,
    } as const;
    const when = at('2024-12-02T10:05:00');

    it('R13, R18: a candidate qualified in round 2 is told, and qualified as of the supplementary announcement', () => {
      const c = cand(exam, 'qualified', round2);
      const o = apply(c, { type: 'supplementaryAnnounced' }, when, exam);
      expect(o).toEqual({
        candidate: changedBy(
          c,
          {},
          { supplementaryNotifiedAt: when.toISOString(), qualifiedAt: '2024-12-02T02:00:00.000Z' },
          when,
        ),
        notices: [{ template: 'supplementaryResult', text: expect.stringContaining('：合格。') }],
        action: 'lifecycle.supplementaryAnnounced',
      });
      // R18: 12-02 + 30 = 2025-01-01 (元旦) → 01-02
      expect(phase(o.candidate, exam)).toEqual({
        phase: 'booking',
        deadline: '2025-01-03T00:00:00+08:00',
        rule: 'R18',
      });
    });

    it('R13: without a recorded announcement instant, qualified as of now', () => {
      const c = cand(paper, 'qualified', round2);
      expect(apply(c, { type: 'supplementaryAnnounced' }, when).candidate.lifecycle?.qualifiedAt).toBe(
        when.toISOString(),
      );
    });

    it('R13: only candidates waiting for the supplementary announcement are in it', () => {
      conflict(() =>
        apply(cand(exam, 'qualified', announcedQualified), { type: 'supplementaryAnnounced' }, when, exam),
      );
      conflict(() =>
        apply(
          cand(exam, 'qualified', {
            ...round2,
            supplementaryNotifiedAt: when.toISOString(),
            qualifiedAt: ANNOUNCED,
          }),
          { type: 'supplementaryAnnounced' },
          when,
          exam,
        ),
      );
    });
  });

  describe('appeals (R10, R11)', () => {
    const unqualified = () => cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED });

    it('R11: an unqualified candidate appeals until the supplementary deadline, exclusive', () => {
      const c = unqualified();
      const when = new Date(Date.parse(SUPPLEMENTARY_DUE) - 1);
      expect(apply(c, { type: 'appealFiled' }, when)).toEqual({
        candidate: changedBy(c, {}, { appealFiledAt: when.toISOString() }, when),
        notices: [],
        action: 'lifecycle.appealFiled',
      });
      late(
        () => apply(c, { type: 'appealFiled' }, new Date(SUPPLEMENTARY_DUE)),
        SUPPLEMENTARY_DUE,
        'R11',
        '申辩',
        '2024年11月25日 24:00（北京时间）',
      );
    });

    it('R10: an appeal is filed once, only by an unqualified candidate told their result', () => {
      conflict(() =>
        apply(
          cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED, appealFiledAt: ANNOUNCED }),
          { type: 'appealFiled' },
          now,
        ),
      );
      conflict(() => apply(cand(paper, 'unqualified'), { type: 'appealFiled' }, now));
      conflict(() => apply(cand(paper, 'qualified', announcedQualified), { type: 'appealFiled' }, now));
      conflict(() =>
        apply(cand(paper, 'pending', { resultNotifiedAt: ANNOUNCED }), { type: 'appealFiled' }, now),
      );
      // a filed appeal after the deadline: the conflict, not the deadline, is the reason
      conflict(() =>
        apply(
          cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED, appealFiledAt: ANNOUNCED }),
          { type: 'appealFiled' },
          at('2024-12-01T10:00:00'),
        ),
      );
    });

    it('R10, R18: an upheld appeal makes the candidate qualified as of the decision, and they may book', () => {
      const c = cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED, appealFiledAt: ANNOUNCED });
      const when = at('2024-12-05T10:00:00'); // after the appeal deadline: overdue staff work is still accepted
      const o = apply(c, { type: 'appealDecided', outcome: 'upheld' }, when);
      expect(o).toEqual({
        candidate: changedBy(
          c,
          { status: 'qualified' },
          { appealDecision: 'upheld', round: 'appeal', qualifiedAt: when.toISOString() },
          when,
        ),
        notices: [{ template: 'appealUpheld', text: expect.stringContaining('合格') }],
        action: 'lifecycle.appealDecided',
      });
      // R18: 12-05 + 30 = Saturday 2025-01-04 → Monday 01-06
      expect(phase(o.candidate).phase).toBe('booking');
      expect(deadlines(o.candidate).dates.bookingCloses).toBe('2025-01-06');
    });

    it('R10: a rejected appeal leaves the result standing and ends the lifecycle; the candidate is told', () => {
      const c = cand(paper, 'unqualified', { resultNotifiedAt: ANNOUNCED, appealFiledAt: ANNOUNCED });
      const o = apply(c, { type: 'appealDecided', outcome: 'rejected' }, now);
      expect(o).toEqual({
        candidate: changedBy(c, {}, { appealDecision: 'rejected' }),
        notices: [{ template: 'appealRejected', text: expect.stringContaining('不合格') }],
        action: 'lifecycle.appealDecided',
      });
      expect(phase(o.candidate)).toEqual({ phase: 'done' });
    });

    it('R10: no decision without a pending appeal', () => {
      conflict(() => apply(unqualified(), { type: 'appealDecided', outcome: 'upheld' }, now));
      conflict(() =>
        apply(
          cand(paper, 'unqualified', {
            resultNotifiedAt: ANNOUNCED,
            appealFiledAt: ANNOUNCED,
            appealDecision: 'rejected',
          }),
          { type: 'appealDecided', outcome: 'upheld' },
          now,
        ),
      );
    });
  });

  describe('eCertIssued (R17, R21)', () => {
    const cert = {
      kind: 'electronic',
      number: 'HN-JZS2-2024-0000A-TI',
      issuedAt: '2024-10-20',
      status: 'valid',
    } as const;
    it('R17: hr issues the electronic certificate to a qualified candidate of an electronic exam; the candidate is told', () => {
      const c = cand(issued, 'qualified', announcedQualified);
      const o = apply(c, { type: 'eCertIssued' }, now, issued);
      expect(o).toEqual({
        candidate: changedBy(c, {}, { eCertIssuedAt: now.toISOString() }),
        notices: [{ template: 'eCert', text: expect.stringContaining('电子证书') }],
        action: 'lifecycle.eCertIssued',
      });
      expect(phase(o.candidate, issued)).toEqual({ phase: 'done' });
      // with its record: the certificate goes on the candidate
      expect(apply(c, { type: 'eCertIssued', certificate: cert }, now, issued).candidate.certificate).toEqual(
        cert,
      );
    });

    it('R17, R21: no e-certificate for a paper exam, before the issuance, or twice', () => {
      conflict(() => apply(cand(paper, 'qualified', announcedQualified), { type: 'eCertIssued' }, now));
      conflict(() =>
        apply(cand(electronic, 'qualified', announcedQualified), { type: 'eCertIssued' }, now, electronic),
      );
      conflict(() =>
        apply(
          cand(issued, 'qualified', { ...announcedQualified, eCertIssuedAt: ANNOUNCED }),
          { type: 'eCertIssued' },
          now,
          issued,
        ),
      );
      conflict(() =>
        apply(
          { ...cand(issued, 'qualified', announcedQualified), certificate: cert },
          { type: 'eCertIssued' },
          now,
          issued,
        ),
      );
    });

    it('R14: a revocation makes the certificate revoked from that day (China date)', () => {
      const c = {
        ...cand(issued, 'qualified', { ...announcedQualified, eCertIssuedAt: ANNOUNCED }),
        certificate: cert,
      };
      const o = apply(c, { type: 'revoked', reason: '伪造学历' }, at('2024-11-02T07:30:00'), issued);
      expect(o.candidate.certificate).toEqual({ ...cert, status: 'revoked', revokedAt: '2024-11-02' });
    });
  });

  describe('booking (R18)', () => {
    const when = at('2024-10-12T09:00:00');

    it('R18: a qualified paper candidate books inside the window, exclusive of its end', () => {
      for (const exam of [paper, association, unknownType]) {
        const c = cand(exam, 'qualified', announcedQualified);
        expect(apply(c, { type: 'booked' }, when, exam)).toEqual({
          candidate: changedBy(c, {}, { bookedAt: when.toISOString() }, when),
          // R18: an SMS confirms the booking, with until when it may be changed
          notices: [notices.booked(undefined, BOOKING_CLOSES)],
          action: 'lifecycle.booked',
        });
      }
      const c = cand(paper, 'qualified', announcedQualified);
      expect(
        apply(c, { type: 'booked' }, new Date(Date.parse(BOOKING_CLOSES) - 1)).candidate.lifecycle?.bookedAt,
      ).toBeDefined();
      late(
        () => apply(c, { type: 'booked' }, new Date(BOOKING_CLOSES)),
        BOOKING_CLOSES,
        'R18',
        '证书邮寄预约',
        '2024年11月11日 24:00（北京时间）',
      );
    });

    it('R18: once the window has been closed by its timeout, a booking is late even if the clock says otherwise', () => {
      const c = cand(paper, 'qualified', { ...announcedQualified, bookingClosedAt: ANNOUNCED });
      late(
        () => apply(c, { type: 'booked' }, when),
        BOOKING_CLOSES,
        'R18',
        '证书邮寄预约',
        '2024年11月11日 24:00（北京时间）',
      );
    });

    it('R18: before the announcement there is no booking window', () => {
      const c = cand(paper, 'qualified');
      const e = conflict(() => apply(c, { type: 'booked' }, when));
      expect(e.message).toContain('R18');
    });

    it('R18: only a qualified candidate books, once', () => {
      conflict(() => apply(cand(paper, 'unqualified', announcedQualified), { type: 'booked' }, when));
      conflict(() => apply(cand(paper, 'pending', announcedQualified), { type: 'booked' }, when));
      conflict(() =>
        apply(
          cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED }),
          { type: 'booked' },
          when,
        ),
      );
      // booked and the window since closed: still "already booked", not late
      conflict(() =>
        apply(
          cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED }),
          { type: 'booked' },
          at('2024-11-20T09:00:00'),
        ),
      );
    });

    it('R17, R21: an electronic exam never books paper, even before the announcement', () => {
      const e = conflict(() =>
        apply(cand(electronic, 'qualified', announcedQualified), { type: 'booked' }, when, electronic),
      );
      expect(e.message).toMatch(/R17.*R21/);
      conflict(() => apply(cand(electronic, 'qualified'), { type: 'booked' }, when, electronic));
    });

    it('R18: a booking is cancelled inside the window, exclusive of its end, until it is dispatched', () => {
      const c = cand(paper, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED });
      const last = new Date(Date.parse(BOOKING_CLOSES) - 1);
      const o = apply(c, { type: 'bookingCancelled' }, last);
      expect(o).toEqual({
        candidate: changedBy(c, {}, { bookedAt: undefined }, last),
        notices: [notices.bookingCancelled(BOOKING_CLOSES)],
        action: 'lifecycle.bookingCancelled',
      });
      expect(o.candidate.lifecycle?.bookedAt).toBeUndefined();
      expect(phase(o.candidate)).toEqual({ phase: 'booking', deadline: BOOKING_CLOSES, rule: 'R18' });
      late(
        () => apply(c, { type: 'bookingCancelled' }, new Date(BOOKING_CLOSES)),
        BOOKING_CLOSES,
        'R18',
        '变更或取消预约',
        '2024年11月11日 24:00（北京时间）',
      );
      conflict(() => apply(cand(paper, 'qualified', announcedQualified), { type: 'bookingCancelled' }, when));
      conflict(() =>
        apply(
          cand(paper, 'qualified', {
            ...announcedQualified,
            bookedAt: ANNOUNCED,
            certificateArrivedAt: ANNOUNCED,
            trackingNo: 'EMS1',
          }),
          { type: 'bookingCancelled' },
          when,
        ),
      );
    });

    it('R18: a booking without a known window may be cancelled at any time', () => {
      const c = cand(paper, 'qualified', { resultNotifiedAt: ANNOUNCED, bookedAt: ANNOUNCED });
      expect(
        apply(c, { type: 'bookingCancelled' }, at('2025-06-01T09:00:00')).candidate.lifecycle?.bookedAt,
      ).toBeUndefined();
    });
  });

  describe('certificates, dispatch, delivery and collection (N3, R16, R19, R20)', () => {
    const arrivedAt = '2024-11-20T02:00:00.000Z';
    const exam = paper;
    const when = at('2024-11-20T10:05:00');
    const certificate = {
      kind: 'paper',
      number: 'ZS2024000001',
      issuedAt: '2024-11-15',
      status: 'valid',
    } as const;
    const arrives = { type: 'certificatesArrived', certificate, at: arrivedAt } as const;

    it('N3: a certificate arrives for a booked candidate with its batch: recorded as of the batch, nobody told yet', () => {
      const c = cand(exam, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED });
      const o = apply(c, arrives, when, exam);
      expect(o).toEqual({
        candidate: changedBy(c, { certificate }, { certificateArrivedAt: arrivedAt }, when),
        notices: [],
        action: 'lifecycle.certificatesArrived',
      });
      expect(phase(o.candidate, exam).phase).toBe('dispatch');
    });

    it('R19, R20: an unbooked candidate is told to collect on site, with the end of custody', () => {
      const c = cand(exam, 'qualified', { ...announcedQualified, bookingClosedAt: ANNOUNCED });
      const o = apply(c, arrives, when, exam);
      expect(o.notices).toEqual([
        { template: 'collectOnSite', text: expect.stringContaining('2029年9月10日 24:00（北京时间）') },
      ]);
      expect(phase(o.candidate, exam)).toEqual({ phase: 'collection', deadline: CUSTODY_ENDS, rule: 'R20' });
    });

    it('N3: a certificate arriving while booking is open is recorded, nobody told; once booking ends it is due for dispatch', () => {
      const c = cand(exam, 'qualified', announcedQualified);
      expect(phase(c, exam).phase).toBe('booking');
      const o = apply(c, arrives, when, exam);
      expect(o.notices).toEqual([]);
      expect(o.candidate.certificate).toEqual(certificate);
      expect(phase(o.candidate, exam).phase).toBe('booking');
      const booked = {
        ...o.candidate,
        lifecycle: { ...o.candidate.lifecycle, bookedAt: ANNOUNCED },
      } as Candidate;
      expect(phase(booked, exam).phase).toBe('dispatch');
    });

    it('N3: a certificate arrives once, for a qualified candidate waiting for it', () => {
      conflict(() =>
        apply(
          cand(exam, 'qualified', {
            ...announcedQualified,
            bookedAt: ANNOUNCED,
            certificateArrivedAt: arrivedAt,
          }),
          arrives,
          when,
          exam,
        ),
      );
      conflict(() =>
        apply(
          { ...cand(exam, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED }), certificate },
          arrives,
          when,
          exam,
        ),
      );
      conflict(() => apply(cand(exam, 'unqualified', { resultNotifiedAt: ANNOUNCED }), arrives, when, exam));
      // delivered already (done): not waiting
      conflict(() =>
        apply(
          cand(exam, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED, deliveredAt: ANNOUNCED }),
          arrives,
          when,
          exam,
        ),
      );
    });

    const arrived = { ...announcedQualified, bookedAt: ANNOUNCED, certificateArrivedAt: arrivedAt };

    it('R18: a booked certificate is dispatched by China Post and the candidate gets the tracking number', () => {
      const c = cand(exam, 'qualified', arrived);
      const o = apply(c, { type: 'dispatched', trackingNo: 'EMS123456789CN' }, when, exam);
      expect(o).toEqual({
        candidate: changedBy(c, {}, { trackingNo: 'EMS123456789CN' }, when),
        notices: [{ template: 'dispatched', text: expect.stringContaining('EMS123456789CN') }],
        action: 'lifecycle.dispatched',
      });
      expect(phase(o.candidate, exam)).toEqual({ phase: 'delivery' });
    });

    it('R18: nothing to dispatch before arrival, while in transit, or for an unbooked certificate', () => {
      const e: LifecycleEvent = { type: 'dispatched', trackingNo: 'EMS2' };
      conflict(() =>
        apply(cand(exam, 'qualified', { ...announcedQualified, bookedAt: ANNOUNCED }), e, when, exam),
      );
      conflict(() => apply(cand(exam, 'qualified', { ...arrived, trackingNo: 'EMS1' }), e, when, exam));
      conflict(() =>
        apply(
          cand(exam, 'qualified', {
            ...announcedQualified,
            bookingClosedAt: ANNOUNCED,
            certificateArrivedAt: arrivedAt,
          }),
          e,
          when,
          exam,
        ),
      );
    });

    it('R19: after one failed delivery the certificate is sent again; after the second it goes on site and the candidate is told', () => {
      const inTransit = cand(exam, 'qualified', { ...arrived, trackingNo: 'EMS1' });
      const first = apply(inTransit, { type: 'deliveryFailed', reason: '地址不详' }, when, exam);
      // a second attempt: the tracking number cleared (back on the next manifest), the candidate told
      expect(first).toEqual({
        candidate: changedBy(
          inTransit,
          {},
          { deliveryFailures: 1, deliveryFailedAt: when.toISOString(), trackingNo: undefined },
          when,
        ),
        notices: [notices.deliveryRetry('地址不详')],
        action: 'lifecycle.deliveryFailed',
      });
      expect(phase(first.candidate, exam).phase).toBe('dispatch');
      // China Post's own time of the failure is kept
      const at = '2025-01-02T03:00:00.000Z';
      expect(
        apply(inTransit, { type: 'deliveryFailed', at }, when, exam).candidate.lifecycle?.deliveryFailedAt,
      ).toBe(at);
      expect(apply(inTransit, { type: 'delivered', at }, when, exam).candidate.lifecycle?.deliveredAt).toBe(
        at,
      );
      const again = apply(first.candidate, { type: 'dispatched', trackingNo: 'EMS2' }, when, exam);
      expect(again.candidate.lifecycle).toMatchObject({ trackingNo: 'EMS2', deliveryFailures: 1 });
      const second = apply(again.candidate, { type: 'deliveryFailed' }, when, exam);
      expect(second.candidate.lifecycle?.deliveryFailures).toBe(2);
      expect(second.notices.map((n) => n.template)).toEqual(['deliveryFailed']);
      expect(phase(second.candidate, exam)).toEqual({
        phase: 'collection',
        deadline: CUSTODY_ENDS,
        rule: 'R20',
      });
      // on site now: no more dispatching
      conflict(() => apply(second.candidate, { type: 'dispatched', trackingNo: 'EMS3' }, when, exam));
    });

    it('R18: a certificate in transit is delivered, and that is the end', () => {
      const c = cand(exam, 'qualified', { ...arrived, trackingNo: 'EMS1' });
      const o = apply(c, { type: 'delivered' }, when, exam);
      expect(o).toEqual({
        candidate: changedBy(c, {}, { deliveredAt: when.toISOString() }, when),
        notices: [],
        action: 'lifecycle.delivered',
      });
      expect(phase(o.candidate, exam)).toEqual({ phase: 'done' });
      conflict(() => apply(o.candidate, { type: 'delivered' }, when, exam));
      conflict(() => apply(o.candidate, { type: 'deliveryFailed' }, when, exam));
      conflict(() => apply(cand(exam, 'qualified', arrived), { type: 'delivered' }, when, exam));
      conflict(() => apply(cand(exam, 'qualified', arrived), { type: 'deliveryFailed' }, when, exam));
    });

    it('R19: a certificate on site is collected, and that is the end', () => {
      const c = cand(exam, 'qualified', {
        ...announcedQualified,
        bookingClosedAt: ANNOUNCED,
        certificateArrivedAt: arrivedAt,
      });
      const o = apply(c, { type: 'collected' }, when, exam);
      expect(o).toEqual({
        candidate: changedBy(c, {}, { collectedAt: when.toISOString() }, when),
        notices: [{ template: 'collected', text: '【河南省人社厅】您的证书已现场领取。' }],
        action: 'lifecycle.collected',
      });
      expect(phase(o.candidate, exam)).toEqual({ phase: 'done' });
      conflict(() => apply(o.candidate, { type: 'collected' }, when, exam));
      conflict(() => apply(cand(exam, 'qualified', arrived), { type: 'collected' }, when, exam));
    });

    it('R19: a proxy collection is kept on the record and the candidate is told a proxy collected it', () => {
      const c = cand(exam, 'qualified', {
        ...announcedQualified,
        bookingClosedAt: ANNOUNCED,
        certificateArrivedAt: arrivedAt,
      });
      const collection = {
        by: 'proxy' as const,
        at: when.toISOString(),
        city: '4101',
        deptName: '郑州市人社局',
        proxy: { name: '李四', idMasked: '4101**********1234', idHash: 'h', letterMaterialId: 'x' },
      };
      const o = apply(c, { type: 'collected', collection }, when, exam);
      expect(o.candidate.collection).toEqual(collection);
      expect(o.notices.map((n) => n.template)).toEqual(['collected']);
      expect(o.notices[0]?.text).toMatch(/代领人/);
    });

    it('R20: a certificate is collectable until custody ends; after it, refused with the deadline', () => {
      const c = cand(exam, 'qualified', {
        ...announcedQualified,
        bookingClosedAt: ANNOUNCED,
        certificateArrivedAt: arrivedAt,
      });
      const end = Date.parse(CUSTODY_ENDS);
      expect(apply(c, { type: 'collected' }, new Date(end - 1), exam).candidate.lifecycle?.collectedAt).toBe(
        new Date(end - 1).toISOString(),
      );
      let err: unknown;
      try {
        apply(c, { type: 'collected' }, new Date(end), exam);
      } catch (e) {
        err = e;
      }
      expect((err as DomainError).code).toBe('DEADLINE_PASSED');
      expect((err as DomainError).message).toMatch(
        /现场领取的截止时间为2029年9月10日 24:00（北京时间），已过期（R20）/,
      );
    });
  });
});
