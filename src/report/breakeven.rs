//! `breakeven` output: table, JSON, CSV and an SVG line chart.

use std::fmt::Write as _;

use serde::Serialize;

pub use crate::output::format::human;

use super::cents;
use super::svg::esc;
use crate::engine::sweep::{CrossKind, Sweep};
use crate::service::Service;

fn services(s: &Sweep) -> Vec<Service> {
    Service::ALL
        .into_iter()
        .filter(|svc| s.points.iter().any(|p| p.costs.contains_key(svc)))
        .collect()
}

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: u32,
    parameter: &'a str,
    unit: &'a str,
    scale: &'a str,
    points: Vec<PointDoc>,
    crossovers: Vec<CrossDoc>,
    winners: Vec<WinnerDoc>,
    instance_switches: Vec<SwitchDoc>,
}

#[derive(Serialize)]
struct SwitchDoc {
    x: f64,
    service: &'static str,
    instance_below: String,
    instance_above: String,
}

#[derive(Serialize)]
struct PointDoc {
    x: f64,
    costs: std::collections::BTreeMap<&'static str, f64>,
}

#[derive(Serialize)]
struct CrossDoc {
    x: f64,
    cheaper_below: &'static str,
    cheaper_above: &'static str,
    kind: &'static str,
    cost_below_usd: Option<f64>,
    cost_above_usd: Option<f64>,
}

#[derive(Serialize)]
struct WinnerDoc {
    from: f64,
    to: f64,
    service: Option<&'static str>,
}

fn kind(k: CrossKind) -> &'static str {
    match k {
        CrossKind::Cross => "cross",
        CrossKind::Jump => "jump",
    }
}

pub fn json(s: &Sweep) -> crate::Result<String> {
    let doc = Doc {
        schema_version: super::SCHEMA_VERSION,
        parameter: s.param.path,
        unit: s.param.unit,
        scale: if s.param.log { "log" } else { "linear" },
        points: s
            .points
            .iter()
            .map(|p| PointDoc {
                x: p.x,
                costs: p.costs.iter().map(|(k, v)| (k.id(), *v)).collect(),
            })
            .collect(),
        crossovers: s
            .crossovers
            .iter()
            .map(|c| CrossDoc {
                x: c.x,
                cheaper_below: c.cheaper_below.id(),
                cheaper_above: c.cheaper_above.id(),
                kind: kind(c.kind),
                cost_below_usd: c.cost_below.map(cents),
                cost_above_usd: c.cost_above.map(cents),
            })
            .collect(),
        winners: s
            .winners
            .iter()
            .map(|w| WinnerDoc {
                from: w.from,
                to: w.to,
                service: w.service.map(Service::id),
            })
            .collect(),
        instance_switches: s
            .switches
            .iter()
            .map(|w| SwitchDoc {
                x: w.x,
                service: w.service.id(),
                instance_below: w.below.clone(),
                instance_above: w.above.clone(),
            })
            .collect(),
    };
    super::json::pretty(&doc)
}

/// One row per point, one column per service; empty where a service is not eligible.
///
/// # Errors
/// [`crate::Error::Render`] if the CSV cannot be written.
pub fn csv(s: &Sweep) -> crate::Result<String> {
    let svcs = services(s);
    let header: Vec<&str> = std::iter::once("x")
        .chain(svcs.iter().map(|svc| svc.id()))
        .collect();
    let rows = s.points.iter().map(|p| {
        std::iter::once(format!("{}", p.x))
            .chain(svcs.iter().map(|svc| {
                p.costs
                    .get(svc)
                    .map_or_else(String::new, |c| format!("{c:.2}"))
            }))
            .collect::<Vec<_>>()
    });
    super::csv::document(&header, rows)
}

/// The table's first line: `orders-api · us-east-1 · prices as of 2026-05-27`.
pub fn table_title(workload: &str, region: &str, as_of: &str) -> String {
    format!("{workload} · {region} · prices as of {as_of}")
}

/// The chart's title: `orders-api: monthly cost by traffic.requests_per_month`.
pub fn svg_title(workload: &str, param: &str) -> String {
    format!("{workload}: monthly cost by {param}")
}

