//! Regional price tables (`pricing/<region>.toml`) and the lookups the cost models use.
//!
//! A price a region's sources do not give is absent and listed under its section's `missing`
//! table with the reason. Lookups of an absent price return [`Missing`], so a cost model can
//! report that it could not price something instead of pricing it as zero.

// `runwhere pricing import`: tables built from AWS Price List offer files.
pub mod import;
// The EC2 instance catalogue CSV: the one reader of `catalogue/ec2-<region>.csv`.
pub mod catalogue;
// The bundled regions' instance types as static data.
mod compiled;
mod load;
mod name;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use load::{Catalog, bundled_catalogues, bundled_files};
pub use name::Name;

use crate::workload::Arch;

/// A price the table does not have, and why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Missing {
    /// `fargate.arm_vcpu_hour`, or `ec2.instances."p4d.24xlarge"`.
    pub key: String,
    pub reason: String,
    pub region: String,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the {} pricing table has no `{}` ({})",
            self.region, self.key, self.reason
        )
    }
}

/// One region's prices, exactly as the file gives them.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTable {
    pub schema: u32,
    pub region: String,
    pub name: String,
    pub as_of: String,
    pub sources: BTreeMap<String, String>,
    pub fargate: Fargate,
    pub lambda: Lambda,
    pub app_runner: AppRunner,
    pub eks: Eks,
    pub load_balancer: LoadBalancer,
    pub api_gateway: ApiGateway,
    pub network: Network,
    pub ebs: Ebs,
    pub spot: Spot,
    pub savings_plan: SavingsPlan,
    pub ec2: Ec2,
}

impl PriceTable {
    /// Each section's name and its `missing` table, in file order.
    pub fn missing_by_section(&self) -> [(&'static str, &BTreeMap<String, String>); 11] {
        [
            ("fargate", &self.fargate.missing),
            ("lambda", &self.lambda.missing),
            ("app_runner", &self.app_runner.missing),
            ("eks", &self.eks.missing),
            ("load_balancer", &self.load_balancer.missing),
            ("api_gateway", &self.api_gateway.missing),
            ("network", &self.network.missing),
            ("ebs", &self.ebs.missing),
            ("spot", &self.spot.missing),
            ("savings_plan", &self.savings_plan.missing),
            ("ec2", &self.ec2.missing),
        ]
    }
}

impl Fargate {
    /// Every price of the section by key, whether the table gives it or not.
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![
            ("x86_vcpu_hour", self.x86_vcpu_hour),
            ("x86_gb_hour", self.x86_gb_hour),
            ("arm_vcpu_hour", self.arm_vcpu_hour),
            ("arm_gb_hour", self.arm_gb_hour),
            ("storage_gb_hour", self.storage_gb_hour),
            ("spot_x86_vcpu_hour", self.spot_x86_vcpu_hour),
            ("spot_x86_gb_hour", self.spot_x86_gb_hour),
            ("spot_arm_vcpu_hour", self.spot_arm_vcpu_hour),
            ("spot_arm_gb_hour", self.spot_arm_gb_hour),
            (
                "savings_plan_1yr_x86_vcpu_hour",
                self.savings_plan_1yr_x86_vcpu_hour,
            ),
            (
                "savings_plan_1yr_x86_gb_hour",
                self.savings_plan_1yr_x86_gb_hour,
            ),
            (
                "savings_plan_1yr_arm_vcpu_hour",
                self.savings_plan_1yr_arm_vcpu_hour,
            ),
            (
                "savings_plan_1yr_arm_gb_hour",
                self.savings_plan_1yr_arm_gb_hour,
            ),
            (
                "savings_plan_3yr_x86_vcpu_hour",
                self.savings_plan_3yr_x86_vcpu_hour,
            ),
            (
                "savings_plan_3yr_x86_gb_hour",
                self.savings_plan_3yr_x86_gb_hour,
            ),
            (
                "savings_plan_3yr_arm_vcpu_hour",
                self.savings_plan_3yr_arm_vcpu_hour,
            ),
            (
                "savings_plan_3yr_arm_gb_hour",
                self.savings_plan_3yr_arm_gb_hour,
            ),
        ]
    }

