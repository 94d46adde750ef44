//! The workload attributes rule conditions can read, with their types, and their values for one
//! workload. [`ATTRIBUTES`] and [`values`] list them in the same order; a test checks they agree.

use super::condition::Value;
use crate::cost::lambda_memory_mb;
use crate::workload::{
    ArchPref, Complexity, Environment, Interface, Kind, OpsCapacity, Packaging, Platform, Purchase,
    Workflow, Workload,
};

/// What kind of value an attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    Num,
    Bool,
    /// A string from a closed set.
    Enum(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct Attribute {
    pub name: &'static str,
    pub ty: AttrType,
    pub help: &'static str,
}

const fn num(name: &'static str, help: &'static str) -> Attribute {
    Attribute {
        name,
        ty: AttrType::Num,
        help,
    }
}

const fn flag(name: &'static str, help: &'static str) -> Attribute {
    Attribute {
        name,
        ty: AttrType::Bool,
        help,
    }
}

const fn one_of(
    name: &'static str,
    values: &'static [&'static str],
    help: &'static str,
) -> Attribute {
    Attribute {
        name,
        ty: AttrType::Enum(values),
        help,
    }
}

/// Minutes a piece of work may run and still be "event-driven (<15min)" in the flowchart sense;
/// `work.long_running` uses it. Rules compare against `fact.lambda_max_duration_min` instead.
const SHORT_WORK_MIN: f64 = 15.0;

pub const ATTRIBUTES: &[Attribute] = &[
    one_of(
        "shape.kind",
        &["service", "event", "batch", "scheduled"],
        "what kind of work",
    ),
    one_of(
        "shape.interface",
        &["http", "grpc", "websocket", "tcp", "udp", "none"],
        "how clients reach it",
    ),
    one_of(
        "shape.packaging",
        &["code", "container", "vm"],
        "what is deployed",
    ),
    one_of(
        "shape.arch",
        &["x86", "arm", "any"],
        "processor architecture",
    ),
    num("shape.services", "separately deployed services"),
    one_of(
        "shape.complexity",
        &["simple", "medium", "complex"],
        "application complexity",
    ),
    one_of(
        "shape.environment",
        &["dev", "staging", "prod"],
        "environment",
    ),
    num("resources.vcpu", "vCPUs of one instance"),
    num("resources.memory_gb", "GiB of memory of one instance"),
    num("resources.gpus", "GPUs of one instance"),
    num("resources.storage_gb", "local disk of one instance, GB"),
    num(
        "traffic.requests_per_month",
        "requests or events per month (0 without [traffic])",
    ),
    num(
        "traffic.avg_duration_ms",
        "mean handling time, ms (0 without [traffic])",
    ),
    num(
        "traffic.max_duration_min",
        "longest request, minutes (0 without [traffic])",
    ),
    num(
        "traffic.concurrency_per_instance",
        "requests one instance serves at once (0 without [traffic])",
    ),
    num(
        "traffic.min_instances",
        "minimum instances (0 without [traffic])",
    ),
    num(
        "traffic.avg_instances",
        "mean instances as given or derived (0 without [traffic])",
    ),
    num(
        "traffic.peak_to_average",
        "peak ÷ average load (0 without [traffic])",
    ),
    num(
        "jobs.runs_per_month",
        "job runs per month (0 without [jobs])",
    ),
    num(
        "jobs.duration_min",
        "wall time of one run, minutes (0 without [jobs])",
    ),
    num("jobs.array_size", "array size (1 when absent)"),
    flag("jobs.dependencies", "jobs wait on other jobs"),
    flag("jobs.multi_node", "one job spans several nodes"),
    one_of(
        "jobs.workflow",
        &["none", "chain", "dag", "complex"],
        "job workflow shape",
    ),
    flag("team.knows_kubernetes", "the team knows Kubernetes"),
    one_of(
        "team.ops_capacity",
        &["none", "low", "high"],
        "infrastructure work the team can own",
    ),
    one_of(
        "team.existing_platform",
        &["none", "ec2", "ecs", "kubernetes", "lambda", "app_runner"],
        "platform already in use",
    ),
    flag("needs.os_control", "custom AMI, kernel, host agents, SSH"),
    flag(
        "needs.kubernetes_ecosystem",
        "Helm, Istio, ArgoCD, operators",
    ),
    flag("needs.multi_cloud", "same manifests on other clouds"),
    flag("needs.service_mesh", "a service mesh"),
    flag("needs.sidecars", "several containers per task"),
    flag("needs.private_networking", "fine-grained VPC control"),
    flag("needs.static_ip", "a static IP"),
    flag("needs.dedicated_hardware", "BYOL or compliance isolation"),
    flag(
        "needs.high_availability",
        "two or more instances across AZs",
    ),
    flag("needs.interruption_tolerant", "may run on Spot"),
    flag(
        "needs.instance_type_control",
        "specific instance families, bare metal, local NVMe",
    ),
    flag("needs.on_premises", "must also run on premises"),
    num(
        "needs.max_cold_start_ms",
        "tolerated start latency, ms (0 = does not matter)",
    ),
    one_of(
        "pricing.purchase",
        &[
            "on_demand",
            "spot",
            "savings_plan_1yr",
            "savings_plan_3yr",
            "best",
        ],
        "purchase option",
    ),
    flag("pricing.free_tier", "subtract always-free allowances"),
    num("pricing.clusters", "clusters that each pay a control plane"),
    flag("pricing.cost_sensitive", "a small budget"),
    num(
        "work.max_duration_min",
        "longest single unit of work, minutes",
    ),
    num(
        "work.avg_instances",
        "instances running on average (0 for jobs)",
    ),
    num(
        "work.requests_per_month",
        "requests, events or job runs per month",
    ),
    num(
        "work.requests_per_second",
        "average requests or runs per second",
    ),
    num(
        "work.lambda_memory_mb",
        "memory Lambda would need, MB, before its cap",
    ),
    num("work.job_hours", "job-hours per month (0 for services)"),
    flag(
        "work.long_running",
        "a service, or event/scheduled work over 15 minutes",
    ),
];

