//! Networking (spec §3): public IPv4 addresses, NAT gateways or interface VPC endpoints, and data
//! transfer out to the internet.
//!
//! `network.egress` decides what the services in a VPC (`ec2`, `ecs`, `fargate`, `eks`,
//! `elastic_beanstalk`, `batch`) pay to reach AWS services and the internet: a public IPv4 address
//! per VM, node or task (`public_ip`), NAT gateways (`nat`), or interface endpoints for ECR and
//! CloudWatch Logs (`endpoints`). Every service, Lambda and App Runner included, pays data transfer
//! out on `network.outbound_gb_per_month`. `egress = "none"` prices none of this.

use super::{Bill, HOURS, ItemKind, LineItem, trim};
use crate::pricing::{Missing, Prices, split_tiers};
use crate::rules::Limits;
use crate::service::Service;
use crate::workload::{Egress, Workload};

/// The unit of a public IPv4 line item.
const ADDRESS_HOUR: &str = "address-hour";

/// Whether the service runs in the workload's VPC (Lambda and App Runner run outside it by default).
pub(crate) fn in_vpc(service: Service) -> bool {
    !matches!(service, Service::Lambda | Service::AppRunner)
}

/// One public IPv4 address for every hour a VM, node or task runs, with `egress = "public_ip"`;
/// nothing otherwise. `what` names them in the line item (`VMs`, `nodes`, `tasks`).
pub(crate) fn instance_addresses(
    w: &Workload,
    p: &Prices,
    hours: f64,
    what: &str,
) -> Result<Option<LineItem>, Missing> {
    if w.network.egress != Egress::PublicIp {
        return Ok(None);
    }
    let price = p.need(
        p.table.network.public_ipv4_hour,
        "network",
        "public_ipv4_hour",
    )?;
    // The usual labels are constants: this runs for every variant priced.
    let label: std::borrow::Cow<'static, str> = match what {
        "VMs" => "Public IPv4 addresses (VMs)".into(),
        "nodes" => "Public IPv4 addresses (nodes)".into(),
        "tasks" => "Public IPv4 addresses (tasks)".into(),
        other => format!("Public IPv4 addresses ({other})").into(),
    };
    Ok(Some(LineItem::new(label, hours, ADDRESS_HOUR, price)))
}

/// The public IPv4 addresses of `load_balancers` internet-facing load balancers, each in two
/// Availability Zones, all month; nothing with `egress = "none"`.
pub(crate) fn load_balancer_addresses(
    w: &Workload,
    p: &Prices,
    l: &Limits,
    load_balancers: f64,
) -> Result<Option<LineItem>, Missing> {
    if w.network.egress == Egress::None {
        return Ok(None);
    }
    let price = p.need(
        p.table.network.public_ipv4_hour,
        "network",
        "public_ipv4_hour",
    )?;
    Ok(Some(LineItem::new(
        "Public IPv4 addresses (load balancer)",
        load_balancers * l.network.lb_addresses * HOURS,
        ADDRESS_HOUR,
        price,
    )))
}

/// Availability Zones the workload uses: two with high availability, else one.
fn zones(w: &Workload, l: &Limits) -> f64 {
    if w.needs.high_availability {
        l.network.ha_zones
    } else {
        1.0
    }
}

/// What every service pays besides its compute: NAT gateways or interface endpoints (services in
/// a VPC) and data transfer out to the internet (all).
pub(crate) fn shared_into(
    service: Service,
    w: &Workload,
    p: &Prices,
    l: &Limits,
    bill: &mut Bill,
) -> Result<(), Missing> {
    if w.network.egress == Egress::None {
        bill.note("networking not priced (network.egress = \"none\"): compute alone");
        return Ok(());
    }
    if in_vpc(service) {
        egress(w, p, l, bill)?;
    }
    data_transfer_out(w, p, bill)
}

/// [`shared_into`] an empty bill (`detail`: with its notes).
#[cfg(test)]
fn shared(
    service: Service,
    w: &Workload,
    p: &Prices,
    l: &Limits,
    detail: bool,
) -> Result<Bill, Missing> {
    let mut bill = Bill {
        detail,
        ..Bill::default()
    };
    shared_into(service, w, p, l, &mut bill)?;
    Ok(bill)
}

