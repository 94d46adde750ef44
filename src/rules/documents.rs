//! The source documents by title: one table (`sources/documents.toml`, compiled in) from a
//! document's file name to the title readers know it by, so a citation reads
//! `AWS Compute & Containers (AWS Deep Dives), "Fargate Launch Type"` rather than a file name.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const BUNDLED: &str = include_str!("../../sources/documents.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    title: String,
}

fn table() -> &'static BTreeMap<String, Entry> {
    static TABLE: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    // The test suite parses the embedded file; an empty table only means file names are shown.
    TABLE.get_or_init(|| toml::from_str(BUNDLED).unwrap_or_default())
}

/// The title of the source document `doc` (a file name), if the table has it.
pub fn title(doc: &str) -> Option<&'static str> {
    table().get(doc).map(|e| e.title.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSet, Source, SourceKind};

    #[test]
    fn the_table_parses() {
        let all: BTreeMap<String, Entry> = toml::from_str(BUNDLED).unwrap();
        assert!(
            all.values()
                .all(|e| !e.title.is_empty() && !e.title.ends_with(".txt"))
        );
    }

    /// Every document the bundled rules, facts, flowchart and diagrams cite has a title.
    #[test]
    fn every_cited_document_has_a_title() {
        let rules = RuleSet::bundled().unwrap();
        let arch = crate::report::architecture::Architectures::bundled().unwrap();
        let mut sources: Vec<&Source> = vec![&rules.flowchart.source];
        for r in &rules.rules {
            sources.push(&r.source);
            sources.extend(&r.also);
        }
        sources.extend(rules.facts.values().map(|f| &f.source));
        for s in &arch.services {
            sources.extend(&s.sources);
            for n in s.operations.iter().chain(&s.lock_in) {
                sources.extend(&n.sources);
            }
        }
        let missing: Vec<&str> = sources
            .iter()
            .filter(|s| s.kind == SourceKind::Document && title(&s.doc).is_none())
            .map(|s| s.doc.as_str())
            .collect();
        assert!(
            missing.is_empty(),
            "add to sources/documents.toml: {missing:?}"
        );
    }

    #[test]
    fn citations_name_the_title_and_section() {
        let s = Source::document("001_5827279e82519f49.txt", "Fargate Launch Type");
        assert_eq!(
            s.cited(),
            "AWS Compute & Containers (AWS Deep Dives), \"Fargate Launch Type\""
        );
        // A document the table does not know keeps its file name.
        let s = Source::document("mine.txt", "Intro");
        assert_eq!(s.cited(), "mine.txt, \"Intro\"");
    }
}
