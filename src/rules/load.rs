//! Reading rules files: serde with unknown keys denied, then a checking pass that compiles every
//! condition against the attribute schema and the facts, and collects every problem with its file,
//! line and column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::condition::{self, Value};
use super::documents;
use super::limits::{Limits, SizeGrid, SpotRefusal};
use super::{
    Branch, Effect, Fact, Flowchart, Node, Rule, RuleSet, Source, SourceKind, Target, Topic,
};
use crate::error::{Error, Result};
use crate::input::data::{BundledFile, DataSource, Document};
use crate::input::diagnostic::{Code, Diagnostic, Diagnostics, one_of, suggest};
use crate::input::source::{Limit, SourceFile};
use crate::service::Service;

const BUNDLED: &[BundledFile] = &[
    ("rules/facts.toml", include_str!("../../rules/facts.toml")),
    (
        "rules/flowchart.toml",
        include_str!("../../rules/flowchart.toml"),
    ),
    (
        "rules/eligibility.toml",
        include_str!("../../rules/eligibility.toml"),
    ),
    ("rules/fit.toml", include_str!("../../rules/fit.toml")),
    (
        "rules/comparisons.toml",
        include_str!("../../rules/comparisons.toml"),
    ),
    ("rules/team.toml", include_str!("../../rules/team.toml")),
    ("rules/notes.toml", include_str!("../../rules/notes.toml")),
    (
        "rules/availability.toml",
        include_str!("../../rules/availability.toml"),
    ),
    (
        "rules/aws-guidance.toml",
        include_str!("../../rules/aws-guidance.toml"),
    ),
    (
        "rules/migration.toml",
        include_str!("../../rules/migration.toml"),
    ),
];

/// The bundled rules files' names and text.
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    BUNDLED
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    fact: BTreeMap<String, RawFact>,
    #[serde(default)]
    rule: Vec<RawRule>,
    flowchart: Option<Spanned<RawFlowchart>>,
    #[serde(default)]
    size: BTreeMap<String, Spanned<RawGrid>>,
}

