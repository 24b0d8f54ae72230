/** The round-1 report (R7) in the pure core: what each status counts as, the table, the list's lines. */
import { describe, expect, it } from 'vitest';
import {
  countTable,
  round1Columns,
  round1Line,
  round1ResultOf,
  round1ResultWords,
  tallyKey,
} from '../../functions/domain/reports.js';

describe('the round-1 report (R7)', () => {
  it('R7: a decision counts as it is; undecided at the deadline counts as pending; later statuses are left out', () => {
    expect(round1ResultOf('qualified')).toBe('qualified');
    expect(round1ResultOf('unqualified')).toBe('unqualified');
    expect(round1ResultOf('pending')).toBe('pending');
    expect(round1ResultOf('verifying')).toBe('pending');
    expect(round1ResultOf('forfeited')).toBeNull();
    expect(round1ResultOf('revoked')).toBeNull();
    expect(round1ResultWords).toEqual({
      qualified: '合格',
      unqualified: '不合格',
      pending: '报考条件待核查',
    });
  });

  it('R7: counts by city × result in the cities’ order, cities without candidates left out, with the total', () => {
    const tally = {
      [tallyKey('4103', 'qualified')]: 3,
      [tallyKey('4101', 'qualified')]: 5,
      [tallyKey('4101', 'unqualified')]: 1,
      [tallyKey('4101', 'pending')]: 2,
      [tallyKey('4103', 'pending')]: 1,
    };
    expect(tallyKey('4101', 'pending')).toBe('4101:pending');
    const t = countTable(['4101', '4102', '4103'], tally);
    expect(t.rows).toEqual([
      { city: '4101', cityName: '郑州市', qualified: 5, unqualified: 1, pending: 2, total: 8 },
      { city: '4103', cityName: '洛阳市', qualified: 3, unqualified: 0, pending: 1, total: 4 },
    ]);
    expect(t.total).toEqual({
      city: '',
      cityName: '合计',
      qualified: 8,
      unqualified: 1,
      pending: 3,
      total: 12,
    });
    expect(countTable(['4101'], {})).toEqual({
      rows: [],
      total: { city: '', cityName: '合计', qualified: 0, unqualified: 0, pending: 0, total: 0 },
    });
  });

  it('R7, N4: a line of the list: number, name, masked ID number, city, result, and the reason only when unqualified', () => {
    const c = { candidateNo: 'JZS120260001', name: '王伟', idNumber: '410102197501019006', city: '4101' };
    expect(round1Columns).toEqual(['准考证号', '姓名', '身份证号', '地市', '核查结果', '不合格原因']);
    expect(round1Line(c, 'unqualified', '学历不符')).toEqual([
      'JZS120260001',
      '王伟',
      '4101**********9006',
      '郑州市',
      '不合格',
      '学历不符',
    ]);
    expect(round1Line(c, 'qualified', '学历不符')[5]).toBe('');
    expect(round1Line(c, 'unqualified', undefined)[5]).toBe('');
    expect(round1Line({ ...c, candidateNo: undefined }, 'pending', undefined)).toEqual([
      '',
      '王伟',
      '4101**********9006',
      '郑州市',
      '报考条件待核查',
      '',
    ]);
  });
});
