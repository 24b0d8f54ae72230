/**
 * R10, R12, R23 in Chromium with axe-core: a pending candidate of the demo exam JZS2, told their result,
 * signs in to the portal, uploads a PDF (its limits stated), ticks it, adds a note, checks, confirms, and
 * is given a reference and what happens next; a disguised file is listed as not accepted. Then (R10,
 * R11, R13) the verifier finds them in the queue's 补充核查待结论 with the deadline, decides on the
 * candidate page, the supplementary result announcement goes out, and the candidate is told: the
 * result in the portal and the SMS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ddb, tableName } from '../../functions/lib/db.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { DEMO_PASSWORD, demoCandidates } from '../../scripts/local/seed.js';
import { expectAccessible } from '../support/browser.js';
import { toldRound1Result } from '../support/candidates.js';
import { client } from '../support/local.js';
import { seededBrowserSuite } from '../support/pages.js';

const site = seededBrowserSuite('sup');
const { pages } = site;
/** the candidate's portal tab (its session lives in the tab), kept for the second part */
let portalTab: Page;
const cand = demoCandidates(new Date()).find((c) => c.examType === 'JZS2' && c.status === 'pending');
const dir = mkdtempSync(join(tmpdir(), 'cert-e2e-sup-'));

beforeAll(async () => {
  if (!cand) throw new Error('no pending demo candidate');
  // told their round-1 result (R9): in the supplementary window
  await toldRound1Result([cand]);
  writeFileSync(join(dir, '工作证明.pdf'), '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  writeFileSync(join(dir, '伪装.pdf'), Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(60)]));
});

describe('portal: supplementary verification', () => {
  it('R10, R23: a pending candidate uploads a PDF, reuses it by ticking it, checks and confirms, and gets a reference', async () => {
    const c = cand as NonNullable<typeof cand>;
    const page = await pages.portalAs(c);
    portalTab = page;
    const panel = page.getByTestId('supplementary');
    await panel.waitFor();
    expect(await panel.textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 24:00（北京时间）/);
    expect(await panel.textContent()).toContain('PDF、JPG 或 PNG，每个不超过 10 MB，本场考试最多上传 10 个');
    await expectAccessible(page, 'portal supplementary form');

    // a disguised file: not accepted, listed with why
    await panel.getByLabel('上传材料').setInputFiles(join(dir, '伪装.pdf'));
    await panel.locator('.field-error').getByText('“伪装.pdf”未被接收').waitFor();
    await page.locator('.error-summary a[href$="-file"]').waitFor();
    expect(await panel.locator('ul.refused').textContent()).toContain('按内容判断');
    // a real PDF: listed and ticked
    await panel.getByLabel('上传材料').setInputFiles(join(dir, '工作证明.pdf'));
    const box = panel.getByRole('checkbox', { name: /工作证明\.pdf/ });
    await box.waitFor();
    expect(await box.isChecked()).toBe(true);
    await panel.getByLabel('说明（选填）').fill('补充工作年限证明');
    await panel.getByRole('button', { name: '继续' }).click();
    await panel.getByRole('heading', { name: '请核对您要提交的内容' }).waitFor();
    expect(await panel.textContent()).toContain('补充工作年限证明');
    await expectAccessible(page, 'portal supplementary check');
    await panel.getByRole('button', { name: '确认提交' }).click();
    const done = page.getByTestId('supplementary-done');
    await done.or(page.locator('.error-summary')).waitFor();
    expect(
      await page.locator('.error-summary').count(),
      await page.locator('.error-summary').allTextContents().then(String),
    ).toBe(0);
    expect(await done.getByTestId('supplementary-reference').textContent()).toMatch(/^BC-[A-Z0-9]{19}$/);
    expect(await done.textContent()).toContain('补充资格核查是本年度最后一次核查（R12）');
    await expectAccessible(page, 'portal supplementary confirmation');
  });

  it('R10, R11, R13: the verifier finds the submission in the queue, decides in the console, and the candidate is told in the portal and by SMS', async () => {
    const c = cand as NonNullable<typeof cand>;
    const staff = { username: 'zjt.verifier', password: DEMO_PASSWORD };
    const page = await pages.consoleAs(staff);
    // the queue: 补充核查待结论 1, the candidate with the decision's deadline
    await page.goto(`${site.sys.url}/console/?view=queue&exam=${c.examId}`);
    await page
      .getByTestId('work-counts')
      .getByRole('link', { name: /补充核查待结论 1/ })
      .click();
    const row = page.locator('tbody tr', { hasText: c.name });
    await row.waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await row.getByTestId('work').textContent()).toMatch(
      /补充核查待结论\d{4}年\d{1,2}月\d{1,2}日 24:00（北京时间）/,
    );
    expect(page.url()).toContain('work=supplementary');
    await expectAccessible(page, 'console queue: supplementary work');
    // the candidate page: the work, the submission, the material it chose; the decision
    await row.getByRole('link', { name: c.name }).click();
    await page.getByTestId('round2').waitFor();
    expect(await page.getByTestId('supplementary-submission').textContent()).toContain('补充工作年限证明');
    expect(await page.getByTestId('materials').textContent()).toContain('已用于补充核查');
    const section = page.getByTestId('decision');
    await section.locator('#outcome-qualified').check();
    await section.getByRole('button', { name: '继续' }).click();
    await section.getByTestId('decision-check').waitFor();
    await section.getByRole('button', { name: '确认提交结论' }).click();
    await section.getByTestId('decision-done').waitFor();
    expect(await section.getByTestId('decision-outcome').textContent()).toContain('合格');
    await expectAccessible(page, 'console supplementary decision');
    await page.goto(`${site.sys.url}/console/?view=queue&exam=${c.examId}&work=supplementary`);
    await page.getByTestId('work-counts').getByText('补充核查待结论 0').waitFor();

    // R9 (recorded before), then R13: the supplementary result announcement tells the candidate
    const api = client(site.sys.url);
    const token = await api.staffToken(staff.username, staff.password);
    for (const kind of ['resultsAnnounced', 'supplementaryAnnounced'])
      expect((await api.post(`/api/exams/${c.examId}/events`, { kind }, token)).status).toBe(202);
    const personId = personIdOf(c.idNumber);
    const told = async () =>
      ((await ddb.send(new ScanCommand({ TableName: tableName('outbox') }))).Items ?? []).find(
        (m) => m.personId === personId && m.template === 'supplementaryResult',
      )?.text;
    await expect.poll(told, { timeout: 30_000 }).toContain('合格');

    const portal = portalTab;
    await portal.reload();
    const record = portal.locator('section.record').first();
    await expect.poll(() => record.locator('.record-status .tag').first().textContent()).toBe('合格');
    const next = (await record.getByTestId('next-step').textContent()) ?? '';
    expect(next).not.toContain('补充资格核查');
    expect(await record.getByTestId('timeline').textContent()).toContain('补充核查结果公告');
    await expectAccessible(portal, 'portal told the supplementary result');
  });
});
