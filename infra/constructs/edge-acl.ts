/**
 * The main stack's side of the edge stack (infra/edge-stack.ts): the CloudFront web ACL's ARN, read at
 * deploy time from the SSM parameter the edge stack writes in us-east-1. A custom resource (aws-cdk-lib
 * AwsCustomResource: one `ssm:GetParameter` call, in us-east-1) does the reading, since a CloudFormation
 * dynamic reference reads only the stack's own region. Its function gets a role of its own (no managed
 * policy) allowed to read that one parameter and write its own log group.
 *
 * The ARN is read when the main stack is created and whenever the parameter's name changes; an ACL that
 * is replaced (a new ARN) needs the main stack redeployed with `-c webAclGeneration=<n>` changed.
 */
import { Arn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { EDGE_REGION, WEB_ACL_PARAMETER } from '../edge-stack.js';
import { LOG_RETENTION, SERVICE_NAME } from './functions.js';
import { acknowledge } from './nag.js';

/** aws-cdk-lib's id of the AwsCustomResource singleton function in a stack. */
const AWS_CUSTOM_RESOURCE_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

export class EdgeAcl extends Construct {
  /** the web ACL's ARN (a token resolved at deploy time) */
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: { generation?: string } = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const parameterArn = Arn.format(
      {
        service: 'ssm',
        region: EDGE_REGION,
        resource: 'parameter',
        resourceName: WEB_ACL_PARAMETER.slice(1),
      },
      stack,
    );
    const logGroup = new LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Reads the CloudFront web ACL ARN from its SSM parameter in us-east-1 (deploy time only)',
    });
    logGroup.grantWrite(role);
    const call = {
      service: 'SSM',
      action: 'getParameter',
      region: EDGE_REGION,
      parameters: { Name: WEB_ACL_PARAMETER },
      physicalResourceId: PhysicalResourceId.of(`${WEB_ACL_PARAMETER}#${props.generation ?? '1'}`),
    };
    const reader = new AwsCustomResource(this, 'Reader', {
      onCreate: call,
      onUpdate: call,
      role,
      logGroup,
      installLatestAwsSdk: false,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameterArn] }),
      ]),
    });
    this.webAclArn = reader.getResponseField('Parameter.Value');
    // the defaults every function of the stack has (infra/constructs/functions.ts): Node.js 24 on arm64,
    // X-Ray tracing, the service name; the singleton's code is plain JavaScript on the runtime's SDK
    const handler = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_ID)?.node.defaultChild as CfnFunction;
    handler.addPropertyOverride('Runtime', 'nodejs24.x');
    handler.addPropertyOverride('Architectures', ['arm64']);
    handler.addPropertyOverride('TracingConfig', { Mode: 'Active' });
    handler.addPropertyOverride('Environment.Variables.POWERTOOLS_SERVICE_NAME', SERVICE_NAME);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level ' +
        'permissions, so AWS requires Resource "*" for them. No other action in this role uses "*".',
    );
  }
}
