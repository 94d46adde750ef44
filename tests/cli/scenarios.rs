//! Scenario tests: each `tests/scenarios/*.toml` holds a workload built from the documents' own
//! examples, and what the rules must make of it: the acceptable top picks, the services that must be
//! excluded (or stay eligible), the rule ids that must fire and where the flowchart must end.

use std::collections::BTreeSet;

use runwhere::engine::rank::{Prefer, Ranking, rank};
use runwhere::input::source::SourceFile;
use runwhere::pricing::Catalog;
use runwhere::rules::RuleSet;
use runwhere::rules::engine::evaluate;
use runwhere::workload::Workload;
use serde::Deserialize;

use crate::support::root;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    expect: Expect,
    workload: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The acceptable top picks; absent when the scenario is about exclusions only.
    top: Option<Vec<String>>,
    #[serde(default)]
    excluded: Vec<String>,
    #[serde(default)]
    eligible: Vec<String>,
    #[serde(default)]
    fired: Vec<String>,
    /// Rule ids that must not fire (for any service): the other side of a boundary.
    #[serde(default)]
    not_fired: Vec<String>,
    path_ends: Option<String>,
}

fn scenarios() -> Vec<(String, Scenario)> {
    let dir = root().join("tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let s: Scenario = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, s)
        })
        .collect()
}

struct Engine {
    catalog: Catalog,
    rules: RuleSet,
}

impl Engine {
    fn new() -> Self {
        Self {
            catalog: Catalog::bundled().unwrap(),
            rules: RuleSet::bundled().unwrap(),
        }
    }

    fn run(&self, name: &str, s: &Scenario) -> (Workload, Ranking) {
        let text = toml::to_string(&s.workload).unwrap();
        let w = Workload::parse(&SourceFile::new(name, text), &self.catalog.regions())
            .unwrap_or_else(|e| panic!("{name}: {}", e.render()));
        let prices = self.catalog.region(&w.region).unwrap();
        let r = rank(&w, prices, &self.rules, Prefer::Balanced);
        (w, r)
    }
}

#[test]
fn at_least_25_scenarios() {
    assert!(scenarios().len() >= 25);
}

#[test]
fn every_scenario_holds() {
    let engine = Engine::new();
    let mut failures = Vec::new();
    for (name, s) in scenarios() {
        let (w, r) = engine.run(&name, &s);
        let eval = evaluate(&engine.rules, &w);
        let fired: BTreeSet<&str> = eval.fired.iter().map(|r| r.id.as_ref()).collect();
        let excluded: BTreeSet<&str> = r.excluded().map(|e| e.service.id()).collect();
        let eligible: BTreeSet<&str> = r.eligible().map(|e| e.service.id()).collect();
        let top = r.recommendation().map(|e| e.service.id());
        let mut problems = Vec::new();
        if let Some(expected) = s
            .expect
            .top
            .as_ref()
            .filter(|_| !top.is_some_and(|t| s.expect.top.iter().flatten().any(|x| x == t)))
        {
            let order: Vec<String> = r
                .eligible()
                .map(|e| {
                    format!(
                        "{} (fit {}, ${:.2})",
                        e.service.id(),
                        e.fit().unwrap_or(0.0),
                        e.estimate().map_or(0.0, |x| x.total())
                    )
                })
                .collect();
            problems.push(format!(
                "top {top:?} not in {expected:?}; order: {}",
                order.join(", ")
            ));
        }
        for x in &s.expect.excluded {
            if !excluded.contains(x.as_str()) {
                problems.push(format!("`{x}` should be excluded"));
            }
        }
        for x in &s.expect.eligible {
            if !eligible.contains(x.as_str()) {
                let why = r
                    .excluded()
                    .find(|e| e.service.id() == x)
                    .map(|e| format!("{:?}", e.standing));
                problems.push(format!("`{x}` should be eligible: {why:?}"));
            }
        }
        for id in &s.expect.fired {
            if !fired.contains(id.as_str()) {
                problems.push(format!("rule `{id}` should fire"));
            }
        }
        for id in &s.expect.not_fired {
            if fired.contains(id.as_str()) {
                problems.push(format!("rule `{id}` should not fire"));
            }
        }
        if let Some(leaf) = &s.expect.path_ends {
            if !eval.leaf.iter().any(|l| l.id() == leaf) {
                problems.push(format!(
                    "flowchart should end at `{leaf}`, path {:?}",
                    eval.path
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every rule fires in at least one scenario, so none is dead data.
#[test]
fn every_rule_fires_somewhere() {
    let engine = Engine::new();
    let mut fired = BTreeSet::new();
    for (name, s) in scenarios() {
        let (w, _) = engine.run(&name, &s);
        for r in evaluate(&engine.rules, &w).fired {
            fired.insert(r.id.clone());
        }
    }
    let never: Vec<&str> = engine
        .rules
        .rules
        .iter()
        .map(|r| r.id.as_ref())
        .filter(|id| !fired.contains(*id))
        .collect();
    assert!(never.is_empty(), "rules that no scenario fires: {never:?}");
}

/// The same input always gives the same order.
#[test]
fn ranking_is_deterministic() {
    let engine = Engine::new();
    for (name, s) in scenarios().into_iter().take(10) {
        let (_, a) = engine.run(&name, &s);
        let (_, b) = engine.run(&name, &s);
        assert_eq!(a, b, "{name}");
    }
}
