//! Eligibility, fit and order (spec §4): combines the rules' findings with each service's cost.
//!
//! 1. A service is excluded when a hard rule fires for it (every such rule is listed), or when it
//!    cannot be priced (the workload does not fit it, or the region's table lacks a price it needs).
//! 2. Fit is the sum of the soft rules' points, plus the flowchart's bonus for the services its path
//!    reaches.
//! 3. Order depends on [`Prefer`]: `cost` sorts by monthly cost, `fit` by fit, and `balanced` by
//!    `fit − W × log2((cost + $10) / (cheapest + $10))`, with W = 2 fit points per doubling of cost
//!    (3 when `pricing.cost_sensitive`). Ties break by cost, then by service id, so the same input
//!    always gives the same order.

use std::sync::Arc;

use serde::Serialize;

use crate::cost::{self, Estimate, Fallback, Unpriced};
use crate::pricing::Prices;
pub use crate::rules::FactRef;
use crate::rules::engine::{Baseline, Evaluation, evaluate, evaluate_from};
use crate::rules::{Effect, RuleSet, Source, Text};
use crate::service::Service;
use crate::workload::{Purchase, Workload};

/// How to weigh fit against cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prefer {
    Cost,
    Fit,
    #[default]
    Balanced,
}

/// Fit points one doubling of cost (against the cheapest eligible service) is worth in `balanced`.
pub const POINTS_PER_DOUBLING: f64 = 2.0;
/// The same for cost-sensitive workloads.
pub const POINTS_PER_DOUBLING_COST_SENSITIVE: f64 = 3.0;
/// Dollars added to both costs before comparing them, so a few dollars a month never dominate.
pub const COST_FLOOR_USD: f64 = 10.0;
/// The rule id of the flowchart's bonus in reasons.
pub const FLOWCHART_RULE: &str = "flowchart";
/// The flowchart bonus's reason in a few words.
pub const FLOWCHART_SHORT: &str = "the flowchart's pick";

/// Why a service was excluded: a rule id (or `does-not-fit`, `price-unavailable`), a sentence,
/// where the rule comes from, the service and the facts the rule reads. The JSON output's
/// `excluded_by` entries are these, serialized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exclusion {
    pub rule: Text,
    pub text: Text,
    /// The reason in a few words (the rule's `short`).
    #[serde(skip)]
    pub short: Text,
    pub source: Option<Source>,
    #[serde(skip)]
    pub service: Service,
    #[serde(skip)]
    pub facts: Arc<[FactRef]>,
}

/// A rule that added (or took away) fit points, or a note (0 points), for one service. The JSON
/// output's `reasons` are these, serialized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub rule: Text,
    pub points: f64,
    pub text: Text,
    /// The reason in a few words (the rule's `short`), for the 80-column table.
    #[serde(skip)]
    pub short: Text,
    pub source: Option<Source>,
    #[serde(skip)]
    pub service: Service,
    #[serde(skip)]
    pub facts: Arc<[FactRef]>,
}

/// Something the user should know about the ranking as a whole. The engine gives the facts and
/// figures; the renderers word them ([`Warning::text`], in `src/report/warning.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The price table is older than runwhere trusts.
    StalePrices { region: String, text: String },
    /// Services compared without a discount others have: the region's table lacks the rate.
    Uneven(Uneven),
    /// A fired rule's warning (a contradiction in the documents, or a caveat on a choice), for a
    /// service still in the running.
    Rule { rule: Text, text: Text },
    /// A limit the workload's peak crosses on a service still in the running.
    Peak(PeakLimit),
}

/// Services priced without a discount (asked for, or tried under `best`) because the region's
/// table lacks its rate, and the services priced with it: the comparison is not like with like
/// (spec §3, purchase options).
#[derive(Debug, Clone, PartialEq)]
pub struct Uneven {
    /// The option the table lacks rates for: `spot`, `savings_plan_1yr` or `savings_plan_3yr`.
    pub option: Purchase,
    /// Whether the workload asked for it (the services lacking it are then On-Demand); else it
    /// was one of the options `best` tried.
    pub asked: bool,
    pub region: String,
    /// Each service priced without it, with the absent rate.
    pub lacking: Vec<(Service, Fallback)>,
    /// The eligible services priced with it (empty: no figure has it).
    pub with: Vec<Service>,
}

