//! The real `nianbao lsp` binary against an adversarial client: malformed frames, a close or
//! reopen racing an analysis, server requests the client never answers, `$/` requests, `exit`
//! without `shutdown`, end of input. The server must answer what can be answered and never die.

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::lsp_client::{fixture, Client};

const URI: &str = "file:///tmp/adv/009.txt";

fn open(c: &mut Client, uri: &str, version: i64, text: &str) {
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}));
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn request_body(id: i64) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "nianbao/reportInfo", "params": {"textDocument": {"uri": URI}}}).to_string()
}

/// An error response with this code.
fn error_response(c: &mut Client, code: i64) -> Value {
    c.wait_for(&format!("error {code}"), |v| v.get("method").is_none() && v["error"]["code"] == code)
}

/// About 1 MB of reports (the fixtures, repeated).
fn big_text() -> String {
    let names = ["000_17fa4905ce5d6912.txt", "001_7e3cf29f5d278207.txt", "010_hongze_2024.txt", "011_huaian_2024.txt", "014_shanghai_bgt_2025.txt"];
    let parts: Vec<String> = names.iter().map(|n| fixture(n)).collect();
    let mut s = String::new();
    while s.len() < 1 << 20 {
        for p in &parts {
            s.push_str(p);
            s.push_str("\n\n");
        }
    }
    s
}

