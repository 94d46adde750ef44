//! The workload fields (spec §2): one declaration per key of the file format.
//!
//! [`FIELDS`] is the only list of the format's keys. Each entry gives the key's dotted path, its
//! type, unit, allowed range or values, default (a constant, or derived from other values), one
//! line of help, whether `breakeven --vary` can sweep it, and how to read and write it on a
//! [`Workload`]. The parser, `runwhere schema`, the rule attributes, `--set`, `breakeven --vary`,
//! the interview, the report and `docs/workload-format.md` all read this table; a test checks that
//! every field reaches every one of them.

use super::{
    Arch, ArchPref, Complexity, Egress, Environment, Interface, Kind, OpsCapacity, Packaging,
    Platform, Purchase, Workflow, Workload,
};
use crate::service::Service;

/// How a value is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// An integer or a float.
    Number,
    /// A whole number.
    Count,
    /// `true` or `false`.
    Flag,
    /// One string of a closed set, as written in the file.
    Choice(&'static [&'static str]),
    /// Free text.
    Text,
}

impl Ty {
    /// The type as the docs name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Number => "number",
            Self::Count => "integer",
            Self::Flag => "boolean",
            Self::Choice(_) | Self::Text => "string",
        }
    }
}

/// An inclusive range, or one whose minimum is excluded. For text, the range of its length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: f64,
    pub min_exclusive: bool,
    pub max: f64,
}

/// `min` to `max`, both included.
pub const fn between(min: f64, max: f64) -> Range {
    Range {
        min,
        min_exclusive: false,
        max,
    }
}

/// Above `min`, up to `max` included.
pub const fn above(min: f64, max: f64) -> Range {
    Range {
        min,
        min_exclusive: true,
        max,
    }
}

impl Range {
    pub fn contains(self, v: f64) -> bool {
        let low = if self.min_exclusive {
            v > self.min
        } else {
            v >= self.min
        };
        low && v <= self.max
    }

    /// As the parser's messages say it: `greater than 0 and at most 192`.
    pub fn describe(self) -> String {
        let low = if self.min_exclusive {
            format!("greater than {}", fmt_num(self.min))
        } else {
            format!("at least {}", fmt_num(self.min))
        };
        format!("{low} and at most {}", fmt_num(self.max))
    }

    /// As the docs write it: `> 0, ≤ 192` or `1–10,000`.
    pub fn short(self) -> String {
        if self.min_exclusive {
            format!("> {}, ≤ {}", grouped(self.min), grouped(self.max))
        } else if self.min == self.max {
            format!("`{}`", grouped(self.min))
        } else {
            format!("{}–{}", grouped(self.min), grouped(self.max))
        }
    }
}

/// A value of a field, as read from the file or from a [`Workload`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val<'a> {
    /// A number or a count.
    Num(f64),
    Flag(bool),
    /// A value of a closed set.
    Choice(&'static str),
    Text(&'a str),
}

impl Val<'_> {
    pub fn num(self) -> f64 {
        match self {
            Self::Num(n) => n,
            _ => 0.0,
        }
    }

    pub fn flag(self) -> bool {
        matches!(self, Self::Flag(true))
    }

    /// The string of a choice or a text.
    pub fn str(&self) -> Option<&str> {
        match self {
            Self::Choice(s) => Some(s),
            Self::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl std::fmt::Display for Val<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Num(n) => f.write_str(&fmt_num(*n)),
            Self::Flag(b) => write!(f, "{b}"),
            Self::Choice(s) => f.write_str(s),
            Self::Text(s) => f.write_str(s),
        }
    }
}

/// What a field is when the file leaves it out.
#[derive(Debug, Clone, Copy)]
pub enum Default {
    /// The file must give it; `example` is a plausible value, as written in the file.
    Required { example: &'static str },
    /// It has no value (the code that reads it says what absence means).
    Absent,
    /// "None of this": a flag off, a limit that does not apply. Not listed as an applied default.
    Off(Val<'static>),
    /// A constant, listed as an applied default.
    Value(Val<'static>),
    /// Derived from other values, listed as an applied default.
    Derived(&'static Derivation),
}

/// A default computed from other values of the file.
#[derive(Debug)]
pub struct Derivation {
    /// The fields it reads: given values and constant defaults, never another derived default.
    pub from: &'static [&'static str],
    /// How, for the docs and the schema.
    pub rule: &'static str,
    /// The value and, when worth saying, why (as listed with the applied defaults).
    pub value: fn(&dyn Lookup) -> (Val<'static>, Option<&'static str>),
    /// Applied after every other default (it sums up the whole file), so listed last.
    pub last: bool,
}

/// Read access to values by dotted path, for derived defaults: a [`Workload`] being built, or the
/// interview's answers.
pub trait Lookup {
    fn lookup(&self, path: &str) -> Option<Val<'_>>;
}

fn num(v: &dyn Lookup, path: &str) -> f64 {
    v.lookup(path).map_or(0.0, Val::num)
}

fn flag(v: &dyn Lookup, path: &str) -> bool {
    v.lookup(path).is_some_and(Val::flag)
}

fn is(v: &dyn Lookup, path: &str, value: &str) -> bool {
    v.lookup(path).is_some_and(|x| x.str() == Some(value))
}

/// How `breakeven --vary` sweeps a field by default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sweep {
    pub from: f64,
    pub to: f64,
    /// Logarithmic steps (counts and durations) rather than even ones.
    pub log: bool,
}

/// One key of the workload format.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Dotted path: `traffic.avg_duration_ms`, or `name` at the top level.
    pub path: &'static str,
    pub ty: Ty,
    /// Unit of a number (`ms`, `GiB`); empty when it has none.
    pub unit: &'static str,
    pub range: Option<Range>,
    pub default: Default,
    /// One line: what it is.
    pub help: &'static str,
    /// Allowed beyond the type and range, for the docs (`not shorter than the mean`).
    pub note: &'static str,
    pub sweep: Option<Sweep>,
    /// How the report's "workload in plain words" names a flag that is on (`a static IP`); empty
    /// when the report says it another way.
    pub plain: &'static str,
    /// The value on a validated workload, as rule conditions read it (a number of a table the
    /// workload's kind does not have reads 0).
    pub get: for<'w> fn(&'w Workload) -> Val<'w>,
    /// Writes a value already checked against [`Field::ty`] and [`Field::range`].
    pub set: fn(&mut Workload, Val<'_>),
}

impl Field {
    /// `traffic` for `traffic.avg_duration_ms`; empty at the top level.
    pub fn section(&self) -> &'static str {
        self.dot().map_or("", |i| &self.path[..i])
    }