    /// The keys of the rates that are not On-Demand list prices (Fargate Spot, Compute Savings
    /// Plans): `pricing import` carries them over from the bundled table.
    pub const COMMITTED_KEYS: [&'static str; 12] = [
        "spot_x86_vcpu_hour",
        "spot_x86_gb_hour",
        "spot_arm_vcpu_hour",
        "spot_arm_gb_hour",
        "savings_plan_1yr_x86_vcpu_hour",
        "savings_plan_1yr_x86_gb_hour",
        "savings_plan_1yr_arm_vcpu_hour",
        "savings_plan_1yr_arm_gb_hour",
        "savings_plan_3yr_x86_vcpu_hour",
        "savings_plan_3yr_x86_gb_hour",
        "savings_plan_3yr_arm_vcpu_hour",
        "savings_plan_3yr_arm_gb_hour",
    ];

    /// The price under `key`, one of [`Fargate::prices`]'s keys.
    pub fn price(&self, key: &str) -> Option<f64> {
        self.prices()
            .into_iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v)
    }
}

impl Lambda {
    /// Every single-figure price of the section by key (the tiers are separate).
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![
            ("request_per_million", self.request_per_million),
            ("free_requests", self.free_requests),
            ("free_gb_seconds", self.free_gb_seconds),
            ("storage_gb_second", self.storage_gb_second),
        ]
    }
}

impl ApiGateway {
    /// Every single-figure price of the section by key (the tiers are separate).
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![(
            "websocket_minutes_per_million",
            self.websocket_minutes_per_million,
        )]
    }
}

impl AppRunner {
    /// Every price of the section by key (the size limits are separate).
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![
            ("active_vcpu_hour", self.active_vcpu_hour),
            ("active_gb_hour", self.active_gb_hour),
            ("provisioned_gb_hour", self.provisioned_gb_hour),
        ]
    }
}

impl Eks {
    /// Every price of the section by key.
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![
            ("cluster_hour", self.cluster_hour),
            ("extended_cluster_hour", self.extended_cluster_hour),
        ]
    }
}

impl LoadBalancer {
    /// Every price of the section by key.
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![
            ("alb_hour", self.alb_hour),
            ("alb_lcu_hour", self.alb_lcu_hour),
            ("nlb_hour", self.nlb_hour),
            ("nlb_lcu_hour", self.nlb_lcu_hour),
        ]
    }
}

impl Network {
    /// Every single-figure price of the section by key (data transfer tiers are separate).
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![
            ("nat_gateway_hour", self.nat_gateway_hour),
            ("nat_gateway_gb", self.nat_gateway_gb),
            ("public_ipv4_hour", self.public_ipv4_hour),
            ("vpc_endpoint_hour", self.vpc_endpoint_hour),
            ("vpc_endpoint_gb", self.vpc_endpoint_gb),
            ("data_transfer_free_gb", self.data_transfer_free_gb),
        ]
    }
}

impl Ebs {
    /// Every price of the section by key.
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        vec![("gp3_gb_month", self.gp3_gb_month)]
    }
}

impl SavingsPlan {
    /// Every plan by its key, whether the table gives it or not.
    pub fn entries(&self) -> [(&'static str, Option<&Discount>); 4] {
        [
            ("ec2_1yr", self.ec2_1yr.as_ref()),
            ("ec2_3yr", self.ec2_3yr.as_ref()),
            ("lambda_1yr", self.lambda_1yr.as_ref()),
            ("lambda_3yr", self.lambda_3yr.as_ref()),
        ]
    }
}

/// A price that changes with volume: each tier's `price` applies up to its cumulative `up_to`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub up_to: Option<f64>,
    pub price: f64,
}

/// The part of `quantity` billed in each tier: `(tier, quantity in it, lower bound)`, skipping empty tiers.
pub fn split_tiers(tiers: &[Tier], quantity: f64) -> Vec<(&Tier, f64, f64)> {
    let mut out = Vec::new();
    let mut lower = 0.0;
    for tier in tiers {
        let upper = tier.up_to.unwrap_or(f64::INFINITY);
        let in_tier = (quantity.min(upper) - lower).max(0.0);
        if in_tier > 0.0 {
            out.push((tier, in_tier, lower));
        }
        if quantity <= upper {
            break;
        }
        lower = upper;
    }
    out
}

