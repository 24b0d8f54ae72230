/**
 * The stack's first hr account, as a CloudFormation custom resource behind the CDK provider framework
 * (infra/constructs/first-admin.ts): Create and Update make the HR department and the account if they
 * are missing (functions/acts/staff-admin.ts `bootstrapFirstAdmin`); Delete keeps them (accounts and
 * their audit trail outlive a stack update or removal).
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { bootstrapFirstAdmin } from '../acts/staff-admin.js';
import { firstAdminSchema } from '../domain/staff.js';
import { logger } from '../lib/logger.js';

export const onEvent = async (event: CloudFormationCustomResourceEvent) => {
  const physicalId = 'first-admin';
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const props = event.ResourceProperties as Record<string, unknown>;
  const input = firstAdminSchema.parse({ username: props.username, email: props.email });
  const { created } = await bootstrapFirstAdmin(input);
  logger.info('first admin', { username: input.username, created });
  return { PhysicalResourceId: physicalId, Data: { created: String(created) } };
};
