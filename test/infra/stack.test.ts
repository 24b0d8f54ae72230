/**
 * Template assertions on the synthesized stack: tables, functions, API authorization, auth, outbox and
 * site. Lambda code is not bundled here (see fixture.ts); the nag test and `npm run synth` bundle.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableList, tables } from '../../functions/data/tables.js';
import { staffRoles } from '../../functions/domain/departments.js';
import { type HandlerModule, routes } from '../../functions/routes.js';
import {
  LIFECYCLE_MACHINE_NAME,
  type LifecycleTaskName,
  lifecycleTasks,
} from '../../infra/constructs/lifecycle.js';
import { JWKS_PATH } from '../../infra/constructs/site.js';
import type { CertWorkflowStack } from '../../infra/stack.js';
import { buildTemplate, logicalId } from './fixture.js';

/** CloudFormation JSON, read loosely: the assertions below pin the parts that matter. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type
type Cfn = any;
type Resource = {
  Type: string;
  Properties: Record<string, Cfn>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

let stack: CertWorkflowStack;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ stack, template } = buildTemplate());
  resources = template.toJSON().Resources as Record<string, Resource>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const ref = (id: string) => ({ Ref: id });

/** Statements of the IAM policies attached to a role (by the role's logical id). */
function statementsOfRole(
  roleId: string,
): { Effect: string; Action: string | string[]; Resource: unknown }[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify(ref(roleId))),
    )
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
const actionsOf = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('tables', () => {
  it('builds one table per spec', () => {
    expect(ofType('AWS::DynamoDB::GlobalTable')).toHaveLength(tableList.length);
  });

  for (const spec of tableList) {
    describe(spec.id, () => {
      const table = () => {
        const r = resources[logicalId(stack.tables.get(spec.id))];
        if (!r) throw new Error(`no resource for table ${spec.id}`);
        return r;
      };

      it('is on-demand, with point-in-time recovery and deletion protection, and retained', () => {
        const t = table();
        expect(t.Properties.BillingMode).toBe('PAY_PER_REQUEST');
        const replicas = t.Properties.Replicas as Record<string, Cfn>[];
        expect(replicas.length).toBeGreaterThan(0);
        for (const r of replicas) {
          expect(r.PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
          expect(r.DeletionProtectionEnabled).toBe(true);
        }
        expect(t.DeletionPolicy).toBe('Retain');
        expect(t.UpdateReplacePolicy).toBe('Retain');
      });

      it('has the keys of the spec', () => {
        const keySchema = [
          { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
          ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' }] : []),
        ];
        expect(table().Properties.KeySchema).toEqual(keySchema);
      });

      it('has exactly the GSIs of the spec', () => {
        const gsis = (table().Properties.GlobalSecondaryIndexes ?? []) as Record<string, Cfn>[];
        expect(gsis.map((g) => g.IndexName).sort()).toEqual(spec.indexes.map((i) => i.name).sort());
        for (const ix of spec.indexes) {
          const g = gsis.find((x) => x.IndexName === ix.name);
          expect(g?.KeySchema).toEqual([
            { AttributeName: ix.partitionKey.name, KeyType: 'HASH' },
            ...(ix.sortKey ? [{ AttributeName: ix.sortKey.name, KeyType: 'RANGE' }] : []),
          ]);
          expect(g?.Projection).toEqual({ ProjectionType: 'ALL' });
        }
      });

      it(spec.ttlAttribute ? `expires items by ${spec.ttlAttribute}` : 'has no TTL', () => {
        const ttl = table().Properties.TimeToLiveSpecification;
        if (spec.ttlAttribute) expect(ttl).toEqual({ AttributeName: spec.ttlAttribute, Enabled: true });
        else expect(ttl).toBeUndefined();
      });

      it(spec.stream ? 'streams new images' : 'has no stream', () => {
        const stream = table().Properties.StreamSpecification;
        if (spec.stream) expect(stream).toEqual({ StreamViewType: spec.stream });
        else expect(stream).toBeUndefined();
      });
    });
  }

  it('gives the outbox table a NEW_IMAGE stream', () => {
    expect(resources[logicalId(stack.tables.get('outbox'))]?.Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_IMAGE',
    });
  });
});

describe('functions', () => {
  const functions = () => ofType('AWS::Lambda::Function');
  const nodeFunctions = () =>
    functions().filter(([, f]) => String(f.Properties.Runtime).startsWith('nodejs'));

  it("runs every Lambda on nodejs24.x and arm64 (the only other one is CDK's BucketDeployment handler)", () => {
    const others = functions().filter(([, f]) => !String(f.Properties.Runtime).startsWith('nodejs'));
    expect(others.map(([id]) => id)).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
    // one per handler module the routes name, 3 candidate Cognito triggers and the staff token trigger,
    // outbox delivery, the job worker and its sweeper, the upload-arrived and scan-result handlers, the
    // edge ACL reader (aws-cdk-lib's AwsCustomResource, infra/constructs/edge-acl.ts), the PDF worker,
    // 5 lifecycle tasks
    expect(nodeFunctions().length).toBe(modules.length + 11 + Object.keys(lifecycleTasks).length);
    for (const [id, f] of nodeFunctions()) {
      expect([id, f.Properties.Runtime]).toEqual([id, 'nodejs24.x']);
      expect([id, f.Properties.Architectures]).toEqual([id, ['arm64']]);
    }
  });

  it('gives each function tracing, its own retained log group with retention, and the service name', () => {
    for (const [id, f] of nodeFunctions()) {
      expect([id, f.Properties.TracingConfig]).toEqual([id, { Mode: 'Active' }]);
      const logGroupId = f.Properties.LoggingConfig?.LogGroup?.Ref as string;
      const lg = resources[logGroupId];
      expect([id, lg?.Type]).toEqual([id, 'AWS::Logs::LogGroup']);
      expect(lg?.Properties.RetentionInDays).toBeGreaterThanOrEqual(180);
      expect(lg?.DeletionPolicy).toBe('Retain');
      expect(f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('cert-workflow');
    }
  });

  it('never puts the person-id key itself in an environment; functions that get its ARN may read it', () => {
    const secretId = logicalId(stack.personIdKey);
    let withKey = 0;
    for (const [id, f] of nodeFunctions()) {
      const env = f.Properties.Environment.Variables as Record<string, unknown>;
      expect([id, env.PERSON_ID_KEY]).toEqual([id, undefined]);
      if (!env.PERSON_ID_KEY_SECRET_ARN) continue;
      withKey++;
      expect(env.PERSON_ID_KEY_SECRET_ARN).toEqual(ref(secretId));
      const roleId = f.Properties.Role['Fn::GetAtt'][0] as string;
      const reads = statementsOfRole(roleId).filter(
        (s) =>
          actionsOf(s).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(s.Resource).includes(secretId),
      );
      expect([id, reads.length]).toEqual([id, 1]);
    }
    // the modules with a route that declares personIdKey (functions/routes.ts) and the job worker (an
    // import hashes the ID numbers of its rows); the Cognito triggers hash nothing
    expect(withKey).toBe(modules.filter((m) => routesOf(m).some((r) => r.personIdKey)).length + 1);
    for (const m of modules) {
      const env = moduleFunction(m).Properties.Environment.Variables;
      expect([m, !!env.PERSON_ID_KEY_SECRET_ARN]).toEqual([m, routesOf(m).some((r) => r.personIdKey)]);
    }
  });

  it('uses no AWS managed policies on any function role', () => {
    for (const [id, r] of ofType('AWS::IAM::Role')) {
      expect([id, r.Properties.ManagedPolicyArns]).toEqual([id, undefined]);
    }
  });
});

/** The machine's ARN as the functions get it: formatted from the fixed name, never a Ref to the machine. */
const formattedMachineArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':states:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:stateMachine:${LIFECYCLE_MACHINE_NAME}`,
    ],
  ],
};
/** The function of a route (its handler module's), as synthesized. */
const routeFunction = (r: { method: string; path: string }) =>
  resources[logicalId(stack.api.handlers.get(`${r.method} ${r.path}`) as never)] as Resource;
