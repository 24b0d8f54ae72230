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
 * The request is a plain SigV4-signed `GetSecretValue` call over `fetch`, because
 * `@aws-sdk/client-secrets-manager` is not a dependency of this project and the Parameters and Secrets
 * Lambda Extension cannot be called during the INIT phase. If that client is added later, replace
 * `getSecretString` with `GetSecretValueCommand`; nothing else changes.
 */
import { createHash, createHmac } from 'node:crypto';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignInput {
  method: string;
  host: string;
  path: string;
  region: string;
  service: string;
  /** header names in lower case */
  headers: Record<string, string>;
  body: string;
  credentials: Credentials;
  now: Date;
}

/** AWS Signature Version 4 for a request without a query string; returns the headers to send. */
export function signV4(input: SignInput): Record<string, string> {
  const amzDate = input.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { ...input.headers, host: input.host, 'x-amz-date': amzDate };
  if (input.credentials.sessionToken) headers['x-amz-security-token'] = input.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${String(headers[n]).trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method,
    input.path,
    '',
    canonicalHeaders,
    signedHeaders,
    sha256(input.body),
  ].join('\n');
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, day), input.region), input.service),
    'aws4_request',
  );
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  const { host: _host, ...rest } = headers;
  return { ...rest, authorization };
}

/** The Secrets Manager endpoint of a region (China regions use the .com.cn suffix). */
export function secretsManagerHost(region: string): string {
  return `secretsmanager.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** GetSecretValue with the Lambda execution role's credentials from the environment. */
export async function getSecretString(secretId: string, env = process.env): Promise<string> {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!region || !accessKeyId || !secretAccessKey) throw new Error('AWS region or credentials missing');
  const endpoint = new URL(env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? `https://${secretsManagerHost(region)}`);
  const body = JSON.stringify({ SecretId: secretId });
  const headers = signV4({
    method: 'POST',
    host: endpoint.host,
    path: '/',
    region,
    service: 'secretsmanager',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
    },
    body,
    credentials: {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
    now: new Date(),
  });
  const res = await fetch(new URL('/', endpoint), { method: 'POST', headers, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`GetSecretValue failed: HTTP ${res.status} ${text.slice(0, 200)}`);
  const value = (JSON.parse(text) as { SecretString?: string }).SecretString;
  if (!value) throw new Error('GetSecretValue returned no SecretString');
  return value;
}

/** Puts PERSON_ID_KEY into the environment when only its secret's ARN is given. */
export async function loadPersonIdKey(env = process.env): Promise<void> {
  if (env.PERSON_ID_KEY || !env.PERSON_ID_KEY_SECRET_ARN) return;
  env.PERSON_ID_KEY = await getSecretString(env.PERSON_ID_KEY_SECRET_ARN, env);
}

await loadPersonIdKey();
