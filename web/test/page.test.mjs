// The offline page in headless Chromium, opened exactly as a user would: web/dist/index.html
// from a file: URL. Loads a fixture through the "open file" input, checks the marks, the hover
// text, applies the quick fix from the lightbulb menu (Ctrl+.) and fill-all, saves, switches to
// English, compares every fixture's findings with `nianbao check`, and times a 1 MB report.
// Any request whose URL is not file:, data: or blob: (in-page memory) fails the run.
//   NIANBAO_BIN   the native binary to compare with (default <repo>/target/debug/nianbao)
//   CHROMIUM      the browser (default /usr/bin/chromium)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const fixtures = join(repo, 'tests/fixtures');
const pageUrl = pathToFileURL(join(here, '../dist/index.html')).href;
const bin = process.env.NIANBAO_BIN || join(repo, 'target/debug/nianbao');

let browser, context, page;
const offLimits = [];
const problems = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // playwright starts the browser with a new, empty profile of its own.
  });
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  // Nothing may leave the machine: every request is recorded and anything not in-page refused.
  const local = (url) => /^(file|data|blob):/.test(url);
  context.on('request', (r) => local(r.url()) || offLimits.push(r.url()));
  await context.route((url) => !local(url.href), (route) => {
    offLimits.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && problems.push(`worker console: ${m.text()}`)));
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.nianbao?.state.shownVersion === window.nianbao.model.getVersionId());
});

after(async () => {
  await browser?.close();
});

/** The checker's result for the editor's current text (waits until it is shown). */
function result() {
  return page
    .waitForFunction(() => {
      const n = window.nianbao;
      return n.state.shownVersion === n.model.getVersionId() && n.state.result;
    }, null, { timeout: 60_000 })
    .then((h) => h.jsonValue());
}

const line = (n) => page.evaluate((n) => window.nianbao.model.getLineContent(n), n);
/** Line `n` once it reads `want`: edits from the worker (fill-all) land after a round trip. */
const lineBecomes = (n, want) =>
  page
    .waitForFunction(([n, want]) => window.nianbao.model.getLineContent(n) === want, [n, want], { timeout: 10_000 })
    .then(() => line(n), () => line(n));
const status = () => page.locator('#status').innerText();

