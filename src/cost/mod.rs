//! Monthly cost of running a workload on each service (spec §3).
//!
//! [`estimate`] prices one service: it tries every architecture and purchase option the workload
//! allows and keeps the cheapest. Each formula lives in its own file and returns line items
//! (quantity × unit price = monthly) whose sum is the total. Nothing here does I/O or formatting.

mod app_runner;
mod batch;
mod ebs;
mod ec2;
mod eks;
mod fargate;
mod lambda;
mod lb;
mod network;
mod note;

use serde::Serialize;

pub use ec2::{
    choose_instance, gpu_model_matches, holds, node_group_extras, node_hours, task_storage,
    tasks_per_node,
};
pub use eks::control_plane;
pub use lb::{LbKind, SharedLoadBalancer, shared_load_balancers};
pub use network::{shared_egress, shared_load_balancer_addresses};
pub(crate) use note::Said;
pub use note::{Label, NoFit, Note, Size};

use crate::pricing::{Missing, Prices};
use crate::rules::Limits;
use crate::service::Service;
use crate::workload::{Arch, Purchase, Workload};

/// Hours in a month (spec §3).
pub const HOURS: f64 = crate::workload::HOURS_PER_MONTH;

/// One line of a bill: quantity × unit price = monthly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineItem {
    pub item: Label,
    pub quantity: f64,
    pub unit: &'static str,
    pub unit_price_usd: f64,
    pub monthly_usd: f64,
    /// What the line pays for, so a portfolio (`runwhere plan`) can tell the parts a shared
    /// platform replaces from the parts each workload keeps, without reading the item's text.
    #[serde(skip)]
    pub kind: ItemKind,
}

/// What a line item pays for. Items a cluster or a load balancer shares across workloads are
/// told apart from those each workload pays for itself; everything else is [`ItemKind::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Anything that stays with the workload wherever it runs.
    #[default]
    Other,
    /// EC2 container nodes (ECS, EKS, Batch on EC2): a shared cluster bin-packs them instead.
    Nodes,
    /// Fargate tasks or pods: vCPU, memory and storage above the included amount.
    FargateTasks,
    /// A cluster's control plane (EKS).
    ControlPlane,
    /// A load balancer's hours and capacity units.
    LoadBalancer,
    /// Lambda requests (an always-free allowance applies to them).
    LambdaRequests,
    /// Lambda duration, GB-seconds (an always-free allowance applies to them).
    LambdaDuration,
    /// The gp3 volumes of container nodes (a shared cluster's node groups pay their own).
    NodeDisks,
    /// The public IPv4 addresses of container nodes (a shared cluster's node groups pay their own).
    NodeAddresses,
    /// NAT gateways or interface endpoints, by the hour (a shared cluster pays one set).
    Egress,
    /// Data transfer out to the internet (an always-free allowance applies to it).
    DataTransferOut,
}

impl LineItem {
    pub fn new(item: impl Into<Label>, quantity: f64, unit: &'static str, unit_price: f64) -> Self {
        Self {
            item: item.into(),
            quantity,
            unit,
            unit_price_usd: unit_price,
            monthly_usd: quantity * unit_price,
            kind: ItemKind::Other,
        }
    }

    /// The same line, marked as paying for `kind`.
    #[must_use]
    pub fn kind(mut self, kind: ItemKind) -> Self {
        self.kind = kind;
        self
    }
}

/// Where an EKS cluster's pods or a Batch compute environment run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compute {
    Fargate,
    Ec2,
}

/// The EC2 instance type a service runs on and how many (may be fractional: instance-months).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstanceChoice {
    pub instance_type: crate::pricing::Name,
    pub count: f64,
    /// Why this type won: `cheapest current-generation arm type with ≥ 1 vCPU and ≥ 2.5 GiB`
    /// (empty when the type was given, or when notes are not kept).
    #[serde(skip)]
    pub why: Note,
}

/// The cheapest way found to run the workload on one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub service: Service,
    pub arch: Arch,
    /// The purchase option actually used (never `best`).
    pub option: Purchase,
    /// For `eks` and `batch`: Fargate or EC2.
    pub compute: Option<Compute>,
    pub instance: Option<InstanceChoice>,
    pub line_items: Vec<LineItem>,
    /// How the figure was reached (sizes rounded, nodes packed), for `explain`.
    pub notes: Vec<Note>,
    /// What the user should know: a discount asked for that the table cannot give.
    pub warnings: Vec<String>,
    /// The discounts tried for this service that the region's table lacks (each priced
    /// On-Demand instead), for the winning architecture and other than the option used: the
    /// ranking says the comparison with services that had them is uneven.
    pub fallbacks: Vec<Fallback>,
}

