// Monaco wired to the checker: markers from the diagnostics, a hover provider with the
// equations, code actions (quick fix per total, fill-all) and edits. The checker counts
// zero-based (line, UTF-16 column); Monaco one-based (lineNumber, column) in UTF-16 units too.
import * as monaco from './monaco.js';

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };

/** A checker range `[line, col, endLine, endCol]` as a Monaco range. */
export function toRange(r) {
  return new monaco.Range(r[0] + 1, r[1] + 1, r[2] + 1, r[3] + 1);
}

/** A Monaco range as a checker range. */
export function fromRange(r) {
  return [r.startLineNumber - 1, r.startColumn - 1, r.endLineNumber - 1, r.endColumn - 1];
}

export function createEditor(element, placeholder) {
  const editor = monaco.editor.create(element, {
    // Named so that related cells read 年报(350, 2) in the problem hover.
    model: monaco.editor.createModel('', 'plaintext', monaco.Uri.parse('inmemory://nianbao/%E5%B9%B4%E6%8A%A5')),
    placeholder,
    automaticLayout: true,
    renderWhitespace: 'boundary',
    unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: false, nonBasicASCII: false },
    lightbulb: { enabled: 'on' },
    fontSize: 14,
    wordWrap: 'off',
    // Reports have no code structure: bracket pairing would parse a whole 1 MB text on the
    // page's thread for nothing.
    bracketPairColorization: { enabled: false },
    matchBrackets: 'never',
    guides: { bracketPairs: false, indentation: false },
  });
  editor.getModel().updateOptions({ bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false } });
  return editor;
}

export function setMarkers(model, diagnostics) {
  monaco.editor.setModelMarkers(
    model,
    'nianbao',
    diagnostics.map((d) => {
      const r = toRange(d.range);
      return {
        severity: SEVERITY[d.severity],
        message: d.message,
        code: d.rule,
        source: 'nianbao',
        startLineNumber: r.startLineNumber,
        startColumn: r.startColumn,
        endLineNumber: r.endLineNumber,
        endColumn: r.endColumn,
        relatedInformation: d.related.map((x) => ({ resource: model.uri, message: x.message, ...toRange(x.range) })),
      };
    }),
  );
}

/** Edits from the checker as Monaco edit operations. */
export function toEdits(edits) {
  return edits.map((e) => ({ range: toRange(e.range), text: e.text }));
}

/** Apply the checker's edits as one undoable step. */
export function applyEdits(editor, edits) {
  editor.pushUndoStop();
  editor.executeEdits('nianbao', toEdits(edits));
  editor.pushUndoStop();
}

/**
 * Hovers and code actions answered by the checker. `ask(type, payload)` sends a request to
 * the worker; `isCurrent(model)` tells whether the model is the one the checker holds.
 */
export function registerProviders(ask, isCurrent) {
  monaco.languages.registerHoverProvider('plaintext', {
    async provideHover(model, position) {
      if (!isCurrent(model)) return null;
      const h = await ask('hover', { line: position.lineNumber - 1, col: position.column - 1 });
      return h && { range: toRange(h.range), contents: [{ value: h.markdown }] };
    },
  });
  monaco.languages.registerCodeActionProvider(
    'plaintext',
    {
      async provideCodeActions(model, range, context) {
        if (!isCurrent(model)) return { actions: [], dispose() {} };
        const versionId = model.getVersionId();
        const list = await ask('actions', { range: fromRange(range) });
        const actions = list.map((a) => ({
          title: a.title,
          kind: a.kind === 'quickfix' ? 'quickfix' : 'source.fixAll.nianbao',
          isPreferred: a.preferred,
          diagnostics: context.markers.filter((m) => m.code === a.rule && monaco.Range.areIntersectingOrTouching(m, toRange(a.edits[0].range))),
          edit: { edits: toEdits(a.edits).map((textEdit) => ({ resource: model.uri, textEdit, versionId })) },
        }));
        return { actions, dispose() {} };
      },
    },
    { providedCodeActionKinds: ['quickfix', 'source.fixAll.nianbao'] },
  );
}

export { monaco };
