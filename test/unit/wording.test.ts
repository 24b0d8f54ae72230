/**
 * The official wording of every SMS (functions/domain/wording.ts). The texts are the file's content, so
 * each is pinned here in full: a change of wording shows up as a change of this test, next to the text a
 * reviewer approves. Every text starts with the sender's signature; deadlines are shown as their last day
 * and "24:00（北京时间）" (T4).
 */
import { describe, expect, it } from 'vitest';
import { candidateStatuses } from '../../functions/domain/candidate.js';
import { deadlineText, notices, SIGNATURE, statusWords } from '../../functions/domain/wording.js';

/** R11's deadline of the worked schedule: last day Monday 2024-11-25, stored as the next day 00:00 +08:00. */
const NOV_25 = '2024-11-26T00:00:00+08:00';

describe('deadlines in messages (T4)', () => {
  it('T4: a deadline is shown as its last day, "YYYY年M月D日 24:00（北京时间）"', () => {
    expect(deadlineText(NOV_25)).toBe('2024年11月25日 24:00（北京时间）');
    expect(deadlineText('2024-10-09T00:00:00+08:00')).toBe('2024年10月8日 24:00（北京时间）');
  });

  it('T1, T4: the last day is read in China time, whatever offset the instant is written with', () => {
    expect(deadlineText('2024-12-31T16:00:00.000Z')).toBe('2024年12月31日 24:00（北京时间）');
    expect(deadlineText('2025-01-01T00:00:00+08:00')).toBe('2024年12月31日 24:00（北京时间）');
  });
});

describe('status words (UI: status as words, never colour alone)', () => {
  it('every status has its word', () => {
    expect(statusWords).toEqual({
      verifying: '核查中',
      qualified: '合格',
      unqualified: '不合格',
      pending: '报考条件待核查',
      forfeited: '已放弃',
      revoked: '已撤销',
    });
    expect(Object.keys(statusWords).sort()).toEqual([...candidateStatuses].sort());
  });
});

