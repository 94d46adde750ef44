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
    pub path: Vec<String>,
    /// The same path as (question, branch label) pairs, for `explain`.
    pub questions: Vec<(String, String)>,
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
    let env = attributes::values(w, &rules.limits);
    let fired = rules.rules.iter().filter(|r| r.when.truthy(&env)).collect();
    let fc = &rules.flowchart;
    let mut path = Vec::new();
    let mut questions = Vec::new();
    let mut leaf = Vec::new();
    let mut node = fc.start;
    // The loader rejects cycles; the bound only guards against a bug turning into a hang.
    for _ in 0..=fc.nodes.len() {
        let Some(branch) = fc.nodes[node].branches.iter().find(|b| b.when.truthy(&env)) else {
            break;
        };
        path.push(branch.step.clone());
        questions.push((fc.nodes[node].question.clone(), branch.label.clone()));
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
