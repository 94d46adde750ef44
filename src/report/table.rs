//! The ranked comparison as a terminal table.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

pub use crate::output::format::signed;
use crate::output::format::wrap;

use super::{CurrentReport, Report, ServiceReport, usd};
use crate::service::Service;

/// Options for drawing: the terminal's width (or `COLUMNS`), or `None` when the output is piped.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableStyle {
    pub width: Option<u16>,
}

/// A table in the house style, drawn for `style`'s width (or the terminal's).
pub fn new_table(style: TableStyle) -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.force_no_tty();
    table.set_width(style.width.unwrap_or(WIDE_PIPE_WIDTH));
    table
}

/// The width of the ranked table and wrapped text when the output is not a terminal and `COLUMNS`
/// is not set.
pub const PIPE_WIDTH: u16 = 80;
/// The width of the other, bordered tables (many workloads, `diff`, `rules list`, `pricing list`)
/// in the same case.
pub const WIDE_PIPE_WIDTH: u16 = 120;

fn name(id: &str) -> &'static str {
    Service::from_id(id).map_or("?", Service::display_name)
}

fn short_name(id: &str) -> &'static str {
    Service::from_id(id).map_or("?", Service::short_name)
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

/// The width of the table and of wrapped text: the style's, or [`PIPE_WIDTH`].
pub fn width(style: TableStyle) -> usize {
    usize::from(style.width.unwrap_or(PIPE_WIDTH))
}

/// The longest variant in the default table, in characters.
pub const VARIANT_MAX: usize = 22;

/// A purchase option in a few characters: `on demand`, `spot`, `SP 1yr`.
fn option_short(o: crate::workload::Purchase) -> String {
    use crate::workload::Purchase;
    match o {
        Purchase::SavingsPlan1yr => "SP 1yr".to_owned(),
        Purchase::SavingsPlan3yr => "SP 3yr".to_owned(),
        other => other.as_str().replace('_', " "),
    }
}

/// The variant in at most [`VARIANT_MAX`] characters: `arm · on demand`, `SP 1yr · t4g.small×2`
/// (an instance type names its architecture), `spot c6g.xlarge 33.33h` for jobs' instance-hours.
pub fn variant_short(s: &ServiceReport, kind: crate::workload::Kind) -> String {
    let mut parts = Vec::new();
    if let (Some(arch), None) = (s.arch, &s.instance_type) {
        parts.push(arch.to_string());
    }
    if let Some(option) = s.option {
        parts.push(option_short(option));
    }
    match (&s.instance_type, s.instance_count, s.compute) {
        (Some(t), Some(n), _) => parts.push(if kind.has_traffic() {
            format!("{t}×{}", crate::cost::trim_count(n))
        } else {
            format!("{t} {}h", hours_short(n * crate::cost::HOURS))
        }),
        (_, _, Some(crate::cost::Compute::Fargate)) => parts.push("Fargate".to_owned()),
        (_, _, Some(crate::cost::Compute::Ec2)) => parts.push("EC2".to_owned()),
        _ => {}
    }
    let spaced = parts.join(" · ");
    if spaced.chars().count() <= VARIANT_MAX {
        return spaced;
    }
    let tight = parts.join(" ");
    if tight.chars().count() <= VARIANT_MAX {
        return tight;
    }
    // On demand is the default purchase: the first thing to leave out.
    let on_demand = option_short(crate::workload::Purchase::OnDemand);
    parts.retain(|p| *p != on_demand);
    let tight = parts.join(" ");
    if tight.chars().count() <= VARIANT_MAX {
        return tight;
    }
    let mut cut: String = tight.chars().take(VARIANT_MAX - 1).collect();
    cut.push('…');
    cut
}

/// Instance-hours in at most five characters or so: `6.67`, `33.3`, `833`, `2,190`, `110k`.
fn hours_short(h: f64) -> String {
    if h >= 10_000.0 {
        format!("{}k", crate::output::format::number((h / 1_000.0).round()))
    } else if h >= 100.0 {
        crate::output::format::number(h.round())
    } else if h >= 10.0 {
        crate::output::format::round_to(h, 10.0)
    } else {
        crate::output::format::round_to(h, 100.0)
    }
}

