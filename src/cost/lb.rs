//! The load balancer in front of instance- and container-based services (spec §3), alone or
//! shared by the services of a cluster (`runwhere plan`, spec §6).

use super::{Bill, HOURS, ItemKind, LineItem};
use crate::pricing::{Missing, Prices};
use crate::rules::Limits;
use crate::workload::{Interface, Workload};

/// The load balancer a workload's interface needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LbKind {
    /// Application Load Balancer: HTTP, gRPC, WebSocket.
    Alb,
    /// Network Load Balancer: TCP, UDP.
    Nlb,
}

/// The capacity units one workload's traffic uses on each metered dimension of its load balancer
/// (the dimension's usage ÷ what one unit covers). Workloads behind one load balancer add up per
/// dimension, and the busiest dimension is billed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Usage {
    kind: LbKind,
    /// New connections (flows) per second ÷ the connections one unit counts.
    new_connections: f64,
}

impl Usage {
    /// The workload's usage, or `None` when it takes no load balancer (jobs, `interface = "none"`).
    fn of(w: &Workload, l: &Limits) -> Option<Self> {
        if !w.shape.kind.has_traffic() || w.shape.interface == Interface::None {
            return None;
        }
        // A capacity unit counts new connections per second: 25 for the ALB, 800 TCP or 400 UDP
        // flows for the NLB (facts `lb_requests_per_lcu`, `nlb_tcp_flows_per_nlcu`,
        // `nlb_udp_flows_per_nlcu`).
        let (kind, per_unit) = if w.shape.interface.is_http_family() {
            (LbKind::Alb, l.lb_requests_per_lcu)
        } else if w.shape.interface == Interface::Udp {
            (LbKind::Nlb, l.nlb_udp_flows_per_nlcu)
        } else {
            (LbKind::Nlb, l.nlb_tcp_flows_per_nlcu)
        };
        Some(Self {
            kind,
            new_connections: w.requests_per_second() / per_unit,
        })
    }

    fn add(&mut self, other: &Self) {
        self.new_connections += other.new_connections;
    }

    /// The capacity units billed: the busiest dimension.
    fn busiest(&self) -> f64 {
        self.new_connections
    }
}

/// `count` load balancers of `kind` all month, using `units` capacity units an hour between them.
fn items(
    kind: LbKind,
    count: f64,
    units: f64,
    p: &Prices,
    label: &str,
) -> Result<Vec<LineItem>, Missing> {
    let lb = &p.table.load_balancer;
    let (name, hour, lcu, hour_key, lcu_key) = match kind {
        LbKind::Alb => (
            "Application Load Balancer",
            lb.alb_hour,
            lb.alb_lcu_hour,
            "alb_hour",
            "alb_lcu_hour",
        ),
        LbKind::Nlb => (
            "Network Load Balancer",
            lb.nlb_hour,
            lb.nlb_lcu_hour,
            "nlb_hour",
            "nlb_lcu_hour",
        ),
    };
    let hour = p.need(hour, "load_balancer", hour_key)?;
    let lcu = p.need(lcu, "load_balancer", lcu_key)?;
    // Each load balancer is billed at least one capacity unit; traffic beyond that adds units.
    let lcus = count.max(units);
    Ok(vec![
        LineItem::new(format!("{name}{label}"), count * HOURS, "LB-hour", hour)
            .kind(ItemKind::LoadBalancer),
        LineItem::new(
            format!("{name}{label} capacity units"),
            lcus * HOURS,
            "LCU-hour",
            lcu,
        )
        .kind(ItemKind::LoadBalancer),
    ])
}

/// One ALB (HTTP, gRPC, WebSocket) or NLB (TCP, UDP) per cluster for services and event handlers
/// that take traffic; nothing for jobs or `interface = "none"`.
pub(crate) fn load_balancer(w: &Workload, p: &Prices, l: &Limits) -> Result<Bill, Missing> {
    let mut bill = Bill::default();
    let Some(usage) = Usage::of(w, l) else {
        return Ok(bill);
    };
    let clusters = f64::from(w.pricing.clusters);
    for item in items(usage.kind, clusters, usage.busiest(), p, "")? {
        bill.push(item);
    }
    // Internet-facing: a public IPv4 address in each Availability Zone it spans.
    if let Some(ips) = super::network::load_balancer_addresses(w, p, l, clusters)? {
        bill.push(ips.kind(ItemKind::LoadBalancer));
    }
    Ok(bill)
}

