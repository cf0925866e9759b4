// The real-browser test of `newsdex serve` (run by scripts/browser-test.sh, which starts the server): headless
// Chromium loads the page, runs a search, applies a facet filter, chooses dates on the timeline, opens an article
// with its entities marked, opens a hostile article (nothing in it may run) and checks the DOM at each step,
// writing a screenshot of each step. Exits non-zero on the first failure.
//
//   node test.mjs URL OUT_DIR [CHROMIUM]
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, outDir, executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
if (!url || !outDir) {
  console.error('usage: node test.mjs URL OUT_DIR [CHROMIUM]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

let step = 0;
let passed = 0;
function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  passed += 1;
  console.log(`  ok: ${message}`);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Root in a container has no user namespaces for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const problems = [];
let dialogs = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('dialog', async (d) => {
    dialogs += 1;
    problems.push(`a dialog opened (${d.type()}: ${d.message()}): article text ran as script`);
    await d.dismiss();
  });
  // Nothing but the server itself is ever asked for (no CDN, no other site).
  const origin = new URL(url).origin;
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) problems.push(`request outside the server: ${r.url()}`);
  });
  const shot = async (name, fullPage = true) => {
    step += 1;
    const file = join(outDir, `${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage });
    console.log(`  screenshot: ${file}`);
  };
  const status = () => page.textContent('#status');

  console.log('step: the home page');
  await page.goto(url);
  await page.waitForFunction(() => /articles in the index/.test(document.querySelector('#status').textContent));
  check((await page.$$('#related li')).length > 0, 'the home page lists the most mentioned entities');
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement.id === 'q'), '"/" focuses the search box');
  await shot('home');

  console.log('step: a search');
  await page.fill('#q', 'person:"Steve Jobs"');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.hit');
  await page.waitForFunction(() => /matching article/.test(document.querySelector('#status').textContent));
  const total = parseInt((await status()).replace(/[^0-9].*$/s, ''), 10);
  check(total >= 5, `person:"Steve Jobs" matches ${total} articles (at least 5)`);
  check((await page.$$('.hit')).length === Math.min(10, total), 'a page of hits is listed');
  check(new URL(page.url()).searchParams.get('q') === 'person:"Steve Jobs"', 'the URL holds the query');
  check((await page.$$('.hit .snippet mark')).length > 0, 'snippets show highlights');
  for (const field of ['person', 'place', 'org', 'country']) {
    check((await page.$$(`.facet[data-field="${field}"] .facet-value`)).length > 0, `a ${field} facet is shown`);
  }
  check((await page.$$('#timeline .bar')).length > 1, 'the timeline shows bars');
  check((await page.$$('#related li')).length > 0, '"appears with" is listed');
  await shot('search');

  console.log('step: a facet filter');
  const facet = await page.$('.facet[data-field="place"] .facet-value');
  const place = await facet.getAttribute('data-value');
  const placeCount = parseInt(await facet.$eval('.count', (n) => n.textContent.replace(/[^0-9]/g, '')), 10);
  await facet.click();
  await page.waitForFunction((p) => [...document.querySelectorAll('#chips .chip')].some((c) => c.textContent.includes(p)), place);
  await page.waitForFunction((n) => document.querySelector('#status').textContent.startsWith(`${n} matching`), placeCount);
  check(new URL(page.url()).searchParams.getAll('f').includes(`place:"${place}"`), `the URL holds the filter place:"${place}"`);
  check(await page.$eval(`.facet-value[data-value="${place}"]`, (b) => b.getAttribute('aria-pressed') === 'true'),
    'the facet value shows as applied');
  check(placeCount <= total, `the filter narrows ${total} hits to ${placeCount}`);
  await shot('facet-filter');

  console.log('step: the timeline');
  const bars = await page.$$('#timeline .bar');
  const first = await bars[0].boundingBox();
  const last = await bars[Math.min(bars.length - 1, 3)].boundingBox();
  await page.mouse.move(first.x + first.width / 2, first.y + first.height - 2);
  await page.mouse.down();
  await page.mouse.move(last.x + last.width / 2, last.y + last.height - 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForSelector('#chips .chip-date');
  const params = new URL(page.url()).searchParams;
  check(/^\d{4}-\d{2}-01$/.test(params.get('after')) && /^\d{4}-\d{2}-\d{2}$/.test(params.get('before')),
    `dragging across the timeline sets the dates ${params.get('after')} to ${params.get('before')}`);
  // The chips change at once; the timeline when the new answer is in.
  await page.waitForSelector('#timeline .bar.selected', { timeout: 10000 }).catch(() => null);
  check((await page.$$('#timeline .bar.selected')).length >= 1, 'the chosen months are marked on the timeline');
  await shot('timeline-range');
  await page.click('#chips .chip-date .chip-x');
  await page.waitForFunction(() => !document.querySelector('#chips .chip-date'));
  check(!new URL(page.url()).searchParams.get('after'), 'removing the date chip clears the dates');
  await page.waitForFunction((n) => document.querySelector('#status').textContent.startsWith(`${n} matching`), placeCount);

  console.log('step: an article');
  const firstHit = await page.$('.hit-title');
  const title = await firstHit.textContent();
  await firstHit.click();
  await page.waitForSelector('#article h1');
  const shownTitle = await page.textContent('#article h1');
  check(shownTitle === title, `the article view shows the hit's title (${JSON.stringify(shownTitle)} for ${JSON.stringify(title)})`);
  const people = await page.$$eval('#article .body .ent-person', (ns) => ns.map((n) => n.textContent));
  check(people.some((t) => t.includes('Jobs')), `people are marked in the text (${people.slice(0, 4).join(', ')})`);
  check((await page.$$('#article .body .ent-place, #article .body .ent-org')).length > 0, 'places or organizations are marked');
  const href = await page.$eval('#article .body .ent-person', (a) => a.getAttribute('href'));
  check(href.startsWith('?q=person'), `a marked person links to its search (${href})`);
  await shot('article');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.hit');
  check(new URL(page.url()).searchParams.getAll('f').length === 1, 'Escape goes back to the filtered results');

  console.log('step: a hostile article');
  await page.goto(`${url}?q=${encodeURIComponent('zorblax')}`);
  await page.waitForSelector('.hit');
  await page.click('.hit-title');
  await page.waitForSelector('#article h1');
  check((await page.textContent('#article h1')).includes('<script>'), 'markup in a title shows as text');
  check(await page.evaluate(() => document.querySelectorAll('#article script, #article img, #article iframe').length === 0),
    'no element of the article\'s text was created');
  check(await page.evaluate(() => [...document.querySelectorAll('#article a')].every((a) => !/^\s*javascript:/i.test(a.getAttribute('href')))),
    'no javascript: link was made');
  check(await page.evaluate(() => window.pwned === undefined), 'nothing in the article ran');
  await shot('hostile-article');

  console.log('step: a phone');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${url}?q=${encodeURIComponent('place:California')}`);
  await page.waitForSelector('.hit');
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling on a phone');
  await shot('phone', false);

  check(dialogs === 0, 'no dialog was opened');
  check(problems.length === 0, `no page errors, console errors or outside requests${problems.length ? ': ' + problems.join('; ') : ''}`);
  console.log('browser test passed');
  console.log(`browser: ${passed} passed, 0 failed`);
} catch (e) {
  console.error(`browser test FAILED: ${e.message}`);
  for (const p of problems) console.error(`  ${p}`);
  console.log(`browser: ${passed} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
