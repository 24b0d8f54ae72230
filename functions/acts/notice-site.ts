/**
 * The joint public notice on the public site (R6, N4), as jobs (functions/acts/jobs.ts runs them):
 *
 * renderNotice   started when hr publishes the notice (and again when an import adds to a published
 *                list): the notice page is written at once ("list being prepared"); then each step
 *                renders one page of one city's candidates (candidate number, name, masked ID number)
 *                and files its lookup entries by shard in the private files store; then the lookup
 *                shards are merged, a few per step; last, the notice page with the list's pages, the
 *                notice's JSON and the site's announcement list.
 * takeDownNotice started by the scheduled sweep once the period is over: the list's pages and lookup
 *                shards are removed (every version, and the CDN's copies), the notice text stays with a
 *                line saying the list was taken down.
 *
 * Every step writes whole files under names fixed by the step's position, so a step run twice writes
 * the same files; the job moves on only by its conditional write (runChunk).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ListPageOf,
  type NoticeView,
  renderListPage,
  renderNoticePage,
} from '../../web/public/notice.js';
import { fromItem, keys } from '../data/tables.js';
import { afterChunk, type ChunkResult, type Job, type JobSpec } from '../domain/jobs.js';
import {
  type AnnouncementEntry,
  announcementOf,
  LOOKUP_SHARDS,
  type LookupEntry,
  listRemoved,
  lookupKey,
  lookupShard,
  NOTICE_PAGE_SIZE,
  type Notice,
  noticeSite,
  noticeTitle,
  pageRanges,
  periodOver,
  publicEntry,
  type SiteLang,
  siteUrl,
  takeDownDue,
  withAnnouncement,
} from '../domain/notices.js';
import { cityName } from '../domain/regions.js';
import { getExam, getNotice, listNotices } from '../lib/catalog.js';
import { now } from '../lib/clock.js';
import { ddb, type TxItem, tableName, transact } from '../lib/db.js';
import { fileStore } from '../lib/file-store.js';
import { countPage, sourceAt } from '../lib/jobs.js';
import { logger } from '../lib/logger.js';
import { type SiteFile, siteStore } from '../lib/site-store.js';
import { announce, CITIES, prepareJob } from './jobs.js';

type Step = { job: Job; also: TxItem[]; announce: Job[] };
type ScopedJob = Omit<JobSpec, 'sourceCount'> & { sourceCount: number };

const LANGS: readonly SiteLang[] = ['zh-CN', 'en'];
/** Lookup shards merged per step. */
/**
 * Lookup shards merged per step. A shard gathers a fragment from nearly every page step (about 2,000 at
 * 200,000 candidates), read FRAGMENT_READS at a time: a few seconds a step on S3.
 */
const SHARDS_PER_STEP = 4;
const FRAGMENT_READS = 32;
/** Sources of a render: the cities, the lookup shards, the last step (read late: jobs.ts imports this module). */
const renderSources = () => CITIES.length + LOOKUP_SHARDS + 1;

export function renderNoticeJob(examId: string, actor: string, cause: string): ScopedJob {
  return {
    kind: 'notice',
    action: 'renderNotice',
    cause,
    actor,
    examId,
    scope: { examIds: [examId] },
    sourceCount: renderSources(),
  };
}

function takeDownJob(examId: string): ScopedJob {
  return {
    kind: 'notice',
    action: 'takeDownNotice',
    cause: 'notice.periodEnded',
    actor: 'system:schedule',
    examId,
    scope: { examIds: [examId] },
    sourceCount: 1,
  };
}

/** Where a render job files its lookup entries until the shards are merged (the private store; `work/` expires). */
const fragmentsOf = (job: Job, shard: number) => `${workOf(job)}/${shard}`;
const workOf = (job: Job) => `work/notice/${job.jobId}`;

export const json = (key: string, value: unknown): SiteFile => ({
  key,
  body: JSON.stringify(value),
  contentType: 'application/json; charset=utf-8',
});
export const html = (key: string, body: string): SiteFile => ({
  key,
  body,
  contentType: 'text/html; charset=utf-8',
});

