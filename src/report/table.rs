//! The ranked comparison as a terminal table.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

pub use crate::output::format::signed;

use super::{CurrentReport, Report, ServiceReport, usd};
use crate::service::Service;

/// Options for drawing: a fixed width (pipes, files, tests), or `None` for the terminal's.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableStyle {
    pub width: Option<u16>,
}

/// A table in the house style, drawn for `style`'s width (or the terminal's).
pub fn new_table(style: TableStyle) -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = style.width {
        table.force_no_tty();
        table.set_width(w);
    }
    table
}

/// The width used when the output is not a terminal.
pub const PIPE_WIDTH: u16 = 120;

fn name(id: &str) -> &'static str {
    Service::from_id(id).map_or("?", Service::display_name)
}

/// `arm · spot · t4g.small × 3`, or `x86 · on demand · Fargate`.
pub fn variant(s: &ServiceReport, kind: crate::workload::Kind) -> String {
    let mut parts = Vec::new();
    if let Some(arch) = s.arch {
        parts.push(arch.to_string());
    }
    if let Some(option) = s.option {
        parts.push(option.as_str().replace('_', " "));
    }
    if let Some(compute) = s.compute {
        parts.push(match compute {
            crate::cost::Compute::Fargate => "on Fargate".to_owned(),
            crate::cost::Compute::Ec2 => "on EC2".to_owned(),
        });
    }
    if let (Some(t), Some(n)) = (&s.instance_type, s.instance_count) {
        if kind.has_traffic() {
            parts.push(format!("{t} × {}", crate::cost::trim_count(n)));
        } else {
            // Jobs rent instances by the hour: show the hours, not a fraction of an instance.
            let hours = n * crate::cost::HOURS;
            parts.push(format!("{t} × {} h", crate::cost::trim_count(hours)));
        }
    }
    parts.join(" · ")
}

pub fn render(report: &Report, style: TableStyle) -> String {
    let mut out = format!(
        "{} · {} · prices as of {}\n",
        report.workload, report.region, report.pricing_as_of
    );
    if !report.flowchart_path.is_empty() {
        out.push_str(&format!(
            "flowchart: {}\n",
            report.flowchart_path.join(" → ")
        ));
    }

    let mut table = new_table(style);
    let today = report.current.as_ref();
    if today.is_some() {
        table.set_header(vec![
            "#", "Service", "Variant", "Monthly", "vs today", "per year", "Fit", "Why",
        ]);
    } else {
        table.set_header(vec!["#", "Service", "Variant", "Monthly", "Fit", "Why"]);
    }
    if let Some(c) = today {
        table.add_row(current_row(c, report.kind));
    }
    for s in report.services.iter().filter(|s| s.eligible) {
        let mut row = vec![
            Cell::new(s.rank.map(|r| r.to_string()).unwrap_or_default()),
            Cell::new(name(s.service)),
            Cell::new(variant(s, report.kind)),
            Cell::new(s.monthly_cost_usd.map(usd).unwrap_or_default())
                .set_alignment(CellAlignment::Right),
        ];
        if today.is_some() {
            row.extend(difference_cells(s));
        }
        row.extend([
            Cell::new(s.fit_score.map(signed).unwrap_or_default())
                .set_alignment(CellAlignment::Right),
            Cell::new(s.main_reason.as_deref().unwrap_or("no rule applies")),
        ]);
        table.add_row(row);
    }
    if report.services.iter().any(|s| s.eligible) {
        out.push_str(&table.to_string());
        out.push('\n');
    } else {
        out.push_str("no service can run this workload\n");
    }

    let excluded: Vec<_> = report.services.iter().filter(|s| !s.eligible).collect();
    if !excluded.is_empty() {
        out.push_str("\nExcluded:\n");
        for s in excluded {
            // The first rule is shown; `explain` lists them all.
            if let Some(x) = s.excluded_by.first() {
                let more = match s.excluded_by.len() {
                    1 => String::new(),
                    2 => " (and 1 more rule: see `runwhere explain`)".to_owned(),
                    n => format!(" (and {} more rules: see `runwhere explain`)", n - 1),
                };
                out.push_str(&format!(
                    "  {:<18} {} [{}]{more}\n",
                    name(s.service),
                    x.text,
                    x.rule
                ));
            }
        }
    }
    if let Some(c) = today {
        out.push_str(&current_text(c, report.kind));
    }
    if !report.warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for w in &report.warnings {
            out.push_str(&format!("  - {w}\n"));
        }
    }
    out
}

/// The difference against today, per month and per year, as the JSON gives it.
fn difference_cells(s: &ServiceReport) -> [Cell; 2] {
    let cell = |v: Option<f64>| {
        Cell::new(v.map(crate::output::format::signed_usd).unwrap_or_default())
            .set_alignment(CellAlignment::Right)
    };
    [cell(s.vs_current_usd), cell(s.vs_current_usd_per_year)]
}

/// The "today" row: what runs now, its cost, and the sizing (or why it cannot run the workload).
fn current_row(c: &CurrentReport, kind: crate::workload::Kind) -> Vec<Cell> {
    let s = &c.entry;
    let monthly = match s.monthly_cost_usd {
        Some(m) => usd(m),
        None => "cannot run it".to_owned(),
    };
    let variant = if s.eligible {
        variant(s, kind)
    } else {
        c.configuration.clone()
    };
    vec![
        Cell::new("today"),
        Cell::new(name(s.service)),
        Cell::new(variant),
        Cell::new(monthly).set_alignment(CellAlignment::Right),
        Cell::new(""),
        Cell::new(""),
        Cell::new(""),
        Cell::new(s.main_reason.as_deref().unwrap_or("what runs it now")),
    ]
}

/// Below the table: the bill beside runwhere's figure, why today cannot run the workload, and the
/// right-sized alternative on the same service.
pub fn current_text(c: &CurrentReport, kind: crate::workload::Kind) -> String {
    use crate::output::format::signed_usd;
    let mut out = format!("\nToday: {} on {}", c.configuration, name(c.entry.service));
    match (c.entry.monthly_cost_usd, c.bill_usd, c.bill_gap_usd) {
        (Some(ours), Some(bill), Some(gap)) => out.push_str(&format!(
            ": {} a month at list prices; the bill says {}, {} {} than runwhere's figure\n",
            usd(ours),
            usd(bill),
            usd(gap.abs()),
            if gap < 0.0 { "less" } else { "more" }
        )),
        (Some(ours), _, _) => out.push_str(&format!(": {} a month at list prices\n", usd(ours))),
        (None, bill, _) => {
            out.push_str(": cannot run the workload as described, so it is not priced");
            if let Some(bill) = bill {
                out.push_str(&format!(" (the bill says {})", usd(bill)));
            }
            out.push('\n');
            for x in &c.entry.excluded_by {
                out.push_str(&format!("  - {} [{}]\n", x.text, x.rule));
            }
        }
    }
    if let Some(s) = &c.sizing {
        out.push_str(&format!("  {}\n", s.text));
    }
    if let Some(r) = &c.right_size {
        out.push_str(&format!(
            "Right-size in place: {} · {}: {} a month ({} a month, {} a year against today)\n",
            name(r.service),
            variant(r, kind),
            r.monthly_cost_usd.map(usd).unwrap_or_default(),
            r.vs_current_usd.map(signed_usd).unwrap_or_default(),
            r.vs_current_usd_per_year
                .map(signed_usd)
                .unwrap_or_default()
        ));
    }
    out
}
