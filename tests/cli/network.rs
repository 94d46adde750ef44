//! Networking and disks on workload files (#13 items 11–14): public IPv4 addresses, NAT gateways
//! or interface endpoints, data transfer out and gp3 volumes, each figure computed by hand from
//! the bundled tables.

use crate::support::Test;

const FILE: &str = "tests/fixtures/workloads/valid/network-service.toml";

fn doc(set: &[&str]) -> serde_json::Value {
    let mut args = vec!["recommend", FILE, "--format", "json"];
    for s in set {
        args.extend(["--set", s]);
    }
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

/// `(item, quantity, unit price, monthly_usd)` of every line item of an eligible service.
fn items(doc: &serde_json::Value, id: &str) -> Vec<(String, f64, f64, f64)> {
    let s = service(doc, id);
    assert_eq!(s["eligible"], true, "{id}: {s}");
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

fn find<'a>(items: &'a [(String, f64, f64, f64)], name: &str) -> &'a (String, f64, f64, f64) {
    items
        .iter()
        .find(|i| i.0 == name)
        .unwrap_or_else(|| panic!("no `{name}` in {items:?}"))
}

fn has(items: &[(String, f64, f64, f64)], part: &str) -> bool {
    items.iter().any(|i| i.0.contains(part))
}

#[test]
fn public_ipv4_for_every_task_node_vm_and_load_balancer() {
    // Two instances all month: 1,460 address-hours × $0.005 = $7.30, whether they are Fargate
    // tasks, ECS/EKS nodes or VMs; the ALB's two addresses another 1,460 h = $7.30.
    let d = doc(&[]);
    for (id, what) in [
        ("fargate", "Public IPv4 addresses (tasks)"),
        ("ec2", "Public IPv4 addresses (VMs)"),
        ("elastic_beanstalk", "Public IPv4 addresses (VMs)"),
    ] {
        let items = items(&d, id);
        let ips = find(&items, what);
        assert_eq!((ips.1, ips.2, ips.3), (1_460.0, 0.005, 7.30), "{id}");
        let lb = find(&items, "Public IPv4 addresses (load balancer)");
        assert_eq!((lb.1, lb.3), (1_460.0, 7.30), "{id}");
    }
    // Nodes: one address per node for the hours it runs.
    let ecs = service(&d, "ecs");
    let nodes = ecs["instance_count"].as_f64().unwrap();
    let items = items(&d, "ecs");
    let ips = find(&items, "Public IPv4 addresses (nodes)");
    assert!((ips.1 - nodes * 730.0).abs() < 1e-9, "{ips:?}");
    // Lambda runs outside the VPC: no address.
    assert!(!has(&self::items(&d, "lambda"), "IPv4"));
}

#[test]
fn nat_gateways_replace_the_task_addresses() {
    // High availability: 2 NAT gateways × 730 h = 1,460 gateway-hours × $0.045 = $65.70; 1,000 GB
    // processed × $0.045 = $45.00. The tasks have no public address; the ALB keeps its two.
    let d = doc(&["network.egress=nat", "network.nat_gb_per_month=1000"]);
    for id in ["fargate", "ecs", "ec2", "eks"] {
        let items = items(&d, id);
        let nat = find(&items, "NAT gateways");
        assert_eq!((nat.1, nat.2, nat.3), (1_460.0, 0.045, 65.70), "{id}");
        let gb = find(&items, "NAT gateway data processing");
        assert_eq!((gb.1, gb.3), (1_000.0, 45.0), "{id}");
        assert!(
            !items
                .iter()
                .any(|i| i.0.starts_with("Public IPv4") && !i.0.ends_with("(load balancer)")),
            "{id}: {items:?}"
        );
        assert_eq!(
            find(&items, "Public IPv4 addresses (load balancer)").3,
            7.30
        );
    }
    // Lambda pays no NAT.
    assert!(!has(&items(&d, "lambda"), "NAT"));
}

#[test]
fn interface_endpoints_in_each_zone_or_missing_where_unpriced() {
    // 3 endpoints × 2 zones × 730 h = 4,380 endpoint-hours × $0.01 = $43.80; 200 GB × $0.01 = $2.
    let d = doc(&["network.egress=endpoints", "network.nat_gb_per_month=200"]);
    let items = items(&d, "fargate");
    let e = find(&items, "Interface VPC endpoints");
    assert_eq!((e.1, e.2, e.3), (4_380.0, 0.01, 43.80));
    assert_eq!(find(&items, "Interface endpoint data processing").3, 2.0);
    // eu-west-1's table has no endpoint rate: the service is not priced, never priced at 0.
    let d = doc(&["network.egress=endpoints", "region=eu-west-1"]);
    let fargate = service(&d, "fargate");
    assert_eq!(fargate["eligible"], false);
    let why = fargate["excluded_by"][0]["text"].as_str().unwrap();
    assert!(why.contains("network.vpc_endpoint_hour"), "{why}");
    // Lambda, outside the VPC, is still priced there.
    assert_eq!(service(&d, "lambda")["eligible"], true);
}

