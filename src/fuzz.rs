//! Fuzz harnesses on the stable toolchain: property tests over arbitrary bytes and over
//! structure-aware mutations of the real files (`examples/`, `tests/`, `pricing/`, `rules/`, the
//! offer fixtures), for every reader of user input: the workload parser, the pricing loader, the
//! rules loader and condition parser, and both offer readers.
//!
//! Each harness checks that the reader never panics (nor overflows the stack, which would abort
//! the test binary), and that what it accepts is usable: a workload, pricing table or rules set
//! that loads ranks with finite costs and fit scores, and renders.
//!
//! The short run is part of `cargo test` (64 cases each, a few seconds in all). The long run:
//!
//! ```text
//! PROPTEST_CASES=20000 cargo test --release --lib fuzz -- --nocapture
//! ```
//!
//! A failure is shrunk and saved under `proptest-regressions/fuzz.txt`, and replayed first on
//! every later run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::engine::advisor::Advisor;
use crate::engine::rank::{Prefer, Ranking, Standing};
use crate::input::source::{Limit, SourceFile};

/// The number of cases per harness: `PROPTEST_CASES`, or 64.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        // Mutations that do not parse are the point, not a reason to give up.
        max_global_rejects: cases.saturating_mul(4),
        ..Config::default()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file with extension `ext` under `dirs` (recursively), as bytes.
fn corpus(dirs: &[&str], ext: &str) -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, ext, out);
            } else if p.extension().is_some_and(|e| e == ext) {
                if let Ok(bytes) = std::fs::read(&p) {
                    let name = p
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned();
                    out.push((name, bytes));
                }
            }
        }
    }
    let mut out = Vec::new();
    for d in dirs {
        walk(&root().join(d), ext, &mut out);
    }
    out
}

/// Values that have broken parsers before, or would: non-finite and huge numbers, nesting,
/// control and formula characters, a byte-order mark, odd quotes and brackets.
const TOKENS: &[&str] = &[
    "inf",
    "-inf",
    "nan",
    "1e308",
    "-1e308",
    "1e-320",
    "0",
    "-0",
    "-1",
    "9223372036854775808",
    "0.0000000001",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "{",
    "}",
    "[[",
    "]]",
    "(",
    ")",
    "((((((((",
    "not not not not ",
    "- - - -",
    "=",
    "==",
    ",",
    ".",
    "\n",
    "\r\n",
    "\t",
    "\u{1b}]0;x\u{7}",
    "\u{1b}[2J",
    "\u{0}",
    "\u{feff}",
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "+1",
    "#",
    "\\",
    "\\u0000",
    "true",
    "false",
    "\"Inf\"",
    "\"NaN\"",
    "\"-1\"",
    "\"1e999\"",
    "\u{202e}",
    "é",
    "🦀",
];

/// One edit to a file: at a position given as a fraction of its length.
#[derive(Debug, Clone)]
enum Edit {
    /// Insert a token from [`TOKENS`].
    Insert(f64, usize),
    /// Replace the next number with a token.
    Number(f64, usize),
    /// Delete this many bytes.
    Delete(f64, usize),
    /// Repeat the line this many times.
    Repeat(f64, usize),
    /// Set a byte.
    Byte(f64, u8),
    /// Insert arbitrary bytes.
    Bytes(f64, Vec<u8>),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    prop_oneof![
        4 => (at.clone(), 0..TOKENS.len()).prop_map(|(a, t)| Edit::Insert(a, t)),
        4 => (at.clone(), 0..TOKENS.len()).prop_map(|(a, t)| Edit::Number(a, t)),
        2 => (at.clone(), 1..64usize).prop_map(|(a, n)| Edit::Delete(a, n)),
        1 => (at.clone(), 2..200usize).prop_map(|(a, n)| Edit::Repeat(a, n)),
        2 => (at.clone(), any::<u8>()).prop_map(|(a, b)| Edit::Byte(a, b)),
        1 => (at, proptest::collection::vec(any::<u8>(), 1..32)).prop_map(|(a, b)| Edit::Bytes(a, b)),
    ]
}