/// What a [`PeakLimit`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeakMeasure {
    /// Instances of a service (App Runner's maximum per service).
    Instances,
    /// Executions in flight at once (Lambda's concurrency quota).
    Concurrency,
    /// The children of one array job, which run at once (Lambda's concurrency quota).
    ArrayChildren,
}

/// The workload's peak against a service limit that bites at peak (spec §2,
/// `traffic.peak_to_average`): the rule that weighs it, the service, the facts it reads and the
/// numbers. For array jobs `average` is 0 and `peak` is the array size.
#[derive(Debug, Clone, PartialEq)]
pub struct PeakLimit {
    pub rule: Text,
    pub service: Service,
    /// The facts the rule reads (the limit among them).
    pub facts: Arc<[FactRef]>,
    /// The fact that sets the limit.
    pub limit_fact: &'static str,
    pub measure: PeakMeasure,
    /// On average: instances, or executions in flight.
    pub average: f64,
    pub peak_to_average: f64,
    /// At peak: `average × peak_to_average` (instances rounded up), or the array size.
    pub peak: f64,
    pub limit: f64,
    /// The rule's warning, where it has one (what the documents say about it).
    pub text: Option<Text>,
}

/// The rules whose warnings are [`PeakLimit`]s: the rule id, its service and the limit's fact.
pub const PEAK_RULES: [(&str, Service, &str); 2] = [
    (
        "apprunner-peak-over-quota",
        Service::AppRunner,
        crate::rules::limits::ids::APP_RUNNER_MAX_INSTANCES,
    ),
    (
        "lambda-concurrency-quota",
        Service::Lambda,
        crate::rules::limits::ids::LAMBDA_CONCURRENCY_QUOTA,
    ),
];

/// The figures of `rule`'s peak check for `w`, when it is one of [`PEAK_RULES`].
pub fn peak_limit(
    rule: &crate::rules::Rule,
    w: &Workload,
    limits: &crate::rules::Limits,
) -> Option<PeakLimit> {
    let &(_, service, limit_fact) = PEAK_RULES.iter().find(|(id, ..)| *id == rule.id)?;
    let peak_to_average = w.traffic.as_ref().map_or(1.0, |t| t.peak_to_average);
    let (measure, average, peak, limit) = match service {
        Service::AppRunner => {
            let average = w.avg_instances();
            (
                PeakMeasure::Instances,
                average,
                (average * peak_to_average).ceil(),
                limits.app_runner.max_instances,
            )
        }
        _ if w.traffic.is_some() => {
            let average = w.avg_concurrency();
            (
                PeakMeasure::Concurrency,
                average,
                average * peak_to_average,
                limits.lambda.concurrency_quota,
            )
        }
        _ => {
            let size = w.jobs.as_ref().and_then(|j| j.array_size)?;
            (
                PeakMeasure::ArrayChildren,
                0.0,
                f64::from(size),
                limits.lambda.concurrency_quota,
            )
        }
    };
    Some(PeakLimit {
        rule: rule.id.clone(),
        service,
        facts: rule.facts.clone(),
        limit_fact,
        measure,
        average,
        peak_to_average,
        peak,
        limit,
        text: rule.warning.clone(),
    })
}

/// One service's place in the comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    Eligible {
        estimate: Estimate,
        fit: f64,
        reasons: Vec<Reason>,
    },
    Excluded(Vec<Exclusion>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub service: Service,
    /// 1-based rank among eligible services.
    pub rank: Option<usize>,
    pub standing: Standing,
}

impl Entry {
    pub fn estimate(&self) -> Option<&Estimate> {
        match &self.standing {
            Standing::Eligible { estimate, .. } => Some(estimate),
            Standing::Excluded(_) => None,
        }
    }

