/**
 * R10, R11, R12: appeals through the local server on DynamoDB Local — unqualified demo candidates of
 * JZS2 (told their round-1 result) file one appeal with a statement and materials of their own; the
 * verifier upholds (qualified, the certificate path opens) or rejects (the result stands), the candidate
 * told with the reasons; a second appeal, a late one and a forfeited candidate's are refused, nothing
 * written; a decision after supplementaryDue on a timely appeal is accepted and flagged overdue.
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCandidate } from '../../functions/acts/candidate-change.js';
import { keys } from '../../functions/data/tables.js';
import { initialFacts } from '../../functions/domain/lifecycle.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { DEMO_PASSWORD, demoCandidates } from '../../scripts/local/seed.js';
import { storedCandidate } from '../support/candidates.js';
import { client, startTestSystem } from '../support/local.js';
import { uploadedPdf } from '../support/materials.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
let zjt: string;
const all = demoCandidates(new Date()).filter((c) => c.examType === 'JZS2');
const unqualified = all.filter((c) => c.status === 'unqualified');
type Demo = (typeof unqualified)[number];
const at = (i: number) => unqualified[i] as Demo;
const other = all.find((c) => c.status === 'pending') as Demo;
const exam = at(0).examId;

const uploaded = (token: string) => uploadedPdf(sys.url, api, exam, token, '学历证明.pdf');

let n = 40;
const signIn = (c: Demo) => client(sys.url, { from: `127.0.0.${n++}` }).candidateToken(c);
const appeal = (token: string, body: unknown) => api.post(`/api/exams/${exam}/appeal`, body, token);
const decideUrl = (c: Demo) => `/api/exams/${exam}/candidates/${c.personId}/appeal-decision`;

const record = (c: Demo) => storedCandidate(c);
async function messagesTo(c: Demo) {
  const items = (await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? [];
  return items.filter((m) => m.personId === c.personId && m.template !== 'otp');
}
const set = (c: Demo, expr: string, values: Record<string, unknown>, names?: Record<string, string>) =>
  ddb.send(
    new UpdateCommand({
      TableName: tableName('candidates'),
      Key: keys.candidate(c.personId, c.examId),
      UpdateExpression: expr,
      ExpressionAttributeValues: values,
      ...(names ? { ExpressionAttributeNames: names } : {}),
    }),
  );

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  zjt = await api.staffToken('zjt.verifier', DEMO_PASSWORD);
  // every unqualified candidate told their round-1 result (R9): in the appeal window
  for (const c of unqualified)
    await set(c, 'SET lifecycle = :l', {
      ':l': { ...initialFacts(), resultNotifiedAt: new Date().toISOString() },
    });
});
afterEach(() => setClock(null));
afterAll(async () => {
  await sys?.stop();
});

describe('appeals', () => {
  it('R11: an unqualified candidate files one appeal with a statement and own materials; a second appeal is refused', async () => {
    const c = at(0);
    const token = await signIn(c);
    const id = await uploaded(token);
    const r = await appeal(token, { statement: '本人学历符合报考条件，附学历证明。', materialIds: [id] });
    expect(r.status).toBe(201);
    expect(r.body.reference).toMatch(/^SB-[A-Z0-9]{19}$/);
    expect(r.body.deadline).toMatch(/T00:00:00\+08:00$/);
    expect(r.body.next).toContain('处理决定');
    const saved = await record(c);
    expect(saved.status).toBe('unqualified');
    expect(saved.lifecycle.appealFiledAt).toBe(r.body.submittedAt);
    expect(saved.appeal).toEqual({
      reference: r.body.reference,
      statement: '本人学历符合报考条件，附学历证明。',
      materialIds: [id],
      at: r.body.submittedAt,
    });
    // the verifier sees it on the candidate page; the candidate sees it as theirs
    const seen = await api.get(`/api/exams/${exam}/candidates/${c.personId}`, zjt);
    expect(seen.body).toMatchObject({ phase: 'appealDecision', appeal: { reference: r.body.reference } });
    const second = await appeal(token, { statement: '再次申辩' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain('只能申辩一次');
    expect((await record(c)).version).toBe(saved.version);
  });

  it('R11: an upheld appeal makes the candidate qualified and opens the certificate path; they are told with the reasons', async () => {
    const c = at(0);
    const d = await api.post(decideUrl(c), { outcome: 'upheld', note: '经复核学历证明真实有效' }, zjt);
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('qualified');
    // JZS2 issues electronic certificates (R17): the lifecycle has moved on to wait for hr's issuance
    expect(d.body.phase).toBe('issuance');
    expect(d.body.appeal).toMatchObject({ outcome: 'upheld', note: '经复核学历证明真实有效' });
    expect(d.body.appeal.decidedBy).toMatchObject({ deptId: 'zjt' });
    expect(d.body.appeal.overdue).toBeUndefined();
    const saved = await record(c);
    // R18 counts from the appeal decision
    expect(saved.lifecycle).toMatchObject({ round: 'appeal', appealDecision: 'upheld' });
    expect(saved.lifecycle.qualifiedAt).toBe(saved.appeal.decidedAt);
    const told = await messagesTo(c);
    expect(told.map((m) => m.template)).toEqual(['appealUpheld']);
    expect(told[0]?.text).toContain('理由：经复核学历证明真实有效');
    // the candidate's own timeline shows the appeal and its decision
    const token = await signIn(c);
    const tl = await api.get(`/api/exams/${exam}/candidates/${c.personId}/timeline`, token);
    const decided = tl.body.items.find((i: { action: string }) => i.action === 'lifecycle.appealDecided');
    expect(decided).toMatchObject({ from: 'unqualified', to: 'qualified', reason: 'upheld' });
    expect(tl.body.items.some((i: { action: string }) => i.action === 'lifecycle.appealFiled')).toBe(true);
    // decided: a second decision is refused
    expect((await api.post(decideUrl(c), { outcome: 'rejected', note: 'x' }, zjt)).status).toBe(409);
  });

  it('R10, R11: an unknown or someone else’s material id, or a statement over 2,000 characters, is refused naming the field, nothing stored', async () => {
    const c = at(1);
    const mine = await signIn(c);
    const theirs = await uploaded(await signIn(other));
    const before = await record(c);
    const bad: [unknown, string][] = [
      [{ statement: '申辩', materialIds: [theirs] }, 'materialIds'],
      [{ statement: '申辩', materialIds: ['0000000000abcdefghj-u'] }, 'materialIds'],
      [{ statement: '字'.repeat(2001) }, 'statement'],
      [{ statement: '   ' }, 'statement'],
    ];
    for (const [body, field] of bad) {
      const r = await appeal(mine, body);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.error.fields ?? r.body.error)).toContain(field);
    }
    expect((await record(c)).version).toBe(before.version);
    expect(await messagesTo(c)).toEqual([]);
    // staff have no own record to appeal for: 404; the decision needs its reasons
    expect((await appeal(zjt, { statement: '申辩' })).status).toBe(404);
    const noNote = await api.post(decideUrl(c), { outcome: 'upheld' }, zjt);
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(noNote.body.error)).toContain('note');
  });

  it('R11: an appeal after supplementaryDue is refused with the deadline, nothing written', async () => {
    const c = at(1);
    const token = await signIn(c);
    const due = (await loadCandidate(exam, c.personId)).deadlines.supplementaryDue;
    const before = await record(c);
    setClock({ now: () => new Date(Date.parse(due) + 1000) });
    const r = await appeal(token, { statement: '本人工作年限符合要求' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('DEADLINE_PASSED');
    expect(r.body.error.details).toMatchObject({ deadline: due, rule: 'R11' });
    expect(r.body.error.message).toContain('24:00（北京时间）');
    const after = await record(c);
    expect(after.version).toBe(before.version);
    expect(after.appeal).toBeUndefined();
  });

  it('R11: a decision after supplementaryDue on a timely appeal is accepted and flagged overdue; rejected, the result stands and the candidate is told why', async () => {
    const c = at(2);
    const token = await signIn(c);
    const s = await appeal(token, { statement: '本人专业与报考专业相符' });
    expect(s.status).toBe(201);
    setClock({ now: () => new Date(Date.parse(s.body.deadline) + 60_000) });
    const d = await api.post(decideUrl(c), { outcome: 'rejected', note: '所学专业不在报考专业目录内' }, zjt);
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('unqualified');
    expect(d.body.phase).toBe('done');
    expect(d.body.appeal).toMatchObject({ outcome: 'rejected', overdue: true });
    expect((await record(c)).appeal.overdue).toBe(true);
    const told = await messagesTo(c);
    expect(told.map((m) => m.template)).toEqual(['appealRejected']);
    expect(told[0]?.text).toContain('所学专业不在报考专业目录内');
  });

  it('R12: a forfeited candidate’s appeal is refused quoting R12, nothing written', async () => {
    const c = at(3);
    const token = await signIn(c);
    await set(c, 'SET #s = :f', { ':f': 'forfeited' }, { '#s': 'status' });
    const before = await record(c);
    const r = await appeal(token, { statement: '申辩' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('R12');
    expect(r.body.error.message).toContain('已视为放弃');
    const after = await record(c);
    expect(after.version).toBe(before.version);
    expect(after.appeal).toBeUndefined();
    expect(await messagesTo(c)).toEqual([]);
  });
});
