// The extension's activation logic (out/extension.js) with a fake `vscode` module and a fake
// LanguageClient: when the server starts, with what command and options, what the status bar
// shows, what the fill-all command sends, and how a missing binary is handled.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import Module from "node:module";

const require = createRequire(import.meta.url);
const extensionPath = require.resolve("../out/extension.js");

function fakeDocument(fileName, text, languageId = "plaintext") {
  const lines = text.split("\n");
  return {
    fileName,
    languageId,
    uri: { toString: () => `file://${fileName}` },
    lineCount: lines.length,
    getText: (range) => (range ? lines.slice(range.l0, range.l1).join("\n") : text),
  };
}

/** A fresh fake world: the vscode API, the LanguageClient class, and what they recorded. */
function world({ settings = {}, docs = [], startFails = false } = {}) {
  const w = { clients: [], errors: [], infos: [], contexts: [], listeners: {}, settings: { ...settings }, startFails };
  const on = (name) => (fn) => {
    (w.listeners[name] ??= []).push(fn);
    return { dispose() {} };
  };
  w.fire = async (name, arg) => {
    for (const fn of w.listeners[name] ?? []) await fn(arg);
  };
  w.status = { text: "", visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
  w.vscode = {
    StatusBarAlignment: { Left: 1, Right: 2 },
    Range: class {
      constructor(l0, c0, l1, c1) {
        Object.assign(this, { l0, c0, l1, c1 });
      }
    },
    Uri: { parse: (s) => ({ fsPath: s.replace("file://", ""), toString: () => s }) },
    workspace: {
      openTextDocument: async (what) => ({ untitled: what }),
      textDocuments: docs,
      getConfiguration: () => ({ get: (k) => w.settings[k] }),
      onDidOpenTextDocument: on("open"),
      onDidChangeTextDocument: on("change"),
      onDidChangeConfiguration: on("config"),
    },
    window: {
      activeTextEditor: docs[0] ? { document: docs[0] } : undefined,
      createStatusBarItem: () => w.status,
      onDidChangeActiveTextEditor: on("editor"),
      showErrorMessage: async (m) => void w.errors.push(m),
      showInformationMessage: async (m) => void w.infos.push(m),
      showTextDocument: async (d) => void (w.shown ??= []).push(d),
    },
    languages: { onDidChangeDiagnostics: on("diagnostics") },
    commands: { executeCommand: async (...a) => void w.contexts.push(a) },
  };
  w.LanguageClient = class {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, requests: [], started: false, stopped: false });
      w.clients.push(this);
    }
    async start() {
      if (w.startFails) throw new Error("spawn nianbao ENOENT");
      this.started = true;
    }
    async stop() {
      this.stopped = true;
    }
    async sendRequest(method, params) {
      this.requests.push([method, params]);
      if (method === "nianbao/reportInfo") return { isReport: true, template: "2021", year: 2023, errors: 2, warnings: 2 };
      return null;
    }
  };
  return w;
}

/** Load out/extension.js against the fake world and activate it. */
async function activate(w) {
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === "vscode") return w.vscode;
    if (request === "vscode-languageclient/node") return { LanguageClient: w.LanguageClient };
    return load.call(this, request, ...rest);
  };
  try {
    delete require.cache[extensionPath];
    const ext = require(extensionPath);
    await ext.activate({ extensionPath: "/nonexistent-ext", subscriptions: [] });
    return ext;
  } finally {
    Module._load = load;
  }
}

const REPORT = "洪泽区人民政府\n2023年政府信息公开工作年度报告\n一、总体情况\n";

test("a report starts the server once, with settings, and fills the status bar", async () => {
  const report = fakeDocument("/r/report.txt", REPORT);
  const w = world({ settings: { "server.path": "/opt/nianbao", locale: "zh", rules: { value_blank: false } }, docs: [report] });
  const ext = await activate(w);
  assert.equal(w.clients.length, 1);
  const c = w.clients[0];
  assert.deepEqual(c.serverOptions, { command: "/opt/nianbao", args: ["lsp"] });
  assert.deepEqual(c.clientOptions.initializationOptions, { locale: "zh", template: "auto", rules: { value_blank: false }, inlayHints: { cellLabels: true }, crossYear: true });
  assert.deepEqual(c.clientOptions.synchronize, { configurationSection: "nianbao" });
  assert.ok(c.started);
  assert.deepEqual(w.contexts, [["setContext", "nianbao.serverRunning", true]]);
  assert.equal(w.status.command, "nianbao.fillAllTotals");
  assert.equal(w.status.text, "$(checklist) 2023年度 · 2021版模板 · 2 错误 2 警告");
  assert.ok(w.status.visible);
  assert.deepEqual(c.requests.at(-1), ["nianbao/reportInfo", { textDocument: { uri: "file:///r/report.txt" } }]);

  // More reports: still one server.
  await w.fire("open", fakeDocument("/r/other.md", REPORT, "markdown"));
  assert.equal(w.clients.length, 1);
  await ext.deactivate();
  assert.ok(c.stopped);
});