    pub fn fit(&self) -> Option<f64> {
        match &self.standing {
            Standing::Eligible { fit, .. } => Some(*fit),
            Standing::Excluded(_) => None,
        }
    }

    /// The rules that gave or took points (and the notes), for an eligible service.
    pub fn reasons(&self) -> &[Reason] {
        match &self.standing {
            Standing::Eligible { reasons, .. } => reasons,
            Standing::Excluded(_) => &[],
        }
    }

    /// The reason that best explains the service's place: for a positive fit its largest positive
    /// reason, for a negative fit its largest negative one.
    pub fn main_reason(&self) -> Option<&Reason> {
        let Standing::Eligible { reasons, fit, .. } = &self.standing else {
            return None;
        };
        let positive = || {
            reasons.iter().filter(|r| r.points > 0.0).max_by(|a, b| {
                a.points
                    .total_cmp(&b.points)
                    .then_with(|| b.rule.cmp(&a.rule))
            })
        };
        let negative = || {
            reasons.iter().filter(|r| r.points < 0.0).min_by(|a, b| {
                a.points
                    .total_cmp(&b.points)
                    .then_with(|| a.rule.cmp(&b.rule))
            })
        };
        if *fit < 0.0 {
            negative().or_else(positive)
        } else {
            positive().or_else(negative)
        }
    }
}

/// The whole result for one workload: eligible services in rank order, then the excluded ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub workload: Workload,
    pub region: String,
    pub pricing_as_of: String,
    pub prefer: Prefer,
    pub flowchart_path: Vec<String>,
    /// The path as (question, branch) pairs.
    pub flowchart_questions: Vec<(String, String)>,
    /// The services the flowchart reaches.
    pub flowchart_leaf: Vec<Service>,
    pub entries: Vec<Entry>,
    pub warnings: Vec<Warning>,
    /// What runs the workload today (`[current]`), priced by the same models.
    pub current: Option<crate::engine::current::Today>,
}

impl Ranking {
    /// The top-ranked service, if any is eligible.
    pub fn recommendation(&self) -> Option<&Entry> {
        self.entries.iter().find(|e| e.rank == Some(1))
    }

    pub fn eligible(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.rank.is_some())
    }

    pub fn excluded(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.rank.is_none())
    }

    pub fn entry(&self, service: Service) -> Option<&Entry> {
        self.entries.iter().find(|e| e.service == service)
    }
}

/// The top pick costs "much more" than a cheaper eligible service when it costs both more than
/// this share of the cheaper one's cost more...
pub const PREMIUM_SHARE: f64 = 0.25;
/// ...and more than this many dollars a month more.
pub const PREMIUM_USD: f64 = 10.0;

/// Which service of a [`Premium`] a rule's points belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Points the top pick has and the cheaper service lacks.
    Top,
    /// Points the cheaper service lost (or lacks) against the top pick.
    Cheaper,
}

/// Why the top pick ranks first although a cheaper eligible service costs much less (more than
/// [`PREMIUM_SHARE`] and more than [`PREMIUM_USD`] a month less): the fit points that outweighed
/// the cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Premium<'a> {
    pub top: &'a Entry,
    /// The cheapest eligible service (the best-ranked of equally cheap ones).
    pub cheaper: &'a Entry,
    /// What the top pick costs more a month, in cents.
    pub extra_usd: f64,
    /// `extra_usd` as a share of the cheaper service's cost (1.0 is 100 %); `None` when it is free.
    pub extra_share: Option<f64>,
    /// The rules whose points set the two apart in the top pick's favour, largest first: the
    /// rule's short reason, the points in the top pick's favour, and whose rule it is.
    pub points: Vec<(&'a Reason, f64, Side)>,
}

