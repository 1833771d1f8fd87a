// Builds web/dist/index.html: one self-contained file (script, styles, fonts, both workers and
// the checker's WebAssembly inside), so it opens from file:// or a share with no server and
// no network. Needs web/build/ from wasm-bindgen (web/test.sh makes it).
//   node build.mjs
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const common = { bundle: true, minify: true, write: false, target: 'chrome100', logLevel: 'warning', legalComments: 'none' };

/** Bundle one script to a classic (IIFE) script's text. */
async function script(entryPoints, extra = {}) {
  const out = await esbuild.build({ ...common, entryPoints, format: 'iife', ...extra });
  return out.outputFiles;
}

// The checker's worker, with the wasm embedded (base64, decoded to bytes at start) and a
// real report to warm it up with.
const [checkerWorker] = await script([join(here, 'src/worker.js')], {
  loader: { '.wasm': 'binary', '.txt': 'text' },
  // The glue's default `new URL('…_bg.wasm', import.meta.url)` is never used: the bytes are passed in.
  logOverride: { 'empty-import-meta': 'silent' },
});
// Monaco's own helper worker.
const [editorWorker] = await script([join(here, 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js')]);

// The page: the two workers as text, Monaco's CSS and its icon font inlined.
const virtual = { 'virtual:checker-worker': checkerWorker.text, 'virtual:editor-worker': editorWorker.text };
const page = await script([join(here, 'src/main.js')], {
  outdir: join(here, 'dist'),
  loader: { '.ttf': 'dataurl' },
  plugins: [
    {
      name: 'virtual',
      setup(build) {
        build.onResolve({ filter: /^virtual:/ }, (a) => ({ path: a.path, namespace: 'virtual' }));
        build.onLoad({ filter: /.*/, namespace: 'virtual' }, (a) => ({ contents: virtual[a.path], loader: 'text' }));
      },
    },
  ],
});
const js = page.find((f) => f.path.endsWith('.js')).text;
const css = page.filter((f) => f.path.endsWith('.css')).map((f) => f.text).join('\n') + (await readFile(join(here, 'src/style.css'), 'utf8'));

// Inline: no `</script` may occur inside the script element (escaped here: it only occurs in
// strings), and no `<script` followed by a space, `/` or `>`, which after a `<!--` (Monaco's
// HTML sanitizer holds some in strings) would make the HTML parser skip the real end tag.
const safeJs = js.replaceAll('</script', '<\\/script');
if (/<script[\s/>]/i.test(safeJs)) throw new Error('the bundle holds "<script": inlining would break the page');
if (css.includes('</style')) throw new Error('the styles hold </style');
const template = await readFile(join(here, 'src/index.html'), 'utf8');
const html = template.replace('/*CSS*/', () => css).replace('/*JS*/', () => safeJs);
await mkdir(join(here, 'dist'), { recursive: true });
await writeFile(join(here, 'dist/index.html'), html);
console.log(`web/dist/index.html: ${(Buffer.byteLength(html) / 1048576).toFixed(2)} MB (checker wasm ${((await readFile(join(here, 'build/nianbao_web_bg.wasm'))).length / 1048576).toFixed(2)} MB)`);
