//! The price sources a decision record lists: what each source id of a pricing table is, in words a
//! reader can check (`sources/prices.toml`, compiled into the binary), grouped AWS pages first, then
//! AWS Price List rows, then secondary sources, each with its date.
//!
//! A pricing table's own `[sources]` text is detailed provenance for maintainers; the report shows
//! it only for an id this file does not know (a table from `--pricing-dir`), marked as such.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

const BUNDLED: &str = include_str!("../../sources/prices.toml");

/// What kind of source a price comes from, in the order the report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A page of aws.amazon.com or docs.aws.amazon.com.
    AwsPage,
    /// Rows of the AWS Price List, copied verbatim.
    PriceList,
    /// Anything else: third-party articles, calculators, copies in other projects.
    Secondary,
}

impl Kind {
    /// The heading of the group.
    pub fn title(self) -> &'static str {
        match self {
            Self::AwsPage => "AWS pages",
            Self::PriceList => "AWS Price List files",
            Self::Secondary => "Secondary sources (not published by AWS)",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub kind: Kind,
    pub title: String,
    pub url: Option<String>,
    pub date: String,
}

/// The name of the file's compiled form in `compiled/`.
const COMPILED: &str = "price-sources";

/// Every source the bundled pricing tables cite, by id: the compiled form when it was made from
/// the bundled files, else the file parsed (the test suite parses the embedded file, so this is
/// never empty).
pub fn bundled() -> BTreeMap<String, Entry> {
    crate::input::compiled::decode(COMPILED).unwrap_or_else(|| parse().unwrap_or_default())
}

fn parse() -> Result<BTreeMap<String, Entry>, toml::de::Error> {
    toml::from_str(BUNDLED)
}

/// One source as the report lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub date: String,
}

/// The sources of one kind.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Group {
    pub kind: Kind,
    pub title: &'static str,
    pub sources: Vec<Listed>,
}

/// The sources a pricing table cites (`id → its own text`), grouped by kind in the report's order.
/// An id `known` does not describe is listed as secondary with the table's text and no date.
pub fn grouped(table: &BTreeMap<String, String>, known: &BTreeMap<String, Entry>) -> Vec<Group> {
    let mut groups: BTreeMap<Kind, Vec<Listed>> = BTreeMap::new();
    for (id, text) in table {
        let (kind, listed) = match known.get(id) {
            Some(e) => (
                e.kind,
                Listed {
                    id: id.clone(),
                    title: e.title.clone(),
                    url: e.url.clone(),
                    date: e.date.clone(),
                },
            ),
            None => (
                Kind::Secondary,
                Listed {
                    id: id.clone(),
                    title: format!("as the pricing table describes it: {text}"),
                    url: None,
                    date: "not dated".to_owned(),
                },
            ),
        };
        groups.entry(kind).or_default().push(listed);
    }
    groups
        .into_iter()
        .map(|(kind, sources)| Group {
            kind,
            title: kind.title(),
            sources,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14: the compiled form is what the file gives, and is what the binary loads.
    #[test]
    fn compiled_data_of_the_price_sources_is_current() {
        let parsed = parse().unwrap();
        if crate::input::compiled::check(COMPILED, &parsed) {
            assert!(crate::input::compiled::is_current(COMPILED));
            assert_eq!(format!("{:?}", bundled()), format!("{parsed:?}"));
        }
    }

    #[test]
    fn the_bundled_file_parses() {
        let all: BTreeMap<String, Entry> = toml::from_str(BUNDLED).unwrap();
        assert!(all.values().any(|e| e.kind == Kind::AwsPage));
        for (id, e) in &all {
            assert!(!e.title.is_empty() && !e.date.is_empty(), "{id}");
        }
    }

    /// A source added to a bundled pricing table needs its entry in `sources/prices.toml` (kind,
    /// title, date), so the report lists it for readers.
    #[test]
    fn every_bundled_source_is_described() {
        let known = bundled();
        let catalog = crate::pricing::Catalog::bundled().unwrap();
        let mut missing = Vec::new();
        for region in catalog.regions() {
            let table = &catalog.get(region).unwrap().table;
            for id in table.sources.keys() {
                if !known.contains_key(id) {
                    missing.push(format!("{region}: `{id}`"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "add these to sources/prices.toml: {}",
            missing.join(", ")
        );
    }

    #[test]
    fn aws_pages_come_first_and_unknown_ids_are_secondary() {
        let known = bundled();
        let table: BTreeMap<String, String> = [
            ("VB", "a blog"),
            ("K", "a generated file"),
            ("AR-DOC", "a page"),
            ("MINE", "my own notes"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let groups = grouped(&table, &known);
        let kinds: Vec<Kind> = groups.iter().map(|g| g.kind).collect();
        assert_eq!(kinds, [Kind::AwsPage, Kind::PriceList, Kind::Secondary]);
        let secondary: Vec<&str> = groups[2].sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(secondary, ["MINE", "VB"]);
        assert!(groups[2].sources[0].title.contains("my own notes"));
    }
}
