//! `diff` output: a table for people and JSON for scripts.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::table::{TableStyle, signed};
use super::usd;
use crate::engine::batch::{Compared, Summary, Versus};
use crate::engine::diff::Diff;
use crate::engine::gate::{Growth, Limit};
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

/// The top pick's monthly cost on both sides, the change, and the gate's verdict when one is set.
fn growth_line(g: &Growth) -> String {
    let gate = match g.limit {
        Some(limit) if g.failed => format!("; more than `--fail-above {limit}`: the gate fails"),
        Some(limit) => format!("; within `--fail-above {limit}`"),
        None => String::new(),
    };
    format!(
        "Top pick's monthly cost: {} → {} ({}){gate}\n",
        usd(g.before),
        usd(g.after),
        g.change_text()
    )
}

pub fn table(
    d: &Diff,
    a: &Ranking,
    b: &Ranking,
    labels: (&str, &str),
    growth: Option<&Growth>,
    style: TableStyle,
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "A: {} · {} · {}", a.workload.name, a.region, labels.0);
    let _ = writeln!(o, "B: {} · {} · {}", b.workload.name, b.region, labels.1);
    let name = |s: Option<Service>| s.map_or("none", Service::display_name);
    let _ = if d.top.0 == d.top.1 {
        writeln!(o, "Top pick: {} (unchanged)", name(d.top.1))
    } else {
        writeln!(o, "Top pick: {} → {}", name(d.top.0), name(d.top.1))
    };
    if let Some(g) = growth {
        o.push_str(&growth_line(g));
    }
    o.push('\n');
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
    /// The top pick's cost on both sides and the gate (when both sides have a top pick).
    #[serde(skip_serializing_if = "Option::is_none")]
    top_pick: Option<TopPick>,
    services: Vec<Row>,
}

/// The top pick's monthly cost on A and B, the change, and `--fail-above`'s verdict.
#[derive(Serialize)]
struct TopPick {
    monthly_cost_usd_a: f64,
    monthly_cost_usd_b: f64,
    change_usd: f64,
    /// The change as a percentage of A's cost (`null` when A's is 0).
    change_pct: Option<f64>,
    /// The `--fail-above` limit as given (`10%`, `$25.00`), or `null`.
    fail_above: Option<String>,
    /// `passed` or `failed`, or `null` without `--fail-above`.
    gate: Option<&'static str>,
}

