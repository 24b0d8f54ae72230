/**
 * vitest global setup of the browser tests: the web built into dist/web and the packaged Chromium
 * unpacked, each once, before any test file runs. Done inside each file instead, files running at once
 * would race: one build swapping dist/web while another file's server reads it, and @sparticuz/chromium
 * taking an existing /tmp/chromium as ready while another file still writes it.
 */
import { buildWeb } from '../../scripts/build-web.js';
import { chooseChromium } from './browser.js';

export default async function setup() {
  await buildWeb();
  await chooseChromium();
}
