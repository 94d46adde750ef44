//! `runwhere plan` on the example portfolio: every strategy computed by hand, allocations that
//! add up to the cent, the formats, and the exit statuses (spec §5, §6).

use serde_json::Value;

use crate::support::{Test, root};

fn plan_json(args: &[&str]) -> Value {
    let run = Test::new()
        .args(["plan", "examples/portfolio/", "--format", "json"])
        .args(args)
        .run()
        .success();
    serde_json::from_str(&run.stdout).unwrap()
}

fn cents(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 100.0).round() as i64
}

/// The group's figure of a strategy, in cents.
fn strategy_cents(doc: &Value, id: &str) -> i64 {
    let s = doc["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["strategy"] == id)
        .unwrap();
    cents(&s["monthly_usd"])
}

/// Each workload's allocated total in a strategy, in cents.
fn allocation(doc: &Value, id: &str, workload: &str) -> i64 {
    let a = doc["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["strategy"] == id && a["workload"] == workload)
        .unwrap();
    cents(&a["total_usd"])
}

/// The portfolio of `examples/portfolio/`, us-east-1, On-Demand, bundled prices:
/// - catalog-api: HTTP, 0.5 vCPU / 1 GB, 40M requests × 50 ms, 2 tasks (min_instances, HA),
///   200 GB a month out to the internet;
/// - checkout-api: HTTP, 1 vCPU / 2 GB, 20M requests × 200 ms, 2 tasks, 50 GB out;
/// - order-events: event, 0.25 vCPU / 0.5 GB, 3M events × 150 ms (1 task on a cluster).
///
/// All with `egress = "public_ip"`. Prices: Fargate Arm $0.03238 per vCPU-hour and $0.00356 per
/// GB-hour; ALB $0.0225 an hour and $0.008 per LCU-hour, on the busiest dimension with no minimum:
/// processed bytes, requests × (1 + 16) KiB (the defaults) ÷ 1,048,576 a month (40M → 648.4985
/// LCU-hours, 20M → 324.2493, both 972.7478); public IPv4 $0.005 per address-hour (a load balancer has 2); t4g.medium (2
/// vCPU, 4 GiB) $0.0336 an hour; gp3 $0.08 per GB-month (ECS AMI root 30 GB, EKS 20 GB); EKS $0.10
/// per cluster-hour; data transfer out $0.09 per GB; Lambda Arm $0.0000133334 per GB-second and
/// $0.20 per million requests.
#[test]
fn every_strategy_by_hand() {
    let doc = plan_json(&[]);
    // separate: each workload's top pick.
    //   catalog-api on Fargate (Arm): 730 vCPU-h × $0.03238 = $23.64; 1,460 GB-h × $0.00356 =
    //     $5.20; task addresses 1,460 h × $0.005 = $7.30; ALB 730 h × $0.0225 = $16.43; 648.4985
    //     LCU-h × $0.008 = $5.19; ALB addresses 2 × 730 h × $0.005 = $7.30; 200 GB × $0.09 =
    //     $18.00 → $83.06.
    //   checkout-api on Fargate: 1,460 vCPU-h → $47.27; 2,920 GB-h → $10.40; addresses $7.30; ALB
    //     $16.43 + 324.2493 LCU-h × $0.008 = $2.59 + $7.30; 50 GB × $0.09 = $4.50 → $95.79.
    //   order-events on Lambda (Arm, 512 MB): 3M × $0.20/M = $0.60; 3M × 0.15 s × 0.5 GB =
    //     225,000 GB-s × $0.0000133334 = $3.00 → $3.60.
    //   Total $83.06 + $95.79 + $3.60 = $182.45.
    assert_eq!(allocation(&doc, "separate", "catalog-api"), 8_306);
    assert_eq!(allocation(&doc, "separate", "checkout-api"), 9_579);
    assert_eq!(allocation(&doc, "separate", "order-events"), 360);
    assert_eq!(strategy_cents(&doc, "separate"), 18_245);
    // shared_ecs_ec2: both services on one ECS cluster, the event handler on Lambda.
    //   Nodes: 2 tasks of 1 vCPU / 2 GB and 2 of 0.5 / 1 GB on t4g.medium (2 vCPU, 4 − 0.5 = 3.5
    //   GiB): first fit decreasing puts one of each on a node (1.5 vCPU, 3 GB) → 2 nodes,
    //   1,460 h × $0.0336 = $49.06. (t4g.small's 1.5 GiB cannot hold a 2 GB task; one node for
    //   all four needs 3 vCPU.) Their root volumes 2 × 30 GB × $0.08 = $4.80 and addresses
    //   1,460 h × $0.005 = $7.30. One shared ALB: $16.43 + 972.7478 LCU-h × $0.008 = $7.78 (the
    //   two services' processed bytes add up) + $7.30 = $31.51. Each service keeps its data
    //   transfer ($18.00, $4.50); Lambda $3.60.
    //   Total $49.06 + $4.80 + $7.30 + $31.51 + $22.50 + $3.60 = $118.77.
    assert_eq!(strategy_cents(&doc, "shared_ecs_ec2"), 11_877);
    // Allocation: node items by node share, checkout 2 × max(1/2, 2/3.5) = 1.142857, catalog
    //   2 × max(0.5/2, 1/3.5) = 0.571429, i.e. 2 : 1. Nodes 4,906¢ → 1,635.33 and 3,270.67 →
    //   1,635 and 3,271 (the cent to the larger remainder); disks 480¢ → 160 and 320; addresses
    //   730¢ → 243 and 487. ALB items by requests 40M : 20M, i.e. 2 : 1: 1,643¢ → 1,095 and
    //   548; 778¢ → 518.67 and 259.33 → 519 and 259; 730¢ → 487 and 243.
    //   catalog: 1,635 + 160 + 243 + 1,095 + 519 + 487 = 4,139 shared + 1,800 own = 5,939;
    //   checkout: 3,271 + 320 + 487 + 548 + 259 + 243 = 5,128 shared + 450 own = 5,578.
    assert_eq!(allocation(&doc, "shared_ecs_ec2", "catalog-api"), 5_939);
    assert_eq!(allocation(&doc, "shared_ecs_ec2", "checkout-api"), 5_578);
    assert_eq!(allocation(&doc, "shared_ecs_ec2", "order-events"), 360);
    // shared_eks: the same nodes, with EKS's 20 GB root volumes (2 × 20 GB × $0.08 = $3.20), and
    //   one control plane, 730 h × $0.10 = $73.00: $118.77 − $4.80 + $3.20 + $73.00 = $190.17.
    assert_eq!(strategy_cents(&doc, "shared_eks"), 19_017);
    // shared_ecs_fargate: each service's own Fargate tasks and task addresses ($36.14, $64.97)
    //   and data transfer behind one shared ALB ($31.51), Lambda $3.60:
    //   $36.14 + $18.00 + $64.97 + $4.50 + $31.51 + $3.60 = $158.72.
    assert_eq!(strategy_cents(&doc, "shared_ecs_fargate"), 15_872);
    // best_mix: the ECS cluster on EC2 also takes the event handler: its 0.25 vCPU / 0.5 GB task
    //   fits the room left on the first node (0.5 vCPU, 0.5 GiB), so the nodes stay as they are
    //   and Lambda's $3.60 goes: $118.77 − $3.60 = $115.17.
    assert_eq!(strategy_cents(&doc, "best_mix"), 11_517);
    let best: Vec<&Value> = doc["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["strategy"] == "best_mix")
        .collect();
    assert!(best.iter().all(|a| a["platform"] == "ecs_ec2"), "{best:?}");
    let nodes: Vec<&Value> = doc["node_groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["strategy"] == "best_mix")
        .collect();
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0]["instance_type"], "t4g.medium");
    assert_eq!(nodes[0]["nodes"], 2);
    assert_eq!(nodes[0]["tasks"], 5);
}

#[test]
fn allocations_add_up_to_every_strategy_to_the_cent() {
    let doc = plan_json(&[]);
    for s in doc["strategies"].as_array().unwrap() {
        let id = s["strategy"].as_str().unwrap();
        let allocations: Vec<&Value> = doc["allocations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["strategy"] == id && a["group"] == s["group"])
            .collect();
        assert_eq!(allocations.len(), 3);
        let sum: i64 = allocations.iter().map(|a| cents(&a["total_usd"])).sum();
        assert_eq!(sum, cents(&s["monthly_usd"]), "{id}");
        for a in allocations {
            // Own + shared = total, and the shares listed make up the shared part.
            assert_eq!(
                cents(&a["direct_usd"]) + cents(&a["shared_usd"]),
                cents(&a["total_usd"])
            );
            let shares: i64 = a["shares"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| cents(&s["usd"]))
                .sum();
            assert_eq!(shares, cents(&a["shared_usd"]));
        }
    }
    // Each shared item is split completely.
    for (k, item) in doc["shared_items"].as_array().unwrap().iter().enumerate() {
        assert_eq!(item["id"], k);
        let split: i64 = doc["allocations"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a["shares"].as_array().unwrap())
            .filter(|s| s["shared_item"] == k)
            .map(|s| cents(&s["usd"]))
            .sum();
        assert_eq!(split, cents(&item["monthly_usd"]), "{item}");
    }
}

#[test]
fn json_keys_are_the_contract() {
    let doc = plan_json(&[]);
    for key in [
        "schema_version",
        "workloads",
        "totals",
        "groups",
        "strategies",
        "assignments",
        "shared_items",
        "allocations",
        "node_groups",
        "unplaced",
    ] {
        assert!(doc.get(key).is_some(), "missing `{key}`");
    }
    assert_eq!(doc["groups"][0]["region"], "us-east-1");
    assert_eq!(doc["groups"][0]["environment"], "prod");
    let ids: Vec<&str> = doc["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "separate",
            "shared_eks",
            "shared_ecs_ec2",
            "shared_ecs_fargate",
            "best_mix"
        ]
    );
    insta::assert_json_snapshot!("plan-portfolio-json", doc);
}

#[test]
fn table_and_explain() {
    let run = Test::new()
        .args(["plan", "examples/portfolio/"])
        .run()
        .success();
    insta::assert_snapshot!("plan-portfolio-table", run.stdout);
    let explain = Test::new()
        .args(["plan", "examples/portfolio/", "--explain"])
        .run()
        .success();
    assert!(
        explain.stdout.contains("Shared items:"),
        "{}",
        explain.stdout
    );
    assert!(
        explain
            .stdout
            .contains("Node group (shared ECS cluster on EC2, arm): 2 × t4g.medium")
    );
}

#[test]
fn csv_has_one_row_per_workload_and_strategy() {
    let run = Test::new()
        .args(["plan", "examples/portfolio/", "--format", "csv"])
        .run()
        .success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "region,environment,strategy,workload,placement,service,platform,arch,option,direct_usd,shared_usd,total_usd"
    );
    assert_eq!(lines.len(), 1 + 5 * 3);
    assert!(
        lines.contains(
            &"us-east-1,prod,best_mix,order-events,shared,ecs,ecs_ec2,arm,on_demand,0.00,4.70,4.70"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn plan_reports_in_markdown_and_html() {
    let md = Test::new()
        .args(["plan", "examples/portfolio/", "--format", "md"])
        .run()
        .success();
    insta::assert_snapshot!("plan-portfolio-md", md.stdout);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.html");
    Test::new()
        .args(["plan", "examples/portfolio/", "-o"])
        .arg_path(&out)
        .run()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    let page = scraper::Html::parse_document(&html);
    let bars = scraper::Selector::parse("svg.plan-chart g.strategy").unwrap();
    assert_eq!(
        page.select(&bars).count(),
        5,
        "one stacked bar per strategy"
    );
    let segments =
        scraper::Selector::parse("g.strategy[data-strategy=best_mix] rect.segment").unwrap();
    let usd: f64 = page
        .select(&segments)
        .map(|s| s.value().attr("data-usd").unwrap().parse::<f64>().unwrap())
        .sum();
    assert!(
        (usd - 115.17).abs() < 1e-6,
        "the segments add up to the total: {usd}"
    );
    let rows = scraper::Selector::parse("table.assignments tbody tr").unwrap();
    assert_eq!(page.select(&rows).count(), 15);
    // Written once: an existing file is left alone without --force.
    let again = Test::new()
        .args(["plan", "examples/portfolio/", "-o"])
        .arg_path(&out)
        .run();
    assert_eq!(again.status, 2, "{}", again.stderr);
}

#[test]
fn max_monthly_gates_the_best_mix() {
    // The best mix costs $115.17: a budget of $115.17 passes, $115.16 fails with status 4, output
    // first.
    Test::new()
        .args(["plan", "examples/portfolio/", "--max-monthly", "115.17"])
        .run()
        .success();
    let over = Test::new()
        .args(["plan", "examples/portfolio/", "--max-monthly", "115.16"])
        .run();
    assert_eq!(over.status, 4, "{}", over.stderr);
    assert!(over.stdout.contains("Best mix"), "{}", over.stdout);
    assert!(
        over.stderr
            .contains("the best mix costs $115.17 a month, more than `--max-monthly` $115.16"),
        "{}",
        over.stderr
    );
}

#[test]
fn exit_statuses() {
    // Nothing to plan: 2.
    let dir = tempfile::tempdir().unwrap();
    let empty = Test::new().args(["plan"]).arg_path(dir.path()).run();
    assert_eq!(empty.status, 2);
    assert!(
        empty.stderr.contains("no workload files"),
        "{}",
        empty.stderr
    );
    // A workload no service can run is left out of the plan and exits 3, after the output: 16
    // GPUs per instance, which no instance type has (the largest memory a workload may ask for
    // fits us-east-1's u7in-32tb).
    let huge = std::fs::read_to_string(root().join("examples/portfolio/catalog-api.toml"))
        .unwrap()
        .replace("memory_gb = 1.0", "memory_gb = 1.0\ngpus = 16")
        .replace("name = \"catalog-api\"", "name = \"huge\"");
    std::fs::write(dir.path().join("huge.toml"), huge).unwrap();
    std::fs::copy(
        root().join("examples/portfolio/checkout-api.toml"),
        dir.path().join("checkout-api.toml"),
    )
    .unwrap();
    let run = Test::new().args(["plan"]).arg_path(dir.path()).run();
    assert_eq!(run.status, 3, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Not planned (no service can run them):")
    );
    assert!(run.stderr.contains("no service can run workload `huge`"));
    // A file with an error: 2, naming the file, line and column; the rest is still planned.
    std::fs::write(
        dir.path().join("bad.toml"),
        "version = 1\nname = \"bad\"\n[shape]\nkind = \"servic\"\n",
    )
    .unwrap();
    let bad = Test::new().args(["plan"]).arg_path(dir.path()).run();
    assert_eq!(bad.status, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("bad.toml:4:"), "{}", bad.stderr);
    assert!(bad.stdout.contains("checkout-api"), "{}", bad.stdout);
}
