//! The rule engine's data: facts, rules and the decision flowchart, loaded from `rules/*.toml`
//! (embedded in the binary, or from `--rules-dir`), checked at load time, and evaluated against a
//! workload by [`engine::evaluate`]. No rule logic lives in Rust code.

pub mod attributes;
pub mod condition;
pub mod documents;
pub mod engine;
pub mod limits;
mod load;
pub mod lowered;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use limits::{CapacityUnit, Limits};
pub use load::{MAX_SHORT, bundled_files};

use crate::service::Service;
use condition::Value;

/// A text of the rules: borrowed from the compiled data's string table for the bundled rules
/// (see `crate::input::compiled::text`), owned when read from a directory.
pub type Text = std::borrow::Cow<'static, str>;

/// What kind of source a citation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// One of the source documents (a file name and a section heading in it); the default.
    Document,
    /// A page of AWS's own documentation (user guides, best practices, decision guides), cited by
    /// page title, section and URL.
    AwsDocs,
}

impl SourceKind {
    pub const ALL: [Self; 2] = [Self::Document, Self::AwsDocs];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Document => "document",
            Self::AwsDocs => "aws-docs",
        }
    }

    fn is_document(&self) -> bool {
        *self == Self::Document
    }
}

/// Where a rule or fact comes from: a source document and the section heading in it, or an AWS
/// documentation page (`doc` is then the page title) and its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub doc: Text,
    pub section: Text,
    pub kind: SourceKind,
    pub url: Option<Text>,
}

/// In JSON (and every human-readable form): `doc` (the file name, for scripts), `title` (a
/// document's title, from [`documents::title`], when the table has one) and `section`, with
/// `kind` when it is not a document and `url` when there is one. In the compiled data: every field, in order.
impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let Self {
            doc,
            section,
            kind,
            url,
        } = self;
        if !s.is_human_readable() {
            return Compiled {
                doc: doc.clone(),
                section: section.clone(),
                kind: *kind,
                url: url.clone(),
            }
            .serialize(s);
        }
        let title = kind.is_document().then(|| documents::title(doc)).flatten();
        let len = 2
            + usize::from(title.is_some())
            + usize::from(!kind.is_document())
            + usize::from(url.is_some());
        let mut st = s.serialize_struct("Source", len)?;
        st.serialize_field("doc", doc)?;
        match title {
            Some(title) => st.serialize_field("title", title)?,
            None => st.skip_field("title")?,
        }
        st.serialize_field("section", section)?;
        if kind.is_document() {
            st.skip_field("kind")?;
        } else {
            st.serialize_field("kind", kind)?;
        }
        match url {
            Some(url) => st.serialize_field("url", url)?,
            None => st.skip_field("url")?,
        }
        st.end()
    }
}

/// The compiled data's form of a source (see its `Serialize`).
impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Compiled {
            doc,
            section,
            kind,
            url,
        } = Deserialize::deserialize(d)?;
        Ok(Self {
            doc,
            section,
            kind,
            url,
        })
    }
}

/// A source in the compiled data: every field, in order, texts from the string table.
#[derive(Serialize, Deserialize)]
struct Compiled {
    #[serde(with = "crate::input::compiled::text")]
    doc: Text,
    #[serde(with = "crate::input::compiled::text")]
    section: Text,
    kind: SourceKind,
    #[serde(with = "crate::input::compiled::text::option")]
    url: Option<Text>,
}

impl Source {
    /// A section of a source document.
    pub fn document(doc: impl Into<String>, section: impl Into<String>) -> Self {
        Self {
            doc: doc.into().into(),
            section: section.into().into(),
            kind: SourceKind::Document,
            url: None,
        }
    }
}

