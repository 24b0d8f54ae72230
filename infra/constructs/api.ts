/**
 * The HTTP API, built from the one route list in functions/routes.ts: one route per entry, and one
 * Lambda function per handler module (entry functions/handlers/<module>.ts) serving all its routes —
 * its handler dispatches on API Gateway's `routeKey` to the export the route names
 * (functions/lib/module-handler.ts). A function's grants are exactly the union of what its routes
 * declare (`moduleGrants`), no more; a route added to the list needs no code here. A function per
 * route cost six resources a route (function, role, policy, permission, integration, route) and would
 * not fit CloudFormation's 500 resources; per module it is one integration and one permission, scoped
 * to this API, per function. Every non-public route carries the JWT authorizer (issuer: the user pool;
 * audiences: both app clients — the handlers tell staff from candidates by `aud`, so clients must send
 * the ID token). The `$default` stage has access logging and throttling defaults. The web reaches the
 * API same-origin through CloudFront's /api/* behaviour (infra/constructs/site.ts), so there is no CORS.
 */
import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  ApiMapping,
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TableId } from '../../functions/data/tables.js';
import { routeKeyOf } from '../../functions/lib/module-handler.js';
import { ORIGIN_VERIFY_ENV } from '../../functions/lib/origin.js';
import {
  routes as allRoutes,
  type FileArea,
  type HandlerModule,
  type LifecyclePermission,
  type RouteSpec,
} from '../../functions/routes.js';
import type { FileWorker } from './file-worker.js';
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
  /** routes that need PDF or spreadsheet work (`certificatePdf`, `fileWork`) may invoke the file worker */
  fileWorker: FileWorker;
  routes?: readonly RouteSpec[];
  /**
   * the origin secret CloudFront adds to each request (functions/lib/origin.ts), given to every route
   * function as ORIGIN_VERIFY: a Secrets Manager dynamic reference, resolved at deploy time
   */
  originVerify: string;
  /**
   * the API's own custom domain (a regional ACM certificate in the stack's region): the default
   * execute-api endpoint is then disabled and CloudFront uses this name
   */
  customDomain?: { domainName: string; certificateArn: string };
}

const pascal = (s: string) =>
  s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/** A route's timeout unless it says otherwise (`timeoutSeconds`). */
export const ROUTE_TIMEOUT_SECONDS = 15;

const LIFECYCLE_ORDER: readonly LifecyclePermission[] = ['none', 'wake', 'drive'];

/** What one handler module's function is granted: the union of its routes' declarations. */
export interface ModuleGrants {
  module: HandlerModule;
  routes: RouteSpec[];
  reads: TableId[];
  writes: TableId[];
  personIdKey: boolean;
  /** the most any route asks: drive includes wake */
  lifecycle: LifecyclePermission;
  startsJobs: boolean;
  /** per area of the files store, the most any route asks (a route's `fileAreas`, imports by default) */
  files: { read: FileArea[]; write: FileArea[] };
  staffDirectory: boolean;
  candidateTokens: boolean;
  /** some route serves certificate PDFs */
  certificatePdf: boolean;
  /** some route needs the file worker (PDF or spreadsheet work): the function may invoke it */
  fileWorker: boolean;
  timeoutSeconds: number;
}