impl From<&Growth> for TopPick {
    fn from(g: &Growth) -> Self {
        Self {
            monthly_cost_usd_a: g.before,
            monthly_cost_usd_b: g.after,
            change_usd: g.change,
            change_pct: g.percent.map(|p| (p * 100.0).round() / 100.0),
            fail_above: g.limit.map(|l| l.to_string()),
            gate: g.limit.map(|_| if g.failed { "failed" } else { "passed" }),
        }
    }
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

pub fn json(
    d: &Diff,
    a: &Ranking,
    b: &Ranking,
    labels: (&str, &str),
    growth: Option<&Growth>,
) -> crate::Result<String> {
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
        top_pick: growth.map(TopPick::from),
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

/// One side of a compared pair, for the many-workload outputs.
fn side(s: &Option<crate::Result<Summary>>) -> (Option<&Summary>, Option<String>) {
    match s {
        Some(Ok(s)) => (Some(s), None),
        Some(Err(e)) => (None, Some(super::batch::error_line(e))),
        None => (None, None),
    }
}

/// The top pick on both sides of a compared pair, in words: `ECS on Fargate` (unchanged),
/// `EC2 → ECS on Fargate`; with `--against current`, today's service → the top pick.
pub(super) fn top_pick_cell(versus: Versus, a: Option<&Summary>, b: Option<&Summary>) -> String {
    let name = |id: &str| Service::from_id(id).map_or("?", Service::display_name);
    let pick = |s: Option<&Summary>, none: &'static str| {
        s.map(|s| s.recommendation.map_or(none, |r| name(r.0)))
    };
    match versus {
        Versus::Versions => match (pick(a, "none eligible"), pick(b, "none eligible")) {
            (Some(x), Some(y)) if x == y => x.to_owned(),
            (Some(x), Some(y)) => format!("{x} → {y}"),
            (None, Some(y)) => format!("{y} (new file)"),
            (Some(x), None) => format!("{x} (file removed)"),
            (None, None) => String::new(),
        },
        Versus::Today => {
            let today = match a {
                Some(s) => match (s.recommendation, s.current) {
                    (Some((id, _)), _) => name(id).to_owned(),
                    (None, Some(t)) => format!("{} (cannot run it)", name(t.service)),
                    (None, None) => String::new(),
                },
                None => "no `[current]`".to_owned(),
            };
            match pick(b, "none eligible") {
                Some(y) => format!("{today} → {y}"),
                None => today,
            }
        }
    }
}

/// `diff DIR_A DIR_B` for people: one row per workload file.
pub fn many_table(compared: &[Compared], limit: Option<Limit>, style: TableStyle) -> String {
    let mut t = super::table::new_table(style);
    let mut header = match Versus::of(compared) {
        Versus::Versions => vec![
            "File",
            "Workload",
            "Top pick",
            "Monthly A",
            "Monthly B",
            "Change",
        ],
        Versus::Today => vec![
            "File",
            "Workload",
            "Today → top pick",
            "Today",
            "Top pick",
            "Change",
        ],
    };
    if limit.is_some() {
        header.push("Gate");
    }
    t.set_header(header);
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    let mut failed = 0;
    for c in compared {
        let ((a, ea), (b, eb)) = (side(&c.a), side(&c.b));
        let mut row = vec![Cell::new(c.file.display().to_string())];
        if ea.is_some() || eb.is_some() {
            failed += 1;
            row.push(Cell::new("failed (see the errors)"));
        } else {
            let cost = |s: Option<&Summary>| {
                s.and_then(|s| s.recommendation)
                    .map_or_else(|| "-".to_owned(), |r| usd(r.1))
            };
            row.extend([
                Cell::new(b.or(a).map_or("", |s| s.workload.as_str())),
                Cell::new(top_pick_cell(c.versus, a, b)),
                right(cost(a)),
                right(cost(b)),
                right(c.growth.map(|g| g.change_text()).unwrap_or_default()),
            ]);
            if limit.is_some() {
                row.push(Cell::new(match c.growth {
                    Some(g) if g.failed => "failed",
                    Some(_) => "passed",
                    None => "-",
                }));
            }
        }
        t.add_row(row);
    }
    let gated = compared
        .iter()
        .filter(|c| c.growth.is_some_and(|g| g.failed))
        .count();
    let mut out = format!("{t}\n{} workload files compared", compared.len());
    if failed > 0 {
        let _ = write!(out, ", {failed} failed");
    }
    let without_today = compared
        .iter()
        .filter(|c| c.versus == Versus::Today && c.a.is_none() && matches!(c.b, Some(Ok(_))))
        .count();
    if without_today > 0 {
        let _ = write!(out, ", {without_today} without `[current]`");
    }
    if let Some(limit) = limit {
        let _ = write!(out, "; {gated} over `--fail-above {limit}`");
    }
    out.push('\n');
    out
}

#[derive(Serialize)]
struct ManyDoc {
    schema_version: u32,
    /// `current` with `--against current`: side A is what runs today (`[current]`), B the top
    /// pick. Absent when two versions are compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    against: Option<&'static str>,
    /// The `--fail-above` limit as given, or `null`.
    fail_above: Option<String>,
    workloads: Vec<ManyRow>,
    /// Files that failed on either side.
    failed: usize,
}

#[derive(Serialize)]
struct ManyRow {
    file: String,
    workload: Option<String>,
    recommendation_a: Option<&'static str>,
    recommendation_b: Option<&'static str>,
    monthly_cost_usd_a: Option<f64>,
    monthly_cost_usd_b: Option<f64>,
    change_usd: Option<f64>,
    change_pct: Option<f64>,
    /// `passed`, `failed`, or `null` (no gate, or nothing to compare).
    gate: Option<&'static str>,
    /// With `--against current`: whether today's setup can run the workload as described (`null`
    /// when the file has no `[current]`); absent when two versions are compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    current_eligible: Option<Option<bool>>,
    /// The first problem, on one line, when the file failed on either side.
    error: Option<String>,
}

/// `diff DIR_A DIR_B` for scripts.
///
/// # Errors
/// [`crate::Error::Json`] if the document cannot be written.
pub fn many_json(compared: &[Compared], limit: Option<Limit>) -> crate::Result<String> {
    let workloads: Vec<ManyRow> = compared
        .iter()
        .map(|c| {
            let ((a, ea), (b, eb)) = (side(&c.a), side(&c.b));
            let top = |s: Option<&Summary>| s.and_then(|s| s.recommendation);
            ManyRow {
                file: c.file.display().to_string(),
                workload: b.or(a).map(|s| s.workload.clone()),
                recommendation_a: top(a).map(|r| r.0),
                recommendation_b: top(b).map(|r| r.0),
                monthly_cost_usd_a: top(a).map(|r| r.1),
                monthly_cost_usd_b: top(b).map(|r| r.1),
                change_usd: c.growth.map(|g| g.change),
                change_pct: c
                    .growth
                    .and_then(|g| g.percent)
                    .map(|p| (p * 100.0).round() / 100.0),
                gate: c
                    .growth
                    .and_then(|g| g.limit.map(|_| if g.failed { "failed" } else { "passed" })),
                current_eligible: (c.versus == Versus::Today)
                    .then(|| a.map(|s| s.recommendation.is_some())),
                error: ea.or(eb),
            }
        })
        .collect();
    let failed = workloads.iter().filter(|w| w.error.is_some()).count();
    super::json::pretty(&ManyDoc {
        schema_version: super::SCHEMA_VERSION,
        against: (Versus::of(compared) == Versus::Today).then_some("current"),
        fail_above: limit.map(|l| l.to_string()),
        workloads,
        failed,
    })
}

/// `diff FILE --against current`: what runs today against the top pick, with every line item of
/// both sides, the difference per month and per year (the `vs_current_usd` figures of `recommend
/// --format json`) and the gate's verdict.
pub fn against_current_table(r: &Ranking, growth: Option<&Growth>, style: TableStyle) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} · {} · what runs today against the top pick",
        r.workload.name, r.region
    );
    let report = super::Report::new(r);
    let Some(today) = &report.current else {
        return o;
    };
    let top = report.services.iter().find(|s| s.rank == Some(1));
    let _ = writeln!(
        o,
        "A: today, {} ({})",
        today.configuration,
        Service::from_id(today.entry.service).map_or("?", Service::display_name)
    );
    let _ = match top {
        Some(s) => writeln!(
            o,
            "B: the top pick, {} ({})",
            Service::from_id(s.service).map_or("?", Service::display_name),
            super::table::variant(s, r.workload.shape.kind)
        ),
        None => writeln!(o, "B: no service can run the workload"),
    };
    if !today.entry.eligible {
        let _ = writeln!(
            o,
            "\nToday's setup cannot run the workload as described, so there is nothing to compare:"
        );
        for x in &today.entry.excluded_by {
            let _ = writeln!(o, "  - {} [{}]", x.text, x.rule);
        }
        return o;
    }
    if let Some(g) = growth {
        let gate = match g.limit {
            Some(limit) if g.failed => {
                format!("; more than `--fail-above {limit}`: the gate fails")
            }
            Some(limit) => format!("; within `--fail-above {limit}`"),
            None => String::new(),
        };
        // The year is 12 × the month, as `vs_current_usd_per_year`.
        let year = top
            .and_then(|t| t.vs_current_usd_per_year)
            .map(|y| format!(", {} a year", crate::output::format::signed_usd(y)))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "Monthly cost: {} today → {} for the top pick ({}){year}{gate}",
            usd(g.before),
            usd(g.after),
            g.change_text()
        );
    }
    o.push('\n');
    // Every line item of either side, in order: today's first, then the top pick's own.
    let mut items: Vec<&str> = today
        .entry
        .line_items
        .iter()
        .map(|l| l.item.as_str())
        .collect();
    for l in top.into_iter().flat_map(|s| &s.line_items) {
        if !items.contains(&l.item.as_str()) {
            items.push(&l.item);
        }
    }
    let amount = |s: Option<&super::ServiceReport>, item: &str| {
        s.and_then(|s| s.line_items.iter().find(|l| l.item == item))
            .map_or_else(|| "-".to_owned(), |l| usd(l.monthly_usd))
    };
    let mut t = super::table::new_table(style);
    t.set_header(vec!["Line item", "Today", "Top pick"]);
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    for item in items {
        t.add_row(vec![
            Cell::new(item),
            right(amount(Some(&today.entry), item)),
            right(amount(top, item)),
        ]);
    }
    t.add_row(vec![
        Cell::new("Monthly"),
        right(today.entry.monthly_cost_usd.map(usd).unwrap_or_default()),
        right(
            top.and_then(|s| s.monthly_cost_usd)
                .map(usd)
                .unwrap_or_default(),
        ),
    ]);
    let _ = writeln!(o, "{t}\n");
    if let (Some(bill), Some(gap)) = (today.bill_usd, today.bill_gap_usd) {
        let _ = writeln!(
            o,
            "The bill says {} for today, {} {} than runwhere's figure.",
            usd(bill),
            usd(gap.abs()),
            if gap < 0.0 { "less" } else { "more" }
        );
    }
    if let Some(s) = &today.sizing {
        let _ = writeln!(o, "Today's setup is {}.", s.text);
    }
    o
}

