/**
 * The job record (functions/domain/jobs.ts) and how it moves on: created, counted source by source,
 * claimed and worked chunk by chunk, finished or failed, and shown to people. Pure: synthetic jobs and
 * fixed dates; a whole walk over three in-memory sources mirrors the act layer's steps
 * (functions/acts/jobs.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  afterChunk,
  CHUNK_SIZE,
  type ChunkEnd,
  type ChunkResult,
  claimChunk,
  failJob,
  isActive,
  type Job,
  type JobItem,
  type JobSpec,
  type JobStatus,
  jobActions,
  jobKinds,
  jobView,
  MAX_JOB_ERRORS,
  newJob,
} from '../../functions/domain/jobs.js';

const CREATED = new Date('2026-12-01T01:00:00Z');
const CREATED_AT = '2026-12-01T01:00:00.000Z';
const LATER = new Date('2026-12-01T01:05:00Z');
const LATER_AT = '2026-12-01T01:05:00.000Z';

const spec: JobSpec = {
  kind: 'examEvent',
  action: 'catchUp',
  cause: 'exam.resultsAnnounced',
  actor: 'staff:zjt.verifier',
  scope: { examIds: ['JZS1-2026'], waiting: ['awaitingResults'] },
  sourceCount: 3,
  examId: 'JZS1-2026',
};

const fresh = (over: Partial<JobSpec> = {}): Job => newJob({ ...spec, ...over }, 'job-1', CREATED);

/** a job in the middle of its walk, with everything that moves set to chosen values */
const job = (over: Partial<Job> = {}): Job => ({ ...fresh(), status: 'running', ...over });

const errs = (n: number, prefix = 'p'): { item: string; error: string }[] =>
  Array.from({ length: n }, (_, i) => ({ item: `${prefix}${i}`, error: `boom ${i}` }));

const items = (n: number, examId = 'JZS1-2026'): JobItem[] =>
  Array.from({ length: n }, (_, i) => ({ examId, personId: `person-${i}`, generation: 1 }));

const count = (counted: number, end: ChunkEnd): ChunkResult => ({ stage: 'count', counted, end });
const work = (done: number, failed: { item: string; error: string }[], end: ChunkEnd): ChunkResult => ({
  stage: 'work',
  done,
  failed,
  end,
});

describe('constants', () => {
  it('names the actions and kinds of jobs, and the chunk and error limits', () => {
    expect(jobActions).toEqual([
      'catchUp',
      'startLifecycle',
      'importRows',
      'renderNotice',
      'takeDownNotice',
      'drawSpotCheck',
      'round1Report',
      'renderResults',
      'supplementaryReport',
      'renderSupplementaryResults',
      'custodyReport',
      'transferReport',
      'bulkPreview',
      'bulkDecide',
      'recordArrival',
      'exportManifest',
      'importTracking',
      'importDelivery',
    ]);
    expect(jobKinds).toEqual([
      'examEvent',
      'examReplan',
      'calendarReplan',
      'startLifecycles',
      'import',
      'notice',
      'spotCheck',
      'report',
      'bulkDecision',
      'arrival',
      'dispatch',
    ]);
    expect(CHUNK_SIZE).toBe(100);
    expect(MAX_JOB_ERRORS).toBe(100);
  });
});

