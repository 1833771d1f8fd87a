// Unit tests of the client's own logic (no VS Code needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { looksLikeReport, isNianbaoFile } = require("../out/report.js");
const { resolveServerPath } = require("../out/serverPath.js");
const { statusText, serverSettings } = require("../out/status.js");

test("report detection", () => {
  assert.equal(looksLikeReport("淄川区招商局\n2020年政府信息公开工作年度报告\n一、总体情况"), true);
  assert.equal(looksLikeReport("购物清单\n苹果"), false);
  assert.equal(looksLikeReport("\r\n".repeat(40) + "2020年政府信息公开工作年度报告"), false, "only the first lines count");
  assert.equal(isNianbaoFile("/a/b/report.NIANBAO.txt"), true);
  assert.equal(isNianbaoFile("/a/b/report.txt"), false);
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
  assert.deepEqual(serverSettings(() => undefined), { locale: "zh", template: "auto", rules: {} });
});
