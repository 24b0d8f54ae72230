/**
 * The result announcements on the public site — round 1's (R9, N4) and the supplementary round's (R13,
 * N4); the rules in functions/domain/result-announcement.ts — each rendered by a job started with the
 * announcement itself (functions/acts/exam-events.ts): the announcement page at once ("list being
 * prepared"); then one page of a city's listed candidates per step (round 1: the unqualified, then the
 * pending; the supplementary round: those decided in it, qualified then unqualified); last the page with
 * its counts and lists and the site's announcement list. Files are named by the step's position, so a
 * step run again writes the same files. The job's spec (what the announcement starts) is apart, in
 * ./result-site-job.ts, so that recording the announcement carries neither the renderer nor the site store.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ResultsView, renderResultsList, renderResultsPage } from '../../web/public/results.js';
import { keys } from '../data/tables.js';
import { afterChunk, type ChunkResult, type Job } from '../domain/jobs.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import { NOTICE_PAGE_SIZE, type SiteLang } from '../domain/notices.js';
import { cityName } from '../domain/regions.js';
import {
  type AnyListed,
  listedResults,
  resultsAnnouncementOf,
  resultsId,
  resultsSite,
  resultsTitle,
  supplementaryListed,
  supplementaryResultsId,
  supplementaryResultsTitle,
} from '../domain/result-announcement.js';
import { loadCalendar } from '../lib/calendar.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { ddb, type TxItem, tableName } from '../lib/db.js';
import { logger } from '../lib/logger.js';
import { siteStore } from '../lib/site-store.js';
import { CITIES } from './jobs.js';
import { announcementsWith, cityPage, html, json, listPageOf } from './notice-site.js';

type Step = { job: Job; also: TxItem[]; announce: Job[] };
const LANGS: readonly SiteLang[] = ['zh-CN', 'en'];
/** Which announcement a job renders: round 1's (R9) or the supplementary round's (R13). */
const roundOf = (job: Job): 1 | 2 => (job.action === 'renderSupplementaryResults' ? 2 : 1);
const listedOf = (job: Job): readonly AnyListed[] =>
  roundOf(job) === 2 ? supplementaryListed : listedResults;

const pagesKey = (r: AnyListed, city: string) => `pages:${r}:${city}`;

/**
 * R13: one page of a city's candidates with this status decided in the supplementary round (the index
 * has no round: a filter on the status's partition, read until the page is full and one more is seen).
 */
