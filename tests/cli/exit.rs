//! Exit statuses for results that are not a recommendation (spec §5), and the many-workload
//! table's Difference column.

use crate::support::{Test, root};

/// `examples/web-api.toml` asking for 16 GPUs per instance, which no instance type has (every
/// service is excluded: the largest memory a workload may ask for fits us-east-1's u7in-32tb).
fn unrunnable() -> String {
    std::fs::read_to_string(root().join("examples/web-api.toml"))
        .unwrap()
        .replacen("gpus = 0 ", "gpus = 16", 1)
}

#[test]
fn no_eligible_service_prints_its_output_then_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.toml");
    std::fs::write(&file, unrunnable()).unwrap();
    let run = Test::new().args(["recommend"]).arg_path(&file).run();
    assert_eq!(run.status, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("no service can run this workload") && run.stdout.contains("Excluded:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("no service can run workload `orders-api`"),
        "{}",
        run.stderr
    );
    // JSON too: the document is printed whole, then the status.
    let json = Test::new()
        .args(["recommend", "--format", "json"])
        .arg_path(&file)
        .run();
    assert_eq!(json.status, 3);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(doc["services"].as_array().is_some_and(|s| !s.is_empty()));
    // The same through `--set` on a workload that otherwise runs.
    let set = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "--set",
            "resources.gpus=16",
        ])
        .run();
    assert_eq!(set.status, 3, "{}", set.stderr);
}

#[test]
fn many_workloads_exit_with_the_highest_priority_status() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/web-api.toml"),
        dir.path().join("a-ok.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("b-huge.toml"), unrunnable()).unwrap();
    for format in ["table", "csv", "json"] {
        let run = Test::new()
            .args(["recommend", "--format", format])
            .arg_path(dir.path())
            .run();
        assert_eq!(run.status, 3, "{format}: {}\n{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("orders-api"), "{}", run.stdout);
        assert!(
            run.stderr
                .contains("b-huge.toml: error: no service can run workload")
                && run.stderr.contains("1 of 2 workload files failed"),
            "{}",
            run.stderr
        );
    }
    // An input error outranks a workload with no eligible service: 2 wins over 3.
    std::fs::write(dir.path().join("c-broken.toml"), "version = 1\nname = \n").unwrap();
    let run = Test::new().args(["recommend"]).arg_path(dir.path()).run();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("c-broken.toml:2:")
            && run
                .stderr
                .contains("b-huge.toml: error: no service can run workload")
            && run.stderr.contains("2 of 3 workload files failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn nothing_to_do_exits_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let run = Test::new()
        .args(["recommend"])
        .arg_path(dir.path())
        .run()
        .input_error();
    assert!(
        run.stderr.contains("nothing to do: no workload files"),
        "{}",
        run.stderr
    );

    let run = Test::new()
        .args(["diff", "examples/web-api.toml"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("nothing to do") && run.stderr.contains("--set PATH=VALUE"),
        "{}",
        run.stderr
    );
    // With something to compare, diff still answers.
    Test::new()
        .args(["diff", "examples/web-api.toml", "--set", "shape.arch=x86"])
        .run()
        .success();
}

#[test]
fn help_and_man_page_list_every_status() {
    let help = Test::new().args(["--help"]).run().success();
    let man = Test::new().args(["man"]).run().success();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for code in ["0", "1", "2", "3", "4", "130"] {
        let line = format!("\n  {code} ");
        assert!(help.stdout.contains(&line), "--help lacks {code}");
        assert!(man.stdout.contains(&line), "man page lacks {code}");
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README lacks {code}"
        );
    }
    assert!(help.stdout.contains("highest-priority status"));
}

#[test]
fn many_workload_difference_has_one_sign() {
    // web-api's runner-up is cheaper than its top pick.
    let files = ["examples/web-api.toml", "examples/low-traffic-api.toml"];
    let table = Test::new().args(["recommend"]).args(files).run().success();
    let csv = Test::new()
        .args(["recommend", "--format", "csv"])
        .args(files)
        .run()
        .success();
    assert!(!table.stdout.contains("+-"), "{}", table.stdout);
    let mut negatives = 0;
    for line in csv.stdout.lines().skip(1) {
        let diff: f64 = line.split(',').nth(7).unwrap().parse().unwrap();
        let cell = if diff < 0.0 {
            negatives += 1;
            format!("-${:.2}", -diff)
        } else if diff > 0.0 {
            format!("+${diff:.2}")
        } else {
            "$0.00".to_owned()
        };
        assert!(
            table.stdout.contains(&format!(" {cell} │")),
            "{cell}: {}",
            table.stdout
        );
    }
    // The case that printed `+-$…`.
    assert!(negatives > 0, "{}", csv.stdout);
}

/// The top pick's monthly cost as the JSON prints it.
fn top_cost(file: &str) -> f64 {
    let run = Test::new()
        .args(["recommend", "--format", "json", file])
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rank"] == 1)
        .and_then(|s| s["monthly_cost_usd"].as_f64())
        .unwrap()
}

#[test]
fn max_monthly_gate_exits_4_when_the_top_pick_costs_more() {
    let cost = top_cost("examples/web-api.toml");
    let at = format!("{cost:.2}");
    let below = format!("{:.2}", cost - 0.01);
    // At the budget: passes.
    Test::new()
        .args(["recommend", "examples/web-api.toml", "--max-monthly", &at])
        .run()
        .success();
    // A cent under: the output still printed, then status 4 and why.
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "--max-monthly",
            &below,
        ])
        .run();
    assert_eq!(run.status, 4, "{}", run.stderr);
    assert!(run.stdout.contains("orders-api"), "{}", run.stdout);
    assert!(
        run.stderr.contains("--max-monthly") && run.stderr.contains(&format!("${at}")),
        "{}",
        run.stderr
    );
    // Not an amount: a usage error.
    Test::new()
        .args(["recommend", "examples/web-api.toml", "--max-monthly=-1"])
        .run()
        .input_error();
}

#[test]
fn max_monthly_gate_applies_per_file_and_names_the_files_over_it() {
    let cheap = top_cost("examples/low-traffic-api.toml");
    let dear = top_cost("examples/web-api.toml");
    assert!(cheap < dear);
    let limit = format!("{:.2}", (cheap + dear) / 2.0);
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "examples/low-traffic-api.toml",
            "--max-monthly",
            &limit,
        ])
        .run();
    assert_eq!(run.status, 4, "{}", run.stderr);
    assert!(
        run.stdout.contains("2 of 2 workloads ranked"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("examples/web-api.toml: error: the top pick")
            && !run.stderr.contains("low-traffic-api.toml")
            && run.stderr.contains("1 of 2 workload files failed"),
        "{}",
        run.stderr
    );
    // A workload with no eligible service outranks a failed gate: 3 wins over 4.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("huge.toml"), unrunnable()).unwrap();
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "--max-monthly",
            &limit,
        ])
        .arg_path(dir.path())
        .run();
    assert_eq!(run.status, 3, "{}", run.stderr);
}
