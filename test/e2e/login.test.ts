/**
 * Browser test of the whole local system: the web build served by the local gateway, the real handlers
 * on DynamoDB Local (the e2e global setup's instance), Chromium driven by playwright-core (the system
 * Chromium if present, else the one from @sparticuz/chromium: test/support/browser.ts).
 *   (a) a staff member signs in to the console and sees the exam list, then a work queue with its filter in the URL;
 *   (b) a candidate signs in to the portal with ID number + name + the SMS code (read from the outbox table)
 *       and sees their status and the one thing to do next with its deadline (T4);
 *   (c) the console shows an exam's timeline (R6, R7, R11, R18, R20) as T4 deadlines, provisional where the
 *       calendar lacks a year with the missing years named (T3); the queue shows each candidate's phase
 *       and next deadline; the holiday calendar lists loaded and missing years, and only hr can load one;
 *   (d) axe-core finds no serious or critical violation on the public home, the portal login, the portal
 *       status page, the console exam list, exam page, work queue and calendar; the public home reads
 *       without JavaScript; the language switch is remembered;
 *   (e) R9: only the provincial verifier may publish the result announcement: a check step with the number
 *       of candidates affected and a box to tick, progress while they are notified, then a confirmation
 *       with the number reached and the time it was recorded; hr and a municipal verifier see no button.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { syntheticIdNumber } from '../../functions/domain/id-number.js';
import { personIdOf } from '../../functions/lib/ids.js';
import { buildWeb, PORTAL_GZIP_BUDGET, type WebBuild } from '../../scripts/build-web.js';
import { type LocalSystem, startLocal } from '../../scripts/local/runtime.js';
import { demoExams } from '../../scripts/local/seed.js';
import { expectAccessible, launchChromium } from '../support/browser.js';
import { latestCode } from '../support/local.js';

const PHONE = { width: 375, height: 740 };
const DESK = { width: 1280, height: 900 };
const STATUS_WORDS = [
  '核查中',
  '合格',
  '不合格',
  '报考条件待核查',
  '已放弃',
  '已预约邮寄',
  '已寄出',
  '已签收',
  '待现场领取',
  '代为保管',
  '已撤销',
];
const PHASE_WORDS = [
  '资格核查中',
  '等待核查结果公告',
  '补充资格核查',
  '等待补充核查结果公告',
  '申辩期',
  '申辩处理中',
  '电子证书签发中',
  '邮寄预约期',
  '等待证书到达',
  '待寄出',
  '邮寄中',
  '现场领取',
  '办理中',
  '已办结',
];
/** T4: a deadline shown to a person: "2024年10月8日 24:00（北京时间）" */
const T4_DEADLINE = /\d{4}年\d{1,2}月\d{1,2}日 24:00（北京时间）/;

let build: WebBuild;
let sys: LocalSystem;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** uncaught script errors in any page fail the test that caused them */
const pageErrors: string[] = [];

beforeAll(async () => {
  // a build of its own, to measure: the one the other browser files share is built by the global setup
  build = await buildWeb(mkdtempSync(join(tmpdir(), 'cert-e2e-web-')));
  sys = await startLocal({
    webDir: build.outDir,
    port: 0,
    quiet: true,
    seed: true,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `e2e${Date.now().toString(36)}-`,
    dataDir: mkdtempSync(join(tmpdir(), 'cert-e2e-')),
  });
  browser = await launchChromium();
});

afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await sys?.stop();
});

