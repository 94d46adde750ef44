//! Commitments compared like with like, and the limits that bite at peak (#13 items 10 and 15), on
//! workload files; each figure computed by hand from the bundled tables.

use crate::support::Test;

/// `recommend --format json` on `file` with `--set`s and extra arguments.
fn json(file: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["recommend", file, "--format", "json"];
    args.extend(extra);
    let run = Test::new().args(args).run().success();
    serde_json::from_str(&run.stdout).unwrap()
}

fn service<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == id)
        .unwrap()
}

/// `(item, quantity, unit price, monthly)` of a service's line items.
fn items(s: &serde_json::Value) -> Vec<(String, f64, f64, f64)> {
    s["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["item"].as_str().unwrap().to_owned(),
                i["quantity"].as_f64().unwrap(),
                i["unit_price_usd"].as_f64().unwrap(),
                i["monthly_usd"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn warnings(doc: &serde_json::Value) -> Vec<String> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn fargate_and_lambda_use_their_own_savings_plans_rates() {
    // examples/web-api.toml buys a 1-year Compute Savings Plan in us-east-1. Fargate, 2 tasks of
    // 1 vCPU / 2 GB on ARM: 1,460 vCPU-hours × $0.0255 = $37.23 and 2,920 GB-hours × $0.0028 =
    // $8.176 → $8.18, the plan's own rates (On-Demand: $0.03238 and $0.00356).
    let doc = json("examples/web-api.toml", &[]);
    let fargate = service(&doc, "fargate");
    assert_eq!(fargate["option"], "savings_plan_1yr");
    let items_f = items(fargate);
    assert!(
        items_f.contains(&(
            "Fargate vCPU (1-year Savings Plan)".to_owned(),
            1_460.0,
            0.0255,
            37.23
        )),
        "{items_f:?}"
    );
    assert!(
        items_f.contains(&(
            "Fargate memory (1-year Savings Plan)".to_owned(),
            2_920.0,
            0.0028,
            8.18
        )),
        "{items_f:?}"
    );
    // Lambda: 30M × 120 ms × 2 GB = 7.2M GB-s on Arm at $0.0000133334 × (1 − 12 %) =
    // $0.000011733392 (derived) = $84.4804224 → $84.48.
    let lambda = service(&doc, "lambda");
    assert_eq!(lambda["option"], "savings_plan_1yr");
    let duration = items(lambda)
        .into_iter()
        .find(|i| i.0.starts_with("Lambda duration"))
        .unwrap();
    assert_eq!(
        duration.0,
        "Lambda duration (Arm, Savings Plan rate derived)"
    );
    assert!(
        (duration.2 - 0.000_011_733_392).abs() < 1e-15,
        "{duration:?}"
    );
    assert_eq!(duration.3, 84.48);
    // Every service has its plan: no "priced On-Demand", nothing uneven.
    let w = warnings(&doc);
    assert!(
        w.iter()
            .all(|w| !w.contains("priced On-Demand") && !w.contains("Uneven")),
        "{w:?}"
    );
}

#[test]
fn a_region_without_the_rates_says_the_comparison_is_uneven() {
    // eu-west-1's table has no Compute Savings Plans rate for Fargate or Lambda: both are priced
    // On-Demand (Fargate: 1,460 × $0.03238 = $47.27), and one warning says so, naming the keys,
    // while the EC2-based services keep their plan.
    let doc = json("examples/web-api.toml", &["--region", "eu-west-1"]);
    let fargate = service(&doc, "fargate");
    assert_eq!(fargate["option"], "on_demand");
    let items_f = items(fargate);
    assert!(
        items_f.contains(&("Fargate vCPU".to_owned(), 1_460.0, 0.03238, 47.27)),
        "{items_f:?}"
    );
    assert_eq!(service(&doc, "lambda")["option"], "on_demand");
    assert_eq!(service(&doc, "ec2")["option"], "savings_plan_1yr");
    let w = warnings(&doc);
    let uneven: Vec<&String> = w.iter().filter(|w| w.contains("Uneven")).collect();
    assert_eq!(uneven.len(), 1, "{w:?}");
    let text = uneven[0];
    for part in [
        "Uneven comparison: ECS on Fargate and Lambda are priced without a 1-year Compute Savings Plan (On-Demand instead) because the eu-west-1 table has no rate for them",
        "`fargate.savings_plan_1yr_arm_vcpu_hour`",
        "`savings_plan.lambda_1yr`",
        "while EC2, ECS on EC2, EKS and Elastic Beanstalk are priced with one",
    ] {
        assert!(text.contains(part), "{part:?} not in {text}");
    }
}

#[test]
fn fargate_spot_on_arm() {
    // One 1 vCPU / 2 GB task on ARM Fargate Spot: 730 × $0.01030969 = $7.5260737 → $7.53;
    // 1,460 GB-hours × $0.00113349 = $1.6548954 → $1.65.
    let doc = json("tests/fixtures/workloads/valid/spot-arm-worker.toml", &[]);
    let fargate = service(&doc, "fargate");
    assert_eq!(fargate["option"], "spot");
    assert_eq!(fargate["arch"], "arm");
    let items_f = items(fargate);
    assert!(
        items_f.contains(&("Fargate Spot vCPU".to_owned(), 730.0, 0.010_309_69, 7.53)),
        "{items_f:?}"
    );
    assert!(
        items_f.contains(&(
            "Fargate Spot memory".to_owned(),
            1_460.0,
            0.001_133_49,
            1.65
        )),
        "{items_f:?}"
    );
    // EKS pods cannot use Fargate Spot: where EKS runs the worker on Fargate, it is On-Demand.
    let eks = service(&doc, "eks");
    if eks["eligible"] == true {
        assert!(
            items(eks).iter().all(|i| !i.0.starts_with("Fargate Spot")),
            "{eks}"
        );
    }
}

#[test]
fn lambda_peak_over_the_concurrency_quota_is_a_warning_with_its_figures() {
    // 120M events × 2 s ÷ 2,628,000 s = 91.324 in flight on average; × 12 = 1,095.89 at peak,
    // above the default quota of 1,000 (fact lambda_concurrency_quota).
    let file = "tests/fixtures/workloads/valid/lambda-peak-over-quota.toml";
    let doc = json(file, &[]);
    assert_eq!(service(&doc, "lambda")["eligible"], true);
    let w = warnings(&doc);
    let peak = w
        .iter()
        .find(|w| w.starts_with("Lambda at peak"))
        .unwrap_or_else(|| panic!("{w:?}"));
    assert!(
        peak.starts_with("Lambda at peak: 1,096 executions at once (91.324 in flight on average × `peak_to_average` 12), above the default quota of 1,000 concurrent executions per account and Region (fact `lambda_concurrency_quota`, rule `lambda-concurrency-quota`)."),
        "{peak}"
    );
    // The rule takes its point off Lambda's fit.
    let reasons = service(&doc, "lambda")["reasons"].to_string();
    assert!(reasons.contains("lambda-concurrency-quota"), "{reasons}");
    // At 10 times the average the peak is 913.24: under the quota, no warning.
    let doc = json(file, &["--set", "traffic.peak_to_average=10"]);
    assert!(
        warnings(&doc).iter().all(|w| !w.contains("at peak")),
        "{:?}",
        warnings(&doc)
    );
    // The table prints the same warning.
    let run = Test::new().args(["recommend", file]).run().success();
    assert!(
        run.stdout.contains("Lambda at peak: 1,096 executions"),
        "{}",
        run.stdout
    );
}

#[test]
fn app_runner_peak_over_25_instances_is_a_warning_with_its_figures() {
    // 12 instances on average × 3 = 36 at peak, above App Runner's 25 per service.
    let doc = json("tests/fixtures/workloads/valid/app-runner-peak.toml", &[]);
    let w = warnings(&doc);
    assert!(
        w.iter().any(|w| w.starts_with("App Runner at peak: 36 instances (12 on average × `peak_to_average` 3), above its maximum of 25 instances per service (fact `app_runner_max_instances`, rule `apprunner-peak-over-quota`).")),
        "{w:?}"
    );
}

#[test]
fn an_event_handlers_concurrency_defaults_to_one_request_per_vcpu() {
    // The file leaves concurrency_per_instance out on 2 vCPU: max(1, floor(2)) = 2 requests per
    // task, so 91.324 in flight need ceil(91.324 / 2) = 46 Fargate tasks on average
    // (46 × 730 = 33,580 task-hours × 2 vCPU = 67,160 vCPU-hours), not ceil(91.324 / 80) = 2.
    let doc = json(
        "tests/fixtures/workloads/valid/lambda-peak-over-quota.toml",
        &[],
    );
    let vcpu = items(service(&doc, "fargate"))
        .into_iter()
        .find(|i| i.0 == "Fargate vCPU")
        .unwrap();
    assert_eq!(vcpu.1, 67_160.0, "{vcpu:?}");
}
