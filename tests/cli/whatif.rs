//! What-if analysis: `--set`, `breakeven`, `diff`, and many workloads at once.

use crate::support::{Test, root};

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A 0.25 vCPU / 0.5 GB x86 event handler of 100 ms with no interface (no load balancer, no API
/// Gateway), so each side of the crossover is one formula.
const EVENT: &str = "version = 1\nname = \"resize\"\n[shape]\nkind = \"event\"\ninterface = \"none\"\narch = \"x86\"\n[resources]\nvcpu = 0.25\nmemory_gb = 0.5\n[traffic]\nrequests_per_month = 1_000_000\navg_duration_ms = 100\n";

fn sweep_json(args: &[&str]) -> serde_json::Value {
    let run = Test::new()
        .args(["breakeven"])
        .args(args)
        .args(["--format", "json"])
        .run()
        .success();
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn lambda_versus_containers_crossover_matches_hand_calculation() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "event.toml", EVENT);
    let doc = sweep_json(&[
        file.to_str().unwrap(),
        "--vary",
        "traffic.requests_per_month",
    ]);
    // By hand, us-east-1:
    //   Lambda: 512 MB (0.5 GB ≥ 0.25 × 1,769 = 442 MB) → per request $0.20/1M + 0.1 s × 0.5 GB × $0.0000166667
    //           = $0.0000002 + $0.000000833335 = $0.000001033335.
    //   Cheapest container: 0.5 GB + 0.5 GiB for the OS: EC2, one t3a.micro (2 vCPU, 1 GiB,
    //           $0.0094/h; 0.25 × 0.5 = 0.125 vCPU busy, under its 10 % × 2 = 0.2 vCPU baseline, so
    //           no credits) all month = 730 × $0.0094 = $6.862, its 8 GB gp3 root volume 8 × $0.08
    //           = $0.64 and its public IPv4 730 × $0.005 = $3.65: $11.152 (no load balancer without
    //           an interface). ECS/Batch on the same node pay a 30 GB root volume ($2.40): $12.912;
    //           Fargate 730 × (0.25 × $0.04048 + 0.5 × $0.004445) + $3.65 = $12.660.
    //   Crossover: 11.152 / 0.000001033335 = 10,792,241 requests a month.
    let expected = (6.862 + 0.64 + 3.65) / (0.2e-6 + 0.1 * 0.5 * 0.000_016_666_7);
    let crossovers = doc["crossovers"].as_array().unwrap();
    let c = crossovers
        .iter()
        .find(|c| c["cheaper_below"] == "lambda")
        .expect("a crossover away from Lambda");
    let x = c["x"].as_f64().unwrap();
    assert!(
        (x - expected).abs() / expected < 0.001,
        "crossover {x}, by hand {expected}"
    );
    assert_eq!(c["kind"], "cross");
    assert_eq!(doc["parameter"], "traffic.requests_per_month");
    assert_eq!(doc["unit"], "requests/month");
}

#[test]
fn winners_cover_the_range_without_gaps() {
    let file = root().join("examples/web-api.toml");
    let doc = sweep_json(&[
        file.to_str().unwrap(),
        "--vary",
        "traffic.requests_per_month",
        "--from",
        "1000",
        "--to",
        "1e9",
        "--points",
        "50",
    ]);
    let winners = doc["winners"].as_array().unwrap();
    assert_eq!(winners[0]["from"].as_f64(), Some(1000.0));
    assert_eq!(winners.last().unwrap()["to"].as_f64(), Some(1e9));
    for pair in winners.windows(2) {
        assert_eq!(pair[0]["to"], pair[1]["from"]);
        assert_ne!(pair[0]["service"], pair[1]["service"]);
    }
    assert_eq!(doc["points"].as_array().unwrap().len(), 50);
}

#[test]
fn breakeven_snapshots() {
    let run = Test::new()
        .args([
            "breakeven",
            "examples/web-api.toml",
            "--vary",
            "traffic.requests_per_month",
            "--points",
            "60",
        ])
        .run()
        .success();
    insta::assert_snapshot!("breakeven-table-web-api", run.stdout);
    let run = Test::new()
        .args([
            "breakeven",
            "examples/event-handler.toml",
            "--vary",
            "traffic.avg_duration_ms",
            "--points",
            "40",
            "--format",
            "svg",
        ])
        .run()
        .success();
    assert!(run.stdout.starts_with("<svg") && run.stdout.trim_end().ends_with("</svg>"));
    insta::assert_snapshot!("breakeven-svg-event-handler", run.stdout);
}

#[test]
fn breakeven_csv_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep.csv");
    Test::new()
        .args([
            "breakeven",
            "examples/nightly-batch.toml",
            "--vary",
            "jobs.runs_per_month",
            "--points",
            "10",
            "--format",
            "csv",
            "-o",
        ])
        .arg_path(&out)
        .run()
        .success();
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("x,"));
    assert_eq!(csv.lines().count(), 11);
}