async function newPage(viewport = PHONE, opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...opts,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

/** Nothing on the page is wider than the phone's screen. */
async function expectNoSideways(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

type DemoStaff = LocalSystem['demo']['staff'][number];

function staffWithRole(role: string): DemoStaff {
  const s = sys.demo.staff.find((x) => x.role === role);
  if (!s) throw new Error(`no ${role} demo account`);
  return s;
}

function staffNamed(username: string): DemoStaff {
  const s = sys.demo.staff.find((x) => x.username === username);
  if (!s) throw new Error(`no demo account ${username}`);
  return s;
}

/** A desk browser with the staff member signed in to the console, on the exam list. */
async function consoleAs(staff: DemoStaff): Promise<Page> {
  const page = await newPage(DESK);
  await page.goto(`${sys.url}/console/`);
  await page.getByLabel('用户名').fill(staff.username);
  await page.getByLabel('密码').fill(staff.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '考试' }).waitFor();
  return page;
}

describe('web build', () => {
  it('keeps the portal small enough for a cheap phone on a slow network', () => {
    expect(build.js.portal.gzip).toBeLessThan(PORTAL_GZIP_BUDGET);
    expect(build.pages).toEqual(
      expect.arrayContaining(['index.html', 'en/index.html', 'portal/index.html', 'console/index.html']),
    );
  });
});

describe('public home', () => {
  it('reads without JavaScript: office name, the process, the announcements (empty), links', async () => {
    const page = await newPage(PHONE, { javaScriptEnabled: false });
    await page.goto(`${sys.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('河南省专业技术人员职业资格考试证书服务');
    expect(await page.locator('ol.steps > li').count()).toBe(3);
    expect(await page.getByText('暂无公告').isVisible()).toBe(true);
    expect(await page.locator('a[href="/portal/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('a[href="/console/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('meta[name="viewport"]').count()).toBe(1);
  });

  it('is accessible, fits a phone, and remembers the English choice', async () => {
    const page = await newPage();
    await page.goto(`${sys.url}/`);
    // the seeded notice is announced (the list is read from /announcements/index.json)
    await page.getByRole('link', { name: /一级建造师资格考试合格人员名单公示/ }).waitFor();
    await expectNoSideways(page);
    await expectAccessible(page, 'public home');

    await page.getByRole('link', { name: 'Switch to English' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Henan Professional Qualification Exam Certificate Service' })
      .waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('cw.lang'))).toBe('en');

    // the choice carries to the other pages
    await page.goto(`${sys.url}/portal/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { level: 1, name: '考生登录' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });
});

describe('console', () => {
  it('a staff member signs in and sees the exam list, then a work queue filtered through the URL', async () => {
    const staff = sys.demo.staff[0];
    if (!staff) throw new Error('no demo staff');
    const page = await newPage(DESK);
    await page.goto(`${sys.url}/console/`);
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();

    // an empty form: the error summary links to each field
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.locator('.error-summary a[href="#username"]').waitFor();
    expect(await page.locator('.error-summary a[href="#password"]').count()).toBe(1);

    await page.getByLabel('用户名').fill(staff.username);
    await page.getByLabel('密码').fill(staff.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: '考试' }).waitFor();
    const rows = page.locator('[data-testid="exams"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('account').textContent()).toContain(staff.username);
    expect(await page.getByTestId('account').textContent()).toContain(staff.department);
    await expectAccessible(page, 'console exam list');

    // the queue: rows counted, status as words, filters kept in the URL
    await rows
      .first()
      .getByRole('link', { name: /查看考生/ })
      .click();
    await page.getByTestId('queue-count').waitFor();
    expect(page.url()).toContain('view=queue');
    await expectAccessible(page, 'console work queue');
    await page.getByLabel('状态').selectOption('verifying');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.waitForURL(/status=verifying/);
    await page.getByTestId('queue-count').waitFor();
    const tags = await page.locator('table tbody td .tag:not(.tag--provisional)').allTextContents();
    for (const tag of tags) expect(tag).toBe('核查中');

    // a shared link opens the same filtered view
    const shared = page.url();
    const other = await newPage(DESK);
    await other.goto(`${sys.url}/console/`);
    await other.getByLabel('用户名').fill(staff.username);
    await other.getByLabel('密码').fill(staff.password);
    await other.getByRole('button', { name: '登录', exact: true }).click();
    await other.getByRole('heading', { level: 1, name: '考试' }).waitFor();
    await other.goto(shared);
    await other.getByTestId('queue-count').waitFor();
    expect(await other.getByLabel('状态').inputValue()).toBe('verifying');
  });
});

describe('deadlines in the console (T3, T4)', () => {
  // this year's sitting (earlier sittings of the same exam are seeded too, for on-site collection)
  const examLink = (demoExams(new Date()).find((e) => e.examType === 'JZS1') as { name: string }).name;

  it('R6, R7, R11, R18, R20, T4: an exam page shows its timeline, each deadline at 24:00（北京时间） with its rule', async () => {
    const page = await consoleAs(staffWithRole('hr'));
    await page.getByRole('link', { name: examLink, exact: true }).click();
    await page.waitForURL(/view=exam/);
    const table = page.getByTestId('schedule');
    await table.waitFor();
    expect(await page.getByRole('heading', { level: 2, name: '考试时间节点' }).count()).toBe(1);

    const row = (rule: string) => table.locator(`tbody tr[data-rule="${rule}"]`);
    const expected: [string, string][] = [
      ['R6', '公示期满'],
      ['R7', '核查结果报送截止'],
      ['R11', '补充核查及申辩截止'],
      ['R20', '证书保管期满'],
    ];
    for (const [rule, label] of expected) {
      expect(await row(rule).count(), rule).toBe(1);
      const text = (await row(rule).textContent()) ?? '';
      expect(text).toContain(label);
      expect(text).toContain(rule);
      expect(text, rule).toMatch(T4_DEADLINE);
    }
    // R18: the booking window is set by the verification result announcement, not published yet
    expect(await table.locator('tr[data-milestone="bookingCloses"]').textContent()).toContain(
      '核查结果公告发布后确定',
    );
    await expectAccessible(page, 'console exam page');

    // T4 in English: "24:00 China Standard Time, 8 October 2024"
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Exam timeline' }).waitFor();
    expect(await row('R7').textContent()).toMatch(/24:00 China Standard Time, \d{1,2} [A-Z][a-z]+ \d{4}/);
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { level: 2, name: '考试时间节点' }).waitFor();
  });

  it('T3: a deadline in a year the calendar lacks is marked 暂定, and hr is told which years to load', async () => {
    const page = await consoleAs(staffWithRole('hr'));
    await page.getByRole('link', { name: examLink, exact: true }).click();
    const custody = page.locator('[data-testid="schedule"] tbody tr[data-rule="R20"]');
    await custody.waitFor();
    // R20: five years from the exam's end, a year no holiday notice covers yet
    const custodyText = (await custody.textContent()) ?? '';
    expect(custodyText).toContain('暂定');
    const custodyYear = /(\d{4})年\d{1,2}月\d{1,2}日/.exec(custodyText)?.[1] ?? '';
    expect(custodyYear).toMatch(/^\d{4}$/);
    const warning = page.getByTestId('missing-years');
    const said = (await warning.textContent()) ?? '';
    expect(said).toMatch(/\d{4}(、\d{4})* 年节假日安排尚未导入，相关期限为暂定/);
    expect(said).toContain(custodyYear);
    expect(await page.getByText('期限所在年份的节假日安排尚未导入').count()).toBe(1);
    await warning.getByRole('link', { name: '导入节假日安排' }).click();
    await page.getByRole('heading', { level: 1, name: '节假日日历' }).waitFor();
    expect(page.url()).toContain('view=calendar');
  });

  it('R7, T4: the work queue and a candidate show the current phase in words and the next deadline with its rule', async () => {
    const page = await consoleAs(staffWithRole('hr'));
    await page
      .locator('[data-testid="exams"] tbody tr', {
        has: page.getByRole('link', { name: examLink, exact: true }),
      })
      .getByRole('link', { name: /查看考生/ })
      .click();
    await page.getByTestId('queue-count').waitFor();
    const headers = await page.locator('table thead th').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['当前环节', '下一期限']));
    const first = page.locator('table tbody tr').first();
    const phase = (await first.getByTestId('phase').textContent()) ?? '';
    expect(PHASE_WORDS).toContain(phase);
    // every candidate of this exam is still in round 1: verification, due under R7
    expect(phase).toBe('资格核查中');
    const deadline = (await first.locator('td.deadline-cell').textContent()) ?? '';
    expect(deadline).toMatch(T4_DEADLINE);
    expect(deadline).toContain('R7');

    await first.locator('th a').click();
    await page.waitForURL(/view=candidate/);
    await page.getByTestId('phase').waitFor();
    expect(await page.getByTestId('phase').textContent()).toBe('资格核查中');
    expect(await page.locator('main').textContent()).toMatch(T4_DEADLINE);
    // N4: the candidate's timeline (办理记录) names departments and kinds of actor, never a username
    const timeline = page.locator('section.timeline-section');
    await timeline.getByTestId('timeline').or(timeline.getByText('暂无办理记录。')).waitFor();
    expect(await timeline.textContent()).not.toMatch(/verifier|hr\.admin|staff:/);
    await expectAccessible(page, 'console candidate with its timeline');
  });

  it('T3: every staff role sees the holiday calendar with loaded and missing years; a verifier has no upload form', async () => {
    const page = await consoleAs(staffWithRole('verifier'));
    await page
      .getByRole('navigation', { name: '工作台导航' })
      .getByRole('link', { name: '节假日日历' })
      .click();
    await page.getByRole('heading', { level: 1, name: '节假日日历' }).waitFor();
    const years = page.getByTestId('calendar-years');
    await years.waitFor();
    const thisYear = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    expect(await years.locator(`tr[data-year="${thisYear}"]`).textContent()).toContain('已导入');
    expect(await years.locator('tbody tr').count()).toBeGreaterThan(10);
    const missing = page.getByTestId('calendar-missing');
    expect(await missing.textContent()).toContain('需要导入');
    expect(await years.locator('tr.row--missing').count()).toBeGreaterThan(0);
    expect(await years.locator('tr.row--missing').first().textContent()).toContain('需要导入');

    expect(await page.getByTestId('calendar-upload').count()).toBe(0);
    expect(await page.locator('textarea').count()).toBe(0);
    expect(await page.getByTestId('calendar-read-only').textContent()).toContain('只有人社部门账号可以导入');
    await expectAccessible(page, 'console calendar (verifier)');
  });

  it('T3: hr loads a missing year: server errors at the field, check the counts, confirm, no longer missing', async () => {
    const page = await consoleAs(staffWithRole('hr'));
    await page.goto(`${sys.url}/console/?view=calendar`);
    await page.getByTestId('calendar-upload').waitFor();
    const firstMissing = page.locator('[data-testid="calendar-missing"] li').first();
    const year = Number(/\d{4}/.exec((await firstMissing.textContent()) ?? '')?.[0]);
    expect(year).toBeGreaterThan(2000);
    await expectAccessible(page, 'console calendar (hr)');
    const box = page.getByLabel('节假日数据（JSON）');
    const next = () => page.getByRole('button', { name: '继续' }).click();

    // nothing pasted: the summary links to the box
    await next();
    await page.locator('.error-summary a[href="#calendarJson"]').waitFor();
    expect(await page.locator('#calendarJson-error').textContent()).toContain('请粘贴节假日数据');

    // the browser passes it, the server does not (no 1 January, a weekday as a working Saturday)
    const day = (month: number, weekday: number) => {
      const d = new Date(Date.UTC(year, month - 1, 1));
      while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() + 1);
      return d.toISOString().slice(0, 10);
    };
    await box.fill(JSON.stringify({ year, holidays: [`${year}-05-01`], workdays: [day(3, 3)] }));
    await next();
    // T3: no 春节 and no 国庆节 — the check step says so, and confirming needs a ticked box
    const incomplete = page.getByTestId('calendar-incomplete');
    expect(await incomplete.textContent()).toMatch(/没有春节、国庆节/);
    const load = page.getByRole('button', { name: '确认导入' });
    expect(await load.isDisabled()).toBe(true);
    await page.getByLabel(`我已核对，${year} 年安排确实如此，确认导入`).check();
    await load.click();
    await page.locator('.error-summary').waitFor();
    const summary = (await page.locator('.error-summary').textContent()) ?? '';
    expect(summary).toContain(`缺少 ${year}-01-01（元旦）`);
    expect(summary).toContain('不是周六或周日');
    expect(await page.getAttribute('#calendarJson', 'aria-invalid')).toBe('true');
    await expectAccessible(page, 'console calendar with server errors');

    // a well-formed year: check the counts, then confirm
    const upload = {
      year,
      holidays: [`${year}-01-01`, `${year}-02-12`, `${year}-05-01`, `${year}-10-01`],
      workdays: [day(2, 6)],
      names: { [`${year}-01-01`]: '元旦' },
      source: 'e2e 测试数据（非真实安排）',
    };
    await box.fill(JSON.stringify(upload, null, 2));
    await next();
    await page.getByRole('heading', { level: 2, name: `请核对 ${year} 年节假日安排` }).waitFor();
    const check = (await page.getByTestId('calendar-check').textContent()) ?? '';
    expect(check).toContain('法定节假日4 天');
    expect(await page.getByTestId('calendar-incomplete').count()).toBe(0); // 春节 and 国庆节 are there
    expect(check).toContain('调休上班日1 天');
    await expectAccessible(page, 'console calendar check step');
    await page.getByRole('button', { name: '确认导入' }).click();
    const done = page.getByTestId('calendar-done');
    await done.waitFor();
    expect(await done.textContent()).toContain(`已导入 ${year} 年，暂定期限将按新日历重新计算`);
    // the list reloads: the year is loaded, and no longer named as missing
    const loaded = page.locator(`[data-testid="calendar-years"] tr[data-year="${year}"]`);
    await expect.poll(async () => (await loaded.count()) && (await loaded.textContent())).toContain('已导入');
    expect(
      (await page.locator('[data-testid="calendar-missing"] li').allTextContents()).join(' '),
    ).not.toContain(String(year));
    // nor on the exam page: its deadlines in that year are computed on the loaded calendar now
    await page.goto(`${sys.url}/console/`);
    const thisYear = (demoExams(new Date()).find((e) => e.examType === 'JZS1') as { name: string }).name;
    await page.getByRole('link', { name: thisYear, exact: true }).click();
    await page.getByTestId('schedule').waitFor();
    const warning = page.getByTestId('missing-years');
    if (await warning.count()) expect(await warning.textContent()).not.toContain(String(year));
  });
});