    /// Where the path's dot is (a byte loop: the paths are short).
    fn dot(&self) -> Option<usize> {
        self.path.bytes().position(|b| b == b'.')
    }

    /// Whether the field is in table `name` (`""`: a top-level key), as [`Field::section`] says,
    /// without searching the path when its first bytes already differ.
    pub fn in_section(&self, name: &str) -> bool {
        if name.is_empty() {
            return !self.path.contains('.');
        }
        self.path
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with('.'))
    }

    /// `avg_duration_ms` for `traffic.avg_duration_ms`.
    pub fn key(&self) -> &'static str {
        self.dot().map_or(self.path, |i| &self.path[i + 1..])
    }

    /// Top-level keys identify the file; every key inside a table is a rule attribute, except
    /// `[current]`'s: they describe today's setup, not the workload (rules read today's service as
    /// `work.current_service`), and free text (`resources.gpu_model`), which rules do not compare.
    pub fn is_attribute(&self) -> bool {
        !matches!(self.section(), "" | "current") && self.ty != Ty::Text
    }

    /// The default as the docs and the saved file's comments write it.
    pub fn default_text(&self) -> String {
        match self.default {
            Default::Required { .. } => "required".to_owned(),
            Default::Absent => "none".to_owned(),
            Default::Off(v) | Default::Value(v) => quoted(&v),
            Default::Derived(d) => d.rule.to_owned(),
        }
    }

    /// What values are allowed, as the docs write it.
    pub fn allowed(&self) -> String {
        let mut out = match (self.ty, self.range) {
            (Ty::Choice(values), _) => values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", "),
            (Ty::Text, Some(r)) => format!("{}–{} characters", grouped(r.min), grouped(r.max)),
            (_, Some(r)) => r.short(),
            _ => String::new(),
        };
        if !self.note.is_empty() {
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(self.note);
        }
        out
    }
}

fn quoted(v: &Val<'_>) -> String {
    match v {
        Val::Text(s) => format!("`\"{s}\"`"),
        other => format!("`{other}`"),
    }
}

/// One table of the file.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    pub name: &'static str,
    /// One line: what it holds.
    pub help: &'static str,
    pub presence: Presence,
}

/// When a table may or must be in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    /// Required for kinds that take traffic (`service`, `event`), rejected for the others.
    Traffic,
    /// Required for kinds that run jobs (`batch`, `scheduled`), rejected for the others.
    Jobs,
}

impl Section {
    /// Whether the table applies to a workload of `kind`.
    pub fn applies(&self, kind: Kind) -> bool {
        match self.presence {
            Presence::Required | Presence::Optional => true,
            Presence::Traffic => kind.has_traffic(),
            Presence::Jobs => !kind.has_traffic(),
        }
    }

    /// The fields of this table, in file order.
    pub fn fields(&self) -> impl Iterator<Item = &'static Field> + use<> {
        let name = self.name;
        FIELDS.iter().filter(move |f| f.section() == name)
    }
}

/// The tables, in file order.
pub const SECTIONS: &[Section] = &[
    Section {
        name: "shape",
        help: "what kind of thing this is and how it is shipped",
        presence: Presence::Required,
    },
    Section {
        name: "resources",
        help: "ONE instance, task, invocation or job, not the whole fleet",
        presence: Presence::Optional,
    },
    Section {
        name: "traffic",
        help: "requests or events",
        presence: Presence::Traffic,
    },
    Section {
        name: "jobs",
        help: "finite jobs",
        presence: Presence::Jobs,
    },
    Section {
        name: "team",
        help: "who will run it",
        presence: Presence::Optional,
    },
    Section {
        name: "needs",
        help: "requirements; every flag defaults to false",
        presence: Presence::Optional,
    },
    Section {
        name: "network",
        help: "how it reaches AWS services and the internet, and how much it sends",
        presence: Presence::Optional,
    },
    Section {
        name: "current",
        help: "what runs the workload today, to compare every alternative with",
        presence: Presence::Optional,
    },
    Section {
        name: "pricing",
        help: "how you buy capacity",
        presence: Presence::Optional,
    },
];

/// The table named `name`.
pub fn section(name: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.name == name)
}

/// The fields of table `name` (`""`: the top-level keys) and the index of the first in
/// [`FIELDS`]: a section's fields are contiguous (a test checks it), found once for every table.
pub fn fields_of(name: &str) -> (usize, &'static [Field]) {
    static RANGES: std::sync::LazyLock<Vec<(&'static str, std::ops::Range<usize>)>> =
        std::sync::LazyLock::new(|| {
            let mut out: Vec<(&'static str, std::ops::Range<usize>)> = Vec::new();
            for (i, f) in FIELDS.iter().enumerate() {
                match out.last_mut() {
                    Some((s, r)) if *s == f.section() => r.end = i + 1,
                    _ => out.push((f.section(), i..i + 1)),
                }
            }
            out
        });
    RANGES
        .iter()
        .find(|(s, _)| *s == name)
        .map_or((0, &[]), |(_, r)| (r.start, &FIELDS[r.clone()]))
}

/// The field at a dotted path.
pub fn field(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}

impl Lookup for Workload {
    fn lookup(&self, path: &str) -> Option<Val<'_>> {
        field(path).map(|f| (f.get)(self))
    }
}

const fn base(
    path: &'static str,
    ty: Ty,
    default: Default,
    help: &'static str,
    get: for<'w> fn(&'w Workload) -> Val<'w>,
    set: fn(&mut Workload, Val<'_>),
) -> Field {
    Field {
        path,
        ty,
        unit: "",
        range: None,
        default,
        help,
        note: "",
        sweep: None,
        plain: "",
        get,
        set,
    }
}

impl Field {
    const fn unit(mut self, unit: &'static str) -> Self {
        self.unit = unit;
        self
    }

    const fn range(mut self, range: Range) -> Self {
        self.range = Some(range);
        self
    }

    const fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }

    const fn plain(mut self, plain: &'static str) -> Self {
        self.plain = plain;
        self
    }

    const fn sweep(mut self, from: f64, to: f64, log: bool) -> Self {
        self.sweep = Some(Sweep { from, to, log });
        self
    }
}

