/**
 * `BENCH_ONLY=bundles npm run bench`: every Lambda function's bundle, built exactly as CDK builds it
 * (the stack's FunctionFactory lists the functions; infra/constructs/bundling.ts gives the esbuild
 * options both use), against a yardstick bundle built in the same run with the same options that holds
 * only the DynamoDB client and document client (one document client constructed). Per bundle: its
 * minified size and its import time — a fresh `node` process, with Lambda's NODE_OPTIONS, timing the
 * `import()` of the bundle — each as a ratio to the yardstick's. Import times are paired: each run
 * imports the yardstick and the bundle one after the other (the order alternating), and the ratio is
 * the median over the runs of bundle ÷ yardstick, so a busy machine slows both sides of a pair alike.
 * Bundles of functions behind an API route are held to ≤ 1.2× the size and ≤ 1.15× the import time;
 * the workers (jobs, PDF and spreadsheet work, lifecycle tasks, triggers, events) are reported only. A
 * route function is a PDF worker (kind 'pdf', reported only) when every route it serves renders
 * certificate PDFs (`certificatePdf`) or does other PDF work (`pdfWork`, functions/routes/spec.ts).
 * BENCH_BUNDLE_RUNS sets the runs (default 9); BENCH_BUNDLE_ANALYZE=<name,…> prints esbuild's analysis
 * of those bundles' metafiles (`all` for every bundle). The bench reports; it sets no exit code here.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { analyzeMetafile, build, type Metafile } from 'esbuild';
import { tables } from '../functions/data/tables.js';
import { routes as allRoutes, type HandlerModule, type RouteSpec } from '../functions/routes.js';
import { BUNDLING, esbuildOptions } from '../infra/constructs/bundling.js';
import { type FunctionFactory, repoRoot } from '../infra/constructs/functions.js';
import { buildApp } from '../test/infra/fixture.js';

const run = promisify(execFile);

export const SIZE_TARGET = 1.2;
export const IMPORT_TARGET = 1.15;

const YARDSTICK = [
  '// the yardstick: the DynamoDB client and the document client, one document client constructed',
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
  'export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  '',
].join('\n');

/**
 * What a bundle is measured as: an API function (held to the target), a PDF worker behind API routes
 * (every route of its module renders certificate PDFs or does other PDF work: reported only), or a worker.
 */
export type BundleKind = 'api' | 'pdf' | 'worker';

/** A route module's kind: 'pdf' if each of its routes is `certificatePdf` or `pdfWork`, else 'api'. */
export function routeModuleKind(module: HandlerModule, routes: readonly RouteSpec[] = allRoutes): BundleKind {
  const rs = routes.filter((r) => r.module === module);
  return rs.length && rs.every((r) => r.certificatePdf || r.pdfWork) ? 'pdf' : 'api';
}

interface Bundle {
  name: string;
  /** the functions built from it (same entry file: same bundle) */
  functions: string[];
  kind: BundleKind;
  file: string;
  bytes: number;
  metafile: Metafile;
}

/** The environment a function starts in on Lambda, as far as module evaluation reads it. */
function lambdaLikeEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    POWERTOOLS_SERVICE_NAME: 'cert-workflow',
    LOG_LEVEL: 'INFO',
    // set, so functions/lib/secrets.ts does not call Secrets Manager
    PERSON_ID_KEY: 'bench-person-id-key',
    ...Object.fromEntries(Object.values(tables).map((t) => [t.envVar, `bench-${t.envVar.toLowerCase()}`])),
  };
}

/** ms to `import()` the bundle, in a fresh node process */
async function importMs(file: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: lambdaLikeEnv(),
    cwd: join(file, '..'),
  });
  return Number(stdout);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** `CertWorkflow/Api/MeRoutes` → `MeRoutes` */
const shortName = (path: string) => path.split('/').at(-1) ?? path;

