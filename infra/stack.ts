/**
 * The whole system in one environment-agnostic stack: tables, the person-id key, auth, API, the
 * lifecycle state machine, outbox delivery, the static site, the certificate signing key and the ops
 * alerts topic. Each concern is one construct under infra/constructs/ with its defaults fixed there.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { tableList } from '../functions/data/tables.js';
import { Api } from './constructs/api.js';
import { Auth } from './constructs/auth.js';
import { CertSigningKey } from './constructs/cert-keys.js';
import { acknowledgeDataKeyGrants, PersonalDataKey } from './constructs/data-key.js';
import { EdgeAcl } from './constructs/edge-acl.js';
import { FileWorker } from './constructs/file-worker.js';
import { Files } from './constructs/files.js';
import { FirstAdmin } from './constructs/first-admin.js';
import { FunctionFactory } from './constructs/functions.js';
import { Jobs } from './constructs/jobs.js';
import { LifecycleAccess, LifecycleWorkflow } from './constructs/lifecycle-functions.js';
import { acknowledge } from './constructs/nag.js';
import { Ops } from './constructs/ops.js';
import { Outbox } from './constructs/outbox.js';
import { Site } from './constructs/site.js';
import { Tables } from './constructs/tables.js';

export interface CertWorkflowStackProps extends StackProps {
  /** the web build to upload (default dist/web; a missing directory deploys a marker file only) */
  webBuildDir?: string;
  /** custom domain for the distribution, with an ACM certificate in us-east-1 */
  domainName?: string;
  certificateArn?: string;
  /**
   * a CloudFront-scope WAF web ACL made elsewhere, to attach instead of the edge stack's
   * (infra/edge-stack.ts; its ARN is otherwise read from the SSM parameter that stack writes)
   */
  webAclArn?: string;
  /** change it to read the edge stack's ACL ARN again (a replaced ACL) */
  webAclGeneration?: string;
  /**
   * the API's own custom domain (ACM certificate in the stack's region): CloudFront's origin; the
   * default execute-api endpoint is then disabled
   */
  apiDomainName?: string;
  apiCertificateArn?: string;
  /** the first hr account, invited by e-mail at deployment (infra/constructs/first-admin.ts) */
  firstAdmin?: { username: string; email: string };
}

export class CertWorkflowStack extends Stack {
  readonly tables: Tables;
  readonly auth: Auth;
  /** the first hr account, when the deployment names one */
  readonly firstAdmin?: FirstAdmin;
  readonly api: Api;
  readonly outbox: Outbox;
  readonly site: Site;
  readonly personIdKey: Secret;
  readonly lifecycle: LifecycleWorkflow;
  /** uploaded lists and what jobs make of them */
  readonly files: Files;
  /** R23: GuardDuty Malware Protection for S3 on the files store's materials/ */
  readonly malwareProtection: CfnMalwareProtectionPlan;
  /** records each scan result on its material */
  readonly materialScanned: NodejsFunction;
  /** long work: the job queue and its worker */
  readonly jobs: Jobs;
  /** R17: the asymmetric KMS key electronic certificates are signed with (granted to the issuance later) */
  readonly certSigningKey: CertSigningKey;
  /** every alarm of the stack notifies this topic (subscribe operators to it after deployment) */
  readonly opsAlerts: Topic;
  /** N4: the customer-managed key of the tables and queues (infra/constructs/data-key.ts) */
  readonly dataKey: PersonalDataKey;
  /** the secret header CloudFront adds to every API request (functions/lib/origin.ts) */
  readonly originSecret: Secret;
  /** the WAF web ACL's ARN: the edge stack's (read at deploy time) or the one given */
  readonly webAclArn: string;
  /** the stack-wide alarms and the dashboard */
  readonly ops: Ops;

