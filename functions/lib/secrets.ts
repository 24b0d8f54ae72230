/**
 * Loads PERSON_ID_KEY from AWS Secrets Manager once, at cold start, before any handler module runs.
 *
 * Why this file exists: on AWS the key lives in a Secrets Manager secret created by the stack, and the
 * function only gets its ARN (env PERSON_ID_KEY_SECRET_ARN) and `secretsmanager:GetSecretValue` on it,
 * so the key never appears in the Lambda configuration or the CloudFormation template. The CDK factory
 * (infra/constructs/functions.ts) bundles such functions from a generated entry that imports this
 * module before the handler module, and the top-level `await` below holds module evaluation until the
 * key is in `process.env`, so `functions/lib/ids.ts` reads it exactly as it does locally.
 *
 * Locally (and in tests) PERSON_ID_KEY is set directly and nothing here runs.
 *
 * The call is `GetSecretValueCommand` from `@aws-sdk/client-secrets-manager` (bundled like every SDK
 * client here), during INIT, when the Parameters and Secrets Lambda Extension cannot be called yet.
 * The client takes its region, the execution role's credentials and any endpoint override from the
 * process environment like every other client: `AWS_ENDPOINT_URL_SECRETS_MANAGER` (or
 * `AWS_ENDPOINT_URL`) points it at another endpoint, e.g. a local stand-in.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The secret's string value; a secret with no SecretString (a binary one) is an error. */
export async function getSecretString(
  secretId: string,
  client = new SecretsManagerClient({}),
): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!SecretString) throw new Error(`GetSecretValue returned no SecretString for ${secretId}`);
  return SecretString;
}

/** Puts PERSON_ID_KEY into the environment when only its secret's ARN is given. */
export async function loadPersonIdKey(env = process.env, client?: SecretsManagerClient): Promise<void> {
  if (env.PERSON_ID_KEY || !env.PERSON_ID_KEY_SECRET_ARN) return;
  env.PERSON_ID_KEY = await getSecretString(env.PERSON_ID_KEY_SECRET_ARN, client);
}

await loadPersonIdKey();
