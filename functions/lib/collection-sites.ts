/**
 * R19, R20: the collection sites (one catalog item per exam and city) and hr's receipt of an exam's
 * transfer register (functions/domain/collection.ts). Items go out without their storage attributes.
 * And a candidate's paper status read from them (here, not in functions/acts/collection.ts, so the
 * candidate detail does not carry the collection acts and their upload URLs).
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { fromItem, keys } from '../data/tables.js';
import type { Candidate } from '../domain/candidate.js';
import { type CollectionSite, paperStatusOf, type TransferReceipt } from '../domain/collection.js';
import type { Phase } from '../domain/lifecycle.js';
import { now } from './clock.js';
import { ddb, tableName } from './db.js';

export async function getSite(examId: string, city: string): Promise<CollectionSite | undefined> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('catalog'), Key: keys.collectionSite(examId, city) }),
  );
  return r.Item ? fromItem<CollectionSite>(r.Item) : undefined;
}

/** The sites of an exam in these cities (one BatchGet per 100 cities; Henan has 18), in the cities' order. */
export async function sitesOf(examId: string, cities: readonly string[]): Promise<CollectionSite[]> {
  const table = tableName('catalog');
  const found = new Map<string, CollectionSite>();
  let left = cities.map((city) => keys.collectionSite(examId, city));
  for (let attempt = 0; left.length; attempt++) {
    if (attempt) await new Promise((ok) => setTimeout(ok, 20 * 2 ** Math.min(attempt, 6)));
    const r = await ddb.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: left.slice(0, 100) } } }),
    );
    for (const i of r.Responses?.[table] ?? []) {
      const s = fromItem<CollectionSite>(i);
      found.set(s.city, s);
    }
    const unprocessed = (r.UnprocessedKeys?.[table]?.Keys ?? []) as typeof left;
    left = [...unprocessed, ...left.slice(100)];
  }
  return cities.flatMap((c) => found.get(c) ?? []);
}

export async function getTransferReceipt(examId: string): Promise<TransferReceipt | undefined> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('catalog'), Key: keys.transferReceipt(examId) }),
  );
  return r.Item ? fromItem<TransferReceipt>(r.Item) : undefined;
}

/**
 * R19, R20: where a candidate's on-site certificate stands (paperStatusOf), with the site and hr's
 * receipt it was read from; the two reads only for a candidate who has such a status.
 */
export async function paperStatusFor(c: Pick<Candidate, 'examId' | 'city' | 'lifecycle'>, phase: Phase) {
  const f = c.lifecycle;
  if (phase !== 'collection' && !f?.collectedAt && !f?.transferListedAt)
    return { status: null, site: undefined, receipt: undefined };
  const [site, receipt] = await Promise.all([getSite(c.examId, c.city), getTransferReceipt(c.examId)]);
  return { status: paperStatusOf(c, phase, site, receipt, now()), site, receipt };
}
