//! Drives the `LspService` over a byte stream with our own framing (`frame`), in place of
//! tower-lsp-server's `Server`, whose codec ends the stream on the first malformed frame. Each
//! body is classified: a request or notification goes to the service, a response to the client
//! socket, anything else is answered with Parse error (-32700) or Invalid request (-32600).
//! Each handler is polled once on this task, in arrival order (so a notification's synchronous
//! part, such as applying an edit, runs before the next message is read), and spawned if it is
//! still waiting: no handler, not even one waiting on an unanswered `workspace/applyEdit`, holds
//! up the messages after it. Only the end of the input or `exit` ends the loop; `exit` without a
//! `shutdown` before it gives exit code 1 (LSP spec). Requests starting with `$/` that the server
//! does not know get MethodNotFound (the service drops them silently). Messages go out through
//! a writer thread of their own.

use super::frame::{Frame, FrameReader};
use super::server::Backend;
use futures::{SinkExt, StreamExt};
use serde::Serialize;
use serde_json::Value;
use std::future::Future;
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use std::io::Write;
use std::sync::mpsc::TryRecvError;
use tokio::io::AsyncRead;
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_lsp_server::{ClientSocket, LspService};

/// A message body, judged.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    Response(Response),
    /// Not a valid message: the error response to send back.
    Invalid(Response),
    /// A response that cannot be read; nothing can be answered to it.
    Ignored,
}

/// Judge one message body.
pub fn classify(body: &[u8]) -> Incoming {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return Incoming::Invalid(Response::from_error(Id::Null, Error::parse_error()));
    };
    let Value::Object(obj) = &v else {
        // Batches (arrays) are not part of LSP; scalars are not messages.
        return Incoming::Invalid(Response::from_error(Id::Null, Error::invalid_request()));
    };
    let id = obj.get("id").and_then(|i| serde_json::from_value::<Id>(i.clone()).ok()).unwrap_or(Id::Null);
    if obj.contains_key("method") {
        return match serde_json::from_value::<Request>(v) {
            Ok(r) => Incoming::Request(r),
            Err(_) => Incoming::Invalid(Response::from_error(id, Error::invalid_request())),
        };
    }
    if obj.contains_key("id") && (obj.contains_key("result") || obj.contains_key("error")) {
        return serde_json::from_value::<Response>(v).map_or(Incoming::Ignored, Incoming::Response);
    }
    Incoming::Invalid(Response::from_error(id, Error::invalid_request()))
}

enum Out {
    Message(Vec<u8>),
    Flush(std::sync::mpsc::Sender<()>),
}

/// Where messages to the client go: a channel to the writer thread.
#[derive(Clone)]
struct Outbox(std::sync::mpsc::Sender<Out>);

fn send(out: &Outbox, msg: &impl Serialize) {
    if let Ok(body) = serde_json::to_vec(msg) {
        let _ = out.0.send(Out::Message(body));
    }
}

/// Write framed messages in order on a thread of its own (plain blocking writes: no hand-off
/// to a blocking pool per message); flush when the queue is empty. After a write error (the
/// client is gone) keep draining.
fn write_loop<O: Write>(mut output: O, rx: std::sync::mpsc::Receiver<Out>) {
    let mut ok = true;
    let mut pending = false;
    loop {
        let m = match rx.try_recv() {
            Ok(m) => m,
            Err(TryRecvError::Empty) => {
                if pending {
                    ok = ok && output.flush().is_ok();
                    pending = false;
                }
                match rx.recv() {
                    Ok(m) => m,
                    Err(_) => return,
                }
            }
            Err(TryRecvError::Disconnected) => {
                let _ = output.flush();
                return;
            }
        };
        match m {
            Out::Message(body) if ok => {
                ok = write!(output, "Content-Length: {}\r\n\r\n", body.len()).is_ok() && output.write_all(&body).is_ok();
                pending = true;
            }
            Out::Message(_) => {}
            Out::Flush(done) => {
                let _ = output.flush();
                pending = false;
                let _ = done.send(());
            }
        }
    }
}