/**
 * One function per handler module serves its routes; least privilege is per module: the function may
 * do exactly the union of what its routes declare, nothing else. The unions below are worked out here
 * from the route list, independently of infra/constructs/api.ts.
 */
const modules = [...new Set(routes.map((r) => r.module))] as HandlerModule[];
const routesOf = (m: HandlerModule) => routes.filter((r) => r.module === m);
const moduleFunction = (m: HandlerModule) =>
  resources[logicalId(stack.api.moduleFunctions.get(m) as never)] as Resource;
const roleIdOf = (f: Resource) => f.Properties.Role['Fn::GetAtt'][0] as string;
const lifecycleFunction = (name: LifecycleTaskName) =>
  resources[logicalId(stack.lifecycle.functions[name])] as Resource;

describe('lifecycle', () => {
  const machine = () => {
    const machines = ofType('AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(1);
    return (machines[0] as [string, Resource])[1];
  };

  it('is one STANDARD state machine with the fixed name, X-Ray tracing and logging', () => {
    const m = machine();
    expect(m.Properties.StateMachineName).toBe(LIFECYCLE_MACHINE_NAME);
    expect(m.Properties.StateMachineType).toBe('STANDARD');
    expect(m.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(m.Properties.LoggingConfiguration.Level).toBe('ALL');
    const [dest] = m.Properties.LoggingConfiguration.Destinations as Cfn[];
    const logGroupId = dest.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] as string;
    expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(resources[logGroupId]?.Properties.RetentionInDays).toBeGreaterThanOrEqual(180);
  });

  it('invokes the five task functions, each its handler export on nodejs24.x arm64 with a 30 s timeout', () => {
    const definition = JSON.stringify(machine().Properties.DefinitionString);
    for (const [name, exportName] of Object.entries(lifecycleTasks) as [LifecycleTaskName, string][]) {
      const f = lifecycleFunction(name);
      expect([name, f.Properties.Handler]).toEqual([name, `index.${exportName}`]);
      expect([name, f.Properties.Runtime]).toEqual([name, 'nodejs24.x']);
      expect([name, f.Properties.Architectures]).toEqual([name, ['arm64']]);
      expect([name, f.Properties.Timeout]).toEqual([name, 30]);
      expect([name, definition.includes(logicalId(stack.lifecycle.functions[name]))]).toEqual([name, true]);
    }
  });

  it('gives every lifecycle function, the job worker and every route function that may touch executions the machine ARN formatted from its name (no cycle)', () => {
    const fns = [
      ...Object.keys(lifecycleTasks).map((n) => lifecycleFunction(n as LifecycleTaskName)),
      resources[logicalId(stack.jobs.worker)] as Resource,
      ...routes.filter((r) => r.lifecycle !== 'none').map(routeFunction),
    ];
    for (const f of fns) {
      expect(f.Properties.Environment.Variables.LIFECYCLE_STATE_MACHINE_ARN).toEqual(formattedMachineArn);
    }
  });

  it('lets only the Await task wake executions; no task may start or stop them', () => {
    const sfnActions = (name: LifecycleTaskName) =>
      statementsOfRole(roleIdOf(lifecycleFunction(name)))
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('states:'))
        .sort();
    expect(sfnActions('LifecycleAwait')).toEqual(['states:SendTaskFailure', 'states:SendTaskSuccess']);
    for (const name of Object.keys(lifecycleTasks) as LifecycleTaskName[]) {
      if (name !== 'LifecycleAwait') expect([name, sfnActions(name)]).toEqual([name, []]);
    }
  });

  it("grants each module's function exactly the most lifecycle permission its routes declare (none / wake / drive)", () => {
    const executions = JSON.stringify(formattedMachineArn)
      .replace(':stateMachine:', ':execution:')
      .replace(`${LIFECYCLE_MACHINE_NAME}"`, `${LIFECYCLE_MACHINE_NAME}:*"`);
    // written by hand: only a decision and its reopening (R7, R22, R24), a supplementary submission,
    // an appeal with its decision (R10, R11) and a mail booking or its cancellation (R18) wake the candidate's waiting
    // execution; one route stops a lifecycle — an approved revocation (R14, N1) — and none starts one
    // but through a job: the long work that does (broadcasts, re-plans, lifecycle starts) is a job,
    // and the job worker has those grants
    expect(
      routes.filter((r) => r.lifecycle !== 'none').map((r) => `${r.method} ${r.path} ${r.lifecycle}`),
    ).toEqual([
      'POST /api/exams/{examId}/candidates/{personId}/decision wake',
      'POST /api/exams/{examId}/supplementary wake',
      'POST /api/exams/{examId}/appeal wake',
      'POST /api/exams/{examId}/candidates/{personId}/appeal-decision wake',
      'POST /api/exams/{examId}/candidates/{personId}/reopen wake',
      'POST /api/revocations/{caseId}/approval drive',
      'PUT /api/exams/{examId}/booking wake',
      'DELETE /api/exams/{examId}/booking wake',
      // R19: an on-site collection ends the candidate's wait in collection
      'POST /api/exams/{examId}/candidates/{personId}/collection wake',
    ]);
    for (const key of modules) {
      const declared = routesOf(key).map((r) => r.lifecycle);
      const lifecycle = declared.includes('drive') ? 'drive' : declared.includes('wake') ? 'wake' : 'none';
      const fn = moduleFunction(key);
      const stmts = statementsOfRole(roleIdOf(fn));
      const on = (action: string) =>
        stmts.filter((s) => s.Effect === 'Allow' && actionsOf(s).includes(action)).map((s) => s.Resource);
      const sfn = stmts.flatMap(actionsOf).filter((a) => a.startsWith('states:'));
      if (lifecycle === 'none') {
        expect([key, sfn]).toEqual([key, []]);
        expect([key, fn.Properties.Environment.Variables.LIFECYCLE_STATE_MACHINE_ARN]).toEqual([
          key,
          undefined,
        ]);
        continue;
      }
      expect([key, on('states:SendTaskSuccess'), on('states:SendTaskFailure')]).toEqual([key, ['*'], ['*']]);
      if (lifecycle === 'wake') {
        expect([key, on('states:StartExecution'), on('states:StopExecution')]).toEqual([key, [], []]);
      } else {
        expect([key, on('states:StartExecution')]).toEqual([key, [formattedMachineArn]]);
        expect([key, JSON.stringify(on('states:StopExecution'))]).toEqual([key, `[${executions}]`]);
      }
    }
  });

  it('lets only the functions of modules with a route that starts long work send to the job queue, with its URL (routes written by hand)', () => {
    const starts = [
      'POST /api/exams/{examId}/events',
      'PUT /api/calendar/{year}',
      'PUT /api/exams/{examId}/schedule',
      'PUT /api/exams/{examId}',
      'POST /api/exams/{examId}/imports',
      'POST /api/exams/{examId}/notice/publish',
      'POST /api/exams/{examId}/spot-checks',
      'POST /api/exams/{examId}/reports/round1',
      'POST /api/exams/{examId}/reports/supplementary',
      'POST /api/exams/{examId}/bulk-decisions',
      'POST /api/exams/{examId}/bulk-decisions/{bulkId}/confirm',
      'POST /api/exams/{examId}/certificate-batches',
      // R20: the custody and transfer registers
      'POST /api/exams/{examId}/reports/custody',
      'POST /api/exams/{examId}/reports/transfer',
      'POST /api/exams/{examId}/manifests',
      'POST /api/exams/{examId}/tracking-numbers',
      'POST /api/exams/{examId}/delivery-results',
    ];
    expect(
      routes
        .filter((r) => r.startsJobs)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(starts.sort());
    const queueId = logicalId(stack.jobs.queue);
    for (const key of modules) {
      const starts = routesOf(key).some((r) => r.startsJobs);
      const fn = moduleFunction(key);
      const sqs = statementsOfRole(roleIdOf(fn)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('sqs:')),
      );
      const sends = sqs.filter(
        (s) => actionsOf(s).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(queueId),
      );
      expect([key, sqs.length, sends.length]).toEqual([key, starts ? 1 : 0, starts ? 1 : 0]);
      expect([key, !!fn.Properties.Environment.Variables.JOB_QUEUE_URL]).toEqual([key, starts]);
    }
  });

  it('gives the files store only to the functions of modules whose routes declare it, each area at the most its routes ask there and no other area: lists under imports/, materials under materials/, objection attachments under objections/, reports under reports/', () => {
    const areas = ['imports', 'materials', 'objections', 'reports', 'work'] as const;
    for (const key of modules) {
      const rs = routesOf(key);
      // (the site's /.well-known/jwks.json, which the issuance publishes, is not the files store)
      const s3 = statementsOfRole(roleIdOf(moduleFunction(key))).filter(
        (st) =>
          actionsOf(st).some((a) => a.startsWith('s3:')) &&
          !JSON.stringify(st.Resource).includes('jwks.json'),
      );
      expect([key, s3.length > 0]).toEqual([key, rs.some((r) => r.files)]);
      for (const a of areas) {
        const asked = rs
          .filter((r) => r.files && (r.fileAreas ?? ['imports']).includes(a))
          .map((r) => r.files);
        const want = asked.includes('write') ? 'write' : asked.includes('read') ? 'read' : 'none';
        const on = s3.filter((st) => JSON.stringify(st.Resource).includes(`/${a}/*`));
        const objectActions = on.flatMap(actionsOf).filter((x) => x !== 's3:ListBucket');
        const got = objectActions.includes('s3:PutObject')
          ? 'write'
          : objectActions.includes('s3:GetObject')
            ? 'read'
            : 'none';
        expect([key, a, got]).toEqual([key, a, want]);
      }
      // the key: decrypt to read, also generate data keys only where some area is written
      const kms = statementsOfRole(roleIdOf(moduleFunction(key)))
        .flatMap(actionsOf)
        .filter((x) => x.startsWith('kms:'));
      expect([key, kms.includes('kms:GenerateDataKey')]).toEqual([key, rs.some((r) => r.files === 'write')]);
    }
  });

  it('lets only the functions of modules with a route that manages staff credentials or mints candidate tokens use the user pool admin API, on this pool only, each just what it needs (routes written by hand)', () => {
    const manage = ['POST /api/staff', 'PUT /api/staff/{username}'];
    const mint = ['POST /api/auth/candidate/verify'];
    const keyOf = (r: (typeof routes)[number]) => `${r.method} ${r.path}`;
    expect(
      routes
        .filter((r) => r.staffDirectory)
        .map(keyOf)
        .sort(),
    ).toEqual(manage.sort());
    expect(routes.filter((r) => r.candidateTokens).map(keyOf)).toEqual(mint);
    const poolId = logicalId(stack.auth.userPool);
    for (const key of modules) {
      const manages = routesOf(key).some((r) => r.staffDirectory);
      const mints = routesOf(key).some((r) => r.candidateTokens);
      const fn = moduleFunction(key);
      const admin = statementsOfRole(roleIdOf(fn)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('cognito-idp:')),
      );
      expect([key, admin.length]).toEqual([key, Number(manages) + Number(mints)]);
      for (const s of admin) expect(JSON.stringify(s.Resource)).toContain(poolId);
      const actions = admin.flatMap(actionsOf);
      expect([key, actions.includes('cognito-idp:AdminDisableUser')]).toEqual([key, manages]);
      expect([key, actions.includes('cognito-idp:AdminInitiateAuth')]).toEqual([key, mints]);
      if (mints && !manages)
        expect(actions.sort()).toEqual([
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminInitiateAuth',
          'cognito-idp:AdminRespondToAuthChallenge',
        ]);
      expect([key, !!fn.Properties.Environment.Variables.USER_POOL_ID]).toEqual([key, manages || mints]);
    }
  });

  it('R25: throttles the candidate sign-in, objection and certificate check routes on the stage at their own rate (functions/domain/sign-in-limits.ts, objections.ts, certificates.ts)', () => {
    const [stage] = ofType('AWS::ApiGatewayV2::Stage');
    const settings = stage?.[1].Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>;
    const throttled = routes.filter((r) => r.throttle).map((r) => `${r.method} ${r.path}`);
    expect(throttled.sort()).toEqual([
      'GET /api/public/certificate-check',
      'GET /api/public/certificates/{number}',
      'POST /api/auth/candidate/start',
      'POST /api/auth/candidate/verify',
      'POST /api/public/notices/{noticeId}/objections',
    ]);
    expect(Object.keys(settings).sort()).toEqual(throttled.sort());
    // the check page's form without JavaScript (an HTML answer) is the same check at the same rate
    for (const k of ['GET /api/public/certificates/{number}', 'GET /api/public/certificate-check'])
      expect(settings[k]).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    for (const k of throttled.filter((t) => t.includes('/auth/')))
      expect(settings[k]).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 200 });
    expect(settings['POST /api/public/notices/{noticeId}/objections']).toEqual({
      ThrottlingRateLimit: 20,
      ThrottlingBurstLimit: 40,
    });
  });

  it('runs the job worker from the job queue, one chunk per message, driving executions, with a dead-letter queue', () => {
    const worker = resources[logicalId(stack.jobs.worker)] as Resource;
    const stmts = statementsOfRole(roleIdOf(worker));
    const on = (action: string) => stmts.filter((s) => actionsOf(s).includes(action)).map((s) => s.Resource);
    expect(on('states:StartExecution')).toEqual([formattedMachineArn]);
    expect(on('states:SendTaskSuccess')).toEqual(['*']);
    const mapping = ofType('AWS::Lambda::EventSourceMapping').find(([, m]) =>
      JSON.stringify(m.Properties.FunctionName).includes(logicalId(stack.jobs.worker)),
    )?.[1];
    expect(mapping?.Properties).toMatchObject({
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const queue = resources[logicalId(stack.jobs.queue)] as Resource;
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
    // the sweeper runs every 5 minutes and may only send to the job queue
    const sweeperId = logicalId(stack.jobs.sweeper);
    const rule = ofType('AWS::Events::Rule').find(([, r]) =>
      JSON.stringify(r.Properties.Targets).includes(sweeperId),
    )?.[1];
    expect(rule?.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    const sweeper = resources[sweeperId] as Resource;
    const sweeperActions = statementsOfRole(roleIdOf(sweeper)).flatMap(actionsOf);
    expect(sweeperActions).toContain('sqs:SendMessage');
    expect(sweeperActions.filter((a) => a.startsWith('states:'))).toEqual([]);
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThan(worker.Properties.Timeout);
  });

  it("N4: lets the job worker publish and take down announcements: the site bucket's announcements/ prefix (every version), the JWKS (R17) and this distribution's invalidation, nothing else of the site", () => {
    const worker = resources[logicalId(stack.jobs.worker)] as Resource;
    const env = worker.Properties.Environment.Variables;
    expect(env.SITE_BUCKET).toEqual(ref(logicalId(stack.site.bucket)));
    expect(env.SITE_DISTRIBUTION_ID).toEqual(ref(logicalId(stack.site.distribution)));
    const stmts = statementsOfRole(roleIdOf(worker));
    const on = (action: string) =>
      stmts.filter((s) => actionsOf(s).includes(action)).map((s) => JSON.stringify(s.Resource));
    const bucketArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(stack.site.bucket), 'Arn'] });
    const onSite = (a: string) => on(a).filter((r) => r.includes(logicalId(stack.site.bucket)));
    expect(onSite('s3:DeleteObjectVersion')).toHaveLength(1);
    expect(onSite('s3:DeleteObjectVersion')[0]).toContain('/announcements/*');
    // R17: and the public keys, for the issuance's broadcast (Site.grantPublishKeys: that one object)
    expect(onSite('s3:PutObject')).toHaveLength(2);
    expect(onSite('s3:PutObject').find((r) => r.includes('/announcements/*'))).toBeDefined();
    expect(onSite('s3:PutObject').find((r) => r.includes(`/${JWKS_PATH}"`))).toBeDefined();
    expect(on('s3:ListBucketVersions')).toEqual([bucketArn]);
    expect(on('cloudfront:CreateInvalidation')).toHaveLength(1);
    expect(on('cloudfront:CreateInvalidation')[0]).toContain(logicalId(stack.site.distribution));
    // the sweeper that starts the take-downs cannot touch the site itself
    const sweeper = resources[logicalId(stack.jobs.sweeper)] as Resource;
    expect(sweeper.Properties.Environment.Variables.SITE_BUCKET).toBeUndefined();
  });

  // a dependency cycle needs no test of its own: CDK's CloudFormation validation fails the synth on one
});

