/**
 * cdk-nag (AwsSolutions) over the whole stack. cdk-nag 3 is a CDK validation plugin: it adds no
 * annotations; a finding makes `app.synth()` throw and is written to validation-report.json in the
 * app's outdir. So: synthesize, catch, read the report, expect no unacknowledged finding — errors or
 * warnings — and expect every acknowledgement to carry a real reason.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { acknowledgements, buildApp, type Violation, violationsIn } from './fixture.js';

interface Suppressed {
  ruleName: string;
  acknowledgedId: string;
  acknowledgedAt: string;
}

function synthAndReport(
  app: App,
  outdir: string,
): { error: unknown; violations: Violation[]; suppressed: Suppressed[] } {
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  let report: Parameters<typeof violationsIn>[0];
  try {
    report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  } catch {
    throw new Error(
      `synth failed before validation ran: ${(error as Error)?.message ?? 'no report written'}`,
    );
  }
  const suppressed = (
    report as { pluginReports: { suppressedViolations?: Suppressed[] }[] }
  ).pluginReports.flatMap((p) => p.suppressedViolations ?? []);
  return { error, violations: violationsIn(report), suppressed };
}

describe('cdk-nag AwsSolutions', () => {
  let result: ReturnType<typeof synthAndReport>;
  let acks: ReturnType<typeof acknowledgements>;

  beforeAll(() => {
    // with every optional part (the first hr account), so each one's findings are checked too
    const { app, outdir } = buildApp(
      { firstAdmin: { username: 'hr.admin', email: 'hr@example.gov.cn' } },
      { nag: true },
    );
    result = synthAndReport(app, outdir);
    acks = acknowledgements(app);
  });

  it('reports no unacknowledged finding, error or warning', () => {
    const lines = result.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.paths.join(', ')}`);
    expect(lines).toEqual([]);
    expect(result.error).toBeUndefined();
  });

  it('gives every acknowledgement a specific reason', () => {
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect([a.id, a.reason.length >= 60]).toEqual([a.id, true]);
      expect(a.reason).not.toMatch(/^(n\/?a|todo|tbd|ok|fine|not needed|suppress(ed)?)\.?$/i);
    }
  });

  it('acknowledges only AwsSolutions rules, never a whole rule family on the stack', () => {
    for (const a of acks) {
      expect(a.id).toMatch(/^AwsSolutions::AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(a.path).not.toBe('CertWorkflow');
    }
  });

  it('has no stale acknowledgement: each one suppresses a finding where it was made', () => {
    const used = new Set(result.suppressed.map((s) => `${s.acknowledgedAt} ${s.acknowledgedId}`));
    const stale = acks.filter((a) => !used.has(`${a.path} ${a.id}`)).map((a) => `${a.path} ${a.id}`);
    expect(stale).toEqual([]);
  });

  it('still catches a finding (the harness is not vacuous)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cert-workflow-nag-'));
    const app = new App({ outdir });
    new Bucket(new Stack(app, 'Probe'), 'Unlogged');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const probe = synthAndReport(app, outdir);
    expect(probe.error).toBeDefined();
    expect(probe.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions: AwsSolutions-S1', 'AwsSolutions: AwsSolutions-S10']),
    );
  });
});
