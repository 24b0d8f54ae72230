/**
 * A candidate's timeline (issue 9 §5) through the local server against DynamoDB Local: staff in scope
 * and the candidate themself read it newest first (R1; anyone else 404), with the acting department's
 * name and never a username, an objection's contact or facts, an ID number or a phone (N4). A staff act
 * records its department in the audit record itself (functions/lib/db.ts transact).
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../functions/acts/lifecycle.js';
import { keys } from '../../functions/data/tables.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import type { TimelineItem } from '../../functions/domain/timeline.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
let exam: string;
/** a Zhengzhou (4101) candidate of the exam with the published notice, and one of another city */
let inZz: Candidate;
let outsideZz: Candidate;

const FACTS = '该考生报名时填写的工作年限与其实际工作经历不符，本人系其原单位同事。';
const CONTACT = '13800001234';
const path = (c: { personId: string }) => `/api/exams/${exam}/candidates/${c.personId}/timeline`;

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  exam = (demoExams(new Date())[0] as { id: string }).id;
  const all = demoCandidates(new Date());
  inZz = all.find((c) => c.examId === exam && c.city === '4101' && c.candidateNo) as Candidate;
  outsideZz = all.find((c) => c.examId === exam && c.city !== '4101') as Candidate;
  for (const u of ['hr.admin', 'zjt.verifier', 'zz.verifier', 'xh.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
  tokens.candidate = await api.candidateToken(inZz);
  await sys.jobs.idle();
  const subject = keys.auditSubjectCandidate(exam, inZz.personId);
  // a record from before audit records named the department, and the state machine's bookkeeping
  for (const Item of [
    {
      pk: subject,
      sk: '2020-01-02T00:00:00.000Z#old',
      at: '2020-01-02T00:00:00.000Z',
      action: 'candidate.imported',
      actor: 'staff:zjt.verifier',
      details: { importId: 'x', row: 3, changed: ['phone'] },
    },
    {
      pk: subject,
      sk: '2020-01-03T00:00:00.000Z#exec',
      at: '2020-01-03T00:00:00.000Z',
      action: 'lifecycle.executionStarted',
      actor: 'system:lifecycle',
      details: { generation: 1 },
    },
  ])
    await ddb.send(new PutCommand({ TableName: tableName('audit'), Item }));
  // an objection from the public, with its contact and facts (R6)
  const o = await api.post(`/api/public/notices/${exam}-N1/objections`, {
    candidateNo: inZz.candidateNo,
    facts: FACTS,
    contact: CONTACT,
    name: '张某',
  });
  expect(o.status).toBe(201);
  // a staff act on the candidate (the round-1 decision), written through transact
  await recordEvent(exam, inZz.personId, { type: 'verified', outcome: 'unqualified' }, 'staff:zz.verifier');
});
afterAll(async () => {
  await sys?.stop();
});

/** The actions in order, repeats of one action next to each other counted once. */
const actions = (list: TimelineItem[]) =>
  list.map((i) => i.action).filter((a, i, all) => i === 0 || all[i - 1] !== a);

const items = async (token: string, c = inZz) => {
  const r = await api.get<{ items: TimelineItem[]; more: boolean }>(path(c), token);
  expect(r.status).toBe(200);
  return r.body;
};

/** Every username, the ID number, the phone, the objection's contact and facts: none may appear. */
const forbidden = () => [
  'zz.verifier',
  'zjt.verifier',
  'hr.admin',
  'staff:',
  inZz.personId,
  inZz.idNumber,
  inZz.phone,
  CONTACT,
  FACTS,
  '张某',
];

describe('the candidate timeline', () => {
  it('N4: a staff act records the acting department in its audit record', async () => {
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditSubjectCandidate(exam, inZz.personId) },
      }),
    );
    const verified = (r.Items ?? []).find((i) => i.action === 'lifecycle.verified');
    expect(verified).toMatchObject({
      actor: 'staff:zz.verifier',
      actorDept: { id: 'zjt-4101', name: '郑州市城乡建设局' },
      details: { from: 'verifying', to: 'unqualified' },
    });
    // the public's objection names no department
    expect((r.Items ?? []).find((i) => i.action === 'objection.received')?.actorDept).toBeUndefined();
  });

  it('R1, N4: staff in scope see every record newest first, with department names and no username', async () => {
    for (const u of ['zz.verifier', 'zjt.verifier', 'hr.admin']) {
      const body = await items(tokens[u] as string);
      expect(body.more).toBe(false);
      // (the demo seeds an objection against this candidate too)
      expect(actions(body.items)).toEqual([
        'lifecycle.verified',
        'objection.received',
        'lifecycle.executionStarted',
        'candidate.imported',
      ]);
      const ats = body.items.map((i) => i.at);
      expect([...ats].sort().reverse()).toEqual(ats);
      expect(body.items[0]).toMatchObject({
        actorDept: '郑州市城乡建设局',
        actorKind: 'staff',
        from: 'verifying',
        to: 'unqualified',
      });
      // an older record without its department: the account's department
      expect(body.items.at(-1)).toMatchObject({ actorDept: '河南省住房和城乡建设厅', actorKind: 'staff' });
      const text = JSON.stringify(body);
      for (const f of forbidden()) expect(text).not.toContain(f);
    }
  });

  it('N4: the objection shows as received from the public, without its contact or facts', async () => {
    const body = await items(tokens['zjt.verifier'] as string);
    const received = body.items.filter((i) => i.action === 'objection.received');
    expect(received.length).toBeGreaterThan(0);
    for (const o of received)
      expect(o).toEqual({
        at: expect.any(String),
        action: 'objection.received',
        actorDept: null,
        actorKind: 'public',
        from: null,
        to: null,
        reason: null,
      });
  });

  it('R1: the candidate sees their own timeline (without the bookkeeping), and nobody else’s', async () => {
    const body = await items(tokens.candidate as string);
    expect(actions(body.items)).toEqual(['lifecycle.verified', 'objection.received', 'candidate.imported']);
    expect(body.items[0]?.actorDept).toBe('郑州市城乡建设局');
    const text = JSON.stringify(body);
    for (const f of forbidden()) expect(text).not.toContain(f);
    expect((await api.get(path(outsideZz), tokens.candidate)).status).toBe(404);
  });

  it('R1: staff out of scope are told the candidate does not exist; nobody signed in: 401', async () => {
    // a municipal verifier, another city's candidate
    expect((await api.get(path(outsideZz), tokens['zz.verifier'])).status).toBe(404);
    // the association, a construction exam
    expect((await api.get(path(inZz), tokens['xh.verifier'])).status).toBe(404);
    // in scope, the other city's candidate is there for the provincial verifier
    expect((await api.get(path(outsideZz), tokens['zjt.verifier'])).status).toBe(200);
    const missing = await api.get(path({ personId: 'abcdefghijkmnpqrstuv' }), tokens['zjt.verifier']);
    expect(missing.status).toBe(404);
    expect((await api.get(path(inZz))).status).toBe(401);
  });
});
