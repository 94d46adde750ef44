//! What runs the workload today (`[current]`): priced by the same cost models as every
//! alternative, checked against what the workload asks for, and sized against its need.
//!
//! 1. Today's configuration becomes a [`Pin`] that the service's own model prices as given
//!    ([`cost::price_pinned`]), so today and the alternatives share every formula.
//! 2. A setup that cannot run the workload as described (one instance, task or invocation too
//!    small, the wrong architecture, a hard rule of the service) is reported as such and not
//!    priced.
//! 3. Today's capacity (vCPU and memory of the whole fleet) is compared with what the workload's
//!    `resources` and `traffic` call for; more than [`OVER`] times or less than [`UNDER`] of it is
//!    said with the numbers, and the same service is priced again sized by the model: the
//!    "right-size in place" alternative.

use std::borrow::Cow;
use std::sync::Arc;

use crate::cost::{self, Compute, Estimate, Pin, Unpriced};
use crate::engine::rank::Exclusion;
use crate::pricing::Prices;
use crate::rules::engine::Evaluation;
use crate::rules::{Effect, RuleSet, Topic};
use crate::service::Service;
use crate::workload::{Arch, ArchPref, Current, Purchase, Workload};

/// Today's capacity above this multiple of the need is over-provisioned.
pub const OVER: f64 = 2.0;
/// Today's capacity below this share of the need is under-provisioned.
pub const UNDER: f64 = 0.5;

/// The rule id of a setup that cannot hold one instance, task or invocation of the workload.
pub const TOO_SMALL: &str = "current-too-small";
/// The rule id of a setup on an architecture the workload does not run on.
pub const WRONG_ARCH: &str = "current-wrong-arch";

/// What runs the workload today, priced.
#[derive(Debug, Clone, PartialEq)]
pub struct Today {
    pub given: Current,
    /// Today's cost by runwhere's models, or why today's setup cannot run the workload as described.
    pub standing: Result<Estimate, Vec<Exclusion>>,
    /// Today's capacity against the need, when it is far from it.
    pub sizing: Option<Sizing>,
    /// The same service sized for the need (when [`Today::sizing`] says it is far off).
    pub right_size: Option<Estimate>,
}

impl Today {
    /// Today's monthly cost to the cent (the sum of the rounded line items), when priced.
    pub fn billed_total(&self) -> Option<f64> {
        self.standing.as_ref().ok().map(Estimate::billed_total)
    }
}

/// Whether today's capacity is well above or below the need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Over,
    Under,
}

/// Today's capacity against the need, in vCPU and GiB (Lambda: MB of memory per invocation).
#[derive(Debug, Clone, PartialEq)]
pub struct Sizing {
    pub fit: Fit,
    /// Capacity ÷ need, on the tighter of the two dimensions.
    pub ratio: f64,
    /// The sentence that says it, with the numbers.
    pub text: String,
}

/// Today's setup priced, checked and sized; `None` without `[current]`.
pub fn today(w: &Workload, p: &Prices, rules: &RuleSet, eval: &Evaluation<'_>) -> Option<Today> {
    let given = w.current.clone()?;
    let standing = price(w, p, rules, eval, &given);
    let sizing = standing
        .as_ref()
        .ok()
        .and_then(|e| sizing(w, p, rules, &given, e));
    let right_size = match (&sizing, &standing) {
        (Some(_), Ok(e)) => right_size(w, p, rules, &given, e.arch),
        _ => None,
    };
    Some(Today {
        given,
        standing,
        sizing,
        right_size,
    })
}

fn exclusion(service: Service, rule: &str, text: String) -> Exclusion {
    Exclusion {
        rule: rule.to_owned(),
        text,
        source: None,
        service,
        facts: Arc::default(),
    }
}

/// The workload as it runs today: work on Spot today can evidently be interrupted.
fn as_today<'w>(w: &'w Workload, given: &Current) -> Cow<'w, Workload> {
    if given.purchase() == Purchase::Spot && !w.needs.interruption_tolerant {
        let mut w = w.clone();
        w.needs.interruption_tolerant = true;
        Cow::Owned(w)
    } else {
        Cow::Borrowed(w)
    }
}

