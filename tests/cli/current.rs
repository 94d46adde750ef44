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

/// `-$502.97`, `+$1,234.50`: a signed amount as the table prints it.
fn signed(x: f64) -> String {
    let sign = if x < 0.0 { "-" } else { "+" };
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
    // The bordered table (`--long`) has a column per difference; wide enough for one line each.
    let table = Test::new()
        .args(["recommend", EXAMPLE, "--long"])
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
    assert!(checked >= 4, "{table}");
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
    // Today's two tasks are exactly what the Fargate model chose for the file's own workload
    // (it falls back to On-Demand: the table has no Fargate Savings Plan rate), so the ranked
    // Fargate entry differs from today by nothing.
    let ranked = fargate["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "fargate")
        .unwrap();
    assert_eq!(
        ranked["monthly_cost_usd"],
        fargate["current"]["monthly_cost_usd"]
    );
    assert_eq!(ranked["vs_current_usd"], 0.0, "{ranked}");

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