describe('newJob', () => {
  it('a job with sources starts queued at the first source of the count stage, nothing counted yet', () => {
    expect(fresh()).toStrictEqual({
      jobId: 'job-1',
      kind: 'examEvent',
      action: 'catchUp',
      cause: 'exam.resultsAnnounced',
      actor: 'staff:zjt.verifier',
      scope: { examIds: ['JZS1-2026'], waiting: ['awaitingResults'] },
      sourceCount: 3,
      examId: 'JZS1-2026',
      position: { stage: 'count', source: 0 },
      seq: 0,
      status: 'queued',
      total: null,
      done: 0,
      failed: 0,
      errors: [],
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
    });
    expect('finishedAt' in fresh()).toBe(false);
  });

  it('a job with no sources is done at once, with a total of 0', () => {
    const j = fresh({ sourceCount: 0 });
    expect(j.status).toBe('done');
    expect(j.total).toBe(0);
    expect(j.finishedAt).toBe(CREATED_AT);
    expect(j.updatedAt).toBe(CREATED_AT);
    expect(j.seq).toBe(0);
    expect(j.position).toStrictEqual({ stage: 'count', source: 0 });
    expect(isActive(j)).toBe(false);
  });

  it('has an examId only when one is given', () => {
    expect(fresh().examId).toBe('JZS1-2026');
    const { examId: _, ...noExam } = spec;
    const j = newJob(noExam, 'job-2', CREATED);
    expect('examId' in j).toBe(false);
    expect(j.jobId).toBe('job-2');
    expect('examId' in fresh({ examId: undefined })).toBe(false);
    expect('examId' in fresh({ examId: '' })).toBe(false);
  });
});

describe('afterChunk, count stage', () => {
  it('a page with more to come keeps the source and its resume point; the total starts from null', () => {
    const next = afterChunk(fresh(), count(100, { source: 0, after: { pk: 'a', sk: 'b' } }), LATER);
    expect(next.total).toBe(100);
    expect(next.position).toStrictEqual({ stage: 'count', source: 0, after: { pk: 'a', sk: 'b' } });
    expect(next.status).toBe('running');
    expect(next.seq).toBe(1);
    expect(next.updatedAt).toBe(LATER_AT);
    expect(next.createdAt).toBe(CREATED_AT);
    expect('finishedAt' in next).toBe(false);
    expect(next.done).toBe(0);
    expect(next.failed).toBe(0);
    expect(next.errors).toEqual([]);
  });

  it('a source counted through moves on to the next source, without a resume point', () => {
    const at = job({ position: { stage: 'count', source: 0, after: { pk: 'a' } }, total: 100, seq: 4 });
    const next = afterChunk(at, count(50, { source: 1 }), LATER);
    expect(next.total).toBe(150);
    expect(next.position).toStrictEqual({ stage: 'count', source: 1 });
    expect(next.seq).toBe(5);
    expect(next.status).toBe('running');
  });

  it('counting nothing still moves on, and the total becomes 0 rather than staying null', () => {
    const next = afterChunk(fresh(), count(0, { source: 1 }), LATER);
    expect(next.total).toBe(0);
    expect(next.position).toStrictEqual({ stage: 'count', source: 1 });
  });

  it('after the last source the job switches to the work stage at the first source', () => {
    const at = job({ position: { stage: 'count', source: 2 }, total: 150, seq: 2 });
    const next = afterChunk(at, count(30, { source: 3 }), LATER);
    expect(next.total).toBe(180);
    expect(next.position).toStrictEqual({ stage: 'work', source: 0 });
    expect(next.status).toBe('running');
    expect(next.seq).toBe(3);
    expect('finishedAt' in next).toBe(false);
  });

  it('a resume point at the end of the stage is dropped; an end past the last source counts as through', () => {
    const at = job({ position: { stage: 'count', source: 2 }, total: 7 });
    expect(afterChunk(at, count(1, { source: 3, after: { pk: 'x' } }), LATER).position).toStrictEqual({
      stage: 'work',
      source: 0,
    });
    expect(afterChunk(at, count(1, { source: 5 }), LATER).position).toStrictEqual({
      stage: 'work',
      source: 0,
    });
    // one short of the end is not through
    expect(afterChunk(at, count(1, { source: 2 }), LATER).position).toStrictEqual({
      stage: 'count',
      source: 2,
    });
  });
});

