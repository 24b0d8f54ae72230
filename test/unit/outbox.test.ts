/**
 * The notification outbox (functions/domain/outbox.ts): every SMS is first a queued message with the
 * address masked for lists (N4); staff see it without the address, and a login code hidden outside local
 * mode.
 */
import { describe, expect, it } from 'vitest';
import { smsMessage, staffMessageView } from '../../functions/domain/outbox.js';
import { notices } from '../../functions/domain/wording.js';

const now = new Date('2026-01-05T01:00:00Z');

describe('smsMessage', () => {
  it('N4: a new SMS is queued with the full address for delivery and the masked one for lists', () => {
    expect(smsMessage('m1', '13812341234', notices.dispatched('EA123456789CN'), now, 'p-0001')).toEqual({
      id: 'm1',
      channel: 'sms',
      to: '13812341234',
      toMasked: '138****1234',
      personId: 'p-0001',
      template: 'dispatched',
      text: '【河南省人社厅】您的证书已由中国邮政寄出，运单号 EA123456789CN，邮费到付。',
      status: 'queued',
      createdAt: '2026-01-05T01:00:00.000Z',
    });
  });

  it('a message to nobody in particular (a login code) carries no person id at all', () => {
    const m = smsMessage('m2', '13900000000', notices.otp('123456'), now);
    expect('personId' in m).toBe(false);
    expect(m.toMasked).toBe('139****0000');
    expect(m.template).toBe('otp');
  });
});

describe('staffMessageView (N4)', () => {
  it('N4: staff never see the full address; a login code is hidden as ******', () => {
    const m = smsMessage('m3', '13912345678', notices.otp('654321'), now, 'p-0002');
    const v = staffMessageView(m, false);
    expect('to' in v).toBe(false);
    expect(JSON.stringify(v)).not.toContain('13912345678');
    expect(v).toEqual({
      id: 'm3',
      channel: 'sms',
      toMasked: '139****5678',
      personId: 'p-0002',
      template: 'otp',
      text: '【河南省人社厅】您的登录验证码为 ******，5分钟内有效。请勿告诉他人。',
      status: 'queued',
      createdAt: '2026-01-05T01:00:00.000Z',
    });
  });

  it('local mode shows the login code, since the console stands in for the phone; still no address', () => {
    const v = staffMessageView(smsMessage('m4', '13912345678', notices.otp('654321'), now), true);
    expect(v.text).toBe('【河南省人社厅】您的登录验证码为 654321，5分钟内有效。请勿告诉他人。');
    expect('to' in v).toBe(false);
  });

  it('R24: other messages are shown to hr as sent, digits and all (a tracking number is not a login code)', () => {
    const m = smsMessage('m5', '13812341234', notices.dispatched('123456789012'), now, 'p-0003');
    const v = staffMessageView(m, false);
    expect(v.text).toBe('【河南省人社厅】您的证书已由中国邮政寄出，运单号 123456789012，邮费到付。');
    expect(v.toMasked).toBe('138****1234');
  });
});