/// NAT gateways (`nat`) or interface endpoints (`endpoints`), all month, and the data they process.
fn egress(w: &Workload, p: &Prices, l: &Limits, bill: &mut Bill) -> Result<(), Missing> {
    let n = &p.table.network;
    let gb = w.network.nat_gb_per_month;
    match w.network.egress {
        Egress::Nat => {
            let hour = p.need(n.nat_gateway_hour, "network", "nat_gateway_hour")?;
            let per_gb = p.need(n.nat_gateway_gb, "network", "nat_gateway_gb")?;
            let gateways = zones(w, l);
            bill.push(
                LineItem::new("NAT gateways", gateways * HOURS, "gateway-hour", hour)
                    .kind(ItemKind::Egress),
            );
            bill.push(LineItem::new(
                "NAT gateway data processing",
                gb,
                "GB",
                per_gb,
            ));
            bill.note(super::Said::NatGateways { gateways, gb });
        }
        Egress::Endpoints => {
            let hour = p.need(n.vpc_endpoint_hour, "network", "vpc_endpoint_hour")?;
            let per_gb = p.need(n.vpc_endpoint_gb, "network", "vpc_endpoint_gb")?;
            let zones = zones(w, l);
            let endpoints = l.network.endpoints_per_zone * zones;
            bill.push(
                LineItem::new(
                    "Interface VPC endpoints",
                    endpoints * HOURS,
                    "endpoint-hour",
                    hour,
                )
                .kind(ItemKind::Egress),
            );
            bill.push(LineItem::new(
                "Interface endpoint data processing",
                gb,
                "GB",
                per_gb,
            ));
            bill.note(super::Said::Endpoints {
                per_zone: l.network.endpoints_per_zone,
                zones,
            });
        }
        Egress::PublicIp | Egress::None => {}
    }
    Ok(())
}

/// Data transfer out to the internet on `network.outbound_gb_per_month`, in the region's tiers;
/// the account's free allowance only with `pricing.free_tier`.
fn data_transfer_out(w: &Workload, p: &Prices, bill: &mut Bill) -> Result<(), Missing> {
    let out = w.network.outbound_gb_per_month;
    if out <= 0.0 {
        return Ok(());
    }
    let n = &p.table.network;
    let tiers = p.need_tiers(&n.data_transfer_out_gb, "network", "data_transfer_out_gb")?;
    let free = if w.pricing.free_tier {
        p.need(n.data_transfer_free_gb, "network", "data_transfer_free_gb")?
    } else {
        0.0
    };
    let label = if w.pricing.free_tier {
        "Data transfer out to the internet (after the free tier)"
    } else {
        "Data transfer out to the internet"
    };
    // The free allowance takes the first, dearest GB: AWS applies it before the tiers.
    let billable = (out - free).max(0.0);
    let split = split_tiers(tiers, out);
    let several = split
        .iter()
        .filter(|(_, q, lower)| lower + q > free)
        .count()
        > 1;
    for (tier, quantity, lower) in split {
        // The part of this tier above the free GB.
        let start = lower.max(free);
        let billed = (lower + quantity - start).max(0.0);
        if billed <= 0.0 {
            continue;
        }
        let item: std::borrow::Cow<'static, str> = if several && lower > 0.0 {
            format!("{label}, above {} GB", trim(lower)).into()
        } else {
            label.into()
        };
        bill.push(LineItem::new(item, billed, "GB", tier.price).kind(ItemKind::DataTransferOut));
    }
    if billable <= 0.0 {
        bill.push(LineItem::new(label, 0.0, "GB", tiers[0].price).kind(ItemKind::DataTransferOut));
    }
    Ok(())
}

/// The NAT gateways or interface endpoints one shared cluster's workloads use together
/// (`runwhere plan`): one set, by the hour, for the workloads with each `egress`, in as many
/// Availability Zones as the most demanding of them. Their data processing stays with each
/// workload.
///
/// # Errors
/// [`Missing`] when the region's table lacks a NAT or endpoint price.
pub fn shared_egress(
    members: &[&Workload],
    p: &Prices,
    l: &Limits,
) -> Result<Vec<LineItem>, Missing> {
    let mut out = Vec::new();
    for kind in [Egress::Nat, Egress::Endpoints] {
        let using: Vec<&&Workload> = members
            .iter()
            .filter(|w| w.network.egress == kind)
            .collect();
        let Some(first) = using.first() else {
            continue;
        };
        // One workload standing for the set: the zones of the most demanding, no traffic of its
        // own (each workload keeps its data processing line).
        let mut set = (**first).clone();
        set.needs.high_availability = using.iter().any(|w| w.needs.high_availability);
        set.network.nat_gb_per_month = 0.0;
        let mut bill = Bill::default();
        egress(&set, p, l, &mut bill)?;
        out.extend(
            bill.items
                .into_iter()
                .filter(|i| i.kind == ItemKind::Egress),
        );
    }
    Ok(out)
}

