//! `runwhere recommend`: every example's table, the JSON contract of spec §5 on every example and
//! scenario with a few focused JSON snapshots, and figures checked by hand.

use serde::Deserialize;

use crate::support::{Test, examples, root};

/// The JSON document of spec §5, typed so that a renamed, missing or new key fails the test
/// (`deny_unknown_fields`), as does a value of the wrong type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(
    dead_code,
    reason = "fields are read through Debug or exist to pin the keys"
)]
struct Doc {
    schema_version: u32,
    workload: String,
    kind: String,
    region: String,
    pricing_as_of: String,
    prefer: String,
    recommendation: Option<String>,
    flowchart_path: Vec<String>,
    services: Vec<Svc>,
    warnings: Vec<String>,
    defaults: Vec<Default>,
    /// With `[current]`: today's setup, a service entry with more keys.
    current: Option<Today>,
}

/// Unknown keys are refused by the flattened entry (serde cannot deny them here as well).
#[derive(Debug, Deserialize)]
#[allow(
    dead_code,
    reason = "fields are read through Debug or exist to pin the keys"
)]
struct Today {
    #[serde(flatten)]
    entry: Svc,
    configuration: String,
    bill_usd: Option<f64>,
    bill_gap_usd: Option<f64>,
    sizing: Option<Sizing>,
    right_size: Option<Svc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(
    dead_code,
    reason = "fields are read through Debug or exist to pin the keys"
)]
struct Sizing {
    fit: String,
    ratio: f64,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
    compute: Option<String>,
    instance_type: Option<String>,
    instance_count: Option<f64>,
    line_items: Vec<Item>,
    notes: Vec<String>,
    reasons: Vec<Reason>,
    excluded_by: Vec<Excl>,
    /// With `[current]`, on eligible services: the monthly cost minus today's, and × 12.
    vs_current_usd: Option<f64>,
    vs_current_usd_per_year: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
struct Source {
    /// The document's file name, or an AWS page's title.
    doc: String,
    /// A document's title (from the titles table), what people read it as; absent for AWS pages.
    title: Option<String>,
    section: String,
    /// `aws-docs` for AWS's own pages, which also carry their `url`; absent for the documents.
    kind: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reason {
    rule: String,
    points: f64,
    text: String,
    source: Option<Source>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Excl {
    rule: String,
    text: String,
    source: Option<Source>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Default {
    key: String,
    value: String,
    why: Option<String>,
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

/// Whether `x` is a whole number of cents.
fn cents(x: f64) -> bool {
    ((x * 100.0).round() - x * 100.0).abs() < 1e-6
}

/// A source, when there is one, names a document (or an AWS page) and a section; an AWS page, and
/// only an AWS page, carries the address of AWS's documentation; a document, and only a
/// document, its title.
fn cited(source: Option<&Source>) -> bool {
    source.is_none_or(|s| {
        let page = match (s.kind.as_deref(), s.url.as_deref(), s.title.as_deref()) {
            (None, None, Some(title)) => !title.is_empty() && !title.contains(&s.doc),
            (Some("aws-docs"), Some(url), None) => {
                url.starts_with("https://docs.aws.amazon.com/")
                    || url.starts_with("https://aws.amazon.com/")
            }
            _ => false,
        };
        page && !s.doc.is_empty() && !s.section.is_empty()
    })
}

/// The invariants of spec §5 on one document; `what` names it in failures.
fn check_contract(doc: &Doc, what: &str) {
    assert_eq!(doc.schema_version, 1, "{what}");
    assert!(!doc.workload.is_empty(), "{what}");
    assert!(
        ["service", "event", "batch", "scheduled"].contains(&doc.kind.as_str()),
        "{what}: kind {}",
        doc.kind
    );
    assert!(
        ["cost", "fit", "balanced"].contains(&doc.prefer.as_str()),
        "{what}: prefer {}",
        doc.prefer
    );
    let date = doc.pricing_as_of.as_bytes();
    assert!(
        date.len() == 10
            && date.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }),
        "{what}: pricing_as_of {}",
        doc.pricing_as_of
    );
    assert!(!doc.flowchart_path.is_empty(), "{what}: a flowchart path");
    assert!(doc.warnings.iter().all(|w| !w.is_empty()), "{what}");
    for d in &doc.defaults {
        assert!(!d.key.is_empty() && !d.value.is_empty(), "{what}: {d:?}");
        assert!(
            d.why.as_ref().is_none_or(|w| !w.is_empty()),
            "{what}: {d:?}"
        );
    }

    let mut ids: Vec<&str> = doc.services.iter().map(|s| s.service.as_str()).collect();
    ids.sort_unstable();
    let mut all = SERVICES.to_vec();
    all.sort_unstable();
    assert_eq!(ids, all, "{what}: all eight services appear once");

    // Ranked services first, in rank order 1..n; then the excluded ones.
    let ranks: Vec<Option<usize>> = doc.services.iter().map(|s| s.rank).collect();
    let n = ranks.iter().filter(|r| r.is_some()).count();
    assert_eq!(
        ranks[..n],
        (1..=n).map(Some).collect::<Vec<_>>(),
        "{what}: ranks 1..n in order, before the excluded"
    );
    assert!(ranks[n..].iter().all(Option::is_none), "{what}");

    for s in &doc.services {
        let at = format!("{what}: {}", s.service);
        assert_eq!(
            s.eligible,
            s.rank.is_some(),
            "{at}: ranked exactly when eligible"
        );
        if s.eligible {
            let cost = s.monthly_cost_usd.unwrap();
            assert!(cost >= 0.0 && cents(cost), "{at}: cost {cost}");
            assert!(s.fit_score.is_some_and(f64::is_finite), "{at}");
            assert!(s.option.is_some() && s.arch.is_some(), "{at}");
            assert!(
                !s.line_items.is_empty(),
                "{at}: a priced service has line items"
            );
            let sum: f64 = s.line_items.iter().map(|l| l.monthly_usd).sum();
            assert!(
                (sum - cost).abs() < 0.005,
                "{at}: items sum {sum} = total {cost}"
            );
            for l in &s.line_items {
                assert!(!l.item.is_empty() && !l.unit.is_empty(), "{at}: {l:?}");
                assert!(
                    l.quantity >= 0.0 && l.unit_price_usd >= 0.0 && cents(l.monthly_usd),
                    "{at}: {l:?}"
                );
                assert!(
                    (l.quantity * l.unit_price_usd - l.monthly_usd).abs()
                        <= 0.005 + 1e-9 * l.monthly_usd,
                    "{at}: quantity × unit price = amount: {l:?}"
                );
            }
            assert_eq!(
                s.instance_type.is_some(),
                s.instance_count.is_some(),
                "{at}: an instance type comes with a count"
            );
            assert!(s.excluded_by.is_empty(), "{at}");
            for r in &s.reasons {
                assert!(
                    !r.rule.is_empty() && !r.text.is_empty() && cited(r.source.as_ref()),
                    "{at}: {r:?}"
                );
                assert!(r.points.is_finite(), "{at}: {r:?}");
            }
        } else {
            // Excluded: every figure null, nothing priced, and at least one cited reason why.
            assert!(
                s.monthly_cost_usd.is_none()
                    && s.fit_score.is_none()
                    && s.option.is_none()
                    && s.arch.is_none()
                    && s.compute.is_none()
                    && s.instance_type.is_none()
                    && s.instance_count.is_none(),
                "{at}: an excluded service has null figures"
            );
            assert!(
                s.line_items.is_empty() && s.notes.is_empty() && s.reasons.is_empty(),
                "{at}"
            );
            assert!(
                !s.excluded_by.is_empty(),
                "{at}: an excluded service says why"
            );
            for e in &s.excluded_by {
                assert!(
                    !e.rule.is_empty() && !e.text.is_empty() && cited(e.source.as_ref()),
                    "{at}: {e:?}"
                );
            }
        }
    }
    let top = doc
        .services
        .iter()
        .find(|s| s.rank == Some(1))
        .map(|s| s.service.clone());
    assert_eq!(
        doc.recommendation, top,
        "{what}: the recommendation is rank 1"
    );
}

#[test]
fn every_example_json_keeps_the_contract() {
    for example in examples() {
        let doc = json(&[example.to_str().unwrap()]);
        check_contract(&doc, &example.display().to_string());
    }
}

#[test]
fn every_scenario_json_keeps_the_contract() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let dir = tempfile::tempdir().unwrap();
    for file in files {
        // A scenario holds its workload under `[workload]`, beside what it expects.
        let scenario: toml::Table =
            toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let workload = toml::to_string(&scenario["workload"]).unwrap();
        let path = dir.path().join(file.file_name().unwrap());
        std::fs::write(&path, workload).unwrap();
        let doc = json(&[path.to_str().unwrap()]);
        check_contract(&doc, &file.display().to_string());
    }
}

#[test]
fn the_contract_check_rejects_a_broken_document() {
    // The check above must be able to fail: a document whose line items do not add up.
    let path = root().join("examples/web-api.toml");
    let run = Test::new()
        .args(["recommend", "--format", "json"])
        .arg_path(&path)
        .run()
        .success();
    let mut value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    value["services"][0]["monthly_cost_usd"] = serde_json::json!(1e9);
    let doc: Doc = serde_json::from_value(value.clone()).unwrap();
    let broken = std::panic::catch_unwind(|| check_contract(&doc, "broken"));
    assert!(
        broken.is_err(),
        "a total that is not the sum of its items fails"
    );
    value["services"][0]["surprise"] = serde_json::json!(true);
    assert!(
        serde_json::from_value::<Doc>(value).is_err(),
        "an unknown key fails"
    );
}

/// Every example in a few lines: its ranking, the rules that exclude, and its warnings and
/// defaults. Figures are left out: they are in the table snapshots and the contract above.
#[test]
fn every_example_json_outline_snapshot() {
    let mut outline = String::new();
    for example in examples() {
        let doc = json(&[example.to_str().unwrap()]);
        let ranked: Vec<&str> = doc
            .services
            .iter()
            .filter(|s| s.eligible)
            .map(|s| s.service.as_str())
            .collect();
        outline.push_str(&format!(
            "{} → {} ({}, {}, prefer {}): {}\n",
            stem(&example),
            doc.workload,
            doc.kind,
            doc.region,
            doc.prefer,
            ranked.join(" > ")
        ));
        outline.push_str(&format!("  path: {}\n", doc.flowchart_path.join(" → ")));
        for s in doc.services.iter().filter(|s| !s.eligible) {
            let rules: Vec<&str> = s.excluded_by.iter().map(|e| e.rule.as_str()).collect();
            outline.push_str(&format!("  excluded {}: {}\n", s.service, rules.join(", ")));
        }
        for w in &doc.warnings {
            outline.push_str(&format!("  warning: {w}\n"));
        }
        for d in &doc.defaults {
            let why = d
                .why
                .as_ref()
                .map_or_else(String::new, |w| format!(" ({w})"));
            outline.push_str(&format!("  default {} = {}{why}\n", d.key, d.value));
        }
    }
    insta::assert_snapshot!("json-outline", outline);
}

/// One ranked and one excluded service entry in full, as the JSON prints them.
#[test]
fn json_service_entries_snapshot() {
    for (example, service) in [("web-api", "fargate"), ("gpu-inference", "lambda")] {
        let path = root().join(format!("examples/{example}.toml"));
        let run = Test::new()
            .args(["recommend", "--format", "json"])
            .arg_path(&path)
            .run()
            .success();
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let entry = value["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["service"] == service)
            .unwrap();
        insta::assert_snapshot!(
            format!("json-entry-{example}-{service}"),
            serde_json::to_string_pretty(entry).unwrap()
        );
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
    // the task's public IPv4 730 × $0.005 = $3.65;
    // ALB: 730 × $0.0225 = $16.425 → $16.43 (half away from zero, within f64); capacity units on
    // processed bytes, the busiest dimension: 30M × (1 + 16) KiB ÷ 1,048,576 = 486.374 LCU-hours ×
    // $0.008 = $3.89; the ALB's two public IPv4 addresses 1,460 × $0.005 = $7.30;
    // data transfer out: 30M responses × 16 KiB (the default) ÷ 1,048,576 = 457.76 GB × $0.09 =
    // $41.1987 → $41.20.
    let fargate = svc(&doc, "fargate");
    let items: Vec<f64> = fargate.line_items.iter().map(|l| l.monthly_usd).collect();
    assert_eq!(items[..3], [29.55, 6.49, 3.65]);
    assert_eq!(items[4..], [3.89, 7.30, 41.20]);
    assert!(
        (fargate.monthly_cost_usd.unwrap()
            - (29.55 + 6.49 + 3.65 + items[3] + 3.89 + 7.30 + 41.20))
            .abs()
            < 1e-9
    );

    // Lambda: 2,048 MB. 30 × $0.20 = $6.00; 7.2M GB-s × $0.0000166667 = $120.00; API GW 30 × $1 = $30;
    // data transfer out $41.20 as above.
    let lambda = svc(&doc, "lambda");
    assert_eq!(lambda.monthly_cost_usd, Some(197.2));

    // EC2: 1 vCPU and 2 GB + 0.5 GiB for the OS: t3a.medium (2 vCPU, 4 GiB, $0.0376) × 730 h
    // = $27.448 → $27.45; 0.5 vCPU busy over its 0.4 vCPU baseline: 730 × 0.1 = 73 surplus
    // vCPU-hours × $0.05 = $3.65; plus the ALB.
    let ec2 = svc(&doc, "ec2");
    assert_eq!(ec2.line_items[0].monthly_usd, 27.45);
    assert_eq!(ec2.line_items[1].quantity, 73.0);
    assert_eq!(ec2.line_items[1].monthly_usd, 3.65);

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
