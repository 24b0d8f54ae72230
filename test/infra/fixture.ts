/**
 * Builds the stack the way `cdk synth` does (same cdk.json context), but without bundling Lambda code
 * (`aws:cdk:bundling-stacks: []`) and with a web build directory that does not exist, so the template
 * does not depend on what `npm run build:web` last produced. Each test file builds it once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { cdkJsonContext } from '../../infra/config.js';
import type { EdgeStack } from '../../infra/edge-stack.js';
import type { CertWorkflowStack, CertWorkflowStackProps } from '../../infra/stack.js';
import { addStacks } from '../../infra/stacks.js';

export interface Built {
  app: App;
  stack: CertWorkflowStack;
  /** the us-east-1 stack with the WAF web ACL (none when a web ACL is given) */
  edge?: EdgeStack;
  outdir: string;
}

export function buildApp(props: CertWorkflowStackProps = {}, opts: { nag?: boolean } = {}): Built {
  const outdir = mkdtempSync(join(tmpdir(), 'cert-workflow-cdk-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
  });
  const { stack, edge } = addStacks(app, { webBuildDir: join(outdir, 'no-web-build'), ...props });
  if (opts.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, ...(edge ? { edge } : {}), outdir };
}

export function buildTemplate(props: CertWorkflowStackProps = {}): {
  stack: CertWorkflowStack;
  template: Template;
} {
  const { stack } = buildApp(props);
  return { stack, template: Template.fromStack(stack) };
}

/** The logical id CloudFormation sees for a construct's main resource. */
export const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

export interface Violation {
  ruleName: string;
  severity: string;
  paths: string[];
}

/** The findings in an outdir's validation-report.json (CDK writes it whether synth passes or fails). */
export function violationsIn(report: {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}): Violation[] {
  return report.pluginReports.flatMap((p) =>
    p.violations.map((v) => ({
      ruleName: `${p.pluginName}: ${v.ruleName}`,
      severity: v.severity,
      paths: v.violatingConstructs.map((c) => c.constructPath),
    })),
  );
}

/** Every acknowledgement recorded with Validations.of(x).acknowledge(), with where it was made. */
export function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}
