//! `[current]`: what runs the workload today, priced beside every alternative (issue 18).

use serde_json::Value;

use crate::support::Test;

const EXAMPLE: &str = "examples/current-ec2-fleet.toml";

fn json(args: &[&str]) -> Value {
    let run = Test::new()
        .args(["recommend", "--format", "json"])
        .args(args)
        .run()
        .success();
    serde_json::from_str(&run.stdout).unwrap()
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `-$502.97`, `+$1,234.50`, `$0.00`: a signed amount as the table prints it.
fn signed(x: f64) -> String {
    let sign = match x {
        x if x < 0.0 => "-",
        x if x > 0.0 => "+",
        _ => "",
    };
    let whole = format!("{:.2}", x.abs());
    let (int, frac) = whole.split_once('.').unwrap();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{frac}")
}

/// Every eligible service's difference against today, per month and per year, in the JSON `doc`
/// of `recommend ARGS` (its cost minus today's, to the cent; × 12) and in the `--long` table's
/// row for its rank, to the cent. Returns the table.
fn differences_agree(args: &[&str], doc: &Value) -> String {
    let total = doc["current"]["monthly_cost_usd"].as_f64().unwrap();
    // The bordered table (`--long`) has a column per difference; wide enough for one line each.
    let table = Test::new()
        .args(["recommend", "--long"])
        .args(args)
        .env("COLUMNS", "200")
        .run()
        .success()
        .stdout;
    let mut checked = 0;
    for s in doc["services"].as_array().unwrap() {
        if s["eligible"] != true {
            assert!(s.get("vs_current_usd").is_none(), "{s}");
            continue;
        }
        let monthly = s["vs_current_usd"].as_f64().unwrap();
        let yearly = s["vs_current_usd_per_year"].as_f64().unwrap();
        assert_eq!(
            monthly,
            cents(s["monthly_cost_usd"].as_f64().unwrap() - total)
        );
        assert_eq!(yearly, cents(monthly * 12.0));
        // The table's row for this rank shows the same two figures.
        let rank = s["rank"].as_u64().unwrap().to_string();
        let row = table
            .lines()
            .map(|l| {
                l.split('┆')
                    .map(|c| c.trim_matches(['│', ' ']))
                    .collect::<Vec<_>>()
            })
            .find(|cells| cells.len() == 8 && cells[0] == rank)
            .unwrap_or_else(|| panic!("no row {rank} in\n{table}"));
        assert_eq!(
            (row[4], row[5]),
            (signed(monthly).as_str(), signed(yearly).as_str()),
            "{}",
            s["service"]
        );
        checked += 1;
    }
    assert!(checked >= 3, "{table}");
    table
}

#[test]
fn today_is_priced_and_every_alternative_differs_from_it_to_the_cent() {
    let doc = json(&[EXAMPLE]);
    let today = &doc["current"];
    assert_eq!(today["service"], "ec2");
    assert_eq!(today["eligible"], true);
    assert_eq!(today["configuration"], "4 × m5.xlarge");
    // 4 × 730 h × $0.192 = $560.64 for the VMs, as the EC2 model prices them.
    let vms = today["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["item"] == "EC2 m5.xlarge")
        .unwrap();
    assert_eq!(vms["quantity"], 2920.0);
    assert_eq!(vms["monthly_usd"], 560.64);
    // The total is the sum of the rounded line items; the bill and the gap beside it.
    let items: f64 = today["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["monthly_usd"].as_f64().unwrap())
        .sum();
    let total = today["monthly_cost_usd"].as_f64().unwrap();
    assert_eq!(total, cents(items));
    assert_eq!(today["bill_usd"], 612.4);
    assert_eq!(
        today["bill_gap_usd"].as_f64().unwrap(),
        cents(612.4 - total)
    );
    // 16 vCPU / 64 GiB for 2 vCPU / 4 GiB: 8× over.
    assert_eq!(today["sizing"]["fit"], "over");
    assert_eq!(today["sizing"]["ratio"], 8.0);
    let right = &today["right_size"];
    assert_eq!(right["service"], "ec2");
    assert_eq!(
        right["vs_current_usd"].as_f64().unwrap(),
        cents(right["monthly_cost_usd"].as_f64().unwrap() - total)
    );

    // Every eligible service: its cost minus today's, per month and × 12 per year.
    let table = differences_agree(&[EXAMPLE], &doc);
    assert!(table.contains("│ today"), "{table}");
    assert!(
        table.contains("Right-size in place: EC2 · x86 · on demand · t3a.medium × 2"),
        "{table}"
    );
}

#[test]
fn a_setup_that_cannot_run_the_workload_is_reported_not_priced() {
    // t3.micro: 2 vCPU / 1 GiB, less than one 1 vCPU / 2 GB instance of the workload.
    let doc = json(&[EXAMPLE, "--set", "current.instance_type=t3.micro"]);
    let today = &doc["current"];
    assert_eq!(today["eligible"], false);
    assert_eq!(today["monthly_cost_usd"], Value::Null);
    assert_eq!(today["excluded_by"][0]["rule"], "current-too-small");
    assert!(
        today["excluded_by"][0]["text"]
            .as_str()
            .unwrap()
            .contains("t3.micro (2 vCPU / 1 GB)"),
        "{today}"
    );
    // Nothing to compare with: no differences.
    assert!(
        doc["services"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s.get("vs_current_usd").is_none())
    );
    let table = Test::new()
        .args([
            "recommend",
            EXAMPLE,
            "--set",
            "current.instance_type=t3.micro",
        ])
        .env("COLUMNS", "200")
        .run()
        .success()
        .stdout;
    assert!(
        table.contains("cannot run the workload as described, so it is not priced"),
        "{table}"
    );
    // The wrong architecture: an x86-only image on Graviton today.
    let doc = json(&[
        EXAMPLE,
        "--set",
        "shape.arch=x86",
        "--set",
        "current.instance_type=m7g.large",
    ]);
    assert_eq!(
        doc["current"]["excluded_by"][0]["rule"],
        "current-wrong-arch"
    );
}

#[test]
fn current_is_checked_like_every_other_table() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(crate::support::root().join(EXAMPLE)).unwrap();
    let check = |edit: &dyn Fn(&str) -> String, wanted: &[&str]| {
        let path = dir.path().join("w.toml");
        std::fs::write(&path, edit(&base)).unwrap();
        let run = Test::new()
            .args(["recommend"])
            .arg_path(&path)
            .run()
            .input_error();
        for w in wanted {
            assert!(run.stderr.contains(w), "{w} not in\n{}", run.stderr);
        }
    };
    // A key that does not fit the service, at its line and column.
    check(
        &|t| t.replace("instances = 4 ", "instances = 4\ntasks = 2 "),
        &[
            "`current.tasks` does not fit `service = \"ec2\"`",
            "w.toml:45:9",
            "EC2 today is described by `instance_type`, `instances`, `purchase`",
        ],
    );
    // A key the service needs.
    check(
        &|t| t.replace("instances = 4 ", "# instances = 4 "),
        &[
            "missing required key `current.instances`",
            "add `instances = 2`",
        ],
    );
    // The service is required, and one of the eight.
    check(
        &|t| t.replace("service = \"ec2\" ", "# service "),
        &["missing required key `current.service`"],
    );
    check(
        &|t| t.replace("service = \"ec2\" ", "service = \"ec3\" "),
        &["did you mean `ec2`?"],
    );
    // An instance type the pricing table does not know: the nearest one.
    check(
        &|t| t.replace("\"m5.xlarge\" ", "\"m5.xlarg\" "),
        &[
            "unknown instance type `m5.xlarg` in the us-east-1 pricing table",
            "w.toml:43:17",
            "did you mean `m5.xlarge`?",
        ],
    );
    // Ranges, and `best` is not how anything is bought today.
    check(
        &|t| t.replace("instances = 4 ", "instances = 0 "),
        &["`current.instances` is 0, out of range", "at least 1"],
    );
    check(
        &|t| t.replace("purchase = \"on_demand\" ", "purchase = \"best\" "),
        &["current.purchase"],
    );
    // And through --set, reported at the override.
    let run = Test::new()
        .args(["recommend", EXAMPLE, "--set", "current.memory_mb=1024"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("--set:1:19") && run.stderr.contains("does not fit"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fargate_service_and_a_lambda_function_today() {
    let fargate = json(&[
        "examples/web-api.toml",
        "--set",
        "current.service=fargate",
        "--set",
        "current.vcpu=1",
        "--set",
        "current.memory_gb=2",
        "--set",
        "current.tasks=2",
        "--set",
        "current.arch=arm",
    ]);
    // 2 Arm tasks of 1 vCPU / 2 GB all month, bought on demand: 1,460 task-hours;
    // 1,460 vCPU-hours × $0.03238 = $47.27; 2,920 GB-hours × $0.00356 = $10.40.
    let items = fargate["current"]["line_items"].as_array().unwrap();
    let amount = |name: &str| {
        items
            .iter()
            .find(|l| l["item"] == name)
            .map(|l| l["monthly_usd"].as_f64().unwrap())
    };
    assert_eq!(amount("Fargate vCPU"), Some(47.27));
    assert_eq!(amount("Fargate memory"), Some(10.4));
    // Today's two tasks are exactly what the Fargate model chose for the file's own workload, but
    // the file buys a 1-year Compute Savings Plan and today is On-Demand: the ranked entry pays the
    // plan's rates, 1,460 × $0.0255 = $37.23 and 2,920 × $0.0028 = $8.18, that is
    // ($47.27 − $37.23) + ($10.40 − $8.18) = $12.26 less than today ($133.79 − $12.26 = $121.53).
    let ranked = fargate["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "fargate")
        .unwrap();
    assert_eq!(fargate["current"]["monthly_cost_usd"], 133.79);
    assert_eq!(ranked["monthly_cost_usd"], 121.53);
    assert_eq!(ranked["vs_current_usd"], -12.26, "{ranked}");
    // Every difference column of the table agrees with the JSON to the cent.
    differences_agree(
        &[
            "examples/web-api.toml",
            "--set",
            "current.service=fargate",
            "--set",
            "current.vcpu=1",
            "--set",
            "current.memory_gb=2",
            "--set",
            "current.tasks=2",
            "--set",
            "current.arch=arm",
        ],
        &fargate,
    );

    let lambda = json(&[
        "examples/event-handler.toml",
        "--set",
        "current.service=lambda",
        "--set",
        "current.memory_mb=4096",
    ]);
    // 4,096 MB on x86 (the default): 2M events × 0.9 s × 4 GB = 7,200,000 GB-s × $0.0000166667
    // (first tier) = $120.00024 → $120.00; 2 × 1M requests × $0.20 = $0.40.
    let today = &lambda["current"];
    assert_eq!(today["arch"], "x86");
    let items = today["line_items"].as_array().unwrap();
    let line = |name: &str| items.iter().find(|l| l["item"] == name).unwrap();
    assert_eq!(line("Lambda duration (x86)")["quantity"], 7_200_000.0);
    assert_eq!(line("Lambda duration (x86)")["monthly_usd"], 120.0);
    assert_eq!(line("Lambda requests")["monthly_usd"], 0.4);
    // One invocation needs max(1.5 × 1,024, 1 × 1,769) = 1,769 MB: 4,096 / 1,769 = 2.32× over,
    // and the right size is the model's 1,769 MB.
    assert_eq!(today["sizing"]["fit"], "over");
    assert_eq!(today["sizing"]["ratio"], 2.315_432_45); // 4,096 / 1,769 = 2.3154324477…
    assert!(
        today["sizing"]["text"]
            .as_str()
            .unwrap()
            .contains("4,096 MB"),
        "{today}"
    );
    assert_eq!(today["right_size"]["service"], "lambda");
    // Both pay the file's 10 GB of /tmp above the free 512 MB: 2M × 0.9 s × 9.5 GB = 17,100,000
    // GB-s × $0.000000037 (ap-northeast-1) = $0.6327 → $0.63.
    assert_eq!(
        line("Lambda ephemeral storage above 512 MB")["monthly_usd"],
        0.63
    );
    // Today $121.03; the top pick, Lambda on Arm at 1,769 MB: 2M × 0.9 s × 1,769 / 1,024 GB =
    // 3,109,570.31 GB-s × $0.0000133334 = $41.46, + $0.40 + $0.63 = $42.49: −$78.54 a month,
    // −$942.48 a year; the table's difference columns agree with the JSON to the cent.
    assert_eq!(today["monthly_cost_usd"], 121.03);
    let top = top_pick(&lambda);
    assert_eq!(
        (
            &top["service"],
            &top["vs_current_usd"],
            &top["vs_current_usd_per_year"]
        ),
        (
            &Value::from("lambda"),
            &Value::from(-78.54),
            &Value::from(-942.48)
        )
    );
    differences_agree(
        &[
            "examples/event-handler.toml",
            "--set",
            "current.service=lambda",
            "--set",
            "current.memory_mb=4096",
        ],
        &lambda,
    );
}

#[test]
fn explain_and_the_report_show_today_and_what_a_move_takes() {
    let explain = Test::new()
        .args(["explain", EXAMPLE])
        .run()
        .success()
        .stdout;
    insta::assert_snapshot!("explain-current-ec2-fleet", explain);
    // The report's consequences weigh the move to the top pick against today: its difference per
    // month and per year (the JSON's figures) and the steps it takes, each cited.
    let doc = json(&[EXAMPLE]);
    let top = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rank"] == 1)
        .unwrap();
    let report = Test::new().args(["report", EXAMPLE]).run().success().stdout;
    let section = report
        .split("**Moving from what runs today**")
        .nth(1)
        .and_then(|s| s.split("\n**").next())
        .unwrap_or_else(|| panic!("no move in the consequences of\n{report}"));
    let escaped = |x: f64| signed(x).replace('$', "\\$");
    assert!(
        // $605.42 of compute, disks, addresses and the ALB (its capacity units on processed bytes:
        // 486.3739 LCU-hours × $0.008 = $3.89), plus the data transfer out every service pays
        // (30M responses × 16 KiB = 457.76 GB × $0.09 = $41.20): $646.62.
        section.contains("Today: 4 × m5.xlarge on EC2, \\$646.62 a month at list prices (the bill says \\$612.40)"),
        "{section}"
    );
    assert!(
        section.contains(&format!(
            "Moving to ECS on Fargate: {} a month, {} a year against today",
            escaped(top["vs_current_usd"].as_f64().unwrap()),
            escaped(top["vs_current_usd_per_year"].as_f64().unwrap())
        )),
        "{section}"
    );
    // Priced on Arm: the Graviton steps of the source document.
    assert!(
        section.contains("test on Graviton as a canary")
            && section.contains("Graviton Migration Guide"),
        "{section}"
    );
}

/// The top pick's entry of `recommend --format json`.
fn top_pick(doc: &Value) -> &Value {
    doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rank"] == 1)
        .unwrap()
}

#[test]
fn diff_against_current_compares_today_with_the_top_pick() {
    let doc = json(&[EXAMPLE]);
    let top = top_pick(&doc);
    let today = doc["current"]["monthly_cost_usd"].as_f64().unwrap();
    let change = top["vs_current_usd"].as_f64().unwrap();

    // JSON: both sides with their line items, and the change the recommendation's JSON gives.
    let run = Test::new()
        .args(["diff", EXAMPLE, "--against", "current", "--format", "json"])
        .run()
        .success();
    let d: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(d["against"], "current");
    assert_eq!(d["current"], doc["current"]);
    assert_eq!(d["top_pick"], *top);
    assert_eq!(d["change_usd"].as_f64(), Some(change));
    assert_eq!(
        d["change_usd_per_year"].as_f64(),
        top["vs_current_usd_per_year"].as_f64()
    );
    assert_eq!(
        d["change_pct"].as_f64(),
        Some((change / today * 10_000.0).round() / 100.0)
    );
    assert_eq!(d["gate"], Value::Null);

    // The table for people: every line item of both sides, the totals and the change.
    let table = Test::new()
        .args(["diff", EXAMPLE, "--against", "current"])
        .run()
        .success()
        .stdout;
    insta::assert_snapshot!("diff-against-current-ec2-fleet", table);
    assert!(
        table.contains(&format!(
            "({}, {:.0}%), {} a year",
            signed(change).replace('+', ""),
            change / today * 100.0,
            signed(top["vs_current_usd_per_year"].as_f64().unwrap())
        )),
        "{table}"
    );

    // Moving saves money, so no limit fails.
    Test::new()
        .args(["diff", EXAMPLE, "--against", "current", "--fail-above", "0"])
        .run()
        .success();
    // Today on one t3.medium: 730 h × $0.0416 = $30.37, surplus CPU credits 73 vCPU-h × $0.05 =
    // $3.65, its disk $0.64 and address $3.65, plus what every setup of this workload pays (the
    // load balancer $16.43 + $3.89 + its addresses $7.30, data transfer out $41.20): $107.13.
    // The top pick on Fargate: $47.27 + $10.40 + tasks' addresses $7.30 + the same $68.82 =
    // $133.79, $26.66 more (26.66 / 107.13 = 24.9 %): above $5 and 10 %, not above 30 % or $30.
    let cheap = [
        "--set",
        "current.instance_type=t3.medium",
        "--set",
        "current.instances=1",
    ];
    for (limit, status) in [("5", 4), ("10%", 4), ("30%", 0), ("30", 0)] {
        let run = Test::new()
            .args(["diff", EXAMPLE, "--against", "current", "--fail-above"])
            .args([limit])
            .args(cheap)
            .run();
        assert_eq!(run.status, status, "--fail-above {limit}: {}", run.stderr);
        assert!(
            run.stdout.contains(
                "Monthly cost: $107.13 today → $133.79 for the top pick (+$26.66, +25%), +$319.92 a year"
            ),
            "{}",
            run.stdout
        );
        if status == 4 {
            assert!(
                run.stderr.contains(
                    "the top pick for `orders-api` costs $133.79 a month against $107.13 today (+$26.66, +25%): more than `--fail-above"
                ),
                "{}",
                run.stderr
            );
        }
    }
    // The same in JSON and in the Markdown summary for CI.
    let run = Test::new()
        .args([
            "diff",
            EXAMPLE,
            "--against",
            "current",
            "--fail-above",
            "10%",
        ])
        .args(cheap)
        .args(["--format", "json"])
        .run();
    assert_eq!(run.status, 4);
    let d: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (&d["change_usd"], &d["fail_above"], &d["gate"]),
        (
            &Value::from(26.66),
            &Value::from("10%"),
            &Value::from("failed")
        )
    );
    let run = Test::new()
        .args([
            "diff",
            EXAMPLE,
            "--against",
            "current",
            "--fail-above",
            "10%",
        ])
        .args(cheap)
        .args(["--format", "md"])
        .run();
    assert_eq!(run.status, 4);
    insta::assert_snapshot!("diff-against-current-md", run.stdout);

    // `--max-monthly` stays an absolute cap on the top pick ($133.79), whatever today costs.
    let run = Test::new()
        .args(["recommend", EXAMPLE, "--max-monthly", "133"])
        .args(cheap)
        .run();
    assert_eq!(run.status, 4, "{}", run.stderr);
    Test::new()
        .args(["recommend", EXAMPLE, "--max-monthly", "134"])
        .run()
        .success();
}

#[test]
fn diff_against_current_needs_a_current_table_and_a_setup_that_runs() {
    let run = Test::new()
        .args(["diff", "examples/web-api.toml", "--against", "current"])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("has no `[current]` table"),
        "{}",
        run.stderr
    );
    // `--against current` is instead of a second file.
    let run = Test::new()
        .args([
            "diff",
            EXAMPLE,
            "examples/web-api.toml",
            "--against",
            "current",
        ])
        .run()
        .input_error();
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
    // Today's setup cannot run it: said, nothing compared, no gate to fail.
    let run = Test::new()
        .args([
            "diff",
            EXAMPLE,
            "--against",
            "current",
            "--set",
            "current.instance_type=t3.micro",
            "--fail-above",
            "0",
        ])
        .run()
        .success();
    assert!(
        run.stdout
            .contains("cannot run the workload as described, so there is nothing to compare")
            && run.stdout.contains("[current-too-small]"),
        "{}",
        run.stdout
    );
}

/// A directory holding today's EC2 fleet, the same workload with today's single t3.medium,
/// and a workload without `[current]`.
fn fleet_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(crate::support::root().join(EXAMPLE)).unwrap();
    std::fs::write(dir.path().join("fleet.toml"), &base).unwrap();
    let small = base
        .replace("\"m5.xlarge\" ", "\"t3.medium\" ")
        .replace("instances = 4 ", "instances = 1 ");
    std::fs::write(dir.path().join("small.toml"), small).unwrap();
    std::fs::copy(
        crate::support::root().join("examples/web-api.toml"),
        dir.path().join("web-api.toml"),
    )
    .unwrap();
    dir
}

#[test]
fn diff_against_current_over_a_directory_gates_each_workload() {
    let dir = fleet_dir();
    let run = Test::new()
        .args(["diff", "--against", "current", "--fail-above", "10%"])
        .arg_path(dir.path())
        .args(["--format", "json"])
        .run();
    // small.toml's top pick costs 25 % more than today (see above): the gate fails, exit 4.
    assert_eq!(run.status, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("small.toml") && run.stderr.contains("against $107.13 today"),
        "{}",
        run.stderr
    );
    let d: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(d["against"], "current");
    let rows = d["workloads"].as_array().unwrap();
    let row = |file: &str| rows.iter().find(|r| r["file"] == file).unwrap();
    // Each row's figures are the single file's: today's cost and the top pick's difference.
    let fleet = json(&[EXAMPLE]);
    assert_eq!(
        row("fleet.toml")["monthly_cost_usd_a"],
        fleet["current"]["monthly_cost_usd"]
    );
    assert_eq!(
        row("fleet.toml")["change_usd"],
        top_pick(&fleet)["vs_current_usd"]
    );
    assert_eq!(row("fleet.toml")["gate"], "passed");
    assert_eq!(
        (&row("small.toml")["change_usd"], &row("small.toml")["gate"]),
        (&Value::from(26.66), &Value::from("failed"))
    );
    // A workload without `[current]` is listed, not compared and not an error.
    let web = row("web-api.toml");
    assert_eq!(
        (&web["current_eligible"], &web["gate"], &web["error"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    assert_eq!(web["recommendation_b"], "fargate");

    let run = Test::new()
        .args(["diff", "--against", "current", "--fail-above", "10%"])
        .arg_path(dir.path())
        .args(["--format", "md"])
        .run();
    assert_eq!(run.status, 4);
    assert!(
        run.stdout.contains(
            "| `small.toml` | orders-api | EC2 → ECS on Fargate | \\$107.13 → \\$133.79 | +\\$26.66, +25% | ❌ over 10% |"
        ) && run
            .stdout
            .contains("Gate `--fail-above 10%`: 1 of 3 cost more than today by more: `small.toml`."),
        "{}",
        run.stdout
    );
    let run = Test::new()
        .args(["diff", "--against", "current"])
        .arg_path(dir.path())
        .env("COLUMNS", "200")
        .run()
        .success();
    assert!(
        run.stdout
            .contains("3 workload files compared, 1 without `[current]`"),
        "{}",
        run.stdout
    );

    // A directory where no workload has `[current]`: nothing to compare.
    let empty = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::support::root().join("examples/web-api.toml"),
        empty.path().join("web-api.toml"),
    )
    .unwrap();
    let run = Test::new()
        .args(["diff", "--against", "current"])
        .arg_path(empty.path())
        .run()
        .input_error();
    assert!(
        run.stderr.contains("no workload file in") && run.stderr.contains("`[current]` table"),
        "{}",
        run.stderr
    );
}

#[test]
fn many_workloads_carry_todays_columns_and_csv_agrees_with_json_to_the_cent() {
    // Three workloads with `[current]`: the EC2 fleet, a Fargate service and a Lambda function.
    let dir = tempfile::tempdir().unwrap();
    let read = |f: &str| std::fs::read_to_string(crate::support::root().join(f)).unwrap();
    std::fs::write(dir.path().join("fleet.toml"), read(EXAMPLE)).unwrap();
    let fargate =
        "\n[current]\nservice = \"fargate\"\narch = \"arm\"\nvcpu = 1\nmemory_gb = 2\ntasks = 2\n";
    std::fs::write(
        dir.path().join("fargate.toml"),
        read("examples/web-api.toml") + fargate,
    )
    .unwrap();
    let lambda = "\n[current]\nservice = \"lambda\"\nmemory_mb = 4096\n";
    std::fs::write(
        dir.path().join("lambda.toml"),
        read("examples/event-handler.toml") + lambda,
    )
    .unwrap();
    std::fs::copy(
        crate::support::root().join("examples/web-api.toml"),
        dir.path().join("no-current.toml"),
    )
    .unwrap();

    let run = |format: &str| {
        Test::new()
            .args(["recommend", "--format", format])
            .arg_path(dir.path())
            .run()
            .success()
            .stdout
    };
    let doc: Value = serde_json::from_str(&run("json")).unwrap();
    let rows = doc["workloads"].as_array().unwrap();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(name))
            .unwrap()
    };
    // Each row's figures are the single file's `recommend --format json`.
    for name in ["fleet.toml", "fargate.toml", "lambda.toml"] {
        let single = json(&[dir.path().join(name).to_str().unwrap()]);
        let r = row(name);
        assert_eq!(r["current_service"], single["current"]["service"], "{name}");
        assert_eq!(
            r["current_monthly_cost_usd"], single["current"]["monthly_cost_usd"],
            "{name}"
        );
        assert_eq!(
            r["vs_current_usd"],
            top_pick(&single)["vs_current_usd"],
            "{name}"
        );
        assert_eq!(
            r["vs_current_usd_per_year"],
            top_pick(&single)["vs_current_usd_per_year"],
            "{name}"
        );
    }
    // By hand. The fleet: $646.62 today (see the report test) against $133.79 on Fargate.
    // The Fargate service: today's 2 Arm tasks of 1 vCPU / 2 GB are what the model chose, but
    // On-Demand ($133.79) where the file buys a 1-year plan: the plan's Fargate rates save
    // ($47.27 − $37.23) + ($10.40 − $8.18) = $12.26 a month, × 12 = $147.12 a year.
    // The Lambda function: today 4,096 MB on x86, $120.00 of duration + $0.40 of requests + $0.63
    // of /tmp above 512 MB (17,100,000 GB-s × $0.000000037) = $121.03; the top pick is Lambda on
    // Arm at 1,769 MB: 2M × 0.9 s × 1,769 / 1,024 GB = 3,109,570.31 GB-s × $0.0000133334 = $41.46,
    // + $0.40 + $0.63 = $42.49; $42.49 − $121.03 = −$78.54 a month, × 12 = −$942.48 a year.
    let figures = |name: &str| {
        let r = row(name);
        (
            r["current_monthly_cost_usd"].as_f64().unwrap(),
            r["vs_current_usd"].as_f64().unwrap(),
            r["vs_current_usd_per_year"].as_f64().unwrap(),
        )
    };
    assert_eq!(figures("fleet.toml"), (646.62, -512.83, -6_153.96));
    assert_eq!(figures("fargate.toml"), (133.79, -12.26, -147.12));
    assert_eq!(figures("lambda.toml"), (121.03, -78.54, -942.48));
    // A workload without `[current]` has no today's keys.
    assert!(row("no-current.toml").get("vs_current_usd").is_none());

    // The CSV: the same figures to the cent, in today's columns.
    let csv = run("csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut checked = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let file = cells[col("file")];
        let r = rows.iter().find(|r| r["file"] == file).unwrap();
        for key in [
            "current_monthly_cost_usd",
            "vs_current_usd",
            "vs_current_usd_per_year",
        ] {
            let text = cells[col(key)];
            match r[key].as_f64() {
                Some(v) => assert_eq!(text, format!("{v:.2}"), "{file} {key}"),
                None => assert_eq!(text, "", "{file} {key}"),
            }
        }
        assert_eq!(
            cells[col("current_service")],
            r["current_service"].as_str().unwrap_or("")
        );
        checked += 1;
    }
    assert_eq!(checked, 4, "{csv}");
    // The table: today's cost and the top pick's difference.
    let table = Test::new()
        .args(["recommend"])
        .arg_path(dir.path())
        .env("COLUMNS", "200")
        .run()
        .success()
        .stdout;
    assert!(
        table.contains("$121.03 on Lambda") && table.contains("-$78.54"),
        "{table}"
    );
    // The Markdown summary for CI, too.
    let md = run("md");
    assert!(
        md.contains("| Today | vs today |")
            && md.contains("| \\$121.03 (Lambda) | -\\$78.54 |")
            && md.contains("| \\$646.62 (EC2) | -\\$512.83 |"),
        "{md}"
    );
}
