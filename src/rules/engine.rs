//! Evaluating rules against one workload: which rules fire, and the flowchart's path.
//!
//! Pure: the result lists rule ids with their effects; [`crate::engine::rank`] turns it into eligibility,
//! fit and order.

use super::attributes;
use super::{Rule, RuleSet, Target};
use crate::service::Service;
use crate::workload::Workload;

/// What the rules say about one workload.
#[derive(Debug, Clone)]
pub struct Evaluation<'r> {
    /// Rules whose condition holds, in rule-file order.
    pub fired: Vec<&'r Rule>,
    /// The flowchart path: each branch's step text, in order.
    pub path: Vec<&'r str>,
    /// The same path as (question, branch label) pairs, for `explain`.
    pub questions: Vec<(&'r str, &'r str)>,
    /// The services the flowchart reaches.
    pub leaf: Vec<Service>,
}

impl Evaluation<'_> {
    /// Fired rules that concern `service`.
    pub fn for_service(&self, service: Service) -> impl Iterator<Item = &Rule> {
        self.fired
            .iter()
            .copied()
            .filter(move |r| r.services.contains(&service))
    }
}

/// Evaluates every rule and walks the flowchart.
pub fn evaluate<'r>(rules: &'r RuleSet, w: &Workload) -> Evaluation<'r> {
    let env = attributes::numbers(w, &rules.limits);
    let mut fired = Vec::with_capacity(rules.rules.len());
    fired.extend(rules.rules.iter().filter(|r| r.when.holds(&env)));
    walk(rules, &env, fired, true)
}

/// What the rules said about one workload, kept to evaluate workloads that differ from it in a
/// few values (the points of a sweep) without evaluating again the rules that read none of them.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The attributes' numbers (see [`attributes::numbers`]).
    env: Vec<f64>,
    /// Whether each rule (in [`RuleSet::rules`] order) holds for the baseline workload.
    holds: Vec<bool>,
    /// The attributes each rule reads.
    reads: Vec<Vec<usize>>,
}

impl Baseline {
    pub fn new(rules: &RuleSet, w: &Workload) -> Self {
        let env = attributes::numbers(w, &rules.limits);
        let holds = rules.rules.iter().map(|r| r.when.holds(&env)).collect();
        let reads = rules
            .rules
            .iter()
            .map(|r| {
                let mut read = Vec::new();
                r.when.visit_attrs(&mut |i| read.push(i));
                read
            })
            .collect();
        Self { env, holds, reads }
    }
}

/// [`evaluate`], reusing `base` for every rule that reads no attribute whose value differs from
/// the baseline's: the same rules and flowchart leaf, found with fewer conditions evaluated. The
/// path's texts (`path`, `questions`) are left empty: a sweep reads only the leaf.
pub fn evaluate_from<'r>(rules: &'r RuleSet, w: &Workload, base: &Baseline) -> Evaluation<'r> {
    let env = attributes::numbers(w, &rules.limits);
    let changed: Vec<bool> = env.iter().zip(&base.env).map(|(a, b)| a != b).collect();
    let fired = rules
        .rules
        .iter()
        .enumerate()
        .filter(|&(i, r)| {
            let reads_a_change = base
                .reads
                .get(i)
                .is_none_or(|read| read.iter().any(|&a| changed.get(a).is_none_or(|c| *c)));
            match base.holds.get(i) {
                Some(&held) if !reads_a_change => held,
                _ => r.when.holds(&env),
            }
        })
        .map(|(_, r)| r)
        .collect();
    walk(rules, &env, fired, false)
}

/// Walks the flowchart with the attribute values `env`; `texts`: write the path's steps and
/// questions.
fn walk<'r>(rules: &'r RuleSet, env: &[f64], fired: Vec<&'r Rule>, texts: bool) -> Evaluation<'r> {
    let fc = &rules.flowchart;
    let mut path = Vec::new();
    let mut questions = Vec::new();
    let mut leaf = Vec::new();
    let mut node = fc.start;
    // The loader rejects cycles; the bound only guards against a bug turning into a hang.
    for _ in 0..=fc.nodes.len() {
        let Some(branch) = fc.nodes[node].branches.iter().find(|b| b.when.holds(env)) else {
            break;
        };
        if texts {
            path.push(&*branch.step);
            questions.push((&*fc.nodes[node].question, &*branch.label));
        }
        match &branch.target {
            Target::Node(next) => node = *next,
            Target::Leaf(services) => {
                leaf.clone_from(services);
                break;
            }
        }
    }
    Evaluation {
        fired,
        path,
        questions,
        leaf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{batch, service};

    fn ids(e: &Evaluation<'_>) -> Vec<String> {
        e.fired.iter().map(|r| r.id.to_string()).collect()
    }

    /// From a baseline, every point of a sweep (one value changed, in steps that cross the rules'
    /// thresholds) fires the same rules and reaches the same flowchart leaf as a full evaluation.
    #[test]
    fn evaluating_from_a_baseline_equals_evaluating_anew() {
        let rules = RuleSet::bundled().unwrap();
        for base in [service(1e6, 100.0), batch(10.0, 5.0, 1.0, 2.0)] {
            let baseline = Baseline::new(&rules, &base);
            let mut points = Vec::new();
            for x in [
                0.0, 0.001, 0.5, 1.0, 3.0, 14.0, 16.0, 60.0, 600.0, 1e4, 1e7, 1e10,
            ] {
                let mut w = base.clone();
                if let Some(t) = w.traffic.as_mut() {
                    t.requests_per_month = x;
                    t.avg_duration_ms = x.min(900_000.0);
                }
                if let Some(j) = w.jobs.as_mut() {
                    j.duration_min = x.min(10_000.0);
                }
                w.resources.memory_gb = (x / 10.0).max(0.5);
                w.resources.gpus = u32::from(x > 100.0);
                points.push(w);
            }
            let mut seen = std::collections::BTreeSet::new();
            for w in points {
                let full = evaluate(&rules, &w);
                seen.insert(ids(&full));
                let from = evaluate_from(&rules, &w, &baseline);
                assert_eq!(ids(&from), ids(&full));
                assert_eq!(from.leaf, full.leaf);
            }
            // The points cross thresholds: the rules that fire change along the sweep.
            assert!(seen.len() > 3, "{} distinct sets of rules", seen.len());
        }
    }
}
