//! File → [`Workload`]: one pass that reads every key, checks its type and range, applies the
//! defaults of spec §2 and records them, and reports every problem it finds.

use std::ops::Range;

use toml::de::DeTable;

use super::fields::{self, Default, FIELDS, Field, Presence, SECTIONS, Ty, Val, fmt_num};
use super::read::{At, TableReader};
use super::{
    AppliedDefault, ArchPref, Complexity, Egress, Environment, Interface, Jobs, Kind, Needs,
    Network, OpsCapacity, Override, Packaging, Platform, PricingPrefs, Purchase, Resources, Shape,
    Team, Traffic, Workload,
};
use crate::error::{Error, Result};
use crate::input::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::input::source::SourceFile;
use crate::service::Service;

pub(super) fn parse(
    source: &SourceFile,
    regions: &[&str],
    overrides: &[Override],
) -> Result<Workload> {
    // Overrides are appended as a named overlay so their problems point at `--set:N:COL`.
    let overlay;
    let source = if overrides.is_empty() {
        source
    } else {
        let text: String = overrides
            .iter()
            .map(|o| format!("{}={}\n", o.path, o.value))
            .collect();
        overlay = source.with_overlay("--set", &text);
        &overlay
    };
    let own_len = source.own_text().len();
    let mut doc = DeTable::parse(&source.text()[..own_len]).map_err(|e| {
        Error::Invalid(Diagnostics(vec![crate::input::diagnostic::toml_error(
            source, &e,
        )]))
    })?;
    if !overrides.is_empty() {
        apply_overrides(&mut doc, source, own_len, overrides).map_err(Error::Invalid)?;
    }
    let mut diags = Diagnostics::default();
    let mut defaults = Vec::new();
    let workload = {
        let mut cx = Cx {
            src: source,
            diags: &mut diags,
            defaults: &mut defaults,
            regions,
            min_instances_at: None,
        };
        let root = TableReader::root(source, &doc);
        cx.workload(root)
    };
    match workload {
        Some(mut w) if diags.is_empty() => {
            w.defaults = defaults;
            Ok(w)
        }
        _ => {
            // A misspelt table also makes the real one "missing": report the typo alone.
            let misspelt: Vec<String> = diags
                .iter()
                .filter(|d| d.code == Code::UnknownKey)
                .filter_map(|d| d.subject.clone())
                .collect();
            diags.0.retain(|d| {
                d.code != Code::MissingKey
                    || !d.subject.as_ref().is_some_and(|s| misspelt.contains(s))
            });
            diags.sort();
            Err(Error::Invalid(diags))
        }
    }
}

