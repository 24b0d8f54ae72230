/**
 * Issue 14 §4–6 on the synthesized stacks: the CloudFront WAF web ACL (the us-east-1 edge stack and its
 * attachment to the main stack's distribution), origin protection (the secret header, the execute-api
 * endpoint behind a custom domain), the personal-data KMS key, the alarms and dashboard, and the
 * lifecycle definition checked by asl-validator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableList } from '../../functions/data/tables.js';
import { ORIGIN_VERIFY_ENV, ORIGIN_VERIFY_HEADER } from '../../functions/lib/origin.js';
import { routes } from '../../functions/routes.js';
import { repoRoot } from '../../infra/constructs/functions.js';
import { OPS_THRESHOLDS, STALLED_JOB_MESSAGE } from '../../infra/constructs/ops.js';
import { JWKS_PATH } from '../../infra/constructs/site.js';
import {
  EDGE_RATE_LIMITS,
  EDGE_REGION,
  type EdgeStack,
  MANAGED_RULE_GROUPS,
  WEB_ACL_PARAMETER,
} from '../../infra/edge-stack.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../../infra/security-headers.js';
import type { CertWorkflowStack } from '../../infra/stack.js';
import { buildApp, logicalId } from './fixture.js';

// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type
type Cfn = any;
type Resource = { Type: string; Properties: Record<string, Cfn>; DeletionPolicy?: string };

let stack: CertWorkflowStack;
let edge: EdgeStack;
let resources: Record<string, Resource>;
let edgeResources: Record<string, Resource>;

beforeAll(() => {
  const built = buildApp();
  stack = built.stack;
  if (!built.edge) throw new Error('no edge stack');
  edge = built.edge;
  resources = Template.fromStack(stack).toJSON().Resources;
  edgeResources = Template.fromStack(edge).toJSON().Resources;
});

const ofType = (rs: Record<string, Resource>, type: string) =>
  Object.entries(rs).filter(([, r]) => r.Type === type);
const distributionConfig = (rs: Record<string, Resource>) =>
  (ofType(rs, 'AWS::CloudFront::Distribution')[0] as [string, Resource])[1].Properties.DistributionConfig;
const actionsOf = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
function statementsOfRole(rs: Record<string, Resource>, roleId: string): Cfn[] {
  return ofType(rs, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

describe('the WAF web ACL (edge stack, us-east-1)', () => {
  const rules = () => {
    const acls = ofType(edgeResources, 'AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    return (acls[0] as [string, Resource])[1].Properties.Rules as Cfn[];
  };

  it('is a second stack pinned to us-east-1 with a CLOUDFRONT-scope ACL that allows by default', () => {
    expect(edge.region).toBe(EDGE_REGION);
    expect(EDGE_REGION).toBe('us-east-1');
    const [, acl] = ofType(edgeResources, 'AWS::WAFv2::WebACL')[0] as [string, Resource];
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    // the main stack is deployed after it (it reads the ARN the edge stack publishes)
    expect(stack.dependencies.map((d) => d.stackName)).toContain(edge.stackName);
  });

  it('rate-limits per viewer address the sign-in, the objections, the certificate check (GET /api/public/certificates/*) and all of /api/*', () => {
    const byName = Object.fromEntries(rules().map((r) => [r.Name, r]));
    const rate = (name: string) => byName[name]?.Statement.RateBasedStatement;
    for (const [name, limit] of [
      ['RateSignIn', EDGE_RATE_LIMITS.signIn.limit],
      ['RateObjections', EDGE_RATE_LIMITS.objections.limit],
      ['RateCertificateCheck', EDGE_RATE_LIMITS.certificateCheck.limit],
      ['RateApi', EDGE_RATE_LIMITS.api.limit],
    ] as const) {
      expect([
        name,
        rate(name)?.Limit,
        rate(name)?.AggregateKeyType,
        rate(name)?.EvaluationWindowSec,
      ]).toEqual([name, limit, 'IP', 300]);
      expect(byName[name]?.Action.Block).toBeDefined();
    }
    const prefix = (s: Cfn) => s.ByteMatchStatement.SearchString;
    expect(prefix(rate('RateSignIn').ScopeDownStatement)).toBe('/api/auth/');
    expect(prefix(rate('RateCertificateCheck').ScopeDownStatement)).toBe('/api/public/certificates/');
    const objections = rate('RateObjections').ScopeDownStatement.AndStatement.Statements.map(prefix);
    expect(objections).toEqual(['/api/public/notices/', '/objections']);
    // the scope-downs match the routes they guard
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain('POST /api/auth/candidate/start');
    expect(paths).toContain('POST /api/public/notices/{noticeId}/objections');
    expect(paths.some((p) => p.startsWith('GET /api/public/certificates/'))).toBe(true);
    // the tighter a route, the tighter its WAF limit: none above the whole API's
    for (const n of ['RateSignIn', 'RateObjections', 'RateCertificateCheck'])
      expect(rate(n).Limit).toBeLessThan(rate('RateApi').Limit);
  });

  it('runs the AWS managed rule groups (IP reputation, known bad inputs, common rule set) after the rate rules; only the body-size rule counts', () => {
    const managed = rules().filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((r) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual([...MANAGED_RULE_GROUPS]);
    for (const name of [
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
    ])
      expect(MANAGED_RULE_GROUPS).toContain(name);
    for (const r of managed) {
      expect(r.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
      expect(r.OverrideAction).toEqual({ None: {} });
      expect(r.Priority).toBeGreaterThan(
        Math.max(
          ...rules()
            .filter((x) => x.Action)
            .map((x) => x.Priority),
        ),
      );
    }
    const common = managed.find((r) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  it('logs requests for a year without the Authorization header, and publishes its ARN in SSM', () => {
    const [, logging] = ofType(edgeResources, 'AWS::WAFv2::LoggingConfiguration')[0] as [string, Resource];
    expect(logging.Properties.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }]);
    const [, group] = ofType(edgeResources, 'AWS::Logs::LogGroup')[0] as [string, Resource];
    expect(group.Properties.LogGroupName).toMatch(/^aws-waf-logs-/);
    expect(group.Properties.RetentionInDays).toBeGreaterThanOrEqual(365);
    const [, param] = ofType(edgeResources, 'AWS::SSM::Parameter')[0] as [string, Resource];
    expect(param.Properties.Name).toBe(WEB_ACL_PARAMETER);
    expect(param.Properties.Value).toEqual({ 'Fn::GetAtt': [edge.getLogicalId(edge.webAcl), 'Arn'] });
  });

  it("is attached to the main stack's distribution: its ARN read at deploy time from that parameter in us-east-1, by a role that may read only it", () => {
    const cfg = distributionConfig(resources);
    const [readerId, reader] = ofType(resources, 'Custom::AWS')[0] as [string, Resource];
    expect(cfg.WebACLId).toEqual({ 'Fn::GetAtt': [readerId, 'Parameter.Value'] });
    const create = JSON.parse(JSON.stringify(reader.Properties.Create));
    const call = typeof create === 'string' ? JSON.parse(create) : create;
    expect(JSON.stringify(call)).toContain(WEB_ACL_PARAMETER);
    expect(JSON.stringify(call)).toContain('"region":"us-east-1"');
    expect(JSON.stringify(call)).toContain('getParameter');
    const fnId = Object.entries(resources).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'),
    )?.[0] as string;
    const roleId = resources[fnId]?.Properties.Role['Fn::GetAtt'][0] as string;
    const ssm = statementsOfRole(resources, roleId).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('ssm:')),
    );
    expect(ssm.flatMap(actionsOf)).toEqual(['ssm:GetParameter']);
    expect(JSON.stringify(ssm[0].Resource)).toContain(`:ssm:us-east-1:`);
    expect(JSON.stringify(ssm[0].Resource)).toContain(`parameter${WEB_ACL_PARAMETER}`);
    expect(resources[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('with -c webAclArn=… (an ACL made elsewhere) there is no edge stack and that ACL is attached', () => {
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/other/0000';
    const built = buildApp({ webAclArn: arn });
    expect(built.edge).toBeUndefined();
    const rs = Template.fromStack(built.stack).toJSON().Resources as Record<string, Resource>;
    expect(distributionConfig(rs).WebACLId).toBe(arn);
    expect(ofType(rs, 'Custom::AWS')).toEqual([]);
  });
});

describe('origin protection: only requests through CloudFront reach the handlers', () => {
  const secretRef = () => `{{resolve:secretsmanager:`;

  it("CloudFront adds the origin secret as x-origin-verify to every /api/* origin request, and every route function compares the same value (ORIGIN_VERIFY); neither is in the template's text", () => {
    const cfg = distributionConfig(resources);
    const api = (cfg.CacheBehaviors as Cfn[]).find((b) => b.PathPattern === '/api/*');
    const origin = (cfg.Origins as Cfn[]).find((o) => o.Id === api.TargetOriginId);
    const header = (origin.OriginCustomHeaders as Cfn[]).find((h) => h.HeaderName === ORIGIN_VERIFY_HEADER);
    const secretId = logicalId(stack.originSecret);
    const text = JSON.stringify(header.HeaderValue);
    expect(text).toContain(secretRef());
    expect(text).toContain(secretId);
    const routeFns = [...new Set(stack.api.handlers.values())];
    expect(routeFns.length).toBeGreaterThan(10);
    for (const fn of routeFns) {
      const env = resources[logicalId(fn)]?.Properties.Environment.Variables;
      expect([logicalId(fn), JSON.stringify(env[ORIGIN_VERIFY_ENV])]).toEqual([logicalId(fn), text]);
    }
    // generated at deployment by Secrets Manager
    const secret = resources[secretId] as Resource;
    expect(secret.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
  });

  it('without an API domain CloudFront uses the execute-api host (guarded by the secret); with one (-c apiDomainName, apiCertificateArn) the execute-api endpoint is disabled and CloudFront uses the domain', () => {
    const [, plain] = ofType(resources, 'AWS::ApiGatewayV2::Api')[0] as [string, Resource];
    expect(plain.Properties.DisableExecuteApiEndpoint).toBe(false);
    const built = buildApp({
      apiDomainName: 'api-origin.example.gov.cn',
      apiCertificateArn: 'arn:aws:acm:cn-north-1:123456789012:certificate/abc',
    });
    const rs = Template.fromStack(built.stack).toJSON().Resources as Record<string, Resource>;
    const [, api] = ofType(rs, 'AWS::ApiGatewayV2::Api')[0] as [string, Resource];
    expect(api.Properties.DisableExecuteApiEndpoint).toBe(true);
    const [, domain] = ofType(rs, 'AWS::ApiGatewayV2::DomainName')[0] as [string, Resource];
    expect(domain.Properties.DomainName).toBe('api-origin.example.gov.cn');
    expect(domain.Properties.DomainNameConfigurations[0].SecurityPolicy).toBe('TLS_1_2');
    expect(ofType(rs, 'AWS::ApiGatewayV2::ApiMapping')).toHaveLength(1);
    const cfg = distributionConfig(rs);
    const apiBehaviour = (cfg.CacheBehaviors as Cfn[]).find((b) => b.PathPattern === '/api/*');
    const origin = (cfg.Origins as Cfn[]).find((o) => o.Id === apiBehaviour.TargetOriginId);
    expect(origin.DomainName).toBe('api-origin.example.gov.cn');
    // the secret is still checked: the custom domain's own endpoint is public too
    expect(JSON.stringify(origin.OriginCustomHeaders)).toContain(ORIGIN_VERIFY_HEADER);
  });
});

describe('security headers', () => {
  it("CloudFront's response-headers policy is built from the one definition the local server sends (infra/security-headers.ts)", () => {
    const [, policy] = ofType(resources, 'AWS::CloudFront::ResponseHeadersPolicy')[0] as [string, Resource];
    const sec = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const flat = (v: Cfn): string =>
      typeof v === 'string'
        ? v
        : v['Fn::Join']
          ? (v['Fn::Join'][1] as Cfn[]).map(flat).join(v['Fn::Join'][0])
          : v.Ref
            ? `<${v.Ref}>`
            : '<attr>';
    expect(flat(sec.ContentSecurityPolicy.ContentSecurityPolicy)).toBe(
      contentSecurityPolicy(['https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>', 'https://<attr>']),
    );
    expect(sec.FrameOptions.FrameOption).toBe(SECURITY_HEADERS.frameOptions);
    expect(sec.ReferrerPolicy.ReferrerPolicy).toBe(SECURITY_HEADERS.referrerPolicy);
    expect(sec.StrictTransportSecurity.AccessControlMaxAgeSec).toBe(SECURITY_HEADERS.hsts.maxAgeDays * 86400);
    // every behaviour (the site and /api/*) carries it
    const cfg = distributionConfig(resources);
    const policyId = { Ref: ofType(resources, 'AWS::CloudFront::ResponseHeadersPolicy')[0]?.[0] };
    for (const b of [cfg.DefaultCacheBehavior, ...(cfg.CacheBehaviors as Cfn[])])
      expect(b.ResponseHeadersPolicyId).toEqual(policyId);
  });
});

describe('N4: personal data encrypted with a customer-managed key', () => {
  const dataKeyId = () => logicalId(stack.dataKey);

  it('N4: every table is encrypted with the personal-data key; every queue too; the files bucket with its own key made by the same construct', () => {
    for (const spec of tableList) {
      const t = resources[logicalId(stack.tables.get(spec.id))] as Resource;
      expect([spec.id, t.Properties.SSESpecification]).toEqual([
        spec.id,
        { SSEEnabled: true, SSEType: 'KMS' },
      ]);
      expect([spec.id, t.Properties.Replicas[0].SSESpecification]).toEqual([
        spec.id,
        { KMSMasterKeyId: { 'Fn::GetAtt': [dataKeyId(), 'Arn'] } },
      ]);
    }
    const queues = ofType(resources, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(3);
    for (const [id, q] of queues)
      expect([id, q.Properties.KmsMasterKeyId]).toEqual([id, { 'Fn::GetAtt': [dataKeyId(), 'Arn'] }]);
    const files = resources[logicalId(stack.files.bucket)] as Resource;
    expect(
      files.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .KMSMasterKeyID,
    ).toEqual({ 'Fn::GetAtt': [logicalId(stack.files.key), 'Arn'] });
  });

  it('N4: both keys rotate yearly, are retained, and their policy lets the account administer them but use them only through the named services of this account and region', () => {
    for (const [key, services] of [
      [stack.dataKey, ['dynamodb', 'sqs']],
      [stack.files.key, ['s3']],
    ] as const) {
      const k = resources[logicalId(key)] as Resource;
      expect(k.Properties.EnableKeyRotation).toBe(true);
      expect(k.Properties.RotationPeriodInDays).toBe(365);
      expect(k.DeletionPolicy).toBe('Retain');
      const stmts = k.Properties.KeyPolicy.Statement as Cfn[];
      expect(stmts.map((s) => s.Sid)).toEqual(['AccountAdministersKey', 'UseOnlyThroughDataServices']);
      const [admin, use] = stmts;
      expect(actionsOf(admin).some((a) => /Decrypt|Encrypt|GenerateDataKey/.test(a))).toBe(false);
      expect(actionsOf(use).sort()).toEqual(
        [
          'kms:CreateGrant',
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
          'kms:ReEncrypt*',
        ].sort(),
      );
      expect(use.Condition.StringEquals['kms:CallerAccount']).toEqual({ Ref: 'AWS::AccountId' });
      const via = JSON.stringify(use.Condition.StringEquals['kms:ViaService']);
      for (const s of services) expect(via).toContain(`"${s}.`);
      expect((use.Condition.StringEquals['kms:ViaService'] as unknown[]).length).toBe(services.length);
      // no principal outside the account
      for (const s of stmts) expect(JSON.stringify(s.Principal)).toContain(':root');
    }
  });

  it('N4: a function may use the data key as its tables need it: decrypt to read, encrypt only when it writes; a function touching no table has no grant on it', () => {
    const keyStatements = (fn: { node: Cfn }) => {
      const roleId = resources[logicalId(fn as never)]?.Properties.Role['Fn::GetAtt'][0] as string;
      return statementsOfRole(resources, roleId)
        .filter((s) => JSON.stringify(s.Resource).includes(dataKeyId()))
        .flatMap(actionsOf);
    };
    // the certificate check module reads candidates and writes auth (its limits): both
    const check = stack.api.moduleFunctions.get('certificate-check');
    const openapi = stack.api.moduleFunctions.get('openapi');
    if (!check || !openapi) throw new Error('module missing');
    expect(keyStatements(check)).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt']));
    expect(keyStatements(openapi)).toEqual([]);
    // the lifecycle tasks read the catalog and write candidates/audit/outbox
    expect(keyStatements(stack.lifecycle.functions.LifecycleLoad)).toEqual(
      expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
    );
  });
});

describe("N4: retention of a forfeited candidate's uploads", () => {
  it("N4: the lifecycle Timeout task may list materials/ and tag its objects, nothing more of the files store; the bucket's rule removes what is tagged", () => {
    const fn = stack.lifecycle.functions.LifecycleTimeout;
    const roleId = resources[logicalId(fn)]?.Properties.Role['Fn::GetAtt'][0] as string;
    const s3 = statementsOfRole(resources, roleId).filter((st) =>
      actionsOf(st).some((a) => a.startsWith('s3:')),
    );
    expect(s3.flatMap(actionsOf).sort()).toEqual(['s3:ListBucket', 's3:PutObjectTagging']);
    expect(JSON.stringify(s3)).toContain('materials/*');
    expect(resources[logicalId(fn)]?.Properties.Environment.Variables.FILES_BUCKET).toBeDefined();
    // no other lifecycle task touches the files store; IssueElectronic only the site's public keys (R17)
    for (const [name, other] of Object.entries(stack.lifecycle.functions)) {
      if (name === 'LifecycleTimeout') continue;
      const id = resources[logicalId(other)]?.Properties.Role['Fn::GetAtt'][0] as string;
      const s3Of = statementsOfRole(resources, id).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('s3:')),
      );
      if (name === 'LifecycleIssueElectronic') {
        expect(s3Of.map((st) => JSON.stringify(st.Resource))).toEqual([
          expect.stringContaining(`/${JWKS_PATH}"`),
        ]);
        expect(s3Of.flatMap(actionsOf).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
      } else expect([name, s3Of.length]).toEqual([name, 0]);
    }
  });
});

describe('alarms and the dashboard (the ops topic receives them)', () => {
  const alarms = () => ofType(resources, 'AWS::CloudWatch::Alarm');
  const topicId = () => logicalId(stack.opsAlerts);

  it('every alarm of the stack notifies the ops alerts topic', () => {
    expect(alarms().length).toBe(stack.ops.alarms.length);
    for (const [id, a] of alarms())
      expect([id, a.Properties.AlarmActions]).toEqual([id, [{ Ref: topicId() }]]);
  });

  it('covers dead-letter depth, failed executions, throttles, the 5xx rate, p99 latency and stalled jobs', () => {
    const text = (a: { node: Cfn }) => JSON.stringify(resources[logicalId(a as never)]?.Properties);
    expect(text(stack.jobs.deadLetterAlarm)).toContain('ApproximateNumberOfMessagesVisible');
    expect(text(stack.outbox.failureAlarm)).toContain('ApproximateNumberOfMessagesVisible');
    expect(text(stack.lifecycle.failedExecutionsAlarm)).toContain('ExecutionsFailed');
    const o = stack.ops;
    expect(text(o.workflowThrottles)).toContain('"Throttles"');
    expect(text(o.workflowThrottles)).toContain('ExecutionThrottled');
    expect(text(o.tableReadThrottles)).toContain('ReadThrottleEvents');
    expect(text(o.tableWriteThrottles)).toContain('WriteThrottleEvents');
    // every table in the throttle sums
    const reads = resources[logicalId(o.tableReadThrottles)]?.Properties.Metrics as Cfn[];
    expect(reads.filter((m) => m.MetricStat).length).toBe(tableList.length);
    expect(text(o.serverErrors)).toContain('5xx');
    expect(text(o.serverErrors)).toContain('100 * errors / requests');
    expect(resources[logicalId(o.serverErrors)]?.Properties.Threshold).toBe(
      OPS_THRESHOLDS.serverErrorPercent,
    );
    const p99 = resources[logicalId(o.latency)]?.Properties as Cfn;
    expect(p99.ExtendedStatistic).toBe('p99');
    expect(p99.MetricName).toBe('Latency');
    expect(p99.Threshold).toBe(OPS_THRESHOLDS.p99LatencyMs);
    const stalled = resources[logicalId(o.stalledJobs)]?.Properties as Cfn;
    expect(stalled.MetricName).toBe('StalledJobs');
    expect(stalled.EvaluationPeriods).toBe(OPS_THRESHOLDS.stalledPeriods);
  });

  it("counts the sweeper's stalled-job log lines with a metric filter on its log group (the message the code logs)", () => {
    const [, filter] = ofType(resources, 'AWS::Logs::MetricFilter')[0] as [string, Resource];
    expect(filter.Properties.FilterPattern).toContain(STALLED_JOB_MESSAGE);
    expect(filter.Properties.LogGroupName).toEqual({ Ref: logicalId(stack.jobs.sweeper.logGroup as never) });
    expect(filter.Properties.MetricTransformations[0]).toMatchObject({
      MetricName: 'StalledJobs',
      MetricValue: '1',
    });
    const source = readFileSync(join(repoRoot, 'functions', 'acts', 'jobs.ts'), 'utf8');
    expect(source).toContain(`'${STALLED_JOB_MESSAGE}'`);
  });

  it('one dashboard shows every alarm', () => {
    const boards = ofType(resources, 'AWS::CloudWatch::Dashboard');
    expect(boards).toHaveLength(1);
    const body = JSON.stringify((boards[0] as [string, Resource])[1].Properties.DashboardBody);
    for (const a of stack.ops.alarms) expect(body).toContain(logicalId(a));
  });
});

describe('the lifecycle state machine', () => {
  /** The deployed definition with every CloudFormation token replaced by a plausible ARN. */
  function renderedDefinition(): unknown {
    const [, machine] = ofType(resources, 'AWS::StepFunctions::StateMachine')[0] as [string, Resource];
    const flat = (v: Cfn): string => {
      if (typeof v === 'string') return v;
      if (v['Fn::Join']) return (v['Fn::Join'][1] as Cfn[]).map(flat).join(v['Fn::Join'][0]);
      if (v.Ref)
        return v.Ref === 'AWS::Partition' ? 'aws' : v.Ref === 'AWS::Region' ? 'cn-north-1' : '123456789012';
      if (v['Fn::GetAtt']) return `arn:aws:lambda:cn-north-1:123456789012:function:${v['Fn::GetAtt'][0]}`;
      throw new Error(`cannot render ${JSON.stringify(v)}`);
    };
    return JSON.parse(flat(machine.Properties.DefinitionString));
  }

  it('its rendered definition is valid Amazon States Language (asl-validator)', () => {
    const definition = renderedDefinition() as { States: Record<string, unknown> };
    expect(Object.keys(definition.States).length).toBeGreaterThan(3);
    const { isValid, errorsText } = aslValidator(definition);
    expect(isValid, errorsText('\n')).toBe(true);
  });

  it('asl-validator catches a broken definition (the check is not vacuous)', () => {
    const broken = renderedDefinition() as { StartAt: string };
    broken.StartAt = 'NoSuchState';
    expect(aslValidator(broken).isValid).toBe(false);
  });
});
