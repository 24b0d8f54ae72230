import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys, OUTBOX_SHARDS } from '../data/tables.js';
import { maySeeOutbox } from '../domain/departments.js';
import { forbidden } from '../domain/errors.js';
import { type OutboxMessage, staffMessageView } from '../domain/outbox.js';
import { now } from '../lib/clock.js';
import { ddb, tableName } from '../lib/db.js';
import { httpHandler } from '../lib/http.js';
import { chinaDay } from '../lib/outbox.js';

const query = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * GET /api/outbox — the day's messages, newest first (hr only: messages carry codes and addresses).
 * Reads every write shard of the day and merges.
 */
export const listOutbox = httpHandler({ access: 'staff', query }, async ({ who, query: q }) => {
  if (!maySeeOutbox(who.role)) throw forbidden('只有人社厅账号可以查看消息发送记录');
  const day = q.day ?? chinaDay(now());
  const pages = await Promise.all(
    Array.from({ length: OUTBOX_SHARDS }, (_, shard) =>
      ddb.send(
        new QueryCommand({
          TableName: tableName('outbox'),
          IndexName: 'byDay',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.outboxDay(day, shard, '', '').gsi1pk },
          ScanIndexForward: false,
          Limit: q.limit,
        }),
      ),
    ),
  );
  const items = pages
    .flatMap((p) => (p.Items ?? []) as (OutboxMessage & { gsi1sk: string })[])
    .sort((a, b) => b.gsi1sk.localeCompare(a.gsi1sk))
    .slice(0, q.limit)
    .map(({ gsi1sk: _s, ...m }) => staffMessageView(m, process.env.LOCAL_MODE === 'true'));
  return { day, items };
});