/// Writes each `--set PATH=VALUE` into the parsed file, creating tables as needed. A value that is
/// not valid TOML (`arm`, `eu-west-1`) is taken as a string.
fn apply_overrides<'i>(
    doc: &mut toml::Spanned<DeTable<'i>>,
    source: &'i SourceFile,
    mut offset: usize,
    overrides: &[Override],
) -> std::result::Result<(), Diagnostics> {
    use std::borrow::Cow;
    use toml::Spanned;
    use toml::de::DeValue;

    let text = source.text();
    let mut diags = Diagnostics::default();
    for o in overrides {
        let line_start = offset;
        offset += o.path.len() + o.value.len() + 2;
        let value_range =
            line_start + o.path.len() + 1..line_start + o.path.len() + 1 + o.value.len();
        let raw = &text[value_range.clone()];
        let value = match DeValue::parse(raw) {
            Ok(v) => {
                let span = v.span();
                Spanned::new(
                    value_range.start + span.start..value_range.start + span.end,
                    v.into_inner(),
                )
            }
            Err(_) => Spanned::new(value_range.clone(), DeValue::String(Cow::Borrowed(raw))),
        };
        let mut table = doc.get_mut();
        let mut seg_start = line_start;
        let segments: Vec<&str> = text[line_start..line_start + o.path.len()]
            .split('.')
            .collect();
        for (i, seg) in segments.iter().enumerate() {
            let seg_range = seg_start..seg_start + seg.len();
            seg_start += seg.len() + 1;
            if seg.is_empty() || !seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                diags.push(
                    Diagnostic::new(source, Some(line_start..line_start + o.path.len()), format!("`{}` is not a key path", o.path))
                        .with_code(Code::BadOverride)
                        .with_help("write `--set table.key=value`, like `--set traffic.requests_per_month=5e7`"),
                );
                break;
            }
            let key = Spanned::new(seg_range.clone(), Cow::Borrowed(*seg));
            if i + 1 == segments.len() {
                table.insert(key, value.clone());
                break;
            }
            if table.get(*seg).is_none() {
                table.insert(
                    key,
                    Spanned::new(seg_range.clone(), DeValue::Table(DeTable::new())),
                );
            }
            match table.get_mut(*seg).map(toml::Spanned::get_mut) {
                Some(DeValue::Table(t)) => table = t,
                _ => {
                    diags.push(
                        Diagnostic::new(
                            source,
                            Some(seg_range),
                            format!("`{seg}` is a value, not a table"),
                        )
                        .with_code(Code::BadOverride)
                        .with_help(format!("`{}` cannot be set", o.path)),
                    );
                    break;
                }
            }
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// The validation context: where problems and applied defaults are collected.
struct Cx<'a> {
    src: &'a SourceFile,
    diags: &'a mut Diagnostics,
    defaults: &'a mut Vec<AppliedDefault>,
    /// Regions that have a pricing table.
    regions: &'a [&'a str],
    /// Where the file gives `traffic.min_instances`, checked against `needs.high_availability` once
    /// every table is read.
    min_instances_at: Option<Range<usize>>,
}

/// Which fields the file gives (with a valid value), indexed as [`FIELDS`].
type Given = [bool; FIELDS.len()];

fn index(path: &str) -> usize {
    FIELDS
        .iter()
        .position(|f| f.path == path)
        .unwrap_or(usize::MAX)
}

fn is_given(given: &Given, path: &str) -> bool {
    given.get(index(path)).copied().unwrap_or(false)
}

/// A workload with every field at its type's zero, before the file and the defaults fill it.
fn blank() -> Workload {
    Workload {
        name: String::new(),
        description: None,
        region: String::new(),
        shape: Shape {
            kind: Kind::Service,
            interface: Interface::None,
            packaging: Packaging::Container,
            arch: ArchPref::Any,
            services: 1,
            complexity: Complexity::Simple,
            environment: Environment::Prod,
        },
        resources: Resources::default(),
        traffic: None,
        jobs: None,
        team: Team {
            knows_kubernetes: false,
            ops_capacity: OpsCapacity::Low,
            existing_platform: Platform::None,
        },
        needs: Needs::default(),
        network: Network {
            egress: Egress::PublicIp,
            outbound_gb_per_month: 0.0,
            nat_gb_per_month: 0.0,
        },
        pricing: PricingPrefs {
            purchase: Purchase::OnDemand,
            free_tier: false,
            clusters: 1,
            cost_sensitive: false,
        },
        current: None,
        defaults: Vec::new(),
    }
}