/// Applies `edits` to `bytes`.
fn mutate(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for e in edits {
        let pos = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match e {
            Edit::Insert(f, t) => {
                let at = pos(*f, b.len());
                b.splice(at..at, TOKENS[*t].bytes());
            }
            Edit::Number(f, t) => {
                let start = pos(*f, b.len());
                if let Some(i) = b[start..].iter().position(u8::is_ascii_digit) {
                    let i = start + i;
                    let j = b[i..]
                        .iter()
                        .position(|c| !(c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'e')))
                        .map_or(b.len(), |k| i + k);
                    b.splice(i..j, TOKENS[*t].bytes());
                }
            }
            Edit::Delete(f, n) => {
                let at = pos(*f, b.len());
                let end = (at + n).min(b.len());
                b.drain(at..end);
            }
            Edit::Repeat(f, n) => {
                let at = pos(*f, b.len());
                let start = b[..at]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                let end = b[at..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |i| at + i + 1);
                let line = b[start..end].to_vec();
                for _ in 1..*n {
                    b.splice(end..end, line.iter().copied());
                }
            }
            Edit::Byte(f, v) => {
                if !b.is_empty() {
                    let at = pos(*f, b.len() - 1);
                    b[at] = *v;
                }
            }
            Edit::Bytes(f, v) => {
                let at = pos(*f, b.len());
                b.splice(at..at, v.iter().copied());
            }
        }
    }
    b
}

/// A corpus file and edits to it, or arbitrary bytes.
fn input(corpus: Vec<(String, Vec<u8>)>) -> impl Strategy<Value = (String, Vec<u8>)> {
    let n = corpus.len();
    assert!(n > 0, "an empty corpus");
    let names: Vec<String> = corpus.iter().map(|(n, _)| n.clone()).collect();
    let first = names[0].clone();
    prop_oneof![
        6 => (0..n, proptest::collection::vec(edit_strategy(), 1..6))
            .prop_map(move |(i, edits)| (corpus[i].0.clone(), mutate(&corpus[i].1, &edits))),
        1 => proptest::collection::vec(any::<u8>(), 0..512)
            .prop_map(move |bytes| (first.clone(), bytes)),
    ]
}

fn advisor() -> &'static Advisor {
    static A: OnceLock<Advisor> = OnceLock::new();
    A.get_or_init(|| Advisor::load(None, None).expect("the bundled data loads"))
}

/// What every ranking must satisfy: finite costs and fit scores, and renderers that run.
fn check_ranking(r: &Ranking) -> Result<(), TestCaseError> {
    for e in &r.entries {
        if let Standing::Eligible { estimate, fit, .. } = &e.standing {
            prop_assert!(fit.is_finite(), "{}: fit {fit}", e.service.id());
            for l in &estimate.line_items {
                prop_assert!(l.monthly_usd.is_finite(), "{}: {l:?}", e.service.id());
            }
        }
    }
    let report = crate::report::Report::new(r);
    let json = crate::report::json::render(&report);
    prop_assert!(json.is_ok_and(|j| !j.is_empty()));
    let _ = crate::report::table::render(
        &report,
        crate::report::table::TableStyle { width: Some(100) },
        false,
    );
    Ok(())
}