  constructor(scope: Construct, id: string, props: CertWorkflowStackProps = {}) {
    super(scope, id, props);

    this.dataKey = new PersonalDataKey(this, 'PersonalDataKey', {
      description: 'Encrypts the tables and queues holding personal data (ID numbers, names, phones)',
      services: ['dynamodb', 'sqs'],
      alias: 'alias/cert-workflow/personal-data',
    });
    this.tables = new Tables(this, 'Tables', { key: this.dataKey });

    // Only requests through CloudFront reach the handlers: CloudFront adds this value as a header and
    // the route functions compare it (functions/lib/origin.ts). Generated at deployment; CloudFormation
    // resolves it into the distribution's origin and the functions' environment.
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: 'The header value CloudFront adds to /api/* origin requests (x-origin-verify)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    acknowledge(
      this.originSecret,
      'AwsSolutions-SMG4',
      'Not rotated on a schedule: CloudFront and the functions hold the value from the template, so a ' +
        'rotation is a new value and a redeployment (docs/runbook.md). It is not a credential of any ' +
        'account: it only proves a request came through the distribution, and its WAF web ACL.',
    );
    const originVerify = this.originSecret.secretValue.unsafeUnwrap();
    this.webAclArn =
      props.webAclArn ??
      new EdgeAcl(this, 'EdgeAcl', props.webAclGeneration ? { generation: props.webAclGeneration } : {})
        .webAclArn;

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

    this.certSigningKey = new CertSigningKey(this, 'CertSigningKey');

    const functions = new FunctionFactory(this, 'Functions', {
      tables: this.tables,
      personIdKeySecret: this.personIdKey,
    });

    this.opsAlerts = opsAlertsTopic(this);
    const alarmAction = new SnsAction(this.opsAlerts);

    this.auth = new Auth(this, 'Auth', { functions });
    if (props.firstAdmin)
      this.firstAdmin = new FirstAdmin(this, 'FirstAdmin', {
        functions,
        userPool: this.auth.userPool,
        ...props.firstAdmin,
      });

    // the machine's ARN from its fixed name: the functions that drive it never refer to the resource
    const lifecycleAccess = new LifecycleAccess(this);

    this.files = new Files(this, 'Files');
    this.jobs = new Jobs(this, 'Jobs', {
      functions,
      lifecycle: lifecycleAccess,
      alarmAction,
      files: this.files,
      key: this.dataKey,
    });
    // a list PUT to its upload URL starts its import; a candidate's material (R23) is checked and recorded
    const uploadArrived = functions.create(this, 'UploadArrived', {
      entry: 'functions/handlers/upload-arrived.ts',
      handler: 'handler',
      description:
        "Starts the import of a passing list that arrived through its upload URL; checks and records a candidate's material",
      reads: ['catalog', 'jobs', 'candidates'],
      writes: ['jobs', 'audit', 'candidates'],
      environment: { ...this.files.environment, ...this.jobs.access.environment },
    });
    this.jobs.access.grantStart(uploadArrived);
    this.files.onUpload(uploadArrived);
    // R23: GuardDuty scans the materials; each result is recorded on its material (only clean ones open)
    const materialScanned = functions.create(this, 'MaterialScanned', {
      entry: 'functions/handlers/scan-result.ts',
      handler: 'handler',
      description: "Records GuardDuty's malware scan result on a material; removes a file found a threat in",
      reads: ['candidates'],
      writes: ['candidates', 'audit'],
      environment: this.files.environment,
    });
    this.malwareProtection = this.files.protectMaterials(materialScanned);
    this.materialScanned = materialScanned;

    this.api = new Api(this, 'Api', {
      functions,
      userPool: this.auth.userPool,
      staffClient: this.auth.staffClient,
      candidateClient: this.auth.candidateClient,
      lifecycle: lifecycleAccess,
      jobs: this.jobs.access,
      files: this.files,
      // PDF and spreadsheet work in a function of its own (the font as its layer)
      fileWorker: new FileWorker(this, 'FileWorker', { functions, files: this.files }),
      originVerify,
      ...(props.apiDomainName && props.apiCertificateArn
        ? { customDomain: { domainName: props.apiDomainName, certificateArn: props.apiCertificateArn } }
        : {}),
    });

    this.lifecycle = new LifecycleWorkflow(this, 'Lifecycle', {
      functions,
      access: lifecycleAccess,
      alarmAction,
      files: this.files,
    });

    this.outbox = new Outbox(this, 'Outbox', { functions, tables: this.tables });
    this.outbox.failureAlarm.addAlarmAction(alarmAction);

