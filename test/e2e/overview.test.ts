/**
 * Browser test of hr's overview of the paper certificates (issue 13 §5; R16, R19, R20, N3): hr opens it
 * from the console's navigation; the chart is an image with its title and description whose every bar
 * names its phase and its number in text, the table gives the same numbers per exam and city with
 * the totals, and the overdue batches have their section. axe-core finds no serious or critical
 * violation.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../scripts/local/seed.js';
import { demoDispatch } from '../../scripts/local/seed-dispatch.js';
import { expectAccessible } from '../support/browser.js';
import { seededBrowserSuite } from '../support/pages.js';

const site = seededBrowserSuite('overview');
const { pages } = site;

describe("hr's overview in the browser", () => {
  it('R16, R19, R20, N3: the overview chart renders with its table — the same numbers, per exam and city with totals', async () => {
    const page = await pages.consoleAs({ username: 'hr.admin', password: DEMO_PASSWORD });
    await page.getByRole('link', { name: '发放总览', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '证书发放总览' }).waitFor();
    const chart = page.getByRole('img', { name: '各环节人数（全部考试合计）' });
    await chart.waitFor();
    // each bar says its phase and its number in words, not by colour alone
    const bars = chart.locator('g[data-phase]');
    expect(await bars.count()).toBe(11);
    const booked = await chart.locator('g[data-phase="booked"]').textContent();
    expect(booked).toMatch(/^已预约邮寄\d+$/);
    // the table's total row holds the chart's numbers
    const table = page.getByTestId('overview-table');
    const totals = await table.locator('tfoot td').allTextContents();
    const numbers = await bars.evaluateAll((gs) => gs.map((g) => g.querySelectorAll('text')[1]?.textContent));
    expect(totals).toEqual(numbers);
    expect(Number(totals[2])).toBeGreaterThan(0);
    // per exam, a link to its page, and its cities
    const exam = demoDispatch(new Date()).exam;
    await expect(table.getByRole('link', { name: exam.name }).getAttribute('href')).resolves.toContain(
      `exam=${exam.id}`,
    );
    expect(await table.textContent()).toContain('本考试合计');
    await page.getByTestId('overview-overdue').waitFor();
    await expectAccessible(page, 'console overview');
  });

  it('R24: the overview is hr’s: a verifier has no link to it and is told so', async () => {
    const page = await pages.consoleAs({ username: 'zjt.verifier', password: DEMO_PASSWORD });
    expect(await page.getByRole('link', { name: '发放总览', exact: true }).count()).toBe(0);
    await page.goto(`${site.sys.url}/console/?view=overview`);
    await page.getByText('证书发放总览仅供人社部门查看。').waitFor();
  });
});
