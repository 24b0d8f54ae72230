/**
 * Outbox delivery: the outbox table's stream (new items only) → send each queued message → mark it
 * `sent` or `failed` with a conditional update. The sender is the edge: SNS SMS on AWS
 * (`snsSender`), the terminal in local mode (scripts/local/outbox-printer.ts).
 *
 * Failure handling, in order:
 * - a permanent failure (invalid number, a channel that is not wired) marks the message `failed` at once;
 * - a transient failure counts an attempt on the item and is reported as a batch item failure, so the
 *   stream retries from that record; after MAX_ATTEMPTS the message is marked `failed`;
 * - a record whose processing itself keeps failing (e.g. DynamoDB unreachable) ends, after the event
 *   source's retries, in the on-failure SQS queue, which has an alarm (infra/constructs/outbox.ts).
 * A retried batch re-reads each item first and skips anything no longer `queued`, so nothing is sent twice.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { keys } from '../data/tables.js';
import type { OutboxMessage } from '../domain/outbox.js';
import { now } from '../lib/clock.js';
import { ddb, tableName } from '../lib/db.js';
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

const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

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

export function makeDeliverHandler(sender: Sender) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const r of event.Records) {
      if (r.eventName !== 'INSERT' || !r.dynamodb?.NewImage) continue;
      const m = unmarshall(r.dynamodb.NewImage as never) as OutboxMessage;
      if (m.status !== 'queued') continue;
      const log = { id: m.id, channel: m.channel, to: m.toMasked, template: m.template };
      try {
        if ((await currentStatus(m.id)) !== 'queued') continue; // done in an earlier try of this batch
        try {
          await sender.send(m);
        } catch (e) {
          const error = `${(e as Error).name}: ${(e as Error).message}`.slice(0, 500);
          if (isPermanent(e)) {
            logger.warn('outbox message undeliverable', { ...log, error });
            await mark(m.id, 'failed', error);
            continue;
          }
          const attempts = await countAttempt(m.id, error);
          if (attempts >= MAX_ATTEMPTS) {
            logger.error('outbox message failed after retries', { ...log, attempts, error });
            await mark(m.id, 'failed', error);
            continue;
          }
          throw e;
        }
        await mark(m.id, 'sent');
        logger.info('outbox message sent', log);
      } catch (e) {
        // retry from this record: the stream redelivers it and everything after it in the shard
        logger.warn('outbox delivery will be retried', { ...log, error: (e as Error).message });
        return { batchItemFailures: [{ itemIdentifier: r.dynamodb.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

let sns: SNSClient | undefined;

/** Mainland mobile numbers are stored without the country code. */
export const e164 = (to: string) => (to.startsWith('+') ? to : `+86${to}`);

/** SMS through SNS as transactional messages (login codes, deadlines). E-mail (SES) is not wired on AWS. */
export const snsSender: Sender = {
  async send(m) {
    if (m.channel !== 'sms')
      throw new PermanentDeliveryError(`channel ${m.channel} is not delivered on AWS yet`);
    sns ??= new SNSClient({});
    await sns.send(
      new PublishCommand({
        PhoneNumber: e164(m.to),
        Message: m.text,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
  },
};

export const handler = makeDeliverHandler(snsSender);
