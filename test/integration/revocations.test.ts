/**
 * Revocation with due process through the HTTP API on DynamoDB Local (R14, R15, N1): a case opened,
 * its proposed decision served (letter + SMS), the candidate heard, the decision approved by a second
 * staff member; what is refused, with nothing written.
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/data/tables.js';
import type { Candidate } from '../../functions/domain/candidate.js';
import { readCandidate } from '../../functions/lib/candidates.js';
import { setClock } from '../../functions/lib/clock.js';
import { ddb, tableName } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import {
  DEMO_PASSWORD,
  demoCandidates,
  demoExams,
  demoRevocationCandidate,
} from '../../scripts/local/seed.js';
import { client, startTestSystem } from '../support/local.js';

let sys: LocalSystem;
let api: ReturnType<typeof client>;
const tokens: Record<string, string> = {};
/** JZS1 candidates outside Zhengzhou (zz.verifier's city), each test takes its own */
let pool: Candidate[];
let zhengzhou: Candidate;
const take = () => pool.shift() as Candidate;
/** a candidate's token, each sign-in from its own loopback address (the sign-in limits count clients) */
let clients = 10;
const signIn = (c: Candidate) => client(sys.url, { from: `127.0.1.${clients++}` }).candidateToken(c);

const auditOf = async (c: Candidate) =>
  (
    (
      await ddb.send(
        new QueryCommand({
          TableName: tableName('audit'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.auditSubjectCandidate(c.examId, c.personId) },
        }),
      )
    ).Items ?? []
  ).filter((a) => String(a.action).startsWith('revocation.') || a.action === 'lifecycle.revoked');
