//! The module layout holds: read from the `crate::` paths in each module's source files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::root;

/// The `.rs` files of module `name`: `src/name.rs` and everything under `src/name/`.
fn files(name: &str) -> Vec<PathBuf> {
    let src = root().join("src");
    let mut out = Vec::new();
    let file = src.join(format!("{name}.rs"));
    if file.is_file() {
        out.push(file);
    }
    let mut dirs = vec![src.join(name)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    assert!(!out.is_empty(), "no source files for module `{name}`");
    out.sort();
    out
}

/// A file's code without its comments (doc links name modules without using them).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules that module `name` refers to as `crate::x`, with the file of each.
fn uses(name: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for path in files(name) {
        let text = code(&path);
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let module: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `use crate::{a, b}` lists several.
            let modules: Vec<String> = if module.is_empty() && rest.starts_with('{') {
                let end = rest.find('}').unwrap_or(rest.len());
                rest[1..end]
                    .split(',')
                    .map(|m| m.trim().split("::").next().unwrap_or("").to_owned())
                    .collect()
            } else {
                vec![module]
            };
            for m in modules.into_iter().filter(|m| !m.is_empty() && m != name) {
                found.insert((m, path.display().to_string()));
            }
        }
    }
    found
}

#[test]
fn error_uses_no_feature_module() {
    // The error type sits below every feature: it may name diagnostics (and their source files),
    // and make printed text safe with `escape`, a leaf module that uses nothing of the crate.
    let allowed = ["diagnostic", "source", "escape", "Error", "Result"];
    let bad: Vec<_> = uses("error")
        .into_iter()
        .filter(|(m, _)| !allowed.contains(&m.as_str()))
        .collect();
    assert!(bad.is_empty(), "`error` uses feature modules: {bad:?}");
}

#[test]
fn the_dependency_reader_sees_what_a_module_uses() {
    // The checks above would pass on a reader that finds nothing.
    let report = uses("report");
    assert!(report.iter().any(|(m, _)| m == "rank"), "{report:?}");
    assert!(uses("cli").iter().any(|(m, _)| m == "report"));
}

#[test]
fn cli_renders_nothing_itself() {
    // Tables, report text and their building blocks belong in `report`; `cli` passes them on.
    let forbidden = [
        "comfy_table",
        "new_table",
        "Cell::",
        "set_header",
        "add_row",
        "writeln!",
        "push_str",
        "table::signed",
        "trim_count",
    ];
    let mut bad = Vec::new();
    for path in files("cli") {
        // `explain` moves to `report` with the typed engine output.
        if path.ends_with("explain.rs") {
            continue;
        }
        let text = code(&path);
        for token in forbidden {
            if text.contains(token) {
                bad.push(format!("{}: {token}", path.display()));
            }
        }
    }
    assert!(bad.is_empty(), "`cli` builds output itself: {bad:?}");
}
