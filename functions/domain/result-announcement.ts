/**
 * The result announcements on the public site. Round 1 (R9, N4): when the provincial verifier
 * publishes the round-1 results, the site shows how many were found qualified, unqualified and pending,
 * and lists the unqualified and the pending — candidate number, name, masked ID number only — with what
 * each must do and by when (R10–R12: the pending take part in the supplementary verification, the
 * unqualified may appeal, both by the supplementary deadline). The supplementary result announcement
 * (R13, N4): the candidates decided in the supplementary round — qualified and unqualified, counted and
 * listed, with masked ID numbers only. Pure: paths, titles, wording; rendering is
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

/** R13: the supplementary announcement lists everyone decided in the supplementary round. */
export const supplementaryListed = ['qualified', 'unqualified'] as const;
export type SupplementaryListed = (typeof supplementaryListed)[number];
/** Any result an announcement lists (round 1's or the supplementary round's). */
export type AnyListed = ListedResult | SupplementaryListed;

export const supplementaryResultsId = (examId: string): string => `${examId}-R2`;
export const supplementaryResultsTitle = (examName: string): string => `${examName}补充资格核查结果公告`;

/** Where the announcement's files live on the site (keys without the leading slash). */
export const resultsSite = {
  page: (id: string, lang: SiteLang) => `announcements/${id}/${en(lang, 'index.html', 'en.html')}`,
  json: (id: string) => `announcements/${id}/index.json`,
  listPage: (id: string, r: AnyListed, city: string, n: number, lang: SiteLang) =>
    `announcements/${id}/list/${r}/${city}/${n}${en(lang, '', '.en')}.html`,
  listJson: (id: string, r: AnyListed, city: string, n: number) =>
    `announcements/${id}/list/${r}/${city}/${n}.json`,
};

/** R13: what the supplementary announcement says to those it lists (each is also told individually). */
export function supplementaryNextStepText(r: SupplementaryListed, lang: SiteLang): string {
  if (r === 'qualified')
    return lang === 'en'
      ? 'Found qualified in the supplementary verification. Each candidate has been told individually; see the candidate portal for how to receive the certificate (R13).'
      : '补充资格核查合格。结果已逐一告知本人，证书办理请登录考生服务查看（R13）。';
  return lang === 'en'
    ? 'Found unqualified in the supplementary verification. Each candidate has been told individually, with the reason, in the candidate portal (R13).'
    : '补充资格核查不合格。结果及原因已逐一告知本人，可登录考生服务查看（R13）。';
}

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

/** Its entry in the home page's announcement list: round 1's (R9), or the supplementary round's (R13). */
export function resultsAnnouncementOf(
  examId: string,
  examName: string,
  at: string,
  round: 1 | 2 = 1,
): AnnouncementEntry {
  const id = round === 2 ? supplementaryResultsId(examId) : resultsId(examId);
  const title = round === 2 ? supplementaryResultsTitle(examName) : resultsTitle(examName);
  return { id, title, publishedAt: at, url: siteUrl(resultsSite.page(id, 'zh-CN')) };
}
