// The offline checker page: an editor with the report, the checker in a worker, the status
// line (template, year, counts), the findings list, open / save / copy, fill-all and the
// language switch. A PDF, Word (.doc/.wps/.docx) or HTML file is read by the checker's own
// readers and shown as its rendering, read-only, with each finding's page and table cell. Nothing is fetched or sent: the page is one file with everything inside.
import { CheckerClient } from './checker-client.js';
import { applyEdits, createEditor, fromRange, registerProviders, setMarkers, toRange } from './editor.js';
import { decode } from './decode.js';
import { STRINGS } from './i18n.js';

const MAX_LIST = 1000;
const $ = (id) => document.getElementById(id);

// shownVersion: the editor version whose diagnostics are all on screen (behind while checking).
// marksVersion, marksAt: the version whose marks (maybe the first reports' only) are shown,
// and when (performance.now()) they were last set; firstMarksAt, firstMarks: when that
// version's first marks were set, and how many.
// file: the PDF, Word or HTML file whose rendering is shown (read-only), `{ name, bytes }`;
// adopting: the editor is taking that rendering, which the worker already holds.
const state = { lang: 'zh', template: 'auto', fileName: 'report.txt', bom: false, result: null, ms: 0, shownVersion: -1, marksVersion: -1, marksAt: 0, firstMarksAt: 0, firstMarks: 0, file: null, adopting: false };
/** The worker's findings as its answers left them (each replaces the list from an index on). */
let findings = [];
const t = () => STRINGS[state.lang];

const editor = createEditor($('editor'), STRINGS.zh.placeholder);
const model = editor.getModel();

const checker = new CheckerClient(
  (version, result, ms) => {
    findings.length = result.start;
    for (const d of result.diagnostics) findings.push(d);
    if (version !== model.getVersionId()) return; // an edit came after: its result follows
    state.result = { ...result, diagnostics: findings.slice() };
    state.ms = ms;
    // Once per answer: a new text's first reports, then each further batch, then edits.
    setMarkers(model, state.result.diagnostics);
    state.marksAt = performance.now();
    if (state.marksVersion !== version) [state.firstMarksAt, state.firstMarks] = [state.marksAt, findings.length];
    state.marksVersion = version;
    if (result.done) render();
    else {
      renderStatus(); // still checking
      renderFindings();
    }
  },
  (message) => {
    findings = []; // the new worker starts from nothing
    toast(t().crashed(message));
    // A file whose reading crashed the checker is not read again (it would crash again).
    if (state.file) return showText('', false);
    openInChecker();
  },
);

function openInChecker() {
  checker.open(model.getValue(), state.lang, state.template, model.getVersionId());
  renderStatus();
}

model.onDidChangeContent((e) => {
  if (e.isFlush && state.adopting) {
    // The worker holds this rendering already: analyse it for the editor's new version.
    state.adopting = false;
    checker.post({ type: 'analyse', version: model.getVersionId() });
    return renderStatus();
  }
  if (e.isFlush) {
    if (state.file) showFile(null); // text set from outside replaces the file's rendering
    return openInChecker();
  }
  checker.edit(e.changes.map((c) => ({ range: fromRange(c.range), text: c.text })), model.getVersionId());
  renderStatus();
});

registerProviders(
  (type, payload) => checker.request(type, payload),
  (m) => m === model,
);

// ---- rendering

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderStatus() {
  const s = $('status');
  const r = state.result;
  s.replaceChildren();
  const add = (text, cls) => s.append(el('span', cls, text));
  if (model.getValueLength() === 0) return; // the editor's placeholder says what to do
  if (state.file) add(t().readOnly(state.file.name, r?.pages), 'muted');
  if (!r) return add(t().checking, 'muted');
  if (!r.isReport) add(t().notReport, 'muted');
  else {
    add(`${t().template}: ${r.template === '2019' ? t().template2019 : r.template === '2021' ? t().template2021 : '?'}`);
    add(`${t().year}: ${r.year ?? '?'}`);
    if (r.reports > 1) add(`${r.reports} ${t().reports}`);
  }
  add(`${t().errors} ${r.errors}`, r.errors ? 'error' : 'muted');
  add(`${t().warnings} ${r.warnings}`, r.warnings ? 'warning' : 'muted');
  add(`${t().infos} ${r.infos}`, 'muted');
  add(state.shownVersion !== model.getVersionId() ? t().checking : t().checkedIn(Math.max(1, Math.round(state.ms))), 'muted');
}

function reveal(range) {
  const r = toRange(range);
  editor.setSelection(r);
  editor.revealRangeInCenter(r);
  editor.focus();
}

