/**
 * The auth table, every item expiring by TTL: candidate sign-in attempts (the code as a hash), the
 * sign-in counters per client and per target, spent single-use tokens and sign-in grants, and a staff
 * username's sign-in guard.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import { openGuard, type SignInGuard, STAFF_LOCK_MS } from '../domain/login.js';
import { OTP_TTL_MS, type SignInAttempt } from '../domain/otp.js';
import { ddb, type TxItem, tableName } from './db.js';

/** A sign-in attempt, read consistently (verify may follow start within a second). */
export async function readAttempt(attemptId: string): Promise<SignInAttempt | undefined> {
  const r = await ddb.send(
    new GetCommand({
      TableName: tableName('auth'),
      Key: keys.signInAttempt(attemptId),
      ConsistentRead: true,
    }),
  );
  if (!r.Item) return undefined;
  const { target, client, codeHash, createdAt, expiresAt, failures, usedAt } = r.Item as SignInAttempt;
  return { target, client, codeHash, createdAt, expiresAt, failures, usedAt };
}

const attemptTtl = (a: SignInAttempt) => Math.ceil((a.expiresAt + OTP_TTL_MS) / 1000);

/** A new attempt, for `transact` (its id is random: it never exists yet). */
export function attemptCreate(attemptId: string, a: SignInAttempt): TxItem {
  return {
    Put: {
      TableName: tableName('auth'),
      Item: { ...keys.signInAttempt(attemptId), ...a, ttl: attemptTtl(a) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * An attempt after a code check, for `transact`, written only if no other check of the same attempt got
 * there first (its failures and use as read): two answers sent together cannot both count as one.
 */
export function attemptUpdate(attemptId: string, before: SignInAttempt, next: SignInAttempt): TxItem {
  return {
    Update: {
      TableName: tableName('auth'),
      Key: keys.signInAttempt(attemptId),
      UpdateExpression: 'SET failures = :f, usedAt = :u',
      ConditionExpression: 'failures = :f0 AND usedAt = :u0',
      ExpressionAttributeValues: {
        ':f': next.failures,
        ':u': next.usedAt,
        ':f0': before.failures,
        ':u0': before.usedAt,
      },
    },
  };
}

/** A fixed-window counter's values. */
export interface WindowCounts {
  starts: number;
  failures: number;
}

const countsOf = (a: Record<string, unknown> | undefined): WindowCounts => ({
  starts: Number(a?.starts ?? 0),
  failures: Number(a?.failures ?? 0),
});

/**
 * Count one more in a fixed-window counter (atomic ADD: requests sent together each count) and answer
 * its values with this one included. The item expires with its window.
 */
export async function countInWindow(
  counter: string,
  windowEnds: number,
  attribute: keyof WindowCounts,
): Promise<WindowCounts> {
  const r = await ddb.send(
    new UpdateCommand({
      TableName: tableName('auth'),
      Key: keys.signInCounter(counter),
      UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
      ExpressionAttributeNames: { '#n': attribute, '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': Math.ceil(windowEnds / 1000) + 60 },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return countsOf(r.Attributes);
}

/** A counter's values without counting (0 when there is none). */
export async function readWindow(counter: string): Promise<WindowCounts> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('auth'), Key: keys.signInCounter(counter), ConsistentRead: true }),
  );
  return countsOf(r.Item);
}

/**
 * Spend a single-use token (a solved challenge's nonce, a sign-in grant) once: true the first time,
 * false ever after, until it expires with `until`.
 */
export async function spendOnce(token: string, until: number, extra: Record<string, unknown> = {}) {
  try {
    await ddb.send(
      new PutCommand({
        TableName: tableName('auth'),
        Item: { ...keys.spent(token), ...extra, ttl: Math.ceil(until / 1000) + 60 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** A one-time grant to sign a person in (written with a successful code check; spent by the token issuer). */
export function grantPut(grantHash: string, personId: string, expiresAt: number): TxItem {
  return {
    Put: {
      TableName: tableName('auth'),
      Item: { ...keys.signInGrant(grantHash), personId, expiresAt, ttl: Math.ceil(expiresAt / 1000) + 60 },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Spend a grant for this person, once, before it expires: true only then. */
export async function spendGrant(grantHash: string, personId: string, now: number): Promise<boolean> {
  try {
    await ddb.send(
      new DeleteCommand({
        TableName: tableName('auth'),
        Key: keys.signInGrant(grantHash),
        ConditionExpression: 'personId = :p AND expiresAt > :now',
        ExpressionAttributeValues: { ':p': personId, ':now': now },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** A username's sign-in guard (local staff sign-in): failures counted, and the lock. */
export async function readGuard(username: string): Promise<SignInGuard> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('auth'), Key: keys.signInGuard(username), ConsistentRead: true }),
  );
  if (!r.Item) return openGuard;
  return { failures: Number(r.Item.failures ?? 0), lockedUntil: Number(r.Item.lockedUntil ?? 0) };
}

const keepUntil = (now: number) => Math.ceil((now + 2 * STAFF_LOCK_MS) / 1000);

/**
 * Count a sign-in attempt before its password is checked, atomically: requests sent at the same time
 * each count, so no batch of guesses gets past the limit. Returns the guard with this attempt counted.
 */
export async function countAttempt(username: string, now: number): Promise<SignInGuard> {
  const counted = (a: Record<string, unknown> | undefined) => ({
    failures: Number(a?.failures ?? 1),
    lockedUntil: Number(a?.lockedUntil ?? 0),
  });
  // a lock that has run out starts the count afresh, in the same atomic step (one request does it)
  try {
    const r = await ddb.send(
      new UpdateCommand({
        TableName: tableName('auth'),
        Key: keys.signInGuard(username),
        UpdateExpression: 'SET failures = :one, lockedUntil = :zero, #ttl = :ttl',
        ConditionExpression: 'lockedUntil > :zero AND lockedUntil <= :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':now': now, ':ttl': keepUntil(now) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return counted(r.Attributes);
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
  }
  const r = await ddb.send(
    new UpdateCommand({
      TableName: tableName('auth'),
      Key: keys.signInGuard(username),
      UpdateExpression:
        'SET failures = if_not_exists(failures, :zero) + :one, lockedUntil = if_not_exists(lockedUntil, :zero), #ttl = :ttl',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':ttl': keepUntil(now) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return counted(r.Attributes);
}

/** Lock a username until `until`. */
export async function lockUsername(username: string, until: number): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: tableName('auth'),
      Key: keys.signInGuard(username),
      UpdateExpression: 'SET lockedUntil = :u, #ttl = :ttl',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':u': until, ':ttl': keepUntil(until) },
    }),
  );
}

/** Start afresh after a right password. */
export async function clearGuard(username: string): Promise<void> {
  await ddb.send(new DeleteCommand({ TableName: tableName('auth'), Key: keys.signInGuard(username) }));
}
