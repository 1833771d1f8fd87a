// `nianbao dashboard` in headless Chromium, opened as a reviewer would: the built page from a
// file: URL. The charts are drawn (their canvases hold pixels; a screenshot is kept), no request
// leaves file: (every request is recorded, anything else refused and failing the run), clicking
// an agency lists that agency's findings (the same ones `nianbao check` prints), the English
// page, and a region's assessment printed to A4.
//   NIANBAO_BIN         the binary (default <repo>/target/debug/nianbao)
//   CHROMIUM            the browser (default /usr/bin/chromium)
//   NIANBAO_SCREENSHOT  where to keep the screenshot (default a temporary folder)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const fixtures = join(repo, 'tests/fixtures');
const bin = process.env.NIANBAO_BIN || join(repo, 'target/debug/nianbao');
const out = mkdtempSync(join(tmpdir(), 'nianbao-dashboard-'));

let browser, context;
const offLimits = [];
const problems = [];

function nianbao(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return r;
}

before(async () => {
  for (const [lang, dir] of [['zh', 'zh'], ['en', 'en']]) {
    const r = nianbao(['dashboard', fixtures, '-o', join(out, dir), '--lang', lang]);
    assert.equal(r.status, 0, r.stderr);
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const local = (url) => /^(file|data|blob|about):/.test(url);
  context.on('request', (r) => local(r.url()) || offLimits.push(r.url()));
  await context.route((url) => !local(url.href), (route) => {
    offLimits.push(route.request().url());
    return route.abort();
  });
});

after(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

async function open(lang) {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  const t0 = Date.now();
  await page.goto(pathToFileURL(join(out, lang, 'index.html')).href);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  return { page, ms: Date.now() - t0 };
}

/** How many pixels of a chart's canvas are not background. */
const inked = (page, id) =>
  page.evaluate((id) => {
    const c = document.querySelector(`#${id} canvas`);
    if (!c) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  }, id);

test('charts render offline from file:// (screenshot)', async () => {
  const { page, ms } = await open('zh');
  console.log(`dashboard of the fixtures opened in ${ms} ms`);
  assert.match(page.url(), /^file:/);
  assert.match(await page.locator('header').innerText(), /11\s*份报告/);
  for (const id of ['lb-chart', 'heatmap-chart', 'trend-chart']) {
    assert.ok((await inked(page, id)) > 1000, `${id} is drawn`);
  }
  // The leaderboard by errors: 009 (洪泽区, 2 errors) first.
  assert.match(await page.locator('#lb-table tbody tr').first().innerText(), /洪泽区人民政府[\s\S]*2/);
  // Heatmap, region × year, outliers, the dictionary.
  assert.ok((await page.locator('#ry-table tbody tr').count()) >= 9);
  assert.match(await page.locator('#ry-table').innerText(), /淮安市洪泽区/);
  assert.ok((await page.locator('#outliers-table tbody tr').count()) >= 1);
  assert.match(await page.locator('#dictionary').innerText(), /公开率[\s\S]*（七）总计/);
  const shot = process.env.NIANBAO_SCREENSHOT || join(out, 'dashboard.png');
  await page.screenshot({ path: shot, fullPage: false });
  assert.ok(readFileSync(shot).length > 20_000);
  await page.close();
});

test('clicking an agency lists its findings', async () => {
  const { page } = await open('zh');
  const checked = JSON.parse(nianbao(['check', '--format', 'json', fixtures]).stdout);
  const shanghai = checked.find((r) => r.file.endsWith('014_shanghai_bgt_2025.txt'));
  // Choose 上海 in the leaderboard of the disclosure rate, all years, and click it.
  await page.selectOption('#lb-metric', { label: '公开率（%）' });
  await page.locator('#lb-table a.agency', { hasText: '上海市人民政府办公厅' }).click();
  await page.waitForFunction(() => document.getElementById('findings-title').textContent.includes('上海市人民政府办公厅'));
  const rows = page.locator('#findings-table tbody tr');
  assert.equal(await rows.count(), shanghai.findings.length);
  const text = await page.locator('#findings-table').innerText();
  for (const f of shanghai.findings) {
    assert.ok(text.includes(f.rule) && text.includes(`${f.line}:${f.column}`), `${f.rule} ${f.line}:${f.column}`);
  }
  assert.match(await page.locator('#trend-title').innerText(), /上海市人民政府办公厅/);
  // From the outliers list too.
  const first = page.locator('#outliers-table button.link').first();
  const who = await page.locator('#outliers-table tbody tr').first().locator('a.agency').innerText();
  await first.click();
  await page.waitForFunction((who) => document.getElementById('findings-title').textContent.includes(who), who);
  // 全部机关 lists every agency's findings again.
  await page.click('#findings-all');
  assert.match(await page.locator('#findings-title').innerText(), /全部机关/);
  const all = checked.reduce((n, r) => n + (r.findings || []).length, 0);
  assert.match(await page.locator('#findings-page').innerText(), new RegExp(`共 ${all} 条`));
  await page.close();
});

test('English page', async () => {
  const { page } = await open('en');
  assert.match(await page.locator('header').innerText(), /11\s*reports/);
  assert.match(await page.locator('#dictionary').innerText(), /disclosure rate/);
  assert.ok((await inked(page, 'lb-chart')) > 1000);
  await page.close();
});

test('a region assessment prints to A4', async () => {
  const files = readdirSync(join(out, 'zh', 'regions'));
  assert.ok(files.includes('淮安市洪泽区.html'), files.join(' '));
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(out, 'zh', 'regions', '淮安市洪泽区.html')).href);
  const text = await page.locator('body').innerText();
  assert.match(text, /本年新收申请为 95 件，较上年增加 74 件/);
  assert.match(text, /公开率为 62.11%，比上年提高 43.06 个百分点/);
  assert.match(text, /复议纠错率无法计算/);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000);
  // 2024 and 2023 each start a page.
  assert.ok((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length >= 2);
  await page.close();
});

test('no request left file://, no page errors', () => {
  assert.deepEqual(offLimits, []);
  assert.deepEqual(problems, []);
});