async function viewOf(n: Notice): Promise<NoticeView> {
  const exam = await getExam(n.examId);
  return { notice: n, title: noticeTitle(exam?.name ?? n.examId), listed: n.status === 'published' };
}

/** The notice's own files: its page in each language and its JSON (never a staff member's name). */
function noticeFiles(v: NoticeView): SiteFile[] {
  const n = v.notice;
  const id = n.noticeId;
  return [
    ...LANGS.map((l) => html(noticeSite.page(id, l), renderNoticePage(v, l))),
    json(noticeSite.json(id), {
      noticeId: id,
      examId: n.examId,
      title: v.title,
      text: n.text,
      departments: [n.preparedBy.deptName, n.confirmedBy?.deptName].filter(Boolean),
      publishedAt: n.confirmedBy?.at ?? null,
      ends: n.ends,
      listed: v.listed,
      ...(v.listed
        ? {
            entries: n.site?.entries ?? null,
            pages: (n.site?.pages ?? []).map((r) => ({
              city: r.city,
              cityName: cityName(r.city),
              count: r.count,
              first: siteUrl(noticeSite.listJson(id, r.city, 1)),
            })),
            lookup: {
              shards: LOOKUP_SHARDS,
              url: siteUrl(noticeSite.lookupShard(id, 0)).replace(/0\.json$/, '{shard}.json'),
            },
            objections: `/api/public/notices/${id}/objections`,
          }
        : { listRemovedAt: n.listRemovedAt ?? null }),
    }),
  ];
}

/** The site's announcement list with this notice in it. */
export async function announcementsWith(entry: AnnouncementEntry): Promise<SiteFile> {
  const text = await siteStore().read(noticeSite.index);
  let items: AnnouncementEntry[] = [];
  try {
    items = text ? ((JSON.parse(text) as { items?: AnnouncementEntry[] }).items ?? []) : [];
  } catch {
    items = [];
  }
  return json(noticeSite.index, { items: withAnnouncement(items, entry) });
}

async function publishNoticeFiles(n: Notice): Promise<void> {
  const v = await viewOf(n);
  const exam = await getExam(n.examId);
  await siteStore().put([
    ...noticeFiles(v),
    await announcementsWith(announcementOf(n, exam?.name ?? n.examId)),
  ]);
  await siteStore().invalidate([`/announcements/${n.noticeId}/*`, `/${noticeSite.index}`]);
}

/** One page of a city's candidates (of one status, if given), and whether more follow (one more is read to know). */
export async function cityPage(
  examId: string,
  city: string,
  after: Record<string, unknown> | undefined,
  status?: string,
) {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      IndexName: 'byExamCity',
      KeyConditionExpression: status ? 'gsi1pk = :k AND begins_with(gsi1sk, :s)' : 'gsi1pk = :k',
      ExpressionAttributeValues: {
        ':k': keys.candidateQueue(examId, city, '', '').gsi1pk,
        ...(status ? { ':s': `${status}#` } : {}),
      },
      ProjectionExpression: 'pk, sk, gsi1pk, gsi1sk, candidateNo, #n, idNumber',
      ExpressionAttributeNames: { '#n': 'name' },
      Limit: NOTICE_PAGE_SIZE + 1,
      ...(after ? { ExclusiveStartKey: after } : {}),
    }),
  );
  const items = r.Items ?? [];
  const more = items.length > NOTICE_PAGE_SIZE || (items.length === NOTICE_PAGE_SIZE && !!r.LastEvaluatedKey);
  return listPageOf(items.slice(0, NOTICE_PAGE_SIZE), more);
}

/** A page of a public list: its entries (masked, N4) by candidate number, and where the next starts. */
export function listPageOf(page: Record<string, unknown>[], more: boolean) {
  const last = page[page.length - 1];
  return {
    entries: page
      .map((i) => publicEntry(fromItem<{ candidateNo?: string; name: string; idNumber: string }>(i)))
      .sort((a, b) => a.candidateNo.localeCompare(b.candidateNo)),
    next: more && last ? { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk } : undefined,
  };
}