describe('afterChunk, work stage', () => {
  const working = (over: Partial<Job> = {}): Job =>
    job({
      position: { stage: 'work', source: 0 },
      total: 180,
      done: 40,
      failed: 2,
      errors: errs(2, 'old'),
      seq: 6,
      claimed: { items: items(3), end: { source: 1 } },
      ...over,
    });

  it('an import step adds its outcomes to the tally and its rows with errors to the failed, without listing them', () => {
    const step = (tally: Record<string, number>, rejected: number) => ({
      stage: 'work' as const,
      done: 10,
      failed: [],
      failedElsewhere: rejected,
      tally,
      end: { source: 0, after: { offset: 1, row: 2 } },
    });
    const first = afterChunk(working(), step({ imported: 7, unchanged: 3, rejected: 2 }, 2), LATER);
    expect(first.tally).toStrictEqual({ imported: 7, unchanged: 3, rejected: 2 });
    expect(first.failed).toBe(4);
    expect(first.errors).toEqual(errs(2, 'old'));
    const second = afterChunk(first, step({ imported: 1, updated: 4, rejected: 1 }, 1), LATER);
    expect(second.tally).toStrictEqual({ imported: 8, unchanged: 3, rejected: 3, updated: 4 });
    expect(second.failed).toBe(5);
    // a step with no tally leaves the tally as it was
    expect(afterChunk(second, work(1, [], { source: 0 }), LATER).tally).toStrictEqual(second.tally);
    expect(afterChunk(working(), work(1, [], { source: 0 }), LATER).tally).toBeUndefined();
  });

  it('adds the done and failed, appends the errors, moves on and drops the claimed items', () => {
    const next = afterChunk(working(), work(97, errs(3, 'new'), { source: 1 }), LATER);
    expect(next.done).toBe(137);
    expect(next.failed).toBe(5);
    expect(next.errors).toEqual([...errs(2, 'old'), ...errs(3, 'new')]);
    expect(next.total).toBe(180);
    expect(next.position).toStrictEqual({ stage: 'work', source: 1 });
    expect(next.status).toBe('running');
    expect(next.seq).toBe(7);
    expect(next.updatedAt).toBe(LATER_AT);
    expect('claimed' in next).toBe(false);
    expect('finishedAt' in next).toBe(false);
  });

  it('keeps the resume point inside a source', () => {
    const next = afterChunk(working(), work(100, [], { source: 0, after: { pk: 'p', sk: 's' } }), LATER);
    expect(next.position).toStrictEqual({ stage: 'work', source: 0, after: { pk: 'p', sk: 's' } });
    expect(next.failed).toBe(2);
    expect(next.errors).toEqual(errs(2, 'old'));
  });

  it('keeps at most MAX_JOB_ERRORS errors, the first ones, while the count stays exact', () => {
    const next = afterChunk(working(), work(0, errs(150, 'new'), { source: 1 }), LATER);
    expect(next.failed).toBe(152);
    expect(next.errors).toHaveLength(MAX_JOB_ERRORS);
    expect(next.errors).toEqual([...errs(2, 'old'), ...errs(98, 'new')]);
  });

  it('items that joined while the job ran raise the total to what was processed', () => {
    const next = afterChunk(working({ total: 50 }), work(9, errs(1), { source: 1 }), LATER);
    expect(next.done).toBe(49);
    expect(next.failed).toBe(3);
    expect(next.total).toBe(52);
  });

  it('the total never falls below what was counted', () => {
    const next = afterChunk(working({ total: 180, done: 0, failed: 0 }), work(5, [], { source: 1 }), LATER);
    expect(next.total).toBe(180);
  });

  it('a job never counted takes what was processed as its total', () => {
    const next = afterChunk(
      working({ total: null, done: 0, failed: 0 }),
      work(5, errs(2), { source: 1 }),
      LATER,
    );
    expect(next.total).toBe(7);
  });

  it('is done when the end source reaches the source count: finishedAt, at the end of the sources', () => {
    const at = working({ position: { stage: 'work', source: 2 } });
    const next = afterChunk(at, work(3, [], { source: 3, after: { pk: 'x' } }), LATER);
    expect(next.status).toBe('done');
    expect(next.finishedAt).toBe(LATER_AT);
    expect(next.updatedAt).toBe(LATER_AT);
    expect(next.position).toStrictEqual({ stage: 'work', source: 3 });
    expect(next.seq).toBe(7);
    expect(next.done).toBe(43);
    expect(isActive(next)).toBe(false);
    expect('claimed' in next).toBe(false);
  });

  it('is done past the end too, and not done one source short of it', () => {
    expect(afterChunk(working(), work(0, [], { source: 4 }), LATER).status).toBe('done');
    const short = afterChunk(working(), work(0, [], { source: 2 }), LATER);
    expect(short.status).toBe('running');
    expect(short.position).toStrictEqual({ stage: 'work', source: 2 });
  });
});