/// A discount asked for that the region's table lacks, so the service was priced On-Demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fallback {
    /// The option asked for: `spot`, `savings_plan_1yr` or `savings_plan_3yr`.
    pub asked: Purchase,
    /// The absent rate's section and key in the pricing table (`fargate`,
    /// `savings_plan_1yr_arm_vcpu_hour`), whose `missing` entry says why.
    pub section: &'static str,
    pub key: &'static str,
    /// The rate in words: `a 1-year Compute Savings Plan rate for Fargate`.
    pub what: &'static str,
}

impl Fallback {
    /// The warning a bill carries: `no price for … in the us-east-1 table; priced On-Demand`.
    pub fn text(&self, p: &Prices) -> String {
        format!(
            "no price for {} in the {} table; priced On-Demand",
            self.what,
            p.region()
        )
    }
}

impl Estimate {
    /// The sum of the line items, unrounded.
    pub fn total(&self) -> f64 {
        self.line_items.iter().map(|l| l.monthly_usd).sum()
    }

    /// What the service bills a month: the sum of the line items each rounded to the cent. Every
    /// output shows this figure, so a breakdown adds up to the cent.
    pub fn billed_total(&self) -> f64 {
        use crate::output::format::cents;
        cents(self.line_items.iter().map(|l| cents(l.monthly_usd)).sum())
    }
}

/// The one check that no figure leaves the cost models as infinity or NaN (prices and workload
/// values are range-checked when they load, so this holds; if it ever did not, the service is
/// reported as not priceable rather than at $0.00 or a nonsense sum).
fn finite(bill: Bill) -> Result<Bill, Unpriced> {
    if bill.items.iter().all(|l| l.monthly_usd.is_finite()) && bill.total().is_finite() {
        Ok(bill)
    } else {
        Err(Unpriced::NoFit(NoFit::Said(
            "the cost is not a finite number (a price or a workload value out of range)",
        )))
    }
}

/// Why a service could not be priced.
#[derive(Debug, Clone, PartialEq)]
pub enum Unpriced {
    /// The workload does not fit the service (too large, needs GPUs, no instance type fits).
    NoFit(NoFit),
    /// A price the calculation needs is absent from the region's table.
    Missing(Missing),
}

impl std::fmt::Display for Unpriced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoFit(why) => why.fmt(f),
            Self::Missing(m) => write!(f, "cannot be priced: {m}"),
        }
    }
}

impl From<Missing> for Unpriced {
    fn from(m: Missing) -> Self {
        Self::Missing(m)
    }
}

/// The architecture and purchase option one calculation is for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Variant {
    pub arch: Arch,
    pub option: Purchase,
    /// Keep notes (for `explain`, JSON and reports); off in sweeps, which read only figures.
    pub detail: bool,
    /// What is priced as given rather than chosen (nothing, except for what runs today).
    pub pin: Pin,
}

/// A configuration priced as given instead of chosen: what runs the workload today. Each model
/// reads the parts that concern it, checks that they can run the workload (one instance, task or
/// invocation of it), and prices them with its own formula; what is not pinned it chooses as usual.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pin {
    /// An EC2 instance type for VMs or nodes, as its index in [`Prices::instances`].
    pub instance: Option<usize>,
    /// VMs, nodes, Fargate tasks or App Runner instances running all month.
    pub count: Option<f64>,
    /// One Fargate task's or App Runner instance's vCPU and GiB.
    pub size: Option<(f64, f64)>,
    /// A Lambda function's memory, MB.
    pub memory_mb: Option<f64>,
    /// For `eks` and `batch`: EC2 nodes or Fargate.
    pub compute: Option<Compute>,
}

impl Pin {
    /// Nothing pinned: the models choose everything.
    pub const NONE: Self = Self {
        instance: None,
        count: None,
        size: None,
        memory_mb: None,
        compute: None,
    };
}

