/**
 * Paper certificates arriving per batch (N3) and their reissue (补发), the pure part
 * (functions/domain/arrival.ts): the list's header and rows, what is on record, a batch's distribution
 * deadline on the legal calendar, and the reissue.
 */
import { describe, expect, it } from 'vitest';
import {
  arrivalRowErrors,
  batchOverdue,
  DISTRIBUTION_WORKING_DAYS,
  distributionDeadline,
  paperCertificate,
  parseArrivalRows,
  readArrivalHeader,
  reissueCertificate,
  reissueRequestRefusal,
} from '../../functions/domain/arrival.js';
import { DomainError } from '../../functions/domain/errors.js';
import { seedCalendar } from '../../functions/domain/holiday-seed.js';

const cal = seedCalendar();

function refused(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('not refused');
}

describe('the certificate-number list (N3)', () => {
  it('N3: the header names candidateNo and certificateNo (English or Chinese), issuedAt optional, in any order', () => {
    expect(readArrivalHeader(['certificateNo', 'candidateNo'])).toEqual({ certificateNo: 0, candidateNo: 1 });
    expect(readArrivalHeader(['\uFEFF准考证号', ' 证书编号 ', '发证日期', '备注'])).toEqual({
      candidateNo: 0,
      certificateNo: 1,
      issuedAt: 2,
    });
  });

  it('N3: a wrong header is a 400 naming every missing or repeated column', () => {
    const e = refused(() => readArrivalHeader(['姓名', 'candidateNo', '准考证号']));
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.fields).toEqual([
      { field: 'candidateNo', message: '“准考证号”（candidateNo）列出现了不止一次' },
      { field: 'certificateNo', message: '缺少“证书编号”（certificateNo）列' },
    ]);
    expect(e.message).toContain('表头不正确');
    expect(refused(() => readArrivalHeader([])).details?.fields).toHaveLength(2);
  });

  it('N3: good rows are read with the number normalized and the arrival day as the default issue date', () => {
    const h = readArrivalHeader(['candidateNo', 'certificateNo', 'issuedAt']);
    expect(
      parseArrivalRows(
        h,
        [
          [' JZS120260001 ', 'zs 0001', ''],
          ['JZS120260002', 'ZS0002', '2026-11-20'],
        ],
        '2026-12-01',
      ),
    ).toEqual({
      rows: [
        { row: 2, candidateNo: 'JZS120260001', certificateNo: 'ZS0001', issuedAt: '2026-12-01' },
        { row: 3, candidateNo: 'JZS120260002', certificateNo: 'ZS0002', issuedAt: '2026-11-20' },
      ],
      errors: [],
    });
    // no issuedAt column at all: every row takes the arrival day
    const short = parseArrivalRows(
      readArrivalHeader(['candidateNo', 'certificateNo']),
      [['A0001', 'ZS01']],
      '2026-12-01',
    );
    expect(short.rows[0]?.issuedAt).toBe('2026-12-01');
  });

  it('N3: a bad cell, a candidate twice and a certificate number used twice are errors by row and column', () => {
    const h = readArrivalHeader(['candidateNo', 'certificateNo', 'issuedAt']);
    const r = parseArrivalRows(
      h,
      [
        ['A0001', 'ZS0001', ''],
        ['a0001', 'ZS0002', ''], // the same candidate (case ignored)
        ['A0003', 'zs0001', ''], // the same number
        ['x', 'ZS0004', '2026-02-30'],
        ['A0005', 'Z#1', '2026-12-02'], // after the arrival day
        ['A0006', 'ZS1'],
      ],
      '2026-12-01',
    );
    expect(r.rows.map((x) => x.row)).toEqual([2]);
    expect(r.errors).toEqual([
      { row: 3, field: 'candidateNo', message: '该准考证号与第 2 行重复' },
      { row: 4, field: 'certificateNo', message: '证书编号与第 2 行重复，一个编号只能用一次' },
      { row: 5, field: 'candidateNo', message: '准考证号应为4–30位字母、数字或连字符' },
      { row: 5, field: 'issuedAt', message: '发证日期应为 YYYY-MM-DD，如 2026-11-20' },
      { row: 6, field: 'certificateNo', message: '证书编号应为4–40位大写字母、数字或连字符' },
      { row: 6, field: 'issuedAt', message: '发证日期不能晚于证书到达日期' },
      { row: 7, field: 'certificateNo', message: '证书编号应为4–40位大写字母、数字或连字符' },
    ]);
  });

  it('N3: a row is refused for an unknown candidate, another city, one not qualified, one who has a certificate, or a number taken', () => {
    const row = { row: 7, candidateNo: 'A0001', certificateNo: 'ZS0001', issuedAt: '2026-12-01' };
    const ok = { city: '4101', status: 'qualified' };
    expect(arrivalRowErrors(row, '4101', { candidate: ok, numberTaken: false })).toEqual([]);
    expect(arrivalRowErrors(row, '4101', { numberTaken: false })).toEqual([
      { row: 7, field: 'candidateNo', message: '本考试没有该准考证号的考生' },
    ]);
    expect(arrivalRowErrors(row, '4103', { candidate: ok, numberTaken: false })[0]?.message).toBe(
      '该考生不属于本批次的地市',
    );
    expect(
      arrivalRowErrors(row, '4101', { candidate: { ...ok, status: 'pending' }, numberTaken: false })[0]
        ?.message,
    ).toBe('该考生不是核查合格的考生，没有证书');
    expect(
      arrivalRowErrors(row, '4101', {
        candidate: { ...ok, certificate: { number: 'ZS9' } },
        numberTaken: false,
      }),
    ).toEqual([{ row: 7, field: 'candidateNo', message: '该考生的证书（ZS9）已登记到达' }]);
    expect(arrivalRowErrors(row, '4101', { candidate: ok, numberTaken: true })).toEqual([
      { row: 7, field: 'certificateNo', message: '该证书编号已经登记过，一个编号只能用一次' },
    ]);
  });

  it('N3: a paper certificate record is valid, of kind paper, with no signature', () => {
    expect(paperCertificate('ZS0001', '2026-12-01')).toStrictEqual({
      kind: 'paper',
      number: 'ZS0001',
      issuedAt: '2026-12-01',
      status: 'valid',
    });
  });
});

