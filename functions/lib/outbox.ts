/** The outbox table: a message put inside the transaction of the change that caused it; a day's list. */
import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys, OUTBOX_SHARDS } from '../data/tables.js';
import { todayInChina } from '../domain/calendar.js';
import type { OutboxMessage } from '../domain/outbox.js';
import { ddb, type TxItem, tableName } from './db.js';

const shardOf = (id: string) => (createHash('sha1').update(id).digest()[0] as number) % OUTBOX_SHARDS;

export function outboxPut(m: OutboxMessage): TxItem {
  return {
    Put: {
      TableName: tableName('outbox'),
      Item: {
        ...keys.outbox(m.id),
        ...keys.outboxDay(todayInChina(new Date(m.createdAt)), shardOf(m.id), m.createdAt, m.id),
        ...m,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The newest `limit` messages of a China day (T1), newest first: every write shard read and merged. */
export async function messagesOfDay(day: string, limit: number): Promise<OutboxMessage[]> {
  const pages = await Promise.all(
    Array.from({ length: OUTBOX_SHARDS }, (_, shard) =>
      ddb.send(
        new QueryCommand({
          TableName: tableName('outbox'),
          IndexName: 'byDay',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.outboxDay(day, shard, '', '').gsi1pk },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    ),
  );
  return pages
    .flatMap((p) => (p.Items ?? []) as (Record<string, unknown> & { gsi1sk: string })[])
    .sort((a, b) => b.gsi1sk.localeCompare(a.gsi1sk))
    .slice(0, limit)
    .map((i) => fromItem<OutboxMessage>(i));
}
