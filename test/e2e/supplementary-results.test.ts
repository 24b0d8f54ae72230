/**
 * The supplementary round's end in Chromium with axe-core (R11–R13, N4): hr sets an earlier cut-off with
 * its reason in the exam form; a pending candidate sees it in the portal as the deadline, with why; the
 * provincial verifier makes the supplementary report on the exam page (counts by city, the list's
 * downloads); the supplementary result announcement's public page lists those decided in the round,
 * masked. Screenshots go to .local/shots when SHOTS=1.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { staffActorOf } from '../../functions/acts/actor.js';
import { recordExamEvent } from '../../functions/acts/exam-events.js';
import { todayInChina } from '../../functions/domain/calendar.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { demoCandidates } from '../../scripts/local/seed.js';
import { expectAccessible, launchChromium } from '../support/browser.js';
import { supplementaryRoundDecided, toldRound1Result } from '../support/candidates.js';
import { browserPages, PHONE, startSeededSite } from '../support/pages.js';

const REASON = '配合电子证书集中制作';
const SHOTS = process.env.SHOTS ? join(process.cwd(), '.local/shots') : null;
const pending = demoCandidates(new Date()).filter((c) => c.examType === 'JZS2' && c.status === 'pending');
type Pending = (typeof pending)[number];
const exam = (pending[0] as Pending).examId;

let sys: LocalSystem;
let browser: Browser;

beforeAll(async () => {
  sys = await startSeededSite('sr');
  browser = await launchChromium();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  // told their round-1 result (R9): in the supplementary window
  await toldRound1Result(pending);
});
afterEach(() => {
  expect(pages.takeErrors()).toEqual([]);
});
afterAll(async () => {
  await pages.close();
  await browser?.close();
  await sys?.stop();
});

const pages = browserPages(
  () => browser,
  () => sys.url,
);
function consoleAs(username: string): Promise<Page> {
  const s = sys.demo.staff.find((x) => x.username === username);
  if (!s) throw new Error(`no demo account ${username}`);
  return pages.consoleAs(s);
}

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};

describe('the supplementary round’s end in the browser', () => {
  it('R12: hr sets an earlier cut-off with its reason in the exam form; the pending candidate sees it as their deadline, with why', async () => {
    const hr = await consoleAs('hr.admin');
    await hr.goto(`${sys.url}/console/?view=examEdit&exam=${exam}`);
    const cutoff = todayInChina(new Date(Date.now() + 5 * 86_400_000));
    await hr.getByLabel('补充资格核查提前截止日期（选填）').fill(cutoff);
    await hr.getByRole('button', { name: '预览时间节点' }).click();
    // the reason is required with a date: told at the field
    await hr.getByText('请填写提前截止的理由').first().waitFor();
    await expectAccessible(hr, 'console exam form with a cut-off error');
    await hr.getByLabel('提前截止的理由').fill(REASON);
    await hr.getByRole('button', { name: '预览时间节点' }).click();
    const check = hr.getByTestId('exam-check');
    await check.waitFor();
    expect(await check.getByTestId('exam-cutoff').textContent()).toContain(REASON);
    await shot(hr, 'exam-form-cutoff-check');
    await hr.getByRole('button', { name: '确认修改' }).click();
    await hr.getByTestId('exam-cutoff').waitFor();

    const c = pending[0] as (typeof pending)[number];
    const portal = await pages.portalAs(c);
    const why = portal.getByTestId('supplementary-cutoff');
    await why.waitFor();
    expect(await why.textContent()).toContain(REASON);
    const [y, m, d] = cutoff.split('-').map(Number);
    expect(await portal.getByTestId('supplementary').textContent()).toContain(
      `${y}年${m}月${d}日 24:00（北京时间）`,
    );
    await expectAccessible(portal, 'portal supplementary with a cut-off');
    await shot(portal, 'portal-cutoff');
  });

  it('R13, R11: the provincial verifier makes the supplementary report on the exam page: counts by city, the list to download', async () => {
    // two took part; one qualified, one unqualified
    await supplementaryRoundDecided(exam, [pending[1], pending[2]] as [Pending, Pending]);
    const zjt = await consoleAs('zjt.verifier');
    await zjt.goto(`${sys.url}/console/?view=exam&exam=${exam}`);
    const section = zjt.getByTestId('reports-supplementary');
    await section.getByRole('button', { name: '生成并报送报告' }).click();
    await section.getByRole('button', { name: '确认生成（按当前核查结果）' }).click();
    await section.getByRole('button', { name: '下载名单（CSV）' }).waitFor({ timeout: 15_000 });
    const table = section.getByRole('table');
    expect(await table.locator('thead').textContent()).toContain('开始时待核查');
    expect(await table.locator('tbody tr').last().textContent()).toMatch(/^全省6/);
    await expectAccessible(zjt, 'console supplementary report');
    await section.scrollIntoViewIfNeeded();
    await shot(zjt, 'console-supplementary-report');
  });

  it('R13, N4: the supplementary result announcement’s public page counts and lists those decided in the round, masked, without JavaScript', async () => {
    const zjtActor = await staffActorOf({ kind: 'staff', username: 'zjt.verifier' } as never);
    await recordExamEvent(zjtActor, exam, 'resultsAnnounced');
    await recordExamEvent(zjtActor, exam, 'supplementaryAnnounced');
    await sys.jobs.idle();
    // the exam page links the announcement's public page
    const zjt = await consoleAs('zjt.verifier');
    await zjt.goto(`${sys.url}/console/?view=exam&exam=${exam}`);
    const link = zjt.getByTestId('event-page-supplementaryAnnounced');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/announcements/${exam}-R2/`);
    const page = await pages.newPage(PHONE);
    await page.goto(`${sys.url}/`);
    await page.getByRole('link', { name: /补充资格核查结果公告/ }).click();
    await page.getByRole('heading', { level: 1, name: /补充资格核查结果公告/ }).waitFor();
    const body = (await page.textContent('main')) ?? '';
    expect(body).toContain('补充资格核查合格人员');
    expect(body).toContain('补充资格核查不合格人员');
    await expectAccessible(page, 'public supplementary result announcement');
    await shot(page, 'public-r2');
    await page.getByRole('link', { name: '第 1 页' }).first().click();
    const list = (await page.textContent('main')) ?? '';
    expect(list).toMatch(/\d{4}\*{10}\d{3}[\dX]/);
    for (const c of pending) expect(list).not.toContain(c.idNumber);
    await expectAccessible(page, 'public supplementary result list');
    await shot(page, 'public-r2-list');
  });
});