    this.site = new Site(this, 'Site', {
      apiDomainName: this.api.domainName,
      uploadOrigin: `https://${this.files.bucket.bucketRegionalDomainName}`,
      // the console's sign-in (/config.json): the user pool and its staff app client
      auth: {
        userPoolId: this.auth.userPool.userPoolId,
        staffClientId: this.auth.staffClient.userPoolClientId,
      },
      ...(props.webBuildDir ? { webBuildDir: props.webBuildDir } : {}),
      ...(props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
          }
        : {}),
      webAclArn: this.webAclArn,
      originVerify,
    });

    // the job worker renders the notices' public pages and takes their lists down (N4)
    this.site.grantPublish(this.jobs.worker);

    // R17: the IssueElectronic step signs each certificate with the KMS key (and makes sure the public
    // keys are published first); the issuance's broadcast job (the job worker) reads the public key and
    // publishes /.well-known/jwks.json in its first step, before it wakes anyone (functions/acts/job-runner.ts)
    const issue = this.lifecycle.functions.LifecycleIssueElectronic;
    this.certSigningKey.grantSign(issue);
    this.certSigningKey.grantReadPublicKey(this.jobs.worker);
    for (const fn of [issue, this.jobs.worker]) {
      for (const [k, v] of Object.entries(this.certSigningKey.environment)) fn.addEnvironment(k, v);
      this.site.grantPublishKeys(fn);
    }

    this.ops = new Ops(this, 'Ops', {
      alarmAction,
      httpApi: this.api.httpApi,
      stateMachine: this.lifecycle.stateMachine,
      tables: tableList.map((t) => this.tables.get(t.id)),
      sweeperLogs: this.jobs.sweeper.logGroup,
      existing: [
        this.jobs.deadLetterAlarm,
        this.lifecycle.deadLetterAlarm,
        this.lifecycle.failedExecutionsAlarm,
        this.outbox.failureAlarm,
      ],
    });
    acknowledgeDataKeyGrants(this);

    new CfnOutput(this, 'SiteUrl', { value: `https://${this.site.distribution.distributionDomainName}` });
    new CfnOutput(this, 'ApiEndpoint', {
      value: this.api.customDomain ? `https://${this.api.domainName}` : this.api.httpApi.apiEndpoint,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'StaffClientId', { value: this.auth.staffClient.userPoolClientId });
    new CfnOutput(this, 'CandidateClientId', { value: this.auth.candidateClient.userPoolClientId });
    new CfnOutput(this, 'SiteBucketName', { value: this.site.bucket.bucketName });
    // the first hr account is set up by hand in this table (README); every later one in the console
    new CfnOutput(this, 'CatalogTableName', { value: this.tables.get('catalog').tableName });
    new CfnOutput(this, 'LifecycleStateMachineArn', { value: this.lifecycle.stateMachine.stateMachineArn });
    if (this.api.customDomain)
      new CfnOutput(this, 'ApiDomainTarget', {
        value: this.api.customDomain.regionalDomainName,
        description: `Point ${props.apiDomainName} (CNAME or alias) at this name: CloudFront's API origin`,
      });
    new CfnOutput(this, 'OpsAlertsTopicArn', {
      value: this.opsAlerts.topicArn,
      description: 'Subscribe operators (e-mail, SMS, chat) to receive every alarm of the stack',
    });
  }
}

/**
 * The ops alerts topic: encrypted with its own KMS key (CloudWatch cannot use the AWS managed aws/sns key,
 * so alarms could not publish to a topic encrypted with it), TLS-only. CloudWatch alarms of this account
 * and region may publish to it and use the key for that; nothing else is granted. No subscriptions here:
 * operators subscribe after deployment (output OpsAlertsTopicArn).
 */
function opsAlertsTopic(scope: Stack): Topic {
  const key = new Key(scope, 'OpsAlertsKey', {
    description: 'Encrypts the ops alerts SNS topic (alarm notifications)',
    enableKeyRotation: true,
    pendingWindow: Duration.days(7),
    // only in-flight notifications are encrypted with it; nothing stored needs it after the stack is gone
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const topic = new Topic(scope, 'OpsAlerts', {
    displayName: 'Certificate workflow: ops alerts',
    masterKey: key,
    enforceSSL: true,
  });
  const fromAlarmsHere = {
    StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
  };
  const cloudwatch = new ServicePrincipal('cloudwatch.amazonaws.com');
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudwatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: fromAlarmsHere,
    }),
  );
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchAlarmsUseForTopic',
      principals: [cloudwatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: fromAlarmsHere,
    }),
  );
  return topic;
}
