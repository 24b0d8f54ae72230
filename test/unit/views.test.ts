/**
 * What of a candidate record each reader sees (functions/domain/views.ts): the candidate and every list
 * see ID number and phone masked (N4); staff in scope see the full record; the lifecycle view shows the
 * deadline that applies now as its last day (T4) and whether it is provisional (T3).
 */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { Exam } from '../../functions/domain/exams.js';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import {
  type CandidateDeadlines,
  initialFacts,
  type LifecycleFacts,
} from '../../functions/domain/lifecycle.js';
import { lifecycleView, publicCandidateView, staffCandidateView } from '../../functions/domain/views.js';

const ID_NUMBER = syntheticIdNumber('410105', '1990-03-07', 1);

const exam: Exam = {
  id: 'JZS1-2024',
  examType: 'JZS1',
  name: '2024年一级建造师',
  year: 2024,
  examEnd: '2024-09-08',
  scoreRelease: '2024-09-23',
};

function candidate(over: Partial<Candidate> = {}, facts: Partial<LifecycleFacts> = {}): Candidate {
  return {
    personId: 'abcdefghijkmnpqrstuv',
    examId: exam.id,
    examType: 'JZS1',
    name: '张三',
    idNumber: ID_NUMBER,
    phone: '13812341234',
    city: '4101',
    status: 'verifying',
    lifecycle: { ...initialFacts(), ...facts },
    version: 3,
    createdAt: '2024-09-23T02:00:00.000Z',
    updatedAt: '2024-09-30T03:00:00.000Z',
    ...over,
  };
}

/** Synthetic deadlines (as instants: the next day 00:00 +08:00), none provisional. */
const deadlines: CandidateDeadlines = {
  verificationDue: '2024-10-09T00:00:00+08:00',
  supplementaryDue: '2024-11-26T00:00:00+08:00',
  bookingCloses: '2024-11-12T00:00:00+08:00',
  custodyEnds: '2029-09-11T00:00:00+08:00',
  dispatchDue: null,
  dates: {
    verificationDue: '2024-10-08',
    supplementaryDue: '2024-11-25',
    bookingCloses: '2024-11-11',
    custodyEnds: '2029-09-10',
    dispatchDue: null,
  },
  provisional: false,
  provisionalAt: [],
};

describe('publicCandidateView (N4)', () => {
  it('N4: the candidate’s own view shows the ID number as 4101**********9012 and the phone as 138****1234', () => {
    expect(ID_NUMBER).toBe('410105199003079012');
    const v = publicCandidateView(candidate());
    expect(v.idNumberMasked).toBe('4101**********9012');
    expect(v.phoneMasked).toBe('138****1234');
    expect(JSON.stringify(v)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(v)).not.toContain('13812341234');
    expect('idNumber' in v).toBe(false);
    expect('phone' in v).toBe(false);
  });

  it('shows the record with its exam type’s name, certificate kind and city name', () => {
    expect(
      publicCandidateView(
        candidate({ commitment: { education: 'passed', major: 'manual', workYears: 'failed' } }),
      ),
    ).toEqual({
      personId: 'abcdefghijkmnpqrstuv',
      examId: 'JZS1-2024',
      examType: 'JZS1',
      examTypeName: '一级建造师',
      certificateKind: 'paper',
      name: '张三',
      candidateNo: null,
      idNumberMasked: '4101**********9012',
      phoneMasked: '138****1234',
      city: '4101',
      cityName: '郑州市',
      commitment: { education: 'passed', major: 'manual', workYears: 'failed' },
      status: 'verifying',
      certificate: null,
      reissue: null,
      updatedAt: '2024-09-30T03:00:00.000Z',
    });
  });

  it('R17, R14: the certificate issued (number, date, status) shows to the holder and to staff', () => {
    const certificate = {
      kind: 'electronic',
      number: 'HN-JZS2-2024-0000A-TI',
      issuedAt: '2024-10-20',
      status: 'revoked',
      revokedAt: '2024-11-02',
    } as const;
    const c = candidate({ certificate });
    expect(publicCandidateView(c).certificate).toEqual(certificate);
    expect(staffCandidateView(c).certificate).toEqual(certificate);
  });

  it('R5: the candidate number the list gave is shown to all; the employer and scores only to staff', () => {
    const c = candidate({ candidateNo: 'ZJ20261001', employer: '某某公司', scores: { 科目一: 61 } });
    expect(publicCandidateView(c).candidateNo).toBe('ZJ20261001');
    expect(publicCandidateView(c)).not.toHaveProperty('employer');
    expect(publicCandidateView(c)).not.toHaveProperty('scores');
    expect(staffCandidateView(c)).toMatchObject({ employer: '某某公司', scores: { 科目一: 61 } });
    expect(staffCandidateView(candidate())).toMatchObject({ employer: null, scores: null });
  });

  it('R17: a provincial joint exam’s candidate is shown an electronic certificate', () => {
    const v = publicCandidateView(candidate({ examType: 'JZS2', city: '4103' }));
    expect(v.examTypeName).toBe('二级建造师');
    expect(v.certificateKind).toBe('electronic');
    expect(v.cityName).toBe('洛阳市');
  });

  it('an unknown exam type is shown by its code with no certificate kind; no commitment is null', () => {
    const v = publicCandidateView(candidate({ examType: 'ZZZ9' }));
    expect(v.examTypeName).toBe('ZZZ9');
    expect(v.certificateKind).toBeNull();
    expect(v.commitment).toBeNull();
  });

  it('leaves out storage and lifecycle internals (version, createdAt, lifecycle facts)', () => {
    const v = publicCandidateView(candidate());
    expect(Object.keys(v)).not.toContain('version');
    expect(Object.keys(v)).not.toContain('createdAt');
    expect(Object.keys(v)).not.toContain('lifecycle');
  });
});

