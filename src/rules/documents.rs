//! The source documents by title: one table (`sources/documents.toml`, compiled in) from a
//! document's file name to the title readers know it by, so a citation reads
//! `AWS Compute & Containers (AWS Deep Dives), "Fargate Launch Type"` rather than a file name.
//!
//! Rule texts (reasons, `short`s, warnings, fact texts, the flowchart's words) cite a document
//! with a placeholder the rules loader expands from this table, [`expand`]:
//! `{doc:001 § Fargate Launch Type}` reads `AWS Compute & Containers (AWS Deep Dives), "Fargate
//! Launch Type"`, `{doc:001}` the title alone. A text that names a document by file name or
//! number instead (`000 says`, `(001)`, `000_2ff4b9250b2fa24a.txt`) does not load.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

const BUNDLED: &str = include_str!("../../sources/documents.toml");

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(with = "crate::input::compiled::text")]
    title: std::borrow::Cow<'static, str>,
}

/// The name of the table's compiled form in `compiled/`.
const COMPILED: &str = "documents";

fn table() -> &'static BTreeMap<String, Entry> {
    static TABLE: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    // The compiled form when it was made from the bundled files, else the file parsed. The test
    // suite parses the embedded file; an empty table only means file names are shown.
    TABLE.get_or_init(|| {
        crate::input::compiled::decode(COMPILED).unwrap_or_else(|| parse().unwrap_or_default())
    })
}

fn parse() -> Result<BTreeMap<String, Entry>, toml::de::Error> {
    toml::from_str(BUNDLED)
}

/// The title of the source document `doc` (a file name), if the table has it.
pub fn title(doc: &str) -> Option<&'static str> {
    table().get(doc).map(|e| &*e.title)
}

/// The placeholder's opening, `{doc:`.
pub const OPEN: &str = "{doc:";
/// What separates a placeholder's document from its section.
pub const SECTION: char = '§';

/// The table's key for `id`: a file name in the table, or the part of one before its first `_`
/// or `.` (`000` for `000_2ff4b9250b2fa24a.txt`, `runwhere-v1` for `runwhere-v1.md`).
fn key(id: &str) -> Option<&'static str> {
    table()
        .keys()
        .find(|k| k.as_str() == id || k.split(['_', '.']).next() == Some(id))
        .map(String::as_str)
}

/// Every document's short id (`000`, …, `runwhere-v1`), for help texts.
fn ids() -> Vec<&'static str> {
    table()
        .keys()
        .filter_map(|k| k.split(['_', '.']).next())
        .collect()
}

/// A problem with a text's citations: where it is in the text (byte offsets), the text found
/// there (to find it again in the file the text came from), what is wrong and what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Range<usize>,
    pub found: String,
    pub message: String,
    pub help: String,
}

