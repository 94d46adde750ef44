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

/// A file's code without its comments (doc links name modules without using them) and without
/// its unit tests (which may use anything, and quote paths in strings).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Modules that only group the stages' modules: a path through them names the module inside.
const GROUPS: [&str; 3] = ["engine", "input", "output"];

/// The module a `crate::` path names: its first segment, or its first two through a group
/// (`crate::engine::rank::Ranking` → `engine::rank`).
fn module_of(path: &str) -> String {
    let mut parts = path.split("::").map(|p| {
        p.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<String>()
    });
    let first = parts.next().unwrap_or_default();
    match parts.next() {
        Some(second) if GROUPS.contains(&first.as_str()) && !second.is_empty() => {
            format!("{first}::{second}")
        }
        _ => first,
    }
}

/// The modules that module `name` refers to as `crate::x` (`crate::group::x` through a group),
/// with the file of each.
fn uses(name: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for path in files(name) {
        let text = code(&path);
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let named: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            // `use crate::{a, b}` lists several.
            let modules: Vec<String> = if named.is_empty() && rest.starts_with('{') {
                let end = rest.find('}').unwrap_or(rest.len());
                rest[1..end]
                    .split(',')
                    .map(|m| module_of(m.trim()))
                    .collect()
            } else {
                vec![module_of(&named)]
            };
            let own = |m: &str| m == name || name.starts_with(&format!("{m}::"));
            for m in modules.into_iter().filter(|m| !m.is_empty() && !own(m)) {
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
    let allowed = [
        "input::diagnostic",
        "input::source",
        "output::escape",
        "Error",
        "Result",
    ];
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
    assert!(
        report.iter().any(|(m, _)| m == "engine::rank"),
        "{report:?}"
    );
    assert!(uses("cli").iter().any(|(m, _)| m == "report"));
    assert_eq!(module_of("engine::rank::Ranking"), "engine::rank");
    assert_eq!(module_of("report::usd"), "report");
}

#[test]
fn the_engine_renders_nothing() {
    // Ranking, sweeps, diffs and many-workload runs return typed values; formats are `report`'s.
    let bad: Vec<_> = uses("engine")
        .into_iter()
        .filter(|(m, _)| m == "report" || m == "cli" || m == "interview")
        .collect();
    assert!(bad.is_empty(), "`engine` uses a renderer: {bad:?}");
}

#[test]
fn the_inputs_know_nothing_of_what_comes_after_them() {
    // Source text, the data loader and diagnostics sit below the models that use them: the
    // workload, the pricing tables and the rules read their files through `input`, never the
    // other way round.
    let later = [
        "workload",
        "pricing",
        "rules",
        "cost",
        "engine",
        "report",
        "cli",
        "interview",
    ];
    let bad: Vec<_> = uses("input")
        .into_iter()
        .filter(|(m, _)| {
            later
                .iter()
                .any(|l| m == l || m.starts_with(&format!("{l}::")))
        })
        .collect();
    assert!(bad.is_empty(), "`input` uses a later stage: {bad:?}");
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
        let text = code(&path);
        for token in forbidden {
            if text.contains(token) {
                bad.push(format!("{}: {token}", path.display()));
            }
        }
    }
    assert!(bad.is_empty(), "`cli` builds output itself: {bad:?}");
}
