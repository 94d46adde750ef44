//! The decision record behind `runwhere report`: every section of the Markdown and HTML reports,
//! in order, as plain text and numbers that both renderers print as they are.
//!
//! Every figure is taken from [`Report`] (the model `recommend --format json` prints), never
//! recomputed, so the report and the JSON agree to the cent. Text that came from the user or from
//! data files is kept raw here; escaping is each renderer's job.

use std::collections::BTreeMap;

use serde::Serialize;

use super::architecture::Architectures;
use super::diagram::{self, Graph};
use super::table::{signed, variant};
use super::{Report, ServiceReport, usd};
use crate::engine::rank::{self, Prefer, Ranking, Warning};
use crate::output::format::signed_usd;
use crate::rules::{RuleSet, Source, Topic};
use crate::service::Service;
use crate::workload::{
    ArchPref, Interface, Kind, OpsCapacity, Packaging, Platform, Purchase, Workload,
};

/// How many of the top-ranked services get a cost breakdown.
pub const BREAKDOWNS: usize = 3;

/// Where the inputs came from, beyond the ranking: for the context and the assumptions.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// The region's name as the pricing table gives it (`US East (N. Virginia)`).
    pub region_name: String,
    /// `bundled` or the `--pricing-dir` directory.
    pub pricing_origin: String,
    /// Pricing source id → what it is.
    pub pricing_sources: BTreeMap<String, String>,
    /// Values given on the command line instead of the file's (`--set`, `--region`), in order.
    pub overrides: Vec<(String, String)>,
    /// The runwhere version.
    pub version: String,
    /// Where the decision stands (`--status`).
    pub status: Status,
    /// The run's date, `YYYY-MM-DD` (`SOURCE_DATE_EPOCH` when set).
    pub date: String,
}

/// Where an architecture decision record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Proposed,
    Accepted,
    Superseded,
}

impl Status {
    pub fn title(self) -> &'static str {
        match self {
            Self::Proposed => "Proposed",
            Self::Accepted => "Accepted",
            Self::Superseded => "Superseded",
        }
    }
}

/// A run of summary text, plain or strong.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub strong: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DefaultRow {
    pub key: String,
    pub value: String,
    /// Why this value: derived from other values, or the format's default.
    pub why: String,
}

/// One eligible service in the ranked table.
#[derive(Debug, Clone, Serialize)]
pub struct OptionRow {
    pub rank: usize,
    pub service: &'static str,
    pub name: &'static str,
    pub variant: String,
    /// As printed, e.g. `$79.94`.
    pub monthly: String,
    pub monthly_usd: f64,
    pub fit: String,
    pub reason: String,
    pub recommended: bool,
}

