/** The auth table: a person's current login code (as a hash) and lockout (A7), a staff username's sign-in guard; expiring by TTL. */
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import { openGuard, type SignInGuard, STAFF_LOCK_MS } from '../domain/login.js';
import { emptyOtpState, OTP_LOCK_MS, OTP_TTL_MS, type OtpState } from '../domain/otp.js';
import { ddb, type TxItem, tableName } from './db.js';

export async function readOtp(personId: string): Promise<{ state: OtpState; version: number }> {
  const r = await ddb.send(new GetCommand({ TableName: tableName('auth'), Key: keys.otp(personId) }));
  if (!r.Item) return { state: emptyOtpState, version: 0 };
  const { state, version } = r.Item as { state: OtpState; version: number };
  return { state, version };
}

/** The OTP item written with optimistic locking on its version, for `transact`. */
export function otpPut(personId: string, state: OtpState, version: number, now: number): TxItem {
  const keepUntil = Math.max(state.expiresAt, state.lockedUntil, now + OTP_LOCK_MS) + OTP_TTL_MS;
  return {
    Put: {
      TableName: tableName('auth'),
      Item: { ...keys.otp(personId), state, version: version + 1, ttl: Math.ceil(keepUntil / 1000) },
      ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
      ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
    },
  };
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
