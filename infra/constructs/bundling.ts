/**
 * How every Lambda bundle is built, in one place: `BUNDLING` is what FunctionFactory gives CDK's
 * NodejsFunction, and `esbuildOptions` turns the same object into the esbuild build CDK runs
 * (aws-cdk-lib/aws-lambda-nodejs `Bundling.buildEsbuildArgs`: `esbuild --bundle <entry> --target=…
 * --platform=node --format=… --outfile=…/index.mjs …`), so `npm run bench` (bench/bundles.ts) measures
 * the bundles Lambda gets. An option used in `BUNDLING` that `esbuildOptions` does not map is an error,
 * not a silent difference.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** What the bundles use for `@aws-sdk/credential-provider-node` (see `esbuildArgs` below). */
const LAMBDA_CREDENTIALS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'functions',
  'lib',
  'lambda-credentials.ts',
);

/** Dependencies that still call `require` get one in the ES module output. */
const ESM_BANNER = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/**
 * Node.js 24 as an ES module (`index.mjs`), minified, with a source map that maps files and lines
 * without embedding the sources (a smaller map to load at cold start). The AWS SDK is bundled too, so
 * the versions that ran in the tests are the versions that run in Lambda.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: ESM_BANNER,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  bundleAwsSDK: true,
  esbuildArgs: {
    // Chinese text as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6): the same strings
    '--charset': 'utf8',
    // Lambda gives a function its role's credentials in the environment: the SDK's default chain
    // (SSO, ini files, process, web identity, IMDS, with the STS and SSO clients they need) is never
    // reached there, so bundles resolve credentials from the environment only (lambda-credentials.ts)
    '--alias': `@aws-sdk/credential-provider-node=${LAMBDA_CREDENTIALS}`,
  },
};

const MAPPED = new Set([
  'format',
  'mainFields',
  'banner',
  'target',
  'minify',
  'sourceMap',
  'sourcesContent',
  'bundleAwsSDK',
  'esbuildArgs',
  'externalModules',
  'define',
]);

/**
 * The esbuild build CDK runs for `bundling` (as `BUNDLING`), for an entry and an output file; with
 * `metafile` also asked for (CDK's `metafile` option), so a bundle's contents can be analysed.
 */
export function esbuildOptions(
  bundling: BundlingOptions,
  entry: string,
  outfile: string,
  absWorkingDir: string,
): BuildOptions & { metafile: true } {
  for (const k of Object.keys(bundling)) {
    if (!MAPPED.has(k)) throw new Error(`esbuildOptions: bundling option ${k} is not mapped`);
  }
  // CDK passes esbuildArgs through as CLI flags (`--alias:a=b`, `--charset=utf8`); the ones used here
  const args: Pick<BuildOptions, 'alias' | 'charset'> = {};
  for (const [flag, v] of Object.entries(bundling.esbuildArgs ?? {})) {
    const value = String(v);
    if (flag === '--charset' && value === 'utf8') args.charset = 'utf8';
    else if (flag === '--alias') {
      const [from, to] = value.split('=');
      args.alias = { ...args.alias, [from as string]: to as string };
    } else throw new Error(`esbuildOptions: esbuildArgs ${flag} is not mapped`);
  }
  return {
    absWorkingDir,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    ...(bundling.target ? { target: bundling.target } : {}),
    ...(bundling.format ? { format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs' } : {}),
    outfile,
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    sourcesContent: bundling.sourcesContent ?? true,
    // bundleAwsSDK: nothing is external (CDK's default would be `@aws-sdk/*`)
    external: [...(bundling.externalModules ?? (bundling.bundleAwsSDK ? [] : ['@aws-sdk/*']))],
    ...(bundling.define ? { define: bundling.define } : {}),
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.mainFields ? { mainFields: [...bundling.mainFields] } : {}),
    ...args,
    metafile: true,
    logLevel: 'silent',
  };
}