/// One load balancer shared by several workloads of a cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedLoadBalancer {
    pub kind: LbKind,
    /// The workloads it serves, as indices into the slice given to [`shared_load_balancers`], in
    /// the order of its listener rules.
    pub members: Vec<usize>,
    /// Its hours and capacity units.
    pub items: Vec<LineItem>,
}

/// The load balancers the workloads of one cluster share: one ALB for every HTTP-family service
/// and one NLB for every TCP/UDP service, and another each time one reaches its quota (an ALB's
/// rules or target groups, an NLB's listeners; facts `alb_max_rules`, `alb_max_target_groups`,
/// `nlb_max_listeners`), one rule or listener per workload.
///
/// A shared ALB also meters rule evaluations: requests × the rules each is checked against
/// beyond the first `alb_free_rules`, ÷ `alb_rule_evaluations_per_lcu` a second. Its rules are
/// ordered busiest workload first, and a request stops at its own workload's rule.
///
/// # Errors
/// [`Missing`] when the region's table lacks a load-balancer price.
pub fn shared_load_balancers(
    members: &[&Workload],
    p: &Prices,
    l: &Limits,
) -> Result<Vec<SharedLoadBalancer>, Missing> {
    let mut out = Vec::new();
    for kind in [LbKind::Alb, LbKind::Nlb] {
        let mut users: Vec<(usize, Usage)> = members
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Usage::of(w, l).map(|u| (i, u)))
            .filter(|(_, u)| u.kind == kind)
            .collect();
        if users.is_empty() {
            continue;
        }
        let per_lb = match kind {
            LbKind::Alb => l.alb_max_rules.min(l.alb_max_target_groups),
            LbKind::Nlb => l.nlb_max_listeners,
        };
        // Busiest first: the rule order an operator would choose, and the one priced.
        users.sort_by(|(a, _), (b, _)| {
            members[*b]
                .requests_per_second()
                .total_cmp(&members[*a].requests_per_second())
                .then(a.cmp(b))
        });
        let per_lb = (per_lb.floor() as usize).max(1);
        let count = users.len().div_ceil(per_lb);
        for (n, chunk) in users.chunks(per_lb).enumerate() {
            let mut total = Usage {
                kind,
                new_connections: 0.0,
            };
            let mut rule_evaluations = 0.0;
            for (position, (i, u)) in chunk.iter().enumerate() {
                total.add(u);
                let beyond_free = (position as f64 + 1.0 - l.alb_free_rules).max(0.0);
                rule_evaluations += members[*i].requests_per_second() * beyond_free;
            }
            let mut units = total.busiest();
            if kind == LbKind::Alb {
                units = units.max(rule_evaluations / l.alb_rule_evaluations_per_lcu);
            }
            let label = if count > 1 {
                format!(" {} (shared)", n + 1)
            } else {
                " (shared)".to_owned()
            };
            out.push(SharedLoadBalancer {
                kind,
                members: chunk.iter().map(|(i, _)| *i).collect(),
                items: items(kind, 1.0, units, p, &label)?,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{limits, prices, service};

    #[test]
    fn a_second_shared_alb_past_the_quota_and_rule_evaluations_counted() {
        // 101 HTTP services of 2,628,000 requests a month each (1 request a second). ALB quotas:
        // 100 rules and 100 target groups → the 101st service needs a second ALB.
        let one = service(2_628_000.0, 100.0);
        let members: Vec<&Workload> = std::iter::repeat_n(&one, 101).collect();
        let lbs = shared_load_balancers(&members, &prices(), limits()).unwrap();
        assert_eq!(lbs.len(), 2);
        assert_eq!((lbs[0].members.len(), lbs[1].members.len()), (100, 1));
        assert!(
            lbs[0].items[0]
                .item
                .contains("Application Load Balancer 1 (shared)")
        );
        // Rule evaluations on the first: the request of the service at rule p is checked against
        // p rules, the first 10 free: Σ (p − 10) for p = 11..100 = 4,095 evaluations a second,
        // ÷ 1,000 = 4.095 capacity units, at least (the busiest dimension is billed), so at least
        // 4.095 × 730 = 2,989.35 LCU-hours. The second ALB's one rule is free.
        assert!(
            lbs[0].items[1].quantity >= 2_989.35 - 1e-6,
            "{:?}",
            lbs[0].items[1]
        );
        // One ALB's hours each: 730 × $0.0225.
        assert!((lbs[1].items[0].monthly_usd - 16.425).abs() < 1e-9);
    }

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