describe('exam administration in the console (R1)', () => {
  it('R1: hr creates an exam: the form, the schedule preview with every rule, then the new exam page; others see no such link', async () => {
    const page = await consoleAs(staffWithRole('hr'));
    await page.getByTestId('exam-new').click();
    await page.getByTestId('exam-form').waitFor();
    await expectAccessible(page, 'console new exam form');
    const year = new Date().getFullYear();
    // a mistake first: the server names the field, the summary links to it
    await page.selectOption('#examType', 'XFS1');
    await page.fill('#year', String(year));
    await page.fill('#name', `${year}年度一级注册消防工程师资格考试`);
    await page.fill('#examEnd', `${year}-02-30`);
    await page.fill('#scoreRelease', `${year}-03-20`);
    await page.getByRole('button', { name: '预览时间节点' }).click();
    await page.locator('.error-summary a[href="#examEnd"]').waitFor();
    expect(await page.getAttribute('#examEnd', 'aria-invalid')).toBe('true');
    // corrected: check the facts and the timeline, then confirm
    await page.fill('#examEnd', `${year}-02-28`);
    await page.getByRole('button', { name: '预览时间节点' }).click();
    const facts = page.getByTestId('exam-check');
    await facts.waitFor();
    expect(await facts.textContent()).toContain(`XFS1-${year}`);
    const rules = await page
      .locator('[data-testid="schedule"] tr[data-rule]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')));
    expect(rules).toEqual(['R6', 'R7', 'R11', '', 'R20']);
    await expectAccessible(page, 'console new exam check');
    await page.getByRole('button', { name: '确认新建' }).click();
    await page.getByRole('heading', { level: 1, name: `${year}年度一级注册消防工程师资格考试` }).waitFor();
    expect(decodeURIComponent(page.url())).toContain(`exam=XFS1-${year}`);
    expect(await page.getByTestId('exam-edit').count()).toBe(1);

    const verifier = await consoleAs(staffWithRole('verifier'));
    await verifier.getByTestId('exams').waitFor();
    expect(await verifier.getByTestId('exam-new').count()).toBe(0);
  });
});

