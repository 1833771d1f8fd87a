//! A minimal LSP client for integration tests: spawns the real `nianbao lsp` binary and speaks
//! JSON-RPC over its stdio, as an editor would.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub struct Client {
    pub child: Child,
    stdin: Option<ChildStdin>,
    /// Answer the server's requests (configuration, applyEdit); off to play an unresponsive client.
    pub answer_requests: bool,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages received but not yet consumed (notifications, server requests).
    pub inbox: Vec<Value>,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Client {
    pub fn start() -> Client {
        Client::start_with(&[])
    }

    /// Start with extra environment variables.
    pub fn start_with(envs: &[(&str, &str)]) -> Client {
        Client::spawn(envs, Stdio::inherit())
    }

    /// Start with extra environment variables, the server's stderr piped in `child.stderr`.
    pub fn start_capturing(envs: &[(&str, &str)]) -> Client {
        Client::spawn(envs, Stdio::piped())
    }

    fn spawn(envs: &[(&str, &str)], stderr: Stdio) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("lsp")
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawn nianbao lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_message(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client { child, stdin: Some(stdin), answer_requests: true, rx, next_id: 1, inbox: Vec::new() }
    }

    pub fn send(&mut self, v: &Value) {
        let body = serde_json::to_string(v).expect("json");
        self.send_raw(format!("Content-Length: {}\r\n\r\n{}", body.len(), body).as_bytes());
    }

    /// Write bytes as they are (for malformed frames).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    /// Close the server's standard input (end of input).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Wait up to `limit` for the process to end by itself.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Every message matching `pred` that arrives within `span` (received ones first).
    pub fn collect(&mut self, span: Duration, pred: impl Fn(&Value) -> bool) -> Vec<Value> {
        let mut out: Vec<Value> = Vec::new();
        let mut i = 0;
        while i < self.inbox.len() {
            if pred(&self.inbox[i]) {
                out.push(self.inbox.remove(i));
            } else {
                i += 1;
            }
        }
        let deadline = Instant::now() + span;
        while let Some(v) = self.recv(deadline) {
            if pred(&v) {
                out.push(v);
            } else {
                self.handle(v);
            }
        }
        out
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (answering server requests meanwhile).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.recv(deadline).unwrap_or_else(|| panic!("no response to {method}"));
            if v.get("id") == Some(&json!(id)) && v.get("method").is_none() {
                return v;
            }
            self.handle(v);
        }
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(v) => Some(v),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Answer server-to-client requests (configuration, applyEdit); keep everything.
    fn handle(&mut self, v: Value) {
        if !self.answer_requests {
            self.inbox.push(v);
            return;
        }
        if let (Some(id), Some(method)) = (v.get("id").cloned(), v.get("method").and_then(Value::as_str)) {
            let result = match method {
                "workspace/configuration" => json!([{"locale": "zh"}]),
                "workspace/applyEdit" => json!({"applied": true}),
                _ => Value::Null,
            };
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
        }
        self.inbox.push(v);
    }

    /// Wait for a message matching `pred` (already received ones first).
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return self.inbox.remove(i);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.recv(deadline).unwrap_or_else(|| panic!("timed out waiting for {what}"));
            if pred(&v) {
                return v;
            }
            self.handle(v);
        }
    }

    /// The next publishDiagnostics for `uri` with the given version.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let v = self.wait_for("publishDiagnostics", |v| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == uri && v["params"]["version"] == version
        });
        v["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn initialize(&mut self, encodings: &[&str]) -> Value {
        self.initialize_with(json!({"general": {"positionEncodings": encodings}, "workspace": {"configuration": true, "applyEdit": true}}))
    }

    /// `initialize` with the given client capabilities, then `initialized`.
    pub fn initialize_with(&mut self, capabilities: Value) -> Value {
        let r = self.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": capabilities}));
        self.notify("initialized", json!({}));
        r
    }

    /// A request's raw frame with the given id (for tests that write frames themselves).
    pub fn take_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id - 1
    }

    /// Wait for the response with this id.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for("response", |v| v.get("id") == Some(&json!(id)) && v.get("method").is_none())
    }

    /// shutdown + exit, then the process must end by itself.
    pub fn shutdown(mut self) -> std::process::ExitStatus {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        match self.wait_exit(Duration::from_secs(10)) {
            Some(status) => status,
            None => {
                let _ = self.child.kill();
                panic!("server did not exit after `exit`");
            }
        }
    }
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}
