/**
 * The result announcements as static pages, rendered by their job (functions/acts/result-site.ts).
 * Round 1 (R9, N4): the counts, what the unqualified and the pending must do and by when, and their
 * lists city by city. The supplementary round (R13, N4): the counts and lists of those decided in it,
 * qualified and unqualified. Lists show candidate number, name and masked ID number only. Reads without
 * JavaScript, in Chinese and English.
 */
import { renderToString } from 'preact-render-to-string';
import type { SiteLang } from '../../functions/domain/notices.js';
import { siteUrl } from '../../functions/domain/notices.js';
import { cityName } from '../../functions/domain/regions.js';
import {
  type AnyListed,
  listedResults,
  nextStepText,
  resultsSite,
  supplementaryListed,
  supplementaryNextStepText,
} from '../../functions/domain/result-announcement.js';
import { Frame } from '../components.js';
import { formatDate, formatNumber } from '../format.js';
import { setLang, t } from '../i18n.js';
import { type ListPageOf, renderAnnouncementList, staticPage } from './notice.js';
import './messages.js';

export interface ResultsView {
  /** 1: the verification result announcement (R9); 2: the supplementary one (R13) */
  round: 1 | 2;
  id: string;
  title: string;
  deptName: string;
  publishedAt: string;
  supplementaryDue: string;
  /** round 1: qualified, unqualified, pending; the supplementary round: qualified, unqualified */
  counts: { qualified: number; unqualified: number; pending?: number };
  /** the list's pages, by result and city; empty while they are being made */
  pages: { result: AnyListed; city: string; count: number }[];
  ready: boolean;
}

const otherLang = (l: SiteLang): SiteLang => (l === 'en' ? 'zh-CN' : 'en');

/** What the announcement counts and lists, and what it says to each list. */
const shapeOf = (v: ResultsView, lang: SiteLang) =>
  v.round === 2
    ? {
        counted: supplementaryListed,
        listed: supplementaryListed,
        note: null,
        say: (r: AnyListed) => supplementaryNextStepText(r as 'qualified' | 'unqualified', lang),
        list: (r: AnyListed) => t(`results.sup.${r as 'qualified' | 'unqualified'}List`),
      }
    : {
        counted: ['qualified', 'unqualified', 'pending'] as const,
        listed: listedResults,
        note: t('results.qualifiedNote'),
        say: (r: AnyListed) => nextStepText(r as 'unqualified' | 'pending', v.supplementaryDue, lang),
        list: (r: AnyListed) => t(`results.${r as 'unqualified' | 'pending'}List`),
      };

function Body({ v, lang }: { v: ResultsView; lang: SiteLang }) {
  const shape = shapeOf(v, lang);
  return (
    <>
      <h1 class="page-title" lang="zh-CN">
        {v.title}
      </h1>
      <p class="hint">
        {t('results.by', { dept: v.deptName })} · {formatDate(v.publishedAt)}
      </p>
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">
          {t(v.round === 2 ? 'results.sup.countsHeading' : 'results.countsHeading')}
        </h2>
        <dl class="facts facts--narrow">
          {shape.counted.map((r) => (
            <div key={r}>
              <dt>{t(`results.${r}`)}</dt>
              <dd>{t('results.people', { n: formatNumber(v.counts[r] ?? 0) })}</dd>
            </div>
          ))}
        </dl>
        {shape.note && <p>{shape.note}</p>}
      </section>
      {shape.listed.map((r) => {
        const pages = v.pages.filter((p) => p.result === r);
        return (
          <section key={r} aria-labelledby={`${r}-heading`}>
            <h2 id={`${r}-heading`}>{shape.list(r)}</h2>
            <p class="notice">{shape.say(r)}</p>
            {!v.ready ? (
              <p class="empty">{t('notice.listEmpty')}</p>
            ) : pages.length ? (
              <ul class="date-list">
                {pages.map((p) => (
                  <li key={p.city}>
                    <span lang="zh-CN">
                      {t('notice.cityPages', { city: cityName(p.city), count: p.count })}
                    </span>
                    {'：'}
                    {Array.from({ length: p.count }, (_, i) => i + 1).map((n) => (
                      <>
                        {' '}
                        <a href={siteUrl(resultsSite.listPage(v.id, r, p.city, n, lang))}>
                          {t('notice.pageLink', { n })}
                        </a>
                      </>
                    ))}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="empty">{t('results.noneListed')}</p>
            )}
          </section>
        );
      })}
    </>
  );
}

/** The announcement page in one language. */
export function renderResultsPage(v: ResultsView, lang: SiteLang): string {
  setLang(lang);
  const hrefFor = (l: SiteLang) => siteUrl(resultsSite.page(v.id, l));
  const body = renderToString(
    <Frame hrefFor={hrefFor}>
      <Body v={v} lang={lang} />
    </Frame>,
  );
  return staticPage({
    lang,
    title: `${v.title} - ${t('site.name')}`,
    body,
    self: hrefFor(lang),
    other: hrefFor(otherLang(lang)),
  });
}

/** One page of one result's list, for one city, in one language. */
export function renderResultsList(v: ResultsView, r: AnyListed, lang: SiteLang, l: ListPageOf): string {
  return renderAnnouncementList({
    lang,
    heading: () =>
      t('results.pageTitle', {
        title: v.title,
        list: shapeOf(v, lang).list(r),
        n: l.page,
        city: cityName(l.city),
      }),
    back: (x) => siteUrl(resultsSite.page(v.id, x)),
    href: (n, x) => siteUrl(resultsSite.listPage(v.id, r, l.city, n, x)),
    l,
  });
}
