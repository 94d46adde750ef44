//! Portfolios (`runwhere plan`, spec §6): many workloads priced together on shared platforms.
//!
//! Workloads are grouped by `region` and `environment`; each group gets its own platforms (one
//! cluster per group). For each group five strategies are priced:
//!
//! - `separate`: every workload on its own top pick, exactly as `recommend` prices it;
//! - `shared_eks`, `shared_ecs_ec2`, `shared_ecs_fargate`: every service on one shared cluster
//!   (EKS on EC2 nodes, ECS on EC2 nodes, ECS on Fargate) behind shared load balancers, event
//!   handlers on Lambda and jobs on Batch; a workload the platform cannot run (a rule excludes it,
//!   or it cannot be priced there) stays on its own top pick;
//! - `best_mix`: a platform per workload, searched from the cheapest of the four above (see
//!   [`best`]), so it is never dearer than any of them.
//!
//! Nothing here re-prices a service: a workload's own parts come from its estimates
//! ([`crate::cost::estimate`]), with each line item's [`ItemKind`] saying which parts a shared
//! platform replaces (nodes, control plane, load balancer); the shared parts are priced by the cost
//! models' shared API ([`crate::cost::control_plane`], [`crate::cost::node_hours`],
//! [`crate::cost::shared_load_balancers`]). Node groups are bin-packed across workloads
//! ([`pack`]). Shared items are allocated back to workloads by a documented rule per item
//! ([`Rule`]), in cents with the largest-remainder method ([`allocate`]), so every strategy's
//! allocations add up to its total to the cent.
//!
//! Always-free allowances belong to the account: workloads are priced without them, and with
//! `pricing.free_tier = true` the Lambda allowance is credited once per portfolio ([`free_tier`]).

pub mod allocate;
pub mod best;
pub mod pack;

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use rayon::prelude::*;
use serde::Serialize;

use crate::cost::{self, Estimate, ItemKind, LineItem};
use crate::engine::advisor::{Advisor, Options};
use crate::engine::rank::{Ranking, Standing};
use crate::error::Result;
use crate::input::source::SourceFile;
use crate::pricing::{Instance, Prices};
use crate::rules::Limits;
use crate::service::Service;
use crate::workload::{Arch, ArchPref, Environment, Kind, Purchase, Workload};

/// A shared platform a group can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// One EKS cluster on EC2 node groups.
    Eks,
    /// One ECS cluster on EC2 node groups.
    EcsEc2,
    /// One ECS cluster on Fargate.
    EcsFargate,
}

impl Platform {
    pub const ALL: [Self; 3] = [Self::Eks, Self::EcsEc2, Self::EcsFargate];

    /// The service a workload must be eligible for to run on the platform.
    pub fn service(self) -> Service {
        match self {
            Self::Eks => Service::Eks,
            Self::EcsEc2 => Service::Ecs,
            Self::EcsFargate => Service::Fargate,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Self::Eks => "eks",
            Self::EcsEc2 => "ecs_ec2",
            Self::EcsFargate => "ecs_fargate",
        }
    }

    /// `shared EKS cluster`, for people.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Eks => "shared EKS cluster",
            Self::EcsEc2 => "shared ECS cluster on EC2",
            Self::EcsFargate => "shared ECS cluster on Fargate",
        }
    }

    /// Whether tasks run on bin-packed EC2 node groups.
    fn has_nodes(self) -> bool {
        matches!(self, Self::Eks | Self::EcsEc2)
    }
}

/// Where one workload runs in a strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Placement {
    /// On its own, as the service prices it alone.
    Own(Service),
    /// On the group's shared platform.
    Shared(Platform),
}

impl Placement {
    pub fn service(self) -> Service {
        match self {
            Self::Own(s) => s,
            Self::Shared(p) => p.service(),
        }
    }
}

/// The strategies, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyId {
    Separate,
    SharedEks,
    SharedEcsEc2,
    SharedEcsFargate,
    BestMix,
}

impl StrategyId {
    pub const ALL: [Self; 5] = [
        Self::Separate,
        Self::SharedEks,
        Self::SharedEcsEc2,
        Self::SharedEcsFargate,
        Self::BestMix,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::Separate => "separate",
            Self::SharedEks => "shared_eks",
            Self::SharedEcsEc2 => "shared_ecs_ec2",
            Self::SharedEcsFargate => "shared_ecs_fargate",
            Self::BestMix => "best_mix",
        }
    }

    /// The platform a shared strategy puts services on.
    pub fn platform(self) -> Option<Platform> {
        match self {
            Self::SharedEks => Some(Platform::Eks),
            Self::SharedEcsEc2 => Some(Platform::EcsEc2),
            Self::SharedEcsFargate => Some(Platform::EcsFargate),
            Self::Separate | Self::BestMix => None,
        }
    }
}