describe('claimChunk', () => {
  const atWork = job({ position: { stage: 'work', source: 1, after: { pk: 'q' } }, total: 180, seq: 9 });

  it('claims the items with where the source goes on after them; nothing else moves', () => {
    const claimed = items(2);
    const next = claimChunk(atWork, claimed, { source: 1, after: { pk: 'r' } }, LATER);
    expect(next).toStrictEqual({
      ...atWork,
      claimed: { items: claimed, end: { source: 1, after: { pk: 'r' } } },
      seq: 10,
      status: 'running',
      updatedAt: LATER_AT,
    });
    expect(next.position).toStrictEqual({ stage: 'work', source: 1, after: { pk: 'q' } });
  });

  it('makes a queued job running', () => {
    const queued = { ...atWork, status: 'queued' as JobStatus };
    expect(claimChunk(queued, items(1), { source: 2 }, LATER).status).toBe('running');
  });

  it('with no items moves straight on, like a chunk of no work', () => {
    const next = claimChunk(atWork, [], { source: 2 }, LATER);
    expect(next).toStrictEqual(afterChunk(atWork, work(0, [], { source: 2 }), LATER));
    expect(next.position).toStrictEqual({ stage: 'work', source: 2 });
    expect(next.seq).toBe(10);
    expect(next.status).toBe('running');
    expect('claimed' in next).toBe(false);
  });

  it('with no items at the end of the sources finishes the job', () => {
    const next = claimChunk(atWork, [], { source: 3 }, LATER);
    expect(next.status).toBe('done');
    expect(next.finishedAt).toBe(LATER_AT);
    expect(next.seq).toBe(10);
    expect(next.done).toBe(0);
  });
});

describe('failJob', () => {
  it('records the job as failed with the reason, one step on', () => {
    const at = job({ seq: 5, errors: errs(1) });
    const next = failJob(at, 'exam removed', LATER);
    expect(next).toStrictEqual({
      ...at,
      status: 'failed',
      seq: 6,
      errors: [{ item: 'job', error: 'exam removed' }, ...errs(1)],
      updatedAt: LATER_AT,
      finishedAt: LATER_AT,
    });
    expect(isActive(next)).toBe(false);
  });

  it('keeps at most MAX_JOB_ERRORS errors, the reason always first (never cut off by a full list)', () => {
    const full = failJob(job({ errors: errs(MAX_JOB_ERRORS) }), 'exam removed', LATER);
    expect(full.errors).toHaveLength(MAX_JOB_ERRORS);
    expect(full.errors[0]).toEqual({ item: 'job', error: 'exam removed' });
    expect(full.errors.slice(1)).toEqual(errs(MAX_JOB_ERRORS).slice(0, MAX_JOB_ERRORS - 1));
  });

  it('drops the claimed chunk of a failed job', () => {
    const claimed = { items: [{ examId: 'E', personId: 'p', generation: 1 }], end: { source: 1 } };
    expect(failJob(job({ claimed }), 'exam removed', LATER).claimed).toBeUndefined();
  });
});

