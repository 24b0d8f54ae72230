/**
 * The objection rules (R6) in the pure core: which exam a notice id names, the one candidate a number
 * names, what an attachment may be, the per-client limit, and the record and view of an objection.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors.js';
import {
  attachmentKey,
  attachmentProblem,
  candidateNamed,
  clientObjectionProblem,
  examIdOfNotice,
  MAX_ATTACHMENT_BYTES,
  newObjection,
  OBJECTION_LIMITS,
  objectionsBusy,
  objectionView,
} from '../../functions/domain/objections.js';

const thrown = (f: () => unknown): DomainError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
};

const input = {
  candidateNo: 'jzs120260003',
  facts: '该考生报名时填写的工作年限与实际不符。',
  contact: 'someone@example.cn',
};
const NOW = new Date('2026-12-01T02:00:00Z');

describe('objection rules', () => {
  it('R6: a notice id names its exam ({examId}-N{n}); anything else names none', () => {
    expect(examIdOfNotice('JZS1-2026-N1')).toBe('JZS1-2026');
    expect(examIdOfNotice('JZS1-2026-2-N12')).toBe('JZS1-2026-2');
    for (const bad of [
      'JZS1-2026',
      'JZS1-2026-N',
      'JZS1-2026-NX',
      'x-JZS1-2026-N1',
      'JZS1-2026-N1x',
      'AB-N1',
      '',
    ])
      expect(examIdOfNotice(bad)).toBeNull();
  });

  it('R6: the candidate number must name exactly one candidate of the exam: none is a 400 naming candidateNo, two a 409', () => {
    expect(candidateNamed(['a'])).toBe('a');
    const none = thrown(() => candidateNamed([]));
    expect([none.code, none.status, none.message]).toEqual(['VALIDATION', 400, '准考证号不在本次公示名单中']);
    expect(none.details?.fields?.[0]).toEqual({
      field: 'candidateNo',
      message: '准考证号不在本次公示名单中，请核对后重新填写',
    });
    const two = thrown(() => candidateNamed(['a', 'b']));
    expect([two.code, two.status]).toEqual(['CONFLICT', 409]);
    expect(two.details?.fields?.[0]?.field).toBe('candidateNo');
    expect(two.details?.fields?.[0]?.message).toContain('请直接联系核查部门');
    expect(two.message).toContain('多名考生');
  });

  it('R6: an attachment is a PDF, JPG or PNG by content, at most 10 MB; otherwise 415 or 413 naming attachment', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(10 * 1024 * 1024);
    expect(attachmentProblem('pdf', 1)).toBeNull();
    expect(attachmentProblem('png', MAX_ATTACHMENT_BYTES)).toBeNull();
    const big = attachmentProblem('jpg', MAX_ATTACHMENT_BYTES + 1);
    expect([big?.code, big?.status, big?.details?.fields?.[0]?.field]).toEqual([
      'PAYLOAD_TOO_LARGE',
      413,
      'attachment',
    ]);
    const other = attachmentProblem(null, 10);
    expect([other?.code, other?.status, other?.details?.fields?.[0]?.field]).toEqual([
      'UNSUPPORTED_MEDIA_TYPE',
      415,
      'attachment',
    ]);
    expect(attachmentProblem(null, MAX_ATTACHMENT_BYTES + 1)?.code).toBe('PAYLOAD_TOO_LARGE');
    // each says how to put it right
    expect([big?.message, big?.details?.fields?.[0]?.message]).toEqual([
      '附件不能超过10MB',
      '附件不能超过10MB，请压缩后重新选择',
    ]);
    expect([other?.message, other?.details?.fields?.[0]?.message]).toEqual([
      '附件应为PDF、JPG或PNG文件',
      '附件应为PDF、JPG或PNG文件（按文件内容判断）',
    ]);
  });

  it('R6: one client may send 5 objections in a 15-minute window; the 6th is a 429 until the window ends (Retry-After)', () => {
    expect(OBJECTION_LIMITS.client).toEqual({ windowMs: 15 * 60_000, max: 5 });
    const now = Date.parse('2026-12-01T02:00:00Z');
    const windowEnds = now + 90_500;
    expect(clientObjectionProblem({ count: 5, windowEnds }, now)).toBeNull();
    const e = clientObjectionProblem({ count: 6, windowEnds }, now);
    expect([e?.code, e?.status, e?.details?.retryAfterSeconds]).toEqual(['TOO_MANY_REQUESTS', 429, 91]);
    // the time the window ends, in China time
    expect(e?.message).toBe('本设备提交异议的次数过多，请于 10:01（北京时间）后再试');
    const busy = objectionsBusy();
    expect([busy.code, busy.status, busy.details?.retryAfterSeconds]).toEqual(['TOO_MANY_REQUESTS', 429, 5]);
    expect(busy.message).toBe('当前提交异议的人数较多，请稍后再试');
    expect(OBJECTION_LIMITS.overall.ratePerSecond).toBeGreaterThan(0);
  });

  it('R6: the objection as recorded: on its notice and candidate, the number as the list writes it, open, received now; optional parts only when given', () => {
    const o = newObjection({
      objectionId: 'o1',
      notice: { noticeId: 'JZS1-2026-N1', examId: 'JZS1-2026' },
      personId: 'p1',
      input,
      now: NOW,
    });
    expect(o).toEqual({
      objectionId: 'o1',
      noticeId: 'JZS1-2026-N1',
      examId: 'JZS1-2026',
      personId: 'p1',
      candidateNo: 'JZS120260003',
      facts: input.facts,
      contact: input.contact,
      receivedAt: NOW.toISOString(),
      status: 'open',
    });
    const key = attachmentKey('JZS1-2026', 'o2', 'pdf');
    expect(key).toBe('objections/JZS1-2026/o2.pdf');
    const full = newObjection({
      objectionId: 'o2',
      notice: { noticeId: 'JZS1-2026-N1', examId: 'JZS1-2026' },
      personId: 'p1',
      input: { ...input, name: '张某' },
      attachment: { key, type: 'pdf', bytes: 123 },
      now: NOW,
    });
    expect(full).toMatchObject({ name: '张某', attachment: { key, type: 'pdf', bytes: 123 } });
    // staff see the attachment's type and size, not where it is kept
    expect(objectionView(full).attachment).toEqual({ type: 'pdf', mime: 'application/pdf', bytes: 123 });
    expect(JSON.stringify(objectionView(full))).not.toContain('objections/');
    expect(objectionView(o)).toMatchObject({ objectionId: 'o1', contact: input.contact, attachment: null });
  });
});