/// How a shared item is split between the workloads that use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// By the vCPU-hours each workload's tasks run on the cluster (control plane).
    VcpuHours,
    /// By the share of a node each task takes on its tightest dimension (vCPU, memory after the
    /// reserve, GPUs), × its tasks (node groups).
    NodeShare,
    /// By requests a month (load balancers); evenly when none has requests.
    Requests,
}

impl Rule {
    pub fn text(self) -> &'static str {
        match self {
            Self::VcpuHours => "by vCPU-hours on the cluster",
            Self::NodeShare => {
                "by share of the nodes (tasks × the larger of vCPU and memory share)"
            }
            Self::Requests => "by requests",
        }
    }
}

/// One workload of the portfolio, ranked alone.
#[derive(Debug, Clone)]
pub struct Member {
    pub file: PathBuf,
    /// The workload's own ranking, as `recommend` shows it: the top pick, exclusions and fit.
    pub ranking: Ranking,
    /// Each eligible service's estimate without always-free allowances (they count once per
    /// portfolio), in rank order.
    estimates: Vec<Estimate>,
}

impl Member {
    /// Ranks a workload for the portfolio.
    ///
    /// # Errors
    /// As [`Advisor::rank`].
    pub fn new(
        advisor: &Advisor,
        file: PathBuf,
        workload: &Workload,
        options: &Options,
    ) -> Result<Self> {
        let ranking = advisor.rank(workload, options.prefer)?;
        let estimates = if workload.pricing.free_tier {
            let prices = advisor.prices(workload)?;
            let mut alone = workload.clone();
            alone.pricing.free_tier = false;
            ranking
                .eligible()
                .filter_map(|e| {
                    cost::estimate(e.service, &alone, prices, &advisor.rules.limits).ok()
                })
                .collect()
        } else {
            ranking
                .eligible()
                .filter_map(|e| e.estimate().cloned())
                .collect()
        };
        Ok(Self {
            file,
            ranking,
            estimates,
        })
    }

    pub fn workload(&self) -> &Workload {
        &self.ranking.workload
    }

    pub fn name(&self) -> &str {
        &self.ranking.workload.name
    }

    /// The top pick, if any service is eligible.
    pub fn top_pick(&self) -> Option<Service> {
        self.ranking.recommendation().map(|e| e.service)
    }

    /// The estimate of an eligible service (without always-free allowances).
    pub fn estimate(&self, service: Service) -> Option<&Estimate> {
        self.estimates.iter().find(|e| e.service == service)
    }

    /// The services it may run on: eligible and priced.
    pub fn eligible(&self) -> impl Iterator<Item = Service> + '_ {
        self.estimates.iter().map(|e| e.service)
    }

    /// The services it may run on, cheapest first (ties: rank order).
    fn cheapest_own(&self) -> Option<Service> {
        self.estimates
            .iter()
            .min_by_key(|e| cents_of_items(&e.line_items))
            .map(|e| e.service)
    }
}

/// Reads and ranks every file in parallel; `tick` is called once per file.
pub fn read(
    advisor: &Advisor,
    files: &[PathBuf],
    options: &Options,
    tick: &(dyn Fn() + Sync),
) -> Vec<Result<Member>> {
    files
        .par_iter()
        .map(|path| {
            let result = SourceFile::read(path)
                .and_then(|source| advisor.workload(&source, options))
                .and_then(|w| Member::new(advisor, path.clone(), &w, options));
            tick();
            result
        })
        .collect()
}

/// A line item's amount in whole cents (half away from zero), as every output rounds it.
pub fn item_cents(item: &LineItem) -> i64 {
    let c = (item.monthly_usd * 100.0).round();
    if c.is_finite() { c as i64 } else { 0 }
}

fn cents_of_items(items: &[LineItem]) -> i64 {
    items.iter().map(item_cents).sum()
}