/// The result of pricing one variant: line items plus what was chosen on the way.
#[derive(Debug, Default)]
pub(crate) struct Bill {
    /// Whether notes are written (see [`Variant::detail`]).
    pub detail: bool,
    pub items: Vec<LineItem>,
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
    pub compute: Option<Compute>,
    pub instance: Option<InstanceChoice>,
    /// Set when a discount was asked for but could not be applied.
    pub option_used: Option<Purchase>,
    /// The discount asked for that the table lacks, when the bill fell back to On-Demand.
    pub fallback: Option<Fallback>,
}

impl Bill {
    fn total(&self) -> f64 {
        self.items.iter().map(|l| l.monthly_usd).sum()
    }

    pub(crate) fn push(&mut self, item: LineItem) {
        self.items.push(item);
    }

    pub(crate) fn note(&mut self, note: impl Into<Note>) {
        if !self.detail {
            return;
        }
        let note = note.into();
        // Notes of the same kind are compared as data, text notes as text: no note is written
        // out to be compared.
        if !self.notes.iter().any(|n| n.same_as(&note)) {
            self.notes.push(note);
        }
    }

    /// An empty bill for `v`.
    pub(crate) fn for_variant(v: Variant) -> Self {
        Self {
            detail: v.detail,
            // Room for a service's usual lines without growing.
            items: Vec::with_capacity(8),
            ..Self::default()
        }
    }
}

/// The purchase options to try for a workload; `spot` is whether the rules let the service run on
/// Spot capacity (no `no_spot` rule holds for it: see [`Limits::spot_allowed`]).
pub fn purchase_candidates(w: &Workload, spot: bool) -> &'static [Purchase] {
    use Purchase::{Best, OnDemand, SavingsPlan1yr, SavingsPlan3yr, Spot};
    match w.pricing.purchase {
        Spot if !spot => &[OnDemand],
        Best if spot => &[OnDemand, Spot, SavingsPlan1yr, SavingsPlan3yr],
        Best => &[OnDemand, SavingsPlan1yr, SavingsPlan3yr],
        OnDemand => &[OnDemand],
        Spot => &[Spot],
        SavingsPlan1yr => &[SavingsPlan1yr],
        SavingsPlan3yr => &[SavingsPlan3yr],
    }
}

/// Prices `service` for `w` with the prices `p` and the service limits `l`, keeping the cheapest
/// architecture and purchase option allowed.
///
/// # Errors
/// [`Unpriced`] when no variant can be priced: the workload does not fit, or a needed price is absent.
pub fn estimate(
    service: Service,
    w: &Workload,
    p: &Prices,
    l: &Limits,
) -> Result<Estimate, Unpriced> {
    estimate_with(service, w, p, l, true, l.spot_allowed(service, w))
}