impl Cx<'_> {
    fn error(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        self.diags
            .push(Diagnostic::new(self.src, Some(span), message).with_optional_help(help));
    }

    fn record(&mut self, key: &'static str, value: Val<'static>, why: Option<&'static str>) {
        self.defaults.push(AppliedDefault { key, value, why });
    }

    fn ranged(
        &mut self,
        t: &TableReader<'_, '_>,
        key: &str,
        v: Option<At<f64>>,
        range: Option<fields::Range>,
    ) -> Option<f64> {
        let At { value, span } = v?;
        let Some(range) = range else {
            return Some(value);
        };
        if range.contains(value) {
            Some(value)
        } else {
            self.diags.push(
                Diagnostic::new(
                    self.src,
                    Some(span),
                    format!("`{}` is {}, out of range", t.key_path(key), fmt_num(value)),
                )
                .with_code(Code::OutOfRange)
                .with_subject(t.key_path(key))
                .with_help(format!("must be {}", range.describe())),
            );
            None
        }
    }

    /// Reads one field the file gives: its type, its range or values; writes it on `w`. Whether
    /// the value was valid.
    fn read(&mut self, t: &mut TableReader<'_, '_>, f: &'static Field, w: &mut Workload) -> bool {
        let key = f.key();
        let value = match f.ty {
            Ty::Number => {
                let v = t.number(key, self.diags);
                self.ranged(t, key, v, f.range).map(Val::Num)
            }
            Ty::Count => {
                let v = t.integer(key, self.diags).map(|At { value, span }| At {
                    value: value as f64,
                    span,
                });
                // The ranges of counts all end well inside u32.
                self.ranged(t, key, v, f.range).map(Val::Num)
            }
            Ty::Flag => t.boolean(key, self.diags).map(|b| Val::Flag(b.value)),
            Ty::Choice(names) => t
                .choice(key, names, self.diags)
                .map(|c| Val::Choice(c.value)),
            Ty::Text => {
                return match t.string(key, self.diags) {
                    Some(s) => {
                        (f.set)(w, Val::Text(&s.value));
                        true
                    }
                    None => false,
                };
            }
        };
        value.map(|v| (f.set)(w, v)).is_some()
    }

    /// Reads every field of one table of the file.
    fn section(
        &mut self,
        mut t: TableReader<'_, '_>,
        name: &str,
        w: &mut Workload,
        given: &mut Given,
    ) {
        let (start, fields) = fields::fields_of(name);
        t.expect(fields.iter().map(Field::key));
        for (i, f) in (start..).zip(fields) {
            if t.gives(f.key()) {
                given[i] = self.read(&mut t, f, w);
            } else if let Default::Required { example } = f.default {
                let help = match f.ty {
                    Ty::Choice(names) => {
                        let others: Vec<String> = names
                            .iter()
                            .filter(|n| **n != example)
                            .map(|n| format!("`{n}`"))
                            .collect();
                        format!(
                            "add `{} = \"{example}\"` (or {})",
                            f.key(),
                            others.join(", ")
                        )
                    }
                    _ => format!("add `{} = {example}` ({})", f.key(), f.help),
                };
                self.missing(t.span(), f.path, &help);
            }
        }
        if name == "resources" {
            self.check_gpu_model(&t, w);
        }
        if name == "traffic" {
            self.check_longest(&t, w, given);
            self.min_instances_at = t.value_span("min_instances");
        }
        if name == "current" {
            self.check_current(&t, w, given);
        }
        t.finish(self.diags);
    }

    /// A GPU model asks for GPUs: `gpu_model` without `gpus` above 0 is an error.
    fn check_gpu_model(&mut self, t: &TableReader<'_, '_>, w: &Workload) {
        let Some(span) = t.value_span("gpu_model") else {
            return;
        };
        if w.resources.gpu_model.is_some() && w.resources.gpus == 0 {
            self.error(
                span,
                "`resources.gpu_model` is given but `gpus` is 0".to_owned(),
                Some(
                    "set `gpus` to the number of GPUs one instance needs, or remove `gpu_model`"
                        .to_owned(),
                ),
            );
        }
    }

    /// The longest request cannot be shorter than the mean.
    fn check_longest(&mut self, t: &TableReader<'_, '_>, w: &Workload, given: &Given) {
        let (Some(tr), Some(span)) = (&w.traffic, t.value_span("max_duration_min")) else {
            return;
        };
        if is_given(given, "traffic.max_duration_min")
            && is_given(given, "traffic.avg_duration_ms")
            && tr.max_duration_min * 60_000.0 < tr.avg_duration_ms
        {
            self.error(
                span,
                format!(
                    "`traffic.max_duration_min` ({} min) is shorter than `avg_duration_ms` ({} ms)",
                    fmt_num(tr.max_duration_min),
                    fmt_num(tr.avg_duration_ms)
                ),
                Some("the longest request cannot be shorter than the mean".to_owned()),
            );
        }
    }

    /// `[current]` names a service and gives the keys that describe it there, and no others: an
    /// EC2 fleet its instance type and count, Fargate its task size (and count, for services), Lambda
    /// its memory, App Runner its size and count (spec §2).
    fn check_current(&mut self, t: &TableReader<'_, '_>, w: &mut Workload, given: &Given) {
        let Some(c) = &mut w.current else { return };
        if !is_given(given, "current.service") {
            if t.value_span("service").is_none() {
                self.missing(
                    t.span(),
                    "current.service",
                    &format!(
                        "add `service = \"ec2\"` (or {}): the service it runs on today",
                        crate::input::diagnostic::one_of(&Service::IDS[1..])
                    ),
                );
            }
            return;
        }
        let jobs = !w.shape.kind.has_traffic();
        let (required, allowed) =
            current_keys(c.service, t.value_span("instance_type").is_some(), jobs);
        let what = current_what(c.service, t.value_span("instance_type").is_some());
        for f in FIELDS.iter().filter(|f| f.section() == "current") {
            let key = f.key();
            if key == "service" || key == "monthly_usd" {
                continue;
            }
            match t.value_span(key) {
                Some(span) if !required.contains(&key) && !allowed.contains(&key) => {
                    let keys: Vec<String> = required
                        .iter()
                        .chain(allowed)
                        .map(|k| format!("`{k}`"))
                        .collect();
                    self.diags.push(
                        Diagnostic::new(
                            self.src,
                            Some(span),
                            format!(
                                "`current.{key}` does not fit `service = \"{}\"`{}",
                                c.service,
                                if jobs && matches!(key, "tasks" | "instances") {
                                    " for jobs"
                                } else {
                                    ""
                                }
                            ),
                        )
                        .with_code(Code::InvalidValue)
                        .with_subject(format!("current.{key}"))
                        .with_help(format!(
                            "{what} is described by {} (and `monthly_usd`)",
                            keys.join(", ")
                        )),
                    );
                }
                None if required.contains(&key) => {
                    let example = match key {
                        "instance_type" => "\"m5.large\"",
                        "instances" | "tasks" => "2",
                        "vcpu" => "1",
                        "memory_gb" => "2",
                        "memory_mb" => "1024",
                        _ => "1",
                    };
                    self.missing(
                        t.span(),
                        &format!("current.{key}"),
                        &format!(
                            "add `{key} = {example}`: {what} needs {}",
                            required.join(", ")
                        ),
                    );
                }
                _ => {}
            }
        }
        if let Some(span) = t.value_span("instance_type") {
            c.instance_type_at = Some(super::Place(
                Diagnostic::new(self.src, Some(span), String::new())
                    .with_code(Code::UnknownValue)
                    .with_subject("current.instance_type"),
            ));
        }
    }

    /// High availability means instances in two Availability Zones: a file that asks for it cannot
    /// also hold the service to fewer than two instances (spec §2).
    fn check_high_availability(&mut self, w: &Workload, given: &Given) {
        let (Some(tr), Some(span)) = (&w.traffic, self.min_instances_at.clone()) else {
            return;
        };
        if is_given(given, "needs.high_availability")
            && w.needs.high_availability
            && is_given(given, "traffic.min_instances")
            && tr.min_instances < 2
        {
            self.diags.push(
                Diagnostic::new(
                    self.src,
                    Some(span),
                    format!(
                        "`traffic.min_instances` is {} but `needs.high_availability` is true",
                        tr.min_instances
                    ),
                )
                .with_code(Code::OutOfRange)
                .with_subject("traffic.min_instances")
                .with_help(
                    "high availability runs at least 2 instances (one per Availability Zone): set `min_instances = 2` or more, or remove the line (it then defaults to 2), or set `high_availability = false`",
                ),
            );
        }
    }

    /// Fills in every field the file left out, in file order, and records each default applied:
    /// constants first (derivations read them), then derived values, those that sum up the whole
    /// file last.
    fn apply_defaults(&mut self, w: &mut Workload, given: &Given, kind: Option<Kind>) {
        // The fields not given, of the top level and the tables that apply to the kind, in file
        // order (the top level, then the tables in `SECTIONS` order).
        let tables = SECTIONS
            .iter()
            .filter(|s| kind.is_some_and(|k| s.applies(k)))
            .map(|s| fields::fields_of(s.name));
        let mut todo: Vec<&'static Field> = Vec::with_capacity(FIELDS.len());
        for (start, fields) in std::iter::once(fields::fields_of("")).chain(tables) {
            todo.extend(
                (start..)
                    .zip(fields)
                    .filter(|&(i, _)| !given.get(i).copied().unwrap_or(true))
                    .map(|(_, f)| f),
            );
        }
        let todo = || todo.iter().copied();
        for f in todo() {
            if let Default::Off(v) | Default::Value(v) = f.default {
                (f.set)(w, v);
            }
        }
        for last in [false, true] {
            for f in todo() {
                match f.default {
                    Default::Value(v) if !last => self.record(f.path, v, None),
                    Default::Derived(d) if d.last == last => {
                        let (v, why) = (d.value)(&*w);
                        (f.set)(w, v);
                        self.record(f.path, v, why);
                    }
                    _ => {}
                }
            }
        }
    }

    /// An absent required key, reported at the table that should hold it.
    fn missing(&mut self, span: Range<usize>, path: &str, help: &str) {
        // Point at the table header (or the document start) rather than its whole extent.
        let start = span.start;
        self.diags.push(
            Diagnostic::new(
                self.src,
                Some(start..start),
                format!("missing required key `{path}`"),
            )
            .with_code(Code::MissingKey)
            .with_subject(path.trim_matches(['[', ']']))
            .with_help(help),
        );
    }

    fn workload(&mut self, mut root: TableReader<'_, '_>) -> Option<Workload> {
        let mut w = blank();
        let mut given: Given = [false; FIELDS.len()];
        // The top-level keys, each with a check of its own.
        match root.integer("version", self.diags) {
            Some(At { value: 1, .. }) => {}
            Some(At { value, span }) => self.error(
                span,
                format!("unsupported format version `{value}`"),
                Some("this runwhere reads `version = 1`".to_owned()),
            ),
            None if !root.has("version") => self.missing(
                root.span(),
                "version",
                "add `version = 1` at the top of the file",
            ),
            None => {}
        }
        match root.string("name", self.diags) {
            Some(At { value, span }) => {
                let chars = value.chars().count();
                if (1..=100).contains(&chars) && !value.trim().is_empty() {
                    w.name = value;
                } else {
                    self.error(
                        span,
                        format!("`name` has {chars} characters"),
                        Some("must be 1 to 100 characters, not all spaces".to_owned()),
                    );
                }
            }
            None => {
                if !root.has("name") {
                    self.missing(
                        root.span(),
                        "name",
                        "add `name = \"my-service\"` (1 to 100 characters)",
                    );
                }
            }
        }
        w.description = root.string("description", self.diags).map(|d| d.value);
        if root.has("region") {
            if let Some(At { value, span }) = root.string("region", self.diags) {
                if self.regions.contains(&value.as_str()) {
                    w.region = value;
                    given[index("region")] = true;
                } else {
                    let help = match crate::input::diagnostic::suggest(
                        &value,
                        self.regions.iter().copied(),
                    ) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "regions with a pricing table: {}; `runwhere recommend FILE --region {value}` gives the commands that build one",
                            crate::input::diagnostic::one_of(self.regions)
                        ),
                    };
                    self.diags.push(
                        Diagnostic::new(
                            self.src,
                            Some(span),
                            format!("no pricing table for region `{value}`"),
                        )
                        .with_code(Code::UnknownRegion)
                        .with_help(help),
                    );
                }
            }
        }

        // [shape] comes first: the kind decides which other tables apply.
        match root.table("shape", self.diags) {
            Some(t) => self.section(t, "shape", &mut w, &mut given),
            None => {
                if !root.has("shape") {
                    self.missing(root.span(), "shape.kind", "add a `[shape]` table with `kind = \"service\"` (or `event`, `batch`, `scheduled`)");
                }
            }
        }
        let kind = is_given(&given, "shape.kind").then_some(w.shape.kind);
        match kind {
            Some(k) if k.has_traffic() => w.traffic = Some(Traffic::default()),
            Some(_) => w.jobs = Some(Jobs::default()),
            None => {}
        }
        for s in &SECTIONS[1..] {
            let table = match s.presence {
                Presence::Traffic | Presence::Jobs => self
                    .kind_table(&mut root, kind, s.name, s.presence == Presence::Traffic)
                    .flatten(),
                Presence::Required | Presence::Optional => root.table(s.name, self.diags),
            };
            if let Some(t) = table {
                if s.name == "current" {
                    w.current = Some(super::Current {
                        service: Service::Ec2,
                        instance_type: None,
                        instances: None,
                        purchase: None,
                        arch: None,
                        vcpu: None,
                        memory_gb: None,
                        tasks: None,
                        memory_mb: None,
                        monthly_usd: None,
                        instance_type_at: None,
                    });
                }
                self.section(t, s.name, &mut w, &mut given);
            }
        }
        root.finish(self.diags);
        self.check_high_availability(&w, &given);
        self.apply_defaults(&mut w, &given, kind);
        Some(w)
    }

    /// `[traffic]` for service/event, `[jobs]` for batch/scheduled: required there, rejected elsewhere.
    /// `Some(None)` means "absent and allowed to be", `None` means a problem was reported.
    fn kind_table<'a, 'i>(
        &mut self,
        root: &mut TableReader<'a, 'i>,
        kind: Option<Kind>,
        key: &'static str,
        for_traffic: bool,
    ) -> Option<Option<TableReader<'a, 'i>>> {
        let present = root.has(key);
        let table = root.table(key, self.diags);
        let kind = kind?;
        let wanted = kind.has_traffic() == for_traffic;
        let (kinds, other) = if for_traffic {
            ("`service` and `event`", "[jobs]")
        } else {
            ("`batch` and `scheduled`", "[traffic]")
        };
        match (wanted, table) {
            (true, Some(t)) => Some(Some(t)),
            (true, None) => {
                if !present {
                    self.missing(
                        root.span(),
                        &format!("[{key}]"),
                        &format!("kind `{kind}` needs a `[{key}]` table"),
                    );
                }
                None
            }
            (false, Some(t)) => {
                self.error(
                    t.span().start..t.span().start,
                    format!("`[{key}]` does not apply to kind `{kind}`"),
                    Some(format!(
                        "[{key}] is for kinds {kinds}; kind `{kind}` uses {other}"
                    )),
                );
                None
            }
            (false, None) => Some(None),
        }
    }
}