/// A node group of a shared cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeGroup {
    pub platform: Platform,
    pub arch: Arch,
    pub gpu: bool,
    pub instance_type: crate::pricing::Name,
    pub nodes: u64,
    pub option: Purchase,
    pub vcpu_utilization: f64,
    pub memory_utilization: f64,
    /// Tasks packed on it.
    pub tasks: u64,
    /// The workloads on it (indices into [`Plan::members`]).
    #[serde(skip)]
    pub members: Vec<usize>,
}

/// An item a platform's workloads share, with each one's share in cents.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedItem {
    pub platform: Platform,
    pub item: LineItem,
    pub cents: i64,
    pub rule: Rule,
    /// (workload index into [`Plan::members`], cents); the cents add up to `cents`.
    pub shares: Vec<(usize, i64)>,
}

/// Where one workload runs in a strategy and what it pays.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Index into [`Plan::members`].
    pub member: usize,
    pub placement: Placement,
    pub arch: Arch,
    pub option: Purchase,
    /// The workload's own line items (a shared platform's shared parts left out).
    pub items: Vec<LineItem>,
    pub direct_cents: i64,
    /// Its shares of the shared items.
    pub shared_cents: i64,
}

impl Assignment {
    pub fn total_cents(&self) -> i64 {
        self.direct_cents + self.shared_cents
    }
}

/// A fit rule that counts against a strategy's choices: shown, not enforced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitNote {
    pub rule: String,
    pub service: Service,
    pub text: String,
    pub workloads: Vec<String>,
}

/// One strategy for one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Strategy {
    pub id: StrategyId,
    pub total_cents: i64,
    /// In the group's member order.
    pub assignments: Vec<Assignment>,
    pub shared_items: Vec<SharedItem>,
    pub node_groups: Vec<NodeGroup>,
    pub fit_notes: Vec<FitNote>,
    pub warnings: Vec<String>,
}

/// The workloads of one region and environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub region: String,
    pub environment: Environment,
    /// Indices into [`Plan::members`].
    pub members: Vec<usize>,
    /// In [`StrategyId::ALL`] order.
    pub strategies: Vec<Strategy>,
}

impl Group {
    pub fn strategy(&self, id: StrategyId) -> &Strategy {
        self.strategies
            .iter()
            .find(|s| s.id == id)
            .unwrap_or(&self.strategies[0])
    }
}

/// The whole portfolio.
#[derive(Debug, Clone)]
pub struct Plan {
    pub members: Vec<Member>,
    pub groups: Vec<Group>,
    /// Workloads no service can run (indices into `members`): in no group.
    pub unplaced: Vec<usize>,
}

impl Plan {
    /// A strategy's total over every group, in cents.
    pub fn total_cents(&self, id: StrategyId) -> i64 {
        self.groups.iter().map(|g| g.strategy(id).total_cents).sum()
    }
}

/// The price tables and limits a plan prices with.
pub struct Context<'a> {
    pub advisor: &'a Advisor,
}

impl Context<'_> {
    fn limits(&self) -> &Limits {
        &self.advisor.rules.limits
    }
}

/// Plans a portfolio of ranked workloads.
///
/// # Errors
/// A region without a price table (only with a `--pricing-dir` that lacks it).
pub fn plan(advisor: &Advisor, members: Vec<Member>) -> Result<Plan> {
    let ctx = Context { advisor };
    let mut keys: Vec<(String, Environment)> = Vec::new();
    let mut by_key: HashMap<(String, Environment), Vec<usize>> = HashMap::new();
    let mut unplaced = Vec::new();
    for (i, m) in members.iter().enumerate() {
        if m.top_pick().is_none() {
            unplaced.push(i);
            continue;
        }
        let key = (m.workload().region.clone(), m.workload().shape.environment);
        by_key
            .entry(key.clone())
            .or_insert_with(|| {
                keys.push(key);
                Vec::new()
            })
            .push(i);
    }
    keys.sort();
    let mut groups = Vec::with_capacity(keys.len());
    for key in keys {
        let group_members = by_key.remove(&key).unwrap_or_default();
        let prices = advisor.catalog.region(&key.0)?;
        let strategies = plan_group(&ctx, prices, &members, &group_members);
        groups.push(Group {
            region: key.0,
            environment: key.1,
            members: group_members,
            strategies,
        });
    }
    let mut plan = Plan {
        members,
        groups,
        unplaced,
    };
    free_tier::apply(advisor, &mut plan);
    best::settle(&mut plan);
    Ok(plan)
}

