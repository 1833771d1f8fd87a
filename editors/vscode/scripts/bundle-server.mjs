// Copy the nianbao binary into server/ so the .vsix works offline without a PATH install.
// NIANBAO_BIN names the binary (default: the release build of the repository).
import { copyFileSync, mkdirSync, existsSync, chmodSync } from "node:fs";
import { resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.NIANBAO_BIN ?? resolve(here, "../../../target/release/nianbao");
const name = process.platform === "win32" ? "nianbao.exe" : "nianbao";
if (!existsSync(bin)) {
  console.error(`bundle-server: ${bin} not found; build it with \`cargo build --release\` or set NIANBAO_BIN`);
  process.exit(1);
}
mkdirSync(resolve(here, "../server"), { recursive: true });
copyFileSync(bin, resolve(here, "../server", name));
chmodSync(resolve(here, "../server", name), 0o755);
console.log(`bundled ${bin} as server/${name}`);
