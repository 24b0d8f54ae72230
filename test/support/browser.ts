/**
 * The one place that picks and launches the Chromium the browser tests (and any screenshot script) drive
 * through playwright-core:
 * - Debian's `/usr/bin/chromium` (`apt-get install chromium`) when it exists, with the flags below;
 * - otherwise the Chromium build shipped inside the npm package `@sparticuz/chromium` (a devDependency),
 *   unpacked into the temp directory on first use (~2.5 s), with the package's own flags. So a fresh
 *   machine needs no apt package and no `npx playwright install` (never run that).
 * The @sparticuz build has no CJK fonts: text assertions work, but Chinese shows as boxes in screenshots
 * (Debian's `fonts-noto-cjk` fixes that where installed).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for Debian's chromium. Playwright rejects `--user-data-dir` here. */
const SYSTEM_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface ChromiumChoice {
  /** where it came from, for logs and reports */
  source: 'system' | '@sparticuz/chromium';
  executablePath: string;
  args: string[];
}

let packaged: Promise<ChromiumChoice> | undefined;

/** The Chromium to launch: the system one if present, else the one from @sparticuz/chromium. */
export async function chooseChromium(): Promise<ChromiumChoice> {
  if (existsSync(SYSTEM_CHROMIUM)) {
    return { source: 'system', executablePath: SYSTEM_CHROMIUM, args: SYSTEM_CHROMIUM_ARGS };
  }
  // once per process: concurrent callers must not unpack the archive over each other
  packaged ??= import('@sparticuz/chromium').then(async ({ default: sparticuz }) => ({
    source: '@sparticuz/chromium' as const,
    executablePath: await sparticuz.executablePath(),
    args: sparticuz.args,
  }));
  return packaged;
}

/** Launches headless Chromium (see chooseChromium). */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await chooseChromium();
  return chromium.launch({ executablePath, args, headless: true });
}

const AXE_SOURCE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page; fails the test on any serious or critical violation (`what` names the page). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // evaluated through the DevTools protocol, not as a <script> tag: the pages' CSP (script-src 'self',
  // the same as CloudFront's: infra/security-headers.ts) refuses inline scripts, as it should
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run(document);
    return (
      r.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, `${what}: ${JSON.stringify(blocking, null, 2)}`).toEqual([]);
}
