//! EC2 instance choice, one-app-per-VM services (`ec2`, `elastic_beanstalk`) and bin-packed
//! container nodes (`ecs`, and the EC2 side of `eks` and `batch`).
//!
//! Instance choice (spec §3) searches the table's pre-filtered, price-ordered pools
//! ([`Prices::candidates`]): current-generation types unless `needs.instance_type_control`, GPU
//! types only for GPU work (of `resources.gpu_model` when given), every VM and node keeping
//! `fact.node_reserved_gib` of memory for the OS. A burstable type costs its hourly price plus the
//! unlimited-mode surplus credits its load needs above its baseline; the search stops at the
//! first type whose price alone reaches the best cost found.

use super::{
    Bill, Compute, HOURS, InstanceChoice, ItemKind, LineItem, Note, Said, Unpriced, Variant, ebs,
    ec2_factor, lb, network,
};
use crate::pricing::{Instance, Pool, Prices};
use crate::rules::Limits;
use crate::service::Service;
use crate::workload::{Arch, Purchase, Workload};

/// How one instance-hour of a type is priced under a variant's purchase option.
pub(crate) struct Rates {
    /// Spot: each type's own Spot price, else the table's derived ratio.
    spot: bool,
    /// That ratio (Spot ÷ On-Demand of the table's sample), or 1 without one: found once, not
    /// for every type a search visits.
    spot_ratio: f64,
    /// The On-Demand fraction paid otherwise (1, or a Savings Plan's).
    factor: f64,
    /// Unlimited-mode surplus credits, USD per vCPU-hour, for the variant's architecture.
    credit: Option<f64>,
    /// The workload's mean CPU use per requested vCPU.
    utilization: f64,
}

impl Rates {
    pub(crate) fn new(w: &Workload, p: &Prices, v: Variant, bill: &mut Bill) -> Self {
        // A Spot variant is priced only where the rules allow Spot (`Limits::spot_allowed`).
        let spot = v.option == Purchase::Spot;
        let factor = if spot {
            1.0
        } else {
            ec2_factor(p, v.option, bill)
        };
        let e = &p.table.ec2;
        Self {
            spot,
            spot_ratio: p.table.spot.ec2.as_ref().map_or(1.0, |s| s.factor()),
            factor,
            credit: match v.arch {
                Arch::Arm => e.arm_surplus_credit_vcpu_hour,
                Arch::X86 => e.x86_surplus_credit_vcpu_hour,
            },
            utilization: w.resources.avg_cpu_utilization,
        }
    }

    /// The hourly price of `i` (never below the price its pool is ordered by).
    pub(crate) fn unit(&self, i: &Instance) -> f64 {
        if self.spot {
            // `Prices::spot_hourly`, or On-Demand without a ratio (the ratio is then 1).
            i.spot_hourly.unwrap_or(i.hourly * self.spot_ratio)
        } else {
            i.hourly * self.factor
        }
    }

    /// Surplus vCPU-hours per instance-hour of `i` running `tasks` tasks of `vcpu` each: the load
    /// above the baseline, `tasks × vcpu × avg_cpu_utilization − baseline × vCPUs`, or 0.
    pub(crate) fn surplus(&self, i: &Instance, tasks: f64, vcpu: f64) -> f64 {
        i.baseline.map_or(0.0, |b| {
            (tasks * vcpu * self.utilization - b * i.vcpu).max(0.0)
        })
    }

    /// What one instance-hour of `i` costs with `tasks` on it; `None` when it needs surplus
    /// credits the table has no price for.
    pub(crate) fn hour(&self, i: &Instance, tasks: f64, vcpu: f64) -> Option<f64> {
        let surplus = self.surplus(i, tasks, vcpu);
        if surplus > 0.0 {
            self.credit.map(|c| self.unit(i) + surplus * c)
        } else {
            Some(self.unit(i))
        }
    }
}

/// The pool instance choice searches for `w` on `arch`.
fn pool(w: &Workload, arch: Arch, spot: bool) -> Pool {
    Pool {
        arch,
        gpu: w.resources.gpus > 0,
        control: w.needs.instance_type_control,
        spot,
    }
}

/// `NVIDIA L4` matches `L4`, `l4` and `NVIDIA L4`; `NVIDIA L40S` does not match `L4`.
pub fn gpu_model_matches(model: Option<&str>, asked: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let Some(model) = model else {
        return false;
    };
    let asked = norm(asked);
    let full = norm(model);
    let bare = model.split_once(' ').map_or(full.clone(), |(_, m)| norm(m));
    asked == full || asked == bare
}

/// Whether one VM of type `i` holds one app instance: the GPUs (of the model asked), vCPU and
/// memory it asks for, after the `reserved_gib` the VM keeps for the OS.
pub fn holds(w: &Workload, i: &Instance, reserved_gib: f64) -> bool {
    let r = &w.resources;
    i.vcpu >= r.vcpu && i.memory_gib - reserved_gib >= r.memory_gb && gpus_fit(w, i)
}

/// The instance type a [`super::Pin`] names, when it can hold what `holds` asks of it.
fn pinned<'a>(
    w: &Workload,
    p: &'a Prices,
    index: usize,
    holds: impl Fn(&Instance) -> bool,
) -> Result<&'a Instance, Unpriced> {
    let i = p
        .instances
        .get(index)
        .ok_or(Unpriced::NoFit(super::NoFit::Said(
            "the instance type given is not in the pricing table",
        )))?;
    if holds(i) {
        return Ok(i);
    }
    let r = &w.resources;
    let gpus = |n: u32| {
        if n > 0 || r.gpus > 0 {
            format!(", {n} GPU(s)")
        } else {
            String::new()
        }
    };
    Err(Unpriced::NoFit(super::NoFit::Text(format!(
        "too small: one {} ({}{}) cannot hold one instance of the workload ({}{})",
        i.name,
        super::Size::new(i.vcpu, i.memory_gib),
        gpus(i.gpus),
        super::Size::new(r.vcpu, r.memory_gb),
        gpus(r.gpus)
    ))))
}

/// Whether `i` has the GPUs (and model) one app instance or task needs.
fn gpus_fit(w: &Workload, i: &Instance) -> bool {
    let r = &w.resources;
    i.gpus >= r.gpus
        && r.gpu_model
            .as_deref()
            .is_none_or(|m| gpu_model_matches(i.gpu_model.as_deref(), m))
}

