/**
 * The security headers of every response, defined once: CloudFront's response-headers policy
 * (infra/constructs/site.ts) is built from this, and the local server (scripts/local/server.ts) sends
 * the same headers, so a page that breaks the CSP breaks locally and in the tests too, not first on AWS.
 * Plain data: no CDK import, so the local server loads it cheaply.
 *
 * Differences, by necessity only: `connect-src` names the origins the pages call besides their own —
 * on AWS the Cognito endpoint and the files bucket (presigned PUTs); locally both are the server itself
 * ('self'). HSTS is sent by CloudFront only: the local server speaks plain HTTP on 127.0.0.1, where
 * browsers ignore it.
 */

/** The CSP's directives; `connect` extends connect-src beyond 'self'. */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connect].join(' '),
    "frame-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS = {
  frameOptions: 'DENY',
  contentTypeOptions: 'nosniff',
  referrerPolicy: 'strict-origin-when-cross-origin',
  /** legacy browsers' XSS filter, in blocking mode */
  xssProtection: '1; mode=block',
  hsts: { maxAgeDays: 730, includeSubdomains: true },
} as const;

/** The headers as the local server sends them (every response: pages, files and /api/*). */
export function localSecurityHeaders(): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(),
    'x-frame-options': SECURITY_HEADERS.frameOptions,
    'x-content-type-options': SECURITY_HEADERS.contentTypeOptions,
    'referrer-policy': SECURITY_HEADERS.referrerPolicy,
    'x-xss-protection': SECURITY_HEADERS.xssProtection,
  };
}
