/** Reads of the audit trail (written only through functions/lib/db.ts `transact`, with each change). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../domain/timeline.js';
import { ddb, tableName } from './db.js';

/**
 * One subject's audit records, newest first (the sort key starts with the instant): one Query of the
 * subject's partition, at most `limit` records — never a Scan. `more` says older records were left out.
 */
export async function auditTrail(
  subject: string,
  limit: number,
): Promise<{ items: AuditRecord[]; more: boolean }> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('audit'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': subject },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return { items: (r.Items ?? []) as AuditRecord[], more: !!r.LastEvaluatedKey };
}
