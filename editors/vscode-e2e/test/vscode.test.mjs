// The packaged extension in a real VS Code: code-server (VS Code for the browser) with the .vsix
// installed, driven through Debian's Chromium by playwright-core, as a person would use it:
// Quick Open, keyboard shortcuts, the Problems indicator, hovers, the light bulb, the command
// palette, the status bar and the Settings editor. Each step is a test; after a failure the
// later steps are skipped and the screenshots of every step so far are kept in
// editors/vscode-e2e/screenshots/ (NIANBAO_E2E_SHOTS to put them elsewhere;
// NIANBAO_E2E_KEEP_SHOTS=1 keeps them after a pass too).
//
//   NIANBAO_VSIX   the .vsix to install (required; run.sh packages one)
//   NIANBAO_BIN    the nianbao binary, to compute the expected fixed file (`nianbao fix`)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const vsix = process.env.NIANBAO_VSIX;
const bin = process.env.NIANBAO_BIN || join(repo, "target/debug/nianbao");
const shotsOut = process.env.NIANBAO_E2E_SHOTS || resolve(here, "../screenshots");
const codeServer = resolve(here, "../node_modules/code-server/out/node/entry.js");
const fixture = join(repo, "tests/fixtures/009_hongze_2023.txt");
const WAIT = 30_000;
// Chromium as the Known-to-work notes of our machines start it: no background network, which
// the closed network here would refuse many times over.
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

assert.ok(vsix, "NIANBAO_VSIX must name the packaged extension (editors/vscode-e2e/run.sh sets it)");

const tmp = mkdtempSync(join(tmpdir(), "nianbao-vscode-e2e-"));
const shots = join(tmp, "shots");
const workspace = join(tmp, "workspace");
let server, browser, page, port;
let failed = false;
let shotCount = 0;
const serverLog = [];

async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });
}

function codeServerArgs(dataDir) {
  return [
    codeServer, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
    "--disable-getting-started-override", "--config", join(dataDir, "config.yaml"), "--user-data-dir", join(dataDir, "user"), "--extensions-dir", join(dataDir, "extensions"),
  ];
}

async function shot(name) {
  shotCount += 1;
  const file = join(shots, `${String(shotCount).padStart(2, "0")}-${name.replace(/[^\w\u4e00-\u9fff-]+/g, "_")}.png`);
  await page?.screenshot({ path: file }).catch(() => {});
}

/** One step of the walk-through, as a test; skipped once an earlier step failed. */
function step(name, fn) {
  test(name, async (t) => {
    if (failed) {
      t.skip("an earlier step failed");
      return;
    }
    try {
      await fn();
      await shot(name);
    } catch (e) {
      failed = true;
      await shot(`${name}-FAILED`);
      throw e;
    }
  });
}

/** The text of the status-bar items. */
async function statusItems() {
  return page.locator("footer .statusbar-item").allInnerTexts();
}

/** The nianbao status-bar item (year · template · problems), or null. */
async function nianbaoStatus() {
  const items = await statusItems();
  return items.find((s) => /年度|模板|template/.test(s)) ?? null;
}

async function waitFor(what, fn, timeout = WAIT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) {
      return last;
    }
    if (Date.now() > end) {
      assert.fail(`timed out waiting for ${what} (status bar: ${JSON.stringify(await statusItems().catch(() => []))})`);
    }
    await page.waitForTimeout(250);
  }
}

/** Errors and warnings from the Problems indicator in the status bar. */
async function problemCounts() {
  const text = await page.locator("footer [id='status.problems']").first().innerText();
  const nums = text.match(/\d+/g)?.map(Number) ?? [];
  return { errors: nums[0], warnings: nums[1] };
}

async function quickOpen(file) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(file);
  // The focused row, not any row: the recently-opened list shows before the filter applies.
  await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: file }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tab.active", { hasText: file }).waitFor();
}

