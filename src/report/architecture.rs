//! Architecture diagrams as data (`architecture/services.toml`, embedded in the binary): each
//! service's components and connections, taken from the source documents' architecture diagrams.
//!
//! This module loads and checks the data and picks the components that apply to one workload; it
//! does not lay anything out or draw (see [`super::diagram`] and [`super::svg`]).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::cost::Compute;
use crate::error::{Error, Result};
use crate::input::data::{BundledFile, DataSource};
use crate::input::diagnostic::{Code, Diagnostic, Diagnostics, one_of};
use crate::input::source::SourceFile;
use crate::rules::condition::{self, Expr};
use crate::rules::{Source, attributes};
use crate::service::Service;
use crate::workload::Workload;

/// The bundled data file's name, as errors show it, and its text.
pub const BUNDLED: BundledFile = (
    "architecture/services.toml",
    include_str!("../../architecture/services.toml"),
);

/// The name of the diagrams' compiled form in `compiled/`.
const COMPILED: &str = "architecture";

/// What a box stands for; decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Outside AWS: users, a Git host, whoever submits jobs.
    External,
    /// Where traffic or events enter: load balancers, API Gateway, event sources.
    Entry,
    /// What decides where the work runs: an ECS service, a control plane, a job queue.
    Control,
    /// Where the workload's code runs; the priced part.
    Compute,
    /// Services the compute depends on: images, logs, roles, storage.
    Support,
}

impl Role {
    const NAMES: [&'static str; 5] = ["external", "entry", "control", "compute", "support"];

    fn from_name(s: &str) -> Option<Self> {
        match s {
            "external" => Some(Self::External),
            "entry" => Some(Self::Entry),
            "control" => Some(Self::Control),
            "compute" => Some(Self::Compute),
            "support" => Some(Self::Support),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::External => "external",
            Self::Entry => "entry",
            Self::Control => "control",
            Self::Compute => "compute",
            Self::Support => "support",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct Component {
    pub id: String,
    pub label: String,
    pub detail: Option<String>,
    pub role: Role,
    /// Drawn only when this holds for the workload.
    pub when: Option<Expr>,
    /// Drawn only when the service was priced on this compute.
    pub compute: Option<Compute>,
    /// Shows the priced variant as a third line.
    pub variant: bool,
}

#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
}

/// One service's diagram, before it is fitted to a workload.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct ServiceArchitecture {
    pub service: Service,
    pub title: String,
    pub sources: Vec<Source>,
    /// What the team manages when it runs on this service, for the report's Consequences.
    pub operations: Option<Note>,
    /// How much of the setup is the service's own, for the report's Consequences.
    pub lock_in: Option<Note>,
    pub components: Vec<Component>,
    pub edges: Vec<Edge>,
}

/// A sentence about a service, with the document sections it rests on.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    pub sources: Vec<Source>,
}

/// The components and edges that apply to one workload, in file order.
#[derive(Debug, Clone)]
pub struct Fitted<'a> {
    pub components: Vec<&'a Component>,
    pub edges: Vec<&'a Edge>,
}

impl ServiceArchitecture {
    /// Keeps the components whose condition holds for `workload` and whose `compute` (if any)
    /// matches the one the service was priced on, and the edges between kept components.
    pub fn fit(
        &self,
        workload: &Workload,
        limits: &crate::rules::Limits,
        compute: Option<Compute>,
    ) -> Fitted<'_> {
        let env = attributes::values(workload, limits);
        let components: Vec<&Component> = self
            .components
            .iter()
            .filter(|c| c.when.as_ref().is_none_or(|e| e.truthy(&env)))
            .filter(|c| c.compute.is_none_or(|want| Some(want) == compute))
            .collect();
        let kept = |id: &str| components.iter().any(|c| c.id == id);
        let edges = self
            .edges
            .iter()
            .filter(|e| kept(&e.from) && kept(&e.to))
            .collect();
        Fitted { components, edges }
    }
}

/// Every service's diagram.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct Architectures {
    pub services: Vec<ServiceArchitecture>,
}

impl Architectures {
    /// The diagrams embedded in the binary.
    ///
    /// # Errors
    /// Only if the bundled file is broken, which the test suite rules out.
    pub fn bundled() -> Result<Self> {
        // The compiled form when it was made from the bundled files this binary holds, else (a
        // stale `compiled/`, while it is being regenerated) the TOML, parsed and checked.
        match crate::input::compiled::decode(COMPILED) {
            Some(architectures) => Ok(architectures),
            None => Self::parse_bundled(),
        }
    }

    /// The bundled diagrams from their TOML: what their compiled form holds.
    fn parse_bundled() -> Result<Self> {
        Self::load(&DataSource::Bundled(&[BUNDLED]))
    }

    /// The diagrams in every file of `data`, each file checked on its own.
    ///
    /// # Errors
    /// A file that cannot be read or that has problems, or a directory without files.
    pub fn load(data: &DataSource) -> Result<Self> {
        let files = data.files(crate::input::source::Limit::RULES, |dir| {
            Error::Usage(format!(
                "no architecture files (`*.toml`) in `{}`",
                dir.display()
            ))
        })?;
        let mut services = Vec::new();
        for source in &files {
            services.extend(Self::parse(source)?.services);
        }
        Ok(Self { services })
    }

