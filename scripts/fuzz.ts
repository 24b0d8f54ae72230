/**
 * `npm run fuzz`: every route of functions/routes.ts fuzzed against the local system (in-memory
 * DynamoDB Local, as the tests use): FUZZ_PER_ROUTE requests each (10,000 unless said), FUZZ_SEED to
 * replay a run. Prints each route's answers by status and `routes: N, requests: M, 5xx: K`; exits 1 on
 * any 5xx, any error body outside the one error shape, or any request left hanging.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, MIN_VALID_SHARE, VALID_WEIGHT } from './fuzz/fuzz.js';

const perRoute = Number(process.env.FUZZ_PER_ROUTE ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? 20260601);
const only = process.env.FUZZ_ROUTE;
// tests check what is answered, not how long it takes: the sign-in's floor and proof-of-work kept small
process.env.SIGN_IN_MIN_MS ??= '5';
process.env.POW_COUNTER_MIN ??= '200';
process.env.POW_COUNTER_MAX ??= '400';
process.env.LOG_LEVEL ??= 'ERROR';

const { startLocal } = await import('./local/runtime.js');
const dataDir = mkdtempSync(join(tmpdir(), 'cert-fuzz-'));
const sys = await startLocal({
  port: Number(process.env.PORT ?? 0),
  inMemory: true,
  quiet: true,
  lifecycles: false,
  dataDir,
});
// interrupted (Ctrl-C, kill) or ended by an error: the DynamoDB Local it started ends with it
const stopAndExit = (code: number) => () => void sys.stop().finally(() => process.exit(code));
process.once('SIGINT', stopAndExit(130));
process.once('SIGTERM', stopAndExit(143));
process.once('uncaughtException', (e) => {
  console.error(e);
  stopAndExit(1)();
});
const { fuzzAll } = await import('./fuzz/run.js');
const { routes } = await import('../functions/routes.js');
// FUZZ_ROUTE: routes whose `METHOD path` contains it; several, comma-separated; one ending in `$` is
// that route alone (`POST /api/exams$,GET /api/overview`: the exams made by the first, then the overview)
const wanted = (only ?? '').split(',').filter(Boolean);
const picks = (key: string) =>
  wanted.some((w) => (w.endsWith('$') ? key === w.slice(0, -1) : key.includes(w)));
const list = wanted.length ? routes.filter((r) => picks(`${r.method} ${r.path}`)) : routes;
console.log(
  `fuzzing ${list.length} routes × ${perRoute} requests at ${sys.url} (seed ${seed}; ~${Math.round(VALID_WEIGHT * 100)}% drawn well-formed)`,
);
const t0 = Date.now();
const run = await fuzzAll({
  base: sys.url,
  dataDir,
  logins: sys.demo.candidates,
  perRoute,
  seed,
  routes: list,
  onRoute: (r) => {
    console.log(formatReport(r));
    for (const p of r.problems) console.log(`    ✖ ${p}`);
    for (const p of r.dropped) console.log(`    · no answer: ${p}`);
  },
});
await sys.stop();
const thin = run.reports.filter((r) => r.valid < MIN_VALID_SHARE * r.requests);
for (const r of thin)
  console.log(`✖ ${r.route}: only ${r.valid} of ${r.requests} requests passed its schemas`);
console.log(
  `(${((Date.now() - t0) / 1000).toFixed(0)} s; error bodies outside the shape: ${run.badShape}; hangs: ${run.hangs})`,
);
console.log(`routes: ${run.reports.length}, requests: ${run.requests}, 5xx: ${run.fiveXx}`);
process.exit(run.fiveXx || run.badShape || run.hangs || thin.length ? 1 : 0);
