/** Random spot checks (R23, R24) in the pure core: the filter, the ranks, the sample. */
import { describe, expect, it } from 'vitest';
import {
  candidateFilterSchema,
  MAX_SPOT_SAMPLE,
  matchesFilter,
  mergeSample,
  spotDrawSchema,
  spotRank,
} from '../../functions/domain/spot-checks.js';

const c = (over: Partial<Parameters<typeof matchesFilter>[0]> = {}) => ({
  city: '4101',
  status: 'verifying' as const,
  commitment: { education: 'passed', major: 'manual', workYears: 'failed' } as const,
  ...over,
});

describe('spot checks (R23)', () => {
  it('R23: a filter takes a candidate by city, status and one online check (or any of the three)', () => {
    expect(matchesFilter(c(), {})).toBe(true);
    expect(matchesFilter(c(), { city: '4101' })).toBe(true);
    expect(matchesFilter(c(), { city: '4102' })).toBe(false);
    expect(matchesFilter(c(), { status: 'verifying' })).toBe(true);
    expect(matchesFilter(c(), { status: 'pending' })).toBe(false);
    expect(matchesFilter(c(), { check: 'education:passed' })).toBe(true);
    expect(matchesFilter(c(), { check: 'education:failed' })).toBe(false);
    expect(matchesFilter(c(), { check: 'major:manual' })).toBe(true);
    expect(matchesFilter(c(), { check: 'workYears:failed' })).toBe(true);
    expect(matchesFilter(c(), { check: 'workYears:passed' })).toBe(false);
    expect(matchesFilter(c(), { check: 'any:manual' })).toBe(true);
    expect(matchesFilter(c(), { check: 'any:failed' })).toBe(true);
    const allPassed = c({ commitment: { education: 'passed', major: 'passed', workYears: 'passed' } });
    expect(matchesFilter(allPassed, { check: 'any:manual' })).toBe(false);
    expect(matchesFilter(c({ commitment: undefined }), { check: 'any:passed' })).toBe(false);
    expect(matchesFilter(c(), { city: '4101', status: 'verifying', check: 'any:failed' })).toBe(true);
    expect(matchesFilter(c(), { city: '4101', status: 'qualified', check: 'any:failed' })).toBe(false);
  });

  it('R23: the place of a candidate in a draw depends on the seed and the person only', () => {
    expect(spotRank('seed-1', 'p1')).toBe(spotRank('seed-1', 'p1'));
    expect(spotRank('seed-1', 'p1')).not.toBe(spotRank('seed-2', 'p1'));
    expect(spotRank('seed-1', 'p1')).not.toBe(spotRank('seed-1', 'p2'));
    // FNV-1a (32 bits) of "a|b" and of "|": pinned, so a draw can be re-checked by any implementation
    expect(spotRank('a', 'b')).toBe(0x294c7dd6);
    expect(spotRank('', '')).toBe(0xf90c4a3b);
    expect(Number.isInteger(spotRank('x', 'y')) && spotRank('x', 'y') >= 0).toBe(true);
  });

  it('R23: the sample is the lowest ranks, ties by person id, each person once, whatever order they come in', () => {
    const all = Array.from({ length: 50 }, (_, i) => ({ personId: `p${i}`, rank: spotRank('s', `p${i}`) }));
    const want = [...all].sort((a, b) => a.rank - b.rank).slice(0, 7);
    // in pages of 10, forwards or backwards: the same sample
    const inPages = (list: typeof all) => {
      let s: typeof all = [];
      for (let i = 0; i < list.length; i += 10) s = mergeSample(s, list.slice(i, i + 10), 7);
      return s;
    };
    expect(inPages(all)).toEqual(want);
    expect(inPages([...all].reverse())).toEqual(want);
    // a page seen twice (a step run again) changes nothing
    expect(mergeSample(want, all.slice(0, 10), 7)).toEqual(want);
    const tie = mergeSample(
      [{ personId: 'b', rank: 1 }],
      [
        { personId: 'a', rank: 1 },
        { personId: 'c', rank: 0 },
      ],
      2,
    );
    expect(tie).toEqual([
      { personId: 'c', rank: 0 },
      { personId: 'a', rank: 1 },
    ]);
    expect(
      mergeSample(
        [],
        [
          { personId: 'z', rank: 5 },
          { personId: 'y', rank: 5 },
        ],
        5,
      ).map((r) => r.personId),
    ).toEqual(['y', 'z']);
    expect(mergeSample([], all, 0)).toEqual([]);
    // many ties, in any order: by person id
    const tied = ['p5', 'p1', 'p4', 'p2', 'p3'].map((personId) => ({ personId, rank: 7 }));
    expect(mergeSample([], tied, 5).map((r) => r.personId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(mergeSample([], [...tied].reverse(), 3).map((r) => r.personId)).toEqual(['p1', 'p2', 'p3']);
  });

  it('R23: a draw names its size (1 to the maximum), an optional seed, a filter of known values and a reason', () => {
    expect(spotDrawSchema.parse({ size: 5 })).toEqual({ size: 5, filter: {} });
    expect(
      spotDrawSchema.parse({ size: MAX_SPOT_SAMPLE, seed: 'abcd', filter: { check: 'any:manual' } }).size,
    ).toBe(MAX_SPOT_SAMPLE);
    for (const bad of [
      { size: 0 },
      { size: MAX_SPOT_SAMPLE + 1 },
      { size: 1.5 },
      { size: 3, seed: 'abc' },
      { size: 3, seed: 'has space' },
      { size: 3, filter: { city: '9999' } },
      { size: 3, filter: { status: 'nope' } },
      { size: 3, filter: { check: 'any:maybe' } },
      { size: 3, filter: { check: 'height:passed' } },
      { size: 3, filter: { other: 1 } },
      { size: 3, extra: true },
      { size: 3, reason: 'x'.repeat(501) },
    ])
      expect([bad, spotDrawSchema.safeParse(bad).success]).toEqual([bad, false]);
    expect(
      candidateFilterSchema.parse({ city: '419001', status: 'pending', check: 'education:failed' }),
    ).toEqual({
      city: '419001',
      status: 'pending',
      check: 'education:failed',
    });
  });
});
