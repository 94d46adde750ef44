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
// `runwhere plan`: a portfolio on shared platforms.
pub mod plan;
// `runwhere rules …` and `runwhere pricing …`.
pub mod pricing;
pub mod rules;
// `--format md` for `recommend` and `diff`: the CI summary.
pub mod summary;
pub mod table;
// The ranking's warnings in words.
mod warning;
// `runwhere report`: the decision record (`record`), its Markdown and HTML renderers, and the
// diagrams they draw (`architecture` data, `diagram` graphs and layouts, `svg` drawings).
pub mod architecture;
pub mod diagram;
pub mod html;
pub mod markdown;
pub mod record;
pub mod sources;
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
    /// What runs the workload today (`[current]`), priced like the services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<CurrentReport>,
    /// Why the top pick ranks first although a cheaper service costs much less ([`premium_line`]).
    #[serde(skip)]
    pub premium: Option<String>,
}

/// Today's setup (spec §5 `current`): the keys of a service entry, plus the bill's figure and the
/// gap to it, how today's capacity compares with the need, and the same service right-sized.
#[derive(Debug, Clone, Serialize)]
pub struct CurrentReport {
    #[serde(flatten)]
    pub entry: ServiceReport,
    /// What runs today, in words: `4 × m5.xlarge`.
    pub configuration: String,
    /// `current.monthly_usd`: the bill's figure, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_usd: Option<f64>,
    /// The bill minus runwhere's figure for today (how well the model fits this bill).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_gap_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sizing: Option<SizingReport>,
    /// The same service sized for the need ("right-size in place"), with its difference to today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right_size: Option<ServiceReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SizingReport {
    /// `over` or `under`.
    pub fit: &'static str,
    /// Today's capacity ÷ the need, on the tighter dimension.
    pub ratio: f64,
    pub text: String,
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
    pub notes: Vec<crate::cost::Note>,
    pub reasons: Vec<Reason>,
    pub excluded_by: Vec<Exclusion>,
    /// With `[current]`: this service's monthly cost minus today's, to the cent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_current_usd: Option<f64>,
    /// The same difference over a year: 12 × `vs_current_usd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_current_usd_per_year: Option<f64>,
    /// The reason that best explains the service's place, for tables.
    #[serde(skip)]
    pub main_reason: Option<String>,
    /// The same reason in a few words (the rule's `short`), for the 80-column table.
    #[serde(skip)]
    pub main_short: Option<String>,
}

impl ServiceReport {
    /// An entry for a priced configuration outside the ranking: today's, or today's right-sized.
    fn unranked(e: &crate::cost::Estimate) -> Self {
        Self {
            service: e.service.id(),
            rank: None,
            eligible: true,
            fit_score: None,
            monthly_cost_usd: Some(e.billed_total()),
            option: Some(e.option),
            arch: Some(e.arch),
            compute: e.compute,
            instance_type: e.instance.as_ref().map(|i| i.instance_type.to_string()),
            instance_count: e.instance.as_ref().map(|i| tidy(i.count)),
            line_items: e.line_items.iter().map(LineItemReport::from).collect(),
            notes: e.notes.clone(),
            reasons: Vec::new(),
            excluded_by: Vec::new(),
            vs_current_usd: None,
            vs_current_usd_per_year: None,
            main_reason: None,
            main_short: None,
        }
    }

    /// Sets the difference against today's monthly cost `today`.
    fn against(&mut self, today: Option<f64>) {
        if let (Some(cost), Some(today)) = (self.monthly_cost_usd, today) {
            let monthly = cents(cost - today);
            self.vs_current_usd = Some(monthly);
            self.vs_current_usd_per_year = Some(cents(monthly * 12.0));
        }
    }
}

