/**
 * The act layer: a change, its audit record and its messages land together or not at all; an act
 * refused by scope or by a rule writes nothing.
 */
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, actorOf } from '../../functions/acts/actor.js';
import { loadCandidate, saveOutcome } from '../../functions/acts/candidate-change.js';
import { recordExamEvent } from '../../functions/acts/exam-events.js';
import { setExamSchedule } from '../../functions/acts/exam-schedule.js';
import { recordEvent } from '../../functions/acts/lifecycle.js';
import { keys } from '../../functions/data/tables.js';
import { ConflictError, DomainError } from '../../functions/domain/errors.js';
import { applyEvent } from '../../functions/domain/lifecycle.js';
import { smsMessage } from '../../functions/domain/outbox.js';
import { notices } from '../../functions/domain/wording.js';
import { candidatePut, readCandidate } from '../../functions/lib/candidates.js';
import { ddb, tableName, transact } from '../../functions/lib/db.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { demoCandidates, demoExams } from '../../scripts/local/seed.js';
import { startTestSystem } from '../support/local.js';

let sys: LocalSystem;
const now = new Date();
const paper = () => (demoExams(now)[0] as { id: string }).id;
const aCandidate = () =>
  demoCandidates(now).find((c) => c.examId === paper() && c.city === '4101') as never as {
    examId: string;
    personId: string;
  };

const auditOf = async (subject: string) =>
  (
    await ddb.send(
      new QueryCommand({
        TableName: tableName('audit'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': subject },
      }),
    )
  ).Items ?? [];
const outboxFor = async (personId: string) =>
  ((await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? []).filter(
    (m) => m.personId === personId,
  );
const staff = (username: string, deptId: string): Promise<Actor> =>
  actorOf({ kind: 'staff', username, role: 'verifier', deptId });

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected the act to be refused');
}

beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

describe('transact: all or nothing', () => {
  it('a failed condition on one item writes none of the items, the audit record or the messages', async () => {
    const c = aCandidate();
    const before = (await readCandidate(c.examId, c.personId)) as NonNullable<
      Awaited<ReturnType<typeof readCandidate>>
    >;
    const subject = `TEST#${c.personId}`;
    const msg = smsMessage('test-msg-1', before.phone, notices.eCert(), now, c.personId);
    const changed = { ...before, name: '改名测试', version: before.version + 1 };
    const stale = { ...before, status: 'qualified' as const, version: before.version + 1 };
    const e = await refusal(
      transact([candidatePut(changed, before.version), candidatePut({ ...stale, examId: 'NOPE-1' }, 99)], {
        audit: { subject, action: 'test.change', actor: 'system:test' },
        messages: [msg],
      }),
    );
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.name).toBe('ConflictError');
    expect(e.status).toBe(409);
    expect((await readCandidate(c.examId, c.personId))?.name).toBe(before.name);
    expect(await readCandidate('NOPE-1', c.personId)).toBeUndefined();
    expect(await auditOf(subject)).toEqual([]);
    const m = await ddb.send(new GetCommand({ TableName: tableName('outbox'), Key: keys.outbox(msg.id) }));
    expect(m.Item).toBeUndefined();
  });

  it('a candidate changed since it was read: the outcome is refused with ConflictError and nothing lands', async () => {
    const c = aCandidate();
    const l = await loadCandidate(c.examId, c.personId);
    // someone else changes the record in between (a newer version)
    const bumped = { ...l.candidate, version: l.candidate.version + 1 };
    await transact([candidatePut(bumped, l.candidate.version)]);
    const outcome = applyEvent(
      l.candidate,
      l.exam,
      l.deadlines,
      { type: 'verified', outcome: 'qualified' },
      new Date(),
    );
    const auditBefore = (await auditOf(keys.auditSubjectCandidate(c.examId, c.personId))).length;
    const messagesBefore = (await outboxFor(c.personId)).length;
    const e = await refusal(saveOutcome(l.candidate, outcome, 'system:test'));
    expect(e).toBeInstanceOf(ConflictError);
    const after = await readCandidate(c.examId, c.personId);
    expect(after?.status).toBe('verifying');
    expect(after?.version).toBe(bumped.version);
    expect((await auditOf(keys.auditSubjectCandidate(c.examId, c.personId))).length).toBe(auditBefore);
    expect((await outboxFor(c.personId)).length).toBe(messagesBefore);
  });
});

describe('refused acts write nothing', () => {
  it('R13: a supplementary result announcement before the result announcement (R9) is refused (409), the exam unchanged', async () => {
    const actor = await staff('zjt.verifier', 'zjt');
    // the seed's own records of the exam (its notice) stay as they were
    const before = await auditOf(`EXAM#${paper()}`);
    const e = await refusal(recordExamEvent(actor, paper(), 'supplementaryAnnounced'));
    expect(e.code).toBe('CONFLICT');
    expect(e).not.toBeInstanceOf(ConflictError); // a rule's refusal: not retried by the state machine
    expect(await auditOf(`EXAM#${paper()}`)).toEqual(before);
    const exam = await ddb.send(new GetCommand({ TableName: tableName('catalog'), Key: keys.exam(paper()) }));
    expect(exam.Item?.supplementaryAnnouncedAt).toBeUndefined();
  });

  it('R1, R24: out of scope is refused before anything is read or written: hr may not announce, a municipal verifier may not set the schedule', async () => {
    const hr = await staff('hr.admin', 'hr');
    const before = await auditOf(`EXAM#${paper()}`);
    expect((await refusal(recordExamEvent(hr, paper(), 'resultsAnnounced'))).code).toBe('FORBIDDEN');
    const zz = (await staff('zz.verifier', 'zjt-4101')) as Extract<Actor, { kind: 'staff' }>;
    const e = await refusal(setExamSchedule(zz, paper(), { noticeDays: 12, reason: '延长公示' }));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('R6');
    expect(await auditOf(`EXAM#${paper()}`)).toEqual(before);
    const exam = await ddb.send(new GetCommand({ TableName: tableName('catalog'), Key: keys.exam(paper()) }));
    expect(exam.Item?.resultsAnnouncedAt).toBeUndefined();
    expect(exam.Item?.overrides).toBeUndefined();
  });

  it('R7: a decision after the deadline is refused with the deadline in the message, and nothing is written', async () => {
    const c = aCandidate();
    const l = await loadCandidate(c.examId, c.personId);
    const late = new Date(Date.parse(l.deadlines.verificationDue) + 1000);
    const e = (() => {
      try {
        applyEvent(l.candidate, l.exam, l.deadlines, { type: 'verified', outcome: 'qualified' }, late);
      } catch (err) {
        return err as DomainError;
      }
      throw new Error('expected a refusal');
    })();
    expect(e.code).toBe('DEADLINE_PASSED');
    expect(e.message).toContain('24:00（北京时间）');
    // the same through the act, with the system clock: a candidate who is no longer verifying is refused
    await recordEvent(c.examId, c.personId, { type: 'verified', outcome: 'unqualified' }, 'system:test');
    const before = (await auditOf(keys.auditSubjectCandidate(c.examId, c.personId))).length;
    const again = await refusal(
      recordEvent(c.examId, c.personId, { type: 'verified', outcome: 'qualified' }, 'system:test'),
    );
    expect(again.code).toBe('CONFLICT');
    expect((await auditOf(keys.auditSubjectCandidate(c.examId, c.personId))).length).toBe(before);
    expect((await readCandidate(c.examId, c.personId))?.status).toBe('unqualified');
  });
});