test("documents that are not reports start nothing; one that becomes a report does", async () => {
  const notes = fakeDocument("/r/notes.txt", "会议纪要\n总计 12 项\n");
  const w = world({ docs: [notes] });
  await activate(w);
  await w.fire("open", fakeDocument("/r/main.py", REPORT, "python"));
  assert.equal(w.clients.length, 0);
  assert.equal(w.status.visible, false);
  await w.fire("change", { document: fakeDocument("/r/notes.txt", REPORT) });
  assert.equal(w.clients.length, 1, "a pasted report starts the server");
  assert.equal(w.clients[0].serverOptions.command, "nianbao", "no setting, nothing bundled: PATH");
});

test("*.nianbao.txt and the nianbao language need no title", async () => {
  const w = world({ docs: [fakeDocument("/r/x.nianbao.txt", "表一\n")] });
  await activate(w);
  assert.equal(w.clients.length, 1);
  const w2 = world({ docs: [fakeDocument("/r/x", "表一\n", "nianbao")] });
  await activate(w2);
  assert.equal(w2.clients.length, 1);
});

test("the fill-all command gets the active document when run without arguments", async () => {
  const report = fakeDocument("/r/report.txt", REPORT);
  const w = world({ docs: [report] });
  await activate(w);
  const mw = w.clients[0].clientOptions.middleware.executeCommand;
  const sent = [];
  const next = async (cmd, args) => void sent.push([cmd, args]);
  await mw("nianbao.fillAllTotals", [], next);
  assert.deepEqual(sent, [["nianbao.fillAllTotals", ["file:///r/report.txt"]]]);
  w.vscode.window.activeTextEditor = undefined;
  await mw("nianbao.fillAllTotals", [], next);
  assert.equal(sent.length, 1, "nothing sent without a document");
  assert.equal(w.infos.length, 1);
});

test("the new-report command sends the active document and shows the new report", async () => {
  const report = fakeDocument("/r/2023.txt", REPORT);
  const w = world({ docs: [report] });
  await activate(w);
  const mw = w.clients[0].clientOptions.middleware.executeCommand;
  const sent = [];
  // The server created the file: its document is there, so it is opened.
  w.vscode.workspace.textDocuments.push(fakeDocument("/r/2024.txt", "2024年政府信息公开工作年度报告\n"));
  const created = async (cmd, args) => (sent.push([cmd, args]), { uri: "file:///r/2024.txt", year: 2024 });
  const res = await mw("nianbao.newReport", [], created);
  assert.deepEqual(sent, [["nianbao.newReport", ["file:///r/2023.txt"]]]);
  assert.equal(res.uri, "file:///r/2024.txt");
  assert.equal(w.shown.at(-1).toString(), "file:///r/2024.txt");
  // The server could not create it: the text is shown in a new untitled document.
  const returned = async () => ({ uri: null, year: 2024, text: "2024年政府信息公开工作年度报告\n" });
  await mw("nianbao.newReport", [], returned);
  assert.deepEqual(w.shown.at(-1), { untitled: { content: "2024年政府信息公开工作年度报告\n", language: "plaintext" } });
});

test("a missing binary: one error message, no retry on every keystroke, retry after a settings change", async () => {
  const report = fakeDocument("/r/report.txt", REPORT);
  const w = world({ docs: [report], startFails: true });
  await activate(w);
  assert.equal(w.errors.length, 1);
  assert.match(w.errors[0], /nianbao\.server\.path/);
  for (let i = 0; i < 5; i++) await w.fire("change", { document: report });
  assert.equal(w.clients.length, 1, "not retried while typing");
  assert.equal(w.errors.length, 1);
  assert.equal(w.status.visible, false);

  w.startFails = false;
  w.settings["server.path"] = "/opt/nianbao";
  await w.fire("config", { affectsConfiguration: (s) => s === "nianbao.server.path" });
  assert.equal(w.clients.length, 2);
  assert.equal(w.clients[1].serverOptions.command, "/opt/nianbao");
  assert.ok(w.clients[1].started);
  assert.ok(w.status.visible);
});

test("changing nianbao.server.path restarts a running server; other settings do not", async () => {
  const w = world({ docs: [fakeDocument("/r/report.txt", REPORT)] });
  await activate(w);
  await w.fire("config", { affectsConfiguration: (s) => s === "nianbao.locale" });
  assert.equal(w.clients.length, 1);
  await w.fire("config", { affectsConfiguration: (s) => s === "nianbao.server.path" });
  assert.equal(w.clients.length, 2);
  assert.ok(w.clients[0].stopped);
});
