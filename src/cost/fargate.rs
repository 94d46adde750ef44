//! ECS on Fargate, and the Fargate rates shared with EKS pods and Batch compute environments.

use super::{
    Bill, Compute, Fallback, HOURS, ItemKind, LineItem, NoFit, Said, Size, Variant, lb, network,
    on_demand_instead, trim,
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
    lb::load_balancer_into(w, p, l, &mut bill)?;
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
        return Err(Unpriced::NoFit(NoFit::Said("Fargate offers no GPUs")));
    }
    let storage = crate::cost::ebs::explicit_storage_gb(w).unwrap_or(0.0);
    if storage > l.fargate.max_storage_gb {
        return Err(Unpriced::NoFit(NoFit::Text(format!(
            "needs {} GB of disk per task; a Fargate task's ephemeral storage is at most {} GB",
            trim(storage),
            trim(l.fargate.max_storage_gb)
        ))));
    }
    // Today's task size when pinned (it must hold the workload's), else the workload's own.
    let (want_vcpu, mut want_gb) = match v.pin.size {
        Some((vcpu, gb)) if vcpu < r.vcpu || gb < r.memory_gb => {
            return Err(Unpriced::NoFit(NoFit::TooSmall {
                unit: "task",
                given: Size::new(vcpu, gb),
                need: Size::new(r.vcpu, r.memory_gb),
            }));
        }
        Some(size) => size,
        None => (r.vcpu, r.memory_gb),
    };
    // EKS reserves memory in every Fargate pod for its Kubernetes components before rounding.
    let pod_overhead = usage == Use::Eks;
    if pod_overhead {
        want_gb += l.fargate.eks_pod_overhead_gb;
    }
    let Some((vcpu, gb)) = l.fargate_size(want_vcpu, want_gb) else {
        return Err(Unpriced::NoFit(NoFit::TooLarge {
            unit: "task",
            service: "Fargate",
            want: Size::new(want_vcpu, want_gb),
            max: Size::new(l.fargate.max_vcpu, l.fargate.max_memory_gb),
        }));
    };
    let mut bill = Bill {
        compute: Some(Compute::Fargate),
        ..Bill::for_variant(v)
    };
    if pod_overhead {
        bill.note(Said::PodOverhead {
            mb: l.fargate.eks_pod_overhead_gb * 1_024.0,
            asked_gb: want_gb,
        });
    }
    if (vcpu, gb) != (want_vcpu, want_gb) {
        bill.note(Said::FargateRounded {
            from: Size::new(want_vcpu, want_gb),
            to: Size::new(vcpu, gb),
        });
    }
    let hours = if w.shape.kind.has_traffic() {
        v.pin.count.unwrap_or_else(|| w.avg_instances()) * HOURS
    } else {
        job_hours(w, l, &mut bill)
    };
    let rates = rates(p, v, usage, &mut bill)?;
    let (vcpu_item, memory_item) = match rates.kind {
        RateKind::OnDemand => ("Fargate vCPU", "Fargate memory"),
        RateKind::Spot => ("Fargate Spot vCPU", "Fargate Spot memory"),
        RateKind::SavingsPlan1yr => (
            "Fargate vCPU (1-year Savings Plan)",
            "Fargate memory (1-year Savings Plan)",
        ),
        RateKind::SavingsPlan3yr => (
            "Fargate vCPU (3-year Savings Plan)",
            "Fargate memory (3-year Savings Plan)",
        ),
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
    let extra_storage = storage - included;
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

/// Task-hours of a month's job runs: each run billed at least Fargate's minimum
/// (`runs × max(duration_min, min_billed_min) / 60`).
fn job_hours(w: &Workload, l: &Limits, bill: &mut Bill) -> f64 {
    let Some(j) = &w.jobs else { return 0.0 };
    let min = l.fargate.min_billed_min;
    if j.duration_min < min {
        bill.note(Said::FargateMinimum {
            min,
            run: j.duration_min,
        });
    }
    j.runs_per_month * j.duration_min.max(min) / 60.0
}

struct Rates {
    vcpu_hour: f64,
    gb_hour: f64,
    kind: RateKind,
}

/// Which of the table's Fargate rates a bill uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RateKind {
    OnDemand,
    Spot,
    SavingsPlan1yr,
    SavingsPlan3yr,
}

