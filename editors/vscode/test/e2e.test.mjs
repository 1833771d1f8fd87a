// End-to-end: drive the real `nianbao lsp` with vscode-jsonrpc / vscode-languageserver-protocol
// (the libraries VS Code's client is built on), in utf-16 position mode like VS Code. The test
// keeps its own copy of the document and applies every edit to it as VS Code would.
//
// NIANBAO_BIN names the binary (default: <repo>/target/debug/nianbao). Without it the test is
// skipped, except under CI, where a missing binary fails it.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import lsp from "vscode-languageserver-protocol";
import { startServer } from "./support/server.mjs";

const require = createRequire(import.meta.url);
const { statusText } = require("../out/status.js");

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.NIANBAO_BIN || resolve(here, "../../../target/debug/nianbao");
const fixture = resolve(here, "../../../tests/fixtures/009_hongze_2023.txt");
const uri = "file:///work/009_hongze_2023.txt";
const WAIT_MS = 15000;

const haveBin = existsSync(bin);
if (!haveBin && process.env.CI) {
  throw new Error(`nianbao binary not found at ${bin} (build it, or set NIANBAO_BIN)`);
}

/** Offset in `text` of an LSP position, utf-16 code units as in JavaScript strings. */
function offsetAt(text, pos) {
  let off = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf("\n", off);
    assert.ok(nl >= 0, `line ${pos.line} is past the end`);
    off = nl + 1;
  }
  const end = text.indexOf("\n", off);
  return Math.min(off + pos.character, end < 0 ? text.length : end);
}

/** Apply non-overlapping TextEdits (utf-16 positions) the way an editor does. */
function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) {
    text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  }
  return text;
}

const lineOf = (text, n) => text.split("\n")[n].replace(/\r$/, "");
/** The seven cells after table 3's row label `label` in layout A (a TAB-led cell a line). */
const cellsAfter = (text, label) => {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  const at = lines.indexOf(`\t${label}`);
  assert.ok(at >= 0, `no row ${label}`);
  return lines.slice(at + 1, at + 8).map((l) => l.replace(/^\t/, ""));
};
const totals = (p) => p.diagnostics.filter((d) => d.code === "t4_total").sort((a, b) => a.range.start.line - b.range.start.line);

