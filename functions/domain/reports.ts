/**
 * The reports to hr, of two kinds. Round 1 (R7): when round 1 is due, the verifier reports each
 * candidate's result — qualified, unqualified, or pending (报考条件待核查: undecided at the deadline, R7) —
 * with counts by city and result, and the list. The supplementary round (R13): when supplementaryDue
 * has passed, who was pending at its start, who took part, qualified, unqualified, forfeited (R12), and
 * how many decisions came after the deadline (R11: accepted, flagged overdue), by city, and the list.
 * Pure: what a candidate counts as, the tables of counts, the lists' columns and lines. The job that
 * walks the candidates and writes the CSV and XLSX is the act layer's (functions/acts/reports.ts).
 */
import type { Candidate, CandidateStatus } from './candidate.js';
import {
  type CollectionSite,
  custodyColumns,
  custodyLine,
  onTransferRegister,
  sitePeriodOver,
  transferColumns,
  transferLine,
} from './collection.js';
import { reasonLabels } from './decisions.js';
import type { Phase } from './lifecycle.js';
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
export const tallyKey = (city: string, r: string): string => `${city}:${r}`;

/** One city's counts (or the total's, city ''), one number per column and the city's total. */
export type CountRow<K extends string = Round1Result> = {
  city: string;
  cityName: string;
  total: number;
} & Record<K, number>;

/**
 * The counts by city × column, in the cities' order (cities without candidates left out), and the
 * total. A city's total is the sum of its columns, or — where the columns overlap (the supplementary
 * report's) — the column `totalOf` that holds everyone.
 */
export function countsBy<K extends string>(
  cities: readonly string[],
  tally: Record<string, number>,
  columns: readonly K[],
  totalOf?: K,
): { rows: CountRow<K>[]; total: CountRow<K> } {
  const rowOf = (city: string, name: string, count: (k: K) => number): CountRow<K> => {
    const counts = Object.fromEntries(columns.map((k) => [k, count(k)])) as Record<K, number>;
    const total = totalOf ? counts[totalOf] : columns.reduce((n, k) => n + counts[k], 0);
    return { city, cityName: name, ...counts, total };
  };
  const rows = cities
    .map((city) => rowOf(city, cityName(city), (k) => tally[tallyKey(city, k)] ?? 0))
    .filter((r) => r.total > 0);
  return { rows, total: rowOf('', '合计', (k) => rows.reduce((n, r) => n + r[k], 0)) };
}

/** The round-1 counts by city × result (R7). */
export const countTable = (cities: readonly string[], tally: Record<string, number>) =>
  countsBy(cities, tally, round1Results);

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

// ---------------------------------------------------------------------------------------------------
// The supplementary report (R13)

export const reportKinds = ['round1', 'supplementary', 'custody', 'transfer'] as const;
export type ReportKind = (typeof reportKinds)[number];

/** The supplementary report's counts; they overlap (a candidate who took part and qualified adds to three). */
export const supplementaryCounts = [
  'pendingAtStart',
  'tookPart',
  'qualified',
  'unqualified',
  'forfeited',
  'overdue',
] as const;
export type SupplementaryCount = (typeof supplementaryCounts)[number];

type ReportCandidate = Pick<
  Candidate,
  'candidateNo' | 'name' | 'idNumber' | 'city' | 'status' | 'lifecycle' | 'decision'
>;

/** The supplementary-round decision on the record, if one was made (an appeal's result after it is not one). */
const supplementaryDecision = (c: ReportCandidate) =>
  c.decision?.round === 'supplementary' ? c.decision : undefined;

/**
 * R10–R13: what a candidate adds to in the supplementary report, or null when the round was never
 * theirs (decided in round 1). Everyone pending once round 1 was over is in it: still pending, joined
 * (R10), decided in it, or forfeited (R12); a decision after supplementaryDue counts as overdue (R11).
 */
export function supplementaryCountsOf(c: ReportCandidate): SupplementaryCount[] | null {
  const joined = Boolean(c.lifecycle?.supplementaryJoinedAt);
  const d = supplementaryDecision(c);
  if (!joined && !d && c.status !== 'pending' && c.status !== 'forfeited') return null;
  return [
    'pendingAtStart',
    ...(joined ? (['tookPart'] as const) : []),
    ...(d ? [d.outcome] : []),
    ...(c.status === 'forfeited' ? (['forfeited'] as const) : []),
    ...(d?.overdue ? (['overdue'] as const) : []),
  ];
}

/** The supplementary list's columns, as its CSV and XLSX head them. */
export const supplementaryColumns = [
  '准考证号',
  '姓名',
  '身份证号',
  '地市',
  '补充核查结果',
  '不合格原因',
  '参加时间',
  '作出结论时间',
  '逾期作出结论',
] as const;

