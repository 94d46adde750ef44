//! `runwhere pricing list|show|check|diff|import`: the pricing tables in use, one table in full,
//! the check and import summaries, and the changes between two tables.

use std::fmt::Write as _;

use super::table::{self, TableStyle};
use crate::engine::advisor::STALE_AFTER_DAYS;
use crate::pricing::import::Imported;
use crate::pricing::import::diff::{Change, Flat, diff as compare};
use crate::pricing::{PriceTable, Prices};

/// One row per region: name, prices' date, age (when `today` is known, in days since the epoch),
/// instance types, missing prices and sources; then where the tables come from.
pub fn list(tables: &[&Prices], origin: &str, today: Option<i64>, style: TableStyle) -> String {
    let mut t = table::new_table(style);
    t.set_header(vec![
        "Region",
        "Name",
        "Prices as of",
        "Age",
        "Instance types",
        "Missing prices",
        "Sources",
    ]);
    for p in tables {
        let age = today
            .zip(crate::engine::advisor::days_from_date(&p.table.as_of))
            .map_or_else(String::new, |(today, then)| {
                let d = today - then;
                let stale = if d > STALE_AFTER_DAYS { " (stale)" } else { "" };
                format!("{d} days{stale}")
            });
        t.add_row(vec![
            p.table.region.clone(),
            p.table.name.clone(),
            p.table.as_of.clone(),
            age,
            format!(
                "{} of {}",
                p.instances.len(),
                p.full_table().ec2.instances.len()
            ),
            missing_count(p).to_string(),
            p.table.sources.len().to_string(),
        ]);
    }
    format!("{t}\npricing tables: {origin}; `runwhere pricing show REGION` for one in full\n")
}

/// Prices the table lists as missing, instance types included.
fn missing_count(p: &Prices) -> usize {
    section_missing(&p.table) + p.unpriced_instances.len()
}

fn section_missing(t: &PriceTable) -> usize {
    t.missing_by_section().iter().map(|(_, m)| m.len()).sum()
}

/// `pricing check`: one `ok:` line per table.
pub fn check(tables: &[&Prices]) -> String {
    let mut text = String::new();
    for p in tables {
        let _ = writeln!(
            text,
            "ok: {} ({}), as of {}: {} instance types priced, {} prices listed as missing",
            p.table.region,
            p.table.name,
            p.table.as_of,
            p.instances.len(),
            missing_count(p)
        );
    }
    text
}