describe("nianbao lsp over the protocol (utf-16, as VS Code)", { skip: !haveBin && `no binary at ${bin}` }, () => {
  let proc, conn, all, published, text, version;
  let settings = { locale: "zh", template: "auto", rules: {} };
  const applyEditRequests = [];

  /** The diagnostics published for `v` (the latest such publication). */
  const diagnostics = (v) =>
    new Promise((resolveP, reject) => {
      const pred = (p) => p.uri === uri && p.version === v;
      const hit = all.findLast(pred);
      if (hit) return resolveP(hit);
      published(pred, WAIT_MS).then(resolveP, (e) => reject(new Error(`no diagnostics for version ${v}: ${e.message}`)));
    });

  /** Send a change (incremental), apply it to our copy, and wait for its diagnostics. */
  async function change(contentChanges) {
    version += 1;
    text = applyEdits(
      text,
      contentChanges.map((c) => ({ range: c.range, newText: c.text })),
    );
    await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return diagnostics(version);
  }

  before(async () => {
    ({ proc, conn, all, published } = startServer(bin));
    conn.onRequest(lsp.ApplyWorkspaceEditRequest.type, (p) => {
      applyEditRequests.push(p);
      return { applied: true };
    });
    conn.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map((i) => (i.section === "nianbao" ? settings : null)));
    conn.listen();
  });

  after(async () => {
    conn?.dispose();
    if (proc && proc.exitCode === null) proc.kill();
  });

  it("negotiates utf-16 when the client offers only utf-16, as VS Code does", async () => {
    const init = await conn.sendRequest(lsp.InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      initializationOptions: settings,
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        workspace: {
          configuration: true,
          applyEdit: true,
          workspaceEdit: { documentChanges: true, resourceOperations: ["create", "rename", "delete"] },
          didChangeConfiguration: { dynamicRegistration: false },
        },
        textDocument: { publishDiagnostics: { versionSupport: true }, codeAction: { isPreferredSupport: true } },
      },
    });
    const caps = init.capabilities;
    assert.equal(caps.positionEncoding, "utf-16");
    assert.equal(caps.textDocumentSync.change, lsp.TextDocumentSyncKind.Incremental);
    assert.equal(caps.textDocumentSync.openClose, true);
    assert.ok(caps.hoverProvider && caps.inlayHintProvider && caps.documentSymbolProvider && caps.foldingRangeProvider);
    assert.ok(caps.definitionProvider && caps.documentHighlightProvider && caps.referencesProvider && caps.completionProvider);
    assert.ok(caps.documentFormattingProvider && caps.documentRangeFormattingProvider);
    assert.deepEqual([...caps.codeActionProvider.codeActionKinds].sort(), ["quickfix", "source.fixAll.nianbao", "source.fixAll.nianbao.narrative"]);
    assert.deepEqual(caps.executeCommandProvider.commands, ["nianbao.fillAllTotals", "nianbao.newReport"]);
    await conn.sendNotification(lsp.InitializedNotification.type, {});
  });

  it("publishes the two wrong 总计 of table 4 on open", async () => {
    text = readFileSync(fixture, "utf8");
    version = 1;
    await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "plaintext", version, text } });
    const d = totals(await diagnostics(1));
    assert.equal(d.length, 2, JSON.stringify(d));
    assert.deepEqual(d[0].range, { start: { line: 353, character: 1 }, end: { line: 353, character: 2 } });
    assert.deepEqual(d[1].range, { start: { line: 363, character: 1 }, end: { line: 363, character: 2 } });
    assert.equal(d[0].source, "nianbao");
    assert.equal(d[0].severity, lsp.DiagnosticSeverity.Error);
    assert.match(d[0].message, /应为 11/);
    assert.match(d[1].message, /应为 5/);
  });

  it("ranges on Chinese lines are in utf-16 code units", async () => {
    const all = (await diagnostics(1)).diagnostics;
    const label = all.find((x) => x.code === "label_variant" && x.range.start.line === 127);
    assert.ok(label, "a label_variant diagnostic on line 128");
    const line = lineOf(text, 127);
    assert.equal(line.slice(label.range.start.character, label.range.end.character), "2.其他法律行政止公开");

    // A character outside the BMP is two utf-16 units (one in utf-32, four in utf-8): insert one
    // into the label, then delete exactly those two units again.
    const at = { line: 127, character: 3 };
    const grown = (await change([{ range: { start: at, end: at }, text: "𠮷" }])).diagnostics;
    assert.equal(lineOf(text, 127), "\t2.𠮷其他法律行政止公开");
    const grownLabel = grown.find((x) => x.code === "label_variant" && x.range.start.line === 127);
    assert.ok(grownLabel, "the label is still a variant with the extra character");
    assert.equal(grownLabel.range.end.character, 14, "𠮷 counts as two utf-16 units");
    assert.equal(lineOf(text, 127).slice(grownLabel.range.start.character, grownLabel.range.end.character), "2.𠮷其他法律行政止公开");
    const back = (await change([{ range: { start: at, end: { line: 127, character: 5 } }, text: "" }])).diagnostics;
    const again = back.find((x) => x.code === "label_variant" && x.range.start.line === 127);
    assert.deepEqual(again?.range, label.range, "the server removed exactly the surrogate pair");
    assert.equal(again.message, label.message);
  });

  it("reports what the status bar shows", async () => {
    const info = await conn.sendRequest("nianbao/reportInfo", { textDocument: { uri } });
    assert.deepEqual(info, { isReport: true, template: "2021", year: 2023, errors: 2, warnings: 2 });
    assert.equal(statusText(info, "zh"), "$(checklist) 2023年度 · 2021版模板 · 2 错误 2 警告");
  });

  it("follows an incremental edit (line 350: 10 → 12)", async () => {
    assert.equal(lineOf(text, 349), "\t10");
    const d = totals(await change([{ range: { start: { line: 349, character: 1 }, end: { line: 349, character: 3 } }, text: "12" }]));
    assert.equal(d.length, 2);
    assert.equal(d[0].range.start.line, 353);
    assert.match(d[0].message, /13/);
  });

  it("hovers the 总计 with its equation", async () => {
    const hover = await conn.sendRequest(lsp.HoverRequest.type, { textDocument: { uri }, position: { line: 353, character: 1 } });
    assert.equal(hover.contents.kind, "markdown");
    assert.match(hover.contents.value, /应为 13/);
    assert.match(hover.contents.value, /✗/);
    const past = await conn.sendRequest(lsp.HoverRequest.type, { textDocument: { uri }, position: { line: 7, character: 5000 } });
    assert.equal(past, null, "a position past the end of a line is clamped, not an error");
  });

  it("applies the preferred quick fix", async () => {
    const d = totals(await diagnostics(version))[0];
    const actions = await conn.sendRequest(lsp.CodeActionRequest.type, {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], only: [lsp.CodeActionKind.QuickFix] },
    });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.kind, "quickfix");
    assert.equal(fix.title, "将总计改为 13");
    const change0 = fix.edit.documentChanges[0];
    assert.equal(change0.textDocument.uri, uri);
    assert.equal(change0.textDocument.version, version, "the edit names the document version it was computed for");
    const after = totals(await change(change0.edits.map((e) => ({ range: e.range, text: e.newText }))));
    assert.equal(lineOf(text, 353), "\t13");
    assert.equal(after.length, 1, "the fixed total has no diagnostic left");
    assert.equal(after[0].range.start.line, 363);
  });

  it("offers the fix-all source action", async () => {
    const actions = await conn.sendRequest(lsp.CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ["source.fixAll.nianbao"] },
    });
    const all = actions.find((a) => a.kind === "source.fixAll.nianbao");
    assert.equal(all?.title, "填写本文件全部总计");
    assert.deepEqual(all.edit.documentChanges[0].edits.map((e) => [e.range.start.line, e.newText]), [[363, "5"]]);
  });

  it("nianbao.fillAllTotals asks the client to apply the edit (workspace/applyEdit)", async () => {
    const before = applyEditRequests.length;
    await conn.sendRequest(lsp.ExecuteCommandRequest.type, { command: "nianbao.fillAllTotals", arguments: [uri] });
    // The server answers the command at once and sends the edit from a task of its own.
    for (let t = 0; t < WAIT_MS && applyEditRequests.length === before; t += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const req = applyEditRequests.at(-1);
    assert.ok(req, "the server sent workspace/applyEdit");
    const edits = req.edit.documentChanges ? req.edit.documentChanges[0].edits : req.edit.changes[uri];
    const d = totals(await change(edits.map((e) => ({ range: e.range, text: e.newText }))));
    assert.equal(lineOf(text, 363), "\t5");
    assert.equal(d.length, 0);
  });

  it("nianbao.newReport creates next year's report beside last year's, carrying its carry-out", async () => {
    // Last year's report is the fixture on disk (not open): 009, 2023, layout A.
    const lastUri = pathToFileURL(fixture).href;
    const before = applyEditRequests.length;
    const res = await conn.sendRequest(lsp.ExecuteCommandRequest.type, { command: "nianbao.newReport", arguments: [lastUri] });
    const newUri = pathToFileURL(resolve(dirname(fixture), "009_hongze_2024.txt")).href;
    assert.deepEqual(res, { uri: newUri, year: 2024, template: "2021", layout: "A", carried: 9 });
    for (let t = 0; t < WAIT_MS && applyEditRequests.length === before; t += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const [create, insert] = applyEditRequests.at(-1).edit.documentChanges;
    assert.deepEqual(create, { kind: "create", uri: newUri, options: { overwrite: false, ignoreIfExists: false } });
    assert.equal(insert.textDocument.uri, newUri);
    const made = insert.edits[0].newText;
    const last = readFileSync(fixture, "utf8");
    assert.deepEqual(lineOf(made, 1), "2024 年政府信息公开工作年度报告");
    // 二、上年结转 per column = last year's 四、结转下年度继续办理 (layout A: the seven lines after the label).
    assert.deepEqual(cellsAfter(made, "二、上年结转政府信息公开申请数量"), cellsAfter(last, "四、结转下年度继续办理"));
    assert.deepEqual(cellsAfter(made, "四、结转下年度继续办理"), ["", "", "", "", "", "", ""]);

    // Opened as VS Code opens the created file: only information (t_unfilled), no error or warning.
    await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri: newUri, languageId: "plaintext", version: 1, text: made } });
    const p = all.findLast((x) => x.uri === newUri) ?? (await published((x) => x.uri === newUri, WAIT_MS));
    assert.ok(p.diagnostics.length > 0);
    assert.ok(p.diagnostics.every((d) => d.severity === lsp.DiagnosticSeverity.Information && d.code === "t_unfilled"), JSON.stringify(p.diagnostics));
    await conn.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri: newUri } });
  });

  it("re-pulls settings on didChangeConfiguration (English messages and titles)", async () => {
    settings = { locale: "en", template: "auto", rules: {} };
    await conn.sendNotification(lsp.DidChangeConfigurationNotification.type, { settings: { nianbao: settings } });
    const d = totals(await change([{ range: { start: { line: 353, character: 1 }, end: { line: 353, character: 3 } }, text: "0" }]));
    assert.equal(d.length, 1);
    assert.doesNotMatch(d[0].message, /应为/);
    assert.match(d[0].message, /13/);
    const actions = await conn.sendRequest(lsp.CodeActionRequest.type, {
      textDocument: { uri },
      range: d[0].range,
      context: { diagnostics: [d[0]], only: [lsp.CodeActionKind.QuickFix] },
    });
    assert.equal(actions.find((a) => a.isPreferred)?.title, "Change total to 13");

    settings = { locale: "zh", template: "auto", rules: { t4_total: false } };
    await conn.sendNotification(lsp.DidChangeConfigurationNotification.type, { settings: { nianbao: settings } });
    const off = totals(await change([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "" }]));
    assert.equal(off.length, 0, "a rule switched off in settings is not reported");
  });

  it("shuts down cleanly", async () => {
    await conn.sendRequest(lsp.ShutdownRequest.type);
    await conn.sendNotification(lsp.ExitNotification.type);
    const code = await new Promise((r) => (proc.exitCode !== null ? r(proc.exitCode) : proc.on("exit", r)));
    assert.equal(code, 0);
  });
});
