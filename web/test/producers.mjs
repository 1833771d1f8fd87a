// Report files as real producers make them, for the page's format tests: a report's text as an
// HTML page (tables as <table>, as tests/support/formats_gen.rs lays them out: layout A's
// one-cell lines joined into rows), LibreOffice (`soffice --headless --convert-to`) turning
// that page into a Word 2007 `.docx` and a Word 97–2003 `.doc`, headless Chromium printing it
// to PDF (with its header and footer, as people print pages), and a scan: a PDF holding only a
// picture of the page.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const esc = (s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The report as a word processor holds it (formats_gen::word_tables): runs of one-cell lines
 *  (`\tcell`) become a row, blank lines between rows of a table are dropped. */
export function wordTables(text) {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const lone = (l) => l.startsWith('\t') && !l.slice(1).includes('\t');
  const rows = [];
  for (let i = 0; i < lines.length; ) {
    if (lone(lines[i])) {
      const cells = [];
      while (i < lines.length && lone(lines[i])) cells.push(lines[i++].slice(1));
      rows.push(cells.join('\t'));
    } else rows.push(lines[i++]);
  }
  const blankInTable = (k) => rows[k].trim() === '' && k > 0 && rows[k - 1].includes('\t') && (rows.slice(k + 1).find((r) => r.trim() !== '') ?? '').includes('\t');
  return rows.filter((_, k) => !blankInTable(k)).join('\n') + '\n';
}

/** An HTML page of a report's text: a <p> per line, a <table> per run of TAB lines. */
export function htmlPage(text) {
  let body = '';
  let table = false;
  for (const line of wordTables(text).split('\n')) {
    if (line.includes('\t')) {
      if (!table) body += '<table border="1" cellspacing="0">\n';
      table = true;
      body += `<tr>${line.split('\t').map((c) => `<td>${esc(c)}</td>`).join('')}</tr>\n`;
      continue;
    }
    if (table) body += '</table>\n';
    table = false;
    if (line.trim()) body += `<p>${esc(line)}</p>\n`;
  }
  if (table) body += '</table>\n';
  return `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>政府信息公开工作年度报告</title>\n<style>td { border: 1px solid; }</style>\n</head>\n<body>\n${body}</body>\n</html>\n`;
}

/** LibreOffice converts `input` (an HTML page, opened as a Writer document) to `to`
 *  (`docx:"MS Word 2007 XML"`, `doc:"MS Word 97"`) in `outDir`; the converted file's path. */
export function soffice(input, to, outDir) {
  const profile = mkdtempSync(join(tmpdir(), 'nianbao-lo-'));
  const r = spawnSync('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', to, '--outdir', outDir, input], { encoding: 'utf8', timeout: 180_000 });
  rmSync(profile, { recursive: true, force: true });
  const out = join(outDir, basename(input).replace(/\.[^.]+$/, '') + '.' + to.split(':')[0]);
  try {
    readFileSync(out);
  } catch {
    throw new Error(`soffice made no ${out}: ${r.status} ${r.stderr}`);
  }
  return out;
}

/** Chromium prints `html` (a file) to `out` as a PDF, with the browser's header and footer. */
export async function printPdf(context, html, out) {
  const page = await context.newPage();
  await page.goto(pathToFileURL(html).href);
  writeFileSync(out, await page.pdf({ displayHeaderFooter: true, printBackground: true }));
  await page.close();
  return out;
}

/** A scan: a PDF with only a picture of the page `html` (no text layer). */
export async function scannedPdf(context, html, dir) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 800, height: 1100 });
  await page.goto(pathToFileURL(html).href);
  const png = await page.screenshot();
  const holder = join(dir, 'scan.html');
  writeFileSync(holder, `<!DOCTYPE html><html><body style="margin:0"><img style="width:100%" src="data:image/png;base64,${png.toString('base64')}"></body></html>`);
  await page.close();
  return printPdf(context, holder, join(dir, 'scan.pdf'));
}
