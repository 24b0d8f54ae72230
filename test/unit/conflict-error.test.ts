/**
 * ConflictError: a write that lost a race (the one error the state machine's tasks retry).
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError } from '../../functions/domain/errors.js';

describe('ConflictError', () => {
  it('ConflictError: a write that lost a race is a CONFLICT (409) DomainError, recognisable by its class', () => {
    const e = new ConflictError();
    expect(e).toBeInstanceOf(ConflictError);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.name).toBe('ConflictError');
    expect(e.code).toBe('CONFLICT');
    expect(e.status).toBe(409);
    expect(e.message).toBe('记录已被他人修改，请刷新后重试');
    expect(e.toBody()).toEqual({ error: { code: 'CONFLICT', message: '记录已被他人修改，请刷新后重试' } });
    const named = new ConflictError('考生记录已被他人修改');
    expect(named.message).toBe('考生记录已被他人修改');
    expect(named.code).toBe('CONFLICT');
    // a plain CONFLICT (a refusal by a rule) is not a ConflictError and is not retried
    expect(new DomainError('CONFLICT', '状态不允许此操作')).not.toBeInstanceOf(ConflictError);
  });
});
