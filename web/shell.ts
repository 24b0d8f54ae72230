/**
 * The one HTML document every static page is poured into: the build's pages (scripts/build-web.ts) and
 * the announcement pages the jobs render at run time (web/public/notice.tsx).
 */

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

export interface ShellOptions {
  lang: 'zh-CN' | 'en';
  title: string;
  description?: string;
  /** the stylesheet's path, without the leading slash */
  css: string;
  /** the module script's path, if the page has one */
  js?: string;
  /** chunks the entry imports statically, preloaded so they do not load one after another */
  preload?: string[];
  body: string;
  noscript?: string;
  alternates?: { lang: string; href: string }[];
}

export function shell(o: ShellOptions): string {
  const alt = (o.alternates ?? [])
    .map((a) => `<link rel="alternate" hreflang="${a.lang}" href="${a.href}">`)
    .join('');
  return [
    '<!doctype html>',
    `<html lang="${o.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="format-detection" content="telephone=no">',
    '<meta name="theme-color" content="#12365f">',
    `<title>${escapeHtml(o.title)}</title>`,
    o.description ? `<meta name="description" content="${escapeHtml(o.description)}">` : '',
    alt,
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="/${o.css}">`,
    o.js ? `<script type="module" src="/${o.js}"></script>` : '',
    ...(o.preload ?? []).map((f) => `<link rel="modulepreload" href="/${f}">`),
    '</head>',
    '<body>',
    `<div id="app">${o.body}</div>`,
    o.noscript ? `<noscript><p class="container notice">${escapeHtml(o.noscript)}</p></noscript>` : '',
    '</body>',
    '</html>',
    '',
  ].join('');
}
