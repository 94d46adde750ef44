//! Every key of the workload format (spec §2), in file order, with its type and the comment the
//! saved file puts beside it. The interview only asks about some of them; the others are kept as
//! they were in the `--from` file. A test checks this list against the parser's own keys.

/// How a key's value is written in TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Type {
    /// A string (names, regions and every closed set of values such as `kind`).
    Text,
    /// An integer or a float.
    Number,
    /// An integer only.
    Int,
    Bool,
}

#[derive(Debug)]
pub(super) struct Field {
    /// Dotted path: `traffic.requests_per_month`, or `name` at the top level.
    pub(super) key: &'static str,
    pub(super) ty: Type,
    /// The comment beside the key in a saved file: meaning, allowed values, default.
    pub(super) comment: &'static str,
}

impl Field {
    /// `traffic` for `traffic.requests_per_month`; `None` at the top level.
    pub(super) fn table(&self) -> Option<&'static str> {
        self.key.split_once('.').map(|(t, _)| t)
    }

    /// `requests_per_month` for `traffic.requests_per_month`.
    pub(super) fn name(&self) -> &'static str {
        self.key.split_once('.').map_or(self.key, |(_, k)| k)
    }
}

/// The tables in file order, with the comment beside each header.
pub(super) const TABLES: &[(&str, &str)] = &[
    ("shape", "what kind of thing this is and how it is shipped"),
    (
        "resources",
        "ONE instance / task / invocation / job, not the whole fleet",
    ),
    ("traffic", "for kinds \"service\" and \"event\""),
    ("jobs", "for kinds \"batch\" and \"scheduled\""),
    ("team", "who will run it"),
    ("needs", "requirements; every flag defaults to false"),
    ("pricing", "how you buy capacity"),
];

const fn field(key: &'static str, ty: Type, comment: &'static str) -> Field {
    Field { key, ty, comment }
}

use Type::{Bool, Int, Number, Text};

