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
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deliverMessage, PermanentDeliveryError, type Sender } from '../acts/deliver-message.js';
import type { OutboxMessage } from '../domain/outbox.js';
import { logger } from '../lib/logger.js';

export { MAX_ATTEMPTS, PermanentDeliveryError, type Sender } from '../acts/deliver-message.js';

export function makeDeliverHandler(sender: Sender) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const r of event.Records) {
      if (r.eventName !== 'INSERT' || !r.dynamodb?.NewImage) continue;
      const m = unmarshall(r.dynamodb.NewImage as never) as OutboxMessage;
      if (m.status !== 'queued') continue;
      try {
        await deliverMessage(m, sender);
      } catch (e) {
        // retry from this record: the stream redelivers it and everything after it in the shard
        logger.warn('outbox delivery will be retried', {
          id: m.id,
          to: m.toMasked,
          error: (e as Error).message,
        });
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
