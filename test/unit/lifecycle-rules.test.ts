import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { DomainError } from '../../functions/domain/errors.js';
import type { Exam } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import {
  applyEvent,
  candidateDeadlines,
  EXECUTION_HORIZON_DAYS,
  initialFacts,
  type LifecycleFacts,
  onTimeout,
  phaseOf,
  planNext,
} from '../../functions/domain/lifecycle.js';

const cal = seedCalendar();
// scores released Monday 2024-09-23: R7 due 2024-10-08 (after 国庆), R11 due 2024-11-25 (11-23 is a Saturday)
const paper: Exam = {
  id: 'JZS1-2024',
  examType: 'JZS1',
  name: '一级建造师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
};
const electronic: Exam = { ...paper, id: 'JZS2-2024', examType: 'JZS2' };

function cand(exam: Exam, status: Candidate['status'], facts: Partial<LifecycleFacts> = {}): Candidate {
  return {
    personId: 'abcdefghijkmnpqrstuv',
    examId: exam.id,
    examType: exam.examType,
    name: '王伟',
    idNumber: '410105199003079016',
    phone: '13900000001',
    city: '4101',
    status,
    lifecycle: { ...initialFacts(), ...facts },
    version: 1,
    createdAt: '2024-09-23T02:00:00.000Z',
    updatedAt: '2024-09-23T02:00:00.000Z',
  };
}
const at = (local: string) => new Date(`${local}+08:00`);
const refused = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('not refused');
};

