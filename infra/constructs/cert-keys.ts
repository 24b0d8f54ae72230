/**
 * The certificate signing key (R17, R25): an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) whose
 * private key never leaves KMS; functions/lib/cert-signer.ts signs certificates with it (ES256) and
 * publishes its public key in the site's `/.well-known/jwks.json`.
 *
 * Key policy, least privilege: the account may administer the key through IAM (describe, tag, disable,
 * schedule deletion, …) but not use it: no `kms:Sign` for the account as a whole. Only the functions
 * given `grantSign` may sign, named in both the key policy and their role's policy. Reading the public
 * key (`kms:GetPublicKey`) goes with the signing grant, or alone (`grantReadPublicKey`: the job worker,
 * which publishes the JWKS for the issuance's broadcast); the public key is public anyway (the JWKS).
 *
 * Rotation: asymmetric KMS keys do not rotate themselves (enableKeyRotation is for symmetric keys).
 * A rotation is a new key under the same alias; the old key is kept enabled for `GetPublicKey` and its
 * id passed as a previous key (kmsCertSigner's `previousKeyIds`), and `publishJwks` never drops a
 * published `kid`, so certificates signed before the rotation still verify. The key is retained if the
 * stack is deleted: without its public key no issued certificate could be verified.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRootPrincipal, type IGrantable, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type Alias, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';

export const CERT_SIGNING_ALIAS = 'alias/cert-workflow/certificate-signing';

/** What the account may do with the key through IAM: administer it, never sign with it. */
export const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

export class CertSigningKey extends Construct {
  readonly key: Key;
  readonly alias: Alias;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Signs electronic certificates (ES256); public key published in /.well-known/jwks.json',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      // asymmetric keys cannot rotate automatically: a rotation is a new key (see above)
      enableKeyRotation: false,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'AccountAdministersNotSigns',
            principals: [new AccountRootPrincipal()],
            actions: ADMIN_ACTIONS,
            resources: ['*'],
          }),
        ],
      }),
    });
    this.alias = this.key.addAlias(CERT_SIGNING_ALIAS);
  }

  /** The env a signing function reads the key from (functions/lib/cert-signer.ts). */
  get environment(): Record<string, string> {
    return { CERT_SIGNING_KEY_ID: this.key.keyArn };
  }

  private grants = 0;

  /** Lets a function read the public key only (to publish it, never to sign): in its role and in the key policy. */
  grantReadPublicKey(fn: NodejsFunction | IGrantable): void {
    const principal = fn.grantPrincipal;
    const n = ++this.grants;
    const read = { actions: ['kms:GetPublicKey'] };
    principal.addToPrincipalPolicy(new PolicyStatement({ ...read, resources: [this.key.keyArn] }));
    this.key.addToResourcePolicy(
      new PolicyStatement({ sid: `GetPublicKey${n}`, ...read, principals: [principal], resources: ['*'] }),
    );
  }

  /** Lets a function sign certificates and read the public key: in its role and in the key policy. */
  grantSign(fn: NodejsFunction | IGrantable): void {
    const principal = fn.grantPrincipal;
    const n = ++this.grants;
    const sign = {
      actions: ['kms:Sign'],
      conditions: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
    };
    const read = { actions: ['kms:GetPublicKey'] };
    for (const [sid, s] of [
      [`Sign${n}`, sign],
      [`GetPublicKey${n}`, read],
    ] as const) {
      principal.addToPrincipalPolicy(new PolicyStatement({ ...s, resources: [this.key.keyArn] }));
      this.key.addToResourcePolicy(
        new PolicyStatement({ sid, ...s, principals: [principal], resources: ['*'] }),
      );
    }
  }
}
