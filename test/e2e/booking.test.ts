/**
 * R18, R19 in Chromium with axe-core on a 390 px phone screen: a qualified candidate of the demo paper
 * exam (XFS1, its booking window open) signs in, sees the window's opening and closing, books — the
 * form's checks first (postage on delivery not confirmed), then check your answers, confirm — sees the
 * reference and what happens next, changes the address (same reference), and cancels.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoBooking } from '../../scripts/local/seed.js';
import { expectAccessible } from '../support/browser.js';
import { storedCandidate } from '../support/candidates.js';
import { seededBrowserSuite } from '../support/pages.js';

const site = seededBrowserSuite('booking', { lifecycles: false });
const { pages } = site;
// the seed leaves the third candidate unbooked (the README's journey); the e2e takes the fourth
const cand = demoBooking(new Date()).candidates[3] as ReturnType<typeof demoBooking>['candidates'][number];

describe('portal: mail booking', () => {
  it('R18, R19: the candidate books, checks, confirms, sees the reference, changes the address and cancels', async () => {
    const divisions: string[] = [];
    const page = await pages.portalAs(cand, {
      viewport: { width: 390, height: 844 },
      watch: (p) => p.on('request', (r) => r.url().endsWith('/divisions.json') && divisions.push(r.url())),
    });
    const panel = page.getByTestId('booking');
    await panel.getByRole('button', { name: '填写邮寄地址' }).waitFor();
    // the window as every deadline is shown: its opening with time and zone, its end at 24:00
    expect(await panel.getByTestId('booking-window').textContent()).toMatch(
      /^预约时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）起，至 \d{4}年\d{1,2}月\d{1,2}日 24:00（北京时间）止。$/,
    );
    expect(await panel.textContent()).toContain('通常为 15–25 元');
    // the division data is loaded only when the form opens
    expect(divisions).toEqual([]);
    await expectAccessible(page, 'portal booking start');

    await panel.getByRole('button', { name: '填写邮寄地址' }).click();
    await panel.getByLabel('省（自治区、直辖市）').selectOption('41');
    expect(divisions).toHaveLength(1);
    await panel.getByLabel('市', { exact: true }).selectOption('4101');
    await panel.getByLabel('区县').selectOption('410105');
    for (const label of ['收件人手机号', '再次输入手机号', '邮政编码'])
      expect(await panel.getByLabel(label).getAttribute('inputmode')).toBe('numeric');
    await panel.getByLabel('收件人手机号').fill(cand.phone);
    await panel.getByLabel('再次输入手机号').fill(cand.phone);
    await panel.getByLabel('详细地址').fill('金水区花园路 88 号 3 号楼 501 室');
    await panel.getByLabel('邮政编码').fill('450003');
    await panel.getByRole('button', { name: '继续' }).click();
    // postage on delivery not confirmed: the summary links to the field
    await page.locator('.error-summary').getByText('请确认邮费由您在收件时支付（到付）').waitFor();
    await expectAccessible(page, 'portal booking form with an error');
    await panel.getByLabel('我已了解：邮费由我在收件时支付').check();
    await panel.getByRole('button', { name: '继续' }).click();
    await panel.getByRole('heading', { name: '请核对邮寄信息' }).waitFor();
    expect(await panel.textContent()).toContain(
      '河南省郑州市金水区 金水区花园路 88 号 3 号楼 501 室（450003）',
    );
    await expectAccessible(page, 'portal booking check');
    await panel.getByRole('button', { name: '确认预约' }).click();
    const done = page.getByTestId('booking-done');
    await done.waitFor();
    const ref = await done.getByTestId('booking-reference').textContent();
    expect(ref).toMatch(/^YJ[A-Z0-9]{19}$/);
    expect(await done.textContent()).toContain('由中国邮政寄出，邮费到付');
    await expectAccessible(page, 'portal booking confirmation');
    expect((await storedCandidate(cand)).booking.reference).toBe(ref);

    // change the address: the form comes back filled in; same reference
    await page.getByRole('button', { name: '返回' }).click();
    await panel.getByRole('button', { name: '变更地址' }).click();
    expect(await panel.getByLabel('详细地址').inputValue()).toBe('金水区花园路 88 号 3 号楼 501 室');
    await panel.getByLabel('区县').selectOption('410102');
    await panel.getByLabel('详细地址').fill('中原区建设西路 1 号');
    await panel.getByLabel('我已了解：邮费由我在收件时支付').check();
    await panel.getByRole('button', { name: '继续' }).click();
    await panel.getByRole('button', { name: '确认预约' }).click();
    await page.getByRole('heading', { name: '已变更邮寄地址' }).waitFor();
    expect(await page.getByTestId('booking-reference').textContent()).toBe(ref);
    expect((await storedCandidate(cand)).booking.districtName).toBe('中原区');

    // cancel: asked first, then the booking is gone and booking is open again
    await page.getByRole('button', { name: '返回' }).click();
    await panel.getByRole('button', { name: '取消预约' }).click();
    await expectAccessible(page, 'portal booking cancel');
    await panel.getByRole('button', { name: '确认取消预约' }).click();
    await panel.getByRole('button', { name: '填写邮寄地址' }).waitFor();
    expect((await storedCandidate(cand)).booking).toBeUndefined();
  });

  it('R18: the exam’s verifier reads the bookings per city in the console, the city filter in the URL', async () => {
    const page = await pages.consoleAs({ username: 'xf.verifier', password: DEMO_PASSWORD });
    await page.goto(`${site.sys.url}/console/?view=exam&exam=${cand.examId}`);
    await page.getByTestId('exam-bookings').click();
    await page.getByTestId('booking-counts').waitFor();
    // the seed booked two (Zhengzhou; Luoyang, locked); the first test's booking is cancelled again
    const total = page.getByTestId('booking-counts').locator('tfoot tr');
    const [booked, , , locked] = (await total.locator('td').allTextContents()).map(Number);
    expect([booked, locked]).toEqual([2, 1]);
    await page.getByLabel('城市', { exact: true }).selectOption('4103');
    await page.waitForURL(/[?&]city=4103/);
    await page.locator('[data-testid=booking-counts] tbody tr').filter({ hasText: '洛阳市' }).waitFor();
    expect(await page.locator('[data-testid=booking-counts] tbody tr').count()).toBe(1);
    await expectAccessible(page, 'console bookings');
  });
});
