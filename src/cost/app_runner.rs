//! App Runner: memory for every provisioned instance-hour, plus vCPU only while requests are being
//! handled (spec §3). Memory is billed once: an active instance pays the same GB-hour as an idle
//! one, so there is no separate "active memory" line. Load balancing and HTTPS are built in.

use super::{Bill, HOURS, LineItem, NoFit, Said, Size, Unpriced, Variant, trim};
use crate::pricing::Prices;
use crate::rules::Limits;
use crate::workload::{Purchase, Workload};

pub(crate) fn app_runner(
    w: &Workload,
    p: &Prices,
    l: &Limits,
    v: Variant,
) -> Result<Bill, Unpriced> {
    let r = &w.resources;
    let t = &p.table.app_runner;
    let max = &l.app_runner;
    if r.gpus > 0 {
        return Err(Unpriced::NoFit(NoFit::Said("App Runner offers no GPUs")));
    }
    // Today's instance size when pinned (it must hold the workload's), else the workload's own.
    let (want_vcpu, want_gb) = match v.pin.size {
        Some((vcpu, gb)) if vcpu < r.vcpu || gb < r.memory_gb => {
            return Err(Unpriced::NoFit(NoFit::TooSmall {
                unit: "instance",
                given: Size::new(vcpu, gb),
                need: Size::new(r.vcpu, r.memory_gb),
            }));
        }
        Some(size) => size,
        None => (r.vcpu, r.memory_gb),
    };
    let Some((vcpu, gb)) = l.app_runner_size(want_vcpu, want_gb) else {
        return Err(Unpriced::NoFit(NoFit::TooLarge {
            unit: "instance",
            service: "App Runner",
            want: Size::new(want_vcpu, want_gb),
            max: Size::new(max.max_vcpu, max.max_memory_gb),
        }));
    };
    let mut bill = Bill {
        // App Runner has no Spot or Savings Plans.
        option_used: Some(Purchase::OnDemand),
        ..Bill::for_variant(v)
    };
    if (vcpu, gb) != (want_vcpu, want_gb) {
        bill.note(Said::AppRunnerRounded {
            from: Size::new(want_vcpu, want_gb),
            to: Size::new(vcpu, gb),
        });
    }
    let (provisioned, busy_hours) = if w.shape.kind.has_traffic() {
        (
            v.pin.count.unwrap_or_else(|| w.avg_instances()),
            w.requests_per_month() * w.avg_duration_ms() / 3.6e6,
        )
    } else {
        let job_hours = w.job_hours();
        ((job_hours / HOURS).ceil().max(1.0), job_hours)
    };
    if provisioned > max.max_instances {
        return Err(Unpriced::NoFit(NoFit::Text(format!(
            "needs {} instances; App Runner scales to at most {}",
            trim(provisioned),
            trim(max.max_instances)
        ))));
    }
    // Requests are assumed not to overlap: the documented upper bound on active time.
    let active_hours = (provisioned * HOURS).min(busy_hours);
    let provisioned_gb = p.need(t.provisioned_gb_hour, "app_runner", "provisioned_gb_hour")?;
    let active_vcpu = p.need(t.active_vcpu_hour, "app_runner", "active_vcpu_hour")?;
    bill.push(LineItem::new(
        "App Runner provisioned memory",
        provisioned * HOURS * gb,
        "GB-hour",
        provisioned_gb,
    ));
    bill.push(LineItem::new(
        "App Runner active vCPU",
        active_hours * vcpu,
        "vCPU-hour",
        active_vcpu,
    ));
    Ok(bill)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{close, limits, prices, service, variant};
    use crate::workload::Arch;

    #[test]
    fn provisioned_plus_active() {
        // 1 instance of 1 vCPU / 2 GB. Memory, every provisioned hour: 730 h × 2 GB × $0.007 = $10.22.
        // Busy: 30M × 120 ms = 3.6M s = 1,000 h, capped at 1 × 730 h.
        // Active vCPU: 730 × 1 vCPU × $0.064 = $46.72. Memory is not billed again while active.
        // Total $10.22 + $46.72 = $56.94.
        let w = service(30_000_000.0, 120.0);
        let bill = app_runner(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        close(bill.items[0].monthly_usd, 10.22);
        close(bill.items[1].quantity, 730.0);
        assert_eq!(bill.items.len(), 2);
        close(bill.total(), 56.94);
    }

    #[test]
    fn active_time_is_request_time_when_lower() {
        // 1M × 100 ms = 100,000 s = 27.78 h active: 27.78 h × 1 vCPU × $0.064 = $1.77778.
        // Memory: 730 h × 2 GB × $0.007 = $10.22, all provisioned hours. Total $11.99778.
        let w = service(1_000_000.0, 100.0);
        let bill = app_runner(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        close(bill.items[1].quantity, 100_000.0 / 3_600.0);
        close(bill.total(), 10.22 + 100_000.0 / 3_600.0 * 0.064);
    }

    #[test]
    fn rounds_up_and_refuses_too_large() {
        // 0.5 vCPU / 1.5 GB rounds to 1 vCPU / 2 GB.
        let mut w = service(1_000_000.0, 100.0);
        w.resources.vcpu = 0.5;
        w.resources.memory_gb = 1.5;
        let bill = app_runner(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        close(bill.items[0].quantity, 730.0 * 2.0);
        w.resources.memory_gb = 13.0;
        assert!(matches!(
            app_runner(
                &w,
                &prices(),
                limits(),
                variant(Arch::X86, Purchase::OnDemand)
            ),
            Err(Unpriced::NoFit(_))
        ));
    }

    #[test]
    fn at_most_25_instances() {
        let mut w = service(1_000_000.0, 100.0);
        w.traffic.as_mut().unwrap().avg_instances = Some(25.0);
        assert!(
            app_runner(
                &w,
                &prices(),
                limits(),
                variant(Arch::X86, Purchase::OnDemand)
            )
            .is_ok()
        );
        w.traffic.as_mut().unwrap().avg_instances = Some(26.0);
        assert!(matches!(
            app_runner(
                &w,
                &prices(),
                limits(),
                variant(Arch::X86, Purchase::OnDemand)
            ),
            Err(Unpriced::NoFit(_))
        ));
    }
}
