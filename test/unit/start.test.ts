import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';

it('npm start without Java explains in one line what to install, without a stack trace', () => {
  // only Node on the PATH: no java
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: dirname(process.execPath) },
    timeout: 30_000,
  });
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/Java 17/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
