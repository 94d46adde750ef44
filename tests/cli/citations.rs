//! Issue 15 item 6: warnings, reasons and citations name a source document by its title and
//! section ("Other Compute Services (LearningTree), "Don't Use Batch When""), never by its file
//! name or number ("000 says", `001 "Pricing Models"`, `000_2ff4b9250b2fa24a.txt`), in every
//! output people read; a rules directory whose texts cite that way does not load.

use std::path::Path;

use crate::support::{Test, examples, root};

/// Where `text` names a source document by file name or number: a standalone three-digit number
/// with a leading zero (`000 says`, `(001)`, `000-guide.md`; not `1,000`, `0.005`), a
/// `NNN_<hex>.txt` file name or the contract's file name. The lines found, for the message.
fn bare_citations(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| {
            let b = line.as_bytes();
            let numbered = (0..b.len().saturating_sub(2)).any(|i| {
                let three = b[i] == b'0' && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit();
                let before = i.checked_sub(1).map(|j| b[j]);
                let after = b.get(i + 3).copied();
                let glued = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                // `1,000`, `0.001`: part of a quantity.
                let in_number = matches!(before, Some(b',' | b'.'))
                    && i.checked_sub(2).is_some_and(|j| b[j].is_ascii_digit())
                    || matches!(after, Some(b',' | b'.'))
                        && b.get(i + 4).is_some_and(u8::is_ascii_digit);
                three && !glued(before) && before != Some(b'$') && !glued(after) && !in_number
            });
            numbered || line.contains(".txt") || line.contains("runwhere-v1.md")
        })
        .collect()
}

/// Every string of a JSON document but the `doc` keys (the machine-readable file name beside
/// each source's `title`), one per line.
fn json_strings(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "doc")
            .for_each(|(_, v)| json_strings(v, out)),
        _ => {}
    }
}

/// What `recommend --long`, `explain`, `recommend --format json` (but its `doc` keys) and
/// `report --format md` print for the workload file `path`.
fn outputs(path: &Path) -> Vec<(String, String)> {
    let commands: [&[&str]; 4] = [
        &["recommend", "--long"],
        &["explain"],
        &["recommend", "--format", "json"],
        &["report", "--format", "md"],
    ];
    commands
        .iter()
        .map(|args| {
            let run = Test::new().args(*args).arg_path(path).run();
            // 3: no eligible service, which some scenarios are about.
            assert!(
                run.status == 0 || run.status == 3,
                "{args:?} {}: {}",
                path.display(),
                run.stderr
            );
            let mut text = run.stdout;
            if args.contains(&"json") {
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                text = String::new();
                json_strings(&value, &mut text);
            }
            (format!("{} {}", args.join(" "), path.display()), text)
        })
        .collect()
}

/// The scan itself tells a citation by number from a quantity.
#[test]
fn the_scan_finds_numbered_citations_and_not_quantities() {
    for bad in [
        "000 says it",
        "while 001 \"Pricing Models\" says",
        "(001)",
        "see 000-compute-services-guide.md",
        "000_2ff4b9250b2fa24a.txt, \"Decision Flowchart\"",
        "runwhere's cost model (runwhere-v1.md §3)",
    ] {
        assert_eq!(bare_citations(bad), [bad]);
    }
    for fine in [
        "1,000 jobs, 10,000 children",
        "$0.005 per request, 0.001 s",
        "100 ms, 2026-04-30, t3.micro",
        "Other Compute Services (LearningTree), \"Don't Use Batch When\"",
    ] {
        assert!(bare_citations(fine).is_empty(), "{fine}");
    }
}

