/** The check page in the browser: the remembered language, then the QR landing and the form in place. */
import { hydrate, render } from 'preact';
import { initialLang, setLang, useLang } from '../i18n.js';
import { CheckPage, checkHref } from './check.js';

function CheckApp() {
  useLang();
  return <CheckPage />;
}

const root = document.getElementById('app');
if (root) {
  const pageLang = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const lang = initialLang();
  setLang(lang);
  if (lang !== pageLang) history.replaceState(null, '', checkHref(lang) + location.search + location.hash);
  // the static HTML was rendered in the page's language: hydrate it, or re-render in the remembered one
  (lang === pageLang ? hydrate : render)(<CheckApp />, root);
}
