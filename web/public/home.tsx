/**
 * The public home page. Rendered to static HTML at build time (one file per language), so it reads fine
 * without JavaScript; the script only adds the remembered language and the announcements list.
 */
import { Frame } from '../components.js';
import { formatDate } from '../format.js';
import { getLang, type Lang, t } from '../i18n.js';
import type { Announcement } from '../types.js';
import './messages.js';

/** The same page in each language: `/` and `/en/`. */
export const homeHref = (l: Lang): string => (l === 'en' ? '/en/' : '/');
/** A public page's address in the page's language (`/check/` → `/en/check/`). */
const l10n = (path: string): string => (getLang() === 'en' ? `/en${path}` : path);

export function Home({ announcements }: { announcements: Announcement[] }) {
  return (
    <Frame hrefFor={homeHref}>
      <h1 class="page-title">{t('site.name')}</h1>
      <p class="lead">{t('home.lead')}</p>

      <section aria-labelledby="services-heading" class="services">
        <h2 id="services-heading" class="visually-hidden">
          {t('home.servicesHeading')}
        </h2>
        <ul class="cards">
          <li class="card">
            <a class="card-link" href="/portal/">
              {t('home.portalLink')}
            </a>
            <p>{t('home.portalHint')}</p>
          </li>
          <li class="card">
            <a class="card-link" href={l10n('/check/')}>
              {t('home.checkLink')}
            </a>
            <p>{t('home.checkHint')}</p>
          </li>
          <li class="card">
            <a class="card-link" href="/console/">
              {t('home.consoleLink')}
            </a>
            <p>{t('home.consoleHint')}</p>
          </li>
        </ul>
      </section>

      <section aria-labelledby="process-heading">
        <h2 id="process-heading">{t('home.processHeading')}</h2>
        <ol class="steps">
          {(['step1', 'step2', 'step3'] as const).map((s) => (
            <li key={s} class="step">
              <h3 class="step-title">{t(`home.${s}.title`)}</h3>
              <p>{t(`home.${s}.body`)}</p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="announcements-heading">
        <h2 id="announcements-heading">{t('home.announcementsHeading')}</h2>
        {announcements.length ? (
          <ul class="announcements">
            {announcements.map((a) => (
              <li key={a.id ?? a.title}>
                {a.url ? <a href={a.url}>{a.title}</a> : a.title}
                {a.publishedAt && (
                  <>
                    {' '}
                    <time class="meta" dateTime={a.publishedAt}>
                      {formatDate(a.publishedAt)}
                    </time>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">{t('home.announcementsEmpty')}</p>
        )}
      </section>
    </Frame>
  );
}

/** Accepts `{ items: [...] }` or a bare array; anything else reads as no announcements. */
export function parseAnnouncements(data: unknown): Announcement[] {
  const list = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (a): a is Announcement =>
      typeof a === 'object' && a !== null && typeof (a as Announcement).title === 'string',
  );
}