/// The instance with the architecture, GPUs, vCPU and memory of one app instance (memory plus the
/// `reserved_gib` kept for the OS) that costs least an hour, burstable surplus credits included.
pub fn choose_instance<'a>(
    w: &Workload,
    p: &'a Prices,
    arch: Arch,
    reserved_gib: f64,
) -> Option<&'a Instance> {
    let mut bill = Bill::default();
    let v = Variant {
        arch,
        option: Purchase::OnDemand,
        detail: false,
        pin: super::Pin::NONE,
    };
    let rates = Rates::new(w, p, v, &mut bill);
    choose_vm(w, p, &rates, pool(w, arch, false), reserved_gib, 1.0).map(|(i, _)| i)
}

/// `busy`: the share of the VM's hours the app instance runs (1 for services).
fn choose_vm<'a>(
    w: &Workload,
    p: &'a Prices,
    rates: &Rates,
    pool: Pool,
    reserved_gib: f64,
    busy: f64,
) -> Option<(&'a Instance, f64)> {
    let r = &w.resources;
    let mut best: Option<(&Instance, f64)> = None;
    for i in p.candidates(pool) {
        // Later types cost at least their unit price: none can beat the best any more.
        if best.is_some_and(|(_, b)| rates.unit(i) >= b) {
            break;
        }
        if !holds(w, i, reserved_gib) {
            continue;
        }
        let Some(cost) = rates.hour(i, busy, r.vcpu) else {
            continue;
        };
        if best.is_none_or(|(_, b)| cost < b) {
            best = Some((i, cost));
        }
    }
    best
}

/// How many tasks of the workload's size one node holds (0 if none fits), after the memory the
/// node keeps for the OS and the agent (`reserved_gib`, fact.node_reserved_gib).
pub fn tasks_per_node(w: &Workload, node: &Instance, reserved_gib: f64) -> f64 {
    let r = &w.resources;
    if !gpus_fit(w, node) {
        return 0.0;
    }
    let by_cpu = whole(node.vcpu / r.vcpu);
    let by_memory = whole((node.memory_gib - reserved_gib) / r.memory_gb);
    let mut fit = by_cpu.min(by_memory);
    if r.gpus > 0 {
        fit = fit.min(whole(f64::from(node.gpus) / f64::from(r.gpus)));
    }
    fit
}

/// How many whole times `x` holds, 0 below 1: `max(floor(x), 0)`, for the ratios a node search
/// computes for every type it visits. Converting to an integer truncates in one instruction,
/// where `f64::floor` is a library call on the baseline x86-64 target; the two agree on every
/// ratio here (positive sizes, far below 2^53; NaN, which no checked workload gives, reads 0).
fn whole(x: f64) -> f64 {
    // Truncation is the floor of a non-negative number; the cast saturates and reads NaN as 0.
    (x.max(0.0) as u64) as f64
}

/// How a node search walks its pool, and the lower bound on a node's cost that lets it stop.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// Cheapest price first; no node bills fewer than this many node-hours, so a node costs at
    /// least its unit price times it (services: the nodes the tasks need at the least).
    NodeHours(f64),
    /// Cheapest price per vCPU first; the work is this many vCPU-hours and a node runs at most
    /// `its vCPUs ÷ vCPUs per run` runs at once, so a node costs at least its unit price ÷ its
    /// vCPUs × them (jobs, whose cost follows the price per vCPU, not the price).
    VcpuHours(f64),
}

/// The node type that makes `cost(node, tasks_per_node)` cheapest, with that cost's inputs: the
/// first in price order among equally cheap ones, whichever order `bound` walks. The search
/// stops once `bound` shows that no node left can cost less. `cost` returns `None` for a node it
/// cannot price.
fn choose_node<'a>(
    w: &Workload,
    p: &'a Prices,
    l: &Limits,
    rates: &Rates,
    pool: Pool,
    bound: Bound,
    cost: impl Fn(&Instance, f64) -> Option<f64>,
) -> Option<(&'a Instance, f64, f64)> {
    let nodes = p.candidates_in(pool, matches!(bound, Bound::VcpuHours(_)));
    // Price order, for ties found out of it.
    let before = |a: &Instance, b: &Instance| {
        (p.pool_price(pool, a), &a.name) < (p.pool_price(pool, b), &b.name)
    };
    let mut best: Option<(&Instance, f64, f64)> = None;
    for node in nodes {
        if let Some((_, _, b)) = best {
            let stop = match bound {
                Bound::NodeHours(floor) => floor * rates.unit(node) >= b,
                // Strictly above (with room for rounding): a node costing the same may come
                // before the best in price order.
                Bound::VcpuHours(h) => h * rates.unit(node) / node.vcpu > b * (1.0 + 1e-12),
            };
            if stop {
                break;
            }
        }
        let fit = tasks_per_node(w, node, l.node_reserved_gib);
        if fit < 1.0 {
            continue;
        }
        let Some(c) = cost(node, fit) else {
            continue;
        };
        if best.is_none_or(|(n, _, b)| c < b || (c == b && before(node, n))) {
            best = Some((node, fit, c));
        }
    }
    best
}

fn no_instance(w: &Workload, p: &Prices, l: &Limits, arch: Arch) -> Unpriced {
    let r = &w.resources;
    let pool = pool(w, arch, false);
    let mut need = format!(
        "{} vCPU / {} GiB ({} GB + {} GiB kept for the OS)",
        super::trim(r.vcpu),
        super::trim(r.memory_gb + l.node_reserved_gib),
        super::trim(r.memory_gb),
        super::trim(l.node_reserved_gib)
    );
    if r.gpus > 0 {
        need.push_str(&format!(" and {} GPU(s)", r.gpus));
        if let Some(m) = &r.gpu_model {
            need.push_str(&format!(" of model {m}"));
        }
    }
    let kind = match (r.gpus > 0, w.needs.instance_type_control) {
        (true, false) => "current-generation GPU",
        (true, true) => "GPU",
        (false, false) => "current-generation non-GPU",
        (false, true) => "non-GPU",
    };
    let mut why = format!(
        "no {kind} {arch} instance type in the {} table has {need}",
        p.region()
    );
    match p.largest(pool) {
        Some(big) => why.push_str(&format!(
            "; the largest is {} ({} vCPU / {} GiB{})",
            big.name,
            super::trim(big.vcpu),
            super::trim(big.memory_gib),
            if big.gpus > 0 {
                format!(" / {} GPUs", big.gpus)
            } else {
                String::new()
            }
        )),
        None => why.push_str("; it has none"),
    }
    if r.gpus > 0 && r.gpu_model.is_some() {
        let mut models: Vec<&str> = p
            .candidates(pool)
            .filter_map(|i| i.gpu_model.as_deref())
            .collect();
        models.sort_unstable();
        models.dedup();
        if !models.is_empty() {
            why.push_str(&format!(" (GPU models there: {})", models.join(", ")));
        }
    }
    if !p.unpriced_instances.is_empty() {
        why.push_str(&format!(
            "; {} types have no price in this region",
            p.unpriced_instances.len()
        ));
    }
    why.push_str(&format!(
        ". Widen the table with `runwhere pricing import --region {} --all-instances`",
        p.region()
    ));
    if !w.needs.instance_type_control {
        why.push_str(", or allow previous generations and special types with `needs.instance_type_control = true`");
    }
    Unpriced::NoFit(super::NoFit::Text(why))
}

