//! EC2 instance choice, one-app-per-VM services (`ec2`, `elastic_beanstalk`) and bin-packed
//! container nodes (`ecs`, and the EC2 side of `eks` and `batch`).

use super::{
    Bill, Compute, HOURS, InstanceChoice, ItemKind, LineItem, Unpriced, Variant, ebs, ec2_factor,
    lb, network, size_text,
};
use crate::pricing::{Instance, Prices};
use crate::rules::Limits;
use crate::service::Service;
use crate::workload::{Arch, Workload};

/// Whether one VM of type `i` holds one app instance: the GPUs, vCPU and memory it asks for.
pub fn holds(w: &Workload, i: &Instance) -> bool {
    let r = &w.resources;
    i.gpus >= r.gpus && i.vcpu >= r.vcpu && i.memory_gib >= r.memory_gb
}

/// The cheapest instance with the architecture, GPUs, vCPU and memory of one app instance.
pub fn choose_instance<'a>(w: &Workload, p: &'a Prices, arch: Arch) -> Option<&'a Instance> {
    // `p.instances` is sorted cheapest first, so the first that fits is the cheapest.
    p.instances.iter().find(|i| i.arch == arch && holds(w, i))
}

/// The instance type a [`super::Pin`] names, when it can hold what `holds` asks of it.
fn pinned<'a>(
    w: &Workload,
    p: &'a Prices,
    index: usize,
    holds: impl Fn(&Instance) -> bool,
) -> Result<&'a Instance, Unpriced> {
    let i = p.instances.get(index).ok_or_else(|| {
        Unpriced::NoFit("the instance type given is not in the pricing table".to_owned())
    })?;
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
    Err(Unpriced::NoFit(format!(
        "too small: one {} ({}{}) cannot hold one instance of the workload ({}{})",
        i.name,
        size_text(i.vcpu, i.memory_gib),
        gpus(i.gpus),
        size_text(r.vcpu, r.memory_gb),
        gpus(r.gpus)
    )))
}

/// How many tasks of the workload's size one node holds (0 if none fits), after the memory the
/// node keeps for the OS and the agent (`reserved_gib`, fact.node_reserved_gib).
pub fn tasks_per_node(w: &Workload, node: &Instance, reserved_gib: f64) -> f64 {
    let r = &w.resources;
    if node.gpus < r.gpus {
        return 0.0;
    }
    let by_cpu = (node.vcpu / r.vcpu).floor();
    let by_memory = ((node.memory_gib - reserved_gib) / r.memory_gb).floor();
    let mut fit = by_cpu.min(by_memory).max(0.0);
    if r.gpus > 0 {
        fit = fit.min((f64::from(node.gpus) / f64::from(r.gpus)).floor());
    }
    fit
}

/// The node type that makes `cost(node, tasks_per_node)` cheapest, with that cost's inputs.
pub fn choose_node<'a>(
    w: &Workload,
    p: &'a Prices,
    l: &Limits,
    arch: Arch,
    cost: impl Fn(&Instance, f64) -> f64,
) -> Option<(&'a Instance, f64)> {
    let mut best: Option<(&Instance, f64, f64)> = None;
    for node in p.instances.iter().filter(|i| i.arch == arch) {
        let fit = tasks_per_node(w, node, l.node_reserved_gib);
        if fit < 1.0 {
            continue;
        }
        let c = cost(node, fit);
        if best.is_none_or(|(_, _, b)| c < b) {
            best = Some((node, fit, c));
        }
    }
    best.map(|(node, fit, _)| (node, fit))
}

fn no_instance(w: &Workload, p: &Prices, arch: Arch) -> Unpriced {
    let r = &w.resources;
    let gpus = if r.gpus > 0 {
        format!(" and {} GPU(s)", r.gpus)
    } else {
        String::new()
    };
    let mut why = format!(
        "no {arch} instance type in the {} table has {}{gpus}",
        p.region(),
        size_text(r.vcpu, r.memory_gb)
    );
    if !p.unpriced_instances.is_empty() {
        why.push_str(&format!(
            " ({} types have no price in this region)",
            p.unpriced_instances.len()
        ));
    }
    Unpriced::NoFit(why)
}

/// `1 task`, `2.5 tasks`.
fn count_of(n: f64, noun: &str) -> String {
    let s = if n == 1.0 { "" } else { "s" };
    format!("{} {noun}{s}", super::trim_count(n))
}

