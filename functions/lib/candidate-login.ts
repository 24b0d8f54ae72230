/**
 * Candidate login by ID number + name + a one-time SMS code. The same service runs behind the local
 * login endpoints and behind Cognito's custom-auth triggers on AWS, so the rules (functions/domain/otp.ts)
 * and the stored state are the same in both.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../data/tables.js';
import type { Candidate } from '../domain/candidate.js';
import { sameName } from '../domain/candidate.js';
import { DomainError } from '../domain/errors.js';
import { maskPhone } from '../domain/masking.js';
import {
  emptyOtpState,
  issueCode,
  OTP_DIGITS,
  OTP_LOCK_MS,
  OTP_TTL_MS,
  type OtpState,
  verifyCode,
} from '../domain/otp.js';
import { otpSms, smsMessage } from '../domain/outbox.js';
import { now as clockNow } from './clock.js';
import { ddb, type TxItem, tableName, writeWithAudit } from './db.js';
import { hashOtp, newId, otpCode, personIdOf } from './ids.js';
import { outboxPut } from './outbox.js';

const noMatch = () =>
  new DomainError('NOT_FOUND', '未找到与该身份证号和姓名相符的合格考生记录，请核对后重试', {
    fields: [{ field: 'idNumber', message: '身份证号与姓名不符或不在合格人员名单中' }],
  });

/** The candidate's records (one per exam); the name must match one of them. */
async function recordsFor(idNumber: string): Promise<{ personId: string; records: Candidate[] }> {
  const personId = personIdOf(idNumber);
  const r = await ddb.send(
    new QueryCommand({
      TableName: tableName('candidates'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.candidate(personId, '').pk },
    }),
  );
  return { personId, records: (r.Items ?? []) as Candidate[] };
}

async function readOtp(personId: string): Promise<{ state: OtpState; version: number }> {
  const r = await ddb.send(new GetCommand({ TableName: tableName('auth'), Key: keys.otp(personId) }));
  if (!r.Item) return { state: emptyOtpState, version: 0 };
  const { state, version } = r.Item as { state: OtpState; version: number };
  return { state, version };
}

/** The OTP item written with optimistic locking on its version. */
function otpPut(personId: string, state: OtpState, version: number, now: number): TxItem {
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

/**
 * The passing candidate with this ID number and name: their person id and one matching record; the
 * no-match error (404, field `idNumber`) otherwise. Used by startLogin and by the public identify route,
 * which tells the portal the person id to use as the Cognito username.
 */
export async function identifyCandidate(
  idNumber: string,
  name: string,
): Promise<{ personId: string; record: Candidate }> {
  const { personId, records } = await recordsFor(idNumber);
  const record = records.find((c) => sameName(c.name, name));
  if (!record) throw noMatch();
  return { personId, record };
}

/** Step 1: check ID number + name, send a code to the phone on record. */
export async function startLogin(idNumber: string, name: string, now = clockNow()) {
  const { personId, record: rec } = await identifyCandidate(idNumber, name);
  const { state, version } = await readOtp(personId);
  const code = otpCode(OTP_DIGITS);
  const next = issueCode(state, now.getTime(), code, (c) => hashOtp(personId, c));
  const msg = smsMessage(newId(now), rec.phone, otpSms(code), now, personId);
  await writeWithAudit(
    [otpPut(personId, next, version, now.getTime()), outboxPut(msg)],
    {
      subject: `P#${personId}`,
      action: 'login.codeSent',
      actor: `candidate:${personId}`,
      details: { to: msg.toMasked },
    },
    '请求过于频繁，请稍后再试',
  );
  return { personId, phoneMasked: maskPhone(rec.phone), expiresInSeconds: OTP_TTL_MS / 1000 };
}

/** Step 2: check the code. Returns the person id to put in the token; throws the domain error otherwise. */
export async function verifyLogin(
  idNumber: string,
  code: string,
  now = clockNow(),
): Promise<{ personId: string }> {
  const personId = personIdOf(idNumber);
  const { state, version } = await readOtp(personId);
  if (version === 0)
    throw new DomainError('VALIDATION', '请先获取验证码', {
      fields: [{ field: 'code', message: '请先获取验证码' }],
    });
  // a locked state throws here, before anything is written: the refused attempt changes nothing
  const outcome = verifyCode(state, now.getTime(), hashOtp(personId, code));
  await writeWithAudit([otpPut(personId, outcome.next, version, now.getTime())], {
    subject: `P#${personId}`,
    action: outcome.ok ? 'login.ok' : 'login.wrongCode',
    actor: `candidate:${personId}`,
    details: { failures: outcome.next.failures },
  });
  if (!outcome.ok) throw outcome.error;
  return { personId };
}
