//! The LSP server: protocol handlers over the incremental `Document`. Edits are applied in
//! order, synchronously, before any `.await`, and hand the document to its publish worker
//! (`publish`); requests run on a blocking thread inside `catch_unwind`. A command never waits
//! on the client: `workspace/applyEdit` is sent from its own task with a timeout, and not at
//! all to a client that cannot apply edits (the command then returns the edit).

use super::actions::{actions, workspace_edit, FIX_ALL_KIND, FIX_NARRATIVE_KIND};
use super::config::Settings;
use super::convert;
use super::lastyear;
use super::publish::spawn_worker;
use super::locks::lock;
use super::store::{refresh, Entry, Shared};
use crate::document::Document;
use crate::finding::{Locale, Severity};
use crate::position::Encoding;
use serde::{Deserialize, Serialize};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

pub const FILL_ALL_COMMAND: &str = "nianbao.fillAllTotals";
/// The report files whose changes on disk the server asks to hear of (last year's reports).
pub const WATCH_GLOB: &str = "**/*.{txt,md,markdown,html,htm,docx,doc,wps,pdf}";
/// How long a request to the client (`workspace/applyEdit`, `workspace/configuration`) may stay
/// unanswered before it is given up (logged).
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

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

impl Backend {
    pub fn new(client: Client) -> Backend {
        let timing = std::env::var_os("NIANBAO_LSP_TIMING").is_some();
        Backend { client, shared: Arc::new(Shared::new(timing)) }
    }

    fn entry(&self, uri: &Uri) -> Option<Arc<Mutex<Entry>>> {
        self.shared.entry(uri)
    }

    /// Did the client send `shutdown`? (`exit` without it ends the process with code 1.)
    pub fn was_shut_down(&self) -> bool {
        self.shared.shut_down.load(Ordering::SeqCst)
    }

    /// Hand a changed entry to its publish worker, starting one if none runs.
    fn changed(&self, entry: &Arc<Mutex<Entry>>, touch: bool) {
        if touch {
            spawn_worker(self.client.clone(), self.shared.clone(), entry.clone());
        }
    }

    fn enc(&self) -> Encoding {
        *lock(&self.shared.encoding)
    }

    /// Files changed (on disk, or an open document): re-check the open documents whose
    /// cross-year result may depend on them (`except`: the one that changed itself).
    fn recheck_concerned(&self, paths: &[std::path::PathBuf], except: Option<&Uri>) {
        if paths.is_empty() {
            return;
        }
        let entries: Vec<Arc<Mutex<Entry>>> = lock(&self.shared.docs).values().cloned().collect();
        for entry in entries {
            let touch = {
                let mut e = lock(&entry);
                let concerned = Some(&e.uri) != except && e.xy.as_ref().is_some_and(|w| paths.iter().any(|p| self.shared.lastyear.concerns(w, p)));
                concerned && e.touch()
            };
            self.changed(&entry, touch);
        }
    }

    /// An open document's text changed, or it was opened or closed: keep its text for others'
    /// cross-year checks and re-check those it concerns.
    fn open_text_changed(&self, uri: &Uri) {
        if let Some(path) = lastyear::path_of(uri) {
            self.recheck_concerned(&[path], Some(uri));
        }
    }

