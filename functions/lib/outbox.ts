/** Putting messages into the outbox, inside the same transaction as the change that caused them. */
import { createHash } from 'node:crypto';
import { keys, OUTBOX_SHARDS } from '../data/tables.js';
import type { OutboxMessage } from '../domain/outbox.js';
import { type TxItem, tableName } from './db.js';

/** The calendar day in China Standard Time (T1), as YYYY-MM-DD. */
export const chinaDay = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const shardOf = (id: string) => (createHash('sha1').update(id).digest()[0] as number) % OUTBOX_SHARDS;

export function outboxPut(m: OutboxMessage): TxItem {
  return {
    Put: {
      TableName: tableName('outbox'),
      Item: {
        ...keys.outbox(m.id),
        ...keys.outboxDay(chinaDay(new Date(m.createdAt)), shardOf(m.id), m.createdAt, m.id),
        ...m,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
