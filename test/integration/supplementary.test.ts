/**
 * R10, R11, R12: supplementary verification through the local server on DynamoDB Local — a pending
 * demo candidate (JZS2, past round 1) submits materials of their own, the verifier decides with the
 * decision route; after supplementaryDue a submission is refused with the deadline, a decision on a
 * timely one accepted and flagged overdue; a forfeited candidate is refused quoting R12, nothing written.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCandidate } from '../../functions/acts/candidate-change.js';
import { keys } from '../../functions/data/tables.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates } from '../../scripts/local/seed.js';
import { candidateAudit, storedCandidate } from '../support/candidates.js';
import { client, resultsTold, startTestSystem } from '../support/local.js';
import { uploadedPdf } from '../support/materials.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let zjt: string;
const pending = demoCandidates(new Date()).filter((c) => c.examType === 'JZS2' && c.status === 'pending');
type Demo = (typeof pending)[number];
const at = (i: number) => pending[i] as Demo;
const exam = at(0).examId;

const uploaded = (token: string) => uploadedPdf(sys.url, api, exam, token);

let n = 10;
/** Each candidate signs in from an address of their own (the sign-in limits count clients by address). */
const signIn = (c: Demo) => client(sys.url, { from: `127.0.0.${n++}` }).candidateToken(c);

const submit = (token: string, body: unknown) => api.post(`/api/exams/${exam}/supplementary`, body, token);

const record = (c: Demo) => storedCandidate(c);

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
  // R10: the pending are called by the result announcement
  await resultsTold(
    api,
    exam,
    zjt,
    pending.map((c) => c.personId),
  );
});
afterEach(() => setClock(null));
afterAll(async () => {
  await sys?.stop();
});

describe('supplementary verification', () => {
  it('R10: a pending candidate submits their own materials with a note; the verifier decides in the supplementary round', async () => {
    const c = at(0);
    const token = await signIn(c);
    const id = await uploaded(token);
    const r = await submit(token, { materialIds: [id], note: '补充工作年限证明' });
    expect(r.status).toBe(201);
    expect(r.body.reference).toMatch(/^BC-[A-Z0-9]{19}$/);
    expect(r.body.deadline).toMatch(/T00:00:00\+08:00$/);
    expect(r.body.next).toContain('补充资格核查结论');
    const saved = await record(c);
    expect(saved.status).toBe('pending');
    expect(saved.lifecycle.supplementaryJoinedAt).toBe(r.body.submittedAt);
    expect(saved.supplementary).toEqual({
      reference: r.body.reference,
      materialIds: [id],
      note: '补充工作年限证明',
      at: r.body.submittedAt,
    });
    // the verifier sees the submission on the candidate page
    const seen = await api.get(`/api/exams/${exam}/candidates/${c.personId}`, zjt);
    expect(seen.body.supplementary).toMatchObject({ reference: r.body.reference, materialIds: [id] });
    // a second submission: taken part already
    expect((await submit(token, { materialIds: [id] })).status).toBe(409);
    const d = await api.post(
      `/api/exams/${exam}/candidates/${c.personId}/decision`,
      { outcome: 'qualified' },
      zjt,
    );
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('qualified');
    expect(d.body.decision).toMatchObject({ round: 'supplementary', outcome: 'qualified' });
    expect(d.body.decision.overdue).toBeUndefined();
  });

  it('R10: an unknown material id, or another candidate’s, is refused naming materialIds, nothing written', async () => {
    const mine = await signIn(at(1));
    const theirs = await signIn(at(2));
    const their = await uploaded(theirs);
    const before = await record(at(1));
    for (const materialIds of [[their], ['0000000000abcdefghj-u'], []]) {
      const r = await submit(mine, { materialIds });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.error)).toContain('materialIds');
    }
    expect((await record(at(1))).version).toBe(before.version);
    // staff have no own record to submit for: 404
    expect((await submit(zjt, { materialIds: [their] })).status).toBe(404);
  });

  it('R12: a submission after supplementaryDue is refused with the deadline, nothing written', async () => {
    const c = at(3);
    const token = await signIn(c);
    const id = await uploaded(token);
    const due = (await loadCandidate(exam, c.personId)).deadlines.supplementaryDue;
    const before = await record(c);
    setClock({ now: () => new Date(Date.parse(due) + 1000) });
    const r = await submit(token, { materialIds: [id] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('DEADLINE_PASSED');
    expect(r.body.error.details).toMatchObject({ deadline: due, rule: 'R12' });
    expect((await record(c)).version).toBe(before.version);
  });

  it('R12: a forfeited candidate is refused quoting R12, nothing written; they can still read their record', async () => {
    const c = at(4);
    const token = await signIn(c);
    const id = await uploaded(token);
    await ddb.send(
      new UpdateCommand({
        TableName: tableName('candidates'),
        Key: keys.candidate(c.personId, c.examId),
        UpdateExpression: 'SET #s = :f',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':f': 'forfeited' },
      }),
    );
    const before = await record(c);
    const r = await submit(token, { materialIds: [id] });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('R12');
    expect(r.body.error.message).toContain('已视为放弃');
    const after = await record(c);
    expect(after.version).toBe(before.version);
    expect(after.supplementary).toBeUndefined();
    expect((await api.get(`/api/exams/${exam}/candidates/${c.personId}`, token)).status).toBe(200);
  });

  it('R11: a decision after supplementaryDue on a timely submission is accepted and flagged overdue', async () => {
    const c = at(5);
    const token = await signIn(c);
    const id = await uploaded(token);
    const s = await submit(token, { materialIds: [id] });
    expect(s.status).toBe(201);
    setClock({ now: () => new Date(Date.parse(s.body.deadline) + 60_000) });
    const d = await api.post(
      `/api/exams/${exam}/candidates/${c.personId}/decision`,
      { outcome: 'unqualified', reasonCode: 'workYears' },
      zjt,
    );
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('unqualified');
    expect(d.body.decision).toMatchObject({ round: 'supplementary', outcome: 'unqualified', overdue: true });
    expect((await record(c)).decision.overdue).toBe(true);
  });

  it('R10: a submission whose record changed between read and write (its execution storing a task token) is made on the record as it now is: 201, one audit record', async () => {
    // the candidate whose upload the second test offered as another’s: not submitted yet
    const c = at(2);
    const token = await signIn(c);
    const id = await uploaded(token);
    const before = await record(c);
    const key = keys.candidate(c.personId, c.examId);
    // the first transaction that writes the record finds it written meanwhile (version + 1)
    let raced = false;
    ddb.middlewareStack.add(
      (next) => async (args) => {
        const items = (args.input as { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] })
          .TransactItems;
        if (!raced && items?.some((i) => i.Put?.Item?.pk === key.pk && i.Put.Item.sk === key.sk)) {
          raced = true;
          await ddb.send(
            new UpdateCommand({
              TableName: tableName('candidates'),
              Key: key,
              UpdateExpression: 'SET version = version + :one',
              ExpressionAttributeValues: { ':one': 1 },
            }),
          );
        }
        return next(args);
      },
      { step: 'initialize', name: 'raceOnce' },
    );
    const r = await submit(token, { materialIds: [id] }).finally(() =>
      ddb.middlewareStack.remove('raceOnce'),
    );
    expect(raced).toBe(true);
    expect(r.status).toBe(201);
    const saved = await record(c);
    expect(saved.version).toBe(before.version + 2);
    expect(saved.supplementary?.reference).toBe(r.body.reference);
    const joined = (await candidateAudit(c)).filter((a) => a.action === 'lifecycle.supplementaryJoined');
    expect(joined).toHaveLength(1);
  });
});
