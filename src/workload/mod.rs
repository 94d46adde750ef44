//! The workload: what runs, how much, for whom (spec §2, format version 1).
//!
//! [`Workload::parse`] reads a TOML file, checks every key, type and range in one pass (reporting
//! every problem with its file, line and column), applies the defaults in one place and records
//! each default it applied so that output can list them. Nothing here prices or ranks.

pub mod fields;
mod parse;
pub(crate) mod read;
pub mod schema;

use serde::Serialize;

use read::Choice;

use crate::error::Result;
use crate::input::source::SourceFile;

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl Choice for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl $name {
            /// Every value as written in workload files, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as written in workload files.
            pub fn as_str(self) -> &'static str {
                Choice::as_str(self)
            }

            /// Every value, in declaration order.
            pub fn all() -> &'static [Self] {
                <Self as Choice>::ALL
            }

            /// Parses the value as written in workload files.
            pub fn from_name(s: &str) -> Option<Self> {
                <Self as Choice>::parse(s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

choice!(
    /// What sort of work it is; decides which tables apply and how it is priced.
    Kind { Service => "service", Event => "event", Batch => "batch", Scheduled => "scheduled" }
);
choice!(
    /// How clients reach it.
    Interface { Http => "http", Grpc => "grpc", Websocket => "websocket", Tcp => "tcp", Udp => "udp", None => "none" }
);
choice!(
    /// What is deployed.
    Packaging { Code => "code", Container => "container", Vm => "vm" }
);
choice!(
    /// The processor architecture the workload accepts.
    ArchPref { X86 => "x86", Arm => "arm", Any => "any" }
);
choice!(
    /// A processor architecture a service is priced on.
    Arch { X86 => "x86", Arm => "arm" }
);
choice!(
    Complexity { Simple => "simple", Medium => "medium", Complex => "complex" }
);
choice!(
    Environment { Dev => "dev", Staging => "staging", Prod => "prod" }
);
choice!(
    Workflow { None => "none", Chain => "chain", Dag => "dag", Complex => "complex" }
);
choice!(
    OpsCapacity { None => "none", Low => "low", High => "high" }
);
choice!(
    Platform { None => "none", Ec2 => "ec2", Ecs => "ecs", Kubernetes => "kubernetes", Lambda => "lambda", AppRunner => "app_runner" }
);
choice!(
    /// How instances and tasks reach AWS services and the internet (spec §2 `[network]`).
    Egress { PublicIp => "public_ip", Nat => "nat", Endpoints => "endpoints", None => "none" }
);
choice!(
    /// How compute is bought.
    Purchase {
        OnDemand => "on_demand",
        Spot => "spot",
        SavingsPlan1yr => "savings_plan_1yr",
        SavingsPlan3yr => "savings_plan_3yr",
        Best => "best",
    }
);

/// No workflow: what a [`Jobs`] holds before the file is read.
impl Default for Workflow {
    fn default() -> Self {
        Self::None
    }
}

impl Kind {
    /// Services and event handlers take `[traffic]`; batch and scheduled jobs take `[jobs]`.
    pub fn has_traffic(self) -> bool {
        matches!(self, Self::Service | Self::Event)
    }
}

impl Interface {
    /// Served through an Application Load Balancer (HTTP-family protocols).
    pub fn is_http_family(self) -> bool {
        matches!(self, Self::Http | Self::Grpc | Self::Websocket)
    }
}

impl ArchPref {
    /// The architectures a service may be priced on, x86 first.
    pub fn candidates(self) -> &'static [Arch] {
        match self {
            Self::X86 => &[Arch::X86],
            Self::Arm => &[Arch::Arm],
            Self::Any => &[Arch::X86, Arch::Arm],
        }
    }
}

/// A validated workload with every default applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workload {
    pub name: String,
    pub description: Option<String>,
    pub region: String,
    pub shape: Shape,
    pub resources: Resources,
    /// Present for `service` and `event` kinds.
    pub traffic: Option<Traffic>,
    /// Present for `batch` and `scheduled` kinds.
    pub jobs: Option<Jobs>,
    pub team: Team,
    pub needs: Needs,
    pub network: Network,
    pub pricing: PricingPrefs,
    /// What runs the workload today (`[current]`), when the file says.
    pub current: Option<Current>,
    /// Each default that was applied, in file order, for `explain`.
    #[serde(skip)]
    pub defaults: Vec<AppliedDefault>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shape {
    pub kind: Kind,
    pub interface: Interface,
    pub packaging: Packaging,
    pub arch: ArchPref,
    pub services: u32,
    pub complexity: Complexity,
    pub environment: Environment,
}

/// One instance, task, invocation or job.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Resources {
    pub vcpu: f64,
    pub memory_gb: f64,
    pub gpus: u32,
    pub storage_gb: f64,
    /// The GPU model the work needs (`L4`, `A10G`, `H100`), matched against the catalogue's.
    pub gpu_model: Option<String>,
    /// Mean share of the requested vCPU in use, 0–1 (prices burstable types' surplus credits).
    pub avg_cpu_utilization: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Traffic {
    pub requests_per_month: f64,
    pub avg_duration_ms: f64,
    pub max_duration_min: f64,
    pub concurrency_per_instance: f64,
    pub min_instances: u32,
    /// As given in the file; [`Workload::avg_instances`] derives it when absent.
    pub avg_instances: Option<f64>,
    pub peak_to_average: f64,
    /// Data received with one request, KiB.
    pub avg_request_kb: f64,
    /// Data sent back per request, KiB.
    pub avg_response_kb: f64,
    /// Requests (websocket: messages) a client sends over one connection.
    pub requests_per_connection: f64,
    /// Average open client connections.
    pub avg_connections: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Jobs {
    pub runs_per_month: f64,
    pub duration_min: f64,
    pub array_size: Option<u32>,
    pub dependencies: bool,
    pub multi_node: bool,
    pub workflow: Workflow,
    /// Runs that execute at the same time; only these share an EC2 node.
    pub parallelism: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Team {
    pub knows_kubernetes: bool,
    pub ops_capacity: OpsCapacity,
    pub existing_platform: Platform,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is one independent yes/no need from the file format"
)]
pub struct Needs {
    pub os_control: bool,
    pub kubernetes_ecosystem: bool,
    pub multi_cloud: bool,
    pub service_mesh: bool,
    pub sidecars: bool,
    pub private_networking: bool,
    pub static_ip: bool,
    pub dedicated_hardware: bool,
    pub high_availability: bool,
    pub interruption_tolerant: bool,
    pub instance_type_control: bool,
    pub on_premises: bool,
    pub max_cold_start_ms: f64,
}

/// How the workload reaches AWS services and the internet, and how much it sends (spec §2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub egress: Egress,
    /// GB (GiB) sent to the internet a month.
    pub outbound_gb_per_month: f64,
    /// GB (GiB) the workload itself starts, both directions: what a NAT gateway or an endpoint
    /// processes.
    pub nat_gb_per_month: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricingPrefs {
    pub purchase: Purchase,
    pub free_tier: bool,
    pub clusters: u32,
    pub cost_sensitive: bool,
}

/// What runs the workload today (`[current]`), as the file gives it: a service and the keys that
/// fit it (checked when the file is read). Absent keys are `None`; [`Current::purchase`] and
/// [`Current::arch`] say what absence means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Current {
    pub service: crate::service::Service,
    /// EC2 VMs, or the nodes of `ecs`, `eks` and `batch` on EC2.
    pub instance_type: Option<String>,
    /// VMs, nodes or App Runner instances.
    pub instances: Option<u32>,
    pub purchase: Option<Purchase>,
    /// Fargate tasks and Lambda functions.
    pub arch: Option<Arch>,
    /// The size of one Fargate task or App Runner instance.
    pub vcpu: Option<f64>,
    pub memory_gb: Option<f64>,
    /// Fargate tasks running (services).
    pub tasks: Option<u32>,
    /// A Lambda function's memory.
    pub memory_mb: Option<u32>,
    /// The bill's figure for a month.
    pub monthly_usd: Option<f64>,
    /// Where `instance_type` is written, to report a type the pricing table does not know.
    #[serde(skip)]
    pub instance_type_at: Option<Place>,
}

impl Current {
    /// Whether `[current]` takes `key` (`instance_type`, `tasks`, ...) for today's `service`:
    /// `ec2_nodes` when an instance type is given (`eks` and `batch` on EC2, not Fargate), `jobs`
    /// for batch and scheduled kinds. `service` and `monthly_usd` always fit.
    pub fn takes(service: crate::service::Service, key: &str, ec2_nodes: bool, jobs: bool) -> bool {
        let (required, allowed) = parse::current_keys(service, ec2_nodes, jobs);
        matches!(key, "service" | "monthly_usd")
            || required.contains(&key)
            || allowed.contains(&key)
    }

    /// How today's compute is bought: On-Demand unless the file says.
    pub fn purchase(&self) -> Purchase {
        self.purchase.unwrap_or(Purchase::OnDemand)
    }

    /// Whether today's compute is Fargate (for `eks` and `batch`, the keys say which).
    pub fn on_fargate(&self) -> bool {
        use crate::service::Service;
        match self.service {
            Service::Fargate => true,
            Service::Eks | Service::Batch => self.instance_type.is_none(),
            _ => false,
        }
    }
}

/// A place in the workload file (or in `--set`), kept as a diagnostic to fill in later: a check
/// that needs data the parser does not have (the pricing table's instance types) reports there.
#[derive(Debug, Clone)]
pub struct Place(pub crate::input::diagnostic::Diagnostic);

/// Where a value was written is not part of the value.
impl PartialEq for Place {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A value the file left out and the default that took its place.
///
/// Kept as the field's path and typed value, written out (as it would be in the file) only when
/// shown: a parse applies a few dozen defaults, most never read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedDefault {
    /// Dotted path, as in `--set` (`shape.interface`).
    pub key: &'static str,
    /// The value; its `Display` is the value as it would be written in the file.
    #[serde(serialize_with = "crate::output::format::display")]
    pub value: fields::Val<'static>,
    /// Why this value, when it is derived from other values.
    pub why: Option<&'static str>,
}

/// One `--set PATH=VALUE`: a dotted key path into the workload file and a value written as in TOML
/// (a bare word is taken as a string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub path: String,
    pub value: String,
}