/// `1 task`, `2.5 tasks`.
fn count_of(n: f64, noun: &str) -> String {
    let s = if n == 1.0 { "" } else { "s" };
    format!("{} {noun}{s}", super::trim_count(n))
}

/// Why the chosen type won, for `explain`'s variant: kept as data, written out when read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chosen {
    /// Whether previous generations were searched too (`needs.instance_type_control`).
    control: bool,
    /// `None` without GPUs; `Some(model)` with them (`None` inside when any model would do).
    gpu: Option<Option<String>>,
    arch: Arch,
    burstable: bool,
    per: Per,
}

/// What one type had to hold.
#[derive(Debug, Clone, PartialEq)]
enum Per {
    /// One app instance per VM: vCPU, memory and the OS reserve.
    Vm {
        vcpu: f64,
        memory_gb: f64,
        reserved_gib: f64,
    },
    /// The tasks one node holds.
    Node { tasks: f64 },
    /// The job runs one node holds at once.
    AtOnce { runs: f64 },
}

impl std::fmt::Display for Chosen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let generation = if self.control {
            ""
        } else {
            "current-generation "
        };
        let gpu = match &self.gpu {
            Some(Some(m)) => format!("{m} GPU "),
            Some(None) => "GPU ".to_owned(),
            None => String::new(),
        };
        let per = match self.per {
            Per::Vm {
                vcpu,
                memory_gb,
                reserved_gib,
            } => format!(
                "with ≥ {} vCPU and ≥ {} GiB ({} GB + {} GiB for the OS)",
                super::trim(vcpu),
                super::trim(memory_gb + reserved_gib),
                super::trim(memory_gb),
                super::trim(reserved_gib)
            ),
            Per::Node { tasks } => format!("for {} per node", count_of(tasks, "task")),
            Per::AtOnce { runs } => format!("for {} at once", count_of(runs, "run")),
        };
        let burst = if self.burstable {
            ", surplus CPU credits included"
        } else {
            ""
        };
        write!(
            f,
            "cheapest {generation}{gpu}{} type {per}{burst}",
            self.arch
        )
    }
}

/// Why `i` won for `w`, or nothing when the type was given (`[current]`) or notes are not kept.
fn why_chosen(w: &Workload, i: &Instance, v: Variant, per: Per) -> Note {
    if v.pin.instance.is_some() || !v.detail {
        return Note::empty();
    }
    Note::from(Chosen {
        control: w.needs.instance_type_control,
        gpu: (w.resources.gpus > 0).then(|| w.resources.gpu_model.clone()),
        arch: i.arch,
        burstable: i.baseline.is_some(),
        per,
    })
}

/// How nodes were counted, for `explain`: kept as data, written out when read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Nodes {
    /// A service's tasks packed on nodes.
    Service {
        per_node: f64,
        node: crate::pricing::Name,
        nodes: f64,
        tasks: f64,
    },
    /// A fixed cluster kept for jobs (`[current]`).
    Fixed {
        nodes: f64,
        node: crate::pricing::Name,
        job_hours: f64,
    },
    /// Job runs at once on a node for the job-hours.
    Jobs {
        at_once: f64,
        node: crate::pricing::Name,
        holds: f64,
        parallelism: f64,
        job_hours: f64,
        hours: f64,
    },
}

impl std::fmt::Display for Nodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Service {
                per_node,
                node,
                nodes,
                tasks,
            } => write!(
                f,
                "{} per {node} node; {} for {}",
                count_of(*per_node, "task"),
                count_of(*nodes, "node"),
                count_of(*tasks, "task")
            ),
            Self::Fixed {
                nodes,
                node,
                job_hours,
            } => write!(
                f,
                "{} kept running all month for {} job-hours",
                count_of(*nodes, &format!("{node} node")),
                super::trim(*job_hours)
            ),
            Self::Jobs {
                at_once,
                node,
                holds,
                parallelism,
                job_hours,
                hours,
            } => write!(
                f,
                "{} at once on one {node} (it holds {}; `jobs.parallelism` {}); {} job-hours ÷ {} = {} instance-hours",
                count_of(*at_once, "run"),
                count_of(*holds, "run"),
                super::trim(*parallelism),
                super::trim(*job_hours),
                super::trim(*at_once),
                super::trim(*hours)
            ),
        }
    }
}

/// The Spot line's note and option: the type's own Spot price, the derived ratio, or On-Demand.
fn spot_note(p: &Prices, rates: &Rates, i: &Instance, bill: &mut Bill) {
    if !rates.spot {
        return;
    }
    if i.spot_hourly.is_some() {
        if bill.detail {
            bill.note(Said::SpotPrice {
                name: i.name.clone(),
                hourly: rates.unit(i),
            });
        }
    } else if let Some(s) = &p.table.spot.ec2 {
        if bill.detail {
            bill.note(Said::SpotDerived {
                name: i.name.clone(),
                sample: s.instance_type.clone(),
                spot: s.spot,
                on_demand: s.on_demand,
            });
        }
    } else {
        super::on_demand_instead(
            bill,
            super::Fallback {
                asked: crate::workload::Purchase::Spot,
                section: "spot",
                key: "ec2",
                what: "EC2 Spot",
            },
        );
    }
}

/// The surplus-credit line of `count × hours` instance-hours of `i` with `tasks` on each.
///
/// Node credits are of [`ItemKind::Nodes`]: they go with the nodes a shared cluster packs itself.
fn credits(
    bill: &mut Bill,
    rates: &Rates,
    i: &Instance,
    hours: f64,
    (tasks, vcpu): (f64, f64),
    kind: ItemKind,
) {
    let surplus = rates.surplus(i, tasks, vcpu);
    if let (true, Some(price)) = (surplus > 0.0, rates.credit) {
        bill.push(
            LineItem::new(
                super::Label::instance("", &i.name, " surplus CPU credits"),
                hours * surplus,
                "vCPU-hour",
                price,
            )
            .kind(kind),
        );
        if bill.detail {
            bill.note(Said::Credits {
                name: i.name.clone(),
                tasks,
                vcpu,
                utilization: rates.utilization,
                baseline: i.baseline.unwrap_or_default(),
                cpus: i.vcpu,
                surplus,
            });
        }
    }
}

