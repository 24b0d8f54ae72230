/**
 * Certificates in DynamoDB (R17, R25, R14): the sequence counters numbers are drawn from, and the
 * lookup item keyed by the number that the public check reads (one GetItem, no Scan, no partition
 * shared by an exam). The lookup item holds what the check answers and compares — the holder's name,
 * the exam, kind, status, dates and the JWS — and where the record is (exam and person id), so a full
 * ID number an asker gives is compared with the record's without a copy of it here.
 */
import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { CERT_SEQ_SHARDS, fromItem, keys } from '../data/tables.js';
import type { CertificateRecord, CertificateStatus } from '../domain/certificates.js';
import { ddb, type TxItem, tableName } from './db.js';

/** What the public check reads for a number. */
export interface CertificateLookup {
  number: string;
  kind: CertificateRecord['kind'];
  status: CertificateStatus;
  issuedAt: string;
  revokedAt?: string;
  replacedAt?: string;
  /** a reissued (补发) paper certificate */
  reissued?: true;
  signed?: string;
  holderName: string;
  exam: { id: string; name: string };
  personId: string;
}

const shardOf = (personId: string) =>
  (createHash('sha1').update(personId).digest()[0] as number) % CERT_SEQ_SHARDS;

/**
 * R17: the next sequence number of an exam type and year for this person: an atomic ADD on one of
 * CERT_SEQ_SHARDS counters (chosen by the person), the shard in the low digits — so numbers are unique
 * and 60,000 issuances spread over the counters. A number drawn by a step that then fails is skipped
 * (a gap, never a duplicate).
 */
export async function nextCertificateSeq(examType: string, year: number, personId: string): Promise<number> {
  const shard = shardOf(personId);
  const r = await ddb.send(
    new UpdateCommand({
      TableName: tableName('candidates'),
      Key: keys.certificateSeq(examType, year, shard),
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const n = Number(r.Attributes?.n);
  return (n - 1) * CERT_SEQ_SHARDS + shard;
}

/** The lookup item of a new certificate, written once (a number is never reused). */
export function certificateLookupPut(l: CertificateLookup): TxItem {
  return {
    Put: {
      TableName: tableName('candidates'),
      Item: { ...l, ...keys.certificate(l.number) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** R14: the lookup item reads `revoked` from the day the revocation took effect. */
export function certificateLookupRevoke(number: string, on: string): TxItem {
  return {
    Update: {
      TableName: tableName('candidates'),
      Key: keys.certificate(number),
      UpdateExpression: 'SET #s = :revoked, revokedAt = :on',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':revoked': 'revoked', ':on': on },
    },
  };
}

/** A reissue (补发): the old number's lookup item reads `replaced` from that day. */
export function certificateLookupReplace(number: string, on: string): TxItem {
  return {
    Update: {
      TableName: tableName('candidates'),
      Key: keys.certificate(number),
      UpdateExpression: 'SET #s = :replaced, replacedAt = :on',
      ConditionExpression: 'attribute_exists(pk) AND #s = :valid',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':replaced': 'replaced', ':valid': 'valid', ':on': on },
    },
  };
}

/** Whether numbers are on record already (a certificate number is never used twice): the taken ones. */
export async function takenCertificateNumbers(numbers: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < numbers.length; i += 100) {
    let ask: Record<string, unknown>[] | undefined = numbers
      .slice(i, i + 100)
      .map((n) => keys.certificate(n));
    for (let tries = 0; ask?.length && tries < 8; tries++) {
      const r: BatchGetCommandOutput = await ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName('candidates')]: {
              Keys: ask,
              ProjectionExpression: '#n',
              ExpressionAttributeNames: { '#n': 'number' },
            },
          },
        }),
      );
      for (const it of r.Responses?.[tableName('candidates')] ?? []) taken.add(String(it.number));
      ask = r.UnprocessedKeys?.[tableName('candidates')]?.Keys;
    }
  }
  return taken;
}

export async function readCertificateLookup(number: string): Promise<CertificateLookup | undefined> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('candidates'), Key: keys.certificate(number) }),
  );
  return r.Item ? fromItem<CertificateLookup>(r.Item) : undefined;
}
