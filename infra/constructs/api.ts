/**
 * The HTTP API, built from the one route list in functions/routes.ts: one Lambda function per route
 * (entry functions/handlers/<module>.ts, handler = the export name), with grants for exactly the
 * tables the route lists. Every non-public route carries the JWT authorizer (issuer: the user pool;
 * audiences: both app clients — the handlers tell staff from candidates by `aud`, so clients must send
 * the ID token). The `$default` stage has access logging and throttling defaults. The web reaches the
 * API same-origin through CloudFront's /api/* behaviour (infra/constructs/site.ts), so there is no CORS.
 */
import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes as allRoutes, type RouteSpec } from '../../functions/routes.js';
import type { Files } from './files.js';
import { type FunctionFactory, LOG_RETENTION } from './functions.js';
import type { JobQueueAccess } from './jobs.js';
import type { LifecycleAccess } from './lifecycle-functions.js';
import { acknowledge } from './nag.js';

/** Stage-wide throttling; API Gateway's account default (10,000 rps) is far above what one stage needs. */
export const API_THROTTLE = { rateLimit: 1000, burstLimit: 2000 } as const;

export interface ApiProps {
  functions: FunctionFactory;
  userPool: UserPool;
  staffClient: UserPoolClient;
  candidateClient: UserPoolClient;
  /** what a route's function may do to lifecycle executions is declared per route (`lifecycle`) */
  lifecycle: LifecycleAccess;
  /** routes that start long work (`startsJobs`) may send to the job queue */
  jobs: JobQueueAccess;
  /** routes that read or write files (`files`) get that access to the files store */
  files: Files;
  routes?: readonly RouteSpec[];
}

const pascal = (s: string) =>
  s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/** A stable construct id per route, e.g. `GetApiExamsExamIdCandidates`. */
export const routeId = (r: RouteSpec) => pascal(`${r.method.toLowerCase()} ${r.path.replace(/[{}]/g, '')}`);

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  /** keyed by `METHOD path` */
  readonly handlers = new Map<string, NodejsFunction>();
  /** the API's host name, for the CloudFront origin */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const routes = props.routes ?? allRoutes;

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Certificate workflow API (served to the web through CloudFront /api/*)',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      detailedMetricsEnabled: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });

    this.authorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${props.userPool.userPoolId}`,
      {
        authorizerName: 'cognito-jwt',
        jwtAudience: [props.staffClient.userPoolClientId, props.candidateClient.userPoolClientId],
      },
    );

    // a route's own rate below the stage's (e.g. the candidate sign-in: functions/domain/sign-in-limits.ts)
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    // one retained log group for every route handler (a group each would cost a resource per route)
    const routeLogs = new LogGroup(this, 'RouteLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const r of routes) {
      const rid = routeId(r);
      const lifecycle = r.lifecycle;
      const fn = props.functions.create(this, rid, {
        logGroup: routeLogs,
        entry: `functions/handlers/${r.module}.ts`,
        handler: r.exportName,
        description: `${r.method} ${r.path} (${r.access})`,
        reads: r.reads,
        writes: r.writes,
        personIdKey: r.personIdKey,
        timeout: Duration.seconds(15),
        // functions/lib/http.ts tells staff from candidates by the token's audience
        environment: {
          STAFF_CLIENT_ID: props.staffClient.userPoolClientId,
          CANDIDATE_CLIENT_ID: props.candidateClient.userPoolClientId,
          ...(lifecycle === 'none' ? {} : props.lifecycle.environment),
          ...(r.startsJobs ? props.jobs.environment : {}),
          ...(r.files ? props.files.environment : {}),
          ...(r.staffDirectory || r.candidateTokens ? { USER_POOL_ID: props.userPool.userPoolId } : {}),
          // behind CloudFront: the viewer's address is the one its viewer-request function writes
          // (infra/constructs/site.ts), which functions/lib/http.ts clientAddressOf reads
          TRUST_VIEWER_ADDRESS: '1',
        },
        ...(lifecycle === 'none' ? {} : { wildcardResourceReasons: props.lifecycle.wakeReasons }),
      });
      // least privilege, as the route declares it: none, wake waiting executions, or drive them
      if (lifecycle === 'wake') props.lifecycle.grantWake(fn);
      if (lifecycle === 'drive') props.lifecycle.grantDrive(fn);
      if (r.startsJobs) props.jobs.grantStart(fn);
      if (r.files) props.files.grant(fn, r.files, r.fileAreas);
      // functions/lib/staff-directory.ts: staff credentials, groups and custom:dept, on this pool only
      if (r.staffDirectory)
        props.userPool.grant(
          fn,
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminSetUserPassword',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminRemoveUserFromGroup',
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminUserGlobalSignOut',
          'cognito-idp:AdminSetUserMFAPreference',
        );
      // functions/lib/candidate-tokens.ts: a candidate's user at first sign-in, and the admin custom auth
      if (r.candidateTokens)
        props.userPool.grant(
          fn,
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminInitiateAuth',
          'cognito-idp:AdminRespondToAuthChallenge',
        );
      this.handlers.set(`${r.method} ${r.path}`, fn);
      const [route] = this.httpApi.addRoutes({
        path: r.path,
        methods: [HttpMethod[r.method]],
        integration: new HttpLambdaIntegration(`${rid}Integration`, fn),
        ...(r.access === 'public' ? {} : { authorizer: this.authorizer }),
      });
      if (r.throttle && route) {
        // RouteSettings is plain JSON to CloudFormation (a map by route key): its names as CloudFormation has them
        routeSettings[`${r.method} ${r.path}`] = {
          ThrottlingRateLimit: r.throttle.ratePerSecond,
          ThrottlingBurstLimit: r.throttle.burst,
        };
        cfnStage.node.addDependency(route);
      }
      if (r.access === 'public' && route) {
        acknowledge(
          route,
          'AwsSolutions-APIG4',
          `${r.method} ${r.path} is public by design (access 'public' in functions/routes.ts, e.g. the ` +
            'certificate validity check): it serves anonymous visitors, so there is no token to authorize; ' +
            "the stage throttle and the handler's input validation still apply.",
        );
      }
    }

    if (Object.keys(routeSettings).length) cfnStage.routeSettings = routeSettings;

    // https://<id>.execute-api.<region>.<suffix> → the host name
    this.domainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
  }
}
