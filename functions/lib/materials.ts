/**
 * A candidate's materials for an exam (functions/domain/materials.ts): items `M#{examId}#{materialId}`
 * in the person's partition of the candidates table, beside their exam record, so one Query reads them
 * all. Items go out without their storage attributes.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import type { Material } from '../domain/materials.js';
import { ddb, tableName } from './db.js';

/** Every material of a person for an exam, oldest first (material ids sort by their import, then entry). */
export async function materialsOf(personId: string, examId: string): Promise<Material[]> {
  const out: Material[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('candidates'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
        ExpressionAttributeValues: {
          ':pk': keys.material(personId, examId, '').pk,
          ':m': keys.material(personId, examId, '').sk,
        },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of r.Items ?? []) out.push(fromItem<Material>(i));
    start = r.LastEvaluatedKey;
  } while (start);
  return out.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || (a.entry ?? 0) - (b.entry ?? 0));
}

export async function readMaterial(
  personId: string,
  examId: string,
  materialId: string,
): Promise<Material | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('candidates'),
      Key: keys.material(personId, examId, materialId),
      ConsistentRead: true,
    }),
  );
  return r.Item ? fromItem<Material>(r.Item) : undefined;
}

/**
 * Record a material once: false if its id is there already (the same entry, attached by a step that
 * ran before), so a step run twice writes it once.
 */
export async function putMaterialOnce(m: Material): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName('candidates'),
        Item: { ...m, ...keys.material(m.personId, m.examId, m.materialId) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** An upload URL handed to a candidate (R23): what it is for, and what became of its file. */
export interface MaterialUpload {
  personId: string;
  examId: string;
  materialId: string;
  name: string;
  type: Material['type'];
  /** the size the candidate announced */
  bytes: number;
  state: 'awaiting' | 'recorded' | 'refused';
  /** why the file was refused (it was deleted) */
  message?: string;
  createdAt: string;
  expiresAt: number;
  arrivedAt?: string;
  /** R19: an upload by staff at the counter (a proxy's authorisation letter), not the candidate's own */
  source?: 'staff';
}

/** Every upload URL handed to the person for the exam, oldest first. */
export async function uploadsOf(personId: string, examId: string): Promise<MaterialUpload[]> {
  const out: MaterialUpload[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const k = keys.materialUpload(personId, examId, '');
    const r = await ddb.send(
      new QueryCommand({
        TableName: tableName('candidates'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
        ExpressionAttributeValues: { ':pk': k.pk, ':m': k.sk },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of r.Items ?? []) out.push(fromItem<MaterialUpload>(i));
    start = r.LastEvaluatedKey;
  } while (start);
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function readUpload(
  personId: string,
  examId: string,
  materialId: string,
): Promise<MaterialUpload | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('candidates'),
      Key: keys.materialUpload(personId, examId, materialId),
      ConsistentRead: true,
    }),
  );
  return r.Item ? fromItem<MaterialUpload>(r.Item) : undefined;
}

/** The upload's item as written (with its key). */
export function uploadItem(u: MaterialUpload): Record<string, unknown> {
  return { ...u, ...keys.materialUpload(u.personId, u.examId, u.materialId) };
}