/// The five strategies of one group.
fn plan_group(
    ctx: &Context<'_>,
    prices: &Prices,
    members: &[Member],
    group: &[usize],
) -> Vec<Strategy> {
    let mut pricer = Pricer::new(ctx, prices, members, group);
    let mut out = Vec::with_capacity(StrategyId::ALL.len());
    let mut candidates = Vec::new();
    for id in StrategyId::ALL {
        if id == StrategyId::BestMix {
            continue;
        }
        let placements = fixed_placements(id, members, group);
        let (placements, warnings) = pricer.feasible(placements);
        let strategy = pricer.strategy(id, &placements, warnings.clone());
        candidates.push((placements, warnings));
        out.push(strategy);
    }
    let (placements, warnings) = best::search(&mut pricer, &candidates);
    out.push(pricer.strategy(StrategyId::BestMix, &placements, warnings));
    out
}

/// Where each workload runs in `separate` and the three shared strategies.
fn fixed_placements(id: StrategyId, members: &[Member], group: &[usize]) -> Vec<Placement> {
    group
        .iter()
        .map(|&i| {
            let m = &members[i];
            // Every group member has a top pick.
            let own = Placement::Own(m.top_pick().unwrap_or(Service::Fargate));
            let Some(platform) = id.platform() else {
                return own;
            };
            let can = |s: Service| m.estimate(s).is_some();
            match m.workload().shape.kind {
                Kind::Service if can(platform.service()) => Placement::Shared(platform),
                Kind::Event if can(Service::Lambda) => Placement::Own(Service::Lambda),
                Kind::Event if can(platform.service()) => Placement::Shared(platform),
                Kind::Batch | Kind::Scheduled if can(Service::Batch) => {
                    Placement::Own(Service::Batch)
                }
                _ => own,
            }
        })
        .collect()
}

/// A shared item priced for a platform, its rule, and each workload's weight (by group position).
type Weighted = (LineItem, Rule, Vec<(usize, f64)>);

/// One platform priced for a set of workloads (positions in the group).
#[derive(Debug, Clone)]
struct PlatformBill {
    items: Vec<Weighted>,
    node_groups: Vec<NodeGroup>,
    /// Architecture and purchase option per group position on a node group.
    placed: Vec<(usize, Arch, Purchase)>,
    warnings: Vec<String>,
    cents: i64,
}

/// Prices placements for one group, remembering each platform's bill by its members.
pub(crate) struct Pricer<'a> {
    ctx: &'a Context<'a>,
    prices: &'a Prices,
    members: &'a [Member],
    group: &'a [usize],
    platforms: HashMap<(Platform, Vec<usize>), std::result::Result<Rc<PlatformBill>, String>>,
}

impl<'a> Pricer<'a> {
    fn new(
        ctx: &'a Context<'a>,
        prices: &'a Prices,
        members: &'a [Member],
        group: &'a [usize],
    ) -> Self {
        Self {
            ctx,
            prices,
            members,
            group,
            platforms: HashMap::new(),
        }
    }