function renderFindings() {
  const list = $('findings');
  const diags = state.result?.diagnostics ?? [];
  const frag = document.createDocumentFragment();
  for (const d of diags.slice(0, MAX_LIST)) {
    const li = el('li');
    li.tabIndex = 0;
    li.dataset.rule = d.rule;
    const where = `${d.range[0] + 1}:${d.range[1] + 1}`;
    li.append(el('span', `sev ${d.severity}`, t().severity[d.severity]), el('span', 'where', d.location?.page ? `${t().page(d.location.page)} ${where}` : where), el('span', 'msg', d.message));
    if (d.location) li.dataset.location = JSON.stringify(d.location);
    li.title = d.rule;
    if (d.fix) {
      const b = el('button', 'fix', t().fix);
      b.title = d.fix.title;
      b.onclick = (ev) => {
        ev.stopPropagation();
        applyEdits(editor, [d.fix.edit]);
      };
      li.append(b);
    }
    li.onclick = () => reveal(d.range);
    li.onkeydown = (ev) => ev.key === 'Enter' && reveal(d.range);
    frag.append(li);
  }
  if (diags.length > MAX_LIST) frag.append(el('li', 'more', t().more(diags.length - MAX_LIST)));
  if (state.result && diags.length === 0 && model.getValueLength() > 0) frag.append(el('li', 'more', t().noFindings));
  list.replaceChildren(frag);
}

function render() {
  state.shownVersion = model.getVersionId();
  renderStatus();
  renderFindings();
}

function renderChrome() {
  const s = t();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  $('title').textContent = s.title;
  $('open').textContent = s.open;
  $('fill-all').textContent = s.fillAll;
  $('copy').textContent = s.copy;
  $('save').textContent = s.save;
  $('lang').textContent = s.language;
  $('lang').lang = state.lang === 'zh' ? 'en' : 'zh-CN';
  $('template-name').textContent = `${s.template} `;
  const opts = $('template').options;
  [opts[0].textContent, opts[1].textContent, opts[2].textContent] = [s.templateAuto, s.template2019, s.template2021];
  $('findings-title').textContent = s.findings;
  editor.updateOptions({ placeholder: s.placeholder });
}

let toastTimer;
function toast(text, ms = 3000) {
  const e = $('toast');
  e.textContent = text;
  e.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (e.hidden = true), ms);
}

// ---- commands

/** Files read by the checker's readers (rendering shown read-only); others are text. */
const RENDERED = /\.(pdf|doc|wps|dot|wpt|docx|html?|xhtml)$/i;

/** The file whose rendering is shown (read-only), or `null` for editable text. */
function showFile(file) {
  state.file = file || null;
  editor.updateOptions({ readOnly: Boolean(file) });
  $('fill-all').disabled = Boolean(file);
}

/** Show `text` in the editor; `file` (name and bytes) when it is that file's rendering. */
function showText(text, file) {
  showFile(file);
  state.adopting = Boolean(file);
  state.result = null;
  model.setValue(text);
  editor.setPosition({ lineNumber: 1, column: 1 });
  editor.focus();
}

async function openFile(file) {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (RENDERED.test(file.name)) {
      const r = await checker.request('openFile', { name: file.name, bytes, lang: state.lang, template: state.template });
      if (r.error) return toast(t().readError(file.name, r.error), 10_000);
      state.fileName = file.name.replace(RENDERED, '') + '.txt'; // saving writes the rendering
      state.bom = false;
      return showText(r.text, { name: file.name, bytes });
    }
    const { text, bom } = decode(bytes);
    state.fileName = file.name.replace(/\.(md|markdown|txt)$/i, '') + (/\.(md|markdown)$/i.test(file.name) ? '.md' : '.txt');
    state.bom = bom;
    showText(text, null);
  } catch (e) {
    toast(t().readError(file.name, e.message));
  }
}

$('file').onchange = (ev) => {
  const f = ev.target.files[0];
  if (f) openFile(f);
  ev.target.value = '';
};
document.body.addEventListener('dragover', (ev) => ev.preventDefault());
document.body.addEventListener('drop', (ev) => {
  ev.preventDefault();
  const f = ev.dataTransfer?.files[0];
  if (f) openFile(f);
});

$('fill-all').onclick = async () => {
  const version = model.getVersionId();
  const fill = await checker.request('fillAll');
  if (version !== model.getVersionId()) return;
  if (!fill.edits.length) return toast(t().nothingToFill);
  applyEdits(editor, fill.edits);
  toast(t().filled(fill.edits.length));
};

$('copy').onclick = async () => {
  const text = model.getValue();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  toast(t().copied);
};

$('save').onclick = () => {
  const blob = new Blob([state.bom ? '\ufeff' : '', model.getValue()], { type: 'text/plain;charset=utf-8' });
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = state.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  toast(t().saved(state.fileName));
};

$('template').onchange = (ev) => {
  state.template = ev.target.value;
  checker.options(state.lang, state.template);
};

$('lang').onclick = () => {
  state.lang = state.lang === 'zh' ? 'en' : 'zh';
  renderChrome();
  checker.options(state.lang, state.template);
};

renderChrome();
openInChecker();
// For tests and the curious: the editor and the last result.
window.nianbao = { editor, model, state, checker };