/** `nianbao check --format json` of some files (exit 1: errors were found). */
function check(paths) {
  const out = spawnSync(bin, ['check', '--format', 'json', ...paths], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(out.status === 0 || out.status === 1, `${bin}: ${out.status} ${out.stderr}`);
  return JSON.parse(out.stdout);
}

/** Screen point of (1-based) line and column in the editor, scrolled into view. */
async function pointAt(lineNumber, column) {
  return page.evaluate(([lineNumber, column]) => {
    const { editor } = window.nianbao;
    editor.revealLineInCenter(lineNumber);
    const p = editor.getScrolledVisiblePosition({ lineNumber, column });
    const box = editor.getDomNode().getBoundingClientRect();
    return { x: box.left + p.left + 3, y: box.top + p.top + p.height / 2 };
  }, [lineNumber, column]);
}

test('a fixture from file://: marks, hover, quick fix, fill-all, save, English', async () => {
  assert.match(page.url(), /^file:/);
  await page.setInputFiles('#file', join(fixtures, '009_hongze_2023.txt'));
  await page.waitForFunction(() => window.nianbao.model.getValueLength() > 0); // read asynchronously
  const r = await result();
  assert.equal(r.template, '2021');
  assert.equal(r.year, 2023);
  assert.equal(r.errors, 2, JSON.stringify(r.diagnostics.map((d) => d.rule)));
  assert.match(await status(), /模板: 2021 修订版[\s\S]*年度: 2023[\s\S]*错误 2/);

  // The two wrong totals are listed; clicking one selects its cell.
  const items = page.locator('#findings li[data-rule="t4_total"]');
  assert.equal(await items.count(), 2);
  assert.match(await items.first().innerText(), /354:2[\s\S]*总计应为 11/);
  await items.first().click();
  const sel = await page.evaluate(() => window.nianbao.editor.getSelection());
  assert.deepEqual([sel.startLineNumber, sel.startColumn, sel.endColumn], [354, 2, 3]);
  assert.equal(await line(354), '\t0');

  // Marks: error squiggles are drawn on the line.
  await pointAt(354, 2);
  await page.waitForSelector('.squiggly-error');

  // Hover: the equation with the values.
  const p = await pointAt(354, 2);
  await page.mouse.move(p.x - 40, p.y - 40);
  await page.mouse.move(p.x, p.y);
  const hover = page.locator('.monaco-hover').filter({ hasText: '应为 11' });
  await hover.waitFor({ timeout: 10_000 });
  const text = await hover.innerText();
  assert.match(text, /表四 · 行政复议 · 总计/);
  assert.match(text, /总计 应为 11 = 结果维持 10 \+ 结果纠正 1 \+ 其他结果 0 \+ 尚未审结 0 ✗（表中为 0）/);

  // Quick fix from the lightbulb menu (Ctrl+.), as a user applies it.
  await page.mouse.click(p.x, p.y);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Period');
  const fix = page.locator('.action-widget').getByText('将总计改为 11');
  await fix.waitFor({ timeout: 10_000 });
  await fix.click();
  assert.equal(await lineBecomes(354, '\t11'), '\t11');
  assert.equal((await result()).errors, 1);
  assert.match(await status(), /错误 1/);

  // Fill-all fills the other total; the worker's text still equals the editor's.
  await page.click('#fill-all'); // the edits come back from the worker
  assert.equal(await lineBecomes(364, '\t5'), '\t5');
  assert.equal((await result()).errors, 0);
  const [mine, theirs] = await page.evaluate(async () => [window.nianbao.model.getValue(), await window.nianbao.checker.request('text')]);
  assert.equal(theirs, mine);
  const want = readFileSync(join(fixtures, '009_hongze_2023.txt'), 'utf8').split('\n');
  want[353] = '\t11';
  want[363] = '\t5';
  assert.equal(mine, want.join('\n'));

  // Save: the fixed text, under the file's name.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
  assert.equal(download.suggestedFilename(), '009_hongze_2023.txt');
  assert.equal(readFileSync(await download.path(), 'utf8'), mine);

  // English: status, findings and hovers switch.
  await page.click('#lang');
  await page.waitForFunction(() => document.querySelector('#status').innerText.includes('errors 0'));
  assert.match(await status(), /Template: 2021 revised[\s\S]*Year: 2023/);
  await page.mouse.move(p.x - 40, p.y - 40);
  const q = await pointAt(354, 2);
  await page.mouse.move(q.x, q.y);
  await page.locator('.monaco-hover').filter({ hasText: 'should be 11 = ' }).waitFor({ timeout: 10_000 });
  await page.click('#lang');
});

test('every fixture: the same findings as `nianbao check`', async () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.txt')).sort();
  const native = check(files.map((f) => join(fixtures, f)));
  assert.equal(native.length, files.length);
  for (const f of files) {
    const text = readFileSync(join(fixtures, f), 'utf8');
    await page.evaluate((t) => window.nianbao.model.setValue(t), text);
    const r = await result();
    const n = native.find((x) => x.file.endsWith(f));
    const key = (rule, line, col, msg) => `${line}:${col} ${rule} ${msg}`;
    // Every fixture is BMP text, so UTF-16 columns equal the CLI's character columns.
    const got = r.diagnostics.map((d) => key(d.rule, d.range[0] + 1, d.range[1] + 1, d.message));
    const want = n.findings.map((x) => key(x.rule, x.line, x.column, x.message));
    assert.deepEqual(got, want, f);
    assert.equal(r.template, n.template, f);
    assert.equal(r.year, n.year, f);
  }
  // CRLF line ends and a BOM, opened as a file: the BOM is dropped in the editor (and written
  // back on save), the findings stay where the CLI puts them.
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-crlf-'));
  const crlf = join(dir, 'crlf.txt');
  writeFileSync(crlf, '\ufeff' + readFileSync(join(fixtures, '009_hongze_2023.txt'), 'utf8').replaceAll('\n', '\r\n'));
  const [n] = check([crlf]);
  await page.evaluate(() => window.nianbao.model.setValue(''));
  await page.setInputFiles('#file', crlf);
  await page.waitForFunction(() => window.nianbao.model.getValueLength() > 0);
  const r = await result();
  assert.deepEqual(r.diagnostics.map((d) => `${d.range[0] + 1}:${d.range[1] + 1} ${d.rule}`), n.findings.map((x) => `${x.line}:${x.column} ${x.rule}`));
  assert.equal(await page.evaluate(() => window.nianbao.model.getEOL()), '\r\n');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
  assert.deepEqual(readFileSync(await download.path()), readFileSync(crlf));
  rmSync(dir, { recursive: true });
});

