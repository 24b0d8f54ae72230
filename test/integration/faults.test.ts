/**
 * DynamoDB faults inside acts (issue 14 §2): every act below runs with a fault injected at each of its
 * DynamoDB calls in turn (N = 1..k, hard failures and timeouts), against DynamoDB Local. Afterwards either
 * all of the act's writes exist (its change, audit record and outbox messages) or none: no half-write. A
 * retryable throttle at any call is retried by the SDK and the act succeeds.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TableId, tables } from '../../functions/data/tables.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { arm, disarm, type FaultKind, quiet } from '../support/ddb-faults.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
});
afterAll(async () => {
  disarm();
  await sys?.stop();
});

/** Test-only: every item of every (small, per-run) table, by table and key. */
async function snapshot(): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const id of Object.keys(tables) as TableId[]) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await ddb.send(new ScanCommand({ TableName: tableName(id), ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) all.set(`${id}|${item.pk}|${item.sk ?? ''}`, JSON.stringify(item));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return all;
}

/**
 * The keys that are new or changed since `before`. Rate-limit counters (RATE#…) are left out: they count
 * attempts, failed ones too, on purpose (a client cannot earn more tries by making requests fail).
 */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([k, v]) => before.get(k) !== v && !k.includes('|RATE#')).map(([k]) => k);
}

interface Outcome {
  positions: number;
  failures: number;
}

/**
 * Run `act` with a `kind` fault at call 1, 2, … until a run no longer meets a fault (the act's k calls are
 * all covered). After each failed run nothing may have changed, or everything the whole act writes (its
 * audit record among it: the transaction landed and a later call failed). `act` is repeatable until it
 * succeeds; `fresh` gives it a new subject when a run did land.
 */
async function underFaults(
  kind: FaultKind,
  act: () => Promise<number>,
  fresh?: () => Promise<void>,
): Promise<Outcome> {
  const out: Outcome = { positions: 0, failures: 0 };
  for (let n = 1; n < 60; n++) {
    await quiet();
    const before = await snapshot();
    arm({ kind, at: n });
    const status = await act();
    const { fired, names } = disarm();
    const diff = changed(before, await snapshot());
    if (fired && !fresh && names[n - 1] === 'TransactWriteItemsCommand' && diff.length === 0) {
      // an act with one subject: its transaction failed and wrote nothing; throttled there, it lands
      out.positions++;
      arm({ kind: 'throttle', at: n });
      const ok = await act();
      expect([ok < 300, disarm().fired]).toEqual([true, 1]);
      expect(changed(before, await snapshot()).some((k) => k.startsWith('audit|'))).toBe(true);
      return out;
    }
    if (!fired) {
      // the act has fewer than n calls: it ran without a fault and wrote its change with its audit record
      expect(status, `run with no fault left (n=${n})`).toBeLessThan(300);
      expect(diff.some((k) => k.startsWith('audit|'))).toBe(true);
      return out;
    }
    out.positions++;
    if (status >= 300) out.failures++;
    const audited = diff.some((k) => k.startsWith('audit|'));
    if (process.env.FAULTS_DEBUG) console.log(kind, n, status, names, diff);
    // none, or all: a failed run that changed anything must have landed its whole transaction
    expect(diff.length === 0 || audited, `${kind} at call ${n}: half-write ${diff.join(', ')}`).toBe(true);
    if (audited) {
      if (!fresh) return out;
      await fresh();
    }
  }
  throw new Error('the act never ran without a fault');
}

/** With a throttle at every call position the act succeeds (the SDK retries it). */
async function throttled(act: () => Promise<number>, fresh: () => Promise<void>, k: number) {
  for (let n = 1; n <= k; n++) {
    await quiet();
    arm({ kind: 'throttle', at: n });
    const status = await act();
    const { fired } = disarm();
    // this subject's act has fewer calls: it ran unfaulted
    if (!fired) break;
    expect([n, status < 300]).toEqual([n, true]);
    await fresh();
  }
}

describe('DynamoDB faults inside acts: all or nothing', { timeout: 120_000 }, () => {
  it('login-code request: under a hard failure or timeout at any call, the code, its outbox message and audit land together or not at all; a throttle is retried', async () => {
    const people = [...new Map(demoCandidates(new Date()).map((c) => [c.idNumber, c])).values()];
    let i = 0;
    let from = 40;
    const act = async () => {
      const c = people[i] as { idNumber: string; name: string };
      return (
        await client(sys.url, { from: `127.0.1.${from}` }).post('/api/auth/candidate/start', {
          idNumber: c.idNumber,
          name: c.name,
        })
      ).status;
    };
    const fresh = async () => {
      i++;
      from++;
    };
    const hard = await underFaults('hard', act, fresh);
    await fresh();
    const timeout = await underFaults('timeout', act, fresh);
    await fresh();
    expect(hard.positions).toBeGreaterThan(0);
    expect(timeout.positions).toBeGreaterThan(0);
    await throttled(act, fresh, hard.positions);
  });

  it('R6: announcement publish: a hard failure at each call before and at its transaction writes nothing; throttled at the transaction it lands (notice, audit record, outbox together)', async () => {
    // the one exam ready for a notice in the seed (the notices test uses it too, in its own tables)
    const exam = (demoExams(new Date()).find((e) => e.examType === 'ZJS2') as { id: string }).id;
    const path = `/api/exams/${exam}/notice`;
    const draft = await api.call('PUT', path, {
      token: tokens['zjt.verifier'],
      body: { text: '经审核，以下人员成绩合格，现予公示。公示期内如有异议，请实名向核查部门反映。' },
    });
    expect(draft.status).toBe(200);
    const act = async () => (await api.post(`${path}/publish`, { confirm: true }, tokens['hr.admin'])).status;
    const hard = await underFaults('hard', act);
    expect(hard.positions).toBeGreaterThan(0);
    expect((await api.get(path, tokens['hr.admin'])).body.status).toBe('published');
  });

  it("R22: a verifier's decision: under a hard failure or timeout at each call the candidate's change, audit record and messages land together or not at all; a throttle is retried", async () => {
    const exam = (demoExams(new Date())[0] as { id: string }).id;
    const queue = demoCandidates(new Date()).filter(
      (c) => c.examId === exam && c.status === 'verifying' && c.city === '4101',
    ) as { examId: string; personId: string }[];
    let c = queue.shift() as { examId: string; personId: string };
    const act = async () =>
      (
        await api.post(
          `/api/exams/${c.examId}/candidates/${c.personId}/decision`,
          { outcome: 'qualified' },
          tokens['zz.verifier'],
        )
      ).status;
    const fresh = async () => {
      c = queue.shift() as typeof c;
    };
    const hard = await underFaults('hard', act, fresh);
    await fresh();
    const timeout = await underFaults('timeout', act, fresh);
    await fresh();
    expect([hard.positions > 0, timeout.positions > 0]).toEqual([true, true]);
    await throttled(act, fresh, hard.positions);
  });
});
