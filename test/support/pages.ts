/**
 * The browser tests' pages on the local system: a page in a fresh context (zh-CN, China time) whose
 * script errors are collected, the portal signed in as a candidate (the code read from the outbox), the
 * console signed in as a demo staff member.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { personIdOf } from '../../functions/lib/ids.js';
import { type LocalSystem, startLocal } from '../../scripts/local/runtime.js';
import { launchChromium } from './browser.js';
import { latestCode } from './local.js';

/**
 * The local system started with the demo seed, on tables and a data folder of its own, serving the web
 * built once for the run (test/support/browser-global.ts).
 */
export async function startSeededSite(name: string, opts: SiteOptions = {}): Promise<LocalSystem> {
  return startLocal({
    port: 0,
    quiet: true,
    seed: true,
    lifecycles: opts.lifecycles ?? true,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `e2e${name}${Date.now().toString(36)}-`,
    dataDir: mkdtempSync(join(tmpdir(), `cert-e2e-${name}-`)),
  });
}

export interface SiteOptions {
  /** false: no lifecycle executions (a suite that only reads and writes records) */
  lifecycles?: boolean;
}

/**
 * One browser suite on a seeded site of its own: the system and Chromium started before its tests, no
 * script error allowed after each test, everything closed after the last.
 */
export function seededBrowserSuite(
  name: string,
  opts: SiteOptions = {},
): { readonly sys: LocalSystem; pages: Pages } {
  let sys: LocalSystem | undefined;
  let browser: Browser | undefined;
  const pages = browserPages(
    () => browser as Browser,
    () => (sys as LocalSystem).url,
  );
  beforeAll(async () => {
    sys = await startSeededSite(name, opts);
    browser = await launchChromium();
  });
  afterEach(() => {
    expect(pages.takeErrors()).toEqual([]);
  });
  afterAll(async () => {
    await pages.close();
    await browser?.close();
    await sys?.stop();
  });
  return {
    get sys() {
      return sys as LocalSystem;
    },
    pages,
  };
}

export const PHONE = { width: 375, height: 740 };
export const DESK = { width: 1280, height: 900 };

export interface Pages {
  newPage(viewport: { width: number; height: number }): Promise<Page>;
  /**
   * signed in to the portal, on 我的办理进度 (on a PHONE screen unless `viewport`); `watch` is given the
   * page before it opens the portal (to follow its requests from the start)
   */
  portalAs(
    c: { idNumber: string; name: string },
    opts?: { viewport?: { width: number; height: number }; watch?: (page: Page) => void },
  ): Promise<Page>;
  /** signed in to the console, on 考试 */
  consoleAs(s: { username: string; password: string }): Promise<Page>;
  /** the script errors seen since the last call (each test expects none) */
  takeErrors(): string[];
  close(): Promise<void>;
}

export function browserPages(browser: () => Browser, url: () => string): Pages {
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const newPage = async (viewport: { width: number; height: number }) => {
    const context = await browser().newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  };
  return {
    newPage,
    async portalAs(c, opts = {}) {
      const page = await newPage(opts.viewport ?? PHONE);
      opts.watch?.(page);
      await page.goto(`${url()}/portal/`);
      await page.getByLabel('身份证号').fill(c.idNumber);
      await page.getByLabel('姓名').fill(c.name);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await page.getByText('如果身份证号和姓名与合格人员名单相符，验证码已发送').waitFor();
      await page.getByLabel('短信验证码').fill(await latestCode(personIdOf(c.idNumber)));
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '我的办理进度' }).waitFor();
      return page;
    },
    async consoleAs(s) {
      const page = await newPage(DESK);
      await page.goto(`${url()}/console/`);
      await page.getByLabel('用户名').fill(s.username);
      await page.getByLabel('密码').fill(s.password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '考试' }).waitFor();
      return page;
    },
    takeErrors: () => errors.splice(0),
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
    },
  };
}
