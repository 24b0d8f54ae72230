/**
 * DynamoDB faults inside acts (issue 14 §2): every act below runs once without a fault (its k DynamoDB
 * calls counted, what it writes noted), then with a fault injected at each of its calls in turn (N = 1..k,
 * hard failures and timeouts), against DynamoDB Local. Afterwards either all of the act's writes exist
 * (its change, audit record and outbox messages, of the same kinds as the run without a fault) or none: no
 * half-write. A retryable throttle at any call is retried by the SDK and the act succeeds. Each act is
 * seeded once: after every run its tables are put back as they were, so each run starts from the same state.
 */
import { DeleteCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type TableId, tables } from '../../functions/data/tables.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import { demoBooking, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { demoCollection } from '../../scripts/local/seed-collection.js';
import { mailBooking, toldRound1Result } from '../support/candidates.js';
import { arm, disarm, type FaultKind, quiet } from '../support/ddb-faults.js';
import { client, localSuite } from '../support/local.js';
import { TINY_PDF } from '../support/materials.js';

const { sys, api, tokens } = localSuite(['hr.admin', 'zjt.verifier', 'zz.verifier']);

/** What each act met: its calls, the runs faulted at each kind, and half-writes (none, or a test failed). */
interface Tally {
  calls: number;
  hard: number;
  timeout: number;
  throttle: number;
}
const tallies = new Map<string, Tally>();