#[test]
fn data_transfer_out_in_tiers_for_every_service() {
    // 20,000 GB: 10,240 × $0.09 = $921.60, then 9,760 × $0.085 = $829.60.
    let d = doc(&["network.outbound_gb_per_month=20000"]);
    for id in ["lambda", "fargate", "ec2", "ecs", "eks"] {
        let items = items(&d, id);
        let first = find(&items, "Data transfer out to the internet");
        assert_eq!(
            (first.1, first.2, first.3),
            (10_240.0, 0.09, 921.60),
            "{id}"
        );
        let second = find(&items, "Data transfer out to the internet, above 10240 GB");
        assert_eq!((second.1, second.3), (9_760.0, 829.60), "{id}");
    }
    // The account's 100 free GB only with pricing.free_tier: 10,140 GB × $0.09 = $912.60.
    let d = doc(&[
        "network.outbound_gb_per_month=20000",
        "pricing.free_tier=true",
    ]);
    let items = items(&d, "lambda");
    let first = find(
        &items,
        "Data transfer out to the internet (after the free tier)",
    );
    assert_eq!((first.1, first.3), (10_140.0, 912.60));
}

#[test]
fn egress_none_prices_compute_alone() {
    let d = doc(&[
        "network.egress=none",
        "network.nat_gb_per_month=1000",
        "network.outbound_gb_per_month=20000",
    ]);
    for id in [
        "lambda",
        "fargate",
        "ec2",
        "ecs",
        "eks",
        "elastic_beanstalk",
    ] {
        let items = items(&d, id);
        for part in ["IPv4", "NAT", "endpoint", "Data transfer"] {
            assert!(!has(&items, part), "{id}: {items:?}");
        }
    }
}

#[test]
fn gp3_root_volumes_and_explicit_storage() {
    // EC2: 2 VMs × the 8 GB Amazon Linux root volume = 16 GB-months × $0.08 = $1.28.
    let d = doc(&[]);
    let ec2 = find(&items(&d, "ec2"), "EBS gp3 volumes").clone();
    assert_eq!((ec2.1, ec2.2, ec2.3), (16.0, 0.08, 1.28));
    // ECS nodes: 30 GB each (the ECS-optimized AMI); EKS nodes: 20 GB each.
    for (id, root) in [("ecs", 30.0), ("eks", 20.0)] {
        let nodes = service(&d, id)["instance_count"].as_f64().unwrap();
        let disk = find(&items(&d, id), "EBS gp3 volumes").clone();
        assert!((disk.1 - nodes * root).abs() < 1e-9, "{id}: {disk:?}");
    }
    // storage_gb = 50 given: each VM holds one instance, 2 × (8 + 50) = 116 GB-months = $9.28;
    // ECS nodes add 50 GB for each of the 2 tasks they hold: nodes × 30 + 100.
    let d = doc(&["resources.storage_gb=50"]);
    let ec2 = find(&items(&d, "ec2"), "EBS gp3 volumes").clone();
    assert_eq!((ec2.1, ec2.3), (116.0, 9.28));
    let nodes = service(&d, "ecs")["instance_count"].as_f64().unwrap();
    let disk = find(&items(&d, "ecs"), "EBS gp3 volumes").clone();
    assert!((disk.1 - (nodes * 30.0 + 100.0)).abs() < 1e-9, "{disk:?}");
    // Fargate has no EBS line (30 GB above its included 20 GB is ephemeral storage); Lambda cannot
    // give an invocation 50 GB of /tmp (10,240 MB at most).
    assert!(!has(&items(&d, "fargate"), "EBS"));
    let lambda = service(&d, "lambda");
    assert_eq!(lambda["eligible"], false, "{lambda}");
    assert_eq!(lambda["excluded_by"][0]["rule"], "lambda-max-storage");
    // With 8 GB it runs, and has no EBS line either.
    let d = doc(&["resources.storage_gb=8"]);
    assert!(!has(&items(&d, "lambda"), "EBS"));
}

