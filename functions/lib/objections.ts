/**
 * Objections in the candidates table (in the person's partition: pk P#{personId}, sk O#{examId}#{id})
 * and the two counts that go with each one: the candidate record's and the notice's (exam-wide).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import type { Objection } from '../domain/objections.js';
import { ddb, type TxItem, tableName } from './db.js';

/** A new objection, for `transact` (its id is new: it never exists yet). */
export function objectionPut(o: Objection): TxItem {
  return {
    Put: {
      TableName: tableName('candidates'),
      Item: { ...keys.objection(o.personId, o.examId, o.objectionId), ...o },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The candidate record's objection count one up, for `transact`. The version goes up with it, so a
 * writer that read the record before (they replace it whole, conditional on the version read:
 * lib/candidates.ts candidatePut) is refused and reads again, rather than writing back the old count.
 */
export function candidateObjectionCounted(examId: string, personId: string): TxItem {
  return {
    Update: {
      TableName: tableName('candidates'),
      Key: keys.candidate(personId, examId),
      UpdateExpression: 'ADD objectionCount :one, version :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

/** The notice's exam-wide objection count one up, for `transact`: only while it is published. */
export function noticeObjectionCounted(examId: string): TxItem {
  return {
    Update: {
      TableName: tableName('catalog'),
      Key: keys.notice(examId),
      UpdateExpression: 'ADD objectionCount :one',
      ConditionExpression: '#s = :published',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
    },
  };
}

/** A candidate's objections in one exam, oldest first (tens at most: one partition, one page or a few). */
export async function listObjections(personId: string, examId: string): Promise<Objection[]> {
  const out: Objection[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('candidates'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)',
        ExpressionAttributeValues: {
          ':pk': keys.objection(personId, examId, '').pk,
          ':o': keys.objection(personId, examId, '').sk,
        },
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(r.Items ?? []).map((i) => fromItem<Objection>(i)));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function readObjection(
  personId: string,
  examId: string,
  objectionId: string,
): Promise<Objection | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('candidates'),
      Key: keys.objection(personId, examId, objectionId),
    }),
  );
  return r.Item ? fromItem<Objection>(r.Item) : undefined;
}