#[derive(Serialize)]
struct AgainstDoc {
    schema_version: u32,
    workload: String,
    region: String,
    against: &'static str,
    /// Today's setup: the `current` object of `recommend --format json`.
    current: Option<super::CurrentReport>,
    /// The top pick's entry of `recommend --format json` (with its `vs_current_usd`).
    top_pick: Option<super::ServiceReport>,
    /// The top pick's monthly cost minus today's; `null` when either cannot be priced.
    change_usd: Option<f64>,
    change_usd_per_year: Option<f64>,
    /// The change as a percentage of today's cost (`null` when today's is 0 or unpriced).
    change_pct: Option<f64>,
    /// The `--fail-above` limit as given (`10%`, `$25.00`), or `null`.
    fail_above: Option<String>,
    /// `passed` or `failed`, or `null` without `--fail-above` or without both costs.
    gate: Option<&'static str>,
}

/// `diff FILE --against current --format json`.
///
/// # Errors
/// As [`super::json::pretty`].
pub fn against_current_json(r: &Ranking, growth: Option<&Growth>) -> crate::Result<String> {
    let report = super::Report::new(r);
    let top = report.services.into_iter().find(|s| s.rank == Some(1));
    let doc = AgainstDoc {
        schema_version: super::SCHEMA_VERSION,
        workload: r.workload.name.clone(),
        region: r.region.clone(),
        against: "current",
        change_usd: top.as_ref().and_then(|t| t.vs_current_usd),
        change_usd_per_year: top.as_ref().and_then(|t| t.vs_current_usd_per_year),
        change_pct: growth
            .and_then(|g| g.percent)
            .map(|p| (p * 100.0).round() / 100.0),
        fail_above: growth.and_then(|g| g.limit).map(|l| l.to_string()),
        gate: growth.and_then(|g| g.limit.map(|_| if g.failed { "failed" } else { "passed" })),
        top_pick: top,
        current: report.current,
    };
    super::json::pretty(&doc)
}
