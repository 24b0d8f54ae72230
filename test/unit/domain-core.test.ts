import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateInputSchema, itemsNeedingProof } from '../../functions/domain/candidate.js';
import { accessToCandidate, type Department, seesExamType } from '../../functions/domain/departments.js';
import { certificateKind, examType, examTypes } from '../../functions/domain/exams.js';
import {
  checkCharacter,
  idNumberProblem,
  isValidIdNumber,
  syntheticIdNumber,
} from '../../functions/domain/id-number.js';
import { maskIdNumber, maskPhone } from '../../functions/domain/masking.js';

describe('GB 11643 ID numbers', () => {
  it('accepts the standard published example and rejects a wrong check digit', () => {
    // GB 11643-1999's worked example: 11010519491231002X
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(idNumberProblem('110105194912310021')).toBe('checksum');
  });

  it('names what is wrong: format, impossible birth date, checksum', () => {
    expect(idNumberProblem('12345')).toBe('format');
    expect(idNumberProblem('41010519900230001X')).toBe('birthDate'); // 30 February
    const valid = syntheticIdNumber('410105', '1990-03-07', 1);
    expect(idNumberProblem(valid)).toBeNull();
  });

  it('every synthetic number is valid and any single-digit change is caught', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.date({ min: new Date('1950-01-01'), max: new Date('2005-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (seq, birth, pos, delta) => {
          const id = syntheticIdNumber('410102', birth.toISOString().slice(0, 10), seq);
          expect(isValidIdNumber(id)).toBe(true);
          const digit = (Number(id[pos]) + delta) % 10;
          const changed = id.slice(0, pos) + digit + id.slice(pos + 1);
          expect(isValidIdNumber(changed)).toBe(false);
        },
      ),
    );
  });
});

describe('masking', () => {
  it('N4: a public list shows an ID number as 4101**********1234 and a phone as 138****1234', () => {
    expect(maskIdNumber('410105199003079012')).toBe('4101**********9012');
    expect(maskPhone('13812341234')).toBe('138****1234');
  });

  it('N4: a mask never reveals more than the first 4 and last 4 characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const m = maskIdNumber(id);
        expect(m).toHaveLength(18);
        expect(m.slice(4, 14)).toBe('*'.repeat(10));
      }),
    );
  });
});

describe('departments', () => {
  const province: Department = { id: 'zjt', name: '住建厅', kind: 'provincialVerifier', examTypes: ['JZS1'] };
  const zhengzhou: Department = {
    id: 'zjt-4101',
    name: '郑州',
    kind: 'municipalVerifier',
    examTypes: ['JZS1'],
    city: '4101',
  };
  const assoc: Department = { id: 'xh', name: '协会', kind: 'association', examTypes: ['JZSZ'] };
  const hr: Department = { id: 'hr', name: '人社厅', kind: 'hr', examTypes: [] };

  it('R1: a provincial verifier acts on its whole exam type, in every city, and on nothing else', () => {
    expect(accessToCandidate(province, { examType: 'JZS1', city: '4101' })).toBe('act');
    expect(accessToCandidate(province, { examType: 'JZS1', city: '4113' })).toBe('act');
    expect(accessToCandidate(province, { examType: 'XFS1', city: '4101' })).toBe('none');
  });

  it('R1: a municipal verifier acts only on candidates of its own city', () => {
    expect(accessToCandidate(zhengzhou, { examType: 'JZS1', city: '4101' })).toBe('act');
    expect(accessToCandidate(zhengzhou, { examType: 'JZS1', city: '4103' })).toBe('none');
    expect(accessToCandidate(zhengzhou, { examType: 'JZS2', city: '4101' })).toBe('none');
  });

  it('R1: an association acts on its own exams only', () => {
    expect(accessToCandidate(assoc, { examType: 'JZSZ', city: '4101' })).toBe('act');
    expect(accessToCandidate(assoc, { examType: 'JZS1', city: '4101' })).toBe('none');
  });

  it('R24: hr reads every candidate and sees every exam, but does not act for a verifier', () => {
    for (const t of examTypes) {
      expect(accessToCandidate(hr, { examType: t.code, city: '4101' })).toBe('read');
      expect(seesExamType(hr, t.code)).toBe(true);
    }
  });
});

describe('exams and candidates', () => {
  it('R17: provincial exams co-organized by hr get an electronic certificate, others paper (R16)', () => {
    expect(certificateKind(examType('JZS2') as never)).toBe('electronic');
    expect(certificateKind(examType('ZJS2') as never)).toBe('electronic');
    expect(certificateKind(examType('JZS1') as never)).toBe('paper');
    expect(certificateKind(examType('JZSZ') as never)).toBe('paper');
  });

  it('R2: a candidate carries three commitment check results; those not passed needed proof', () => {
    expect(itemsNeedingProof({ education: 'passed', major: 'failed', workYears: 'manual' })).toEqual([
      'major',
      'workYears',
    ]);
  });

  it('N2: an online check result is one of passed / failed / manual check needed', () => {
    const base = {
      idNumber: syntheticIdNumber('410105', '1990-03-07', 1),
      name: '王伟',
      phone: '13900000001',
      city: '4101',
    };
    expect(
      candidateInputSchema.safeParse({
        ...base,
        commitment: { education: 'passed', major: 'manual', workYears: 'failed' },
      }).success,
    ).toBe(true);
    const bad = candidateInputSchema.safeParse({
      ...base,
      commitment: { education: 'ok', major: 'manual', workYears: 'failed' },
    });
    expect(bad.success).toBe(false);
  });

  it('rejects a city outside Henan and a malformed phone with messages saying how to fix them', () => {
    const r = candidateInputSchema.safeParse({
      idNumber: syntheticIdNumber('410105', '1990-03-07', 1),
      name: '王伟',
      phone: '1390000',
      city: '1101',
    });
    expect(r.success).toBe(false);
    const messages = r.error?.issues.map((i) => i.message).join(' ');
    expect(messages).toContain('手机号应为11位数字');
    expect(messages).toContain('河南省地市代码');
  });
});

describe('outbox', () => {
  it('N4: staff see a message with the address masked and, outside local mode, the login code hidden', async () => {
    const { smsMessage, staffMessageView } = await import('../../functions/domain/outbox.js');
    const { notices } = await import('../../functions/domain/wording.js');
    const m = smsMessage('m1', '13912345678', notices.otp('654321'), new Date('2026-01-05T01:00:00Z'));
    const v = staffMessageView(m, false);
    expect(JSON.stringify(v)).not.toContain('13912345678');
    expect(v.toMasked).toBe('139****5678');
    expect(v.text).not.toContain('654321');
    expect(staffMessageView(m, true).text).toContain('654321');
  });
});
