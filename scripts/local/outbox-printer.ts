/**
 * Local delivery of the outbox: reads the outbox table's stream from DynamoDB Local and hands the
 * records to the same delivery handler Lambda runs (functions/handlers/outbox-deliver.ts), with a
 * sender that prints each message to the terminal instead of calling SNS.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { tables } from '../../functions/data/tables.js';
import { makeDeliverHandler, type Sender } from '../../functions/handlers/outbox-deliver.js';
import { localClient, physicalName } from './dynamo.js';

/** The terminal sender: masked address, full text (local mode only: codes must be readable here). */
export const terminalSender = (quiet: boolean): Sender => ({
  async send(m) {
    if (!quiet) console.log(`📨 [${m.channel === 'sms' ? '短信' : '邮件'}] → ${m.toMasked}：${m.text}`);
  },
});

export async function startOutboxPrinter(endpoint: string, prefix: string, quiet: boolean) {
  const table = physicalName(tables.outbox, prefix);
  const ddb = localClient(endpoint);
  const streams = new DynamoDBStreamsClient({
    endpoint,
    region: 'cn-local-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deliver = makeDeliverHandler(terminalSender(quiet));
  const arn = (await ddb.send(new DescribeTableCommand({ TableName: table }))).Table?.LatestStreamArn;
  if (!arn) throw new Error(`${table} has no stream`);
  let stopped = false;
  /** per open shard: the last sequence number handled (records are delivered at most once: the update is conditional) */
  const lastSeq = new Map<string, string | undefined>();

  async function openShards() {
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    for (const s of d.StreamDescription?.Shards ?? []) {
      if (s.ShardId && !s.SequenceNumberRange?.EndingSequenceNumber && !lastSeq.has(s.ShardId))
        lastSeq.set(s.ShardId, undefined);
    }
  }

  /**
   * DynamoDB Local rejects the iterator that follows a read of an empty shard, so each poll asks for a
   * fresh iterator after the last record handled (or from the shard's start).
   */
  async function poll(shard: string): Promise<number> {
    const after = lastSeq.get(shard);
    const it = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shard,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    const r = await streams.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
    const records = (r.Records ?? []) as _Record[];
    if (records.length) {
      const event = {
        Records: records.map((x) => ({ ...x, eventSource: 'aws:dynamodb' })),
      } as unknown as DynamoDBStreamEvent;
      await deliver(event);
      lastSeq.set(shard, records.at(-1)?.dynamodb?.SequenceNumber);
    }
    if (!r.NextShardIterator) lastSeq.delete(shard);
    return records.length;
  }

  await openShards();
  const loop = (async () => {
    while (!stopped) {
      let got = 0;
      for (const shard of [...lastSeq.keys()]) {
        got += await poll(shard).catch((e: Error) => {
          if (!/past the oldest/.test(e.message)) console.error('outbox delivery:', e.message);
          return 0;
        });
      }
      if (!lastSeq.size) await openShards().catch(() => undefined);
      if (!got) await new Promise((ok) => setTimeout(ok, 250));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      streams.destroy();
      ddb.destroy();
    },
  };
}