    fn member(&self, pos: usize) -> &'a Member {
        &self.members[self.group[pos]]
    }

    /// The workload's own items on `placement`: everything its estimate has, less what a
    /// shared platform pays for once.
    fn direct(&self, pos: usize, placement: Placement) -> Vec<LineItem> {
        let m = self.member(pos);
        let Some(e) = m.estimate(placement.service()) else {
            return Vec::new();
        };
        match placement {
            Placement::Own(_) => e.line_items.clone(),
            Placement::Shared(p) => {
                let mut items: Vec<LineItem> = e
                    .line_items
                    .iter()
                    .filter(|l| match l.kind {
                        ItemKind::ControlPlane | ItemKind::LoadBalancer | ItemKind::Egress => false,
                        ItemKind::Nodes
                        | ItemKind::FargateTasks
                        | ItemKind::NodeDisks
                        | ItemKind::NodeAddresses => !p.has_nodes(),
                        _ => true,
                    })
                    .cloned()
                    .collect();
                // On shared nodes a workload keeps only its own explicit storage.
                if p.has_nodes() {
                    let w = m.workload();
                    if let Ok(Some(disk)) =
                        cost::task_storage(w, self.prices, w.avg_instances().ceil())
                    {
                        items.push(disk);
                    }
                }
                items
            }
        }
    }

    fn direct_cents(&self, pos: usize, placement: Placement) -> i64 {
        cents_of_items(&self.direct(pos, placement))
    }

    /// The platform's bill for the workloads at `positions` (sorted).
    fn platform(
        &mut self,
        platform: Platform,
        positions: Vec<usize>,
    ) -> std::result::Result<Rc<PlatformBill>, String> {
        let key = (platform, positions);
        if let Some(hit) = self.platforms.get(&key) {
            return hit.clone();
        }
        let bill = self.price_platform(platform, &key.1).map(Rc::new);
        self.platforms.insert(key, bill.clone());
        bill
    }

    fn price_platform(
        &self,
        platform: Platform,
        positions: &[usize],
    ) -> std::result::Result<PlatformBill, String> {
        let l = self.ctx.limits();
        let p = self.prices;
        let workloads: Vec<&Workload> = positions
            .iter()
            .map(|&i| self.member(i).workload())
            .collect();
        let mut bill = PlatformBill {
            items: Vec::new(),
            node_groups: Vec::new(),
            placed: Vec::new(),
            warnings: Vec::new(),
            cents: 0,
        };
        let vcpu_hours = |i: usize| {
            let w = self.member(i).workload();
            w.avg_instances().ceil() * w.resources.vcpu
        };
        if platform == Platform::Eks {
            let clusters = workloads
                .iter()
                .map(|w| w.pricing.clusters)
                .max()
                .unwrap_or(1);
            let item = cost::control_plane(p, f64::from(clusters)).map_err(|m| m.to_string())?;
            let weights = positions.iter().map(|&i| (i, vcpu_hours(i))).collect();
            bill.items.push((item, Rule::VcpuHours, weights));
        }
        if platform.has_nodes() {
            self.node_groups(platform, positions, &mut bill)?;
        }
        let lbs = cost::shared_load_balancers(&workloads, p, l).map_err(|m| m.to_string())?;
        for lb in lbs {
            let weights: Vec<(usize, f64)> = lb
                .members
                .iter()
                .map(|&k| (positions[k], workloads[k].requests_per_month()))
                .collect();
            let behind: Vec<&Workload> = lb.members.iter().map(|&k| workloads[k]).collect();
            let addresses =
                cost::shared_load_balancer_addresses(&behind, p, l).map_err(|m| m.to_string())?;
            for item in lb.items.into_iter().chain(addresses) {
                bill.items.push((item, Rule::Requests, weights.clone()));
            }
        }
        // One set of NAT gateways (or interface endpoints) for the workloads that use them.
        for egress in [
            crate::workload::Egress::Nat,
            crate::workload::Egress::Endpoints,
        ] {
            let using: Vec<usize> = (0..positions.len())
                .filter(|&k| workloads[k].network.egress == egress)
                .collect();
            if using.is_empty() {
                continue;
            }
            let these: Vec<&Workload> = using.iter().map(|&k| workloads[k]).collect();
            let weights: Vec<(usize, f64)> = using
                .iter()
                .map(|&k| (positions[k], vcpu_hours(positions[k])))
                .collect();
            for item in cost::shared_egress(&these, p, l).map_err(|m| m.to_string())? {
                bill.items.push((item, Rule::VcpuHours, weights.clone()));
            }
        }
        bill.cents = bill.items.iter().map(|(i, _, _)| item_cents(i)).sum();
        Ok(bill)
    }

    /// Bin-packs the workloads' tasks into node groups per architecture (and GPU or not) and
    /// prices them.
    fn node_groups(
        &self,
        platform: Platform,
        positions: &[usize],
        bill: &mut PlatformBill,
    ) -> std::result::Result<(), String> {
        let l = self.ctx.limits();
        let p = self.prices;
        // The architecture each `any` workload takes: all on Arm, all on x86, or each as priced
        // alone; the cheapest of the three.
        let alone = |i: usize| {
            self.member(i)
                .estimate(platform.service())
                .map_or(Arch::X86, |e| e.arch)
        };
        let mut best: Option<(i64, PlatformBill)> = None;
        for choice in [Some(Arch::Arm), Some(Arch::X86), None] {
            let arch_of = |i: usize| match self.member(i).workload().shape.arch {
                ArchPref::X86 => Arch::X86,
                ArchPref::Arm => Arch::Arm,
                ArchPref::Any => choice.unwrap_or_else(|| alone(i)),
            };
            let mut trial = PlatformBill {
                items: Vec::new(),
                node_groups: Vec::new(),
                placed: Vec::new(),
                warnings: Vec::new(),
                cents: 0,
            };
            let mut ok = true;
            for arch in [Arch::X86, Arch::Arm] {
                for gpu in [false, true] {
                    let on: Vec<usize> = positions
                        .iter()
                        .copied()
                        .filter(|&i| {
                            arch_of(i) == arch
                                && (self.member(i).workload().resources.gpus > 0) == gpu
                        })
                        .collect();
                    if on.is_empty() {
                        continue;
                    }
                    if self
                        .node_group(platform, arch, gpu, &on, p, l, &mut trial)
                        .is_err()
                    {
                        ok = false;
                    }
                }
            }
            if !ok {
                continue;
            }
            let cents: i64 = trial.items.iter().map(|(i, _, _)| item_cents(i)).sum();
            if best.as_ref().is_none_or(|(c, _)| cents < *c) {
                best = Some((cents, trial));
            }
        }
        let Some((_, found)) = best else {
            return Err(format!(
                "no instance type in the {} table holds the tasks of the {}",
                p.region(),
                platform.display_name()
            ));
        };
        bill.items.extend(found.items);
        bill.node_groups.extend(found.node_groups);
        bill.placed.extend(found.placed);
        bill.warnings.extend(found.warnings);
        Ok(())
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one node group's inputs, all used"
    )]
    fn node_group(
        &self,
        platform: Platform,
        arch: Arch,
        gpu: bool,
        on: &[usize],
        p: &Prices,
        l: &Limits,
        out: &mut PlatformBill,
    ) -> std::result::Result<(), ()> {
        let candidates: Vec<&Instance> = p
            .instances
            .iter()
            // As instance choice for one workload: current-generation, ordinary types, GPU types
            // only for GPU work (a G6f type lists 0 GPUs and an L4 model).
            .filter(|i| i.arch == arch && i.is_gpu() == gpu && i.current && !i.special)
            .collect();
        let mut blocks: Vec<pack::Block> = on
            .iter()
            .map(|&i| {
                let w = self.member(i).workload();
                pack::Block {
                    member: i,
                    vcpu: w.resources.vcpu,
                    memory_gb: w.resources.memory_gb,
                    gpus: w.resources.gpus,
                    count: w.avg_instances().ceil().max(0.0) as u64,
                }
            })
            .filter(|b| b.count > 0)
            .collect();
        if blocks.is_empty() {
            return Ok(());
        }
        pack::sort_decreasing(&mut blocks);
        // High availability: at least the largest `min_instances` of the workloads that need it.
        let min_nodes = on
            .iter()
            .filter_map(|&i| {
                let w = self.member(i).workload();
                (w.needs.high_availability)
                    .then(|| w.traffic.as_ref().map_or(1, |t| t.min_instances))
            })
            .max()
            .unwrap_or(1);
        // What one node pays a month beside its hours (root volume, public address), from the
        // cost model, so that types are compared on everything a node costs.
        let on_group: Vec<&Workload> = on.iter().map(|&i| self.member(i).workload()).collect();
        let per_node: f64 = cost::node_group_extras(&on_group, p, l, platform.service(), 1.0)
            .map_err(|_| ())?
            .iter()
            .map(|i| i.monthly_usd)
            .sum();
        let price = |n: &Instance, nodes: u64| nodes as f64 * (n.hourly * cost::HOURS + per_node);
        let packing = pack::cheapest(
            &blocks,
            &candidates,
            l.node_reserved_gib,
            u64::from(min_nodes),
            &price,
        )
        .ok_or(())?;
        let node = candidates[packing.node];
        // The purchase options every workload on the group allows; the cheapest wins.
        let service = platform.service();
        let allowed = |w: &Workload| cost::purchase_candidates(w, l.spot_allowed(service, w));
        let options: Vec<Purchase> = allowed(self.member(on[0]).workload())
            .iter()
            .copied()
            .filter(|o| {
                on.iter()
                    .all(|&i| allowed(self.member(i).workload()).contains(o))
            })
            .collect();
        let options = if options.is_empty() {
            vec![Purchase::OnDemand]
        } else {
            options
        };
        let (item, option, warnings) = options
            .into_iter()
            .map(|o| cost::node_hours(p, node, packing.nodes as f64, o))
            .min_by(|a, b| item_cents(&a.0).cmp(&item_cents(&b.0)))
            .ok_or(())?;
        let usable = node.memory_gib - l.node_reserved_gib;
        let weights: Vec<(usize, f64)> = blocks
            .iter()
            .map(|b| {
                let mut share = (b.vcpu / node.vcpu).max(b.memory_gb / usable);
                if node.gpus > 0 {
                    share = share.max(f64::from(b.gpus) / f64::from(node.gpus));
                }
                (b.member, share * b.count as f64)
            })
            .collect();
        let extras =
            cost::node_group_extras(&on_group, p, l, platform.service(), packing.nodes as f64)
                .map_err(|_| ())?;
        out.items.push((item, Rule::NodeShare, weights.clone()));
        for extra in extras {
            out.items.push((extra, Rule::NodeShare, weights.clone()));
        }
        out.node_groups.push(NodeGroup {
            platform,
            arch,
            gpu,
            instance_type: node.name.clone(),
            nodes: packing.nodes,
            option,
            vcpu_utilization: packing.vcpu_utilization,
            memory_utilization: packing.memory_utilization,
            tasks: blocks.iter().map(|b| b.count).sum(),
            members: on.iter().map(|&i| self.group[i]).collect(),
        });
        for &i in on {
            out.placed.push((i, arch, option));
        }
        for w in warnings {
            if !out.warnings.contains(&w) {
                out.warnings.push(w);
            }
        }
        Ok(())
    }

    /// The positions on each platform.
    fn by_platform(placements: &[Placement]) -> Vec<(Platform, Vec<usize>)> {
        Platform::ALL
            .iter()
            .filter_map(|&p| {
                let on: Vec<usize> = placements
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| **x == Placement::Shared(p))
                    .map(|(i, _)| i)
                    .collect();
                (!on.is_empty()).then_some((p, on))
            })
            .collect()
    }

    /// The placements with every platform that cannot be priced replaced by its workloads' own
    /// top picks, and a warning saying why.
    fn feasible(&mut self, mut placements: Vec<Placement>) -> (Vec<Placement>, Vec<String>) {
        let mut warnings = Vec::new();
        for (platform, on) in Self::by_platform(&placements) {
            if let Err(why) = self.platform(platform, on.clone()) {
                warnings.push(format!(
                    "the {} cannot be priced ({why}); its workloads stay on their own top picks",
                    platform.display_name()
                ));
                for i in on {
                    placements[i] =
                        Placement::Own(self.member(i).top_pick().unwrap_or(Service::Fargate));
                }
            }
        }
        (placements, warnings)
    }

    /// The group's total in cents for the placements, or `None` when a platform cannot be priced.
    fn total(&mut self, placements: &[Placement]) -> Option<i64> {
        let mut total: i64 = (0..placements.len())
            .map(|i| self.direct_cents(i, placements[i]))
            .sum();
        for (platform, on) in Self::by_platform(placements) {
            total += self.platform(platform, on).ok()?.cents;
        }
        Some(total)
    }

    /// The strategy in full: assignments, shared items and their allocation.
    fn strategy(
        &mut self,
        id: StrategyId,
        placements: &[Placement],
        mut warnings: Vec<String>,
    ) -> Strategy {
        let mut assignments: Vec<Assignment> = placements
            .iter()
            .enumerate()
            .map(|(i, &placement)| {
                let items = self.direct(i, placement);
                let e = self.member(i).estimate(placement.service());
                Assignment {
                    member: self.group[i],
                    placement,
                    arch: e.map_or(Arch::X86, |e| e.arch),
                    option: e.map_or(Purchase::OnDemand, |e| e.option),
                    direct_cents: cents_of_items(&items),
                    items,
                    shared_cents: 0,
                }
            })
            .collect();
        let mut shared_items = Vec::new();
        let mut node_groups = Vec::new();
        for (platform, on) in Self::by_platform(placements) {
            let Ok(bill) = self.platform(platform, on) else {
                continue;
            };
            for &(i, arch, option) in &bill.placed {
                assignments[i].arch = arch;
                assignments[i].option = option;
            }
            for w in &bill.warnings {
                if !warnings.contains(w) {
                    warnings.push(w.clone());
                }
            }
            node_groups.extend(bill.node_groups.iter().cloned());
            for (item, rule, weights) in &bill.items {
                let cents = item_cents(item);
                let split = allocate::largest_remainder(
                    cents,
                    &weights.iter().map(|w| w.1).collect::<Vec<_>>(),
                );
                let shares: Vec<(usize, i64)> = weights
                    .iter()
                    .zip(split)
                    .map(|(&(i, _), c)| (i, c))
                    .collect();
                for &(i, c) in &shares {
                    assignments[i].shared_cents += c;
                }
                shared_items.push(SharedItem {
                    platform,
                    item: item.clone(),
                    cents,
                    rule: *rule,
                    shares: shares
                        .into_iter()
                        .map(|(i, c)| (self.group[i], c))
                        .collect(),
                });
            }
        }
        let total_cents = assignments.iter().map(|a| a.direct_cents).sum::<i64>()
            + shared_items.iter().map(|s| s.cents).sum::<i64>();
        let fit_notes = fit_notes(self.members, &assignments);
        Strategy {
            id,
            total_cents,
            assignments,
            shared_items,
            node_groups,
            fit_notes,
            warnings,
        }
    }
}

