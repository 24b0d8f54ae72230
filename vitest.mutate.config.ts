import { defineConfig } from 'vitest/config';

/**
 * The unit tests as Stryker runs them (npm run mutate): only the domain core's tests. MUTATION_RUN lets
 * the one test that changes the process time zone step aside (it cannot run inside Stryker's sandbox);
 * it runs in npm test as usual.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: [
      'test/unit/start.test.ts',
      'test/unit/local-stepfunctions.test.ts',
      'test/unit/web-auth.test.ts',
    ],
    env: { TZ: 'Asia/Shanghai', MUTATION_RUN: '1' },
  },
});
