// Copy the nianbao binary into server/ so the .vsix works offline without a PATH install.
// NIANBAO_BIN names the binary (default: the release build of the repository, which Cargo's
// release profile strips). `--target win32-x64` (a `vsce package --target`) bundles it as
// server/nianbao.exe, the name the extension looks for on Windows; without it, the name for
// this machine. server/ is emptied first, so one platform's binary never ends up in another's
// package.
import { copyFileSync, mkdirSync, existsSync, chmodSync, rmSync, statSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.NIANBAO_BIN ?? resolve(here, "../../../target/release/nianbao");
const i = process.argv.indexOf("--target");
const target = i >= 0 ? process.argv[i + 1] : undefined;
const windows = target ? target.startsWith("win32-") : process.platform === "win32";
const name = windows ? "nianbao.exe" : "nianbao";
if (!existsSync(bin)) {
  console.error(`bundle-server: ${bin} not found; build it with \`cargo build --release\` or set NIANBAO_BIN`);
  process.exit(1);
}
const server = resolve(here, "../server");
rmSync(server, { recursive: true, force: true });
mkdirSync(server, { recursive: true });
copyFileSync(bin, resolve(server, name));
chmodSync(resolve(server, name), 0o755);
const mb = (statSync(bin).size / 1e6).toFixed(1);
console.log(`bundled ${bin} (${mb} MB) as server/${name}`);
