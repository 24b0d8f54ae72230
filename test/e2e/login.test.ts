/**
 * Browser test of the whole local system: the web build served by the local gateway, the real handlers
 * on DynamoDB Local (the e2e global setup's instance), Chromium driven by playwright-core.
 *   (a) a staff member signs in to the console and sees the exam list, then a work queue with its filter in the URL;
 *   (b) a candidate signs in to the portal with ID number + name + the SMS code (read from the outbox as hr)
 *       and sees their status;
 *   (c) axe-core finds no serious or critical violation on the public home, the portal login, the portal
 *       status page and the console exam list; the public home reads without JavaScript; the language
 *       switch is remembered.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildWeb, PORTAL_GZIP_BUDGET, type WebBuild } from '../../scripts/build-web.js';
import { type LocalSystem, startLocal } from '../../scripts/local/runtime.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const PHONE = { width: 375, height: 740 };
const DESK = { width: 1280, height: 900 };
const AXE_SOURCE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');
const STATUS_WORDS = ['核查中', '合格', '不合格', '报考条件待核查', '已放弃', '已撤销'];

let build: WebBuild;
let sys: LocalSystem;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** uncaught script errors in any page fail the test that caused them */
const pageErrors: string[] = [];

beforeAll(async () => {
  build = await buildWeb();
  sys = await startLocal({
    port: 0,
    quiet: true,
    seed: true,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `e2e${Date.now().toString(36)}-`,
    dataDir: mkdtempSync(join(tmpdir(), 'cert-e2e-')),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await sys?.stop();
});

async function newPage(viewport = PHONE, opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...opts,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page; fails on any serious or critical violation. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run(document);
    return (
      r.violations as {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  const blocking = (violations as AxeViolation[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(blocking, `${what}: ${JSON.stringify(blocking, null, 2)}`).toEqual([]);
}

/** Nothing on the page is wider than the phone's screen. */
async function expectNoSideways(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

async function api<T>(
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(sys.url + path, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

interface OutboxItem {
  template: string;
  toMasked: string;
  text: string;
  createdAt: string;
}

/** The newest login code sent to the masked phone number, read from the outbox as the hr demo account. */
async function latestCode(phoneMasked: string): Promise<string> {
  const hr = sys.demo.staff.find((s) => s.role === 'hr');
  if (!hr) throw new Error('no hr demo account');
  const { token } = await api<{ token: string }>('/api/auth/staff/login', {
    method: 'POST',
    body: { username: hr.username, password: hr.password },
  });
  for (let attempt = 0; attempt < 20; attempt++) {
    const { items } = await api<{ items: OutboxItem[] }>('/api/outbox', { token });
    const otp = items
      .filter((m) => m.template === 'otp' && m.toMasked === phoneMasked)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const code = otp && /(?<!\d)(\d{6})(?!\d)/.exec(otp.text)?.[1];
    if (code) return code;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  throw new Error(`no login code in the outbox for ${phoneMasked}`);
}

describe('web build', () => {
  it('keeps the portal small enough for a cheap phone on a slow network', () => {
    expect(build.js.portal.gzip).toBeLessThan(PORTAL_GZIP_BUDGET);
    expect(build.pages).toEqual(
      expect.arrayContaining(['index.html', 'en/index.html', 'portal/index.html', 'console/index.html']),
    );
  });
});

describe('public home', () => {
  it('reads without JavaScript: office name, the process, the announcements (empty), links', async () => {
    const page = await newPage(PHONE, { javaScriptEnabled: false });
    await page.goto(`${sys.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('河南省专业技术人员职业资格考试证书服务');
    expect(await page.locator('ol.steps > li').count()).toBe(3);
    expect(await page.getByText('暂无公告').isVisible()).toBe(true);
    expect(await page.locator('a[href="/portal/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href="/console/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('meta[name="viewport"]').count()).toBe(1);
  });

  it('is accessible, fits a phone, and remembers the English choice', async () => {
    const page = await newPage();
    await page.goto(`${sys.url}/`);
    await page.getByText('暂无公告').waitFor();
    await expectNoSideways(page);
    await expectAccessible(page, 'public home');

    await page.getByRole('link', { name: 'Switch to English' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Henan Professional Qualification Exam Certificate Service' })
      .waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('cw.lang'))).toBe('en');

    // the choice carries to the other pages
    await page.goto(`${sys.url}/portal/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { level: 1, name: '考生登录' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });
});

describe('console', () => {
  it('a staff member signs in and sees the exam list, then a work queue filtered through the URL', async () => {
    const staff = sys.demo.staff[0];
    if (!staff) throw new Error('no demo staff');
    const page = await newPage(DESK);
    await page.goto(`${sys.url}/console/`);
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();

    // an empty form: the error summary links to each field
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.locator('.error-summary a[href="#username"]').waitFor();
    expect(await page.locator('.error-summary a[href="#password"]').count()).toBe(1);

    await page.getByLabel('用户名').fill(staff.username);
    await page.getByLabel('密码').fill(staff.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: '考试' }).waitFor();
    const rows = page.locator('[data-testid="exams"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('account').textContent()).toContain(staff.username);
    expect(await page.getByTestId('account').textContent()).toContain(staff.department);
    await expectAccessible(page, 'console exam list');

    // the queue: rows counted, status as words, filters kept in the URL
    await rows.first().locator('a').click();
    await page.getByTestId('queue-count').waitFor();
    expect(page.url()).toContain('view=queue');
    await expectAccessible(page, 'console work queue');
    await page.getByLabel('状态').selectOption('verifying');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.waitForURL(/status=verifying/);
    await page.getByTestId('queue-count').waitFor();
    const tags = await page.locator('table .tag').allTextContents();
    for (const tag of tags) expect(tag).toBe('核查中');

    // a shared link opens the same filtered view
    const shared = page.url();
    const other = await newPage(DESK);
    await other.goto(`${sys.url}/console/`);
    await other.getByLabel('用户名').fill(staff.username);
    await other.getByLabel('密码').fill(staff.password);
    await other.getByRole('button', { name: '登录', exact: true }).click();
    await other.getByRole('heading', { level: 1, name: '考试' }).waitFor();
    await other.goto(shared);
    await other.getByTestId('queue-count').waitFor();
    expect(await other.getByLabel('状态').inputValue()).toBe('verifying');
  });
});

describe('portal', () => {
  it('a candidate signs in with ID number, name and the SMS code, and sees their status', async () => {
    const cand = sys.demo.candidates[0];
    if (!cand) throw new Error('no demo candidate');
    const page = await newPage(PHONE);
    await page.goto(`${sys.url}/portal/`);
    await page.getByRole('heading', { level: 1, name: '考生登录' }).waitFor();
    await expectNoSideways(page);
    await expectAccessible(page, 'portal login');

    // the keyboard a phone shows, and the code autofill hint
    expect(await page.getAttribute('#code', 'inputmode')).toBe('numeric');
    expect(await page.getAttribute('#code', 'autocomplete')).toBe('one-time-code');

    // a name that does not match: the server's field error shows in the summary and at the field
    await page.getByLabel('身份证号').fill(cand.idNumber);
    await page.getByLabel('姓名').fill('错误姓名');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.locator('.error-summary a[href="#idNumber"]').waitFor();
    expect(await page.locator('#idNumber-error').isVisible()).toBe(true);
    expect(await page.getAttribute('#idNumber', 'aria-invalid')).toBe('true');
    await expectAccessible(page, 'portal login with errors');

    await page.getByLabel('姓名').fill(cand.name);
    const started = page.waitForResponse((r) => r.url().endsWith('/api/auth/candidate/start'));
    await page.getByRole('button', { name: '获取验证码' }).click();
    const startReply = await started;
    expect(startReply.status()).toBe(202);
    const { phoneMasked } = (await startReply.json()) as { phoneMasked: string };
    await page.getByText(`验证码已发送至 ${phoneMasked}`).waitFor();

    const code = await latestCode(phoneMasked);
    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: '我的办理进度' }).waitFor();
    const record = page.locator('section.record').first();
    const tag = (await record.locator('.tag').first().textContent()) ?? '';
    expect(STATUS_WORDS).toContain(tag);
    const masked = `${cand.idNumber.slice(0, 4)}${'*'.repeat(10)}${cand.idNumber.slice(-4)}`;
    expect(await record.textContent()).toContain(masked);
    expect(await page.content()).not.toContain(cand.idNumber);
    await expectNoSideways(page);
    await expectAccessible(page, 'portal status');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '考生登录' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
