/**
 * The site config the web reads at run time (/config.json, web/auth.ts) is part of the site's
 * BucketDeployment, with the user pool id and both app client ids filled in by CloudFormation at deploy
 * time; the CSP lets the pages call that region's Cognito endpoint; the staff client allows the
 * USER_PASSWORD_AUTH flow the console uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_CONFIG_KEY } from '../../infra/constructs/site.js';
import type { CertWorkflowStack } from '../../infra/stack.js';
import { buildApp, logicalId } from './fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type
type Cfn = any;

let stack: CertWorkflowStack;
let resources: Record<string, { Type: string; Properties: Record<string, Cfn> }>;
let outdir: string;

beforeAll(() => {
  const built = buildApp();
  stack = built.stack;
  outdir = built.outdir;
  resources = Template.fromStack(stack).toJSON().Resources;
});

const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

/** config.json as the deployment will write it: each deploy-time marker replaced by what it resolves to. */
function deployedConfig(): { config: Record<string, unknown>; raw: string } {
  const [deployment] = ofType('Custom::CDKBucketDeployment');
  const keys = deployment?.Properties.SourceObjectKeys as string[];
  const markers = deployment?.Properties.SourceMarkers as Record<string, unknown>[];
  for (const [i, key] of keys.entries()) {
    let raw: string;
    try {
      raw = readFileSync(join(outdir, `asset.${key.replace(/\.zip$/, '')}`, SITE_CONFIG_KEY), 'utf8');
    } catch {
      continue;
    }
    for (const [marker, value] of Object.entries(markers[i] ?? {})) {
      raw = raw.replaceAll(marker, `{${JSON.stringify(value).replace(/"/g, "'")}}`);
    }
    return { config: JSON.parse(raw) as Record<string, unknown>, raw };
  }
  throw new Error(`${SITE_CONFIG_KEY} is not in any source of the site deployment`);
}

const ref = (id: string) => `{{'Ref':'${id}'}}`;

describe('site config (/config.json)', () => {
  it('is deployed with the site, naming the user pool and both app clients, resolved at deploy time', () => {
    const { config } = deployedConfig();
    expect(config).toEqual({
      auth: 'cognito',
      region: `{{'Ref':'AWS::Region'}}`,
      userPoolId: ref(logicalId(stack.auth.userPool)),
      staffClientId: ref(logicalId(stack.auth.staffClient)),
      endpoint: `https://cognito-idp.{{'Ref':'AWS::Region'}}.{{'Ref':'AWS::URLSuffix'}}/`,
    });
  });

  it('is written next to the web build by the deployment that invalidates the distribution', () => {
    const [deployment] = ofType('Custom::CDKBucketDeployment');
    expect(deployment?.Properties.DistributionPaths).toEqual(['/*']);
    expect(deployment?.Properties.SourceObjectKeys).toHaveLength(2);
  });

  it("lets the pages call the region's Cognito endpoint (CSP connect-src)", () => {
    const [policy] = ofType('AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(
      policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy,
    );
    expect(csp).toContain("connect-src 'self' https://cognito-idp.");
    expect(csp).toContain('{"Ref":"AWS::Region"}');
    expect(csp).toContain('{"Ref":"AWS::URLSuffix"}');
  });

  it('lets the console PUT a big list to the files bucket (CSP connect-src names its regional domain)', () => {
    const [policy] = ofType('AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(
      policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy,
    );
    expect(csp).toContain(logicalId(stack.files.bucket));
    expect(csp).toContain('RegionalDomainName');
  });

  it('lets the staff client sign in with USER_PASSWORD_AUTH (the console) and SRP', () => {
    const staff = resources[logicalId(stack.auth.staffClient)];
    expect([...(staff?.Properties.ExplicitAuthFlows ?? [])].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
  });
});
