/**
 * The static site: public announcements, candidate portal and department console, served from a
 * private S3 bucket through CloudFront (origin access control), HTTPS only, with security headers; and
 * /api/* on the same distribution, forwarded uncached to the HTTP API, so the web calls its API
 * same-origin.
 *
 * The web build (dist/web, made by `npm run build:web`) is uploaded by a BucketDeployment. If dist/web
 * does not exist when the app is synthesized (a fresh checkout, CI running only the infra tests), the
 * deployment carries a single marker file instead, so `cdk synth` and the tests still work offline;
 * deploying such a synth changes nothing visible (the marker is not index.html). The deployment does
 * not prune: announcements rendered at publish time and the certificates' public keys
 * (`/.well-known/jwks.json`) live in the same bucket and must survive deploys.
 *
 * The same deployment writes `/config.json`, the site config the web reads at run time (web/auth.ts):
 * `{ auth: 'cognito', region, userPoolId, staffClientId, endpoint }`, its values
 * resolved by CloudFormation at deploy time. The pages call the Cognito endpoint from the browser, so
 * the CSP's connect-src names it: `cognito-idp.<region>.<URL suffix>` (amazonaws.com; amazonaws.com.cn
 * in the China regions).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CfFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../functions/lib/origin.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../security-headers.js';
import { LOG_RETENTION, repoRoot } from './functions.js';
import { acknowledge } from './nag.js';

/** The user pool and app clients the web signs in with (written to /config.json). */
export interface SiteAuthConfig {
  userPoolId: string;
  staffClientId: string;
}

/** The site config served as /config.json (web/auth.ts `CognitoSiteConfig`). */
export const SITE_CONFIG_KEY = 'config.json';

export interface SiteProps {
  /** the HTTP API's host name (`<id>.execute-api.<region>.<suffix>`) */
  apiDomainName: string;
  /** Cognito ids for the web's sign-in, written to /config.json at deploy time */
  auth: SiteAuthConfig;
  /** the web build to upload; default dist/web */
  webBuildDir?: string;
  /** a custom domain and its us-east-1 ACM certificate; without them the cloudfront.net name is used */
  domainNames?: string[];
  certificate?: ICertificate;
  /** the WAF web ACL (scope CLOUDFRONT, in us-east-1: infra/edge-stack.ts) to attach */
  webAclArn: string;
  /** the origin secret CloudFront adds to every /api/* request (functions/lib/origin.ts) */
  originVerify: string;
  /** where the console PUTs big lists (the files bucket's presigned URLs), for the CSP's connect-src */
  uploadOrigin?: string;
}

