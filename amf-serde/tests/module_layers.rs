//! The library's top-level modules import each other without circles.
//!
//! Reads `src/**/*.rs`, collects for each top-level module (`src/x.rs` or
//! `src/x/**`) the top-level modules its code names (`crate::x::…`,
//! `use crate::{x::…, …}`, `$crate::x::…` in macros, `super::…` that climbs
//! to the crate root, and the crate root's re-exports such as `crate::Value`,
//! resolved to the module they come from), and asserts that this graph has
//! no cycle. Comments, string literals and `#[cfg(test)]` items are skipped:
//! a test may use anything. The layering it keeps is the one ARCHITECTURE.md
//! describes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One reference: the module named and where (file:line), for messages.
type Edges = BTreeMap<String, BTreeMap<String, String>>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source with comments and string/char literals blanked (newlines kept,
/// so line numbers stay right).
fn strip(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_'))
        {
            // Raw string r"…" / r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &b[i..j.min(b.len())] {
                out.push(blank(ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 3..b.len().min(i + 12)).find(|&j| b[j] == '\'')
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(j) => {
                    for _ in i..=j {
                        out.push(' ');
                    }
                    i = j + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
}

/// Identifiers (with `$crate` as one) and punctuation, each with its line.
fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || (c == '$' && b.get(i + 1) == Some(&'c')) {
            let start = i;
            i += 1;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                i += 1;
            }
            out.push((Tok::Ident(b[start..i].iter().collect()), line));
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

fn is_punct(t: Option<&(Tok, usize)>, c: char) -> bool {
    matches!(t, Some((Tok::Punct(p), _)) if *p == c)
}

fn ident(t: Option<&(Tok, usize)>) -> Option<&str> {
    match t {
        Some((Tok::Ident(s), _)) => Some(s),
        _ => None,
    }
}

/// `::` at `i`?
fn path_sep(toks: &[(Tok, usize)], i: usize) -> bool {
    is_punct(toks.get(i), ':') && is_punct(toks.get(i + 1), ':')
}

/// The tokens with every `#[cfg(test)]` item removed; the names of
/// `#[cfg(test)] mod name;` files.
fn without_tests(toks: Vec<(Tok, usize)>) -> (Vec<(Tok, usize)>, Vec<String>) {
    let mut out = Vec::new();
    let mut test_files = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let is_cfg_test = is_punct(toks.get(i), '#')
            && is_punct(toks.get(i + 1), '[')
            && ident(toks.get(i + 2)) == Some("cfg")
            && is_punct(toks.get(i + 3), '(')
            && ident(toks.get(i + 4)) == Some("test")
            && is_punct(toks.get(i + 5), ')')
            && is_punct(toks.get(i + 6), ']');
        if !is_cfg_test {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        // Skip the item: up to a `;` outside brackets, or the end of its
        // first top-level `{…}` block.
        let mut j = i + 7;
        let mut depth = 0i32;
        let mut last_ident: Option<String> = None;
        while j < toks.len() {
            match &toks[j].0 {
                Tok::Punct('(' | '[') => depth += 1,
                Tok::Punct(')' | ']') => depth -= 1,
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Tok::Punct(';') if depth == 0 => {
                    if ident(toks.get(j.saturating_sub(2))) == Some("mod") {
                        if let Some(name) = &last_ident {
                            test_files.push(name.clone());
                        }
                    }
                    break;
                }
                Tok::Ident(s) => last_ident = Some(s.clone()),
                _ => {}
            }
            j += 1;
        }
        i = j + 1;
    }
    (out, test_files)
}

/// The top-level module a path names, starting at the segment after
/// `crate::`: a module, or an item the crate root re-exports.
fn resolve(
    first: &str,
    modules: &BTreeSet<String>,
    root: &BTreeMap<String, String>,
) -> Option<String> {
    if modules.contains(first) {
        Some(first.to_owned())
    } else {
        root.get(first).cloned()
    }
}

/// Adds every top-level module named in `toks` to `refs`.
fn references(
    toks: &[(Tok, usize)],
    depth: usize,
    modules: &BTreeSet<String>,
    root: &BTreeMap<String, String>,
    mut add: impl FnMut(String, usize),
) {
    for i in 0..toks.len() {
        let Some(word) = ident(toks.get(i)) else {
            continue;
        };
        // `crate::x`, `$crate::x`, or `super::…::x` reaching the root.
        let start = match word {
            "crate" | "$crate" if path_sep(toks, i + 1) => {
                if i >= 2 && path_sep(toks, i - 2) {
                    continue; // `foo::crate`? not a path start
                }
                i + 3
            }
            "super" if !(i >= 2 && path_sep(toks, i - 2)) => {
                let mut j = i;
                let mut ups = 0;
                while ident(toks.get(j)) == Some("super") && path_sep(toks, j + 1) {
                    ups += 1;
                    j += 3;
                }
                if ups < depth {
                    continue; // stays inside its own top-level module
                }
                j
            }
            _ => continue,
        };
        let line = toks[i].1;
        if is_punct(toks.get(start), '{') {
            // `use crate::{a::b, c, d::{e, f}}`: the first segment of each
            // entry at depth 1.
            let mut d = 0;
            let mut k = start;
            let mut expect = true;
            while k < toks.len() {
                match &toks[k].0 {
                    Tok::Punct('{') => {
                        d += 1;
                        if d == 1 {
                            expect = true;
                        }
                    }
                    Tok::Punct('}') => {
                        d -= 1;
                        if d == 0 {
                            break;
                        }
                    }
                    Tok::Punct(',') if d == 1 => expect = true,
                    Tok::Ident(s) if d == 1 && expect => {
                        expect = false;
                        if let Some(m) = resolve(s, modules, root) {
                            add(m, toks[k].1);
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
        } else if let Some(first) = ident(toks.get(start)) {
            if let Some(m) = resolve(first, modules, root) {
                add(m, line);
            }
        }
    }
}

/// The modules declared in lib.rs, and the names lib.rs re-exports (and the
/// macros exported with `#[macro_export]`), each with the module it is from.
fn crate_root(files: &[PathBuf], src: &Path) -> (BTreeSet<String>, BTreeMap<String, String>) {
    let lib = fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let toks = tokens(&strip(&lib));
    let mut modules = BTreeSet::new();
    for w in toks.windows(3) {
        if ident(Some(&w[0])) == Some("mod") && is_punct(Some(&w[2]), ';') {
            if let Some(name) = ident(Some(&w[1])) {
                modules.insert(name.to_owned());
            }
        }
    }
    // `#[path = "private/mod.rs"] pub mod __private;` names a directory
    // other than its own: treat the directory name as an alias.
    let mut root = BTreeMap::new();
    for (alias, dir) in [("__private", "private")] {
        if modules.contains(alias) {
            root.insert(alias.to_owned(), dir.to_owned());
            modules.remove(alias);
            modules.insert(dir.to_owned());
        }
    }
    // `pub use a::{B, C};` / `pub use a::B;`
    let mut i = 0;
    while i < toks.len() {
        if ident(toks.get(i)) == Some("use") {
            let m = ident(toks.get(i + 1)).map(str::to_owned);
            let mut j = i + 1;
            while j < toks.len() && !is_punct(toks.get(j), ';') {
                if let (Some(m), Some(name)) = (&m, ident(toks.get(j))) {
                    if j > i + 1 && name != "self" && name != "as" {
                        let m = root.get(m).cloned().unwrap_or_else(|| m.clone());
                        if modules.contains(&m) {
                            root.entry(name.to_owned()).or_insert(m);
                        }
                    }
                }
                j += 1;
            }
            i = j;
        }
        i += 1;
    }
    for f in files {
        let text = strip(&fs::read_to_string(f).expect("source file"));
        let Some(top) = top_module(f, src) else {
            continue;
        };
        let toks = tokens(&text);
        for i in 0..toks.len() {
            if ident(toks.get(i)) == Some("macro_export") {
                let mut j = i;
                while j < toks.len() && ident(toks.get(j)) != Some("macro_rules") {
                    j += 1;
                }
                if let Some(name) = ident(toks.get(j + 2)) {
                    root.insert(name.to_owned(), top.clone());
                }
            }
        }
    }
    (modules, root)
}

/// `value` for `src/value/ser.rs` and `src/value.rs`; `None` for lib.rs.
fn top_module(file: &Path, src: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    if first == "lib.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_owned())
}

/// How many `super::` lead from `file` to the crate root.
fn depth(file: &Path, src: &Path) -> usize {
    let rel = file.strip_prefix(src).expect("under src");
    let parts = rel.components().count();
    let stem = rel.file_stem().and_then(|s| s.to_str());
    if stem == Some("mod") {
        parts - 1
    } else {
        parts
    }
}

fn graph() -> Edges {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let (modules, root) = crate_root(&files, &src);
    let mut edges = Edges::new();
    let mut test_files: BTreeSet<PathBuf> = BTreeSet::new();
    // Files are sorted, so a `mod tests;` is seen before its file (`x.rs`
    // before `x/tests.rs`, `x/mod.rs` before `x/tests.rs`).
    for f in &files {
        let Some(top) = top_module(f, &src) else {
            continue;
        };
        let dir = f.parent().expect("parent").to_path_buf();
        if test_files.iter().any(|t| f.starts_with(t) || f == t) {
            continue;
        }
        let text = strip(&fs::read_to_string(f).expect("source file"));
        let (toks, tests) = without_tests(tokens(&text));
        let own_dir = if f.file_stem().is_some_and(|s| s == "mod") {
            dir.clone()
        } else {
            dir.join(f.file_stem().expect("stem"))
        };
        for t in tests {
            test_files.insert(own_dir.join(format!("{t}.rs")));
            test_files.insert(own_dir.join(&t));
        }
        let rel = f
            .strip_prefix(&src)
            .expect("under src")
            .display()
            .to_string();
        references(&toks, depth(f, &src), &modules, &root, |m, line| {
            if m != top {
                edges
                    .entry(top.clone())
                    .or_default()
                    .entry(m)
                    .or_insert_with(|| format!("{rel}:{line}"));
            }
        });
    }
    for m in modules {
        edges.entry(m).or_default();
    }
    edges
}

/// A cycle of the graph, as the modules along it, if there is one.
fn find_cycle(edges: &Edges) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        n: &str,
        edges: &Edges,
        mark: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        mark.insert(n.to_owned(), Mark::Open);
        stack.push(n.to_owned());
        for m in edges.get(n).into_iter().flat_map(|e| e.keys()) {
            match mark.get(m).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let at = stack.iter().position(|s| s == m).expect("on stack");
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(c) = visit(m, edges, mark, stack) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        mark.insert(n.to_owned(), Mark::Done);
        None
    }
    let mut mark = BTreeMap::new();
    for n in edges.keys() {
        if mark.get(n).copied().unwrap_or(Mark::New) == Mark::New {
            if let Some(c) = visit(n, edges, &mut mark, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// The modules in layers: each only imports modules of earlier lines.
fn layers(edges: &Edges) -> Vec<Vec<String>> {
    let mut placed: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Vec<String>> = Vec::new();
    while placed.len() < edges.len() {
        let ready: Vec<String> = edges
            .iter()
            .filter(|(n, to)| !placed.contains_key(*n) && to.keys().all(|m| placed.contains_key(m)))
            .map(|(n, _)| n.clone())
            .collect();
        if ready.is_empty() {
            break;
        }
        for n in &ready {
            placed.insert(n.clone(), out.len());
        }
        out.push(ready);
    }
    out
}

#[test]
fn top_level_modules_import_without_cycles() {
    let edges = graph();
    if let Some(cycle) = find_cycle(&edges) {
        let mut msg = String::from("import cycle among the library's top-level modules:\n");
        for w in cycle.windows(2) {
            msg += &format!("  {} -> {}   ({})\n", w[0], w[1], edges[&w[0]][&w[1]]);
        }
        panic!("{msg}");
    }
    for (i, layer) in layers(&edges).iter().enumerate() {
        println!("layer {i}: {}", layer.join(", "));
    }
}

/// The scanner sees the references it must: a back-edge in a test graph is
/// a cycle, and the kinds of path this crate uses all count.
#[test]
fn the_scanner_finds_references_and_cycles() {
    let modules: BTreeSet<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let root: BTreeMap<String, String> = [("Thing".to_owned(), "c".to_owned())].into();
    let src = r#"
        use crate::a::X; // crate::b::Y in a comment does not count
        use crate::{b::Z, Thing};
        const S: &str = "crate::a::W";
        const C: char = '\''; const D: &str = "\"crate::a::V"; fn g<'a>(x: &'a str) {}
        fn f() { super::super::b::g(); $crate::c::h(); }
        #[cfg(test)]
        mod tests { use crate::zzz; }
    "#;
    let (toks, _) = without_tests(tokens(&strip(src)));
    let mut seen = Vec::new();
    references(&toks, 2, &modules, &root, |m, _| seen.push(m));
    assert_eq!(seen, ["a", "b", "c", "b", "c"]);

    let mut edges = Edges::new();
    edges
        .entry("a".into())
        .or_default()
        .insert("b".into(), "x".into());
    edges
        .entry("b".into())
        .or_default()
        .insert("c".into(), "x".into());
    edges.entry("c".into()).or_default();
    assert_eq!(find_cycle(&edges), None);
    edges
        .entry("c".into())
        .or_default()
        .insert("a".into(), "x".into());
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