afterAll(async () => {
  disarm();
  const rows = [...tallies].map(([act, t]) => ({ act, ...t }));
  const runs = rows.reduce((n, r) => n + r.hard + r.timeout, 0);
  console.log(`DynamoDB faults: ${rows.length} acts, ${runs} runs with a hard failure or timeout`);
  console.table(rows);
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

/** Test-only: put every table back as `base` holds it (what a run added deleted, what it changed restored). */
async function restore(base: Map<string, string>): Promise<void> {
  const now = await snapshot();
  const id = (k: string) => k.slice(0, k.indexOf('|')) as TableId;
  for (const [k, v] of now) {
    if (base.get(k) === v) continue;
    const old = base.get(k);
    const item = JSON.parse(old ?? v);
    if (old) await ddb.send(new PutCommand({ TableName: tableName(id(k)), Item: item }));
    else {
      const Key = { pk: item.pk, ...(tables[id(k)].sortKey ? { sk: item.sk } : {}) };
      await ddb.send(new DeleteCommand({ TableName: tableName(id(k)), Key }));
    }
  }
  for (const [k, v] of base)
    if (!now.has(k)) await ddb.send(new PutCommand({ TableName: tableName(id(k)), Item: JSON.parse(v) }));
}

/**
 * The keys that are new, changed or gone since `before`. Rate-limit counters (RATE#…) are left out: they
 * count attempts, failed ones too, on purpose (a client cannot earn more tries by making requests fail).
 */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const gone = [...before.keys()].filter((k) => !after.has(k));
  return [...[...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k), ...gone].filter(
    (k) => !k.includes('|RATE#'),
  );
}

/** The kinds of items written (table, and each key's prefix up to its first #): a run's shape, ids and times aside. */
const kinds = (diff: string[]) =>
  [
    ...new Set(
      diff.map((k) =>
        k
          .split('|')
          .map((part, i) =>
            i === 0 || !part.includes('#') || /^\d/.test(part) ? (i ? '…' : part) : part.split('#')[0],
          )
          .join('|'),
      ),
    ),
  ].sort();
const audited = (diff: string[]) => diff.some((k) => k.startsWith('audit|'));

/** The act's after-work done (its jobs, the outbox's delivery): the next run's calls are counted alone. */
async function settle() {
  await sys.jobs.idle();
  await quiet();
}

interface Subject {
  /** one run of the act: its HTTP status */
  run: () => Promise<number>;
}

/**
 * The act without a fault (its calls counted, its writes' kinds noted: an audit record among them), then a
 * hard failure and a timeout at each of its calls in turn: after each run nothing changed, or the same
 * kinds of items as without a fault (the whole transaction landed and a later call failed). Then a throttle
 * at each call: retried by the SDK, the act lands whole.
 */
async function allOrNothing(name: string, s: Subject): Promise<Tally> {
  await settle();
  const base = await snapshot();
  /** the act's after-work done, its tables put back as they were: the next run starts where this one did */
  const reset = async () => {
    await settle();
    await restore(base);
  };
  // twice without a fault: the first fills the caches, the second's calls are those every run makes
  let clean: { calls: number; names: string[]; kinds: string[] } | undefined;
  for (const _ of [1, 2]) {
    arm();
    const ok = await s.run();
    const { calls, names } = disarm();
    const diff = changed(base, await snapshot());
    expect([ok < 300, audited(diff)], `${name} without a fault`).toEqual([true, true]);
    clean = { calls, names, kinds: kinds(diff) };
    await reset();
  }
  const { calls, names } = clean as NonNullable<typeof clean>;
  const tally: Tally = { calls, hard: 0, timeout: 0, throttle: 0 };
  for (const kind of ['hard', 'timeout', 'throttle'] as FaultKind[]) {
    for (let n = 1; n <= calls; n++) {
      arm({ kind, at: n });
      const status = await s.run();
      const { fired } = disarm();
      const diff = changed(base, await snapshot());
      if (process.env.FAULTS_DEBUG) console.log(name, kind, n, status, names[n - 1], diff);
      // a later run may make fewer calls (what the first one read is cached): it ran without a fault
      if (!fired) {
        expect([status < 300, kinds(diff)], `${name}: no call ${n} left`).toEqual([true, clean?.kinds]);
        await reset();
        break;
      }
      tally[kind as keyof Tally]++;
      const landed = audited(diff);
      const what = `${name}: ${kind} at call ${n} of ${calls} (${names[n - 1]}), status ${status}`;
      if (kind === 'throttle')
        expect([status < 300, kinds(diff)], `${what}: retried`).toEqual([true, clean?.kinds]);
      else {
        // none, or all: a failed run that changed anything must have landed the whole act
        expect(landed ? kinds(diff) : diff, `${what}: half-write`).toEqual(landed ? clean?.kinds : []);
        // and the caller is told the service failed (try again), never that the request was wrong
        expect(status, `${what}: answered as the caller's fault`).toBeGreaterThanOrEqual(500);
      }
      await reset();
    }
  }
  expect(
    [tally.hard, tally.timeout, tally.throttle].every((t) => t > 0),
    name,
  ).toBe(true);
  tallies.set(name, tally);
  return tally;
}

describe('DynamoDB faults inside acts: all or nothing', { timeout: 300_000 }, () => {
  it('login-code request: under a hard failure or timeout at any call, the code, its outbox message and audit land together or not at all; a throttle is retried', async () => {
    const c = demoCandidates(new Date())[0] as { idNumber: string; name: string };
    await allOrNothing('login-code request', {
      run: async () =>
        (
          await client(sys.url, { from: '127.0.1.40' }).post('/api/auth/candidate/start', {
            idNumber: c.idNumber,
            name: c.name,
          })
        ).status,
    });
  });

  it('R6: announcement publish: under a hard failure or timeout at any call the notice, its audit record and outbox land together or not at all; a throttle is retried', async () => {
    // the one exam ready for a notice in the seed (the notices test uses it too, in its own tables)
    const exam = (demoExams(new Date()).find((e) => e.examType === 'ZJS2') as { id: string }).id;
    const path = `/api/exams/${exam}/notice`;
    const draft = await api.call('PUT', path, {
      token: tokens['zjt.verifier'],
      body: { text: '经审核，以下人员成绩合格，现予公示。公示期内如有异议，请实名向核查部门反映。' },
    });
    expect(draft.status).toBe(200);
    await allOrNothing('R6 notice publish', {
      run: async () => (await api.post(`${path}/publish`, { confirm: true }, tokens['hr.admin'])).status,
    });
  });

  it("R22: a verifier's decision: under a hard failure or timeout at each call the candidate's change, audit record and messages land together or not at all; a throttle is retried", async () => {
    const exam = (demoExams(new Date())[0] as { id: string }).id;
    const c = demoCandidates(new Date()).find(
      (x) => x.examId === exam && x.status === 'verifying' && x.city === '4101',
    ) as { examId: string; personId: string };
    await allOrNothing('R22 decision', {
      run: async () =>
        (
          await api.post(
            `/api/exams/${c.examId}/candidates/${c.personId}/decision`,
            { outcome: 'qualified' },
            tokens['zz.verifier'],
          )
        ).status,
    });
  });

  it("R6: a member of the public's objection, as JSON and as the notice page's form with an attachment: the objection, the counts and its audit record land together or not at all; a throttle is retried", async () => {
    const exam = (demoExams(new Date())[0] as { id: string }).id;
    const c = demoCandidates(new Date()).find((x) => x.examId === exam && x.candidateNo) as {
      candidateNo: string;
    };
    // the notice the demo seeds published, once its job has rendered its pages
    await sys.jobs.idle();
    const path = `${sys.url}/api/public/notices/${exam}-N1/objections`;
    const fields = {
      candidateNo: c.candidateNo,
      facts: '该考生报名时填写的工作年限与实际不符。',
      contact: '13800001234',
    };
    await allOrNothing('R6 objection', {
      run: async () => (await api.post(path.slice(sys.url.length), fields)).status,
    });
    await allOrNothing('R6 objection with attachment', {
      run: async () => {
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) form.append(k, v);
        form.append(
          'attachment',
          new Blob([new Uint8Array(TINY_PDF)], { type: 'application/pdf' }),
          '证明.pdf',
        );
        return (await fetch(path, { method: 'POST', body: form })).status;
      },
    });
  });

  it("R11: the candidate's appeal: the appeal on the candidate, its audit record and message land together or not at all; a throttle is retried", async () => {
    const c = demoCandidates(new Date()).find((x) => x.examType === 'JZS2' && x.status === 'unqualified') as {
      examId: string;
      personId: string;
      idNumber: string;
      name: string;
    };
    // told their round-1 result (R9): in the appeal window
    await toldRound1Result([c]);
    const token = await client(sys.url, { from: '127.0.2.1' }).candidateToken(c);
    await allOrNothing('R11 appeal', {
      run: async () =>
        (await api.post(`/api/exams/${c.examId}/appeal`, { statement: '本人学历符合报考条件。' }, token))
          .status,
    });
  });

  it("R18: a candidate's mail booking (PUT): the booking, its counters, audit record and SMS land together or not at all; a throttle is retried", async () => {
    const { exam, candidates } = demoBooking(new Date());
    // the seed books the first two and leaves the third for the README journey
    const c = candidates[5] as (typeof candidates)[number];
    const token = await client(sys.url, { from: '127.0.2.2' }).candidateToken(c);
    const body = mailBooking(c);
    await allOrNothing('R18 booking', {
      run: async () => (await api.call('PUT', `/api/exams/${exam.id}/booking`, { token, body })).status,
    });
  });

  it('R19: an on-site collection recorded by staff: the collection, its counters, audit record and SMS land together or not at all; a throttle is retried', async () => {
    const c = demoCollection(new Date()).waiting[0] as { examId: string; personId: string; idNumber: string };
    await allOrNothing('R19 collection', {
      run: async () =>
        (
          await api.post(
            `/api/exams/${c.examId}/candidates/${c.personId}/collection`,
            { by: 'self', idLast6: c.idNumber.slice(-6) },
            tokens['zz.verifier'],
          )
        ).status,
    });
  });
});