/** /portal/ → /portal/index.html, /portal → /portal/index.html (S3 REST origins have no index documents). */
const INDEX_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) request.uri = uri + 'index.html';
  else if (uri.split('/').pop().indexOf('.') === -1) request.uri = uri + '/index.html';
  return request;
}`;

/**
 * /api/*: the viewer's address for the API (functions/lib/http.ts clientAddressOf), replacing any
 * `x-viewer-address` the caller sent, so the sign-in limits count the real client, not CloudFront; and
 * the host the viewer asked for (`x-viewer-host`: the certificate's QR code links the check page on it,
 * functions/handlers/certificates.ts), since the origin request's Host is the API's own.
 */
export const VIEWER_ADDRESS = `function handler(event) {
  var request = event.request;
  request.headers['x-viewer-address'] = { value: event.viewer.ip };
  request.headers['x-viewer-host'] = { value: request.headers.host ? request.headers.host.value : '' };
  return request;
}`;

export class Site extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    // the Cognito user pool API of this region, which the console and the portal call from the browser
    const cognitoOrigin = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}`;

    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are delivered with ACLs
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Content', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // the one definition the local server sends too (infra/security-headers.ts)
    const h = SECURITY_HEADERS;
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HSTS, CSP, no framing, no sniffing, strict referrer',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(h.hsts.maxAgeDays),
          includeSubdomains: h.hsts.includeSubdomains,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy([
            cognitoOrigin,
            ...(props.uploadOrigin ? [props.uploadOrigin] : []),
          ]),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const indexRewrite = new CfFunction(this, 'IndexRewrite', {
      code: FunctionCode.fromInline(INDEX_REWRITE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'directory URLs → index.html',
    });

    const viewerAddress = new CfFunction(this, 'ViewerAddress', {
      code: FunctionCode.fromInline(VIEWER_ADDRESS),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'the viewer address for the API (x-viewer-address)',
    });

    const customDomain = props.certificate && props.domainNames?.length;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Certificate workflow: public site, portal, console, /api',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
        functionAssociations: [{ function: indexRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            // proves to the API that the request came through here (and so through the WAF)
            customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerify },
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // uncached, so every viewer header (Authorization included) reaches the API, except Host
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(customDomain
        ? {
            domainNames: props.domainNames,
            certificate: props.certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      webAclId: props.webAclArn,
    });

    if (!customDomain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose ' +
          'viewer TLS policy CloudFront fixes and cannot be raised. Deploy with -c domainName=… -c ' +
          'certificateArn=… (ACM, us-east-1) to get TLSv1.2_2021; browsers negotiate TLS 1.2+ anyway.',
      );
    }
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction on purpose: candidates working or studying abroad must be able to sign in, ' +
        'book mail and download their certificates, and the public announcements are public by law. ' +
        'Access to personal data is controlled by authentication, not by location.',
    );

    const webDir = props.webBuildDir ?? join(repoRoot, 'dist', 'web');
    const hasBuild = existsSync(join(webDir, 'index.html'));
    if (!hasBuild) {
      Annotations.of(this).addInfo(
        `${webDir} not found: the site deployment carries only a marker file. Run \`npm run build:web\` before \`cdk deploy\`.`,
      );
    }
    // The deployment's Lambda gets a role of our own (no AWS managed policy) and its own log group.
    const deployLogs = new LogGroup(this, 'WebDeploymentLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const deployRole = new Role(this, 'WebDeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'BucketDeployment: copies the web build from the CDK asset bucket into the site bucket',
    });
    deployLogs.grantWrite(deployRole);
    this.deployment = new BucketDeployment(this, 'WebDeployment', {
      role: deployRole,
      logGroup: deployLogs,
      sources: [
        hasBuild
          ? Source.asset(webDir)
          : Source.data('.web-build-missing', 'Run `npm run build:web` before `cdk deploy`.\n'),
        Source.jsonData(SITE_CONFIG_KEY, {
          auth: 'cognito',
          region: Aws.REGION,
          userPoolId: props.auth.userPoolId,
          staffClientId: props.auth.staffClientId,
          endpoint: `${cognitoOrigin}/`,
        }),
      ],
      destinationBucket: this.bucket,
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    acknowledgeDeploymentHandler(this, deployRole);
  }

  /**
   * A function that publishes announcements (the job worker: a notice's pages, and their take-down at
   * the end of the period, N4): it writes and removes objects — every version — under announcements/
   * only, and invalidates this distribution's cached copies (functions/lib/site-store.ts).
   */
  grantPublish(fn: NodejsFunction): void {
    fn.addEnvironment('SITE_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('SITE_DISTRIBUTION_ID', this.distribution.distributionId);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [this.bucket.arnForObjects(`${ANNOUNCEMENTS_PREFIX}*`)],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${ANNOUNCEMENTS_PREFIX}*`] } },
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    if (fn.role)
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${ANNOUNCEMENTS_PREFIX}*]`,
        'Announcement files are made per notice, page and lookup shard (announcements/<noticeId>/…), so the ' +
          "grant names the site bucket's announcements prefix; the web build outside it stays out of reach.",
      );
    this.grantInvalidate(fn);
  }

  /**
   * A function that publishes the certificates' public keys (the issuance, R25): it reads and writes
   * `/.well-known/jwks.json` and nothing else of the bucket, and invalidates the distribution's copy
   * (functions/lib/cert-signer.ts publishJwks).
   */
  grantPublishKeys(fn: NodejsFunction): void {
    fn.addEnvironment('SITE_BUCKET', this.bucket.bucketName);
    fn.addEnvironment('SITE_DISTRIBUTION_ID', this.distribution.distributionId);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [this.bucket.arnForObjects(JWKS_PATH)],
      }),
    );
    this.grantInvalidate(fn);
  }

  private grantInvalidate(fn: NodejsFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cloudfront:CreateInvalidation'],
        resources: [
          Stack.of(this).formatArn({
            service: 'cloudfront',
            region: '',
            resource: 'distribution',
            resourceName: this.distribution.distributionId,
          }),
        ],
      }),
    );
  }
}

/** Where the certificates' public keys are published (functions/lib/cert-signer.ts JWKS_KEY). */
export const JWKS_PATH = '.well-known/jwks.json';

/** Where announcements are rendered in the site bucket (functions/domain/notices.ts noticeSite). */
export const ANNOUNCEMENTS_PREFIX = 'announcements/';

/**
 * The BucketDeployment handler is aws-cdk-lib's own singleton Lambda: its runtime and the shape of its
 * grants are fixed by the library. It runs only while CloudFormation deploys the stack.
 */
function acknowledgeDeploymentHandler(site: Construct, role: Role): void {
  const why =
    'granted by aws-cdk-lib BucketDeployment to its deployment Lambda (runs only during cdk deploy)';
  const ack = (rule: `AwsSolutions-${string}`, reason: string) => acknowledge(role, rule, reason);
  for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*']) {
    ack(
      `AwsSolutions-IAM5[Action::${action}]`,
      `${action}: read of the CDK asset bucket and the site bucket, ${why}.`,
    );
  }
  for (const action of ['s3:Abort*', 's3:DeleteObject*']) {
    ack(
      `AwsSolutions-IAM5[Action::${action}]`,
      `${action}: write to the site bucket only (upload, multipart abort, replacing objects), ${why}.`,
    );
  }
  ack(
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
    `Objects of the CDK bootstrap asset bucket, where the zipped web build is staged; ${why}.`,
  );
  const siteBucket = (site as Site).bucket;
  const bucketId = Stack.of(site).getLogicalId(siteBucket.node.defaultChild as never);
  ack(
    `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
    `Objects of this stack's site bucket, the deployment's destination; ${why}.`,
  );
  ack(
    'AwsSolutions-IAM5[Resource::*]',
    `cloudfront:CreateInvalidation/GetInvalidation after each upload, ${why}, which grants them on "*".`,
  );
  const handler = Stack.of(site).node.children.find((c) =>
    c.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (handler) {
    acknowledge(
      handler,
      'AwsSolutions-L1',
      "The runtime of BucketDeployment's handler (Python, with the AWS CLI layer) is chosen by aws-cdk-lib " +
        'and cannot be configured; it is updated with aws-cdk-lib. It runs only during deployments.',
    );
  }
}