pub(super) const FIELDS: &[Field] = &[
    field("version", Int, "format version of this file; only 1 exists"),
    field("name", Text, "1-100 characters; shown in every report"),
    field("description", Text, "optional, free text"),
    field(
        "region",
        Text,
        "AWS region whose pricing table is used; default \"us-east-1\"",
    ),
    field(
        "shape.kind",
        Text,
        "\"service\" | \"event\" | \"batch\" | \"scheduled\"",
    ),
    field(
        "shape.interface",
        Text,
        "\"http\" | \"grpc\" | \"websocket\" | \"tcp\" | \"udp\" | \"none\"; default \"http\" for a service, else \"none\"",
    ),
    field(
        "shape.packaging",
        Text,
        "\"code\" (source/zip) | \"container\" | \"vm\" (own AMI/OS); default \"container\"",
    ),
    field(
        "shape.arch",
        Text,
        "\"x86\" | \"arm\" | \"any\"; default \"any\" (the cheaper one per service)",
    ),
    field(
        "shape.services",
        Int,
        "separately deployed services; integer >= 1; default 1",
    ),
    field(
        "shape.complexity",
        Text,
        "\"simple\" | \"medium\" | \"complex\"; default derived from services, sidecars and mesh",
    ),
    field(
        "shape.environment",
        Text,
        "\"dev\" | \"staging\" | \"prod\"; default \"prod\"",
    ),
    field("resources.vcpu", Number, "vCPUs; > 0 and <= 192; default 1"),
    field(
        "resources.memory_gb",
        Number,
        "GiB (1 GB = 1,024 MB); > 0 and <= 24576; default 2",
    ),
    field("resources.gpus", Int, "whole GPUs; integer >= 0; default 0"),
    field(
        "resources.storage_gb",
        Number,
        "local/ephemeral disk, GB; default 20",
    ),
    field(
        "traffic.requests_per_month",
        Number,
        "requests (or events) per month; >= 0; required",
    ),
    field(
        "traffic.avg_duration_ms",
        Number,
        "mean time to handle one, in milliseconds; > 0; required",
    ),
    field(
        "traffic.max_duration_min",
        Number,
        "the slowest one, in minutes (Lambda stops at 15); default avg_duration_ms / 60000",
    ),
    field(
        "traffic.concurrency_per_instance",
        Number,
        "requests one instance serves at the same time; default 80",
    ),
    field(
        "traffic.min_instances",
        Int,
        "never run fewer than this; default 1 (2 with needs.high_availability)",
    ),
    field(
        "traffic.avg_instances",
        Number,
        "time-weighted mean instance count; default derived from the traffic",
    ),
    field(
        "traffic.peak_to_average",
        Number,
        "peak load divided by average load; default 3",
    ),
    field(
        "jobs.runs_per_month",
        Number,
        "job runs per month (array children count individually); required",
    ),
    field(
        "jobs.duration_min",
        Number,
        "wall time of one run, in minutes; > 0; required",
    ),
    field(
        "jobs.array_size",
        Int,
        "children per array job; > 1 means array jobs",
    ),
    field(
        "jobs.dependencies",
        Bool,
        "jobs wait on other jobs (a pipeline or DAG); default false",
    ),
    field(
        "jobs.multi_node",
        Bool,
        "one job spans several nodes (MPI, distributed training); default false",
    ),
    field(
        "jobs.workflow",
        Text,
        "\"none\" | \"chain\" | \"dag\" | \"complex\"; default \"dag\" with dependencies, else \"none\"",
    ),
    field(
        "team.knows_kubernetes",
        Bool,
        "the team already operates Kubernetes; default false",
    ),
    field(
        "team.ops_capacity",
        Text,
        "infrastructure work the team can own: \"none\" | \"low\" | \"high\"; default \"low\"",
    ),
    field(
        "team.existing_platform",
        Text,
        "what the team already runs: \"none\" | \"ec2\" | \"ecs\" | \"kubernetes\" | \"lambda\" | \"app_runner\"",
    ),
    field(
        "needs.os_control",
        Bool,
        "custom AMI, kernel settings, host agents, SSH",
    ),
    field(
        "needs.kubernetes_ecosystem",
        Bool,
        "Helm, Istio, Argo CD, operators",
    ),
    field(
        "needs.multi_cloud",
        Bool,
        "the same manifests on other clouds",
    ),
    field(
        "needs.service_mesh",
        Bool,
        "a service mesh between the services",
    ),
    field("needs.sidecars", Bool, "several containers per task or pod"),
    field(
        "needs.private_networking",
        Bool,
        "fine-grained VPC control, private inbound traffic",
    ),
    field("needs.static_ip", Bool, "a fixed IP address"),
    field(
        "needs.dedicated_hardware",
        Bool,
        "BYOL licensing or compliance isolation",
    ),
    field(
        "needs.high_availability",
        Bool,
        "at least two instances across Availability Zones",
    ),
    field(
        "needs.interruption_tolerant",
        Bool,
        "may run on Spot / Fargate Spot",
    ),
    field(
        "needs.instance_type_control",
        Bool,
        "specific instance families, bare metal, local NVMe, GPUs",
    ),
    field(
        "needs.on_premises",
        Bool,
        "must also run on premises (EKS/ECS Anywhere, Outposts)",
    ),
    field(
        "needs.max_cold_start_ms",
        Number,
        "tolerated start-up latency, ms; 0 (the default) = cold starts don't matter",
    ),
    field(
        "pricing.purchase",
        Text,
        "\"on_demand\" | \"spot\" | \"savings_plan_1yr\" | \"savings_plan_3yr\" | \"best\"; default \"on_demand\"",
    ),
    field(
        "pricing.free_tier",
        Bool,
        "subtract the always-free allowances (Lambda 1M requests + 400,000 GB-s); default false",
    ),
    field(
        "pricing.clusters",
        Int,
        "separate clusters, each paying a control plane and a load balancer; default 1",
    ),
    field(
        "pricing.cost_sensitive",
        Bool,
        "a small budget: fixed fees weigh more in the ranking; default false",
    ),
];

/// The field for a dotted key.
pub(super) fn find(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}
