/**
 * The joint public notice of the passing list (R6, N4): prepared by the exam's provincial verifier (or
 * association), confirmed by `hr`, so both departments are named; open for the notice period the
 * exam's schedule gives (R6: at least 10 days, `noticeEnds`); showing each candidate only by candidate
 * number, name and masked ID number (N4); its list taken down when the period ends, the notice text
 * staying with a line saying so; objections accepted while it is open.
 *
 * Pure: where its public files go and what they hold. Rendering, storage and the jobs that publish
 * and take down the list are the act layer's (functions/acts/notice-site.ts).
 */
import { type Deadline, formatDeadline } from './calendar.js';
import type { Department } from './departments.js';
import { DomainError } from './errors.js';
import { maskIdNumber } from './masking.js';
import * as z from './zod.js';

/** Entries per page of the published list. */
export const NOTICE_PAGE_SIZE = 100;
export { LOOKUP_SHARDS, lookupKey, lookupShard } from './lookup.js';

export const noticeInputSchema = z.strictObject({
  text: z
    .string()
    .check(z.trim(), z.minLength(20, '公示正文至少20字'), z.maxLength(5000, '公示正文不超过5000字')),
});
export type NoticeInput = z.infer<typeof noticeInputSchema>;

export type NoticeStatus = 'draft' | 'published' | 'listRemoved';

export interface NoticeSigner {
  deptId: string;
  deptName: string;
  username: string;
  at: string;
}

export interface Notice {
  noticeId: string;
  examId: string;
  text: string;
  status: NoticeStatus;
  preparedBy: NoticeSigner;
  confirmedBy?: NoticeSigner;
  /** R6: the notice period's end (the exam's `noticeEnds`) */
  ends: Deadline;
  /** the published list as last rendered: its pages city by city, how many entries */
  site?: { pages: PageRange[]; entries: number; renderedAt: string };
  /** the job taking the list down at the end of the period, once started (so it starts once) */
  takeDownJobId?: string;
  listRemovedAt?: string;
  /** objections received during the period, exam-wide (functions/acts/objections.ts counts them) */
  objectionCount?: number;
}

/** The pages of the published list that hold one city's candidates (numbered 1… within the city). */
export interface PageRange {
  city: string;
  count: number;
}

const signer = (dept: Department, username: string, now: Date): NoticeSigner => ({
  deptId: dept.id,
  deptName: dept.name,
  username,
  at: now.toISOString(),
});

/** R6: only the provincial verifier (or the association) drafts the notice; hr confirms it. */
export function checkNoticeDrafter(dept: Department): void {
  if (dept.kind !== 'provincialVerifier' && dept.kind !== 'association')
    throw new DomainError('FORBIDDEN', '公示由省级核查部门（或行业协会）起草，人社部门确认后联合发布（R6）');
}

/** R6: the provincial verifier (or the association for its exam) prepares the notice. */
export function prepareNotice(
  a: { noticeId: string; examId: string; dept: Department; username: string; ends: Deadline },
  input: NoticeInput,
  now: Date,
): Notice {
  checkNoticeDrafter(a.dept);
  if (Date.parse(a.ends.endsAt) <= now.getTime())
    throw new DomainError(
      'DEADLINE_PASSED',
      `公示期已于${formatDeadline(a.ends.date, 'zh')}结束，不能再起草公示（R6）`,
    );
  return {
    noticeId: a.noticeId,
    examId: a.examId,
    text: input.text,
    status: 'draft',
    preparedBy: signer(a.dept, a.username, now),
    ends: a.ends,
  };
}

/** R6: hr confirms a draft: published jointly, both departments named. Not after the period has ended. */
export function confirmNotice(n: Notice, dept: Department, username: string, now: Date): Notice {
  if (dept.kind !== 'hr') throw new DomainError('FORBIDDEN', '公示须由人社部门确认后发布（R6）');
  if (n.status !== 'draft')
    throw new DomainError('CONFLICT', '该公示已发布', {
      fields: [{ field: 'status', message: '该公示已发布' }],
    });
  if (Date.parse(n.ends.endsAt) <= now.getTime())
    throw new DomainError(
      'DEADLINE_PASSED',
      `公示期已于${formatDeadline(n.ends.date, 'zh')}结束，不能再发布（R6）`,
    );
  return { ...n, status: 'published', confirmedBy: signer(dept, username, now) };
}

/** Whether the notice period is over (its list is then taken down: N4). */
export const periodOver = (n: Pick<Notice, 'ends'>, now: Date): boolean =>
  Date.parse(n.ends.endsAt) <= now.getTime();

/** The notice once its list has been taken down (the text stays). */
export function listRemoved(n: Notice, now: Date): Notice {
  return { ...n, status: 'listRemoved', listRemovedAt: now.toISOString() };
}

