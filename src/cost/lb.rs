//! The load balancer in front of instance- and container-based services (spec §3), alone or
//! shared by the services of a cluster (`runwhere plan`, spec §6).

use super::{Bill, HOURS, ItemKind, LineItem, trim};
use crate::pricing::{Missing, Prices};
use crate::rules::{CapacityUnit, Limits};
use crate::workload::{Interface, Workload};
use std::borrow::Cow;

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
/// dimension, and the busiest dimension is billed, with no minimum of one unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Usage {
    kind: LbKind,
    /// What one unit covers on each dimension (TCP or UDP for an NLB).
    unit: CapacityUnit,
    /// New connections (flows) per second ÷ the connections one unit counts: requests per second
    /// ÷ `traffic.requests_per_connection`.
    new_connections: f64,
    /// Open connections (flows) ÷ those one unit counts: `traffic.avg_connections`.
    active_connections: f64,
    /// Processed GB an hour ÷ those one unit counts: requests an hour × (`avg_request_kb` +
    /// `avg_response_kb`) ÷ 1,048,576 KiB per GB.
    processed_bytes: f64,
}

impl Usage {
    /// The workload's usage, or `None` when it takes no load balancer (jobs, `interface = "none"`).
    fn of(w: &Workload, l: &Limits) -> Option<Self> {
        let t = w.traffic.as_ref()?;
        if w.shape.interface == Interface::None {
            return None;
        }
        let (kind, unit) = if w.shape.interface.is_http_family() {
            (LbKind::Alb, l.lb.alb)
        } else if w.shape.interface == Interface::Udp {
            (LbKind::Nlb, l.lb.nlb_udp)
        } else {
            (LbKind::Nlb, l.lb.nlb_tcp)
        };
        let per_second = w.requests_per_second();
        let gb_per_hour =
            per_second * 3_600.0 * (t.avg_request_kb + t.avg_response_kb) / KIB_PER_GB;
        Some(Self {
            kind,
            unit,
            new_connections: per_second / t.requests_per_connection / unit.new_per_second,
            active_connections: t.avg_connections / unit.active,
            processed_bytes: gb_per_hour / unit.gb_per_hour,
        })
    }

    fn add(&mut self, other: &Self) {
        self.new_connections += other.new_connections;
        self.active_connections += other.active_connections;
        self.processed_bytes += other.processed_bytes;
    }

    /// The capacity units billed: the busiest dimension (AWS bills no minimum).
    fn busiest(&self) -> f64 {
        self.new_connections
            .max(self.active_connections)
            .max(self.processed_bytes)
    }
}

/// What `explain` says: the busiest dimension, then each dimension's units.
impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.kind {
            LbKind::Alb => "Application Load Balancer",
            LbKind::Nlb => "Network Load Balancer",
        };
        let dims = [
            (
                "new connections",
                self.new_connections,
                format!("{}/s", trim(self.unit.new_per_second)),
            ),
            (
                "active connections",
                self.active_connections,
                crate::output::format::number(self.unit.active),
            ),
            (
                "processed bytes",
                self.processed_bytes,
                format!("{} GB/hour", trim(self.unit.gb_per_hour)),
            ),
        ];
        let busiest = dims
            .iter()
            .fold(&dims[0], |a, b| if b.1 > a.1 { b } else { a });
        let all = dims
            .iter()
            .map(|(what, units, per)| format!("{what} {} (one unit per {per})", units_text(*units)))
            .collect::<Vec<_>>()
            .join(", ");
        write!(
            f,
            "{name} capacity units billed on the busiest dimension, {}, with no minimum: {all}",
            busiest.0
        )
    }
}

/// KiB in a GB (GiB), as AWS meters processed bytes and data transfer.
const KIB_PER_GB: f64 = 1_048_576.0;

/// A unit count as the notes show it: four decimals at most.
fn units_text(v: f64) -> String {
    crate::output::format::round_to(v, 10_000.0)
}

/// `count` load balancers of `kind` all month, using `units` capacity units an hour between them.
fn items(
    kind: LbKind,
    count: f64,
    units: f64,
    p: &Prices,
    label: &str,
) -> Result<[LineItem; 2], Missing> {
    let lb = &p.table.load_balancer;
    let (name, units_name, hour, lcu, hour_key, lcu_key) = match kind {
        LbKind::Alb => (
            "Application Load Balancer",
            "Application Load Balancer capacity units",
            lb.alb_hour,
            lb.alb_lcu_hour,
            "alb_hour",
            "alb_lcu_hour",
        ),
        LbKind::Nlb => (
            "Network Load Balancer",
            "Network Load Balancer capacity units",
            lb.nlb_hour,
            lb.nlb_lcu_hour,
            "nlb_hour",
            "nlb_lcu_hour",
        ),
    };
    let hour = p.need(hour, "load_balancer", hour_key)?;
    let lcu = p.need(lcu, "load_balancer", lcu_key)?;
    // AWS bills the capacity units used, with no minimum of one an hour.
    let lcus = units;
    // A workload's own load balancer is named by constants; a shared one carries its label.
    let (name, units_name): (Cow<'static, str>, Cow<'static, str>) = if label.is_empty() {
        (name.into(), units_name.into())
    } else {
        (
            format!("{name}{label}").into(),
            format!("{name}{label} capacity units").into(),
        )
    };
    Ok([
        LineItem::new(name, count * HOURS, "LB-hour", hour).kind(ItemKind::LoadBalancer),
        LineItem::new(units_name, lcus * HOURS, "LCU-hour", lcu).kind(ItemKind::LoadBalancer),
    ])
}

