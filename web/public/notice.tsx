/**
 * The joint public notice of a passing list (R6, N4) as static pages, rendered on the server by the
 * notice's jobs (functions/acts/notice-site.ts) with preact-render-to-string: the notice itself (text,
 * both departments, the period, the list's pages city by city, the look-up by candidate number, the
 * objection form) and each page of the list (candidate number, name, masked ID number — nothing else).
 * Every page reads without JavaScript; the look-up alone needs it (a small script, /notice.js, reads
 * the static lookup shards: no API call). The objection form posts to the API and gets an HTML answer.
 */
import { renderToString } from 'preact-render-to-string';
import { formatDeadline } from '../../functions/domain/calendar.js';
import type { Notice, PublicEntry, SiteLang } from '../../functions/domain/notices.js';
import { noticeSite, siteUrl } from '../../functions/domain/notices.js';
import { cityName } from '../../functions/domain/regions.js';
import { Frame } from '../components.js';
import { formatDate } from '../format.js';
import { setLang, t } from '../i18n.js';
import { shell } from '../shell.js';
import './messages.js';

export interface NoticeView {
  notice: Notice;
  title: string;
  /** whether the list is still up (false once the period is over) */
  listed: boolean;
}

const deadline = (date: string, lang: SiteLang) => formatDeadline(date, lang === 'en' ? 'en' : 'zh');

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n+/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i} lang="zh-CN">
            {p}
          </p>
        ))}
    </>
  );
}