impl Ranking {
    /// Whether the top pick costs much more than a cheaper eligible service, and why it still
    /// ranks first (spec §4's order weighs fit against cost).
    pub fn premium(&self) -> Option<Premium<'_>> {
        let top = self.recommendation()?;
        let cost = |e: &Entry| e.estimate().map(Estimate::billed_total);
        let top_cost = cost(top)?;
        // Eligible entries are in rank order, so the first of equally cheap ones ranks best.
        let cheaper = self
            .eligible()
            .filter_map(|e| cost(e).map(|c| (e, c)))
            .fold(None::<(&Entry, f64)>, |best, (e, c)| match best {
                Some((_, b)) if b <= c => best,
                _ => Some((e, c)),
            })?;
        let (cheaper, cheaper_cost) = cheaper;
        let extra = crate::output::format::cents(top_cost - cheaper_cost);
        let much = extra > PREMIUM_USD && extra > PREMIUM_SHARE * cheaper_cost;
        if cheaper.service == top.service || !much {
            return None;
        }
        let (ours, theirs) = (top.reasons(), cheaper.reasons());
        let points_of = |list: &[Reason], rule: &str| -> f64 {
            list.iter()
                .filter(|r| r.rule == rule)
                .map(|r| r.points)
                .sum()
        };
        let mut points: Vec<(&Reason, f64, Side)> = Vec::new();
        for r in ours {
            let gain = r.points - points_of(theirs, &r.rule);
            if gain > 0.0 && r.points > 0.0 {
                points.push((r, gain, Side::Top));
            }
        }
        for r in theirs {
            let loss = points_of(ours, &r.rule) - r.points;
            if loss > 0.0 && r.points < 0.0 {
                points.push((r, loss, Side::Cheaper));
            }
        }
        points.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.rule.cmp(&b.0.rule)));
        Some(Premium {
            top,
            cheaper,
            extra_usd: extra,
            extra_share: (cheaper_cost > 0.0).then(|| extra / cheaper_cost),
            points,
        })
    }
}

impl Warning {
    /// The text a warning given as text carries, without building anything.
    fn given_text(&self) -> Option<&str> {
        match self {
            Self::StalePrices { text, .. } => Some(text),
            Self::Rule { text, .. } => Some(text),
            Self::Uneven(_) | Self::Peak(_) => None,
        }
    }
}

/// Adds `item` unless the same warning (or one with the same text) is there already.
fn push_unique(list: &mut Vec<Warning>, item: Warning) {
    let same = |w: &Warning| match (w.given_text(), item.given_text()) {
        (Some(a), Some(b)) => a == b,
        _ => *w == item,
    };
    if !list.iter().any(same) {
        list.push(item);
    }
}

/// One [`Uneven`] warning per option some eligible service lacks the rates for, when another
/// eligible service is priced with it (or when it was asked for and no service has it).
fn uneven(
    workload: &Workload,
    eligible: &[(Estimate, f64, Vec<Reason>)],
    region: &str,
) -> Vec<Warning> {
    let mut out: Vec<Uneven> = Vec::new();
    for (e, ..) in eligible {
        for f in &e.fallbacks {
            let i = match out.iter().position(|u| u.option == f.asked) {
                Some(i) => i,
                None => {
                    out.push(Uneven {
                        option: f.asked,
                        asked: workload.pricing.purchase == f.asked,
                        region: region.to_owned(),
                        lacking: Vec::new(),
                        with: eligible
                            .iter()
                            .filter(|(x, ..)| x.option == f.asked)
                            .map(|(x, ..)| x.service)
                            .collect(),
                    });
                    out.len() - 1
                }
            };
            if !out[i].lacking.iter().any(|(s, _)| *s == e.service) {
                out[i].lacking.push((e.service, *f));
            }
        }
    }
    // Services in their usual order, whatever their rank.
    let at = |s: &Service| Service::ALL.iter().position(|x| x == s);
    for u in &mut out {
        u.lacking.sort_by_key(|(s, _)| at(s));
        u.with.sort_by_key(at);
    }
    // Under `best`, an option no eligible service uses leaves the comparison even.
    out.into_iter()
        .filter(|u| !u.with.is_empty() || u.asked)
        .map(Warning::Uneven)
        .collect()
}

