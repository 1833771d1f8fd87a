// The real `nianbao lsp` as a child process behind a vscode-jsonrpc connection, with every
// published diagnostics notification recorded, for the end-to-end tests over the protocol.
import { spawn } from "node:child_process";
import rpc from "vscode-jsonrpc/node.js";
import lsp from "vscode-languageserver-protocol";

/**
 * Start `bin lsp`. Returns the process, the connection (not yet listening: add request
 * handlers, then call `conn.listen()`), the publications so far, and `published(pred, ms)`,
 * which resolves with the first publication from now on that satisfies `pred`.
 */
export function startServer(bin) {
  const proc = spawn(bin, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const all = [];
  const waiters = [];
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
    all.push(p);
    for (const w of [...waiters]) {
      if (w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  const published = (pred, ms) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics within ${ms} ms`)), ms);
      waiters.push({ pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  return { proc, conn, all, published };
}
