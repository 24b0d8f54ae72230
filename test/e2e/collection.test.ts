/**
 * Browser test of on-site collection (R19) and custody (R20) on the local system with the demo's paper
 * sittings: the municipal verifier records a collection by proxy on the candidate page (the proxy's
 * name and ID number, the authorisation letter uploaded, check → confirm → 已领取), prints the site's
 * list; the candidate sees 已领取, a candidate in custody sees 代为保管 with the site, and the provincial
 * verifier's transfer register prints. axe-core finds no serious or critical violation on these pages.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { demoCollection } from '../../scripts/local/seed-collection.js';
import { expectAccessible } from '../support/browser.js';
import { seededBrowserSuite } from '../support/pages.js';

const site = seededBrowserSuite('col');
const { pages } = site;
const demo = demoCollection(new Date());
const shots = process.env.E2E_SHOTS;
function consoleAs(username: string): Promise<Page> {
  const s = site.sys.demo.staff.find((x) => x.username === username);
  if (!s) throw new Error(`no demo account ${username}`);
  return pages.consoleAs(s);
}
const shot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
};

describe('on-site collection (R19, R20)', () => {
  it('R19: staff record an on-site collection by proxy — name, ID number, the letter uploaded, checked then confirmed; the candidate sees 已领取', async () => {
    const cand = demo.waiting[0];
    if (!cand) throw new Error('no demo candidate');
    const staff = await consoleAs('zz.verifier');
    await staff.goto(`${site.sys.url}/console/?view=candidate&exam=${cand.examId}&person=${cand.personId}`);
    const section = staff.getByTestId('collection');
    await section.waitFor();
    expect(await section.textContent()).toContain('待现场领取');
    await section.getByRole('radio', { name: '他人代领' }).check();
    // without the letter: told at the field, nothing sent
    await section.getByRole('textbox', { name: '代领人姓名' }).fill('岳明');
    const proxyId = syntheticIdNumber('410105', '1988-03-07', 7);
    await section.getByRole('textbox', { name: '代领人身份证号码' }).fill(proxyId);
    await section.getByRole('button', { name: '继续' }).click();
    await staff.getByRole('link', { name: '请上传代领委托书' }).waitFor();
    const dir = mkdtempSync(join(tmpdir(), 'cert-e2e-col-'));
    writeFileSync(join(dir, '代领委托书.pdf'), '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await section.getByLabel('代领委托书').setInputFiles(join(dir, '代领委托书.pdf'));
    await section.getByText('已上传：代领委托书.pdf').waitFor();
    await expectAccessible(staff, 'console collection form');
    await shot(staff, 'console-collection-form');
    await section.getByRole('button', { name: '继续' }).click();
    const check = staff.getByTestId('collection-check');
    await check.waitFor();
    expect(await check.textContent()).toContain(proxyId);
    await shot(staff, 'console-collection-check');
    await check.getByRole('button', { name: '确认已发放证书' }).click();
    const done = section.getByTestId('collected');
    await done.waitFor();
    expect(await done.textContent()).toMatch(
      /由代领人 岳明（身份证号 4101\*{10}\d{3}[\dX]）凭委托书代为领取/,
    );
    expect(await section.textContent()).toContain('已领取');
    await expectAccessible(staff, 'console collection recorded');
    await shot(staff, 'console-collection-done');

    const portal = await pages.portalAs(cand);
    const mine = portal.getByTestId('collection');
    await mine.waitFor();
    expect(await mine.getByTestId('collection-status').textContent()).toBe('已领取');
    expect(await mine.textContent()).toContain('由代领人 岳明 凭委托书代为领取');
    await expectAccessible(portal, 'portal collected');
  });

  it('R19, R20: the site’s printable list, a candidate in custody sees 代为保管 with the site, the transfer register prints', async () => {
    const staff = await consoleAs('zz.verifier');
    const exam = demo.recent.id;
    await staff.goto(`${site.sys.url}/console/?view=exam&exam=${exam}`);
    const sites = staff.getByTestId('collection-sites');
    await sites.waitFor();
    await sites.getByRole('link', { name: '打印郑州市领取名单' }).click();
    const list = staff.getByTestId('site-list');
    await list.getByRole('table').waitFor();
    expect(await list.getByRole('row').count()).toBe(1 + demo.waiting.length - 1);
    await expectAccessible(staff, 'site list');
    await staff.emulateMedia({ media: 'print' });
    await shot(staff, 'console-site-list-print');
    await staff.emulateMedia({ media: 'screen' });

    const kept = demo.custody[0];
    if (!kept) throw new Error('no demo candidate in custody');
    const portal = await pages.portalAs(kept);
    const mine = portal.getByTestId('collection');
    await mine.waitFor();
    expect(await mine.getByTestId('collection-status').textContent()).toBe('代为保管');
    expect(await mine.textContent()).toContain('洛阳市人事考试中心');
    await expectAccessible(portal, 'portal in custody');
    await shot(portal, 'portal-custody');

    const zjt = await consoleAs('zjt.verifier');
    await zjt.goto(`${site.sys.url}/console/?view=exam&exam=${demo.old.id}`);
    const transfer = zjt.getByTestId('reports-transfer');
    await transfer.getByRole('link', { name: '打印版（A4）' }).first().click({ timeout: 30_000 });
    const reg = zjt.getByTestId('register');
    await reg.getByRole('table').waitFor();
    expect(await reg.getByRole('row').count()).toBe(1 + demo.transfer.length);
    await expectAccessible(zjt, 'transfer register');
    await shot(zjt, 'console-transfer-register');
  });
});
