//! The JSON Schema of the workload file format (`runwhere schema`, `docs/workload.schema.json`),
//! for editors (Taplo / Even Better TOML: put `#:schema ./workload.schema.json` on a file's first
//! line) and for CI checks.
//!
//! These types describe the file exactly as [`super::Workload::parse`] reads it: the same keys,
//! enumerated values (the very enums the parser uses), ranges and defaults. Tests keep the two in
//! step: every key here is accepted by the parser, and every example validates against the schema.

use schemars::JsonSchema;

use super::{
    ArchPref, Complexity, Environment, Interface, Kind, OpsCapacity, Packaging, Platform, Purchase,
    Workflow,
};

/// A runwhere workload file, format version 1: one application, what kind of work it is, the size
/// of one instance, its traffic or jobs, the team and what it needs.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "runwhere workload")]
#[expect(
    dead_code,
    reason = "describes the file format for the schema; never built"
)]
pub(crate) struct WorkloadFile {
    /// Format version; only 1 exists.
    #[schemars(range(min = 1, max = 1))]
    version: u32,
    /// The workload's name, shown in every report.
    #[schemars(length(min = 1, max = 100))]
    name: String,
    /// Free text.
    description: Option<String>,
    /// AWS region whose pricing table is used (default `us-east-1`).
    #[schemars(extend("default" = "us-east-1"))]
    region: Option<String>,
    shape: ShapeFile,
    resources: Option<ResourcesFile>,
    /// For kinds `service` and `event` (required there, rejected for the others).
    traffic: Option<TrafficFile>,
    /// For kinds `batch` and `scheduled` (required there, rejected for the others).
    jobs: Option<JobsFile>,
    team: Option<TeamFile>,
    needs: Option<NeedsFile>,
    pricing: Option<PricingFile>,
}

/// What kind of thing this is and how it is shipped.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "describes the file format for the schema; never built"
)]
struct ShapeFile {
    /// `service` (long-running API, web app or worker), `event` (short event-driven handler), `batch` (finite jobs) or `scheduled` (cron-like job).
    kind: Kind,
    /// How clients reach it (default `http` for services, `none` otherwise).
    interface: Option<Interface>,
    /// What is deployed (default `container`).
    #[schemars(extend("default" = "container"))]
    packaging: Option<Packaging>,
    /// Processor architecture (default `any`: each service is priced on the cheaper one).
    #[schemars(extend("default" = "any"))]
    arch: Option<ArchPref>,
    /// Separately deployed services in the application (default 1).
    #[schemars(range(min = 1, max = 10_000), extend("default" = 1))]
    services: Option<u32>,
    /// Default derived: `complex` with 5+ services or a service mesh, `medium` with 2+ or sidecars, else `simple`.
    complexity: Option<Complexity>,
    /// Default `prod`.
    #[schemars(extend("default" = "prod"))]
    environment: Option<Environment>,
}

/// The size of ONE instance, task, invocation or job.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "describes the file format for the schema; never built"
)]
struct ResourcesFile {
    /// vCPUs (default 1).
    #[schemars(range(max = 192), extend("exclusiveMinimum" = 0, "default" = 1))]
    vcpu: Option<f64>,
    /// Memory in GiB (default 2).
    #[schemars(range(max = 24_576), extend("exclusiveMinimum" = 0, "default" = 2))]
    memory_gb: Option<f64>,
    /// Whole GPUs (default 0).
    #[schemars(range(min = 0, max = 64), extend("default" = 0))]
    gpus: Option<u32>,
    /// Local or ephemeral disk in GB (default 20).
    #[schemars(range(min = 0, max = 65_536), extend("default" = 20))]
    storage_gb: Option<f64>,
}

/// Requests or events.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "describes the file format for the schema; never built"
)]
struct TrafficFile {
    /// Requests or events per month.
    #[schemars(range(min = 0, max = 1e15))]
    requests_per_month: f64,
    /// Mean handling time of one request, in milliseconds.
    #[schemars(range(max = 86_400_000), extend("exclusiveMinimum" = 0))]
    avg_duration_ms: f64,
    /// The longest single request, in minutes (default `avg_duration_ms / 60000`).
    #[schemars(range(max = 1_440), extend("exclusiveMinimum" = 0))]
    max_duration_min: Option<f64>,
    /// Requests one instance serves at once (default 80).
    #[schemars(range(min = 1, max = 100_000), extend("default" = 80))]
    concurrency_per_instance: Option<f64>,
    /// Default 1 (2 with `needs.high_availability`).
    #[schemars(range(min = 0, max = 100_000))]
    min_instances: Option<u32>,
    /// Time-weighted mean instance count; derived from the traffic when absent.
    #[schemars(range(min = 0, max = 100_000))]
    avg_instances: Option<f64>,
    /// Peak load ÷ average load (default 3).
    #[schemars(range(min = 1, max = 1_000), extend("default" = 3))]
    peak_to_average: Option<f64>,
}

