//! Many workloads, one row each: table, JSON and CSV.

use std::path::PathBuf;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::table::TableStyle;
use super::usd;
use crate::engine::batch::Summary;
use crate::error::Error;

#[derive(Debug, Serialize)]
struct Doc<'a> {
    schema_version: u32,
    workloads: Vec<Row<'a>>,
    failed: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct Row<'a> {
    pub(super) file: String,
    pub(super) workload: Option<&'a str>,
    pub(super) region: Option<&'a str>,
    pub(super) recommendation: Option<&'static str>,
    pub(super) monthly_cost_usd: Option<f64>,
    pub(super) runner_up: Option<&'static str>,
    pub(super) runner_up_monthly_cost_usd: Option<f64>,
    pub(super) difference_usd: Option<f64>,
    /// With `[current]`: the service it runs on today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) current_service: Option<&'static str>,
    /// With `[current]`: today's monthly cost (`current.monthly_cost_usd` of `recommend --format
    /// json`); `null` when today's setup cannot run the workload as described.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) current_monthly_cost_usd: Option<Option<f64>>,
    /// With `[current]`: the recommendation's monthly cost minus today's (its `vs_current_usd`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) vs_current_usd: Option<Option<f64>>,
    /// The same difference over a year: 12 × `vs_current_usd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) vs_current_usd_per_year: Option<Option<f64>>,
    /// The first problem, on one line, when the file failed.
    pub(super) error: Option<String>,
}

pub(super) fn rows<'a>(results: &'a [(PathBuf, Result<Summary, Error>)]) -> Vec<Row<'a>> {
    results
        .iter()
        .map(|(path, r)| match r {
            Ok(s) => Row {
                file: path.display().to_string(),
                workload: Some(&s.workload),
                region: Some(&s.region),
                recommendation: s.recommendation.map(|r| r.0),
                monthly_cost_usd: s.recommendation.map(|r| r.1),
                runner_up: s.runner_up.map(|r| r.0),
                runner_up_monthly_cost_usd: s.runner_up.map(|r| r.1),
                difference_usd: s.difference(),
                current_service: s.current.map(|t| t.service),
                current_monthly_cost_usd: s.current.map(|t| t.monthly_cost_usd),
                vs_current_usd: s.current.map(|_| s.vs_current()),
                vs_current_usd_per_year: s.current.map(|_| {
                    s.vs_current()
                        .map(|v| crate::output::format::cents(v * 12.0))
                }),
                error: None,
            },
            Err(e) => Row {
                file: path.display().to_string(),
                workload: None,
                region: None,
                recommendation: None,
                monthly_cost_usd: None,
                runner_up: None,
                runner_up_monthly_cost_usd: None,
                difference_usd: None,
                current_service: None,
                current_monthly_cost_usd: None,
                vs_current_usd: None,
                vs_current_usd_per_year: None,
                error: Some(error_line(e)),
            },
        })
        .collect()
}

/// A file's first problem, on one line.
pub(super) fn error_line(e: &Error) -> String {
    match e {
        Error::Invalid(d) => d
            .iter()
            .next()
            .map_or_else(|| e.to_string(), ToString::to_string),
        other => other.to_string(),
    }
}

pub fn json(results: &[(PathBuf, Result<Summary, Error>)]) -> crate::Result<String> {
    let doc = Doc {
        schema_version: super::SCHEMA_VERSION,
        workloads: rows(results),
        failed: results.iter().filter(|(_, r)| r.is_err()).count(),
    };
    super::json::pretty(&doc)
}

/// A text cell: neutralised as a formula (the CSV writer quotes it when it must be).
fn field(s: &str) -> String {
    crate::output::escape::csv_cell(s).into_owned()
}

fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.2}")).unwrap_or_default()
}