/// The keys `[current]` requires and allows (beyond `service` and `monthly_usd`) for a service;
/// `ec2_nodes` when `eks` or `batch` name an instance type (EC2 nodes, not Fargate), `jobs` for
/// batch and scheduled kinds, whose containers and compute environments follow the jobs.
pub(crate) fn current_keys(
    service: Service,
    ec2_nodes: bool,
    jobs: bool,
) -> (&'static [&'static str], &'static [&'static str]) {
    const FLEET: &[&str] = &["instance_type", "instances"];
    const BOUGHT: &[&str] = &["purchase"];
    const TASK: &[&str] = &["vcpu", "memory_gb"];
    const TASKS: &[&str] = &["vcpu", "memory_gb", "tasks"];
    const TASK_OPTIONS: &[&str] = &["arch", "purchase"];
    match service {
        Service::Ec2 | Service::ElasticBeanstalk | Service::Ecs => (FLEET, BOUGHT),
        Service::Eks if ec2_nodes => (FLEET, BOUGHT),
        Service::Batch if ec2_nodes => (&["instance_type"], BOUGHT),
        Service::Batch => (TASK, TASK_OPTIONS),
        Service::Fargate | Service::Eks if jobs => (TASK, TASK_OPTIONS),
        Service::Fargate | Service::Eks => (TASKS, TASK_OPTIONS),
        Service::Lambda => (&["memory_mb"], TASK_OPTIONS),
        Service::AppRunner => (&["vcpu", "memory_gb", "instances"], &[]),
    }
}

