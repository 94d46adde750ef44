//! The ranked comparison as a terminal table.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::{Report, ServiceReport, usd};
use crate::service::Service;

/// Options for drawing: a fixed width for tests and pipes, or the terminal's.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableStyle {
    pub width: Option<u16>,
}

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

/// The largest line items, biggest first: `Fargate vCPU $47.27, ALB $16.43`.
fn largest_items(s: &ServiceReport, n: usize) -> String {
    let mut items: Vec<_> = s
        .line_items
        .iter()
        .filter(|l| l.monthly_usd > 0.0)
        .collect();
    items.sort_by(|a, b| {
        b.monthly_usd
            .total_cmp(&a.monthly_usd)
            .then_with(|| a.item.cmp(&b.item))
    });
    let out: Vec<String> = items
        .iter()
        .take(n)
        .map(|l| format!("{} {}", l.item, usd(l.monthly_usd)))
        .collect();
    if out.is_empty() {
        "-".to_owned()
    } else {
        out.join(", ")
    }
}

pub fn render(report: &Report, style: TableStyle) -> String {
    let mut out = format!(
        "{} · {} · prices as of {}\n",
        report.workload, report.region, report.pricing_as_of
    );

    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.force_no_tty();
    match style.width {
        Some(w) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(w);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(vec!["#", "Service", "Variant", "Monthly", "Largest costs"]);
    for s in report.services.iter().filter(|s| s.eligible) {
        table.add_row(vec![
            Cell::new(s.rank.map(|r| r.to_string()).unwrap_or_default()),
            Cell::new(name(s.service)),
            Cell::new(variant(s, report.kind)),
            Cell::new(s.monthly_cost_usd.map(usd).unwrap_or_default())
                .set_alignment(CellAlignment::Right),
            Cell::new(largest_items(s, 2)),
        ]);
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
            for x in &s.excluded_by {
                out.push_str(&format!(
                    "  {:<18} {} [{}]\n",
                    name(s.service),
                    x.text,
                    x.rule
                ));
            }
        }
    }
    if !report.warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for w in &report.warnings {
            out.push_str(&format!("  - {w}\n"));
        }
    }
    out
}