/// `text` cut to `max` characters, with `…` when cut.
fn fit_to(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Rows of cells as aligned columns: a header, a rule under it, one line per row. Columns are two
/// spaces apart, or one when two do not fit `width`; the last column is cut to fit.
fn columns(header: &[&str], rows: &[Vec<String>], right: &[bool], width: usize) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let total = |gap: usize| widths.iter().sum::<usize>() + gap * (n - 1);
    let gap = if total(2) <= width { 2 } else { 1 };
    if total(gap) > width {
        let others: usize = widths[..n - 1].iter().sum::<usize>() + gap * (n - 1);
        widths[n - 1] = width.saturating_sub(others).max(8);
    }
    let line = |cells: &mut dyn Iterator<Item = String>| {
        let mut out = String::new();
        for (i, cell) in cells.enumerate() {
            let cell = fit_to(&cell, widths[i]);
            let pad = widths[i] - cell.chars().count();
            if i > 0 {
                out.push_str(&" ".repeat(gap));
            }
            if right[i] {
                out.push_str(&" ".repeat(pad));
                out.push_str(&cell);
            } else {
                out.push_str(&cell);
                if i + 1 < n {
                    out.push_str(&" ".repeat(pad));
                }
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let mut out = line(&mut header.iter().map(|h| (*h).to_owned()));
    out.push_str(&line(&mut widths.iter().map(|w| "─".repeat(*w))));
    for row in rows {
        out.push_str(&line(&mut row.iter().cloned()));
    }
    out
}

/// The ranked services, one line each, in at most 80 columns: rank, short name, variant, monthly
/// cost, fit and the main reason in a few words; `long` gives today's full reasons instead. Then
/// why the top pick costs more (when it does), the excluded services and the warnings, wrapped at
/// words to the width.
pub fn render(report: &Report, style: TableStyle, long: bool) -> String {
    let width = width(style);
    let mut out = wrap(
        &format!(
            "{} · {} · prices as of {}",
            report.workload, report.region, report.pricing_as_of
        ),
        width,
        "",
        "  ",
    );
    if !report.flowchart_path.is_empty() {
        out.push_str(&wrap(
            &report.flowchart_path.join(" → "),
            width,
            "flowchart: ",
            "  ",
        ));
    }
    let eligible: Vec<&ServiceReport> = report.services.iter().filter(|s| s.eligible).collect();
    if eligible.is_empty() {
        out.push_str("no service can run this workload\n");
    } else if long {
        out.push_str(&long_table(report, &eligible, style));
    } else {
        let today = report.current.as_ref();
        let mut rows: Vec<Vec<String>> = today
            .map(|c| current_row_short(c, report.kind))
            .into_iter()
            .collect();
        rows.extend(eligible.iter().map(|s| {
            let mut row = vec![
                s.rank.map(|r| r.to_string()).unwrap_or_default(),
                short_name(s.service).to_owned(),
                variant_short(s, report.kind),
                s.monthly_cost_usd.map(usd).unwrap_or_default(),
            ];
            if today.is_some() {
                row.push(
                    s.vs_current_usd
                        .map(crate::output::format::signed_usd)
                        .unwrap_or_default(),
                );
            }
            row.push(s.fit_score.map(signed).unwrap_or_default());
            row.push(
                s.main_short
                    .clone()
                    .unwrap_or_else(|| "no rule applies".to_owned()),
            );
            row
        }));
        if today.is_some() {
            out.push_str(&columns(
                &[
                    "#", "Service", "Variant", "Monthly", "vs today", "Fit", "Why",
                ],
                &rows,
                &[true, false, false, true, true, true, false],
                width,
            ));
        } else {
            out.push_str(&columns(
                &["#", "Service", "Variant", "Monthly", "Fit", "Why"],
                &rows,
                &[true, false, false, true, true, false],
                width,
            ));
        }
    }
    if let Some(line) = &report.premium {
        out.push('\n');
        out.push_str(&wrap(line, width, "", ""));
    }

    let excluded: Vec<_> = report.services.iter().filter(|s| !s.eligible).collect();
    if !excluded.is_empty() {
        out.push_str("\nExcluded:\n");
        let names = |s: &ServiceReport| {
            if long {
                name(s.service)
            } else {
                short_name(s.service)
            }
        };
        let pad = excluded
            .iter()
            .map(|s| names(s).chars().count())
            .max()
            .unwrap_or(0);
        for s in excluded {
            // The first rule is shown; `explain` lists them all.
            if let Some(x) = s.excluded_by.first() {
                let more = match s.excluded_by.len() {
                    1 => String::new(),
                    2 => " (and 1 more rule: see `runwhere explain`)".to_owned(),
                    n => format!(" (and {} more rules: see `runwhere explain`)", n - 1),
                };
                let first = format!("  {:<pad$}  ", names(s));
                let rest = " ".repeat(first.chars().count());
                out.push_str(&wrap(
                    &format!("{} [{}]{more}", x.text, x.rule),
                    width,
                    &first,
                    &rest,
                ));
            }
        }
    }
    if let Some(c) = &report.current {
        // Wrapped at words like the rest; items keep their indent.
        for line in current_text(c, report.kind).lines() {
            match line.strip_prefix("  ") {
                _ if line.is_empty() => out.push('\n'),
                Some(item) => out.push_str(&wrap(item, width, "  ", "    ")),
                None => out.push_str(&wrap(line, width, "", "  ")),
            }
        }
    }
    if !report.warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for w in &report.warnings {
            out.push_str(&wrap(w, width, "  - ", "    "));
        }
    }
    out
}

/// The "today" row of the default table: what runs now in a few words.
fn current_row_short(c: &CurrentReport, kind: crate::workload::Kind) -> Vec<String> {
    let s = &c.entry;
    let variant = if s.eligible {
        variant_short(s, kind)
    } else {
        fit_to(&c.configuration, VARIANT_MAX)
    };
    let why = match &c.sizing {
        Some(z) => format!(
            "{}-provisioned {}×",
            z.fit,
            crate::output::format::round_to(z.ratio, 10.0)
        ),
        None if !s.eligible => "cannot run it".to_owned(),
        None => "what runs it now".to_owned(),
    };
    vec![
        "today".to_owned(),
        short_name(s.service).to_owned(),
        variant,
        s.monthly_cost_usd
            .map(usd)
            .unwrap_or_else(|| "-".to_owned()),
        String::new(),
        String::new(),
        why,
    ]
}

/// `--long`: the full names, variants and reasons, wrapped in a bordered table.
fn long_table(report: &Report, eligible: &[&ServiceReport], style: TableStyle) -> String {
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
    for s in eligible {
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
    format!("{table}\n")
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