async function decidedPage(
  examId: string,
  city: string,
  after: Record<string, unknown> | undefined,
  status: string,
) {
  const found: Record<string, unknown>[] = [];
  let start = after;
  do {
    const q = byStatus(examId, city, status);
    const r = await ddb.send(
      new QueryCommand({
        ...q,
        FilterExpression: '#d.#r = :round',
        ExpressionAttributeValues: { ...q.ExpressionAttributeValues, ':round': 'supplementary' },
        ProjectionExpression: 'pk, sk, gsi1pk, gsi1sk, candidateNo, #n, idNumber',
        ExpressionAttributeNames: { '#n': 'name', '#d': 'decision', '#r': 'round' },
        Limit: 1000,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    found.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start && found.length <= NOTICE_PAGE_SIZE);
  return listPageOf(found.slice(0, NOTICE_PAGE_SIZE), found.length > NOTICE_PAGE_SIZE);
}

/** A city's candidates with this status, in the work-queue index (A3). */
const byStatus = (examId: string, city: string, status: string) => ({
  TableName: tableName('candidates'),
  IndexName: 'byExamCity',
  KeyConditionExpression: 'gsi1pk = :k AND begins_with(gsi1sk, :s)',
  ExpressionAttributeValues: {
    ':k': keys.candidateQueue(examId, city, '', '').gsi1pk,
    ':s': `${status}#`,
  } as Record<string, string>,
});

async function countOf(examId: string, city: string, status: string): Promise<number> {
  let n = 0;
  let after: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(
      new QueryCommand({
        ...byStatus(examId, city, status),
        Select: 'COUNT',
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    n += r.Count ?? 0;
    after = r.LastEvaluatedKey;
  } while (after);
  return n;
}

async function viewOf(job: Job, ready: boolean): Promise<ResultsView> {
  const examId = job.examId as string;
  const exam = await getExam(examId);
  const { schedule } = examScheduleOf(await loadCalendar(), exam ?? ({ id: examId } as never));
  const tally = job.tally ?? {};
  const count = (r: AnyListed) => tally[`n:${r}`] ?? 0;
  const round = roundOf(job);
  const common = {
    round,
    deptName: job.cause.split('|')[1] ?? '',
    supplementaryDue: schedule.supplementaryDue.date,
    pages: listedOf(job).flatMap((result) =>
      CITIES.flatMap((city) => {
        const n = tally[pagesKey(result, city)] ?? 0;
        return n ? [{ result, city, count: n }] : [];
      }),
    ),
    ready,
  };
  // R13: the supplementary round's: those decided in it, counted as they are listed
  if (round === 2)
    return {
      ...common,
      id: supplementaryResultsId(examId),
      title: supplementaryResultsTitle(exam?.name ?? examId),
      publishedAt: exam?.supplementaryAnnouncedAt ?? job.createdAt,
      counts: { qualified: count('qualified'), unqualified: count('unqualified') },
    };
  let qualified = 0;
  if (ready) for (const city of CITIES) qualified += await countOf(examId, city, 'qualified');
  return {
    ...common,
    id: resultsId(examId),
    title: resultsTitle(exam?.name ?? examId),
    publishedAt: exam?.resultsAnnouncedAt ?? job.createdAt,
    counts: { qualified, unqualified: count('unqualified'), pending: count('pending') },
  };
}

async function publishPage(v: ResultsView, examName: string): Promise<void> {
  await siteStore().put([
    ...LANGS.map((l) => html(resultsSite.page(v.id, l), renderResultsPage(v, l))),
    json(resultsSite.json(v.id), {
      id: v.id,
      title: v.title,
      publishedBy: v.deptName,
      publishedAt: v.publishedAt,
      supplementaryDue: v.supplementaryDue,
      counts: v.ready ? v.counts : null,
      pages: v.pages.map((p) => ({ ...p, cityName: cityName(p.city) })),
    }),
    await announcementsWith(
      resultsAnnouncementOf(v.id.replace(/-R[12]$/, ''), examName, v.publishedAt, v.round),
    ),
  ]);
  await siteStore().invalidate([`/announcements/${v.id}/*`, '/announcements/index.json']);
}

/** One step of the result announcement's job (called by runChunk). */
export async function resultsStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  const exam = await getExam(examId);
  const examName = exam?.name ?? examId;
  if (job.position.stage === 'count') {
    await publishPage(await viewOf(job, false), examName); // the page is up at once
    const r: ChunkResult = { stage: 'count', counted: 0, end: { source: job.sourceCount } };
    return { job: afterChunk(job, r, now()), also: [], announce: [] };
  }
  let source = job.position.source;
  const listed = listedOf(job);
  const lists = listed.length * CITIES.length;
  for (let after = job.position.after; source < lists; source++, after = undefined) {
    const result = listed[Math.floor(source / CITIES.length)] as AnyListed;
    const city = CITIES[source % CITIES.length] as string;
    const { entries, next } =
      roundOf(job) === 2
        ? await decidedPage(examId, city, after, result)
        : await cityPage(examId, city, after, result);
    if (!entries.length) continue;
    const pageNo = (job.tally?.[pagesKey(result, city)] ?? 0) + 1;
    const v = await viewOf(job, false);
    const l = { city, page: pageNo, more: Boolean(next), entries };
    await siteStore().put([
      ...LANGS.map((lang) =>
        html(resultsSite.listPage(v.id, result, city, pageNo, lang), renderResultsList(v, result, lang, l)),
      ),
      json(resultsSite.listJson(v.id, result, city, pageNo), {
        result,
        city,
        page: pageNo,
        more: l.more,
        entries,
      }),
    ]);
    const end = next ? { source, after: next } : { source: source + 1 };
    const tally = { [pagesKey(result, city)]: 1, [`n:${result}`]: entries.length };
    return {
      job: afterChunk(job, { stage: 'work', done: entries.length, failed: [], end, tally }, now()),
      also: [],
      announce: [],
    };
  }
  const v = await viewOf(job, true);
  await publishPage(v, examName);
  logger.info('result announcement rendered', { examId, round: v.round, ...v.counts });
  return {
    job: afterChunk(job, { stage: 'work', done: 0, failed: [], end: { source: job.sourceCount } }, now()),
    also: [],
    announce: [],
  };
}