impl Source {
    /// The citation as a reader sees it: a source document by its title (from
    /// [`documents::title`]) and section; an AWS page by its title, section (when it differs) and
    /// URL.
    pub fn cited(&self) -> String {
        match (self.kind, &self.url) {
            (SourceKind::AwsDocs, Some(url)) if self.section == self.doc => {
                format!("AWS documentation: {} <{url}>", self.doc)
            }
            (SourceKind::AwsDocs, Some(url)) => {
                format!(
                    "AWS documentation: {}, \"{}\" <{url}>",
                    self.doc, self.section
                )
            }
            _ => match documents::title(&self.doc) {
                Some(title) => format!("{title}, \"{}\"", self.section),
                None => self.to_string(),
            },
        }
    }
}

/// The citation in running text: a source document by its title (from [`documents::title`]; its
/// file name only when the table has no title for it) and section; an AWS page by its title,
/// section and URL.
impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.kind, &self.url) {
            (SourceKind::AwsDocs, Some(url)) => {
                write!(f, "AWS docs: {}, \"{}\" <{url}>", self.doc, self.section)
            }
            _ => write!(
                f,
                "{}, \"{}\"",
                documents::title(&self.doc).unwrap_or(&self.doc),
                self.section
            ),
        }
    }
}

/// A named limit or number the rules refer to as `fact.<name>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    #[serde(with = "crate::input::compiled::text")]
    pub name: Text,
    pub value: Value,
    #[serde(with = "crate::input::compiled::text")]
    pub unit: Text,
    #[serde(with = "crate::input::compiled::text")]
    pub text: Text,
    pub source: Source,
}

/// A fact a rule's condition reads, and its value: what a reason speaks of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactRef {
    #[serde(with = "crate::input::compiled::text")]
    pub id: Text,
    pub value: Value,
}

/// What a rule does when its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// A hard rule: the service cannot run the workload.
    Exclude,
    /// A soft rule: fit points, positive or negative.
    Points(f64),
    /// Only a warning or caveat; no effect on eligibility or fit.
    Note,
    /// A purchase rule: the service is priced without Spot capacity (On-Demand or a Savings Plan).
    NoSpot,
}

impl Effect {
    pub fn kind(self) -> &'static str {
        match self {
            Self::Exclude => "exclude",
            Self::Points(_) => "points",
            Self::Note => "note",
            Self::NoSpot => "no_spot",
        }
    }

    pub fn points(self) -> f64 {
        match self {
            Self::Points(p) => p,
            Self::Exclude | Self::Note | Self::NoSpot => 0.0,
        }
    }
}

/// What a rule's warning is about, for grouping caveats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Topic {
    /// What the source documents say (a contradiction, or a caveat on a choice).
    #[default]
    Documents,
    /// Whether AWS still offers the service.
    Availability,
    /// What moving from today's setup (`[current]`) to the service takes.
    Migration,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    #[serde(with = "crate::input::compiled::text")]
    pub id: Text,
    pub services: Vec<Service>,
    /// The condition as written, for `explain` and `rules list`.
    #[serde(with = "crate::input::compiled::text")]
    pub when_text: Text,
    pub when: lowered::Condition,
    /// The facts the condition reads, in order, with their values (shared by every reason the
    /// rule gives).
    #[serde(deserialize_with = "shared_facts")]
    pub facts: std::sync::Arc<[FactRef]>,
    pub effect: Effect,
    #[serde(with = "crate::input::compiled::text")]
    pub reason: Text,
    /// The reason in at most [`MAX_SHORT`] characters, for the 80-column table.
    #[serde(with = "crate::input::compiled::text")]
    pub short: Text,
    #[serde(with = "crate::input::compiled::text::option")]
    pub warning: Option<Text>,
    /// What the warning is about (`topic = "availability"`; `documents` by default).
    pub topic: Topic,
    pub source: Source,
    pub also: Vec<Source>,
    /// The rules file it came from.
    #[serde(with = "crate::input::compiled::text")]
    pub file: Text,
}