/// One region's table in full: sources, service prices, what is missing, and the instance types.
pub fn show(p: &Prices, origin: &str, style: TableStyle) -> String {
    let t = p.full_table();
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} ({}), prices as of {} · {}",
        t.region, t.name, t.as_of, origin
    );
    let _ = writeln!(o, "\nSources:");
    for (id, text) in &t.sources {
        let _ = writeln!(o, "  {id:<10} {text}");
    }
    let price = |v: Option<f64>| v.map_or_else(|| "missing".to_owned(), |x| format!("${x}"));
    let tiers = |ts: &[crate::pricing::Tier]| {
        if ts.is_empty() {
            return "missing".to_owned();
        }
        ts.iter()
            .map(|tier| match tier.up_to {
                Some(up) => format!("${} up to {}", tier.price, crate::output::format::human(up)),
                None => format!("${} above", tier.price),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let f = &t.fargate;
    let l = &t.lambda;
    let a = &t.app_runner;
    let lb = &t.load_balancer;
    let rows: Vec<(&str, String)> = vec![
        (
            "Fargate x86 vCPU-hour / GB-hour",
            format!("{} / {}", price(f.x86_vcpu_hour), price(f.x86_gb_hour)),
        ),
        (
            "Fargate ARM vCPU-hour / GB-hour",
            format!("{} / {}", price(f.arm_vcpu_hour), price(f.arm_gb_hour)),
        ),
        (
            "Fargate storage GB-hour (above 20 GB)",
            price(f.storage_gb_hour),
        ),
        (
            "Fargate Spot x86 vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(f.spot_x86_vcpu_hour),
                price(f.spot_x86_gb_hour)
            ),
        ),
        (
            "Fargate Spot ARM vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(f.spot_arm_vcpu_hour),
                price(f.spot_arm_gb_hour)
            ),
        ),
        (
            "Fargate SP 1yr x86 vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(f.savings_plan_1yr_x86_vcpu_hour),
                price(f.savings_plan_1yr_x86_gb_hour)
            ),
        ),
        (
            "Fargate SP 1yr ARM vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(f.savings_plan_1yr_arm_vcpu_hour),
                price(f.savings_plan_1yr_arm_gb_hour)
            ),
        ),
        (
            "Fargate SP 3yr x86 vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(f.savings_plan_3yr_x86_vcpu_hour),
                price(f.savings_plan_3yr_x86_gb_hour)
            ),
        ),
        (
            "Fargate SP 3yr ARM vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(f.savings_plan_3yr_arm_vcpu_hour),
                price(f.savings_plan_3yr_arm_gb_hour)
            ),
        ),
        ("Lambda per 1M requests", price(l.request_per_million)),
        ("Lambda x86 GB-second", tiers(&l.x86_gb_second)),
        ("Lambda Arm GB-second", tiers(&l.arm_gb_second)),
        (
            "Lambda ephemeral storage GB-second (above 512 MB)",
            price(l.storage_gb_second),
        ),
        (
            "App Runner active vCPU-hour / GB-hour",
            format!(
                "{} / {}",
                price(a.active_vcpu_hour),
                price(a.active_gb_hour)
            ),
        ),
        (
            "App Runner provisioned GB-hour",
            price(a.provisioned_gb_hour),
        ),
        (
            "EKS cluster-hour (standard / extended)",
            format!(
                "{} / {}",
                price(t.eks.cluster_hour),
                price(t.eks.extended_cluster_hour)
            ),
        ),
        (
            "ALB hour / LCU-hour",
            format!("{} / {}", price(lb.alb_hour), price(lb.alb_lcu_hour)),
        ),
        (
            "NLB hour / NLCU-hour",
            format!("{} / {}", price(lb.nlb_hour), price(lb.nlb_lcu_hour)),
        ),
        (
            "API Gateway HTTP API per 1M",
            tiers(&t.api_gateway.http_per_million),
        ),
        (
            "API Gateway WebSocket per 1M messages",
            tiers(&t.api_gateway.websocket_messages_per_million),
        ),
        (
            "API Gateway WebSocket per 1M connection-minutes",
            price(t.api_gateway.websocket_minutes_per_million),
        ),
        (
            "EC2 Spot (observed)",
            t.spot.ec2.as_ref().map_or_else(
                || "missing".to_owned(),
                |s| {
                    format!(
                        "{} at {:.0}% of On-Demand",
                        s.instance_type,
                        s.factor() * 100.0
                    )
                },
            ),
        ),
    ];
    let _ = writeln!(o, "\nService prices (USD):");
    for (name, value) in rows {
        let _ = writeln!(o, "  {name:<40} {value}");
    }
    let sections = t.missing_by_section();
    let missing: Vec<String> = sections
        .iter()
        .flat_map(|(section, m)| {
            m.iter()
                .map(move |(k, why)| format!("  {section}.{k}: {why}"))
        })
        .chain(
            p.unpriced_instances
                .iter()
                .map(|m| format!("  {}: {}", m.key, m.reason)),
        )
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(o, "\nMissing (never priced as zero):");
        for m in missing {
            let _ = writeln!(o, "{m}");
        }
    }
    let mut inst = table::new_table(style);
    inst.set_header(vec![
        "Instance type",
        "Family",
        "Arch",
        "vCPU",
        "GiB",
        "GPUs",
        "On-Demand/hour",
    ]);
    for (name, row) in &t.ec2.instances {
        inst.add_row(vec![
            name.clone(),
            row.family.clone(),
            row.arch.clone(),
            crate::output::format::trim_count(row.vcpu),
            crate::output::format::trim_count(row.memory_gib),
            row.gpus.to_string(),
            row.hourly
                .map_or_else(|| "missing".to_owned(), |h| format!("${h}")),
        ]);
    }
    let _ = writeln!(o, "\nEC2 instance types:\n{inst}");
    o
}