/// The rates for `v`'s architecture and purchase option: On-Demand, Fargate Spot (not for EKS
/// pods) or the Compute Savings Plans rates, each the table's own published rate for the
/// architecture. A rate the table lacks prices the bill On-Demand and records the fallback.
fn rates(p: &Prices, v: Variant, usage: Use, bill: &mut Bill) -> Result<Rates, Unpriced> {
    let f = &p.table.fargate;
    let arm = v.arch == Arch::Arm;
    let (vcpu_key, gb_key, vcpu, gb) = if arm {
        (
            "arm_vcpu_hour",
            "arm_gb_hour",
            f.arm_vcpu_hour,
            f.arm_gb_hour,
        )
    } else {
        (
            "x86_vcpu_hour",
            "x86_gb_hour",
            f.x86_vcpu_hour,
            f.x86_gb_hour,
        )
    };
    let on_demand = Rates {
        vcpu_hour: p.need(vcpu, "fargate", vcpu_key)?,
        gb_hour: p.need(gb, "fargate", gb_key)?,
        kind: RateKind::OnDemand,
    };
    if v.option == Purchase::Spot && usage == Use::Eks {
        bill.note("EKS pods on Fargate cannot use Fargate Spot; priced On-Demand");
        bill.option_used = Some(Purchase::OnDemand);
        return Ok(on_demand);
    }
    // (vCPU key, its rate, GB key, its rate, the kind, the rate in words), per architecture.
    let wanted = match (v.option, arm) {
        (Purchase::Spot, false) => (
            ("spot_x86_vcpu_hour", f.spot_x86_vcpu_hour),
            ("spot_x86_gb_hour", f.spot_x86_gb_hour),
            RateKind::Spot,
            "a Fargate Spot rate for x86",
        ),
        (Purchase::Spot, true) => (
            ("spot_arm_vcpu_hour", f.spot_arm_vcpu_hour),
            ("spot_arm_gb_hour", f.spot_arm_gb_hour),
            RateKind::Spot,
            "a Fargate Spot rate for ARM",
        ),
        (Purchase::SavingsPlan1yr, false) => (
            (
                "savings_plan_1yr_x86_vcpu_hour",
                f.savings_plan_1yr_x86_vcpu_hour,
            ),
            (
                "savings_plan_1yr_x86_gb_hour",
                f.savings_plan_1yr_x86_gb_hour,
            ),
            RateKind::SavingsPlan1yr,
            "a 1-year Compute Savings Plan rate for Fargate on x86",
        ),
        (Purchase::SavingsPlan1yr, true) => (
            (
                "savings_plan_1yr_arm_vcpu_hour",
                f.savings_plan_1yr_arm_vcpu_hour,
            ),
            (
                "savings_plan_1yr_arm_gb_hour",
                f.savings_plan_1yr_arm_gb_hour,
            ),
            RateKind::SavingsPlan1yr,
            "a 1-year Compute Savings Plan rate for Fargate on ARM",
        ),
        (Purchase::SavingsPlan3yr, false) => (
            (
                "savings_plan_3yr_x86_vcpu_hour",
                f.savings_plan_3yr_x86_vcpu_hour,
            ),
            (
                "savings_plan_3yr_x86_gb_hour",
                f.savings_plan_3yr_x86_gb_hour,
            ),
            RateKind::SavingsPlan3yr,
            "a 3-year Compute Savings Plan rate for Fargate on x86",
        ),
        (Purchase::SavingsPlan3yr, true) => (
            (
                "savings_plan_3yr_arm_vcpu_hour",
                f.savings_plan_3yr_arm_vcpu_hour,
            ),
            (
                "savings_plan_3yr_arm_gb_hour",
                f.savings_plan_3yr_arm_gb_hour,
            ),
            RateKind::SavingsPlan3yr,
            "a 3-year Compute Savings Plan rate for Fargate on ARM",
        ),
        _ => return Ok(on_demand),
    };
    let ((vk, vrate), (gk, grate), kind, what) = wanted;
    match (vrate, grate) {
        (Some(vcpu_hour), Some(gb_hour)) => Ok(Rates {
            vcpu_hour,
            gb_hour,
            kind,
        }),
        (vrate, _) => {
            on_demand_instead(
                bill,
                Fallback {
                    asked: v.option,
                    section: "fargate",
                    key: if vrate.is_none() { vk } else { gk },
                    what,
                },
            );
            Ok(on_demand)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{close, limits, prices, service, variant};

    /// `w`'s tasks priced On-Demand on x86, as `usage` runs them.
    fn x86_on_demand(w: &Workload, usage: Use) -> Bill {
        tasks(
            w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
            usage,
        )
        .unwrap()
    }

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
        let bill = x86_on_demand(&w, Use::Ecs);
        close(bill.items[2].monthly_usd, 2.4309);
    }

    #[test]
    fn storage_up_to_200_gb_and_no_more() {
        // 200 GB fits exactly: 180 GB above the included 20 × 730 h × $0.000111 = $14.5854.
        let mut w = service(1_000_000.0, 50.0);
        w.resources.storage_gb = 200.0;
        let on_demand = variant(Arch::X86, Purchase::OnDemand);
        let bill = x86_on_demand(&w, Use::Ecs);
        close(bill.items[2].quantity, 180.0 * 730.0);
        close(bill.items[2].monthly_usd, 14.5854);
        // 201 GB does not: Fargate's ephemeral storage stops at 200 GiB, for ECS, EKS and Batch.
        w.resources.storage_gb = 201.0;
        for usage in [Use::Ecs, Use::Eks, Use::Batch] {
            match tasks(&w, &prices(), limits(), on_demand, usage) {
                Err(Unpriced::NoFit(why)) => assert!(why.contains("at most 200 GB"), "{why}"),
                other => panic!("expected NoFit, got {other:?}"),
            }
        }
    }

    #[test]
    fn job_runs_shorter_than_a_minute_bill_a_minute() {
        // 1,000 runs of 10 s on 1 vCPU / 2 GB x86. Fargate bills each task at least 1 minute:
        // 1,000 × 1 min = 16.6667 task-hours (not 1,000 × 10 s = 2.7778).
        // vCPU: 16.6667 × $0.04048 = $0.674667; memory: 16.6667 × 2 × $0.004445 = $0.148167.
        let w = crate::cost::testing::batch(1_000.0, 10.0 / 60.0, 1.0, 2.0);
        let bill = x86_on_demand(&w, Use::Batch);
        close(bill.items[0].quantity, 1_000.0 / 60.0);
        close(bill.items[0].monthly_usd, 1_000.0 / 60.0 * 0.04048);
        close(bill.items[1].monthly_usd, 1_000.0 / 60.0 * 2.0 * 0.004445);
        assert!(
            bill.notes.iter().any(|n| n.contains("at least 1 minute")),
            "{:?}",
            bill.notes
        );
        // A 90 s run is billed as it runs: 1,000 × 1.5 min = 25 task-hours.
        let w = crate::cost::testing::batch(1_000.0, 1.5, 1.0, 2.0);
        let bill = x86_on_demand(&w, Use::Batch);
        close(bill.items[0].quantity, 25.0);
    }

    #[test]
    fn eks_adds_256_mb_to_every_pod_before_rounding() {
        // 1 vCPU / 2 GB: ECS bills 1 vCPU / 2 GB; an EKS pod asks 2 + 0.25 = 2.25 GB → 1 vCPU / 3 GB.
        // Memory: 730 × 3 × $0.004445 = $9.73455 (ECS: 730 × 2 × $0.004445 = $6.4897).
        let mut w = service(1_000_000.0, 50.0);
        let ecs = x86_on_demand(&w, Use::Ecs);
        close(ecs.items[1].monthly_usd, 6.4897);
        let eks = x86_on_demand(&w, Use::Eks);
        close(eks.items[1].quantity, 730.0 * 3.0);
        close(eks.items[1].monthly_usd, 9.734_55);
        // AWS's own example: 1 vCPU / 8 GB asks 8.25 GB, which no 1 vCPU size holds → 2 vCPU / 9 GB.
        // 730 × 2 × $0.04048 = $59.1008; 730 × 9 × $0.004445 = $29.20365.
        w.resources.memory_gb = 8.0;
        let eks = x86_on_demand(&w, Use::Eks);
        close(eks.items[0].monthly_usd, 59.1008);
        close(eks.items[1].monthly_usd, 29.203_65);
        assert!(
            eks.notes.iter().any(|n| n.contains("256 MB")),
            "{:?}",
            eks.notes
        );
    }

    #[test]
    fn spot_rates_except_for_eks_pods() {
        let mut w = service(1_000_000.0, 50.0);
        w.needs.interruption_tolerant = true;
        // Fargate Spot x86 (fargate-spot-prices.json, 2026-09-28): 730 × $0.01288871 = $9.4087583.
        let bill = tasks(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::Spot),
            Use::Ecs,
        )
        .unwrap();
        assert_eq!(bill.items[0].item, "Fargate Spot vCPU");
        close(bill.items[0].monthly_usd, 9.408_758_3);
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
    fn spot_on_arm_uses_its_own_rates() {
        // ARM64 on Fargate Spot (platform version 1.4.0 or later), one 1 vCPU / 2 GB task:
        // vCPU 730 × $0.01030969 = $7.5260737; memory 1,460 GB-h × $0.00113349 = $1.6548954.
        let mut w = service(1_000_000.0, 50.0);
        w.needs.interruption_tolerant = true;
        let bill = tasks(
            &w,
            &prices(),
            limits(),
            variant(Arch::Arm, Purchase::Spot),
            Use::Ecs,
        )
        .unwrap();
        assert_eq!(bill.items[0].item, "Fargate Spot vCPU");
        close(bill.items[0].unit_price_usd, 0.010_309_69);
        close(bill.items[0].monthly_usd, 7.526_073_7);
        close(bill.items[1].monthly_usd, 1.654_895_4);
        assert_eq!(bill.fallback, None);
        assert_eq!(bill.option_used, None);
    }

    #[test]
    fn savings_plans_use_the_plans_own_rates_per_architecture() {
        // Two 1 vCPU / 2 GB tasks (min_instances 2): 1,460 task-hours.
        let mut w = service(1_000_000.0, 50.0);
        w.traffic.as_mut().unwrap().min_instances = 2;
        let price =
            |arch, option| tasks(&w, &prices(), limits(), variant(arch, option), Use::Ecs).unwrap();
        // 1-year, ARM: vCPU 1,460 × $0.0255 = $37.23; memory 2,920 GB-h × $0.0028 = $8.176
        // (On-Demand: $47.2748 and $10.3952).
        let bill = price(Arch::Arm, Purchase::SavingsPlan1yr);
        assert_eq!(bill.items[0].item, "Fargate vCPU (1-year Savings Plan)");
        assert_eq!(bill.items[1].item, "Fargate memory (1-year Savings Plan)");
        close(bill.items[0].monthly_usd, 37.23);
        close(bill.items[1].monthly_usd, 8.176);
        assert_eq!(bill.fallback, None);
        // 1-year, x86: 1,460 × $0.032384 = $47.28064; 2,920 × $0.003556 = $10.38352.
        let bill = price(Arch::X86, Purchase::SavingsPlan1yr);
        close(bill.items[0].monthly_usd, 47.280_64);
        close(bill.items[1].monthly_usd, 10.383_52);
        // 3-year, x86: 1,460 × $0.022264 = $32.50544; 2,920 × $0.00244475 = $7.13867.
        let bill = price(Arch::X86, Purchase::SavingsPlan3yr);
        assert_eq!(bill.items[0].item, "Fargate vCPU (3-year Savings Plan)");
        close(bill.items[0].monthly_usd, 32.505_44);
        close(bill.items[1].monthly_usd, 7.138_67);
        // 3-year, ARM: 1,460 × $0.01749 = $25.5354; 2,920 × $0.00192 = $5.6064.
        let bill = price(Arch::Arm, Purchase::SavingsPlan3yr);
        close(bill.items[0].monthly_usd, 25.5354);
        close(bill.items[1].monthly_usd, 5.6064);
    }

    #[test]
    fn a_rate_the_table_lacks_prices_on_demand_and_says_which() {
        // The bundled eu-west-1 table has no Compute Savings Plans rates for Fargate: one
        // 1 vCPU / 2 GB ARM task is priced at the On-Demand 730 × $0.03238 = $23.6374, and the
        // bill records the absent rate (its text is built later, once per estimate).
        let eu = crate::pricing::Catalog::bundled()
            .unwrap()
            .region("eu-west-1")
            .unwrap()
            .clone();
        let w = service(1_000_000.0, 50.0);
        let bill = tasks(
            &w,
            &eu,
            limits(),
            variant(Arch::Arm, Purchase::SavingsPlan1yr),
            Use::Ecs,
        )
        .unwrap();
        assert_eq!(bill.items[0].item, "Fargate vCPU");
        close(bill.items[0].monthly_usd, 23.6374);
        assert_eq!(bill.option_used, Some(Purchase::OnDemand));
        assert_eq!(
            bill.fallback,
            Some(Fallback {
                asked: Purchase::SavingsPlan1yr,
                section: "fargate",
                key: "savings_plan_1yr_arm_vcpu_hour",
                what: "a 1-year Compute Savings Plan rate for Fargate on ARM",
            })
        );
        assert!(bill.warnings.is_empty(), "{:?}", bill.warnings);
    }

    #[test]
    fn jobs_bill_job_hours() {
        // 1,000 runs × 6 min = 100 job-hours; 2 vCPU / 4 GB x86:
        // 200 vCPU-h × $0.04048 = $8.096; 400 GB-h × $0.004445 = $1.778.
        let w = crate::cost::testing::batch(1_000.0, 6.0, 2.0, 4.0);
        let bill = x86_on_demand(&w, Use::Batch);
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
