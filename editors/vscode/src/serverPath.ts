// Where the server binary is: the setting, else the binary bundled in the extension, else PATH.
// Never a download: government intranets are offline.

import * as path from "node:path";

export interface Lookup {
  /** `nianbao.server.path` (may be empty). */
  setting: string;
  /** The extension's install folder. */
  extensionPath: string;
  platform: NodeJS.Platform;
  exists: (p: string) => boolean;
}

export function resolveServerPath(l: Lookup): string {
  if (l.setting.trim() !== "") {
    return l.setting.trim();
  }
  const exe = l.platform === "win32" ? "nianbao.exe" : "nianbao";
  const bundled = path.join(l.extensionPath, "server", exe);
  if (l.exists(bundled)) {
    return bundled;
  }
  return exe;
}
