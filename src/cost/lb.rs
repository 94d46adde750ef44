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
    // A capacity unit counts new connections per second: 25 for the ALB, 800 TCP or 400 UDP flows
    // for the NLB (facts `lb_requests_per_lcu`, `nlb_tcp_flows_per_nlcu`, `nlb_udp_flows_per_nlcu`).
    let (name, lcu_name, hour, lcu, hour_key, lcu_key, per_unit) =
        if w.shape.interface.is_http_family() {
            (
                "Application Load Balancer",
                "Application Load Balancer capacity units",
                lb.alb_hour,
                lb.alb_lcu_hour,
                "alb_hour",
                "alb_lcu_hour",
                l.lb_requests_per_lcu,
            )
        } else {
            (
                "Network Load Balancer",
                "Network Load Balancer capacity units",
                lb.nlb_hour,
                lb.nlb_lcu_hour,
                "nlb_hour",
                "nlb_lcu_hour",
                if w.shape.interface == Interface::Udp {
                    l.nlb_udp_flows_per_nlcu
                } else {
                    l.nlb_tcp_flows_per_nlcu
                },
            )
        };
    let hour = p.need(hour, "load_balancer", hour_key)?;
    let lcu = p.need(lcu, "load_balancer", lcu_key)?;
    let clusters = f64::from(w.pricing.clusters);
    // Each load balancer is billed at least one capacity unit; traffic beyond that adds units.
    let lcus = clusters.max(w.requests_per_second() / per_unit);
    bill.push(LineItem::new(name, clusters * HOURS, "LB-hour", hour));
    bill.push(LineItem::new(lcu_name, lcus * HOURS, "LCU-hour", lcu));
    // Internet-facing: a public IPv4 address in each Availability Zone it spans.
    if let Some(ips) = super::network::load_balancer_addresses(w, p, l, clusters)? {
        bill.push(ips);
    }
    Ok(bill)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{limits, prices, service};

    #[test]
    fn alb_at_minimum_one_lcu() {
        // 30M requests/month = 11.4 req/s, below 25: one LCU.
        // 730 h × $0.0225 = $16.425; 730 LCU-h × $0.008 = $5.84; total $22.265; and its two public
        // IPv4 addresses, 1,460 h × $0.005 = $7.30.
        let w = service(30_000_000.0, 100.0);
        let bill = load_balancer(&w, &prices(), limits()).unwrap();
        assert_eq!(bill.items.len(), 3);
        assert!((bill.items[2].monthly_usd - 7.30).abs() < 1e-9);
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
    fn nlb_counts_800_tcp_or_400_udp_flows_per_unit() {
        // 5,256M requests/month ÷ (730 h × 3,600 s) = 2,000 new flows/s.
        // TCP: 2,000 ÷ 800 = 2.5 NLCUs → 1,825 NLCU-h × $0.006 = $10.95
        //   (the ALB's divisor would have given 2,000 ÷ 25 = 80 units, $350.40).
        // UDP: 2,000 ÷ 400 = 5 NLCUs → 3,650 NLCU-h × $0.006 = $21.90.
        let mut w = service(5_256_000_000.0, 100.0);
        w.shape.interface = Interface::Tcp;
        let bill = load_balancer(&w, &prices(), limits()).unwrap();
        assert_eq!(bill.items[1].item, "Network Load Balancer capacity units");
        assert!((bill.items[1].quantity - 1_825.0).abs() < 1e-6);
        assert!((bill.items[1].monthly_usd - 10.95).abs() < 1e-9);
        w.shape.interface = Interface::Udp;
        let bill = load_balancer(&w, &prices(), limits()).unwrap();
        assert!((bill.items[1].quantity - 3_650.0).abs() < 1e-6);
        assert!((bill.items[1].monthly_usd - 21.90).abs() < 1e-9);
        // 262.8M TCP requests/month = 100 flows/s ÷ 800 = 0.125: the one-unit floor still applies.
        let mut w = service(262_800_000.0, 100.0);
        w.shape.interface = Interface::Tcp;
        let bill = load_balancer(&w, &prices(), limits()).unwrap();
        assert!((bill.items[1].quantity - 730.0).abs() < 1e-9);
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