/// A size grid: the valid (vCPU, memory) sizes of a service that bills the size you pick.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrid {
    #[allow(dead_code, reason = "documents the grid for people reading the file")]
    text: String,
    source: RawSource,
    sizes: Vec<RawSize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSize {
    vcpu: f64,
    memory_gb: RawMemory,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawMemory {
    List(Vec<f64>),
    Range { from: f64, to: f64, step: f64 },
}

impl RawGrid {
    /// The grid with ranges spelled out, or what is wrong with it.
    fn grid(&self) -> std::result::Result<SizeGrid, String> {
        if self
            .source
            .doc
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
            || self.source.section.trim().is_empty()
        {
            return Err("a source needs both `doc` and `section`".to_owned());
        }
        let mut rows: Vec<(f64, Vec<f64>)> = Vec::new();
        for s in &self.sizes {
            let memory = match &s.memory_gb {
                RawMemory::List(list) => list.clone(),
                RawMemory::Range { from, to, step } => {
                    if !(step.is_finite() && *step > 0.0 && from <= to && (to - from) / step <= 1e4)
                    {
                        return Err(format!(
                            "the memory range of {} vCPU needs `from` <= `to` and a positive `step`",
                            s.vcpu
                        ));
                    }
                    let n = ((to - from) / step).floor() as usize;
                    (0..=n).map(|k| from + k as f64 * step).collect()
                }
            };
            let positive = |x: &f64| x.is_finite() && *x > 0.0;
            if !positive(&s.vcpu) || memory.is_empty() || !memory.iter().all(positive) {
                return Err(format!(
                    "a size needs a positive `vcpu` and at least one positive memory size (at {} vCPU)",
                    s.vcpu
                ));
            }
            if !memory.is_sorted_by(|a, b| a < b) || rows.last().is_some_and(|(c, _)| *c >= s.vcpu)
            {
                return Err(
                    "sizes go from small to large: vCPU sizes, and each one's memory sizes, in ascending order"
                        .to_owned(),
                );
            }
            rows.push((s.vcpu, memory));
        }
        Ok(SizeGrid(rows))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    kind: Option<Spanned<String>>,
    doc: Option<String>,
    title: Option<String>,
    #[serde(default)]
    section: String,
    url: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    value: Spanned<toml::Value>,
    unit: String,
    text: Spanned<String>,
    source: Spanned<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    services: Vec<Spanned<String>>,
    when: Spanned<String>,
    effect: Spanned<String>,
    points: Option<Spanned<f64>>,
    reason: Spanned<String>,
    short: Option<Spanned<String>>,
    warning: Option<Spanned<String>>,
    topic: Option<Spanned<String>>,
    source: Spanned<RawSource>,
    #[serde(default)]
    also: Vec<Spanned<RawSource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlowchart {
    title: Spanned<String>,
    source: Spanned<RawSource>,
    start: Spanned<String>,
    bonus: Spanned<f64>,
    node: Vec<RawNode>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    id: Spanned<String>,
    question: Spanned<String>,
    branches: Vec<Spanned<RawBranch>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBranch {
    label: Spanned<String>,
    when: Spanned<String>,
    step: Spanned<String>,
    next: Option<Spanned<String>>,
    leaf: Option<Vec<Spanned<String>>>,
}

/// The most fit points a rule gives or takes, and the largest flowchart bonus: rules use 1 to 3.
pub(super) const MAX_POINTS: f64 = 100.0;
/// The longest `short` reason, in characters: it fits the 80-column table.
pub const MAX_SHORT: usize = 24;
/// The largest magnitude of a numeric fact (a limit, a size, a count).
pub(super) const MAX_FACT: f64 = 1e12;

/// The name of the rules' compiled form in `compiled/`.
const COMPILED: &str = "rules";

/// The bundled rules: their compiled form when that was made from the bundled files this binary
/// holds, else (a stale `compiled/`, while it is being regenerated) the TOML, parsed and checked.
pub(super) fn bundled() -> Result<RuleSet> {
    match crate::input::compiled::decode(COMPILED) {
        Some(rules) => Ok(rules),
        None => parse_bundled(),
    }
}

/// The name of the bundled facts' compiled form in `compiled/`.
const COMPILED_FACTS: &str = "rules-facts";

/// The bundled rules' facts: their compiled form, else from the TOML (empty only if the bundled
/// rules did not load, which the test suite rules out).
pub(super) fn bundled_facts() -> BTreeMap<super::Text, super::Fact> {
    match crate::input::compiled::decode::<super::FactTable>(COMPILED_FACTS) {
        Some(table) => table.0,
        None => parse_bundled()
            .map(|r| (*r.facts).clone())
            .unwrap_or_default(),
    }
}

/// The bundled rules from their TOML: what their compiled form holds.
fn parse_bundled() -> Result<RuleSet> {
    load(&DataSource::Bundled(BUNDLED))
}

pub(super) fn from_dir(dir: &Path) -> Result<RuleSet> {
    load(&DataSource::Dir(dir.to_path_buf()))
}

fn load(data: &DataSource) -> Result<RuleSet> {
    let sources = data.files(Limit::RULES, |dir| Error::NoRules { dir })?;
    compile(sources, data.origin())
}

/// Parses every file, gathers the facts, then checks and compiles rules and the flowchart.
fn compile(sources: Vec<SourceFile>, origin: String) -> Result<RuleSet> {
    let mut diags = Diagnostics::default();
    let mut parsed = Vec::new();
    for source in &sources {
        match Document::parse(source).and_then(Document::into_value::<RawFile>) {
            Ok(raw) => parsed.push((source, raw)),
            Err(mut d) => diags.0.append(&mut d.0),
        }
    }

    let mut facts = BTreeMap::new();
    let mut values = BTreeMap::new();
    let no_facts = BTreeMap::new();
    for (source, raw) in &parsed {
        for (name, f) in &raw.fact {
            let value = match f.value.get_ref() {
                toml::Value::Integer(i) if (i.unsigned_abs() as f64) <= MAX_FACT => {
                    Value::Num(*i as f64)
                }
                toml::Value::Float(x) if x.abs() <= MAX_FACT => Value::Num(*x),
                toml::Value::Integer(_) | toml::Value::Float(_) => {
                    diags.push(
                        Diagnostic::new(
                            source,
                            Some(f.value.span()),
                            format!("fact `{name}` is not a finite number from -1e12 to 1e12"),
                        )
                        .with_code(Code::BadFact),
                    );
                    continue;
                }
                toml::Value::Boolean(b) => Value::Bool(*b),
                toml::Value::String(s) => Value::Str(std::borrow::Cow::Owned(s.clone())),
                _ => {
                    diags.push(
                        Diagnostic::new(
                            source,
                            Some(f.value.span()),
                            format!("fact `{name}` must be a number, a boolean or a string"),
                        )
                        .with_code(Code::BadFact),
                    );
                    continue;
                }
            };
            if facts.contains_key(name) {
                diags.push(
                    Diagnostic::new(
                        source,
                        Some(f.value.span()),
                        format!("fact `{name}` is defined twice"),
                    )
                    .with_code(Code::DuplicateFact),
                );
                continue;
            }
            values.insert(name.clone(), value.clone());
            let mut cx = Cx {
                source,
                diags: &mut diags,
                facts: &no_facts,
            };
            let cited = cx.cite(&f.source);
            let text = cx.text(&f.text).unwrap_or_default();
            facts.insert(
                name.clone(),
                Fact {
                    name: name.clone().into(),
                    value,
                    unit: f.unit.clone().into(),
                    text: text.into(),
                    source: cited,
                },
            );
        }
    }

    let mut grids = BTreeMap::new();
    for (source, raw) in &parsed {
        for (name, g) in &raw.size {
            let problem = if grids.contains_key(name) {
                Some(format!("size grid `{name}` is defined twice"))
            } else {
                match g.get_ref().grid() {
                    Ok(grid) => {
                        grids.insert(name.clone(), grid);
                        None
                    }
                    Err(why) => Some(format!("size grid `{name}`: {why}")),
                }
            };
            if let Some(message) = problem {
                diags.push(
                    Diagnostic::new(source, Some(g.span()), message).with_code(Code::BadSize),
                );
            }
        }
    }
    let mut limits = match Limits::build(&facts, &grids) {
        Ok(limits) => Some(limits),
        Err(problems) => {
            // No place in a file to point at: the fact is absent, so name the first file.
            for message in problems {
                if let Some(source) = sources.first() {
                    diags.push(Diagnostic::new(source, None, message).with_code(Code::MissingFact));
                }
            }
            None
        }
    };

    let mut rules: Vec<Rule> = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut flowchart = None;
    for (source, raw) in parsed {
        let mut cx = Cx {
            source,
            diags: &mut diags,
            facts: &values,
        };
        for r in raw.rule {
            if let Some(rule) = cx.rule(r, &mut seen) {
                rules.push(rule);
            }
        }
        if let Some(fc) = raw.flowchart {
            if flowchart.is_some() {
                cx.error(
                    fc.span(),
                    "a second [flowchart]",
                    Some("the flowchart is defined once, in one rules file"),
                    Code::DuplicateFlowchart,
                );
            } else {
                flowchart = cx.flowchart(fc);
            }
        }
    }
    if flowchart.is_none() && diags.is_empty() {
        return Err(Error::NoFlowchart { origin });
    }
    if let Some(limits) = limits.as_mut() {
        limits.spot_refusals = rules
            .iter()
            .filter(|r| r.effect == Effect::NoSpot)
            .map(|r| SpotRefusal {
                rule: r.id.to_string(),
                services: r.services.clone(),
                when: r.when.clone(),
            })
            .collect();
    }
    match (flowchart, limits) {
        (Some(flowchart), Some(limits)) if diags.is_empty() => Ok(RuleSet {
            facts: super::Facts::new(facts.into_iter().map(|(k, v)| (k.into(), v)).collect()),
            limits,
            rules,
            flowchart,
            origin: origin.into(),
            files: sources.iter().map(|s| s.name().to_owned().into()).collect(),
        }),
        _ => {
            diags.sort();
            Err(Error::Invalid(diags))
        }
    }
}

/// The only places an `aws-docs` source may point to.
const AWS_DOCS_URLS: &[&str] = &["https://docs.aws.amazon.com/", "https://aws.amazon.com/"];

struct Cx<'a> {
    source: &'a SourceFile,
    diags: &'a mut Diagnostics,
    facts: &'a BTreeMap<String, Value>,
}

impl Cx<'_> {
    fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<&str>,
        code: Code,
    ) {
        self.diags.push(
            Diagnostic::new(self.source, Some(span), message)
                .with_optional_help(help.map(str::to_owned))
                .with_code(code),
        );
    }

    /// Compiles a condition, mapping errors in it to the file (inside the TOML string).
    fn condition(&mut self, when: &Spanned<String>) -> Option<condition::Expr> {
        self.condition_with_facts(when).map(|(e, _)| e)
    }

    /// [`Self::condition`], and the facts it reads.
    fn condition_with_facts(
        &mut self,
        when: &Spanned<String>,
    ) -> Option<(condition::Expr, Vec<String>)> {
        match condition::parse_with_facts(when.get_ref(), self.facts) {
            Ok(e) => Some(e),
            Err(e) => {
                let span = when.span();
                let text = self.source.text();
                let quote = if text[span.start..].starts_with("'''")
                    || text[span.start..].starts_with("\"\"\"")
                {
                    3
                } else {
                    1
                };
                let start = (span.start + quote + e.span.start).min(span.end);
                let end = (span.start + quote + e.span.end).min(span.end).max(start);
                self.diags.push(
                    Diagnostic::new(self.source, Some(start..end), e.message)
                        .with_optional_help(e.help)
                        .with_code(Code::BadCondition),
                );
                None
            }
        }
    }

    fn service(&mut self, id: &Spanned<String>) -> Option<Service> {
        let found = Service::from_id(id.get_ref());
        if found.is_none() {
            let help = match suggest(id.get_ref(), Service::ids()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("expected {}", one_of(&Service::ids().collect::<Vec<_>>())),
            };
            self.error(
                id.span(),
                format!("unknown service `{}`", id.get_ref()),
                Some(&help),
                Code::UnknownService,
            );
        }
        found
    }

    /// Checks a citation: a document needs `doc` and `section`; an `aws-docs` page needs `title`,
    /// `section` and a `url` on an AWS documentation site.
    fn cite(&mut self, raw: &Spanned<RawSource>) -> Source {
        let span = raw.span();
        let raw = raw.get_ref();
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        let kind = match &raw.kind {
            None => SourceKind::Document,
            Some(k) => match SourceKind::ALL.iter().find(|x| x.as_str() == k.get_ref()) {
                Some(kind) => *kind,
                None => {
                    let names = SourceKind::ALL.map(SourceKind::as_str);
                    let help = match suggest(k.get_ref(), names) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("expected {}", one_of(&names)),
                    };
                    self.error(
                        k.span(),
                        format!("unknown source kind `{}`", k.get_ref()),
                        Some(&help),
                        Code::BadSource,
                    );
                    SourceKind::Document
                }
            },
        };
        let url = raw.url.as_ref().map(|u| u.get_ref().trim().to_owned());
        match kind {
            SourceKind::Document => {
                if blank(&raw.doc) || raw.section.trim().is_empty() {
                    self.error(
                        span.clone(),
                        "a source needs both `doc` and `section`",
                        Some("cite the seed document's file name and the section heading"),
                        Code::MissingSource,
                    );
                }
                if raw.title.is_some() || raw.url.is_some() {
                    let at = raw.url.as_ref().map_or(span, Spanned::span);
                    self.error(
                        at,
                        "a document source has no `title` or `url`",
                        Some("for an AWS documentation page write `kind = \"aws-docs\"`"),
                        Code::BadSource,
                    );
                }
                Source::document(raw.doc.clone().unwrap_or_default(), raw.section.clone())
            }
            SourceKind::AwsDocs => {
                if blank(&raw.title) || raw.section.trim().is_empty() || raw.doc.is_some() {
                    self.error(
                        span.clone(),
                        "an `aws-docs` source needs `title` and `section` (and no `doc`)",
                        Some("cite the page title and the heading on the page, as AWS writes them"),
                        Code::MissingSource,
                    );
                }
                match (&raw.url, &url) {
                    (Some(u), Some(text))
                        if !AWS_DOCS_URLS.iter().any(|p| text.starts_with(p))
                            || text.contains(char::is_whitespace) =>
                    {
                        let help = format!(
                            "an `aws-docs` URL starts with {}",
                            AWS_DOCS_URLS
                                .iter()
                                .map(|p| format!("`{p}`"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        );
                        self.error(
                            u.span(),
                            format!("`{text}` is not an AWS documentation URL"),
                            Some(&help),
                            Code::BadSource,
                        );
                    }
                    (None, _) => self.error(
                        span,
                        "an `aws-docs` source needs a `url`",
                        Some("add the page's address, like `url = \"https://docs.aws.amazon.com/...\"`"),
                        Code::MissingSource,
                    ),
                    _ => {}
                }
                Source {
                    doc: raw.title.clone().unwrap_or_default().into(),
                    section: raw.section.clone().into(),
                    kind,
                    url: url.map(Into::into),
                }
            }
        }
    }

    /// A text people read (a reason, a warning, a fact's text, the flowchart's words) with its
    /// `{doc:…}` placeholders expanded to document titles ([`documents::expand`]); `None` after
    /// reporting each placeholder that names no document and each document named by file name or
    /// number instead, at its place in the file.
    fn text(&mut self, text: &Spanned<String>) -> Option<String> {
        match documents::expand(text.get_ref()) {
            Ok(expanded) => Some(expanded),
            Err(problems) => {
                for p in problems {
                    let at = self.place(text, &p.found, p.at.start);
                    self.error(at, p.message, Some(&p.help), Code::BadCitation);
                }
                None
            }
        }
    }

    /// Where in the file the `found` that starts at byte `at` of the string value `text` is:
    /// the same occurrence of `found` in the string as written (escapes make the written form
    /// longer than the value), or the whole string when it is not there as written.
    fn place(&self, text: &Spanned<String>, found: &str, at: usize) -> Range<usize> {
        let span = text.span();
        let written = self.source.text().get(span.clone()).unwrap_or_default();
        let nth = text.get_ref()[..at].matches(found).count();
        match written.match_indices(found).nth(nth) {
            Some((i, _)) => span.start + i..span.start + i + found.len(),
            None => span,
        }
    }

    /// A rule's `short` reason: present, not blank, at most [`MAX_SHORT`] characters.
    fn short(
        &mut self,
        id: &str,
        short: Option<&Spanned<String>>,
        at: Range<usize>,
    ) -> Option<String> {
        let Some(short) = short else {
            self.error(
                at,
                format!("rule `{id}` has no `short`"),
                Some(&format!(
                    "add the reason in at most {MAX_SHORT} characters for the table, like `short = \"no servers to manage\"`"
                )),
                Code::BadShort,
            );
            return None;
        };
        let text = self.text(short)?;
        let text = text.trim();
        let len = text.chars().count();
        if text.is_empty() || len > MAX_SHORT || text.contains(char::is_control) {
            let what = if text.is_empty() {
                "is empty".to_owned()
            } else if len > MAX_SHORT {
                format!("is {len} characters long")
            } else {
                "holds a control character".to_owned()
            };
            self.error(
                short.span(),
                format!("the `short` of rule `{id}` {what}"),
                Some(&format!(
                    "write the reason in 1 to {MAX_SHORT} characters on one line; the full sentence stays in `reason`"
                )),
                Code::BadShort,
            );
            return None;
        }
        Some(text.to_owned())
    }

    /// `seen` holds the ids (and files) of every rule read so far, valid or not.
    fn rule(&mut self, r: RawRule, seen: &mut Vec<(String, String)>) -> Option<Rule> {
        let id = r.id.get_ref().clone();
        let kebab = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !kebab {
            self.error(
                r.id.span(),
                format!("rule id `{id}` is not kebab-case"),
                Some("use lowercase letters, digits and `-`, like `lambda-max-duration`"),
                Code::BadRuleId,
            );
        }
        if let Some((_, file)) = seen.iter().find(|(seen_id, _)| *seen_id == id) {
            let help = format!("the first is in {file}");
            self.error(
                r.id.span(),
                format!("rule id `{id}` is used twice"),
                Some(&help),
                Code::DuplicateRule,
            );
        } else {
            seen.push((id.clone(), self.source.name().to_owned()));
        }
        if r.services.is_empty() {
            self.error(
                r.id.span(),
                format!("rule `{id}` names no services"),
                None,
                Code::NoServices,
            );
        }
        let services: Vec<Service> = r.services.iter().filter_map(|s| self.service(s)).collect();
        let when = self.condition_with_facts(&r.when);
        let effect = match (r.effect.get_ref().as_str(), &r.points) {
            ("exclude", None) => Some(Effect::Exclude),
            ("note", None) => Some(Effect::Note),
            ("no_spot", None) => Some(Effect::NoSpot),
            ("points", Some(p)) if *p.get_ref() != 0.0 && p.get_ref().abs() <= MAX_POINTS => {
                Some(Effect::Points(*p.get_ref()))
            }
            ("points", Some(p)) => {
                self.error(
                    p.span(),
                    "`points` must be a non-zero number",
                    Some("from -100 to 100"),
                    Code::BadPoints,
                );
                None
            }
            ("points", None) => {
                self.error(
                    r.effect.span(),
                    format!("rule `{id}` has effect `points` but no `points`"),
                    Some("add `points = 1.0` (or a negative number)"),
                    Code::BadPoints,
                );
                None
            }
            ("exclude" | "note" | "no_spot", Some(p)) => {
                self.error(
                    p.span(),
                    format!(
                        "rule `{id}` has `points` but effect `{}`",
                        r.effect.get_ref()
                    ),
                    Some("only `effect = \"points\"` takes points"),
                    Code::BadPoints,
                );
                None
            }
            (other, _) => {
                let help = match suggest(other, ["exclude", "points", "note", "no_spot"]) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "expected `exclude`, `points`, `note` or `no_spot`".to_owned(),
                };
                self.error(
                    r.effect.span(),
                    format!("unknown effect `{other}`"),
                    Some(&help),
                    Code::BadEffect,
                );
                None
            }
        };
        if r.reason.get_ref().trim().is_empty() {
            self.error(
                r.reason.span(),
                format!("rule `{id}` has an empty reason"),
                Some("say in one sentence what the user can do"),
                Code::EmptyReason,
            );
        }
        let short = self.short(&id, r.short.as_ref(), r.id.span());
        let reason = self.text(&r.reason);
        // `Some(None)`: no warning; `None`: a warning that does not load.
        let warning = match &r.warning {
            None => Some(None),
            Some(w) => self.text(w).map(Some),
        };
        let source = self.cite(&r.source);
        let also = r.also.iter().map(|a| self.cite(a)).collect();
        if services.len() != r.services.len() {
            return None;
        }
        let topic = match r.topic.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
            None | Some(("documents", _)) => Topic::Documents,
            Some(("availability", _)) => Topic::Availability,
            Some(("migration", _)) => Topic::Migration,
            Some((other, span)) => {
                self.error(
                    span,
                    format!("unknown topic `{other}`"),
                    Some("expected `documents`, `availability` or `migration`"),
                    Code::BadTopic,
                );
                return None;
            }
        };
        let (when, facts) = when?;
        let facts = facts
            .into_iter()
            .filter_map(|id| {
                self.facts.get(&id).map(|value| super::FactRef {
                    id: id.into(),
                    value: value.clone(),
                })
            })
            .collect();
        Some(Rule {
            id: id.into(),
            services,
            when_text: r.when.get_ref().clone().into(),
            when: super::lowered::Condition::new(when),
            facts,
            effect: effect?,
            reason: reason?.into(),
            short: short?.into(),
            warning: warning?.map(Into::into),
            topic,
            source,
            also,
            file: self.source.name().to_owned().into(),
        })
    }

    fn flowchart(&mut self, fc: Spanned<RawFlowchart>) -> Option<Flowchart> {
        let span = fc.span();
        let fc = fc.into_inner();
        let ids: Vec<String> = fc.node.iter().map(|n| n.id.get_ref().clone()).collect();
        let mut ok = true;
        for (i, n) in fc.node.iter().enumerate() {
            if ids[..i].contains(n.id.get_ref()) {
                self.error(
                    n.id.span(),
                    format!("node id `{}` is used twice", n.id.get_ref()),
                    None,
                    Code::DuplicateNode,
                );
                ok = false;
            }
        }
        let lookup = |cx: &mut Self, id: &Spanned<String>| -> Option<usize> {
            let found = ids.iter().position(|x| x == id.get_ref());
            if found.is_none() {
                let help = suggest(id.get_ref(), ids.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                cx.error(
                    id.span(),
                    format!("no flowchart node `{}`", id.get_ref()),
                    help.as_deref(),
                    Code::UnknownNode,
                );
            }
            found
        };
        let start = lookup(self, &fc.start);
        let mut nodes = Vec::new();
        for n in &fc.node {
            if n.branches.is_empty() {
                self.error(
                    n.id.span(),
                    format!("node `{}` has no branches", n.id.get_ref()),
                    None,
                    Code::EmptyNode,
                );
                ok = false;
            }
            let mut branches = Vec::new();
            for b in &n.branches {
                let bspan = b.span();
                let b = b.get_ref();
                let when = self.condition(&b.when).map(super::lowered::Condition::new);
                let target = match (&b.next, &b.leaf) {
                    (Some(next), None) => lookup(self, next).map(Target::Node),
                    (None, Some(leaf)) => {
                        let services: Vec<Service> =
                            leaf.iter().filter_map(|s| self.service(s)).collect();
                        (services.len() == leaf.len() && !services.is_empty())
                            .then_some(Target::Leaf(services))
                    }
                    _ => {
                        self.error(
                            bspan,
                            "a branch needs either `next` (a node id) or `leaf` (service ids)",
                            None,
                            Code::BadBranch,
                        );
                        None
                    }
                };
                match (when, target) {
                    (Some(when), Some(target)) => {
                        let (label, step) = (self.text(&b.label), self.text(&b.step));
                        match (label, step) {
                            (Some(label), Some(step)) => branches.push(Branch {
                                label: label.into(),
                                when_text: b.when.get_ref().clone().into(),
                                when,
                                step: step.into(),
                                target,
                            }),
                            _ => ok = false,
                        }
                    }
                    _ => ok = false,
                }
            }
            let question = self.text(&n.question);
            ok &= question.is_some();
            nodes.push(Node {
                id: n.id.get_ref().clone().into(),
                question: question.unwrap_or_default().into(),
                branches,
            });
        }
        let bonus = *fc.bonus.get_ref();
        if !(0.0..=MAX_POINTS).contains(&bonus) {
            self.error(
                fc.bonus.span(),
                format!("`bonus` is {bonus}, outside 0 to 100"),
                Some("the flowchart bonus is a number of fit points, from 0 to 100"),
                Code::BadPoints,
            );
            return None;
        }
        let title = self.text(&fc.title)?;
        let flowchart = Flowchart {
            title: title.into(),
            source: self.cite(&fc.source),
            start: start?,
            bonus,
            nodes,
        };
        if ok && has_cycle(&flowchart) {
            self.error(
                span,
                "the flowchart has a cycle",
                Some("every path must end in a leaf"),
                Code::FlowchartCycle,
            );
            return None;
        }
        ok.then_some(flowchart)
    }
}

fn has_cycle(fc: &Flowchart) -> bool {
    // 0 = unseen, 1 = on the current path, 2 = done.
    fn visit(fc: &Flowchart, i: usize, state: &mut [u8]) -> bool {
        match state[i] {
            1 => return true,
            2 => return false,
            _ => {}
        }
        state[i] = 1;
        for b in &fc.nodes[i].branches {
            if let Target::Node(n) = b.target {
                if visit(fc, n, state) {
                    return true;
                }
            }
        }
        state[i] = 2;
        false
    }
    let mut state = vec![0; fc.nodes.len()];
    (0..fc.nodes.len()).any(|i| visit(fc, i, &mut state))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14: the compiled rules are exactly what the TOML gives, and are what the binary
    /// loads (`RUNWHERE_BLESS=1 cargo test --lib compiled_data` regenerates them).
    #[test]
    fn compiled_data_of_the_rules_is_current() {
        let rules = parse_bundled().unwrap_or_else(|e| panic!("{}", e.render()));
        let facts = super::super::FactTable((*rules.facts).clone());
        let facts_current = crate::input::compiled::check(COMPILED_FACTS, &facts);
        if !crate::input::compiled::check(COMPILED, &rules) || !facts_current {
            return;
        }
        assert!(crate::input::compiled::is_current(COMPILED));
        let loaded = bundled().unwrap();
        assert_eq!(format!("{loaded:?}"), format!("{rules:?}"));
        assert_eq!(loaded.rules, rules.rules);
        assert_eq!(loaded.facts, rules.facts);
        assert_eq!(loaded.limits, rules.limits);
        assert_eq!(loaded.flowchart, rules.flowchart);
    }

    /// `files` with the bundled facts and size grids (facts.toml), which the cost models need.
    fn load(files: &[(&str, &str)]) -> Result<RuleSet> {
        let needed = BUNDLED.iter().filter(|(n, _)| n.ends_with("/facts.toml"));
        compile(
            needed
                .chain(files)
                .map(|(n, t)| SourceFile::new(*n, *t))
                .collect(),
            "test".to_owned(),
        )
    }

    const FLOW: &str = r#"
[flowchart]
title = "t"
source = { doc = "d", section = "s" }
start = "a"
bonus = 3.0
[[flowchart.node]]
id = "a"
question = "q"
branches = [ { label = "x", when = 'shape.kind == "service"', step = "s", leaf = ["ecs"] },
             { label = "y", when = 'true', step = "t", leaf = ["lambda"] } ]
"#;

    fn errors(rules: &str) -> String {
        match load(&[("rules/flow.toml", FLOW), ("rules/r.toml", rules)]) {
            Ok(_) => String::new(),
            Err(e) => e.render(),
        }
    }

    /// Issue 16: `bonus = nan` ranked the NaN service first; points and facts took NaN and inf.
    #[test]
    fn numbers_are_finite_and_in_range() {
        for bad in ["nan", "inf", "-1.0", "1e9"] {
            let flow = FLOW.replace("bonus = 3.0", &format!("bonus = {bad}"));
            let err = match load(&[("rules/flow.toml", &flow)]) {
                Ok(_) => panic!("bonus = {bad} loads"),
                Err(e) => e.render(),
            };
            assert!(err.contains("outside 0 to 100"), "{bad}: {err}");
            assert!(err.contains("rules/flow.toml:6:9"), "{bad}: {err}");
        }
        for bad in ["nan", "inf", "-inf", "101.0"] {
            let e = errors(&format!(
                "[[rule]]\nid = \"r\"\nservices = [\"ecs\"]\nwhen = 'true'\neffect = \"points\"\npoints = {bad}\nreason = \"r\"\nshort = \"s\"\nsource = {{ doc = \"d\", section = \"s\" }}\n"
            ));
            assert!(
                e.contains("`points` must be a non-zero number"),
                "{bad}: {e}"
            );
        }
        for bad in ["nan", "inf", "1e13", "-10_000_000_000_000"] {
            let e = errors(&format!(
                "[fact.f]\nvalue = {bad}\nunit = \"u\"\ntext = \"t\"\nsource = {{ doc = \"d\", section = \"s\" }}\n"
            ));
            assert!(e.contains("fact `f` is not a finite number"), "{bad}: {e}");
        }
    }

    #[test]
    fn bundled_rules_load() {
        let set = bundled().unwrap();
        assert!(set.rules.len() >= 80, "{} rules", set.rules.len());
        assert!(!set.facts.is_empty());
    }

    /// Every rule, fact and flowchart cites a document that exists and a section heading found in it.
    /// The documents live beside the repository (`../shared`); without them the check is skipped.
    #[test]
    fn every_citation_names_a_real_section() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        if !shared.join("seeds").is_dir() {
            // Nothing to check against outside the project's own workspace.
            return;
        }
        let read = |doc: &str| {
            ["seeds", "spec"]
                .iter()
                .map(|d| shared.join(d).join(doc))
                .find(|p| p.is_file())
                .map(|p| std::fs::read_to_string(p).unwrap())
        };
        let set = bundled().unwrap();
        let mut cites: Vec<(String, &Source)> = Vec::new();
        for r in &set.rules {
            cites.push((format!("rule {}", r.id), &r.source));
            cites.extend(r.also.iter().map(|s| (format!("rule {} (also)", r.id), s)));
        }
        for f in set.facts.values() {
            cites.push((format!("fact {}", f.name), &f.source));
        }
        cites.push(("flowchart".to_owned(), &set.flowchart.source));
        let mut bad = Vec::new();
        for (what, src) in cites {
            if src.kind == SourceKind::AwsDocs {
                // Cited by URL, checked when the rules load; the page is not in the workspace.
                continue;
            }
            match read(&src.doc) {
                None => bad.push(format!("{what}: no document `{}`", src.doc)),
                Some(text) if !text.contains(&*src.section) => bad.push(format!(
                    "{what}: `{}` has no section \"{}\"",
                    src.doc, src.section
                )),
                Some(_) => {}
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn every_rules_file_is_bundled() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("rules/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| (*n).to_owned()).collect();
        bundled.sort();
        assert_eq!(on_disk, bundled);
    }

    #[test]
    fn a_good_rule_loads() {
        let text = "[[rule]]\nid = \"x-y\"\nservices = [\"lambda\"]\nwhen = 'resources.gpus > 0'\neffect = \"exclude\"\nreason = \"r\"\nshort = \"s\"\nsource = { doc = \"d\", section = \"s\" }\n";
        assert_eq!(errors(text), "");
    }

    /// Issue 15: every rule has a `short` reason for the 80-column table, checked at load.
    #[test]
    fn every_rule_has_a_short_reason_of_at_most_24_characters() {
        let rule = |short: &str| {
            format!(
                "[[rule]]\nid = \"x\"\nservices = [\"lambda\"]\nwhen = 'true'\neffect = \"note\"\nreason = \"r\"\n{short}source = {{ doc = \"d\", section = \"s\" }}\n"
            )
        };
        assert_eq!(errors(&rule("short = \"exactly 24 characters ok\"\n")), "");
        let e = errors(&rule(""));
        assert!(e.contains("rule `x` has no `short`"), "{e}");
        assert!(e.contains("rules/r.toml:2:6"), "{e}");
        let e = errors(&rule("short = \"twenty-five characters ok\"\n"));
        assert!(
            e.contains("the `short` of rule `x` is 25 characters long"),
            "{e}"
        );
        assert!(e.contains("rules/r.toml:7:9"), "{e}");
        assert!(errors(&rule("short = \" \"\n")).contains("is empty"));
        // The bundled rules all have one.
        let set = bundled().unwrap();
        for r in &set.rules {
            assert!(
                !r.short.is_empty() && r.short.chars().count() <= MAX_SHORT,
                "{}: {:?}",
                r.id,
                r.short
            );
        }
    }

    /// Issue 15: texts people read cite documents by title: `{doc:…}` placeholders expand at
    /// load, and a document named by number or file name is an error at its line and column
    /// (escapes before it in the string do not shift the column).
    #[test]
    fn texts_cite_documents_by_title_not_file_name() {
        let rule = |reason: &str, warning: &str| {
            format!(
                "[[rule]]\nid = \"x\"\nservices = [\"batch\"]\nwhen = 'true'\neffect = \"note\"\nreason = \"{reason}\"\nshort = \"s\"\nwarning = \"{warning}\"\nsource = {{ doc = \"d\", section = \"s\" }}\n"
            )
        };
        let good = rule(
            "See {doc:000 § Don't Use Batch When}",
            "\\\"Up to 70%\\\" ({doc:001 § Fargate Launch Type})",
        );
        let set = load(&[("rules/flow.toml", FLOW), ("rules/r.toml", &good)]).unwrap();
        let r = &set.rules[0];
        assert_eq!(
            r.reason,
            "See Other Compute Services (LearningTree), \"Don't Use Batch When\""
        );
        assert_eq!(
            r.warning.as_deref(),
            Some(
                "\"Up to 70%\" (AWS Compute & Containers (AWS Deep Dives), \"Fargate Launch Type\")"
            )
        );

        // Line 8 is the warning: `warning = "\"a\" per 001 \"Pricing\""`; `001` is at column 22
        // (after two `\"` escapes), the file name in the reason at line 6, column 17.
        let e = errors(&rule(
            "As in 000_2ff4b9250b2fa24a.txt",
            "\\\"a\\\" per 001 \\\"Pricing\\\"",
        ));
        assert!(
            e.contains("error: `001` names a source document by its number"),
            "{e}"
        );
        assert!(e.contains("rules/r.toml:8:22"), "{e}");
        assert!(
            e.contains("`000_2ff4b9250b2fa24a.txt` names a source document by its file name"),
            "{e}"
        );
        assert!(e.contains("rules/r.toml:6:17"), "{e}");
        // A placeholder naming no document; a fact's text; the flowchart's words; a `short`.
        let e = errors(&rule("See {doc:mine § Intro}", "w"));
        assert!(
            e.contains("`{doc:mine § Intro}` names no document of the titles table")
                && e.contains("rules/r.toml:6:15"),
            "{e}"
        );
        let fact = "[fact.f]\nvalue = 1\nunit = \"u\"\ntext = \"000 says one\"\nsource = { doc = \"d\", section = \"s\" }\n";
        assert!(
            errors(fact).contains("rules/r.toml:4:9"),
            "{}",
            errors(fact)
        );
        let flow = FLOW.replace("step = \"t\"", "step = \"(see 002)\"");
        let e = load(&[("rules/flow.toml", &flow)]).unwrap_err().render();
        assert!(e.contains("`002` names a source document"), "{e}");
        let e = errors(&rule("r", "w").replace("short = \"s\"", "short = \"per 004\""));
        assert!(e.contains("rules/r.toml:7:14"), "{e}");
    }

    #[test]
    fn unknown_attribute_points_inside_the_condition() {
        let text = "[[rule]]\nid = \"x\"\nservices = [\"lambda\"]\nwhen = 'resources.gpu > 0'\neffect = \"exclude\"\nreason = \"r\"\nshort = \"s\"\nsource = { doc = \"d\", section = \"s\" }\n";
        let e = errors(text);
        assert!(e.contains("unknown attribute `resources.gpu`"), "{e}");
        // Line 4, column 9: just inside the opening quote of `when`.
        assert!(e.contains("rules/r.toml:4:9"), "{e}");
        assert!(e.contains("did you mean `resources.gpus`?"), "{e}");
    }

    #[test]
    fn unknown_service_type_mismatch_and_duplicates() {
        let text = r#"
[[rule]]
id = "a"
services = ["lamda"]
when = 'resources.vcpu == "big"'
effect = "points"
reason = "r"
short = "s"
source = { doc = "d", section = "s" }

[[rule]]
id = "a"
services = ["ecs"]
when = 'true'
effect = "exclud"
reason = "r"
short = "s"
source = { doc = "d", section = "s" }
"#;
        let e = errors(text);
        assert!(
            e.contains("unknown service `lamda`") && e.contains("did you mean `lambda`?"),
            "{e}"
        );
        assert!(e.contains("cannot compare a number with a string"), "{e}");
        assert!(e.contains("has effect `points` but no `points`"), "{e}");
        assert!(e.contains("rule id `a` is used twice"), "{e}");
        assert!(
            e.contains("unknown effect `exclud`") && e.contains("did you mean `exclude`?"),
            "{e}"
        );
        assert!(e.contains("rules/r.toml:4:13"), "{e}");
    }

    #[test]
    fn aws_docs_sources_need_a_title_and_an_aws_url() {
        let rule = |source: &str| {
            format!(
                "[[rule]]\nid = \"x\"\nservices = [\"batch\"]\nwhen = 'true'\neffect = \"note\"\nreason = \"r\"\nshort = \"s\"\nsource = {source}\n"
            )
        };
        let good = r#"{ kind = "aws-docs", title = "When to use AWS Batch", section = "Short jobs", url = "https://docs.aws.amazon.com/batch/latest/userguide/bestpractice1.html" }"#;
        assert_eq!(errors(&rule(good)), "");
        let set = load(&[("rules/flow.toml", FLOW), ("rules/r.toml", &rule(good))]).unwrap();
        let src = &set.rules[0].source;
        assert_eq!(src.kind, SourceKind::AwsDocs);
        assert_eq!(
            src.to_string(),
            "AWS docs: When to use AWS Batch, \"Short jobs\" <https://docs.aws.amazon.com/batch/latest/userguide/bestpractice1.html>"
        );

        let e = errors(&rule(
            r#"{ kind = "aws-docs", title = "t", section = "s" }"#,
        ));
        assert!(e.contains("an `aws-docs` source needs a `url`"), "{e}");
        assert!(e.contains("rules/r.toml:8:10"), "{e}");
        let e = errors(&rule(
            r#"{ kind = "aws-docs", title = "t", section = "s", url = "https://example.com/batch" }"#,
        ));
        assert!(
            e.contains("`https://example.com/batch` is not an AWS documentation URL"),
            "{e}"
        );
        let e = errors(&rule(
            r#"{ kind = "aws-docs", doc = "d", section = "s", url = "https://aws.amazon.com/batch/" }"#,
        ));
        assert!(
            e.contains("needs `title` and `section` (and no `doc`)"),
            "{e}"
        );
        let e = errors(&rule(r#"{ kind = "aws-doc", doc = "d", section = "s" }"#));
        assert!(
            e.contains("unknown source kind `aws-doc`") && e.contains("did you mean `aws-docs`?"),
            "{e}"
        );
        // A document citation takes no URL; `also` and facts are checked the same way.
        let e = errors(&rule(
            r#"{ doc = "d", section = "s", url = "https://docs.aws.amazon.com/x" }"#,
        ));
        assert!(
            e.contains("a document source has no `title` or `url`"),
            "{e}"
        );
        let also = rule(r#"{ doc = "d", section = "s" }"#)
            + "also = [ { kind = \"aws-docs\", title = \"t\", section = \"s\" } ]\n";
        assert!(errors(&also).contains("needs a `url`"));
        let fact = "[fact.f]\nvalue = 1\nunit = \"u\"\ntext = \"t\"\nsource = { kind = \"aws-docs\", title = \"t\", section = \"s\" }\n";
        assert!(errors(fact).contains("needs a `url`"));
    }

    #[test]
    fn unknown_keys_and_missing_flowchart() {
        let e = errors("[[rule]]\nid = \"a\"\nservice = [\"ecs\"]\n");
        assert!(e.contains("unknown field `service`"), "{e}");
        let err = load(&[("rules/r.toml", "")]).unwrap_err();
        assert!(err.to_string().contains("no [flowchart]"), "{err}");
    }

    #[test]
    fn the_cost_models_facts_must_be_there() {
        let facts = BUNDLED[0].1;
        let without = facts.replacen("[fact.node_reserved_gib]", "[fact.node_reserved]", 1);
        let files = |facts: &str| {
            compile(
                vec![
                    SourceFile::new("rules/facts.toml", facts),
                    SourceFile::new("rules/flow.toml", FLOW),
                ],
                "test".to_owned(),
            )
        };
        assert!(files(facts).is_ok());
        let err = files(&without).unwrap_err().render();
        assert!(err.contains("fact `node_reserved_gib` is missing"), "{err}");
        let text = facts.replacen("value = 10240", "value = \"big\"", 1);
        let err = files(&text).unwrap_err().render();
        assert!(
            err.contains("fact `lambda_max_memory_mb` must be a positive number"),
            "{err}"
        );
    }

    #[test]
    fn size_grids_go_from_small_to_large() {
        let facts = BUNDLED[0].1;
        let unsorted = facts.replacen("memory_gb = [0.5, 1, 2]", "memory_gb = [1, 0.5, 2]", 1);
        let err = load(&[("rules/flow.toml", FLOW)]).map(|_| ());
        assert!(err.is_ok());
        let err = compile(
            vec![
                SourceFile::new("rules/facts.toml", &unsorted),
                SourceFile::new("rules/flow.toml", FLOW),
            ],
            "test".to_owned(),
        )
        .unwrap_err()
        .render();
        assert!(
            err.contains("size grid `fargate`: sizes go from small to large"),
            "{err}"
        );
        let bad_range = facts.replacen(
            "from = 16, to = 60, step = 4",
            "from = 16, to = 60, step = 0",
            1,
        );
        let err = compile(
            vec![
                SourceFile::new("rules/facts.toml", &bad_range),
                SourceFile::new("rules/flow.toml", FLOW),
            ],
            "test".to_owned(),
        )
        .unwrap_err()
        .render();
        assert!(err.contains("a positive `step`"), "{err}");
    }

    #[test]
    fn flowchart_references_and_cycles() {
        let bad = FLOW.replace("start = \"a\"", "start = \"b\"");
        let err = load(&[("rules/flow.toml", &bad)]).unwrap_err().render();
        assert!(err.contains("no flowchart node `b`"), "{err}");
        let cyclic = FLOW.replace("leaf = [\"lambda\"]", "next = \"a\"");
        let err = load(&[("rules/flow.toml", &cyclic)]).unwrap_err().render();
        assert!(err.contains("cycle"), "{err}");
    }
}
