//! ECS on Fargate, and the Fargate rates shared with EKS pods and Batch compute environments.

use super::{
    Bill, Compute, HOURS, ItemKind, LineItem, Variant, discount_or_on_demand, lb, network,
    size_text,
};
use crate::cost::Unpriced;
use crate::pricing::Prices;
use crate::rules::Limits;
use crate::workload::{Arch, Purchase, Workload};

/// What Fargate is used for: ECS and Batch may use Fargate Spot; EKS pods may not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    Ecs,
    Eks,
    Batch,
}

/// ECS service on Fargate: tasks (or job runs) plus the load balancer.
pub(crate) fn fargate(w: &Workload, p: &Prices, l: &Limits, v: Variant) -> Result<Bill, Unpriced> {
    let mut bill = tasks(w, p, l, v, Use::Ecs)?;
    // The service is Fargate; naming the compute again says nothing.
    bill.compute = None;
    bill.extend(lb::load_balancer(w, p, l, v.detail)?);
    Ok(bill)
}

/// Fargate compute for the workload: `avg_instances × 730` task-hours for services, job-hours for jobs.
pub(crate) fn tasks(
    w: &Workload,
    p: &Prices,
    l: &Limits,
    v: Variant,
    usage: Use,
) -> Result<Bill, Unpriced> {
    let r = &w.resources;
    if r.gpus > 0 {
        return Err(Unpriced::NoFit("Fargate offers no GPUs".to_owned()));
    }
    // Today's task size when pinned (it must hold the workload's), else the workload's own.
    let (want_vcpu, want_gb) = match v.pin.size {
        Some((vcpu, gb)) if vcpu < r.vcpu || gb < r.memory_gb => {
            return Err(Unpriced::NoFit(format!(
                "too small: a {} task cannot hold one task of the workload ({})",
                size_text(vcpu, gb),
                size_text(r.vcpu, r.memory_gb)
            )));
        }
        Some(size) => size,
        None => (r.vcpu, r.memory_gb),
    };
    let Some((vcpu, gb)) = l.fargate_size(want_vcpu, want_gb) else {
        return Err(Unpriced::NoFit(format!(
            "a {} task is larger than Fargate's largest size ({})",
            size_text(want_vcpu, want_gb),
            size_text(l.fargate.max_vcpu, l.fargate.max_memory_gb)
        )));
    };
    let mut bill = Bill {
        compute: Some(Compute::Fargate),
        ..Bill::for_variant(v)
    };
    if (vcpu, gb) != (want_vcpu, want_gb) {
        bill.note_with(|| {
            format!(
                "Fargate task rounded up from {} to the valid size {}",
                size_text(want_vcpu, want_gb),
                size_text(vcpu, gb)
            )
        });
    }
    let hours = if w.shape.kind.has_traffic() {
        v.pin.count.unwrap_or_else(|| w.avg_instances()) * HOURS
    } else {
        w.job_hours()
    };
    let rates = rates(p, v, usage, &mut bill)?;
    let (vcpu_item, memory_item) = if rates.spot {
        ("Fargate Spot vCPU", "Fargate Spot memory")
    } else {
        ("Fargate vCPU", "Fargate memory")
    };
    bill.push(
        LineItem::new(vcpu_item, hours * vcpu, "vCPU-hour", rates.vcpu_hour)
            .kind(ItemKind::FargateTasks),
    );
    bill.push(
        LineItem::new(memory_item, hours * gb, "GB-hour", rates.gb_hour)
            .kind(ItemKind::FargateTasks),
    );
    let included = l.fargate.included_storage_gb;
    let extra_storage = r.storage_gb - included;
    if extra_storage > 0.0 {
        let price = p.need(
            p.table.fargate.storage_gb_hour,
            "fargate",
            "storage_gb_hour",
        )?;
        bill.push(
            LineItem::new(
                l.fargate.storage_item.clone(),
                hours * extra_storage,
                "GB-hour",
                price,
            )
            .kind(ItemKind::FargateTasks),
        );
    }
    // With egress = "public_ip" every task (or pod) has a public IPv4 address while it runs.
    if let Some(ips) = network::instance_addresses(w, p, hours, "tasks")? {
        bill.push(ips.kind(ItemKind::FargateTasks));
    }
    Ok(bill)
}

