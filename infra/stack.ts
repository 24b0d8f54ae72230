/**
 * The whole system in one environment-agnostic stack: tables, the person-id key, auth, API, outbox
 * delivery and the static site. Each concern is one construct under infra/constructs/ with its
 * defaults fixed there.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.js';
import { Auth } from './constructs/auth.js';
import { FunctionFactory } from './constructs/functions.js';
import { acknowledge } from './constructs/nag.js';
import { Outbox } from './constructs/outbox.js';
import { Site } from './constructs/site.js';
import { Tables } from './constructs/tables.js';

export interface CertWorkflowStackProps extends StackProps {
  /** the web build to upload (default dist/web; a missing directory deploys a marker file only) */
  webBuildDir?: string;
  /** custom domain for the distribution, with an ACM certificate in us-east-1 */
  domainName?: string;
  certificateArn?: string;
  /** a CloudFront-scope WAF web ACL to attach */
  webAclArn?: string;
}

export class CertWorkflowStack extends Stack {
  readonly tables: Tables;
  readonly auth: Auth;
  readonly api: Api;
  readonly outbox: Outbox;
  readonly site: Site;
  readonly personIdKey: Secret;

  constructor(scope: Construct, id: string, props: CertWorkflowStackProps = {}) {
    super(scope, id, props);

    this.tables = new Tables(this, 'Tables');

    // The HMAC key behind every person id (functions/lib/ids.ts). Generated once, never rotated (see
    // the acknowledgement), kept if the stack is deleted: without it no stored key can be found again.
    this.personIdKey = new Secret(this, 'PersonIdKey', {
      description: 'HMAC-SHA256 key that turns ID numbers into person ids (functions/lib/ids.ts)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.personIdKey,
      'AwsSolutions-SMG4',
      'Not rotated by design: this is not a credential but the HMAC key that derives every person id ' +
        'from an ID number. Those ids are the partition keys of the candidates, audit and auth tables, so ' +
        'a rotation would orphan all stored records; re-keying is a planned data migration, not a schedule. ' +
        'Read access is limited to the functions that hash ID numbers.',
    );

    const functions = new FunctionFactory(this, 'Functions', {
      tables: this.tables,
      personIdKeySecret: this.personIdKey,
    });

    this.auth = new Auth(this, 'Auth', { functions });

    this.api = new Api(this, 'Api', {
      functions,
      userPool: this.auth.userPool,
      staffClient: this.auth.staffClient,
      candidateClient: this.auth.candidateClient,
    });

    this.outbox = new Outbox(this, 'Outbox', { functions, tables: this.tables });

    this.site = new Site(this, 'Site', {
      apiDomainName: this.api.domainName,
      ...(props.webBuildDir ? { webBuildDir: props.webBuildDir } : {}),
      ...(props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
          }
        : {}),
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
    });

    new CfnOutput(this, 'SiteUrl', { value: `https://${this.site.distribution.distributionDomainName}` });
    new CfnOutput(this, 'ApiEndpoint', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'StaffClientId', { value: this.auth.staffClient.userPoolClientId });
    new CfnOutput(this, 'CandidateClientId', { value: this.auth.candidateClient.userPoolClientId });
    new CfnOutput(this, 'SiteBucketName', { value: this.site.bucket.bucketName });
  }
}