describe('ops alerts', () => {
  const topicId = () => logicalId(stack.opsAlerts);
  const alarmsOnTopic = () =>
    ofType('AWS::CloudWatch::Alarm').filter(([, a]) =>
      (a.Properties.AlarmActions ?? []).some(
        (x: Cfn) => JSON.stringify(x) === JSON.stringify(ref(topicId())),
      ),
    );

  it('is one KMS-encrypted, TLS-only topic, exported as an output', () => {
    const topic = resources[topicId()] as Resource;
    expect(topic.Type).toBe('AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    const policies = ofType('AWS::SNS::TopicPolicy').filter(([, p]) =>
      JSON.stringify(p.Properties.Topics).includes(topicId()),
    );
    const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
      }),
    );
    template.hasOutput('OpsAlertsTopicArn', { Value: ref(topicId()) });
  });

  it('lets CloudWatch use the key to publish alarms, with key rotation', () => {
    const keyId = (resources[topicId()] as Resource).Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = resources[keyId] as Resource;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it('alarms on any invocation of the lifecycle dead-letter task', () => {
    const deadLetter = logicalId(stack.lifecycle.functions.LifecycleDeadLetter);
    const found = alarmsOnTopic().filter(
      ([, a]) =>
        a.Properties.Namespace === 'AWS/Lambda' &&
        a.Properties.MetricName === 'Invocations' &&
        JSON.stringify(a.Properties.Dimensions) ===
          JSON.stringify([{ Name: 'FunctionName', Value: ref(deadLetter) }]),
    );
    expect(found).toHaveLength(1);
    expect((found[0] as [string, Resource])[1].Properties).toMatchObject({
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms on any failed lifecycle execution', () => {
    const machineId = logicalId(stack.lifecycle.stateMachine);
    const found = alarmsOnTopic().filter(
      ([, a]) =>
        a.Properties.Namespace === 'AWS/States' &&
        a.Properties.MetricName === 'ExecutionsFailed' &&
        JSON.stringify(a.Properties.Dimensions) ===
          JSON.stringify([{ Name: 'StateMachineArn', Value: ref(machineId) }]),
    );
    expect(found).toHaveLength(1);
    expect((found[0] as [string, Resource])[1].Properties).toMatchObject({
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('sends every alarm of the stack to the topic (the outbox failure alarm too)', () => {
    expect(
      alarmsOnTopic()
        .map(([id]) => id)
        .sort(),
    ).toEqual(
      ofType('AWS::CloudWatch::Alarm')
        .map(([id]) => id)
        .sort(),
    );
    expect(alarmsOnTopic().map(([id]) => id)).toContain(logicalId(stack.outbox.failureAlarm));
  });
});

describe('API', () => {
  const authorizers = () => ofType('AWS::ApiGatewayV2::Authorizer');

  it('has one JWT authorizer: issuer = the user pool, audiences = both app clients', () => {
    expect(authorizers()).toHaveLength(1);
    const [, a] = authorizers()[0] as [string, Resource];
    expect(a.Properties.AuthorizerType).toBe('JWT');
    expect(a.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(a.Properties.JwtConfiguration.Audience).toEqual([
      ref(logicalId(stack.auth.staffClient)),
      ref(logicalId(stack.auth.candidateClient)),
    ]);
    expect(JSON.stringify(a.Properties.JwtConfiguration.Issuer)).toContain(logicalId(stack.auth.userPool));
    expect(JSON.stringify(a.Properties.JwtConfiguration.Issuer)).toContain('https://cognito-idp.');
  });

  it('has one route per RouteSpec, and the JWT authorizer on every non-public route', () => {
    const [authorizerId] = authorizers()[0] as [string, Resource];
    const apiRoutes = ofType('AWS::ApiGatewayV2::Route');
    expect(apiRoutes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      routes.map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const spec of routes) {
      const [, r] = apiRoutes.find(([, x]) => x.Properties.RouteKey === `${spec.method} ${spec.path}`) as [
        string,
        Resource,
      ];
      if (spec.access === 'public') {
        expect(r.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      } else {
        expect([spec.path, r.Properties.AuthorizationType]).toEqual([spec.path, 'JWT']);
        expect(r.Properties.AuthorizerId).toEqual(ref(authorizerId));
      }
    }
  });

  it("serves each route by its handler module's one function, dispatching on the routeKey, with the client ids, the longest of its routes' timeouts and exactly the tables its routes list", () => {
    for (const key of modules) {
      const rs = routesOf(key);
      const f = moduleFunction(key);
      for (const r of rs) expect(routeFunction(r)).toBe(f);
      // the generated entry's dispatcher (functions/lib/module-handler.ts), not one export per function
      expect([key, f.Properties.Handler]).toEqual([key, 'index.handler']);
      expect([key, f.Properties.Timeout]).toEqual([key, Math.max(...rs.map((r) => r.timeoutSeconds ?? 15))]);
      const env = f.Properties.Environment.Variables as Record<string, unknown>;
      expect(env.STAFF_CLIENT_ID).toEqual(ref(logicalId(stack.auth.staffClient)));
      expect(env.CANDIDATE_CLIENT_ID).toEqual(ref(logicalId(stack.auth.candidateClient)));
      const reads = new Set(rs.flatMap((r) => r.reads));
      const writes = new Set(rs.flatMap((r) => r.writes));
      const listed = new Set([...reads, ...writes]);
      const tableEnv = tableList.filter((t) => t.envVar in env).map((t) => t.id);
      expect([key, new Set(tableEnv)]).toEqual([key, listed]);

      // grants: only listed tables appear in the role's policy; write actions only where a route writes
      const roleId = roleIdOf(f);
      for (const t of tableList) {
        const tid = logicalId(stack.tables.get(t.id));
        const stmts = statementsOfRole(roleId).filter((s) => JSON.stringify(s.Resource).includes(tid));
        if (!listed.has(t.id)) {
          expect([key, t.id, stmts.length]).toEqual([key, t.id, 0]);
          continue;
        }
        const written = stmts
          .flatMap(actionsOf)
          .filter((a) => /PutItem|UpdateItem|DeleteItem|BatchWrite/.test(a));
        expect([key, t.id, written.length > 0]).toEqual([key, t.id, writes.has(t.id)]);
      }
    }
  });

  it('gives each function one integration, shared by its routes, and one invoke permission for any route of this API (not one per route)', () => {
    const apiId = logicalId(stack.api.httpApi);
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    expect(integrations).toHaveLength(modules.length);
    const apiRoutes = ofType('AWS::ApiGatewayV2::Route');
    for (const key of modules) {
      const fnId = logicalId(stack.api.moduleFunctions.get(key) as never);
      const mine = integrations.filter(([, i]) => JSON.stringify(i.Properties.IntegrationUri).includes(fnId));
      expect([key, mine.length]).toEqual([key, 1]);
      const [integrationId, integration] = mine[0] as [string, Resource];
      expect(integration.Properties.IntegrationType).toBe('AWS_PROXY');
      expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
      const targets = apiRoutes
        .filter(([, r]) => JSON.stringify(r.Properties.Target).includes(integrationId))
        .map(([, r]) => r.Properties.RouteKey)
        .sort();
      expect([key, targets]).toEqual([
        key,
        routesOf(key)
          .map((r) => `${r.method} ${r.path}`)
          .sort(),
      ]);
      const permissions = ofType('AWS::Lambda::Permission').filter(([, p]) =>
        JSON.stringify(p.Properties.FunctionName).includes(fnId),
      );
      expect([key, permissions.length]).toEqual([key, 1]);
      const [, permission] = permissions[0] as [string, Resource];
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      // arn:<partition>:execute-api:<region>:<account>:<this api>/*/*/* — any stage, method and path of this API only
      const [, parts] = permission.Properties.SourceArn['Fn::Join'] as [string, Cfn[]];
      expect(parts).toEqual([
        'arn:',
        ref('AWS::Partition'),
        ':execute-api:',
        ref('AWS::Region'),
        ':',
        ref('AWS::AccountId'),
        ':',
        ref(apiId),
        '/*/*/*',
      ]);
    }
  });

  it('logs access and throttles on the $default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('size', () => {
  /**
   * CloudFormation takes at most 500 resources a stack. The API is one function per handler module
   * (infra/constructs/api.ts), so a route costs one resource (its AWS::ApiGatewayV2::Route) and a new
   * module about six; this budget keeps room for the routes and modules still to come.
   */
  const BUDGET = 400;
  it(`stays within ${BUDGET} resources (CloudFormation's limit is 500)`, () => {
    const count = Object.keys(resources).length;
    const byType = new Map<string, number>();
    for (const r of Object.values(resources)) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
    const top = [...byType]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 6)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    expect(
      count <= BUDGET,
      `the stack has ${count} resources, over the budget of ${BUDGET} (CloudFormation's limit is 500); most are: ${top}. Add routes to existing handler modules, or share what each new construct makes`,
    ).toBe(true);
  });

  it('costs one resource per route: routes of one module share its function, role, policy, integration and permission', () => {
    expect(ofType('AWS::ApiGatewayV2::Route')).toHaveLength(routes.length);
    expect(ofType('AWS::ApiGatewayV2::Integration')).toHaveLength(modules.length);
  });
});

describe('auth', () => {
  it('has one user pool with a strong password policy, threat protection, no self sign-up', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: {
        AdvancedSecurityMode: 'ENFORCED',
        AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'AUDIT' },
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'dept', AttributeDataType: 'String', Mutable: true }),
      ]),
      LambdaConfig: {
        DefineAuthChallenge: Match.anyValue(),
        CreateAuthChallenge: Match.anyValue(),
        VerifyAuthChallengeResponse: Match.anyValue(),
      },
    });
    const pool = Object.values(resources).find((r) => r.Type === 'AWS::Cognito::UserPool') as Resource;
    expect(pool.Properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('has the staff groups', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...staffRoles].sort());
  });

  it('has a staff client (password: USER_PASSWORD_AUTH and SRP) and a candidate client (custom auth only), neither writing attributes', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
    const client = (c: unknown) => resources[logicalId(c as never)] as Resource;
    const staff = client(stack.auth.staffClient);
    const candidate = client(stack.auth.candidateClient);
    expect(staff.Properties.ExplicitAuthFlows.sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    expect(candidate.Properties.ExplicitAuthFlows.sort()).toEqual([
      'ALLOW_CUSTOM_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
    for (const c of [staff, candidate]) {
      expect(c.Properties.GenerateSecret).toBe(false);
      expect(c.Properties.PreventUserExistenceErrors).toBe('ENABLED');
      expect(c.Properties.WriteAttributes).toEqual([]);
    }
  });
});

describe('staff MFA (R1)', () => {
  const staffToken = () => resources[logicalId(stack.auth.staffToken)] as Resource;
  const roleId = () => staffToken().Properties.Role['Fn::GetAtt'][0] as string;

  it("runs the staff token function as the pool's Pre Token Generation trigger, invocable by Cognito", () => {
    const pool = resources[logicalId(stack.auth.userPool)] as Resource;
    expect(pool.Properties.LambdaConfig.PreTokenGeneration).toEqual({
      'Fn::GetAtt': [logicalId(stack.auth.staffToken), 'Arn'],
    });
    // MFA stays OPTIONAL: candidates have no second device; the trigger and the API enforce it for staff
    expect(pool.Properties.MfaConfiguration).toBe('OPTIONAL');
    const permission = ofType('AWS::Lambda::Permission').find(
      ([, p]) =>
        JSON.stringify(p.Properties.FunctionName) ===
        JSON.stringify({ 'Fn::GetAtt': [logicalId(stack.auth.staffToken), 'Arn'] }),
    )?.[1];
    expect(permission?.Properties).toMatchObject({
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [logicalId(stack.auth.userPool), 'Arn'] },
    });
  });

  it("lets it read user MFA settings and client names of this account's user pools, and nothing else of Cognito or the tables", () => {
    const stmts = statementsOfRole(roleId());
    const cognito = stmts.filter((s) => actionsOf(s).some((a) => a.startsWith('cognito-idp:')));
    expect(cognito).toHaveLength(1);
    expect(actionsOf(cognito[0] as never).sort()).toEqual([
      'cognito-idp:AdminGetUser',
      'cognito-idp:DescribeUserPoolClient',
    ]);
    expect(cognito[0]?.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':cognito-idp:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':userpool/*',
        ],
      ],
    });
    expect(stmts.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    // no table, no secret: the function only reads Cognito
    const env = staffToken().Properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env).sort()).toEqual(['LOG_LEVEL', 'NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME']);
  });

  it("names the console's app client `staff`, the name the trigger knows it by", () => {
    const staff = resources[logicalId(stack.auth.staffClient)] as Resource;
    expect(staff.Properties.ClientName).toBe('staff');
  });
});

describe('outbox delivery', () => {
  it('reads INSERTs from the outbox stream, reports batch item failures, fails over to SQS', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.tables.get('outbox')), 'StreamArn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.outbox.failures), 'Arn'] } },
      },
    });
  });

  it('alarms when the failure queue holds anything', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.outbox.failures), 'QueueName'] } },
      ],
    });
  });

  it('may publish SMS but not to topics, and may only read and update outbox items', () => {
    const f = resources[logicalId(stack.outbox.deliver)] as Resource;
    const stmts = statementsOfRole(f.Properties.Role['Fn::GetAtt'][0] as string);
    const publish = (effect: string) =>
      stmts.filter((s) => s.Effect === effect && actionsOf(s).includes('sns:Publish')).map((s) => s.Resource);
    expect(publish('Allow')).toEqual(['*']);
    expect(JSON.stringify(publish('Deny'))).toContain(':sns:*:*:*');
    const outboxId = logicalId(stack.tables.get('outbox'));
    const onTable = stmts.filter(
      (s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [outboxId, 'Arn'] }),
    );
    expect(onTable.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(f.Properties.Environment.Variables[tables.outbox.envVar]).toEqual(ref(outboxId));
  });
});

describe('site', () => {
  it('blocks public access, enforces SSL and encrypts every bucket; the site and files buckets log access; uploaded lists expire', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets).toHaveLength(4);
    for (const [id, b] of buckets) {
      expect([id, b.Properties.PublicAccessBlockConfiguration]).toEqual([
        id,
        {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      ]);
      expect(b.Properties.BucketEncryption).toBeDefined();
      expect(b.DeletionPolicy).toBe('Retain');
    }
    const site = resources[logicalId(stack.site.bucket)] as Resource;
    expect(site.Properties.LoggingConfiguration.DestinationBucketName).toEqual(
      ref(logicalId(stack.site.logBucket)),
    );
    // the files store: its own KMS key, access logs, and the lists (full ID numbers) deleted after 30 days
    const files = resources[logicalId(stack.files.bucket)] as Resource;
    expect(
      files.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toMatchObject({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack.files.key), 'Arn'] },
    });
    expect(files.Properties.LoggingConfiguration).toBeDefined();
    expect(files.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Prefix: 'imports/', ExpirationInDays: 30, Status: 'Enabled' }),
    );
    // R5, R23: the candidates' materials are their record, never expired (only imports/, a job's work/
    // and the cached certificate PDFs are) — but for a forfeited candidate's uploads, marked by tag (N4)
    const rules = files.Properties.LifecycleConfiguration.Rules as {
      Prefix?: string;
      ExpirationInDays?: number;
      TagFilters?: unknown;
    }[];
    const expiring = rules
      .filter((r) => r.ExpirationInDays !== undefined && !r.TagFilters)
      .map((r) => r.Prefix);
    expect(expiring).toEqual(['imports/', 'work/', 'certificates/']);
    expect(rules.filter((r) => r.TagFilters)).toEqual([
      expect.objectContaining({
        Prefix: 'materials/',
        TagFilters: [{ Key: 'retention', Value: 'forfeited' }],
        ExpirationInDays: 30,
      }),
    ]);
    for (const [, p] of ofType('AWS::S3::BucketPolicy')) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('serves the bucket through CloudFront with an origin access control, HTTPS only, security headers', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const [, dist] = ofType('AWS::CloudFront::Distribution')[0] as [string, Resource];
    const cfg = dist.Properties.DistributionConfig;
    expect(cfg.DefaultRootObject).toBe('index.html');
    const s3Origin = (cfg.Origins as Record<string, Cfn>[]).find((o) => o.S3OriginConfig);
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    expect(s3Origin?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(cfg.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(cfg.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
    expect(cfg.Logging).toBeDefined();
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ IncludeSubdomains: true }),
          ContentSecurityPolicy: Match.anyValue(),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      },
    });
  });

  it('routes /api/* to the HTTP API uncached, over HTTPS only', () => {
    const [, dist] = ofType('AWS::CloudFront::Distribution')[0] as [string, Resource];
    const cfg = dist.Properties.DistributionConfig;
    const api = (cfg.CacheBehaviors as Record<string, Cfn>[]).find((b) => b.PathPattern === '/api/*');
    expect(api).toBeDefined();
    expect(api?.ViewerProtocolPolicy).toBe('https-only');
    expect(api?.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']));
    expect(api?.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(api?.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    const origin = (cfg.Origins as Record<string, Cfn>[]).find((o) => o.Id === api?.TargetOriginId);
    expect(origin?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(JSON.stringify(origin?.DomainName)).toContain(logicalId(stack.api.httpApi));
  });

  it('deploys the web build without pruning published pages (a marker file when dist/web is missing)', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: false,
      DestinationBucketName: ref(logicalId(stack.site.bucket)),
      DistributionPaths: ['/*'],
    });
  });
});

describe('uploads', () => {
  it("R23: a list that arrives through its upload URL starts its import, a candidate's material is checked: EventBridge on the bucket (no notifications custom resource), a rule for the source keys and the candidates' own uploads", () => {
    const files = resources[logicalId(stack.files.bucket)] as Resource;
    expect(files.Properties.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    expect(ofType('Custom::S3BucketNotifications')).toEqual([]);
    const rules = ofType('AWS::Events::Rule').filter(([, r]) =>
      String(JSON.stringify(r.Properties.EventPattern)).includes('Object Created'),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]?.[1].Properties.EventPattern.detail.object.key).toEqual([
      { wildcard: 'imports/*/source.csv' },
      { wildcard: 'imports/*/source.xlsx' },
      { wildcard: 'imports/*/source.zip' },
      { wildcard: 'materials/*-u.pdf' },
      { wildcard: 'materials/*-u.jpg' },
      { wildcard: 'materials/*-u.png' },
    ]);
    expect(files.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['content-type'] }),
    ]);
  });

  it("R5: the job worker writes the imports and materials prefixes; the materials module's function reaches only materials/; the list routes only imports/", () => {
    const s3Resources = (f: Resource) =>
      statementsOfRole(roleIdOf(f))
        .filter((st) => actionsOf(st).some((x) => x.startsWith('s3:') && x !== 's3:ListBucket'))
        .flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]))
        .map((r) => JSON.stringify(r));
    const worker = s3Resources(resources[logicalId(stack.jobs.worker)] as Resource);
    expect(worker.some((r) => r.includes('/imports/*'))).toBe(true);
    expect(worker.some((r) => r.includes('/materials/*'))).toBe(true);
    // the materials module: the download reads, the candidate's upload URL writes (presigned PUT), only materials/
    const download = routeFunction({
      method: 'GET',
      path: '/api/exams/{examId}/candidates/{personId}/materials/{materialId}',
    });
    expect(download).toBe(moduleFunction('materials'));
    const objectActions = statementsOfRole(roleIdOf(download))
      .filter((st) => actionsOf(st).some((x) => x.startsWith('s3:') && x !== 's3:ListBucket'))
      .flatMap(actionsOf);
    expect(objectActions.sort()).toEqual(
      ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'].sort(),
    );
    expect(s3Resources(download).every((r) => r.includes('/materials/*'))).toBe(true);
    const list = s3Resources(routeFunction({ method: 'POST', path: '/api/exams/{examId}/imports' }));
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((r) => r.includes('/imports/*'))).toBe(true);
  });
});