/// One row per workload file, for spreadsheets.
///
/// # Errors
/// [`crate::Error::Render`] if the CSV cannot be written.
pub fn csv(results: &[(PathBuf, Result<Summary, Error>)]) -> crate::Result<String> {
    let mut header = vec![
        "file",
        "workload",
        "region",
        "recommendation",
        "monthly_cost_usd",
        "runner_up",
        "runner_up_monthly_cost_usd",
        "difference_usd",
    ];
    // Today's columns when any workload says what runs it today (`[current]`): the same figures
    // as `recommend --format json` (`current.monthly_cost_usd`, the top pick's `vs_current_usd`).
    let today = any_current(results);
    if today {
        header.extend([
            "current_service",
            "current_monthly_cost_usd",
            "vs_current_usd",
            "vs_current_usd_per_year",
        ]);
    }
    header.push("error");
    let rows = rows(results).into_iter().map(|r| {
        let mut cells = vec![
            field(&r.file),
            field(r.workload.unwrap_or("")),
            field(r.region.unwrap_or("")),
            r.recommendation.unwrap_or("").to_owned(),
            num(r.monthly_cost_usd),
            r.runner_up.unwrap_or("").to_owned(),
            num(r.runner_up_monthly_cost_usd),
            num(r.difference_usd),
        ];
        if today {
            cells.extend([
                r.current_service.unwrap_or("").to_owned(),
                num(r.current_monthly_cost_usd.flatten()),
                num(r.vs_current_usd.flatten()),
                num(r.vs_current_usd_per_year.flatten()),
            ]);
        }
        cells.push(field(r.error.as_deref().unwrap_or("")));
        cells
    });
    super::csv::document(&header, rows)
}

/// Whether any workload has `[current]`.
fn any_current(results: &[(PathBuf, Result<Summary, Error>)]) -> bool {
    results
        .iter()
        .any(|(_, r)| r.as_ref().is_ok_and(|s| s.current.is_some()))
}

pub fn table(results: &[(PathBuf, Result<Summary, Error>)], style: TableStyle) -> String {
    let mut t = super::table::new_table(style);
    let today = any_current(results);
    let mut header = vec![
        "File",
        "Workload",
        "Top pick",
        "Monthly",
        "Runner-up",
        "Monthly",
        "Difference",
    ];
    if today {
        header.extend(["Today", "vs today"]);
    }
    t.set_header(header);
    let name = |id: &str| {
        crate::service::Service::from_id(id).map_or("?", crate::service::Service::display_name)
    };
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    for r in rows(results) {
        let mut row = match &r.error {
            None => vec![
                Cell::new(&r.file),
                Cell::new(r.workload.unwrap_or("")),
                Cell::new(r.recommendation.map_or("none eligible", name)),
                right(r.monthly_cost_usd.map(usd).unwrap_or_default()),
                Cell::new(r.runner_up.map_or("-", name)),
                right(r.runner_up_monthly_cost_usd.map(usd).unwrap_or_default()),
                right(
                    r.difference_usd
                        .map(crate::output::format::signed_usd)
                        .unwrap_or_default(),
                ),
            ],
            Some(_) => {
                let mut cells = vec![Cell::new(&r.file), Cell::new("failed (see the errors)")];
                cells.extend(std::iter::repeat_with(|| Cell::new("")).take(5));
                cells
            }
        };
        if today {
            let (cost, change) = match (r.current_service, r.current_monthly_cost_usd) {
                (Some(id), Some(Some(cost))) => (
                    format!("{} on {}", usd(cost), name(id)),
                    r.vs_current_usd
                        .flatten()
                        .map(crate::output::format::signed_usd)
                        .unwrap_or_default(),
                ),
                (Some(id), _) => (format!("{} cannot run it", name(id)), String::new()),
                _ => (String::new(), String::new()),
            };
            row.extend([right(cost), right(change)]);
        }
        t.add_row(row);
    }
    let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
    format!("{t}\n{ok} of {} workloads ranked\n", results.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_text_cells_are_quoted_when_needed_and_never_formulas() {
        assert_eq!(field("plain"), "plain");
        // Issue 16: a name a spreadsheet would run as a formula.
        assert_eq!(field("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(field("@cmd"), "'@cmd");
        let text =
            crate::report::csv::document(&["a", "b"], [[field("a,b"), field("=1+1")]]).unwrap();
        assert_eq!(text, "a,b\n\"a,b\",'=1+1\n");
    }
}
