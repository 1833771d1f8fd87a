//! The LSP server: protocol handlers over the incremental `Document`. Edits are applied in
//! order, synchronously, before any `.await`; analysis runs debounced on a blocking thread
//! inside `catch_unwind`, and its diagnostics are published with the document version only
//! if no newer edit arrived meanwhile and they differ from what was last sent.

use super::actions::{actions, workspace_edit, FIX_ALL_KIND};
use super::config::Settings;
use super::convert;
use crate::document::Document;
use crate::finding::Severity;
use crate::position::Encoding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// Delay between the last change and the analysis that follows it.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
pub const FILL_ALL_COMMAND: &str = "nianbao.fillAllTotals";

struct Entry {
    uri: Uri,
    doc: Document,
    version: i32,
    published: Option<u64>,
}

#[derive(Default)]
struct Shared {
    docs: Mutex<HashMap<String, Arc<Mutex<Entry>>>>,
    settings: Mutex<Settings>,
    encoding: Mutex<Encoding>,
    pull_config: Mutex<bool>,
}

/// Lock, recovering from a poisoned mutex: a panic elsewhere must not take the server down.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportInfoParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ReportInfo {
    pub is_report: bool,
    pub template: Option<&'static str>,
    pub year: Option<i32>,
    pub errors: usize,
    pub warnings: usize,
}

fn key(uri: &Uri) -> String {
    uri.as_str().to_string()
}

/// Bring a document's analysis up to date, surviving a panic in the analysis.
fn refresh(e: &mut Entry) {
    if !e.doc.needs_refresh() {
        return;
    }
    if catch_unwind(AssertUnwindSafe(|| e.doc.refresh())).is_ok() {
        return;
    }
    // The incremental state may be inconsistent: start over from the text.
    let text = e.doc.rope().to_string();
    let opts = e.doc.options().clone();
    e.doc = match catch_unwind(AssertUnwindSafe(|| Document::new(&text, opts.clone()))) {
        Ok(d) => d,
        Err(_) => {
            // Keep the text, give up on analysis for this version.
            let mut d = Document::deferred(&text, opts);
            let _ = catch_unwind(AssertUnwindSafe(|| d.rebuild()));
            d
        }
    };
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend { client, shared: Arc::new(Shared::default()) }
    }

    fn entry(&self, uri: &Uri) -> Option<Arc<Mutex<Entry>>> {
        lock(&self.shared.docs).get(&key(uri)).cloned()
    }

    fn enc(&self) -> Encoding {
        *lock(&self.shared.encoding)
    }

    /// Run `f` on an up-to-date document on a blocking thread, inside `catch_unwind`.
    async fn with_doc<T: Send + 'static>(&self, uri: &Uri, f: impl FnOnce(&Entry, Encoding, &Settings) -> T + Send + 'static) -> Option<T> {
        let entry = self.entry(uri)?;
        let enc = self.enc();
        let settings = lock(&self.shared.settings).clone();
        let res = tokio::task::spawn_blocking(move || {
            let mut e = lock(&entry);
            refresh(&mut e);
            catch_unwind(AssertUnwindSafe(|| f(&e, enc, &settings))).ok()
        })
        .await;
        match res {
            Ok(Some(v)) => Some(v),
            _ => {
                self.client.log_message(MessageType::ERROR, "nianbao: internal error while answering a request (ignored)").await;
                None
            }
        }
    }

    /// Analyse after the debounce delay and publish, unless a newer version arrived.
    fn schedule(&self, uri: Uri, version: i32) {
        let client = self.client.clone();
        let shared = self.shared.clone();
        tokio::spawn(async move {
            tokio::time::sleep(DEBOUNCE).await;
            publish(client, shared, uri, Some(version)).await;
        });
    }

    async fn apply_settings(&self, s: Settings) {
        let changed = {
            let mut cur = lock(&self.shared.settings);
            let changed = *cur != s;
            *cur = s.clone();
            changed
        };
        if !changed {
            return;
        }
        let entries: Vec<Arc<Mutex<Entry>>> = lock(&self.shared.docs).values().cloned().collect();
        for entry in entries {
            let (uri, version) = {
                let mut e = lock(&entry);
                e.doc.set_options(s.check.clone());
                e.published = None;
                (e.uri.clone(), e.version)
            };
            self.schedule(uri, version);
        }
    }

    async fn pull_settings(&self) {
        if !*lock(&self.shared.pull_config) {
            return;
        }
        let items = vec![ConfigurationItem { scope_uri: None, section: Some("nianbao".to_string()) }];
        if let Ok(values) = self.client.configuration(items).await {
            if let Some(v) = values.into_iter().next() {
                if v.is_object() {
                    self.apply_settings(Settings::from_json(&v)).await;
                }
            }
        }
    }

    pub async fn report_info(&self, params: ReportInfoParams) -> Result<ReportInfo> {
        let info = self
            .with_doc(&params.text_document.uri, |e, _, _| {
                let mut info = ReportInfo::default();
                if let Some((_, a)) = e.doc.reports().find(|(_, a)| a.report.is_report) {
                    info.is_report = true;
                    info.template = a.report.template.map(|t| t.as_str());
                    info.year = a.report.year.as_ref().map(|y| y.0);
                }
                for f in e.doc.findings() {
                    match f.severity {
                        Severity::Error => info.errors += 1,
                        Severity::Warning => info.warnings += 1,
                        Severity::Info => {}
                    }
                }
                info
            })
            .await;
        Ok(info.unwrap_or_default())
    }
}

