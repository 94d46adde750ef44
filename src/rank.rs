//! Eligibility, cost and order: turns per-service estimates into the ranked comparison.
//!
//! A service that cannot be priced (the workload does not fit it, or the region's table lacks a
//! price it needs) is excluded with the reason. Eligible services are ordered by monthly cost,
//! ties broken by service id, so the same input always gives the same order.

use crate::cost::{self, Estimate, Unpriced};
use crate::pricing::Prices;
use crate::service::Service;
use crate::workload::{Purchase, Workload};

/// Why a service was excluded: a rule id and a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Exclusion {
    pub rule: String,
    pub text: String,
}

/// One service's place in the comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    Eligible(Estimate),
    Excluded(Vec<Exclusion>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub service: Service,
    /// 1-based rank among eligible services.
    pub rank: Option<usize>,
    pub standing: Standing,
}

impl Entry {
    pub fn estimate(&self) -> Option<&Estimate> {
        match &self.standing {
            Standing::Eligible(e) => Some(e),
            Standing::Excluded(_) => None,
        }
    }
}

/// The whole result for one workload: eligible services in rank order, then the excluded ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub workload: Workload,
    pub region: String,
    pub pricing_as_of: String,
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
}

impl Ranking {
    /// The top-ranked service, if any is eligible.
    pub fn recommendation(&self) -> Option<&Entry> {
        self.entries.iter().find(|e| e.rank == Some(1))
    }

    pub fn eligible(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.rank.is_some())
    }

    pub fn excluded(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.rank.is_none())
    }
}

/// Prices every service and ranks the eligible ones by monthly cost.
pub fn rank(workload: &Workload, prices: &Prices) -> Ranking {
    let mut warnings = Vec::new();
    if workload.pricing.purchase == Purchase::Spot && !workload.needs.interruption_tolerant {
        warnings.push(
            "`pricing.purchase` is `spot` but `needs.interruption_tolerant` is false; priced On-Demand (set it to true if the work can be interrupted)"
                .to_owned(),
        );
    }
    let mut eligible = Vec::new();
    let mut excluded = Vec::new();
    for service in Service::ALL {
        match cost::estimate(service, workload, prices) {
            Ok(estimate) => {
                for w in &estimate.warnings {
                    let w = format!("{}: {w}", service.id());
                    if !warnings.contains(&w) {
                        warnings.push(w);
                    }
                }
                eligible.push(estimate);
            }
            Err(why) => {
                let rule = match why {
                    Unpriced::NoFit(_) => "does-not-fit",
                    Unpriced::Missing(_) => "price-unavailable",
                };
                excluded.push(Entry {
                    service,
                    rank: None,
                    standing: Standing::Excluded(vec![Exclusion {
                        rule: rule.to_owned(),
                        text: why.to_string(),
                    }]),
                });
            }
        }
    }
    eligible.sort_by(|a, b| {
        a.total()
            .total_cmp(&b.total())
            .then_with(|| a.service.id().cmp(b.service.id()))
    });
    let mut entries: Vec<Entry> = eligible
        .into_iter()
        .enumerate()
        .map(|(i, e)| Entry {
            service: e.service,
            rank: Some(i + 1),
            standing: Standing::Eligible(e),
        })
        .collect();
    entries.extend(excluded);
    Ranking {
        workload: workload.clone(),
        region: prices.region().to_owned(),
        pricing_as_of: prices.table.as_of.clone(),
        entries,
        warnings,
    }
}