impl CurrentReport {
    fn new(today: &crate::engine::current::Today) -> Self {
        let mut entry = match &today.standing {
            Ok(e) => ServiceReport::unranked(e),
            Err(why) => ServiceReport {
                service: today.given.service.id(),
                rank: None,
                eligible: false,
                fit_score: None,
                monthly_cost_usd: None,
                option: None,
                arch: None,
                compute: None,
                instance_type: today.given.instance_type.clone(),
                instance_count: today.given.instances.map(f64::from),
                line_items: Vec::new(),
                notes: Vec::new(),
                reasons: Vec::new(),
                excluded_by: why.clone(),
                vs_current_usd: None,
                vs_current_usd_per_year: None,
                main_reason: None,
                main_short: None,
            },
        };
        entry.main_reason = match (&today.sizing, entry.eligible) {
            (Some(s), _) => Some(format!(
                "{}-provisioned: {}× what the workload calls for",
                match s.fit {
                    crate::engine::current::Fit::Over => "over",
                    crate::engine::current::Fit::Under => "under",
                },
                crate::output::format::round_to(s.ratio, 100.0)
            )),
            (None, false) => Some("cannot run the workload as described (see below)".to_owned()),
            (None, true) => None,
        };
        let total = entry.monthly_cost_usd;
        let bill_usd = today.given.monthly_usd.map(cents);
        Self {
            configuration: crate::engine::current::what_runs(&today.given),
            bill_gap_usd: bill_usd.zip(total).map(|(bill, ours)| cents(bill - ours)),
            bill_usd,
            sizing: today.sizing.as_ref().map(|s| SizingReport {
                fit: match s.fit {
                    crate::engine::current::Fit::Over => "over",
                    crate::engine::current::Fit::Under => "under",
                },
                ratio: tidy(s.ratio),
                text: s.text.clone(),
            }),
            right_size: today.right_size.as_ref().map(|e| {
                let mut r = ServiceReport::unranked(e);
                r.against(total);
                r
            }),
            entry,
        }
    }
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
                        instance_type: e.instance.as_ref().map(|i| i.instance_type.to_string()),
                        instance_count: e.instance.as_ref().map(|i| tidy(i.count)),
                        line_items,
                        notes: e.notes.clone(),
                        reasons: reasons.clone(),
                        excluded_by: Vec::new(),
                        vs_current_usd: None,
                        vs_current_usd_per_year: None,
                        main_reason: entry.main_reason().map(|r| r.text.to_string()),
                        main_short: entry.main_reason().map(|r| r.short.to_string()),
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
                    vs_current_usd: None,
                    vs_current_usd_per_year: None,
                    main_reason: None,
                    main_short: None,
                },
            })
            .collect();
        let current = ranking.current.as_ref().map(CurrentReport::new);
        let mut services: Vec<ServiceReport> = services;
        let today = current.as_ref().and_then(|c| c.entry.monthly_cost_usd);
        for s in &mut services {
            s.against(today);
        }
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
            current,
            premium: premium_line(ranking),
        }
    }
}

/// One line on why the top pick ranks first although a cheaper eligible service costs much less
/// (more than 25 % and more than $10 a month less): the fit points that outweighed the cost. The
/// table's footer, `explain` and the report's summary print it.
pub fn premium_line(ranking: &Ranking) -> Option<String> {
    use crate::engine::rank::Side;
    use crate::output::format::signed;
    let p = ranking.premium()?;
    let share = p
        .extra_share
        .map(|s| format!(" ({:.0}%)", s * 100.0))
        .unwrap_or_default();
    let (top, cheaper) = (p.top.service, p.cheaper.service);
    let fit = |e: &crate::engine::rank::Entry| signed(e.fit().unwrap_or(0.0));
    let points: Vec<String> = p
        .points
        .iter()
        .take(4)
        .map(|(r, _, side)| match side {
            Side::Top => format!("{} {}", r.short, signed(r.points)),
            Side::Cheaper => format!("{}: {} {}", cheaper.short_name(), r.short, signed(r.points)),
        })
        .collect();
    let points = if points.is_empty() {
        String::new()
    } else {
        format!(" ({})", points.join(", "))
    };
    Some(format!(
        "{} ranks first though it costs {} a month{share} more than {}: its fit of {} against {}{points} outweighs the cost.",
        top.display_name(),
        usd(p.extra_usd),
        cheaper.display_name(),
        fit(p.top),
        fit(p.cheaper),
    ))
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