describe('the hand-over of the passing list in the console (R5, N2)', () => {
  it('R5, N2: hr imports the sample list on the exam ready for it: the import runs, the refused rows are listed with row and column, the candidates join the queue', async () => {
    const page = await consoleAs(staffWithRole('hr'));
    const exam = demoExams(new Date()).find((e) => e.examType === 'ZJS2');
    if (!exam) throw new Error('no demo exam ready for an import');
    await page.goto(`${sys.url}/console/?view=exam&exam=${exam.id}`);
    await page.getByRole('heading', { level: 2, name: '导入合格人员名单' }).waitFor();
    // nothing chosen: the error at the field
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.locator('.error-summary a[href="#list-file"]').waitFor();
    await page.setInputFiles('#list-file', resolve('docs/samples/passing-list.csv'));
    await page.getByRole('button', { name: '开始导入' }).click();
    const result = page.getByTestId('import-result');
    await result.getByText('导入完成').waitFor({ timeout: 30_000 });
    expect(await result.getByTestId('imported').textContent()).toBe('28');
    expect(await result.getByTestId('rejected').textContent()).toBe('2');
    expect(await result.locator('tbody tr').count()).toBe(2);
    expect(await result.textContent()).toContain('手机号');
    await expectAccessible(page, 'console import result');
    // the imported candidates are in the exam's work queue
    await page.goto(`${sys.url}/console/?view=queue&exam=${exam.id}`);
    await page.getByText('王晓明').first().waitFor();
  });

  it('R5: then hr hands over the sample materials ZIP: five files attached, two reported by position; the candidate page lists the materials with a download', async () => {
    const page = await consoleAs(staffWithRole('hr'));
    const exam = demoExams(new Date()).find((e) => e.examType === 'ZJS2');
    if (!exam) throw new Error('no demo exam ready for an import');
    await page.goto(`${sys.url}/console/?view=exam&exam=${exam.id}`);
    await page.getByRole('heading', { level: 2, name: '导入合格人员名单' }).waitFor();
    await page.setInputFiles('#list-file', resolve('docs/samples/materials.zip'));
    await page.getByRole('button', { name: '开始导入' }).click();
    const result = page.getByTestId('import-result');
    await result.getByText('材料导入完成').waitFor({ timeout: 30_000 });
    expect(await result.getByTestId('imported').textContent()).toBe('5');
    expect(await result.getByTestId('rejected').textContent()).toBe('2');
    expect(await result.textContent()).toContain('准考证号 ZJ20269999 不在本考试的名单中');
    await expectAccessible(page, 'console materials import result');
    // the first candidate of the sample list has two materials, each with its download
    await page.goto(`${sys.url}/console/?view=queue&exam=${exam.id}`);
    await page.getByText('王晓明').first().click();
    const list = page.getByTestId('materials');
    await list.waitFor();
    expect(await list.locator('tbody tr').count()).toBe(2);
    expect(await list.textContent()).toContain('ZJ20261001-学历证书.pdf');
    const saved = page.waitForEvent('download');
    await list.getByRole('button', { name: '下载 ZJ20261001-学历证书.pdf' }).click();
    expect((await saved).suggestedFilename()).toBe('ZJ20261001-学历证书.pdf');
    await expectAccessible(page, 'console candidate materials');
  });
});

