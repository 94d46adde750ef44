//! The billing formulas on workload files (#13): each figure computed by hand from the bundled
//! us-east-1 table.

use crate::support::Test;

/// `service`'s entry in `recommend FILE --format json` with each `--set` of `set`, checking
/// that it is `eligible` or not.
fn entry(file: &str, set: &[&str], service: &str, eligible: bool) -> serde_json::Value {
    let mut args = vec!["recommend", file, "--format", "json"];
    for s in set {
        args.extend(["--set", s]);
    }
    let run = Test::new().args(args).run().success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let s = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == service)
        .unwrap()
        .clone();
    assert_eq!(s["eligible"], eligible, "{service}: {s}");
    s
}

/// `(item, quantity, monthly_usd)` of every line item of `service` in `recommend --format json`.
fn items(file: &str, set: &[&str], service: &str) -> Vec<(String, f64, f64)> {
    entry(file, set, service, true)["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["item"].as_str().unwrap().to_owned(),
                i["quantity"].as_f64().unwrap(),
                i["monthly_usd"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn find<'a>(items: &'a [(String, f64, f64)], name: &str) -> &'a (String, f64, f64) {
    items
        .iter()
        .find(|i| i.0 == name)
        .unwrap_or_else(|| panic!("no `{name}` in {items:?}"))
}

#[test]
fn app_runner_bills_memory_once() {
    // 1 instance of 1 vCPU / 2 GB. Memory for every provisioned hour: 730 h × 2 GB = 1,460 GB-h
    // × $0.007 = $10.22. vCPU only while active: 1M × 100 ms = 100,000 s = 27.78 h × $0.064 = $1.78.
    // No second memory charge for the active hours.
    let items = items(
        "tests/fixtures/workloads/valid/app-runner-mostly-idle.toml",
        &[],
        "app_runner",
    );
    let memory = find(&items, "App Runner provisioned memory");
    assert_eq!((memory.1, memory.2), (1_460.0, 10.22));
    let vcpu = find(&items, "App Runner active vCPU");
    assert!((vcpu.1 - 100_000.0 / 3_600.0).abs() < 1e-6, "{vcpu:?}");
    assert_eq!(vcpu.2, 1.78);
    assert!(
        items.iter().all(|i| !i.0.contains("active memory")),
        "{items:?}"
    );
}

#[test]
fn http_api_second_tier_above_300_million() {
    // 500M requests: the first 300M at $1.00 per million = $300, the other 200M at $0.90 = $180.
    let items = items(
        "tests/fixtures/workloads/valid/http-api-500m.toml",
        &[],
        "lambda",
    );
    let first = find(&items, "API Gateway HTTP API");
    assert_eq!((first.1, first.2), (300.0, 300.0));
    let second = find(&items, "API Gateway HTTP API, above 300M requests");
    assert_eq!((second.1, second.2), (200.0, 180.0));
}

#[test]
fn nlb_capacity_units_count_800_tcp_or_400_udp_flows() {
    // 5,256M connections a month ÷ (730 h × 3,600 s) = 2,000 new flows/s.
    // TCP: 2,000 ÷ 800 = 2.5 NLCUs × 730 h = 1,825 NLCU-h × $0.006 = $10.95.
    let file = "tests/fixtures/workloads/valid/tcp-2000-flows.toml";
    let tcp = items(file, &[], "fargate");
    let nlcu = find(&tcp, "Network Load Balancer capacity units");
    assert_eq!((nlcu.1, nlcu.2), (1_825.0, 10.95));
    // UDP: 2,000 ÷ 400 = 5 NLCUs × 730 h = 3,650 NLCU-h × $0.006 = $21.90.
    let udp = items(file, &["shape.interface=udp"], "fargate");
    let nlcu = find(&udp, "Network Load Balancer capacity units");
    assert_eq!((nlcu.1, nlcu.2), (3_650.0, 21.9));
}

#[test]
fn traffic_sizes_and_connections_default_from_the_interface_and_the_traffic() {
    // A TCP service (its file gives the request and response sizes, so they are not defaults):
    // each request is a flow of its own (1 request per connection); the open
    // connections default to the requests in flight: 5,256M × 100 ms ÷ 1,000 ÷ (730 × 3,600 s)
    // = 525,600,000 s ÷ 2,628,000 s = 200.
    let run = Test::new()
        .args([
            "explain",
            "tests/fixtures/workloads/valid/tcp-2000-flows.toml",
        ])
        .run()
        .success();
    for line in [
        "traffic.requests_per_connection = 1 request per connection  (each request is a connection or flow of its own)",
        "traffic.avg_connections = 200 connections  (requests in flight on average)",
    ] {
        assert!(run.stdout.contains(line), "no `{line}` in\n{}", run.stdout);
    }
    // Over HTTP a client sends 10 requests over one connection; values set in the file win.
    let run = Test::new()
        .args([
            "explain",
            "tests/fixtures/workloads/valid/tcp-2000-flows.toml",
            "--set",
            "shape.interface=http",
            "--set",
            "traffic.avg_response_kb=256",
        ])
        .run()
        .success();
    assert!(
        run.stdout
            .contains("traffic.requests_per_connection = 10 requests per connection\n")
    );
    assert!(
        !run.stdout.contains("traffic.avg_response_kb ="),
        "{}",
        run.stdout
    );
}

#[test]
fn alb_capacity_units_on_processed_bytes_of_large_responses() {
    // examples/chatty-api.toml: 20M requests of 2 KiB in and 400 KiB out. Processed bytes:
    // 20,000,000 × 402 KiB ÷ 1,048,576 = 7,667.5415 GB a month = 10.5035 GB each of 730 hours, one
    // LCU per GB an hour: 7,667.5415 LCU-hours × $0.008 = $61.34. New connections: 20M ÷
    // 2,628,000 s ÷ 50 per connection = 0.152/s ÷ 25 = 0.006 LCU; active: 0.61 ÷ 3,000.
    let large = items("examples/chatty-api.toml", &[], "fargate");
    let lcu = find(&large, "Application Load Balancer capacity units");
    assert!(
        (lcu.1 - 20_000_000.0 * 402.0 / 1_048_576.0).abs() < 1e-4,
        "{lcu:?}"
    );
    assert_eq!(lcu.2, 61.34);
    // Small responses bill a fraction of a unit, with no minimum of one an hour:
    // 20M × (2 + 8) KiB ÷ 1,048,576 = 190.7349 LCU-hours × $0.008 = $1.53 (not 730 × $0.008 = $5.84).
    let small = items(
        "examples/chatty-api.toml",
        &["traffic.avg_response_kb=8"],
        "fargate",
    );
    let lcu = find(&small, "Application Load Balancer capacity units");
    assert!((lcu.1 - 190.734_863_281_25).abs() < 1e-4, "{lcu:?}");
    assert_eq!(lcu.2, 1.53);
    // explain names the busiest dimension.
    let run = Test::new()
        .args(["explain", "examples/chatty-api.toml"])
        .run()
        .success();
    assert!(
        run.stdout
            .contains("capacity units billed on the busiest dimension, processed bytes"),
        "{}",
        run.stdout
    );
}

#[test]
fn nlb_capacity_units_on_active_flows() {
    // A UDP service with 300,000 open flows: 300,000 ÷ 50,000 per NLCU = 6 NLCUs, more than its
    // 2,000 new flows/s ÷ 400 = 5 and its 1.37 GB/hour of processed bytes.
    let file = "tests/fixtures/workloads/valid/tcp-2000-flows.toml";
    let udp = items(
        file,
        &["shape.interface=udp", "traffic.avg_connections=300000"],
        "fargate",
    );
    let nlcu = find(&udp, "Network Load Balancer capacity units");
    // 300,000 ÷ 50,000 = 6 NLCUs × 730 = 4,380 NLCU-h × $0.006 = $26.28.
    assert_eq!((nlcu.1, nlcu.2), (4_380.0, 26.28));
}

/// The `excluded_by` rules of `service` in `recommend --format json`.
fn exclusions(file: &str, set: &[&str], service: &str) -> Vec<String> {
    entry(file, set, service, false)["excluded_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn fargate_bills_every_job_run_at_least_a_minute() {
    // 6,000 runs × 15 s, each billed 1 minute: 6,000 min = 100 task-hours (not 25).
    // vCPU: 100 × 1 × $0.04048 = $4.048 → $4.05; memory: 100 × 2 GB × $0.004445 = $0.889 → $0.89.
    let short = items(
        "tests/fixtures/workloads/valid/short-fargate-jobs.toml",
        &[],
        "fargate",
    );
    let vcpu = find(&short, "Fargate vCPU");
    assert_eq!((vcpu.1, vcpu.2), (100.0, 4.05));
    let memory = find(&short, "Fargate memory");
    assert_eq!((memory.1, memory.2), (200.0, 0.89));
    // Runs of 2 minutes bill as they run: 6,000 × 2 min = 200 task-hours × $0.04048 = $8.096 → $8.10.
    let items = items(
        "tests/fixtures/workloads/valid/short-fargate-jobs.toml",
        &["jobs.duration_min=2"],
        "fargate",
    );
    assert_eq!(find(&items, "Fargate vCPU").2, 8.10);
}

#[test]
fn eks_adds_256_mb_to_every_fargate_pod() {
    // Today: 2 EKS Fargate pods of 1 vCPU / 2 GB, each asking 2.25 GB → billed 1 vCPU / 3 GB.
    // Memory: 2 × 730 h × 3 GB = 4,380 GB-h × $0.004445 = $19.4691 → $19.47 (not 2,920 GB-h).
    // vCPU: 1,460 vCPU-h × $0.04048 = $59.1008 → $59.10. Control plane 730 × $0.10 = $73.
    let run = Test::new()
        .args([
            "recommend",
            "tests/fixtures/workloads/valid/eks-fargate-pods.toml",
            "--format",
            "json",
        ])
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let today = &doc["current"];
    assert_eq!(today["eligible"], true, "{today}");
    let line = |name: &str| {
        today["line_items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == name)
            .unwrap_or_else(|| panic!("no {name} in {today}"))
            .clone()
    };
    let memory = line("Fargate memory");
    assert_eq!(memory["quantity"], 4_380.0);
    assert_eq!(memory["monthly_usd"], 19.47);
    assert_eq!(line("Fargate vCPU")["monthly_usd"], 59.10);
    assert_eq!(line("EKS control plane")["monthly_usd"], 73.0);
    // ECS on Fargate bills the same tasks at their own 2 GB: 2,920 GB-h × $0.004445 = $12.9794 → $12.98.
    let items = items(
        "tests/fixtures/workloads/valid/eks-fargate-pods.toml",
        &[],
        "fargate",
    );
    assert_eq!(find(&items, "Fargate memory").2, 12.98);
}

#[test]
fn fargate_storage_stops_at_200_gb() {
    let file = "tests/fixtures/workloads/valid/minimal-service.toml";
    // 200 GB fits: 180 GB above the included 20 × 730 h = 131,400 GB-h × $0.000111 = $14.5854 → $14.59.
    let at_200 = items(
        file,
        &["resources.storage_gb=200", "shape.arch=x86"],
        "fargate",
    );
    let storage = find(&at_200, "Fargate ephemeral storage above 20 GB");
    assert_eq!((storage.1, storage.2), (131_400.0, 14.59));
    // 250 GB does not: the rule cites Fargate's 200 GiB; EKS and Batch fall back to EC2 nodes.
    assert_eq!(
        exclusions(file, &["resources.storage_gb=250"], "fargate"),
        ["fargate-max-storage"]
    );
    let eks = items(file, &["resources.storage_gb=250"], "eks");
    assert!(eks.iter().any(|i| i.0 == "EBS gp3 volumes"), "{eks:?}");
    assert!(eks.iter().all(|i| !i.0.starts_with("Fargate")), "{eks:?}");
    // And the default (no storage_gb) bills no storage anywhere.
    let default = items(file, &[], "fargate");
    assert!(
        default.iter().all(|i| !i.0.contains("storage")),
        "{default:?}"
    );
}

#[test]
fn lambda_rounds_duration_to_the_ms_and_bills_storage_above_512_mb() {
    // 100M × 101 ms (100.4 rounded up) × 2 GB = 20,200,000 GB-s × $0.0000166667 = $336.66734 → $336.67.
    // Storage: (2.5 − 0.5) GB × 100M × 0.101 s = 20,200,000 GB-s × $0.0000000309 = $0.62418 → $0.62.
    // Requests: 100 × $0.20 = $20.
    let file = "tests/fixtures/workloads/valid/lambda-billing.toml";
    let items = items(file, &[], "lambda");
    let duration = find(&items, "Lambda duration (x86)");
    assert_eq!((duration.1, duration.2), (20_200_000.0, 336.67));
    let storage = find(&items, "Lambda ephemeral storage above 512 MB");
    assert_eq!((storage.1, storage.2), (20_200_000.0, 0.62));
    assert_eq!(find(&items, "Lambda requests").2, 20.0);
    // explain says the mean was rounded, and that this approximates AWS's per-invocation rounding.
    let run = Test::new()
        .args(["explain", file, "--service", "lambda"])
        .run()
        .success();
    assert!(run.stdout.contains("101 ms"), "{}", run.stdout);
    assert!(run.stdout.contains("approximates"), "{}", run.stdout);
    // More than 10 GB of /tmp cannot run on Lambda.
    assert_eq!(
        exclusions(file, &["resources.storage_gb=12"], "lambda"),
        ["lambda-max-storage"]
    );
}

#[test]
fn requests_over_30_s_price_a_function_url() {
    // 500M requests whose longest takes 1 minute: API Gateway's HTTP API ends requests at 30 s, so
    // the function is priced behind a function URL: no API Gateway line items.
    let file = "tests/fixtures/workloads/valid/http-api-500m.toml";
    let url = items(file, &["traffic.max_duration_min=1"], "lambda");
    assert!(
        url.iter().all(|i| !i.0.starts_with("API Gateway")),
        "{url:?}"
    );
    let run = Test::new()
        .args([
            "explain",
            file,
            "--service",
            "lambda",
            "--set",
            "traffic.max_duration_min=1",
        ])
        .run()
        .success();
    assert!(run.stdout.contains("function URL"), "{}", run.stdout);
    // At 30 s the HTTP API still carries them: $300 + $180 as before.
    let items = items(file, &["traffic.max_duration_min=0.5"], "lambda");
    assert_eq!(find(&items, "API Gateway HTTP API").2, 300.0);
}

#[test]
fn websocket_prices_messages_and_connection_minutes() {
    // 500M messages × $1.00 per million (all in the first billion) = $500. 1,000 connections open all
    // month: 1,000 × 730 × 60 = 43,800,000 minutes = 43.8 × $0.25 per million = $10.95.
    let file = "tests/fixtures/workloads/valid/http-api-500m.toml";
    let set = ["shape.interface=websocket", "traffic.avg_connections=1000"];
    let items = items(file, &set, "lambda");
    let messages = find(&items, "API Gateway WebSocket messages");
    assert_eq!((messages.1, messages.2), (500.0, 500.0));
    let minutes = find(&items, "API Gateway WebSocket connection-minutes");
    assert_eq!((minutes.1, minutes.2), (43.8, 10.95));
    assert!(
        items.iter().all(|i| !i.0.starts_with("API Gateway HTTP")),
        "{items:?}"
    );
    // eu-west-1's table has no sourced WebSocket API rates: Lambda is not priced there.
    let set = [
        "shape.interface=websocket",
        "traffic.avg_connections=1000",
        "region=eu-west-1",
    ];
    assert_eq!(exclusions(file, &set, "lambda"), ["price-unavailable"]);
}