macro_rules! section {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize, Serialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Ids from the table's `[sources]`.
            pub source: Vec<String>,
            $($(#[$fmeta])* pub $field: $ty,)*
            /// Absent prices and the reason each is absent.
            #[serde(default)]
            pub missing: BTreeMap<String, String>,
        }
    };
}

section!(Fargate {
    x86_vcpu_hour: Option<f64>,
    x86_gb_hour: Option<f64>,
    arm_vcpu_hour: Option<f64>,
    arm_gb_hour: Option<f64>,
    storage_gb_hour: Option<f64>,
    spot_x86_vcpu_hour: Option<f64>,
    spot_x86_gb_hour: Option<f64>,
    spot_arm_vcpu_hour: Option<f64>,
    spot_arm_gb_hour: Option<f64>,
    /// Compute Savings Plans rates (No Upfront), USD per vCPU-hour and GB-hour, per term and
    /// architecture: the plan's own published rates, not a discount applied to On-Demand.
    savings_plan_1yr_x86_vcpu_hour: Option<f64>,
    savings_plan_1yr_x86_gb_hour: Option<f64>,
    savings_plan_1yr_arm_vcpu_hour: Option<f64>,
    savings_plan_1yr_arm_gb_hour: Option<f64>,
    savings_plan_3yr_x86_vcpu_hour: Option<f64>,
    savings_plan_3yr_x86_gb_hour: Option<f64>,
    savings_plan_3yr_arm_vcpu_hour: Option<f64>,
    savings_plan_3yr_arm_gb_hour: Option<f64>,
});

section!(Lambda {
    request_per_million: Option<f64>,
    #[serde(default)]
    x86_gb_second: Vec<Tier>,
    #[serde(default)]
    arm_gb_second: Vec<Tier>,
    free_requests: Option<f64>,
    free_gb_seconds: Option<f64>,
    /// A GB-second of ephemeral storage above the free amount (x86 and Arm alike).
    storage_gb_second: Option<f64>,
});

section!(AppRunner {
    active_vcpu_hour: Option<f64>,
    active_gb_hour: Option<f64>,
    provisioned_gb_hour: Option<f64>,
});

section!(Eks {
    cluster_hour: Option<f64>,
    extended_cluster_hour: Option<f64>,
});

section!(LoadBalancer {
    alb_hour: Option<f64>,
    alb_lcu_hour: Option<f64>,
    nlb_hour: Option<f64>,
    nlb_lcu_hour: Option<f64>,
});

section!(ApiGateway {
    #[serde(default)]
    http_per_million: Vec<Tier>,
    /// WebSocket API messages: tiers bounded in messages a month, priced per million.
    #[serde(default)]
    websocket_messages_per_million: Vec<Tier>,
    /// WebSocket API connection time, per million connection-minutes.
    websocket_minutes_per_million: Option<f64>,
});

section!(Network {
    nat_gateway_hour: Option<f64>,
    nat_gateway_gb: Option<f64>,
    #[serde(default)]
    data_transfer_out_gb: Vec<Tier>,
    /// One in-use public IPv4 address for an hour.
    public_ipv4_hour: Option<f64>,
    /// One interface VPC endpoint in one Availability Zone for an hour.
    vpc_endpoint_hour: Option<f64>,
    /// A GB processed by an interface endpoint (the first tier: 1 PB a month).
    vpc_endpoint_gb: Option<f64>,
    /// GB of data transfer out to the internet free each month (an account-wide allowance).
    data_transfer_free_gb: Option<f64>,
});

section!(Ebs {
    /// A GB-month of a gp3 volume.
    gp3_gb_month: Option<f64>,
});

section!(Spot {
    ec2: Option<SpotSample>,
});

section!(SavingsPlan {
    ec2_1yr: Option<Discount>,
    ec2_3yr: Option<Discount>,
    /// Lambda's Compute Savings Plans discount on duration, known only as a percentage: the rate
    /// it gives is derived, and every line item using it says so.
    lambda_1yr: Option<Discount>,
    lambda_3yr: Option<Discount>,
});

