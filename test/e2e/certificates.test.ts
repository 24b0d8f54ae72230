/**
 * Browser test of the electronic certificate in the portal and the issuance on the console (R17, R14,
 * N3, R21): the seeded holder sees the number, the issue date and 有效, that paper and electronic
 * certificates have equal effect and that no paper reissue is given; the revoked one reads 已作废 with
 * its date; hr issues an exam's certificates from its page after the result announcement, as a job.
 * The holder and staff in scope download the certificate's PDF ({number}.pdf). axe-core finds no
 * serious or critical violation. The check page (R25, R14): the holder's downloaded PDF gives the QR
 * link (its text prints the check page's address and the number; the link's fragment is the signed data
 * the API answers for that number), which opens /check/ verified and 有效; after a revocation the same
 * link reads 已撤销 with its date; changed data reads 未通过验证.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { staffActorOf } from '../../functions/acts/actor.js';
import { recordExamEvent } from '../../functions/acts/exam-events.js';
import type { LocalSystem } from '../../scripts/local/runtime.js';
import { demoCandidates, demoExams, demoIssued } from '../../scripts/local/seed.js';
import { expectAccessible, launchChromium } from '../support/browser.js';
import { browserPages, PHONE, startSeededSite } from '../support/pages.js';

const SHOTS = process.env.SHOTS ? join(process.cwd(), '.local/shots') : null;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};

let sys: LocalSystem;
let browser: Browser;

beforeAll(async () => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  sys = await startSeededSite('cert');
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

const pages = browserPages(
  () => browser,
  () => sys.url,
);

describe('electronic certificates in the browser', () => {
  it('R17, N3, R21, R14: the holder sees the certificate’s number, date and status, equal effect and no paper reissue; a revoked one reads 已作废 with its date', async () => {
    const { valid, revoked } = demoIssued(new Date());
    const portal = await pages.portalAs(valid);
    const panel = portal.getByTestId('certificate');
    await panel.waitFor();
    expect(await panel.getByTestId('certificate-number').textContent()).toMatch(
      /^HN-JZS2-\d{4}-[0-9A-Z]{5}-[0-9A-Z]{2}$/,
    );
    expect(await panel.getByTestId('certificate-status').textContent()).toBe('有效');
    const text = await panel.textContent();
    expect(text).toContain('电子证书与纸质证书具有同等效力');
    expect(text).toContain('不补发纸质证书');
    // R17: the PDF downloads as {number}.pdf
    const number = await panel.getByTestId('certificate-number').textContent();
    const [file] = await Promise.all([
      portal.waitForEvent('download'),
      panel.getByRole('button', { name: '下载电子证书（PDF）' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe(`${number}.pdf`);
    await expectAccessible(portal, 'portal certificate');
    await shot(portal, 'portal-certificate');
    const other = await pages.portalAs(revoked);
    expect(await other.getByTestId('certificate-status').textContent()).toMatch(
      /^已作废（\d{4}年\d{1,2}月\d{1,2}日起）$/,
    );
  });

  it('R17: hr issues an exam’s electronic certificates from its page once its results are announced; the job reaches every waiting candidate', async () => {
    const exam = (demoExams(new Date())[1] as { id: string }).id;
    const hr = await pages.consoleAs(sys.demo.staff.find((s) => s.username === 'hr.admin') as never);
    await hr.goto(`${sys.url}/console/?view=exam&exam=${exam}`);
    const events = hr.getByTestId('exam-events');
    expect(await events.getByTestId('event-not-yet-certificatesIssued').textContent()).toContain('R9');
    const zjt = await staffActorOf({ kind: 'staff', username: 'zjt.verifier' } as never);
    await sys.lifecycles;
    await sys.runner.idle();
    await recordExamEvent(zjt, exam, 'resultsAnnounced');
    await sys.jobs.idle();
    await sys.runner.idle();
    await hr.reload();
    await events.getByRole('button', { name: '签发电子证书' }).click();
    // R17: the issue date (today by default) and the issuing department's name go on every certificate
    const fields = events.getByTestId('issuance-fields');
    expect(await fields.getByLabel('签发日期').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await fields.getByLabel('签发单位', { exact: true }).fill('河南省人力资源和社会保障厅（职业资格处）');
    await fields.getByLabel('签发单位印章（选填）').setInputFiles({
      name: 'seal.png',
      mimeType: 'image/png',
      buffer: await QRCode.toBuffer('seal', { type: 'png', width: 240 }),
    });
    await events
      .getByTestId('event-count')
      .getByText(/涉及考生/)
      .waitFor();
    await events.getByLabel('我已核对，确认发布').check();
    await events.getByRole('button', { name: '确认发布' }).click();
    await events
      .getByTestId('event-done')
      .getByText(/已通知 \d+ 名考生/)
      .waitFor({ timeout: 30_000 });
    await expectAccessible(hr, 'console issuance');
    await shot(hr, 'console-issuance');
    // staff in scope see the certificate on the candidate's page
    await sys.runner.idle();
    const q = demoCandidates(new Date()).find((c) => c.examId === exam && c.status === 'qualified');
    await hr.goto(`${sys.url}/console/?view=candidate&exam=${exam}&person=${q?.personId}`);
    const cert = hr.getByTestId('certificate');
    await cert.waitFor();
    expect(await cert.textContent()).toMatch(/^HN-JZS2-\d{4}-[0-9A-Z]{5}-[0-9A-Z]{2} （.*签发，有效）$/);
    const number = /^\S+/.exec((await cert.textContent()) as string)?.[0] as string;
    const answer = await fetch(
      `${sys.url}/api/public/certificates/${number}?${new URLSearchParams({ name: q?.name ?? '' })}`,
    ).then((r) => r.json() as Promise<{ signed: string }>);
    const claims = JSON.parse(Buffer.from(answer.signed.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims.issuer).toBe('河南省人力资源和社会保障厅（职业资格处）');
    const [file] = await Promise.all([
      hr.waitForEvent('download'),
      hr.getByRole('button', { name: '下载电子证书（PDF）' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^HN-JZS2-\d{4}-[0-9A-Z]{5}-[0-9A-Z]{2}\.pdf$/);
    // the seal hr uploaded is the one image on the certificate (no demo seal)
    const doc = await PDFDocument.load(await readFile((await file.path()) as string));
    const images = doc.context
      .enumerateIndirectObjects()
      .filter(
        ([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'),
      );
    expect(images).toHaveLength(1);
  });

  it('R25, R14: the holder’s PDF’s QR link opens the check page: signature verified in the browser, 有效 from the server; after the revocation the same link reads 已撤销 with its date; changed data is not verified', async () => {
    const { valid, revoked } = demoIssued(new Date());
    const portal = await pages.portalAs(valid);
    const panel = portal.getByTestId('certificate');
    const number = (await panel.getByTestId('certificate-number').textContent()) as string;
    const [file] = await Promise.all([
      portal.waitForEvent('download'),
      panel.getByRole('button', { name: '下载电子证书（PDF）' }).click(),
    ]);
    const pdf = await readFile((await file.path()) as string);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    // the PDF prints the check page's address (its QR code opens it with the signed data as the fragment)
    expect(text).toContain(`${sys.url}/check/`);
    expect(text).toContain(number);
    const linkOf = async (n: string, name: string) => {
      const r = await fetch(`${sys.url}/api/public/certificates/${n}?${new URLSearchParams({ name })}`);
      return `${sys.url}/check/#${((await r.json()) as { signed: string }).signed}`;
    };
    const link = await linkOf(number, valid.name);
    const check = await pages.newPage(PHONE);
    await check.goto(link);
    await check.getByTestId('live-status').waitFor();
    expect(await check.getByTestId('signature-status').textContent()).toBe(
      '签名有效：证书数据由发证机关签发，未被改动',
    );
    const signed = (await check.getByTestId('signed-claims').textContent()) as string;
    expect(signed).toContain(number);
    expect(signed).toContain(valid.name);
    expect(signed).not.toContain(valid.idNumber);
    expect(await check.getByTestId('live-status').textContent()).toBe('有效');
    await expectAccessible(check, 'check page, valid');
    await shot(check, 'check-valid');
    // 韩雪梅's certificate was revoked (seeded): her link reads 已撤销 with the date
    const other = await linkOf(
      (await pages
        .portalAs(revoked)
        .then((p) => p.getByTestId('certificate-number').textContent())) as string,
      revoked.name,
    );
    await check.goto(other);
    await check.getByTestId('live-status').waitFor();
    expect(await check.getByTestId('signature-status').textContent()).toContain('签名有效');
    expect(await check.getByTestId('live-status').textContent()).toMatch(
      /^已撤销（\d{4}年\d{1,2}月\d{1,2}日起）$/,
    );
    // a revocation of 冯晓东's takes effect: the same link now reads 已撤销
    const { recordEvent } = await import('../../functions/acts/lifecycle.js');
    await recordEvent(
      valid.examId,
      valid.personId,
      { type: 'revoked', reason: '测试撤销' },
      'staff:hr.admin',
    );
    await check.goto('about:blank');
    await check.goto(link);
    await check.getByTestId('live-status').waitFor();
    expect(await check.getByTestId('live-status').textContent()).toMatch(
      /^已撤销（\d{4}年\d{1,2}月\d{1,2}日起）$/,
    );
    expect(await check.textContent('main')).not.toContain('测试撤销');
    await expectAccessible(check, 'check page, revoked');
    await shot(check, 'check-revoked');
    // the holder's data changed in the link: not verified, and no live status asked
    const [h, , sig] = (link.split('#')[1] ?? '').split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({
        v: 1,
        kind: 'electronic',
        number,
        holder: { name: '王某某', idNumberMasked: '4101**********0000' },
        exam: { id: 'X', name: 'X' },
        issuedAt: '2025-01-01',
        issuer: 'X',
      }),
    ).toString('base64url');
    await check.goto('about:blank');
    await check.goto(`${sys.url}/check/#${h}.${forged}.${sig}`);
    await check.getByTestId('signature-reason').waitFor();
    expect(await check.getByTestId('signature-status').textContent()).toBe('未通过验证');
    expect(await check.getByTestId('check-live').count()).toBe(0);
    await expectAccessible(check, 'check page, not verified');
  });
});