/** Run a command by its title from the command palette (F1). */
async function palette(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  // The palette has answered once it lists commands or says that none match.
  const widget = page.locator(".quick-input-widget");
  await waitFor("the command palette's answer", async () =>
    (await widget.locator(".quick-input-list .monaco-list-row").count()) > 0 || /No matching commands/.test(await widget.innerText()));
  return page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  mkdirSync(workspace);
  copyFileSync(fixture, join(workspace, "hongze_2023.txt"));
  // This year's report (010, 2024) says 3 natural persons were carried in; last year's
  // (hongze_2023.txt) carried 0 over: a cross-year error, with a link into last year's file.
  const thisYear = readFileSync(join(repo, "tests/fixtures/010_hongze_2024.txt"), "utf8")
    .split("\n")
    .map((l) => (l.startsWith("二、上年结转") ? l.replace(/\t0\t0\t0\t0\t0\t0\t0$/, "\t3\t0\t0\t0\t0\t0\t3") : l))
    .join("\n");
  assert.match(thisYear, /二、上年结转政府信息公开申请数量\t+3\t/);
  writeFileSync(join(workspace, "hongze_2024.txt"), thisYear);
  writeFileSync(join(workspace, "notes.txt"), "会议纪要\n\n本周讨论了办公室搬迁，表一 合计 3 项。\n");
  // Another agency's report with table 4 pasted from a PDF (space-padded): Format Document.
  copyFileSync(join(repo, "tests/fmt/pasted_t4.txt"), join(workspace, "pasted_t4.txt"));
  const dataDir = join(tmp, "data");
  // Settings written before the start (code-server does not reread settings.json edited on disk
  // while it runs): no welcome page, tips, trust prompt, telemetry or update checks.
  mkdirSync(join(dataDir, "user/User"), { recursive: true });
  writeFileSync(join(dataDir, "user/User/settings.json"), JSON.stringify({
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "chat.commandCenter.enabled": false,
    "editor.hover.delay": 200,
    "editor.lightbulb.enabled": "on",
    "files.autoSave": "off",
    "window.commandCenter": false,
  }, null, 2));
  execFileSync(process.execPath, [...codeServerArgs(dataDir), "--install-extension", vsix], { stdio: "pipe" });

  port = await freePort();
  server = spawn(process.execPath, [...codeServerArgs(dataDir), "--bind-addr", `127.0.0.1:${port}`, workspace], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => serverLog.push(String(d)));
  server.stderr.on("data", (d) => serverLog.push(String(d)));
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`code-server did not start:\n${serverLog.join("")}`)), WAIT);
    const check = (d) => {
      if (String(d).includes("HTTP server listening")) {
        clearTimeout(timer);
        ok();
      }
    };
    server.stdout.on("data", check);
    server.stderr.on("data", check);
    server.once("exit", (code) => fail(new Error(`code-server exited (${code}):\n${serverLog.join("")}`)));
  });

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, locale: "zh-CN" });
  page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench .part.editor").waitFor({ timeout: 60_000 });
  await page.locator("footer [id='status.problems']").waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.kill();
  if (failed || process.env.NIANBAO_E2E_KEEP_SHOTS) {
    rmSync(shotsOut, { recursive: true, force: true });
    cpSync(shots, shotsOut, { recursive: true });
    console.log(`screenshots of the steps: ${shotsOut}\ncode-server's log:\n${serverLog.join("").slice(-4000)}`);
  }
  rmSync(tmp, { recursive: true, force: true });
});

step("a non-report .txt: the extension does not start the server", async () => {
  await quickOpen("notes.txt");
  await page.waitForTimeout(3000);
  assert.equal(await nianbaoStatus(), null, "no nianbao status-bar item on a non-report");
  const { errors, warnings } = await problemCounts();
  assert.deepEqual([errors, warnings], [0, 0]);
  // The fill-all command is offered only once the server runs.
  const row = await palette("填写全部总计");
  assert.equal(await row.count(), 0, "fill-all is not in the command palette before a report is opened");
  await page.keyboard.press("Escape");
});

step("a plain .txt report: the server starts, the status bar shows year, template and problems", async () => {
  await quickOpen("hongze_2023.txt");
  const text = await waitFor("the nianbao status-bar item", async () => {
    const s = await nianbaoStatus();
    return s && /2 错误/.test(s) ? s : null;
  });
  assert.match(text, /2023年度/);
  assert.match(text, /2021版模板/);
  assert.match(text, /2 错误 2 警告/);
});

step("the Problems indicator counts 2 errors and 2 warnings", async () => {
  const { errors, warnings } = await waitFor("problem counts", async () => {
    const c = await problemCounts();
    return c.errors === 2 ? c : null;
  });
  assert.deepEqual([errors, warnings], [2, 2]);
});