describe('the joint public notice, its public pages and an objection (R6, N4)', () => {
  it('R6, N4: after the import above, the provincial verifier drafts the notice and hr publishes it; its public page lists the sample candidates with masked ID numbers, finds one by candidate number, takes an objection without JavaScript; the objection shows in the queue', async () => {
    // the exam the sample list was imported into (the test above): its notice period still runs
    const exam = demoExams(new Date()).find((e) => e.examType === 'ZJS2');
    if (!exam) throw new Error('no demo exam');
    const noticeId = `${exam.id}-N1`;
    const zjt = await consoleAs(staffNamed('zjt.verifier'));
    await zjt.goto(`${sys.url}/console/?view=exam&exam=${exam.id}`);
    const section = zjt.getByTestId('notice');
    await section.getByRole('heading', { name: '合格人员公示' }).waitFor();
    // too short: the server's message at the field
    await section.getByLabel('公示正文').fill('太短');
    await section.getByRole('button', { name: '保存草稿' }).click();
    await zjt.locator('.error-summary a[href="#text"]').waitFor();
    await section
      .getByLabel('公示正文')
      .fill('经审核，以下人员成绩合格，现予公示。公示期内如有异议，请实名向核查部门反映。');
    await section.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => section.getByTestId('notice-status').textContent()).toContain('草稿');
    await expectAccessible(zjt, 'console notice draft');
    const hr = await consoleAs(staffNamed('hr.admin'));
    await hr.goto(`${sys.url}/console/?view=exam&exam=${exam.id}`);
    const hrSection = hr.getByTestId('notice');
    await hrSection.getByRole('button', { name: '确认并联合发布' }).click();
    await hrSection.getByRole('button', { name: '确认发布（发布后不能修改）' }).click();
    await expect.poll(() => hrSection.getByTestId('notice-status').textContent()).toBe('已联合发布');
    const facts = (await hrSection.textContent()) ?? '';
    expect(facts).toContain('河南省住房和城乡建设厅');
    expect(facts).toContain('河南省人力资源和社会保障厅');
    expect(facts).toMatch(/24:00（北京时间）/);
    await expectAccessible(hr, 'console notice published');

    // the public pages, once their job is done: the sample's 28 good rows, masked
    await sys.jobs.idle();
    const pub = await newPage();
    await pub.goto(`${sys.url}/announcements/${noticeId}/`);
    await pub.getByRole('heading', { level: 1, name: /合格人员名单公示/ }).waitFor();
    expect(await pub.textContent('main')).toContain('共 28 人');
    await expectAccessible(pub, 'public notice');
    await expectNoSideways(pub);
    await pub.getByRole('link', { name: '第 1 页' }).first().click();
    await pub.locator('table tbody tr').first().waitFor();
    const table = (await pub.textContent('table')) ?? '';
    expect(table).toMatch(/\d{4}\*{10}[\dX]{4}/);
    expect(table).not.toMatch(/\d{17}[\dX]/);
    await expectAccessible(pub, 'public notice list page');
    await expectNoSideways(pub);
    // the look-up by candidate number, from the static shards
    await pub.goto(`${sys.url}/announcements/${noticeId}/`);
    await pub.fill('#lookup-no', 'zj20261001');
    await pub.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => pub.textContent('#lookup-result')).toContain('王晓明');
    expect(await pub.textContent('#lookup-result')).toContain('4101**********9007');

    // an objection, as the form posts it without JavaScript
    const nojs = await newPage(PHONE, { javaScriptEnabled: false });
    await nojs.goto(`${sys.url}/announcements/${noticeId}/`);
    await nojs.fill('#o-no', 'ZJ20261001');
    await nojs.fill('#o-facts', '该考生填报的工作年限与实际不符，本人系其原单位同事，可提供证明。');
    await nojs.fill('#o-contact', '13800001234');
    await nojs.getByRole('button', { name: '提交异议' }).click();
    await nojs.locator('.ref').waitFor();
    expect(await nojs.textContent('body')).toContain('受理编号');
    expect(await nojs.textContent('.ref')).toMatch(/^[a-z0-9]{19}$/);
    // axe runs as a script: check the receipt in a page that runs scripts
    await pub.setContent(await nojs.content());
    await expectAccessible(pub, 'objection receipt');
    // it lands in the verifier's queue, counted on the candidate
    await zjt.goto(`${sys.url}/console/?view=queue&exam=${exam.id}`);
    const row = zjt.locator('tr', { hasText: '王晓明' }).first();
    await row.getByText('异议 1').waitFor();
  });
});

