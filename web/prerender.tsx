/**
 * Build-time rendering (run by scripts/build-web.ts): the public home as complete static HTML per
 * language (and the certificate check page), and the portal's and console's first paint (frame + loading) so they show at once.
 */
import { renderToString } from 'preact-render-to-string';
import { ConsoleApp } from './console/app.js';
import { type Lang, setLang, t } from './i18n.js';
import { PortalApp } from './portal/app.js';
import { CheckPage } from './public/check.js';
import { Home } from './public/home.js';

export type PageId = 'public' | 'portal' | 'console' | 'check';

export function renderPage(page: PageId, lang: Lang): { html: string; title: string } {
  setLang(lang);
  switch (page) {
    case 'public':
      return { html: renderToString(<Home announcements={[]} />), title: t('site.name') };
    case 'check':
      return {
        html: renderToString(<CheckPage />),
        title: t('page.of', { page: t('cc.title'), site: t('site.name') }),
      };
    case 'portal':
      return {
        html: renderToString(<PortalApp />),
        title: t('page.of', { page: t('portal.title'), site: t('site.name') }),
      };
    case 'console':
      return {
        html: renderToString(<ConsoleApp />),
        title: t('page.of', { page: t('console.title'), site: t('site.name') }),
      };
  }
}

export const noscriptText = (lang: Lang): string => {
  setLang(lang);
  return t('noscript.app');
};
