import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../functions/domain/masking.js';
import { logger } from '../../functions/lib/logger.js';
import { routes } from '../../functions/routes.js';
import { MIN_VALID_SHARE } from '../../scripts/fuzz/fuzz.js';
import { type FuzzRun, fuzzAll } from '../../scripts/fuzz/run.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { startTestSystemIn } from '../support/local.js';
import { captureOutput, fullPersonalData, personalDataIn } from '../support/personal-data.js';

const PER_ROUTE = Number(process.env.FUZZ_SAMPLE ?? 30);
let sys: LocalSystem;
let run: FuzzRun;
let lines: string[] = [];

beforeAll(async () => {
  const capture = captureOutput();
  // every log line the handlers write, down to debug, goes through the detector
  logger.setLogLevel('DEBUG');
  // the capture sees what the Powertools logger writes (checked below)
  logger.info('fuzz sample: log capture on');
  try {
    const started = await startTestSystemIn(`fz${Date.now().toString(36)}`, { quiet: false });
    sys = started.system;
    const { dataDir } = started;
    run = await fuzzAll({
      base: sys.url,
      dataDir,
      logins: sys.demo.candidates,
      perRoute: PER_ROUTE,
      seed: 1406,
      timeoutMs: 20_000,
    });
    await sys.jobs.idle();
  } finally {
    logger.setLogLevel('WARN');
    capture.stop();
    lines = capture.lines;
  }
}, 240_000);
afterAll(async () => {
  await sys?.stop();
});

describe('the route fuzzer (sample)', () => {
  it('fuzzes every route of functions/routes.ts, spread over every role and none', () => {
    expect(run.reports.map((r) => r.route)).toEqual(routes.map((r) => `${r.method} ${r.path}`));
    expect(run.requests).toBe(routes.length * PER_ROUTE);
  });

  it('no 5xx, every error body in the one error shape with its status, no request left hanging', () => {
    const problems = run.reports.flatMap((r) => r.problems.map((p) => `${r.route}: ${p}`));
    expect(problems).toEqual([]);
    expect({ fiveXx: run.fiveXx, badShape: run.badShape, hangs: run.hangs }).toEqual({
      fiveXx: 0,
      badShape: 0,
      hangs: 0,
    });
  });

  it(`at least ${MIN_VALID_SHARE * 100}% of each route's requests pass its schemas, so its handler is reached`, () => {
    const thin = run.reports.filter((r) => r.valid < MIN_VALID_SHARE * r.requests).map((r) => r.route);
    expect(thin).toEqual([]);
  });
});

describe('N4: personal data in the server output and logs', () => {
  /** the start-up banner's demo logins (`    <ID number>  <name>  (<exam>)`): the one exception */
  const bannerLine = (line: string) =>
    sys.demo.candidates.some((c) => line === `    ${c.idNumber}  ${c.name}  (${c.examId})`);

  it('N4: no full ID number and no full phone number in any line the run wrote (banner logins excepted)', () => {
    expect(lines.some((l) => l.includes('fuzz sample: log capture on'))).toBe(true);
    const found = lines
      .filter((l) => !bannerLine(l))
      .map((l) => ({ line: l.slice(0, 300), ...personalDataIn(l) }));
    expect(found.filter((f) => f.idNumbers.length || f.phones.length)).toEqual([]);
  });

  it('N4: the detector finds a full ID number and phone number, and passes masked ones', () => {
    const id = sys.demo.candidates[0]?.idNumber as string;
    expect(personalDataIn(`login ${id} from 13900000001`)).toEqual({
      idNumbers: [id],
      phones: ['13900000001'],
    });
    expect(
      personalDataIn(`${id.slice(0, 4)}**********${id.slice(-4)} 139****0001 ${id.slice(0, 17)}`),
    ).toEqual({
      idNumbers: [],
      phones: [],
    });
    // the suite-wide check (test/support/env-setup.ts): found and reported masked; the banner's login lines only excepted
    const c = sys.demo.candidates[0] as (typeof sys.demo.candidates)[number];
    const banner = `    ${c.idNumber}  ${c.name}  (${c.examId})`;
    expect(fullPersonalData([banner, `got ${id} 13900000001`, `${banner} 13900000002`])).toEqual([
      maskIdNumber(id),
      '139****0001',
      maskIdNumber(c.idNumber),
      '139****0002',
    ]);
  });
});
