/**
 * The notification outbox: every SMS and e-mail the system sends is first a message here, with its
 * status. The texts themselves are in ./wording.ts, the one place for official wording.
 */
import { maskPhone } from './masking.js';

export type Channel = 'sms' | 'email';
export type MessageStatus = 'queued' | 'sent' | 'failed';

export interface OutboxMessage {
  id: string;
  channel: Channel;
  /** the full address, needed to deliver; shown to staff masked */
  to: string;
  /** masked address for lists and logs (N4) */
  toMasked: string;
  personId?: string;
  template: string;
  text: string;
  status: MessageStatus;
  createdAt: string;
}

export function smsMessage(
  id: string,
  phone: string,
  body: { template: string; text: string },
  now: Date,
  personId?: string,
): OutboxMessage {
  return {
    id,
    channel: 'sms',
    to: phone,
    toMasked: maskPhone(phone),
    ...(personId ? { personId } : {}),
    template: body.template,
    text: body.text,
    status: 'queued',
    createdAt: now.toISOString(),
  };
}

/**
 * A message as staff see it in the outbox list: the address masked (N4), and a login code hidden —
 * nobody but the candidate may read it. Local mode shows codes, since there the console stands in for
 * the phone.
 */
export function staffMessageView(m: OutboxMessage, showLoginCodes: boolean) {
  const { to: _to, ...rest } = m;
  return m.template === 'otp' && !showLoginCodes
    ? { ...rest, text: rest.text.replace(/\d{6}/g, '******') }
    : rest;
}