/// `ec2` and `elastic_beanstalk`: one app instance per VM, plus the load balancer.
///
/// Services run `avg_instances` VMs all month. Jobs keep VMs running all month: one, or as many as
/// the job-hours need when they exceed one VM's 730 hours.
pub(crate) fn vms(
    w: &Workload,
    p: &Prices,
    l: &Limits,
    v: Variant,
    service: Service,
) -> Result<Bill, Unpriced> {
    let instance = match v.pin.instance {
        Some(i) => pinned(w, p, i, |i| holds(w, i))?,
        None => choose_instance(w, p, v.arch).ok_or_else(|| no_instance(w, p, v.arch))?,
    };
    let mut bill = Bill::for_variant(v);
    let factor = ec2_factor(p, v.option, &mut bill);
    let count = v.pin.count.unwrap_or_else(|| {
        if w.shape.kind.has_traffic() {
            w.avg_instances()
        } else {
            (w.job_hours() / HOURS).ceil().max(1.0)
        }
    });
    let label = match service {
        Service::ElasticBeanstalk => format!("Beanstalk EC2 {}", instance.name),
        _ => format!("EC2 {}", instance.name),
    };
    bill.push(LineItem::new(
        label,
        count * HOURS,
        "instance-hour",
        instance.hourly * factor,
    ));
    bill.instance = Some(InstanceChoice {
        instance_type: instance.name.clone(),
        count,
    });
    // One app instance per VM: each VM's disk is its root volume plus the instance's storage_gb.
    let (disk, note) = ebs::volumes(w, p, l.root_volume.vm_gb, count, count)?;
    bill.push(disk);
    bill.note(note);
    if let Some(ips) = network::instance_addresses(w, p, count * HOURS, "VMs")? {
        bill.push(ips);
    }
    bill.extend(lb::load_balancer(w, p, l, v.detail)?);
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

/// EC2 container nodes for the workload: bin-packed nodes all month for services, or instance-hours
/// for job-hours ÷ jobs per node for jobs (spec §3). No load balancer.
pub(crate) fn nodes(w: &Workload, p: &Prices, l: &Limits, v: Variant) -> Result<Bill, Unpriced> {
    let mut bill = Bill {
        compute: Some(Compute::Ec2),
        ..Bill::for_variant(v)
    };
    let factor = ec2_factor(p, v.option, &mut bill);
    let (node, hours) = if let Some(t) = &w.traffic {
        let tasks = w.avg_instances();
        let count = |fit: f64| {
            let n = (tasks / fit).ceil();
            if w.needs.high_availability {
                n.max(f64::from(t.min_instances))
            } else {
                n
            }
        };
        let (node, fit) = match v.pin.instance {
            Some(i) => pinned_node(w, p, l, i)?,
            None => choose_node(w, p, l, v.arch, |node, fit| count(fit) * node.hourly)
                .ok_or_else(|| no_instance(w, p, v.arch))?,
        };
        let n = v.pin.count.unwrap_or_else(|| count(fit));
        bill.note_with(|| {
            format!(
                "{} per {} node; {} for {}",
                count_of(fit, "task"),
                node.name,
                count_of(n, "node"),
                count_of(tasks, "task")
            )
        });
        bill.instance = Some(InstanceChoice {
            instance_type: node.name.clone(),
            count: n,
        });
        (node, n * HOURS)
    } else {
        let job_hours = w.job_hours();
        let (node, fit) = match v.pin.instance {
            Some(i) => pinned_node(w, p, l, i)?,
            None => choose_node(w, p, l, v.arch, |node, fit| job_hours / fit * node.hourly)
                .ok_or_else(|| no_instance(w, p, v.arch))?,
        };
        // A fixed cluster runs all month; otherwise nodes run for the jobs' hours.
        let hours = v.pin.count.map_or(job_hours / fit, |n| n * HOURS);
        bill.note_with(|| match v.pin.count {
            Some(n) => format!(
                "{} kept running all month for {} job-hours",
                count_of(n, &format!("{} node", node.name)),
                super::trim(job_hours)
            ),
            None => format!(
                "{} at once on one {}; {} job-hours ÷ {} = {} instance-hours",
                count_of(fit, "job"),
                node.name,
                super::trim(job_hours),
                super::trim(fit),
                super::trim(hours)
            ),
        });
        bill.instance = Some(InstanceChoice {
            instance_type: node.name.clone(),
            count: hours / HOURS,
        });
        (node, hours)
    };
    bill.push(
        LineItem::new(
            format!("EC2 {} nodes", node.name),
            hours,
            "instance-hour",
            node.hourly * factor,
        )
        .kind(ItemKind::Nodes),
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
        format!("EC2 {} nodes", node.name),
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
    bill.extend(lb::load_balancer(w, p, l, v.detail)?);
    Ok(bill)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{batch, close, limits, prices, service, variant};
    use crate::workload::Purchase;

    #[test]
    fn picks_cheapest_fitting_instance() {
        // 1 vCPU / 2 GB on x86: t3.small (2 vCPU, 2 GiB, $0.0208) is the cheapest with ≥ 2 GiB.
        let w = service(1_000_000.0, 100.0);
        assert_eq!(
            choose_instance(&w, &prices(), Arch::X86).unwrap().name,
            "t3.small"
        );
        // On ARM: t4g.small ($0.0168).
        assert_eq!(
            choose_instance(&w, &prices(), Arch::Arm).unwrap().name,
            "t4g.small"
        );
    }

    #[test]
    fn gpu_workloads_get_gpu_instances() {
        // 4 vCPU / 16 GB / 1 GPU: g4dn.xlarge ($0.526) is the cheapest with a GPU.
        let mut w = service(1_000_000.0, 100.0);
        w.resources.vcpu = 4.0;
        w.resources.memory_gb = 16.0;
        w.resources.gpus = 1;
        assert_eq!(
            choose_instance(&w, &prices(), Arch::X86).unwrap().name,
            "g4dn.xlarge"
        );
    }

    #[test]
    fn ec2_service_runs_avg_instances_all_month() {
        // 2 VMs (min_instances 2) of t3.small: 1,460 h × $0.0208 = $30.368, plus the ALB: 730 h ×
        // $0.0225 = $16.425 and its capacity units on processed bytes, 1M × 17 KiB ÷ 1,048,576 =
        // 16.2124633789 LCU-h × $0.008 = $0.12969970703125; 2 root volumes 16 GB × $0.08 = $1.28,
        // the VMs' public IPv4 1,460 h × $0.005 = $7.30 and the ALB's two addresses 1,460 h × $0.005
        // = $7.30: $62.80269970703125.
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
        close(bill.items[0].monthly_usd, 30.368);
        close(bill.total(), 62.802_699_707_031_25);
        assert_eq!(bill.instance.unwrap().count, 2.0);
    }

    #[test]
    fn bin_packing_counts_tasks_per_node() {
        // m5.large-class nodes: 2 vCPU, 8 GiB → min(floor(2/0.5), floor(7.5/1)) = 4 tasks of 0.5 vCPU / 1 GB.
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
        // 10 tasks of 1 vCPU / 2 GB on x86. Cheapest node cost = ceil(10 / fit) × hourly:
        // t3.medium (2 vCPU, 4 GiB, $0.0416): fit min(2, floor(3.5/2)=1) = 1 → 10 × 0.0416 = $0.416/h
        // c6i.large (2, 4, $0.085): fit 1 → $0.85/h; t3.large (2, 8, $0.0832): fit 2 → 5 × 0.0832 = $0.416/h
        // m5.xlarge (4, 16, $0.192): fit 4 → 3 × 0.192 = $0.576/h; t3.small (2, 2): fit 0.
        // Tie at $0.416/h: the first found (cheaper hourly) wins, t3.medium × 10.
        // 7,300 h × $0.0416 = $303.68.
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
        assert_eq!(
            (choice.instance_type.as_str(), choice.count),
            ("t3.medium", 10.0)
        );
        close(bill.total(), 303.68);
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
    fn jobs_bill_job_hours_divided_by_jobs_per_node() {
        // 1,000 runs × 6 min = 100 job-hours of 2 vCPU / 4 GB on ARM.
        // Per job-hour: c7g.large (2, 4 GiB): floor(3.5/4) = 0 → no; t4g.large (2, 8, $0.0672): fit 1 → $0.0672;
        // m7g.large (2, 8, $0.0816): 1 → $0.0816; c7g.xlarge (4, 8, $0.145): min(2, 1) = 1 → $0.145;
        // m7g.xlarge (4, 16, $0.1632): min(2, 3) = 2 → $0.0816. Cheapest: t4g.large, 100 h × $0.0672 = $6.72.
        let w = batch(1_000.0, 6.0, 2.0, 4.0);
        let bill = nodes(
            &w,
            &prices(),
            limits(),
            variant(Arch::Arm, Purchase::OnDemand),
        )
        .unwrap();
        assert_eq!(bill.instance.as_ref().unwrap().instance_type, "t4g.large");
        close(bill.total(), 6.72);
    }

    #[test]
    fn ec2_jobs_keep_one_vm_running() {
        // 100 job-hours < 730: one t3.medium (2 vCPU, 4 GiB, $0.0416) all month = $30.368,
        // its 8 GB root volume 8 × $0.08 = $0.64 and its public IPv4 730 h × $0.005 = $3.65: $34.658.
        let w = batch(1_000.0, 6.0, 2.0, 4.0);
        let bill = vms(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
            Service::Ec2,
        )
        .unwrap();
        assert_eq!(bill.instance.as_ref().unwrap().instance_type, "t3.medium");
        close(bill.items[0].monthly_usd, 30.368);
        close(bill.total(), 34.658);
    }

    #[test]
    fn spot_and_savings_plan_factors() {
        // Spot: one t3.small × 730 h × $0.0208 × (0.0373 / 0.096) = $5.8996167, plus its 8 GB root
        // volume ($0.64) and public IPv4 ($3.65), which no discount touches: + $4.29.
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
        close(spot.items[0].monthly_usd, 5.899_616_666_666_666);
        close(spot.total(), 5.899_616_666_666_666 + 4.29);
        // 3-year plan: × (0.0206 / 0.0416) → 730 × 0.0208 × 0.0206 / 0.0416 = $7.519.
        let sp = vms(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::SavingsPlan3yr),
            Service::Ec2,
        )
        .unwrap();
        close(sp.items[0].monthly_usd, 7.519);
    }

    #[test]
    fn nothing_fits_a_huge_task() {
        let mut w = service(1_000.0, 100.0);
        w.resources.vcpu = 190.0;
        assert!(matches!(
            vms(
                &w,
                &prices(),
                limits(),
                variant(Arch::X86, Purchase::OnDemand),
                Service::Ec2
            ),
            Err(Unpriced::NoFit(_))
        ));
    }
}
