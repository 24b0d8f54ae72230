/**
 * Where an import's files go in the files store, and the one-import-at-a-time lock of an exam: apart
 * from ./imports.ts (which reads spreadsheets) so that acts needing only these (materials, collection)
 * do not carry the spreadsheet libraries.
 */
import { keys } from '../data/tables.js';
import type { ImportFormat } from '../domain/imports.js';
import { type TxItem, tableName } from '../lib/db.js';

export const sourceKey = (importId: string, format: ImportFormat) => `imports/${importId}/source.${format}`;
/** the rows as CSV: the source itself, or what an XLSX was turned into */
export const rowsKey = (importId: string, format: ImportFormat) =>
  format === 'csv' ? sourceKey(importId, 'csv') : `imports/${importId}/rows.csv`;
export const errorsPrefix = (importId: string) => `imports/${importId}/errors`;
/** One step's row (or file) errors: a step run again writes the same file again. */
export const errorsKey = (importId: string, seq: number) =>
  `${errorsPrefix(importId)}/${String(seq).padStart(8, '0')}.json`;

/** A lock left by an import that never ended (its job abandoned) lapses after this long. */
const LOCK_MS = 6 * 60 * 60_000;

/**
 * One import at a time per exam: taken with the import's start, released in its last step. So the
 * new candidates of a step may be written by BatchWriteItem (no condition): no other import can make
 * the same person's record meanwhile, and nothing else creates candidate records.
 */
export function lockTake(examId: string, importId: string, at: number): TxItem {
  return {
    Put: {
      TableName: tableName('jobs'),
      Item: {
        ...keys.importLock(examId),
        importId,
        until: at + LOCK_MS,
        ttl: Math.ceil((at + LOCK_MS) / 1000),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR importId = :me OR #until < :now',
      ExpressionAttributeNames: { '#until': 'until' },
      ExpressionAttributeValues: { ':me': importId, ':now': at },
    },
  };
}
export function lockRelease(examId: string, importId: string): TxItem {
  return {
    Delete: {
      TableName: tableName('jobs'),
      Key: keys.importLock(examId),
      ConditionExpression: 'attribute_not_exists(pk) OR importId = :me',
      ExpressionAttributeValues: { ':me': importId },
    },
  };
}

/** How long an upload URL may be used. */
export const UPLOAD_URL_SECONDS = 15 * 60;
