// End-to-end: drive the real `nianbao lsp` with vscode-jsonrpc / vscode-languageserver-protocol
// (the libraries VS Code's client is built on), in utf-16 position mode like VS Code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import rpc from "vscode-jsonrpc/node.js";
import lsp from "vscode-languageserver-protocol";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.NIANBAO_BIN ?? resolve(here, "../../../target/debug/nianbao");
const fixture = resolve(here, "../../../tests/fixtures/009_hongze_2023.txt");
const uri = "file:///work/009_hongze_2023.txt";

const haveBin = existsSync(bin);
if (!haveBin && process.env.CI) {
  throw new Error(`nianbao binary not found at ${bin} (set NIANBAO_BIN)`);
}

function start() {
  const proc = spawn(bin, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const published = [];
  const waiters = [];
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  conn.onRequest(lsp.ApplyWorkspaceEditRequest.type, () => ({ applied: true }));
  conn.onRequest(lsp.ConfigurationRequest.type, () => [{ locale: "zh" }]);
  conn.listen();
  const diagnostics = (version) =>
    new Promise((resolveP, reject) => {
      const pred = (p) => p.uri === uri && p.version === version;
      const hit = published.find(pred);
      if (hit) return resolveP(hit);
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version}`)), 15000);
      waiters.push({ pred, resolve: (p) => (clearTimeout(timer), resolveP(p)) });
    });
  return { proc, conn, diagnostics };
}

test("diagnostics, incremental edit, hover and quick fix over the protocol", { skip: !haveBin && "binary not built" }, async () => {
  const { proc, conn, diagnostics } = start();
  const init = await conn.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { general: { positionEncodings: ["utf-16"] }, workspace: { configuration: true, applyEdit: true } },
  });
  assert.equal(init.capabilities.positionEncoding, "utf-16");
  assert.equal(init.capabilities.textDocumentSync.change, lsp.TextDocumentSyncKind.Incremental);
  await conn.sendNotification(lsp.InitializedNotification.type, {});

  const text = readFileSync(fixture, "utf8");
  await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "plaintext", version: 1, text } });
  let d = (await diagnostics(1)).diagnostics.filter((x) => x.code === "t4_total");
  assert.equal(d.length, 2);
  assert.deepEqual(d[0].range.start, { line: 353, character: 1 });
  assert.match(d[0].message, /应为 11/);

  // Incremental edit: line 350 "\t10" -> "\t12".
  await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 349, character: 1 }, end: { line: 349, character: 3 } }, text: "12" }],
  });
  d = (await diagnostics(2)).diagnostics.filter((x) => x.code === "t4_total");
  assert.match(d[0].message, /13/);

  const hover = await conn.sendRequest(lsp.HoverRequest.type, { textDocument: { uri }, position: { line: 353, character: 1 } });
  assert.match(hover.contents.value, /应为 13/);

  const actions = await conn.sendRequest(lsp.CodeActionRequest.type, {
    textDocument: { uri },
    range: d[0].range,
    context: { diagnostics: [d[0]], only: [lsp.CodeActionKind.QuickFix] },
  });
  const fix = actions.find((a) => a.isPreferred);
  assert.equal(fix.title, "将总计改为 13");
  const edit = fix.edit.documentChanges[0];
  assert.equal(edit.textDocument.version, 2);
  await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 3 },
    contentChanges: edit.edits.map((e) => ({ range: e.range, text: e.newText })),
  });
  d = (await diagnostics(3)).diagnostics.filter((x) => x.code === "t4_total");
  assert.equal(d.length, 1, "the fixed total has no diagnostic left");

  // UTF-16 columns on a Chinese line: the label on line 128 is "\t2.其他法律行政止公开".
  const all = (await diagnostics(3)).diagnostics;
  const label = all.find((x) => x.code === "label_variant" && x.range.start.line === 127);
  assert.deepEqual(label.range, { start: { line: 127, character: 1 }, end: { line: 127, character: 1 + "2.其他法律行政止公开".length } });
  const past = await conn.sendRequest(lsp.HoverRequest.type, { textDocument: { uri }, position: { line: 7, character: 5000 } });
  assert.equal(past, null, "a position past the end of a line is clamped, not an error");

  await conn.sendRequest(lsp.ShutdownRequest.type);
  await conn.sendNotification(lsp.ExitNotification.type);
  const code = await new Promise((r) => proc.on("exit", r));
  assert.equal(code, 0);
  conn.dispose();
});
