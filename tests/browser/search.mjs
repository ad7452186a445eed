// Drives the offline search in headless Chromium, from file://: opens SITE/index.html, types
// WORD into the masthead search box, and checks that a result links to EXPECTED (a path).
// usage: node tests/browser/search.mjs SITE_DIR WORD EXPECTED_PATH
// Uses playwright-core from the site-tools cache (../shared/tools/setup.sh installs it).
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { pathToFileURL } from 'node:url';

const TOOLS_HOME = process.env.DOSSIER_TOOLS_HOME || join(homedir(), '.cache', 'dossier-site-tools');
const require = createRequire(join(TOOLS_HOME, 'package.json'));
const { chromium } = require('playwright-core');

const [site, word, expected] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = '';
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('requestfailed', r => errors.push(`failed load: ${r.url()}`));
  await page.goto(pathToFileURL(resolve(site, 'index.html')).href, { waitUntil: 'load' });
  await page.fill('#site-q', word);
  await page.waitForSelector('.search-popup:not([hidden]) li a', { timeout: 10000 });
  const hrefs = await page.$$eval('.search-popup li a', as => as.map(a => a.href));
  if (!hrefs.some(h => h.includes(expected))) failed = `no result links to ${expected}: ${hrefs.join(', ')}`;
  // The result opens the page it names.
  if (!failed) {
    await page.click(`.search-popup li a[href*="${expected}"]`);
    await page.waitForLoadState('load');
    if (!page.url().includes(expected)) failed = `clicking the result opened ${page.url()}`;
  }
  if (errors.length) failed = failed || `page errors: ${errors.join('; ')}`;
} catch (e) {
  failed = String(e);
}
await browser.close();
if (failed) { console.log(`search: FAILED: ${failed}`); process.exit(1); }
console.log(`search: ok (${word} → ${expected})`);