describe('isActive', () => {
  it('is true while queued or running, false once done or failed', () => {
    expect(isActive({ status: 'queued' })).toBe(true);
    expect(isActive({ status: 'running' })).toBe(true);
    expect(isActive({ status: 'done' })).toBe(false);
    expect(isActive({ status: 'failed' })).toBe(false);
  });
});

describe('jobView', () => {
  it('shows the progress of a running job, and never its scope, position, claim, sources or actor', () => {
    const j = job({
      position: { stage: 'work', source: 1, after: { pk: 'secret' } },
      claimed: { items: items(2), end: { source: 2 } },
      total: 200,
      done: 50,
      failed: 3,
      errors: errs(3),
      seq: 7,
      updatedAt: LATER_AT,
    });
    expect(jobView(j)).toStrictEqual({
      jobId: 'job-1',
      kind: 'examEvent',
      cause: 'exam.resultsAnnounced',
      examId: 'JZS1-2026',
      status: 'running',
      stage: 'work',
      total: 200,
      done: 50,
      failed: 3,
      percent: 26, // floor(53 / 200 × 100) = floor(26.5)
      errors: errs(3),
      createdAt: CREATED_AT,
      updatedAt: LATER_AT,
      finishedAt: null,
    });
    const shown = Object.keys(jobView(j));
    for (const hidden of ['scope', 'position', 'claimed', 'sourceCount', 'actor', 'action', 'seq'])
      expect(shown).not.toContain(hidden);
    expect(JSON.stringify(jobView(j))).not.toContain('secret');
  });

  it('has no percent until counted; the stage is shown while queued', () => {
    const v = jobView(fresh());
    expect(v.percent).toBeNull();
    expect(v.total).toBeNull();
    expect(v.stage).toBe('count');
    expect(v.status).toBe('queued');
  });

  it('percent: floor of processed over total, never 100 while running, counting failed items too', () => {
    const running = (done: number, failed: number, total: number | null) =>
      jobView(job({ position: { stage: 'work', source: 0 }, done, failed, total })).percent;
    expect(running(0, 0, 180)).toBe(0);
    expect(running(1, 0, 180)).toBe(0); // 0.55…
    expect(running(2, 0, 180)).toBe(1); // 1.1…
    expect(running(0, 90, 180)).toBe(50);
    expect(running(60, 30, 180)).toBe(50);
    expect(running(179, 0, 180)).toBe(99); // 99.4…
    expect(running(180, 0, 180)).toBe(99);
    expect(running(5, 0, 3)).toBe(99);
  });

  it('percent is 100 once done, whatever the counts', () => {
    const done = jobView(job({ status: 'done', total: 180, done: 10, failed: 0, finishedAt: LATER_AT }));
    expect(done.percent).toBe(100);
    expect(done.stage).toBeNull();
    expect(done.finishedAt).toBe(LATER_AT);
    expect(jobView(fresh({ sourceCount: 0 })).percent).toBe(100);
  });

  it('a failed job shows how far it got, no stage, and when it stopped', () => {
    const v = jobView(failJob(job({ total: 200, done: 100, failed: 0 }), 'exam removed', LATER));
    expect(v.status).toBe('failed');
    expect(v.stage).toBeNull();
    expect(v.percent).toBe(50);
    expect(v.finishedAt).toBe(LATER_AT);
    expect(v.errors).toEqual([{ item: 'job', error: 'exam removed' }]);
  });

  it('shows at most 20 errors, the first ones', () => {
    expect(jobView(job({ errors: errs(25), failed: 25 })).errors).toEqual(errs(20));
    expect(jobView(job({ errors: errs(20), failed: 20 })).errors).toEqual(errs(20));
  });

  it('examId is null for a job of no exam', () => {
    const { examId: _, ...noExam } = spec;
    expect(jobView(newJob(noExam, 'job-3', CREATED)).examId).toBeNull();
  });
});

