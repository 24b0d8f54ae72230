/**
 * The CDK app (cdk.json: `npx tsx infra/app.ts`). One environment-agnostic stack, checked by cdk-nag's
 * AwsSolutions pack at every synth: an unacknowledged finding fails `cdk synth`.
 *
 * Optional context: -c domainName=… -c certificateArn=… (custom domain, ACM in us-east-1),
 * -c webAclArn=… (CloudFront-scope WAF web ACL), -c adminEmail=… [-c adminUsername=…] (the first hr
 * account, invited by e-mail at deployment; username default hr.admin).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { STACK_NAME } from './config.js';
import { CertWorkflowStack } from './stack.js';

const app = new App();
const ctx = (key: string): string | undefined => {
  const v = app.node.tryGetContext(key) as unknown;
  return typeof v === 'string' && v ? v : undefined;
};
const domainName = ctx('domainName');
const certificateArn = ctx('certificateArn');
const webAclArn = ctx('webAclArn');
const adminEmail = ctx('adminEmail');

new CertWorkflowStack(app, STACK_NAME, {
  description: 'Certificate workflow for a provincial professional-qualification exam office',
  ...(domainName ? { domainName } : {}),
  ...(certificateArn ? { certificateArn } : {}),
  ...(webAclArn ? { webAclArn } : {}),
  ...(adminEmail ? { firstAdmin: { email: adminEmail, username: ctx('adminUsername') ?? 'hr.admin' } } : {}),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