function NoticeBody({ v, lang }: { v: NoticeView; lang: SiteLang }) {
  const n = v.notice;
  const id = n.noticeId;
  const until = deadline(n.ends.date, lang);
  const pages = n.site?.pages ?? [];
  return (
    <>
      <h1 class="page-title" lang="zh-CN">
        {v.title}
      </h1>
      <p class="hint">
        {t('notice.jointly', {
          prepared: n.preparedBy.deptName,
          confirmed: n.confirmedBy?.deptName ?? '',
        })}
      </p>
      <p class="hint">
        {t('notice.period', { from: formatDate(n.confirmedBy?.at ?? n.preparedBy.at), until })}
      </p>
      {!v.listed && <p class="notice notice--warning">{t('notice.removed', { until })}</p>}

      <section aria-labelledby="text-heading">
        <h2 id="text-heading">{t('notice.textHeading')}</h2>
        <Paragraphs text={n.text} />
      </section>

      {v.listed && (
        <>
          <section aria-labelledby="list-heading">
            <h2 id="list-heading">{t('notice.listHeading')}</h2>
            {pages.length ? (
              <>
                <p>{t('notice.listIntro', { count: n.site?.entries ?? 0 })}</p>
                <ul class="date-list">
                  {pages.map((r) => (
                    <li key={r.city}>
                      <span lang="zh-CN">
                        {t('notice.cityPages', { city: cityName(r.city), count: r.count })}
                      </span>
                      {'：'}
                      {Array.from({ length: r.count }, (_, i) => i + 1).map((p) => (
                        <>
                          {' '}
                          <a href={siteUrl(noticeSite.listPage(id, r.city, p, lang))}>
                            {t('notice.pageLink', { n: p })}
                          </a>
                        </>
                      ))}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p class="empty">{t('notice.listEmpty')}</p>
            )}
          </section>

          <section aria-labelledby="lookup-heading">
            <h2 id="lookup-heading">{t('notice.lookupHeading')}</h2>
            <form id="lookup" class="form" data-root={`${siteUrl(noticeSite.root(id))}/`} data-lang={lang}>
              <div class="field">
                <label class="label" for="lookup-no">
                  {t('notice.lookupLabel')}
                </label>
                <p class="hint" id="lookup-no-hint">
                  {t('notice.lookupHint')}
                </p>
                <input
                  class="input input--medium"
                  id="lookup-no"
                  name="candidateNo"
                  autocomplete="off"
                  aria-describedby="lookup-no-hint"
                  maxLength={30}
                />
              </div>
              <button type="submit" class="button">
                {t('notice.lookupButton')}
              </button>
              <p id="lookup-result" aria-live="polite" />
              <noscript>
                <p class="hint">{t('notice.lookupNoScript')}</p>
              </noscript>
            </form>
          </section>
        </>
      )}

      <section aria-labelledby="objection-heading">
        <h2 id="objection-heading">{t('notice.objectionHeading')}</h2>
        {v.listed ? (
          <>
            <p>{t('notice.objectionIntro', { until })}</p>
            <form
              class="form"
              method="post"
              action={`/api/public/notices/${encodeURIComponent(id)}/objections`}
              encType="multipart/form-data"
            >
              <div class="field">
                <label class="label" for="o-no">
                  {t('notice.field.candidateNo')}
                </label>
                <input class="input input--medium" id="o-no" name="candidateNo" required maxLength={30} />
              </div>
              <div class="field">
                <label class="label" for="o-facts">
                  {t('notice.field.facts')}
                </label>
                <p class="hint" id="o-facts-hint">
                  {t('notice.field.factsHint')}
                </p>
                <textarea
                  class="input input--long textarea"
                  id="o-facts"
                  name="facts"
                  rows={6}
                  required
                  minLength={10}
                  maxLength={2000}
                  aria-describedby="o-facts-hint"
                />
              </div>
              <div class="field">
                <label class="label" for="o-contact">
                  {t('notice.field.contact')}
                </label>
                <p class="hint" id="o-contact-hint">
                  {t('notice.field.contactHint')}
                </p>
                <input
                  class="input input--medium"
                  id="o-contact"
                  name="contact"
                  required
                  autocomplete="tel"
                  maxLength={100}
                  aria-describedby="o-contact-hint"
                />
              </div>
              <div class="field">
                <label class="label" for="o-name">
                  {t('notice.field.name')}
                </label>
                <input
                  class="input input--medium"
                  id="o-name"
                  name="name"
                  autocomplete="name"
                  maxLength={30}
                />
              </div>
              <div class="field">
                <label class="label" for="o-file">
                  {t('notice.field.attachment')}
                </label>
                <p class="hint" id="o-file-hint">
                  {t('notice.field.attachmentHint')}
                </p>
                <input
                  class="input"
                  id="o-file"
                  name="attachment"
                  type="file"
                  accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                  aria-describedby="o-file-hint"
                />
              </div>
              <button type="submit" class="button">
                {t('notice.objectionSubmit')}
              </button>
            </form>
          </>
        ) : (
          <p>{t('notice.objectionClosed')}</p>
        )}
      </section>
    </>
  );
}

/** One page of one city's part of the list: whether pages come after it is known when it is rendered. */
export interface ListPageOf {
  city: string;
  page: number;
  more: boolean;
  entries: PublicEntry[];
}

/** One page of a published list (a notice's, a result announcement's): masked entries, prev / next. */
function ListBody(p: { back: string; heading: string; href: (n: number) => string; l: ListPageOf }) {
  const { l } = p;
  return (
    <>
      <p class="back">
        <a href={p.back}>{t('notice.backToNotice')}</a>
      </p>
      <h1 class="page-title" lang="zh-CN">
        {p.heading}
      </h1>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('notice.col.candidateNo')}</th>
              <th scope="col">{t('notice.col.name')}</th>
              <th scope="col">{t('notice.col.idNumber')}</th>
            </tr>
          </thead>
          <tbody>
            {l.entries.map((e) => (
              <tr key={e.candidateNo}>
                <td class="mono">{e.candidateNo}</td>
                <td lang="zh-CN" class="nowrap">
                  {e.name}
                </td>
                <td class="mono">{e.idNumberMasked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pagination" aria-label={t('notice.pages')}>
        {l.page > 1 && (
          <a href={p.href(l.page - 1)} rel="prev">
            {t('notice.prev')}
          </a>
        )}{' '}
        {l.more && (
          <a href={p.href(l.page + 1)} rel="next">
            {t('notice.next')}
          </a>
        )}
      </nav>
    </>
  );
}

/** A list page of any announcement, in one language: `href(n, lang)` addresses its pages, `back` its announcement. */
export function renderAnnouncementList(o: {
  lang: SiteLang;
  /** read once the page's language is set */
  heading: () => string;
  back: (lang: SiteLang) => string;
  href: (n: number, lang: SiteLang) => string;
  l: ListPageOf;
}): string {
  setLang(o.lang);
  const heading = o.heading();
  const hrefFor = (x: SiteLang) => o.href(o.l.page, x);
  const body = renderToString(
    <Frame hrefFor={hrefFor}>
      <ListBody back={o.back(o.lang)} heading={heading} href={(n) => o.href(n, o.lang)} l={o.l} />
    </Frame>,
  );
  return staticPage({
    lang: o.lang,
    title: `${heading} - ${t('site.name')}`,
    body,
    self: hrefFor(o.lang),
    other: hrefFor(otherLang(o.lang)),
  });
}

/** A whole static page: the site's stylesheet (/site.css), the look-up script where the look-up is. */
export function staticPage(o: {
  lang: SiteLang;
  title: string;
  body: string;
  script?: boolean;
  self: string;
  other: string;
}) {
  return shell({
    lang: o.lang,
    title: o.title,
    css: 'site.css',
    ...(o.script ? { js: 'notice.js' } : {}),
    body: o.body,
    alternates: [
      { lang: o.lang, href: o.self },
      { lang: o.lang === 'en' ? 'zh-CN' : 'en', href: o.other },
    ],
  });
}

const otherLang = (l: SiteLang): SiteLang => (l === 'en' ? 'zh-CN' : 'en');

/** The notice page in one language. */
export function renderNoticePage(v: NoticeView, lang: SiteLang): string {
  setLang(lang);
  const id = v.notice.noticeId;
  const hrefFor = (l: SiteLang) => siteUrl(noticeSite.page(id, l));
  const body = renderToString(
    <Frame hrefFor={hrefFor}>
      <NoticeBody v={v} lang={lang} />
    </Frame>,
  );
  return staticPage({
    lang,
    title: `${v.title} - ${t('site.name')}`,
    body,
    script: v.listed,
    self: hrefFor(lang),
    other: hrefFor(otherLang(lang)),
  });
}

/** One page of the notice's list in one language. */
export function renderListPage(v: NoticeView, lang: SiteLang, l: ListPageOf): string {
  const id = v.notice.noticeId;
  return renderAnnouncementList({
    lang,
    heading: () => t('notice.pageTitle', { title: v.title, n: l.page, city: cityName(l.city) }),
    back: (x) => siteUrl(noticeSite.page(id, x)),
    href: (n, x) => siteUrl(noticeSite.listPage(id, l.city, n, x)),
    l,
  });
}
