/**
 * Signed HTTPS calls to AWS services for the request path: the S3 files store
 * (functions/lib/s3-rest.ts) and the job queue's SendMessage (functions/lib/job-queue.ts). The AWS
 * SDK's S3 and SQS clients carry every operation's schema, the XML protocol, the checksum middleware
 * and the S3 endpoint rules — about 125 KB of each API bundle that uses them (issue 14 §7: an API
 * function's bundle ≤ 1.2× a DynamoDB-only one). The handful of calls a request makes are plain HTTP
 * requests signed with Signature V4 by `aws4fetch` (a small, widely used signer on the platform's own
 * `fetch` and WebCrypto), sent with the SDK's retry rule: up to 3 attempts, on a network error, a 5xx, a
 * 429 or a throttling error, with jittered exponential backoff.
 *
 * Credentials are Lambda's: the execution role's, in the environment (as functions/lib/lambda-
 * credentials.ts gives the SDK clients); the region is AWS_REGION. Tests pass their own credentials
 * and a `fetch` standing in for the service (the edge).
 */
import { AwsClient } from 'aws4fetch';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsRestOptions {
  region?: string;
  credentials?: AwsCredentials;
  /** the HTTP client (the platform's fetch unless a test stands in for the service) */
  fetch?: (request: Request) => Promise<Response>;
  /** the signing time, `YYYYMMDDTHHMMSSZ` (tests compare signatures); now unless given */
  datetime?: string;
}

/** How many times a call is tried (the SDK's standard retry mode: 3). */
export const MAX_ATTEMPTS = 3;
const BASE_DELAY_MS = 100;

/** An AWS error answer: `name` is the service's error code (S3's `<Code>`, a JSON service's `__type`). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * A call to a JSON-protocol service (SQS, Step Functions): POST `{ target }` with the body as JSON to
 * the endpoint; the answer's JSON, or an AwsError named by its `__type` (without the namespace).
 */
export async function jsonCall(
  aws: AwsRest,
  endpoint: string,
  target: string,
  body: unknown,
  version: '1.0' | '1.1' = '1.0',
): Promise<Record<string, unknown>> {
  const res = await aws.send({
    method: 'POST',
    url: endpoint,
    headers: { 'Content-Type': `application/x-amz-json-${version}`, 'X-Amz-Target': target },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let answer: Record<string, unknown> = {};
  try {
    answer = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON (a proxy's error page): the status names it
  }
  if (!res.ok) {
    const type = String(answer.__type ?? res.headers.get('x-amzn-errortype') ?? `Http${res.status}`);
    const code = (type.split('#').at(-1) ?? type).split(':')[0] as string;
    throw new AwsError(code, res.status, `${target}: ${res.status} ${code}`);
  }
  return answer;
}

export function envCredentials(): AwsCredentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS credentials are not in the environment');
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export function envRegion(): string {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('AWS_REGION is not set');
  return region;
}

/** `amazonaws.com`, or `amazonaws.com.cn` in the China regions. */
export const awsDomain = (region: string) =>
  region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';

export interface SignedCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface AwsRest {
  readonly region: string;
  /** Send a signed request, retried as the SDK retries; the last answer (any status) is returned. */
  send(call: SignedCall): Promise<Response>;
  /** A presigned URL (Signature V4 in the query) for `seconds`, signing every header given. */
  presign(call: SignedCall, seconds: number): Promise<string>;
}

/** the throttling codes the SDK retries, which JSON-protocol services answer with a 400 */
const THROTTLE = /Throttl|TooManyRequests|RequestLimitExceeded/;
const retryable = async (res: Response) =>
  res.status >= 500 ||
  res.status === 429 ||
  (res.status === 400 &&
    THROTTLE.test(
      await res
        .clone()
        .text()
        .catch(() => ''),
    ));
const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * BASE_DELAY_MS * 2 ** (attempt - 1)));

export function awsRest(service: string, o: AwsRestOptions = {}): AwsRest {
  const region = o.region ?? envRegion();
  const send = o.fetch ?? ((r: Request) => fetch(r));
  // credentials read when a call is made (the environment is Lambda's, set before the handler runs)
  const client = () => {
    const c = o.credentials ?? envCredentials();
    return new AwsClient({ ...c, service, region, retries: 0 });
  };
  const sign = (call: SignedCall, query: boolean) =>
    client().sign(call.url, {
      method: call.method,
      ...(call.headers ? { headers: call.headers } : {}),
      ...(call.body !== undefined ? { body: call.body as BodyInit } : {}),
      aws: { signQuery: query, allHeaders: query, ...(o.datetime ? { datetime: o.datetime } : {}) },
    });
  return {
    region,
    async send(call) {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await send(await sign(call, false));
          if (attempt >= MAX_ATTEMPTS || !(await retryable(res))) return res;
          await res.body?.cancel();
        } catch (err) {
          if (attempt >= MAX_ATTEMPTS) throw err;
        }
        await pause(attempt);
      }
    },
    async presign(call, seconds) {
      const url = new URL(call.url);
      url.searchParams.set('X-Amz-Expires', String(seconds));
      return (await sign({ ...call, url: url.toString() }, true)).url;
    },
  };
}