/// [`estimate`], with or without the notes that explain it (`detail`); the figures are the same.
///
/// # Errors
/// As [`estimate`].
pub fn estimate_with(
    service: Service,
    w: &Workload,
    p: &Prices,
    l: &Limits,
    detail: bool,
    spot: bool,
) -> Result<Estimate, Unpriced> {
    let mut best: Option<(Variant, Bill, f64)> = None;
    let mut first_error = None;
    // Discounts the table lacks, by the architecture they were tried on.
    let mut fallbacks: Vec<(Arch, Fallback)> = Vec::new();
    for &arch in w.shape.arch.candidates() {
        for &option in purchase_candidates(w, spot) {
            // Notes are kept as data and written out only when read, so every variant keeps
            // them when asked: the winner needs no second pricing to have its notes.
            let v = Variant {
                arch,
                option,
                detail,
                pin: Pin::NONE,
            };
            match price(service, w, p, l, v).and_then(finite) {
                Ok(bill) => {
                    if let Some(f) = bill.fallback {
                        fallbacks.push((arch, f));
                    }
                    let total = bill.total();
                    if best.as_ref().is_none_or(|(_, _, t)| total < *t) {
                        best = Some((v, bill, total));
                    }
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
    }
    match best {
        Some((v, bill, _)) => {
            let option = bill.option_used.unwrap_or(v.option);
            let fallbacks: Vec<Fallback> = fallbacks
                .into_iter()
                .filter(|&(arch, f)| arch == v.arch && f.asked != option)
                .map(|(_, f)| f)
                .fold(Vec::new(), |mut out, f| {
                    if !out.contains(&f) {
                        out.push(f);
                    }
                    out
                });
            Ok(Estimate {
                service,
                arch: v.arch,
                option,
                compute: bill.compute,
                instance: bill.instance,
                line_items: bill.items,
                notes: bill.notes,
                warnings: warnings(bill.warnings, &fallbacks, p),
                fallbacks,
            })
        }
        None => {
            Err(first_error.unwrap_or(Unpriced::NoFit(NoFit::Said("no architecture to price"))))
        }
    }
}

/// Prices `service` for `w` as `pin` gives it, on `arch` bought as `option`: one variant, with
/// its notes. What runs today is priced this way, by the same formulas as every alternative.
///
/// # Errors
/// [`Unpriced::NoFit`] when the pinned configuration cannot run one instance, task or invocation
/// of the workload; [`Unpriced::Missing`] when a needed price is absent.
pub fn price_pinned(
    service: Service,
    w: &Workload,
    p: &Prices,
    l: &Limits,
    pin: Pin,
    arch: Arch,
    option: Purchase,
) -> Result<Estimate, Unpriced> {
    let v = Variant {
        arch,
        option,
        detail: true,
        pin,
    };
    let bill = price(service, w, p, l, v).and_then(finite)?;
    let fallbacks: Vec<Fallback> = bill.fallback.into_iter().collect();
    Ok(Estimate {
        service,
        arch,
        option: bill.option_used.unwrap_or(option),
        compute: bill.compute,
        instance: bill.instance,
        line_items: bill.items,
        notes: bill.notes,
        warnings: warnings(bill.warnings, &fallbacks, p),
        fallbacks,
    })
}

/// A bill's warnings followed by one for each discount the table lacked (built once per
/// estimate, not per variant priced).
fn warnings(mut list: Vec<String>, fallbacks: &[Fallback], p: &Prices) -> Vec<String> {
    for f in fallbacks {
        let text = f.text(p);
        if !list.contains(&text) {
            list.push(text);
        }
    }
    list
}

fn price(
    service: Service,
    w: &Workload,
    p: &Prices,
    l: &Limits,
    v: Variant,
) -> Result<Bill, Unpriced> {
    let mut bill = match service {
        Service::Ec2 | Service::ElasticBeanstalk => ec2::vms(w, p, l, v, service),
        Service::Ecs => ec2::ecs(w, p, l, v),
        Service::Fargate => fargate::fargate(w, p, l, v),
        Service::Eks => eks::eks(w, p, l, v),
        Service::AppRunner => app_runner::app_runner(w, p, l, v),
        Service::Lambda => lambda::lambda(w, p, l, v),
        Service::Batch => batch::batch(w, p, l, v),
    }?;
    network::shared_into(service, w, p, l, &mut bill)?;
    Ok(bill)
}

/// The fraction of On-Demand paid for EC2 under `option`, and the option actually applied.
pub(crate) fn ec2_factor(p: &Prices, option: Purchase, bill: &mut Bill) -> f64 {
    let t = &p.table;
    let (entry, section, key, what) = match option {
        Purchase::Spot => match &t.spot.ec2 {
            Some(s) => return s.factor(),
            None => (None, "spot", "ec2", "EC2 Spot"),
        },
        Purchase::SavingsPlan1yr => (
            t.savings_plan.ec2_1yr.as_ref(),
            "savings_plan",
            "ec2_1yr",
            "a 1-year Compute Savings Plan for EC2",
        ),
        Purchase::SavingsPlan3yr => (
            t.savings_plan.ec2_3yr.as_ref(),
            "savings_plan",
            "ec2_3yr",
            "a 3-year Compute Savings Plan for EC2",
        ),
        _ => return 1.0,
    };
    match entry {
        Some(d) => d.factor(),
        None => {
            on_demand_instead(
                bill,
                Fallback {
                    asked: option,
                    section,
                    key,
                    what,
                },
            );
            1.0
        }
    }
}

/// Records that the discount `f` names is absent from the table, so the bill is On-Demand. No
/// text is built here: the estimate turns its fallbacks into warnings once, and the ranking into
/// a typed warning that the comparison is uneven.
pub(crate) fn on_demand_instead(bill: &mut Bill, f: Fallback) {
    bill.fallback.get_or_insert(f);
    bill.option_used = Some(Purchase::OnDemand);
}

pub use crate::output::format::trim_count;

pub(crate) fn trim(v: f64) -> String {
    crate::output::format::round_to(v, 1_000.0)
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod proptests;