/// A rule's facts, decoded into one shared allocation; the many rules that read no fact share
/// one empty list instead of allocating each their own.
fn shared_facts<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::sync::Arc<[FactRef]>, D::Error> {
    static NONE: std::sync::LazyLock<std::sync::Arc<[FactRef]>> =
        std::sync::LazyLock::new(|| std::sync::Arc::from([]));
    let facts = Vec::<FactRef>::deserialize(d)?;
    Ok(if facts.is_empty() {
        NONE.clone()
    } else {
        facts.into()
    })
}

/// Where a flowchart branch goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Target {
    /// Index of the next node.
    Node(usize),
    /// The services this path recommends.
    Leaf(Vec<Service>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    #[serde(with = "crate::input::compiled::text")]
    pub label: Text,
    #[serde(with = "crate::input::compiled::text")]
    pub when_text: Text,
    pub when: lowered::Condition,
    #[serde(with = "crate::input::compiled::text")]
    pub step: Text,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    #[serde(with = "crate::input::compiled::text")]
    pub id: Text,
    #[serde(with = "crate::input::compiled::text")]
    pub question: Text,
    pub branches: Vec<Branch>,
}

/// The documents' decision flowchart as a decision tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flowchart {
    #[serde(with = "crate::input::compiled::text")]
    pub title: Text,
    pub source: Source,
    pub start: usize,
    /// Fit points for the services the path reaches.
    pub bonus: f64,
    pub nodes: Vec<Node>,
}

/// Every fact by name.
///
/// Ranking reads the typed [`Limits`] and each rule's [`FactRef`]s, never this table: for the
/// bundled rules it is decoded on first use (`compiled/rules-facts.bin`), by reports and `rules`.
/// In the compiled rules it is left out; in every human-readable form it is the table.
#[derive(Clone, Default)]
pub struct Facts(std::sync::OnceLock<BTreeMap<Text, Fact>>);

impl Facts {
    pub(crate) fn new(facts: BTreeMap<Text, Fact>) -> Self {
        Self(std::sync::OnceLock::from(facts))
    }
}

impl std::ops::Deref for Facts {
    type Target = BTreeMap<Text, Fact>;
    fn deref(&self) -> &Self::Target {
        self.0.get_or_init(load::bundled_facts)
    }
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for Facts {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// The facts as a table, for their own compiled file and human-readable forms.
#[derive(Serialize, Deserialize)]
pub(crate) struct FactTable(
    #[serde(with = "crate::input::compiled::text::map")] pub(crate) BTreeMap<Text, Fact>,
);

impl Serialize for Facts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            FactTable(self.0.get().cloned().unwrap_or_default()).serialize(s)
        } else {
            ().serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Facts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            FactTable::deserialize(d).map(|t| Self::new(t.0))
        } else {
            <()>::deserialize(d).map(|()| Self::default())
        }
    }
}

/// Every fact, rule and the flowchart, checked and ready to evaluate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleSet {
    pub facts: Facts,
    /// The facts the cost models use, typed (read from `facts` and the size grids at load).
    pub limits: Limits,
    pub rules: Vec<Rule>,
    pub flowchart: Flowchart,
    /// `bundled` or the directory the rules came from.
    #[serde(with = "crate::input::compiled::text")]
    pub origin: Text,
    /// The files read, in order.
    #[serde(with = "crate::input::compiled::text::list")]
    pub files: Vec<Text>,
}

impl RuleSet {
    /// The rules embedded in the binary.
    ///
    /// # Errors
    /// Only if a bundled rules file is broken, which the test suite rules out.
    pub fn bundled() -> crate::Result<Self> {
        load::bundled()
    }

    /// Every `*.toml` in `dir`, instead of the bundled rules.
    ///
    /// # Errors
    /// Unreadable files, and every problem in the rules (each with file, line and column).
    pub fn from_dir(dir: &std::path::Path) -> crate::Result<Self> {
        load::from_dir(dir)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}
