//! File → [`Workload`]: one pass that reads every key, checks its type and range, applies the
//! defaults of spec §2 and records them, and reports every problem it finds.

use std::ops::Range;

use toml::de::DeTable;

use super::read::{At, TableReader};
use super::{
    AppliedDefault, ArchPref, Complexity, Environment, Interface, Jobs, Kind, Needs, OpsCapacity,
    Override, Packaging, Platform, PricingPrefs, Purchase, Resources, Shape, Team, Traffic,
    Workflow, Workload,
};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::source::SourceFile;

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
    let mut doc = DeTable::parse(&source.text()[..own_len])
        .map_err(|e| Error::Invalid(Diagnostics(vec![toml_error(source, &e)])))?;
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

/// A TOML syntax error as a diagnostic.
pub(crate) fn toml_error(source: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    toml_error_as(source, e, "invalid TOML: ", Code::TomlSyntax)
}

/// A serde error (unknown field, wrong type) while reading a bundled or user table.
pub(crate) fn schema_error(source: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    toml_error_as(source, e, "", Code::InvalidTable)
}

fn toml_error_as(source: &SourceFile, e: &toml::de::Error, prefix: &str, code: Code) -> Diagnostic {
    let message = e.message().trim().trim_end_matches('.');
    let message = message.lines().next().unwrap_or("invalid TOML");
    let mut first = message.chars();
    let message = match first.next() {
        Some(c) => c.to_lowercase().chain(first).collect(),
        None => "invalid TOML".to_owned(),
    };
    // The parser's nesting limit comes without a span: point at where the nesting gets deepest.
    let span = e.span().or_else(|| {
        message
            .contains("recursion")
            .then(|| deepest_nesting(source.text()))
            .map(|at| at..at + 1)
    });
    Diagnostic::new(source, span, format!("{prefix}{message}")).with_code(code)
}

/// The offset of the first `[` or `{` at the deepest nesting of arrays and inline tables, outside
/// strings and comments (a rough scan, only to give a position).
fn deepest_nesting(text: &str) -> usize {
    let (mut depth, mut max, mut at) = (0usize, 0usize, 0usize);
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            _ if comment => comment = b != b'\n',
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > max {
                    (max, at) = (depth, i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    at
}

/// The validation context: where problems and applied defaults are collected.
struct Cx<'a> {
    src: &'a SourceFile,
    diags: &'a mut Diagnostics,
    defaults: &'a mut Vec<AppliedDefault>,
    /// Regions that have a pricing table.
    regions: &'a [&'a str],
}

/// An inclusive or exclusive numeric range, with the wording for messages.
#[derive(Clone, Copy)]
struct Range2 {
    min: f64,
    min_exclusive: bool,
    max: f64,
}

const fn between(min: f64, max: f64) -> Range2 {
    Range2 {
        min,
        min_exclusive: false,
        max,
    }
}

const fn above(min: f64, max: f64) -> Range2 {
    Range2 {
        min,
        min_exclusive: true,
        max,
    }
}

impl Range2 {
    fn contains(self, v: f64) -> bool {
        let low = if self.min_exclusive {
            v > self.min
        } else {
            v >= self.min
        };
        low && v <= self.max
    }

    fn describe(self) -> String {
        let low = if self.min_exclusive {
            format!("greater than {}", fmt_num(self.min))
        } else {
            format!("at least {}", fmt_num(self.min))
        };
        if self.max.is_finite() {
            format!("{low} and at most {}", fmt_num(self.max))
        } else {
            low
        }
    }
}

