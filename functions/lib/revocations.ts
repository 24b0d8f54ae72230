/**
 * Revocation cases (functions/domain/revocations.ts) in the candidates table, in the person's
 * partition: pk P#{personId}, sk R#{examId}#{no}. The caseId names the key: a case is one Get.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import { parseCaseId, type RevocationCase } from '../domain/revocations.js';
import { ddb, type TxItem, tableName } from './db.js';

const keyOf = (caseId: string) => {
  const p = parseCaseId(caseId);
  return p ? keys.revocation(p.personId, p.examId, p.no) : null;
};

/** A case, new (never there yet) or changed (conditional on the version read), for `transact`. */
export function casePut(c: RevocationCase, prevVersion?: number): TxItem {
  return {
    Put: {
      TableName: tableName('candidates'),
      Item: { ...keyOf(c.caseId), ...c },
      ...(prevVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': prevVersion } }),
    },
  };
}

export async function readCase(caseId: string): Promise<RevocationCase | undefined> {
  const key = keyOf(caseId);
  if (!key) return undefined;
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('candidates'), Key: key, ConsistentRead: true }),
  );
  return r.Item ? fromItem<RevocationCase>(r.Item) : undefined;
}

/** A candidate's cases in one exam, oldest first (a handful at most). */
export async function casesOf(personId: string, examId: string): Promise<RevocationCase[]> {
  const out: RevocationCase[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('candidates'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
        ExpressionAttributeValues: {
          ':pk': keys.revocation(personId, examId, '').pk,
          ':r': keys.revocation(personId, examId, '').sk,
        },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of r.Items ?? []) out.push(fromItem<RevocationCase>(i));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}