async function renderStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  const notice = await getNotice(examId);
  // a notice taken down (or never published) meanwhile: nothing more to render
  if (notice?.status !== 'published') {
    const end = { source: job.sourceCount };
    const r: ChunkResult =
      job.position.stage === 'count'
        ? { stage: 'count', counted: 0, end }
        : { stage: 'work', done: 0, failed: [], end };
    // a count cut short leaves a work stage to pass through: the next step ends the job
    return { job: afterChunk(job, r, now()), also: [], announce: [] };
  }
  let source = job.position.source;
  const after = job.position.after;
  if (job.position.stage === 'count') {
    if (source === 0 && !after) await publishNoticeFiles(notice); // the page is up at once
    let counted = 0;
    let from = after;
    for (; source < CITIES.length; source++, from = undefined) {
      const page = await countPage(sourceAt(job.scope, source, CITIES), from);
      counted += page.counted;
      if (page.after)
        return {
          job: afterChunk(job, { stage: 'count', counted, end: { source, after: page.after } }, now()),
          also: [],
          announce: [],
        };
    }
    return {
      job: afterChunk(job, { stage: 'count', counted, end: { source: job.sourceCount } }, now()),
      also: [],
      announce: [],
    };
  }
  const v = await viewOf(notice);
  const id = notice.noticeId;
  // the cities, a page at a time (passing over cities without candidates)
  for (let from = after; source < CITIES.length; source++, from = undefined) {
    const city = CITIES[source] as string;
    const { entries, next } = await cityPage(examId, city, from);
    if (!entries.length) continue;
    const pageNo = (job.tally?.[`pages:${city}`] ?? 0) + 1;
    const l: ListPageOf = { city, page: pageNo, more: Boolean(next), entries };
    const byShard = new Map<number, LookupEntry[]>();
    for (const e of entries) {
      const s = lookupShard(e.candidateNo);
      byShard.set(s, [...(byShard.get(s) ?? []), { ...e, city, page: pageNo }]);
    }
    await siteStore().put([
      ...LANGS.map((lang) => html(noticeSite.listPage(id, city, pageNo, lang), renderListPage(v, lang, l))),
      json(noticeSite.listJson(id, city, pageNo), {
        noticeId: id,
        city,
        page: pageNo,
        more: l.more,
        entries,
      }),
    ]);
    await Promise.all(
      [...byShard].map(([s, list]) =>
        fileStore().put(`${fragmentsOf(job, s)}/${city}-${pageNo}.json`, Buffer.from(JSON.stringify(list))),
      ),
    );
    const end = next ? { source, after: next } : { source: source + 1 };
    return {
      job: afterChunk(
        job,
        { stage: 'work', done: entries.length, failed: [], end, tally: { [`pages:${city}`]: 1 } },
        now(),
      ),
      also: [],
      announce: [],
    };
  }
  // the lookup shards, merged from what the page steps filed
  if (source < CITIES.length + LOOKUP_SHARDS) {
    const first = source - CITIES.length;
    const last = Math.min(LOOKUP_SHARDS, first + SHARDS_PER_STEP);
    const files: SiteFile[] = [];
    for (let s = first; s < last; s++) {
      const entries: Record<string, LookupEntry> = {};
      const keysLeft = await fileStore().list(fragmentsOf(job, s));
      const readOne = async (key: string) => {
        const stream = await fileStore().read(key);
        if (!stream) return [];
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        return JSON.parse(Buffer.concat(chunks).toString()) as LookupEntry[];
      };
      for (let i = 0; i < keysLeft.length; i += FRAGMENT_READS)
        for (const list of await Promise.all(keysLeft.slice(i, i + FRAGMENT_READS).map(readOne)))
          for (const e of list) entries[lookupKey(e.candidateNo)] = e;
      files.push(json(noticeSite.lookupShard(id, s), { entries }));
    }
    await siteStore().put(files);
    return {
      job: afterChunk(
        job,
        { stage: 'work', done: 0, failed: [], end: { source: CITIES.length + last } },
        now(),
      ),
      also: [],
      announce: [],
    };
  }
  // last: the notice page with its list, and the record of what was rendered
  const pagesPerCity = Object.fromEntries(CITIES.map((c) => [c, job.tally?.[`pages:${c}`] ?? 0] as const));
  const site = {
    pages: pageRanges(CITIES, pagesPerCity),
    entries: job.done,
    renderedAt: now().toISOString(),
  };
  await publishNoticeFiles({ ...notice, site });
  await fileStore().removeAll(workOf(job));
  logger.info('notice rendered', { noticeId: id, entries: job.done });
  return {
    job: afterChunk(job, { stage: 'work', done: 0, failed: [], end: { source: job.sourceCount } }, now()),
    also: [
      {
        Update: {
          TableName: tableName('catalog'),
          Key: keys.notice(examId),
          UpdateExpression: 'SET #site = :site',
          ConditionExpression: '#s = :published',
          ExpressionAttributeNames: { '#site': 'site', '#s': 'status' },
          ExpressionAttributeValues: { ':site': site, ':published': 'published' },
        },
      },
    ],
    announce: [],
  };
}

