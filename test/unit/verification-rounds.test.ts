/**
 * R3, R4: post-exam verification is for passing candidates of the province (a Henan city), and runs as
 * the public notice plus two rounds — verification, then supplementary — before any certificate.
 */
import { describe, expect, it } from 'vitest';
import { type Candidate, candidateInputSchema } from '../../functions/domain/candidate.js';
import type { Exam } from '../../functions/domain/exams.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import {
  applyEvent,
  candidateDeadlines,
  initialFacts,
  onTimeout,
  phaseOf,
} from '../../functions/domain/lifecycle.js';

const cal = seedCalendar();
const exam: Exam = {
  id: 'JZS1-2024',
  examType: 'JZS1',
  name: '一级建造师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
  resultsAnnouncedAt: '2024-10-10T02:00:00.000Z',
  supplementaryAnnouncedAt: '2024-11-28T02:00:00.000Z',
};
const base: Candidate = {
  personId: 'abcdefghijkmnpqrstuv',
  examId: exam.id,
  examType: exam.examType,
  name: '王伟',
  idNumber: syntheticIdNumber('410105', '1990-03-07', 16),
  phone: '13900000001',
  city: '4101',
  status: 'verifying',
  lifecycle: initialFacts(),
  version: 1,
  createdAt: '2024-09-23T02:00:00.000Z',
  updatedAt: '2024-09-23T02:00:00.000Z',
};

describe('who is verified, and in how many rounds', () => {
  it('R3: only candidates who sat the exam in the province are on the passing list (a Henan city code)', () => {
    const row = { idNumber: base.idNumber, name: '王伟', phone: '13900000001' };
    expect(candidateInputSchema.safeParse({ ...row, city: '4101' }).success).toBe(true);
    expect(candidateInputSchema.safeParse({ ...row, city: '419001' }).success).toBe(true); // 济源市
    for (const city of ['1101', '4201', '9999', '']) {
      const r = candidateInputSchema.safeParse({ ...row, city });
      expect([city, r.success]).toEqual([city, false]);
      expect(r.error?.issues[0]?.path).toEqual(['city']);
    }
  });

  it('R4: a candidate not verified by the round-1 deadline goes through the second round before anything else', () => {
    const d = candidateDeadlines(cal, exam, base);
    // round 1 (during the notice period): waiting for the verifier's decision until the R7 deadline
    expect(phaseOf(base, exam, d)).toMatchObject({ phase: 'verification', rule: 'R7' });
    const pending = onTimeout(base, exam, d, new Date(Date.parse(d.verificationDue) + 1000))
      ?.candidate as Candidate;
    expect(pending.status).toBe('pending');
    // told through the result announcement (R9), then called to the second round, the supplementary one
    expect(phaseOf(pending, exam, d).phase).toBe('results');
    const told = applyEvent(
      pending,
      exam,
      d,
      { type: 'resultsAnnounced' },
      new Date('2024-10-10T03:00:00Z'),
    ).candidate;
    expect(phaseOf(told, exam, d)).toMatchObject({ phase: 'supplementary', rule: 'R12' });
    const joined = applyEvent(
      told,
      exam,
      d,
      { type: 'supplementaryJoined' },
      new Date('2024-10-20T03:00:00Z'),
    ).candidate;
    const decided = applyEvent(
      joined,
      exam,
      d,
      { type: 'supplementaryDecided', outcome: 'qualified' },
      new Date('2024-11-20T03:00:00Z'),
    ).candidate;
    // only after the second round's announcement does the certificate step come
    expect(phaseOf(decided, exam, candidateDeadlines(cal, exam, decided)).phase).toBe('supplementaryResults');
    const announced = applyEvent(
      decided,
      exam,
      d,
      { type: 'supplementaryAnnounced' },
      new Date('2024-11-28T03:00:00Z'),
    ).candidate;
    expect(phaseOf(announced, exam, candidateDeadlines(cal, exam, announced)).phase).toBe('booking');
    // and there is no third round: a verification decision after the second is refused
    expect(() =>
      applyEvent(
        announced,
        exam,
        d,
        { type: 'verified', outcome: 'qualified' },
        new Date('2024-12-01T03:00:00Z'),
      ),
    ).toThrow();
  });
});