#[test]
fn breakeven_usage_errors() {
    let run = Test::new()
        .args([
            "breakeven",
            "examples/web-api.toml",
            "--vary",
            "traffic.requests",
        ])
        .run()
        .input_error();
    assert!(
        run.stderr
            .contains("did you mean `traffic.requests_per_month`?"),
        "{}",
        run.stderr
    );
    let run = Test::new()
        .args([
            "breakeven",
            "examples/web-api.toml",
            "--vary",
            "jobs.runs_per_month",
        ])
        .run()
        .input_error();
    assert!(run.stderr.contains("has no [jobs] table"), "{}", run.stderr);
    let run = Test::new()
        .args([
            "breakeven",
            "examples/web-api.toml",
            "--vary",
            "resources.gpus",
            "--from",
            "0",
            "--to",
            "100",
        ])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("--set:1:")
            && run.stderr.contains("`resources.gpus` is 100, out of range"),
        "{}",
        run.stderr
    );
    Test::new()
        .args([
            "breakeven",
            "examples/web-api.toml",
            "--vary",
            "resources.vcpu",
            "--from",
            "4",
            "--to",
            "1",
        ])
        .run()
        .input_error();
}

#[test]
fn set_overrides_on_recommend_and_explain() {
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "--format",
            "json",
            "--set",
            "region=eu-west-1",
            "--set",
            "shape.arch=x86",
        ])
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["region"], "eu-west-1");
    assert!(
        doc["services"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["eligible"] == true)
            .all(|s| s["arch"] == "x86")
    );
    let run = Test::new()
        .args([
            "explain",
            "examples/web-api.toml",
            "--set",
            "traffic.requests_per_month=5e7",
        ])
        .run()
        .success();
    assert!(run.stdout.contains("orders-api"));
    let run = Test::new()
        .args([
            "recommend",
            "examples/web-api.toml",
            "--set",
            "traffic.requests_per_month=lots",
        ])
        .run()
        .input_error();
    assert!(
        run.stderr.contains("--set:1:28")
            && run.stderr.contains("must be a number, found a string"),
        "{}",
        run.stderr
    );
    Test::new()
        .args(["recommend", "examples/web-api.toml", "--set", "nonsense"])
        .run()
        .input_error();
}

#[test]
fn diff_one_file_with_set_and_two_files() {
    let run = Test::new()
        .args(["diff", "examples/web-api.toml", "--set", "region=eu-west-1"])
        .run()
        .success();
    insta::assert_snapshot!("diff-web-api-eu-west-1", run.stdout);
    let run = Test::new()
        .args([
            "diff",
            "examples/web-api.toml",
            "examples/low-traffic-api.toml",
            "--format",
            "json",
        ])
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["a"]["workload"], "orders-api");
    assert_eq!(doc["services"].as_array().unwrap().len(), 8);
    for s in doc["services"].as_array().unwrap() {
        if let (Some(a), Some(b), Some(c)) = (
            s["monthly_cost_usd_a"].as_f64(),
            s["monthly_cost_usd_b"].as_f64(),
            s["change_usd"].as_f64(),
        ) {
            assert!((b - a - c).abs() < 0.006, "{s}");
        }
    }
}

#[test]
fn many_files_with_a_broken_one_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a-web-api", "c-nightly-batch"] {
        let src = root().join(format!("examples/{}.toml", &name[2..]));
        std::fs::copy(src, dir.path().join(format!("{name}.toml"))).unwrap();
    }
    write(
        dir.path(),
        "b-broken.toml",
        "version = 1\nname = \"broken\"\n[shape]\nkind = \"service\"\n[traffic]\nrequests_per_month = -5\navg_duration_ms = 10\n",
    );
    let run = Test::new()
        .args(["recommend", "--format", "json"])
        .arg_path(dir.path())
        .run();
    assert_eq!(run.status, 2, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = doc["workloads"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["workload"], "orders-api");
    assert!(
        rows[1]["error"]
            .as_str()
            .unwrap()
            .contains("b-broken.toml:6:22"),
        "{}",
        rows[1]
    );
    assert_eq!(rows[2]["workload"], "orders-nightly-etl");
    assert_eq!(doc["failed"], 1);
    assert!(
        run.stderr.contains("b-broken.toml:6:22")
            && run.stderr.contains("1 of 3 workload files failed"),
        "{}",
        run.stderr
    );

    // The figures match the single-file output.
    let single = Test::new()
        .args(["recommend", "--format", "json", "examples/web-api.toml"])
        .run()
        .success();
    let one: serde_json::Value = serde_json::from_str(&single.stdout).unwrap();
    let top = one["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["rank"] == 1)
        .unwrap();
    assert_eq!(rows[0]["recommendation"], top["service"]);
    assert_eq!(rows[0]["monthly_cost_usd"], top["monthly_cost_usd"]);

    let csv = Test::new()
        .args(["recommend", "--format", "csv"])
        .arg_path(dir.path())
        .run();
    assert_eq!(csv.status, 2);
    assert_eq!(csv.stdout.lines().count(), 4);
    let table = Test::new().args(["recommend"]).arg_path(dir.path()).run();
    assert!(
        table.stdout.contains("2 of 3 workloads ranked"),
        "{}",
        table.stdout
    );
}
