/**
 * Browser test of the console's TOTP steps in AWS mode (web/auth-cognito.ts, web/console/login.tsx).
 * `/config.json` says cognito, with an endpoint on the page's own origin that Playwright answers as
 * Cognito would (a scripted fake that records every call). The API behind is the local system: the
 * browser's API calls carry the fake Cognito ID token, which the route swaps for a local token of the
 * same staff member, so the console works once signed in.
 *   (a) an account without TOTP: the enrolment step (secret in groups, otpauth link, a labelled code
 *       field with the numeric keyboard), format errors here, a wrong code at the field, then signed in;
 *   (b) an enrolled account: the code step, a wrong code at the field, then signed in; English toggle;
 *   (c) a Cognito session that ran out: back to the sign-in form, saying so.
 * axe-core finds no serious or critical violation on either step.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { type LocalSystem, startLocal } from '../../scripts/local/runtime.js';
import { expectAccessible, launchChromium } from '../support/browser.js';

const DESK = { width: 1280, height: 900 };
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let sys: LocalSystem;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  const webDir = mkdtempSync(join(tmpdir(), 'cert-e2e-totp-web-'));
  await buildWeb(webDir);
  sys = await startLocal({
    port: 0,
    quiet: true,
    seed: true,
    webDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `e2etotp${Date.now().toString(36)}-`,
    dataDir: mkdtempSync(join(tmpdir(), 'cert-e2e-totp-')),
  });
  browser = await launchChromium();
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await sys?.stop();
});

const jwt = (claims: Record<string, unknown>) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

interface CognitoCall {
  target: string;
  body: Record<string, unknown>;
}

/** A page in AWS mode: the site config, the fake Cognito, and API calls re-signed for the local API. */
async function awsPage(account: { enrolled: boolean; expired?: boolean }) {
  const staff = sys.demo.staff[0];
  if (!staff) throw new Error('no demo staff');
  const login = await fetch(`${sys.url}/api/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: staff.username, password: staff.password }),
  });
  const { token: localToken } = (await login.json()) as { token: string };
  const idToken = (mfa: string) => jwt({ aud: 'staff-client-id', 'cognito:username': staff.username, mfa });
  const issued = (mfa: string) => ({
    AuthenticationResult: {
      IdToken: idToken(mfa),
      AccessToken: 'access-1',
      RefreshToken: 'refresh-1',
      ExpiresIn: 3600,
      TokenType: 'Bearer',
    },
    ChallengeParameters: {},
  });
  const calls: CognitoCall[] = [];
  const refuse = (route: Route, type: string, message: string) =>
    route.fulfill({ status: 400, json: { __type: type, message } });

  const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  await page.route(`${sys.url}/config.json`, (route) =>
    route.fulfill({
      json: {
        auth: 'cognito',
        region: 'ap-east-1',
        userPoolId: 'ap-east-1_Pool',
        staffClientId: 'staff-client-id',
        endpoint: `${sys.url}/fake-cognito/`,
      },
    }),
  );
  await page.route(`${sys.url}/fake-cognito/`, (route) => {
    const req = route.request();
    const target = (req.headers()['x-amz-target'] ?? '').split('.').pop() ?? '';
    const body = (req.postDataJSON() ?? {}) as Record<string, unknown>;
    calls.push({ target, body });
    const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
    switch (target) {
      case 'InitiateAuth':
        if (body.AuthFlow === 'REFRESH_TOKEN_AUTH') return route.fulfill({ json: issued('totp') });
        return route.fulfill({
          json: account.enrolled
            ? { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'mfa-session', ChallengeParameters: {} }
            : issued('none'),
        });
      case 'RespondToAuthChallenge':
        if (account.expired)
          return refuse(route, 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
        if (responses.SOFTWARE_TOKEN_MFA_CODE === '000000')
          return refuse(route, 'CodeMismatchException', 'Invalid code received for user');
        return route.fulfill({ json: issued('totp') });
      case 'AssociateSoftwareToken':
        return route.fulfill({ json: { SecretCode: SECRET } });
      case 'VerifySoftwareToken':
        if (body.UserCode === '000000')
          return refuse(
            route,
            'EnableSoftwareTokenMFAException',
            'Code mismatch and fail enable Software Token MFA',
          );
        return route.fulfill({ json: { Status: 'SUCCESS' } });
      case 'SetUserMFAPreference':
        return route.fulfill({ json: {} });
      default:
        return refuse(route, 'InvalidParameterException', `unexpected ${target}`);
    }
  });
  await page.route(`${sys.url}/api/**`, (route) => {
    const headers = route.request().headers();
    if (!headers.authorization) return route.continue();
    // only a token the trigger marked totp ever reaches the API
    expect(headers.authorization).toBe(`Bearer ${idToken('totp')}`);
    return route.continue({ headers: { ...headers, authorization: `Bearer ${localToken}` } });
  });
  await page.goto(`${sys.url}/console/`);
  await page.getByLabel('用户名').fill(staff.username);
  await page.getByLabel('密码').fill(staff.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  return { page, calls, staff };
}

describe('console TOTP on AWS', () => {
  it('an account without TOTP enrols: the secret and link, the code checked here and by Cognito, then signed in', async () => {
    const { page, calls, staff } = await awsPage({ enrolled: false });
    await page.getByRole('heading', { level: 1, name: '绑定动态口令' }).waitFor();
    expect(await page.getByTestId('totp-secret').textContent()).toBe(
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
    );
    const link = await page.getByRole('link', { name: /身份验证器应用中打开/ }).getAttribute('href');
    expect(link).toMatch(/^otpauth:\/\/totp\/[^?]+:/);
    expect(new URL(link ?? '').searchParams.get('secret')).toBe(SECRET);
    const code = page.getByLabel('动态口令', { exact: true });
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await expectAccessible(page, 'console TOTP enrolment');

    const submit = page.getByRole('button', { name: '绑定并登录' });
    await submit.click();
    await page.locator('.error-summary a[href="#code"]', { hasText: '请输入动态口令' }).waitFor();
    await code.fill('12ab');
    await submit.click();
    await page.locator('.error-summary a[href="#code"]', { hasText: '动态口令应为6位数字' }).waitFor();
    await code.fill('000000');
    await submit.click();
    await page.locator('.field-error', { hasText: '动态口令不正确' }).waitFor();
    await code.fill('123 456');
    await submit.click();

    await page.getByRole('heading', { level: 1, name: '考试' }).waitFor();
    expect(await page.getByTestId('account').textContent()).toContain(staff.username);
    expect(calls.map((c) => c.target)).toEqual([
      'InitiateAuth',
      'AssociateSoftwareToken',
      'VerifySoftwareToken',
      'VerifySoftwareToken',
      'SetUserMFAPreference',
      'InitiateAuth',
    ]);
    expect(calls[3]?.body).toMatchObject({ AccessToken: 'access-1', UserCode: '123456' });
    expect(calls[5]?.body).toMatchObject({ AuthFlow: 'REFRESH_TOKEN_AUTH' });
  });

  it('an enrolled account types the code from its app; a wrong one is shown at the field; English too', async () => {
    const { page, calls } = await awsPage({ enrolled: true });
    await page.getByRole('heading', { level: 1, name: '输入动态口令' }).waitFor();
    await expectAccessible(page, 'console TOTP code');
    await page.getByRole('button', { name: 'English', exact: false }).click();
    await page.getByRole('heading', { level: 1, name: 'Enter your authentication code' }).waitFor();
    await page.getByRole('button', { name: '切换到中文' }).click();
    const code = page.getByLabel('动态口令', { exact: true });
    await code.fill('000000');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.locator('.field-error', { hasText: '动态口令不正确' }).waitFor();
    await code.fill('123456');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '考试' }).waitFor();
    expect(calls.map((c) => c.target)).toEqual([
      'InitiateAuth',
      'RespondToAuthChallenge',
      'RespondToAuthChallenge',
    ]);
    expect(calls[2]?.body).toMatchObject({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 'mfa-session',
      ChallengeResponses: { SOFTWARE_TOKEN_MFA_CODE: '123456' },
    });
  });

  it('a Cognito session that ran out goes back to the sign-in form, saying so', async () => {
    const { page } = await awsPage({ enrolled: true, expired: true });
    await page.getByRole('heading', { level: 1, name: '输入动态口令' }).waitFor();
    await page.getByLabel('动态口令', { exact: true }).fill('123456');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
    await page.locator('.error-summary', { hasText: '登录已超时，请重新输入用户名和密码' }).waitFor();
  });
});