/// One rule that excluded one service.
#[derive(Debug, Clone, Serialize)]
pub struct ExcludedRow {
    pub service: &'static str,
    pub name: &'static str,
    pub rule: String,
    pub reason: String,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub item: String,
    /// The quantity as in the JSON, with thousands separators.
    pub quantity: String,
    pub unit: String,
    /// The unit price as in the JSON, every digit kept.
    pub unit_price: String,
    pub monthly: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub rank: usize,
    pub service: &'static str,
    pub name: &'static str,
    pub variant: String,
    pub total: String,
    pub items: Vec<ItemRow>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Caveat {
    pub text: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaveatGroup {
    pub id: &'static str,
    pub title: &'static str,
    pub items: Vec<Caveat>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Flow {
    pub title: String,
    pub source: String,
    /// The path's steps as `recommend` prints them.
    pub path: Vec<String>,
    /// When every service the path leads to is excluded: that, why, and where the ranking went.
    pub outcome: Option<String>,
    #[serde(skip)]
    pub graph: Graph,
    #[serde(skip)]
    pub root: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchitectureView {
    pub service: &'static str,
    pub name: &'static str,
    pub title: String,
    pub variant: String,
    pub sources: Vec<String>,
    /// The AWS boundary's caption (`AWS · us-east-1`).
    pub boundary: String,
    #[serde(skip)]
    pub graph: Graph,
}

/// Every section of the report, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub title: String,
    /// `Proposed`, `Accepted` or `Superseded`.
    pub status: &'static str,
    /// The run's date, `YYYY-MM-DD`.
    pub date: String,
    pub workload: String,
    pub description: Option<String>,
    pub meta: Vec<Pair>,
    pub summary: Vec<Inline>,
    /// What the team takes on with the decision: operations, lock-in, limits, cost.
    pub consequences: Vec<CaveatGroup>,
    pub context: Vec<String>,
    /// Values the command line set instead of the file.
    pub overrides: Vec<Pair>,
    pub defaults: Vec<DefaultRow>,
    pub options: Vec<OptionRow>,
    pub excluded: Vec<ExcludedRow>,
    pub breakdowns: Vec<Breakdown>,
    pub flowchart: Flow,
    pub architecture: Option<ArchitectureView>,
    pub caveats: Vec<CaveatGroup>,
    pub assumptions: Vec<Pair>,
    /// The pricing table's sources: AWS pages, then AWS Price List files, then secondary sources.
    pub pricing_sources: Vec<super::sources::Group>,
    /// The documents and sections the rules, the flowchart and the diagrams cite, in first-cited
    /// order.
    pub citations: Vec<String>,
    pub version: String,
}

/// The sections, with the ids the HTML uses as anchors, in order: an architecture decision
/// record's own (status and date, context, decision, consequences, alternatives), then the
/// evidence behind it.
pub const SECTIONS: [(&str, &str); 12] = [
    ("status", "Status"),
    ("context", "Context"),
    ("decision", "Decision"),
    ("consequences", "Consequences"),
    ("alternatives", "Alternatives considered"),
    ("costs", "Cost breakdown"),
    ("chart", "Monthly cost by service"),
    ("flowchart", "Decision flowchart"),
    ("architecture", "Architecture"),
    ("caveats", "Caveats"),
    ("assumptions", "Assumptions"),
    ("sources", "Sources"),
];

fn name_of(id: &str) -> &'static str {
    Service::from_id(id).map_or("?", Service::display_name)
}

pub use crate::output::format::{number, price};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn prefer_text(prefer: Prefer, w: &Workload) -> String {
    match prefer {
        Prefer::Cost => "cheapest first (`--prefer cost`); fit breaks ties".to_owned(),
        Prefer::Fit => "best fit first (`--prefer fit`); cost breaks ties".to_owned(),
        Prefer::Balanced => format!(
            "fit and cost together (`--prefer balanced`): fit minus {} points per doubling of cost against the cheapest",
            crate::cost::trim_count(rank::points_per_doubling(w))
        ),
    }
}

fn purchase_text(p: Purchase) -> &'static str {
    match p {
        Purchase::OnDemand => "bought on demand",
        Purchase::Spot => "bought on Spot where the service offers it",
        Purchase::SavingsPlan1yr => "bought with a 1-year Compute Savings Plan",
        Purchase::SavingsPlan3yr => "bought with a 3-year Compute Savings Plan",
        Purchase::Best => "bought the cheapest way each service allows",
    }
}

/// The workload in plain words, one sentence per topic.
fn describe(w: &Workload) -> Vec<String> {
    let mut out = Vec::new();
    let what = match w.shape.kind {
        Kind::Service => "a long-running service",
        Kind::Event => "an event-driven handler",
        Kind::Batch => "a batch job",
        Kind::Scheduled => "a scheduled job",
    };
    let reached = match w.shape.interface {
        Interface::Http => " serving HTTP",
        Interface::Grpc => " serving gRPC",
        Interface::Websocket => " serving WebSocket connections",
        Interface::Tcp => " serving TCP",
        Interface::Udp => " serving UDP",
        Interface::None if w.shape.kind == Kind::Service => " with no inbound interface",
        Interface::None => "",
    };
    let packaging = match w.shape.packaging {
        Packaging::Code => "deployed as source code",
        Packaging::Container => "packaged as a container image",
        Packaging::Vm => "packaged as a virtual machine image",
    };
    let arch = match w.shape.arch {
        ArchPref::Any => "built for x86 or ARM",
        ArchPref::X86 => "built for x86 only",
        ArchPref::Arm => "built for ARM only",
    };
    let services = if w.shape.services > 1 {
        format!(", one of {} separately deployed services", w.shape.services)
    } else {
        String::new()
    };
    out.push(format!(
        "It is {what}{reached}, {packaging} and {arch}, for the {} environment{services} ({} complexity).",
        w.shape.environment, w.shape.complexity
    ));

    let r = &w.resources;
    let mut size = vec![
        format!("{} vCPU", number(r.vcpu)),
        format!("{} GiB of memory", number(r.memory_gb)),
    ];
    if r.gpus > 0 {
        size.push(plural(r.gpus as usize, "GPU", "GPUs"));
    }
    if r.storage_gb > 0.0 {
        size.push(format!("{} GB of local disk", number(r.storage_gb)));
    }
    let unit = match w.shape.kind {
        Kind::Service => "instance",
        Kind::Event => "invocation",
        Kind::Batch | Kind::Scheduled => "job run",
    };
    out.push(format!("One {unit} needs {}.", and_list(&size)));

    if let Some(t) = &w.traffic {
        let what = if w.shape.kind == Kind::Event {
            "events"
        } else {
            "requests"
        };
        let derived = if t.avg_instances.is_some() {
            "as given"
        } else {
            "derived from the traffic"
        };
        // The longest request in the unit that reads best: 0.1 s, 12 s, 3 min.
        let longest = if t.max_duration_min < 1.0 {
            format!(
                "{} s",
                number((t.max_duration_min * 60.0 * 100.0).round() / 100.0)
            )
        } else {
            format!("{} min", crate::cost::trim_count(t.max_duration_min))
        };
        out.push(format!(
            "It handles {} {what} a month, {} ms each on average (the longest {longest}); one instance serves {} at a time. That averages {} (at least {}, {derived}), with peaks at {}× the average load.",
            number(t.requests_per_month),
            number(t.avg_duration_ms),
            number(t.concurrency_per_instance),
            plural_f(w.avg_instances(), "instance", "instances"),
            t.min_instances,
            number(t.peak_to_average),
        ));
    }
    if let Some(j) = &w.jobs {
        let mut extra = Vec::new();
        if let Some(n) = j.array_size.filter(|n| *n > 1) {
            extra.push(format!(
                "as array jobs of {} children",
                number(f64::from(n))
            ));
        }
        if j.dependencies {
            extra.push("with dependencies between jobs".to_owned());
        }
        if j.multi_node {
            extra.push("each spanning several nodes".to_owned());
        }
        if j.workflow != crate::workload::Workflow::None {
            extra.push(format!("in a `{}` workflow", j.workflow));
        }
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(", {}", and_list(&extra))
        };
        out.push(format!(
            "It runs {} a month, {} minutes a run{extra}: {} job-hours a month.",
            plural_f(j.runs_per_month, "time", "times"),
            number(j.duration_min),
            number((w.job_hours() * 100.0).round() / 100.0),
        ));
    }