export async function benchBundles(): Promise<string[]> {
  const out = join(repoRoot, 'node_modules', '.cache', `cert-workflow-bench-bundles-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  try {
    const { stack } = buildApp({ firstAdmin: { username: 'bench', email: 'bench@example.invalid' } });
    const factory = stack.node.findChild('Functions') as FunctionFactory;
    const byEntry = new Map<string, { functions: string[]; kind: BundleKind; source: string }>();
    for (const f of factory.made) {
      const b = byEntry.get(f.entryFile) ?? { functions: [], kind: 'worker' as BundleKind, source: f.source };
      b.functions.push(shortName(f.path));
      if (f.routeModule && b.kind !== 'api') b.kind = routeModuleKind(f.routeModule as HandlerModule);
      byEntry.set(f.entryFile, b);
    }

    const yardEntry = join(out, 'yardstick.ts');
    writeFileSync(yardEntry, YARDSTICK);
    const make = async (
      name: string,
      entry: string,
      functions: string[],
      kind: BundleKind,
      bundling = BUNDLING,
    ): Promise<Bundle> => {
      const file = join(out, name, 'index.mjs');
      const r = await build(esbuildOptions(bundling, entry, file, repoRoot));
      return { name, functions, kind, file, bytes: statSync(file).size, metafile: r.metafile };
    };
    // the yardstick as the SDK ships it: the same build without the project's alias of the credential
    // chain (bundling.ts), which would make it something other than the plain DynamoDB clients
    const { '--alias': _alias, ...yardArgs } = BUNDLING.esbuildArgs ?? {};
    const yard = await make('yardstick', yardEntry, [], 'worker', { ...BUNDLING, esbuildArgs: yardArgs });
    const bundles: Bundle[] = [];
    for (const [entry, b] of byEntry) {
      const name = b.functions.length === 1 ? (b.functions[0] as string) : `${b.source.replace(/^.*\//, '')}`;
      bundles.push(await make(name.replace(/[^A-Za-z0-9.-]+/g, '_'), entry, b.functions, b.kind));
    }

    // paired import times: yardstick and bundle back to back, which goes first alternating by run
    const runs = Number(process.env.BENCH_BUNDLE_RUNS ?? 9);
    const ratios = new Map<Bundle, number[]>(bundles.map((b) => [b, []]));
    const yardMs: number[] = [];
    const ms = new Map<Bundle, number[]>(bundles.map((b) => [b, []]));
    for (const b of bundles) await importMs(b.file); // each loads once before timing (fails early, warms the disk cache)
    for (let k = 0; k < runs; k++) {
      for (const b of bundles) {
        const [first, second] = k % 2 ? [b, yard] : [yard, b];
        const a = await importMs(first.file);
        const c = await importMs(second.file);
        const [y, m] = k % 2 ? [c, a] : [a, c];
        yardMs.push(y);
        ms.get(b)?.push(m);
        ratios.get(b)?.push(m / y);
      }
    }

    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    const lines: string[] = [
      `node ${process.version} (the running node; Lambda runs Node.js 24), ${runs} paired runs, NODE_OPTIONS=--enable-source-maps`,
      `yardstick (client-dynamodb + lib-dynamodb, one document client): ${yard.bytes.toLocaleString('en')} bytes (${kb(yard.bytes)}), import median ${median(yardMs).toFixed(1)} ms`,
      '',
      `${'bundle'.padEnd(30)} ${'kind'.padEnd(7)} ${'bytes'.padStart(10)} ${'× size'.padStart(7)} ${'import'.padStart(9)} ${'× import'.padStart(8)}  target`,
    ];
    let apiCount = 0;
    let apiPass = 0;
    let worstSize = 0;
    let worstImport = 0;
    for (const b of bundles) {
      const size = b.bytes / yard.bytes;
      const imp = median(ratios.get(b) ?? []);
      const ok = size <= SIZE_TARGET && imp <= IMPORT_TARGET;
      const api = b.kind === 'api';
      if (api) {
        apiCount++;
        if (ok) apiPass++;
        worstSize = Math.max(worstSize, size);
        worstImport = Math.max(worstImport, imp);
      }
      const mark = api
        ? ok
          ? '✓'
          : `✗${size > SIZE_TARGET ? ' size' : ''}${imp > IMPORT_TARGET ? ' import' : ''}`
        : '(reported)';
      lines.push(
        `${b.name.slice(0, 30).padEnd(30)} ${b.kind.padEnd(7)} ${b.bytes.toLocaleString('en').padStart(10)} ${size.toFixed(2).padStart(6)}× ${`${median(ms.get(b) ?? []).toFixed(1)} ms`.padStart(9)} ${imp.toFixed(2).padStart(7)}×  ${mark}`,
      );
    }
    lines.push(
      '',
      `api bundles within target (≤ ${SIZE_TARGET}× size, ≤ ${IMPORT_TARGET}× import): ${apiPass} of ${apiCount}; largest ${worstSize.toFixed(2)}× size, slowest ${worstImport.toFixed(2)}× import`,
    );
    const listOf = (kind: BundleKind) =>
      bundles
        .filter((b) => b.kind === kind)
        .map((b) => `${b.name} [${b.functions.join(', ')}]`)
        .join('; ');
    lines.push(`pdf workers behind routes (reported only): ${listOf('pdf')}`);
    lines.push(`workers (reported only): ${listOf('worker')}`);

    const analyze = (process.env.BENCH_BUNDLE_ANALYZE ?? '').split(',').filter(Boolean);
    for (const b of [yard, ...bundles]) {
      if (!analyze.includes('all') && !analyze.includes(b.name)) continue;
      lines.push('', `${b.name} (${relative(repoRoot, b.file)}):`, await analyzeMetafile(b.metafile));
    }
    return lines;
  } finally {
    if (!process.env.BENCH_BUNDLE_KEEP) rmSync(out, { recursive: true, force: true });
  }
}

// run on its own: `node --import tsx bench/bundles.ts`
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log((await benchBundles()).join('\n'));
}