describe('lifecycle rules', () => {
  it('R7: a decision after the report deadline is refused with the deadline in the message; the timeout makes the candidate pending', () => {
    const c = cand(paper, 'verifying');
    const d = candidateDeadlines(cal, paper, c);
    expect(d.dates.verificationDue).toBe('2024-10-08');
    const e = refused(() =>
      applyEvent(c, paper, d, { type: 'verified', outcome: 'qualified' }, at('2024-10-09T08:00:00')),
    );
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.message).toContain('2024年10月8日 24:00（北京时间）');
    expect(e.message).toContain('R7');
    expect(
      applyEvent(c, paper, d, { type: 'verified', outcome: 'qualified' }, at('2024-10-08T23:59:00')).candidate
        .status,
    ).toBe('qualified');
    expect(onTimeout(c, paper, d, at('2024-10-09T00:00:01'))?.candidate.status).toBe('pending');
  });

  it('R9: a result is not final for the candidate until the announcement; then each is told individually', () => {
    const c = cand(paper, 'unqualified');
    const d = candidateDeadlines(cal, paper, c);
    expect(phaseOf(c, paper, d).phase).toBe('results');
    const o = applyEvent(c, paper, d, { type: 'resultsAnnounced' }, at('2024-10-10T09:00:00'));
    expect(o.notices[0]?.text).toContain('2024年11月25日 24:00（北京时间）前提出申辩');
    expect(phaseOf(o.candidate, paper, d).phase).toBe('appeal');
  });

  it('R11: an appeal after the deadline is refused with the deadline in the message', () => {
    const c = cand(paper, 'unqualified', { resultNotifiedAt: '2024-10-10T01:00:00.000Z' });
    const d = candidateDeadlines(cal, paper, c);
    expect(d.dates.supplementaryDue).toBe('2024-11-25');
    const e = refused(() => applyEvent(c, paper, d, { type: 'appealFiled' }, at('2024-11-26T00:00:00')));
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.message).toMatch(/2024年11月25日 24:00（北京时间）.*R11/);
  });

  it('R17, R21: an electronic-certificate exam never books paper; R16: paper exams do', () => {
    const qualified = {
      resultNotifiedAt: '2024-10-10T01:00:00.000Z',
      qualifiedAt: '2024-10-10T01:00:00.000Z',
    };
    const e = cand(electronic, 'qualified', qualified);
    const de = candidateDeadlines(cal, electronic, e);
    expect(phaseOf(e, electronic, de).phase).toBe('issuance'); // R17: until hr performs the issuance
    expect(
      refused(() => applyEvent(e, electronic, de, { type: 'booked' }, at('2024-10-11T09:00:00'))).message,
    ).toMatch(/R17.*R21|R21/);
    const p = cand(paper, 'qualified', qualified);
    const dp = candidateDeadlines(cal, paper, p);
    expect(phaseOf(p, paper, dp).phase).toBe('booking');
  });

  it('R18: booking opens with the announcement and closes 30 days later; a booking may be cancelled inside the window only', () => {
    const before = cand(paper, 'qualified', { resultNotifiedAt: undefined });
    const d0 = candidateDeadlines(cal, paper, before);
    expect(d0.bookingCloses).toBeNull();
    const c = cand(paper, 'qualified', {
      resultNotifiedAt: '2024-10-10T01:00:00.000Z',
      qualifiedAt: '2024-10-10T01:00:00.000Z',
    });
    const d = candidateDeadlines(cal, paper, c);
    expect(d.dates.bookingCloses).toBe('2024-11-11'); // 10-10 + 30 days = 11-09, a Saturday → Monday
    const booked = applyEvent(c, paper, d, { type: 'booked' }, at('2024-10-12T09:00:00')).candidate;
    expect(
      applyEvent(booked, paper, d, { type: 'bookingCancelled' }, at('2024-11-11T20:00:00')).candidate
        .lifecycle?.bookedAt,
    ).toBeUndefined();
    expect(
      refused(() => applyEvent(booked, paper, d, { type: 'bookingCancelled' }, at('2024-11-12T00:00:00')))
        .code,
    ).toBe('DEADLINE_PASSED');
    expect(
      refused(() => applyEvent(c, paper, d, { type: 'booked' }, at('2024-11-12T08:00:00'))).message,
    ).toContain('2024年11月11日 24:00（北京时间）');
  });

  it('R19: not booked when the window closes → on site, and the candidate is told', () => {
    const c = cand(paper, 'qualified', {
      resultNotifiedAt: '2024-10-10T01:00:00.000Z',
      qualifiedAt: '2024-10-10T01:00:00.000Z',
    });
    const d = candidateDeadlines(cal, paper, c);
    const o = onTimeout(c, paper, d, at('2024-11-12T00:00:01'));
    expect(o?.notices[0]?.template).toBe('bookingClosed');
    const arrived = {
      ...o?.candidate,
      lifecycle: { ...o?.candidate.lifecycle, certificateArrivedAt: '2024-12-01T00:00:00.000Z' },
    } as Candidate;
    expect(phaseOf(arrived, paper, d).phase).toBe('collection');
  });

  it('N3: dispatch is due within 10 working days of the arrival of the batch holding the certificate', () => {
    // Friday before 国庆
    const d = candidateDeadlines(
      cal,
      paper,
      cand(paper, 'qualified', { certificateArrivedAt: '2024-09-27T02:00:00.000Z' }),
    );
    // working days after 09-27: 09-29 (adjusted working Sunday), 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 (adjusted Saturday), 10-14, 10-15, 10-16
    expect(d.dates.dispatchDue).toBe('2024-10-16');
  });

  it('R12: a supplementary request after the deadline is refused with the deadline in the message', () => {
    const c = cand(paper, 'pending', { resultNotifiedAt: '2024-10-10T01:00:00.000Z' });
    const d = candidateDeadlines(cal, paper, c);
    const e = refused(() =>
      applyEvent(c, paper, d, { type: 'supplementaryJoined' }, at('2024-11-26T00:00:00')),
    );
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.message).toMatch(/2024年11月25日 24:00（北京时间）.*R12/);
    expect(
      applyEvent(c, paper, d, { type: 'supplementaryJoined' }, at('2024-11-25T23:59:00')).candidate.lifecycle
        ?.supplementaryJoinedAt,
    ).toBeDefined();
  });

  it('R12: once a pending candidate has joined supplementary verification, the deadline does not forfeit them', () => {
    const c = cand(paper, 'pending', {
      resultNotifiedAt: '2024-10-10T01:00:00.000Z',
      supplementaryJoinedAt: '2024-11-01T01:00:00.000Z',
    });
    const d = candidateDeadlines(cal, paper, c);
    expect(onTimeout(c, paper, d, at('2024-11-26T09:00:00'))).toBeNull();
    const missed = cand(paper, 'pending', { resultNotifiedAt: '2024-10-10T01:00:00.000Z' });
    expect(onTimeout(missed, paper, d, at('2024-11-26T09:00:00'))?.candidate.status).toBe('forfeited');
  });

  it('R14: a revoked candidate is done at any phase and accepts no further event', () => {
    const c = cand(paper, 'qualified', {
      resultNotifiedAt: '2024-10-10T01:00:00.000Z',
      bookedAt: '2024-10-12T01:00:00.000Z',
    });
    const d = candidateDeadlines(cal, paper, c);
    const r = applyEvent(
      c,
      paper,
      d,
      { type: 'revoked', reason: '伪造学历' },
      at('2024-10-20T09:00:00'),
    ).candidate;
    expect(r.status).toBe('revoked');
    expect(phaseOf(r, paper, d).phase).toBe('done');
    expect(
      refused(() => applyEvent(r, paper, d, { type: 'collected' }, at('2024-12-01T09:00:00'))).message,
    ).toContain('R14');
  });

  it('a wait never outlives the execution: the wake-up is after now and no later than the one-year horizon', () => {
    const statuses = ['verifying', 'qualified', 'unqualified', 'pending'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.integer({ min: 0, max: 6 * 365 }),
        fc.integer({ min: 0, max: 300 }),
        fc.boolean(),
        (status, daysAfter, startedDaysAgo, notified) => {
          const now = new Date(at('2024-09-23T10:00:00').getTime() + daysAfter * 86_400_000);
          const c = cand(paper, status, {
            executionStartedAt: new Date(now.getTime() - startedDaysAgo * 86_400_000).toISOString(),
            ...(notified
              ? { resultNotifiedAt: '2024-10-10T01:00:00.000Z', qualifiedAt: '2024-10-10T01:00:00.000Z' }
              : {}),
          });
          const p = planNext(c, paper, candidateDeadlines(cal, paper, c), now);
          expect(p.timeoutSeconds).toBeGreaterThanOrEqual(1);
          if (p.wakeAt) {
            expect(Date.parse(p.wakeAt)).toBeGreaterThan(now.getTime());
            const horizon = now.getTime() - startedDaysAgo * 86_400_000 + EXECUTION_HORIZON_DAYS * 86_400_000;
            expect(Date.parse(p.wakeAt)).toBeLessThanOrEqual(Math.max(horizon, now.getTime() + 1000));
          }
        },
      ),
    );
  });
});
