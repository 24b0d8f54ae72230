/**
 * R10, R11, R12 in Chromium with axe-core: the demo candidate found unqualified in round 1 (JZS2, told
 * their result) appeals in the portal — the reasons with their character count, a PDF of their own —
 * checks, confirms and is given a reference and what happens next; the provincial verifier upholds the
 * appeal on the console's candidate page (check → confirm); the candidate then reads in the portal that
 * they are qualified, with the reasons, and is told by SMS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { type LocalSystem, startLocal } from '../../scripts/local/runtime.js';
import { demoAppealCandidate } from '../../scripts/local/seed.js';
import { expectAccessible, launchChromium } from '../support/browser.js';
import { latestCode } from '../support/local.js';

let sys: LocalSystem;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];
const cand = demoAppealCandidate(new Date());
const dir = mkdtempSync(join(tmpdir(), 'cert-e2e-appeal-'));
const shots = process.env.SHOTS;

beforeAll(async () => {
  sys = await startLocal({
    port: 0,
    quiet: true,
    seed: true,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `e2eap${Date.now().toString(36)}-`,
    dataDir: mkdtempSync(join(tmpdir(), 'cert-e2e-')),
  });
  browser = await launchChromium();
  writeFileSync(join(dir, '学历证明.pdf'), '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await sys?.stop();
});

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}
const shot = (page: Page, name: string) =>
  shots ? page.screenshot({ path: join(shots, `${name}.png`), fullPage: true }) : Promise.resolve();

async function portal(): Promise<Page> {
  const page = await newPage({ width: 375, height: 740 });
  await page.goto(`${sys.url}/portal/`);
  await page.getByLabel('身份证号').fill(cand.idNumber);
  await page.getByLabel('姓名').fill(cand.name);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('如果身份证号和姓名与合格人员名单相符，验证码已发送').waitFor();
  await page.getByLabel('短信验证码').fill(await latestCode(personIdOf(cand.idNumber)));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '我的办理进度' }).waitFor();
  return page;
}

describe('appeal: unqualified → appeal → upheld', () => {
  it('R10, R11: the candidate appeals in the portal, the verifier upholds it in the console, the candidate reads that they are qualified and why', async () => {
    // the candidate files the appeal
    const page = await portal();
    const panel = page.getByTestId('appeal');
    await panel.waitFor();
    expect(await panel.textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 24:00（北京时间）/);
    expect(await panel.textContent()).toContain('不再受理申辩（R12）');
    await expectAccessible(page, 'portal appeal form');
    const statement = '本人学历为土木工程专业本科，符合报考条件，附学历证明。';
    await panel.getByLabel('申辩理由').fill(statement);
    expect(await panel.locator('.field-count').textContent()).toBe(`已输入 ${statement.length} / 2000 字`);
    await panel.getByLabel('上传材料').setInputFiles(join(dir, '学历证明.pdf'));
    const box = panel.getByRole('checkbox', { name: /学历证明\.pdf/ });
    await box.waitFor();
    expect(await box.isChecked()).toBe(true);
    await shot(page, 'portal-appeal-form');
    await panel.getByRole('button', { name: '继续' }).click();
    await panel.getByRole('heading', { name: '请核对您的申辩' }).waitFor();
    expect(await panel.textContent()).toContain(statement);
    expect(await panel.textContent()).toContain('学历证明.pdf');
    await expectAccessible(page, 'portal appeal check');
    await shot(page, 'portal-appeal-check');
    await panel.getByRole('button', { name: '确认提交申辩' }).click();
    const done = page.getByTestId('appeal-done');
    await done.or(page.locator('.error-summary')).waitFor();
    expect(await page.locator('.error-summary').allTextContents()).toEqual([]);
    expect(await done.getByTestId('appeal-reference').textContent()).toMatch(/^SB-[A-Z0-9]{19}$/);
    expect(await done.textContent()).toContain('作出处理决定');
    await expectAccessible(page, 'portal appeal confirmation');
    await shot(page, 'portal-appeal-done');

    // the provincial verifier upholds it on the candidate page
    const s = sys.demo.staff.find((x) => x.username === 'zjt.verifier');
    if (!s) throw new Error('no demo verifier');
    const staff = await newPage({ width: 1280, height: 900 });
    await staff.goto(`${sys.url}/console/`);
    await staff.getByLabel('用户名').fill(s.username);
    await staff.getByLabel('密码').fill(s.password);
    await staff.getByRole('button', { name: '登录', exact: true }).click();
    await staff.getByRole('heading', { level: 1, name: '考试' }).waitFor();
    await staff.goto(`${sys.url}/console/?view=candidate&exam=${cand.examId}&person=${cand.personId}`);
    const section = staff.getByTestId('appeal');
    await section.getByTestId('appeal-form').waitFor();
    expect(await section.textContent()).toContain(statement);
    await expectAccessible(staff, 'console appeal form');
    await section.getByRole('radio', { name: '申辩成立（改为合格）' }).check();
    await section
      .getByRole('textbox', { name: '处理理由（将告知考生）' })
      .fill('经向院校核实，学历证明真实有效。');
    await section.getByRole('button', { name: '继续' }).click();
    await section.getByTestId('appeal-check').waitFor();
    await expectAccessible(staff, 'console appeal check');
    await section.getByRole('button', { name: '确认提交结论' }).click();
    await section.getByTestId('appeal-done').waitFor();
    expect(await section.getByTestId('appeal-outcome').textContent()).toContain('申辩成立');
    await expectAccessible(staff, 'console appeal decided');
    await shot(staff, 'console-appeal-decided');

    // the candidate is told: SMS with the reasons, and the portal shows qualified and why
    const sms = ((await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? []).filter(
      (m) => m.personId === cand.personId && m.template === 'appealUpheld',
    );
    expect(sms.map((m) => m.text)).toEqual([
      expect.stringContaining('理由：经向院校核实，学历证明真实有效。'),
    ]);
    await page.reload();
    const status = page.getByTestId('appeal-status');
    await status.waitFor();
    expect(await status.getByTestId('appeal-outcome').textContent()).toBe('申辩成立，核查结论改为合格');
    expect(await status.textContent()).toContain('经向院校核实，学历证明真实有效。');
    expect(await page.locator('.record-status .tag').first().textContent()).toBe('合格');
    await expectAccessible(page, 'portal appeal upheld');
    await shot(page, 'portal-appeal-upheld');
    expect(errors).toEqual([]);
  });
});