/// One ALB (HTTP, gRPC, WebSocket) or NLB (TCP, UDP) per cluster for services and event handlers
/// that take traffic; nothing for jobs or `interface = "none"`. `detail` writes the note that shows
/// each capacity-unit dimension. Several clusters share the traffic, so their capacity units add up
/// to those of the whole traffic. Written into the service's `bill` (its notes if it keeps them).
pub(crate) fn load_balancer_into(
    w: &Workload,
    p: &Prices,
    l: &Limits,
    bill: &mut Bill,
) -> Result<(), Missing> {
    let Some(usage) = Usage::of(w, l) else {
        return Ok(());
    };
    let clusters = f64::from(w.pricing.clusters);
    for item in items(usage.kind, clusters, usage.busiest(), p, "")? {
        bill.push(item);
    }
    bill.note(usage);
    // Internet-facing: a public IPv4 address in each Availability Zone it spans.
    if let Some(ips) = super::network::load_balancer_addresses(w, p, l, clusters)? {
        bill.push(ips.kind(ItemKind::LoadBalancer));
    }
    Ok(())
}

/// [`load_balancer_into`] an empty bill (`detail`: with its note).
#[cfg(test)]
fn load_balancer(w: &Workload, p: &Prices, l: &Limits, detail: bool) -> Result<Bill, Missing> {
    let mut bill = Bill {
        detail,
        ..Bill::default()
    };
    load_balancer_into(w, p, l, &mut bill)?;
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
            let mut total: Option<Usage> = None;
            let mut rule_evaluations = 0.0;
            for (position, (i, u)) in chunk.iter().enumerate() {
                match &mut total {
                    Some(t) => t.add(u),
                    None => total = Some(*u),
                }
                let beyond_free = (position as f64 + 1.0 - l.alb_free_rules).max(0.0);
                rule_evaluations += members[*i].requests_per_second() * beyond_free;
            }
            let mut units = total.map_or(0.0, |t| t.busiest());
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
                items: items(kind, 1.0, units, p, &label)?.into(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{close, limits, prices, service};

    fn traffic(w: &mut Workload) -> &mut crate::workload::Traffic {
        w.traffic.as_mut().unwrap()
    }

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
    fn alb_bills_processed_bytes_with_no_minimum_unit() {
        // 30M requests a month of 1 KiB in + 16 KiB out, 100 ms each, 10 per connection.
        // New connections: 30M ÷ 2,628,000 s = 11.4155 req/s ÷ 10 = 1.14155/s ÷ 25 = 0.04566 LCU.
        // Active: 1.14155 connections in flight (the default) ÷ 3,000 = 0.00038 LCU.
        // Processed: 30M × 17 KiB ÷ 1,048,576 = 486.37390 GB a month = 0.66627 GB/hour ÷ 1 = 0.66627
        // LCU, the busiest: 486.3739013671875 LCU-hours × $0.008 = $3.8909912109375 (no minimum of
        // 1 LCU, which would have been 730 LCU-hours, $5.84). ALB hours: 730 × $0.0225 = $16.425.
        let w = service(30_000_000.0, 100.0);
        let bill = load_balancer(&w, &prices(), limits(), true).unwrap();
        assert_eq!(bill.items[0].item, "Application Load Balancer");
        close(bill.items[0].monthly_usd, 16.425);
        assert_eq!(
            bill.items[1].item,
            "Application Load Balancer capacity units"
        );
        close(bill.items[1].quantity, 486.373_901_367_187_5);
        close(bill.items[1].monthly_usd, 3.890_991_210_937_5);
        assert!(
            bill.notes[0].contains("busiest dimension, processed bytes"),
            "{:?}",
            bill.notes
        );
    }

    #[test]
    fn alb_new_connections_when_each_request_opens_one() {
        // 262.8M requests a month = 100 req/s, one per connection: 100 ÷ 25 = 4 LCUs.
        // Processed: 360,000 req/hour × 2 KiB ÷ 1,048,576 = 0.6866 GB/hour: less.
        // 4 × 730 = 2,920 LCU-hours × $0.008 = $23.36.
        let mut w = service(262_800_000.0, 100.0);
        traffic(&mut w).requests_per_connection = 1.0;
        traffic(&mut w).avg_response_kb = 1.0;
        let bill = load_balancer(&w, &prices(), limits(), true).unwrap();
        close(bill.items[1].quantity, 2_920.0);
        close(bill.items[1].monthly_usd, 23.36);
        assert!(bill.notes[0].contains("busiest dimension, new connections"));
    }

    #[test]
    fn alb_active_connections_of_long_lived_clients() {
        // 6,000 open connections (WebSocket clients, say) ÷ 3,000 = 2 LCUs; 1M small requests a
        // month add little: 1M × 2 KiB ÷ 1,048,576 ÷ 730 = 0.0026 GB/hour.
        // 2 × 730 = 1,460 LCU-hours × $0.008 = $11.68.
        let mut w = service(1_000_000.0, 100.0);
        w.shape.interface = Interface::Websocket;
        traffic(&mut w).avg_connections = 6_000.0;
        traffic(&mut w).avg_response_kb = 1.0;
        let bill = load_balancer(&w, &prices(), limits(), false).unwrap();
        close(bill.items[1].quantity, 1_460.0);
        close(bill.items[1].monthly_usd, 11.68);
        // Without `detail`, no note is written.
        assert!(bill.notes.is_empty());
    }

    #[test]
    fn nlb_counts_800_tcp_or_400_udp_new_flows_per_unit() {
        // 5,256M requests/month ÷ (730 h × 3,600 s) = 2,000 new flows/s (one request per flow).
        // Processed: 7.2M flows/hour × 0.2 KiB ÷ 1,048,576 = 1.373 GB/hour: less than the flows.
        // TCP: 2,000 ÷ 800 = 2.5 NLCUs → 1,825 NLCU-h × $0.006 = $10.95
        //   (the ALB's divisor would have given 2,000 ÷ 25 = 80 units, $350.40).
        // UDP: 2,000 ÷ 400 = 5 NLCUs → 3,650 NLCU-h × $0.006 = $21.90.
        let mut w = service(5_256_000_000.0, 100.0);
        w.shape.interface = Interface::Tcp;
        traffic(&mut w).requests_per_connection = 1.0;
        traffic(&mut w).avg_request_kb = 0.1;
        traffic(&mut w).avg_response_kb = 0.1;
        let bill = load_balancer(&w, &prices(), limits(), true).unwrap();
        assert_eq!(bill.items[0].item, "Network Load Balancer");
        assert_eq!(bill.items[1].item, "Network Load Balancer capacity units");
        close(bill.items[1].quantity, 1_825.0);
        close(bill.items[1].monthly_usd, 10.95);
        w.shape.interface = Interface::Udp;
        let bill = load_balancer(&w, &prices(), limits(), true).unwrap();
        close(bill.items[1].quantity, 3_650.0);
        close(bill.items[1].monthly_usd, 21.90);
    }

    #[test]
    fn nlb_active_flows_100000_tcp_or_50000_udp_per_unit() {
        // 250,000 open flows: TCP 250,000 ÷ 100,000 = 2.5 NLCUs (1,825 NLCU-h, $10.95);
        // UDP ÷ 50,000 = 5 NLCUs (3,650 NLCU-h, $21.90). 1M tiny requests add almost nothing.
        let mut w = service(1_000_000.0, 100.0);
        w.shape.interface = Interface::Tcp;
        traffic(&mut w).avg_connections = 250_000.0;
        let bill = load_balancer(&w, &prices(), limits(), true).unwrap();
        close(bill.items[1].quantity, 1_825.0);
        close(bill.items[1].monthly_usd, 10.95);
        assert!(bill.notes[0].contains("busiest dimension, active connections"));
        w.shape.interface = Interface::Udp;
        let bill = load_balancer(&w, &prices(), limits(), true).unwrap();
        close(bill.items[1].quantity, 3_650.0);
    }

    #[test]
    fn none_for_no_interface_or_jobs() {
        let mut w = service(1_000_000.0, 100.0);
        w.shape.interface = Interface::None;
        assert!(
            load_balancer(&w, &prices(), limits(), true)
                .unwrap()
                .items
                .is_empty()
        );
        let jobs = crate::cost::testing::batch(10.0, 1.0, 1.0, 2.0);
        assert!(
            load_balancer(&jobs, &prices(), limits(), true)
                .unwrap()
                .items
                .is_empty()
        );
    }

    #[test]
    fn one_per_cluster_sharing_the_traffic() {
        // 3 clusters: 3 × 730 = 2,190 LB-hours; the traffic is spread over them, so the capacity
        // units are those of the whole traffic: 1M × 17 KiB ÷ 1,048,576 = 16.2125 LCU-hours.
        let mut w = service(1_000_000.0, 100.0);
        w.pricing.clusters = 3;
        let bill = load_balancer(&w, &prices(), limits(), true).unwrap();
        close(bill.items[0].quantity, 2_190.0);
        close(bill.items[1].quantity, 17_000_000.0 / 1_048_576.0);
    }
}
