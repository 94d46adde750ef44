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

fn exclusion(service: Service, rule: &'static str, text: String) -> Exclusion {
    Exclusion {
        rule: rule.into(),
        text: text.into(),
        short: "cannot run it".into(),
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
        if let Some(i) = p.instances.iter().find(|i| i.name == name.as_str()) {
            return i.arch;
        }
        if let Some(row) = p.full_table().ec2.instances.get(name) {
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
                short: r.short.clone(),
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
    let size = cost::Size::new(given.vcpu.unwrap_or(0.0), given.memory_gb.unwrap_or(0.0));
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
                        None => Unpriced::NoFit(cost::NoFit::Text(format!(
                            "the instance type `{name}` is not in the {} pricing table",
                            p.region()
                        ))),
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
            cost::Size::new(r.vcpu, r.memory_gb),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{close, prices};
    use crate::input::source::SourceFile;
    use crate::rules::engine::evaluate;

    fn rules() -> &'static RuleSet {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| RuleSet::bundled().unwrap())
    }

    /// A workload of `kind` with `body` (its tables) and `[current]`.
    fn today_of(body: &str, current: &str) -> Today {
        let text = format!("version = 1\nname = \"t\"\n{body}\n[current]\n{current}\n");
        let w = Workload::parse(&SourceFile::new("t.toml", text), &["us-east-1"]).unwrap();
        let eval = evaluate(rules(), &w);
        today(&w, &prices(), rules(), &eval).unwrap()
    }

    const SERVICE: &str = "[shape]\nkind = \"service\"\ninterface = \"none\"\n[resources]\nvcpu = 1\nmemory_gb = 2\n[traffic]\nrequests_per_month = 30_000_000\navg_duration_ms = 120\nmin_instances = 2";

    fn item<'e>(e: &'e Estimate, name: &str) -> &'e cost::LineItem {
        e.line_items
            .iter()
            .find(|l| l.item == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", e.line_items))
    }

    fn priced(t: &Today) -> &Estimate {
        t.standing.as_ref().unwrap()
    }

    #[test]
    fn an_ec2_fleet_is_priced_as_given() {
        // 4 × m5.xlarge ($0.192/h) all month: 4 × 730 = 2,920 instance-hours × $0.192 = $560.64.
        let t = today_of(
            SERVICE,
            "service = \"ec2\"\ninstance_type = \"m5.xlarge\"\ninstances = 4",
        );
        let e = priced(&t);
        let vms = item(e, "EC2 m5.xlarge");
        close(vms.quantity, 2_920.0);
        close(vms.monthly_usd, 560.64);
        assert_eq!((e.arch, e.option), (Arch::X86, Purchase::OnDemand));
        close(e.total(), e.line_items.iter().map(|l| l.monthly_usd).sum());
        // Capacity 4 × (4 vCPU, 16 GiB) = 16 vCPU / 64 GiB; the need is 2 instances (min_instances)
        // × 1 vCPU / 2 GB = 2 vCPU / 4 GiB: min(16 / 2, 64 / 4) = 8× the need, over 2×.
        let s = t.sizing.as_ref().unwrap();
        assert_eq!(s.fit, Fit::Over);
        close(s.ratio, 8.0);
        assert!(
            s.text.contains("16 vCPU / 64 GiB") && s.text.contains("2 vCPU / 4 GiB"),
            "{}",
            s.text
        );
        // Right-sized in place: EC2, x86, On-Demand, sized by the model: 1 vCPU and 2 GB + 0.5 GiB
        // for the OS: 2 × t3a.medium (2 vCPU, 4 GiB, $0.0376): 1,460 h × $0.0376 = $54.896, with
        // 0.5 vCPU busy over its 0.4 baseline: 146 surplus vCPU-hours × $0.05 = $7.30.
        let r = t.right_size.as_ref().unwrap();
        assert_eq!(r.service, Service::Ec2);
        let i = r.instance.as_ref().unwrap();
        assert_eq!((&*i.instance_type, i.count), ("t3a.medium", 2.0));
        close(item(r, "EC2 t3a.medium").monthly_usd, 54.896);
        close(item(r, "t3a.medium surplus CPU credits").monthly_usd, 7.30);
    }

    #[test]
    fn a_fargate_service_is_priced_as_given() {
        // 3 Arm tasks of 0.5 vCPU / 1 GB all month: 2,190 task-hours.
        // vCPU: 2,190 × 0.5 = 1,095 vCPU-hours × $0.03238 = $35.4561;
        // memory: 2,190 × 1 = 2,190 GB-hours × $0.00356 = $7.7964.
        let t = today_of(
            SERVICE,
            "service = \"fargate\"\narch = \"arm\"\nvcpu = 0.5\nmemory_gb = 1\ntasks = 3",
        );
        // The task is smaller than the workload's 1 vCPU / 2 GB: it cannot run it.
        let why = t.standing.as_ref().unwrap_err();
        assert_eq!(why[0].rule, TOO_SMALL);
        assert!(why[0].text.contains("0.5 vCPU / 1 GB"), "{}", why[0].text);

        let small = SERVICE
            .replace("vcpu = 1\n", "vcpu = 0.5\n")
            .replace("memory_gb = 2", "memory_gb = 1");
        let t = today_of(
            &small,
            "service = \"fargate\"\narch = \"arm\"\nvcpu = 0.5\nmemory_gb = 1\ntasks = 3",
        );
        let e = priced(&t);
        assert_eq!(e.arch, Arch::Arm);
        let vcpu = item(e, "Fargate vCPU");
        close(vcpu.quantity, 1_095.0);
        close(vcpu.monthly_usd, 35.4561);
        let memory = item(e, "Fargate memory");
        close(memory.quantity, 2_190.0);
        close(memory.monthly_usd, 7.7964);
        // Capacity 1.5 vCPU / 3 GiB for a need of 2 × 0.5 vCPU / 1 GB = 1 vCPU / 2 GiB: 1.5×, fine.
        assert_eq!(t.sizing, None);
        assert_eq!(t.right_size, None);
    }

    #[test]
    fn a_small_fargate_fleet_is_under_provisioned() {
        // One task of 0.5 vCPU / 1 GB for 4 tasks on average: 0.5 / 2 = 0.25× the need, under ½.
        let body = SERVICE
            .replace("vcpu = 1\n", "vcpu = 0.5\n")
            .replace("memory_gb = 2", "memory_gb = 1")
            .replace("min_instances = 2", "avg_instances = 4");
        let t = today_of(
            &body,
            "service = \"fargate\"\narch = \"arm\"\nvcpu = 0.5\nmemory_gb = 1\ntasks = 1",
        );
        let s = t.sizing.as_ref().unwrap();
        assert_eq!(s.fit, Fit::Under);
        close(s.ratio, 0.25);
        // Right-sized: 4 Arm tasks, 2,920 task-hours × 0.5 vCPU × $0.03238 = $47.2748.
        let r = t.right_size.as_ref().unwrap();
        assert_eq!(r.arch, Arch::Arm);
        close(item(r, "Fargate vCPU").monthly_usd, 47.2748);
    }

    const EVENTS: &str = "[shape]\nkind = \"event\"\n[resources]\nvcpu = 0.5\nmemory_gb = 0.5\n[traffic]\nrequests_per_month = 10_000_000\navg_duration_ms = 100";

    #[test]
    fn a_lambda_function_is_priced_as_given() {
        // 1,024 MB on Arm: 10M requests × 0.1 s × 1 GB = 1,000,000 GB-s × $0.0000133334 (first
        // tier) = $13.3334; 10 × 1M requests × $0.20 = $2.00.
        let t = today_of(
            EVENTS,
            "service = \"lambda\"\narch = \"arm\"\nmemory_mb = 1024",
        );
        let e = priced(&t);
        close(item(e, "Lambda duration (Arm)").quantity, 1_000_000.0);
        close(item(e, "Lambda duration (Arm)").monthly_usd, 13.3334);
        close(item(e, "Lambda requests").monthly_usd, 2.0);
        // One invocation needs max(0.5 × 1,024, 0.5 × 1,769) = 884.5 → 885 MB: 1,024 is 1.16×.
        assert_eq!(t.sizing, None);

        // 2,048 MB is 2,048 / 885 = 2.31× what it needs: over-provisioned, and the right size is
        // the model's 885 MB: 1,000,000 GB-s × 885 / 1,024 = 864,257.8 GB-s.
        let t = today_of(
            EVENTS,
            "service = \"lambda\"\narch = \"arm\"\nmemory_mb = 2048",
        );
        let s = t.sizing.as_ref().unwrap();
        assert_eq!(s.fit, Fit::Over);
        close(s.ratio, 2_048.0 / 885.0);
        let r = t.right_size.as_ref().unwrap();
        close(
            item(r, "Lambda duration (Arm)").quantity,
            1_000_000.0 * 885.0 / 1_024.0,
        );

        // 512 MB cannot give one invocation its 885 MB.
        let t = today_of(
            EVENTS,
            "service = \"lambda\"\narch = \"arm\"\nmemory_mb = 512",
        );
        let why = t.standing.unwrap_err();
        assert_eq!(why[0].rule, TOO_SMALL);
        assert!(
            why[0].text.contains("512 MB") && why[0].text.contains("885 MB"),
            "{}",
            why[0].text
        );
    }

    #[test]
    fn a_setup_that_cannot_run_the_workload_is_not_priced() {
        // t3.micro has 1 GiB; one instance of the workload needs 2 GB.
        let t = today_of(
            SERVICE,
            "service = \"ec2\"\ninstance_type = \"t3.micro\"\ninstances = 8",
        );
        let why = t.standing.as_ref().unwrap_err();
        assert_eq!(why[0].rule, TOO_SMALL);
        assert!(why[0].text.contains("t3.micro"), "{}", why[0].text);
        assert_eq!((t.sizing.as_ref(), t.right_size.as_ref()), (None, None));
        // An x86-only workload on today's Graviton (m7g.large, arm).
        let x86 = SERVICE.replace("kind = \"service\"", "kind = \"service\"\narch = \"x86\"");
        let t = today_of(
            &x86,
            "service = \"ecs\"\ninstance_type = \"m7g.large\"\ninstances = 2",
        );
        let why = t.standing.unwrap_err();
        assert_eq!(why[0].rule, WRONG_ARCH);
        assert!(why[0].text.contains("arm"), "{}", why[0].text);
        // A hard rule of the service holds for today too: a 30-minute request on Lambda.
        let long = EVENTS.replace("avg_duration_ms = 100", "avg_duration_ms = 1_800_000");
        let t = today_of(&long, "service = \"lambda\"\nmemory_mb = 1024");
        let why = t.standing.unwrap_err();
        assert!(
            why.iter().any(|x| x.rule == "lambda-max-duration"),
            "{why:?}"
        );
    }

    #[test]
    fn spot_today_is_priced_at_spot() {
        // Running on Spot today means the work tolerates interruption, whatever `[needs]` says:
        // the Spot factor applies (priced by the same EC2 model as `pricing.purchase = "spot"`).
        let on_demand = today_of(
            SERVICE,
            "service = \"ec2\"\ninstance_type = \"m5.xlarge\"\ninstances = 4",
        );
        let spot = today_of(
            SERVICE,
            "service = \"ec2\"\ninstance_type = \"m5.xlarge\"\ninstances = 4\npurchase = \"spot\"",
        );
        let (a, b) = (priced(&on_demand), priced(&spot));
        assert_eq!(b.option, Purchase::Spot);
        assert!(item(b, "EC2 m5.xlarge").monthly_usd < item(a, "EC2 m5.xlarge").monthly_usd);
    }
}
