/**
 * Browser test of paper certificates arriving per batch and their reissue (N3, R16): the provincial
 * verifier sees the exam's batches with their distribution deadlines, sends a wrong list (errors by
 * row, nothing recorded) and then 洛阳's list; a holder whose certificate came by post reports it lost
 * (check your answers, then its state), and staff record the reissued number after a check step.
 * axe-core finds no serious or critical violation.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../scripts/local/seed.js';
import { demoArrival } from '../../scripts/local/seed-arrival.js';
import { expectAccessible } from '../support/browser.js';
import { seededBrowserSuite } from '../support/pages.js';

const site = seededBrowserSuite('arrival');
const { pages } = site;
const demo = () => demoArrival(new Date());

describe('paper certificates in the browser (N3)', () => {
  it('N3, R16: the verifier sees each batch’s distribution deadline, a wrong list is refused by row, a good one recorded', async () => {
    const page = await pages.consoleAs({ username: 'zjt.verifier', password: DEMO_PASSWORD });
    await page.goto(`${site.sys.url}/console/?view=exam&exam=${demo().exam.id}`);
    const batches = page.getByTestId('batches');
    await batches.waitFor();
    expect(await batches.locator('tbody tr').count()).toBe(1);
    expect(await batches.textContent()).toContain('郑州市');
    expect(await batches.textContent()).toContain('（北京时间）');
    expect(await batches.textContent()).toContain('发放期内');
    await expectAccessible(page, 'console arrival');
    const luoyang = demo().candidates.filter((c) => c.city === '4103');
    await page.locator('#batch-city').selectOption('4103');
    const list = (rows: string[]) => ({
      name: 'list.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['准考证号,证书编号', ...rows].join('\r\n')),
    });
    await page.setInputFiles('#batch-file', list([`${luoyang[0]?.candidateNo},ZSE2E1`, 'NOBODY0001,ZSE2E2']));
    await page.getByRole('button', { name: '登记到达' }).click();
    const errors = page.getByTestId('batch-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('本考试没有该准考证号的考生');
    expect(await page.locator('.error-summary').textContent()).toContain('整份名单未登记');
    await expectAccessible(page, 'console arrival errors');
    expect(await batches.locator('tbody tr').count()).toBe(1);
    await page.setInputFiles(
      '#batch-file',
      list(luoyang.map((c) => `${c.candidateNo},ZSE2E${c.candidateNo}`)),
    );
    await page.getByRole('button', { name: '登记到达' }).click();
    await page.getByTestId('batch-recorded').waitFor();
    expect(await page.getByTestId('batch-recorded').textContent()).toContain('洛阳市');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="batches"] tbody tr').length === 2,
    );
  });

  it('N3: a holder reports a paper certificate lost; staff record the reissue; it is marked 补发', async () => {
    const holder = demo().candidates[2] as ReturnType<typeof demo>['candidates'][number];
    const portal = await pages.portalAs(holder);
    const cert = portal.getByTestId('paper-certificate');
    await cert.waitFor();
    await portal.getByTestId('reissue-open').click();
    await portal.getByLabel('申请理由（可不填）').fill('证书遗失');
    await portal.getByRole('button', { name: '继续' }).click();
    await portal.getByTestId('reissue-check').waitFor();
    await expectAccessible(portal, 'portal reissue check');
    await portal.getByRole('button', { name: '确认申请补发' }).click();
    await portal.getByTestId('reissue-state').waitFor();
    expect(await portal.getByTestId('reissue-state').textContent()).toContain('请等待发证部门办理');
    const page = await pages.consoleAs({ username: 'zjt.verifier', password: DEMO_PASSWORD });
    await page.goto(`${site.sys.url}/console/?view=exam&exam=${demo().exam.id}`);
    await page.getByTestId(`reissue-${holder.personId}`).click();
    await page.getByLabel('补发证书编号').fill('zse2enew1');
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByTestId('reissue-check').waitFor();
    await expectAccessible(page, 'console reissue check');
    await page.getByRole('button', { name: '确认登记补发' }).click();
    await page.getByTestId('reissues').getByText('ZSE2ENEW1').waitFor();
    await portal.reload();
    await portal.getByTestId('paper-certificate').waitFor();
    expect(await portal.getByTestId('certificate-number').textContent()).toContain('ZSE2ENEW1');
    expect(await portal.getByTestId('certificate-number').textContent()).toContain('补发');
    await expectAccessible(portal, 'portal reissued');
  });
});
