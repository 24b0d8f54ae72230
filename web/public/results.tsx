/**
 * The verification result announcement (R9, N4) as static pages, rendered by its job
 * (functions/acts/result-site.ts): the counts, what the unqualified and the pending must do and by
 * when, and their lists city by city (candidate number, name, masked ID number only). Reads without
 * JavaScript, in Chinese and English.
 */
import { renderToString } from 'preact-render-to-string';
import type { SiteLang } from '../../functions/domain/notices.js';
import { siteUrl } from '../../functions/domain/notices.js';
import { cityName } from '../../functions/domain/regions.js';
import {
  type ListedResult,
  listedResults,
  nextStepText,
  resultsSite,
} from '../../functions/domain/result-announcement.js';
import { Frame } from '../components.js';
import { formatDate, formatNumber } from '../format.js';
import { setLang, t } from '../i18n.js';
import { type ListPageOf, renderAnnouncementList, staticPage } from './notice.js';
import './messages.js';

export interface ResultsView {
  id: string;
  title: string;
  deptName: string;
  publishedAt: string;
  supplementaryDue: string;
  counts: { qualified: number; unqualified: number; pending: number };
  /** the list's pages, by result and city; empty while they are being made */
  pages: { result: ListedResult; city: string; count: number }[];
  ready: boolean;
}

const otherLang = (l: SiteLang): SiteLang => (l === 'en' ? 'zh-CN' : 'en');

function Body({ v, lang }: { v: ResultsView; lang: SiteLang }) {
  return (
    <>
      <h1 class="page-title" lang="zh-CN">
        {v.title}
      </h1>
      <p class="hint">
        {t('results.by', { dept: v.deptName })} · {formatDate(v.publishedAt)}
      </p>
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">{t('results.countsHeading')}</h2>
        <dl class="facts facts--narrow">
          {(['qualified', 'unqualified', 'pending'] as const).map((r) => (
            <div key={r}>
              <dt>{t(`results.${r}`)}</dt>
              <dd>{t('results.people', { n: formatNumber(v.counts[r]) })}</dd>
            </div>
          ))}
        </dl>
        <p>{t('results.qualifiedNote')}</p>
      </section>
      {listedResults.map((r) => {
        const pages = v.pages.filter((p) => p.result === r);
        return (
          <section key={r} aria-labelledby={`${r}-heading`}>
            <h2 id={`${r}-heading`}>{t(`results.${r}List`)}</h2>
            <p class="notice">{nextStepText(r, v.supplementaryDue, lang)}</p>
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
export function renderResultsList(v: ResultsView, r: ListedResult, lang: SiteLang, l: ListPageOf): string {
  return renderAnnouncementList({
    lang,
    heading: () =>
      t('results.pageTitle', {
        title: v.title,
        list: t(`results.${r}List`),
        n: l.page,
        city: cityName(l.city),
      }),
    back: (x) => siteUrl(resultsSite.page(v.id, x)),
    href: (n, x) => siteUrl(resultsSite.listPage(v.id, r, l.city, n, x)),
    l,
  });
}
