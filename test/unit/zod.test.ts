/**
 * The functions' one zod (functions/domain/zod.ts): zod/mini, which loads no locale of its own, answers
 * a check its schema does not word in Chinese, as the schemas word their own messages.
 */
import { describe, expect, it } from 'vitest';
import * as z from '../../functions/domain/zod.js';

const han = /[\u4e00-\u9fff]/;

describe('the functions’ zod', () => {
  it('words the checks a schema leaves unworded in Chinese', () => {
    const r = z.object({ name: z.string().check(z.maxLength(3)) }).safeParse({ name: 'abcd' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(han);
    const missing = z.object({ name: z.string() }).safeParse({});
    expect(missing.error?.issues[0]?.message).toMatch(han);
  });
});