describe('the messages', () => {
  it('every message starts with the signature 【河南省人社厅】 and carries its template key', () => {
    expect(SIGNATURE).toBe('【河南省人社厅】');
    const all = [
      notices.otp('123456'),
      notices.forfeited(NOV_25),
      notices.bookingClosed(),
      notices.reminder('booking', NOV_25),
      notices.result('qualified', NOV_25),
      notices.supplementaryResult('qualified'),
      notices.appealUpheld(),
      notices.appealRejected(),
      notices.eCert(),
      notices.collectOnSite(NOV_25),
      notices.dispatched('EA123456789CN'),
      notices.deliveryFailed(),
    ];
    for (const n of all) expect(n.text.startsWith('【河南省人社厅】')).toBe(true);
    expect(all.map((n) => n.template)).toEqual([
      'otp',
      'forfeited',
      'bookingClosed',
      'reminder.booking',
      'result',
      'supplementaryResult',
      'appealUpheld',
      'appealRejected',
      'eCert',
      'collectOnSite',
      'dispatched',
      'deliveryFailed',
    ]);
  });

  it('the login code is inserted into its message', () => {
    expect(notices.otp('654321')).toEqual({
      template: 'otp',
      text: '【河南省人社厅】您的登录验证码为 654321，5分钟内有效。请勿告诉他人。',
    });
  });

  it('R12: a pending candidate who missed supplementary verification is told it is forfeited, with the deadline', () => {
    expect(notices.forfeited(NOV_25).text).toBe(
      '【河南省人社厅】您未在补充资格核查截止时间（2024年11月25日 24:00（北京时间））前参加核查，按规定视为放弃考试资格。',
    );
  });

  it('R18, R19: when mail booking closes the certificate is handed out on site', () => {
    expect(notices.bookingClosed().text).toBe(
      '【河南省人社厅】证书邮寄预约已截止，您的证书将现场发放，领取时间地点另行通知。',
    );
  });

  it('R11, R12, R18, R19: a reminder names what to do by when, per phase', () => {
    const text = (phase: string) => notices.reminder(phase, NOV_25).text;
    const deadline = '2024年11月25日 24:00（北京时间）';
    expect(text('supplementary')).toBe(
      `【河南省人社厅】提醒：请于${deadline}前参加补充资格核查（上传证明材料），逾期不再受理。`,
    );
    expect(text('appeal')).toBe(`【河南省人社厅】提醒：请于${deadline}前提出申辩，逾期不再受理。`);
    expect(text('booking')).toBe(`【河南省人社厅】提醒：请于${deadline}前预约证书邮寄，逾期不再受理。`);
    expect(text('collection')).toBe(`【河南省人社厅】提醒：请于${deadline}前现场领取证书，逾期不再受理。`);
    expect(text('dispatch')).toBe(`【河南省人社厅】提醒：请于${deadline}前办理，逾期不再受理。`);
    expect(notices.reminder('appeal', NOV_25).template).toBe('reminder.appeal');
  });

  it('R9, R10, R11: the result says what the candidate can do next, with the deadline', () => {
    const text = (status: Parameters<typeof notices.result>[0]) => notices.result(status, NOV_25).text;
    expect(text('qualified')).toBe('【河南省人社厅】您的考后资格核查结果已公告：核查合格。');
    expect(text('unqualified')).toBe(
      '【河南省人社厅】您的考后资格核查结果已公告：核查不合格，如有异议可于2024年11月25日 24:00（北京时间）前提出申辩。',
    );
    expect(text('pending')).toBe(
      '【河南省人社厅】您的考后资格核查结果已公告：报考条件待核查，请于2024年11月25日 24:00（北京时间）前参加补充资格核查，逾期视为放弃考试资格。',
    );
    // any other status is given in words
    expect(text('revoked')).toBe('【河南省人社厅】您的考后资格核查结果已公告：已撤销。');
    expect(text('verifying')).toBe('【河南省人社厅】您的考后资格核查结果已公告：核查中。');
  });

  it('R13: the supplementary result is given in status words', () => {
    expect(notices.supplementaryResult('qualified').text).toBe(
      '【河南省人社厅】您的补充资格核查结果已公告：合格。',
    );
    expect(notices.supplementaryResult('unqualified').text).toBe(
      '【河南省人社厅】您的补充资格核查结果已公告：不合格。',
    );
    expect(notices.supplementaryResult('forfeited').text).toBe(
      '【河南省人社厅】您的补充资格核查结果已公告：已放弃。',
    );
  });

  it('R10: an appeal upheld or rejected', () => {
    expect(notices.appealUpheld().text).toBe('【河南省人社厅】您的申辩已核实成立，核查结论改为合格。');
    expect(notices.appealRejected().text).toBe('【河南省人社厅】您的申辩经复核不成立，维持核查不合格结论。');
  });

  it('R17: the electronic certificate is issued', () => {
    expect(notices.eCert().text).toBe('【河南省人社厅】您的电子证书已签发，可登录考生服务查看和下载。');
  });

  it('N3, R19, R20: collection on site names the end of custody', () => {
    expect(notices.collectOnSite('2029-09-11T00:00:00+08:00').text).toBe(
      '【河南省人社厅】您的证书已到，请携带身份证到现场领取，保管期至2029年9月10日 24:00（北京时间）。',
    );
  });

  it('R18: a dispatched certificate names its China Post tracking number and postage on delivery', () => {
    expect(notices.dispatched('EA123456789CN').text).toBe(
      '【河南省人社厅】您的证书已由中国邮政寄出，运单号 EA123456789CN，邮费到付。',
    );
  });

  it('R19: a certificate that failed delivery twice goes to on-site collection', () => {
    expect(notices.deliveryFailed().text).toBe('【河南省人社厅】您的证书两次投递未成功，已转为现场领取。');
  });
});