describe('malware scanning (R23)', () => {
  const plans = () => ofType('AWS::GuardDuty::MalwareProtectionPlan');

  it("R23: GuardDuty Malware Protection for S3 scans the files bucket's materials/ prefix (where the candidates' uploads go), without tagging", () => {
    expect(plans()).toHaveLength(1);
    const [, plan] = plans()[0] as [string, Resource];
    expect(plan.Properties.ProtectedResource).toEqual({
      S3Bucket: { BucketName: ref(logicalId(stack.files.bucket)), ObjectPrefixes: ['materials/'] },
    });
    expect(plan.Properties.Actions).toEqual({ Tagging: { Status: 'DISABLED' } });
  });

  it("R23: the plan's role is GuardDuty's alone and holds what GuardDuty documents for a KMS-encrypted bucket, on this bucket, its materials/ prefix and its key only; the plan waits for it", () => {
    const [, plan] = plans()[0] as [string, Resource & { DependsOn?: string[] }];
    const roleId = plan.Properties.Role['Fn::GetAtt'][0] as string;
    const role = resources[roleId] as Resource;
    const trust = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      },
    ]);
    const stmts = statementsOfRole(roleId);
    const bySid = Object.fromEntries(stmts.map((st) => [(st as { Sid?: string }).Sid, st]));
    expect(Object.keys(bySid).sort()).toEqual(
      [
        'AllowManagedRuleToSendS3EventsToGuardDuty',
        'AllowGuardDutyToMonitorEventBridgeManagedRule',
        'AllowEnableS3EventBridgeEvents',
        'AllowPutValidationObject',
        'AllowCheckBucketOwnership',
        'AllowMalwareScan',
        'AllowDecryptForMalwareScan',
      ].sort(),
    );
    const bucketId = logicalId(stack.files.bucket);
    const text = (sid: string) => JSON.stringify(bySid[sid]?.Resource);
    expect(actionsOf(bySid.AllowMalwareScan as never).sort()).toEqual([
      's3:GetObject',
      's3:GetObjectVersion',
    ]);
    expect(text('AllowMalwareScan')).toContain(bucketId);
    expect(text('AllowMalwareScan')).toContain('/materials/*');
    expect(actionsOf(bySid.AllowPutValidationObject as never)).toEqual(['s3:PutObject']);
    expect(text('AllowPutValidationObject')).toContain('/malware-protection-resource-validation-object');
    expect(text('AllowEnableS3EventBridgeEvents')).toContain(bucketId);
    expect(text('AllowDecryptForMalwareScan')).toContain(logicalId(stack.files.key));
    expect((bySid.AllowDecryptForMalwareScan as Cfn).Condition.StringLike['kms:ViaService']).toBeDefined();
    expect(text('AllowManagedRuleToSendS3EventsToGuardDuty')).toContain(
      'rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*',
    );
    expect((bySid.AllowManagedRuleToSendS3EventsToGuardDuty as Cfn).Condition).toEqual({
      StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' },
    });
    // no tagging, no write beyond its validation object, nothing of any other bucket or table
    const actions = stmts.flatMap(actionsOf);
    expect(actions.filter((a) => /Tagging|DeleteObject|dynamodb:/.test(a))).toEqual([]);
    // GuardDuty checks its access when the plan is made: the role's policy comes first
    const policyIds = ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .map(([id]) => id);
    expect(policyIds).toHaveLength(1);
    expect(plan.DependsOn).toEqual(expect.arrayContaining([roleId, ...policyIds]));
  });

  it("R23: each scan result for the bucket's materials/ goes to the handler that records it, which may update materials and write audit only, and remove a file under materials/", () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) =>
      String(JSON.stringify(r.Properties.EventPattern)).includes('Malware Protection Object Scan Result'),
    );
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0] as [string, Resource];
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Malware Protection Object Scan Result'],
      detail: {
        s3ObjectDetails: {
          bucketName: [ref(logicalId(stack.files.bucket))],
          objectKey: [{ prefix: 'materials/' }],
        },
      },
    });
    const fnId = logicalId(stack.materialScanned);
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } }),
    ]);
    const fn = resources[fnId] as Resource;
    expect(fn.Properties.Handler).toBe('index.handler');
    const env = fn.Properties.Environment.Variables as Record<string, unknown>;
    expect(
      tableList
        .filter((t) => t.envVar in env)
        .map((t) => t.id)
        .sort(),
    ).toEqual(['audit', 'candidates']);
    const s3 = statementsOfRole(roleIdOf(fn))
      .filter((st) => actionsOf(st).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'))
      .flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]))
      .map((r) => JSON.stringify(r));
    expect(s3.length).toBeGreaterThan(0);
    expect(s3.every((r) => r.includes('/materials/*'))).toBe(true);
  });
});

