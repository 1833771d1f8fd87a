// The offline page opening the files reports are published in, from file:// in headless
// Chromium: a PDF printed by Chromium, a Word 97–2003 .doc and a .docx saved by LibreOffice,
// and an HTML page, all of fixture 009 (洪泽区 2023, two wrong totals). Each is read by the
// checker's own readers in the page: the editor shows, read-only, exactly what
// `nianbao check --print-text` prints, and the findings (rules, counts, positions, places in
// the tables and the PDF's pages) are those `nianbao check --format json` gives for the same
// file; clicking one selects its place. A scanned PDF gets the command line's error.
// Needs soffice (Debian libreoffice-writer-nogui).
//   NIANBAO_BIN   the native binary to compare with (default <repo>/target/debug/nianbao)
//   CHROMIUM      the browser (default /usr/bin/chromium)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { htmlPage, printPdf, scannedPdf, soffice } from './producers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const pageUrl = pathToFileURL(join(here, '../dist/index.html')).href;
const bin = process.env.NIANBAO_BIN || join(repo, 'target/debug/nianbao');

let browser, context, page, dir;
const files = {};
const offLimits = [];
const problems = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const local = (url) => /^(file|data|blob):/.test(url);
  context.on('request', (r) => local(r.url()) || offLimits.push(r.url()));
  await context.route((url) => !local(url.href), (route) => {
    offLimits.push(route.request().url());
    return route.abort();
  });

  // The files, made by their producers from fixture 009.
  dir = mkdtempSync(join(tmpdir(), 'nianbao-web-formats-'));
  files.html = join(dir, 'hongze_2023.html');
  writeFileSync(files.html, htmlPage(readFileSync(join(repo, 'tests/fixtures/009_hongze_2023.txt'), 'utf8')));
  files.docx = soffice(files.html, 'docx:MS Word 2007 XML', dir);
  files.doc = soffice(files.html, 'doc:MS Word 97', dir);
  files.pdf = await printPdf(context, files.html, join(dir, 'hongze_2023.pdf'));
  files.scan = await scannedPdf(context, files.html, dir);

  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && problems.push(`worker console: ${m.text()}`)));
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.nianbao?.state.shownVersion === window.nianbao.model.getVersionId());
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function cli(args) {
  return spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** Open `path` through the page's file input; the result once its rendering is checked. */
async function open(path) {
  await page.setInputFiles('#file', path);
  const name = path.split('/').pop();
  const h = await page.waitForFunction(
    (name) => {
      const n = window.nianbao;
      return n.state.file?.name === name && n.state.shownVersion === n.model.getVersionId() && n.state.result;
    },
    name,
    { timeout: 60_000 },
  );
  return h.jsonValue();
}

const counts = (rules) => rules.reduce((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {});

for (const kind of ['pdf', 'doc', 'docx', 'html']) {
  test(`a ${kind} file: its rendering read-only, the findings of \`nianbao check\``, async () => {
    const path = files[kind];
    const shown = cli(['check', '--print-text', path]);
    assert.equal(shown.status, 0, shown.stderr);
    const out = cli(['check', '--format', 'json', path]);
    assert.equal(out.status, 1, out.stderr); // 009 has wrong totals
    const [want] = JSON.parse(out.stdout);

    const r = await open(path);
    assert.equal(await page.evaluate(() => window.nianbao.model.getValue()), shown.stdout);
    assert.equal(r.readOnly, true);
    assert.equal(r.template, want.template);
    assert.equal(r.year, want.year);
    const rules = r.diagnostics.map((d) => d.rule);
    assert.deepEqual(counts(rules), counts(want.findings.map((f) => f.rule)));
    assert.deepEqual(rules, want.findings.map((f) => f.rule));
    assert.ok(rules.filter((x) => x === 't4_total').length === 2, `009's two wrong totals: ${rules}`);
    // Places in the tables (and a PDF's pages) as the command line names them.
    assert.deepEqual(r.diagnostics.map((d) => d.location ?? null), want.findings.map((f) => f.location ?? null));
    if (kind === 'pdf') {
      assert.ok(r.pages >= 2, `${r.pages} pages`);
      assert.ok(r.diagnostics.every((d) => d.location?.page >= 1));
    } else assert.equal(r.pages, 0);
    if (kind !== 'html') {
      // Positions are the rendering's lines and columns, as the command line gives them for
      // files without lines (an HTML page's are the page source's there).
      assert.deepEqual(r.diagnostics.map((d) => `${d.range[0] + 1}:${d.range[1] + 1}`), want.findings.map((f) => `${f.line}:${f.column}`));
    }
    // Read-only: no fixes offered, typing changes nothing, fill-all is off.
    assert.ok(r.diagnostics.every((d) => d.fix === null));
    assert.equal(await page.locator('#fill-all').isDisabled(), true);
    assert.match(await page.locator('#status').innerText(), kind === 'pdf' ? /只读，共 \d+ 页/ : /只读/);

    // The list: a wrong total, clicked, selects its cell in the rendering.
    const item = page.locator('#findings li[data-rule="t4_total"]').first();
    if (kind === 'pdf') assert.match(await item.innerText(), /第 \d+ 页/);
    await item.click();
    const d = r.diagnostics.find((x) => x.rule === 't4_total');
    const sel = await page.evaluate(() => window.nianbao.editor.getSelection());
    assert.deepEqual([sel.startLineNumber, sel.startColumn, sel.endLineNumber, sel.endColumn], [d.range[0] + 1, d.range[1] + 1, d.range[2] + 1, d.range[3] + 1]);
    const before = await page.evaluate(() => window.nianbao.model.getValue());
    await page.keyboard.type('9');
    assert.equal(await page.evaluate(() => window.nianbao.model.getValue()), before);
  });
}

test('a scanned PDF: the command line’s error, and the text stays', async () => {
  const out = cli(['check', files.scan]);
  assert.equal(out.status, 2);
  assert.match(out.stderr, /扫描件，没有文字层/);
  const before = await page.evaluate(() => window.nianbao.model.getValue());
  await page.setInputFiles('#file', files.scan);
  const toast = page.locator('#toast');
  await page.waitForFunction(() => /扫描件，没有文字层/.test(document.querySelector('#toast').textContent), null, { timeout: 30_000 });
  assert.match(await toast.innerText(), /scan\.pdf.*扫描件，没有文字层：请用原始 Word\/WPS 文件或 OCR 后再检查/s);
  assert.equal(await page.evaluate(() => window.nianbao.model.getValue()), before);
});

test('text again after a file: editable, fixes back', async () => {
  const text = readFileSync(join(repo, 'tests/fixtures/009_hongze_2023.txt'), 'utf8');
  await page.setInputFiles('#file', join(repo, 'tests/fixtures/009_hongze_2023.txt'));
  await page.waitForFunction((n) => window.nianbao.model.getValueLength() === n && !window.nianbao.state.file, text.length);
  const r = await page.waitForFunction(() => {
    const n = window.nianbao;
    return n.state.shownVersion === n.model.getVersionId() && n.state.result;
  }).then((h) => h.jsonValue());
  assert.equal(r.readOnly, false);
  assert.ok(r.diagnostics.some((d) => d.fix));
  assert.equal(await page.locator('#fill-all').isDisabled(), false);
});

test('no request left the machine and nothing failed', () => {
  assert.deepEqual(offLimits, []);
  assert.deepEqual(problems, []);
});