/// `ec2` and `elastic_beanstalk`: one app instance per VM, plus the load balancer.
///
/// Services run `avg_instances` VMs all month. Jobs keep VMs running all month: one, or as many as
/// the job-hours need when they exceed one VM's 730 hours; runs queue on them.
pub(crate) fn vms(
    w: &Workload,
    p: &Prices,
    l: &Limits,
    v: Variant,
    service: Service,
) -> Result<Bill, Unpriced> {
    let mut bill = Bill::for_variant(v);
    let rates = Rates::new(w, p, v, &mut bill);
    let count = v.pin.count.unwrap_or_else(|| {
        if w.shape.kind.has_traffic() {
            w.avg_instances()
        } else {
            (w.job_hours() / HOURS).ceil().max(1.0)
        }
    });
    // A job VM runs all month but is busy only for the job-hours.
    let busy = if w.shape.kind.has_traffic() {
        1.0
    } else {
        (w.job_hours() / (count * HOURS)).min(1.0)
    };
    let reserved = l.node_reserved_gib;
    let instance = match v.pin.instance {
        Some(i) => pinned(w, p, i, |i| holds(w, i, reserved))?,
        None => {
            let pool = pool(w, v.arch, rates.spot);
            choose_vm(w, p, &rates, pool, reserved, busy)
                .ok_or_else(|| no_instance(w, p, l, v.arch))?
                .0
        }
    };
    spot_note(p, &rates, instance, &mut bill);
    let label = match service {
        Service::ElasticBeanstalk => super::Label::instance("Beanstalk EC2 ", &instance.name, ""),
        _ => super::Label::instance("EC2 ", &instance.name, ""),
    };
    bill.push(LineItem::new(
        label,
        count * HOURS,
        "instance-hour",
        rates.unit(instance),
    ));
    credits(
        &mut bill,
        &rates,
        instance,
        count * HOURS,
        (busy, w.resources.vcpu),
        ItemKind::Other,
    );
    // Why the type won is for `explain`: kept only when the bill keeps notes.
    let why = why_chosen(
        w,
        instance,
        v,
        Per::Vm {
            vcpu: w.resources.vcpu,
            memory_gb: w.resources.memory_gb,
            reserved_gib: l.node_reserved_gib,
        },
    );
    bill.instance = Some(InstanceChoice {
        instance_type: instance.name.clone(),
        count,
        why,
    });
    // One app instance per VM: each VM's disk is its root volume plus the instance's storage_gb.
    let (disk, note) = ebs::volumes(w, p, l.root_volume.vm_gb, count, count)?;
    bill.push(disk);
    bill.note(note);
    if let Some(ips) = network::instance_addresses(w, p, count * HOURS, "VMs")? {
        bill.push(ips);
    }
    lb::load_balancer_into(w, p, l, &mut bill)?;
    Ok(bill)
}

/// [`nodes`] with what every node also pays: its gp3 volumes (the `root_gb` root volume of the
/// service's AMI, plus `storage_gb` for every task it holds) and, with `egress = "public_ip"`, a
/// public IPv4 address for the hours it runs.
pub(crate) fn nodes_with_disks(
    w: &Workload,
    p: &Prices,
    l: &Limits,
    v: Variant,
    root_gb: f64,
) -> Result<Bill, Unpriced> {
    let mut bill = nodes(w, p, l, v)?;
    // Node-months (a node all month counts 1), and task-months of the work they hold.
    let node_months = bill.instance.as_ref().map_or(0.0, |i| i.count);
    let task_months = if w.shape.kind.has_traffic() {
        w.avg_instances()
    } else {
        w.job_hours() / HOURS
    };
    let (disk, note) = ebs::volumes(w, p, root_gb, node_months, task_months)?;
    bill.push(disk.kind(ItemKind::NodeDisks));
    bill.note(note);
    if let Some(ips) = network::instance_addresses(w, p, node_months * HOURS, "nodes")? {
        bill.push(ips.kind(ItemKind::NodeAddresses));
    }
    Ok(bill)
}

/// EC2 container nodes for the workload: bin-packed nodes all month for services, or node-hours
/// for jobs: job-hours ÷ the runs one node holds at once, `min(parallelism, tasks per node)`
/// (spec §3). No load balancer.
pub(crate) fn nodes(w: &Workload, p: &Prices, l: &Limits, v: Variant) -> Result<Bill, Unpriced> {
    let mut bill = Bill {
        compute: Some(Compute::Ec2),
        ..Bill::for_variant(v)
    };
    let rates = Rates::new(w, p, v, &mut bill);
    let pool = pool(w, v.arch, rates.spot);
    let vcpu = w.resources.vcpu;
    let (node, hours, per_node) = if let Some(t) = &w.traffic {
        let tasks = w.avg_instances();
        let ha = if w.needs.high_availability {
            f64::from(t.min_instances)
        } else {
            0.0
        };
        let count = |fit: f64| (tasks / fit).ceil().max(ha);
        let floor = count(f64::INFINITY).max(if tasks > 0.0 { 1.0 } else { 0.0 });
        let (node, fit) = match v.pin.instance {
            Some(i) => pinned_node(w, p, l, i)?,
            None => choose_node(
                w,
                p,
                l,
                &rates,
                pool,
                Bound::NodeHours(floor),
                |node, fit| {
                    let n = count(fit);
                    let load = if n > 0.0 { tasks / n } else { 0.0 };
                    rates.hour(node, load, vcpu).map(|h| n * h)
                },
            )
            .map(|(node, fit, _)| (node, fit))
            .ok_or_else(|| no_instance(w, p, l, v.arch))?,
        };
        let n = v.pin.count.unwrap_or_else(|| count(fit));
        if bill.detail {
            bill.note(Nodes::Service {
                per_node: fit,
                node: node.name.clone(),
                nodes: n,
                tasks,
            });
        }
        bill.instance = Some(InstanceChoice {
            instance_type: node.name.clone(),
            count: n,
            why: why_chosen(w, node, v, Per::Node { tasks: fit }),
        });
        let load = if n > 0.0 { tasks / n } else { 0.0 };
        (node, n * HOURS, load)
    } else {
        let job_hours = w.job_hours();
        let parallel = w
            .jobs
            .as_ref()
            .map_or(1.0, |j| f64::from(j.parallelism.max(1)));
        let at_once = |fit: f64| fit.min(parallel);
        let (node, fit) = match v.pin.instance {
            Some(i) => pinned_node(w, p, l, i)?,
            None => choose_node(
                w,
                p,
                l,
                &rates,
                pool,
                Bound::VcpuHours(job_hours * vcpu),
                |node, fit| {
                    let k = at_once(fit);
                    rates.hour(node, k, vcpu).map(|h| job_hours / k * h)
                },
            )
            .map(|(node, fit, _)| (node, fit))
            .ok_or_else(|| no_instance(w, p, l, v.arch))?,
        };
        let k = at_once(fit);
        // A fixed cluster runs all month; otherwise nodes run for the jobs' hours.
        let hours = v.pin.count.map_or(job_hours / k, |n| n * HOURS);
        if bill.detail {
            bill.note(match v.pin.count {
                Some(nodes) => Nodes::Fixed {
                    nodes,
                    node: node.name.clone(),
                    job_hours,
                },
                None => Nodes::Jobs {
                    at_once: k,
                    node: node.name.clone(),
                    holds: fit,
                    parallelism: parallel,
                    job_hours,
                    hours,
                },
            });
        }
        bill.instance = Some(InstanceChoice {
            instance_type: node.name.clone(),
            count: hours / HOURS,
            why: why_chosen(w, node, v, Per::AtOnce { runs: k }),
        });
        // Runs on a node at once, on average over the hours it bills.
        let per_node = if hours > 0.0 { job_hours / hours } else { 0.0 };
        (node, hours, per_node)
    };
    spot_note(p, &rates, node, &mut bill);
    bill.push(
        LineItem::new(
            super::Label::instance("EC2 ", &node.name, " nodes"),
            hours,
            "instance-hour",
            rates.unit(node),
        )
        .kind(ItemKind::Nodes),
    );
    credits(
        &mut bill,
        &rates,
        node,
        hours,
        (per_node, vcpu),
        ItemKind::Nodes,
    );
    Ok(bill)
}

