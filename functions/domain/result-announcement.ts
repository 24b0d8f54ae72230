/**
 * The verification result announcement on the public site (R9, N4): when the provincial verifier
 * publishes the round-1 results, the site shows how many were found qualified, unqualified and pending,
 * and lists the unqualified and the pending — candidate number, name, masked ID number only — with what
 * each must do and by when (R10–R12: the pending take part in the supplementary verification, the
 * unqualified may appeal, both by the supplementary deadline). Pure: paths, title, wording; rendering is
 * functions/acts/result-site.ts.
 */
import { formatDeadline, type IsoDate } from './calendar.js';
import type { AnnouncementEntry, SiteLang } from './notices.js';
import { siteUrl } from './notices.js';

/** The results the announcement lists by name (the qualified are counted, not listed). */
export const listedResults = ['unqualified', 'pending'] as const;
export type ListedResult = (typeof listedResults)[number];

export const resultsId = (examId: string): string => `${examId}-R1`;
export const resultsTitle = (examName: string): string => `${examName}资格核查结果公告`;

const en = (lang: SiteLang, zh: string, other: string) => (lang === 'en' ? other : zh);

/** Where the announcement's files live on the site (keys without the leading slash). */
export const resultsSite = {
  page: (id: string, lang: SiteLang) => `announcements/${id}/${en(lang, 'index.html', 'en.html')}`,
  json: (id: string) => `announcements/${id}/index.json`,
  listPage: (id: string, r: ListedResult, city: string, n: number, lang: SiteLang) =>
    `announcements/${id}/list/${r}/${city}/${n}${en(lang, '', '.en')}.html`,
  listJson: (id: string, r: ListedResult, city: string, n: number) =>
    `announcements/${id}/list/${r}/${city}/${n}.json`,
};

/** What a listed candidate must do, and by when (the supplementary deadline, R11). */
export function nextStepText(r: ListedResult, supplementaryDue: IsoDate, lang: SiteLang): string {
  const by = formatDeadline(supplementaryDue, lang === 'en' ? 'en' : 'zh');
  if (r === 'pending')
    return lang === 'en'
      ? `Take part in the supplementary verification by ${by}, with your proof of eligibility, in the candidate portal; without it the result stands as forfeited (R10, R12).`
      : `请于${by}前登录考生服务参加补充资格核查，提交报考条件证明材料；逾期未参加视为放弃考试资格（R10、R12）。`;
  return lang === 'en'
    ? `If you disagree, you may appeal by ${by} in the candidate portal (R10, R11).`
    : `如对核查结论有异议，可于${by}前登录考生服务提出申辩（R10、R11）。`;
}

/** Its entry in the home page's announcement list. */
export function resultsAnnouncementOf(examId: string, examName: string, at: string): AnnouncementEntry {
  const id = resultsId(examId);
  return { id, title: resultsTitle(examName), publishedAt: at, url: siteUrl(resultsSite.page(id, 'zh-CN')) };
}