describe("a batch's distribution deadline (N3)", () => {
  it('N3: 10 working days after the China date of arrival, that day not counted, holidays skipped (T5)', () => {
    expect(DISTRIBUTION_WORKING_DAYS).toBe(10);
    // recorded Friday 2024-09-27 10:00 Beijing: 09-29 (adjusted working Sunday), 09-30, 10-08 … 10-16
    expect(distributionDeadline(cal, '2024-09-27T02:00:00.000Z')).toEqual({
      date: '2024-10-16',
      endsAt: '2024-10-17T00:00:00+08:00',
      provisional: false,
    });
    // T1: 2024-10-13 17:00 UTC is Monday 10-14 in Beijing
    expect(distributionDeadline(cal, '2024-10-13T17:00:00.000Z').date).toBe('2024-10-28');
  });

  it('N3: a batch is overdue once its deadline has passed without distribution starting', () => {
    const b = {
      distributionDue: { date: '2024-10-16', endsAt: '2024-10-17T00:00:00+08:00', provisional: false },
    };
    expect(batchOverdue(b, new Date('2024-10-16T15:59:59.999Z'))).toBe(false);
    expect(batchOverdue(b, new Date('2024-10-16T16:00:00.000Z'))).toBe(true);
    expect(
      batchOverdue({ ...b, distributionStartedAt: '2024-10-10T02:00:00.000Z' }, new Date('2025-01-01')),
    ).toBe(false);
  });
});

describe('reissue (补发, N3)', () => {
  const paper = paperCertificate('ZS0001', '2026-12-01');
  const open = { requestedAt: '2026-12-05T02:00:00.000Z', status: 'requested', number: 'ZS0001' } as const;

  it('N3: a holder of a valid paper certificate in hand may ask for a reissue, once at a time; nobody else', () => {
    expect(reissueRequestRefusal(paper, undefined, true)).toBeNull();
    expect(reissueRequestRefusal(paper, { ...open, status: 'completed' }, true)).toBeNull();
    expect(reissueRequestRefusal(paper, open, true)?.message).toBe('您已申请补发，请等待发证部门办理');
    expect(reissueRequestRefusal(paper, undefined, false)?.message).toBe(
      '证书寄达或现场领取后，方可申请补发',
    );
    expect(reissueRequestRefusal(undefined, undefined, true)?.message).toBe('您还没有纸质证书，不能申请补发');
    expect(reissueRequestRefusal({ ...paper, kind: 'electronic' }, undefined, true)?.code).toBe('CONFLICT');
    expect(reissueRequestRefusal({ ...paper, status: 'revoked' }, undefined, true)?.message).toBe(
      '该证书已失效，不能申请补发',
    );
  });

  it('N3: a reissue marks the old number replaced from that day and the new certificate 补发, naming the old', () => {
    expect(reissueCertificate(paper, open, 'ZS0001B', '2026-12-08')).toStrictEqual({
      replaced: { ...paper, status: 'replaced', replacedAt: '2026-12-08' },
      reissued: {
        kind: 'paper',
        number: 'ZS0001B',
        issuedAt: '2026-12-08',
        status: 'valid',
        reissued: true,
        replaces: 'ZS0001',
      },
      request: { ...open, status: 'completed', completedAt: '2026-12-08', newNumber: 'ZS0001B' },
    });
  });

  it('N3: no reissue without an open request, of a void certificate, or under the same number', () => {
    expect(refused(() => reissueCertificate(paper, undefined, 'ZS2', '2026-12-08')).message).toBe(
      '该考生没有待办理的补发申请',
    );
    expect(
      refused(() => reissueCertificate(paper, { ...open, status: 'completed' }, 'ZS2', '2026-12-08')).code,
    ).toBe('CONFLICT');
    expect(
      refused(() => reissueCertificate({ ...paper, status: 'revoked' }, open, 'ZS2', '2026-12-08')).message,
    ).toBe('该证书已失效，不能补发');
    const same = refused(() => reissueCertificate(paper, open, 'ZS0001', '2026-12-08'));
    expect(same.code).toBe('VALIDATION');
    expect(same.details?.fields?.[0]?.field).toBe('certificateNo');
  });
});
