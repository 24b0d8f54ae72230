/**
 * An exam's paper-certificate batches as stored (N3: one small partition per exam, a batch a city's
 * delivery) and the start of their distribution, apart from ./certificate-batches.ts (recording and
 * arrival) so that what starts distribution — the China Post manifest (./manifest-step.ts), the first
 * handout on site (./collection.ts) — and the overview carry only this.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem } from '../data/tables.js';
import type { CertificateBatch } from '../domain/arrival.js';
import type { Candidate } from '../domain/candidate.js';
import { ddb, type TxItem, tableName } from '../lib/db.js';

export const batchKey = (examId: string, batchId: string) => ({ pk: `BATCH#${examId}`, sk: batchId });

/** An exam's batches: one small partition (a batch a city's delivery). */
export async function examBatches(examId: string): Promise<CertificateBatch[]> {
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('catalog'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': batchKey(examId, '').pk },
      ConsistentRead: true,
    }),
  );
  return (r.Items ?? []).map((i) => fromItem<CertificateBatch>(i));
}

/**
 * N3: distribution of these batches has started (the manifest export listing their certificates): an
 * Update each, set once, for the transaction of the step that starts it.
 */
export function distributionStarted(examId: string, batchIds: readonly string[], at: string): TxItem[] {
  return [...new Set(batchIds)].map((batchId) => ({
    Update: {
      TableName: tableName('catalog'),
      Key: batchKey(examId, batchId),
      UpdateExpression: 'SET distributionStartedAt = if_not_exists(distributionStartedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    },
  }));
}

/**
 * N3: the batches of the city whose certificates these holders hold (a candidate's arrival is its
 * batch's arrival instant), not yet started: their distribution starts at `at` — with the China Post
 * manifest that lists them (R18, ./manifest-step.ts) or the first certificate handed out on site (R19,
 * ./collection.ts), whichever comes first; a batch all of whose holders collect on site starts too.
 */
export async function batchesStartedBy(
  examId: string,
  city: string,
  holders: readonly Pick<Candidate, 'lifecycle'>[],
  at: string,
): Promise<TxItem[]> {
  const arrived = new Set(holders.map((c) => c.lifecycle?.certificateArrivedAt).filter(Boolean));
  if (!arrived.size) return [];
  const batches = (await examBatches(examId)).filter(
    (b) => b.city === city && !b.distributionStartedAt && arrived.has(b.arrivedAt),
  );
  return distributionStarted(
    examId,
    batches.map((b) => b.batchId),
    at,
  );
}