/// A price difference as `+0.04048 (+100.0%)`.
fn change_text(delta: f64, fraction: f64) -> String {
    let d = format!("{delta:+.10}");
    let d = d.trim_end_matches('0').trim_end_matches('.');
    format!("{d} ({:+.1}%)", fraction * 100.0)
}

/// For each `(old, new)` pair of one region's tables: the dates, one line per changed price, and
/// the count.
pub fn diff(pairs: &[(&PriceTable, &PriceTable)]) -> String {
    pairs
        .iter()
        .map(|(old, new)| {
            let (changes, same) = compare(old, new);
            region_diff(old, new, &changes, same)
        })
        .collect()
}

fn region_diff(old: &PriceTable, new: &PriceTable, changes: &[Change], same: usize) -> String {
    let show = |f: &Option<Flat>| match f {
        Some(Flat::Price(p)) => format!("{p}"),
        Some(Flat::Missing(_)) => "missing".to_owned(),
        None => "-".to_owned(),
    };
    let mut text = String::new();
    let _ = writeln!(text, "{}: as of {} -> {}", old.region, old.as_of, new.as_of);
    let width = changes.iter().map(|c| c.key.len()).max().unwrap_or(0);
    for c in changes {
        let what = match (c.delta(), &c.new) {
            (Some((d, f)), _) => change_text(d, f),
            (None, Some(Flat::Missing(reason))) => format!("now missing: {reason}"),
            (None, None) => "removed".to_owned(),
            (None, _) => "added".to_owned(),
        };
        let _ = writeln!(
            text,
            "  {:<width$}  {:>12} -> {:<12}  {what}",
            c.key,
            show(&c.old),
            show(&c.new),
        );
    }
    let _ = writeln!(text, "  {} changed, {same} unchanged", changes.len());
    text
}

/// `pricing import`: what was written where, from which offer files, what was carried over and
/// what is missing.
pub fn imported(path: &std::path::Path, imported: &Imported) -> String {
    let mut text = String::new();
    let offers: Vec<String> = imported
        .offers
        .iter()
        .map(|(code, version)| format!("{code} {version}"))
        .collect();
    let _ = writeln!(
        text,
        "wrote {}: {} prices as of {}, from {} offer files ({})",
        path.display(),
        imported.region,
        imported.as_of,
        imported.offers.len(),
        offers.join(", ")
    );
    let _ = writeln!(
        text,
        "  ec2: {} of {} instance types priced",
        imported.instances_priced, imported.instances_listed
    );
    if imported.instances_skipped > 0 {
        let _ = writeln!(
            text,
            "  ec2: {} more instance types skipped (storage-optimized, FPGA, ML accelerators and other families runwhere does not model)",
            imported.instances_skipped
        );
    }
    if imported.catalogue_not_offered > 0 {
        let _ = writeln!(
            text,
            "  ec2: {} types of the bundled catalogue are not in the offer file for {} (left out)",
            imported.catalogue_not_offered, imported.region
        );
    }
    if let Some(from) = &imported.carried_from {
        let _ = writeln!(
            text,
            "  carried over from {from} (not in the On-Demand offer files): {}",
            imported.carried.join(", ")
        );
    }
    if !imported.missing.is_empty() {
        let _ = writeln!(text, "  missing ({}):", imported.missing.len());
        for (key, reason) in &imported.missing {
            let _ = writeln!(text, "    {key}: {reason}");
        }
    }
    text
}
