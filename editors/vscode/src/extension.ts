// The VS Code extension: starts `nianbao lsp` for report-like plaintext/Markdown documents and
// `nianbao` documents, shows the report's year, template and problem count in the status bar,
// and offers the command `nianbao: 填写全部总计`.

import * as fs from "node:fs";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, ExecuteCommandRequest } from "vscode-languageclient/node";
import { looksLikeReport, isNianbaoFile } from "./report";
import { resolveServerPath } from "./serverPath";
import { ReportInfo, serverSettings, statusText } from "./status";

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

function isReport(doc: vscode.TextDocument): boolean {
  if (doc.languageId === "nianbao" || isNianbaoFile(doc.fileName)) {
    return true;
  }
  return (doc.languageId === "plaintext" || doc.languageId === "markdown") && looksLikeReport(doc.getText());
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    return;
  }
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
    ],
    initializationOptions: serverSettings((k) => cfg.get(k)),
    synchronize: { configurationSection: "nianbao" },
  };
  client = new LanguageClient("nianbao", "nianbao", serverOptions, clientOptions);
  await client.start();
}

async function updateStatus(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!status || !client || !editor || !isReport(editor.document)) {
    status?.hide();
    return;
  }
  try {
    const info = await client.sendRequest<ReportInfo>("nianbao/reportInfo", { textDocument: { uri: editor.document.uri.toString() } });
    const text = statusText(info, vscode.workspace.getConfiguration("nianbao").get<string>("locale") ?? "zh");
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
  status.command = "nianbao.fillAllTotalsInEditor";
  status.tooltip = "nianbao：点击填写全部总计";
  context.subscriptions.push(status);

  const maybeStart = async (doc: vscode.TextDocument) => {
    if (isReport(doc)) {
      await start(context);
      await updateStatus();
    }
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(maybeStart),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    vscode.languages.onDidChangeDiagnostics(() => void updateStatus()),
    vscode.commands.registerCommand("nianbao.fillAllTotalsInEditor", async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        return;
      }
      await start(context);
      await client?.sendRequest(ExecuteCommandRequest.type, { command: "nianbao.fillAllTotals", arguments: [editor.document.uri.toString()] });
    }),
  );
  for (const doc of vscode.workspace.textDocuments) {
    await maybeStart(doc);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
