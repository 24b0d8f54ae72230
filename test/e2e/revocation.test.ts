/**
 * Browser test of a revocation with due process (R14, N1) on the local system: the seeded case waits for
 * a defence; the candidate is told to answer it by its deadline, reads the proposed decision in the
 * portal and answers with a material uploaded (check → confirm → the case number); once the period is over the provincial verifier decides, the decider cannot approve, a
 * second staff member does; the candidate reads the decision letter. axe-core finds no serious or
 * critical violation on the portal and console pages involved.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../functions/lib/clock.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { casesOf } from '../../functions/lib/revocations.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { expectAccessible, launchChromium } from '../support/browser.js';
import { browserPages, startSeededSite } from '../support/pages.js';

const T4_DEADLINE = /\d{4}年\d{1,2}月\d{1,2}日 24:00（北京时间）/;

let sys: LocalSystem;
let browser: Browser;

beforeAll(async () => {
  sys = await startSeededSite('rev');
  browser = await launchChromium();
});
afterEach(() => {
  expect(pages.takeErrors()).toEqual([]);
});
afterAll(async () => {
  setClock(null);
  await pages.close();
  await browser?.close();
  await sys?.stop();
});

const pages = browserPages(
  () => browser,
  () => sys.url,
);
const portalAs = (c: { idNumber: string; name: string }) => pages.portalAs(c);
function consoleAs(username: string): Promise<Page> {
  const s = sys.demo.staff.find((x) => x.username === username);
  if (!s) throw new Error(`no demo account ${username}`);
  return pages.consoleAs(s);
}

describe('revocation (R14, N1)', () => {
  it('N1, R14: the candidate answers the served proposal in the portal; after the period the decision is approved by a second staff member and its letter served', async () => {
    const cand = sys.demo.candidates.at(-1);
    if (!cand) throw new Error('no demo candidate');
    const personId = personIdOf(cand.idNumber);

    // the portal: the case, its deadline, the letter, the form
    const portal = await portalAs(cand);
    const kase = portal.getByTestId('revocation-case');
    await kase.waitFor();
    expect(await kase.getByTestId('revocation-next').textContent()).toMatch(T4_DEADLINE);
    expect(await kase.getByTestId('letter').first().textContent()).toContain('撤销考试资格事先告知书');
    // the one thing to do now: answer by the end of the period; the letter served, listed and linked
    const next = portal.getByTestId('next-step');
    expect(await next.textContent()).toMatch(
      /请在 \d{4}年\d{1,2}月\d{1,2}日 24:00（北京时间）前对拟撤销考试资格的决定提交陈述申辩意见/,
    );
    expect(await next.getByTestId('letters-served').textContent()).toContain('撤销考试资格事先告知书');
    await expectAccessible(portal, 'portal revocation case');
    await kase.getByRole('radio', { name: '提交陈述申辩意见' }).check();
    await kase
      .getByRole('textbox', { name: '陈述申辩意见' })
      .fill('本人学历证书真实，已另行向院校申请出具证明。');
    // N1: a material with the statement, uploaded as for the supplementary verification
    const dir = mkdtempSync(join(tmpdir(), 'cert-e2e-def-'));
    writeFileSync(join(dir, '院校证明.pdf'), '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await kase.getByLabel('上传材料').setInputFiles(join(dir, '院校证明.pdf'));
    const box = kase.getByRole('checkbox', { name: /院校证明\.pdf/ });
    await box.waitFor();
    expect(await box.isChecked()).toBe(true);
    await kase.getByRole('button', { name: '继续' }).click();
    await kase.getByTestId('defence-check').waitFor();
    expect(await kase.getByTestId('defence-check').textContent()).toContain('院校证明.pdf');
    await expectAccessible(portal, 'portal defence check');
    await kase.getByRole('button', { name: '确认提交' }).click();
    await kase.getByTestId('defence-done').waitFor();
    expect(await kase.getByTestId('defence-done').textContent()).toContain('案件编号');

    // the period ends: move the clock past it
    const [c] = await casesOf(personId, cand.examId);
    const endsAt = c?.proposal?.defenceEndsAt as string;
    setClock({ now: () => new Date(Date.parse(endsAt) + 60_000) });

    // the console: the decision, then the approval by another staff member
    const url = `${sys.url}/console/?view=candidate&exam=${cand.examId}&person=${personId}`;
    const zjt = await consoleAs('zjt.verifier');
    await zjt.goto(url);
    const staffCase = zjt.getByTestId('revocation-case');
    await staffCase.waitFor();
    expect(await staffCase.textContent()).toContain('本人学历证书真实');
    expect(await staffCase.textContent()).toContain('附材料 1 份');
    await staffCase.getByRole('radio', { name: '撤销资格', exact: true }).check();
    await staffCase
      .getByRole('textbox', { name: '理由' })
      .fill('经院校复函核实证书编号无记录，申辩理由不成立。');
    await staffCase.getByRole('button', { name: '继续' }).click();
    await staffCase.getByRole('button', { name: '确认决定' }).click();
    await staffCase.getByTestId('case-stage').getByText('待审批').waitFor();
    await expectAccessible(zjt, 'console revocation case');
    // the decider cannot approve (four eyes)
    await staffCase.getByRole('button', { name: '审批决定' }).click();
    await staffCase.getByRole('button', { name: '确认审批' }).click();
    await zjt.locator('.error-summary').waitFor();
    expect(await zjt.locator('.error-summary').textContent()).toContain('另一名工作人员');

    const reviewer = await consoleAs('zjt.reviewer');
    await reviewer.goto(url);
    const approving = reviewer.getByTestId('revocation-case');
    await approving.getByRole('button', { name: '审批决定' }).click();
    await approving.getByRole('button', { name: '确认审批' }).click();
    await approving.getByTestId('case-stage').getByText('撤销资格').waitFor();
    expect(await approving.getByTestId('letter').nth(1).textContent()).toContain('60日内依法申请行政复议');

    // the candidate reads the decision letter
    const after = await portalAs(cand);
    await after.getByTestId('revocation-case').getByTestId('letter').nth(1).waitFor();
    expect(await after.getByTestId('letter').nth(1).textContent()).toContain('撤销考试资格决定书');
    expect(await after.locator('.record-status .tag').first().textContent()).toBe('已撤销');
    await expectAccessible(after, 'portal decision letter');
  });
});