/// Crossovers, winners, and the costs at a dozen of the points.
pub fn table(s: &Sweep, title: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{title}");
    let _ = writeln!(
        o,
        "varying {} ({}) from {} to {}, {} points, {} steps\n",
        s.param.path,
        s.param.unit,
        human(s.from),
        human(s.to),
        s.points.len(),
        if s.param.log { "logarithmic" } else { "even" }
    );
    let _ = writeln!(o, "Cheapest service changes:");
    if s.crossovers.is_empty() {
        let _ = writeln!(o, "  never in this range");
    }
    for c in &s.crossovers {
        let how = match c.kind {
            CrossKind::Cross => "the costs cross",
            CrossKind::Jump => "a cost steps past the other",
        };
        let _ = writeln!(
            o,
            "  at {} {}: {} is cheaper below, {} above ({how})",
            human(c.x),
            s.param.unit,
            c.cheaper_below.display_name(),
            c.cheaper_above.display_name()
        );
    }
    if !s.switches.is_empty() {
        let _ = writeln!(o, "\nInstance type of the cheapest service changes:");
        for w in &s.switches {
            let _ = writeln!(
                o,
                "  at {} {}: {} runs {} below, {} above",
                human(w.x),
                s.param.unit,
                w.service.display_name(),
                w.below,
                w.above
            );
        }
    }
    let _ = writeln!(o, "\nTop pick of the ranking:");
    for w in &s.winners {
        let _ = writeln!(
            o,
            "  {} – {} {}: {}",
            human(w.from),
            human(w.to),
            s.param.unit,
            w.service
                .map_or("no eligible service", Service::display_name)
        );
    }
    let svcs = services(s);
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.force_no_tty();
    let mut header = vec![s.param.unit.to_owned()];
    header.extend(svcs.iter().map(|x| x.display_name().to_owned()));
    t.set_header(header);
    let n = s.points.len();
    let rows = 13.min(n);
    for k in 0..rows {
        let i = if rows <= 1 {
            0
        } else {
            k * (n - 1) / (rows - 1)
        };
        let p = &s.points[i];
        let mut row = vec![comfy_table::Cell::new(human(p.x))];
        for svc in &svcs {
            let text = p
                .costs
                .get(svc)
                .map_or_else(|| "-".to_owned(), |c| super::usd(*c));
            row.push(comfy_table::Cell::new(text).set_alignment(comfy_table::CellAlignment::Right));
        }
        t.add_row(row);
    }
    let _ = writeln!(
        o,
        "\nMonthly cost at {rows} of the {n} points (- = not eligible there):\n{t}"
    );
    o
}

/// Axis labels: whole dollars from $1 up, cents below.
fn axis_usd(v: f64) -> String {
    if v >= 1.0 {
        let text = super::usd(v);
        text.strip_suffix(".00").unwrap_or(&text).to_owned()
    } else {
        super::usd(v)
    }
}

const COLORS: [&str; 8] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
];

