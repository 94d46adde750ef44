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
    // Warnings wrap at the width: one line each at 200 columns (web-api.toml has none: every
    // service has its Savings Plan rate in us-east-1).
    let wide = Test::new()
        .args(["recommend", "examples/hourly-cleanup.toml"])
        .env("COLUMNS", "200")
        .run()
        .success();
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

/// api-behind-nat: ECS on Fargate ranks above a much cheaper Lambda; the figures come from the
/// JSON (cost difference in cents, its share of the cheaper cost rounded to a percent).
#[test]
fn why_the_top_pick_costs_more_in_table_explain_and_report() {
    let json = Test::new()
        .args([
            "recommend",
            "examples/api-behind-nat.toml",
            "--format",
            "json",
        ])
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
        (Some("fargate"), Some("lambda"))
    );
    let extra = ((cost(top) - cost(cheapest)) * 100.0).round() / 100.0;
    assert!(extra > 10.0 && extra > 0.25 * cost(cheapest), "{extra}");
    let expected = format!(
        "ECS on Fargate ranks first though it costs ${extra:.2} a month ({:.0}%) more than Lambda",
        extra / cost(cheapest) * 100.0
    );
    let table = Test::new()
        .args(["recommend", "examples/api-behind-nat.toml"])
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
        .args(["explain", "examples/api-behind-nat.toml"])
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
        .args(["report", "examples/api-behind-nat.toml"])
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
        .args([
            "recommend",
            "examples/api-behind-nat.toml",
            "--prefer",
            "cost",
        ])
        .run()
        .success();
    assert!(
        !by_cost.stdout.contains("ranks first though"),
        "{}",
        by_cost.stdout
    );
}

/// The top pick's monthly cost in a `recommend --format json` document.
fn top_cost(args: &[&str]) -> f64 {
    let run = Test::new()
        .args(["recommend", "--format", "json"])
        .args(args)
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    doc["services"][0]["monthly_cost_usd"].as_f64().unwrap()
}

/// web-api with twice the memory: ECS on Fargate bills more GB-hours, so the top pick costs more.
#[test]
fn diff_fail_above_gates_the_top_picks_cost_growth() {
    let set = ["--set", "resources.memory_gb=4"];
    let before = top_cost(&["examples/web-api.toml"]);
    let after = top_cost(&["examples/web-api.toml", set[0], set[1]]);
    let change = ((after - before) * 100.0).round() / 100.0;
    let pct = change / before * 100.0;
    assert!(change > 1.0 && pct > 2.0, "{before} → {after}");
    let diff = |limit: String| {
        Test::new()
            .args(["diff", "examples/web-api.toml"])
            .args(set)
            .args([format!("--fail-above={limit}")])
            .run()
    };
    // Just below the growth: status 4, the table first, then the message.
    for limit in [
        format!("{}%", pct.floor() - 1.0),
        format!("{:.2}", change - 0.01),
    ] {
        let run = diff(limit.clone());
        assert_eq!(run.status, 4, "{limit}: {}", run.stderr);
        assert!(run.stdout.contains("the gate fails"), "{}", run.stdout);
        assert!(
            run.stderr.contains(&format!(
                "the top pick for `orders-api` costs ${after:.2} a month, up from ${before:.2} (+${change:.2}, +"
            )) && run.stderr.contains("more than `--fail-above"),
            "{}",
            run.stderr
        );
    }
    // At or above it: success. $X more is not more than $X.
    for limit in [format!("{}%", pct.ceil()), format!("{change:.2}")] {
        let run = diff(limit.clone());
        assert_eq!(run.status, 0, "{limit}: {}", run.stderr);
        assert!(
            run.stdout.contains("within `--fail-above"),
            "{}",
            run.stdout
        );
    }
    // JSON carries the verdict.
    let run = Test::new()
        .args(["diff", "examples/web-api.toml", "--format", "json"])
        .args(set)
        .args(["--fail-above", "1%"])
        .run();
    assert_eq!(run.status, 4);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["top_pick"]["gate"], "failed");
    assert_eq!(doc["top_pick"]["change_usd"].as_f64(), Some(change));
    assert_eq!(doc["top_pick"]["fail_above"], "1%");
    // A limit that is not one is a usage error.
    for bad in ["ten", "-5%", "5%%"] {
        let run = diff(bad.to_owned()).input_error();
        assert!(run.stderr.contains("--fail-above"), "{bad}: {}", run.stderr);
    }
}

