//! `runwhere recommend`: every example in both formats, the JSON contract of spec §5, and figures
//! checked by hand.

use serde::Deserialize;

use crate::support::{Test, examples, root};

/// The JSON document of spec §5, typed so that a renamed or missing key fails the test.
#[derive(Debug, Deserialize)]
#[allow(
    dead_code,
    reason = "fields are read through Debug or exist to pin the keys"
)]
struct Doc {
    schema_version: u32,
    workload: String,
    region: String,
    pricing_as_of: String,
    recommendation: Option<String>,
    flowchart_path: Vec<String>,
    services: Vec<Svc>,
    warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[allow(
    dead_code,
    reason = "fields are read through Debug or exist to pin the keys"
)]
struct Svc {
    service: String,
    rank: Option<usize>,
    eligible: bool,
    fit_score: Option<f64>,
    monthly_cost_usd: Option<f64>,
    option: Option<String>,
    arch: Option<String>,
    line_items: Vec<Item>,
    reasons: Vec<serde_json::Value>,
    excluded_by: Vec<Excl>,
}

#[derive(Debug, Deserialize)]
#[allow(
    dead_code,
    reason = "fields are read through Debug or exist to pin the keys"
)]
struct Item {
    item: String,
    quantity: f64,
    unit: String,
    unit_price_usd: f64,
    monthly_usd: f64,
}

#[derive(Debug, Deserialize)]
#[allow(
    dead_code,
    reason = "fields are read through Debug or exist to pin the keys"
)]
struct Excl {
    rule: String,
    text: String,
}

const SERVICES: [&str; 8] = [
    "ec2",
    "ecs",
    "fargate",
    "eks",
    "app_runner",
    "lambda",
    "batch",
    "elastic_beanstalk",
];

fn json(args: &[&str]) -> Doc {
    let run = Test::new()
        .args(["recommend", "--format", "json"])
        .args(args)
        .run()
        .success();
    serde_json::from_str(&run.stdout).unwrap()
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_example_json_keeps_the_contract() {
    for example in examples() {
        let doc = json(&[example.to_str().unwrap()]);
        assert_eq!(doc.schema_version, 1);
        let mut ids: Vec<&str> = doc.services.iter().map(|s| s.service.as_str()).collect();
        ids.sort_unstable();
        let mut all = SERVICES.to_vec();
        all.sort_unstable();
        assert_eq!(
            ids,
            all,
            "{}: all eight services appear once",
            example.display()
        );

        let ranks: Vec<usize> = doc.services.iter().filter_map(|s| s.rank).collect();
        assert_eq!(
            ranks,
            (1..=ranks.len()).collect::<Vec<_>>(),
            "ranks 1..n in order"
        );
        for s in &doc.services {
            if s.eligible {
                let cost = s.monthly_cost_usd.unwrap();
                let sum: f64 = s.line_items.iter().map(|l| l.monthly_usd).sum();
                assert!(
                    (sum - cost).abs() < 0.005,
                    "{}: items sum {sum} = total {cost}",
                    s.service
                );
                for l in &s.line_items {
                    assert!(
                        (l.quantity * l.unit_price_usd - l.monthly_usd).abs()
                            <= 0.005 + 1e-9 * l.monthly_usd,
                        "{l:?}"
                    );
                }
                assert!(s.excluded_by.is_empty());
            } else {
                assert!(s.rank.is_none() && s.monthly_cost_usd.is_none() && s.fit_score.is_none());
                assert!(
                    !s.excluded_by.is_empty(),
                    "{}: an excluded service says why",
                    s.service
                );
            }
        }
        let top = doc
            .services
            .iter()
            .find(|s| s.rank == Some(1))
            .map(|s| s.service.clone());
        assert_eq!(doc.recommendation, top);
    }
}

#[test]
fn every_example_table_snapshot() {
    for example in examples() {
        let run = Test::new()
            .args(["recommend"])
            .arg_path(&example)
            .run()
            .success();
        assert!(
            run.stderr.is_empty(),
            "nothing on stderr on success: {}",
            run.stderr
        );
        insta::assert_snapshot!(format!("table-{}", stem(&example)), run.stdout);
    }
}

#[test]
fn every_example_json_snapshot() {
    for example in examples() {
        let run = Test::new()
            .args(["recommend", "--format", "json"])
            .arg_path(&example)
            .run()
            .success();
        insta::assert_snapshot!(format!("json-{}", stem(&example)), run.stdout);
    }
}

/// Writes `text` to a temporary workload file and returns its JSON.
fn json_for(text: &str) -> Doc {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.toml");
    std::fs::write(&path, text).unwrap();
    json(&[path.to_str().unwrap()])
}

fn svc<'a>(doc: &'a Doc, id: &str) -> &'a Svc {
    doc.services.iter().find(|s| s.service == id).unwrap()
}

