/**
 * The files store (functions/lib/file-store.ts): uploaded passing lists and materials ZIPs and what
 * jobs make of them (`imports/`), and the candidates' materials taken from the ZIPs (`materials/`).
 * Private, KMS-encrypted with its own key (rotated yearly), TLS only, access-logged; the lists hold
 * full ID numbers, so `imports/` is kept only while an import may need them (30 days), then deleted;
 * `materials/` is the candidates' record (the verifier reads it, round 2 reuses it, R23) and does not
 * expire. Functions get read or read/write access to the areas their route declares (`files`,
 * `fileAreas` in functions/routes.ts).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { FileArea } from '../../functions/routes.js';
import { acknowledge } from './nag.js';

/** How long an uploaded list (and its errors and conversions) is kept. */
export const IMPORT_FILES_DAYS = 30;
/** A job's working files are kept at most this long (a job that died half-way leaves them). */
export const WORK_FILES_DAYS = 7;

/** Why each area's grant names a prefix (cdk-nag IAM5): its keys are made per item. */
const AREA_KEYS: Record<FileArea, string> = {
  imports:
    "Object keys are made per import (imports/<importId>/…), so the grant names the files store's " +
    'imports prefix, in this one bucket; nothing outside it.',
  materials:
    'Object keys are made per exam, candidate and material (materials/<examId>/<personId>/…), so ' +
    "the grant names the files store's materials prefix, in this one bucket; nothing outside it.",
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
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the files store (uploaded passing lists: full ID numbers)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
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
      // only an import's own files expire: materials/ is kept (no rule names it)
      lifecycleRules: [
        { prefix: 'imports/', expiration: Duration.days(IMPORT_FILES_DAYS) },
        // a job's working files (a notice's lookup fragments): removed by the job, or by this
        { prefix: 'work/', expiration: Duration.days(WORK_FILES_DAYS) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'files/',
      // the console PUTs a list straight to its presigned URL (the URL is the authorization)
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
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

  /** The environment variable functions/lib/file-store.ts reads. */
  get environment(): Record<string, string> {
    return { FILES_BUCKET: this.bucket.bucketName };
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