#[test]
fn malformed_frames_are_answered_and_skipped() {
    let mut c = Client::start();
    c.initialize(&[]);
    open(&mut c, URI, 1, &fixture("009_hongze_2023.txt"));
    c.diagnostics(URI, 1);
    let good = request_body(0);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    // Bodies that are not messages: each gets its error, and the next request its answer.
    for (body, code) in [
        ("{\"jsonrpc\":\"2.0\",\"method\":", -32700),
        ("{}", -32600),
        ("[{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}]", -32600),
        ("[]", -32600),
        (deep.as_str(), -32700),
        ("\"just a string\"", -32600),
        ("{\"jsonrpc\":\"1.0\",\"id\":98,\"method\":\"shutdown\"}", -32600),
    ] {
        c.send_raw(&frame(body));
        error_response(&mut c, code);
        let id = c.take_id();
        c.send_raw(&frame(&request_body(id)));
        assert_eq!(c.response(id)["result"]["isReport"], true, "after {}", &body[..body.len().min(60)]);
    }
    // Frames that lie or are not frames; the request after each must still be answered.
    let content_types = [
        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n",
        "Content-Type: application/vscode-jsonrpc; charset=UTF-8\r\n",
        "Content-Type: application/vscode-jsonrpc\r\n",
    ];
    for ct in content_types {
        let id = c.take_id();
        let body = request_body(id);
        c.send_raw(format!("Content-Length: {}\r\n{ct}\r\n{body}", body.len()).as_bytes());
        assert_eq!(c.response(id)["result"]["isReport"], true, "{ct}");
        // The header order does not matter, nor a third header.
        let id = c.take_id();
        let body = request_body(id);
        c.send_raw(format!("{ct}X-Trace: 1\r\nContent-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        assert_eq!(c.response(id)["result"]["isReport"], true, "{ct} first");
    }
    let liars: Vec<Vec<u8>> = vec![
        format!("Content-Length: 10\r\n\r\n{good}").into_bytes(),
        format!("Content-Length: {}\r\n\r\n{good}", good.len() + 25).into_bytes(),
        format!("Content-Length: -5\r\n\r\n{good}").into_bytes(),
        format!("Content-Type: application/json\r\n\r\n{good}").into_bytes(),
        format!("Content-Length: 12abc\r\n\r\n{good}").into_bytes(),
        b"this is not a header\r\n\r\n".to_vec(),
        format!("{good}\r\n").into_bytes(),
        vec![0, 159, 146, 150, b'\n'],
    ];
    for bytes in liars {
        c.send_raw(&bytes);
        let id = c.take_id();
        c.send_raw(&frame(&request_body(id)));
        let r = c.response(id);
        assert_eq!(r["result"]["isReport"], true, "after {:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(40)]));
    }
    // A length far too long whose rest never comes: the next message is still read.
    c.send_raw(format!("Content-Length: 100000\r\n\r\n{good}").as_bytes());
    let id = c.take_id();
    c.send_raw(&frame(&request_body(id)));
    assert_eq!(c.response(id)["result"]["isReport"], true);
    // Still analysing edits, and it ends normally.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": 349, "character": 1}, "end": {"line": 349, "character": 3}}, "text": "12"}]}));
    assert!(!c.diagnostics(URI, 2).is_empty());
    assert!(c.shutdown().success());
}

#[test]
fn closed_and_reopened_documents_get_no_ghosts() {
    let big = big_text();
    let small = fixture("009_hongze_2023.txt");
    let small_lines = small.lines().count() as u64;
    let mut c = Client::start();
    c.initialize(&[]);
    // Open ~1 MB and close it at once: the last word for the URI must be the empty list.
    let closed = "file:///tmp/adv/big-closed.txt";
    open(&mut c, closed, 1, &big);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": closed}}));
    // Open ~1 MB, close, reopen with a small report: after the close's empty list, only the
    // small report's diagnostics may arrive.
    let reopened = "file:///tmp/adv/big-reopened.txt";
    open(&mut c, reopened, 1, &big);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": reopened}}));
    open(&mut c, reopened, 1, &small);
    // Long enough for the big analyses to finish and (wrongly) publish.
    let all = c.collect(Duration::from_secs(4), |v| v["method"] == "textDocument/publishDiagnostics");
    let of = |uri: &str| -> Vec<&Value> { all.iter().filter(|v| v["params"]["uri"] == uri).map(|v| &v["params"]).collect() };
    let last = of(closed).last().cloned().cloned().expect("the close clears");
    assert_eq!(last["diagnostics"], json!([]), "diagnostics published for a closed document");
    let after_close: Vec<&Value> = of(reopened).into_iter().skip_while(|p| p["diagnostics"] != json!([])).skip(1).collect();
    assert!(!after_close.is_empty(), "the reopened document gets its diagnostics");
    for p in after_close {
        let d = p["diagnostics"].as_array().unwrap();
        assert!(d.iter().all(|x| x["range"]["end"]["line"].as_u64().unwrap() <= small_lines), "the old text's diagnostics after reopening");
        assert!(d.iter().any(|x| x["code"] == "t4_total"), "{d:?}");
    }
    assert!(c.shutdown().success());
}

#[test]
fn a_client_without_apply_edit_gets_the_edit_as_the_result() {
    let mut c = Client::start();
    c.initialize_with(json!({"workspace": {"applyEdit": false}}));
    open(&mut c, URI, 1, &fixture("009_hongze_2023.txt"));
    c.diagnostics(URI, 1);
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.fillAllTotals", "arguments": [URI]}));
    let edits = r["result"]["documentChanges"][0]["edits"].as_array().expect("the edit as the result");
    assert_eq!(edits.len(), 2);
    c.wait_for("a message", |v| v["method"] == "window/showMessage");
    // A round trip later, still no applyEdit request was sent.
    c.request("nianbao/reportInfo", json!({"textDocument": {"uri": URI}}));
    assert!(c.inbox.iter().all(|v| v["method"] != "workspace/applyEdit"), "{:?}", c.inbox);
    assert!(c.shutdown().success());
}

#[test]
fn unanswered_apply_edits_block_nothing() {
    let mut c = Client::start();
    c.initialize(&[]);
    c.answer_requests = false;
    open(&mut c, URI, 1, &fixture("009_hongze_2023.txt"));
    c.diagnostics(URI, 1);
    for _ in 0..6 {
        let r = c.request("workspace/executeCommand", json!({"command": "nianbao.fillAllTotals", "arguments": [URI]}));
        assert!(r.get("error").is_none(), "{r}");
    }
    let asked = c.inbox.iter().filter(|v| v["method"] == "workspace/applyEdit").count();
    assert!(asked >= 1);
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 353, "character": 1}}));
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("总计"));
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": 349, "character": 1}, "end": {"line": 349, "character": 3}}, "text": "12"}]}));
    let d = c.diagnostics(URI, 2);
    assert!(d.iter().any(|x| x["message"].as_str().unwrap().contains("应为 13")), "{d:?}");
    assert!(c.shutdown().success());
}

#[test]
fn unknown_dollar_requests_get_method_not_found() {
    let mut c = Client::start();
    c.initialize(&[]);
    let r = c.request("$/nianbao/unknown", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // As a notification it is ignored, as the spec says.
    c.notify("$/unknownNotification", json!({}));
    let r = c.request("nianbao/reportInfo", json!({"textDocument": {"uri": URI}}));
    assert_eq!(r["result"]["isReport"], false);
    assert!(c.shutdown().success());
}

#[test]
fn exit_without_shutdown_exits_with_code_1() {
    let mut c = Client::start();
    c.initialize(&[]);
    c.notify("exit", Value::Null);
    let status = c.wait_exit(Duration::from_secs(10)).expect("exits on `exit`");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn end_of_input_ends_the_server() {
    let mut c = Client::start();
    c.initialize(&[]);
    c.send_raw(b"Content-Length: 5\r\n\r\n{");
    c.close_stdin();
    let status = c.wait_exit(Duration::from_secs(10)).expect("exits at end of input");
    assert_eq!(status.code(), Some(1), "no shutdown was asked for");
}
