/**
 * The deployed system's first account, made by the stack (no AWS CLI steps): a custom resource whose
 * handler (functions/handlers/first-admin.ts) creates the provincial HR department and one hr account,
 * invited by the user pool's e-mail with a temporary password. From there hr administers everything in
 * the console. Given with `-c adminEmail=… [-c adminUsername=…]` at deploy time; a redeployment keeps
 * what exists.
 *
 * The CDK provider framework answers CloudFormation; its function gets its own role (no managed
 * policy) and log group, like every other function here.
 */
import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { type FunctionFactory, LOG_RETENTION } from './functions.js';
import { acknowledge } from './nag.js';

export interface FirstAdminProps {
  functions: FunctionFactory;
  userPool: UserPool;
  username: string;
  email: string;
}

export class FirstAdmin extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: FirstAdminProps) {
    super(scope, id);
    const onEvent = props.functions.create(this, 'OnEvent', {
      entry: 'functions/handlers/first-admin.ts',
      handler: 'onEvent',
      description: 'Deployment: the first hr account and its department (invited by e-mail)',
      reads: ['catalog'],
      writes: ['catalog', 'audit'],
      environment: { USER_POOL_ID: props.userPool.userPoolId },
      timeout: Duration.seconds(60),
    });
    props.userPool.grant(
      onEvent,
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminRemoveUserFromGroup',
    );

    const logGroup = new LogGroup(this, 'ProviderLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'FirstAdmin provider: invokes the handler, logs to its own log group',
    });
    logGroup.grantWrite(role);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: onEvent,
      frameworkOnEventRole: role,
      logGroup,
    });
    const handlerId = Stack.of(this).getLogicalId(onEvent.node.defaultChild as CfnFunction);
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
      "The provider framework grants itself lambda:InvokeFunction on the handler's versions " +
        '(`<handler arn>:*`); nothing else.',
    );

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::FirstAdmin',
      properties: { username: props.username, email: props.email },
    });
  }
}