/// `text` with every `{doc:ID}` replaced by the document's title and every `{doc:ID § SECTION}`
/// by `TITLE, "SECTION"`, or every problem in it: a placeholder that is not closed, names a
/// document the table does not have or has an empty section, and a source document named by file
/// name or number outside a placeholder ([`bare_citations`]).
///
/// # Errors
/// The problems, in the order they occur in `text`.
pub fn expand(text: &str) -> Result<String, Vec<Problem>> {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    // The text outside placeholders, placeholders blanked (same offsets), for the bare check.
    let mut outside = String::with_capacity(text.len());
    let mut rest = 0;
    while let Some(found) = text[rest..].find(OPEN) {
        let start = rest + found;
        out.push_str(&text[rest..start]);
        outside.push_str(&text[rest..start]);
        let Some(len) = text[start..].find('}') else {
            problems.push(Problem {
                at: start..text.len(),
                found: OPEN.to_owned(),
                message: format!("`{OPEN}` is not closed"),
                help: format!(
                    "write `{OPEN}001}}` for a document's title or `{OPEN}001 {SECTION} Section}}` for its title and section"
                ),
            });
            outside.push_str(&" ".repeat(text.len() - start));
            rest = text.len();
            break;
        };
        let end = start + len + 1;
        let inner = &text[start + OPEN.len()..end - 1];
        let (id, section) = match inner.split_once(SECTION) {
            Some((id, section)) => (id.trim(), Some(section.trim())),
            None => (inner.trim(), None),
        };
        let problem = |message: String, help: String| Problem {
            at: start..end,
            found: OPEN.to_owned(),
            message,
            help,
        };
        match (key(id).and_then(title), section) {
            (None, _) => problems.push(problem(
                format!("`{}` names no document of the titles table", &text[start..end]),
                format!(
                    "the documents are {}; name any other source by its title, in words",
                    ids()
                        .iter()
                        .map(|i| format!("`{i}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            (Some(_), Some("")) => problems.push(problem(
                format!("`{}` has an empty section", &text[start..end]),
                format!(
                    "write the section heading after `{SECTION}`, or `{OPEN}{id}}}` for the title alone"
                ),
            )),
            (Some(title), Some(section)) => {
                out.push_str(title);
                out.push_str(", \"");
                out.push_str(section);
                out.push('"');
            }
            (Some(title), None) => out.push_str(title),
        }
        outside.push_str(&" ".repeat(end - start));
        rest = end;
    }
    out.push_str(&text[rest..]);
    outside.push_str(&text[rest..]);
    problems.extend(bare_citations(&outside));
    problems.sort_by_key(|p| p.at.start);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Every place `text` names a source document by file name (a key of the titles table, like
/// `000_2ff4b9250b2fa24a.txt` or `runwhere-v1.md`) or by number: a standalone three-digit
/// number with a leading zero (`000 says`, `001 "Pricing Models"`, `(001)`,
/// `000-compute-services-guide.md`), which no quantity is written as (`1,000`, `0.005` are
/// quantities).
pub fn bare_citations(text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut taken: Vec<Range<usize>> = Vec::new();
    for k in table().keys() {
        for (at, _) in text.match_indices(k.as_str()) {
            let range = at..at + k.len();
            let id = k.split(['_', '.']).next().unwrap_or(k);
            problems.push(Problem {
                at: range.clone(),
                found: k.clone(),
                message: format!("`{k}` names a source document by its file name"),
                help: format!(
                    "cite it by title: `{OPEN}{id} {SECTION} Section}}` reads `{}, \"Section\"`",
                    title(k).unwrap_or(k)
                ),
            });
            taken.push(range);
        }
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let end = i;
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let before2 = start.checked_sub(2).map(|b| bytes[b]);
        let after = bytes.get(end).copied();
        let after2 = bytes.get(end + 1).copied();
        // `1,000` and `0.001` are quantities, `p3` or `x001` part of a word.
        let in_number = matches!(before, Some(b',' | b'.'))
            && before2.is_some_and(|b| b.is_ascii_digit())
            || matches!(after, Some(b',' | b'.')) && after2.is_some_and(|b| b.is_ascii_digit());
        let in_word = before.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'$');
        if end - start == 3
            && bytes[start] == b'0'
            && !in_number
            && !in_word
            && !taken.iter().any(|t| t.contains(&start))
        {
            let number = &text[start..end];
            let known = key(number).is_some();
            problems.push(Problem {
                at: start..end,
                found: number.to_owned(),
                message: format!("`{number}` names a source document by its number"),
                help: if known {
                    format!(
                        "cite it by title: `{OPEN}{number} {SECTION} Section}}` reads `{}, \"Section\"`",
                        key(number).and_then(title).unwrap_or(number)
                    )
                } else {
                    "name the document by its title and section".to_owned()
                },
            });
        }
    }
    problems.sort_by_key(|p| p.at.start);
    problems
}

#[cfg(test)]
mod tests {
    /// Issue 14: the compiled table is what the file gives, and is what the binary loads.
    #[test]
    fn compiled_data_of_the_document_titles_is_current() {
        let parsed = super::parse().unwrap();
        if crate::input::compiled::check(super::COMPILED, &parsed) {
            assert!(crate::input::compiled::is_current(super::COMPILED));
            assert_eq!(format!("{:?}", super::table()), format!("{parsed:?}"));
        }
    }

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
            .map(|s| s.doc.as_ref())
            .collect();
        assert!(
            missing.is_empty(),
            "add to sources/documents.toml: {missing:?}"
        );
    }

    /// Issue 15: a placeholder reads as the document's title (and section), from the table.
    #[test]
    fn placeholders_expand_to_the_title_and_section() {
        assert_eq!(
            expand("Batch is {doc:000 § Don't Use Batch When}'s last resort").unwrap(),
            "Batch is Other Compute Services (LearningTree), \"Don't Use Batch When\"'s last resort"
        );
        // The title alone; the full file name works too; spaces around the parts are trimmed.
        assert_eq!(
            expand("{doc:001} and {doc: 004_d482de68fc6e84ba.txt §9. Pricing / Cost }").unwrap(),
            "AWS Compute & Containers (AWS Deep Dives) and AWS Batch Tutorial, \"9. Pricing / Cost\""
        );
        assert_eq!(
            expand("{doc:runwhere-v1 § 4. Ranking}").unwrap(),
            "runwhere v1 product contract, \"4. Ranking\""
        );
        // Quantities and text without placeholders pass unchanged.
        let plain = "1,000 jobs at $0.005, 10,000 children, 0.001 s, 100 ms, {braces} stay";
        assert_eq!(expand(plain).unwrap(), plain);
    }

    /// Issue 15: a source document named by file name or number, and a placeholder the table
    /// cannot expand, are problems at their byte offsets in the text.
    #[test]
    fn bare_file_names_and_numbers_are_rejected_with_their_place() {
        let at = |text: &str| -> Vec<(Range<usize>, String)> {
            expand(text)
                .unwrap_err()
                .into_iter()
                .map(|p| (p.at, p.message))
                .collect()
        };
        assert_eq!(
            at("000 says so"),
            [(
                0..3,
                "`000` names a source document by its number".to_owned()
            )]
        );
        // `001 "`, `(001)`, a file name (once, not also as a number), a hyphenated file name.
        let text =
            "as 001 \"Pricing\" says (001), see 000_2ff4b9250b2fa24a.txt or 003-batch-notes.md";
        let found = at(text);
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].0, 3..6);
        assert_eq!(found[1].0, 23..26);
        assert_eq!(found[2].0, 33..57);
        assert_eq!(&text[found[2].0.clone()], "000_2ff4b9250b2fa24a.txt");
        assert!(found[2].1.contains("by its file name"), "{found:?}");
        assert_eq!(&text[found[3].0.clone()], "003");
        assert_eq!(
            at("see runwhere-v1.md §3")[0],
            (
                4..18,
                "`runwhere-v1.md` names a source document by its file name".to_owned()
            )
        );
        // Placeholders: an unknown document, an empty section, one left open.
        assert_eq!(
            at("x {doc:009 § Intro} y")[0],
            (
                // `§` is two bytes.
                2..20,
                "`{doc:009 § Intro}` names no document of the titles table".to_owned()
            )
        );
        assert!(at("{doc:001 § }")[0].1.contains("has an empty section"));
        assert_eq!(
            at("ok {doc:001 § Pricing")[0],
            (3..22, "`{doc:` is not closed".to_owned())
        );
        // The help says what to write, with the title it reads as.
        let help = &expand("000 says").unwrap_err()[0].help;
        assert!(
            help.contains(
                "`{doc:000 § Section}` reads `Other Compute Services (LearningTree), \"Section\"`"
            ),
            "{help}"
        );
    }

    /// Every text the bundled rules show people is free of file-name and number citations (the
    /// loader rejects them; this says where, should that check ever be loosened).
    #[test]
    fn bundled_rule_texts_cite_documents_by_title() {
        let rules = RuleSet::bundled().unwrap();
        let mut texts: Vec<&str> = vec![&rules.flowchart.title];
        for r in &rules.rules {
            texts.extend([r.reason.as_ref(), r.short.as_ref()]);
            texts.extend(r.warning.as_deref());
        }
        texts.extend(rules.facts.values().map(|f| f.text.as_ref()));
        for n in &rules.flowchart.nodes {
            texts.push(&n.question);
            texts.extend(
                n.branches
                    .iter()
                    .flat_map(|b| [b.label.as_ref(), b.step.as_ref()]),
            );
        }
        for t in texts {
            assert!(bare_citations(t).is_empty(), "{t}");
            assert!(!t.contains(OPEN), "{t}");
        }
        // The diagrams' texts (titles, notes, boxes, edges), which the report prints, too.
        let arch = crate::report::architecture::Architectures::bundled().unwrap();
        for a in &arch.services {
            let mut texts: Vec<&str> = vec![&a.title];
            texts.extend(
                a.operations
                    .iter()
                    .chain(&a.lock_in)
                    .map(|n| n.text.as_str()),
            );
            for c in &a.components {
                texts.push(&c.label);
                texts.extend(c.detail.as_deref());
            }
            texts.extend(a.edges.iter().filter_map(|e| e.label.as_deref()));
            for t in texts {
                assert!(bare_citations(t).is_empty(), "{}: {t}", a.service.id());
            }
        }
        // The rewritten warnings name the documents by title.
        let w = rules
            .rule("short-jobs-lambda-or-batch")
            .unwrap()
            .warning
            .as_deref()
            .unwrap();
        assert!(
            w.contains("(Other Compute Services (LearningTree), \"Don't Use Batch When\")"),
            "{w}"
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