const smsOf = async (c: Candidate) =>
  ((await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? []).filter(
    (m) => m.personId === c.personId && m.template !== 'otp',
  );
const open = (c: Candidate, body: unknown, who = 'zjt.verifier') =>
  api.post(`/api/exams/${c.examId}/candidates/${c.personId}/revocations`, body, tokens[who]);
const step = (caseId: string, s: string, body: unknown, token?: string) =>
  api.post(`/api/revocations/${caseId}/${s}`, body, token);
const fraud = {
  facts: '报名时提交的学历证书系伪造（合成数据）',
  ground: 'R15',
  articles: [10],
  referredToJudiciary: true,
};
const later = (iso: string) => setClock({ now: () => new Date(Date.parse(iso) + 1000) });

beforeAll(async () => {
  sys = await startTestSystem();
  api = client(sys.url);
  const now = new Date();
  const exam = (demoExams(now)[0] as { id: string }).id;
  const seeded = demoRevocationCandidate(now).personId;
  const all = demoCandidates(now).filter((c) => c.examId === exam && c.personId !== seeded);
  pool = all.filter((c) => c.city !== '4101');
  zhengzhou = all.find((c) => c.city === '4101') as Candidate;
  for (const u of ['hr.admin', 'zjt.verifier', 'zjt.reviewer', 'zz.verifier', 'xh.verifier'])
    tokens[u] = await api.staffToken(u, DEMO_PASSWORD);
});
afterEach(() => setClock(null));
afterAll(async () => {
  setClock(null);
  await sys?.stop();
});

describe('revocation with due process (R14, R15, N1)', () => {
  it('R15, N1, R14: open → serve → defence → decide → approve revokes: status revoked, the audit record holds reason, ground and articles, the candidate got both SMS', async () => {
    const c = take();
    const me = await signIn(c);
    const o = await open(c, fraud);
    expect(o.status).toBe(200);
    const { caseId } = o.body;
    expect(caseId).toMatch(new RegExp(`^${c.examId}\\.${c.personId}\\.[a-z0-9]{19}$`));

    const served = await step(caseId, 'proposal', {}, tokens['zjt.verifier']);
    expect(served.status).toBe(200);
    expect(served.body.stage).toBe('proposed');
    const endsAt: string = served.body.proposal.defenceEndsAt;
    expect(served.body.proposal.defence.workingDays).toBe(5);
    const proposed = (await smsOf(c)).filter((m) => m.template === 'revocationProposed');
    expect(proposed).toHaveLength(1);
    expect(proposed[0]?.text).toContain('24:00（北京时间）');

    // the candidate reads the letter: decision, facts, reasons, legal basis, the right to be heard and its deadline
    const seen = await api.get(`/api/revocations/${caseId}`, me);
    expect(seen.status).toBe(200);
    const letter = seen.body.letters[0];
    expect(letter.title).toBe('撤销考试资格事先告知书');
    expect(letter.sections.map((s: { heading: string }) => s.heading)).toEqual([
      '当事人',
      '拟作出的决定',
      '事实',
      '理由',
      '法律依据',
      '陈述和申辩的权利',
    ]);
    expect(letter.sections[4].text).toContain('第10条');
    expect(letter.sections[4].text).toContain('移送司法机关');
    expect(seen.body.openedBy).toBeUndefined();

    const d = await step(
      caseId,
      'defence',
      { statement: '证书系本人在校期间取得，请核实。', materialIds: [] },
      me,
    );
    expect(d.status).toBe(200);
    expect(d.body.stage).toBe('defended');
    // the candidate answers once
    expect((await step(caseId, 'defence', { waive: true }, me)).status).toBe(409);

    // N1: not before the defence period ends, even after a defence — the refusal names the end
    const early = await step(
      caseId,
      'decision',
      { outcome: 'revoke', reasons: '证书伪造属实' },
      tokens['zjt.verifier'],
    );
    expect(early.status).toBe(409);
    expect(early.body.error.details.deadline).toBe(endsAt);

    later(endsAt);
    const decided = await step(
      caseId,
      'decision',
      { outcome: 'revoke', reasons: '经核实证书伪造属实，申辩理由不成立' },
      tokens['zjt.verifier'],
    );
    expect(decided.status).toBe(200);
    expect(decided.body.stage).toBe('decided');
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('verifying');

    // four eyes: the decider alone cannot approve; another department cannot either
    expect((await step(caseId, 'approval', {}, tokens['zjt.verifier'])).status).toBe(403);
    expect((await step(caseId, 'approval', {}, tokens['hr.admin'])).status).toBe(403);
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('verifying');

    const ok = await step(caseId, 'approval', {}, tokens['zjt.reviewer']);
    expect(ok.status).toBe(200);
    expect(ok.body.stage).toBe('approved');
    expect(ok.body.letters[1].title).toBe('撤销考试资格决定书');
    expect(ok.body.letters[1].sections.at(-1).text).toMatch(/60日内.*行政复议.*6个月内.*行政诉讼/);
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('revoked');

    const revoked = (await auditOf(c)).find((a) => a.action === 'lifecycle.revoked');
    expect(revoked?.details).toMatchObject({
      to: 'revoked',
      reason: '经核实证书伪造属实，申辩理由不成立',
      ground: 'R15',
      articles: [10],
      referredToJudiciary: true,
      caseId,
    });
    expect(revoked?.actor).toBe('staff:zjt.reviewer');
    expect((await auditOf(c)).map((a) => a.action).sort()).toEqual(
      [
        'lifecycle.revoked',
        'revocation.decided',
        'revocation.defended',
        'revocation.opened',
        'revocation.proposed',
      ].sort(),
    );
    expect((await smsOf(c)).map((m) => m.template).sort()).toEqual([
      'revocationProposed',
      'revocationRevoked',
    ]);
  });

  it('N1: a waiver lets the decision come at once; R14: close leaves the candidate unchanged', async () => {
    const c = take();
    const me = await signIn(c);
    const before = await readCandidate(c.examId, c.personId);
    const { caseId } = (await open(c, { facts: '工作年限疑似不足（合成数据）', ground: 'R14' })).body;
    expect((await step(caseId, 'proposal', {}, tokens['zjt.verifier'])).status).toBe(200);
    expect((await step(caseId, 'defence', { waive: true }, me)).body.stage).toBe('waived');
    const d = await step(
      caseId,
      'decision',
      { outcome: 'close', reasons: '经复核工作年限符合要求' },
      tokens['zjt.verifier'],
    );
    expect(d.status).toBe(200);
    const a = await step(caseId, 'approval', {}, tokens['zjt.reviewer']);
    expect(a.status).toBe(200);
    expect(a.body.letters[1].title).toBe('不予撤销考试资格决定书');
    // the open case rode on the record for the work queue (each step a version) and is off it now
    const after = await readCandidate(c.examId, c.personId);
    expect(after?.openCase).toBeUndefined();
    expect({ ...after, version: before?.version }).toEqual(before);
    expect((await auditOf(c)).some((x) => x.action === 'lifecycle.revoked')).toBe(false);
    expect((await auditOf(c)).find((x) => x.action === 'revocation.closed')?.details.reason).toBe(
      '经复核工作年限符合要求',
    );
    expect((await smsOf(c)).map((m) => m.template).sort()).toEqual([
      'revocationClosed',
      'revocationProposed',
    ]);
  });

  it('N1: deciding without a served proposal is refused; T2: a defence after the period is refused with its deadline, nothing written', async () => {
    const c = take();
    const me = await signIn(c);
    const { caseId } = (await open(c, fraud)).body;
    const r = await step(caseId, 'decision', { outcome: 'revoke', reasons: '属实' }, tokens['zjt.verifier']);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('尚未送达');
    expect((await step(caseId, 'defence', { waive: true }, me)).status).toBe(409);
    const served = await step(caseId, 'proposal', {}, tokens['zjt.verifier']);
    expect((await step(caseId, 'proposal', {}, tokens['zjt.verifier'])).status).toBe(409);
    const endsAt = served.body.proposal.defenceEndsAt;
    const audits = (await auditOf(c)).length;
    later(endsAt);
    const late = await step(caseId, 'defence', { statement: '迟到的申辩', materialIds: [] }, me);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DEADLINE_PASSED');
    expect(late.body.error.details.deadline).toBe(endsAt);
    expect((await auditOf(c)).length).toBe(audits);
    // the period over without an answer: the decision may come
    expect((await api.get(`/api/revocations/${caseId}`, tokens['zjt.verifier'])).body.stage).toBe(
      'defencePeriodOver',
    );
    expect(
      (await step(caseId, 'decision', { outcome: 'revoke', reasons: '属实' }, tokens['zjt.verifier'])).status,
    ).toBe(200);
  });

  it('R1, N1: another candidate and staff out of scope are told the case does not exist; a municipal verifier may not open one', async () => {
    const c = take();
    const other = take();
    const { caseId } = (await open(c, fraud)).body;
    await step(caseId, 'proposal', {}, tokens['zjt.verifier']);
    const otherToken = await signIn(other);
    expect((await api.get(`/api/revocations/${caseId}`, otherToken)).status).toBe(404);
    expect((await step(caseId, 'defence', { waive: true }, otherToken)).status).toBe(404);
    expect((await api.get(`/api/revocations/${caseId}`, tokens['xh.verifier'])).status).toBe(404);
    expect((await api.get(`/api/revocations/${caseId}`, tokens['zz.verifier'])).status).toBe(404);
    expect(
      (await step(caseId, 'decision', { outcome: 'close', reasons: 'x' }, tokens['xh.verifier'])).status,
    ).toBe(404);
    // an id naming someone else's key: not found either
    const forged = caseId.replace(c.personId, other.personId);
    expect((await api.get(`/api/revocations/${forged}`, otherToken)).status).toBe(404);
    // hr reads every case
    expect((await api.get(`/api/revocations/${caseId}`, tokens['hr.admin'])).status).toBe(200);
    expect((await api.get(`/api/exams/${c.examId}/candidates/${c.personId}`, otherToken)).status).toBe(404);
    // R14: hr and the provincial verifier only
    expect((await open(zhengzhou, fraud, 'zz.verifier')).status).toBe(403);
    expect((await open(c, fraud, 'xh.verifier')).status).toBe(404);
  });

  it('R15: the ground names the articles of 人社部令第31号; R14 takes none', async () => {
    const c = take();
    const r = await open(c, { facts: '虚假材料', ground: 'R15' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields[0].field).toBe('articles');
    expect((await open(c, { facts: '虚假材料', ground: 'R15', articles: [7] })).status).toBe(400);
    expect((await open(c, { facts: '不符合条件', ground: 'R14', articles: [10] })).status).toBe(400);
    expect((await auditOf(c)).length).toBe(0);
  });

  it('N1: the seeded case waits for a defence with its letter served, on the candidate record of staff and the candidate', async () => {
    const c = demoRevocationCandidate(new Date());
    const detail = await api.get(`/api/exams/${c.examId}/candidates/${c.personId}`, tokens['zjt.verifier']);
    expect(detail.status).toBe(200);
    expect(detail.body.revocations).toHaveLength(1);
    expect(detail.body.revocations[0].stage).toBe('proposed');
    const mine = await api.get(`/api/exams/${c.examId}/candidates/${c.personId}`, await signIn(c));
    expect(mine.body.revocations[0].letters[0].title).toBe('撤销考试资格事先告知书');
    expect(mine.body.revocations[0].openedBy).toBeUndefined();
  });

  it('N1, T5: a defence period other than the default is served with its source; shorter than 5 working days is refused', async () => {
    const c = take();
    const { caseId } = (await open(c, fraud)).body;
    const short = await step(
      caseId,
      'proposal',
      { defenceWorkingDays: 3, defenceSource: '考试公告' },
      tokens['zjt.verifier'],
    );
    expect(short.status).toBe(400);
    expect(
      (await step(caseId, 'proposal', { defenceWorkingDays: 10 }, tokens['zjt.verifier'])).body.error.details
        .fields[0].field,
    ).toBe('defenceSource');
    const r = await step(
      caseId,
      'proposal',
      { defenceWorkingDays: 10, defenceSource: '本考试公告第5条' },
      tokens['zjt.verifier'],
    );
    expect(r.status).toBe(200);
    expect(r.body.proposal.defence).toEqual({ workingDays: 10, source: '本考试公告第5条' });
    expect(r.body.letters[0].sections[5].text).toContain('10个工作日');
  });
});
