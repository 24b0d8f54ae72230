/**
 * The app's stacks, made the same way by `cdk synth` (infra/app.ts) and the infra tests
 * (test/infra/fixture.ts): the edge stack in us-east-1 (the CloudFront WAF web ACL, infra/edge-stack.ts)
 * unless a web ACL made elsewhere is given, and the main stack, which depends on it (deployed after it:
 * it reads the ACL's ARN from the edge stack's SSM parameter).
 */
import type { App } from 'aws-cdk-lib';
import { STACK_NAME } from './config.js';
import { EdgeStack } from './edge-stack.js';
import { CertWorkflowStack, type CertWorkflowStackProps } from './stack.js';

export const EDGE_STACK_NAME = `${STACK_NAME}Edge`;

export function addStacks(
  app: App,
  props: CertWorkflowStackProps = {},
): { stack: CertWorkflowStack; edge?: EdgeStack } {
  const edge = props.webAclArn
    ? undefined
    : new EdgeStack(app, EDGE_STACK_NAME, {
        description: 'Certificate workflow: the CloudFront WAF web ACL (us-east-1)',
      });
  const stack = new CertWorkflowStack(app, STACK_NAME, props);
  if (edge) stack.addStackDependency(edge, 'reads the web ACL ARN from the edge stack at deploy time');
  return { stack, ...(edge ? { edge } : {}) };
}
