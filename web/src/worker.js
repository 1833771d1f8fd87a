// The checker's Web Worker: holds the WebAssembly checker (embedded in this script, so nothing
// is fetched) with the current text, applies the editor's changes in order, analyses and answers
// hover / code-action / fill-all questions. A new text (opened or pasted) is answered report
// batch by report batch, the first reports first; an edit is analysed as soon as the worker is
// free (the re-check is incremental: tens of milliseconds on a 1 MB text), edits that arrive
// meanwhile coalesce into the next analysis. Each answer replaces the previous answers' list
// from an index on (`Checker.update`) and carries the editor version it describes; the page
// shows only the current version's. A PDF, Word or HTML file is read here too (`openFile`),
// with the same readers as the command line. A panic aborts the wasm instance: the worker
// then reports `crashed` and the page starts a new worker with the whole text.
import { initSync, Checker, last_panic } from '../build/nianbao_web.js';
import wasmBytes from '../build/nianbao_web_bg.wasm';

import sample from '../../tests/fixtures/009_hongze_2023.txt';

initSync({ module: wasmBytes });
// Warm-up: the first check builds the checker's regexes and word searchers and has V8 compile
// its code (about half a second on a slow machine; later checks of that size take 1 ms). Do it
// now, while the page loads, not when the user's report arrives.
const warm = new Checker(sample, 'zh', 'auto');
warm.diagnostics();
warm.free();

let checker = null;
let version = 0;
/** The next analysis (or a new text's next batch), queued behind the messages already here. */
let timer = null;
/** Time spent on the current version so far (its batches add up). */
let spent = 0;

/** Analyse (one batch of a new text) and answer; the next batch follows as its own task, so
 * that edits and questions that arrived meanwhile are handled first. */
function analyse() {
  clearTimeout(timer);
  timer = null;
  if (!checker) return;
  const t0 = performance.now();
  const result = JSON.parse(checker.update());
  spent += performance.now() - t0;
  postMessage({ type: 'diagnostics', version, result, ms: spent });
  if (result.done) spent = 0;
  else soon();
}

function soon() {
  if (timer === null) timer = setTimeout(analyse, 0);
}

const handlers = {
  open({ text, lang, template }) {
    if (checker) checker.free();
    checker = new Checker(text, lang, template);
    spent = 0;
    analyse();
  },
  // A PDF, .doc/.wps, .docx or HTML file: read with the command line's readers; its rendering
  // is the (read-only) text, returned for the editor. Analysed at `analyse`, once the editor
  // shows the rendering (and so has the version the diagnostics are for).
  openFile({ name, bytes, lang, template }) {
    let next;
    try {
      next = Checker.from_file(name, bytes, lang, template);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) throw e; // a panic: the instance is gone
      return { error: e instanceof Error ? e.message : String(e) };
    }
    if (checker) checker.free();
    checker = next;
    return { text: checker.text() };
  },
  analyse,
  edit({ changes }) {
    for (const c of changes) checker.edit(c.range[0], c.range[1], c.range[2], c.range[3], c.text);
    soon();
  },
  options({ lang, template }) {
    checker.set_options(lang, template);
    analyse();
  },
  hover: ({ line, col }) => JSON.parse(checker.hover(line, col)),
  actions: ({ range }) => JSON.parse(checker.actions(range[0], range[1], range[2], range[3])),
  fillAll: () => JSON.parse(checker.fill_all()),
  text: () => checker.text(),
};

onmessage = ({ data }) => {
  try {
    if (data.version !== undefined) version = data.version;
    const result = handlers[data.type](data);
    if (data.id !== undefined) postMessage({ type: 'reply', id: data.id, result: result ?? null });
  } catch (e) {
    let panic = '';
    try {
      panic = last_panic();
    } catch {
      // The instance may be unusable; the error itself is reported.
    }
    postMessage({ type: 'crashed', message: panic || String(e && e.stack || e) });
    close();
  }
};
