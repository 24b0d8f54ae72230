/** The round-1 report (R7) in the pure core: what each status counts as, the table, the list's lines. */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../functions/domain/candidate.js';
import { initialFacts } from '../../functions/domain/lifecycle.js';
import {
  countsBy,
  countTable,
  reportCounts,
  reportEntry,
  reportSpecs,
  round1Columns,
  round1Line,
  round1ResultOf,
  round1ResultWords,
  supplementaryColumns,
  supplementaryCounts,
  supplementaryCountsOf,
  supplementaryLine,
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

describe('the supplementary report (R13)', () => {
  const base = { candidateNo: 'JZS220260011', name: '李芳', idNumber: '410102197501019006', city: '4101' };
  const by = { deptId: 'zjt', deptName: '住建厅', deptKind: 'provincialVerifier' as const };
  const JOINED = '2026-11-01T02:00:00.000Z';
  const person = (
    status: Candidate['status'],
    o: { joined?: boolean; decided?: 'qualified' | 'unqualified'; overdue?: boolean; round?: 'first' } = {},
  ) =>
    ({
      ...base,
      status,
      lifecycle: { ...initialFacts(), ...(o.joined ? { supplementaryJoinedAt: JOINED } : {}) },
      ...(o.decided
        ? {
            decision: {
              round: o.round ?? 'supplementary',
              outcome: o.decided,
              ...(o.decided === 'unqualified' ? { reasonCode: 'workYears' as const } : {}),
              by,
              at: '2026-11-30T02:00:00.000Z',
              ...(o.overdue ? { overdue: true as const } : {}),
            },
          }
        : {}),
    }) as Pick<Candidate, 'candidateNo' | 'name' | 'idNumber' | 'city' | 'status' | 'lifecycle' | 'decision'>;

  it('R10–R13, R11: who counts where: everyone pending once round 1 was over; took part; the decision; forfeited; decided overdue', () => {
    expect(supplementaryCounts).toEqual([
      'pendingAtStart',
      'tookPart',
      'qualified',
      'unqualified',
      'forfeited',
      'overdue',
    ]);
    expect(supplementaryCountsOf(person('pending'))).toEqual(['pendingAtStart']);
    expect(supplementaryCountsOf(person('pending', { joined: true }))).toEqual([
      'pendingAtStart',
      'tookPart',
    ]);
    expect(supplementaryCountsOf(person('qualified', { joined: true, decided: 'qualified' }))).toEqual([
      'pendingAtStart',
      'tookPart',
      'qualified',
    ]);
    expect(
      supplementaryCountsOf(person('unqualified', { joined: true, decided: 'unqualified', overdue: true })),
    ).toEqual(['pendingAtStart', 'tookPart', 'unqualified', 'overdue']);
    expect(supplementaryCountsOf(person('forfeited'))).toEqual(['pendingAtStart', 'forfeited']);
    // decided in round 1: not in the supplementary round at all
    expect(supplementaryCountsOf(person('qualified', { decided: 'qualified', round: 'first' }))).toBeNull();
    expect(
      supplementaryCountsOf(person('unqualified', { decided: 'unqualified', round: 'first' })),
    ).toBeNull();
    expect(supplementaryCountsOf(person('verifying'))).toBeNull();
    // an appeal upheld after a supplementary unqualified: counted by the supplementary decision
    expect(supplementaryCountsOf(person('qualified', { joined: true, decided: 'unqualified' }))).toContain(
      'unqualified',
    );
  });

  it('R13, N4: a line: number, name, masked ID, city, result in words, reason when unqualified, when, overdue', () => {
    expect(supplementaryColumns).toEqual([
      '准考证号',
      '姓名',
      '身份证号',
      '地市',
      '补充核查结果',
      '不合格原因',
      '参加时间',
      '作出结论时间',
      '逾期作出结论',
    ]);
    expect(
      supplementaryLine(person('unqualified', { joined: true, decided: 'unqualified', overdue: true })),
    ).toEqual([
      'JZS220260011',
      '李芳',
      '4101**********9006',
      '郑州市',
      '不合格',
      '工作年限不足',
      JOINED,
      '2026-11-30T02:00:00.000Z',
      '是',
    ]);
    expect(supplementaryLine(person('qualified', { joined: true, decided: 'qualified' })).slice(4)).toEqual([
      '合格',
      '',
      JOINED,
      '2026-11-30T02:00:00.000Z',
      '',
    ]);
    expect(supplementaryLine(person('forfeited'))[4]).toBe('视为放弃考试资格');
    expect(supplementaryLine(person('pending', { joined: true }))[4]).toBe('已参加，待作结论');
    expect(supplementaryLine({ ...person('pending'), candidateNo: undefined }).slice(0, 5)).toEqual([
      '',
      '李芳',
      '4101**********9006',
      '郑州市',
      '未参加',
    ]);
  });

  it('R13: counts by city with the total everyone pending at the start; R7’s total is the sum', () => {
    const tally = {
      [tallyKey('4101', 'pendingAtStart')]: 3,
      [tallyKey('4101', 'tookPart')]: 2,
      [tallyKey('4101', 'qualified')]: 1,
      [tallyKey('4103', 'pendingAtStart')]: 1,
      [tallyKey('4103', 'forfeited')]: 1,
    };
    const t = reportCounts('supplementary', ['4101', '4102', '4103'], tally);
    expect(t.rows).toEqual([
      {
        city: '4101',
        cityName: '郑州市',
        pendingAtStart: 3,
        tookPart: 2,
        qualified: 1,
        unqualified: 0,
        forfeited: 0,
        overdue: 0,
        total: 3,
      },
      {
        city: '4103',
        cityName: '洛阳市',
        pendingAtStart: 1,
        tookPart: 0,
        qualified: 0,
        unqualified: 0,
        forfeited: 1,
        overdue: 0,
        total: 1,
      },
    ]);
    expect(t.total).toMatchObject({ city: '', cityName: '合计', pendingAtStart: 4, tookPart: 2, total: 4 });
    expect(reportCounts('round1', ['4101'], { [tallyKey('4101', 'qualified')]: 2 })).toEqual(
      countTable(['4101'], { [tallyKey('4101', 'qualified')]: 2 }),
    );
    expect(countsBy(['4101'], { '4101:a': 1, '4101:b': 2 }, ['a', 'b']).total.total).toBe(3);
  });

  it('R7, R13: what a candidate adds to each kind of report', () => {
    const u = person('unqualified', { decided: 'unqualified', round: 'first' });
    expect(reportEntry('round1', u)).toEqual({
      counts: ['unqualified'],
      line: round1Line(u, 'unqualified', '工作年限不足'),
    });
    expect(reportEntry('round1', person('forfeited'))).toBeNull();
    expect(reportEntry('supplementary', u)).toBeNull();
    expect(reportEntry('supplementary', person('forfeited'))).toEqual({
      counts: ['pendingAtStart', 'forfeited'],
      line: supplementaryLine(person('forfeited')),
    });
    expect(reportSpecs.supplementary).toMatchObject({ sheet: '补充资格核查结果', rule: 'R13' });
    expect(reportSpecs.round1).toMatchObject({ sheet: '首轮核查结果', rule: 'R7' });
  });
});
