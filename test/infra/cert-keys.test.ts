/** The certificate signing key (infra/constructs/cert-keys.ts): asymmetric, retained, least privilege. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { JWKS_KEY } from '../../functions/lib/cert-signer.js';
import { CERT_SIGNING_ALIAS, CertSigningKey } from '../../infra/constructs/cert-keys.js';
import { JWKS_PATH } from '../../infra/constructs/site.js';
import { buildApp, buildTemplate } from './fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type
type Cfn = any;

function small() {
  const stack = new Stack(new App(), 'Probe');
  const keys = new CertSigningKey(stack, 'CertSigningKey');
  const fn = new LambdaFunction(stack, 'Issuer', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => {}'),
  });
  keys.grantSign(fn);
  return { stack, keys, template: Template.fromStack(stack) };
}

const actionsOf = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('certificate signing key', () => {
  it('R17: is an asymmetric P-256 signing key under its alias, retained, not auto-rotated', () => {
    const { template } = small();
    template.hasResource('AWS::KMS::Key', {
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', EnableKeyRotation: false },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: CERT_SIGNING_ALIAS });
  });

  it('R17: the account administers the key but cannot sign; only a granted function signs (ES256 only)', () => {
    const { template } = small();
    const [key] = Object.values(template.findResources('AWS::KMS::Key')) as Cfn[];
    const statements = key.Properties.KeyPolicy.Statement as Cfn[];
    const root = statements.find((s) => s.Sid === 'AccountAdministersNotSigns');
    expect(actionsOf(root)).not.toContain('kms:*');
    expect(actionsOf(root).some((a) => /^kms:(Sign|\*)/.test(a))).toBe(false);
    const sign = statements.filter((s) => actionsOf(s).includes('kms:Sign'));
    expect(sign).toHaveLength(1);
    expect(sign[0].Principal.AWS['Fn::GetAtt'][0]).toMatch(/^IssuerServiceRole/);
    expect(sign[0].Condition).toEqual({ StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } });
    const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('CertSigningKey'), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'kms:Sign', Resource: keyArn }),
          Match.objectLike({ Action: 'kms:GetPublicKey', Resource: keyArn }),
        ]),
      },
    });
  });

  it('R17: the stack has the key, and only the IssueElectronic step may sign with it; the job worker reads the public key only', () => {
    const { stack, template } = buildTemplate();
    expect(stack.certSigningKey.environment).toHaveProperty('CERT_SIGNING_KEY_ID');
    const keys = Object.values(template.findResources('AWS::KMS::Key')) as Cfn[];
    expect(keys.filter((k) => k.Properties.KeySpec === 'ECC_NIST_P256')).toHaveLength(1);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Cfn[];
    const signers = policies.filter((p) =>
      (p.Properties.PolicyDocument.Statement as Cfn[]).some((s) => actionsOf(s).includes('kms:Sign')),
    );
    const roleOf = (fn: { role?: { node: { defaultChild?: unknown } } }) =>
      Stack.of(stack).getLogicalId(fn.role?.node.defaultChild as never);
    const want = [stack.lifecycle.functions.LifecycleIssueElectronic].map((f) => roleOf(f as never)).sort();
    const rolesOf = (ps: Cfn[]) =>
      ps.map((p) => JSON.stringify(p.Properties.Roles).match(/"Ref":"([^"]+)"/)?.[1]).sort();
    expect(rolesOf(signers)).toEqual(want);
    // the issuance's broadcast job publishes the JWKS (functions/acts/job-runner.ts): the public key, no signing
    const readers = policies.filter((p) =>
      (p.Properties.PolicyDocument.Statement as Cfn[]).some((s) => actionsOf(s).includes('kms:GetPublicKey')),
    );
    expect(rolesOf(readers)).toEqual([...want, roleOf(stack.jobs.worker as never)].sort());
    // the issuance route (POST /api/exams/{examId}/events) neither signs nor publishes the keys any more
    const events = roleOf(stack.api.moduleFunctions.get('exam-events') as never);
    const eventsStatements = policies
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(events))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Cfn[]);
    const onCertKey = (s: Cfn) => JSON.stringify(s.Resource).includes('CertSigningKey');
    expect(eventsStatements.filter(onCertKey)).toEqual([]);
    expect(eventsStatements.filter((s) => JSON.stringify(s.Resource).includes(JWKS_PATH))).toEqual([]);
  });

  it('R25: a function granted to publish the keys writes /.well-known/jwks.json only, and invalidates it', () => {
    expect(JWKS_PATH).toBe(JWKS_KEY);
    const { stack } = buildApp();
    stack.site.grantPublishKeys(stack.jobs.worker);
    const template = Template.fromStack(stack);
    const roleId = Stack.of(stack).getLogicalId(stack.jobs.worker.role?.node.defaultChild as never);
    const statements = (Object.values(template.findResources('AWS::IAM::Policy')) as Cfn[])
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Cfn[]);
    const keys = statements.filter((s) => JSON.stringify(s.Resource).includes(JWKS_PATH));
    expect(keys).toHaveLength(1);
    expect(actionsOf(keys[0]).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(keys[0].Resource)).toContain(`/${JWKS_PATH}"`);
    expect(statements.some((s) => actionsOf(s).includes('cloudfront:CreateInvalidation'))).toBe(true);
  });
});
