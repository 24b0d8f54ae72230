/**
 * Origin protection: the HTTP API is reachable on the internet (API Gateway has no private endpoint for
 * CloudFront, and WAF cannot attach to an HTTP API), so it must answer only requests that came through
 * the CloudFront distribution, where the WAF web ACL has seen them (infra/edge-stack.ts). CloudFront adds
 * a secret header to every origin request (infra/constructs/site.ts; the value is generated at deploy
 * time in Secrets Manager, never in the template) and each route function gets the same value in
 * ORIGIN_VERIFY; `httpHandler` (functions/lib/http.ts) refuses a request without it (403) before any
 * other work. A viewer's own header of that name is overwritten by CloudFront. Local mode sets no
 * secret, so nothing is checked there.
 */
import { timingSafeEqual } from 'node:crypto';

export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
export const ORIGIN_VERIFY_ENV = 'ORIGIN_VERIFY';

/** True when no secret is configured (local mode) or the request carries it. */
export function fromOrigin(
  headers: Record<string, string | undefined> | undefined,
  env: Record<string, string | undefined> = process.env,
): boolean {
  const secret = env[ORIGIN_VERIFY_ENV];
  if (!secret) return true;
  const got = Buffer.from(headers?.[ORIGIN_VERIFY_HEADER] ?? '');
  const want = Buffer.from(secret);
  return got.length === want.length && timingSafeEqual(got, want);
}
