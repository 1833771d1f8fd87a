//! The crate's files import each other in one direction only: no file of `src/` reaches, through
//! its imports, back to itself. Every `.rs` file under `src/` is read (comments and string
//! literals blanked out) and each path into the crate is resolved to the file that defines it:
//! `use crate::a::b::{c, d}`, `crate::a::b::f(…)` in code, `super::x`, `self::x`, and names
//! brought in by a `use` of a module (`use crate::rules;` … `rules::check`). A path resolves to
//! the file of its longest prefix that is a module file (`src/a/b.rs`, `src/a/b/mod.rs`,
//! `src/a.rs`). A path into the file's own module or its children is containment, not an edge
//! (a parent declaring `mod child;` and calling it); a child's `super::Thing` defined in the
//! parent is an edge child → parent. A re-export is not followed (code names the file it
//! imports from: the front door's `pub use` of the vocabulary does not let a lower floor reach
//! it through `api`), except the crate root's: `crate::Thing` that `lib.rs` re-exports is an
//! import of the file `Thing` comes from. Test code is left out: items under `#[cfg(test)]` or
//! `#[cfg(all(test, …))]` (`mod tests { … }`, and whole files declared `#[cfg(test)] mod
//! tests;`, such as the test oracles `reference.rs`), because a test may use a higher floor to
//! build its input.
//! `main.rs` is the binary, a crate of its own that only calls the library. A failure names
//! the files of each cycle with the line of every import that closes it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One token of Rust source: an identifier (or keyword), `::`, or one punctuation character.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Path,
    Punct(char),
}