const fn required(example: &'static str) -> Default {
    Default::Required { example }
}

const fn number(n: f64) -> Default {
    Default::Value(Val::Num(n))
}

const fn choice(s: &'static str) -> Default {
    Default::Value(Val::Choice(s))
}

const OFF: Default = Default::Off(Val::Flag(false));

/// A whole number checked against a range inside `u32`.
fn count(v: Val<'_>) -> u32 {
    v.num() as u32
}

macro_rules! set_choice {
    ($ty:ident, $($place:tt)+) => {
        |w, v| {
            if let Some(c) = v.str().and_then($ty::from_name) {
                w.$($place)+ = c;
            }
        }
    };
}

/// A flag of `[needs]`, off unless set.
macro_rules! need {
    ($name:ident, $help:literal, $plain:literal) => {
        base(
            concat!("needs.", stringify!($name)),
            Ty::Flag,
            OFF,
            $help,
            |w| Val::Flag(w.needs.$name),
            |w, v| w.needs.$name = v.flag(),
        )
        .plain($plain)
    };
}

/// How today's compute can be bought: every purchase option but `best`.
const BOUGHT: &[&str] = &["on_demand", "spot", "savings_plan_1yr", "savings_plan_3yr"];

fn current(w: &Workload) -> Option<&super::Current> {
    w.current.as_ref()
}

fn traffic_num(w: &Workload, f: fn(&super::Traffic) -> f64) -> Val<'_> {
    Val::Num(w.traffic.as_ref().map_or(0.0, f))
}

fn jobs_num(w: &Workload, f: fn(&super::Jobs) -> f64) -> Val<'_> {
    Val::Num(w.jobs.as_ref().map_or(0.0, f))
}

static INTERFACE: Derivation = Derivation {
    from: &["shape.kind"],
    rule: "`http` for `service`, else `none`",
    value: |v| {
        if is(v, "shape.kind", Kind::Service.as_str()) {
            (
                Val::Choice(Interface::Http.as_str()),
                Some("kind is `service`"),
            )
        } else {
            (
                Val::Choice(Interface::None.as_str()),
                Some("kind is not `service`"),
            )
        }
    },
    last: false,
};

static COMPLEXITY: Derivation = Derivation {
    from: &["shape.services", "needs.service_mesh", "needs.sidecars"],
    rule: "`complex` if `services ≥ 5` or `needs.service_mesh`, `medium` if `services ≥ 2` or `needs.sidecars`, else `simple`",
    value: |v| {
        let services = num(v, "shape.services");
        let (c, why) = if services >= 5.0 || flag(v, "needs.service_mesh") {
            (Complexity::Complex, "5 or more services, or a service mesh")
        } else if services >= 2.0 || flag(v, "needs.sidecars") {
            (Complexity::Medium, "2 or more services, or sidecars")
        } else {
            (Complexity::Simple, "one service without sidecars")
        };
        (Val::Choice(c.as_str()), Some(why))
    },
    last: true,
};

static MAX_DURATION: Derivation = Derivation {
    from: &["traffic.avg_duration_ms"],
    rule: "`avg_duration_ms / 60000`",
    value: |v| {
        (
            Val::Num(num(v, "traffic.avg_duration_ms") / 60_000.0),
            Some("avg_duration_ms ÷ 60000"),
        )
    },
    last: false,
};

static CONCURRENCY: Derivation = Derivation {
    from: &["shape.kind", "resources.vcpu"],
    rule: "`80` for services; `max(1, floor(vcpu))` for event handlers (one request per vCPU)",
    value: |v| {
        if is(v, "shape.kind", "event") {
            // An event handler is CPU-bound work: one event per vCPU at a time (spec §2).
            (
                Val::Num(num(v, "resources.vcpu").floor().max(1.0)),
                Some("event handler: one request per vCPU"),
            )
        } else {
            (Val::Num(80.0), None)
        }
    },
    last: false,
};

static REQUESTS_PER_CONNECTION: Derivation = Derivation {
    from: &["shape.kind", "shape.interface"],
    rule: "`10` for `http`, `grpc` and `websocket`; `1` for `tcp` and `udp` (each request is a connection or flow)",
    value: |v| {
        // The interview may not have asked the interface yet: then it is the one the kind implies.
        let interface = v
            .lookup("shape.interface")
            .and_then(|i| i.str().and_then(Interface::from_name))
            .unwrap_or(if is(v, "shape.kind", Kind::Service.as_str()) {
                Interface::Http
            } else {
                Interface::None
            });
        if interface.is_http_family() {
            (Val::Num(10.0), None)
        } else if interface == Interface::None {
            (
                Val::Num(1.0),
                Some("interface `none`: no client connections"),
            )
        } else {
            (
                Val::Num(1.0),
                Some("each request is a connection or flow of its own"),
            )
        }
    },
    last: false,
};

static AVG_CONNECTIONS: Derivation = Derivation {
    from: &["traffic.requests_per_month", "traffic.avg_duration_ms"],
    rule: "the average concurrency: `requests_per_month × avg_duration_ms / 1000 / (730 × 3600)`",
    value: |v| {
        let concurrency = num(v, "traffic.requests_per_month") * num(v, "traffic.avg_duration_ms")
            / 1_000.0
            / (super::HOURS_PER_MONTH * 3_600.0);
        (Val::Num(concurrency), Some("requests in flight on average"))
    },
    last: false,
};

static MIN_INSTANCES: Derivation = Derivation {
    from: &["needs.high_availability"],
    rule: "`1` (`2` with `needs.high_availability`)",
    value: |v| {
        if flag(v, "needs.high_availability") {
            (Val::Num(2.0), Some("needs.high_availability"))
        } else {
            (Val::Num(1.0), None)
        }
    },
    last: false,
};