describe('a whole walk', () => {
  /**
   * Three sources of 150, 0 and 30 items, held in memory. Count pages hold at most 100 items; work pages
   * CHUNK_SIZE. Each step is what the act layer's `step` does: count (a page, moving on through sources
   * counted through); work the claimed items; or claim the next page, passing over empty sources.
   */
  const sources: JobItem[][] = [items(150, 'A'), items(0, 'B'), items(30, 'C')];
  const COUNT_PAGE = 100;
  const failing = new Set(['person-7', 'person-29']); // of source C
  const clock = (n: number) => new Date(CREATED.getTime() + n * 1000);

  const page = (source: number, after: Record<string, unknown> | undefined, limit: number) => {
    const all = sources[source] ?? [];
    const from = Number(after?.offset ?? 0);
    const part = all.slice(from, from + limit);
    const more = from + limit < all.length;
    return { part, after: more ? { offset: from + limit } : undefined };
  };

  const step = (j: Job, at: Date): Job => {
    let { source, after } = j.position;
    if (j.position.stage === 'count') {
      let counted = 0;
      for (; source < j.sourceCount; source++, after = undefined) {
        const p = page(source, after, COUNT_PAGE);
        counted += p.part.length;
        if (p.after) return afterChunk(j, count(counted, { source, after: p.after }), at);
      }
      return afterChunk(j, count(counted, { source }), at);
    }
    if (j.claimed) {
      const failed = j.claimed.items
        .filter((i) => i.examId === 'C' && failing.has(i.personId))
        .map((i) => ({ item: i.personId, error: 'no execution' }));
      return afterChunk(j, work(j.claimed.items.length - failed.length, failed, j.claimed.end), at);
    }
    for (; source < j.sourceCount; source++, after = undefined) {
      const p = page(source, after, CHUNK_SIZE);
      if (!p.part.length && !p.after) continue;
      return claimChunk(j, p.part, p.after ? { source, after: p.after } : { source: source + 1 }, at);
    }
    return claimChunk(j, [], { source }, at);
  };

  it('counts 180 items in 2 steps, then claims and works them in 6 more: 8 steps, each one seq', () => {
    let j = newJob({ ...spec, sourceCount: sources.length }, 'walk', CREATED);
    const trail: { seq: number; status: JobStatus; stage: string; source: number; claimed: number }[] = [];
    let steps = 0;
    while (isActive(j) && steps < 50) {
      const before = j.seq;
      j = step(j, clock(++steps));
      expect(j.seq).toBe(before + 1);
      trail.push({
        seq: j.seq,
        status: j.status,
        stage: j.position.stage,
        source: j.position.source,
        claimed: j.claimed?.items.length ?? 0,
      });
    }
    expect(steps).toBe(8);
    expect(trail).toEqual([
      { seq: 1, status: 'running', stage: 'count', source: 0, claimed: 0 }, // 100 of A counted
      { seq: 2, status: 'running', stage: 'work', source: 0, claimed: 0 }, // 50 of A, B, C counted
      { seq: 3, status: 'running', stage: 'work', source: 0, claimed: 100 },
      { seq: 4, status: 'running', stage: 'work', source: 0, claimed: 0 },
      { seq: 5, status: 'running', stage: 'work', source: 0, claimed: 50 },
      { seq: 6, status: 'running', stage: 'work', source: 1, claimed: 0 },
      { seq: 7, status: 'running', stage: 'work', source: 1, claimed: 30 }, // B passed over
      { seq: 8, status: 'done', stage: 'work', source: 3, claimed: 0 },
    ]);
    expect(j.status).toBe('done');
    expect(j.total).toBe(180);
    expect(j.done).toBe(178);
    expect(j.failed).toBe(2);
    expect(j.errors).toEqual([
      { item: 'person-7', error: 'no execution' },
      { item: 'person-29', error: 'no execution' },
    ]);
    expect(j.finishedAt).toBe(clock(8).toISOString());
    expect(j.createdAt).toBe(CREATED_AT);
    expect(jobView(j).percent).toBe(100);
  });
});