/// Today's architecture: the instance type's, else the one given (x86 when absent).
fn arch_of(p: &Prices, given: &Current) -> Arch {
    if let Some(name) = &given.instance_type {
        if let Some(row) = p.table.ec2.instances.get(name) {
            return if row.arch == "arm" {
                Arch::Arm
            } else {
                Arch::X86
            };
        }
    }
    given.arch.unwrap_or(Arch::X86)
}

fn price(
    w: &Workload,
    p: &Prices,
    rules: &RuleSet,
    eval: &Evaluation<'_>,
    given: &Current,
) -> Result<Estimate, Vec<Exclusion>> {
    let service = given.service;
    let arch = arch_of(p, given);
    let mut why = Vec::new();
    if !w.shape.arch.candidates().contains(&arch) {
        why.push(exclusion(
            service,
            WRONG_ARCH,
            format!(
                "wrong architecture: today's {} runs on {arch}, but the workload runs on {} only (`shape.arch`)",
                what_runs(given),
                w.shape.arch
            ),
        ));
    }
    // A hard rule of the service (Lambda's 15 minutes, say) holds for today's setup too; whether
    // AWS still takes new customers does not concern one that runs there.
    why.extend(
        eval.for_service(service)
            .filter(|r| r.effect == Effect::Exclude && r.topic != Topic::Availability)
            .map(|r| Exclusion {
                rule: r.id.clone(),
                text: r.reason.clone(),
                source: Some(r.source.clone()),
                service,
                facts: r.facts.clone(),
            }),
    );
    let pin = pin(p, given).map_err(|e| vec![exclusion(service, TOO_SMALL, e.to_string())])?;
    if !why.is_empty() {
        return Err(why);
    }
    let w = as_today(w, given);
    cost::price_pinned(service, &w, p, &rules.limits, pin, arch, given.purchase()).map_err(|e| {
        let rule = match e {
            Unpriced::NoFit(_) => TOO_SMALL,
            Unpriced::Missing(_) => "price-unavailable",
        };
        vec![exclusion(service, rule, e.to_string())]
    })
}

/// `4 × m5.xlarge`, `2 tasks of 1 vCPU / 2 GB`, `a 1,024 MB function`.
pub fn what_runs(given: &Current) -> String {
    let count = |n: Option<u32>| n.map_or(String::new(), |n| format!("{n} × "));
    if let Some(t) = &given.instance_type {
        return format!("{}{t}", count(given.instances));
    }
    if let Some(mb) = given.memory_mb {
        return format!(
            "{} MB function",
            crate::output::format::number(f64::from(mb))
        );
    }
    let size = cost::size_text(given.vcpu.unwrap_or(0.0), given.memory_gb.unwrap_or(0.0));
    let unit = if given.service == Service::AppRunner {
        "instance"
    } else {
        "task"
    };
    match given.tasks.or(given.instances) {
        Some(n) => format!("{n} × {size} {unit}{}", if n == 1 { "" } else { "s" }),
        None => format!("{size} {unit}s"),
    }
}

/// Today's configuration as the models take it.
fn pin(p: &Prices, given: &Current) -> Result<Pin, Unpriced> {
    let instance = match &given.instance_type {
        Some(name) => Some(
            p.instances
                .iter()
                .position(|i| &i.name == name)
                .ok_or_else(|| {
                    match p
                        .unpriced_instances
                        .iter()
                        .find(|m| m.key.contains(&format!("\"{name}\"")))
                    {
                        Some(m) => Unpriced::Missing(m.clone()),
                        None => Unpriced::NoFit(format!(
                            "the instance type `{name}` is not in the {} pricing table",
                            p.region()
                        )),
                    }
                })?,
        ),
        None => None,
    };
    let size = given.vcpu.zip(given.memory_gb);
    let compute = match given.service {
        Service::Eks | Service::Batch if instance.is_some() => Some(Compute::Ec2),
        Service::Eks | Service::Batch => Some(Compute::Fargate),
        _ => None,
    };
    Ok(Pin {
        instance,
        count: given.tasks.or(given.instances).map(f64::from),
        size,
        memory_mb: given.memory_mb.map(f64::from),
        compute,
    })
}