#[test]
fn hand_checked_http_service_in_us_east_1() {
    // 30M requests × 120 ms, 1 vCPU / 2 GB, x86, on demand, us-east-1.
    // avg concurrency 30e6 × 0.12 / 2,628,000 = 1.37 → ceil(1.37 / 80) = 1 instance (min 1).
    let doc = json_for(
        r#"
version = 1
name = "hand-checked"
[shape]
kind = "service"
arch = "x86"
[resources]
vcpu = 1
memory_gb = 2
[traffic]
requests_per_month = 30_000_000
avg_duration_ms = 120
"#,
    );
    // Fargate: 730 × $0.04048 = $29.5504 → $29.55; 1,460 GB-h × $0.004445 = $6.4897 → $6.49;
    // ALB: 730 × $0.0225 = $16.425 → $16.43 (half away from zero, within f64); 730 × $0.008 = $5.84.
    let fargate = svc(&doc, "fargate");
    let items: Vec<f64> = fargate.line_items.iter().map(|l| l.monthly_usd).collect();
    assert_eq!(items[..2], [29.55, 6.49]);
    assert_eq!(items[3], 5.84);
    assert!((fargate.monthly_cost_usd.unwrap() - (29.55 + 6.49 + items[2] + 5.84)).abs() < 1e-9);

    // Lambda: 2,048 MB. 30 × $0.20 = $6.00; 7.2M GB-s × $0.0000166667 = $120.00; API GW 30 × $1 = $30.
    let lambda = svc(&doc, "lambda");
    assert_eq!(lambda.monthly_cost_usd, Some(156.0));

    // EC2: t3.small (2 vCPU, 2 GiB, $0.0208) × 730 h = $15.184 → $15.18, plus the ALB.
    let ec2 = svc(&doc, "ec2");
    assert_eq!(ec2.line_items[0].monthly_usd, 15.18);

    // EKS: control plane 730 × $0.10 = $73.00 first.
    assert_eq!(svc(&doc, "eks").line_items[0].monthly_usd, 73.0);
    assert_eq!(doc.region, "us-east-1");
}

#[test]
fn region_flag_reprices() {
    let file = root().join("examples/web-api.toml");
    let doc = json(&[file.to_str().unwrap(), "--region", "eu-west-1"]);
    assert_eq!(doc.region, "eu-west-1");
}

#[test]
fn reads_standard_input() {
    let text = std::fs::read_to_string(root().join("examples/web-api.toml")).unwrap();
    let run = Test::new()
        .args(["recommend", "-", "--format", "json"])
        .stdin(&text)
        .run()
        .success();
    let doc: Doc = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc.workload, "orders-api");
}

#[test]
fn spot_without_interruption_tolerance_warns() {
    let doc = json_for(
        r#"
version = 1
name = "spot"
[shape]
kind = "batch"
[jobs]
runs_per_month = 100
duration_min = 5
[pricing]
purchase = "spot"
"#,
    );
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("interruption_tolerant")),
        "{:?}",
        doc.warnings
    );
    assert!(
        doc.services
            .iter()
            .filter(|s| s.eligible)
            .all(|s| s.option.as_deref() == Some("on_demand"))
    );
}
