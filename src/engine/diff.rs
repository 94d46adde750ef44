//! `diff`: how two rankings differ, service by service: rank, cost, fit, and the rules that started
//! or stopped applying.

use crate::engine::rank::{Entry, Ranking, Standing};
use crate::service::Service;

/// One service on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDiff {
    pub service: Service,
    pub rank: (Option<usize>, Option<usize>),
    /// Monthly cost in cents-exact dollars (sum of rounded line items), when eligible.
    pub cost: (Option<f64>, Option<f64>),
    pub fit: (Option<f64>, Option<f64>),
    /// Rule ids (points, notes, exclusions) that apply on B but not on A.
    pub added: Vec<String>,
    /// Rule ids that applied on A but no longer on B.
    pub removed: Vec<String>,
}

impl ServiceDiff {
    pub fn cost_change(&self) -> Option<f64> {
        match self.cost {
            (Some(a), Some(b)) => Some(crate::output::format::cents(b - a)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub top: (Option<Service>, Option<Service>),
    pub services: Vec<ServiceDiff>,
}

fn rules_of(e: Option<&Entry>) -> Vec<String> {
    match e.map(|e| &e.standing) {
        Some(Standing::Eligible { reasons, .. }) => {
            reasons.iter().map(|r| r.rule.to_string()).collect()
        }
        Some(Standing::Excluded(x)) => x.iter().map(|x| x.rule.to_string()).collect(),
        None => Vec::new(),
    }
}

fn cost_of(e: Option<&Entry>) -> Option<f64> {
    e.and_then(Entry::estimate)
        .map(crate::cost::Estimate::billed_total)
}

/// Compares two rankings (A before, B after), in B's rank order, then the services excluded on B.
pub fn diff(a: &Ranking, b: &Ranking) -> Diff {
    let mut order: Vec<Service> = b.entries.iter().map(|e| e.service).collect();
    for e in &a.entries {
        if !order.contains(&e.service) {
            order.push(e.service);
        }
    }
    let services = order
        .into_iter()
        .map(|service| {
            let (ea, eb) = (a.entry(service), b.entry(service));
            let (ra, rb) = (rules_of(ea), rules_of(eb));
            ServiceDiff {
                service,
                rank: (ea.and_then(|e| e.rank), eb.and_then(|e| e.rank)),
                cost: (cost_of(ea), cost_of(eb)),
                fit: (ea.and_then(Entry::fit), eb.and_then(Entry::fit)),
                added: rb.iter().filter(|r| !ra.contains(r)).cloned().collect(),
                removed: ra.iter().filter(|r| !rb.contains(r)).cloned().collect(),
            }
        })
        .collect();
    Diff {
        top: (
            a.recommendation().map(|e| e.service),
            b.recommendation().map(|e| e.service),
        ),
        services,
    }
}
