import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test projects: unit (pure domain core), integration (handlers against DynamoDB Local, started once by
 * the global setup), infra (CDK Template assertions + cdk-nag), e2e (Chromium against the local server).
 */
export default defineConfig({
  test: {
    // at least two test files at once, even on 2 cores (vitest's default there is one): a file spends most
    // of its time waiting on DynamoDB Local or Chromium, and each file has its own tables and data folder
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: { TZ: process.env.TZ ?? 'Asia/Shanghai' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/workflow/**/*.test.ts'],
          globalSetup: ['test/support/dynamo-global.ts'],
          setupFiles: ['test/support/env-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/dynamo-global.ts', 'test/support/browser-global.ts'],
          setupFiles: ['test/support/env-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