/// Two directories: each file of A against the one at the same path in B, the gate per file, the
/// summary naming the files over it; the highest-priority status wins.
#[test]
fn diff_of_two_directories_gates_each_file() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let web = std::fs::read_to_string(root().join("examples/web-api.toml")).unwrap();
    let batch = std::fs::read_to_string(root().join("examples/nightly-batch.toml")).unwrap();
    std::fs::write(a.path().join("web.toml"), &web).unwrap();
    std::fs::write(a.path().join("etl.toml"), &batch).unwrap();
    std::fs::create_dir(b.path().join("sub")).unwrap();
    std::fs::write(a.path().join("gone.toml"), &batch).unwrap();
    let bigger = web.replacen("memory_gb = 2.0", "memory_gb = 8.0", 1);
    assert_ne!(bigger, web);
    std::fs::write(b.path().join("web.toml"), &bigger).unwrap();
    std::fs::write(b.path().join("etl.toml"), &batch).unwrap();
    std::fs::write(b.path().join("sub/new.toml"), &batch).unwrap();
    let run = |format: &str, limit: &str| {
        Test::new()
            .args(["diff", "--format", format, "--fail-above", limit])
            .arg_path(a.path())
            .arg_path(b.path())
            .run()
    };
    let table = run("table", "10%");
    assert_eq!(table.status, 4, "{}\n{}", table.stdout, table.stderr);
    for file in ["web.toml", "etl.toml", "gone.toml", "new.toml"] {
        assert!(table.stdout.contains(file), "{file}: {}", table.stdout);
    }
    assert!(
        table
            .stderr
            .contains("web.toml: error: the top pick for `orders-api`")
            && !table.stderr.contains("etl.toml:")
            && table.stderr.contains("1 of 4 workload files failed"),
        "{}",
        table.stderr
    );
    let json = run("json", "10%");
    assert_eq!(json.status, 4);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let gates: Vec<(&str, &serde_json::Value)> = doc["workloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["file"].as_str().unwrap(), &w["gate"]))
        .collect();
    assert_eq!(gates.len(), 4);
    for (file, gate) in gates {
        let expected = match file {
            "web.toml" => serde_json::json!("failed"),
            "etl.toml" => serde_json::json!("passed"),
            _ => serde_json::Value::Null,
        };
        assert_eq!(gate, &expected, "{file}");
    }
    // A broken file in B outranks the gate: 2.
    std::fs::write(b.path().join("gone.toml"), "version = 1\nname = \n").unwrap();
    let broken = run("table", "10%");
    assert_eq!(broken.status, 2, "{}", broken.stderr);
    assert!(broken.stderr.contains("gone.toml:2:"), "{}", broken.stderr);
    // A file and a directory cannot be compared; two empty directories are nothing to do.
    let mixed = Test::new()
        .args(["diff", "examples/web-api.toml"])
        .arg_path(b.path())
        .run()
        .input_error();
    assert!(
        mixed.stderr.contains("two files or two directories"),
        "{}",
        mixed.stderr
    );
    let (e1, e2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let empty = Test::new()
        .args(["diff"])
        .arg_path(e1.path())
        .arg_path(e2.path())
        .run()
        .input_error();
    assert!(empty.stderr.contains("nothing to do"), "{}", empty.stderr);
}

/// The Markdown table's rows: the lines that start with `|`, header and alignment row left out.
fn md_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn markdown_summary_for_recommend_one_row_per_workload_with_the_gate() {
    let web = top_cost(&["examples/web-api.toml"]);
    let etl = top_cost(&["examples/nightly-batch.toml"]);
    // A budget between the two: web-api is over it, nightly-batch within.
    let budget = format!("{:.2}", (web + etl) / 2.0);
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "examples/nightly-batch.toml",
            "--format",
            "md",
            "--max-monthly",
            &budget,
        ])
        .run();
    assert_eq!(run.status, 4, "{}", run.stderr);
    let header = run.stdout.lines().next().unwrap();
    assert_eq!(
        header,
        "| File | Workload | Top pick | Monthly | Runner-up | Difference | Gate |"
    );
    let rows = md_rows(&run.stdout);
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    assert_eq!(rows[0][1], "orders-api");
    assert_eq!(rows[0][3], format!("\\${web:.2}"));
    assert!(rows[0][6].starts_with("❌ over"), "{:?}", rows[0]);
    assert!(rows[1][6].starts_with("✅ within"), "{:?}", rows[1]);
    assert!(
        run.stdout.contains(&format!(
            "Gate `--max-monthly ${budget}`: 1 of 2 over it: `examples/web-api.toml`."
        )),
        "{}",
        run.stdout
    );
    // One file: one row, no gate column without a gate.
    let one = Test::new()
        .args(["recommend", "examples/web-api.toml", "-f", "md"])
        .run()
        .success();
    assert_eq!(md_rows(&one.stdout).len(), 1, "{}", one.stdout);
    assert!(!one.stdout.contains("Gate"), "{}", one.stdout);
}

