/**
 * `npm start` in a process of its own, for the test that kills it with SIGKILL and starts it again
 * (test/integration/restart.test.ts): the same `startLocal` as scripts/start.ts — DynamoDB Local with
 * its data under START_CHILD_DIR, the demo seed, every lifecycle resumed by jobs — without building the
 * web pages, its job worker slowed to START_CHILD_RATE calls a second. It prints one JSON line when it
 * serves and another when every lifecycle runs; SIGTERM stops it as Ctrl-C stops `npm start`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocal } from '../../scripts/local/runtime.js';

const system = await startLocal({
  port: 0,
  dataDir: process.env.START_CHILD_DIR ?? '',
  quiet: true,
  webDir: mkdtempSync(join(tmpdir(), 'start-child-web-')),
  jobLimit: { ratePerSecond: Number(process.env.START_CHILD_RATE ?? 500), burst: 1 },
});
console.log(JSON.stringify({ url: system.url, endpoint: system.dynamoEndpoint }));
system.lifecycles.then(
  (n) => console.log(JSON.stringify({ lifecycles: n })),
  (e: Error) => console.log(JSON.stringify({ error: e.message })),
);
process.on('SIGTERM', async () => {
  await system.stop();
  process.exit(0);
});