section!(Ec2 {
    /// The EC2 catalogue this table takes its instance types from: a CSV file in the format of
    /// `catalogue/ec2-<region>.csv`, its path relative to the table's directory
    /// (`../catalogue/ec2-us-east-1.csv` in the bundled tables).
    catalogue: Option<String>,
    /// Unlimited-mode surplus CPU credits of burstable types (T2, T3, T3a on x86; T4g on ARM),
    /// USD per vCPU-hour.
    x86_surplus_credit_vcpu_hour: Option<f64>,
    arm_surplus_credit_vcpu_hour: Option<f64>,
    /// The table's own instance types, added to its catalogue's (a type in both is an error).
    #[serde(default, deserialize_with = "map_in_one_pass")]
    instances: BTreeMap<String, InstanceRow>,
});

/// A map read as a list of entries and built in one pass: the compiled data holds a catalogue's
/// thousand-odd types in key order, which `BTreeMap`'s `FromIterator` builds without searching
/// the tree for each key (a repeated key keeps its last value, as inserting does).
fn map_in_one_pass<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Entries<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a table of instance types")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some(entry) = map.next_entry::<String, V>()? {
                entries.push(entry);
            }
            Ok(entries.into_iter().collect())
        }
    }
    d.deserialize_map(Entries(std::marker::PhantomData))
}

impl Ec2 {
    /// The keys of [`Ec2::prices`].
    pub const PRICE_KEYS: [&'static str; 2] = [
        "x86_surplus_credit_vcpu_hour",
        "arm_surplus_credit_vcpu_hour",
    ];

    /// Every single-figure price of the section by key (the instance types are separate).
    pub fn prices(&self) -> Vec<(&'static str, Option<f64>)> {
        let [x86, arm] = Self::PRICE_KEYS;
        vec![
            (x86, self.x86_surplus_credit_vcpu_hour),
            (arm, self.arm_surplus_credit_vcpu_hour),
        ]
    }
}

/// One observed Spot price and the On-Demand price of the same instance type.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpotSample {
    pub instance_type: String,
    pub on_demand: f64,
    pub spot: f64,
}

impl SpotSample {
    /// The fraction of the On-Demand price paid on Spot.
    pub fn factor(&self) -> f64 {
        self.spot / self.on_demand
    }
}

/// A discount given either as a published rate against its On-Demand price, or as a fraction off.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Discount {
    pub basis: String,
    pub on_demand: Option<f64>,
    pub rate: Option<f64>,
    pub discount: Option<f64>,
}