describe('staffCandidateView (R1, N4)', () => {
  it('R1, N4: staff in scope see the full ID number and phone, next to the masked ones', () => {
    const v = staffCandidateView(candidate({ phone: '13900000000' }));
    expect(v.idNumber).toBe('410105199003079012');
    expect(v.phone).toBe('13900000000');
    expect(v.idNumberMasked).toBe('4101**********9012');
    expect(v.phoneMasked).toBe('139****0000');
    expect(v.examTypeName).toBe('一级建造师');
    expect(v.name).toBe('张三');
  });
});

describe('lifecycleView (T3, T4)', () => {
  it('R7, T4: a candidate being verified is in verification; the deadline is shown as its last day', () => {
    expect(lifecycleView(candidate(), exam, deadlines)).toEqual({
      phase: 'verification',
      deadline: {
        endsAt: '2024-10-09T00:00:00+08:00',
        date: '2024-10-08',
        rule: 'R7',
        provisional: false,
      },
      provisional: false,
    });
  });

  it('T4: the last day is read in China time from an instant given in UTC', () => {
    const utc = { ...deadlines, verificationDue: '2024-10-08T16:00:00.000Z' };
    expect(lifecycleView(candidate(), exam, utc).deadline?.date).toBe('2024-10-08');
  });

  it('R11: an unqualified candidate told the result may appeal until the supplementary deadline', () => {
    const c = candidate({ status: 'unqualified' }, { resultNotifiedAt: '2024-10-10T01:00:00.000Z' });
    expect(lifecycleView(c, exam, deadlines).deadline).toEqual({
      endsAt: '2024-11-26T00:00:00+08:00',
      date: '2024-11-25',
      rule: 'R11',
      provisional: false,
    });
  });

  it('R12: a pending candidate’s deadline is the exam’s earlier cut-off, with its reason; other phases carry none', () => {
    const cut = {
      ...deadlines,
      supplementaryCutoff: { endsAt: '2024-11-02T00:00:00+08:00', date: '2024-11-01', reason: '集中制证' },
    };
    const c = candidate({ status: 'pending' }, { resultNotifiedAt: '2024-10-10T01:00:00.000Z' });
    expect(lifecycleView(c, exam, cut).deadline).toEqual({
      endsAt: '2024-11-02T00:00:00+08:00',
      date: '2024-11-01',
      rule: 'R12',
      provisional: false,
      reason: '集中制证',
    });
    const u = candidate({ status: 'unqualified' }, { resultNotifiedAt: '2024-10-10T01:00:00.000Z' });
    expect(lifecycleView(u, exam, cut).deadline).not.toHaveProperty('reason');
    expect(lifecycleView(c, exam, deadlines).deadline).not.toHaveProperty('reason');
  });

  it('T3: a deadline in a year whose holidays are not loaded is marked provisional, the others not', () => {
    const d = { ...deadlines, provisional: true, provisionalAt: ['2029-09-11T00:00:00+08:00'] };
    const verifying = lifecycleView(candidate(), exam, d);
    expect(verifying.deadline?.provisional).toBe(false);
    expect(verifying.provisional).toBe(true);
    const collecting = lifecycleView(
      candidate(
        { status: 'qualified' },
        {
          resultNotifiedAt: '2024-10-10T01:00:00.000Z',
          bookingClosedAt: '2024-11-12T00:00:00.000Z',
          certificateArrivedAt: '2024-12-01T00:00:00.000Z',
        },
      ),
      exam,
      d,
    );
    expect(collecting.phase).toBe('collection');
    expect(collecting.deadline).toEqual({
      endsAt: '2029-09-11T00:00:00+08:00',
      date: '2029-09-10',
      rule: 'R20',
      provisional: true,
    });
  });

  it('R9: a phase without a deadline (waiting for the announcement) shows none', () => {
    const c = candidate({ status: 'qualified' });
    expect(lifecycleView(c, exam, deadlines)).toEqual({
      phase: 'results',
      deadline: null,
      provisional: false,
    });
  });
});