#[test]
fn markdown_summary_for_diff_and_names_that_cannot_break_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let web = std::fs::read_to_string(root().join("examples/web-api.toml")).unwrap();
    let hostile = web.replacen(
        "name = \"orders-api\"",
        "name = \"a | <b>*x*</b> [y](z)\"",
        1,
    );
    assert_ne!(hostile, web);
    let path = dir.path().join("hostile.toml");
    std::fs::write(&path, &hostile).unwrap();
    let run = Test::new()
        .args(["diff", "--format", "md", "--fail-above", "5%"])
        .arg_path(&path)
        .args(["--set", "resources.memory_gb=8"])
        .run();
    assert_eq!(run.status, 4, "{}", run.stderr);
    let rows = md_rows(&run.stdout);
    assert_eq!(rows.len(), 1, "{}", run.stdout);
    // Six cells: the name's `|` is escaped, its HTML and emphasis are text.
    assert_eq!(rows[0].len(), 6, "{:?}", rows[0]);
    assert!(
        rows[0][1].contains("\\|") && rows[0][1].contains("&lt;b&gt;"),
        "{:?}",
        rows[0]
    );
    assert!(
        rows[0][2] == "ECS on Fargate" && rows[0][3].contains(" → "),
        "{:?}",
        rows[0]
    );
    assert!(rows[0][5].starts_with("❌ over 5%"), "{:?}", rows[0]);
    assert!(
        run.stdout
            .contains("Gate `--fail-above 5%`: 1 of 1 grew by more")
    );
}

#[test]
fn help_lists_the_diff_gate_under_status_4() {
    let help = Test::new().args(["--help"]).run().success();
    // The status 4 paragraph, however clap wraps it.
    let line = help
        .stdout
        .split("\n  4 ")
        .nth(1)
        .and_then(|rest| rest.split("\n  130 ").next())
        .unwrap()
        .to_owned();
    assert!(
        line.contains("--max-monthly") && line.contains("--fail-above"),
        "{line}"
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let row = readme.lines().find(|l| l.starts_with("| `4` |")).unwrap();
    assert!(row.contains("--fail-above"), "{row}");
}

/// A change that leaves B without an eligible service (16 GPUs an instance: no instance type has
/// them; every memory size fits the whole catalogue) ends `diff` with status 3, output first.
#[test]
fn diff_to_a_workload_no_service_can_run_exits_3() {
    let run = Test::new()
        .args([
            "diff",
            "examples/web-api.toml",
            "--set",
            "resources.gpus=16",
            "--fail-above",
            "10%",
        ])
        .run();
    assert_eq!(run.status, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Top pick: ECS on Fargate → none"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("no service can run workload `orders-api`"),
        "{}",
        run.stderr
    );
}