/// The tokens of `src` with their line numbers; comments, strings, chars and numbers dropped.
fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let s: Vec<char> = src.chars().collect();
    let (mut out, mut i, mut line) = (Vec::new(), 0, 1);
    let at = |i: usize| s.get(i).copied().unwrap_or('\0');
    while i < s.len() {
        let c = s[i];
        let start = i;
        if c == '/' && at(i + 1) == '/' {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= s.len() {
                    break;
                } else {
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_at(&s, i) {
            // r"…", r#"…"#, br"…": up to the quote followed by as many #.
            i += s[i..].iter().position(|&c| c == '"').unwrap() + 1;
            while i < s.len() && !(s[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#')) {
                i += 1;
            }
            i += 1 + hashes;
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') {
            i += if c == 'b' { 2 } else { 1 };
            while i < s.len() && s[i] != '"' {
                i += if s[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A char literal ('x', '\n', '\'', '\u{3000}'); a lifetime ('a) is punctuation.
            i += if at(i + 1) == '\\' { 3 } else { 2 };
            while i < s.len() && s[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == '_') {
                i += 1;
            }
            out.push((Tok::Ident(s[start..i].iter().collect()), line));
        } else if c.is_ascii_digit() {
            while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == '_') {
                i += 1;
            }
        } else if c == ':' && at(i + 1) == ':' {
            out.push((Tok::Path, line));
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push((Tok::Punct(c), line));
            }
            i += 1;
        }
        line += s[start..i.min(s.len())].iter().filter(|&&c| c == '\n').count();
    }
    out
}

/// The number of `#` of a raw string literal starting at `i`, if one does.
fn raw_string_at(s: &[char], i: usize) -> Option<usize> {
    let j = if s.get(i) == Some(&'b') { i + 1 } else { i };
    if s.get(j) != Some(&'r') || (i > 0 && (s[i - 1].is_ascii_alphanumeric() || s[i - 1] == '_')) {
        return None;
    }
    let hashes = s[j + 1..].iter().take_while(|&&c| c == '#').count();
    (s.get(j + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// Every library file's module path: `src/lib.rs` is `[]`, `src/a/b.rs` and `src/a/b/mod.rs`
/// are `["a", "b"]`. `main.rs` is the binary, not a module of the library.
fn module_files(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src/").flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    let mut out = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap().with_extension("");
        let mut module: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
        match module.last().map(String::as_str) {
            Some("main") if module.len() == 1 => continue,
            Some("lib") if module.len() == 1 => module.clear(),
            Some("mod") => drop(module.pop()),
            _ => {}
        }
        out.insert(module, f);
    }
    out
}

/// An import of one file by another: where it is written and what it says.
#[derive(Clone, Debug)]
struct Site {
    line: usize,
    path: String,
}

/// What one file imports: the module paths it names (absolute, from the crate root), each with
/// where it does so; the child files it declares under `#[cfg(test)]`; and what it re-exports
/// (`pub use`: the name and the path it stands for).
#[derive(Default)]
struct Imports {
    paths: Vec<(Vec<String>, Site)>,
    test_children: Vec<String>,
    reexports: BTreeMap<String, Vec<String>>,
}

/// Reads one file's imports. `module` is the file's module path; `is_module` tells whether a
/// module path is one of the crate's files (to tell `child::f` from an external crate's path).
fn imports(src: &str, module: &[String], is_module: &dyn Fn(&[String]) -> bool) -> Imports {
    let toks = tokens(src);
    let ident = |i: usize| match toks.get(i) {
        Some((Tok::Ident(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let is = |i: usize, t: Tok| toks.get(i).is_some_and(|(x, _)| *x == t);
    let mut out = Imports::default();
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Inline modules: (the brace depth they opened at, their module path).
    let mut scopes: Vec<(usize, Vec<String>)> = vec![(0, module.to_vec())];
    let (mut depth, mut test_next, mut i) = (0usize, false, 0);
    while i < toks.len() {
        let scope = scopes.last().unwrap().1.clone();
        if is(i, Tok::Punct('#')) {
            // An attribute: #[…] or #![…]; remember whether it is cfg(test) or cfg(all(test, …))
            // (not cfg(any(test, …)), whose item is built without tests too).
            let open = if is(i + 1, Tok::Punct('!')) { i + 2 } else { i + 1 };
            let close = matching(&toks, open);
            let body: Vec<&str> = (open..close).filter_map(ident).collect();
            if body.first() == Some(&"cfg") && (body.get(1) == Some(&"test") || (body.get(1) == Some(&"all") && body.contains(&"test") && !body.contains(&"not"))) {
                test_next = true;
            }
            i = close + 1;
            continue;
        }
        if std::mem::take(&mut test_next) {
            // Skip the test-only item; note a test-only child file (`mod tests;`).
            let end = item_end(&toks, i);
            if let Some(m) = (i..end).find(|&k| ident(k) == Some("mod")) {
                if is(m + 2, Tok::Punct(';')) && scope.len() == module.len() {
                    out.test_children.push(ident(m + 1).unwrap().to_string());
                }
            }
            i = end + 1;
            continue;
        }
        match &toks[i].0 {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if scopes.len() > 1 && scopes.last().unwrap().0 == depth {
                    scopes.pop();
                }
            }
            Tok::Ident(w) if w == "mod" && is(i + 2, Tok::Punct('{')) => {
                let mut inner = scope.clone();
                inner.push(ident(i + 1).unwrap().to_string());
                scopes.push((depth, inner));
                depth += 1;
                i += 3;
                continue;
            }
            Tok::Ident(w) if w == "use" => {
                let public = i > 0 && (ident(i - 1) == Some("pub") || is(i - 1, Tok::Punct(')')));
                let (mut leaves, line) = (Vec::new(), toks[i].1);
                i = use_tree(&toks, i + 1, Vec::new(), &mut leaves);
                for (path, alias) in leaves {
                    let site = Site { line, path: path.join("::") };
                    if let Some(abs) = resolve(&path, &scope, &aliases, is_module) {
                        if let Some(alias) = alias {
                            if public && scope.len() == module.len() {
                                out.reexports.insert(alias.clone(), abs.clone());
                            }
                            aliases.insert(alias, abs.clone());
                        }
                        out.paths.push((abs, site));
                    }
                }
                continue;
            }
            Tok::Ident(_) if is(i + 1, Tok::Path) && !(i > 0 && is(i - 1, Tok::Path)) => {
                let mut path = vec![ident(i).unwrap().to_string()];
                let line = toks[i].1;
                i += 1;
                while is(i, Tok::Path) && ident(i + 1).is_some() {
                    path.push(ident(i + 1).unwrap().to_string());
                    i += 2;
                }
                if let Some(abs) = resolve(&path, &scope, &aliases, is_module) {
                    out.paths.push((abs, Site { line, path: path.join("::") }));
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The index of the bracket closing the one at `open`.
fn matching(toks: &[(Tok, usize)], open: usize) -> usize {
    let mut depth = 0i32;
    for (k, (t, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len() - 1
}

/// The index of an item's last token: its `;`, or the `}` closing its first brace block.
fn item_end(toks: &[(Tok, usize)], start: usize) -> usize {
    let mut k = start;
    while k < toks.len() {
        match toks[k].0 {
            Tok::Punct(';') => return k,
            Tok::Punct('{') => return matching(toks, k),
            Tok::Punct('(' | '[') => k = matching(toks, k),
            _ => {}
        }
        k += 1;
    }
    toks.len() - 1
}

/// Reads a use tree from `i` (after `use`, or inside `{…}`), adding each leaf's full path and
/// the name it brings in (none for `*`); returns the index after it.
fn use_tree(toks: &[(Tok, usize)], mut i: usize, mut prefix: Vec<String>, leaves: &mut Vec<(Vec<String>, Option<String>)>) -> usize {
    loop {
        match toks.get(i).map(|t| &t.0) {
            Some(Tok::Ident(w)) if w == "self" && !prefix.is_empty() => {
                let name = prefix.last().cloned();
                leaves.push((prefix.clone(), name));
                return i + 1;
            }
            Some(Tok::Ident(w)) if w == "as" => {
                let last = leaves.last_mut().unwrap();
                if let Some((Tok::Ident(name), _)) = toks.get(i + 1) {
                    last.1 = Some(name.clone());
                }
                return i + 2;
            }
            Some(Tok::Ident(w)) => {
                prefix.push(w.clone());
                if matches!(toks.get(i + 1).map(|t| &t.0), Some(Tok::Path)) {
                    i += 2;
                    continue;
                }
                let (name, next) = match (toks.get(i + 1), toks.get(i + 2)) {
                    (Some((Tok::Ident(a), _)), Some((Tok::Ident(n), _))) if a == "as" => (n.clone(), i + 3),
                    _ => (w.clone(), i + 1),
                };
                leaves.push((prefix, Some(name)));
                return skip_end(toks, next);
            }
            Some(Tok::Punct('*')) => {
                leaves.push((prefix, None));
                return skip_end(toks, i + 1);
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                while !matches!(toks.get(i).map(|t| &t.0), Some(Tok::Punct('}')) | None) {
                    i = use_tree(toks, i, prefix.clone(), leaves);
                    if matches!(toks.get(i).map(|t| &t.0), Some(Tok::Punct(','))) {
                        i += 1;
                    }
                }
                return skip_end(toks, i + 1);
            }
            // A leading `::` names an external crate: nothing of ours.
            _ => return skip_end(toks, i + 1),
        }
    }
}

/// Past the `;` ending a use declaration, if `i` is at one.
fn skip_end(toks: &[(Tok, usize)], i: usize) -> usize {
    if matches!(toks.get(i).map(|t| &t.0), Some(Tok::Punct(';'))) {
        i + 1
    } else {
        i
    }
}

/// A path written in `scope` as an absolute module path, or `None` when it is not the crate's
/// (an external crate, a local name, a type's associated item).
fn resolve(path: &[String], scope: &[String], aliases: &BTreeMap<String, Vec<String>>, is_module: &dyn Fn(&[String]) -> bool) -> Option<Vec<String>> {
    let first = path.first()?.as_str();
    let mut abs: Vec<String> = match first {
        "crate" => Vec::new(),
        "self" => scope.to_vec(),
        "super" => {
            let mut s = scope.to_vec();
            let ups = path.iter().take_while(|p| *p == "super").count();
            s.truncate(s.len().checked_sub(ups)?);
            s.extend(path[ups..].iter().cloned());
            return Some(s);
        }
        _ if aliases.contains_key(first) => aliases[first].clone(),
        _ if is_module(&[scope, &path[..1]].concat()) => return Some([scope, path].concat()),
        _ => return None,
    };
    abs.extend(path[1..].iter().cloned());
    Some(abs)
}

/// The crate's file graph: for each file, the files it imports and where.
type Graph = BTreeMap<PathBuf, BTreeMap<PathBuf, Site>>;

fn file_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = module_files(&src);
    let is_module = |m: &[String]| files.contains_key(m);
    let read: BTreeMap<&Vec<String>, Imports> = files.iter().map(|(m, f)| (m, imports(&std::fs::read_to_string(f).expect("read"), m, &is_module))).collect();
    // Files declared under #[cfg(test)], and everything below them, are test code.
    let test_only = |m: &[String]| (1..=m.len()).any(|n| read.get(&m[..n - 1].to_vec()).is_some_and(|i| i.test_children.contains(&m[n - 1])));
    let mut graph = Graph::new();
    for (module, imp) in &read {
        if test_only(module) {
            continue;
        }
        let edges = graph.entry(files[*module].clone()).or_default();
        for (abs, site) in &imp.paths {
            // `crate::Thing` that lib.rs re-exports is an import of the file Thing comes from.
            let abs = match abs.first().and_then(|name| read[&Vec::new()].reexports.get(name)) {
                Some(from) => [from, &abs[1..]].concat(),
                None => abs.clone(),
            };
            let to = (0..=abs.len()).rev().map(|n| &abs[..n]).find(|m| files.contains_key(*m)).unwrap();
            // A path into the file's own module or a child of it is containment.
            if !to.starts_with(module) {
                edges.entry(files[to].clone()).or_insert_with(|| site.clone());
            }
        }
    }
    graph
}

/// The strongly connected components of more than one file (Tarjan), each in file order.
fn cycles(graph: &Graph) -> Vec<Vec<PathBuf>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a PathBuf, (usize, usize)>,
        stack: Vec<&'a PathBuf>,
        out: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(st: &mut State<'a>, v: &'a PathBuf) {
        let n = st.index.len();
        st.index.insert(v, (n, n));
        st.stack.push(v);
        for w in st.graph.get(v).into_iter().flat_map(|e| e.keys()) {
            if !st.index.contains_key(w) {
                visit(st, w);
                let low = st.index[w].1.min(st.index[v].1);
                st.index.get_mut(v).unwrap().1 = low;
            } else if st.stack.contains(&w) {
                let low = st.index[w].0.min(st.index[v].1);
                st.index.get_mut(v).unwrap().1 = low;
            }
        }
        if st.index[v].0 == st.index[v].1 {
            let at = st.stack.iter().position(|x| *x == v).unwrap();
            let scc: BTreeSet<PathBuf> = st.stack.drain(at..).cloned().collect();
            if scc.len() > 1 {
                st.out.push(scc.into_iter().collect());
            }
        }
    }
    let mut st = State { graph, index: BTreeMap::new(), stack: Vec::new(), out: Vec::new() };
    for v in graph.keys() {
        if !st.index.contains_key(v) {
            visit(&mut st, v);
        }
    }
    st.out
}

/// One cycle through the component's first file, found breadth-first: [a, b, …, a].
fn one_cycle(graph: &Graph, scc: &[PathBuf]) -> Vec<PathBuf> {
    let start = &scc[0];
    let mut came: BTreeMap<&PathBuf, &PathBuf> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in graph[v].keys().filter(|w| scc.contains(w)) {
            if w == start {
                let mut path = vec![start.clone(), v.clone()];
                while path.last().unwrap() != start {
                    path.push(came[path.last().unwrap()].clone());
                }
                path.reverse();
                return path;
            }
            if !came.contains_key(w) {
                came.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    unreachable!("a strongly connected component has a cycle")
}

fn short(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(p).display().to_string()
}

#[test]
fn no_file_of_src_imports_itself_through_others() {
    let graph = file_graph();
    let mut report = String::new();
    for scc in cycles(&graph) {
        report += &format!("\ncycle among {} files: {}\n", scc.len(), scc.iter().map(|p| short(p)).collect::<Vec<_>>().join(", "));
        for pair in one_cycle(&graph, &scc).windows(2) {
            let site = &graph[&pair[0]][&pair[1]];
            report += &format!("  {}:{} → {} ({})\n", short(&pair[0]), site.line, short(&pair[1]), site.path);
        }
    }
    assert!(report.is_empty(), "imports between the files of src/ go round in a circle:{report}");
}

/// The reader sees the imports it must see, so an empty graph cannot pass for a clean one.
#[test]
fn the_graph_has_the_known_edges() {
    let graph = file_graph();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edge = |a: &str, b: &str| graph.get(&root.join(a)).is_some_and(|e| e.contains_key(&root.join(b)));
    assert!(edge("analysis.rs", "rules/mod.rs"), "use crate::rules");
    assert!(edge("text/lines.rs", "text/mod.rs"), "use super::{{is_space, trimmed}}");
    assert!(!edge("parse/prose.rs", "parse/prose/claims.rs"), "a child module is containment");
    assert!(!graph.contains_key(&root.join("parse/prose/reference.rs")), "test oracles are test code");
    assert!(graph.len() > 60 && graph.values().map(|e| e.len()).sum::<usize>() > 150);
}

#[test]
fn the_reader_skips_comments_strings_and_test_code() {
    let src = "// use crate::a;\n/* crate::b::f() /* nested */ */ let s = \"crate::c\";\nlet r = r#\"crate::d\"#; let c = '\"';\nuse crate::e::{f, g::{self, h as k}};\n#[cfg(test)]\nmod tests { use crate::z; }\n#[cfg(all(test, unix))]\nuse crate::y;\n#[cfg(any(test, unix))]\nuse crate::w;\nfn x() { k::y(); g::m(); super::q(); }\n";
    let is_module = |_: &[String]| false;
    let imp = imports(src, &["m".into(), "n".into()], &is_module);
    let got: Vec<String> = imp.paths.iter().map(|(p, _)| p.join("::")).collect();
    assert_eq!(got, ["e::f", "e::g", "e::g::h", "w", "e::g::h::y", "e::g::m", "m::q"]);
}

/// The graph itself, for drawing ARCHITECTURE.md's picture:
/// `cargo test --test architecture -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_the_graph() {
    for (from, edges) in file_graph() {
        println!("{}: {}", short(&from), edges.keys().map(|p| short(p)).collect::<Vec<_>>().join(" "));
    }
}