struct Rates {
    vcpu_hour: f64,
    gb_hour: f64,
    spot: bool,
}

fn rates(p: &Prices, v: Variant, usage: Use, bill: &mut Bill) -> Result<Rates, Unpriced> {
    let f = &p.table.fargate;
    let (vcpu_key, gb_key, vcpu, gb) = match v.arch {
        Arch::X86 => (
            "x86_vcpu_hour",
            "x86_gb_hour",
            f.x86_vcpu_hour,
            f.x86_gb_hour,
        ),
        Arch::Arm => (
            "arm_vcpu_hour",
            "arm_gb_hour",
            f.arm_vcpu_hour,
            f.arm_gb_hour,
        ),
    };
    let vcpu = p.need(vcpu, "fargate", vcpu_key)?;
    let gb = p.need(gb, "fargate", gb_key)?;
    let on_demand = Rates {
        vcpu_hour: vcpu,
        gb_hour: gb,
        spot: false,
    };
    match v.option {
        Purchase::Spot if usage == Use::Eks => {
            bill.note("EKS pods on Fargate cannot use Fargate Spot; priced On-Demand");
            bill.option_used = Some(Purchase::OnDemand);
            Ok(on_demand)
        }
        Purchase::Spot => {
            let (vk, gk, sv, sg) = match v.arch {
                Arch::X86 => (
                    "spot_x86_vcpu_hour",
                    "spot_x86_gb_hour",
                    f.spot_x86_vcpu_hour,
                    f.spot_x86_gb_hour,
                ),
                Arch::Arm => (
                    "spot_arm_vcpu_hour",
                    "spot_arm_gb_hour",
                    f.spot_arm_vcpu_hour,
                    f.spot_arm_gb_hour,
                ),
            };
            match (sv, sg) {
                (Some(sv), Some(sg)) => Ok(Rates {
                    vcpu_hour: sv,
                    gb_hour: sg,
                    spot: true,
                }),
                (None, _) => {
                    discount_or_on_demand(p, None, ("fargate", vk, "Fargate Spot"), bill);
                    Ok(on_demand)
                }
                (_, None) => {
                    discount_or_on_demand(p, None, ("fargate", gk, "Fargate Spot"), bill);
                    Ok(on_demand)
                }
            }
        }
        Purchase::SavingsPlan1yr | Purchase::SavingsPlan3yr => {
            let sp = &p.table.savings_plan;
            let (entry, key, what) = if v.option == Purchase::SavingsPlan1yr {
                (
                    &sp.fargate_1yr,
                    "fargate_1yr",
                    "a 1-year Compute Savings Plan for Fargate",
                )
            } else {
                (
                    &sp.fargate_3yr,
                    "fargate_3yr",
                    "a 3-year Compute Savings Plan for Fargate",
                )
            };
            let factor = discount_or_on_demand(
                p,
                entry.as_ref().map(crate::pricing::Discount::factor),
                ("savings_plan", key, what),
                bill,
            );
            Ok(Rates {
                vcpu_hour: vcpu * factor,
                gb_hour: gb * factor,
                spot: false,
            })
        }
        _ => Ok(on_demand),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{close, limits, prices, service, variant};

    #[test]
    fn service_tasks_round_up_and_bill_730_hours_each() {
        // 30M req × 120 ms = 3.6M s of work; ÷ 2,628,000 s/month = 1.37 concurrent;
        // ÷ 80 per task → ceil 0.017 = 1 task; min_instances 1 → 1 task → 730 task-hours.
        // 1 vCPU / 2 GB x86: 730 × $0.04048 = $29.5504; 730 × 2 × $0.004445 = $6.4897.
        // ALB: $16.425 + capacity units on processed bytes, 30M × 17 KiB ÷ 1,048,576 = 486.3739 LCU-h
        // × $0.008 = $3.8909912109375. The task's public IPv4: 730 × $0.005 = $3.65; the ALB's two:
        // $7.30. Total $67.3060912109375.
        let w = service(30_000_000.0, 120.0);
        let bill = fargate(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        close(bill.items[0].monthly_usd, 29.5504);
        close(bill.items[1].monthly_usd, 6.4897);
        close(bill.total(), 67.306_091_210_937_5);
    }

    #[test]
    fn arm_rates() {
        // 2 tasks (min_instances 2) of 0.5 vCPU / 1 GB on ARM: 1,460 task-hours.
        // vCPU: 1,460 × 0.5 × $0.03238 = $23.6374; memory: 1,460 × 1 × $0.00356 = $5.1976.
        let mut w = service(1_000_000.0, 50.0);
        w.resources.vcpu = 0.5;
        w.resources.memory_gb = 1.0;
        w.traffic.as_mut().unwrap().min_instances = 2;
        let bill = tasks(
            &w,
            &prices(),
            limits(),
            variant(Arch::Arm, Purchase::OnDemand),
            Use::Ecs,
        )
        .unwrap();
        close(bill.items[0].monthly_usd, 23.6374);
        close(bill.items[1].monthly_usd, 5.1976);
    }

    #[test]
    fn ephemeral_storage_above_20_gb() {
        // 50 GB disk: 30 GB extra × 730 h × $0.000111 = $2.4309.
        let mut w = service(1_000_000.0, 50.0);
        w.resources.storage_gb = 50.0;
        let bill = tasks(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
            Use::Ecs,
        )
        .unwrap();
        close(bill.items[2].monthly_usd, 2.4309);
    }

    #[test]
    fn spot_rates_except_for_eks_pods() {
        let mut w = service(1_000_000.0, 50.0);
        w.needs.interruption_tolerant = true;
        // Fargate Spot x86: 730 × $0.01264355 = $9.2297915.
        let bill = tasks(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::Spot),
            Use::Ecs,
        )
        .unwrap();
        assert_eq!(bill.items[0].item, "Fargate Spot vCPU");
        close(bill.items[0].monthly_usd, 9.229_791_5);
        let eks = tasks(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::Spot),
            Use::Eks,
        )
        .unwrap();
        assert_eq!(eks.items[0].item, "Fargate vCPU");
        assert_eq!(eks.option_used, Some(Purchase::OnDemand));
    }

    #[test]
    fn jobs_bill_job_hours() {
        // 1,000 runs × 6 min = 100 job-hours; 2 vCPU / 4 GB x86:
        // 200 vCPU-h × $0.04048 = $8.096; 400 GB-h × $0.004445 = $1.778.
        let w = crate::cost::testing::batch(1_000.0, 6.0, 2.0, 4.0);
        let bill = tasks(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
            Use::Batch,
        )
        .unwrap();
        close(bill.items[0].quantity, 200.0);
        close(bill.items[0].monthly_usd, 8.096);
        close(bill.items[1].monthly_usd, 1.778);
    }

    #[test]
    fn too_large_or_gpu_does_not_fit() {
        let mut w = service(1.0, 1.0);
        w.resources.vcpu = 17.0;
        assert!(matches!(
            tasks(
                &w,
                &prices(),
                limits(),
                variant(Arch::X86, Purchase::OnDemand),
                Use::Ecs
            ),
            Err(Unpriced::NoFit(_))
        ));
        w.resources.vcpu = 1.0;
        w.resources.gpus = 1;
        assert!(matches!(
            tasks(
                &w,
                &prices(),
                limits(),
                variant(Arch::X86, Purchase::OnDemand),
                Use::Ecs
            ),
            Err(Unpriced::NoFit(_))
        ));
    }
}
