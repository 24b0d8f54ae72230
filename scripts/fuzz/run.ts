/**
 * Runs the route fuzzer (./fuzz.ts) against a started local system: learns the seeded ids from the
 * tables, mints a token for every role (the local issuer's key, as the gateway checks it), then fuzzes
 * every route of functions/routes.ts in turn.
 */
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableId } from '../../functions/data/tables.js';
import { tables } from '../../functions/data/tables.js';
import { seedYears } from '../../functions/domain/holiday-seed.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { routes as allRoutes, type RouteSpec } from '../../functions/routes.js';
import { demoStaff } from '../local/seed.js';
import { localIssuer } from '../local/tokens.js';
import { type Caller, fuzzRoute, Harvest, type RouteReport } from './fuzz.js';

/** The five staff roles of issue 14 by their demo login, each once. */
const staffOfRole: Record<string, string> = {
  hr: 'hr.admin',
  provincial: 'zjt.verifier',
  municipal: 'zz.verifier',
  association: 'xh.verifier',
};

/** Every string-valued fact in the tables (ids, names, dates) for the generators to draw on. */
export async function harvestTables(h = new Harvest(), maxPerTable = 4000): Promise<Harvest> {
  for (const id of Object.keys(tables) as TableId[]) {
    let start: Record<string, unknown> | undefined;
    let seen = 0;
    do {
      const page = await ddb.send(new ScanCommand({ TableName: tableName(id), ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) h.add(item);
      seen += page.Items?.length ?? 0;
      start = page.LastEvaluatedKey;
    } while (start && seen < maxPerTable);
  }
  return h;
}

/** A token for each role (hr, provincial, municipal, association, every demo candidate) and none. */
export async function fuzzCallers(dataDir: string, candidateIdNumbers: readonly string[]): Promise<Caller[]> {
  const issuer = await localIssuer(join(dataDir, 'jwt-key.json'));
  const callers: Caller[] = [{ role: 'none' }];
  for (const [role, username] of Object.entries(staffOfRole)) {
    const s = demoStaff.find((x) => x.username === username);
    if (!s) continue;
    callers.push({ role, token: (await issuer.staffToken(s)).token });
  }
  for (const id of candidateIdNumbers)
    callers.push({ role: 'candidate', token: (await issuer.candidateToken(personIdOf(id))).token });
  return callers;
}

export interface FuzzRun {
  reports: RouteReport[];
  requests: number;
  fiveXx: number;
  badShape: number;
  hangs: number;
}

export async function fuzzAll(opts: {
  base: string;
  dataDir: string;
  logins: readonly { idNumber: string; name: string; examId: string }[];
  perRoute: number;
  seed: number;
  concurrency?: number;
  timeoutMs?: number;
  routes?: readonly RouteSpec[];
  onRoute?: (r: RouteReport) => void;
}): Promise<FuzzRun> {
  const harvest = await harvestTables();
  // the demo logins (ID number and name), which the tables hold only hashed or masked
  harvest.add(opts.logins.map((c) => ({ idNumber: c.idNumber, name: c.name, examId: c.examId })));
  // and the holiday calendars the system starts with (T3), which it keeps outside the tables
  harvest.add(seedYears.map((y) => ({ ...y })));
  const callers = await fuzzCallers(
    opts.dataDir,
    opts.logins.map((c) => c.idNumber),
  );
  const reports: RouteReport[] = [];
  const list = opts.routes ?? allRoutes;
  for (const [i, route] of list.entries()) {
    const r = await fuzzRoute({
      base: opts.base,
      route,
      callers,
      harvest,
      n: opts.perRoute,
      seed: opts.seed + i,
      concurrency: opts.concurrency ?? 16,
      timeoutMs: opts.timeoutMs ?? 20_000,
    });
    reports.push(r);
    opts.onRoute?.(r);
  }
  const sum = (f: (r: RouteReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  return {
    reports,
    requests: sum((r) => r.requests),
    fiveXx: sum((r) => r.fiveXx),
    badShape: sum((r) => r.badShape),
    hangs: sum((r) => r.hangs),
  };
}
