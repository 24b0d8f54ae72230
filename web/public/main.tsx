/** Public home, in the browser: apply the remembered language, then load announcements if published. */
import { hydrate, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { initialLang, setLang, useLang } from '../i18n.js';
import type { Announcement } from '../types.js';
import { Home, homeHref, parseAnnouncements } from './home.js';

function HomeApp() {
  useLang();
  const [items, setItems] = useState<Announcement[]>([]);
  useEffect(() => {
    fetch('/announcements/index.json', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((d: unknown) => setItems(parseAnnouncements(d)))
      .catch(() => setItems([]));
  }, []);
  return <Home announcements={items} />;
}

const root = document.getElementById('app');
if (root) {
  const pageLang = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const lang = initialLang();
  setLang(lang);
  if (lang !== pageLang) history.replaceState(null, '', homeHref(lang) + location.search + location.hash);
  // the static HTML was rendered in the page's language: hydrate it, or re-render in the remembered one
  (lang === pageLang ? hydrate : render)(<HomeApp />, root);
}