/** The supplementary result in words: decided, forfeited, taken part and waiting, or not (yet) taken part. */
export function supplementaryResultWords(c: ReportCandidate): string {
  const d = supplementaryDecision(c);
  if (d) return round1ResultWords[d.outcome];
  if (c.status === 'forfeited') return '视为放弃考试资格';
  return c.lifecycle?.supplementaryJoinedAt ? '已参加，待作结论' : '未参加';
}

/** One line of the supplementary list: the ID number masked, times as given (ISO, UTC). */
export function supplementaryLine(c: ReportCandidate): string[] {
  const d = supplementaryDecision(c);
  return [
    c.candidateNo ?? '',
    c.name,
    maskIdNumber(c.idNumber),
    cityName(c.city),
    supplementaryResultWords(c),
    d?.outcome === 'unqualified' && d.reasonCode ? reasonLabels[d.reasonCode].zh : '',
    c.lifecycle?.supplementaryJoinedAt ?? '',
    d?.at ?? '',
    d?.overdue ? '是' : '',
  ];
}

/** What the registers (R20) need to know of a candidate beside the record: its phase, its site, custody's end. */
export interface RegisterContext {
  phase: Phase;
  site?: Pick<CollectionSite, 'name' | 'closesOn'> | undefined;
  custodyEnds: { date: string; endsAt: string };
  now: Date;
}

/**
 * R20: who is on a register. The custody register: every certificate uncollected once its site's
 * period has ended, until custody ends. The transfer register: every certificate uncollected at
 * custodyEnds (functions/domain/collection.ts onTransferRegister).
 */
function registerEntry(
  kind: 'custody' | 'transfer',
  c: ReportCandidate & Pick<Candidate, 'certificate'>,
  ctx: RegisterContext,
): { counts: string[]; line: string[] } | null {
  const listed = onTransferRegister(c, ctx.phase, ctx.custodyEnds.endsAt, ctx.now);
  if (kind === 'transfer')
    return listed
      ? {
          counts: ['listed'],
          line: transferLine(
            c,
            ctx.custodyEnds.date,
            c.lifecycle?.transferListedAt ?? ctx.custodyEnds.endsAt,
          ),
        }
      : null;
  if (listed || ctx.phase !== 'collection' || !sitePeriodOver(ctx.site, ctx.now)) return null;
  return { counts: ['kept'], line: custodyLine(c, ctx.site, ctx.custodyEnds.date) };
}

/** What a candidate adds to a report of this kind — its tally keys and its line — or null when not in it. */
export function reportEntry(
  kind: ReportKind,
  c: ReportCandidate & Pick<Candidate, 'certificate'>,
  ctx?: RegisterContext,
): { counts: string[]; line: string[] } | null {
  if (kind === 'custody' || kind === 'transfer') return ctx ? registerEntry(kind, c, ctx) : null;
  if (kind === 'supplementary') {
    const counts = supplementaryCountsOf(c);
    return counts ? { counts, line: supplementaryLine(c) } : null;
  }
  const r = round1ResultOf(c.status);
  if (!r) return null;
  const code = c.decision?.outcome === 'unqualified' ? c.decision.reasonCode : undefined;
  return { counts: [r], line: round1Line(c, r, code ? reasonLabels[code].zh : undefined) };
}

/** Each kind's list columns, counts, sheet name and rule. */
export const reportSpecs = {
  round1: { columns: round1Columns, counts: round1Results, sheet: '首轮核查结果', rule: 'R7' },
  supplementary: {
    columns: supplementaryColumns,
    counts: supplementaryCounts,
    sheet: '补充资格核查结果',
    rule: 'R13',
  },
  custody: { columns: custodyColumns, counts: ['kept'], sheet: '代为保管登记册', rule: 'R20' },
  transfer: { columns: transferColumns, counts: ['listed'], sheet: '移交登记册', rule: 'R20' },
} as const satisfies Record<
  ReportKind,
  { columns: readonly string[]; counts: readonly string[]; sheet: string; rule: string }
>;

/** The counts of a report of this kind (the supplementary report's total: everyone pending at its start). */
export function reportCounts(kind: ReportKind, cities: readonly string[], tally: Record<string, number>) {
  if (kind === 'custody' || kind === 'transfer') return countsBy(cities, tally, reportSpecs[kind].counts);
  return kind === 'supplementary'
    ? countsBy(cities, tally, supplementaryCounts, 'pendingAtStart')
    : countTable(cities, tally);
}

/** The kinds the schedule makes by itself once their deadline has passed (R7, R13; R20 at custodyEnds). */
export const scheduledReportKinds = [
  'round1',
  'supplementary',
  'transfer',
] as const satisfies readonly ReportKind[];