static OUTBOUND_GB: Derivation = Derivation {
    from: &[
        "shape.kind",
        "shape.interface",
        "traffic.requests_per_month",
        "traffic.avg_response_kb",
    ],
    rule: "`requests_per_month × avg_response_kb / 1,048,576` for `http`, `grpc` and `websocket`, else `0`",
    value: |v| {
        // The interview may not have asked the interface yet: then it is the one the kind implies.
        let interface = v
            .lookup("shape.interface")
            .and_then(|i| i.str().and_then(Interface::from_name))
            .unwrap_or(if is(v, "shape.kind", Kind::Service.as_str()) {
                Interface::Http
            } else {
                Interface::None
            });
        if interface.is_http_family() {
            (
                // KiB to GiB: 1,024 × 1,024.
                Val::Num(
                    num(v, "traffic.requests_per_month") * num(v, "traffic.avg_response_kb")
                        / 1_048_576.0,
                ),
                Some("requests × avg_response_kb"),
            )
        } else {
            (Val::Num(0.0), Some("no HTTP-like interface"))
        }
    },
    last: false,
};

static PARALLELISM: Derivation = Derivation {
    from: &["jobs.array_size"],
    rule: "`array_size` for array jobs, else `1`",
    value: |v| match v.lookup("jobs.array_size").map(Val::num) {
        Some(n) if n > 1.0 => (Val::Num(n), Some("jobs.array_size")),
        _ => (Val::Num(1.0), None),
    },
    last: false,
};

static WORKFLOW: Derivation = Derivation {
    from: &["jobs.dependencies"],
    rule: "`dag` if `dependencies`, else `none`",
    value: |v| {
        if flag(v, "jobs.dependencies") {
            (
                Val::Choice(Workflow::Dag.as_str()),
                Some("jobs.dependencies"),
            )
        } else {
            (Val::Choice(Workflow::None.as_str()), None)
        }
    },
    last: false,
};