step("squiggles and the hover's equation on the first wrong total", async () => {
  // F8: go to the next problem (the first t4_total error, line 354), then close its peek.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("F8");
  await page.locator(".marker-widget").waitFor();
  await page.keyboard.press("Escape");
  await page.locator(".monaco-editor .squiggly-error").first().waitFor();
  assert.ok((await page.locator(".monaco-editor .squiggly-error").count()) >= 1);
  // Show the hover at the cursor (Ctrl+K Ctrl+I).
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  const hover = page.locator(".monaco-hover:visible").first();
  await hover.waitFor();
  const text = await hover.innerText();
  assert.match(text, /总计/);
  assert.match(text, /11/);
  assert.match(text, /结果维持 10/);
  await page.keyboard.press("Escape");
});

step("the quick fix 将总计改为 11 is applied", async () => {
  await page.keyboard.press("Control+.");
  await page.locator(".action-widget .monaco-list-row", { hasText: "将总计改为 11" }).first().waitFor();
  await shot("quick-fix-menu");
  // Keyboard, as the menu's own hint says (Enter to Apply): move to the fix, then Enter.
  for (let i = 0; i < 5; i++) {
    const focused = await page.locator(".action-widget .monaco-list-row.focused").first().innerText().catch(() => "");
    if (focused.includes("将总计改为 11")) {
      break;
    }
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  const { errors } = await waitFor("one error left", async () => {
    const c = await problemCounts();
    return c.errors === 1 ? c : null;
  });
  assert.equal(errors, 1);
  await waitFor("status bar with 1 error", async () => /1 错误/.test((await nianbaoStatus()) ?? ""));
});

step("fill-all from the command palette fills the other total", async () => {
  const row = await palette("填写全部总计");
  await row.waitFor();
  await page.keyboard.press("Enter");
  await waitFor("no errors", async () => (await problemCounts()).errors === 0);
  await waitFor("status bar with 0 errors", async () => /0 错误/.test((await nianbaoStatus()) ?? ""));
});

step("fill-all from the status-bar item (after undoing the palette's fill)", async () => {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Z");
  await waitFor("the error back after undo", async () => (await problemCounts()).errors === 1);
  await page.locator("footer .statusbar-item", { hasText: /年度/ }).first().click();
  await waitFor("no errors", async () => (await problemCounts()).errors === 0);
});

step("save writes only the changed cells (the file equals `nianbao fix` of the original)", async () => {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+S");
  await waitFor("the tab to be saved", async () => (await page.locator(".tab.active.dirty").count()) === 0);
  const expected = join(tmp, "expected.txt");
  copyFileSync(fixture, expected);
  try {
    execFileSync(bin, ["fix", expected], { stdio: "pipe" });
  } catch (e) {
    assert.fail(`nianbao fix failed: ${e}`);
  }
  const saved = readFileSync(join(workspace, "hongze_2023.txt"));
  const original = readFileSync(fixture);
  assert.notDeepEqual(saved, original, "the saved file changed");
  assert.ok(saved.equals(readFileSync(expected)), "the saved file is the original with only the two totals filled");
});

/** Put the cursor at 1-based `line`, `column` with Go to Line (Quick Open's `:line:column`; the
 * browser keeps Ctrl+G for itself). */
async function goTo(line, column) {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await waitFor(`the cursor on line ${line}`, async () => new RegExp(`(行|Ln) ${line}[,，]`).test(await page.locator("footer").innerText()));
}

/** This year's report as written in the workspace, and the 1-based line and UTF-16 column of `needle` in it. */
function whereIn(file, needle) {
  const lines = readFileSync(join(workspace, file), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1, lines };
}

step("the narrative quick fix: 「受理…申请 17 件」 becomes the table's 95", async () => {
  await quickOpen("hongze_2024.txt");
  const { line, column } = whereIn("hongze_2024.txt", "申请 17 件");
  await waitFor("the narrative warning on the 17", async () => (await page.locator(".monaco-editor .squiggly-warning").count()) > 0);
  await goTo(line, column + "申请 ".length);
  await page.keyboard.press("Control+.");
  const fix = page.locator(".action-widget .monaco-list-row", { hasText: "将正文数字改为统计表的 95" }).first();
  await fix.waitFor();
  await shot("narrative-quick-fix-menu");
  for (let i = 0; i < 8; i++) {
    const focused = await page.locator(".action-widget .monaco-list-row.focused").first().innerText().catch(() => "");
    if (focused.includes("将正文数字改为统计表的 95")) {
      break;
    }
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  // Monaco renders spaces as no-break spaces: \s matches both.
  await waitFor("the sentence with 95", async () => /受理政府信息公开申请\s95\s件/.test(await page.locator(".monaco-editor .view-lines").first().innerText()));
  await waitFor("one warning fewer", async () => /2 错误 2 警告/.test((await nianbaoStatus()) ?? ""));
});

step("F12 on the narrative number lands on its table cell (表三 一、本年新收 · 总计)", async () => {
  const { line, column, lines } = whereIn("hongze_2024.txt", "申请 17 件");
  await goTo(line, column + "申请 ".length);
  await page.keyboard.press("F12");
  // The row 「一、本年新收政府信息公开申请数量…95」 (the status bar's column counts tabs as
  // their width, so the line is what is compared).
  const target = lines.findIndex((l) => l.startsWith("一、本年新收")) + 1;
  await waitFor(`the cursor on line ${target}`, async () => new RegExp(`(行|Ln) ${target}[,，]`).test(await page.locator("footer").innerText()));
});

step("completion offers the missing row label 2.重复申请", async () => {
  // The row is 「\t\t2.重复申请\t0\t…」: the label after the group's two empty cells.
  const { line } = whereIn("hongze_2024.txt", "2.重复申请");
  await goTo(line, 3);
  await page.keyboard.press("Shift+End");
  await page.keyboard.type("2.重");
  await page.keyboard.press("Control+Space");
  const item = page.locator(".suggest-widget .monaco-list-row", { hasText: "2.重复申请" }).first();
  await item.waitFor();
  await shot("completion-missing-row");
  await page.keyboard.press("Enter");
  await waitFor("the completed label", async () => (await page.locator(".monaco-editor .view-line", { hasText: /^\s*2\.重复申请$/ }).count()) > 0);
  // Back to the report as it was: the typed line and the narrative fix undone.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Control+Z");
  }
  await waitFor("the tab clean again", async () => (await page.locator(".tab.active.dirty").count()) === 0);
  // Closed, so that the Problems panel lists last year's report alone again.
  await page.keyboard.press("Control+W");
  await waitFor("hongze_2024.txt closed", async () => (await page.locator(".tab", { hasText: "hongze_2024.txt" }).count()) === 0);
});

step("Format Document turns a space-padded pasted table into TAB rows, findings unchanged", async () => {
  // The counts `nianbao check` gives the file, shown before and after formatting.
  let report;
  try {
    report = JSON.parse(execFileSync(bin, ["check", "--format", "json", join(workspace, "pasted_t4.txt")], { encoding: "utf8" }));
  } catch (e) {
    report = JSON.parse(e.stdout); // exit 1: the file has errors
  }
  const count = (sev) => report[0].findings.filter((f) => f.severity === sev).length;
  const counts = `${count("error")} 错误 ${count("warning")} 警告`;
  await quickOpen("pasted_t4.txt");
  const before = await waitFor(`the status with ${counts}`, async () => {
    const s = await nianbaoStatus();
    return s && s.includes(counts) ? s : null;
  });
  await page.locator(".monaco-editor .view-lines").first().click();
  // From the palette: the browser takes Shift+Alt+F for its File menu.
  const format = await palette("Format Document");
  await format.waitFor();
  await page.keyboard.press("Enter");
  await waitFor("the tab to change", async () => (await page.locator(".tab.active.dirty").count()) === 1);
  await shot("formatted-table");
  await page.keyboard.press("Control+S");
  await waitFor("the tab to be saved", async () => (await page.locator(".tab.active.dirty").count()) === 0);
  const saved = readFileSync(join(workspace, "pasted_t4.txt"), "utf8");
  assert.equal(saved, readFileSync(join(repo, "tests/fmt/pasted_t4.formatted.txt"), "utf8"));
  await waitFor("the same findings", async () => (await nianbaoStatus()) === before);
  await page.keyboard.press("Control+W");
  await waitFor("pasted_t4.txt closed", async () => (await page.locator(".tab", { hasText: "pasted_t4.txt" }).count()) === 0);
});

step("nianbao.locale switched to English in the Settings editor", async () => {
  await page.keyboard.press("Control+Comma");
  const search = page.locator(".settings-editor .suggest-input-container .monaco-editor textarea, .settings-editor .search-container textarea").first();
  await search.waitFor();
  await search.fill("nianbao.locale");
  const setting = page.locator(".settings-editor .setting-item-enum", { hasText: /locale/i }).first();
  await setting.waitFor();
  await setting.locator("select").selectOption("en");
  await page.locator(".tab", { hasText: "hongze_2023.txt" }).first().click();
  await page.locator(".tab.active", { hasText: "hongze_2023.txt" }).waitFor();
  const text = await waitFor("the English status bar", async () => {
    const s = await nianbaoStatus();
    return s && /template/.test(s) ? s : null;
  });
  assert.match(text, /2023 · 2021 template · 0 errors, 2 warnings/);
  // The server's messages too: the Problems panel lists the warnings in English.
  await page.keyboard.press("Control+Shift+M");
  const problems = page.locator(".markers-panel");
  await problems.waitFor();
  await waitFor("English messages in the Problems panel", async () => /In the 2021 template/.test(await problems.innerText()));
  assert.doesNotMatch(await problems.innerText(), /2021年模板中/);
});

step("cross-year: this year's 上年结转 against last year's report, with a link into that file", async () => {
  await quickOpen("hongze_2024.txt");
  const problems = page.locator(".markers-panel");
  if (!(await problems.isVisible())) {
    await page.keyboard.press("Control+Shift+M");
  }
  await problems.waitFor();
  await waitFor("xy_carry_over in the Problems panel", async () => /xy_carry_over/.test(await problems.innerText()));
  // The related location: a row under the problem naming last year's file.
  const related = problems.locator(".monaco-list-row", { has: page.locator(".related-info-resource", { hasText: "hongze_2023.txt" }) }).first();
  await related.waitFor();
  await shot("cross-year-problems");
  await related.click();
  await page.keyboard.press("Enter");
  await page.locator(".tab.active", { hasText: "hongze_2023.txt" }).waitFor();
  // The cursor is on last year's 四、结转下年度继续办理 自然人 cell (one cell a line).
  const lines = readFileSync(fixture, "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes("四、结转下年度继续办理")) + 2;
  await waitFor(`the cursor on line ${line}`, async () => new RegExp(`(行|Ln) ${line}[,，]`).test(await page.locator("footer").innerText()));
});

step("新建下一年度报告 from the palette: next year's report beside last year's, carried over", async () => {
  await quickOpen("hongze_2023.txt");
  const row = await palette("新建下一年度报告");
  await row.waitFor();
  await page.keyboard.press("Enter");
  // hongze_2024.txt exists: the new report is hongze_2024-2.txt.
  await page.locator(".tab.active", { hasText: "hongze_2024-2.txt" }).waitFor({ timeout: WAIT });
  await shot("new-report");
  await page.keyboard.press("Control+S");
  await waitFor("the new report saved", async () => (await page.locator(".tab.active.dirty").count()) === 0);
  // The same text as `nianbao new --from` last year's report gives: title, headings, tables,
  // 二、上年结转 = last year's 四、结转下年度继续办理.
  const expected = execFileSync(bin, ["new", "--from", join(workspace, "hongze_2023.txt")], { encoding: "utf8" });
  const made = readFileSync(join(workspace, "hongze_2024-2.txt"), "utf8");
  assert.equal(made, expected);
  assert.match(made.split("\n")[1], /^2024 年政府信息公开工作年度报告/);
  // One cell a line (009's layout A): the seven figures after each label.
  const cellsAfter = (text, label) => {
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.includes(label));
    assert.ok(at >= 0, `${label} not found`);
    return lines.slice(at + 1).map((l) => l.trim()).filter((l) => l !== "").slice(0, 7);
  };
  const carried = cellsAfter(made, "二、上年结转政府信息公开申请数量");
  assert.deepEqual(carried, cellsAfter(readFileSync(join(workspace, "hongze_2023.txt"), "utf8"), "四、结转下年度继续办理"));
  assert.equal(carried.length, 7);
});