/// `nodes` nodes of type `node` all month, bought as `option`: the line a shared cluster's node
/// group pays (`runwhere plan`), with the same purchase factor as one workload's nodes (the
/// caller offers Spot only where the rules allow it for every member). Returns the line, the
/// option actually applied, and warnings (a discount the table lacks).
pub fn node_hours(
    p: &Prices,
    node: &Instance,
    nodes: f64,
    option: crate::workload::Purchase,
) -> (LineItem, crate::workload::Purchase, Vec<String>) {
    let mut bill = Bill::default();
    let factor = ec2_factor(p, option, &mut bill);
    let item = LineItem::new(
        super::Label::instance("EC2 ", &node.name, " nodes"),
        nodes * HOURS,
        "instance-hour",
        node.hourly * factor,
    )
    .kind(ItemKind::Nodes);
    (item, bill.option_used.unwrap_or(option), bill.warnings)
}

/// The node type a [`super::Pin`] names and the tasks one holds, when it holds at least one.
fn pinned_node<'a>(
    w: &Workload,
    p: &'a Prices,
    l: &Limits,
    index: usize,
) -> Result<(&'a Instance, f64), Unpriced> {
    let node = pinned(w, p, index, |node| {
        tasks_per_node(w, node, l.node_reserved_gib) >= 1.0
    })?;
    Ok((node, tasks_per_node(w, node, l.node_reserved_gib)))
}

/// What a shared cluster's node group pays beside its nodes (`runwhere plan`): the gp3 root
/// volumes of `nodes` nodes of `service`'s AMI (`ecs` or `eks`) all month, and a public IPv4
/// address per node when a workload on it reaches out through public addresses
/// (`egress = "public_ip"`).
///
/// # Errors
/// [`Missing`](crate::pricing::Missing) when the region's table lacks the gp3 or IPv4 price.
pub fn node_group_extras(
    members: &[&Workload],
    p: &Prices,
    l: &Limits,
    service: Service,
    nodes: f64,
) -> Result<Vec<LineItem>, crate::pricing::Missing> {
    let Some(first) = members.first() else {
        return Ok(Vec::new());
    };
    let root_gb = match service {
        Service::Eks => l.root_volume.eks_gb,
        _ => l.root_volume.ecs_gb,
    };
    // No task-months here: each workload's own storage stays with it (`task_storage`).
    let (disk, _) = ebs::volumes(first, p, root_gb, nodes, 0.0)?;
    let mut out = vec![disk.kind(ItemKind::NodeDisks)];
    let public = members
        .iter()
        .find(|w| w.network.egress == crate::workload::Egress::PublicIp);
    if let Some(w) = public {
        if let Some(ips) = network::instance_addresses(w, p, nodes * HOURS, "nodes")? {
            out.push(ips.kind(ItemKind::NodeAddresses));
        }
    }
    Ok(out)
}

/// A workload's explicit `resources.storage_gb` on a shared cluster's nodes: gp3 for each of its
/// tasks all month; `None` without an explicit value.
///
/// # Errors
/// [`Missing`](crate::pricing::Missing) when the region's table lacks the gp3 price.
pub fn task_storage(
    w: &Workload,
    p: &Prices,
    tasks: f64,
) -> Result<Option<LineItem>, crate::pricing::Missing> {
    if ebs::explicit_storage_gb(w).is_none() {
        return Ok(None);
    }
    let (disk, _) = ebs::volumes(w, p, 0.0, 0.0, tasks)?;
    Ok(Some(disk))
}