#[test]
fn explain_shows_quantity_times_unit_price() {
    let run = Test::new()
        .args([
            "explain",
            FILE,
            "--set",
            "network.egress=nat",
            "--set",
            "network.nat_gb_per_month=1000",
        ])
        .run()
        .success();
    for line in [
        "NAT gateways                                 1,460 gateway-hour × $0.045 = $65.70",
        "NAT gateway data processing                  1,000 GB × $0.045 = $45.00",
        "Public IPv4 addresses (load balancer)        1,460 address-hour × $0.005 = $7.30",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
}

/// Issue 13, acceptance 3: over `network.nat_gb_per_month`, Lambda (outside the VPC, no NAT)
/// overtakes Fargate behind a NAT gateway. By hand, us-east-1, x86:
///   Lambda: 512 MB (0.5 GB ≥ 0.25 × 1,769 MB); 50M × $0.20 per million = $10.00; 50M × 0.2 s ×
///           0.5 GB = 5,000,000 GB-s × $0.0000166667 = $83.3335; total $93.3335, whatever the NAT
///           traffic.
///   Fargate: 50M × 0.2 s ÷ 2,628,000 s = 3.81 concurrent events, one per task (0.25 vCPU) →
///           4 tasks × 730 h = 2,920 task-hours × (0.25 × $0.04048 + 0.5 × $0.004445) = $36.0401;
///           one NAT gateway 730 h × $0.045 = $32.85; + x GB × $0.045 processed.
///   Crossover: 36.0401 + 32.85 + 0.045 x = 93.3335 → x = 24.4434 ÷ 0.045 = 543.19 GB a month.
#[test]
fn nat_breakeven_where_lambda_overtakes_fargate() {
    let run = Test::new()
        .args([
            "breakeven",
            "tests/fixtures/workloads/valid/event-nat.toml",
            "--vary",
            "network.nat_gb_per_month",
            "--from",
            "0",
            "--to",
            "2000",
            "--points",
            "41",
            "--format",
            "json",
        ])
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let expected = (93.3335 - 36.0401 - 32.85) / 0.045;
    let points = doc["points"].as_array().unwrap();
    let cost = |p: &serde_json::Value, s: &str| p["costs"][s].as_f64().unwrap();
    // Lambda's cost does not move; Fargate's grows by $0.045 a GB.
    assert_eq!(cost(&points[0], "lambda"), 93.33);
    assert_eq!(cost(&points[0], "fargate"), 68.89);
    assert_eq!(cost(points.last().unwrap(), "lambda"), 93.33);
    // Where the two lines cross (both are straight lines between the points).
    let pair = points
        .windows(2)
        .find(|w| {
            cost(&w[0], "fargate") < cost(&w[0], "lambda")
                && cost(&w[1], "fargate") >= cost(&w[1], "lambda")
        })
        .expect("Fargate is cheaper at first, Lambda later");
    let (x0, x1) = (
        pair[0]["x"].as_f64().unwrap(),
        pair[1]["x"].as_f64().unwrap(),
    );
    let d0 = cost(&pair[0], "fargate") - cost(&pair[0], "lambda");
    let d1 = cost(&pair[1], "fargate") - cost(&pair[1], "lambda");
    let x = x0 + (x1 - x0) * (-d0) / (d1 - d0);
    // The points are rounded to the cent: within 0.01 / 0.045 GB of the exact crossing.
    assert!(
        (x - expected).abs() < 0.5,
        "crossover {x}, by hand {expected}"
    );
    // The cheapest service at the top of the range is Lambda.
    let winners = doc["winners"].as_array().unwrap();
    assert_eq!(winners.last().unwrap()["service"], "lambda");
}

#[test]
fn outbound_data_is_derived_from_the_responses() {
    // Not given: 1M requests × 16 KiB (traffic.avg_response_kb's default) ÷ 1,048,576 = 15.2588 GB
    // × $0.09 = $1.3733 → $1.37, for Lambda as for every other service.
    let d = doc(&[]);
    let items = items(&d, "lambda");
    let dto = find(&items, "Data transfer out to the internet");
    // (JSON quantities carry 7 decimals.)
    assert!(
        (dto.1 - 1_000_000.0 * 16.0 / 1_048_576.0).abs() < 1e-6,
        "{dto:?}"
    );
    assert_eq!(dto.3, 1.37);
    // 64 KiB responses: 61.0352 GB × $0.09 = $5.4932 → $5.49.
    let d = doc(&["traffic.avg_response_kb=64"]);
    assert_eq!(
        find(
            &self::items(&d, "fargate"),
            "Data transfer out to the internet"
        )
        .3,
        5.49
    );
    // No HTTP-like interface: nothing goes out unless the file says so.
    let d = doc(&["shape.interface=tcp"]);
    assert!(!has(&self::items(&d, "fargate"), "Data transfer"));
    // `explain` lists the derived default with why.
    let run = Test::new().args(["explain", FILE]).run().success();
    assert!(
        run.stdout.contains(
            "network.outbound_gb_per_month = 15.3 GB/month  (requests × avg_response_kb)"
        ),
        "{}",
        run.stdout
    );
}
