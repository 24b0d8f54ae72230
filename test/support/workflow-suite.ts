/**
 * One workflow test file's harness (./workflow.ts) on its virtual clock: made before the tests, and after
 * each test the work settled and no execution failed — but those the file means to fail.
 */
import { afterEach, beforeAll, expect, inject } from 'vitest';
import { type Harness, workflowHarness } from './workflow.js';

/**
 * The harness the tests use as `h` (made in beforeAll, at `startLocalIso` China time; read only inside
 * tests and hooks). `expectedFailures`: names of executions a test fails on purpose.
 */
export function workflowSuite(
  startLocalIso = '2025-03-10T10:00:00',
  expectedFailures: ReadonlySet<string> = new Set(),
): Harness {
  let made: Harness | undefined;
  const harness = () => {
    if (!made) throw new Error('the workflow harness is made before the tests');
    return made;
  };
  // a test may also replace a part (`h.runner = restarted`): set on the harness itself
  const h = new Proxy({} as Harness, {
    get: (_, key) => Reflect.get(harness(), key),
    set: (_, key, value) => Reflect.set(harness(), key, value),
  });
  beforeAll(async () => {
    made = await workflowHarness(startLocalIso, inject('dynamoEndpoint'));
  });
  afterEach(async () => {
    await h.settle();
    const failed = h.runner.list({ status: 'FAILED' }).filter((e) => !expectedFailures.has(e.name));
    expect(failed.map((e) => `${e.name}: ${e.error} ${e.cause ?? ''}`)).toEqual([]);
  });
  return h;
}
