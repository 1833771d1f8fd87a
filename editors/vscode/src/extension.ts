// The VS Code extension: starts `nianbao lsp` for report-like plaintext/Markdown/HTML documents and
// `nianbao` documents, shows the report's year, template and problem count in the status bar,
// and offers the commands `nianbao: 填写全部总计` (`nianbao.fillAllTotals`) and `nianbao: 新建下一年度报告`
// (`nianbao.newReport`: next year's report from the active one, created beside it and opened).

import * as fs from "node:fs";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { FILL_ALL_TOTALS, NEW_REPORT, commandArguments, newReportAction } from "./commands";
import { HEAD_LINES, HTML_HEAD_CHARS, isReportDocument } from "./report";
import { resolveServerPath } from "./serverPath";
import { ReportInfo, serverSettings, statusText } from "./status";

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient | undefined> | undefined;
/** The last start failed (e.g. no binary): not retried on every keystroke, only after a settings change. */
let startFailed = false;
let status: vscode.StatusBarItem | undefined;

function isReport(doc: vscode.TextDocument): boolean {
  const head = () => doc.getText(new vscode.Range(0, 0, Math.min(HEAD_LINES, doc.lineCount), 0));
  const page = () => doc.getText().slice(0, HTML_HEAD_CHARS);
  return isReportDocument(doc.languageId, doc.fileName, head, page);
}

function locale(): string {
  return vscode.workspace.getConfiguration("nianbao").get<string>("locale") ?? "zh";
}

async function startClient(context: vscode.ExtensionContext): Promise<LanguageClient | undefined> {
  const cfg = vscode.workspace.getConfiguration("nianbao");
  const command = resolveServerPath({
    setting: cfg.get<string>("server.path") ?? "",
    extensionPath: context.extensionPath,
    platform: process.platform,
    exists: (p) => fs.existsSync(p),
  });
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "nianbao" },
      { language: "plaintext", scheme: "file" },
      { language: "markdown", scheme: "file" },
      { language: "plaintext", scheme: "untitled" },
      { language: "markdown", scheme: "untitled" },
      { language: "html", scheme: "file" },
    ],
    initializationOptions: serverSettings((k) => cfg.get(k)),
    // The server re-pulls the `nianbao` section (workspace/configuration) when it changes.
    synchronize: { configurationSection: "nianbao" },
    middleware: {
      // The client registers the server's `nianbao.fillAllTotals` as a VS Code command; run from
      // the command palette or the status bar it gets no URI, so fill the active document.
      executeCommand: async (cmd, args, next) => {
        const uri = vscode.window.activeTextEditor?.document.uri.toString();
        const actual = commandArguments(cmd, args, uri);
        if (actual === null) {
          void vscode.window.showInformationMessage(locale() === "en" ? "nianbao: open a report first" : "nianbao：请先打开一份年度报告");
          return undefined;
        }
        const result = await next(cmd, actual);
        if (cmd === NEW_REPORT) {
          await openNewReport(result);
        }
        return result;
      },
    },
  };
  const c = new LanguageClient("nianbao", "nianbao", serverOptions, clientOptions);
  try {
    await c.start();
  } catch (e) {
    const hint = locale() === "en" ? "set nianbao.server.path" : "请设置 nianbao.server.path";
    void vscode.window.showErrorMessage(`nianbao: ${command} lsp — ${String(e)} (${hint})`);
    startFailed = true;
    return undefined;
  }
  await vscode.commands.executeCommand("setContext", "nianbao.serverRunning", true);
  return c;
}

/**
 * Show next year's report after `nianbao.newReport`: the server creates it with a
 * workspace/applyEdit sent after its answer, so wait (up to 10 s) for the file or its document;
 * when the server returned the text instead, show it in a new untitled document.
 */
async function openNewReport(result: unknown): Promise<void> {
  const action = newReportAction(result);
  if (!action) {
    return;
  }
  if ("show" in action) {
    const doc = await vscode.workspace.openTextDocument({ content: action.show, language: "plaintext" });
    await vscode.window.showTextDocument(doc);
    return;
  }
  const uri = vscode.Uri.parse(action.open);
  for (let waited = 0; waited < 10000; waited += 100) {
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()) || fs.existsSync(uri.fsPath)) {
      await vscode.window.showTextDocument(uri);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Start the client once; concurrent callers share the start. */
async function ensureStarted(context: vscode.ExtensionContext): Promise<LanguageClient | undefined> {
  if (client || startFailed) {
    return client;
  }
  if (!starting) {
    starting = startClient(context).then((c) => {
      client = c;
      starting = undefined;
      return c;
    });
  }
  return starting;
}

async function updateStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!status || !client || !editor || !isReport(editor.document)) {
    status?.hide();
    return;
  }
  try {
    const info = await client.sendRequest<ReportInfo>("nianbao/reportInfo", { textDocument: { uri: editor.document.uri.toString() } });
    const text = statusText(info, locale());
    if (text) {
      status.text = text;
      status.show();
    } else {
      status.hide();
    }
  } catch {
    status.hide();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.command = FILL_ALL_TOTALS;
  status.tooltip = "nianbao：点击填写全部总计";
  context.subscriptions.push(status);

  const maybeStart = async (doc: vscode.TextDocument) => {
    if (isReport(doc)) {
      await ensureStarted(context);
      await updateStatus();
    }
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => void maybeStart(doc)),
    // A new or pasted document may become a report while it is edited.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!client && e.document.lineCount > 0) {
        void maybeStart(e.document);
      }
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    // Another server binary: restart. (Other settings reach the running server by themselves.)
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("nianbao.server.path")) {
        return;
      }
      startFailed = false;
      const old = client;
      client = undefined;
      await old?.stop();
      for (const doc of vscode.workspace.textDocuments) {
        await maybeStart(doc);
      }
    }),
    vscode.languages.onDidChangeDiagnostics(() => void updateStatus()),
  );
  for (const doc of vscode.workspace.textDocuments) {
    await maybeStart(doc);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