/// ECS on EC2: container nodes plus the load balancer; the ECS control plane is free.
pub(crate) fn ecs(w: &Workload, p: &Prices, l: &Limits, v: Variant) -> Result<Bill, Unpriced> {
    let mut bill = nodes_with_disks(w, p, l, v, l.root_volume.ecs_gb)?;
    bill.compute = None;
    lb::load_balancer_into(w, p, l, &mut bill)?;
    Ok(bill)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_is_the_floor_of_what_is_not_negative() {
        // Exact quotients, those just below and above, and those a node search computes.
        let mut xs = vec![0.0, 0.5, 1.0, 2.0, 1e15, 7.0 / 3.5, 3.5 / 2.0 - 0.5];
        for n in 1..=200 {
            let x = f64::from(n);
            xs.extend([
                x,
                x - f64::EPSILON * x,
                x + f64::EPSILON * x,
                x / 3.0,
                192.0 / x,
            ]);
        }
        for x in xs {
            assert_eq!(whole(x), x.floor(), "{x}");
        }
        // Below 0 (a node smaller than the OS reserve) holds nothing.
        assert_eq!(whole(-0.5), 0.0);
        assert_eq!(whole(-3.0), 0.0);
    }
    use crate::cost::testing::{batch, close, limits, prices, service, variant};

    /// The job search walks types by price per vCPU and stops early; it must find what trying
    /// every type of the pool finds (the cheapest; the first in price order among equals), for
    /// sizes, parallelism and purchase options that move the answer around the catalogue.
    #[test]
    fn job_node_search_stops_early_and_finds_what_every_type_finds() {
        let p = prices();
        let l = limits();
        let mut searched = std::collections::BTreeSet::new();
        for (vcpu, memory_gb) in [
            (0.25, 0.5),
            (1.0, 2.0),
            (2.0, 16.0),
            (4.0, 16.0),
            (16.0, 32.0),
        ] {
            for parallelism in [1, 2, 7, 1_000] {
                for (arch, option) in [
                    (Arch::X86, Purchase::OnDemand),
                    (Arch::Arm, Purchase::OnDemand),
                    (Arch::X86, Purchase::Spot),
                    (Arch::Arm, Purchase::SavingsPlan1yr),
                ] {
                    let mut w = batch(4_000.0, 25.0, vcpu, memory_gb);
                    if let Some(j) = w.jobs.as_mut() {
                        j.parallelism = parallelism;
                    }
                    w.resources.avg_cpu_utilization = 0.9;
                    let job_hours = w.job_hours();
                    let par = f64::from(parallelism);
                    let v = Variant {
                        detail: false,
                        ..variant(arch, option)
                    };
                    let mut bill = Bill::default();
                    let rates = Rates::new(&w, &p, v, &mut bill);
                    let pool = pool(&w, arch, rates.spot);
                    let cost = |node: &Instance, fit: f64| {
                        let k = fit.min(par);
                        rates.hour(node, k, vcpu).map(|h| job_hours / k * h)
                    };
                    let fast = choose_node(
                        &w,
                        &p,
                        l,
                        &rates,
                        pool,
                        Bound::VcpuHours(job_hours * vcpu),
                        cost,
                    )
                    .map(|(n, _, c)| (n.name.clone(), c));
                    let mut slow: Option<(&Instance, f64)> = None;
                    for node in p.candidates(pool) {
                        let fit = tasks_per_node(&w, node, l.node_reserved_gib);
                        if fit < 1.0 {
                            continue;
                        }
                        if let Some(c) = cost(node, fit) {
                            if slow.is_none_or(|(_, b)| c < b) {
                                slow = Some((node, c));
                            }
                        }
                    }
                    let slow = slow.map(|(n, c)| (n.name.clone(), c));
                    assert_eq!(
                        fast, slow,
                        "{vcpu} vCPU / {memory_gb} GB, parallelism {parallelism}, {arch} {option:?}"
                    );
                    searched.extend(fast.map(|(n, _)| n));
                }
            }
        }
        // The cases reach different types: the test is not one answer repeated.
        assert!(searched.len() > 5, "{searched:?}");
    }
    use crate::workload::Purchase;

    const RESERVE: f64 = 0.5;

    fn name(i: Option<&Instance>) -> &str {
        i.map_or("none", |i| &*i.name)
    }

    #[test]
    fn picks_the_cheapest_fitting_instance_with_its_surplus_credits() {
        // 1 vCPU / 2 GB needs ≥ 1 vCPU and ≥ 2.5 GiB (0.5 GiB for the OS): t3.small (2 GiB) no
        // longer fits. At the default 50 % utilisation one app instance keeps 0.5 vCPU busy.
        // x86: t3a.medium (2 vCPU, 4 GiB, $0.0376, baseline 20 % × 2 = 0.4 vCPU): 0.1 surplus
        //   vCPU-hour × $0.05 = $0.005 → $0.0426/h, below m7a.medium ($0.05796).
        // ARM: t4g.medium ($0.0336): 0.1 × $0.04 = $0.004 → $0.0376/h, below m6g.medium ($0.0385).
        let w = service(1_000_000.0, 100.0);
        let p = prices();
        assert_eq!(
            name(choose_instance(&w, &p, Arch::X86, RESERVE)),
            "t3a.medium"
        );
        assert_eq!(
            name(choose_instance(&w, &p, Arch::Arm, RESERVE)),
            "t4g.medium"
        );
    }

    #[test]
    fn busy_work_makes_a_non_burstable_type_cheaper() {
        // At 90 %: 0.9 vCPU busy; t3a.medium pays (0.9 − 0.4) × $0.05 = $0.025 → $0.0626/h, more
        // than m7a.medium's $0.05796 (1 vCPU, 4 GiB, no credits).
        let mut w = service(1_000_000.0, 100.0);
        w.resources.avg_cpu_utilization = 0.9;
        assert_eq!(
            name(choose_instance(&w, &prices(), Arch::X86, RESERVE)),
            "m7a.medium"
        );
    }

    #[test]
    fn gpu_work_gets_gpu_types_of_the_model_asked() {
        // 4 vCPU / 16 GB / 1 GPU needs 16.5 GiB: g4dn.xlarge (16 GiB) does not fit. Cheapest GPU
        // type with ≥ 4 vCPU, ≥ 16.5 GiB and ≥ 1 GPU: g4ad.2xlarge (8, 32 GiB, AMD, $0.54117).
        let mut w = service(1_000_000.0, 100.0);
        w.resources.vcpu = 4.0;
        w.resources.memory_gb = 16.0;
        w.resources.gpus = 1;
        let p = prices();
        assert_eq!(
            name(choose_instance(&w, &p, Arch::X86, RESERVE)),
            "g4ad.2xlarge"
        );
        // An NVIDIA T4: g4dn.2xlarge ($0.752); an L4: g6.2xlarge ($0.9776) (G6f lists 0 GPUs).
        w.resources.gpu_model = Some("T4".to_owned());
        assert_eq!(
            name(choose_instance(&w, &p, Arch::X86, RESERVE)),
            "g4dn.2xlarge"
        );
        w.resources.gpu_model = Some("nvidia l4".to_owned());
        assert_eq!(
            name(choose_instance(&w, &p, Arch::X86, RESERVE)),
            "g6.2xlarge"
        );
        // No ARM type carries an H100.
        w.resources.gpu_model = Some("H100".to_owned());
        assert!(choose_instance(&w, &p, Arch::Arm, RESERVE).is_none());
    }

    #[test]
    fn pools_are_pre_filtered() {
        // The searched pools are a small part of the table's types: 84 x86 and 47 Arm of the
        // 1,352 us-east-1 types (non-GPU, current generation, dominated types left out).
        let p = prices();
        for arch in [Arch::X86, Arch::Arm] {
            for spot in [false, true] {
                let pool = Pool {
                    arch,
                    gpu: false,
                    control: false,
                    spot,
                };
                let n = p.candidates(pool).count();
                let expected = if arch == Arch::X86 { 84 } else { 47 };
                assert_eq!(n, expected, "{arch:?} spot={spot} of {}", p.instances.len());
            }
        }
    }

    #[test]
    fn gpu_models_match_without_the_maker() {
        assert!(gpu_model_matches(Some("NVIDIA L4"), "L4"));
        assert!(gpu_model_matches(Some("NVIDIA A10G"), "a10g"));
        assert!(gpu_model_matches(Some("NVIDIA L4"), "NVIDIA L4"));
        assert!(!gpu_model_matches(Some("NVIDIA L40S"), "L4"));
        assert!(!gpu_model_matches(Some("NVIDIA T4G"), "T4"));
        assert!(!gpu_model_matches(None, "L4"));
    }

    #[test]
    fn work_without_gpus_never_gets_a_gpu_or_previous_generation_type() {
        // 64 vCPU / 256 GB needs 256.5 GiB: memory-optimised r5a.16xlarge (64 vCPU, 512 GiB,
        // $3.616) on x86, r6g.16xlarge ($3.2256) on ARM; never a GPU type.
        let mut w = service(1_000_000.0, 100.0);
        w.resources.vcpu = 64.0;
        w.resources.memory_gb = 256.0;
        let p = prices();
        assert_eq!(
            name(choose_instance(&w, &p, Arch::X86, RESERVE)),
            "r5a.16xlarge"
        );
        assert_eq!(
            name(choose_instance(&w, &p, Arch::Arm, RESERVE)),
            "r6g.16xlarge"
        );
        // 1 vCPU / 0.5 GB on x86 would be t2.micro... t2 counts as current; a previous-generation
        // type such as m3 or c3 never appears without instance_type_control.
        w.resources.vcpu = 1.0;
        w.resources.memory_gb = 0.5;
        let chosen = choose_instance(&w, &p, Arch::X86, RESERVE).unwrap();
        assert!(
            chosen.current && !chosen.is_gpu() && !chosen.special,
            "{chosen:?}"
        );
    }

    #[test]
    fn ec2_service_runs_avg_instances_all_month() {
        // 2 VMs (min_instances 2) of t3a.medium: 1,460 h × $0.0376 = $54.896, surplus credits
        // 1,460 h × 0.1 vCPU = 146 vCPU-hours × $0.05 = $7.30, plus the ALB (730 h × $0.0225 = $16.425 and 16.2124633789 LCU-h × $0.008 = $0.12969970703125), 2 root volumes
        // 16 GB × $0.08 = $1.28, the VMs' public IPv4 1,460 h × $0.005 = $7.30 and the ALB's two
        // addresses 1,460 h × $0.005 = $7.30: $94.63069970703125.
        let mut w = service(1_000_000.0, 100.0);
        w.traffic.as_mut().unwrap().min_instances = 2;
        let bill = vms(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
            Service::Ec2,
        )
        .unwrap();
        close(bill.items[0].monthly_usd, 54.896);
        assert_eq!(bill.items[1].item, "t3a.medium surplus CPU credits");
        close(bill.items[1].quantity, 146.0);
        close(bill.items[1].monthly_usd, 7.30);
        close(bill.total(), 94.630_699_707_031_25);
        let choice = bill.instance.unwrap();
        assert_eq!(choice.count, 2.0);
        assert!(
            choice
                .why
                .starts_with("cheapest current-generation x86 type"),
            "{}",
            choice.why
        );
    }

    #[test]
    fn bin_packing_counts_tasks_per_node() {
        // m5.large: 2 vCPU, 8 GiB → min(floor(2/0.5), floor(7.5/1)) = 4 tasks of 0.5 vCPU / 1 GB.
        let mut w = service(1_000_000.0, 100.0);
        w.resources.vcpu = 0.5;
        w.resources.memory_gb = 1.0;
        let node = prices()
            .instances
            .iter()
            .find(|i| i.name == "m5.large")
            .unwrap()
            .clone();
        assert_eq!(tasks_per_node(&w, &node, limits().node_reserved_gib), 4.0);
        // Memory bound: 1 vCPU / 3 GB on 2 vCPU / 8 GiB → min(2, floor(7.5/3) = 2) = 2.
        w.resources.vcpu = 1.0;
        w.resources.memory_gb = 3.0;
        assert_eq!(tasks_per_node(&w, &node, limits().node_reserved_gib), 2.0);
        // 4 GB tasks: floor(7.5 / 4) = 1, the 0.5 GiB reserve costs a second task.
        w.resources.memory_gb = 4.0;
        assert_eq!(tasks_per_node(&w, &node, limits().node_reserved_gib), 1.0);
    }

    #[test]
    fn ecs_nodes_for_ten_tasks() {
        // 10 tasks of 1 vCPU / 2 GB on x86; cost an hour = nodes × (price + surplus credits):
        // t3a.medium (2, 4 GiB): fit min(2, floor(3.5/2) = 1) = 1 → 10 × ($0.0376 + 0.1 × $0.05)
        //   = $0.426; m5a.large (2, 8, $0.086): fit 2 → 5 × $0.086 = $0.43;
        //   t3a.xlarge (4, 16, $0.1504, baseline 1.6 vCPU): fit 4 → 3 nodes, 10/3 × 0.5 = 1.667
        //   vCPU busy each, 0.0667 surplus → 3 × $0.15373 = $0.4612.
        // t3a.medium × 10 wins: 7,300 h × $0.0376 = $274.48 + 730 vCPU-hours × $0.05 = $36.50.
        let mut w = service(1_000_000.0, 100.0);
        w.traffic.as_mut().unwrap().avg_instances = Some(10.0);
        let bill = nodes(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        let choice = bill.instance.clone().unwrap();
        assert_eq!((&*choice.instance_type, choice.count), ("t3a.medium", 10.0));
        close(bill.items[0].monthly_usd, 274.48);
        close(bill.items[1].monthly_usd, 36.5);
        close(bill.total(), 310.98);
    }

    #[test]
    fn high_availability_keeps_min_nodes() {
        // 1 small task fits one node, but high availability with min_instances 2 keeps 2 nodes.
        let mut w = service(1_000.0, 100.0);
        w.needs.high_availability = true;
        w.traffic.as_mut().unwrap().min_instances = 2;
        w.traffic.as_mut().unwrap().avg_instances = Some(1.0);
        let bill = nodes(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        assert_eq!(bill.instance.unwrap().count, 2.0);
    }

    #[test]
    fn only_overlapping_runs_share_a_node() {
        // 1,000 runs × 6 min = 100 job-hours of 2 vCPU / 4 GB on ARM, one run at a time
        // (parallelism 1): every node runs one job, so node-hours = job-hours.
        // m6g.large (2, 8 GiB, $0.077): 100 × $0.077 = $7.70; t4g.large ($0.0672, baseline
        // 0.6 vCPU, 1 vCPU busy): 100 × ($0.0672 + 0.4 × $0.04) = $8.32; m7g.large $8.16.
        let w = batch(1_000.0, 6.0, 2.0, 4.0);
        let bill = nodes(
            &w,
            &prices(),
            limits(),
            variant(Arch::Arm, Purchase::OnDemand),
        )
        .unwrap();
        assert_eq!(bill.instance.as_ref().unwrap().instance_type, "m6g.large");
        close(bill.total(), 7.70);
    }

    #[test]
    fn an_hourly_job_is_not_packed_with_itself() {
        // 730 runs × 10 min (one an hour, never overlapping) of 0.5 vCPU / 1 GB on x86:
        // 121.667 job-hours. Before, a node holding 4 such tasks billed a quarter of them; now
        // min(parallelism 1, fit) = 1 run at a time: t3a.small (2 vCPU, 2 GiB, $0.0188, fit
        // min(4, floor(1.5/1)) = 1, 0.25 vCPU busy under its 0.4 baseline) bills all 121.667
        // hours: 730 × 10 / 60 × $0.0188 = $2.287333.
        let w = batch(730.0, 10.0, 0.5, 1.0);
        let bill = nodes(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        assert_eq!(bill.instance.as_ref().unwrap().instance_type, "t3a.small");
        close(bill.items[0].quantity, 730.0 * 10.0 / 60.0);
        close(bill.total(), 730.0 * 10.0 / 60.0 * 0.0188);
        // With 8 runs at once, t3a.medium ($0.0376, 2 vCPU, 4 GiB: fit min(4, 3) = 3) holds 3:
        // 40.556 h × ($0.0376 + (3 × 0.25 − 0.4) × $0.05 = $0.0551) = $2.23463; m5a.large ($0.086,
        // fit 4): 30.417 h × $0.086 = $2.61583; t3a.small stays at $2.287333; t3a.large ($0.0752,
        // 2 vCPU, 8 GiB, fit 4, 1 vCPU busy, baseline 0.6): 30.417 × ($0.0752 + 0.4 × $0.05)
        // = $2.8957. t3a.medium wins.
        let mut w = w;
        w.jobs.as_mut().unwrap().parallelism = 8;
        let bill = nodes(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        assert_eq!(bill.instance.as_ref().unwrap().instance_type, "t3a.medium");
        close(
            bill.total(),
            730.0 * 10.0 / 60.0 / 3.0 * (0.0376 + 0.35 * 0.05),
        );
    }

    #[test]
    fn ec2_jobs_keep_one_vm_running() {
        // 100 job-hours < 730: one VM all month, busy 100/730 of it: 2 × 0.5 × 100/730 = 0.137
        // vCPU on average, under t3a.large's 0.6 baseline (2 vCPU, 8 GiB: 4.5 GiB needed).
        // 730 × $0.0752 = $54.896 (m5a.large would be $62.78), its 8 GB root volume 8 × $0.08 =
        // $0.64 and its public IPv4 730 h × $0.005 = $3.65: $59.186.
        let w = batch(1_000.0, 6.0, 2.0, 4.0);
        let bill = vms(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
            Service::Ec2,
        )
        .unwrap();
        assert_eq!(bill.instance.as_ref().unwrap().instance_type, "t3a.large");
        close(bill.items[0].monthly_usd, 54.896);
        close(bill.total(), 59.186);
    }

    #[test]
    fn spot_and_savings_plan_prices() {
        // One VM of 1 vCPU / 2 GB, no load balancer. us-east-1 types have no Spot price of their
        // own, so Spot is derived from the table's m5.large sample (0.0373 / 0.096); surplus
        // credits are not discounted: t3a.medium 730 × ($0.0376 × 0.0373 / 0.096 + $0.005),
        // below m7a.medium 730 × $0.05796 × 0.0373 / 0.096. No discount touches its 8 GB root
        // volume ($0.64) and public IPv4 ($3.65): + $4.29.
        let mut w = service(1_000.0, 100.0);
        w.shape.interface = crate::workload::Interface::None;
        w.needs.interruption_tolerant = true;
        let spot = vms(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::Spot),
            Service::Ec2,
        )
        .unwrap();
        assert_eq!(spot.instance.as_ref().unwrap().instance_type, "t3a.medium");
        close(
            spot.total(),
            730.0 * (0.0376 * 0.0373 / 0.096 + 0.005) + 4.29,
        );
        // 3-year plan: × (0.0206 / 0.0416) on the instance, not on the credits.
        let sp = vms(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::SavingsPlan3yr),
            Service::Ec2,
        )
        .unwrap();
        close(
            sp.total(),
            730.0 * (0.0376 * 0.0206 / 0.0416 + 0.005) + 4.29,
        );
    }

    #[test]
    fn a_type_with_its_own_spot_price_uses_it() {
        // eu-west-1's catalogue gives each type's Spot range: m6g.large (ARM, 2 vCPU, 8 GiB)
        // is priced at the highest zone price, not the derived ratio.
        let catalog = crate::pricing::Catalog::bundled().unwrap();
        let p = catalog.region("eu-west-1").unwrap();
        let mut w = service(1_000.0, 100.0);
        w.shape.interface = crate::workload::Interface::None;
        w.needs.interruption_tolerant = true;
        w.resources.vcpu = 2.0;
        w.resources.memory_gb = 4.0;
        w.resources.avg_cpu_utilization = 1.0;
        let bill = vms(
            &w,
            p,
            limits(),
            variant(Arch::Arm, Purchase::Spot),
            Service::Ec2,
        )
        .unwrap();
        let chosen = bill.instance.as_ref().unwrap().instance_type.clone();
        let i = p.instances.iter().find(|i| i.name == chosen).unwrap();
        let own = i
            .spot_hourly
            .expect("the chosen type has its own Spot price");
        close(bill.items[0].unit_price_usd, own);
        assert!(
            bill.notes.iter().any(|n| n.contains("highest zone price")),
            "{:?}",
            bill.notes
        );
    }

    #[test]
    fn nothing_fits_a_huge_task_and_the_reason_says_how_to_widen() {
        // us-east-1 has a type for every vCPU and memory size a workload may ask (u7in-32tb has
        // 32 TiB), but none with 16 GPUs.
        let mut w = service(1_000.0, 100.0);
        w.resources.vcpu = 8.0;
        w.resources.memory_gb = 64.0;
        w.resources.gpus = 16;
        let err = vms(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
            Service::Ec2,
        )
        .unwrap_err();
        let Unpriced::NoFit(why) = err else {
            panic!("{err:?}")
        };
        assert!(
            why.contains("no current-generation GPU x86 instance type"),
            "{why}"
        );
        assert!(why.contains("the largest is"), "{why}");
        assert!(
            why.contains("pricing import --region us-east-1 --all-instances"),
            "{why}"
        );
        assert!(why.contains("instance_type_control"), "{why}");
    }
}