    pub fn parse(source: &SourceFile) -> Result<Self> {
        let raw: RawFile = crate::input::data::parse(source)?;
        let mut cx = Checker {
            source,
            diags: Diagnostics::default(),
            no_facts: BTreeMap::new(),
        };
        let mut services: Vec<ServiceArchitecture> = Vec::new();
        for s in raw.service {
            let Some(service) = cx.service(&s.id) else {
                continue;
            };
            if services.iter().any(|x| x.service == service) {
                cx.error(
                    s.id.span(),
                    format!("service `{}` has two diagrams", s.id.get_ref()),
                    Code::DuplicateDiagram,
                );
                continue;
            }
            services.push(cx.diagram(service, s));
        }
        for service in Service::ALL {
            if !services.iter().any(|s| s.service == service) {
                cx.diags.push(
                    Diagnostic::new(source, None, format!("no diagram for service `{service}`"))
                        .with_code(Code::MissingDiagram),
                );
            }
        }
        if cx.diags.is_empty() {
            services.sort_by_key(|s| s.service);
            Ok(Self { services })
        } else {
            Err(Error::Invalid(cx.diags))
        }
    }

    pub fn get(&self, service: Service) -> Option<&ServiceArchitecture> {
        self.services.iter().find(|s| s.service == service)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    service: Vec<RawService>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: Spanned<String>,
    title: String,
    sources: Vec<RawSource>,
    operations: Option<RawNote>,
    lock_in: Option<RawNote>,
    component: Vec<RawComponent>,
    #[serde(default)]
    edge: Vec<RawEdge>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    doc: String,
    section: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNote {
    text: String,
    sources: Vec<RawSource>,
}

impl RawNote {
    fn note(self) -> Note {
        Note {
            text: self.text,
            sources: self.sources.into_iter().map(RawSource::source).collect(),
        }
    }
}

impl RawSource {
    fn source(self) -> Source {
        Source::document(self.doc, self.section)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComponent {
    id: Spanned<String>,
    label: String,
    detail: Option<String>,
    role: Spanned<String>,
    when: Option<Spanned<String>>,
    compute: Option<Spanned<String>>,
    #[serde(default)]
    variant: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdge {
    from: Spanned<String>,
    to: Spanned<String>,
    label: Option<String>,
}

struct Checker<'a> {
    source: &'a SourceFile,
    diags: Diagnostics,
    /// Diagrams read workload attributes only.
    no_facts: BTreeMap<String, condition::Value>,
}

impl Checker<'_> {
    fn error(&mut self, span: Range<usize>, message: String, code: Code) {
        self.diags
            .push(Diagnostic::new(self.source, Some(span), message).with_code(code));
    }

    fn service(&mut self, id: &Spanned<String>) -> Option<Service> {
        let found = Service::from_id(id.get_ref());
        if found.is_none() {
            let ids: Vec<&str> = Service::ids().collect();
            self.diags.push(
                Diagnostic::new(
                    self.source,
                    Some(id.span()),
                    format!("unknown service `{}`", id.get_ref()),
                )
                .with_code(Code::UnknownService)
                .with_help(format!("expected {}", one_of(&ids))),
            );
        }
        found
    }

    fn condition(&mut self, when: &Spanned<String>) -> Option<Expr> {
        match condition::parse(when.get_ref(), &self.no_facts) {
            Ok(e) => Some(e),
            Err(e) => {
                self.diags.push(
                    Diagnostic::new(self.source, Some(when.span()), e.message)
                        .with_optional_help(e.help)
                        .with_code(Code::BadCondition),
                );
                None
            }
        }
    }

    fn diagram(&mut self, service: Service, s: RawService) -> ServiceArchitecture {
        let mut components: Vec<Component> = Vec::new();
        for c in s.component {
            let id = c.id.get_ref().clone();
            let kebab = !id.is_empty()
                && id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
            if !kebab {
                self.error(
                    c.id.span(),
                    format!("component id `{id}` is not kebab-case"),
                    Code::BadId,
                );
            }
            if components.iter().any(|x| x.id == id) {
                self.error(
                    c.id.span(),
                    format!("component `{id}` is defined twice in `{service}`"),
                    Code::DuplicateComponent,
                );
                continue;
            }
            let role = Role::from_name(c.role.get_ref());
            if role.is_none() {
                self.diags.push(
                    Diagnostic::new(
                        self.source,
                        Some(c.role.span()),
                        format!("unknown role `{}`", c.role.get_ref()),
                    )
                    .with_code(Code::InvalidValue)
                    .with_help(format!("expected {}", one_of(&Role::NAMES))),
                );
            }
            let when = c.when.as_ref().and_then(|w| self.condition(w));
            let compute = match c.compute.as_ref().map(|x| x.get_ref().as_str()) {
                None => None,
                Some("ec2") => Some(Compute::Ec2),
                Some("fargate") => Some(Compute::Fargate),
                Some(other) => {
                    let span = c.compute.as_ref().map_or(0..0, Spanned::span);
                    self.diags.push(
                        Diagnostic::new(
                            self.source,
                            Some(span),
                            format!("unknown compute `{other}`"),
                        )
                        .with_code(Code::InvalidValue)
                        .with_help(format!("expected {}", one_of(&["ec2", "fargate"]))),
                    );
                    None
                }
            };
            components.push(Component {
                id,
                label: c.label,
                detail: c.detail,
                role: role.unwrap_or(Role::Support),
                when,
                compute,
                variant: c.variant,
            });
        }
        if !components.iter().any(|c| c.role == Role::Compute) {
            self.error(
                s.id.span(),
                format!("the diagram of `{service}` has no `compute` component"),
                Code::NoCompute,
            );
        }
        let mut edges = Vec::new();
        for e in s.edge {
            for end in [&e.from, &e.to] {
                if !components.iter().any(|c| &c.id == end.get_ref()) {
                    let ids: Vec<&str> = components.iter().map(|c| c.id.as_str()).collect();
                    self.diags.push(
                        Diagnostic::new(
                            self.source,
                            Some(end.span()),
                            format!("no component `{}` in `{service}`", end.get_ref()),
                        )
                        .with_code(Code::UnknownComponent)
                        .with_help(format!("expected {}", one_of(&ids))),
                    );
                }
            }
            edges.push(Edge {
                from: e.from.into_inner(),
                to: e.to.into_inner(),
                label: e.label,
            });
        }
        for c in &components {
            if !edges.iter().any(|e| e.from == c.id || e.to == c.id) {
                self.diags.push(
                    Diagnostic::new(
                        self.source,
                        None,
                        format!("component `{}` of `{service}` has no edge", c.id),
                    )
                    .with_code(Code::UnconnectedComponent),
                );
            }
        }
        ServiceArchitecture {
            service,
            title: s.title,
            sources: s.sources.into_iter().map(RawSource::source).collect(),
            operations: s.operations.map(RawNote::note),
            lock_in: s.lock_in.map(RawNote::note),
            components,
            edges,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Issue 14: the compiled diagrams are exactly what the TOML gives, and are what the binary
    /// loads (`RUNWHERE_BLESS=1 cargo test --lib compiled_data` regenerates them).
    #[test]
    fn compiled_data_of_the_diagrams_is_current() {
        let parsed = Architectures::parse_bundled().unwrap_or_else(|e| panic!("{}", e.render()));
        if !crate::input::compiled::check(COMPILED, &parsed) {
            return;
        }
        assert!(crate::input::compiled::is_current(COMPILED));
        let loaded = Architectures::bundled().unwrap();
        assert_eq!(format!("{loaded:?}"), format!("{parsed:?}"));
    }

    #[test]
    fn bundled_diagrams_load() {
        let a = Architectures::bundled().unwrap();
        assert_eq!(a.services.len(), Service::ALL.len());
        for s in &a.services {
            assert!(!s.sources.is_empty(), "{} cites its documents", s.service);
            // The report's Consequences say what the team takes on and how much is the service's own.
            for note in [&s.operations, &s.lock_in] {
                let note = note.as_ref().unwrap_or_else(|| panic!("{}", s.service));
                assert!(!note.text.is_empty() && !note.sources.is_empty());
            }
        }
    }

    /// Every citation names a document beside the repository and a section heading found in it.
    #[test]
    fn every_citation_names_a_real_section() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        if !shared.is_dir() {
            // Nothing to check against outside the project's own workspace.
            return;
        }
        let mut bad = Vec::new();
        for s in Architectures::bundled().unwrap().services {
            let notes = s.operations.iter().chain(&s.lock_in);
            for src in s.sources.iter().chain(notes.flat_map(|n| &n.sources)) {
                match std::fs::read_to_string(shared.join(&*src.doc)) {
                    Err(_) => bad.push(format!("{}: no document `{}`", s.service, src.doc)),
                    Ok(text) if !text.contains(&*src.section) => bad.push(format!(
                        "{}: `{}` has no section \"{}\"",
                        s.service, src.doc, src.section
                    )),
                    Ok(_) => {}
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    fn errors(text: &str) -> String {
        match Architectures::parse(&SourceFile::new("test.toml", text)) {
            Ok(_) => String::new(),
            Err(e) => e.render(),
        }
    }

    #[test]
    fn bad_references_are_reported_together() {
        let text = r#"
[[service]]
id = "lambda"
title = "t"
sources = []
[[service.component]]
id = "fn"
label = "Function"
role = "compute"
when = "shape.kynd == 1"
[[service.component]]
id = "logs"
label = "Logs"
role = "suport"
[[service.edge]]
from = "fn"
to = "log"
"#;
        let e = errors(text);
        assert!(e.contains("shape.kynd"), "{e}");
        assert!(e.contains("unknown role `suport`"), "{e}");
        assert!(e.contains("no component `log` in `lambda`"), "{e}");
        assert!(
            e.contains("component `logs` of `lambda` has no edge"),
            "{e}"
        );
        assert!(e.contains("no diagram for service `ec2`"), "{e}");
    }
}
