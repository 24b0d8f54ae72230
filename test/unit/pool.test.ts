import { describe, expect, it } from 'vitest';
import { mapPooled } from '../../functions/lib/pool.js';

describe('mapPooled', () => {
  it('runs at most `size` calls at once and answers in the items’ order', async () => {
    let running = 0;
    let most = 0;
    const out = await mapPooled([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((ok) => setTimeout(ok, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
    expect(await mapPooled([], 4, async (n: number) => n)).toEqual([]);
  });
});
