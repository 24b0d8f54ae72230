/**
 * Browser test of dispatch by China Post (R18, R19): the provincial verifier exports 郑州's manifest (a
 * job, then the downloads), uploads a tracking file with an unknown reference (reported by row, the
 * rest applied), and the candidate sees the tracking number in the portal. axe-core finds no serious
 * or critical violation.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../../scripts/local/seed.js';
import { demoDispatch } from '../../scripts/local/seed-dispatch.js';
import { expectAccessible } from '../support/browser.js';
import { storedCandidate } from '../support/candidates.js';
import { seededBrowserSuite } from '../support/pages.js';

const site = seededBrowserSuite('dispatch');
const { pages } = site;
const demo = () => demoDispatch(new Date());

describe('dispatch in the browser (R18)', () => {
  it('R18: staff export the manifest → import tracking numbers → the candidate sees the number', async () => {
    // the demo's failed first delivery is back on 郑州's next manifest
    const c = demo().candidates[1] as ReturnType<typeof demo>['candidates'][number];
    const page = await pages.consoleAs({ username: 'zjt.verifier', password: DEMO_PASSWORD });
    await page.goto(`${site.sys.url}/console/?view=exam&exam=${demo().exam.id}`);
    await page.getByTestId('dispatch').waitFor();
    await expectAccessible(page, 'console dispatch');
    await page.locator('#manifest-city').selectOption('4101');
    await page.getByRole('button', { name: '导出交寄清单' }).click();
    await page.locator('[data-testid="job-progress"][data-status="done"]').first().waitFor();
    await page.getByTestId('manifest-csv').first().waitFor();
    const reference = (await storedCandidate(c)).booking.reference as string;
    await page.setInputFiles('#tracking-file', {
      name: 'tracking.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        ['预约编号,运单号', `${reference},EME2E0000001CN`, 'YJNOBODY0001,EME2E0000002CN'].join('\r\n'),
      ),
    });
    await page.getByRole('button', { name: '上传' }).first().click();
    const unknown = page.getByTestId('tracking-unknown');
    await unknown.waitFor();
    expect(await unknown.textContent()).toContain('本考试的交寄清单中没有该预约编号');
    await expectAccessible(page, 'console tracking imported');
    // the tracking file's job applies the known row (the page's earlier manifests are done already, so
    // wait on the record rather than on a count of finished jobs)
    await vi.waitFor(
      async () => expect((await storedCandidate(c)).lifecycle?.trackingNo).toBe('EME2E0000001CN'),
      { timeout: 30_000, interval: 250 },
    );
    const portal = await pages.portalAs(c);
    await portal.getByTestId('tracking-no').waitFor();
    expect(await portal.getByTestId('tracking-no').textContent()).toBe('EME2E0000001CN');
    await expectAccessible(portal, 'portal tracking number');
  });
});