    let ops = match w.team.ops_capacity {
        OpsCapacity::None => "no capacity for infrastructure work",
        OpsCapacity::Low => "little capacity for infrastructure work",
        OpsCapacity::High => "plenty of capacity for infrastructure work",
    };
    let k8s = if w.team.knows_kubernetes {
        "knows Kubernetes"
    } else {
        "does not know Kubernetes"
    };
    let platform = match w.team.existing_platform {
        Platform::None => "runs no platform yet".to_owned(),
        Platform::Ec2 => "already runs EC2".to_owned(),
        Platform::Ecs => "already runs ECS".to_owned(),
        Platform::Kubernetes => "already runs Kubernetes".to_owned(),
        Platform::Lambda => "already runs Lambda".to_owned(),
        Platform::AppRunner => "already runs App Runner".to_owned(),
    };
    out.push(format!("The team has {ops}, {k8s} and {platform}."));

    let n = &w.needs;
    // The flags that are on, in file order, each as the field table names it in plain words.
    let mut needs: Vec<String> = crate::workload::fields::FIELDS
        .iter()
        .filter(|f| !f.plain.is_empty() && (f.get)(w).flag())
        .map(|f| f.plain.to_owned())
        .collect();
    if n.max_cold_start_ms > 0.0 {
        needs.push(format!(
            "cold starts under {} ms",
            number(n.max_cold_start_ms)
        ));
    }
    let tolerant = if n.interruption_tolerant {
        " It tolerates interruption, so it may run on Spot."
    } else {
        ""
    };
    if needs.is_empty() {
        out.push(format!("It has no special needs.{tolerant}"));
    } else {
        out.push(format!("It needs {}.{tolerant}", and_list(&needs)));
    }

    let p = &w.pricing;
    let mut pricing = vec![purchase_text(p.purchase).to_owned()];
    pricing.push(if p.free_tier {
        "with the always-free allowances subtracted".to_owned()
    } else {
        "without the free tier".to_owned()
    });
    if p.clusters > 1 {
        pricing.push(format!("across {} clusters", p.clusters));
    }
    let tight = if p.cost_sensitive {
        " The budget is small, so fixed fees weigh more in the ranking."
    } else {
        ""
    };
    out.push(format!("Capacity is {}.{tight}", and_list(&pricing)));
    out
}

fn plural_f(x: f64, one: &str, many: &str) -> String {
    let word = if (x - 1.0).abs() < f64::EPSILON {
        one
    } else {
        many
    };
    format!("{} {word}", number(x))
}

fn summary(
    record_name: &str,
    options: &[OptionRow],
    ranking: &Ranking,
    report: &Report,
) -> Vec<Inline> {
    let mut s = Summary::default();
    let excluded: Vec<String> = report
        .services
        .iter()
        .filter(|x| !x.eligible)
        .map(|x| name_of(x.service).to_owned())
        .collect();
    let Some(first) = options.first() else {
        s.plain("No service runwhere compares can run ");
        s.strong(record_name);
        s.plain(&format!(
            " as described: all {} are excluded, each for the reasons listed under Options excluded.",
            report.services.len()
        ));
        return s.0;
    };
    s.plain("Run ");
    s.strong(record_name);
    s.plain(" on ");
    s.strong(first.name);
    s.plain(&format!(" ({}), at ", first.variant));
    s.strong(&format!("{} a month", first.monthly));
    s.plain(&format!(
        " with a fit of {}. It ranks first by {}.",
        first.fit,
        prefer_text(ranking.prefer, &ranking.workload)
    ));
    if let Some(second) = options.get(1) {
        let diff = second.monthly_usd - first.monthly_usd;
        let cost = if diff.abs() < 0.005 {
            "the same".to_owned()
        } else if diff < 0.0 {
            format!("{} less", usd(-diff))
        } else {
            format!("{} more", usd(diff))
        };
        s.plain(" The runner-up, ");
        s.strong(second.name);
        s.plain(&format!(
            " ({}), costs {} a month ({cost}) with a fit of {}.",
            second.variant, second.monthly, second.fit
        ));
    }
    if let Some(line) = &report.premium {
        s.plain(&format!(" {line}"));
    }
    let leaf: Vec<String> = ranking
        .flowchart_leaf
        .iter()
        .map(|svc| {
            let at = options.iter().find(|o| o.service == svc.id());
            match at {
                Some(o) if o.rank == 1 => format!("{} (the recommendation)", svc.display_name()),
                Some(o) => format!("{} (ranked {})", svc.display_name(), ordinal(o.rank)),
                None => format!("{} (excluded)", svc.display_name()),
            }
        })
        .collect();
    if !leaf.is_empty() {
        s.plain(&format!(
            " The source documents' decision flowchart leads to {}.",
            and_list(&leaf)
        ));
    }
    let eligible = options.len();
    s.plain(&format!(
        " {} of {} services can run it",
        eligible,
        report.services.len()
    ));
    if excluded.is_empty() {
        s.plain(".");
    } else {
        let verb = if excluded.len() == 1 { "is" } else { "are" };
        s.plain(&format!("; {} {verb} excluded.", and_list(&excluded)));
    }
    s.0
}

