//! `runwhere plan`: the portfolio as a table, JSON (spec §6's stable keys), CSV, and a plan report
//! in Markdown or HTML with a stacked bar chart per group.
//!
//! [`Document`] is the one serializable view of a [`Plan`]: the JSON keys come from it and every
//! other format is drawn from it, so all show the same cents.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::table::{TableStyle, new_table};
use super::{LineItemReport, usd};
use crate::engine::plan::{
    Assignment, FitNote, Placement, Plan, Platform, Rule, Strategy, StrategyId,
};
use crate::error::Result;
use crate::output::format::signed_usd;

/// The JSON document's version.
pub const SCHEMA_VERSION: u32 = 1;

fn dollars(cents: i64) -> f64 {
    super::cents(cents as f64 / 100.0)
}

/// A strategy's name for people.
pub fn strategy_name(id: StrategyId) -> &'static str {
    match id {
        StrategyId::Separate => "Separate",
        StrategyId::SharedEks => "Shared EKS",
        StrategyId::SharedEcsEc2 => "Shared ECS on EC2",
        StrategyId::SharedEcsFargate => "Shared ECS on Fargate",
        StrategyId::BestMix => "Best mix",
    }
}

/// Where a workload runs, for people: `Lambda`, `shared EKS cluster`.
pub fn placement_name(p: Placement) -> String {
    match p {
        Placement::Own(s) => s.display_name().to_owned(),
        Placement::Shared(p) => p.display_name().to_owned(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub schema_version: u32,
    /// Workloads read (placed or not).
    pub workloads: usize,
    /// Each strategy's total over the whole portfolio.
    pub totals: Vec<Total>,
    pub groups: Vec<GroupRow>,
    pub strategies: Vec<StrategyRow>,
    pub assignments: Vec<AssignmentRow>,
    pub shared_items: Vec<SharedItemRow>,
    pub allocations: Vec<AllocationRow>,
    pub node_groups: Vec<NodeGroupRow>,
    /// Workloads no service can run: in no group.
    pub unplaced: Vec<Unplaced>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Total {
    pub strategy: StrategyId,
    pub monthly_usd: f64,
    pub vs_separate_usd: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub group: usize,
    pub region: String,
    pub environment: crate::workload::Environment,
    pub pricing_as_of: String,
    pub workloads: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StrategyRow {
    pub group: usize,
    pub strategy: StrategyId,
    pub monthly_usd: f64,
    pub vs_separate_usd: f64,
    /// What the strategy changes against `separate`, in a sentence.
    pub changes: String,
    pub fit_notes: Vec<FitNote>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssignmentRow {
    pub group: usize,
    pub strategy: StrategyId,
    pub workload: String,
    pub file: String,
    /// `own` or `shared`.
    pub placement: &'static str,
    pub service: &'static str,
    pub platform: Option<Platform>,
    pub arch: crate::workload::Arch,
    pub option: crate::workload::Purchase,
    /// The workload's own line items (a shared platform's shared parts are in `shared_items`).
    pub line_items: Vec<LineItemReport>,
    pub direct_usd: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharedItemRow {
    /// This item's index in `shared_items`.
    pub id: usize,
    pub group: usize,
    pub strategy: StrategyId,
    pub platform: Platform,
    pub item: String,
    pub quantity: f64,
    pub unit: &'static str,
    pub unit_price_usd: f64,
    pub monthly_usd: f64,
    pub allocation_rule: Rule,
}

#[derive(Debug, Clone, Serialize)]
pub struct Share {
    /// Index in `shared_items`.
    pub shared_item: usize,
    pub usd: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AllocationRow {
    pub group: usize,
    pub strategy: StrategyId,
    pub workload: String,
    pub direct_usd: f64,
    pub shared_usd: f64,
    /// `direct_usd + shared_usd`; a strategy's allocations add up to its `monthly_usd`.
    pub total_usd: f64,
    pub shares: Vec<Share>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeGroupRow {
    pub group: usize,
    pub strategy: StrategyId,
    #[serde(flatten)]
    pub node_group: crate::engine::plan::NodeGroup,
    pub workloads: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unplaced {
    pub workload: String,
    pub file: String,
}

/// What a strategy changes against `separate`: the workloads that move, by where they go.
fn changes(plan: &Plan, separate: &Strategy, s: &Strategy) -> String {
    if s.id == StrategyId::Separate {
        return "each workload on its own top pick".to_owned();
    }
    let mut moves: Vec<(Placement, usize)> = Vec::new();
    for (a, b) in separate.assignments.iter().zip(&s.assignments) {
        if a.placement != b.placement {
            match moves.iter_mut().find(|(p, _)| *p == b.placement) {
                Some(m) => m.1 += 1,
                None => moves.push((b.placement, 1)),
            }
        }
    }
    if moves.is_empty() {
        return "nothing: every workload stays on its own top pick".to_owned();
    }
    let parts: Vec<String> = moves
        .iter()
        .map(|(p, n)| {
            let nodes: Vec<String> = match p {
                Placement::Shared(platform) => s
                    .node_groups
                    .iter()
                    .filter(|g| g.platform == *platform)
                    .map(|g| format!("{} × {}", g.nodes, g.instance_type))
                    .collect(),
                Placement::Own(_) => Vec::new(),
            };
            let nodes = if nodes.is_empty() {
                String::new()
            } else {
                format!(" ({})", nodes.join(", "))
            };
            let noun = if *n == 1 { "workload" } else { "workloads" };
            format!("{n} {noun} to {}{nodes}", placement_name(*p))
        })
        .collect();
    let _ = plan;
    parts.join("; ")
}

impl Document {
    pub fn new(plan: &Plan) -> Self {
        let name = |i: usize| plan.members[i].name().to_owned();
        let file = |i: usize| plan.members[i].file.display().to_string();
        let separate_total = plan.total_cents(StrategyId::Separate);
        let totals = StrategyId::ALL
            .iter()
            .map(|&id| Total {
                strategy: id,
                monthly_usd: dollars(plan.total_cents(id)),
                vs_separate_usd: dollars(plan.total_cents(id) - separate_total),
            })
            .collect();
        let mut doc = Self {
            schema_version: SCHEMA_VERSION,
            workloads: plan.members.len(),
            totals,
            groups: Vec::new(),
            strategies: Vec::new(),
            assignments: Vec::new(),
            shared_items: Vec::new(),
            allocations: Vec::new(),
            node_groups: Vec::new(),
            unplaced: plan
                .unplaced
                .iter()
                .map(|&i| Unplaced {
                    workload: name(i),
                    file: file(i),
                })
                .collect(),
        };
        for (g, group) in plan.groups.iter().enumerate() {
            let as_of = group
                .members
                .first()
                .map(|&i| plan.members[i].ranking.pricing_as_of.clone())
                .unwrap_or_default();
            doc.groups.push(GroupRow {
                group: g,
                region: group.region.clone(),
                environment: group.environment,
                pricing_as_of: as_of,
                workloads: group.members.iter().map(|&i| name(i)).collect(),
            });
            let separate = group.strategy(StrategyId::Separate);
            for s in &group.strategies {
                doc.strategies.push(StrategyRow {
                    group: g,
                    strategy: s.id,
                    monthly_usd: dollars(s.total_cents),
                    vs_separate_usd: dollars(s.total_cents - separate.total_cents),
                    changes: changes(plan, separate, s),
                    fit_notes: s.fit_notes.clone(),
                    warnings: s.warnings.clone(),
                });
                let first_item = doc.shared_items.len();
                for item in &s.shared_items {
                    let id = doc.shared_items.len();
                    let l = LineItemReport::from(&item.item);
                    doc.shared_items.push(SharedItemRow {
                        id,
                        group: g,
                        strategy: s.id,
                        platform: item.platform,
                        item: l.item,
                        quantity: l.quantity,
                        unit: l.unit,
                        unit_price_usd: l.unit_price_usd,
                        monthly_usd: dollars(item.cents),
                        allocation_rule: item.rule,
                    });
                }
                for a in &s.assignments {
                    doc.assignments
                        .push(assignment_row(g, s.id, a, &name, &file));
                    let shares = s
                        .shared_items
                        .iter()
                        .enumerate()
                        .flat_map(|(k, item)| {
                            item.shares.iter().filter(|(m, _)| *m == a.member).map(
                                move |&(_, c)| Share {
                                    shared_item: first_item + k,
                                    usd: dollars(c),
                                },
                            )
                        })
                        .collect();
                    doc.allocations.push(AllocationRow {
                        group: g,
                        strategy: s.id,
                        workload: name(a.member),
                        direct_usd: dollars(a.direct_cents),
                        shared_usd: dollars(a.shared_cents),
                        total_usd: dollars(a.total_cents()),
                        shares,
                    });
                }
                for ng in &s.node_groups {
                    doc.node_groups.push(NodeGroupRow {
                        group: g,
                        strategy: s.id,
                        node_group: ng.clone(),
                        workloads: ng.members.iter().map(|&i| name(i)).collect(),
                    });
                }
            }
        }
        doc
    }

    fn total(&self, id: StrategyId) -> Option<&Total> {
        self.totals.iter().find(|t| t.strategy == id)
    }
}

fn assignment_row(
    g: usize,
    strategy: StrategyId,
    a: &Assignment,
    name: &dyn Fn(usize) -> String,
    file: &dyn Fn(usize) -> String,
) -> AssignmentRow {
    let (placement, platform) = match a.placement {
        Placement::Own(_) => ("own", None),
        Placement::Shared(p) => ("shared", Some(p)),
    };
    AssignmentRow {
        group: g,
        strategy,
        workload: name(a.member),
        file: file(a.member),
        placement,
        service: a.placement.service().id(),
        platform,
        arch: a.arch,
        option: a.option,
        line_items: a.items.iter().map(LineItemReport::from).collect(),
        direct_usd: dollars(a.direct_cents),
    }
}

/// `--format json`.
///
/// # Errors
/// As [`super::json::pretty`].
pub fn json(plan: &Plan) -> Result<String> {
    super::json::pretty(&Document::new(plan))
}

/// `--format csv`: one row per workload and strategy, with its allocation.
///
/// # Errors
/// As [`super::csv::document`].
pub fn csv(plan: &Plan) -> Result<String> {
    let doc = Document::new(plan);
    let rows = doc.allocations.iter().zip(&doc.assignments).map(|(al, a)| {
        let g = &doc.groups[al.group];
        vec![
            g.region.clone(),
            g.environment.to_string(),
            al.strategy.id().to_owned(),
            crate::output::escape::csv_cell(&al.workload).into_owned(),
            a.placement.to_owned(),
            a.service.to_owned(),
            a.platform.map(|p| p.id().to_owned()).unwrap_or_default(),
            a.arch.to_string(),
            a.option.to_string(),
            format!("{:.2}", al.direct_usd),
            format!("{:.2}", al.shared_usd),
            format!("{:.2}", al.total_usd),
        ]
    });
    super::csv::document(
        &[
            "region",
            "environment",
            "strategy",
            "workload",
            "placement",
            "service",
            "platform",
            "arch",
            "option",
            "direct_usd",
            "shared_usd",
            "total_usd",
        ],
        rows,
    )
}

/// `1 workload`, `3 workloads`.
fn workloads(n: usize) -> String {
    if n == 1 {
        "1 workload".to_owned()
    } else {
        format!("{n} workloads")
    }
}

/// `+$12.00`, `$0.00`, or a dash for `separate` itself.
fn versus(s: &StrategyRow) -> String {
    if s.strategy == StrategyId::Separate {
        "—".to_owned()
    } else {
        signed_usd(s.vs_separate_usd)
    }
}

/// The table for people; with `explain`, every strategy's assignments, shared items, their
/// allocation and node groups.
pub fn table(plan: &Plan, style: TableStyle, explain: bool) -> String {
    let doc = Document::new(plan);
    let mut out = format!(
        "Portfolio plan · {} in {} {}\n",
        workloads(doc.workloads),
        doc.groups.len(),
        if doc.groups.len() == 1 {
            "group"
        } else {
            "groups"
        }
    );
    for g in &doc.groups {
        let _ = write!(
            out,
            "\n{} · {} · {} · prices as of {}\n",
            g.region,
            g.environment,
            workloads(g.workloads.len()),
            g.pricing_as_of
        );
        let mut t = new_table(style);
        t.set_header(vec!["Strategy", "Monthly", "vs separate", "What changes"]);
        for s in doc.strategies.iter().filter(|s| s.group == g.group) {
            t.add_row(vec![
                Cell::new(strategy_name(s.strategy)),
                Cell::new(usd(s.monthly_usd)).set_alignment(CellAlignment::Right),
                Cell::new(versus(s)).set_alignment(CellAlignment::Right),
                Cell::new(&s.changes),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');

        // The best mix, workload by workload.
        let mut t = new_table(style);
        t.set_header(vec!["Best mix", "Runs on", "Own", "Shared", "Total"]);
        for (al, a) in doc
            .allocations
            .iter()
            .zip(&doc.assignments)
            .filter(|(al, _)| al.group == g.group && al.strategy == StrategyId::BestMix)
        {
            let runs_on = match a.platform {
                Some(p) => p.display_name().to_owned(),
                None => crate::service::Service::from_id(a.service)
                    .map_or(a.service, crate::service::Service::display_name)
                    .to_owned(),
            };
            t.add_row(vec![
                Cell::new(&al.workload),
                Cell::new(format!(
                    "{runs_on} · {} · {}",
                    a.arch,
                    a.option.as_str().replace('_', " ")
                )),
                Cell::new(usd(al.direct_usd)).set_alignment(CellAlignment::Right),
                Cell::new(usd(al.shared_usd)).set_alignment(CellAlignment::Right),
                Cell::new(usd(al.total_usd)).set_alignment(CellAlignment::Right),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');

        let notes: Vec<String> = doc
            .strategies
            .iter()
            .filter(|s| s.group == g.group)
            .flat_map(|s| {
                s.fit_notes.iter().map(move |n| {
                    format!(
                        "  {}: {} ({}) [{}]",
                        strategy_name(s.strategy),
                        n.text,
                        n.workloads.join(", "),
                        n.rule
                    )
                })
            })
            .collect();
        if !notes.is_empty() {
            out.push_str("\nFit notes (shown, not enforced):\n");
            for n in notes {
                out.push_str(&n);
                out.push('\n');
            }
        }
        if explain {
            explain_group(&mut out, &doc, g.group, style);
        }
    }
    if doc.groups.len() > 1 {
        out.push_str("\nWhole portfolio\n");
        let mut t = new_table(style);
        t.set_header(vec!["Strategy", "Monthly", "vs separate"]);
        for total in &doc.totals {
            t.add_row(vec![
                Cell::new(strategy_name(total.strategy)),
                Cell::new(usd(total.monthly_usd)).set_alignment(CellAlignment::Right),
                Cell::new(if total.strategy == StrategyId::Separate {
                    "—".to_owned()
                } else {
                    signed_usd(total.vs_separate_usd)
                })
                .set_alignment(CellAlignment::Right),
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
    }
    let warnings: Vec<String> = {
        let mut w: Vec<String> = Vec::new();
        for s in &doc.strategies {
            for text in &s.warnings {
                if !w.contains(text) {
                    w.push(text.clone());
                }
            }
        }
        w
    };
    if !warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for w in warnings {
            let _ = writeln!(out, "  - {w}");
        }
    }
    if !doc.unplaced.is_empty() {
        out.push_str("\nNot planned (no service can run them):\n");
        for u in &doc.unplaced {
            let _ = writeln!(out, "  {} ({})", u.workload, u.file);
        }
    }
    out
}

/// `--explain`: each strategy's parts.
fn explain_group(out: &mut String, doc: &Document, g: usize, style: TableStyle) {
    for s in doc.strategies.iter().filter(|s| s.group == g) {
        let _ = write!(
            out,
            "\n{} — {} a month\n",
            strategy_name(s.strategy),
            usd(s.monthly_usd)
        );
        for (al, a) in doc
            .allocations
            .iter()
            .zip(&doc.assignments)
            .filter(|(al, _)| al.group == g && al.strategy == s.strategy)
        {
            let _ = writeln!(
                out,
                "  {} on {}: own {} + shared {} = {}",
                al.workload,
                match a.platform {
                    Some(p) => p.display_name().to_owned(),
                    None => a.service.to_owned(),
                },
                usd(al.direct_usd),
                usd(al.shared_usd),
                usd(al.total_usd)
            );
            for l in &a.line_items {
                let _ = writeln!(
                    out,
                    "      {}: {} {} × {} = {}",
                    l.item,
                    crate::output::format::quantity(l.quantity),
                    l.unit,
                    crate::output::format::price(l.unit_price_usd),
                    usd(l.monthly_usd)
                );
            }
        }
        let items: Vec<&SharedItemRow> = doc
            .shared_items
            .iter()
            .filter(|i| i.group == g && i.strategy == s.strategy)
            .collect();
        if !items.is_empty() {
            out.push_str("  Shared items:\n");
            let mut t = new_table(style);
            t.set_header(vec![
                "Item",
                "Quantity",
                "Unit price",
                "Monthly",
                "Allocated",
                "Shares",
            ]);
            for i in items {
                let shares: Vec<String> = doc
                    .allocations
                    .iter()
                    .filter(|al| al.group == g && al.strategy == s.strategy)
                    .flat_map(|al| {
                        al.shares
                            .iter()
                            .filter(|sh| sh.shared_item == i.id)
                            .map(move |sh| format!("{} {}", al.workload, usd(sh.usd)))
                    })
                    .collect();
                t.add_row(vec![
                    Cell::new(&i.item),
                    Cell::new(format!(
                        "{} {}",
                        crate::output::format::quantity(i.quantity),
                        i.unit
                    )),
                    Cell::new(crate::output::format::price(i.unit_price_usd)),
                    Cell::new(usd(i.monthly_usd)).set_alignment(CellAlignment::Right),
                    Cell::new(i.allocation_rule.text()),
                    Cell::new(shares.join(", ")),
                ]);
            }
            out.push_str(&t.to_string());
            out.push('\n');
        }
        for n in doc
            .node_groups
            .iter()
            .filter(|n| n.group == g && n.strategy == s.strategy)
        {
            let ng = &n.node_group;
            let _ = writeln!(
                out,
                "  Node group ({}, {}{}): {} × {} {} for {} tasks; vCPU {:.0} % and memory {:.0} % used; {}",
                ng.platform.display_name(),
                ng.arch,
                if ng.gpu { ", GPU" } else { "" },
                ng.nodes,
                ng.instance_type,
                ng.option.as_str().replace('_', " "),
                ng.tasks,
                ng.vcpu_utilization * 100.0,
                ng.memory_utilization * 100.0,
                n.workloads.join(", ")
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The plan report: Markdown and HTML
// ---------------------------------------------------------------------------------------------

/// Segment colours of the stacked bars (one per workload, in turn).
const COLOURS: [&str; 8] = [
    "#1d4ed8", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#4d7c0f", "#0369a1", "#a16207",
];
/// Segment characters of the Markdown bars (one per workload, in turn).
const BLOCKS: [char; 4] = ['█', '▓', '▒', '░'];

/// One stacked bar: a strategy, its total, and each workload's allocated total.
type StackedBar = (StrategyId, f64, Vec<(String, f64)>);

/// The bars of one group: per strategy, each workload's allocated total.
fn bars(doc: &Document, g: usize) -> Vec<StackedBar> {
    doc.strategies
        .iter()
        .filter(|s| s.group == g)
        .map(|s| {
            let parts = doc
                .allocations
                .iter()
                .filter(|al| al.group == g && al.strategy == s.strategy)
                .map(|al| (al.workload.clone(), al.total_usd))
                .collect();
            (s.strategy, s.monthly_usd, parts)
        })
        .collect()
}

/// `--format md`.
pub fn markdown(plan: &Plan) -> String {
    use super::markdown::{cell, text};
    let doc = Document::new(plan);
    let mut o = String::from("# Portfolio plan\n\n");
    let _ = writeln!(
        o,
        "{} in {} {}, priced by runwhere on five strategies: each workload on its own top pick, three shared platforms, and the best mix.\n",
        workloads(doc.workloads),
        doc.groups.len(),
        if doc.groups.len() == 1 {
            "group"
        } else {
            "groups"
        }
    );
    if doc.groups.len() > 1 {
        o.push_str("| Strategy | Monthly, whole portfolio | vs separate |\n|---|---:|---:|\n");
        for t in &doc.totals {
            let _ = writeln!(
                o,
                "| {} | {} | {} |",
                strategy_name(t.strategy),
                usd(t.monthly_usd),
                signed_usd(t.vs_separate_usd)
            );
        }
        o.push('\n');
    }
    for g in &doc.groups {
        let _ = writeln!(
            o,
            "## {} · {}\n\n{}, prices as of {}.\n",
            text(&g.region),
            g.environment,
            workloads(g.workloads.len()),
            text(&g.pricing_as_of)
        );
        o.push_str("| Strategy | Monthly | vs separate | What changes |\n|---|---:|---:|---|\n");
        for s in doc.strategies.iter().filter(|s| s.group == g.group) {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                strategy_name(s.strategy),
                usd(s.monthly_usd),
                versus(s),
                cell(&s.changes)
            );
        }
        // Stacked bars: one character per 1/40 of the largest total, one block style per workload.
        let bars = bars(&doc, g.group);
        let max = bars.iter().map(|b| b.1).fold(0.0, f64::max);
        o.push_str("\n```text\n");
        for (id, total, parts) in &bars {
            let mut line = String::new();
            for (k, (_, v)) in parts.iter().enumerate() {
                if max > 0.0 && *v > 0.0 {
                    let n = ((v / max) * 40.0).round().max(1.0) as usize;
                    line.extend(std::iter::repeat_n(BLOCKS[k % BLOCKS.len()], n));
                }
            }
            let _ = writeln!(o, "{:<22} {line} {}", strategy_name(*id), usd(*total));
        }
        let legend: Vec<String> = g
            .workloads
            .iter()
            .enumerate()
            // A backtick could end the code block early.
            .map(|(k, w)| format!("{} {}", BLOCKS[k % BLOCKS.len()], w.replace('`', "'")))
            .collect();
        let _ = writeln!(o, "\n{}\n```\n", legend.join("   "));
        o.push_str("### Assignments\n\n| Strategy | Workload | Runs on | Own | Shared | Total |\n|---|---|---|---:|---:|---:|\n");
        for (al, a) in doc
            .allocations
            .iter()
            .zip(&doc.assignments)
            .filter(|(al, _)| al.group == g.group)
        {
            let runs_on = match a.platform {
                Some(p) => p.display_name().to_owned(),
                None => crate::service::Service::from_id(a.service)
                    .map_or(a.service, crate::service::Service::display_name)
                    .to_owned(),
            };
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} |",
                strategy_name(al.strategy),
                cell(&al.workload),
                runs_on,
                usd(al.direct_usd),
                usd(al.shared_usd),
                usd(al.total_usd)
            );
        }
        let shared: Vec<&SharedItemRow> = doc
            .shared_items
            .iter()
            .filter(|i| i.group == g.group)
            .collect();
        if !shared.is_empty() {
            o.push_str("\n### Shared items\n\n| Strategy | Item | Monthly | Allocated |\n|---|---|---:|---|\n");
            for i in shared {
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {} |",
                    strategy_name(i.strategy),
                    cell(&i.item),
                    usd(i.monthly_usd),
                    i.allocation_rule.text()
                );
            }
        }
        let notes: Vec<String> = doc
            .strategies
            .iter()
            .filter(|s| s.group == g.group)
            .flat_map(|s| {
                s.fit_notes.iter().map(move |n| {
                    format!(
                        "- {}: {} ({})",
                        strategy_name(s.strategy),
                        text(&n.text),
                        text(&n.workloads.join(", "))
                    )
                })
            })
            .collect();
        if !notes.is_empty() {
            o.push_str("\n### Fit notes\n\nShown beside the cost, not enforced.\n\n");
            for n in notes {
                o.push_str(&n);
                o.push('\n');
            }
        }
        o.push('\n');
    }
    if let Some(best) = doc.total(StrategyId::BestMix) {
        let _ = writeln!(
            o,
            "The best mix costs {} a month, {} against every workload on its own top pick.",
            usd(best.monthly_usd),
            signed_usd(best.vs_separate_usd)
        );
    }
    o
}

/// The stacked bar chart of one group as inline SVG: one bar per strategy, one segment per
/// workload's allocated total.
pub fn stacked_svg(doc: &Document, g: usize) -> String {
    use super::svg::esc;
    let bars = bars(doc, g);
    let row = 34.0;
    let label_w = 190.0;
    let value_w = 110.0;
    let width = 760.0;
    let plot_w = width - label_w - value_w;
    let top = 8.0;
    let legend_rows = doc.groups[g].workloads.len().div_ceil(3) as f64;
    let height = top + row * bars.len() as f64 + 12.0 + 20.0 * legend_rows;
    let max = bars.iter().map(|b| b.1).fold(0.0, f64::max);
    let scale = |v: f64| {
        if max > 0.0 {
            plot_w * v.max(0.0) / max
        } else {
            0.0
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plan-chart\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" font-family=\"system-ui, sans-serif\"><title>Monthly cost by strategy, split by workload</title>"
    );
    for (k, (id, total, parts)) in bars.iter().enumerate() {
        let y = top + row * k as f64;
        let _ = write!(
            out,
            "<g class=\"strategy\" data-strategy=\"{}\"><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"end\">{}</text>",
            id.id(),
            label_w - 10.0,
            y + 19.0,
            esc(strategy_name(*id))
        );
        let mut x = label_w;
        for (n, (workload, v)) in parts.iter().enumerate() {
            let w = scale(*v);
            let _ = write!(
                out,
                "<rect class=\"segment\" data-workload=\"{wl}\" data-usd=\"{v}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"20\" fill=\"{}\"><title>{wl}: {} a month</title></rect>",
                y + 5.0,
                COLOURS[n % COLOURS.len()],
                usd(*v),
                wl = esc(workload),
            );
            x += w;
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\">{}</text></g>",
            x + 6.0,
            y + 19.0,
            esc(&usd(*total))
        );
    }
    let legend_top = top + row * bars.len() as f64 + 12.0;
    for (n, w) in doc.groups[g].workloads.iter().enumerate() {
        let x = label_w + (n % 3) as f64 * (plot_w / 3.0 + 30.0);
        let y = legend_top + 20.0 * (n / 3) as f64;
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{}</text>",
            COLOURS[n % COLOURS.len()],
            x + 16.0,
            y + 11.0,
            esc(w)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// `--format html`: one self-contained page (no scripts, fonts or images to fetch).
pub fn html(plan: &Plan) -> String {
    use super::svg::esc;
    let doc = Document::new(plan);
    let mut o = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Portfolio plan</title>\n<style>\nbody{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0f172a;line-height:1.5}\ntable{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border-bottom:1px solid #e2e8f0;padding:.35rem .5rem;text-align:left;vertical-align:top}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tr.best td{font-weight:600}svg{max-width:100%;height:auto}\n</style>\n</head>\n<body>\n<h1>Portfolio plan</h1>\n",
    );
    let _ = writeln!(
        o,
        "<p>{} in {} {}, priced on five strategies: each workload on its own top pick, three shared platforms, and the best mix.</p>",
        workloads(doc.workloads),
        doc.groups.len(),
        if doc.groups.len() == 1 {
            "group"
        } else {
            "groups"
        }
    );
    for g in &doc.groups {
        let _ = writeln!(
            o,
            "<section class=\"group\" data-group=\"{}\">\n<h2>{} · {}</h2>\n<p>{}, prices as of {}.</p>",
            g.group,
            esc(&g.region),
            g.environment,
            workloads(g.workloads.len()),
            esc(&g.pricing_as_of)
        );
        o.push_str("<table class=\"strategies\"><thead><tr><th>Strategy</th><th class=\"num\">Monthly</th><th class=\"num\">vs separate</th><th>What changes</th></tr></thead><tbody>\n");
        for s in doc.strategies.iter().filter(|s| s.group == g.group) {
            let class = if s.strategy == StrategyId::BestMix {
                " class=\"best\""
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "<tr{class} data-strategy=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                s.strategy.id(),
                strategy_name(s.strategy),
                esc(&usd(s.monthly_usd)),
                esc(&versus(s)),
                esc(&s.changes)
            );
        }
        o.push_str("</tbody></table>\n");
        o.push_str(&stacked_svg(&doc, g.group));
        o.push_str("<h3>Assignments</h3>\n<table class=\"assignments\"><thead><tr><th>Strategy</th><th>Workload</th><th>Runs on</th><th class=\"num\">Own</th><th class=\"num\">Shared</th><th class=\"num\">Total</th></tr></thead><tbody>\n");
        for (al, a) in doc
            .allocations
            .iter()
            .zip(&doc.assignments)
            .filter(|(al, _)| al.group == g.group)
        {
            let runs_on = match a.platform {
                Some(p) => p.display_name().to_owned(),
                None => crate::service::Service::from_id(a.service)
                    .map_or(a.service, crate::service::Service::display_name)
                    .to_owned(),
            };
            let _ = writeln!(
                o,
                "<tr data-strategy=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                al.strategy.id(),
                strategy_name(al.strategy),
                esc(&al.workload),
                esc(&runs_on),
                esc(&usd(al.direct_usd)),
                esc(&usd(al.shared_usd)),
                esc(&usd(al.total_usd))
            );
        }
        o.push_str("</tbody></table>\n");
        let notes: Vec<String> = doc
            .strategies
            .iter()
            .filter(|s| s.group == g.group)
            .flat_map(|s| {
                s.fit_notes.iter().map(move |n| {
                    format!(
                        "<li>{}: {} ({})</li>",
                        strategy_name(s.strategy),
                        esc(&n.text),
                        esc(&n.workloads.join(", "))
                    )
                })
            })
            .collect();
        if !notes.is_empty() {
            let _ = writeln!(
                o,
                "<h3>Fit notes</h3>\n<p>Shown beside the cost, not enforced.</p>\n<ul>\n{}\n</ul>",
                notes.join("\n")
            );
        }
        o.push_str("</section>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}
