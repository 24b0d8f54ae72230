/**
 * Random spot checks (R23, R24): the provincial verifier (or the association for its exam) draws N
 * candidates of an exam from a filter, for an on-site check. The draw is reproducible: each candidate's
 * place in the draw is a hash of the recorded seed and the candidate's person id, and the N lowest are
 * drawn — so the same seed and filter draw the same sample whatever order the candidates are read in,
 * and anyone can check afterwards that nobody picked the sample by hand.
 *
 * Pure: the walk over the exam's candidates (a job) and the marks are the act layer's
 * (functions/acts/spot-checks.ts).
 */
import {
  type CandidateStatus,
  type CommitmentChecks,
  candidateStatuses,
  onlineCheckResults,
} from './candidate.js';
import { type Phase, phases } from './lifecycle.js';
import { isHenanCity } from './regions.js';
import * as z from './zod.js';

/** The largest sample one draw takes. */
export const MAX_SPOT_SAMPLE = 1000;

const checkItems = ['education', 'major', 'workYears', 'any'] as const;

/** Which candidates a draw (and the work queue) looks at; every part optional. */
export const candidateFilterSchema = z.strictObject({
  city: z.optional(
    z
      .string()
      .check(
        z.maxLength(6, '城市代码应为河南省地市代码，如 4101（郑州市）'),
        z.refine(isHenanCity, '城市代码应为河南省地市代码，如 4101（郑州市）'),
      ),
  ),
  status: z.optional(z.enum(candidateStatuses, { error: '状态不正确' })),
  /** an online-check item and result, e.g. `education:failed`, `any:manual` */
  check: z.optional(
    z
      .string()
      .check(
        z.regex(
          new RegExp(`^(${checkItems.join('|')}):(${onlineCheckResults.join('|')})$`),
          '核验条件应为 项目:结果，如 education:failed 或 any:manual',
        ),
      ),
  ),
  /** the lifecycle phase the record was written in (the work queue's `phase`) */
  phase: z.optional(z.enum(phases, { error: '阶段不正确' })),
  /** R23: drawn for a spot check (true) or not (false) */
  spot: z.optional(z.boolean({ error: '抽查条件应为 true 或 false' })),
  /** R6: with at least one objection (true) or none (false) */
  objections: z.optional(z.boolean({ error: '异议条件应为 true 或 false' })),
});
export type CandidateFilter = z.infer<typeof candidateFilterSchema>;

export const spotDrawSchema = z.strictObject({
  size: z
    .number({ error: '请填写抽查人数' })
    .check(
      z.int('抽查人数应为整数'),
      z.gte(1, '至少抽查 1 人'),
      z.lte(MAX_SPOT_SAMPLE, `一次最多抽查 ${MAX_SPOT_SAMPLE} 人`),
    ),
  /** recorded with the draw; one is made when none is given */
  seed: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9_-]{4,64}$/, '随机种子应为 4–64 位字母、数字、下划线或连字符')),
  ),
  filter: z._default(candidateFilterSchema, {}),
  reason: z.optional(z.string().check(z.trim(), z.maxLength(500, '说明不超过500字'))),
});
export type SpotDrawInput = z.infer<typeof spotDrawSchema>;

/** Whether a candidate is one the filter looks at. */
export function matchesFilter(
  c: {
    city: string;
    status: CandidateStatus;
    commitment?: CommitmentChecks | undefined;
    spotCheck?: unknown;
    objectionCount?: number | undefined;
    /** the phase stored with the record (functions/domain/queue.ts) */
    queue?: { phase: Phase } | undefined;
  },
  f: CandidateFilter,
): boolean {
  if (f.city !== undefined && c.city !== f.city) return false;
  if (f.status !== undefined && c.status !== f.status) return false;
  if (f.phase !== undefined && c.queue?.phase !== f.phase) return false;
  if (f.spot !== undefined && !!c.spotCheck !== f.spot) return false;
  if (f.objections !== undefined && (c.objectionCount ?? 0) > 0 !== f.objections) return false;
  if (f.check !== undefined) {
    const [item, result] = f.check.split(':') as [(typeof checkItems)[number], string];
    const checks = c.commitment;
    if (!checks) return false;
    const values = item === 'any' ? [checks.education, checks.major, checks.workYears] : [checks[item]];
    if (!values.includes(result as (typeof values)[number])) return false;
  }
  return true;
}

/** A candidate's place in a draw: FNV-1a (32 bits) of the seed and the person id. */
export function spotRank(seed: string, personId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${personId}`) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface Ranked {
  personId: string;
  rank: number;
}

/** Lowest rank first; ties by person id (a sample holds each person once, so ids never tie). */
const byRank = (a: Ranked, b: Ranked) => a.rank - b.rank || (a.personId < b.personId ? -1 : 1);

/** The sample so far with more candidates considered: the `size` lowest ranks (ties by person id), once each. */
export function mergeSample(current: readonly Ranked[], more: readonly Ranked[], size: number): Ranked[] {
  const seen = new Map<string, Ranked>();
  for (const r of [...current, ...more]) seen.set(r.personId, r);
  return [...seen.values()].sort(byRank).slice(0, size);
}

export type SpotDrawStatus = 'drawing' | 'marking' | 'done';

/** A draw as recorded: who drew it, from what, with which seed; then its sample. */
export interface SpotDraw {
  drawId: string;
  examId: string;
  seed: string;
  size: number;
  filter: CandidateFilter;
  reason?: string;
  by: { deptId: string; deptName: string };
  at: string;
  status: SpotDrawStatus;
  /** the candidates looked at, once the draw is through */
  considered?: number;
  sample: Ranked[];
}

/** The mark a drawn candidate carries (shown to staff; the work queue filters on it). */
export interface SpotMark {
  drawId: string;
  at: string;
  deptName: string;
}