#[derive(Default)]
struct Summary(Vec<Inline>);

impl Summary {
    fn plain(&mut self, text: &str) {
        match self.0.last_mut() {
            Some(last) if !last.strong => last.text.push_str(text),
            _ => self.0.push(Inline {
                text: text.to_owned(),
                strong: false,
            }),
        }
    }

    fn strong(&mut self, text: &str) {
        self.0.push(Inline {
            text: text.to_owned(),
            strong: true,
        });
    }
}

fn option_row(s: &ServiceReport, report: &Report) -> Option<OptionRow> {
    let rank = s.rank?;
    let monthly_usd = s.monthly_cost_usd?;
    Some(OptionRow {
        rank,
        service: s.service,
        name: name_of(s.service),
        variant: variant(s, report.kind),
        monthly: usd(monthly_usd),
        monthly_usd,
        fit: s.fit_score.map(signed).unwrap_or_default(),
        reason: s
            .main_reason
            .clone()
            .unwrap_or_else(|| "no rule applies".to_owned()),
        recommended: rank == 1,
    })
}

fn breakdown(s: &ServiceReport, report: &Report) -> Option<Breakdown> {
    Some(Breakdown {
        rank: s.rank?,
        service: s.service,
        name: name_of(s.service),
        variant: variant(s, report.kind),
        total: usd(s.monthly_cost_usd?),
        items: s
            .line_items
            .iter()
            .map(|l| ItemRow {
                item: l.item.clone(),
                quantity: number(l.quantity),
                unit: l.unit.to_owned(),
                unit_price: price(l.unit_price_usd),
                monthly: usd(l.monthly_usd),
            })
            .collect(),
        notes: s.notes.iter().map(ToString::to_string).collect(),
    })
}

fn cite(s: &Source) -> String {
    s.cited()
}

/// With `[current]` (spec §2): today's setup and its cost beside the bill, how far it is from the
/// need and what right-sizing it in place would cost, then the top pick's difference to today per
/// month and per year and the steps a move there takes (the `migration` rules that fired for it,
/// each cited), so the saving can be weighed against the work.
fn migration(first: &OptionRow, rules: &RuleSet, report: &Report) -> Vec<Caveat> {
    let Some(today) = &report.current else {
        return Vec::new();
    };
    let now = match today.entry.monthly_cost_usd {
        Some(m) => format!("{} a month at list prices", usd(m)),
        None => "cannot run the workload as described, so it is not priced".to_owned(),
    };
    let bill = today
        .bill_usd
        .map(|b| format!(" (the bill says {})", usd(b)))
        .unwrap_or_default();
    let mut out = vec![Caveat {
        text: format!(
            "Today: {} on {}, {now}{bill}",
            today.configuration,
            name_of(today.entry.service)
        ),
        sources: Vec::new(),
    }];
    if let Some(s) = &today.sizing {
        out.push(Caveat {
            text: format!("Today's setup is {}", s.text),
            sources: Vec::new(),
        });
    }
    if let Some(r) = &today.right_size {
        out.push(Caveat {
            text: format!(
                "Right-sized in place ({}, {}): {} a month, {} a month against today",
                name_of(r.service),
                variant(r, report.kind),
                r.monthly_cost_usd.map(usd).unwrap_or_default(),
                r.vs_current_usd.map(signed_usd).unwrap_or_default()
            ),
            sources: Vec::new(),
        });
    }
    let Some(s) = report.services.iter().find(|s| s.service == first.service) else {
        return out;
    };
    if let (Some(m), Some(y)) = (s.vs_current_usd, s.vs_current_usd_per_year) {
        out.push(Caveat {
            text: format!(
                "Moving to {}: {} a month, {} a year against today",
                first.name,
                signed_usd(m),
                signed_usd(y)
            ),
            sources: Vec::new(),
        });
    }
    for r in &s.reasons {
        let Some(rule) = rules.rule(&r.rule).filter(|x| x.topic == Topic::Migration) else {
            continue;
        };
        // The Graviton steps concern a move priced on Arm only.
        if r.rule == "move-to-graviton" && s.arch != Some(crate::workload::Arch::Arm) {
            continue;
        }
        out.push(Caveat {
            text: r.text.to_string(),
            sources: vec![cite(&rule.source)],
        });
    }
    out
}

