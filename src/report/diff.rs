//! `diff` output: a table for people and JSON for scripts.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::table::{TableStyle, signed};
use super::usd;
use crate::engine::diff::Diff;
use crate::engine::rank::Ranking;
use crate::service::Service;

fn rank_text(r: Option<usize>) -> String {
    r.map_or_else(|| "excluded".to_owned(), |r| format!("#{r}"))
}

fn money_change(d: f64, base: Option<f64>) -> String {
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        ""
    };
    let pct = match base {
        Some(b) if b > 0.0 => format!(" ({sign}{:.0}%)", (d / b * 100.0).abs()),
        _ => String::new(),
    };
    format!("{sign}{}{pct}", usd(d.abs()))
}

pub fn table(
    d: &Diff,
    a: &Ranking,
    b: &Ranking,
    labels: (&str, &str),
    style: TableStyle,
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "A: {} · {} · {}", a.workload.name, a.region, labels.0);
    let _ = writeln!(o, "B: {} · {} · {}", b.workload.name, b.region, labels.1);
    let name = |s: Option<Service>| s.map_or("none", Service::display_name);
    let _ = if d.top.0 == d.top.1 {
        writeln!(o, "Top pick: {} (unchanged)\n", name(d.top.1))
    } else {
        writeln!(o, "Top pick: {} → {}\n", name(d.top.0), name(d.top.1))
    };
    let mut t = super::table::new_table(style);
    t.set_header(vec![
        "Service",
        "Rank",
        "Monthly A",
        "Monthly B",
        "Change",
        "Fit",
    ]);
    for s in &d.services {
        let fit = match s.fit {
            (Some(x), Some(y)) if x == y => signed(x),
            (x, y) => format!(
                "{} → {}",
                x.map_or("-".to_owned(), signed),
                y.map_or("-".to_owned(), signed)
            ),
        };
        t.add_row(vec![
            Cell::new(s.service.display_name()),
            Cell::new(if s.rank.0 == s.rank.1 {
                rank_text(s.rank.1)
            } else {
                format!("{} → {}", rank_text(s.rank.0), rank_text(s.rank.1))
            }),
            Cell::new(s.cost.0.map(usd).unwrap_or_else(|| "-".to_owned()))
                .set_alignment(CellAlignment::Right),
            Cell::new(s.cost.1.map(usd).unwrap_or_else(|| "-".to_owned()))
                .set_alignment(CellAlignment::Right),
            Cell::new(
                s.cost_change()
                    .map(|c| money_change(c, s.cost.0))
                    .unwrap_or_default(),
            )
            .set_alignment(CellAlignment::Right),
            Cell::new(fit),
        ]);
    }
    let _ = writeln!(o, "{t}");
    let changed: Vec<_> = d
        .services
        .iter()
        .filter(|s| !s.added.is_empty() || !s.removed.is_empty())
        .collect();
    if changed.is_empty() {
        let _ = writeln!(o, "\nThe same rules apply on both sides.");
    } else {
        let _ = writeln!(o, "\nRules that changed:");
        for s in changed {
            let text = |ranking: &Ranking, id: &str| {
                let entry = ranking.entry(s.service);
                match entry.map(|e| &e.standing) {
                    Some(crate::engine::rank::Standing::Eligible { reasons, .. }) => reasons
                        .iter()
                        .find(|r| r.rule == id)
                        .map(|r| format!("{} {}", signed(r.points), r.text)),
                    Some(crate::engine::rank::Standing::Excluded(x)) => x
                        .iter()
                        .find(|x| x.rule == id)
                        .map(|x| format!("excludes: {}", x.text)),
                    None => None,
                }
                .unwrap_or_default()
            };
            for id in &s.added {
                let _ = writeln!(
                    o,
                    "  {:<18} + {id}: {}",
                    s.service.display_name(),
                    text(b, id)
                );
            }
            for id in &s.removed {
                let _ = writeln!(
                    o,
                    "  {:<18} − {id}: {}",
                    s.service.display_name(),
                    text(a, id)
                );
            }
        }
    }
    o
}

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: u32,
    a: Side<'a>,
    b: Side<'a>,
    services: Vec<Row>,
}

#[derive(Serialize)]
struct Side<'a> {
    label: &'a str,
    workload: &'a str,
    region: &'a str,
    recommendation: Option<&'static str>,
}

#[derive(Serialize)]
struct Row {
    service: &'static str,
    rank_a: Option<usize>,
    rank_b: Option<usize>,
    monthly_cost_usd_a: Option<f64>,
    monthly_cost_usd_b: Option<f64>,
    change_usd: Option<f64>,
    fit_a: Option<f64>,
    fit_b: Option<f64>,
    rules_added: Vec<String>,
    rules_removed: Vec<String>,
}

pub fn json(d: &Diff, a: &Ranking, b: &Ranking, labels: (&str, &str)) -> crate::Result<String> {
    let doc = Doc {
        schema_version: super::SCHEMA_VERSION,
        a: Side {
            label: labels.0,
            workload: &a.workload.name,
            region: &a.region,
            recommendation: d.top.0.map(Service::id),
        },
        b: Side {
            label: labels.1,
            workload: &b.workload.name,
            region: &b.region,
            recommendation: d.top.1.map(Service::id),
        },
        services: d
            .services
            .iter()
            .map(|s| Row {
                service: s.service.id(),
                rank_a: s.rank.0,
                rank_b: s.rank.1,
                monthly_cost_usd_a: s.cost.0,
                monthly_cost_usd_b: s.cost.1,
                change_usd: s.cost_change(),
                fit_a: s.fit.0,
                fit_b: s.fit.1,
                rules_added: s.added.clone(),
                rules_removed: s.removed.clone(),
            })
            .collect(),
    };
    super::json::pretty(&doc)
}