impl Discount {
    /// The fraction of the On-Demand price paid.
    pub fn factor(&self) -> f64 {
        match (self.on_demand, self.rate, self.discount) {
            (Some(od), Some(rate), _) => rate / od,
            (_, _, Some(d)) => 1.0 - d,
            // Validation rejects any other shape when the table loads.
            _ => 1.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceRow {
    pub family: String,
    pub arch: String,
    pub vcpu: f64,
    pub memory_gib: f64,
    pub gpus: u32,
    pub gpu_model: Option<String>,
    pub hourly: Option<f64>,
    pub missing: Option<String>,
    /// `current` (the default) or `previous` generation.
    pub generation: Option<String>,
    /// Burstable types: the baseline CPU utilisation per vCPU, in percent.
    pub burst_baseline_pct: Option<f64>,
    /// The highest Spot price over the zones the source lists, USD per hour.
    pub spot_hourly: Option<f64>,
    /// A non-GPU accelerator (`inferentia2`, `trainium`, ...).
    pub accelerator: Option<String>,
    /// Total local NVMe instance storage, GB.
    pub local_nvme_gb: Option<u64>,
    /// Where the row came from, for messages: `catalogue/ec2-us-east-1.csv:12`; empty for the
    /// table's own rows. Never read from a file; the compiled data carries it.
    #[serde(default, with = "crate::input::compiled::loader_only")]
    pub origin: String,
}

/// A priced EC2 instance type.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: Name,
    pub arch: Arch,
    pub vcpu: f64,
    pub memory_gib: f64,
    pub gpus: u32,
    pub hourly: f64,
    /// `NVIDIA L4`, `NVIDIA A10G`: GPU types only.
    pub gpu_model: Option<Name>,
    /// Current generation (previous generations are chosen only with `instance_type_control`).
    pub current: bool,
    /// A type chosen only with `instance_type_control`: bare metal, Mac, a non-GPU accelerator
    /// (Inferentia, Trainium, Gaudi, FPGA, media).
    pub special: bool,
    /// Burstable types: the baseline CPU utilisation per vCPU, as a fraction (0.2 for 20 %).
    pub baseline: Option<f64>,
    /// The type's own Spot price (the highest over the zones its source lists), when known.
    pub spot_hourly: Option<f64>,
}

impl Instance {
    /// A GPU type has GPUs or a GPU model (G6f and Gr6f list 0 GPUs and an L4 model).
    pub fn is_gpu(&self) -> bool {
        self.gpus > 0 || self.gpu_model.is_some()
    }

    fn from_row(name: &str, row: &InstanceRow, hourly: f64) -> Self {
        let size = name.split_once('.').map_or("", |(_, s)| s);
        let family = name.split('.').next().unwrap_or_default();
        Self {
            name: Name::from(name),
            arch: if row.arch == "arm" {
                Arch::Arm
            } else {
                Arch::X86
            },
            vcpu: row.vcpu,
            memory_gib: row.memory_gib,
            gpus: row.gpus,
            hourly,
            gpu_model: row.gpu_model.as_deref().map(Name::from),
            current: row.generation.as_deref() != Some("previous"),
            special: size.starts_with("metal")
                || family.starts_with("mac")
                || row.family == "accelerator",
            baseline: row.burst_baseline_pct.map(|p| p / 100.0),
            spot_hourly: row.spot_hourly,
        }
    }
}

/// Which instance types a search may return (see [`Prices::candidates`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pool {
    pub arch: Arch,
    /// GPU types (for GPU work) instead of the others.
    pub gpu: bool,
    /// Previous generations and special types too (`needs.instance_type_control`).
    pub control: bool,
    /// Ordered by Spot price (the type's own, else the table's derived ratio) instead of On-Demand.
    pub spot: bool,
}

impl Pool {
    /// Every pool, in slot order.
    #[cfg(test)]
    fn all() -> impl Iterator<Item = Self> {
        (0..16).map(|slot: usize| Self {
            arch: if slot & 1 == 1 { Arch::Arm } else { Arch::X86 },
            gpu: slot & 2 != 0,
            control: slot & 4 != 0,
            spot: slot & 8 != 0,
        })
    }

    fn slot(self) -> usize {
        usize::from(self.arch == Arch::Arm)
            | usize::from(self.gpu) << 1
            | usize::from(self.control) << 2
            | usize::from(self.spot) << 3
    }
}

/// A table with its derived lookups, ready for the cost models.
#[derive(Debug, Clone)]
pub struct Prices {
    /// The table without its instance rows (`ec2.instances` is empty): the rows are in
    /// [`Prices::instances`], and, as the file gives them, in [`Prices::full_table`].
    pub table: PriceTable,
    /// Priced instances, cheapest first (then by name), so the first that fits is the cheapest.
    /// Static data for a bundled region.
    pub instances: Cow<'static, [Instance]>,
    /// Instance types whose price this region's table lacks.
    pub unpriced_instances: Vec<Missing>,
    /// The whole table, instance rows included (see [`Prices::full_table`]).
    full: load::Full,
    /// Per [`Pool`]: indexes into `instances`, built on first use (static data for a bundled
    /// region).
    pools: [OnceLock<Cow<'static, [u32]>>; 16],
    /// The same pools ordered by price per vCPU (see [`Prices::candidates_per_vcpu`]).
    pools_per_vcpu: [OnceLock<Cow<'static, [u32]>>; 16],
}

/// A table's lookups without the table: what a bundled region's compiled data holds beside its
/// static instance types (see `compiled/README.md`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct Head {
    /// The table without its instance rows.
    table: PriceTable,
    unpriced_instances: Vec<Missing>,
}

impl Head {
    /// Splits a whole table into its head, its priced instances (cheapest first, then by name),
    /// and the whole table back.
    fn of(mut table: PriceTable) -> (Self, Vec<Instance>, PriceTable) {
        let mut priced = Vec::new();
        let mut unpriced_instances = Vec::new();
        for (name, row) in &table.ec2.instances {
            match row.hourly {
                Some(hourly) => priced.push((hourly, name, row)),
                None => unpriced_instances.push(Missing {
                    key: format!("ec2.instances.\"{name}\""),
                    reason: row.missing.clone().unwrap_or_default(),
                    region: table.region.clone(),
                }),
            }
        }
        // Sorted as small (price, name, row) references, then built in that order: the rows
        // come in name order, so equal prices keep it.
        priced.sort_by(|a, b| a.0.total_cmp(&b.0));
        let instances = priced
            .into_iter()
            .map(|(hourly, name, row)| Instance::from_row(name, row, hourly))
            .collect();
        // The head is the table without its rows: cloned while the rows are out of it.
        let rows = std::mem::take(&mut table.ec2.instances);
        let head = Self {
            table: table.clone(),
            unpriced_instances,
        };
        table.ec2.instances = rows;
        (head, instances, table)
    }
}

impl Prices {
    /// A table read from files.
    pub(crate) fn new(table: PriceTable) -> Self {
        let (head, instances, table) = Head::of(table);
        Self::from_parts(head, Cow::Owned(instances), load::Full::loaded(table))
    }