/** The handler modules the routes name, in order of first use, each with the union of its routes' grants. */
export function moduleGrants(routes: readonly RouteSpec[]): ModuleGrants[] {
  const modules = [...new Set(routes.map((r) => r.module))];
  return modules.map((module) => {
    const rs = routes.filter((r) => r.module === module);
    const areas = (access: 'read' | 'write') =>
      rs.filter((r) => r.files === access).flatMap((r) => r.fileAreas ?? (['imports'] as const));
    const write = [...new Set(areas('write'))];
    const read = [...new Set(areas('read'))].filter((a) => !write.includes(a));
    return {
      module,
      routes: rs,
      reads: [...new Set(rs.flatMap((r) => r.reads))],
      writes: [...new Set(rs.flatMap((r) => r.writes))],
      personIdKey: rs.some((r) => r.personIdKey),
      lifecycle: LIFECYCLE_ORDER[Math.max(...rs.map((r) => LIFECYCLE_ORDER.indexOf(r.lifecycle)))] ?? 'none',
      startsJobs: rs.some((r) => r.startsJobs),
      files: { read, write },
      staffDirectory: rs.some((r) => r.staffDirectory),
      candidateTokens: rs.some((r) => r.candidateTokens),
      certificatePdf: rs.some((r) => r.certificatePdf),
      fileWorker: rs.some((r) => r.certificatePdf || r.fileWork),
      timeoutSeconds: Math.max(...rs.map((r) => r.timeoutSeconds ?? ROUTE_TIMEOUT_SECONDS)),
    };
  });
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  /** the function serving each route, keyed by `METHOD path` (its module's function) */
  readonly handlers = new Map<string, NodejsFunction>();
  /** one function per handler module */
  readonly moduleFunctions = new Map<HandlerModule, NodejsFunction>();
  /** the API's host name, for the CloudFront origin */
  readonly domainName: string;
  /** with a custom domain: its API Gateway domain (the name's DNS record points here) */
  readonly customDomain?: DomainName;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const routes = props.routes ?? allRoutes;

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Certificate workflow API (served to the web through CloudFront /api/*)',
      createDefaultStage: false,
      // behind a custom domain, https://<id>.execute-api… answers nothing: only the name CloudFront uses
      disableExecuteApiEndpoint: Boolean(props.customDomain),
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
    for (const m of moduleGrants(routes)) {
      const id = `${pascal(m.module)}Routes`;
      const lifecycle = m.lifecycle;
      const description = `functions/handlers/${m.module}.ts: ${m.routes.map(routeKeyOf).join(', ')}`;
      const fn = props.functions.create(this, id, {
        logGroup: routeLogs,
        entry: `functions/handlers/${m.module}.ts`,
        routeModule: m.module,
        // Lambda takes at most 256 characters
        description: description.length > 256 ? `${description.slice(0, 255)}…` : description,
        reads: m.reads,
        writes: m.writes,
        personIdKey: m.personIdKey,
        timeout: Duration.seconds(m.timeoutSeconds),
        // functions/lib/http.ts tells staff from candidates by the token's audience
        environment: {
          STAFF_CLIENT_ID: props.staffClient.userPoolClientId,
          CANDIDATE_CLIENT_ID: props.candidateClient.userPoolClientId,
          ...(lifecycle === 'none' ? {} : props.lifecycle.environment),
          ...(m.startsJobs ? props.jobs.environment : {}),
          ...(m.files.read.length || m.files.write.length ? props.files.environment : {}),
          ...(m.fileWorker ? props.fileWorker.environment : {}),
          ...(m.staffDirectory || m.candidateTokens ? { USER_POOL_ID: props.userPool.userPoolId } : {}),
          // behind CloudFront: the viewer's address is the one its viewer-request function writes
          // (infra/constructs/site.ts), which functions/lib/http.ts clientAddressOf reads
          TRUST_VIEWER_ADDRESS: '1',
          // only requests through CloudFront (functions/lib/origin.ts)
          [ORIGIN_VERIFY_ENV]: props.originVerify,
        },
        ...(lifecycle === 'none' ? {} : { wildcardResourceReasons: props.lifecycle.wakeReasons }),
      });
      // least privilege, as the routes declare it: none, wake waiting executions, or drive them
      if (lifecycle === 'wake') props.lifecycle.grantWake(fn);
      if (lifecycle === 'drive') props.lifecycle.grantDrive(fn);
      if (m.startsJobs) props.jobs.grantStart(fn);
      if (m.fileWorker) props.fileWorker.grantInvoke(fn);
      if (m.files.write.length) props.files.grant(fn, 'write', m.files.write);
      if (m.files.read.length) props.files.grant(fn, 'read', m.files.read);
      // functions/lib/staff-directory.ts: staff credentials, groups and custom:dept, on this pool only
      if (m.staffDirectory)
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
      if (m.candidateTokens)
        props.userPool.grant(
          fn,
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminInitiateAuth',
          'cognito-idp:AdminRespondToAuthChallenge',
        );
      this.moduleFunctions.set(m.module, fn);
      // one integration for the function's routes (one CfnIntegration), and one permission for API
      // Gateway to invoke it from any route of this API (not one per route)
      const integration = new HttpLambdaIntegration(`${id}Integration`, fn, {
        scopePermissionToRoute: false,
      });
      for (const r of m.routes) this.addRoute(r, fn, integration, cfnStage, routeSettings);
    }

    if (Object.keys(routeSettings).length) cfnStage.routeSettings = routeSettings;

    if (props.customDomain) {
      this.customDomain = new DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      new ApiMapping(this, 'Mapping', {
        api: this.httpApi,
        domainName: this.customDomain,
        stage: this.stage,
      });
      this.domainName = props.customDomain.domainName;
    } else {
      // https://<id>.execute-api.<region>.<suffix> → the host name
      this.domainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
    }
  }

  private addRoute(
    r: RouteSpec,
    fn: NodejsFunction,
    integration: HttpLambdaIntegration,
    cfnStage: CfnStage,
    routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>,
  ): void {
    this.handlers.set(routeKeyOf(r), fn);
    const [route] = this.httpApi.addRoutes({
      path: r.path,
      methods: [HttpMethod[r.method]],
      integration,
      ...(r.access === 'public' ? {} : { authorizer: this.authorizer }),
    });
    if (r.throttle && route) {
      // RouteSettings is plain JSON to CloudFormation (a map by route key): its names as CloudFormation has them
      routeSettings[routeKeyOf(r)] = {
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
}
