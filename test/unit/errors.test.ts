/**
 * The project's one error shape `{ error: { code, message, details? } }` and the HTTP status of every
 * error code, as the HTTP adapter answers them.
 */
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode, forbidden, notFound } from '../../functions/domain/errors.js';

describe('DomainError', () => {
  it.each([
    ['VALIDATION', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['DEADLINE_PASSED', 409],
    ['LOCKED', 429],
    ['TOO_MANY_REQUESTS', 429],
    ['INTERNAL', 500],
  ] as const)('%s is answered with HTTP %i', (code: ErrorCode, status) => {
    const e = new DomainError(code, '说明');
    expect(e.status).toBe(status);
    expect(e.code).toBe(code);
  });

  it('is an Error named DomainError carrying its code, message and details', () => {
    const details = { fields: [{ field: 'phone', message: '手机号应为11位数字，以1开头' }] };
    const e = new DomainError('VALIDATION', '手机号应为11位数字，以1开头', details);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.message).toBe('手机号应为11位数字，以1开头');
    expect(e.details).toBe(details);
    expect(String(e)).toBe('DomainError: 手机号应为11位数字，以1开头');
  });

  it('toBody: the one error shape, with details only when there are some', () => {
    const details = { retryAfterSeconds: 60 };
    expect(new DomainError('TOO_MANY_REQUESTS', '请稍后再试', details).toBody()).toEqual({
      error: { code: 'TOO_MANY_REQUESTS', message: '请稍后再试', details: { retryAfterSeconds: 60 } },
    });
    const bare = new DomainError('INTERNAL', '系统繁忙').toBody();
    expect(bare).toEqual({ error: { code: 'INTERNAL', message: '系统繁忙' } });
    expect('details' in bare.error).toBe(false);
    expect(new DomainError('INTERNAL', '系统繁忙').details).toBeUndefined();
  });
});

describe('the common errors', () => {
  it('notFound names what was not found and never says whether it exists (404)', () => {
    const e = notFound('考生记录');
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.status).toBe(404);
    expect(e.message).toBe('考生记录不存在或无权查看');
    expect(e.toBody()).toEqual({ error: { code: 'NOT_FOUND', message: '考生记录不存在或无权查看' } });
  });

  it('forbidden says why, with a default reason (403)', () => {
    const e = forbidden('只有人社厅可以导入节假日安排（T3）');
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('FORBIDDEN');
    expect(e.status).toBe(403);
    expect(e.message).toBe('只有人社厅可以导入节假日安排（T3）');
    expect(forbidden().message).toBe('无权执行此操作');
    expect(forbidden().code).toBe('FORBIDDEN');
  });
});