fn caveats(
    ranking: &Ranking,
    rules: &RuleSet,
    breakdowns: &[Breakdown],
    report: &Report,
) -> Vec<CaveatGroup> {
    let mut availability = Vec::new();
    let mut documents = Vec::new();
    let mut other = Vec::new();
    let mut peak = Vec::new();
    for w in &ranking.warnings {
        match w {
            // Rule warnings are where the documents contradict each other or attach a caveat to
            // a choice, or news about a service's availability.
            Warning::Rule { rule, text } => {
                let rule = rules.rule(rule);
                let caveat = Caveat {
                    text: text.to_string(),
                    sources: rule
                        .map(|r| {
                            std::iter::once(&r.source)
                                .chain(&r.also)
                                .map(cite)
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                match rule.map(|r| r.topic) {
                    Some(Topic::Availability) => availability.push(caveat),
                    _ => documents.push(caveat),
                }
            }
            // A limit the peak crosses, citing the rule that weighs it and the limit's fact.
            Warning::Peak(p) => {
                let rule = rules.rule(&p.rule);
                let mut sources: Vec<_> = rule
                    .map(|r| {
                        std::iter::once(&r.source)
                            .chain(&r.also)
                            .map(cite)
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some(f) = rules.facts.get(p.limit_fact) {
                    let c = cite(&f.source);
                    if !sources.contains(&c) {
                        sources.push(c);
                    }
                }
                peak.push(Caveat {
                    text: w.text(),
                    sources,
                });
            }
            Warning::Uneven(_) | Warning::StalePrices { .. } => other.push(Caveat {
                text: w.text(),
                sources: Vec::new(),
            }),
        }
    }
    // Spot capacity can be taken back: say so for every shortlisted service priced on Spot.
    let on_spot: Vec<String> = breakdowns
        .iter()
        .filter(|b| {
            report
                .services
                .iter()
                .any(|s| s.service == b.service && s.option == Some(Purchase::Spot))
        })
        .map(|b| b.name.to_owned())
        .collect();
    let mut spot = Vec::new();
    if !on_spot.is_empty() {
        let verb = if on_spot.len() == 1 { "is" } else { "are" };
        let fact = rules.facts.get(crate::rules::limits::ids::SPOT_WARNING_MIN);
        let notice = format!(
            "with a {}-minute warning",
            crate::cost::trim_count(rules.limits.spot_warning_min)
        );
        spot.push(Caveat {
            text: format!(
                "{} {verb} priced on Spot capacity, which AWS can reclaim {notice}: checkpoint state, drain connections and shut down gracefully, and keep retries on (Batch job attempts, ECS service replacement).",
                and_list(&on_spot)
            ),
            sources: fact.map(|f| vec![cite(&f.source)]).unwrap_or_default(),
        });
    }
    [
        ("availability", "Service availability", availability),
        (
            "documents",
            "From the source documents: contradictions and warnings",
            documents,
        ),
        ("peak", "Limits at peak", peak),
        ("spot", "Spot interruption", spot),
        ("pricing", "Pricing", other),
    ]
    .into_iter()
    .filter(|(_, _, items)| !items.is_empty())
    .map(|(id, title, items)| CaveatGroup { id, title, items })
    .collect()
}

/// `x` rounded to three significant digits, with thousands separators: `0.025`, `1,460`, `0.667`.
fn sig3(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return number(x);
    }
    let digits = 2 - x.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits);
    let rounded = if digits > 0 {
        (x * scale).round() / scale
    } else {
        (x / 10f64.powi(-digits)).round() * 10f64.powi(-digits)
    };
    number(rounded)
}

/// A default as people read it: a share as a percentage (`0.0067` → `0.67 %`), a short duration in
/// seconds or milliseconds (`0.0004166… min` → `25 ms`), any other number rounded to three
/// significant digits with its unit; words as they are.
pub fn human_default(key: &str, value: &str) -> String {
    use crate::workload::fields::{self, Ty};
    let Some(field) = fields::field(key) else {
        return value.to_owned();
    };
    if !matches!(field.ty, Ty::Number | Ty::Count) {
        return value.to_owned();
    }
    let Ok(x) = value.trim().parse::<f64>() else {
        return value.to_owned();
    };
    let share = field
        .range
        .is_some_and(|r| r.min == 0.0 && r.max == 1.0 && field.ty == Ty::Number);
    if share {
        return format!("{} %", sig3(x * 100.0));
    }
    match field.unit {
        "minutes" if x < 1.0 => {
            let secs = x * 60.0;
            if secs >= 1.0 {
                format!("{} s", sig3(secs))
            } else {
                format!("{} ms", sig3(secs * 1_000.0))
            }
        }
        "" => sig3(x),
        unit => {
            // `1 instance`, `1 request per instance`: a plural noun loses its `s` for one.
            let (noun, rest) = unit.split_once(' ').unwrap_or((unit, ""));
            let noun = match noun.strip_suffix('s') {
                Some(one) if x == 1.0 && !noun.contains('/') => one,
                _ => noun,
            };
            let space = if rest.is_empty() { "" } else { " " };
            format!("{} {noun}{space}{rest}", sig3(x))
        }
    }
}

/// The limits of `service` (priced on `compute`) that the workload is near: at or above half of
/// one. Each names the limit, what the workload needs and the share, with the fact's source.
fn limits_near(
    service: Service,
    compute: Option<crate::cost::Compute>,
    w: &Workload,
    rules: &RuleSet,
) -> (Vec<Caveat>, Option<f64>) {
    use crate::rules::limits::ids;
    let l = &rules.limits;
    let memory_gb = w.resources.memory_gb;
    let on_fargate = service == Service::Fargate
        || (matches!(service, Service::Eks | Service::Batch)
            && compute == Some(crate::cost::Compute::Fargate));
    // (fact id, what, needed, limit, unit)
    let mut checks: Vec<(&str, &str, f64, f64, &str)> = Vec::new();
    match service {
        Service::Lambda => {
            checks.push((
                ids::LAMBDA_MAX_DURATION_MIN,
                "the longest invocation",
                w.max_duration_min(),
                l.lambda.max_duration_min,
                "minutes",
            ));
            checks.push((
                ids::LAMBDA_MAX_MEMORY_MB,
                "memory of a function",
                memory_gb * 1_024.0,
                l.lambda.max_memory_mb,
                "MB",
            ));
        }
        Service::AppRunner => {
            checks.push((
                ids::APP_RUNNER_MAX_VCPU,
                "vCPU of an instance",
                w.resources.vcpu,
                l.app_runner.max_vcpu,
                "vCPU",
            ));
            checks.push((
                ids::APP_RUNNER_MAX_MEMORY_GB,
                "memory of an instance",
                memory_gb,
                l.app_runner.max_memory_gb,
                "GB",
            ));
            if let Some(t) = &w.traffic {
                checks.push((
                    ids::APP_RUNNER_MAX_INSTANCES,
                    "instances at peak",
                    (w.avg_instances() * t.peak_to_average).ceil(),
                    l.app_runner.max_instances,
                    "instances",
                ));
            }
        }
        _ if on_fargate => {
            checks.push((
                ids::FARGATE_MAX_VCPU,
                "vCPU of a task",
                w.resources.vcpu,
                l.fargate.max_vcpu,
                "vCPU",
            ));
            checks.push((
                ids::FARGATE_MAX_MEMORY_GB,
                "memory of a task",
                memory_gb,
                l.fargate.max_memory_gb,
                "GB",
            ));
        }
        _ => {}
    }
    let highest = checks
        .iter()
        .map(|(_, _, need, limit, _)| need / limit)
        .fold(None, |m: Option<f64>, r| Some(m.map_or(r, |m| m.max(r))));
    let near = checks
        .iter()
        .filter(|(_, _, need, limit, _)| need / limit >= 0.5)
        .map(|(id, what, need, limit, unit)| Caveat {
            text: format!(
                "{} {what}: the workload needs {} of at most {} {unit} ({} % of the limit)",
                service.display_name(),
                sig3(*need),
                sig3(*limit),
                sig3(need / limit * 100.0)
            ),
            sources: rules
                .facts
                .get(*id)
                .map(|f| vec![cite(&f.source)])
                .unwrap_or_default(),
        })
        .collect();
    (near, highest)
}

/// What the team takes on with the recommendation: the operations it owns, how much of the setup
/// is the service's own, the limits the workload is near, what the rules count against it, and
/// the bill.
fn consequences(
    first: Option<&OptionRow>,
    report: &Report,
    ranking: &Ranking,
    rules: &RuleSet,
    architectures: &Architectures,
) -> Vec<CaveatGroup> {
    let Some(first) = first else {
        return Vec::new();
    };
    let Some(service) = Service::from_id(first.service) else {
        return Vec::new();
    };
    let entry = report.services.iter().find(|s| s.service == first.service);
    let arch = architectures.get(service);
    let note = |n: &super::architecture::Note| Caveat {
        text: n.text.clone(),
        sources: n.sources.iter().map(cite).collect(),
    };
    let mut operations: Vec<Caveat> = arch
        .and_then(|a| a.operations.as_ref())
        .map(note)
        .into_iter()
        .collect();
    // The rules that count against the choice: what the team accepts by taking it.
    for r in entry
        .into_iter()
        .flat_map(|s| &s.reasons)
        .filter(|r| r.points < 0.0)
    {
        operations.push(Caveat {
            text: r.text.to_string(),
            sources: r.source.iter().map(cite).collect(),
        });
    }
    let lock_in: Vec<Caveat> = arch
        .and_then(|a| a.lock_in.as_ref())
        .map(note)
        .into_iter()
        .collect();
    let (mut limits, highest) = limits_near(
        service,
        entry.and_then(|s| s.compute),
        &ranking.workload,
        rules,
    );
    if limits.is_empty() {
        limits.push(Caveat {
            text: match highest {
                Some(h) => format!(
                    "None near: the workload needs at most {} % of any {} limit runwhere checks",
                    sig3(h * 100.0),
                    service.display_name()
                ),
                None => format!(
                    "None near: {} is sized by instance type, and the chosen type fits the workload",
                    service.display_name()
                ),
            },
            sources: Vec::new(),
        });
    }
    let cheapest = ranking_cheapest(report);
    let mut cost = format!(
        "{} a month at AWS list prices as of {}",
        first.monthly, report.pricing_as_of
    );
    if let Some((name, usd_cheapest)) = cheapest.filter(|(_, c)| first.monthly_usd - c >= 0.005) {
        let _ = std::fmt::Write::write_fmt(
            &mut cost,
            format_args!(
                ", {} more than the cheapest option that can run it ({name}, {})",
                usd(first.monthly_usd - usd_cheapest),
                usd(usd_cheapest)
            ),
        );
    }
    cost.push_str("; the cost breakdown below gives every line item");
    let moving = migration(first, rules, report);
    [
        ("moving", "Moving from what runs today", moving),
        ("operations", "Operations the team takes on", operations),
        ("lock-in", "Lock-in", lock_in),
        ("limits", "Limits the workload is near", limits),
        (
            "cost",
            "Cost",
            vec![Caveat {
                text: cost,
                sources: Vec::new(),
            }],
        ),
    ]
    .into_iter()
    .filter(|(_, _, items)| !items.is_empty())
    .map(|(id, title, items)| CaveatGroup { id, title, items })
    .collect()
}

/// The cheapest eligible service's name and monthly cost.
fn ranking_cheapest(report: &Report) -> Option<(&'static str, f64)> {
    report
        .services
        .iter()
        .filter_map(|s| Some((name_of(s.service), s.monthly_cost_usd?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// When every service the flowchart's path leads to is excluded: says so, why, and where the
/// ranking went instead, and draws that on the graph.
fn redirect_flowchart(
    graph: &mut Graph,
    ranking: &Ranking,
    report: &Report,
    first: Option<&OptionRow>,
) -> Option<String> {
    let leaf = &ranking.flowchart_leaf;
    let excluded: Vec<&ServiceReport> = leaf
        .iter()
        .filter_map(|svc| report.services.iter().find(|s| s.service == svc.id()))
        .filter(|s| !s.eligible)
        .collect();
    if leaf.is_empty() || excluded.len() < leaf.len() {
        return None;
    }
    let names: Vec<String> = leaf.iter().map(|s| s.display_name().to_owned()).collect();
    let why: Vec<String> = excluded
        .iter()
        .filter_map(|s| s.excluded_by.first())
        .map(|x| x.text.to_string())
        .collect();
    let verb = if names.len() == 1 { "is" } else { "are" };
    let mut text = format!(
        "The flowchart leads to {}, which {verb} excluded for this workload: {}.",
        and_list(&names),
        why.join("; ")
    );
    match first {
        Some(o) => {
            diagram::redirect(
                graph,
                "Ranked first instead",
                vec![o.name.to_owned(), o.variant.clone()],
            );
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!(" The ranking went to {} ({}) instead.", o.name, o.variant),
            );
        }
        None => {
            diagram::redirect(graph, "No service can run it", Vec::new());
            text.push_str(" No other service can run it either.");
        }
    }
    Some(text)
}

/// Every document section cited in the record, once, in first-cited order.
fn citations(record: &Record) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &String| {
        if !out.contains(s) {
            out.push(s.clone());
        }
    };
    record
        .excluded
        .iter()
        .filter_map(|x| x.source.as_ref())
        .for_each(&mut add);
    add(&record.flowchart.source);
    for g in record.consequences.iter().chain(&record.caveats) {
        g.items.iter().flat_map(|c| &c.sources).for_each(&mut add);
    }
    if let Some(a) = &record.architecture {
        a.sources.iter().for_each(&mut add);
    }
    out
}

/// Builds the record: figures from `report`, the workload and path from `ranking`, the flowchart
/// and caveat sources from `rules`, the diagram from `architectures`.
pub fn build(
    report: &Report,
    ranking: &Ranking,
    rules: &RuleSet,
    architectures: &Architectures,
    provenance: &Provenance,
) -> Record {
    let version = provenance.version.as_str();
    let w = &ranking.workload;
    let options: Vec<OptionRow> = report
        .services
        .iter()
        .filter_map(|s| option_row(s, report))
        .collect();
    let excluded: Vec<ExcludedRow> = report
        .services
        .iter()
        .filter(|s| !s.eligible)
        .flat_map(|s| {
            s.excluded_by.iter().map(|x| ExcludedRow {
                service: s.service,
                name: name_of(s.service),
                rule: x.rule.to_string(),
                reason: x.text.to_string(),
                source: x.source.as_ref().map(cite),
            })
        })
        .collect();
    let breakdowns: Vec<Breakdown> = report
        .services
        .iter()
        .filter(|s| s.eligible)
        .take(BREAKDOWNS)
        .filter_map(|s| breakdown(s, report))
        .collect();

    let fc = &rules.flowchart;
    let (mut graph, root) = diagram::flowchart(fc, &ranking.flowchart_questions);
    let outcome = redirect_flowchart(&mut graph, ranking, report, options.first());
    let flowchart = Flow {
        title: fc.title.to_string(),
        source: cite(&fc.source),
        path: ranking.flowchart_path.clone(),
        outcome,
        graph,
        root,
    };

    let architecture = report
        .services
        .iter()
        .find(|s| s.rank == Some(1))
        .and_then(|s| {
            let service = Service::from_id(s.service)?;
            let arch = architectures.get(service)?;
            let fitted = arch.fit(w, &rules.limits, s.compute);
            let v = variant(s, report.kind);
            Some(ArchitectureView {
                service: s.service,
                name: service.display_name(),
                title: arch.title.clone(),
                graph: diagram::architecture(&fitted, &v),
                variant: v,
                sources: arch.sources.iter().map(cite).collect(),
                boundary: format!("AWS · {}", report.region),
            })
        });

    let rules_files = if rules.origin == "bundled" {
        format!("the {} bundled rules files", rules.files.len())
    } else {
        format!("`{}`", rules.origin)
    };
    let prices_from = if provenance.pricing_origin == "bundled" {
        format!("the bundled table `pricing/{}.toml`", report.region)
    } else {
        format!("`{}/{}.toml`", provenance.pricing_origin, report.region)
    };
    let assumptions = vec![
        Pair {
            label: "Region".into(),
            value: format!("{} ({})", report.region, provenance.region_name),
        },
        Pair {
            label: "Month".into(),
            value: format!(
                "{} hours, as AWS's pricing calculator counts it; 1 GB = 1,024 MB (GiB), as AWS bills memory",
                number(crate::workload::HOURS_PER_MONTH)
            ),
        },
        Pair {
            label: "Prices".into(),
            value: format!(
                "AWS list prices in USD (Linux, shared tenancy) as of {}, from {prices_from}; sources below",
                report.pricing_as_of
            ),
        },
        Pair {
            label: "Rounding".into(),
            value: "each line item is rounded to the cent, and a service's monthly cost is the sum of its rounded line items, exactly as `runwhere recommend --format json` reports them".into(),
        },
        Pair {
            label: "Ranking".into(),
            value: format!(
                "{}; ties break by cost, then by service id",
                prefer_text(ranking.prefer, w)
            ),
        },
        Pair {
            label: "Rules".into(),
            value: format!(
                "{} rules and the decision flowchart from {rules_files}; each cites its source document and section, or ({} of them) an AWS documentation page and its URL (`runwhere explain` lists every rule that fired)",
                rules.rules.len(),
                rules
                    .rules
                    .iter()
                    .filter(|r| r.source.kind == crate::rules::SourceKind::AwsDocs)
                    .count()
            ),
        },
        Pair {
            label: "Not included".into(),
            value: "storage services (S3, EFS), databases, logs and monitoring are not priced; the figures compare compute, the load balancer or API gateway in front of it, public IPv4 addresses, NAT gateways or VPC endpoints, data transfer out to the internet and gp3 disks, each as its line items show".into(),
        },
        Pair {
            label: "Generated by".into(),
            value: format!("runwhere {version}"),
        },
    ];

    let summary = summary(&w.name, &options, ranking, report);
    let caveats = caveats(ranking, rules, &breakdowns, report);
    let consequences = consequences(options.first(), report, ranking, rules, architectures);
    let meta = vec![
        Pair {
            label: "Status".into(),
            value: provenance.status.title().to_owned(),
        },
        Pair {
            label: "Date".into(),
            value: provenance.date.clone(),
        },
        Pair {
            label: "Workload".into(),
            value: format!("{} ({})", w.name, w.shape.kind),
        },
        Pair {
            label: "Region".into(),
            value: report.region.clone(),
        },
        Pair {
            label: "Prices as of".into(),
            value: report.pricing_as_of.clone(),
        },
        Pair {
            label: "Ranked by".into(),
            value: report.prefer.to_owned(),
        },
        Pair {
            label: "Recommendation".into(),
            value: options
                .first()
                .map_or_else(|| "none".to_owned(), |o| o.name.to_owned()),
        },
    ];
    let title = match options.first() {
        Some(o) => format!("Run {} on {}", w.name, o.name),
        None => format!("Where to run {} on AWS", w.name),
    };
    let mut record = Record {
        title,
        status: provenance.status.title(),
        date: provenance.date.clone(),
        workload: w.name.clone(),
        description: w.description.clone(),
        meta,
        summary,
        consequences,
        context: describe(w),
        overrides: provenance
            .overrides
            .iter()
            .map(|(k, v)| Pair {
                label: k.clone(),
                value: v.clone(),
            })
            .collect(),
        defaults: report
            .defaults
            .iter()
            .map(|d| DefaultRow {
                key: d.key.to_owned(),
                value: human_default(d.key, &d.value.to_string()),
                why: d
                    .why
                    .map_or_else(|| "the file format's default".to_owned(), str::to_owned),
            })
            .collect(),
        options,
        excluded,
        breakdowns,
        flowchart,
        architecture,
        caveats,
        assumptions,
        pricing_sources: super::sources::grouped(
            &provenance.pricing_sources,
            &super::sources::bundled(),
        ),
        citations: Vec::new(),
        version: version.to_owned(),
    };
    record.citations = citations(&record);
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_every_digit_and_group_thousands() {
        assert_eq!(number(1_460.0), "1,460");
        assert_eq!(number(30_000_000.0), "30,000,000");
        assert_eq!(number(27.777_777_8), "27.7777778");
        assert_eq!(number(-1_234.5), "-1,234.5");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(price(0.032_38), "$0.03238");
        assert_eq!(price(16.0), "$16.00");
        assert_eq!(price(0.1), "$0.10");
        assert_eq!(price(0.012_115_384_6), "$0.0121153846");
    }

    #[test]
    fn defaults_read_as_people_write_them() {
        // 80 ms ÷ 60,000 ms per minute = 0.0013333… min, shown back in milliseconds.
        assert_eq!(
            human_default("traffic.max_duration_min", "0.0013333333333333333"),
            "80 ms"
        );
        // 0.05 min × 60 = 3 s.
        assert_eq!(human_default("traffic.max_duration_min", "0.05"), "3 s");
        assert_eq!(
            human_default("traffic.max_duration_min", "12"),
            "12 minutes"
        );
        assert_eq!(human_default("traffic.min_instances", "1"), "1 instance");
        assert_eq!(human_default("traffic.min_instances", "2"), "2 instances");
        assert_eq!(
            human_default("traffic.concurrency_per_instance", "1"),
            "1 request per instance"
        );
        // Three significant digits: 27.7777… → 27.8.
        assert_eq!(human_default("resources.vcpu", "27.777777"), "27.8 vCPU");
        assert_eq!(human_default("shape.kind", "service"), "service");
        assert_eq!(human_default("no.such.key", "0.0067"), "0.0067");
        assert_eq!(sig3(0.0067 * 100.0), "0.67");
        assert_eq!(sig3(1_460.4), "1,460");
    }

    #[test]
    fn lists_and_ordinals() {
        assert_eq!(and_list(&["a".into()]), "a");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(23), "23rd");
    }
}
