/**
 * Helpers for tests of a candidate's verification requests (supplementary submission, appeal) on the
 * local system: the candidate's stored record and audit trail (uploads: ./materials.ts).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { staffActorOf } from '../../functions/acts/actor.js';
import { decideCandidate } from '../../functions/acts/decisions.js';
import { recordEvent } from '../../functions/acts/lifecycle.js';
import { keys } from '../../functions/data/tables.js';
import { initialFacts } from '../../functions/domain/lifecycle.js';
import { ddb, tableName } from '../../functions/lib/db.js';

/** The candidate's record as stored (consistent read). */
export async function storedCandidate(c: { personId: string; examId: string }) {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('candidates'),
      Key: keys.candidate(c.personId, c.examId),
      ConsistentRead: true,
    }),
  );
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the record holds
  return r.Item as Record<string, any>;
}

/** The candidate's audit records, oldest first (a small partition: one page). */
export async function candidateAudit(c: { personId: string; examId: string }) {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('audit'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditSubjectCandidate(c.examId, c.personId) },
    }),
  );
  return r.Items ?? [];
}

/** R18: a mail booking as the candidate's form sends it (an address in Zhengzhou), with `over` changed. */
export const mailBooking = (c: { name: string; phone: string }, over: Record<string, unknown> = {}) => ({
  recipient: c.name,
  phone: c.phone,
  phoneConfirm: c.phone,
  districtCode: '410105',
  street: '金水区花园路 88 号',
  postcode: '450003',
  codAcknowledged: true as const,
  ...over,
});

/** R9: the candidates were told their round-1 result (now): they are in the supplementary window. */
export async function toldRound1Result(list: readonly { personId: string; examId: string }[]): Promise<void> {
  for (const c of list)
    await ddb.send(
      new UpdateCommand({
        TableName: tableName('candidates'),
        Key: keys.candidate(c.personId, c.examId),
        UpdateExpression: 'SET lifecycle = :l',
        ExpressionAttributeValues: {
          ':l': { ...initialFacts(), resultNotifiedAt: new Date().toISOString() },
        },
      }),
    );
}

/** R10, R13: two pending candidates take part in the supplementary round; zjt.verifier decides one qualified, one not. */
export async function supplementaryRoundDecided(
  examId: string,
  [first, second]: readonly [{ personId: string }, { personId: string }],
): Promise<void> {
  const zjt = await staffActorOf({ kind: 'staff', username: 'zjt.verifier' } as never);
  for (const [c, outcome] of [
    [first, 'qualified'],
    [second, 'unqualified'],
  ] as const) {
    await recordEvent(examId, c.personId, { type: 'supplementaryJoined' }, 'candidate');
    await decideCandidate(zjt, examId, c.personId, {
      outcome,
      ...(outcome === 'unqualified' ? { reasonCode: 'education' as const } : {}),
    });
  }
}
