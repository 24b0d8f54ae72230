/**
 * The bundle bench (bench/bundles.ts) builds what CDK builds: infra/constructs/bundling.ts's
 * `esbuildOptions` turned into an esbuild build gives the very bytes NodejsFunction's own bundling
 * gives for `BUNDLING`; and the bundles resolve credentials from the environment only.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { defaultProvider } from '../../functions/lib/lambda-credentials.js';
import { BUNDLING, esbuildOptions } from '../../infra/constructs/bundling.js';
import { repoRoot } from '../../infra/constructs/functions.js';

const ENTRY = join(repoRoot, 'functions/handlers/staff-token.ts');

describe('Lambda bundles', () => {
  it('the bench builds the same bundle as CDK: esbuildOptions(BUNDLING) gives the bytes NodejsFunction bundles', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cert-workflow-bundling-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Probe');
    new NodejsFunction(stack, 'Fn', {
      entry: ENTRY,
      handler: 'preTokenGeneration',
      runtime: Runtime.NODEJS_24_X,
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      bundling: BUNDLING,
    });
    app.synth();
    const asset = readdirSync(outdir).find((d) => d.startsWith('asset.'));
    expect(asset).toBeDefined();
    const cdk = readFileSync(join(outdir, asset as string, 'index.mjs'));

    const mine = join(outdir, 'bench', 'index.mjs');
    const r = await build(esbuildOptions(BUNDLING, ENTRY, mine, repoRoot));
    expect(readFileSync(mine).equals(cdk)).toBe(true);
    // the SDK's default chain is not in it: only the environment provider (functions/lib/lambda-credentials.ts)
    const inputs = Object.keys(r.metafile.inputs).join('\n');
    expect(inputs).toContain('credential-provider-env');
    expect(inputs).toContain('functions/lib/lambda-credentials.ts');
    for (const gone of [
      'credential-provider-node',
      'credential-provider-sso',
      'credential-provider-ini',
      'nested-clients',
    ])
      expect(inputs).not.toContain(gone);
  });

  it('an option esbuildOptions does not map is an error, not a silent difference from CDK', () => {
    expect(() => esbuildOptions({ ...BUNDLING, keepNames: true }, ENTRY, '/tmp/x.mjs', repoRoot)).toThrow(
      /keepNames/,
    );
    expect(() =>
      esbuildOptions({ ...BUNDLING, esbuildArgs: { '--drop': 'console' } }, ENTRY, '/tmp/x.mjs', repoRoot),
    ).toThrow(/--drop/);
  });

  it("the bundles' credentials are the execution role's, from the environment Lambda sets", async () => {
    const env = { ...process.env };
    try {
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
      });
      const c = await defaultProvider()();
      expect(c).toMatchObject({
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
        sessionToken: 'token',
      });
      delete process.env.AWS_ACCESS_KEY_ID;
      await expect(defaultProvider()()).rejects.toThrow();
    } finally {
      process.env = env;
    }
  });
});
