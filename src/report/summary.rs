//! `--format md` for `recommend` and `diff`: a compact Markdown table for a pull-request comment or
//! a CI job summary, one row per workload (top pick, monthly cost, the change, the gate's verdict),
//! then one line on the gate.
//!
//! Text from files (names, paths, error messages) goes through [`super::markdown::text`].

use std::fmt::Write as _;
use std::path::PathBuf;

use super::markdown::text;
use super::usd;
use crate::engine::batch::{Compared, Summary, Versus};
use crate::engine::gate::{Growth, Limit};
use crate::error::Error;
use crate::output::format::signed_usd;
use crate::service::Service;

fn name(id: &str) -> &'static str {
    Service::from_id(id).map_or("?", Service::display_name)
}

/// A file's path as a code span, its backticks made harmless.
fn file(path: &str) -> String {
    format!("`{}`", path.replace('`', "'").replace('|', "\\|"))
}

/// `a`, `` `a` and `b` ``, `a, b and c`, of file names.
fn files(list: &[String]) -> String {
    let named: Vec<String> = list.iter().map(|f| file(f)).collect();
    match named.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The footer line naming the files that gave no result, if any.
fn without_result(out: &mut String, failed: &[String]) {
    if !failed.is_empty() {
        let _ = writeln!(out, "Without a result: {} (see the errors).", files(failed));
    }
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// `recommend --format md`: each workload's top pick, its cost, the runner-up and the difference,
/// and with `--max-monthly` the gate's verdict.
pub fn recommend(results: &[(PathBuf, Result<Summary, Error>)], budget: Option<f64>) -> String {
    let mut header = vec![
        "File",
        "Workload",
        "Top pick",
        "Monthly",
        "Runner-up",
        "Difference",
    ];
    let mut align = vec!["---", "---", "---", "---:", "---", "---:"];
    // Today's cost and the top pick's difference when any workload says what runs it today.
    let today = results
        .iter()
        .any(|(_, r)| r.as_ref().is_ok_and(|s| s.current.is_some()));
    if today {
        header.extend(["Today", "vs today"]);
        align.extend(["---:", "---:"]);
    }
    if budget.is_some() {
        header.push("Gate");
        align.push("---");
    }
    let mut out = row(&header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    out.push_str(&row(&align
        .iter()
        .map(|a| (*a).to_owned())
        .collect::<Vec<_>>()));
    let mut over = Vec::new();
    let mut failed = Vec::new();
    for r in super::batch::rows(results) {
        let mut cells = vec![file(&r.file), text(r.workload.unwrap_or(""))];
        if let Some(e) = &r.error {
            failed.push(r.file.clone());
            cells.push(format!("error: {}", text(e)));
            cells.extend(std::iter::repeat_n(String::new(), 3));
            if today {
                cells.extend([String::new(), String::new()]);
            }
            if budget.is_some() {
                cells.push(String::new());
            }
            out.push_str(&row(&cells));
            continue;
        }
        cells.extend([
            r.recommendation.map_or("none eligible", name).to_owned(),
            r.monthly_cost_usd
                .map(usd)
                .unwrap_or_default()
                .replace('$', "\\$"),
            r.runner_up.map_or("-", name).to_owned(),
            r.difference_usd
                .map(signed_usd)
                .unwrap_or_default()
                .replace('$', "\\$"),
        ]);
        if today {
            let cost = match (r.current_service, r.current_monthly_cost_usd) {
                (Some(id), Some(Some(c))) => format!("{} ({})", usd(c), name(id)),
                (Some(id), _) => format!("{} cannot run it", name(id)),
                _ => String::new(),
            };
            cells.extend([
                cost.replace('$', "\\$"),
                r.vs_current_usd
                    .flatten()
                    .map(signed_usd)
                    .unwrap_or_default()
                    .replace('$', "\\$"),
            ]);
        }
        if let Some(limit) = budget {
            let verdict = match r.monthly_cost_usd {
                None => "—".to_owned(),
                Some(cost) if crate::engine::gate::over_budget(cost, limit) => {
                    over.push(r.file.clone());
                    format!("❌ over {}", usd(limit).replace('$', "\\$"))
                }
                Some(_) => format!("✅ within {}", usd(limit).replace('$', "\\$")),
            };
            cells.push(verdict);
        }
        if r.recommendation.is_none() {
            failed.push(r.file.clone());
        }
        out.push_str(&row(&cells));
    }
    let n = results.len();
    out.push('\n');
    if let Some(limit) = budget {
        let limit = usd(limit);
        if over.is_empty() {
            let _ = writeln!(
                out,
                "Gate `--max-monthly {limit}`: every top pick is within it."
            );
        } else {
            let _ = writeln!(
                out,
                "Gate `--max-monthly {limit}`: {} of {n} over it: {}.",
                over.len(),
                files(&over)
            );
        }
    }
    without_result(&mut out, &failed);
    out
}

/// The gate's verdict in a cell.
fn verdict(g: Option<&Growth>, limit: Option<Limit>) -> String {
    let Some(limit) = limit else {
        return String::new();
    };
    let limit = limit.to_string().replace('$', "\\$");
    match g {
        Some(g) if g.failed => format!("❌ over {limit}"),
        Some(_) => format!("✅ within {limit}"),
        None => "—".to_owned(),
    }
}

/// `diff --format md`: each workload's top pick on both sides, their monthly costs, the change and,
/// with `--fail-above`, the gate's verdict.
pub fn diff(compared: &[Compared], limit: Option<Limit>) -> String {
    let versus = Versus::of(compared);
    let mut header = vec![
        "File",
        "Workload",
        match versus {
            Versus::Versions => "Top pick",
            Versus::Today => "Today → top pick",
        },
        "Monthly",
        "Change",
    ];
    let mut align = vec!["---", "---", "---", "---:", "---:"];
    if limit.is_some() {
        header.push("Gate");
        align.push("---");
    }
    let mut out = row(&header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    out.push_str(&row(&align
        .iter()
        .map(|a| (*a).to_owned())
        .collect::<Vec<_>>()));
    let money = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |v| usd(v).replace('$', "\\$"));
    let mut over = Vec::new();
    let mut failed = Vec::new();
    for c in compared {
        let path = c.file.display().to_string();
        let side = |s: &Option<Result<Summary, Error>>| match s {
            Some(Ok(s)) => Ok(Some(s.clone())),
            Some(Err(e)) => Err(super::batch::error_line(e)),
            None => Ok(None),
        };
        let mut cells = vec![file(&path)];
        match (side(&c.a), side(&c.b)) {
            (Err(e), _) | (_, Err(e)) => {
                failed.push(path.clone());
                cells.push(format!("error: {}", text(&e)));
                cells.extend(std::iter::repeat_n(String::new(), header.len() - 2));
            }
            (Ok(a), Ok(b)) => {
                let workload = b
                    .as_ref()
                    .or(a.as_ref())
                    .map_or("", |s| s.workload.as_str());
                let cost =
                    |s: &Option<Summary>| s.as_ref().and_then(|s| s.recommendation.map(|r| r.1));
                let top =
                    super::diff::top_pick_cell(versus, a.as_ref(), b.as_ref()).replace('`', "");
                let monthly = match (&a, &b) {
                    (Some(_), Some(_)) => format!("{} → {}", money(cost(&a)), money(cost(&b))),
                    (None, Some(_)) => money(cost(&b)),
                    (Some(_), None) => money(cost(&a)),
                    (None, None) => String::new(),
                };
                if b.as_ref().is_some_and(|s| s.recommendation.is_none()) {
                    failed.push(path.clone());
                }
                cells.extend([
                    text(workload),
                    top,
                    monthly,
                    c.growth
                        .map(|g| g.change_text().replace('$', "\\$"))
                        .unwrap_or_default(),
                ]);
                if limit.is_some() {
                    if c.growth.is_some_and(|g| g.failed) {
                        over.push(path.clone());
                    }
                    cells.push(verdict(c.growth.as_ref(), limit));
                }
            }
        }
        out.push_str(&row(&cells));
    }
    out.push('\n');
    let n = compared.len();
    if let Some(limit) = limit {
        if over.is_empty() {
            let _ = match versus {
                Versus::Versions => writeln!(
                    out,
                    "Gate `--fail-above {limit}`: no top pick's monthly cost grew by more."
                ),
                Versus::Today => writeln!(
                    out,
                    "Gate `--fail-above {limit}`: no top pick costs more than today by more."
                ),
            };
        } else {
            let _ = match versus {
                Versus::Versions => writeln!(
                    out,
                    "Gate `--fail-above {limit}`: {} of {n} grew by more: {}.",
                    over.len(),
                    files(&over)
                ),
                Versus::Today => writeln!(
                    out,
                    "Gate `--fail-above {limit}`: {} of {n} cost more than today by more: {}.",
                    over.len(),
                    files(&over)
                ),
            };
        }
    }
    without_result(&mut out, &failed);
    out
}
