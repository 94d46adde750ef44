//! The load balancer in front of instance- and container-based services (spec §3).

use super::{Bill, HOURS, LineItem};
use crate::pricing::{Missing, Prices};
use crate::rules::Limits;
use crate::workload::{Interface, Workload};

/// One ALB (HTTP, gRPC, WebSocket) or NLB (TCP, UDP) per cluster for services and event handlers
/// that take traffic; nothing for jobs or `interface = "none"`.
pub(crate) fn load_balancer(w: &Workload, p: &Prices, l: &Limits) -> Result<Bill, Missing> {
    let mut bill = Bill::default();
    if !w.shape.kind.has_traffic() || w.shape.interface == Interface::None {
        return Ok(bill);
    }
    let lb = &p.table.load_balancer;
    let (name, lcu_name, hour, lcu, hour_key, lcu_key) = if w.shape.interface.is_http_family() {
        (
            "Application Load Balancer",
            "Application Load Balancer capacity units",
            lb.alb_hour,
            lb.alb_lcu_hour,
            "alb_hour",
            "alb_lcu_hour",
        )
    } else {
        (
            "Network Load Balancer",
            "Network Load Balancer capacity units",
            lb.nlb_hour,
            lb.nlb_lcu_hour,
            "nlb_hour",
            "nlb_lcu_hour",
        )
    };
    let hour = p.need(hour, "load_balancer", hour_key)?;
    let lcu = p.need(lcu, "load_balancer", lcu_key)?;
    let clusters = f64::from(w.pricing.clusters);
    // Each load balancer is billed at least one capacity unit; traffic beyond that adds units.
    let lcus = clusters.max(w.requests_per_second() / l.lb_requests_per_lcu);
    bill.push(LineItem::new(name, clusters * HOURS, "LB-hour", hour));
    bill.push(LineItem::new(lcu_name, lcus * HOURS, "LCU-hour", lcu));
    Ok(bill)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{limits, prices, service};

    #[test]
    fn alb_at_minimum_one_lcu() {
        // 30M requests/month = 11.4 req/s, below 25: one LCU.
        // 730 h × $0.0225 = $16.425; 730 LCU-h × $0.008 = $5.84; total $22.265.
        let w = service(30_000_000.0, 100.0);
        let bill = load_balancer(&w, &prices(), limits()).unwrap();
        assert_eq!(bill.items.len(), 2);
        assert!((bill.items[0].monthly_usd - 16.425).abs() < 1e-9);
        assert!((bill.items[1].monthly_usd - 5.84).abs() < 1e-9);
    }

    #[test]
    fn lcus_grow_with_traffic() {
        // 262.8M requests/month = 100 req/s → 4 LCUs → 2,920 LCU-h × $0.008 = $23.36.
        let w = service(262_800_000.0, 100.0);
        let bill = load_balancer(&w, &prices(), limits()).unwrap();
        assert!((bill.items[1].quantity - 2_920.0).abs() < 1e-6);
        assert!((bill.items[1].monthly_usd - 23.36).abs() < 1e-9);
    }

    #[test]
    fn nlb_for_tcp_and_none_for_no_interface() {
        let mut w = service(1_000_000.0, 100.0);
        w.shape.interface = Interface::Tcp;
        let bill = load_balancer(&w, &prices(), limits()).unwrap();
        // NLB: 730 h × $0.0225 = $16.425; 730 NLCU-h × $0.006 = $4.38.
        assert_eq!(bill.items[0].item, "Network Load Balancer");
        assert!((bill.items[1].monthly_usd - 4.38).abs() < 1e-9);
        w.shape.interface = Interface::None;
        assert!(
            load_balancer(&w, &prices(), limits())
                .unwrap()
                .items
                .is_empty()
        );
    }

    #[test]
    fn one_per_cluster() {
        // 3 clusters: 3 × 730 = 2,190 LB-hours and at least 3 LCUs (2,190 LCU-hours).
        let mut w = service(1_000_000.0, 100.0);
        w.pricing.clusters = 3;
        let bill = load_balancer(&w, &prices(), limits()).unwrap();
        assert!((bill.items[0].quantity - 2_190.0).abs() < 1e-9);
        assert!((bill.items[1].quantity - 2_190.0).abs() < 1e-9);
    }
}
