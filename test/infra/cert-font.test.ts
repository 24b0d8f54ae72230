/** The certificate font as a Lambda layer (infra/constructs/cert-font.ts), not inside the bundle. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { CERT_FONT_FILE } from '../../functions/lib/certificate-pdf.js';
import { routes } from '../../functions/routes.js';
import { moduleGrants } from '../../infra/constructs/api.js';
import { CERT_FONT_LAYER_PATH, CertFont } from '../../infra/constructs/cert-font.js';
import { FILE_WORKER_ENV } from '../../infra/constructs/file-worker.js';
import { CERTIFICATE_FILES_DAYS } from '../../infra/constructs/files.js';
import { buildTemplate } from './fixture.js';

function small() {
  const app = new App();
  const stack = new Stack(app, 'Probe');
  const font = new CertFont(stack, 'CertFont');
  const fn = new LambdaFunction(stack, 'Renderer', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => {}'),
  });
  font.attach(fn);
  return { app, template: Template.fromStack(stack) };
}

describe('certificate font layer', () => {
  it('R17: a function that renders certificates gets the font layer and CERT_FONT_PATH into /opt', () => {
    const { template } = small();
    template.resourceCountIs('AWS::Lambda::LayerVersion', 1);
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleRuntimes: ['nodejs24.x'],
      CompatibleArchitectures: ['arm64'],
      LicenseInfo: 'OFL-1.1',
    });
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Layers: unknown[]; Environment: { Variables: Record<string, string> } };
    }[];
    expect(fn?.Properties.Layers).toHaveLength(1);
    expect(fn?.Properties.Environment.Variables.CERT_FONT_PATH).toBe(`/opt/${CERT_FONT_FILE}`);
    expect(CERT_FONT_LAYER_PATH).toBe(`/opt/${CERT_FONT_FILE}`);
  });

  it('R17: the layer holds the TTF only (no preview image, no JS)', () => {
    const { app } = small();
    const out = app.synth().directory;
    const assets = readdirSync(out).filter((d) => d.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    expect(readdirSync(join(out, assets[0] as string))).toEqual([CERT_FONT_FILE]);
  });

  it('R17: a route module may call the file worker only when one of its routes serves a certificate PDF or reads a spreadsheet', () => {
    const some = routes[0] as (typeof routes)[number];
    const [plain] = moduleGrants([some]);
    const [renders] = moduleGrants([{ ...some, certificatePdf: true }]);
    const [reads] = moduleGrants([{ ...some, fileWork: true }]);
    expect([plain?.fileWorker, renders?.fileWorker, reads?.fileWorker]).toEqual([false, true, true]);
    expect([plain?.certificatePdf, renders?.certificatePdf, reads?.certificatePdf]).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('R17: the stack makes the font layer once; cached certificate PDFs expire after 90 days', () => {
    const { template } = buildTemplate();
    expect(
      Object.keys(
        template.findResources('AWS::Lambda::LayerVersion', { Properties: { LicenseInfo: 'OFL-1.1' } }),
      ),
    ).toHaveLength(1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Prefix: 'certificates/',
            ExpirationInDays: CERTIFICATE_FILES_DAYS,
            Status: 'Enabled',
          }),
        ]),
      },
    });
  });

  it('R17: the file worker alone carries the font layer; the routes that need it (certificates, imports, seals) invoke it (its ARN only) and are told its name', () => {
    const { template } = buildTemplate();
    const fns = template.findResources('AWS::Lambda::Function') as Record<
      string,
      {
        Properties: {
          Layers?: unknown[];
          Description?: string;
          Environment?: { Variables?: Record<string, unknown> };
        };
      }
    >;
    const [fontLayer] = Object.keys(
      template.findResources('AWS::Lambda::LayerVersion', { Properties: { LicenseInfo: 'OFL-1.1' } }),
    );
    const withLayer = Object.entries(fns).filter(([, f]) =>
      JSON.stringify(f.Properties.Layers ?? []).includes(`"${fontLayer}"`),
    );
    expect(withLayer.map(([id]) => id)).toEqual([expect.stringMatching(/^FileWorkerFunction/)]);
    const [workerId] = withLayer[0] as [string, unknown];
    // only the functions whose routes need it are told the worker's name
    const told = Object.entries(fns).filter(
      ([, f]) => f.Properties.Environment?.Variables?.[FILE_WORKER_ENV],
    );
    const callers = ['CertificateSeals', 'Certificates', 'Imports'];
    expect(told.map(([id]) => id.replace(/^Api(\w+?)Routes.*$/, '$1')).sort()).toEqual(callers);
    for (const [, f] of told)
      expect(f.Properties.Environment?.Variables?.[FILE_WORKER_ENV]).toEqual({ Ref: workerId });
    // who may invoke the worker: those functions' roles, that function's ARN and nothing wider
    const invokers = Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, p]) =>
      (
        p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }
      ).Properties.PolicyDocument.Statement.filter((st) =>
        JSON.stringify(st.Resource).includes(workerId),
      ).map((st) => [id, st.Action, st.Resource]),
    );
    expect(invokers).toHaveLength(callers.length);
    expect(invokers).toEqual(
      expect.arrayContaining(
        callers.map((c) => [
          expect.stringMatching(new RegExp(`^Api${c}RoutesRole`)),
          'lambda:InvokeFunction',
          { 'Fn::GetAtt': [workerId, 'Arn'] },
        ]),
      ),
    );
  });
});