fn hash_of(d: &[Diagnostic]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(d).unwrap_or_default().hash(&mut h);
    h.finish()
}

/// Analyse and publish one document's diagnostics; `want` drops the result if the document
/// has moved on to another version.
async fn publish(client: Client, shared: Arc<Shared>, uri: Uri, want: Option<i32>) {
    let Some(entry) = lock(&shared.docs).get(&key(&uri)).cloned() else { return };
    let enc = *lock(&shared.encoding);
    let locale = lock(&shared.settings).locale;
    let entry2 = entry.clone();
    let computed = tokio::task::spawn_blocking(move || {
        let mut e = lock(&entry2);
        if want.is_some_and(|v| v != e.version) {
            return None;
        }
        refresh(&mut e);
        let diags = catch_unwind(AssertUnwindSafe(|| {
            let rope = e.doc.rope();
            if super::html::is_html(&e.uri) {
                return super::html::diagnostics(rope, &e.uri, e.doc.options(), enc, locale);
            }
            e.doc.findings().iter().map(|f| convert::diagnostic(rope, &e.uri, f, enc, locale)).collect::<Vec<_>>()
        }))
        .unwrap_or_default();
        Some((e.version, diags))
    })
    .await;
    let Ok(Some((version, diags))) = computed else { return };
    let h = hash_of(&diags);
    {
        let mut e = lock(&entry);
        if e.version != version || e.published == Some(h) {
            return;
        }
        e.published = Some(h);
    }
    client.publish_diagnostics(uri, diags, Some(version)).await;
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered: Vec<String> = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .map(|v| v.iter().map(|k| k.as_str().to_string()).collect())
            .unwrap_or_default();
        let enc = Encoding::negotiate(offered.iter().map(String::as_str));
        *lock(&self.shared.encoding) = enc;
        *lock(&self.shared.pull_config) = params.capabilities.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
        if let Some(opts) = &params.initialization_options {
            *lock(&self.shared.settings) = Settings::from_json(opts);
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo { name: "nianbao".to_string(), version: Some(env!("CARGO_PKG_VERSION").to_string()) }),
            capabilities: ServerCapabilities {
                position_encoding: Some(PositionEncodingKind::new(enc.as_lsp())),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL_KIND)]),
                    ..Default::default()
                })),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                execute_command_provider: Some(ExecuteCommandOptions { commands: vec![FILL_ALL_COMMAND.to_string()], ..Default::default() }),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.pull_settings().await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let opts = lock(&self.shared.settings).check.clone();
        let entry = Entry { uri: td.uri.clone(), doc: Document::deferred(&td.text, opts), version: td.version, published: None };
        lock(&self.shared.docs).insert(key(&td.uri), Arc::new(Mutex::new(entry)));
        publish(self.client.clone(), self.shared.clone(), td.uri, Some(td.version)).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Everything up to the first `.await` runs in the order messages arrived.
        let Some(entry) = self.entry(&params.text_document.uri) else { return };
        let enc = self.enc();
        let mut warnings = Vec::new();
        let version = {
            let mut e = lock(&entry);
            for ch in params.content_changes {
                match ch.range {
                    None => e.doc.set_text(&ch.text),
                    Some(r) => {
                        let lines = e.doc.rope().len_lines() as u32;
                        if r.start > r.end || r.end.line > lines.max(1) {
                            warnings.push(format!("nianbao: invalid change range {r:?} (document has {lines} lines); clamped"));
                        }
                        let br = convert::byte_range(e.doc.rope(), r, enc);
                        e.doc.apply_edit(br, &ch.text);
                    }
                }
            }
            e.version = params.text_document.version;
            e.version
        };
        self.schedule(params.text_document.uri, version);
        for w in warnings {
            self.client.log_message(MessageType::WARNING, w).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        lock(&self.shared.docs).remove(&key(&params.text_document.uri));
        self.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let direct = params.settings.get("nianbao").is_some();
        if direct {
            self.apply_settings(Settings::from_json(&params.settings)).await;
        } else {
            self.pull_settings().await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let pos = params.text_document_position_params.position;
        let res = self
            .with_doc(&uri, move |e, enc, s| {
                let rope = e.doc.rope();
                if super::html::is_html(&e.uri) {
                    return super::html::hover(rope, e.doc.options(), pos, enc, s.locale);
                }
                let b = convert::byte(rope, pos, enc);
                let (off, a) = e.doc.report_at(b)?;
                let (md, span) = super::hover::hover(a, b - off, s.locale)?;
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
                    range: Some(convert::range(rope, &(span.start + off..span.end + off), enc)),
                })
            })
            .await;
        Ok(res.flatten())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let res = self
            .with_doc(&uri, move |e, enc, s| {
                let sel = convert::byte_range(e.doc.rope(), params.range, enc);
                if super::html::is_html(&e.uri) {
                    return super::html::actions(e.doc.rope(), e.doc.options(), &e.uri, e.version, sel, &params.context.only, enc, s.locale);
                }
                actions(&e.doc, &e.uri, e.version, sel, &params.context.only, enc, s.locale)
            })
            .await;
        Ok(res.filter(|v| !v.is_empty()))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let res = self
            .with_doc(&params.text_document.uri, move |e, enc, _| {
                let r = convert::byte_range(e.doc.rope(), params.range, enc);
                super::outline::inlay_hints(&e.doc, r, enc)
            })
            .await;
        Ok(res)
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let res = self.with_doc(&params.text_document.uri, |e, enc, _| super::outline::symbols(&e.doc, enc)).await;
        Ok(res.map(DocumentSymbolResponse::Nested))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self.with_doc(&params.text_document.uri, |e, _, _| super::outline::folding(&e.doc)).await)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command != FILL_ALL_COMMAND {
            return Err(Error::invalid_params(format!("unknown command {}", params.command)));
        }
        let uri_str = params.arguments.first().and_then(|a| a.as_str().map(str::to_string).or_else(|| a.get("uri").and_then(|u| u.as_str()).map(str::to_string)));
        let Some(uri) = uri_str.and_then(|s| s.parse::<Uri>().ok()) else {
            return Err(Error::invalid_params("expected the document URI as the first argument"));
        };
        let edit = self
            .with_doc(&uri, |e, enc, _| {
                let edits = if super::html::is_html(&e.uri) { super::html::fill_edits(e.doc.rope(), e.doc.options()) } else { e.doc.fill_edits() };
                (!edits.is_empty()).then(|| workspace_edit(&e.doc, &e.uri, e.version, &edits, enc))
            })
            .await
            .flatten();
        if let Some(edit) = edit {
            let _ = self.client.apply_edit(edit).await;
        }
        Ok(None)
    }
}