    fn from_parts(head: Head, instances: Cow<'static, [Instance]>, full: load::Full) -> Self {
        Self {
            table: head.table,
            instances,
            unpriced_instances: head.unpriced_instances,
            full,
            pools: Default::default(),
            pools_per_vcpu: Default::default(),
        }
    }

    /// A bundled region from its static data: the instance types and, per pool slot, the
    /// pools in both orders.
    fn compiled(head: Head, region: &'static compiled::Region, full: load::Full) -> Self {
        let mut p = Self::from_parts(head, Cow::Borrowed(region.instances), full);
        p.pools = region.pools.map(|s| OnceLock::from(Cow::Borrowed(s)));
        p.pools_per_vcpu = region.per_vcpu.map(|s| OnceLock::from(Cow::Borrowed(s)));
        p
    }

    /// The whole table as its file gives it, instance rows included (`pricing show`, `pricing
    /// diff`, `pricing import`): for a bundled region, decoded on first use.
    pub fn full_table(&self) -> &PriceTable {
        self.full.get().unwrap_or(&self.table)
    }

    /// The Spot price of `i` as instance choice orders types: its own, else On-Demand × the
    /// table's Spot sample ratio, else On-Demand.
    pub fn spot_hourly(&self, i: &Instance) -> Option<f64> {
        i.spot_hourly
            .or_else(|| self.table.spot.ec2.as_ref().map(|s| i.hourly * s.factor()))
    }

    /// The instance types instance choice may pick from `pool`, cheapest first (by On-Demand, or
    /// Spot, price; then by name).
    ///
    /// Outside GPU pools the list is pre-filtered: a type is left out when a type listed before
    /// it (no dearer) that is not burstable has at least its vCPUs and memory, since that one
    /// fits whatever it fits and costs no more (a burstable type may cost more than its list
    /// price, so it never stands in for another). GPU pools keep every GPU type of the
    /// architecture (a workload may ask for one model). Previous generations and special types
    /// are in `control` pools only.
    pub fn candidates(&self, pool: Pool) -> impl Iterator<Item = &Instance> {
        self.pool(pool).iter().map(|&i| &self.instances[i as usize])
    }

    fn pool(&self, pool: Pool) -> &[u32] {
        self.pools[pool.slot()].get_or_init(|| Cow::Owned(self.build_pool(pool)))
    }

    /// The types of [`Prices::candidates`] ordered by their pool price per vCPU (then as there):
    /// the order in which a search whose cost grows with the price per vCPU (job runs packed on
    /// nodes, which hold at most `vCPUs ÷ vCPUs per run` runs at once) can stop early.
    pub fn candidates_per_vcpu(&self, pool: Pool) -> impl Iterator<Item = &Instance> {
        self.per_vcpu(pool)
            .iter()
            .map(|&i| &self.instances[i as usize])
    }

    fn per_vcpu(&self, pool: Pool) -> &[u32] {
        self.pools_per_vcpu[pool.slot()].get_or_init(|| Cow::Owned(self.build_per_vcpu(pool)))
    }

    /// [`Prices::candidates`] (`per_vcpu` false) or [`Prices::candidates_per_vcpu`], as one
    /// iterator type for a search that walks either.
    pub fn candidates_in(&self, pool: Pool, per_vcpu: bool) -> impl Iterator<Item = &Instance> {
        let order = if per_vcpu {
            self.per_vcpu(pool)
        } else {
            self.pool(pool)
        };
        order.iter().map(|&i| &self.instances[i as usize])
    }