/// Finite jobs.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "describes the file format for the schema; never built"
)]
struct JobsFile {
    /// Job runs per month; array children count individually.
    #[schemars(range(min = 0, max = 1e12))]
    runs_per_month: f64,
    /// Wall time of one run, in minutes.
    #[schemars(range(max = 525_600), extend("exclusiveMinimum" = 0))]
    duration_min: f64,
    /// Array size; more than 1 means array jobs.
    #[schemars(range(min = 1, max = 1_000_000))]
    array_size: Option<u32>,
    /// Jobs wait on other jobs (a DAG).
    dependencies: Option<bool>,
    /// One job spans several nodes (MPI, distributed training).
    multi_node: Option<bool>,
    /// Default `dag` with dependencies, else `none`.
    workflow: Option<Workflow>,
}

/// The team that will run it.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "describes the file format for the schema; never built"
)]
struct TeamFile {
    knows_kubernetes: Option<bool>,
    /// How much infrastructure work the team can own (default `low`).
    #[schemars(extend("default" = "low"))]
    ops_capacity: Option<OpsCapacity>,
    /// Platform already in use (default `none`).
    #[schemars(extend("default" = "none"))]
    existing_platform: Option<Platform>,
}

/// Needs; all default to false.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "describes the file format for the schema; never built"
)]
struct NeedsFile {
    /// Custom AMI, kernel settings, host agents, SSH.
    os_control: Option<bool>,
    /// Helm, Istio, ArgoCD, operators.
    kubernetes_ecosystem: Option<bool>,
    /// Same manifests on other clouds.
    multi_cloud: Option<bool>,
    service_mesh: Option<bool>,
    /// Several containers per task or pod.
    sidecars: Option<bool>,
    /// Fine-grained VPC control, private inbound.
    private_networking: Option<bool>,
    static_ip: Option<bool>,
    /// BYOL licensing or compliance isolation.
    dedicated_hardware: Option<bool>,
    /// At least two instances across Availability Zones.
    high_availability: Option<bool>,
    /// May run on Spot / Fargate Spot.
    interruption_tolerant: Option<bool>,
    /// Specific instance families, bare metal, local NVMe, Inferentia/Trainium.
    instance_type_control: Option<bool>,
    /// Must also run on premises.
    on_premises: Option<bool>,
    /// Tolerated start latency in ms; 0 = cold starts don't matter.
    #[schemars(range(min = 0, max = 3_600_000), extend("default" = 0))]
    max_cold_start_ms: Option<f64>,
}

/// How compute is bought.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[expect(
    dead_code,
    reason = "describes the file format for the schema; never built"
)]
struct PricingFile {
    /// Default `on_demand`; `spot` needs `needs.interruption_tolerant`.
    #[schemars(extend("default" = "on_demand"))]
    purchase: Option<Purchase>,
    /// Subtract Lambda's always-free allowance.
    free_tier: Option<bool>,
    /// Separate clusters or environments, each paying a control plane (default 1).
    #[schemars(range(min = 1, max = 1_000), extend("default" = 1))]
    clusters: Option<u32>,
    /// A small budget: fixed fees weigh more.
    cost_sensitive: Option<bool>,
}

/// The schema as pretty JSON with a trailing newline.
///
/// # Errors
/// [`crate::Error::Json`] if the schema cannot be serialized.
pub fn json() -> crate::Result<String> {
    let mut schema = serde_json::to_value(schemars::schema_for!(WorkloadFile))?;
    drop_null(&mut schema);
    let mut out = serde_json::to_string_pretty(&schema)?;
    out.push('\n');
    Ok(out)
}

/// TOML has no null: an optional key is one that may be left out, not one that may be null. Removes
/// the `null` alternatives schemars gives `Option` fields.
fn drop_null(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_owned(), only);
                }
            }
            if let Some(Value::Array(options)) = map.get_mut("anyOf") {
                options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                if options.len() == 1 {
                    if let Some(Value::Object(inner)) = options.pop() {
                        map.remove("anyOf");
                        for (k, val) in inner {
                            map.entry(k).or_insert(val);
                        }
                    }
                }
            }
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.retain(|x| !x.is_null());
            }
            for value in map.values_mut() {
                drop_null(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}
