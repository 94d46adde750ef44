//! The output model (spec §5) and one renderer per format, each returning a `String`.
//!
//! [`Report`] is the single serializable view of a [`Ranking`]: the JSON keys come from it, and
//! the table is drawn from it, so every format shows the same rounded figures.

pub mod batch;
pub mod breakeven;
pub mod csv;
pub mod diff;
pub mod explain;
pub mod json;
// `runwhere rules …` and `runwhere pricing …`.
pub mod pricing;
pub mod rules;
pub mod table;
// `runwhere report`: the decision record (`record`), its Markdown and HTML renderers, and the
// diagrams they draw (`architecture` data, `diagram` graphs and layouts, `svg` drawings).
pub mod architecture;
pub mod diagram;
pub mod html;
pub mod markdown;
pub mod record;
pub mod svg;

use serde::Serialize;

pub use crate::output::format::{cents, usd};

use crate::cost::{Compute, LineItem};
pub use crate::engine::rank::{Exclusion, Reason};
use crate::engine::rank::{Ranking, Standing};
use crate::workload::{AppliedDefault, Arch, Purchase};

/// The JSON document's version; bumped only for incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub workload: String,
    /// `service`, `event`, `batch` or `scheduled`.
    pub kind: crate::workload::Kind,
    pub region: String,
    pub pricing_as_of: String,
    /// How fit and cost were weighed: `cost`, `fit` or `balanced`.
    pub prefer: &'static str,
    pub recommendation: Option<String>,
    pub flowchart_path: Vec<String>,
    pub services: Vec<ServiceReport>,
    pub warnings: Vec<String>,
    /// Values the file left out and the defaults used instead.
    pub defaults: Vec<AppliedDefault>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceReport {
    pub service: &'static str,
    pub rank: Option<usize>,
    pub eligible: bool,
    pub fit_score: Option<f64>,
    /// The sum of the line items' rounded amounts, so the breakdown adds up to the cent.
    pub monthly_cost_usd: Option<f64>,
    pub option: Option<Purchase>,
    pub arch: Option<Arch>,
    /// For `eks` and `batch`: `fargate` or `ec2`.
    pub compute: Option<Compute>,
    pub instance_type: Option<String>,
    pub instance_count: Option<f64>,
    pub line_items: Vec<LineItemReport>,
    pub notes: Vec<String>,
    pub reasons: Vec<Reason>,
    pub excluded_by: Vec<Exclusion>,
    /// The reason that best explains the service's place, for tables.
    #[serde(skip)]
    pub main_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineItemReport {
    pub item: String,
    pub quantity: f64,
    pub unit: &'static str,
    pub unit_price_usd: f64,
    pub monthly_usd: f64,
}

/// Trims floating-point noise from a quantity (1460.0000000002 → 1460) without losing real digits.
fn tidy(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powi(9 - x.abs().log10().ceil() as i32);
    let t = (x * scale).round() / scale;
    if t.is_finite() { t } else { x }
}

impl From<&LineItem> for LineItemReport {
    fn from(l: &LineItem) -> Self {
        Self {
            item: l.item.to_string(),
            quantity: tidy(l.quantity),
            unit: l.unit,
            unit_price_usd: tidy(l.unit_price_usd),
            monthly_usd: cents(l.monthly_usd),
        }
    }
}

impl Report {
    pub fn new(ranking: &Ranking) -> Self {
        let services = ranking
            .entries
            .iter()
            .map(|entry| match &entry.standing {
                Standing::Eligible {
                    estimate: e,
                    fit,
                    reasons,
                } => {
                    let line_items: Vec<LineItemReport> =
                        e.line_items.iter().map(LineItemReport::from).collect();
                    let total = e.billed_total();
                    ServiceReport {
                        service: entry.service.id(),
                        rank: entry.rank,
                        eligible: true,
                        fit_score: Some(tidy(*fit)),
                        monthly_cost_usd: Some(total),
                        option: Some(e.option),
                        arch: Some(e.arch),
                        compute: e.compute,
                        instance_type: e.instance.as_ref().map(|i| i.instance_type.clone()),
                        instance_count: e.instance.as_ref().map(|i| tidy(i.count)),
                        line_items,
                        notes: e.notes.clone(),
                        reasons: reasons.clone(),
                        excluded_by: Vec::new(),
                        main_reason: entry.main_reason().map(|r| r.text.clone()),
                    }
                }
                Standing::Excluded(why) => ServiceReport {
                    service: entry.service.id(),
                    rank: None,
                    eligible: false,
                    fit_score: None,
                    monthly_cost_usd: None,
                    option: None,
                    arch: None,
                    compute: None,
                    instance_type: None,
                    instance_count: None,
                    line_items: Vec::new(),
                    notes: Vec::new(),
                    reasons: Vec::new(),
                    excluded_by: why.clone(),
                    main_reason: None,
                },
            })
            .collect();
        Self {
            schema_version: SCHEMA_VERSION,
            workload: ranking.workload.name.clone(),
            kind: ranking.workload.shape.kind,
            region: ranking.region.clone(),
            pricing_as_of: ranking.pricing_as_of.clone(),
            recommendation: ranking.recommendation().map(|e| e.service.id().to_owned()),
            prefer: match ranking.prefer {
                crate::engine::rank::Prefer::Cost => "cost",
                crate::engine::rank::Prefer::Fit => "fit",
                crate::engine::rank::Prefer::Balanced => "balanced",
            },
            flowchart_path: ranking.flowchart_path.clone(),
            services,
            warnings: ranking
                .warnings
                .iter()
                .map(crate::engine::rank::Warning::text)
                .collect(),
            defaults: ranking.workload.defaults.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_removes_float_noise_only() {
        assert_eq!(tidy(1_460.000_000_000_2), 1_460.0);
        assert_eq!(tidy(0.000_016_666_7), 0.000_016_666_7);
        assert_eq!(tidy(27.777_777_777_777_78), 27.777_777_8);
    }
}