/// The fit rules that count against the services a strategy uses, each with the workloads it
/// concerns: shown beside the cost, never enforced.
fn fit_notes(members: &[Member], assignments: &[Assignment]) -> Vec<FitNote> {
    let mut notes: Vec<FitNote> = Vec::new();
    for a in assignments {
        let m = &members[a.member];
        let service = a.placement.service();
        let Some(entry) = m.ranking.entry(service) else {
            continue;
        };
        let Standing::Eligible { reasons, .. } = &entry.standing else {
            continue;
        };
        for r in reasons.iter().filter(|r| r.points < 0.0) {
            match notes
                .iter_mut()
                .find(|n| n.rule == r.rule && n.service == service)
            {
                Some(n) => n.workloads.push(m.name().to_owned()),
                None => notes.push(FitNote {
                    rule: r.rule.to_string(),
                    service,
                    text: r.text.to_string(),
                    workloads: vec![m.name().to_owned()],
                }),
            }
        }
    }
    notes
}

/// Always-free allowances, once per portfolio.
mod free_tier {
    use super::{Plan, item_cents};
    use crate::cost::{ItemKind, LineItem};
    use crate::engine::advisor::Advisor;

    /// Credits Lambda's always-free requests and GB-seconds, and the free data transfer out, once
    /// per strategy over the whole portfolio, to the workloads with `pricing.free_tier = true` in the order they were read
    /// (groups in order, then workloads), each credit at the price of the line it reduces.
    pub(super) fn apply(advisor: &Advisor, plan: &mut Plan) {
        let Some(first) = plan.members.iter().find(|m| m.workload().pricing.free_tier) else {
            return;
        };
        let Ok(prices) = advisor.catalog.region(&first.workload().region) else {
            return;
        };
        let t = &prices.table.lambda;
        let (Some(requests), Some(gb_seconds)) = (t.free_requests, t.free_gb_seconds) else {
            return;
        };
        let transfer = prices.table.network.data_transfer_free_gb.unwrap_or(0.0);
        let free: Vec<bool> = plan
            .members
            .iter()
            .map(|m| m.workload().pricing.free_tier)
            .collect();
        let strategies = plan.groups.first().map_or(0, |g| g.strategies.len());
        for s in 0..strategies {
            // Requests in millions, as the line items count them.
            let mut left = (requests / 1e6, gb_seconds, transfer);
            for group in &mut plan.groups {
                let strategy = &mut group.strategies[s];
                for a in &mut strategy.assignments {
                    if !free[a.member] {
                        continue;
                    }
                    let mut credits = Vec::new();
                    for item in &a.items {
                        let (pool, label) = match item.kind {
                            ItemKind::LambdaRequests => (
                                &mut left.0,
                                "Lambda free tier: requests (once per portfolio)",
                            ),
                            ItemKind::LambdaDuration => (
                                &mut left.1,
                                "Lambda free tier: GB-seconds (once per portfolio)",
                            ),
                            ItemKind::DataTransferOut => (
                                &mut left.2,
                                "Data transfer out free tier (once per portfolio)",
                            ),
                            _ => continue,
                        };
                        let used = item.quantity.min(*pool).max(0.0);
                        if used > 0.0 {
                            *pool -= used;
                            credits.push(LineItem::new(
                                label,
                                -used,
                                item.unit,
                                item.unit_price_usd,
                            ));
                        }
                    }
                    if credits.is_empty() {
                        continue;
                    }
                    let cents: i64 = credits.iter().map(item_cents).sum();
                    a.items.extend(credits);
                    a.direct_cents += cents;
                    strategy.total_cents += cents;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