/// A workload, parsed by the reader users' files go through; ranked and rendered if it parses.
fn workload_case(bytes: &[u8]) -> Result<(), TestCaseError> {
    let a = advisor();
    let Ok(source) = SourceFile::from_reader("fuzz.toml".to_owned(), bytes, Limit::WORKLOAD) else {
        return Ok(());
    };
    let Ok(workload) = crate::workload::Workload::parse(&source, &a.catalog.regions()) else {
        return Ok(());
    };
    for prefer in [Prefer::Balanced, Prefer::Cost] {
        if let Ok(r) = a.rank(&workload, prefer) {
            check_ranking(&r)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fuzz_workload_parser(
        (_, bytes) in input(corpus(&["examples", "tests/fixtures/workloads", "tests/scenarios"], "toml"))
    ) {
        workload_case(&bytes)?;
    }

    #[test]
    fn fuzz_condition_parser(text in conditions()) {
        let facts: BTreeMap<String, crate::rules::condition::Value> = advisor()
            .rules
            .facts
            .iter()
            .map(|(k, f)| (k.to_string(), f.value.clone()))
            .collect();
        if let Ok(e) = crate::rules::condition::parse(&text, &facts) {
            // Evaluating a checked condition on any workload is total, and lowered it says the
            // same.
            let (w, limits) = (sample_workload(), &advisor().rules.limits);
            let env = crate::rules::attributes::values(&w, limits);
            let holds = e.truthy(&env);
            let lowered = crate::rules::lowered::Condition::new(e);
            prop_assert_eq!(lowered.holds(&crate::rules::attributes::numbers(&w, limits)), holds);
        }
    }

    #[test]
    fn fuzz_pricing_loader((name, bytes) in input(corpus(&["pricing"], "toml"))) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        std::fs::write(dir.path().join(&name), &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Ok(advisor) = Advisor::load(Some(dir.path()), None) {
            let region = name.trim_end_matches(".toml");
            for example in ["web-api.toml", "nightly-batch.toml", "gpu-inference.toml"] {
                let text = std::fs::read_to_string(root().join("examples").join(example)).unwrap_or_default();
                let source = SourceFile::new(example, text);
                let options = crate::engine::advisor::Options {
                    region: Some(region.to_owned()),
                    prefer: Prefer::Balanced,
                    overrides: Vec::new(),
                };
                if let Ok(r) = advisor.rank_source(&source, &options) {
                    check_ranking(&r)?;
                }
            }
        }
    }

    #[test]
    fn fuzz_rules_loader((name, bytes) in input(corpus(&["rules"], "toml"))) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (n, text) in corpus(&["rules"], "toml") {
            let body = if n == name { bytes.clone() } else { text };
            std::fs::write(dir.path().join(&n), body).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        if let Ok(advisor) = Advisor::load(None, Some(dir.path())) {
            for example in ["web-api.toml", "event-handler.toml", "kubernetes-platform.toml"] {
                let text = std::fs::read_to_string(root().join("examples").join(example)).unwrap_or_default();
                let source = SourceFile::new(example, text);
                if let Ok(r) = advisor.rank_source(&source, &crate::engine::advisor::Options::default()) {
                    check_ranking(&r)?;
                }
            }
        }
    }

    #[test]
    fn fuzz_offer_json((name, bytes) in input(corpus(&["tests/fixtures/offers/us-east-1"], "json"))) {
        offer_case("tests/fixtures/offers/us-east-1", &name, &bytes)?;
    }

    #[test]
    fn fuzz_offer_csv((name, bytes) in input(corpus(&["tests/fixtures/offers/us-east-1-csv"], "csv"))) {
        offer_case("tests/fixtures/offers/us-east-1-csv", &name, &bytes)?;
    }
}

/// The `when` conditions of the bundled rules, mutated, or arbitrary text.
fn conditions() -> impl Strategy<Value = String> {
    let mut whens: Vec<(String, Vec<u8>)> = Vec::new();
    for (_, text) in corpus(&["rules"], "toml") {
        let text = String::from_utf8_lossy(&text).into_owned();
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("when = '") {
                if let Some(end) = rest.find('\'') {
                    whens.push((String::new(), rest.as_bytes()[..end].to_vec()));
                }
            }
        }
    }
    prop_oneof![
        8 => input(whens).prop_map(|(_, b)| String::from_utf8_lossy(&b).into_owned()),
        1 => ".{0,200}",
    ]
}

fn sample_workload() -> crate::workload::Workload {
    let text = std::fs::read_to_string(root().join("examples/web-api.toml")).unwrap_or_default();
    crate::workload::Workload::parse(
        &SourceFile::new("w.toml", text),
        &advisor().catalog.regions(),
    )
    .expect("the example parses")
}

/// One offer file replaced by `bytes` among the fixtures, imported; an imported table loads.
fn offer_case(fixtures: &str, name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let fail = |e: std::io::Error| TestCaseError::fail(e.to_string());
    let dir = tempfile::tempdir().map_err(fail)?;
    for entry in std::fs::read_dir(root().join(fixtures)).map_err(fail)? {
        let path = entry.map_err(fail)?.path();
        let file = path.file_name().unwrap_or_default();
        if file == name {
            std::fs::write(dir.path().join(file), bytes).map_err(fail)?;
        } else {
            std::fs::copy(&path, dir.path().join(file)).map_err(fail)?;
        }
    }
    let files = crate::pricing::import::OfferFiles::locate(dir.path())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let options = crate::pricing::import::ImportOptions {
        region: "us-east-1".to_owned(),
        all_instances: false,
    };
    if let Ok(imported) = crate::pricing::import::import(&options, &files, &|_| {}) {
        let out = tempfile::tempdir().map_err(fail)?;
        std::fs::write(out.path().join("us-east-1.toml"), &imported.text).map_err(fail)?;
        // What the import writes passes the same checks as any table, or is refused by them;
        // either way without a panic.
        let _ = crate::pricing::Catalog::from_dir(out.path());
    }
    Ok(())
}