/// Today's capacity against the need: the fleet's vCPU and memory against the workload's
/// instances on average × the size of one; Lambda's memory against what one invocation needs.
/// `None` when it is within [`UNDER`]–[`OVER`] of it, or for jobs (their fleets follow the jobs).
fn sizing(
    w: &Workload,
    p: &Prices,
    rules: &RuleSet,
    given: &Current,
    today: &Estimate,
) -> Option<Sizing> {
    let l = &rules.limits;
    let r = &w.resources;
    let num = crate::output::format::quantity;
    if given.service == Service::Lambda {
        let need = l.lambda_memory_mb(r.vcpu, r.memory_gb);
        let have = f64::from(given.memory_mb?);
        let ratio = have / need;
        return (ratio > OVER).then(|| Sizing {
            fit: Fit::Over,
            ratio,
            text: format!(
                "over-provisioned: today's function has {} MB of memory; one invocation needs {} MB ({} vCPU / {} GB) — {}× what it needs",
                num(have),
                num(need),
                num(r.vcpu),
                num(r.memory_gb),
                ratio_text(ratio)
            ),
        });
    }
    if !w.shape.kind.has_traffic() {
        return None;
    }
    let instances = w.avg_instances();
    let (need_vcpu, need_gb) = (instances * r.vcpu, instances * r.memory_gb);
    let (have_vcpu, have_gb) = match (&given.instance_type, &today.instance) {
        (Some(name), Some(i)) => {
            let t = p.instances.iter().find(|t| &t.name == name)?;
            (i.count * t.vcpu, i.count * t.memory_gib)
        }
        _ => {
            let n = f64::from(given.tasks.or(given.instances)?);
            (n * given.vcpu?, n * given.memory_gb?)
        }
    };
    if need_vcpu <= 0.0 || need_gb <= 0.0 {
        return None;
    }
    let ratio = (have_vcpu / need_vcpu).min(have_gb / need_gb);
    let fit = if ratio > OVER {
        Fit::Over
    } else if ratio < UNDER {
        Fit::Under
    } else {
        return None;
    };
    let peak = w.traffic.as_ref().map_or(1.0, |t| t.peak_to_average);
    let word = match fit {
        Fit::Over => "over-provisioned",
        Fit::Under => "under-provisioned",
    };
    Some(Sizing {
        fit,
        ratio,
        text: format!(
            "{word}: today's {} give {} vCPU / {} GiB; the workload calls for {} × {} = {} vCPU / {} GiB on average ({} vCPU / {} GiB at its peak of {}× the average) — {}× what it needs",
            what_runs(given),
            num(have_vcpu),
            num(have_gb),
            num(instances),
            cost::size_text(r.vcpu, r.memory_gb),
            num(need_vcpu),
            num(need_gb),
            num(need_vcpu * peak),
            num(need_gb * peak),
            num(peak),
            ratio_text(ratio)
        ),
    })
}

/// `16`, `0.25`, `2.5`: a ratio as said in the sizing sentence.
fn ratio_text(ratio: f64) -> String {
    crate::output::format::round_to(ratio, 100.0)
}

/// The same service sized by the model, on today's architecture and purchase option.
fn right_size(
    w: &Workload,
    p: &Prices,
    rules: &RuleSet,
    given: &Current,
    arch: Arch,
) -> Option<Estimate> {
    let mut w = as_today(w, given).into_owned();
    w.shape.arch = match arch {
        Arch::X86 => ArchPref::X86,
        Arch::Arm => ArchPref::Arm,
    };
    w.pricing.purchase = given.purchase();
    w.current = None;
    cost::estimate(given.service, &w, p, &rules.limits).ok()
}