impl std::str::FromStr for Override {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.split_once('=') {
            Some((path, value)) if !path.trim().is_empty() && !value.contains('\n') => Ok(Self {
                path: path.trim().to_owned(),
                value: value.trim().to_owned(),
            }),
            _ => Err(format!(
                "expected PATH=VALUE, like `traffic.requests_per_month=5e7`, found `{s}`"
            )),
        }
    }
}

/// Hours in a month, as AWS's pricing calculator counts them (spec §3).
pub const HOURS_PER_MONTH: f64 = 730.0;

impl Workload {
    /// Parses and validates a workload file; `regions` are the regions that have a pricing table.
    ///
    /// # Errors
    /// [`crate::Error::Invalid`] with every problem found, each with file, line and column.
    pub fn parse(source: &SourceFile, regions: &[&str]) -> Result<Self> {
        parse::parse(source, regions, &[])
    }

    /// Like [`Workload::parse`], with `--set PATH=VALUE` overrides written over the file's values
    /// first and validated exactly like them; a problem in an override is reported as `--set:N:COL`.
    ///
    /// # Errors
    /// As [`Workload::parse`].
    pub fn parse_with(
        source: &SourceFile,
        regions: &[&str],
        overrides: &[Override],
    ) -> Result<Self> {
        parse::parse(source, regions, overrides)
    }