/// The public IPv4 addresses of one shared internet-facing load balancer, or none when no
/// workload behind it has networking priced.
///
/// # Errors
/// [`Missing`] when the region's table lacks the public IPv4 price.
pub fn shared_load_balancer_addresses(
    members: &[&Workload],
    p: &Prices,
    l: &Limits,
) -> Result<Option<LineItem>, Missing> {
    match members.iter().find(|w| w.network.egress != Egress::None) {
        Some(w) => {
            Ok(load_balancer_addresses(w, p, l, 1.0)?.map(|i| i.kind(ItemKind::LoadBalancer)))
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{close, limits, prices, service};

    fn with(egress: Egress, ha: bool, nat_gb: f64, out_gb: f64) -> Workload {
        let mut w = service(1_000_000.0, 100.0);
        w.network.egress = egress;
        w.needs.high_availability = ha;
        w.network.nat_gb_per_month = nat_gb;
        w.network.outbound_gb_per_month = out_gb;
        w
    }

    #[test]
    fn public_ip_per_instance_hour() {
        // 3 tasks all month: 2,190 address-hours × $0.005 = $10.95.
        let w = with(Egress::PublicIp, false, 0.0, 0.0);
        let item = instance_addresses(&w, &prices(), 3.0 * 730.0, "tasks")
            .unwrap()
            .unwrap();
        assert_eq!(item.item, "Public IPv4 addresses (tasks)");
        close(item.monthly_usd, 10.95);
        // Behind NAT or endpoints, or not priced: no address per task.
        for egress in [Egress::Nat, Egress::Endpoints, Egress::None] {
            let w = with(egress, false, 0.0, 0.0);
            assert!(
                instance_addresses(&w, &prices(), 2_190.0, "tasks")
                    .unwrap()
                    .is_none()
            );
        }
    }

    #[test]
    fn a_load_balancer_has_two_addresses() {
        // One load balancer: 2 addresses × 730 h = 1,460 address-hours × $0.005 = $7.30, whatever the
        // egress (the load balancer faces the internet); none with egress = "none".
        for egress in [Egress::PublicIp, Egress::Nat, Egress::Endpoints] {
            let w = with(egress, false, 0.0, 0.0);
            let item = load_balancer_addresses(&w, &prices(), limits(), 1.0)
                .unwrap()
                .unwrap();
            close(item.quantity, 1_460.0);
            close(item.monthly_usd, 7.30);
        }
        let w = with(Egress::None, false, 0.0, 0.0);
        assert!(
            load_balancer_addresses(&w, &prices(), limits(), 1.0)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn nat_gateways_and_their_processing() {
        // One NAT gateway: 730 h × $0.045 = $32.85; 500 GB × $0.045 = $22.50; total $55.35.
        let w = with(Egress::Nat, false, 500.0, 0.0);
        let bill = shared(Service::Fargate, &w, &prices(), limits(), false).unwrap();
        assert_eq!(bill.items.len(), 2);
        close(bill.items[0].quantity, 730.0);
        close(bill.items[0].monthly_usd, 32.85);
        close(bill.items[1].monthly_usd, 22.50);
        // High availability: two gateways, 1,460 h × $0.045 = $65.70 (+ $22.50) = $88.20.
        let w = with(Egress::Nat, true, 500.0, 0.0);
        let bill = shared(Service::Fargate, &w, &prices(), limits(), false).unwrap();
        close(bill.total(), 88.20);
        // Lambda and App Runner are outside the VPC: no NAT.
        for s in [Service::Lambda, Service::AppRunner] {
            assert!(
                shared(s, &w, &prices(), limits(), false)
                    .unwrap()
                    .items
                    .is_empty()
            );
        }
    }

    #[test]
    fn interface_endpoints_in_each_zone() {
        // 3 endpoints × 1 zone × 730 h = 2,190 endpoint-hours × $0.01 = $21.90; 100 GB × $0.01 = $1.
        let w = with(Egress::Endpoints, false, 100.0, 0.0);
        let bill = shared(Service::Ecs, &w, &prices(), limits(), false).unwrap();
        close(bill.items[0].quantity, 2_190.0);
        close(bill.items[0].monthly_usd, 21.90);
        close(bill.items[1].monthly_usd, 1.0);
        // High availability: 3 × 2 zones × 730 = 4,380 h × $0.01 = $43.80.
        let w = with(Egress::Endpoints, true, 0.0, 0.0);
        let bill = shared(Service::Ecs, &w, &prices(), limits(), false).unwrap();
        close(bill.items[0].monthly_usd, 43.80);
    }

    #[test]
    fn data_transfer_out_in_tiers_for_every_service() {
        // 20,000 GB: first 10,240 × $0.09 = $921.60; next 9,760 × $0.085 = $829.60; total $1,751.20.
        let w = with(Egress::PublicIp, false, 0.0, 20_000.0);
        for s in &Service::ALL {
            let bill = shared(*s, &w, &prices(), limits(), false).unwrap();
            assert_eq!(bill.items.len(), 2, "{s:?}");
            close(bill.items[0].monthly_usd, 921.60);
            close(bill.items[1].quantity, 9_760.0);
            close(bill.total(), 1_751.20);
        }
    }

    #[test]
    fn free_data_transfer_only_with_the_free_tier() {
        // 500 GB out: $0.09 × 500 = $45 without the free tier; with it, 400 GB × $0.09 = $36.
        let mut w = with(Egress::PublicIp, false, 0.0, 500.0);
        close(
            shared(Service::Lambda, &w, &prices(), limits(), false)
                .unwrap()
                .total(),
            45.0,
        );
        w.pricing.free_tier = true;
        let bill = shared(Service::Lambda, &w, &prices(), limits(), false).unwrap();
        close(bill.items[0].quantity, 400.0);
        close(bill.total(), 36.0);
        // 60 GB, all free: one line at 0 GB.
        w.network.outbound_gb_per_month = 60.0;
        let bill = shared(Service::Lambda, &w, &prices(), limits(), false).unwrap();
        assert_eq!(bill.items.len(), 1);
        close(bill.total(), 0.0);
        // 10,300 GB with the free tier: 10,140 GB at $0.09 (the free 100 come off the first tier)
        // = $912.60, and 60 GB above 10,240 at $0.085 = $5.10.
        w.network.outbound_gb_per_month = 10_300.0;
        let bill = shared(Service::Lambda, &w, &prices(), limits(), false).unwrap();
        close(bill.items[0].quantity, 10_140.0);
        close(bill.items[1].quantity, 60.0);
        close(bill.total(), 917.70);
    }

    #[test]
    fn egress_none_prices_no_networking() {
        let w = with(Egress::None, true, 500.0, 20_000.0);
        for s in &Service::ALL {
            assert!(
                shared(*s, &w, &prices(), limits(), false)
                    .unwrap()
                    .items
                    .is_empty()
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Over every egress, region and service: line items add up, and more traffic through the
        /// NAT or out to the internet never costs less.
        #[test]
        fn more_traffic_never_costs_less(
            egress in proptest::sample::select(Egress::all().to_vec()),
            region in proptest::sample::select(vec!["us-east-1", "eu-west-1", "ap-northeast-1"]),
            ha: bool,
            free_tier: bool,
            nat_gb in 0.0f64..1e6,
            out_gb in 0.0f64..1e6,
            factor in 1.0f64..10.0,
        ) {
            let p = crate::pricing::Catalog::bundled().unwrap().region(region).unwrap().clone();
            let mut w = with(egress, ha, nat_gb, out_gb);
            w.pricing.free_tier = free_tier;
            let mut more = w.clone();
            more.network.nat_gb_per_month *= factor;
            more.network.outbound_gb_per_month *= factor;
            for s in &Service::ALL {
                let (Ok(a), Ok(b)) = (
                    crate::cost::estimate(*s, &w, &p, limits()),
                    crate::cost::estimate(*s, &more, &p, limits()),
                ) else {
                    continue;
                };
                let sum: f64 = a.line_items.iter().map(|l| l.monthly_usd).sum();
                proptest::prop_assert!((sum - a.total()).abs() <= 1e-9 * sum.max(1.0));
                proptest::prop_assert!(
                    b.total() >= a.total() - 1e-9 * a.total().max(1.0),
                    "{s:?}: {} -> {}",
                    a.total(),
                    b.total()
                );
            }
        }
    }

    #[test]
    fn an_absent_price_is_missing_not_zero() {
        // ap-northeast-1 has no gp3 price, eu-west-1 no endpoint price: endpoints there are missing.
        let p = crate::pricing::Catalog::bundled()
            .unwrap()
            .region("eu-west-1")
            .unwrap()
            .clone();
        let w = with(Egress::Endpoints, false, 0.0, 0.0);
        let e = shared(Service::Ecs, &w, &p, limits(), false).unwrap_err();
        assert_eq!(e.key, "network.vpc_endpoint_hour");
    }
}