/// Numbers as a user writes them: `192`, `0.5`, `10000`.
fn fmt_num(v: f64) -> String {
    if v.abs() >= 1e9 {
        format!("{v:e}")
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

impl Cx<'_> {
    fn error(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        self.diags
            .push(Diagnostic::new(self.src, Some(span), message).with_optional_help(help));
    }

    fn default<T: ToString>(&mut self, key: &str, value: T, why: Option<&str>) -> T {
        self.defaults.push(AppliedDefault {
            key: key.to_owned(),
            value: value.to_string(),
            why: why.map(str::to_owned),
        });
        value
    }

    fn ranged(
        &mut self,
        t: &TableReader<'_, '_>,
        key: &str,
        v: Option<At<f64>>,
        range: Range2,
    ) -> Option<f64> {
        let At { value, span } = v?;
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

    fn number(
        &mut self,
        t: &mut TableReader<'_, '_>,
        key: &'static str,
        range: Range2,
    ) -> Option<f64> {
        let v = t.number(key, self.diags);
        self.ranged(t, key, v, range)
    }

    fn number_or(
        &mut self,
        t: &mut TableReader<'_, '_>,
        key: &'static str,
        range: Range2,
        default: f64,
    ) -> f64 {
        if t.has(key) {
            self.number(t, key, range).unwrap_or(default)
        } else {
            let path = t.key_path(key);
            self.default(&path, FmtNum(default), None).0
        }
    }

    fn count(
        &mut self,
        t: &mut TableReader<'_, '_>,
        key: &'static str,
        range: Range2,
    ) -> Option<u32> {
        let v = t.integer(key, self.diags).map(|At { value, span }| At {
            value: value as f64,
            span,
        });
        // The ranges used with `count` all end well inside u32.
        self.ranged(t, key, v, range).map(|n| n as u32)
    }

    fn count_or(
        &mut self,
        t: &mut TableReader<'_, '_>,
        key: &'static str,
        range: Range2,
        default: u32,
        why: Option<&str>,
    ) -> u32 {
        if t.has(key) {
            self.count(t, key, range).unwrap_or(default)
        } else {
            let path = t.key_path(key);
            self.default(&path, default, why)
        }
    }

    fn flag(&mut self, t: &mut TableReader<'_, '_>, key: &'static str) -> bool {
        if t.has(key) {
            t.boolean(key, self.diags).is_some_and(|b| b.value)
        } else {
            false
        }
    }

    fn choice_or<C: super::read::Choice + ToString>(
        &mut self,
        t: &mut TableReader<'_, '_>,
        key: &'static str,
        default: C,
        why: Option<&str>,
    ) -> C {
        if t.has(key) {
            t.choice(key, self.diags).map_or(default, |c| c.value)
        } else {
            let path = t.key_path(key);
            self.default(&path, default, why)
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
        // version
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
        let name = match root.string("name", self.diags) {
            Some(At { value, span }) => {
                let chars = value.chars().count();
                if (1..=100).contains(&chars) && !value.trim().is_empty() {
                    Some(value)
                } else {
                    self.error(
                        span,
                        format!("`name` has {chars} characters"),
                        Some("must be 1 to 100 characters, not all spaces".to_owned()),
                    );
                    None
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
                None
            }
        };
        let description = root.string("description", self.diags).map(|d| d.value);
        let region = if root.has("region") {
            root.string("region", self.diags)
                .and_then(|At { value, span }| {
                    if self.regions.contains(&value.as_str()) {
                        Some(value)
                    } else {
                        let help = match crate::diagnostic::suggest(
                            &value,
                            self.regions.iter().copied(),
                        ) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "regions with a pricing table: {}",
                                crate::diagnostic::one_of(self.regions)
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
                        None
                    }
                })
        } else {
            Some(self.default("region", "us-east-1".to_owned(), None))
        };

        // [shape] comes first: the kind decides which other tables apply.
        let shape = match root.table("shape", self.diags) {
            Some(t) => self.shape(t),
            None => {
                if !root.has("shape") {
                    self.missing(root.span(), "shape.kind", "add a `[shape]` table with `kind = \"service\"` (or `event`, `batch`, `scheduled`)");
                }
                None
            }
        };
        let kind = shape.as_ref().map(|(s, _)| s.kind);

        let resources = match root.table("resources", self.diags) {
            Some(t) => self.resources(t),
            None => self.resources_default(),
        };

        let needs = match root.table("needs", self.diags) {
            Some(t) => self.needs(t),
            None => self.needs_empty(),
        };

        let traffic = self
            .kind_table(&mut root, kind, "traffic", true)
            .and_then(|t| {
                let t = t?;
                self.traffic(t, needs.high_availability)
            });
        let jobs = self
            .kind_table(&mut root, kind, "jobs", false)
            .and_then(|t| {
                let t = t?;
                self.jobs(t)
            });

        let team = match root.table("team", self.diags) {
            Some(t) => self.team(t),
            None => Team {
                knows_kubernetes: false,
                ops_capacity: self.default("team.ops_capacity", OpsCapacity::Low, None),
                existing_platform: self.default("team.existing_platform", Platform::None, None),
            },
        };
        let pricing = match root.table("pricing", self.diags) {
            Some(t) => self.pricing(t),
            None => PricingPrefs {
                purchase: self.default("pricing.purchase", Purchase::OnDemand, None),
                free_tier: false,
                clusters: self.default("pricing.clusters", 1, None),
                cost_sensitive: false,
            },
        };
        root.finish(self.diags);

        let (mut shape, complexity_given) = shape?;
        if !complexity_given {
            let (complexity, why) = if shape.services >= 5 || needs.service_mesh {
                (Complexity::Complex, "5 or more services, or a service mesh")
            } else if shape.services >= 2 || needs.sidecars {
                (Complexity::Medium, "2 or more services, or sidecars")
            } else {
                (Complexity::Simple, "one service without sidecars")
            };
            shape.complexity = self.default("shape.complexity", complexity, Some(why));
        }
        let kind_has_traffic = shape.kind.has_traffic();
        let (traffic, jobs) = if kind_has_traffic {
            (Some(traffic?), None)
        } else {
            (None, Some(jobs?))
        };
        Some(Workload {
            name: name?,
            description,
            region: region?,
            shape,
            resources: resources?,
            traffic,
            jobs,
            team,
            needs,
            pricing,
            defaults: Vec::new(),
        })
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

    fn shape(&mut self, mut t: TableReader<'_, '_>) -> Option<(Shape, bool)> {
        let kind = if t.has("kind") {
            t.choice::<Kind>("kind", self.diags).map(|k| k.value)
        } else {
            self.missing(
                t.span(),
                "shape.kind",
                "add `kind = \"service\"` (or `event`, `batch`, `scheduled`)",
            );
            None
        };
        let default_interface = if kind == Some(Kind::Service) {
            Interface::Http
        } else {
            Interface::None
        };
        let interface = self.choice_or(
            &mut t,
            "interface",
            default_interface,
            Some(if kind == Some(Kind::Service) {
                "kind is `service`"
            } else {
                "kind is not `service`"
            }),
        );
        let packaging = self.choice_or(&mut t, "packaging", Packaging::Container, None);
        let arch = self.choice_or(&mut t, "arch", ArchPref::Any, None);
        let services = self.count_or(&mut t, "services", between(1.0, 10_000.0), 1, None);
        let complexity_given = t.has("complexity");
        let complexity = if complexity_given {
            t.choice::<Complexity>("complexity", self.diags)
                .map_or(Complexity::Simple, |c| c.value)
        } else {
            Complexity::Simple
        };
        let environment = self.choice_or(&mut t, "environment", Environment::Prod, None);
        t.finish(self.diags);
        Some((
            Shape {
                kind: kind?,
                interface,
                packaging,
                arch,
                services,
                complexity,
                environment,
            },
            complexity_given,
        ))
    }

    fn resources(&mut self, mut t: TableReader<'_, '_>) -> Option<Resources> {
        let vcpu = self.number_or(&mut t, "vcpu", above(0.0, 192.0), 1.0);
        let memory_gb = self.number_or(&mut t, "memory_gb", above(0.0, 24_576.0), 2.0);
        let gpus = self.count_or(&mut t, "gpus", between(0.0, 64.0), 0, None);
        let storage_gb = self.number_or(&mut t, "storage_gb", between(0.0, 65_536.0), 20.0);
        t.finish(self.diags);
        Some(Resources {
            vcpu,
            memory_gb,
            gpus,
            storage_gb,
        })
    }

    fn resources_default(&mut self) -> Option<Resources> {
        Some(Resources {
            vcpu: self.default("resources.vcpu", FmtNum(1.0), None).0,
            memory_gb: self.default("resources.memory_gb", FmtNum(2.0), None).0,
            gpus: self.default("resources.gpus", 0, None),
            storage_gb: self.default("resources.storage_gb", FmtNum(20.0), None).0,
        })
    }

    fn traffic(&mut self, mut t: TableReader<'_, '_>, high_availability: bool) -> Option<Traffic> {
        let requests = if t.has("requests_per_month") {
            self.number(&mut t, "requests_per_month", between(0.0, 1e15))
        } else {
            self.missing(
                t.span(),
                "traffic.requests_per_month",
                "add `requests_per_month = 1_000_000` (requests or events per month)",
            );
            None
        };
        let avg_duration = if t.has("avg_duration_ms") {
            self.number(&mut t, "avg_duration_ms", above(0.0, 86_400_000.0))
        } else {
            self.missing(
                t.span(),
                "traffic.avg_duration_ms",
                "add `avg_duration_ms = 100` (mean handling time of one request, in milliseconds)",
            );
            None
        };
        let max_duration_min = if t.has("max_duration_min") {
            let v = t.number("max_duration_min", self.diags);
            let span = v.as_ref().map(|v| v.span.clone());
            let value = self.ranged(&t, "max_duration_min", v, above(0.0, 1_440.0));
            if let (Some(max), Some(avg), Some(span)) = (value, avg_duration, span) {
                if max * 60_000.0 < avg {
                    self.error(span, format!("`traffic.max_duration_min` ({} min) is shorter than `avg_duration_ms` ({} ms)", fmt_num(max), fmt_num(avg)), Some("the longest request cannot be shorter than the mean".to_owned()));
                }
            }
            value
        } else {
            avg_duration.map(|avg| {
                self.default(
                    "traffic.max_duration_min",
                    FmtNum(avg / 60_000.0),
                    Some("avg_duration_ms ÷ 60000"),
                )
                .0
            })
        };
        let concurrency = self.number_or(
            &mut t,
            "concurrency_per_instance",
            between(1.0, 100_000.0),
            80.0,
        );
        let min_instances = if high_availability {
            self.count_or(
                &mut t,
                "min_instances",
                between(0.0, 100_000.0),
                2,
                Some("needs.high_availability"),
            )
        } else {
            self.count_or(&mut t, "min_instances", between(0.0, 100_000.0), 1, None)
        };
        let avg_instances = if t.has("avg_instances") {
            self.number(&mut t, "avg_instances", between(0.0, 100_000.0))
        } else {
            None
        };
        let peak = self.number_or(&mut t, "peak_to_average", between(1.0, 1_000.0), 3.0);
        t.finish(self.diags);
        Some(Traffic {
            requests_per_month: requests?,
            avg_duration_ms: avg_duration?,
            max_duration_min: max_duration_min?,
            concurrency_per_instance: concurrency,
            min_instances,
            avg_instances,
            peak_to_average: peak,
        })
    }

    fn jobs(&mut self, mut t: TableReader<'_, '_>) -> Option<Jobs> {
        let runs = if t.has("runs_per_month") {
            self.number(&mut t, "runs_per_month", between(0.0, 1e12))
        } else {
            self.missing(
                t.span(),
                "jobs.runs_per_month",
                "add `runs_per_month = 30` (job runs per month; array children count individually)",
            );
            None
        };
        let duration = if t.has("duration_min") {
            self.number(&mut t, "duration_min", above(0.0, 525_600.0))
        } else {
            self.missing(
                t.span(),
                "jobs.duration_min",
                "add `duration_min = 10` (wall time of one run, in minutes)",
            );
            None
        };
        let array_size = if t.has("array_size") {
            self.count(&mut t, "array_size", between(1.0, 1_000_000.0))
        } else {
            None
        };
        let dependencies = self.flag(&mut t, "dependencies");
        let multi_node = self.flag(&mut t, "multi_node");
        let workflow = if dependencies {
            self.choice_or(&mut t, "workflow", Workflow::Dag, Some("jobs.dependencies"))
        } else {
            self.choice_or(&mut t, "workflow", Workflow::None, None)
        };
        t.finish(self.diags);
        Some(Jobs {
            runs_per_month: runs?,
            duration_min: duration?,
            array_size,
            dependencies,
            multi_node,
            workflow,
        })
    }

    fn team(&mut self, mut t: TableReader<'_, '_>) -> Team {
        let knows_kubernetes = self.flag(&mut t, "knows_kubernetes");
        let ops_capacity = self.choice_or(&mut t, "ops_capacity", OpsCapacity::Low, None);
        let existing_platform = self.choice_or(&mut t, "existing_platform", Platform::None, None);
        t.finish(self.diags);
        Team {
            knows_kubernetes,
            ops_capacity,
            existing_platform,
        }
    }

    fn needs(&mut self, mut t: TableReader<'_, '_>) -> Needs {
        let needs = Needs {
            os_control: self.flag(&mut t, "os_control"),
            kubernetes_ecosystem: self.flag(&mut t, "kubernetes_ecosystem"),
            multi_cloud: self.flag(&mut t, "multi_cloud"),
            service_mesh: self.flag(&mut t, "service_mesh"),
            sidecars: self.flag(&mut t, "sidecars"),
            private_networking: self.flag(&mut t, "private_networking"),
            static_ip: self.flag(&mut t, "static_ip"),
            dedicated_hardware: self.flag(&mut t, "dedicated_hardware"),
            high_availability: self.flag(&mut t, "high_availability"),
            interruption_tolerant: self.flag(&mut t, "interruption_tolerant"),
            instance_type_control: self.flag(&mut t, "instance_type_control"),
            on_premises: self.flag(&mut t, "on_premises"),
            max_cold_start_ms: if t.has("max_cold_start_ms") {
                self.number(&mut t, "max_cold_start_ms", between(0.0, 3_600_000.0))
                    .unwrap_or(0.0)
            } else {
                0.0
            },
        };
        t.finish(self.diags);
        needs
    }

    fn needs_empty(&mut self) -> Needs {
        Needs {
            os_control: false,
            kubernetes_ecosystem: false,
            multi_cloud: false,
            service_mesh: false,
            sidecars: false,
            private_networking: false,
            static_ip: false,
            dedicated_hardware: false,
            high_availability: false,
            interruption_tolerant: false,
            instance_type_control: false,
            on_premises: false,
            max_cold_start_ms: 0.0,
        }
    }

    fn pricing(&mut self, mut t: TableReader<'_, '_>) -> PricingPrefs {
        let purchase = self.choice_or(&mut t, "purchase", Purchase::OnDemand, None);
        let free_tier = self.flag(&mut t, "free_tier");
        let clusters = self.count_or(&mut t, "clusters", between(1.0, 1_000.0), 1, None);
        let cost_sensitive = self.flag(&mut t, "cost_sensitive");
        t.finish(self.diags);
        PricingPrefs {
            purchase,
            free_tier,
            clusters,
            cost_sensitive,
        }
    }
}

/// A number shown as a user would write it, for the defaults list.
#[derive(Clone, Copy)]
struct FmtNum(f64);

impl std::fmt::Display for FmtNum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&fmt_num(self.0))
    }
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
    fn override_syntax() {
        assert!("novalue".parse::<Override>().is_err());
        assert!("=5".parse::<Override>().is_err());
        let o: Override = "a.b = 5 ".parse().unwrap();
        assert_eq!((o.path.as_str(), o.value.as_str()), ("a.b", "5"));
    }
}
