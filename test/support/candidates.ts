/**
 * Helpers for tests of a candidate's verification requests (supplementary submission, appeal) on the
 * local system: the candidate's stored record (uploads: ./materials.ts).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/data/tables.js';
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