describe('the first hr account (-c adminEmail=…)', () => {
  const withAdmin = buildTemplate({ firstAdmin: { username: 'hr.admin', email: 'hr@example.gov.cn' } });
  const all = withAdmin.template.toJSON().Resources as Record<string, Resource>;
  const of = (type: string) => Object.entries(all).filter(([, r]) => r.Type === type);

  it('is a custom resource with the username and e-mail, only when the deployment names one', () => {
    const made = of('Custom::FirstAdmin');
    expect(made).toHaveLength(1);
    expect(made[0]?.[1].Properties).toMatchObject({ username: 'hr.admin', email: 'hr@example.gov.cn' });
    expect(ofType('Custom::FirstAdmin')).toEqual([]);
  });

  it('its handler may create users and set groups on this pool only, and write the catalog and audit; no role has a managed policy', () => {
    const admin = withAdmin.stack.firstAdmin;
    if (!admin) throw new Error('no first admin');
    const handler = Object.entries(all).find(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.onEvent',
    )?.[1];
    if (!handler) throw new Error('no handler');
    const roleId = handler.Properties.Role['Fn::GetAtt'][0] as string;
    const stmts = Object.values(all)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId))
      .flatMap(
        (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );
    const cognito = stmts.filter((s) => actionsOf(s).some((a) => a.startsWith('cognito-idp:')));
    expect(cognito.flatMap(actionsOf).sort()).toEqual([
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminRemoveUserFromGroup',
    ]);
    expect(JSON.stringify(cognito[0]?.Resource)).toContain(logicalId(withAdmin.stack.auth.userPool));
    const env = handler.Properties.Environment.Variables as Record<string, unknown>;
    expect(
      Object.keys(env)
        .filter((k) => k.startsWith('TABLE_'))
        .sort(),
    ).toEqual(['TABLE_AUDIT', 'TABLE_CATALOG']);
    for (const [id, r] of of('AWS::IAM::Role'))
      expect([id, r.Properties.ManagedPolicyArns]).toEqual([id, undefined]);
  });
});
