/**
 * The files store (functions/lib/file-store.ts): uploaded passing lists and materials ZIPs and what
 * jobs make of them (`imports/`), and the candidates' materials taken from the ZIPs (`materials/`).
 * Private, KMS-encrypted with its own key (rotated yearly), TLS only, access-logged; the lists hold
 * full ID numbers, so `imports/` is kept only while an import may need them (30 days), then deleted;
 * `materials/` is the candidates' record (the verifier reads it, round 2 reuses it, R23) and does not
 * expire; `certificates/` holds certificate PDFs rendered on first download (a cache, 90 days).
 * Functions get read or read/write access to the areas their route declares (`files`, `fileAreas` in
 * functions/routes.ts).
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FORFEITED_UPLOAD_DAYS, REMOVAL_TAG } from '../../functions/lib/retention.js';
import type { FileArea } from '../../functions/routes.js';
import { PersonalDataKey } from './data-key.js';
import { acknowledge } from './nag.js';

/** The prefix GuardDuty Malware Protection scans (R23): every material's file, the candidates' uploads among them. */
export const SCANNED_PREFIX = 'materials/';
/** GuardDuty's own EventBridge rule for a protected bucket is named with this prefix (it makes and manages it). */
const GUARDDUTY_RULE = 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3';
/** The object GuardDuty writes to check its access when the plan is made. */
const VALIDATION_OBJECT = 'malware-protection-resource-validation-object';

/** How long an uploaded list (and its errors and conversions) is kept. */
export const IMPORT_FILES_DAYS = 30;
/**
 * A certificate's PDF (rendered on first download, functions/lib/certificate-pdf.ts) is kept this long,
 * then rendered again on the next download: it prints the full ID number, so it is not kept for ever.
 */
export const CERTIFICATE_FILES_DAYS = 90;
/** A job's working files are kept at most this long (a job that died half-way leaves them). */
export const WORK_FILES_DAYS = 7;

/** Why each area's grant names a prefix (cdk-nag IAM5): its keys are made per item. */
const AREA_KEYS: Record<FileArea, string> = {
  certificates:
    'Object keys are made per exam and certificate (certificates/<examId>/<number>.pdf), so the grant ' +
    "names the files store's certificates prefix, in this one bucket; nothing outside it.",
  imports:
    "Object keys are made per import (imports/<importId>/…), so the grant names the files store's " +
    'imports prefix, in this one bucket; nothing outside it.',
  materials:
    'Object keys are made per exam, candidate and material (materials/<examId>/<personId>/…), so ' +
    "the grant names the files store's materials prefix, in this one bucket; nothing outside it.",
  seals:
    'Object keys are made per exam and seal image (seals/<examId>/<seal>.png), so the grant names the ' +
    "files store's seals prefix, in this one bucket; nothing outside it.",
  work:
    "Object keys are made per job (work/<kind>/<jobId>/…), so the grant names the files store's work " +
    'prefix, in this one bucket; nothing outside it.',
  reports:
    'Object keys are made per exam and report (reports/<examId>/<reportId>/…), so the grant names the ' +
    "files store's reports prefix, in this one bucket; nothing outside it.",
  objections:
    'Object keys are made per objection (objections/<examId>/<objectionId>.<type>), so the grant ' +
    "names the files store's objections prefix, in this one bucket; nothing outside it.",
};

