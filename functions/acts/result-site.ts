/**
 * The verification result announcement on the public site (R9, N4; the rules in
 * functions/domain/result-announcement.ts), rendered by a job started with the announcement itself
 * (functions/acts/exam-events.ts): the announcement page at once ("list being prepared"); then one page
 * of a city's unqualified, then pending candidates per step; last the page with its counts and lists and
 * the site's announcement list. Files are named by the step's position, so a step run again writes the
 * same files.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ResultsView, renderResultsList, renderResultsPage } from '../../web/public/results.js';
import { keys } from '../data/tables.js';
import { afterChunk, type ChunkResult, type Job, type JobSpec } from '../domain/jobs.js';
import { examScheduleOf } from '../domain/lifecycle.js';
import type { SiteLang } from '../domain/notices.js';
import { cityName } from '../domain/regions.js';
import {
  type ListedResult,
  listedResults,
  resultsAnnouncementOf,
  resultsId,
  resultsSite,
  resultsTitle,
} from '../domain/result-announcement.js';
import { loadCalendar } from '../lib/calendar.js';
import { getExam } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { ddb, type TxItem, tableName } from '../lib/db.js';
import { logger } from '../lib/logger.js';
import { siteStore } from '../lib/site-store.js';
import { CITIES } from './jobs.js';
import { announcementsWith, cityPage, html, json } from './notice-site.js';

type Step = { job: Job; also: TxItem[]; announce: Job[] };
const LANGS: readonly SiteLang[] = ['zh-CN', 'en'];
/** Sources: each listed result × each city, then the last step (read late: jobs.ts imports this module). */
const sources = () => listedResults.length * CITIES.length + 1;

export function renderResultsJob(
  examId: string,
  actor: string,
  deptName: string,
): Omit<JobSpec, 'sourceCount'> & { sourceCount: number } {
  return {
    kind: 'notice',
    action: 'renderResults',
    // the publishing department is named on the page: carried by the job
    cause: `exam.resultsAnnounced|${deptName}`,
    actor,
    examId,
    scope: { examIds: [examId] },
    sourceCount: sources(),
  };
}

const pagesKey = (r: ListedResult, city: string) => `pages:${r}:${city}`;

async function countOf(examId: string, city: string, status: string): Promise<number> {
  let n = 0;
  let after: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('candidates'),
        IndexName: 'byExamCity',
        KeyConditionExpression: 'gsi1pk = :k AND begins_with(gsi1sk, :s)',
        ExpressionAttributeValues: {
          ':k': keys.candidateQueue(examId, city, '', '').gsi1pk,
          ':s': `${status}#`,
        },
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
  const count = (r: ListedResult) => tally[`n:${r}`] ?? 0;
  let qualified = 0;
  if (ready) for (const city of CITIES) qualified += await countOf(examId, city, 'qualified');
  return {
    id: resultsId(examId),
    title: resultsTitle(exam?.name ?? examId),
    deptName: job.cause.split('|')[1] ?? '',
    publishedAt: exam?.resultsAnnouncedAt ?? job.createdAt,
    supplementaryDue: schedule.supplementaryDue.date,
    counts: { qualified, unqualified: count('unqualified'), pending: count('pending') },
    pages: listedResults.flatMap((result) =>
      CITIES.flatMap((city) => {
        const n = tally[pagesKey(result, city)] ?? 0;
        return n ? [{ result, city, count: n }] : [];
      }),
    ),
    ready,
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
    await announcementsWith(resultsAnnouncementOf(v.id.replace(/-R1$/, ''), examName, v.publishedAt)),
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
  const lists = listedResults.length * CITIES.length;
  for (let after = job.position.after; source < lists; source++, after = undefined) {
    const result = listedResults[Math.floor(source / CITIES.length)] as ListedResult;
    const city = CITIES[source % CITIES.length] as string;
    const { entries, next } = await cityPage(examId, city, after, result);
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
  logger.info('result announcement rendered', { examId, ...v.counts });
  return {
    job: afterChunk(job, { stage: 'work', done: 0, failed: [], end: { source: job.sourceCount } }, now()),
    also: [],
    announce: [],
  };
}
