/**
 * The edge stack: the CloudFront-scope WAF web ACL that guards the public site and `/api/*`. A
 * CloudFront web ACL must live in us-east-1 while the main stack lives in the operator's region, so it
 * is this small second stack, pinned to us-east-1 and synthesized offline with the first (`cdk synth`
 * writes both; `cdk deploy --all` deploys this one first: the main stack depends on it).
 *
 * How the main stack gets the ACL's ARN: this stack writes it to an SSM parameter in us-east-1
 * (WEB_ACL_PARAMETER), and the main stack reads that parameter at deploy time with a custom resource
 * (infra/constructs/edge-acl.ts). Chosen over `crossRegionReferences: true`, which needs both stacks
 * pinned to explicit regions (the main stack is environment-agnostic) and adds provider roles with AWS
 * managed policies.
 *
 * Rules, in order: rate-based rules per viewer address for the public routes (the sign-in, the
 * objections and the certificate check — the limits below are a coarse backstop to the handlers' own
 * per-client counts in functions/domain/*-limits), one for all of /api/*, then AWS managed rule groups
 * (IP reputation, known bad inputs, the common rule set). The common rule set's body-size rule counts
 * instead of blocking: the objection form and the console's uploads carry bodies above its 8 KB, and
 * each route checks its own limit (413). Requests are logged (Authorization redacted) for a year.
 */
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { LOG_RETENTION } from './constructs/functions.js';

/** CloudFront-scope web ACLs exist only in us-east-1. */
export const EDGE_REGION = 'us-east-1';
/** Where the ACL's ARN is published for the main stack (in EDGE_REGION). */
export const WEB_ACL_PARAMETER = '/cert-workflow/edge/web-acl-arn';

/** Requests per viewer address in a 5-minute window, above which WAF blocks that address for a while. */
export const EDGE_RATE_LIMITS = {
  /** the candidate sign-in (code start and verify): the handler allows 20 starts / 15 min per client */
  signIn: { pathPrefix: '/api/auth/', limit: 100 },
  /** objections to a published notice: the handler accepts 5 / 15 min per client */
  objections: { pathPrefix: '/api/public/notices/', pathSuffix: '/objections', limit: 30 },
  /** the public certificate check (GET /api/public/certificates/*): the handler allows 60 / 15 min */
  certificateCheck: { pathPrefix: '/api/public/certificates/', limit: 150 },
  /** everything under /api/ (a whole exam centre may share one address: generous) */
  api: { pathPrefix: '/api/', limit: 3000 },
} as const;

/** The AWS managed rule groups, in evaluation order after the rate rules. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
] as const;

const visibility = (name: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName: name,
  sampledRequestsEnabled: true,
});

const startsWith = (prefix: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

function rateRule(
  name: string,
  priority: number,
  limit: number,
  scopeDown: CfnWebACL.StatementProperty,
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: { customResponse: { responseCode: 429 } } },
    statement: {
      rateBasedStatement: {
        limit,
        evaluationWindowSec: 300,
        aggregateKeyType: 'IP',
        scopeDownStatement: scopeDown,
      },
    },
    visibilityConfig: visibility(name),
  };
}

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL;
  readonly parameter: StringParameter;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { ...props, env: { ...(props.env ?? {}), region: EDGE_REGION } });
    const r = EDGE_RATE_LIMITS;
    const rules: CfnWebACL.RuleProperty[] = [
      rateRule('RateSignIn', 0, r.signIn.limit, startsWith(r.signIn.pathPrefix)),
      rateRule('RateObjections', 1, r.objections.limit, {
        andStatement: {
          statements: [
            startsWith(r.objections.pathPrefix),
            {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'ENDS_WITH',
                searchString: r.objections.pathSuffix,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
          ],
        },
      }),
      rateRule(
        'RateCertificateCheck',
        2,
        r.certificateCheck.limit,
        startsWith(r.certificateCheck.pathPrefix),
      ),
      rateRule('RateApi', 3, r.api.limit, startsWith(r.api.pathPrefix)),
      ...MANAGED_RULE_GROUPS.map(
        (name, i): CfnWebACL.RuleProperty => ({
          name,
          priority: 10 + i,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name,
              ...(name === 'AWSManagedRulesCommonRuleSet'
                ? { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] }
                : {}),
            },
          },
          visibilityConfig: visibility(name),
        }),
      ),
    ];
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Certificate workflow - the public site and the API behind CloudFront',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('CertWorkflowWebAcl'),
      rules,
    });

    // WAF writes only to a log group whose name starts with aws-waf-logs-
    const logs = new LogGroup(this, 'WebAclLogs', {
      logGroupName: 'aws-waf-logs-cert-workflow',
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logs.logGroupArn],
      // the ID token is personal data: never logged
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });

    this.parameter = new StringParameter(this, 'WebAclArn', {
      parameterName: WEB_ACL_PARAMETER,
      stringValue: this.webAcl.attrArn,
      description:
        'The CloudFront web ACL of the certificate workflow (read by the main stack at deploy time)',
    });
  }
}
