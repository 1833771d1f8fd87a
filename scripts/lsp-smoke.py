#!/usr/bin/env python3
"""One short LSP session with a nianbao binary, for comparing platforms.

Usage: lsp-smoke.py REPORT COMMAND...   (COMMAND runs the server, e.g. `wine64 nianbao.exe`;
`lsp` is appended). Opens REPORT, as VS Code does (utf-16 positions), waits for its diagnostics,
asks for the hover and the code actions on the first error, then shuts the server down. Prints
what the server answered as JSON (request ids and timing left out), so that the outputs of two
binaries can be compared byte for byte. Exits 1 if the server does not answer within 60 s or
exits badly.
"""
import json
import subprocess
import sys
import threading
import queue

URI = "file:///work/report.txt"


def main() -> int:
    report, cmd = sys.argv[1], sys.argv[2:] + ["lsp"]
    text = open(report, encoding="utf-8").read()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    inbox: "queue.Queue[dict]" = queue.Queue()

    def reader() -> None:
        out = proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            inbox.put(json.loads(out.read(length)))

    threading.Thread(target=reader, daemon=True).start()

    def send(msg: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **msg}, ensure_ascii=False).encode("utf-8")
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def wait(pred) -> dict:
        while True:
            msg = inbox.get(timeout=60)
            if "id" in msg and "method" in msg:  # a request from the server: answer it
                result = [{"locale": "zh", "template": "auto", "rules": {}}] if msg["method"] == "workspace/configuration" else None
                send({"id": msg["id"], "result": result})
                continue
            if pred(msg):
                return msg

    transcript = {}
    send({"id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": None,
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}, "workspace": {"configuration": True}},
    }})
    init = wait(lambda m: m.get("id") == 1)
    transcript["capabilities"] = init["result"]["capabilities"]
    send({"method": "initialized", "params": {}})
    send({"method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": URI, "languageId": "plaintext", "version": 1, "text": text}}})
    diags = wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["diagnostics"])
    transcript["diagnostics"] = diags["params"]
    errors = [d for d in diags["params"]["diagnostics"] if d.get("severity") == 1]
    if errors:
        first = errors[0]
        send({"id": 2, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": URI}, "position": first["range"]["start"]}})
        transcript["hover"] = wait(lambda m: m.get("id") == 2).get("result")
        send({"id": 3, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": URI}, "range": first["range"], "context": {"diagnostics": [first]}}})
        transcript["codeActions"] = wait(lambda m: m.get("id") == 3).get("result")
    send({"id": 4, "method": "shutdown"})
    wait(lambda m: m.get("id") == 4)
    send({"method": "exit"})
    code = proc.wait(timeout=60)
    transcript["exit"] = code
    json.dump(transcript, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    print()
    return 0 if code == 0 and errors else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except queue.Empty:
        print("lsp-smoke: no answer from the server within 60 s", file=sys.stderr)
        sys.exit(1)