/// Exclusions the rules make for `service`.
fn rule_exclusions(eval: &Evaluation<'_>, service: Service) -> Vec<Exclusion> {
    eval.for_service(service)
        .filter(|r| r.effect == Effect::Exclude)
        .map(|r| Exclusion {
            rule: r.id.clone(),
            text: r.reason.clone(),
            short: r.short.clone(),
            source: Some(r.source.clone()),
            service,
            facts: r.facts.clone(),
        })
        .collect()
}

/// The flowchart bonus, soft rules and notes that concern `service`, in that order.
fn reasons(rules: &RuleSet, eval: &Evaluation<'_>, service: Service) -> Vec<Reason> {
    let mut out = Vec::new();
    if eval.leaf.contains(&service) {
        out.push(Reason {
            rule: FLOWCHART_RULE.into(),
            points: rules.flowchart.bonus,
            text: format!(
                "the decision flowchart leads here: {}",
                eval.path.join(" → ")
            )
            .into(),
            short: FLOWCHART_SHORT.into(),
            source: Some(rules.flowchart.source.clone()),
            service,
            facts: Arc::default(),
        });
    }
    for r in eval.for_service(service) {
        let points = match r.effect {
            Effect::Points(points) => points,
            Effect::Note => 0.0,
            Effect::Exclude | Effect::NoSpot => continue,
        };
        out.push(Reason {
            rule: r.id.clone(),
            points,
            text: r.reason.clone(),
            short: r.short.clone(),
            source: Some(r.source.clone()),
            service,
            facts: r.facts.clone(),
        });
    }
    out
}

/// Fit points one doubling of cost is worth for this workload.
pub fn points_per_doubling(workload: &Workload) -> f64 {
    if workload.pricing.cost_sensitive {
        POINTS_PER_DOUBLING_COST_SENSITIVE
    } else {
        POINTS_PER_DOUBLING
    }
}

/// The `balanced` order's score: fit minus the cost penalty against the cheapest eligible service.
pub fn balanced_score(workload: &Workload, cost: f64, cheapest: f64, fit: f64) -> f64 {
    fit - points_per_doubling(workload)
        * ((cost + COST_FLOOR_USD) / (cheapest + COST_FLOOR_USD)).log2()
}

/// The order of two eligible services `(service, cost, fit)` (spec §4, `--prefer`).
fn compare(
    workload: &Workload,
    prefer: Prefer,
    cheapest: f64,
    a: (Service, f64, f64),
    b: (Service, f64, f64),
) -> std::cmp::Ordering {
    let ((sa, ca, fa), (sb, cb, fb)) = (a, b);
    let score = |cost: f64, fit: f64| balanced_score(workload, cost, cheapest, fit);
    let primary = match prefer {
        Prefer::Cost => ca.total_cmp(&cb).then_with(|| fb.total_cmp(&fa)),
        Prefer::Fit => fb.total_cmp(&fa).then_with(|| ca.total_cmp(&cb)),
        Prefer::Balanced => score(cb, fb)
            .total_cmp(&score(ca, fa))
            .then_with(|| ca.total_cmp(&cb)),
    };
    primary.then_with(|| sa.id().cmp(sb.id()))
}

/// The figures a sweep needs at one point, without the reasons and texts of a full [`Ranking`].
#[derive(Debug, Clone, PartialEq)]
pub struct Quick {
    /// Each eligible service's exact total and its total in cents (the sum of rounded line items).
    pub costs: Vec<(Service, f64, f64)>,
    /// The top pick under `prefer`.
    pub winner: Option<Service>,
    /// The EC2 instance type each eligible service runs on, where it runs on one.
    pub instance_types: Vec<(Service, crate::pricing::Name)>,
}

/// One service's assessment, shared by [`rank`] and [`quick`].
enum Assessed {
    /// A hard rule fired: exclusion beats points, so the service is not priced or scored.
    ExcludedByRules,
    Unpriced(Unpriced),
    Priced(Estimate, f64),
}

