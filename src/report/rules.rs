//! `runwhere rules list|show|check`: the rules as a table, one rule in full, and the summary line.

use std::fmt::Write as _;

use super::table::{self, TableStyle};
use crate::rules::{Effect, Fact, Rule, RuleSet, SourceKind};

/// Every rule: id, effect, services, condition and source, then the summary line.
pub fn list(rules: &RuleSet, style: TableStyle) -> String {
    // Rule conditions are long: a wider table than usual when not on a terminal.
    let mut t = table::new_table(TableStyle {
        width: Some(style.width.unwrap_or(160).max(160)),
    });
    t.set_header(vec!["Rule", "Effect", "Services", "When", "Kind", "Source"]);
    // The source documents' rules first, then those citing AWS's own pages: kept apart.
    let mut listed: Vec<&Rule> = rules.rules.iter().collect();
    listed.sort_by_key(|r| r.source.kind != SourceKind::Document);
    for r in listed {
        let effect = match r.effect {
            Effect::Exclude => "exclude".to_owned(),
            Effect::Points(p) => table::signed(p),
            Effect::Note => "note".to_owned(),
            Effect::NoSpot => "no spot".to_owned(),
        };
        let services: Vec<&str> = r.services.iter().map(|s| s.id()).collect();
        t.add_row(vec![
            r.id.to_string(),
            effect,
            services.join(" "),
            r.when_text.to_string(),
            r.source.kind.as_str().to_owned(),
            r.source.to_string(),
        ]);
    }
    // Rule ids never wrap: they are what `rules show` and `explain` take.
    let longest = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(4);
    if let Some(column) = t.column_mut(0) {
        column.set_constraint(comfy_table::ColumnConstraint::Absolute(
            comfy_table::Width::Fixed(u16::try_from(longest + 2).unwrap_or(u16::MAX)),
        ));
    }
    format!("{t}\n{}\n", summary(rules))
}

/// `12 rules (3 exclude, 7 points, 2 notes; 10 cite the source documents, 2 AWS's own pages), 9
/// facts, a flowchart of 8 nodes, from …`.
pub fn summary(rules: &RuleSet) -> String {
    let count = |kind: &str| {
        rules
            .rules
            .iter()
            .filter(|r| r.effect.kind() == kind)
            .count()
    };
    let aws = rules
        .rules
        .iter()
        .filter(|r| r.source.kind == SourceKind::AwsDocs)
        .count();
    format!(
        "{} rules ({} exclude, {} points, {} notes, {} purchase; {} cite the source documents, {aws} AWS's own pages), {} facts, a flowchart of {} nodes, from {}",
        rules.rules.len(),
        count("exclude"),
        count("points"),
        count("note"),
        count("no_spot"),
        rules.rules.len() - aws,
        rules.facts.len(),
        rules.flowchart.nodes.len(),
        rules.origin
    )
}

/// `rules check`: `ok: ` and the summary.
pub fn check(rules: &RuleSet) -> String {
    format!("ok: {}\n", summary(rules))
}

/// One rule in full: services, condition, effect, reason, warning, sources, file and the facts
/// its condition uses.
pub fn show(rule: &Rule, rules: &RuleSet) -> String {
    let mut o = String::new();
    let effect = match rule.effect {
        Effect::Exclude => "exclude (a hard rule: the service cannot run the workload)".to_owned(),
        Effect::Points(p) => format!("{} fit points (a soft rule)", table::signed(p)),
        Effect::Note => "note (a warning, no points)".to_owned(),
        Effect::NoSpot => "no_spot (a purchase rule: priced without Spot capacity)".to_owned(),
    };
    let services: Vec<&str> = rule.services.iter().map(|s| s.id()).collect();
    // Writing into a `String` cannot fail.
    let _ = writeln!(o, "{}", rule.id);
    let _ = writeln!(o, "  services: {}", services.join(", "));
    let _ = writeln!(o, "  when:     {}", rule.when_text);
    let _ = writeln!(o, "  effect:   {effect}");
    let _ = writeln!(o, "  reason:   {}", rule.reason);
    if let Some(w) = &rule.warning {
        let _ = writeln!(o, "  warning:  {w}");
    }
    let _ = writeln!(o, "  source:   {}", rule.source);
    for also in &rule.also {
        let _ = writeln!(o, "  also:     {also}");
    }
    let _ = writeln!(o, "  file:     {}", rule.file);
    let used: Vec<&Fact> = rules
        .facts
        .values()
        .filter(|f| rule.when_text.contains(&format!("fact.{}", f.name)))
        .collect();
    if !used.is_empty() {
        let _ = writeln!(o, "  facts:");
        for f in used {
            let _ = writeln!(
                o,
                "    {} = {} {}: {} ({})",
                f.name, f.value, f.unit, f.text, f.source
            );
        }
    }
    o
}
