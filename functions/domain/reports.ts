/**
 * The round-1 report to hr (R7): when round 1 is due, the verifier reports each candidate's result —
 * qualified, unqualified, or pending (报考条件待核查: undecided at the deadline, R7) — with counts by city
 * and result, and the list. Pure: what a candidate counts as, the table of counts, the list's columns.
 * The job that walks the candidates and writes the CSV and XLSX is the act layer's
 * (functions/acts/reports.ts).
 */
import type { CandidateStatus } from './candidate.js';
import { maskIdNumber } from './masking.js';
import { cityName } from './regions.js';

export const round1Results = ['qualified', 'unqualified', 'pending'] as const;
export type Round1Result = (typeof round1Results)[number];

export const round1ResultWords: Record<Round1Result, string> = {
  qualified: '合格',
  unqualified: '不合格',
  pending: '报考条件待核查',
};

/**
 * What a candidate's status counts as in the round-1 report: a round-1 decision as it is; a candidate
 * still undecided is pending (R7: undecided at the deadline become pending); a later status (forfeited,
 * revoked) by the round-1 result it came from is not known here, so it is left out (null).
 */
export function round1ResultOf(status: CandidateStatus): Round1Result | null {
  if (status === 'qualified' || status === 'unqualified' || status === 'pending') return status;
  if (status === 'verifying') return 'pending';
  return null;
}

/** The tally key of a city and result (the job's tally adds these up step by step). */
export const tallyKey = (city: string, r: Round1Result): string => `${city}:${r}`;

export interface CountRow {
  city: string;
  cityName: string;
  qualified: number;
  unqualified: number;
  pending: number;
  total: number;
}

/** The counts by city × result, in the cities' order (cities without candidates left out), and the total. */
export function countTable(
  cities: readonly string[],
  tally: Record<string, number>,
): { rows: CountRow[]; total: CountRow } {
  const rows = cities.flatMap((city) => {
    const [qualified, unqualified, pending] = round1Results.map((r) => tally[tallyKey(city, r)] ?? 0) as [
      number,
      number,
      number,
    ];
    const total = qualified + unqualified + pending;
    return total ? [{ city, cityName: cityName(city), qualified, unqualified, pending, total }] : [];
  });
  const sum = (k: 'qualified' | 'unqualified' | 'pending' | 'total') => rows.reduce((n, r) => n + r[k], 0);
  return {
    rows,
    total: {
      city: '',
      cityName: '合计',
      qualified: sum('qualified'),
      unqualified: sum('unqualified'),
      pending: sum('pending'),
      total: sum('total'),
    },
  };
}

/** The list's columns, as its CSV and XLSX head them. */
export const round1Columns = ['准考证号', '姓名', '身份证号', '地市', '核查结果', '不合格原因'] as const;

/** One line of the list: the ID number masked (the report is a summary, not the record). */
export function round1Line(
  c: { candidateNo?: string | undefined; name: string; idNumber: string; city: string },
  r: Round1Result,
  reason: string | undefined,
): string[] {
  return [
    c.candidateNo ?? '',
    c.name,
    maskIdNumber(c.idNumber),
    cityName(c.city),
    round1ResultWords[r],
    r === 'unqualified' ? (reason ?? '') : '',
  ];
}