/// Every example and every scenario's workload: no output names a document by file name or
/// number. At 1f2518f `spot-batch.toml` printed `000 "Don't Use Batch When" says`, `001 calls
/// 1,000 two-minute jobs`, and explain printed `source: 000_2ff4b9250b2fa24a.txt, ...`.
#[test]
fn no_output_names_a_source_document_by_file_name_or_number() {
    let scratch = tempfile::tempdir().unwrap();
    let mut files = examples();
    let mut scenarios: Vec<_> = std::fs::read_dir(root().join("tests/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    for path in scenarios {
        let scenario: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let workload = toml::to_string(&scenario["workload"]).unwrap();
        let file = scratch.path().join(path.file_name().unwrap());
        std::fs::write(&file, workload).unwrap();
        files.push(file);
    }
    assert!(files.len() > 100, "{} files", files.len());

    let mut found = Vec::new();
    for file in &files {
        for (what, text) in outputs(file) {
            found.extend(
                bare_citations(&text)
                    .into_iter()
                    .map(|line| format!("{what}: {}", line.trim())),
            );
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The warnings that quoted documents by number now name them by title and section.
#[test]
fn warnings_and_sources_name_the_document_by_title_and_section() {
    let file = root().join("examples/spot-batch.toml");
    let run = Test::new()
        .env("COLUMNS", "400")
        .args(["recommend"])
        .arg_path(&file)
        .run()
        .success();
    assert!(
        run.stdout.contains(
            "The documents disagree on short jobs: \"Jobs under 15 minutes with simple dependencies — Lambda is sufficient\" (Other Compute Services (LearningTree), \"Don't Use Batch When\"), while 1,000 two-minute jobs are \"a textbook AWS Batch array job\" in AWS Compute & Containers (AWS Deep Dives), \"14. Common Interview Questions\""
        ),
        "{}",
        run.stdout
    );

    let run = Test::new()
        .args(["explain"])
        .arg_path(&file)
        .run()
        .success();
    assert!(
        run.stdout.contains(
            "Flowchart: Which Compute Service Should I Use?, from Other Compute Services (LearningTree), \"Decision Flowchart\""
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("source: Other Compute Services (LearningTree), \"What is AWS Batch\""),
        "{}",
        run.stdout
    );

    // JSON keeps the file name for scripts and adds the title.
    let run = Test::new()
        .args(["recommend", "--format", "json"])
        .arg_path(&file)
        .run()
        .success();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let sources: Vec<&serde_json::Value> = json["services"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["reasons"].as_array().into_iter().flatten())
        .filter_map(|r| r.get("source"))
        .filter(|s| s["doc"] == "000_2ff4b9250b2fa24a.txt")
        .collect();
    assert!(!sources.is_empty());
    for s in sources {
        assert_eq!(s["title"], "Other Compute Services (LearningTree)", "{s}");
    }
}

/// A rules directory whose warning cites a document by number does not load: exit 2, the file,
/// line and column of the number, and what to write instead.
#[test]
fn rules_that_cite_a_document_by_number_do_not_load() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == "notes.toml" {
            let edited = text.replacen(
                "in {doc:001 § 14. Common Interview Questions}; AWS has billed",
                "in 001 \\\"14. Common Interview Questions\\\"; AWS has billed",
                1,
            );
            assert_ne!(edited, text);
            text = edited;
        }
        std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    let run = Test::new()
        .args(["rules", "check"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr
            .contains("error: `001` names a source document by its number"),
        "{}",
        run.stderr
    );
    let notes = std::fs::read_to_string(dir.path().join("notes.toml")).unwrap();
    let (line, text) = notes
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("in 001 \\\"14."))
        .unwrap();
    let column = text.find("001 \\\"14.").unwrap() + 1;
    let at = format!(
        "{}:{}:{column}",
        dir.path().join("notes.toml").display(),
        line + 1
    );
    assert!(run.stderr.contains(&at), "{at}\n{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`{doc:001 § Section}` reads `AWS Compute & Containers (AWS Deep Dives), \"Section\"`"
        ),
        "{}",
        run.stderr
    );
    // `recommend` with these rules fails the same way.
    let run = Test::new()
        .args(["recommend", "--rules-dir"])
        .arg_path(dir.path())
        .arg_path(&root().join("examples/web-api.toml"))
        .run()
        .input_error();
    assert!(run.stderr.contains(&at), "{}", run.stderr);
}
