/**
 * The CDK app (cdk.json: `npx tsx infra/app.ts`). Two stacks (infra/stacks.ts): the environment-agnostic
 * main stack, and the edge stack with the CloudFront WAF web ACL, pinned to us-east-1; both checked by
 * cdk-nag's AwsSolutions pack at every synth: an unacknowledged finding fails `cdk synth`.
 *
 * Optional context: -c domainName=… -c certificateArn=… (custom domain, ACM in us-east-1),
 * -c apiDomainName=… -c apiCertificateArn=… (the API's own domain, ACM in the stack's region: the
 * execute-api endpoint is then disabled), -c webAclArn=… (a CloudFront-scope web ACL made elsewhere,
 * instead of the edge stack's), -c webAclGeneration=… (read a replaced edge ACL's ARN again),
 * -c adminEmail=… [-c adminUsername=…] (the first hr account, invited by e-mail at deployment;
 * username default hr.admin).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addStacks } from './stacks.js';

const app = new App();
const ctx = (key: string): string | undefined => {
  const v = app.node.tryGetContext(key) as unknown;
  return typeof v === 'string' && v ? v : undefined;
};
const domainName = ctx('domainName');
const certificateArn = ctx('certificateArn');
const webAclArn = ctx('webAclArn');
const adminEmail = ctx('adminEmail');
const apiDomainName = ctx('apiDomainName');
const apiCertificateArn = ctx('apiCertificateArn');
const webAclGeneration = ctx('webAclGeneration');

addStacks(app, {
  description: 'Certificate workflow for a provincial professional-qualification exam office',
  ...(domainName ? { domainName } : {}),
  ...(certificateArn ? { certificateArn } : {}),
  ...(webAclArn ? { webAclArn } : {}),
  ...(webAclGeneration ? { webAclGeneration } : {}),
  ...(apiDomainName && apiCertificateArn ? { apiDomainName, apiCertificateArn } : {}),
  ...(adminEmail ? { firstAdmin: { email: adminEmail, username: ctx('adminUsername') ?? 'hr.admin' } } : {}),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
