// How long the dashboard of 10,000 reports takes to open in headless Chromium from file://
// (navigation → every chart drawn and the page ready), after `nianbao export` and
// `nianbao dashboard --db`. The reports are the fixtures under new titles, as benches/export.rs
// makes them (2,000 places × 5 years). Prints figures; asserts nothing.
//   node dashboard/bench.mjs            (after `cargo build --release`; NIANBAO_BIN to change)
//   NIANBAO_BENCH_REPORTS=1000 node dashboard/bench.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.NIANBAO_BIN || join(repo, 'target/release/nianbao');
const n = Number(process.env.NIANBAO_BENCH_REPORTS || 10000);
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-dash-bench-'));
const reports = join(tmp, 'reports');
mkdirSync(reports);
const fixtures = readdirSync(join(repo, 'tests/fixtures')).filter((f) => f.endsWith('.txt')).sort();
const bodies = fixtures.map((f) => {
  const t = readFileSync(join(repo, 'tests/fixtures', f), 'utf8');
  return t.slice(Math.max(0, t.indexOf('一、总体情况')));
});
const CHARS = [...'东南西北中上下前后左右金木水火土山川河湖江海林森田禾丰安平和康宁泰兴隆昌盛华荣光明清秀新旧长永福寿喜乐吉祥瑞云霞雨雪风春夏秋冬红黄青白紫绿蓝松柏桃李梅兰竹菊凤龙虎鹤鹿马牛羊鸡狗'];
const place = (i) => CHARS[i % CHARS.length] + CHARS[Math.floor(i / CHARS.length) % CHARS.length];
const organs = ['', '教育局', '财政局', '人民政府办公室'];
for (let i = 0; i < n; i++) {
  const p = Math.floor(i / 5);
  const title = `${place(Math.floor(p / organs.length))}县${organs[p % organs.length]}${2020 + (i % 5)}年政府信息公开工作年度报告\n\n`;
  writeFileSync(join(reports, `${String(i).padStart(5, '0')}.txt`), title + bodies[p % bodies.length]);
}
const run = (args) => {
  const t0 = Date.now();
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return Date.now() - t0;
};
const db = join(tmp, 'r.sqlite');
const tExport = run(['export', reports, '--db', db, '--no-progress']);
const tDash = run(['dashboard', '--db', db, '-o', join(tmp, 'out')]);
const size = statSync(join(tmp, 'out', 'index.html')).size;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const times = [];
for (let k = 0; k < 3; k++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const t0 = Date.now();
  await page.goto(pathToFileURL(join(tmp, 'out', 'index.html')).href);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
  times.push(Date.now() - t0);
  await page.close();
}
await browser.close();
console.log(`${n} reports: export ${(tExport / 1000).toFixed(2)} s, dashboard written ${(tDash / 1000).toFixed(2)} s (index.html ${(size / 1e6).toFixed(1)} MB), opened in Chromium in ${times.map((t) => `${t} ms`).join(', ')}`);
rmSync(tmp, { recursive: true, force: true });