    /// Mean concurrent requests (spec §3): requests × mean duration ÷ seconds in a month.
    pub fn avg_concurrency(&self) -> f64 {
        self.traffic.as_ref().map_or(0.0, |t| {
            t.requests_per_month * t.avg_duration_ms / 1000.0 / (HOURS_PER_MONTH * 3600.0)
        })
    }

    /// Instances running on average (spec §3); 0 for batch and scheduled kinds.
    pub fn avg_instances(&self) -> f64 {
        let Some(t) = &self.traffic else { return 0.0 };
        t.avg_instances.unwrap_or_else(|| {
            let needed = (self.avg_concurrency() / t.concurrency_per_instance).ceil();
            needed.max(f64::from(t.min_instances))
        })
    }

    /// Requests, events or job runs per month.
    pub fn requests_per_month(&self) -> f64 {
        match (&self.traffic, &self.jobs) {
            (Some(t), _) => t.requests_per_month,
            (None, Some(j)) => j.runs_per_month,
            (None, None) => 0.0,
        }
    }

    /// Mean handling time of one request, event or job run, in milliseconds.
    pub fn avg_duration_ms(&self) -> f64 {
        match (&self.traffic, &self.jobs) {
            (Some(t), _) => t.avg_duration_ms,
            (None, Some(j)) => j.duration_min * 60_000.0,
            (None, None) => 0.0,
        }
    }

    /// The longest single unit of work, in minutes.
    pub fn max_duration_min(&self) -> f64 {
        match (&self.traffic, &self.jobs) {
            (Some(t), _) => t.max_duration_min,
            (None, Some(j)) => j.duration_min,
            (None, None) => 0.0,
        }
    }

    /// Job-hours per month: runs × duration (spec §3); 0 for services.
    pub fn job_hours(&self) -> f64 {
        self.jobs
            .as_ref()
            .map_or(0.0, |j| j.runs_per_month * j.duration_min / 60.0)
    }

    /// Average requests (or job runs) per second over the month.
    pub fn requests_per_second(&self) -> f64 {
        self.requests_per_month() / (HOURS_PER_MONTH * 3600.0)
    }

    /// Whether the default for `key` was applied.
    pub fn defaulted(&self, key: &str) -> bool {
        self.defaults.iter().any(|d| d.key == key)
    }
}
