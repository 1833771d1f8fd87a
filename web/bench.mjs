// Times the page's checker (web/build/, the same wasm) in Node on a 1 MB report made of the
// fixtures: the first check (cold: V8 still compiling the wasm, regexes being built), later
// full checks, and a keystroke re-check with the incremental document. Not part of the tests.
//   bash web/test.sh   (builds web/build/), then   node web/bench.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Checker, initSync } from './build/nianbao_web.js';

const here = dirname(fileURLToPath(import.meta.url));
initSync({ module: readFileSync(join(here, 'build/nianbao_web_bg.wasm')) });
const fixtures = join(here, '../tests/fixtures');
const files = readdirSync(fixtures).filter((f) => f.endsWith('.txt')).sort();
const parts = [];
for (let i = 0, size = 0; size < 1 << 20; i++) {
  const t = readFileSync(join(fixtures, files[i % files.length]), 'utf8');
  parts.push(t);
  size += Buffer.byteLength(t) + 1;
}
const text = parts.join('\n');
const ms = (t0) => (performance.now() - t0).toFixed(1);
const full = [];
for (let run = 0; run < 6; run++) {
  const t0 = performance.now();
  const c = new Checker(text, 'zh', 'auto');
  const n = JSON.parse(c.diagnostics()).diagnostics.length;
  full.push(ms(t0));
  if (run === 5) {
    const keys = [];
    for (let k = 0; k < 20; k++) {
      const t1 = performance.now();
      c.edit(20_000 + k * 997, 0, 20_000 + k * 997, 0, 'x');
      c.diagnostics();
      keys.push(performance.now() - t1);
    }
    keys.sort((a, b) => a - b);
    console.log(`${(Buffer.byteLength(text) / 1048576).toFixed(2)} MB, ${n} findings: full check ${full.join(' / ')} ms (first one cold); keystroke → diagnostics median ${keys[10].toFixed(1)} ms`);
  }
  c.free();
}