/// Whether a rule excludes `service`, else its estimate (with notes when `detail`) and its fit:
/// the flowchart's bonus, then every fired rule's points, in that order.
fn assess(
    workload: &Workload,
    prices: &Prices,
    rules: &RuleSet,
    eval: &Evaluation<'_>,
    service: Service,
    detail: bool,
) -> Assessed {
    if eval
        .for_service(service)
        .any(|r| r.effect == Effect::Exclude)
    {
        return Assessed::ExcludedByRules;
    }
    let spot = !eval
        .for_service(service)
        .any(|r| r.effect == Effect::NoSpot);
    match cost::estimate_with(service, workload, prices, &rules.limits, detail, spot) {
        Ok(estimate) => {
            let bonus = eval
                .leaf
                .contains(&service)
                .then_some(rules.flowchart.bonus);
            let fit = bonus
                .into_iter()
                .chain(eval.for_service(service).map(|r| r.effect.points()))
                .sum();
            Assessed::Priced(estimate, fit)
        }
        Err(why) => Assessed::Unpriced(why),
    }
}

/// Sorts eligible services into their order under `prefer`; `key` gives (service, cost, fit).
fn order<T>(
    workload: &Workload,
    prefer: Prefer,
    items: &mut [T],
    key: impl Fn(&T) -> (Service, f64, f64),
) {
    let cheapest = items.iter().map(|i| key(i).1).fold(f64::INFINITY, f64::min);
    items.sort_by(|a, b| compare(workload, prefer, cheapest, key(a), key(b)));
}

/// Eligibility, costs and the top pick of [`rank`], computed by the same code but leaner: no
/// notes, reasons or texts.
pub fn quick(workload: &Workload, prices: &Prices, rules: &RuleSet, prefer: Prefer) -> Quick {
    quick_with(workload, prices, rules, prefer, evaluate(rules, workload))
}

/// [`quick`] for a workload that differs from `baseline`'s in a few values (a sweep's point): the
/// rules that read none of them keep the baseline's verdict.
pub fn quick_from(
    workload: &Workload,
    prices: &Prices,
    rules: &RuleSet,
    prefer: Prefer,
    baseline: &Baseline,
) -> Quick {
    let eval = evaluate_from(rules, workload, baseline);
    quick_with(workload, prices, rules, prefer, eval)
}

fn quick_with(
    workload: &Workload,
    prices: &Prices,
    rules: &RuleSet,
    prefer: Prefer,
    eval: Evaluation<'_>,
) -> Quick {
    let mut scored = Vec::new();
    let mut instance_types = Vec::new();
    for service in Service::ALL {
        if let Assessed::Priced(e, fit) = assess(workload, prices, rules, &eval, service, false) {
            scored.push((service, e.total(), e.billed_total(), fit));
            if let Some(i) = e.instance {
                instance_types.push((service, i.instance_type));
            }
        }
    }
    let costs = scored.iter().map(|&(s, t, c, _)| (s, t, c)).collect();
    order(workload, prefer, &mut scored, |s| (s.0, s.1, s.3));
    Quick {
        costs,
        winner: scored.first().map(|s| s.0),
        instance_types,
    }
}