/// Every key of the format, in file order.
pub const FIELDS: &[Field] = &[
    // The top level ---------------------------------------------------------------------------
    base(
        "version",
        Ty::Count,
        required("1"),
        "format version of this file; only 1 exists",
        |_| Val::Num(1.0),
        |_, _| {},
    )
    .range(between(1.0, 1.0)),
    base(
        "name",
        Ty::Text,
        required("\"my-service\""),
        "the workload's name, shown in every report",
        |w| Val::Text(&w.name),
        |w, v| w.name = v.str().unwrap_or_default().to_owned(),
    )
    .range(between(1.0, 100.0))
    .note("not all spaces"),
    base(
        "description",
        Ty::Text,
        Default::Absent,
        "free text",
        |w| Val::Text(w.description.as_deref().unwrap_or_default()),
        |w, v| w.description = v.str().map(str::to_owned),
    ),
    base(
        "region",
        Ty::Text,
        Default::Value(Val::Text("us-east-1")),
        "AWS region whose pricing table is used",
        |w| Val::Text(&w.region),
        |w, v| w.region = v.str().unwrap_or_default().to_owned(),
    )
    .note("a region with a pricing table (bundled or in `--pricing-dir`)"),
    // [shape] ---------------------------------------------------------------------------------
    base(
        "shape.kind",
        Ty::Choice(Kind::NAMES),
        required("service"),
        "what kind of work: long-running, event-driven, batch or scheduled",
        |w| Val::Choice(w.shape.kind.as_str()),
        set_choice!(Kind, shape.kind),
    ),
    base(
        "shape.interface",
        Ty::Choice(Interface::NAMES),
        Default::Derived(&INTERFACE),
        "how clients reach it",
        |w| Val::Choice(w.shape.interface.as_str()),
        set_choice!(Interface, shape.interface),
    ),
    base(
        "shape.packaging",
        Ty::Choice(Packaging::NAMES),
        choice("container"),
        "what is deployed: source code or a zip, a container image, or a machine image",
        |w| Val::Choice(w.shape.packaging.as_str()),
        set_choice!(Packaging, shape.packaging),
    ),
    base(
        "shape.arch",
        Ty::Choice(ArchPref::NAMES),
        choice("any"),
        "processor architecture; `any` prices each service on the cheaper one",
        |w| Val::Choice(w.shape.arch.as_str()),
        set_choice!(ArchPref, shape.arch),
    ),
    base(
        "shape.services",
        Ty::Count,
        number(1.0),
        "separately deployed services in the application",
        |w| Val::Num(f64::from(w.shape.services)),
        |w, v| w.shape.services = count(v),
    )
    .range(between(1.0, 10_000.0)),
    base(
        "shape.complexity",
        Ty::Choice(Complexity::NAMES),
        Default::Derived(&COMPLEXITY),
        "application complexity, as the decision flowchart asks it",
        |w| Val::Choice(w.shape.complexity.as_str()),
        set_choice!(Complexity, shape.complexity),
    ),
    base(
        "shape.environment",
        Ty::Choice(Environment::NAMES),
        choice("prod"),
        "the environment this copy runs in",
        |w| Val::Choice(w.shape.environment.as_str()),
        set_choice!(Environment, shape.environment),
    ),
    // [resources] -----------------------------------------------------------------------------
    base(
        "resources.vcpu",
        Ty::Number,
        number(1.0),
        "vCPUs of one instance",
        |w| Val::Num(w.resources.vcpu),
        |w, v| w.resources.vcpu = v.num(),
    )
    .unit("vCPU")
    .range(above(0.0, 192.0))
    .sweep(0.25, 64.0, true),
    base(
        "resources.memory_gb",
        Ty::Number,
        number(2.0),
        "memory of one instance (1 GiB = 1,024 MB)",
        |w| Val::Num(w.resources.memory_gb),
        |w, v| w.resources.memory_gb = v.num(),
    )
    .unit("GiB")
    .range(above(0.0, 24_576.0))
    .sweep(0.5, 512.0, true),
    base(
        "resources.gpus",
        Ty::Count,
        number(0.0),
        "whole GPUs of one instance",
        |w| Val::Num(f64::from(w.resources.gpus)),
        |w, v| w.resources.gpus = count(v),
    )
    .unit("GPUs")
    .range(between(0.0, 64.0))
    .sweep(0.0, 8.0, false),
    base(
        "resources.storage_gb",
        Ty::Number,
        Default::Off(Val::Num(0.0)),
        "local or ephemeral disk of one instance; 0 = none beyond each platform's own (EC2 root volume, Fargate's included 20 GB, Lambda's free 512 MB)",
        |w| Val::Num(w.resources.storage_gb),
        |w, v| w.resources.storage_gb = v.num(),
    )
    .unit("GB")
    .range(between(0.0, 65_536.0))
    .note("above 10 excludes Lambda (10,240 MB of /tmp), above 200 excludes Fargate")
    .sweep(20.0, 200.0, false),
    base(
        "resources.gpu_model",
        Ty::Text,
        Default::Absent,
        "the GPU model the work needs (`L4`, `A10G`, `T4`, `L40S`, `A100`, `H100`, …); any model when absent",
        |w| Val::Text(w.resources.gpu_model.as_deref().unwrap_or_default()),
        |w, v| w.resources.gpu_model = v.str().map(str::to_owned),
    )
    .range(between(1.0, 40.0))
    .note("only with `gpus` above 0"),
    base(
        "resources.avg_cpu_utilization",
        Ty::Number,
        number(0.5),
        "mean share of the requested vCPU in use; decides what a burstable (t3/t4g) type costs beyond its baseline",
        |w| Val::Num(w.resources.avg_cpu_utilization),
        |w, v| w.resources.avg_cpu_utilization = v.num(),
    )
    .unit("share of a vCPU")
    .range(between(0.0, 1.0))
    .sweep(0.0, 1.0, false),
    // [traffic] -------------------------------------------------------------------------------
    base(
        "traffic.requests_per_month",
        Ty::Number,
        required("1_000_000"),
        "requests or events per month",
        |w| traffic_num(w, |t| t.requests_per_month),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.requests_per_month = v.num();
            }
        },
    )
    .unit("requests/month")
    .range(between(0.0, 1e15))
    .sweep(1e4, 1e10, true),
    base(
        "traffic.avg_duration_ms",
        Ty::Number,
        required("100"),
        "mean handling time of one request, in milliseconds",
        |w| traffic_num(w, |t| t.avg_duration_ms),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.avg_duration_ms = v.num();
            }
        },
    )
    .unit("ms")
    .range(above(0.0, 86_400_000.0))
    .sweep(1.0, 900_000.0, true),
    base(
        "traffic.max_duration_min",
        Ty::Number,
        Default::Derived(&MAX_DURATION),
        "the longest single request (Lambda stops at 15 minutes)",
        |w| traffic_num(w, |t| t.max_duration_min),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.max_duration_min = v.num();
            }
        },
    )
    .unit("minutes")
    .range(above(0.0, 1_440.0))
    .note("not shorter than the mean")
    .sweep(0.1, 60.0, true),
    base(
        "traffic.concurrency_per_instance",
        Ty::Number,
        Default::Derived(&CONCURRENCY),
        "requests one instance serves at the same time",
        |w| traffic_num(w, |t| t.concurrency_per_instance),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.concurrency_per_instance = v.num();
            }
        },
    )
    .unit("requests per instance")
    .range(between(1.0, 100_000.0))
    .sweep(1.0, 1_000.0, true),
    base(
        "traffic.min_instances",
        Ty::Count,
        Default::Derived(&MIN_INSTANCES),
        "never run fewer instances than this",
        |w| traffic_num(w, |t| f64::from(t.min_instances)),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.min_instances = count(v);
            }
        },
    )
    .unit("instances")
    .range(between(0.0, 100_000.0))
    .note("at least 2 with `needs.high_availability`")
    .sweep(0.0, 50.0, false),
    base(
        "traffic.avg_instances",
        Ty::Number,
        Default::Absent,
        "time-weighted mean instance count; derived from the traffic when absent",
        |w| Val::Num(w.avg_instances()),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.avg_instances = Some(v.num());
            }
        },
    )
    .unit("instances")
    .range(between(0.0, 100_000.0))
    .sweep(1.0, 1_000.0, true),
    base(
        "traffic.peak_to_average",
        Ty::Number,
        number(3.0),
        "peak load divided by average load",
        |w| traffic_num(w, |t| t.peak_to_average),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.peak_to_average = v.num();
            }
        },
    )
    .range(between(1.0, 1_000.0)),
    base(
        "traffic.avg_request_kb",
        Ty::Number,
        number(1.0),
        "data received with one request (KiB); load-balancer processed bytes",
        |w| traffic_num(w, |t| t.avg_request_kb),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.avg_request_kb = v.num();
            }
        },
    )
    .unit("KiB")
    .range(between(0.0, 1_048_576.0)),
    base(
        "traffic.avg_response_kb",
        Ty::Number,
        number(16.0),
        "data sent back per request (KiB); data transfer out and load-balancer processed bytes",
        |w| traffic_num(w, |t| t.avg_response_kb),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.avg_response_kb = v.num();
            }
        },
    )
    .unit("KiB")
    .range(between(0.0, 1_048_576.0))
    .sweep(0.1, 10_000.0, true),
    base(
        "traffic.requests_per_connection",
        Ty::Number,
        Default::Derived(&REQUESTS_PER_CONNECTION),
        "requests (websocket: messages) a client sends over one connection",
        |w| traffic_num(w, |t| t.requests_per_connection),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.requests_per_connection = v.num();
            }
        },
    )
    .unit("requests per connection")
    .range(between(1.0, 1e12)),
    base(
        "traffic.avg_connections",
        Ty::Number,
        Default::Derived(&AVG_CONNECTIONS),
        "average open client connections (load balancers' active connections; websocket connection-minutes)",
        |w| traffic_num(w, |t| t.avg_connections),
        |w, v| {
            if let Some(t) = &mut w.traffic {
                t.avg_connections = v.num();
            }
        },
    )
    .unit("connections")
    .range(between(0.0, 1e12))
    .sweep(1.0, 1e6, true),
    // [jobs] ----------------------------------------------------------------------------------
    base(
        "jobs.runs_per_month",
        Ty::Number,
        required("30"),
        "job runs per month; array children count individually",
        |w| jobs_num(w, |j| j.runs_per_month),
        |w, v| {
            if let Some(j) = &mut w.jobs {
                j.runs_per_month = v.num();
            }
        },
    )
    .unit("runs/month")
    .range(between(0.0, 1e12))
    .sweep(1.0, 1e7, true),
    base(
        "jobs.duration_min",
        Ty::Number,
        required("10"),
        "wall time of one run, in minutes",
        |w| jobs_num(w, |j| j.duration_min),
        |w, v| {
            if let Some(j) = &mut w.jobs {
                j.duration_min = v.num();
            }
        },
    )
    .unit("minutes")
    .range(above(0.0, 525_600.0))
    .sweep(0.1, 1_440.0, true),
    base(
        "jobs.array_size",
        Ty::Count,
        Default::Absent,
        "children per array job; more than 1 means array jobs (rules read 1 when absent)",
        |w| {
            Val::Num(
                w.jobs
                    .as_ref()
                    .and_then(|j| j.array_size)
                    .map_or(1.0, f64::from),
            )
        },
        |w, v| {
            if let Some(j) = &mut w.jobs {
                j.array_size = Some(count(v));
            }
        },
    )
    .range(between(1.0, 1_000_000.0)),
    base(
        "jobs.dependencies",
        Ty::Flag,
        OFF,
        "jobs wait on other jobs (a pipeline or DAG)",
        |w| Val::Flag(w.jobs.as_ref().is_some_and(|j| j.dependencies)),
        |w, v| {
            if let Some(j) = &mut w.jobs {
                j.dependencies = v.flag();
            }
        },
    ),
    base(
        "jobs.multi_node",
        Ty::Flag,
        OFF,
        "one job spans several nodes (MPI, distributed training)",
        |w| Val::Flag(w.jobs.as_ref().is_some_and(|j| j.multi_node)),
        |w, v| {
            if let Some(j) = &mut w.jobs {
                j.multi_node = v.flag();
            }
        },
    ),
    base(
        "jobs.workflow",
        Ty::Choice(Workflow::NAMES),
        Default::Derived(&WORKFLOW),
        "the shape of the job pipeline",
        |w| {
            Val::Choice(
                w.jobs
                    .as_ref()
                    .map_or(Workflow::None, |j| j.workflow)
                    .as_str(),
            )
        },
        |w, v| {
            if let (Some(j), Some(c)) = (&mut w.jobs, v.str().and_then(Workflow::from_name)) {
                j.workflow = c;
            }
        },
    ),
    base(
        "jobs.parallelism",
        Ty::Count,
        Default::Derived(&PARALLELISM),
        "runs that execute at the same time; only these share an EC2 node",
        |w| jobs_num(w, |j| f64::from(j.parallelism)),
        |w, v| {
            if let Some(j) = &mut w.jobs {
                j.parallelism = count(v);
            }
        },
    )
    .unit("runs")
    .range(between(1.0, 100_000.0))
    .sweep(1.0, 1_000.0, true),
    // [team] ----------------------------------------------------------------------------------
    base(
        "team.knows_kubernetes",
        Ty::Flag,
        OFF,
        "the team already operates Kubernetes",
        |w| Val::Flag(w.team.knows_kubernetes),
        |w, v| w.team.knows_kubernetes = v.flag(),
    ),
    base(
        "team.ops_capacity",
        Ty::Choice(OpsCapacity::NAMES),
        choice("low"),
        "how much infrastructure work the team can own",
        |w| Val::Choice(w.team.ops_capacity.as_str()),
        set_choice!(OpsCapacity, team.ops_capacity),
    ),
    base(
        "team.existing_platform",
        Ty::Choice(Platform::NAMES),
        choice("none"),
        "the platform the team already runs",
        |w| Val::Choice(w.team.existing_platform.as_str()),
        set_choice!(Platform, team.existing_platform),
    ),
    // [needs] ---------------------------------------------------------------------------------
    need!(
        os_control,
        "custom AMI, kernel settings, host agents, SSH",
        "control of the OS (custom AMI, host agents, SSH)"
    ),
    need!(
        kubernetes_ecosystem,
        "Helm, Istio, Argo CD, operators",
        "the Kubernetes ecosystem"
    ),
    need!(
        multi_cloud,
        "the same manifests on other clouds",
        "the same manifests on other clouds"
    ),
    need!(
        service_mesh,
        "a service mesh between the services",
        "a service mesh"
    ),
    need!(
        sidecars,
        "several containers per task or pod",
        "sidecar containers"
    ),
    need!(
        private_networking,
        "fine-grained VPC control, private inbound traffic",
        "private networking"
    ),
    need!(static_ip, "a fixed IP address", "a static IP"),
    need!(
        dedicated_hardware,
        "BYOL licensing or compliance isolation",
        "dedicated hardware"
    ),
    need!(
        high_availability,
        "at least two instances across Availability Zones",
        "high availability across Availability Zones"
    ),
    // The report says "it tolerates interruption" in a sentence of its own.
    need!(interruption_tolerant, "may run on Spot / Fargate Spot", ""),
    need!(
        instance_type_control,
        "specific instance families, bare metal, local NVMe, Inferentia/Trainium",
        "control of instance types"
    ),
    need!(
        on_premises,
        "must also run on premises (EKS/ECS Anywhere, Outposts)",
        "to run on premises too"
    ),
    base(
        "needs.max_cold_start_ms",
        Ty::Number,
        Default::Off(Val::Num(0.0)),
        "tolerated start-up latency; 0 = cold starts don't matter",
        |w| Val::Num(w.needs.max_cold_start_ms),
        |w, v| w.needs.max_cold_start_ms = v.num(),
    )
    .unit("ms")
    .range(between(0.0, 3_600_000.0)),
    // [network] -------------------------------------------------------------------------------
    base(
        "network.egress",
        Ty::Choice(Egress::NAMES),
        choice("public_ip"),
        "how instances and tasks reach AWS services and the internet: a public IPv4 each, NAT gateways, interface VPC endpoints (no internet), or `none` to price compute alone",
        |w| Val::Choice(w.network.egress.as_str()),
        set_choice!(Egress, network.egress),
    ),
    base(
        "network.outbound_gb_per_month",
        Ty::Number,
        Default::Derived(&OUTBOUND_GB),
        "data sent to the internet a month (GB = 1,024³ bytes, as AWS bills it)",
        |w| Val::Num(w.network.outbound_gb_per_month),
        |w, v| w.network.outbound_gb_per_month = v.num(),
    )
    .unit("GB/month")
    .range(between(0.0, 1e12))
    .sweep(0.0, 100_000.0, false),
    base(
        "network.nat_gb_per_month",
        Ty::Number,
        number(0.0),
        "traffic the workload itself starts (calls out, image pulls), both directions: what a NAT gateway or an endpoint processes",
        |w| Val::Num(w.network.nat_gb_per_month),
        |w, v| w.network.nat_gb_per_month = v.num(),
    )
    .unit("GB/month")
    .range(between(0.0, 1e12))
    .sweep(0.0, 10_000.0, false),
    // [current] -------------------------------------------------------------------------------
    base(
        "current.service",
        Ty::Choice(Service::IDS),
        Default::Absent,
        "the service it runs on today; required in `[current]`",
        |w| Val::Choice(w.current.as_ref().map_or("", |c| c.service.id())),
        |w, v| {
            if let (Some(c), Some(s)) = (&mut w.current, v.str().and_then(Service::from_id)) {
                c.service = s;
            }
        },
    )
    .note("the keys below that fit it, and no others"),
    base(
        "current.instance_type",
        Ty::Text,
        Default::Absent,
        "EC2 instance type of today's VMs or nodes (`ec2`, `elastic_beanstalk`, `ecs`, `eks` and `batch` on EC2)",
        |w| Val::Text(current(w).and_then(|c| c.instance_type.as_deref()).unwrap_or_default()),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.instance_type = v.str().map(str::to_owned);
            }
        },
    )
    .note("a type in the region's pricing table"),
    base(
        "current.instances",
        Ty::Count,
        Default::Absent,
        "VMs or nodes running today (`ec2`, `elastic_beanstalk`, `ecs`, `eks`), or App Runner instances",
        |w| Val::Num(current(w).and_then(|c| c.instances).map_or(0.0, f64::from)),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.instances = Some(count(v));
            }
        },
    )
    .unit("instances")
    .range(between(1.0, 100_000.0)),
    base(
        "current.purchase",
        Ty::Choice(BOUGHT),
        Default::Absent,
        "how today's compute is bought (not App Runner's); `on_demand` when absent",
        |w| Val::Choice(current(w).and_then(|c| c.purchase).map_or("", Purchase::as_str)),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.purchase = v.str().and_then(Purchase::from_name);
            }
        },
    ),
    base(
        "current.arch",
        Ty::Choice(Arch::NAMES),
        Default::Absent,
        "architecture of today's Fargate tasks or Lambda function; `x86` when absent",
        |w| Val::Choice(current(w).and_then(|c| c.arch).map_or("", Arch::as_str)),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.arch = v.str().and_then(Arch::from_name);
            }
        },
    ),
    base(
        "current.vcpu",
        Ty::Number,
        Default::Absent,
        "vCPUs of one Fargate task or App Runner instance today",
        |w| Val::Num(current(w).and_then(|c| c.vcpu).unwrap_or(0.0)),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.vcpu = Some(v.num());
            }
        },
    )
    .unit("vCPU")
    .range(above(0.0, 192.0)),
    base(
        "current.memory_gb",
        Ty::Number,
        Default::Absent,
        "memory of one Fargate task or App Runner instance today",
        |w| Val::Num(current(w).and_then(|c| c.memory_gb).unwrap_or(0.0)),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.memory_gb = Some(v.num());
            }
        },
    )
    .unit("GiB")
    .range(above(0.0, 24_576.0)),
    base(
        "current.tasks",
        Ty::Count,
        Default::Absent,
        "Fargate tasks running today (services and event handlers)",
        |w| Val::Num(current(w).and_then(|c| c.tasks).map_or(0.0, f64::from)),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.tasks = Some(count(v));
            }
        },
    )
    .unit("tasks")
    .range(between(1.0, 100_000.0)),
    base(
        "current.memory_mb",
        Ty::Count,
        Default::Absent,
        "memory of today's Lambda function",
        |w| Val::Num(current(w).and_then(|c| c.memory_mb).map_or(0.0, f64::from)),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.memory_mb = Some(count(v));
            }
        },
    )
    .unit("MB")
    .range(between(128.0, 10_240.0)),
    base(
        "current.monthly_usd",
        Ty::Number,
        Default::Absent,
        "what the bill says it costs a month, shown beside runwhere's own figure",
        |w| Val::Num(current(w).and_then(|c| c.monthly_usd).unwrap_or(0.0)),
        |w, v| {
            if let Some(c) = &mut w.current {
                c.monthly_usd = Some(v.num());
            }
        },
    )
    .unit("USD/month")
    .range(between(0.0, 1e9)),
    // [pricing] -------------------------------------------------------------------------------
    base(
        "pricing.purchase",
        Ty::Choice(Purchase::NAMES),
        choice("on_demand"),
        "how compute is bought; `spot` needs `needs.interruption_tolerant`, `best` keeps the cheapest allowed",
        |w| Val::Choice(w.pricing.purchase.as_str()),
        set_choice!(Purchase, pricing.purchase),
    ),
    base(
        "pricing.free_tier",
        Ty::Flag,
        OFF,
        "subtract Lambda's always-free allowances (1M requests and 400,000 GB-s)",
        |w| Val::Flag(w.pricing.free_tier),
        |w, v| w.pricing.free_tier = v.flag(),
    ),
    base(
        "pricing.clusters",
        Ty::Count,
        number(1.0),
        "separate clusters or environments, each paying a control plane and a load balancer",
        |w| Val::Num(f64::from(w.pricing.clusters)),
        |w, v| w.pricing.clusters = count(v),
    )
    .unit("clusters")
    .range(between(1.0, 1_000.0))
    .sweep(1.0, 20.0, false),
    base(
        "pricing.cost_sensitive",
        Ty::Flag,
        OFF,
        "a small budget: fixed fees weigh more in the ranking",
        |w| Val::Flag(w.pricing.cost_sensitive),
        |w, v| w.pricing.cost_sensitive = v.flag(),
    ),
];

