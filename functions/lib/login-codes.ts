/** The auth table: a person's current login code (as a hash) and lockout (A7), a staff username's sign-in guard; expiring by TTL. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
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

/** A username's sign-in guard (local staff sign-in) and its version (0: none stored). */
export async function readGuard(username: string): Promise<{ guard: SignInGuard; version: number }> {
  const r = await ddb.send(
    new GetCommand({ TableName: tableName('auth'), Key: keys.signInGuard(username), ConsistentRead: true }),
  );
  if (!r.Item) return { guard: openGuard, version: 0 };
  return { guard: r.Item.guard as SignInGuard, version: Number(r.Item.version) };
}

/** The guard written over the version it was read at; kept until its lock has run out, then expires. */
export function guardPut(username: string, guard: SignInGuard, version: number, now: number): TxItem {
  const keepUntil = Math.max(guard.lockedUntil, now) + STAFF_LOCK_MS;
  return {
    Put: {
      TableName: tableName('auth'),
      Item: { ...keys.signInGuard(username), guard, version: version + 1, ttl: Math.ceil(keepUntil / 1000) },
      ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
      ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
    },
  };
}
