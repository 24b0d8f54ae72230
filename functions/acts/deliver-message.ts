/**
 * Delivering one outbox message: send it through the sender (the edge: SNS SMS on AWS, the terminal
 * locally) and mark it `sent` or `failed`, each mark conditional on the message still being `queued`,
 * so a repeated or concurrent delivery sends nothing twice.
 *
 * - a permanent failure (invalid number, a channel that is not wired) marks the message `failed` at once;
 * - a transient failure counts an attempt on the item and throws, so the stream retries the record;
 *   after MAX_ATTEMPTS the message is marked `failed`.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import type { OutboxMessage } from '../domain/outbox.js';
import { now } from '../lib/clock.js';
import { ddb, isConditionFailure, tableName } from '../lib/db.js';
import { logger } from '../lib/logger.js';

/** Delivers one message; throws on failure (a `PermanentDeliveryError` when retrying cannot help). */
export interface Sender {
  send(m: OutboxMessage): Promise<void>;
}

export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** Transient failures tolerated per message before it is marked failed. */
export const MAX_ATTEMPTS = 5;

async function currentStatus(id: string): Promise<string | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('outbox'),
      Key: keys.outbox(id),
      ConsistentRead: true,
      ProjectionExpression: '#s',
      ExpressionAttributeNames: { '#s': 'status' },
    }),
  );
  return r.Item?.status as string | undefined;
}

/** queued → sent | failed, only if still queued (a concurrent or repeated delivery changes nothing). */
async function mark(id: string, status: 'sent' | 'failed', error?: string): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: tableName('outbox'),
        Key: keys.outbox(id),
        UpdateExpression: 'SET #s = :s, deliveredAt = :at, deliveryError = :e',
        ConditionExpression: '#s = :queued',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': status,
          ':at': now().toISOString(),
          ':e': error ?? null,
          ':queued': 'queued',
        },
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

/** Counts a transient failure; returns the attempts so far (0 if the message is no longer queued). */
async function countAttempt(id: string, error: string): Promise<number> {
  try {
    const r = await ddb.send(
      new UpdateCommand({
        TableName: tableName('outbox'),
        Key: keys.outbox(id),
        UpdateExpression: 'ADD attempts :one SET lastError = :e',
        ConditionExpression: '#s = :queued',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':e': error, ':queued': 'queued' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(r.Attributes?.attempts ?? 0);
  } catch (e) {
    if (isConditionFailure(e)) return 0;
    throw e;
  }
}

const isPermanent = (e: unknown) =>
  e instanceof PermanentDeliveryError || /^InvalidParameter/.test((e as Error).name ?? '');

/** Deliver one queued message; throws when the delivery should be tried again later. */
export async function deliverMessage(m: OutboxMessage, sender: Sender): Promise<void> {
  const log = { id: m.id, channel: m.channel, to: m.toMasked, template: m.template };
  if ((await currentStatus(m.id)) !== 'queued') return; // done in an earlier try
  try {
    await sender.send(m);
  } catch (e) {
    const error = `${(e as Error).name}: ${(e as Error).message}`.slice(0, 500);
    if (isPermanent(e)) {
      logger.warn('outbox message undeliverable', { ...log, error });
      await mark(m.id, 'failed', error);
      return;
    }
    const attempts = await countAttempt(m.id, error);
    if (attempts >= MAX_ATTEMPTS) {
      logger.error('outbox message failed after retries', { ...log, attempts, error });
      await mark(m.id, 'failed', error);
      return;
    }
    throw e;
  }
  await mark(m.id, 'sent');
  logger.info('outbox message sent', log);
}