test('a 1 MB report: checked in the worker while the page keeps responding', async (t) => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.txt')).sort();
  const parts = [];
  let size = 0;
  for (let i = 0; size < 1 << 20; i++) {
    const t = readFileSync(join(fixtures, files[i % files.length]), 'utf8');
    parts.push(t);
    size += Buffer.byteLength(t) + 1;
  }
  const big = parts.join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-1mb-'));
  writeFileSync(join(dir, '1mb.txt'), big);
  const native = check([join(dir, '1mb.txt')])[0];
  rmSync(dir, { recursive: true });

  const key = (rule, line, col, msg) => `${line}:${col} ${rule} ${msg}`;
  const want = native.findings.map((x) => key(x.rule, x.line, x.column, x.message));
  const keys = (diags) => diags.map((d) => key(d.rule, d.range[0] + 1, d.range[1] + 1, d.message));

  // A new text, opened (set) and pasted (one edit into the empty editor): when the first marks
  // (the first reports') and all marks are shown; meanwhile, how long the main thread is ever
  // blocked after the editor took the text.
  const arrive = (how) =>
    page.evaluate(async ([text, how]) => {
      const n = window.nianbao;
      const until = async (ok) => {
        while (!ok()) await new Promise((r) => setTimeout(r, 1));
      };
      if (how === 'paste') {
        n.model.setValue('');
        await until(() => n.state.shownVersion === n.model.getVersionId());
      }
      let last = performance.now();
      let longest = 0;
      const beat = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 10);
      const t0 = performance.now();
      if (how === 'paste') n.editor.executeEdits('test', [{ range: n.model.getFullModelRange(), text }]);
      else n.model.setValue(text);
      const taken = performance.now() - t0;
      last = performance.now();
      const version = n.model.getVersionId();
      await until(() => n.state.shownVersion === version);
      const first = n.state.firstMarksAt - t0;
      const firstMarks = n.state.result.diagnostics.slice(0, n.state.firstMarks);
      clearInterval(beat);
      return { taken, first, firstMarks, all: n.state.marksAt - t0, worker: n.state.ms, longest, result: n.state.result };
    }, [big, how]);
  const f = (x) => `${Math.round(x)} ms`;
  let r;
  for (const how of ['open', 'paste']) {
    const a = await arrive(how);
    r = a.result;
    assert.deepEqual(keys(r.diagnostics), want, how);
    assert.equal(r.errors, native.findings.filter((f) => f.severity === 'error').length);
    assert.ok(r.reports >= parts.length / 2, `${r.reports} reports in ${parts.length} parts`);
    assert.ok(a.first <= a.all);
    t.diagnostic(
      `1 MB report ${how === 'open' ? 'opened' : 'pasted'} (${(size / 1048576).toFixed(2)} MB, ${r.reports} reports, ${r.diagnostics.length} findings): ` +
        `first marks ${f(a.first)} (${a.firstMarks.length} findings), all marks ${f(a.all)} (editor took the text in ${f(a.taken)}, worker ${f(a.worker)}); ` +
        `longest main-thread pause after the editor took the text ${f(a.longest)}`,
    );
  }

  // Keystrokes in the middle of the document, one at a time: each until its fresh marks are
  // shown; then the same characters deleted, which must give the text's findings again.
  const keystrokes = await page.evaluate(async (count) => {
    const n = window.nianbao;
    const until = async (ok) => {
      while (!ok()) await new Promise((r) => setTimeout(r, 1));
    };
    const mid = Math.floor(n.model.getLineCount() / 2);
    const times = [];
    for (let k = 0; k < count; k++) {
      const lineNumber = mid + k * 37;
      const t1 = performance.now();
      n.editor.executeEdits('test', [{ range: { startLineNumber: lineNumber, startColumn: 1, endLineNumber: lineNumber, endColumn: 1 }, text: 'x' }]);
      const version = n.model.getVersionId();
      await until(() => n.state.shownVersion === version);
      times.push(n.state.marksAt - t1);
      await new Promise((r) => setTimeout(r, 30)); // typing, not a stream of edits
    }
    for (let k = count - 1; k >= 0; k--) {
      const lineNumber = mid + k * 37;
      n.editor.executeEdits('test', [{ range: { startLineNumber: lineNumber, startColumn: 1, endLineNumber: lineNumber, endColumn: 2 }, text: '' }]);
    }
    await until(() => n.state.shownVersion === n.model.getVersionId());
    return { times, result: n.state.result };
  }, 20);
  assert.deepEqual(keys(keystrokes.result.diagnostics), want, 'after the keystrokes were deleted');
  const sorted = keystrokes.times.slice().sort((a, b) => a - b);
  const pct = (p) => sorted[Math.ceil((p / 100) * sorted.length) - 1];
  t.diagnostic(`keystroke in the 1 MB report → fresh marks (${sorted.length} keystrokes): p50 ${f(pct(50))}, p95 ${f(pct(95))}, max ${f(sorted[sorted.length - 1])}`);
});

test('no request left the machine and nothing failed', () => {
  assert.deepEqual(offLimits, []);
  assert.deepEqual(problems, []);
});
