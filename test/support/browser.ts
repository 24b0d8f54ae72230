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
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