async function takeDownStep(job: Job): Promise<Step> {
  const examId = job.examId as string;
  if (job.position.stage === 'count')
    return {
      job: afterChunk(job, { stage: 'count', counted: 1, end: { source: 1 } }, now()),
      also: [],
      announce: [],
    };
  const notice = await getNotice(examId);
  const end = { source: 1 };
  if (notice?.status !== 'published')
    return {
      job: afterChunk(job, { stage: 'work', done: 0, failed: [], end }, now()),
      also: [],
      announce: [],
    };
  const id = notice.noticeId;
  const removed = listRemoved(notice, now());
  const site = siteStore();
  const pages = await site.removeAll(noticeSite.listPrefix(id));
  const shards = await site.removeAll(noticeSite.lookupPrefix(id));
  await publishNoticeFiles(removed);
  logger.info('notice list taken down', { noticeId: id, pages, shards });
  return {
    job: afterChunk(job, { stage: 'work', done: 1, failed: [], end }, now()),
    also: [
      {
        // an update, not the record read above put back: a count kept beside it (objections) stays
        Update: {
          TableName: tableName('catalog'),
          Key: keys.notice(examId),
          UpdateExpression: 'SET #s = :removed, listRemovedAt = :at',
          ConditionExpression: '#s = :published',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':removed': removed.status,
            ':at': removed.listRemovedAt,
            ':published': 'published',
          },
        },
      },
    ],
    announce: [],
  };
}

/** One step of a notice job (called by runChunk). */
export function noticeStep(job: Job): Promise<Step> {
  return job.action === 'takeDownNotice' ? takeDownStep(job) : renderStep(job);
}

/**
 * The scheduled part (the sweep, every few minutes on AWS; every minute locally): every published
 * notice whose period is over gets its take-down job, once (the notice records the job's id in the
 * same transaction). Notices are one per exam: one small catalog partition.
 */
export async function takeDownDueNotices(): Promise<number> {
  let started = 0;
  for (const n of await listNotices()) {
    if (!takeDownDue(n, now())) continue;
    const { job, item } = prepareJob(takeDownJob(n.examId));
    try {
      await transact(
        [
          item,
          {
            Update: {
              TableName: tableName('catalog'),
              Key: keys.notice(n.examId),
              UpdateExpression: 'SET takeDownJobId = :j',
              ConditionExpression: '#s = :published AND attribute_not_exists(takeDownJobId)',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':j': job.jobId, ':published': 'published' },
            },
          },
        ],
        {
          audit: {
            subject: `EXAM#${n.examId}`,
            action: 'notice.listTakenDown',
            actor: 'system:schedule',
            details: { noticeId: n.noticeId, jobId: job.jobId, periodEnded: n.ends.endsAt },
          },
          conflict: '该公示的撤下任务已启动',
        },
      );
    } catch (e) {
      logger.warn('notice take-down not started', { noticeId: n.noticeId, error: (e as Error).message });
      continue;
    }
    await announce(job);
    started++;
  }
  return started;
}

/** A render job for a published notice whose period still runs (after an import added to the list). */
export async function rerenderIfPublished(
  examId: string,
  actor: string,
): Promise<{ job: Job; item: TxItem } | null> {
  const n = await getNotice(examId);
  if (n?.status !== 'published' || periodOver(n, now())) return null;
  return prepareJob(renderNoticeJob(examId, actor, 'import.done'));
}
