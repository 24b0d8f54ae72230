/**
 * What the CDK app and the infra tests share: the stack's name and the context in cdk.json (the
 * feature flags), so a test synthesizes with the same flags as `cdk synth`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './constructs/functions.js';

export const STACK_NAME = 'CertWorkflow';

/** The `context` block of cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}
