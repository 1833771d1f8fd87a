// End-to-end, cross-year: the real `nianbao lsp` driven with vscode-languageserver-protocol as
// VS Code drives it (utf-16 positions, workspace folders, file watching registered dynamically).
// Last year's report lies on disk next to this year's; the server finds it, publishes
// xy_carry_over with a related location in last year's file, and re-checks when that file
// changes on disk (workspace/didChangeWatchedFiles).
//
// NIANBAO_BIN names the binary (default: <repo>/target/debug/nianbao); skipped without it,
// except under CI.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import lsp from "vscode-languageserver-protocol";
import { startServer } from "./support/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.NIANBAO_BIN || resolve(here, "../../../target/debug/nianbao");
const fixtures = resolve(here, "../../../tests/fixtures");
const WAIT_MS = 15000;
const haveBin = existsSync(bin);
if (!haveBin && process.env.CI) {
  throw new Error(`nianbao binary not found at ${bin} (build it, or set NIANBAO_BIN)`);
}

/** 009 (2023) with its 四、结转下年度继续办理 自然人 cell set to `v`; the line index of that cell. */
function lastYear(v) {
  const lines = readFileSync(join(fixtures, "009_hongze_2023.txt"), "utf8").split("\n");
  const at = lines.findIndex((l) => l.includes("四、结转下年度继续办理")) + 1;
  assert.equal(lines[at], "\t0");
  lines[at] = `\t${v}`;
  return { text: lines.join("\n"), line: at };
}

describe("cross-year checks over the protocol (as VS Code)", { skip: !haveBin && `no binary at ${bin}` }, () => {
  let proc, conn, published, dir, lastPath, thisUri, carryLine;
  const registrations = [];

  /** The first publication for this year's report (from now on) that satisfies `pred`. */
  const publication = (pred) => published((p) => p.uri === thisUri && pred(p), WAIT_MS);
  const carryOver = (p) => p.diagnostics.filter((d) => d.code === "xy_carry_over");

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-xy-"));
    const last = lastYear(2);
    carryLine = last.line;
    lastPath = join(dir, "2023.txt");
    writeFileSync(lastPath, last.text);
    const thisPath = join(dir, "2024.txt");
    writeFileSync(thisPath, readFileSync(join(fixtures, "010_hongze_2024.txt"), "utf8"));
    thisUri = pathToFileURL(thisPath).href;
    ({ proc, conn, published } = startServer(bin));
    conn.onRequest(lsp.RegistrationRequest.type, (p) => {
      registrations.push(...p.registrations);
      return null;
    });
    conn.onRequest(lsp.ConfigurationRequest.type, (p) => p.items.map(() => null));
    conn.listen();
    await conn.sendRequest(lsp.InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "reports" }],
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true }, hover: { contentFormat: ["markdown"] } },
      },
    });
    await conn.sendNotification(lsp.InitializedNotification.type, {});
  });

  after(() => {
    conn?.dispose();
    if (proc && proc.exitCode === null) proc.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("publishes xy_carry_over with a related location in last year's file", async () => {
    const first = publication((p) => carryOver(p).length > 0);
    const text = readFileSync(join(fixtures, "010_hongze_2024.txt"), "utf8");
    await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri: thisUri, languageId: "plaintext", version: 1, text } });
    const p = await first;
    const [d] = carryOver(p);
    assert.equal(carryOver(p).length, 1);
    assert.equal(d.severity, lsp.DiagnosticSeverity.Error);
    // 010's line 33: 二、上年结转政府信息公开申请数量 TAB TAB TAB 0 …: the 自然人 cell.
    const row = text.split("\n")[32];
    assert.ok(row.startsWith("二、上年结转"));
    assert.deepEqual(d.range.start, { line: 32, character: row.indexOf("\t\t\t") + 3 });
    const [rel] = d.relatedInformation;
    assert.equal(rel.location.uri, pathToFileURL(lastPath).href);
    assert.deepEqual(rel.location.range.start, { line: carryLine, character: 1 });
  });

  it("hovers 上年结转 with last year's value", async () => {
    const row = readFileSync(join(fixtures, "010_hongze_2024.txt"), "utf8").split("\n")[32];
    const h = await conn.sendRequest(lsp.HoverRequest.type, { textDocument: { uri: thisUri }, position: { line: 32, character: row.indexOf("\t\t\t") + 3 } });
    const value = h.contents.value ?? String(h.contents);
    assert.match(value, /结转下年度/);
    assert.match(value, /2023\.txt/);
  });

  it("registers file watching and re-checks when last year's file changes on disk", async () => {
    assert.ok(registrations.some((r) => r.method === "workspace/didChangeWatchedFiles"), JSON.stringify(registrations));
    const cleared = publication((p) => carryOver(p).length === 0);
    writeFileSync(lastPath, lastYear(0).text);
    await conn.sendNotification(lsp.DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(lastPath).href, type: lsp.FileChangeType.Changed }] });
    await cleared;
    const back = publication((p) => carryOver(p).length === 1);
    writeFileSync(lastPath, lastYear(2).text);
    await conn.sendNotification(lsp.DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(lastPath).href, type: lsp.FileChangeType.Changed }] });
    await back;
  });
});
