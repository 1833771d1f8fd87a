// Unit tests of the client's own logic (no VS Code needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { looksLikeReport, looksLikeHtmlReport, isNianbaoFile, isReportDocument } = require("../out/report.js");
const { commandArguments, newReportAction, FILL_ALL_TOTALS, NEW_REPORT } = require("../out/commands.js");
const { resolveServerPath } = require("../out/serverPath.js");
const { statusText, serverSettings } = require("../out/status.js");

test("report detection", () => {
  assert.equal(looksLikeReport("淄川区招商局\n2020年政府信息公开工作年度报告\n一、总体情况"), true);
  assert.equal(looksLikeReport("购物清单\n苹果"), false);
  assert.equal(looksLikeReport("\r\n".repeat(40) + "2020年政府信息公开工作年度报告"), false, "only the first lines count");
  assert.equal(isNianbaoFile("/a/b/report.NIANBAO.txt"), true);
  assert.equal(isNianbaoFile("/a/b/report.txt"), false);
  assert.equal(looksLikeReport("# 2023年政府信息公开工作年报\n"), true, "Markdown title, 年报");
  assert.equal(looksLikeReport("政府信息公开\n".repeat(5)), false, "needs 年度报告 too");
});

test("which documents are checked", () => {
  const report = () => "某某局2023年政府信息公开工作年度报告";
  const other = () => "会议纪要";
  let read = false;
  assert.equal(isReportDocument("nianbao", "/a/x.txt", () => ((read = true), "")), true);
  assert.equal(read, false, "a nianbao document is not read");
  assert.equal(isReportDocument("plaintext", "/a/x.nianbao.txt", other), true);
  assert.equal(isReportDocument("plaintext", "/a/x.txt", report), true);
  assert.equal(isReportDocument("markdown", "/a/x.md", report), true);
  assert.equal(isReportDocument("plaintext", "/a/x.txt", other), false);
  assert.equal(isReportDocument("python", "/a/x.py", report), false, "only plaintext, Markdown and HTML are sniffed");
  const page = () => "<html><head><script>" + "x".repeat(5000) + "</script></head><body><h1>某某局2023年政府信息<b>公开</b>工作年度报告</h1>";
  assert.equal(isReportDocument("html", "/a/x.html", () => "<html>", () => "<title>政府信息公开工作年度报告</title>"), true);
  assert.equal(isReportDocument("html", "/a/x.html", () => "", () => "<p>会议纪要</p>"), false);
  assert.equal(looksLikeHtmlReport(page().replace("<b>公开</b>", "公开")), true, "title after a long script");
  assert.equal(looksLikeHtmlReport("<p>政府信息公开</p>" + " ".repeat(70000) + "<p>年度报告</p>"), false, "only the page's start counts");
});

test("fill-all command arguments", () => {
  assert.equal(FILL_ALL_TOTALS, "nianbao.fillAllTotals");
  assert.deepEqual(commandArguments(FILL_ALL_TOTALS, [], "file:///r.txt"), ["file:///r.txt"], "palette: the active document");
  assert.deepEqual(commandArguments(FILL_ALL_TOTALS, ["file:///a.txt"], "file:///r.txt"), ["file:///a.txt"], "an explicit URI wins");
  assert.equal(commandArguments(FILL_ALL_TOTALS, [], undefined), null, "no document, nothing to send");
  assert.deepEqual(commandArguments("other.command", [1], "file:///r.txt"), [1]);
});

test("new-report command arguments and result", () => {
  assert.equal(NEW_REPORT, "nianbao.newReport");
  assert.deepEqual(commandArguments(NEW_REPORT, [], "file:///r/2023.txt"), ["file:///r/2023.txt"], "palette: last year's is the active document");
  assert.deepEqual(commandArguments(NEW_REPORT, [{ uri: "file:///a.txt", year: 2025 }], "file:///r.txt"), [{ uri: "file:///a.txt", year: 2025 }]);
  assert.equal(commandArguments(NEW_REPORT, [], undefined), null);
  assert.deepEqual(newReportAction({ uri: "file:///r/2024.txt", year: 2024 }), { open: "file:///r/2024.txt" });
  assert.deepEqual(newReportAction({ uri: "file:///r/2024.txt", year: 2024, text: "2024年…" }), { show: "2024年…" }, "not created: show the text");
  assert.equal(newReportAction(null), null);
});

test("server path: setting, then bundled, then PATH", () => {
  const base = { extensionPath: "/ext", platform: "linux", exists: () => false };
  assert.equal(resolveServerPath({ ...base, setting: " /opt/nb " }), "/opt/nb");
  assert.equal(resolveServerPath({ ...base, setting: "", exists: (p) => p === "/ext/server/nianbao" }), "/ext/server/nianbao");
  assert.equal(resolveServerPath({ ...base, setting: "" }), "nianbao");
  assert.equal(resolveServerPath({ ...base, setting: "", platform: "win32" }), "nianbao.exe");
});

test("status text", () => {
  const info = { isReport: true, template: "2021", year: 2023, errors: 2, warnings: 1 };
  assert.equal(statusText(info, "zh"), "$(checklist) 2023年度 · 2021版模板 · 2 错误 1 警告");
  assert.equal(statusText(info, "en"), "$(checklist) 2023 · 2021 template · 2 errors, 1 warnings");
  assert.equal(statusText({ ...info, isReport: false }, "zh"), null);
  assert.equal(statusText(null, "zh"), null);
  assert.deepEqual(serverSettings(() => undefined), { locale: "zh", template: "auto", rules: {}, inlayHints: { cellLabels: true }, crossYear: true });
  assert.equal(serverSettings((k) => (k === "crossYear" ? false : undefined)).crossYear, false);
  assert.deepEqual(serverSettings((k) => (k === "inlayHints.cellLabels" ? false : undefined)).inlayHints, { cellLabels: false });
});
