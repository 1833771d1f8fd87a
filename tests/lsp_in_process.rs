//! In-process protocol tests: the tower service is called directly (no process, no stdio),
//! and what the server sends to the client is collected from its socket.

use futures::StreamExt;
use serde_json::{json, Value};
use std::time::Duration;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::Request;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

async fn call<S>(svc: &mut S, method: &'static str, id: Option<i64>, params: Value) -> Option<Value>
where
    S: Service<Request, Response = Option<tower_lsp_server::jsonrpc::Response>>,
    S::Error: std::fmt::Debug,
{
    let mut b = Request::build(method).params(params);
    if let Some(id) = id {
        b = b.id(id);
    }
    let resp = svc.ready().await.expect("ready").call(b.finish()).await.expect("call");
    resp.map(|r| serde_json::to_value(r).expect("json"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishes_versioned_diagnostics_and_drops_stale_ones() {
    let (mut svc, socket) = nianbao::lsp::service();
    let (mut requests, _responses) = socket.split();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Value>();
    tokio::spawn(async move {
        while let Some(r) = requests.next().await {
            let _ = tx.send(serde_json::to_value(r).unwrap_or_default());
        }
    });
    let init = call(&mut svc, "initialize", Some(1), json!({"capabilities": {"general": {"positionEncodings": ["utf-32"]}}})).await.unwrap();
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-32");
    call(&mut svc, "initialized", None, json!({})).await;
    let uri = "file:///in-process/009.txt";
    let text = fixture("009_hongze_2023.txt");
    call(&mut svc, "textDocument/didOpen", None, json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})).await;
    // Three quick edits: whatever is published comes in version order and ends with the last.
    for v in 2..=4 {
        let digit = (v + 1).to_string();
        call(&mut svc, "textDocument/didChange", None, json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"range": {"start": {"line": 349, "character": 1}, "end": {"line": 349, "character": 3}}, "text": format!("1{digit}")}]})).await;
    }
    let mut versions = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while let Ok(Some(msg)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        if msg["method"] == "textDocument/publishDiagnostics" {
            versions.push(msg["params"]["version"].as_i64().unwrap_or(-1));
            if msg["params"]["version"] == 4 {
                let d = msg["params"]["diagnostics"].as_array().unwrap().clone();
                let rv = d.iter().find(|x| x["code"] == "t4_total").expect("t4 finding");
                // 15 + 1 + 0 + 0 = 16
                assert!(rv["message"].as_str().unwrap().contains("应为 16"), "{rv}");
                break;
            }
        }
    }
    assert_eq!(versions.last(), Some(&4), "{versions:?}");
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "published out of order: {versions:?}");

    // Settings switch the language of messages.
    call(&mut svc, "workspace/didChangeConfiguration", None, json!({"settings": {"nianbao": {"locale": "en", "rules": {"label_variant": false}}}})).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let mut english = None;
    while let Ok(Some(msg)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        if msg["method"] == "textDocument/publishDiagnostics" {
            english = Some(msg);
            break;
        }
    }
    let english = english.expect("re-published after settings change");
    let d = english["params"]["diagnostics"].as_array().unwrap();
    assert!(d.iter().all(|x| x["code"] != "label_variant"));
    assert!(d.iter().any(|x| x["message"].as_str().unwrap().contains("should be 16")), "{d:?}");
    let shut = call(&mut svc, "shutdown", Some(2), Value::Null).await.unwrap();
    assert!(shut.get("error").is_none());
}