/// Evaluates the rules, prices every service that is not excluded, and orders the eligible ones.
pub fn rank(workload: &Workload, prices: &Prices, rules: &RuleSet, prefer: Prefer) -> Ranking {
    let eval = evaluate(rules, workload);
    let mut warnings = Vec::new();

    let mut eligible: Vec<(Estimate, f64, Vec<Reason>)> = Vec::new();
    let mut excluded = Vec::new();
    for service in Service::ALL {
        match assess(workload, prices, rules, &eval, service, true) {
            Assessed::ExcludedByRules => excluded.push(Entry {
                service,
                rank: None,
                standing: Standing::Excluded(rule_exclusions(&eval, service)),
            }),
            Assessed::Priced(estimate, fit) => {
                eligible.push((estimate, fit, reasons(rules, &eval, service)));
            }
            Assessed::Unpriced(why) => {
                let (rule, short) = match why {
                    Unpriced::NoFit(_) => ("does-not-fit", "does not fit"),
                    Unpriced::Missing(_) => ("price-unavailable", "no price in the table"),
                };
                excluded.push(Entry {
                    service,
                    rank: None,
                    standing: Standing::Excluded(vec![Exclusion {
                        rule: rule.into(),
                        text: why.to_string().into(),
                        short: short.into(),
                        source: None,
                        service,
                        facts: Arc::default(),
                    }]),
                });
            }
        }
    }
    order(workload, prefer, &mut eligible, |(e, fit, _)| {
        (e.service, e.total(), *fit)
    });

    for w in uneven(workload, &eligible, prices.region()) {
        push_unique(&mut warnings, w);
    }

    // Warnings of rules that fired for a service still in the running; a peak check's with its
    // figures.
    for r in &eval.fired {
        let running = || {
            eligible
                .iter()
                .any(|(e, ..)| r.services.contains(&e.service))
        };
        if let Some(peak) = peak_limit(r, workload, &rules.limits) {
            if running() {
                push_unique(&mut warnings, Warning::Peak(peak));
            }
        } else if let Some(w) = &r.warning {
            if running() {
                push_unique(
                    &mut warnings,
                    Warning::Rule {
                        rule: r.id.clone(),
                        text: w.clone(),
                    },
                );
            }
        }
    }

    let mut entries: Vec<Entry> = eligible
        .into_iter()
        .enumerate()
        .map(|(i, (estimate, fit, reasons))| Entry {
            service: estimate.service,
            rank: Some(i + 1),
            standing: Standing::Eligible {
                estimate,
                fit,
                reasons,
            },
        })
        .collect();
    entries.extend(excluded);
    let current = crate::engine::current::today(workload, prices, rules, &eval);
    Ranking {
        workload: workload.clone(),
        region: prices.region().to_owned(),
        pricing_as_of: prices.table.as_of.clone(),
        prefer,
        flowchart_path: eval.path.iter().map(|s| (*s).to_owned()).collect(),
        flowchart_questions: eval
            .questions
            .iter()
            .map(|(q, a)| ((*q).to_owned(), (*a).to_owned()))
            .collect(),
        flowchart_leaf: eval.leaf,
        entries,
        warnings,
        current,
    }
}

#[cfg(test)]
mod tests {
    /// The engine files, wherever they sit under `src/`: the ranking never depends on a renderer.
    const ENGINE: [&str; 6] = [
        "rank.rs",
        "advisor.rs",
        "sweep.rs",
        "batch.rs",
        "diff.rs",
        "gate.rs",
    ];

    fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Every `crate::…` path a file names, in `use` lines and inline (`crate::report::cents(…)`).
    fn crate_paths(text: &str) -> Vec<String> {
        let code = text.split("#[cfg(test)]").next().unwrap_or(text);
        code.match_indices("crate::")
            .map(|(i, _)| {
                code[i + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':' || *c == '{')
                    .collect()
            })
            .collect()
    }

    #[test]
    fn ranking_uses_no_renderer() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let engine: Vec<_> = files
            .iter()
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                ENGINE.contains(&name.as_ref()) && !p.parent().unwrap().ends_with("report")
            })
            .collect();
        assert!(
            engine.iter().any(|p| p.ends_with("rank.rs")),
            "rank.rs found under src/"
        );
        let mut bad = Vec::new();
        for path in engine {
            let text = std::fs::read_to_string(path).unwrap();
            for p in crate_paths(&text) {
                let head = p.trim_start_matches('{');
                if head == "report" || head.starts_with("report:") || head.starts_with("cli") {
                    bad.push(format!("{}: crate::{p}", path.display()));
                }
            }
            for line in text.lines().filter(|l| l.trim_start().starts_with("use ")) {
                if line.contains("report") && !line.contains("crate::") {
                    bad.push(format!("{}: {}", path.display(), line.trim()));
                }
            }
        }
        assert!(
            bad.is_empty(),
            "the engine uses a renderer:\n{}",
            bad.join("\n")
        );
    }

    #[test]
    fn the_check_sees_a_renderer_import() {
        assert_eq!(
            super::tests::crate_paths(
                "use crate::report::cents;\nlet x = crate::report::usd(1.0);"
            ),
            ["report::cents", "report::usd"]
        );
    }
}