/// Poll `fut` once here and now; if it is not finished, finish it on its own task.
fn start<F>(fut: F, done: impl FnOnce(F::Output) + Send + 'static)
where
    F: Future + Send + 'static,
    F::Output: Send,
{
    let mut fut = Box::pin(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => done(v),
        Poll::Pending => {
            tokio::spawn(async move { done(fut.await) });
        }
    }
}

/// Wait until the service takes a request; `false` once it has exited.
async fn ready(service: &mut LspService<Backend>) -> bool {
    loop {
        match std::future::poll_fn(|cx| Poll::Ready(service.poll_ready(cx))).await {
            Poll::Ready(r) => return r.is_ok(),
            // Only while `initialize` runs; the service registers no waker for that.
            Poll::Pending => tokio::time::sleep(Duration::from_millis(1)).await,
        }
    }
}

/// Serve LSP messages from `input` to `output` until the input ends or `exit` arrives; returns
/// the process exit code (0 after `shutdown`, 1 without).
pub async fn serve<I, O>(input: I, output: O, mut service: LspService<Backend>, socket: ClientSocket) -> i32
where
    I: AsyncRead + Unpin,
    O: Write + Send + 'static,
{
    let (tx, rx) = std::sync::mpsc::channel();
    let out = Outbox(tx);
    let writer = std::thread::Builder::new().name("nianbao-lsp-out".into()).spawn(move || write_loop(output, rx));
    if writer.is_err() {
        eprintln!("nianbao lsp: cannot start the output thread");
        return 2;
    }
    let (mut server_requests, mut client_responses) = socket.split();
    let fwd = out.clone();
    let forward = tokio::spawn(async move {
        while let Some(req) = server_requests.next().await {
            send(&fwd, &req);
        }
    });
    let mut reader = FrameReader::new(input);
    loop {
        let Some(frame) = reader.next().await else {
            eprintln!("nianbao lsp: end of input");
            break;
        };
        let body = match frame {
            Frame::Bad(why) => {
                eprintln!("nianbao lsp: skipped {why}");
                send(&out, &Response::from_error(Id::Null, Error::parse_error()));
                continue;
            }
            Frame::Body(b) => b,
        };
        match classify(&body) {
            Incoming::Invalid(resp) => send(&out, &resp),
            Incoming::Ignored => eprintln!("nianbao lsp: ignored an unreadable response"),
            Incoming::Response(resp) => {
                let _ = client_responses.send(resp).await;
            }
            Incoming::Request(req) => {
                if !ready(&mut service).await {
                    break;
                }
                let exit = req.method() == "exit";
                let unknown_dollar = req.method().starts_with("$/").then(|| req.id().cloned()).flatten();
                let tx = out.clone();
                start(service.call(req), move |res| match res {
                    Ok(Some(resp)) => send(&tx, &resp),
                    Ok(None) => {
                        if let Some(id) = unknown_dollar {
                            send(&tx, &Response::from_error(id, Error::method_not_found()));
                        }
                    }
                    Err(_) => {}
                });
                if exit {
                    break;
                }
            }
        }
    }
    forward.abort();
    let (done, flushed) = std::sync::mpsc::channel();
    let _ = out.0.send(Out::Flush(done));
    let _ = tokio::task::spawn_blocking(move || flushed.recv_timeout(Duration::from_secs(2))).await;
    if service.inner().was_shut_down() {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(i: &Incoming) -> Option<i64> {
        match i {
            Incoming::Invalid(r) => serde_json::to_value(r).ok()?["error"]["code"].as_i64(),
            _ => None,
        }
    }

    #[test]
    fn classifies_bodies() {
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(code(&classify(b"{")), Some(-32700));
        assert_eq!(code(&classify(deep.as_bytes())), Some(-32700));
        assert_eq!(code(&classify(b"\xff\xfe")), Some(-32700));
        for b in [&b"{}"[..], b"[]", b"[{\"jsonrpc\":\"2.0\",\"method\":\"x\"}]", b"42", b"{\"jsonrpc\":\"1.0\",\"method\":\"x\"}", b"{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}"] {
            assert_eq!(code(&classify(b)), Some(-32600), "{}", String::from_utf8_lossy(b));
        }
        // The id is kept when it can be read.
        let Incoming::Invalid(r) = classify(br#"{"jsonrpc":"2.0","id":7,"method":5}"#) else { panic!() };
        assert_eq!(serde_json::to_value(r).unwrap()["id"], 7);
        assert!(matches!(classify(br#"{"jsonrpc":"2.0","id":1,"method":"x","params":{}}"#), Incoming::Request(_)));
        assert!(matches!(classify(br#"{"jsonrpc":"2.0","id":1,"result":null}"#), Incoming::Response(_)));
        assert!(matches!(classify(br#"{"jsonrpc":"2.0","id":1,"result":1,"error":2}"#), Incoming::Response(_) | Incoming::Ignored));
    }
}