describe('staff administration in the console (R1, R24)', () => {
  it('R1: hr creates a department and an account in it; the account signs in with its role; hr disables it after a confirmation', async () => {
    const page = await consoleAs(staffWithRole('hr'));
    await page.getByRole('link', { name: '账号管理' }).click();
    await page.getByTestId('staff-accounts').waitFor();
    await expectAccessible(page, 'console accounts');
    // a department: a municipal verifier needs its city (the server says so at the field)
    const dept = page.getByTestId('new-department');
    await dept.locator('#id').fill('zjt-4102');
    await dept.locator('#name').fill('开封市住房和城乡建设局');
    await dept.locator('#kind').selectOption('municipalVerifier');
    await dept.getByLabel('一级建造师', { exact: true }).check();
    await dept.getByRole('button', { name: '创建部门' }).click();
    await page.locator('.error-summary a[href="#city"]').waitFor();
    await dept.locator('#city').selectOption('4102');
    await dept.getByRole('button', { name: '创建部门' }).click();
    await page.getByTestId('departments').getByText('开封市住房和城乡建设局').waitFor();
    // an account in it
    const form = page.getByTestId('new-account');
    await form.locator('#username').fill('kf.verifier');
    await form.locator('#deptId').selectOption('zjt-4102');
    await form.locator('#password').fill('Kaifeng#2026-verify');
    await form.getByRole('button', { name: '创建账号' }).click();
    await page.getByTestId('account-created').waitFor();
    const row = page.locator('[data-testid="staff-accounts"] tr[data-username="kf.verifier"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('核查部门');
    await expectAccessible(page, 'console accounts after creating one');
    // its first sign-in asks for a new password (twice, the same), then it sees its exams
    const kf = await newPage(DESK);
    await kf.goto(`${sys.url}/console/`);
    await kf.getByLabel('用户名').fill('kf.verifier');
    await kf.getByLabel('密码').fill('Kaifeng#2026-verify');
    await kf.getByRole('button', { name: '登录', exact: true }).click();
    await kf.getByTestId('new-password').waitFor();
    await expectAccessible(kf, 'console first sign-in: new password');
    await kf.getByLabel('新密码', { exact: true }).fill('Mine#Kaifeng-2026');
    await kf.getByLabel('再次输入新密码').fill('Mine#Kaifeng-2027');
    await kf.getByRole('button', { name: '设置并登录' }).click();
    await kf.locator('.error-summary a[href="#againPassword"]').waitFor();
    await kf.getByLabel('再次输入新密码').fill('Mine#Kaifeng-2026');
    await kf.getByRole('button', { name: '设置并登录' }).click();
    await kf.getByTestId('exams').waitFor();
    // disabling takes a confirmation
    await row.getByRole('button', { name: /停用/ }).click();
    await row.getByRole('button', { name: '确认停用 kf.verifier' }).click();
    await expect.poll(async () => row.textContent()).toContain('已停用');
    await kf.reload();
    await kf.getByRole('heading', { name: '工作人员登录' }).waitFor();
  });
});

describe('portal', () => {
  it('T4: a candidate signs in with ID number, name and the SMS code, and sees their status and what happens next by when', async () => {
    const cand = sys.demo.candidates[0];
    if (!cand) throw new Error('no demo candidate');
    const page = await newPage(PHONE);
    await page.goto(`${sys.url}/portal/`);
    await page.getByRole('heading', { level: 1, name: '考生登录' }).waitFor();
    await expectNoSideways(page);
    await expectAccessible(page, 'portal login');

    // the keyboard a phone shows, and the code autofill hint
    expect(await page.getAttribute('#code', 'inputmode')).toBe('numeric');
    expect(await page.getAttribute('#code', 'autocomplete')).toBe('one-time-code');

    // an ID number with a wrong check digit: the error shows in the summary and at the field
    const badCheck = `${cand.idNumber.slice(0, 17)}${cand.idNumber.endsWith('0') ? '1' : '0'}`;
    await page.getByLabel('身份证号').fill(badCheck);
    await page.getByLabel('姓名').fill(cand.name);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.locator('.error-summary a[href="#idNumber"]').waitFor();
    expect(await page.locator('#idNumber-error').isVisible()).toBe(true);
    expect(await page.getAttribute('#idNumber', 'aria-invalid')).toBe('true');
    await expectAccessible(page, 'portal login with errors');

    // N4: the answer never says whether the details are on record: "if they match, a code has been sent"
    await page.getByLabel('身份证号').fill(cand.idNumber);
    const started = page.waitForResponse((r) => r.url().endsWith('/api/auth/candidate/start'));
    await page.getByRole('button', { name: '获取验证码' }).click();
    const startReply = await started;
    expect(startReply.status()).toBe(202);
    expect(Object.keys((await startReply.json()) as object).sort()).toEqual(['attempt', 'expiresInSeconds']);
    await page.getByText('如果身份证号和姓名与合格人员名单相符，验证码已发送').waitFor();
    expect(await page.content()).not.toMatch(/1\d{2}\*{4}\d{4}/);

    // written with the attempt, before the 202
    const code = await latestCode(personIdOf(cand.idNumber));
    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '登录', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: '我的办理进度' }).waitFor();
    const record = page.locator('section.record').first();
    const tag = (await record.locator('.record-status .tag').first().textContent()) ?? '';
    expect(STATUS_WORDS).toContain(tag);
    // the one thing to know now, with its deadline as a fact: date, 24:00, Beijing time
    const next = (await record.getByTestId('next-step').textContent()) ?? '';
    expect(next).toContain('资格核查中');
    expect(next).toMatch(T4_DEADLINE);
    expect(next).toContain('24:00（北京时间）前');
    const masked = `${cand.idNumber.slice(0, 4)}${'*'.repeat(10)}${cand.idNumber.slice(-4)}`;
    expect(await record.textContent()).toContain(masked);
    expect(await page.content()).not.toContain(cand.idNumber);
    // the candidate's own timeline (办理记录) under the record, loaded after it
    const timeline = record.locator('section.timeline-section');
    await timeline.getByTestId('timeline').or(timeline.getByText('暂无办理记录。')).waitFor();
    expect(await timeline.textContent()).not.toMatch(/verifier|hr\.admin|staff:/);
    await expectNoSideways(page);
    await expectAccessible(page, 'portal status');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '考生登录' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('N4: after several requests from one device, the portal runs the proof-of-work itself and the candidate signs in', async () => {
    const cand = sys.demo.candidates[1];
    if (!cand) throw new Error('no demo candidate');
    // this device (127.0.0.1) has asked for codes for other ID numbers: its free requests are used up
    for (let i = 0; i < 5; i++)
      await fetch(`${sys.url}/api/auth/candidate/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idNumber: syntheticIdNumber('110105', '19600101', i), name: '张三' }),
      });
    const page = await newPage(PHONE);
    await page.goto(`${sys.url}/portal/`);
    await page.getByLabel('身份证号').fill(cand.idNumber);
    await page.getByLabel('姓名').fill(cand.name);
    const asked = page.waitForResponse(
      (r) => r.url().endsWith('/api/auth/candidate/start') && r.status() === 428,
    );
    const started = page.waitForResponse(
      (r) => r.url().endsWith('/api/auth/candidate/start') && r.status() === 202,
    );
    await page.getByRole('button', { name: '获取验证码' }).click();
    await asked;
    const reply = await started;
    expect(Object.keys(JSON.parse(reply.request().postData() ?? '{}')).sort()).toEqual([
      'challenge',
      'idNumber',
      'name',
    ]);
    await page.getByText('如果身份证号和姓名与合格人员名单相符，验证码已发送').waitFor();
    await expectAccessible(page, 'portal login after the security check');
    await page.getByLabel('短信验证码').fill(await latestCode(personIdOf(cand.idNumber)));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '我的办理进度' }).waitFor();
  });
});

describe('exam-wide events in the console (R9)', () => {
  // this year's sitting (last year's, with the forfeited demo candidate, is over)
  const electronicExam = (demoExams(new Date()).find((e) => e.examType === 'JZS2') as { name: string }).name;
  /** "已于 2026年11月26日 18:26（北京时间） 记录" */
  const RECORDED_AT = /^已于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间） 记录$/;

  it('R9, R17: hr and a municipal verifier see the exam but no button to publish or record; hr sees only the issuance, not before the announcement', async () => {
    for (const who of [staffWithRole('hr'), staffNamed('zz.verifier')]) {
      const page = await consoleAs(who);
      await page.getByRole('link', { name: electronicExam, exact: true }).click();
      await page.getByTestId('schedule').waitFor();
      // R17: hr's own event, the issuance of the electronic certificates, waits for the announcement
      expect(await page.getByTestId('exam-events').count(), who.username).toBe(who.role === 'hr' ? 1 : 0);
      for (const name of ['发布核查结果公告', '发布补充核查结果公告', '登记证书已到达', '签发电子证书'])
        expect(await page.getByRole('button', { name }).count(), `${who.username}: ${name}`).toBe(0);
    }
  });

  it('R9: the provincial verifier publishes the result announcement after a confirmation; every waiting candidate is told', async () => {
    // the local system starts every demo lifecycle: wait until they all wait for the announcement
    await sys.lifecycles;
    await sys.runner.idle();

    const page = await consoleAs(staffNamed('zjt.verifier'));
    await page.getByRole('link', { name: electronicExam, exact: true }).click();
    await page.getByTestId('exam-events').waitFor();
    expect(decodeURIComponent(page.url())).toMatch(/exam=JZS2-/);
    expect(await page.getByRole('heading', { level: 2, name: '公告与证书' }).count()).toBe(1);
    // nothing recorded yet: only the result announcement can be published; R13 follows R9 — it says
    // why instead of a button (paper certificates arrive per batch, N3: not an exam-wide event)
    expect(await page.getByRole('button', { name: '发布核查结果公告' }).count()).toBe(1);
    // R17: the issuance is hr's: not listed for the verifier
    for (const name of ['发布补充核查结果公告', '签发电子证书'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await page.getByTestId('event-not-yet-certificatesIssued').count()).toBe(0);
    expect(await page.getByTestId('event-not-yet-supplementaryAnnounced').textContent()).toContain('R13');
    // R17: an electronic-only exam has no paper certificate batches
    expect(await page.getByTestId('arrival').count()).toBe(0);

    // cancel leaves everything as it was, focus back on the button
    await page.getByRole('button', { name: '发布核查结果公告' }).click();
    await page.getByRole('button', { name: '取消' }).click();
    const publish = page.getByRole('button', { name: '发布核查结果公告' });
    await publish.waitFor();
    // focus moves back after the dialog closes: polled, the machine may be busy
    await expect.poll(() => publish.evaluate((b) => b === document.activeElement)).toBe(true);

    // check your answers: what will happen, to how many candidates, and a box to tick first
    await publish.click();
    const check = page.getByTestId('event-check');
    await check.waitFor();
    const said = (await check.textContent()) ?? '';
    expect(said).toContain('所有等待公告的考生将收到短信通知');
    expect(said).toContain('不能撤回');
    const count = page.getByTestId('event-count');
    await expect.poll(async () => (await count.textContent()) ?? '').toMatch(/涉及考生 \d+ 名/);
    const expected = Number(/涉及考生 (\d+) 名/.exec((await count.textContent()) ?? '')?.[1]);
    expect(expected).toBeGreaterThan(0);
    const confirm = page.getByRole('button', { name: '确认发布' });
    expect(await confirm.isDisabled()).toBe(true); // never one click away
    await expectAccessible(page, 'console event confirmation');
    await page.getByLabel('我已核对，确认发布').check();
    expect(await confirm.isDisabled()).toBe(false);

    // while the candidates are notified: progress, and no second click
    let release: () => void = () => {};
    const held = new Promise<void>((ok) => {
      release = ok;
    });
    await page.route(/\/api\/exams\/[^/]+\/events$/, async (route) => {
      await held;
      await route.continue();
    });
    await confirm.click();
    await page.getByText('正在通知考生').waitFor();
    expect(await confirm.isDisabled()).toBe(true);
    release();

    // the confirmation: the broadcast runs as a job, its progress shown live; then how many were told
    const done = page.getByTestId('event-done');
    await done.waitFor({ timeout: 30_000 });
    await expect.poll(() => done.evaluate((d) => d === document.activeElement)).toBe(true);
    await done.locator('[data-testid="job-progress"][data-status="done"]').waitFor({ timeout: 30_000 });
    const doneText = (await done.textContent()) ?? '';
    expect(doneText).toContain('核查结果公告已发布');
    const reached = Number(/已通知 (\d+) 名考生/.exec(doneText)?.[1]);
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBe(expected);
    expect(doneText).toContain('后续环节和期限已按规则更新');
    // the exam's jobs: the broadcast is listed, so the page can be left and returned to
    const jobs = page.getByTestId('exam-jobs');
    await jobs.getByText('公告：通知等待中的考生').waitFor();

    // the exam reloads: the time it was recorded, for zh-CN and Beijing time, and no button any more
    const at = page.getByTestId('event-at-resultsAnnounced');
    await at.waitFor();
    expect(((await at.textContent()) ?? '').trim()).toMatch(RECORDED_AT);
    expect(await page.getByRole('button', { name: '发布核查结果公告' }).count()).toBe(0);
    await expectAccessible(page, 'console event recorded');
  });
});

describe('round 1 end to end (R7, R9, R22)', () => {
  it('R7, R9, R22: a city verifier decides a candidate in the console; the provincial verifier publishes the result announcement; the candidate sees the result and the timeline in the portal', async () => {
    await sys.lifecycles;
    await sys.runner.idle();
    // 王伟敏 of 一级建造师 (Zhengzhou), still being verified; their round 1 runs
    const cand = sys.demo.candidates[0];
    const exam = demoExams(new Date()).find((e) => e.examType === 'JZS1');
    if (!cand || !exam) throw new Error('no demo candidate');
    const personId = personIdOf(cand.idNumber);
    const zz = await consoleAs(staffNamed('zz.verifier'));
    await zz.goto(`${sys.url}/console/?view=candidate&exam=${exam.id}&person=${personId}`);
    const section = zz.getByTestId('decision');
    await section.getByTestId('decision-form').waitFor();
    // unqualified without a reason: the error at the field, nothing sent
    await section.locator('#outcome-unqualified').check();
    await section.getByRole('button', { name: '继续' }).click();
    await zz.locator('.error-summary').waitFor();
    await section.locator('#outcome-qualified').check();
    await section.getByRole('button', { name: '继续' }).click();
    await section.getByTestId('decision-check').waitFor();
    await expectAccessible(zz, 'console decision check');
    await section.getByRole('button', { name: '确认提交结论' }).click();
    await section.getByTestId('decision-done').waitFor();
    expect(await section.getByTestId('decision-outcome').textContent()).toContain('合格');
    await expectAccessible(zz, 'console decision recorded');

    // the provincial verifier publishes the exam's result announcement
    await sys.runner.idle();
    const zjt = await consoleAs(staffNamed('zjt.verifier'));
    await zjt.goto(`${sys.url}/console/?view=exam&exam=${exam.id}`);
    await zjt.getByRole('button', { name: '发布核查结果公告' }).click();
    await zjt.getByLabel('我已核对，确认发布').check();
    await zjt.getByRole('button', { name: '确认发布' }).click();
    await zjt
      .getByTestId('event-done')
      .locator('[data-testid="job-progress"][data-status="done"]')
      .waitFor({ timeout: 30_000 });
    await sys.jobs.idle();
    await sys.runner.idle();

    // the candidate, in the portal: the result, and the decision and the announcement in their timeline
    const page = await newPage(PHONE);
    await page.goto(`${sys.url}/portal/`);
    await page.getByLabel('身份证号').fill(cand.idNumber);
    await page.getByLabel('姓名').fill(cand.name);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('如果身份证号和姓名与合格人员名单相符，验证码已发送').waitFor({ timeout: 20_000 });
    await page.getByLabel('短信验证码').fill(await latestCode(personId));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '我的办理进度' }).waitFor();
    const record = page.locator('section.record', { hasText: exam.name }).first();
    await expect.poll(() => record.locator('.record-status .tag').first().textContent()).toBe('合格');
    const timeline = record.getByTestId('timeline');
    await timeline.waitFor();
    const said = (await timeline.textContent()) ?? '';
    expect(said).toContain('作出资格核查结论');
    expect(said).toContain('核查结果公告');
    expect(said).toContain('郑州市');
    expect(said).not.toMatch(/zz\.verifier|zjt\.verifier|staff:/);
    await expectNoSideways(page);
    await expectAccessible(page, 'portal result and timeline');
  });
});
