/**
 * The credentials of the AWS SDK clients in Lambda bundles: the bundles alias
 * `@aws-sdk/credential-provider-node` (the SDK's default chain) to this module
 * (infra/constructs/bundling.ts). Lambda puts the execution role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first place the default chain
 * looks, so on Lambda the chain always ends there; its other providers (SSO, ini and credential-process
 * files, web identity, container and instance metadata) and the STS and SSO clients they carry only
 * cost bundle size and load time. Tests and the local server do not bundle: they keep the whole chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The default chain's signature, ending at the environment. */
export const defaultProvider: (init?: Parameters<typeof fromEnv>[0]) => ReturnType<typeof fromEnv> = (init) =>
  fromEnv(init);
