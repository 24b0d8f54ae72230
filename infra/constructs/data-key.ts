/**
 * The one way a key for personal data is made (N4, PIPL; 等保 level 3 asks for encryption at rest under
 * keys the operator controls): a symmetric customer-managed KMS key with these defaults fixed here once —
 * - automatic rotation every year (KMS keeps the old material, so nothing stored must be re-encrypted);
 * - retained if the stack is deleted (the tables and buckets it protects are retained too, and are
 *   unreadable without it), with the longest pending window;
 * - a key policy that names who may use it: the account (its administrators, through IAM) may manage
 *   the key but not use it directly; IAM principals of this account may encrypt and decrypt with it
 *   only through the services named for the key (`kms:ViaService`: DynamoDB, SQS, S3 of this region)
 *   and only when their own role's policy grants it too — the functions' roles get exactly those grants
 *   (TableV2/Queue/Files grants). So a console user with `kms:Decrypt` on "*" still cannot decrypt a
 *   table export or a queue message with it outside those services, and no other account can at all.
 *
 * Used by the stack for the tables and queues (PersonalDataKey) and by the files store for its bucket.
 */
import { Aws, Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { ADMIN_ACTIONS } from './cert-keys.js';
import { acknowledge } from './nag.js';

/** The services a personal-data key may be used through. */
export type DataService = 'dynamodb' | 'sqs' | 's3';

/** What the services do with the key on a caller's behalf (DynamoDB and S3 make grants for their own use). */
export const USE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
  'kms:CreateGrant',
];

export interface PersonalDataKeyProps {
  description: string;
  /** the services it encrypts for */
  services: readonly DataService[];
  alias?: string;
}

export class PersonalDataKey extends Key {
  constructor(scope: Construct, id: string, props: PersonalDataKeyProps) {
    super(scope, id, {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.alias ? { alias: props.alias } : {}),
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'AccountAdministersKey',
            principals: [new AccountRootPrincipal()],
            actions: ADMIN_ACTIONS,
            resources: ['*'],
          }),
          new PolicyStatement({
            sid: 'UseOnlyThroughDataServices',
            principals: [new AccountRootPrincipal()],
            actions: USE_ACTIONS,
            resources: ['*'],
            conditions: {
              StringEquals: {
                'kms:CallerAccount': Aws.ACCOUNT_ID,
                'kms:ViaService': props.services.map((s) => `${s}.${Aws.REGION}.${Aws.URL_SUFFIX}`),
              },
            },
          }),
        ],
      }),
    });
  }
}

/**
 * The grants CDK writes for a customer-managed key (TableV2 read/write, Queue send) name two KMS actions
 * with a wildcard (`kms:ReEncrypt*`, `kms:GenerateDataKey*`); cdk-nag flags each role that holds them.
 * Run once at the end of the stack: every role holding one gets the acknowledgement, none other.
 */
export function acknowledgeDataKeyGrants(stack: Stack): void {
  for (const c of stack.node.findAll()) {
    if (!(c instanceof Role)) continue;
    const policy = c.node.tryFindChild('DefaultPolicy') as { document?: PolicyDocument } | undefined;
    const json = JSON.stringify(policy?.document ? stack.resolve(policy.document.toJSON()) : {});
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*'])
      if (json.includes(`"${action}"`))
        acknowledge(
          c,
          `AwsSolutions-IAM5[Action::${action}]`,
          `${action} is how aws-cdk-lib grants a table's or a queue's use of its customer-managed key ` +
            '(the variants of one operation: ReEncryptFrom/To, GenerateDataKey[WithoutPlaintext]); the grant ' +
            'names the personal-data key only, and the key policy allows it only through DynamoDB, SQS and S3.',
        );
  }
}