    /// Run `f` on an up-to-date document on a blocking thread, inside `catch_unwind`.
    async fn with_doc<T: Send + 'static>(&self, uri: &Uri, f: impl FnOnce(&Entry, Encoding, &Settings, &Shared) -> T + Send + 'static) -> Option<T> {
        let entry = self.entry(uri)?;
        let enc = self.enc();
        let settings = lock(&self.shared.settings).clone();
        let shared = self.shared.clone();
        let res = tokio::task::spawn_blocking(move || {
            let mut e = lock(&entry);
            refresh(&mut e);
            catch_unwind(AssertUnwindSafe(|| f(&e, enc, &settings, &shared))).ok()
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
        // Readings of other files were made with the old options.
        self.shared.lastyear.clear();
        if self.shared.inlay_refresh.load(Ordering::SeqCst) {
            // Hints depend on settings (cell labels, locale): ask the client to fetch them again,
            // without waiting on its answer.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = tokio::time::timeout(CLIENT_TIMEOUT, client.inlay_hint_refresh()).await;
            });
        }
        let entries: Vec<Arc<Mutex<Entry>>> = lock(&self.shared.docs).values().cloned().collect();
        for entry in entries {
            let touch = {
                let mut e = lock(&entry);
                e.doc.set_options(s.check.clone());
                e.published = None;
                e.touch()
            };
            self.changed(&entry, touch);
        }
    }

    async fn pull_settings(&self) {
        if !self.shared.pull_config.load(Ordering::SeqCst) {
            return;
        }
        let items = vec![ConfigurationItem { scope_uri: None, section: Some("nianbao".to_string()) }];
        if let Ok(Ok(values)) = tokio::time::timeout(CLIENT_TIMEOUT, self.client.configuration(items)).await {
            if let Some(v) = values.into_iter().next() {
                if v.is_object() {
                    self.apply_settings(Settings::from_json(&v)).await;
                }
            }
        }
    }

    /// `nianbao.newReport`: next year's report made on a blocking thread (`newreport::make`),
    /// created by a `workspace/applyEdit` sent from its own task, or returned in the result.
    async fn new_report(&self, args: &[LSPAny]) -> Result<Option<LSPAny>> {
        let Some((uri, year)) = super::newreport::arguments(args) else {
            return Err(Error::invalid_params("expected last year's document URI as the first argument (and optionally the new year)"));
        };
        let (shared, can_create) = (self.shared.clone(), self.shared.create_files.load(Ordering::SeqCst));
        let made = tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(|| super::newreport::make(&shared, &uri, year, can_create))).ok()).await;
        let locale = lock(&self.shared.settings).locale;
        let made = match made {
            Ok(Some(Ok(m))) => m,
            Ok(Some(Err(msg))) => return Err(Error { code: tower_lsp_server::jsonrpc::ErrorCode::InvalidParams, message: msg.get(locale).to_string().into(), data: None }),
            _ => return Err(Error::internal_error()),
        };
        let Some(edit) = made.edit else {
            self.client.show_message(MessageType::INFO, super::newreport::returned_message(locale)).await;
            return Ok(Some(made.result));
        };
        let client = self.client.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(CLIENT_TIMEOUT, client.apply_edit(edit)).await {
                Ok(Ok(r)) if r.applied => {}
                Ok(Ok(r)) => client.log_message(MessageType::WARNING, format!("nianbao: the client did not create the new report: {}", r.failure_reason.unwrap_or_default())).await,
                Ok(Err(e)) => client.log_message(MessageType::WARNING, format!("nianbao: workspace/applyEdit failed: {e}")).await,
                Err(_) => client.log_message(MessageType::WARNING, "nianbao: workspace/applyEdit got no answer; given up").await,
            }
        });
        Ok(Some(made.result))
    }

    pub async fn report_info(&self, params: ReportInfoParams) -> Result<ReportInfo> {
        let info = self
            .with_doc(&params.text_document.uri, |e, _, _, _| {
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
        let workspace = params.capabilities.workspace.as_ref();
        self.shared.pull_config.store(workspace.and_then(|w| w.configuration).unwrap_or(false), Ordering::SeqCst);
        self.shared.apply_edit.store(workspace.and_then(|w| w.apply_edit).unwrap_or(false), Ordering::SeqCst);
        self.shared.create_files.store(super::newreport::can_create(&params.capabilities), Ordering::SeqCst);
        let inlay_refresh = workspace.and_then(|w| w.inlay_hint.as_ref()).and_then(|h| h.refresh_support).unwrap_or(false);
        self.shared.inlay_refresh.store(inlay_refresh, Ordering::SeqCst);
        let watch = workspace.and_then(|w| w.did_change_watched_files.as_ref()).and_then(|w| w.dynamic_registration).unwrap_or(false);
        self.shared.watch_files.store(watch, Ordering::SeqCst);
        // Workspace folders are searched for last year's reports too.
        #[allow(deprecated)]
        let roots: Vec<std::path::PathBuf> = match &params.workspace_folders {
            Some(folders) => folders.iter().filter_map(|f| lastyear::path_of(&f.uri)).collect(),
            None => params.root_uri.as_ref().and_then(lastyear::path_of).into_iter().collect(),
        };
        self.shared.lastyear.set_roots(roots);
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
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL_KIND), CodeActionKind::new(FIX_NARRATIVE_KIND)]),
                    ..Default::default()
                })),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                definition_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions::default()),
                document_highlight_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions { commands: vec![FILL_ALL_COMMAND.to_string(), super::newreport::NEW_REPORT_COMMAND.to_string()], ..Default::default() }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities { supported: Some(true), change_notifications: Some(OneOf::Left(true)) }),
                    file_operations: None,
                }),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.shared.watch_files.load(Ordering::SeqCst) {
            // Last year's report may change on disk: ask to hear of report files changing,
            // without waiting on the answer.
            let client = self.client.clone();
            tokio::spawn(async move {
                let watchers = vec![FileSystemWatcher { glob_pattern: GlobPattern::String(WATCH_GLOB.to_string()), kind: None }];
                let options = serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok();
                let reg = Registration { id: "nianbao-watch-reports".to_string(), method: "workspace/didChangeWatchedFiles".to_string(), register_options: options };
                match tokio::time::timeout(CLIENT_TIMEOUT, client.register_capability(vec![reg])).await {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => client.log_message(MessageType::WARNING, format!("nianbao: cannot watch report files: {e}")).await,
                    Err(_) => client.log_message(MessageType::WARNING, "nianbao: client/registerCapability got no answer; files are not watched").await,
                }
            });
        }
        self.pull_settings().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let opts = lock(&self.shared.settings).check.clone();
        let mut entry = Entry::new(td.uri.clone(), Document::deferred(&td.text, opts), td.version, self.shared.new_generation());
        self.shared.lastyear.opened(&td.uri, entry.generation, td.version, entry.doc.rope());
        let touch = entry.touch();
        let entry = Arc::new(Mutex::new(entry));
        lock(&self.shared.docs).insert(td.uri.as_str().to_string(), entry.clone());
        self.changed(&entry, touch);
        self.open_text_changed(&td.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Everything up to the first `.await` runs in the order messages arrived.
        let Some(entry) = self.entry(&params.text_document.uri) else { return };
        let enc = self.enc();
        let mut warnings = Vec::new();
        let touch = {
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
            self.shared.lastyear.opened(&e.uri, e.generation, e.version, e.doc.rope());
            e.touch()
        };
        self.changed(&entry, touch);
        self.open_text_changed(&params.text_document.uri);
        for w in warnings {
            self.client.log_message(MessageType::WARNING, w).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        // Removed before any `.await` (a reopen right after must not be undone); cleared under
        // the publish gate, so that a worker's result either went out before or never does.
        lock(&self.shared.docs).remove(params.text_document.uri.as_str());
        // Others now read it from disk.
        self.shared.lastyear.closed(&params.text_document.uri);
        self.open_text_changed(&params.text_document.uri);
        let _gate = self.shared.publish_gate.lock().await;
        self.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = lastyear::path_of(&params.text_document.uri) {
            self.shared.lastyear.invalidate(std::slice::from_ref(&path));
            self.recheck_concerned(&[path], Some(&params.text_document.uri));
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<std::path::PathBuf> = params.changes.iter().filter_map(|c| lastyear::path_of(&c.uri)).collect();
        self.shared.lastyear.invalidate(&paths);
        self.recheck_concerned(&paths, None);
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let added = params.event.added.iter().filter_map(|f| lastyear::path_of(&f.uri)).collect::<Vec<_>>();
        let removed = params.event.removed.iter().filter_map(|f| lastyear::path_of(&f.uri)).collect::<Vec<_>>();
        self.shared.lastyear.add_roots(added.clone(), &removed);
        self.recheck_concerned(&[added, removed].concat(), None);
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
            .with_doc(&uri, move |e, enc, s, shared| {
                let rope = e.doc.rope();
                if super::html::is_html(&e.uri) {
                    let last = s.cross_year.then_some(&shared.lastyear);
                    return super::html::hover(rope, &e.uri, e.doc.options(), pos, enc, s.locale, last);
                }
                let b = convert::byte(rope, pos, enc);
                let (off, a) = e.doc.report_at(b)?;
                let own = crate::explain::hover(a, b - off, s.locale).map(|(md, span)| (md, span.start + off..span.end + off));
                // On a 上年结转 cell: last year's 结转下年度 in that column, and its file.
                let last = if s.cross_year { shared.lastyear.carry_in_hover(&e.uri, &e.doc, b, s.locale) } else { None };
                let (md, span) = match (own, last) {
                    (Some((md, span)), Some((more, _))) => (format!("{md}\n\n---\n\n{more}"), span),
                    (own, last) => own.or(last)?,
                };
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
                    range: Some(convert::range(rope, &span, enc)),
                })
            })
            .await;
        Ok(res.flatten())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let res = self
            .with_doc(&uri, move |e, enc, s, _| {
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
            .with_doc(&params.text_document.uri, move |e, enc, s, _| {
                let r = convert::byte_range(e.doc.rope(), params.range, enc);
                let mut hints = super::outline::inlay_hints(&e.doc, r.clone(), enc);
                if s.cell_labels {
                    hints.extend(super::cell_labels::cell_label_hints(&e.doc, r, enc));
                }
                hints
            })
            .await;
        Ok(res)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let pos = params.text_document_position.position;
        let res = self.with_doc(&uri, move |e, enc, s, _| if super::html::is_html(&e.uri) { Vec::new() } else { super::completion::items(&e.doc, pos, enc, s.locale) }).await;
        Ok(res.filter(|v| !v.is_empty()).map(CompletionResponse::Array))
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params.text_document_position_params.text_document.uri;
        let pos = params.text_document_position_params.position;
        let res = self.with_doc(&uri, move |e, enc, _, _| if super::html::is_html(&e.uri) { None } else { super::navigate::definition(&e.doc, &e.uri, pos, enc) }).await;
        Ok(res.flatten())
    }

    async fn document_highlight(&self, params: DocumentHighlightParams) -> Result<Option<Vec<DocumentHighlight>>> {
        let uri = params.text_document_position_params.text_document.uri;
        let pos = params.text_document_position_params.position;
        let res = self.with_doc(&uri, move |e, enc, _, _| if super::html::is_html(&e.uri) { None } else { super::navigate::document_highlights(&e.doc, pos, enc) }).await;
        Ok(res.flatten())
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri;
        let pos = params.text_document_position.position;
        let decl = params.context.include_declaration;
        let res = self.with_doc(&uri, move |e, enc, _, _| if super::html::is_html(&e.uri) { None } else { super::navigate::references(&e.doc, &e.uri, pos, decl, enc) }).await;
        Ok(res.flatten())
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let res = self.with_doc(&params.text_document.uri, |e, enc, _, _| super::outline::symbols(&e.doc, enc)).await;
        Ok(res.map(DocumentSymbolResponse::Nested))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self.with_doc(&params.text_document.uri, |e, _, _, _| super::outline::folding(&e.doc)).await)
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        Ok(self.with_doc(&params.text_document.uri, |e, enc, _, _| super::formatting::edits(e, enc, None)).await)
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let range = params.range;
        Ok(self.with_doc(&params.text_document.uri, move |e, enc, _, _| super::formatting::edits(e, enc, Some(range))).await)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command == super::newreport::NEW_REPORT_COMMAND {
            return self.new_report(&params.arguments).await;
        }
        if params.command != FILL_ALL_COMMAND {
            return Err(Error::invalid_params(format!("unknown command {}", params.command)));
        }
        let uri_str = params.arguments.first().and_then(|a| a.as_str().map(str::to_string).or_else(|| a.get("uri").and_then(|u| u.as_str()).map(str::to_string)));
        let Some(uri) = uri_str.and_then(|s| s.parse::<Uri>().ok()) else {
            return Err(Error::invalid_params("expected the document URI as the first argument"));
        };
        let edit = self
            .with_doc(&uri, |e, enc, _, _| {
                let edits = if super::html::is_html(&e.uri) { super::html::fill_edits(e.doc.rope(), e.doc.options()) } else { e.doc.fill_edits() };
                (!edits.is_empty()).then(|| workspace_edit(&e.doc, &e.uri, e.version, &edits, enc))
            })
            .await
            .flatten();
        let Some(edit) = edit else { return Ok(None) };
        if !self.shared.apply_edit.load(Ordering::SeqCst) {
            // The client cannot apply edits: give it the edit as the result, and say so.
            let locale = lock(&self.shared.settings).locale;
            self.client.show_message(MessageType::INFO, no_apply_edit_message(locale)).await;
            return Ok(serde_json::to_value(edit).ok());
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            match tokio::time::timeout(CLIENT_TIMEOUT, client.apply_edit(edit)).await {
                Ok(Ok(r)) if r.applied => {}
                Ok(Ok(r)) => client.log_message(MessageType::WARNING, format!("nianbao: the client did not apply the totals: {}", r.failure_reason.unwrap_or_default())).await,
                Ok(Err(e)) => client.log_message(MessageType::WARNING, format!("nianbao: workspace/applyEdit failed: {e}")).await,
                Err(_) => client.log_message(MessageType::WARNING, "nianbao: workspace/applyEdit got no answer; given up").await,
            }
        });
        Ok(None)
    }
}

fn no_apply_edit_message(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "编辑器不支持由服务器修改文件（workspace/applyEdit）：请使用代码操作“填写本文件全部总计”。",
        Locale::En => "The editor does not let the server edit files (workspace/applyEdit): use the code action “Fill in every total in this file”.",
    }
}