    fn build_per_vcpu(&self, pool: Pool) -> Vec<u32> {
        let mut members: Vec<(u32, usize)> = self
            .pool(pool)
            .iter()
            .enumerate()
            .map(|(rank, &k)| (k, rank))
            .collect();
        members.sort_by(|&(a, ra), &(b, rb)| {
            let (a, b) = (&self.instances[a as usize], &self.instances[b as usize]);
            (self.pool_price(pool, a) / a.vcpu)
                .total_cmp(&(self.pool_price(pool, b) / b.vcpu))
                .then(ra.cmp(&rb))
        });
        members.into_iter().map(|(k, _)| k).collect()
    }

    /// The key a pool is ordered by.
    pub fn pool_price(&self, pool: Pool, i: &Instance) -> f64 {
        if pool.spot {
            self.spot_hourly(i).unwrap_or(i.hourly)
        } else {
            i.hourly
        }
    }

    fn build_pool(&self, pool: Pool) -> Vec<u32> {
        let mut members: Vec<u32> = (0..self.instances.len())
            .filter(|&k| {
                let i = &self.instances[k];
                i.arch == pool.arch
                    && i.is_gpu() == pool.gpu
                    && (pool.control || (i.current && !i.special))
            })
            .filter_map(|k| u32::try_from(k).ok())
            .collect();
        if pool.spot {
            members.sort_by(|&a, &b| {
                let (a, b) = (&self.instances[a as usize], &self.instances[b as usize]);
                self.pool_price(pool, a)
                    .total_cmp(&self.pool_price(pool, b))
                    .then_with(|| a.name.cmp(&b.name))
            });
        }
        if pool.gpu {
            return members;
        }
        // The Pareto front over (price, vCPU, memory), kept in price order.
        let mut front: Vec<u32> = Vec::new();
        let mut shields: Vec<(f64, f64)> = Vec::new();
        for k in members {
            let i = &self.instances[k as usize];
            if shields
                .iter()
                .any(|&(v, m)| v >= i.vcpu && m >= i.memory_gib)
            {
                continue;
            }
            front.push(k);
            if i.baseline.is_none() {
                shields.push((i.vcpu, i.memory_gib));
            }
        }
        front
    }

    /// The largest type of `pool` by vCPUs then memory (for messages).
    pub fn largest(&self, pool: Pool) -> Option<&Instance> {
        self.candidates(pool).max_by(|a, b| {
            a.vcpu
                .total_cmp(&b.vcpu)
                .then_with(|| a.memory_gib.total_cmp(&b.memory_gib))
                .then_with(|| b.name.cmp(&a.name))
        })
    }

    pub fn region(&self) -> &str {
        &self.table.region
    }

    /// A price, or why the table lacks it.
    ///
    /// # Errors
    /// [`Missing`] when the table lists the price as absent.
    pub fn need(&self, value: Option<f64>, section: &str, key: &str) -> Result<f64, Missing> {
        value.ok_or_else(|| self.missing(section, key))
    }

    /// The record of an absent price: its key and the table's reason.
    pub fn missing(&self, section: &str, key: &str) -> Missing {
        Missing {
            key: format!("{section}.{key}"),
            reason: self
                .missing_map(section)
                .and_then(|m| m.get(key))
                .cloned()
                .unwrap_or_else(|| "not in the table".to_owned()),
            region: self.table.region.clone(),
        }
    }

    fn missing_map(&self, section: &str) -> Option<&BTreeMap<String, String>> {
        self.table
            .missing_by_section()
            .into_iter()
            .find(|(name, _)| *name == section)
            .map(|(_, m)| m)
    }

    /// Tiers, or why the table lacks them.
    ///
    /// # Errors
    /// [`Missing`] when the tier list is empty (absent in this region).
    pub fn need_tiers<'a>(
        &self,
        tiers: &'a [Tier],
        section: &str,
        key: &str,
    ) -> Result<&'a [Tier], Missing> {
        if tiers.is_empty() {
            self.need(None, section, key).map(|_| tiers)
        } else {
            Ok(tiers)
        }
    }
}
