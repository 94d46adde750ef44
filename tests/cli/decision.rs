//! Decision-ready output (#15): the 80-column table with short reasons, why the top pick costs
//! more, CI gates and the Markdown summary.

use crate::support::{Test, examples, root};

/// Every line of `text` fits `width` columns (every character here is one column wide).
#[track_caller]
fn fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "a line is {} columns, over {width}:\n{line}\n\n{text}",
            line.chars().count()
        );
    }
}

/// The table's service rows: the lines between the rule under the header and the first blank.
fn rows(table: &str) -> Vec<&str> {
    table
        .lines()
        .skip_while(|l| !l.starts_with('─'))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn default_table_snapshots_at_80_and_120_columns() {
    for example in ["web-api", "nightly-batch", "gpu-inference"] {
        for width in ["80", "120"] {
            let run = Test::new()
                .args(["recommend", &format!("examples/{example}.toml")])
                .env("COLUMNS", width)
                .run()
                .success();
            fits(&run.stdout, width.parse().unwrap());
            insta::assert_snapshot!(format!("table-{example}-{width}"), run.stdout);
        }
    }
}

/// At 1f2518f the 80-column table took 85 lines for 7 services: every Why wrapped to 8-11 lines.
#[test]
fn every_example_has_one_line_per_service_within_80_columns() {
    for example in examples() {
        let json = Test::new()
            .args(["recommend", "--format", "json"])
            .arg_path(&example)
            .run()
            .success();
        let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        let eligible = doc["services"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["eligible"] == true)
            .count();
        // Piped, without COLUMNS: 80 columns.
        let run = Test::new()
            .args(["recommend"])
            .arg_path(&example)
            .run()
            .success();
        fits(&run.stdout, 80);
        // With `[current]`, a row for today comes first.
        let rows: Vec<&str> = rows(&run.stdout)
            .into_iter()
            .filter(|r| !r.starts_with("today "))
            .collect();
        assert_eq!(rows.len(), eligible, "{}", run.stdout);
        for (i, row) in rows.iter().enumerate() {
            assert!(
                row.trim_start().starts_with(&format!("{} ", i + 1)),
                "{row}"
            );
        }
    }
}

#[test]
fn columns_is_honoured_and_long_keeps_the_full_reasons() {
    let narrow = Test::new()
        .args(["recommend", "examples/web-api.toml"])
        .env("COLUMNS", "60")
        .run()
        .success();
    fits(&narrow.stdout, 60);
    let wide = Test::new()
        .args(["recommend", "examples/web-api.toml"])
        .env("COLUMNS", "200")
        .run()
        .success();
    // Warnings wrap at the width: one line each at 200 columns.
    let warnings = wide.stdout.split("Warnings:\n").nth(1).unwrap();
    assert!(
        warnings.lines().all(|l| l.starts_with("  - ")),
        "{warnings}"
    );

    let short = Test::new()
        .args(["recommend", "examples/web-api.toml"])
        .run()
        .success();
    assert!(
        short.stdout.contains("no servers to manage"),
        "{}",
        short.stdout
    );
    let full = "Fargate runs containers without any server management";
    assert!(!short.stdout.contains(full));
    for flag in ["--long", "-v"] {
        let long = Test::new()
            .args(["recommend", "examples/web-api.toml", flag])
            .env("COLUMNS", "200")
            .run()
            .success();
        assert!(long.stdout.contains(full), "{flag}: {}", long.stdout);
        assert!(long.stdout.contains("ECS on Fargate"), "{}", long.stdout);
    }
}

#[test]
fn a_rule_without_a_short_reason_or_with_a_long_one_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let fit = dir.path().join("fit.toml");
    let text = std::fs::read_to_string(&fit).unwrap();
    let long = text.replacen(
        "short = \"scales per event\"",
        "short = \"scales per event to thousands\"",
        1,
    );
    assert_ne!(long, text);
    std::fs::write(&fit, &long).unwrap();
    let run = Test::new()
        .args(["rules", "check"])
        .arg_path(dir.path())
        .run()
        .input_error();
    let line = long
        .lines()
        .position(|l| l == "short = \"scales per event to thousands\"")
        .unwrap()
        + 1;
    assert!(
        run.stderr
            .contains("the `short` of rule `lambda-burst` is 29 characters long")
            && run.stderr.contains(&format!("{}:{line}:9", fit.display())),
        "{}",
        run.stderr
    );
    std::fs::write(&fit, text.replacen("short = \"scales per event\"\n", "", 1)).unwrap();
    let run = Test::new()
        .args(["recommend", "examples/web-api.toml", "--rules-dir"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr.contains("rule `lambda-burst` has no `short`"),
        "{}",
        run.stderr
    );
}

/// web-api: ECS on Fargate ranks above a much cheaper Elastic Beanstalk; the figures come from the
/// JSON (cost difference in cents, its share of the cheaper cost rounded to a percent).
#[test]
fn why_the_top_pick_costs_more_in_table_explain_and_report() {
    let json = Test::new()
        .args(["recommend", "examples/web-api.toml", "--format", "json"])
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let eligible: Vec<&serde_json::Value> = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["eligible"] == true)
        .collect();
    let cost = |s: &serde_json::Value| s["monthly_cost_usd"].as_f64().unwrap();
    let top = eligible[0];
    let cheapest = eligible
        .iter()
        .copied()
        .min_by(|a, b| cost(a).total_cmp(&cost(b)))
        .unwrap();
    assert_eq!(
        (top["service"].as_str(), cheapest["service"].as_str()),
        (Some("fargate"), Some("elastic_beanstalk"))
    );
    let extra = ((cost(top) - cost(cheapest)) * 100.0).round() / 100.0;
    assert!(extra > 10.0 && extra > 0.25 * cost(cheapest), "{extra}");
    let expected = format!(
        "ECS on Fargate ranks first though it costs ${extra:.2} a month ({:.0}%) more than Elastic Beanstalk",
        extra / cost(cheapest) * 100.0
    );
    let table = Test::new()
        .args(["recommend", "examples/web-api.toml"])
        .env("COLUMNS", "300")
        .run()
        .success();
    assert!(table.stdout.contains(&expected), "{}", table.stdout);
    assert!(
        table.stdout.contains("its fit of +5 against +1 ("),
        "{}",
        table.stdout
    );
    let explain = Test::new()
        .args(["explain", "examples/web-api.toml"])
        .run()
        .success();
    assert!(
        explain
            .stdout
            .contains(&format!("Why the top pick costs more: {expected}")),
        "{}",
        explain.stdout
    );
    let report = Test::new()
        .args(["report", "examples/web-api.toml"])
        .run()
        .success();
    // Markdown escapes the dollar signs.
    assert!(
        report.stdout.contains(&expected.replace('$', "\\$")),
        "{}",
        report.stdout
    );
    // By cost, the top pick is the cheapest: nothing to explain.
    let by_cost = Test::new()
        .args(["recommend", "examples/web-api.toml", "--prefer", "cost"])
        .run()
        .success();
    assert!(
        !by_cost.stdout.contains("ranks first though"),
        "{}",
        by_cost.stdout
    );
}