/// A line chart: log x axis (for counts and durations), one labelled line per service,
/// crossovers marked, axes with units.
pub fn svg(s: &Sweep, title: &str) -> String {
    let (w, h) = (960.0, 560.0);
    let (left, right, top, bottom) = (90.0, 190.0, 50.0, 70.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let log_x = s.param.log && s.from > 0.0;
    let fx = |x: f64| {
        if log_x {
            x.max(f64::MIN_POSITIVE).log10()
        } else {
            x
        }
    };
    let (x0, x1) = (fx(s.from), fx(s.to));
    let costs: Vec<f64> = s
        .points
        .iter()
        .flat_map(|p| p.exact.values().copied())
        .filter(|c| *c > 0.0)
        .collect();
    let (cmin, cmax) = costs
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(a, b), &c| (a.min(c), b.max(c)));
    let log_y = cmin.is_finite() && cmax / cmin > 100.0;
    let fy = |c: f64| if log_y { c.max(cmin / 10.0).log10() } else { c };
    let (y0, y1) = if log_y {
        ((cmin).log10().floor(), cmax.log10().ceil())
    } else {
        (0.0, if cmax > 0.0 { cmax * 1.1 } else { 1.0 })
    };
    let sx = |x: f64| left + (fx(x) - x0) / (x1 - x0).max(1e-12) * pw;
    let sy = |c: f64| top + ph - (fy(c) - y0) / (y1 - y0).max(1e-12) * ph;

    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">"#
    );
    let _ = writeln!(o, r#"<title>{}</title>"#, esc(title));
    let _ = writeln!(o, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    let _ = writeln!(
        o,
        r##"<text x="{left}" y="28" font-size="16" font-weight="600" fill="#222">{}</text>"##,
        esc(title)
    );
    // Grid and ticks.
    let x_ticks: Vec<f64> = if log_x {
        (x0.floor() as i32..=x1.ceil() as i32)
            .map(|e| 10f64.powi(e))
            .filter(|t| fx(*t) >= x0 - 1e-9 && fx(*t) <= x1 + 1e-9)
            .collect()
    } else {
        (0..=5)
            .map(|i| s.from + (s.to - s.from) * f64::from(i) / 5.0)
            .collect()
    };
    for t in &x_ticks {
        let x = sx(*t);
        let _ = writeln!(
            o,
            r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{:.1}" stroke="#e5e5e5"/>"##,
            top + ph
        );
        let _ = writeln!(
            o,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#444">{}</text>"##,
            top + ph + 18.0,
            esc(&human(*t))
        );
    }
    let y_ticks: Vec<f64> = if log_y {
        (y0 as i32..=y1 as i32).map(|e| 10f64.powi(e)).collect()
    } else {
        (0..=5).map(|i| y1 * f64::from(i) / 5.0).collect()
    };
    for t in &y_ticks {
        let y = sy(*t);
        let _ = writeln!(
            o,
            r##"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#e5e5e5"/>"##,
            left + pw
        );
        let _ = writeln!(
            o,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#444">{}</text>"##,
            left - 8.0,
            y + 4.0,
            esc(&axis_usd(*t))
        );
    }
    let _ = writeln!(
        o,
        r##"<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>"##
    );
    let _ = writeln!(
        o,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#222">{} ({}{})</text>"##,
        left + pw / 2.0,
        h - 20.0,
        esc(s.param.path),
        esc(s.param.unit),
        if log_x { ", log scale" } else { "" }
    );
    let _ = writeln!(
        o,
        r##"<text transform="translate(22 {:.1}) rotate(-90)" text-anchor="middle" fill="#222">monthly cost, USD{}</text>"##,
        top + ph / 2.0,
        if log_y { " (log scale)" } else { "" }
    );
    // One line per service; gaps where it is not eligible.
    let mut labels: Vec<(f64, String, &str)> = Vec::new();
    for (i, svc) in services(s).iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let mut d = String::new();
        let mut pen_down = false;
        let mut last = None;
        for p in &s.points {
            match p.exact.get(svc) {
                Some(&c) if c > 0.0 || !log_y => {
                    let _ = write!(
                        d,
                        "{}{:.1},{:.1} ",
                        if pen_down { "L" } else { "M" },
                        sx(p.x),
                        sy(c)
                    );
                    pen_down = true;
                    last = Some(sy(c));
                }
                _ => pen_down = false,
            }
        }
        let _ = writeln!(
            o,
            r#"<path d="{}" fill="none" stroke="{color}" stroke-width="2"><title>{}</title></path>"#,
            d.trim_end(),
            esc(svc.display_name())
        );
        if let Some(y) = last {
            labels.push((y, svc.display_name().to_owned(), color));
        }
    }
    // Labels at the right end, nudged apart so they never overlap.
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut prev = f64::NEG_INFINITY;
    for (y, name, color) in &mut labels {
        *y = y.max(prev + 14.0);
        prev = *y;
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="{:.1}" fill="{color}" font-weight="600">{}</text>"#,
            left + pw + 8.0,
            *y + 4.0,
            esc(name)
        );
    }
    for c in &s.crossovers {
        let x = sx(c.x);
        let cost = c.cost_below.or(c.cost_above).unwrap_or(0.0);
        let y = sy(cost.max(if log_y { cmin } else { 0.0 }));
        let _ = writeln!(
            o,
            r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{:.1}" stroke="#555" stroke-dasharray="4 3"/>"##,
            top + ph
        );
        let _ = writeln!(
            o,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="#fff" stroke="#222" stroke-width="2"><title>{}: {} cheaper below, {} above</title></circle>"##,
            esc(&human(c.x)),
            esc(c.cheaper_below.display_name()),
            esc(c.cheaper_above.display_name())
        );
        let _ = writeln!(
            o,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#222">{}</text>"##,
            x + 4.0,
            top + 14.0,
            esc(&human(c.x))
        );
    }
    o.push_str("</svg>\n");
    o
}