/// What a `[current]` service runs on, for messages: `EC2 today`, `EKS on Fargate today`.
fn current_what(service: Service, ec2_nodes: bool) -> String {
    let on = match service {
        Service::Eks | Service::Batch if ec2_nodes => " on EC2 nodes",
        Service::Eks | Service::Batch => " on Fargate",
        _ => "",
    };
    format!("{}{on} today", service.display_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "version = 1\nname = \"t\"\n[shape]\nkind = \"service\"\n[traffic]\nrequests_per_month = 1000\navg_duration_ms = 100\n";

    fn with(sets: &[&str]) -> Result<Workload> {
        let overrides: Vec<Override> = sets.iter().map(|s| s.parse().unwrap()).collect();
        parse(
            &SourceFile::new("w.toml", FILE),
            &["us-east-1", "eu-west-1"],
            &overrides,
        )
    }

    fn error(sets: &[&str]) -> String {
        with(sets).unwrap_err().render()
    }

    #[test]
    fn overrides_replace_and_add_values() {
        let w = with(&[
            "traffic.requests_per_month=5e7",
            "shape.arch=arm",
            "needs.static_ip=true",
            "region=eu-west-1",
        ])
        .unwrap();
        assert_eq!(w.traffic.unwrap().requests_per_month, 5e7);
        assert_eq!(w.shape.arch, super::super::ArchPref::Arm);
        assert!(w.needs.static_ip);
        assert_eq!(w.region, "eu-west-1");
    }

    #[test]
    fn overrides_are_validated_like_file_values() {
        let e = error(&["shape.arch=arm", "traffic.requests_per_month=-1"]);
        assert!(e.contains("--set:2:28"), "{e}");
        assert!(
            e.contains("`traffic.requests_per_month` is -1, out of range"),
            "{e}"
        );
        let e = error(&["traffic.requests_per_mont=1"]);
        assert!(
            e.contains("--set:1:9") && e.contains("did you mean `requests_per_month`?"),
            "{e}"
        );
        let e = error(&["region=eu-west-9"]);
        assert!(
            e.contains("--set:1:8") && e.contains("did you mean `eu-west-1`?"),
            "{e}"
        );
        let e = error(&["shape.kind=sevice"]);
        assert!(e.contains("did you mean `service`?"), "{e}");
        let e = error(&["name.first=x"]);
        assert!(e.contains("`name` is a value, not a table"), "{e}");
        let e = error(&["traffic..x=1"]);
        assert!(e.contains("is not a key path"), "{e}");
    }

    #[test]
    fn high_availability_needs_two_instances() {
        let e = error(&["needs.high_availability=true", "traffic.min_instances=1"]);
        assert!(
            e.contains("--set:2:23")
                && e.contains("`traffic.min_instances` is 1 but `needs.high_availability` is true"),
            "{e}"
        );
        assert!(
            error(&["needs.high_availability=true", "traffic.min_instances=0"]).contains("is 0")
        );
        // Two or more, or the default (2 with high availability), or no high availability: fine.
        let two = with(&["needs.high_availability=true", "traffic.min_instances=2"]).unwrap();
        assert_eq!(two.traffic.unwrap().min_instances, 2);
        let default = with(&["needs.high_availability=true"]).unwrap();
        assert_eq!(default.traffic.unwrap().min_instances, 2);
        let single = with(&["traffic.min_instances=1"]).unwrap();
        assert_eq!(single.traffic.unwrap().min_instances, 1);
    }

    #[test]
    fn concurrency_default_follows_the_work() {
        let c = |sets: &[&str]| {
            with(sets)
                .unwrap()
                .traffic
                .unwrap()
                .concurrency_per_instance
        };
        // A service: I/O-bound web work, 80 requests at once per instance.
        assert_eq!(c(&[]), 80.0);
        assert_eq!(c(&["resources.vcpu=4"]), 80.0);
        // An event handler: one request per vCPU, floor(vcpu) and at least 1:
        // 2.5 vCPU -> floor(2.5) = 2; 0.5 vCPU -> max(1, floor(0.5) = 0) = 1; default 1 vCPU -> 1.
        assert_eq!(c(&["shape.kind=event", "resources.vcpu=2.5"]), 2.0);
        assert_eq!(c(&["shape.kind=event", "resources.vcpu=0.5"]), 1.0);
        assert_eq!(c(&["shape.kind=event"]), 1.0);
        // A value the file gives wins.
        assert_eq!(
            c(&["shape.kind=event", "traffic.concurrency_per_instance=10"]),
            10.0
        );
    }

    #[test]
    fn traffic_size_and_connection_defaults() {
        let t = |sets: &[&str]| with(sets).unwrap().traffic.unwrap();
        // 1,000 requests × 100 ms = 100 s of work ÷ (730 × 3,600 = 2,628,000 s) = 3.805e-5
        // requests in flight on average: the default open connections.
        let http = t(&[]);
        assert_eq!((http.avg_request_kb, http.avg_response_kb), (1.0, 16.0));
        assert_eq!(http.requests_per_connection, 10.0);
        assert!((http.avg_connections - 100.0 / 2_628_000.0).abs() < 1e-15);
        // tcp and udp: each request is a connection (flow) of its own; websocket keeps 10.
        assert_eq!(t(&["shape.interface=tcp"]).requests_per_connection, 1.0);
        assert_eq!(t(&["shape.interface=udp"]).requests_per_connection, 1.0);
        assert_eq!(
            t(&["shape.interface=websocket"]).requests_per_connection,
            10.0
        );
        // An event handler's interface defaults to `none`: 1.
        assert_eq!(t(&["shape.kind=event"]).requests_per_connection, 1.0);
        // Values the file gives win.
        let given = t(&[
            "traffic.avg_request_kb=4",
            "traffic.avg_response_kb=512",
            "traffic.requests_per_connection=1",
            "traffic.avg_connections=3000",
        ]);
        assert_eq!(
            (
                given.avg_request_kb,
                given.avg_response_kb,
                given.requests_per_connection,
                given.avg_connections
            ),
            (4.0, 512.0, 1.0, 3_000.0)
        );
        // Fewer than one request per connection is out of range.
        assert!(error(&["traffic.requests_per_connection=0.5"]).contains("out of range"));
    }

    #[test]
    fn override_syntax() {
        assert!("novalue".parse::<Override>().is_err());
        assert!("=5".parse::<Override>().is_err());
        let o: Override = "a.b = 5 ".parse().unwrap();
        assert_eq!((o.path.as_str(), o.value.as_str()), ("a.b", "5"));
    }
}