/** N4: a published list whose period is over is due to be taken down (once: by one job). */
export const takeDownDue = (n: Notice, now: Date): boolean =>
  n.status === 'published' && periodOver(n, now) && !n.takeDownJobId;

export type SiteLang = 'zh-CN' | 'en';
const en = (lang: SiteLang, zh: string, other: string) => (lang === 'en' ? other : zh);

/** Where a notice's public files live on the site: keys without the leading slash. */
export const noticeSite = {
  /** the list of every announcement, read by the home page */
  index: 'announcements/index.json',
  root: (id: string) => `announcements/${id}`,
  page: (id: string, lang: SiteLang) => `announcements/${id}/${en(lang, 'index.html', 'en.html')}`,
  json: (id: string) => `announcements/${id}/index.json`,
  /** everything under these two goes when the period ends */
  listPrefix: (id: string) => `announcements/${id}/list`,
  lookupPrefix: (id: string) => `announcements/${id}/lookup`,
  listPage: (id: string, city: string, n: number, lang: SiteLang) =>
    `announcements/${id}/list/${city}/${n}${en(lang, '', '.en')}.html`,
  listJson: (id: string, city: string, n: number) => `announcements/${id}/list/${city}/${n}.json`,
  lookupShard: (id: string, shard: number) => `announcements/${id}/lookup/${shard}.json`,
};

/** The address of a site file (a folder's index.html is the folder). */
export const siteUrl = (key: string): string => `/${key.replace(/(^|\/)index\.html$/, '$1')}`;

/** The list's pages, city by city in the given order (cities without candidates left out). */
export function pageRanges(cities: readonly string[], pagesPerCity: Record<string, number>): PageRange[] {
  return cities.flatMap((city) => {
    const count = pagesPerCity[city] ?? 0;
    return count > 0 ? [{ city, count }] : [];
  });
}

/** One entry of the home page's announcement list. */
export interface AnnouncementEntry {
  id: string;
  title: string;
  publishedAt: string;
  url: string;
}

export const noticeTitle = (examName: string): string => `${examName}合格人员名单公示`;

export function announcementOf(n: Notice, examName: string): AnnouncementEntry {
  return {
    id: n.noticeId,
    title: noticeTitle(examName),
    publishedAt: n.confirmedBy?.at ?? n.preparedBy.at,
    url: siteUrl(noticeSite.page(n.noticeId, 'zh-CN')),
  };
}

/** The announcement list with this entry in it (replacing one of the same id), newest first. */
export function withAnnouncement(
  list: readonly AnnouncementEntry[],
  entry: AnnouncementEntry,
): AnnouncementEntry[] {
  return [entry, ...list.filter((a) => a.id !== entry.id)].sort((a, b) =>
    b.publishedAt.localeCompare(a.publishedAt),
  );
}

/** N4: a candidate as the public list shows them: candidate number, name, masked ID number — nothing else. */
export function publicEntry(c: { candidateNo?: string; name: string; idNumber: string }) {
  return { candidateNo: c.candidateNo ?? '', name: c.name, idNumberMasked: maskIdNumber(c.idNumber) };
}
export type PublicEntry = ReturnType<typeof publicEntry>;

/** An entry of a lookup shard: where on the list a candidate number is. */
export type LookupEntry = PublicEntry & { city: string; page: number };

export const objectionInputSchema = z.strictObject({
  candidateNo: z
    .string()
    .check(z.trim(), z.regex(/^[A-Za-z0-9-]{4,30}$/, '准考证号应为4–30位字母、数字或连字符')),
  facts: z
    .string()
    .check(
      z.trim(),
      z.minLength(10, '请写明异议的事实，至少10字'),
      z.maxLength(2000, '异议内容不超过2000字'),
    ),
  contact: z
    .string()
    .check(
      z.trim(),
      z.regex(/^(1[3-9]\d{9}|[^@\s]+@[^@\s]+\.[^@\s]+)$/, '请留下手机号或电子邮箱，以便核查部门联系'),
    ),
  name: z.optional(z.string().check(z.trim(), z.maxLength(30, '姓名过长'))),
});
export type ObjectionInput = z.infer<typeof objectionInputSchema>;

/** Objections are taken while the notice is published and its period runs; after it, 409 with its end. */
export function assertObjectionsOpen(n: Notice, now: Date): void {
  if (n.status === 'draft') throw new DomainError('NOT_FOUND', '公示不存在');
  if (n.status === 'listRemoved' || periodOver(n, now))
    throw new DomainError(
      'DEADLINE_PASSED',
      `公示期已于${formatDeadline(n.ends.date, 'zh')}结束，不再受理异议（R6）`,
      {
        deadline: n.ends.endsAt,
      },
    );
}
