//! The stable codes of [`super::Diagnostic`]s: one variant per kind of problem, each with its
//! kebab-case name and a description. `docs/diagnostics.md` is generated from [`Code::ALL`]
//! ([`Code::markdown`]); a test keeps it current.

use std::fmt;

/// Declares [`Code`] with its name and description, and [`Code::ALL`] in declaration order.
macro_rules! codes {
    ($($(#[$meta:meta])* $variant:ident = $name:literal, $area:literal, $description:literal;)*) => {
        /// A stable kebab-case code for a kind of input problem.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$meta])* #[doc = $description] $variant,)*
        }

        impl Code {
            /// Every code, in the order of `docs/diagnostics.md`.
            pub const ALL: &[Self] = &[$(Self::$variant),*];

            /// The kebab-case name (`unknown-key`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// The files it is reported in: `workload`, `rules`, `architecture`, or several.
            pub const fn area(self) -> &'static str {
                match self {
                    $(Self::$variant => $area,)*
                }
            }

            /// One sentence: what the problem is and how to fix it.
            pub const fn description(self) -> &'static str {
                match self {
                    $(Self::$variant => $description,)*
                }
            }
        }
    };
}

codes! {
    InvalidEncoding = "invalid-encoding", "any input file",
        "The file holds bytes that are not UTF-8 (often a file saved in a legacy encoding); the position is that of the first one.";
    TomlSyntax = "toml-syntax", "any TOML file",
        "The file is not valid TOML (an unclosed string or table header, a missing `=`, a duplicate key); the message is the TOML parser's.";
    InvalidTable = "invalid-table", "any TOML file",
        "A table or value does not have the shape the format expects (a table where a value belongs, an array of the wrong kind).";
    InvalidValue = "invalid-value", "any TOML file",
        "A value that is not allowed where it stands, for a reason the message gives (the default code).";
    WrongType = "wrong-type", "workload",
        "A value of the wrong type, such as a string where a number belongs or a fraction where a whole number does.";
    OutOfRange = "out-of-range", "workload",
        "A number outside its allowed range, or two values that contradict each other; the help gives the range.";
    UnknownValue = "unknown-value", "workload",
        "A value that is not one of the allowed words (`shape.kind = \"sevice\"`); the help suggests the nearest.";
    UnknownKey = "unknown-key", "workload",
        "A key or table the format does not define, usually a misspelling; the help suggests the nearest.";
    MissingKey = "missing-key", "workload",
        "A key the workload's kind requires and that has no default (`name`, `[traffic]` for a service).";
    UnknownRegion = "unknown-region", "workload",
        "A region without a pricing table; `runwhere pricing list` shows the regions there are.";
    BadOverride = "bad-override", "`--set`",
        "A `--set PATH=VALUE` whose path is not a dotted key path, or goes through a value as if it were a table.";
    BadFact = "bad-fact", "rules",
        "A fact in `facts.toml` whose value is not a number, a boolean or a string.";
    DuplicateFact = "duplicate-fact", "rules",
        "A fact defined twice across the rules files.";
    MissingFact = "missing-fact", "rules",
        "A fact the cost models read (Lambda's memory cap, Fargate's largest size, ...) is absent from the rules, or is not a positive number; copy it from the bundled `facts.toml`.";
    BadTopic = "bad-topic", "rules",
        "A rule's `topic` other than `documents` (the default), `availability` or `migration`.";
    BadSize = "bad-size", "rules",
        "A size grid (`[size.fargate]`, `[size.app_runner]`) defined twice, not in ascending order, or with a range that has no positive `step`.";
    DuplicateFlowchart = "duplicate-flowchart", "rules",
        "More than one rules file defines the `[flowchart]`.";
    MissingSource = "missing-source", "rules",
        "A source without both `doc` and `section` (a document) or without `title`, `section` and `url` (an `aws-docs` page); every rule and fact cites where it comes from.";
    BadSource = "bad-source", "rules",
        "A source of an unknown `kind`, a document source with a `title` or `url`, or an `aws-docs` URL that is not on an AWS documentation site.";
    BadRuleId = "bad-rule-id", "rules",
        "A rule id that is not kebab-case (`lambda-max-duration`).";
    DuplicateRule = "duplicate-rule", "rules",
        "Two rules with the same id.";
    NoServices = "no-services", "rules",
        "A rule that names no services to apply to.";
    UnknownService = "unknown-service", "rules, architecture",
        "A service id that is not one of `ec2`, `ecs`, `fargate`, `eks`, `app_runner`, `lambda`, `batch`, `elastic_beanstalk`.";
    BadPoints = "bad-points", "rules",
        "A `points` rule without `points` or with points of zero, or an `exclude` or `note` rule with `points`.";
    BadEffect = "bad-effect", "rules",
        "An effect that is not `exclude`, `points` or `note`.";
    EmptyReason = "empty-reason", "rules",
        "A rule whose `reason` is empty; the reason is what users read.";
    BadShort = "bad-short", "rules",
        "A rule without a `short` reason, or one that is empty, spans lines or is longer than 24 characters; the table prints it on one line.";
    BadCitation = "bad-citation", "rules",
        "A reason, `short`, warning, fact text or flowchart text that names a source document by file name or number (`000 says`, `(001)`) instead of by title with a `{doc:001 § Section}` placeholder, or a placeholder the titles table cannot expand.";
    BadCondition = "bad-condition", "rules, architecture",
        "A `when` condition that does not parse or names an unknown attribute or fact; the help says what is allowed.";
    DuplicateNode = "duplicate-node", "rules",
        "Two flowchart nodes with the same id.";
    UnknownNode = "unknown-node", "rules",
        "A flowchart branch that leads to a node that does not exist.";
    EmptyNode = "empty-node", "rules",
        "A flowchart question node without branches.";
    BadBranch = "bad-branch", "rules",
        "A flowchart branch without exactly one of `next` (a node id) and `leaf` (service ids).";
    FlowchartCycle = "flowchart-cycle", "rules",
        "A flowchart path that comes back to a node it has passed; the flowchart must be a tree of questions.";
    DuplicateDiagram = "duplicate-diagram", "architecture",
        "Two architecture diagrams for one service.";
    MissingDiagram = "missing-diagram", "architecture",
        "A service without an architecture diagram; every service has one.";
    BadId = "bad-id", "architecture",
        "A component id that is not kebab-case.";
    DuplicateComponent = "duplicate-component", "architecture",
        "A component defined twice in one service's diagram.";
    UnknownComponent = "unknown-component", "architecture",
        "An edge that names a component the diagram does not define.";
    UnconnectedComponent = "unconnected-component", "architecture",
        "A component of a diagram that no edge connects to the others.";
    NoCompute = "no-compute", "architecture",
        "A diagram without a `compute` component, the box the workload runs in.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Code {
    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// `docs/diagnostics.md`: every code with where it is reported and what it means.
    pub fn markdown() -> String {
        let mut out = String::from(
            "# Diagnostic codes\n\n\
             <!-- Generated from `src/input/diagnostic/code.rs` by `RUNWHERE_BLESS=1 cargo test generated`; do not edit. -->\n\n\
             Every problem runwhere finds in a workload, rules or architecture file is reported with the\n\
             file, line and column, a message, and help on what is allowed. In the library each\n\
             diagnostic also carries a stable code (`runwhere::input::diagnostic::Diagnostic::code`) naming the\n\
             kind of problem; code that checks for a kind of problem matches on the code, never on the\n\
             wording. The codes are listed here. Problems in `pricing` tables use `invalid-value`,\n\
             `toml-syntax` and `invalid-table`.\n\n\
             | Code | Files | Meaning |\n|---|---|---|\n",
        );
        for code in Self::ALL {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                code.as_str(),
                code.area(),
                code.description()
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::Code;

    #[test]
    fn names_are_unique_kebab_case_and_round_trip() {
        let mut seen = BTreeSet::new();
        for &code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "`{name}` is used by two codes");
            assert!(
                !name.is_empty()
                    && name
                        .split('-')
                        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
                "`{name}` is not kebab-case"
            );
            assert_eq!(Code::from_name(name), Some(code));
        }
        assert_eq!(Code::from_name("no-such-code"), None);
    }

    #[test]
    fn every_code_has_a_sentence_of_description() {
        let mut seen = BTreeSet::new();
        for &code in Code::ALL {
            let d = code.description();
            assert!(d.len() > 20 && d.ends_with('.'), "{code}: {d}");
            assert!(
                d.chars().next().is_some_and(char::is_uppercase),
                "{code}: {d}"
            );
            assert!(seen.insert(d), "{code} repeats another code's description");
            assert!(!code.area().is_empty());
        }
    }
}