export class Files extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new PersonalDataKey(this, 'Key', {
      description: 'Encrypts the files store (uploaded passing lists: full ID numbers)',
      services: ['s3'],
    });
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // only an import's own files expire: materials/ is kept, but for the uploads marked for removal
      lifecycleRules: [
        { prefix: 'imports/', expiration: Duration.days(IMPORT_FILES_DAYS) },
        // a job's working files (a notice's lookup fragments): removed by the job, or by this
        { prefix: 'work/', expiration: Duration.days(WORK_FILES_DAYS) },
        // certificate PDFs are a cache: rendered again on the next download after this
        { prefix: 'certificates/', expiration: Duration.days(CERTIFICATE_FILES_DAYS) },
        // N4, R12: a forfeited candidate's own uploads, marked at the forfeiture (functions/lib/retention.ts)
        {
          prefix: SCANNED_PREFIX,
          tagFilters: { [REMOVAL_TAG.key]: REMOVAL_TAG.value },
          expiration: Duration.days(FORFEITED_UPLOAD_DAYS),
        },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'files/',
      // the console PUTs a list straight to its presigned URL (the URL is the authorization); a file too
      // large for a Lambda answer is fetched from its presigned GET (the API's 303, functions/lib/file-store.ts)
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
          allowedOrigins: ['*'],
          allowedHeaders: ['content-type'],
          maxAge: 3600,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Start an import when its list arrives through an upload URL: S3's Object Created events (through
   * EventBridge) for `imports/<importId>/source.csv|xlsx|zip` and a candidate's own material
   * `materials/…/<id>-u.pdf|jpg|png` (R23) go to `fn` (functions/handlers/upload-arrived.ts).
   */
  onUpload(fn: IFunction): void {
    // EventBridge, enabled on the bucket itself (CloudFormation's own property: no notifications custom
    // resource, whose handler would carry a managed policy), then a rule for the two source keys
    (this.bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    new Rule(this, 'UploadArrived', {
      description: 'A passing list or materials ZIP arrived through its upload URL: start its import',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: {
            key: [
              { wildcard: 'imports/*/source.csv' },
              { wildcard: 'imports/*/source.xlsx' },
              { wildcard: 'imports/*/source.zip' },
              // a candidate's own upload (R23): `materials/{examId}/{personId}/{id}-u.{ext}`
              { wildcard: 'materials/*-u.pdf' },
              { wildcard: 'materials/*-u.jpg' },
              { wildcard: 'materials/*-u.png' },
            ],
          },
        },
      },
      targets: [new LambdaFunction(fn, { retryAttempts: 4 })],
    });
    this.grant(fn, 'read');
    // a candidate's material is read to check it, and deleted when refused
    this.grant(fn, 'write', ['materials']);
  }

  /**
   * R23: GuardDuty Malware Protection for S3 scans every new object under `materials/` (the candidates'
   * own uploads `materials/{examId}/{personId}/{id}-u.{ext}`: keys are per exam and person, so
   * `materials/` is the narrowest prefix that holds them; what hr hands over is scanned too), with a
   * role of its own that holds what GuardDuty documents it needs for a KMS-encrypted bucket: its managed
   * EventBridge rule, the bucket's notifications, its validation object, reading the scanned prefix and
   * decrypting through S3. No tagging: the result is recorded on the material, and staff open only
   * what is clean. Each scan result ("GuardDuty Malware Protection Object Scan Result") goes to `fn`
   * (functions/handlers/scan-result.ts), which may remove a file found a threat in.
   */
  protectMaterials(fn: IFunction): CfnMalwareProtectionPlan {
    const role = new Role(this, 'MalwareScanRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      }),
      description: "GuardDuty Malware Protection for S3: scans the files store's materials/ prefix",
    });
    const rules = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${GUARDDUTY_RULE}*`;
    role.addToPolicy(
      new PolicyStatement({
        sid: 'AllowManagedRuleToSendS3EventsToGuardDuty',
        actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
        resources: [rules],
        conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'AllowGuardDutyToMonitorEventBridgeManagedRule',
        actions: ['events:DescribeRule', 'events:ListTargetsByRule'],
        resources: [rules],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'AllowEnableS3EventBridgeEvents',
        actions: ['s3:PutBucketNotification', 's3:GetBucketNotification'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'AllowPutValidationObject',
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(VALIDATION_OBJECT)],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'AllowCheckBucketOwnership',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'AllowMalwareScan',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects(`${SCANNED_PREFIX}*`)],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        sid: 'AllowDecryptForMalwareScan',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringLike: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${SCANNED_PREFIX}*]`,
      'GuardDuty reads each new object it scans; object keys are made per exam, candidate and material ' +
        "(materials/<examId>/<personId>/…), so the grant names the files store's materials prefix, in this one bucket.",
    );
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/${GUARDDUTY_RULE}*]`,
      'GuardDuty makes and names its own EventBridge rule for a protected bucket (the name starts ' +
        `${GUARDDUTY_RULE}, the rest is chosen by GuardDuty), so the grant names that prefix; managing it is ` +
        'further limited to rules GuardDuty manages (events:ManagedBy).',
    );

    const plan = new CfnMalwareProtectionPlan(this, 'MalwareProtection', {
      role: role.roleArn,
      protectedResource: {
        s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [SCANNED_PREFIX] },
      },
      actions: { tagging: { status: 'DISABLED' } },
    });
    // GuardDuty checks the role's access when the plan is made: the policy must be there first
    plan.node.addDependency(role);

    new Rule(this, 'MaterialScanned', {
      description: "GuardDuty scanned a material's file: record its result (R23)",
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Malware Protection Object Scan Result'],
        detail: {
          s3ObjectDetails: {
            bucketName: [this.bucket.bucketName],
            objectKey: [{ prefix: SCANNED_PREFIX }],
          },
        },
      },
      targets: [new LambdaFunction(fn, { retryAttempts: 4 })],
    });
    // a file found a threat in is deleted
    this.grant(fn, 'write', ['materials']);
    return plan;
  }

  /** The environment variable functions/lib/file-store.ts reads. */
  get environment(): Record<string, string> {
    return { FILES_BUCKET: this.bucket.bucketName };
  }

  /**
   * N4: what marking a forfeited candidate's uploads needs (functions/lib/file-store.ts markForRemoval):
   * list materials/ and tag its objects; no read, write or delete of any file.
   */
  grantMarkForRemoval(fn: IFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObjectTagging'],
        resources: [this.bucket.arnForObjects(`${SCANNED_PREFIX}*`)],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${SCANNED_PREFIX}*`] } },
      }),
    );
    for (const [k, v] of Object.entries(this.environment)) (fn as NodejsFunction).addEnvironment(k, v);
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    if (fn.role)
      acknowledge(fn.role, `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/materials/*]`, AREA_KEYS.materials);
  }

  /**
   * Exactly the calls functions/lib/file-store.ts makes, on the named areas only (the imports prefix
   * unless said otherwise): get (and put, delete, finish multipart uploads) objects, list the prefix,
   * and use the key.
   */
  grant(fn: IFunction, access: 'read' | 'write', areas: readonly FileArea[] = ['imports']): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions:
          access === 'write'
            ? ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload']
            : ['s3:GetObject'],
        resources: areas.map((a) => this.bucket.arnForObjects(`${a}/*`)),
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': areas.map((a) => `${a}/*`) } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: access === 'write' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    if (fn.role)
      for (const a of areas)
        acknowledge(fn.role, `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${a}/*]`, AREA_KEYS[a]);
  }
}