fn s(v: &'static str) -> Value {
    Value::Str(std::borrow::Cow::Borrowed(v))
}

/// Every attribute's value for `w`, in [`ATTRIBUTES`] order.
pub fn values(w: &Workload) -> Vec<Value> {
    use Value::{Bool, Num};
    let t = w.traffic.as_ref();
    let j = w.jobs.as_ref();
    let n = &w.needs;
    let tn = |f: fn(&crate::workload::Traffic) -> f64| Num(t.map_or(0.0, f));
    let long_running = match w.shape.kind {
        Kind::Service => true,
        Kind::Batch => false,
        Kind::Event | Kind::Scheduled => w.max_duration_min() > SHORT_WORK_MIN,
    };
    vec![
        s(Kind::as_str(w.shape.kind)),
        s(Interface::as_str(w.shape.interface)),
        s(Packaging::as_str(w.shape.packaging)),
        s(ArchPref::as_str(w.shape.arch)),
        Num(f64::from(w.shape.services)),
        s(Complexity::as_str(w.shape.complexity)),
        s(Environment::as_str(w.shape.environment)),
        Num(w.resources.vcpu),
        Num(w.resources.memory_gb),
        Num(f64::from(w.resources.gpus)),
        Num(w.resources.storage_gb),
        tn(|t| t.requests_per_month),
        tn(|t| t.avg_duration_ms),
        tn(|t| t.max_duration_min),
        tn(|t| t.concurrency_per_instance),
        tn(|t| f64::from(t.min_instances)),
        Num(w.avg_instances()),
        tn(|t| t.peak_to_average),
        Num(j.map_or(0.0, |j| j.runs_per_month)),
        Num(j.map_or(0.0, |j| j.duration_min)),
        Num(j.and_then(|j| j.array_size).map_or(1.0, f64::from)),
        Bool(j.is_some_and(|j| j.dependencies)),
        Bool(j.is_some_and(|j| j.multi_node)),
        s(j.map_or(Workflow::None, |j| j.workflow).as_str()),
        Bool(w.team.knows_kubernetes),
        s(OpsCapacity::as_str(w.team.ops_capacity)),
        s(Platform::as_str(w.team.existing_platform)),
        Bool(n.os_control),
        Bool(n.kubernetes_ecosystem),
        Bool(n.multi_cloud),
        Bool(n.service_mesh),
        Bool(n.sidecars),
        Bool(n.private_networking),
        Bool(n.static_ip),
        Bool(n.dedicated_hardware),
        Bool(n.high_availability),
        Bool(n.interruption_tolerant),
        Bool(n.instance_type_control),
        Bool(n.on_premises),
        Num(n.max_cold_start_ms),
        s(Purchase::as_str(w.pricing.purchase)),
        Bool(w.pricing.free_tier),
        Num(f64::from(w.pricing.clusters)),
        Bool(w.pricing.cost_sensitive),
        Num(w.max_duration_min()),
        Num(w.avg_instances()),
        Num(w.requests_per_month()),
        Num(w.requests_per_second()),
        Num(lambda_memory_mb(w.resources.vcpu, w.resources.memory_gb)),
        Num(w.job_hours()),
        Bool(long_running),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{batch, service};

    #[test]
    fn values_match_the_declared_types() {
        for w in [service(1e6, 100.0), batch(10.0, 5.0, 1.0, 2.0)] {
            let values = values(&w);
            assert_eq!(values.len(), ATTRIBUTES.len());
            for (a, v) in ATTRIBUTES.iter().zip(&values) {
                let ok = match (a.ty, v) {
                    (AttrType::Num, Value::Num(_)) | (AttrType::Bool, Value::Bool(_)) => true,
                    (AttrType::Enum(allowed), Value::Str(s)) => allowed.contains(&s.as_ref()),
                    _ => false,
                };
                assert!(ok, "{} = {v}", a.name);
            }
        }
    }

    #[test]
    fn enum_attributes_list_every_value_of_the_format() {
        let find = |name: &str| ATTRIBUTES.iter().find(|a| a.name == name).unwrap().ty;
        let check = |name: &str, all: Vec<&'static str>| match find(name) {
            AttrType::Enum(values) => assert_eq!(values, all.as_slice(), "{name}"),
            other => panic!("{name} is {other:?}"),
        };
        check(
            "shape.kind",
            Kind::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "shape.interface",
            Interface::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "shape.packaging",
            Packaging::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "shape.arch",
            ArchPref::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "shape.complexity",
            Complexity::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "shape.environment",
            Environment::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "team.ops_capacity",
            OpsCapacity::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "team.existing_platform",
            Platform::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "pricing.purchase",
            Purchase::all().iter().map(|k| k.as_str()).collect(),
        );
        check(
            "jobs.workflow",
            Workflow::all().iter().map(|k| k.as_str()).collect(),
        );
    }
}