/// Numbers as a user writes them: `192`, `0.5`, `10000`, `1e15`.
pub fn fmt_num(v: f64) -> String {
    if v.abs() >= 1e9 {
        format!("{v:e}")
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Numbers as the docs write them: `10,000`, `0.25`, `1e15`.
fn grouped(v: f64) -> String {
    if v.abs() >= 1e9 || v.fract() != 0.0 {
        return fmt_num(v);
    }
    let digits = format!("{v:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The reference part of `docs/workload-format.md`: one table per section of the file, then the
/// values `breakeven --vary` sweeps.
pub fn reference_markdown() -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let table = |out: &mut String, fields: &mut dyn Iterator<Item = &'static Field>| {
        out.push_str(
            "| key | type | unit | default | allowed | what it is |\n|---|---|---|---|---|---|\n",
        );
        for f in fields {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                f.key(),
                f.ty.name(),
                f.unit,
                f.default_text(),
                f.allowed(),
                f.help
            );
        }
    };
    out.push_str("## Top level\n\n");
    table(
        &mut out,
        &mut FIELDS.iter().filter(|f| f.section().is_empty()),
    );
    for s in SECTIONS {
        let presence = match s.presence {
            Presence::Required => "required",
            Presence::Optional => "optional",
            Presence::Traffic => "required for `service` and `event`, rejected for the other kinds",
            Presence::Jobs => "required for `batch` and `scheduled`, rejected for the other kinds",
        };
        let _ = write!(
            out,
            "\n## `[{}]`: {} ({presence})\n\n",
            s.name,
            s.help.replace('"', "`")
        );
        table(&mut out, &mut s.fields());
    }
    out.push_str(
        "\n## Values `breakeven --vary` can sweep\n\n| key | unit | default range | steps |\n|---|---|---|---|\n",
    );
    for f in FIELDS {
        if let Some(s) = f.sweep {
            let _ = writeln!(
                out,
                "| `{}` | {} | {}–{} | {} |",
                f.path,
                f.unit,
                grouped(s.from),
                grouped(s.to),
                if s.log { "logarithmic" } else { "even" }
            );
        }
    }
    out
}

/// Where the generated reference starts and ends in `docs/workload-format.md`.
pub const DOC_BEGIN: &str =
    "<!-- reference: generated from src/workload/fields.rs; do not edit by hand -->\n";
pub const DOC_END: &str = "<!-- end of the generated reference -->\n";

/// `docs/workload-format.md` with its reference regenerated: the prose before [`DOC_BEGIN`] and
/// after [`DOC_END`] is kept as written. `None` when the markers are missing.
pub fn document(current: &str) -> Option<String> {
    let (before, rest) = current.split_once(DOC_BEGIN)?;
    let (_, after) = rest.split_once(DOC_END)?;
    Some(format!(
        "{before}{DOC_BEGIN}\n{}\n{DOC_END}{after}",
        reference_markdown()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_in_exactly_its_own_section() {
        let names: Vec<&str> = std::iter::once("")
            .chain(SECTIONS.iter().map(|s| s.name))
            .chain(["traffic.x", "traffi", "traffics"])
            .collect();
        for f in FIELDS.iter() {
            for name in &names {
                assert_eq!(
                    f.in_section(name),
                    f.section() == *name,
                    "{} in {name:?}",
                    f.path
                );
            }
        }
    }

    #[test]
    fn paths_are_unique_and_in_their_sections() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert!(
                FIELDS[..i].iter().all(|g| g.path != f.path),
                "{} twice",
                f.path
            );
            assert!(
                f.section().is_empty() || section(f.section()).is_some(),
                "{}",
                f.path
            );
        }
        // File order: the sections' fields are contiguous and in SECTIONS order.
        let order: Vec<&str> = FIELDS.iter().map(Field::section).collect();
        let mut seen: Vec<&str> = order.clone();
        seen.dedup();
        let mut expected = vec![""];
        expected.extend(SECTIONS.iter().map(|s| s.name));
        assert_eq!(seen, expected);
        // So a table's fields are one slice.
        for name in expected {
            let (start, fields) = fields_of(name);
            let all: Vec<&str> = FIELDS
                .iter()
                .filter(|f| f.in_section(name))
                .map(|f| f.path)
                .collect();
            assert_eq!(fields.iter().map(|f| f.path).collect::<Vec<_>>(), all);
            assert_eq!(FIELDS[start].path, all[0]);
        }
        assert!(fields_of("no_such_table").1.is_empty());
    }

    #[test]
    fn derivations_read_fields_that_are_not_derived() {
        for f in FIELDS {
            if let Default::Derived(d) = f.default {
                for from in d.from {
                    let g = field(from).unwrap_or_else(|| panic!("{} reads {from}", f.path));
                    // One exception: a value derived before this one that `breakeven --vary`
                    // cannot sweep (so it never has to be derived again in a sweep), such as
                    // `shape.interface`, read by `traffic.requests_per_connection`.
                    let earlier = FIELDS.iter().position(|x| x.path == g.path)
                        < FIELDS.iter().position(|x| x.path == f.path);
                    assert!(
                        !matches!(g.default, Default::Derived(e) if !(earlier && !e.last && g.sweep.is_none())),
                        "{}",
                        f.path
                    );
                }
            }
        }
    }

    #[test]
    fn defaults_and_sweeps_are_in_range() {
        for f in FIELDS {
            if let (Some(r), Default::Value(Val::Num(n)) | Default::Off(Val::Num(n))) =
                (f.range, f.default)
            {
                assert!(r.contains(n), "{}", f.path);
            }
            if let Default::Value(Val::Choice(c)) = f.default {
                assert!(
                    matches!(f.ty, Ty::Choice(v) if v.contains(&c)),
                    "{}",
                    f.path
                );
            }
            if let Some(s) = f.sweep {
                let r = f
                    .range
                    .unwrap_or_else(|| panic!("{} sweeps without a range", f.path));
                assert!(
                    r.contains(s.from) && r.contains(s.to) && s.from < s.to,
                    "{}",
                    f.path
                );
                assert!(!s.log || s.from > 0.0, "{}", f.path);
                assert!(!f.unit.is_empty(), "{}", f.path);
            }
        }
    }

    #[test]
    fn numbers_read_as_written() {
        // 10,000 with a separator; 1e15 in exponent form; fractions as they are.
        assert_eq!(grouped(10_000.0), "10,000");
        assert_eq!(grouped(192.0), "192");
        assert_eq!(grouped(1e15), "1e15");
        assert_eq!(grouped(0.25), "0.25");
        assert_eq!(between(1.0, 10_000.0).short(), "1–10,000");
        assert_eq!(above(0.0, 192.0).short(), "> 0, ≤ 192");
        assert_eq!(
            above(0.0, 192.0).describe(),
            "greater than 0 and at most 192"
        );
    }
}
