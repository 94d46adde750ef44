//! Lambda: requests + GB-seconds (tiered) + ephemeral storage above the free amount, plus the front
//! door: API Gateway's HTTP API for HTTP (a function URL when requests outlast its timeout) and its
//! WebSocket API for WebSocket (spec §3).

use super::{
    Bill, Fallback, HOURS, ItemKind, LineItem, NoFit, Said, Size, Unpriced, Variant,
    on_demand_instead, trim,
};
use crate::pricing::{Prices, split_tiers};
use crate::rules::Limits;
use crate::workload::{Arch, Interface, Purchase, Workload};

pub(crate) fn lambda(w: &Workload, p: &Prices, l: &Limits, v: Variant) -> Result<Bill, Unpriced> {
    let r = &w.resources;
    if r.gpus > 0 {
        return Err(Unpriced::NoFit(NoFit::Said("Lambda offers no GPUs")));
    }
    // One vCPU per `mb_per_vcpu` MB: CPU needs raise the memory setting (fact.lambda_mb_per_vcpu).
    let needed = l.lambda_memory_mb(r.vcpu, r.memory_gb);
    // Today's memory setting when pinned: it must give what one invocation needs.
    let mb = match v.pin.memory_mb {
        Some(given) if given < needed => {
            return Err(Unpriced::NoFit(NoFit::Text(format!(
                "too small: {} MB of Lambda memory cannot run one invocation, which needs {} MB (for {})",
                trim(given),
                trim(needed),
                Size::new(r.vcpu, r.memory_gb)
            ))));
        }
        Some(given) => given,
        None => needed,
    };
    if mb > l.lambda.max_memory_mb {
        return Err(Unpriced::NoFit(NoFit::LambdaMemory {
            mb,
            size: Size::new(r.vcpu, r.memory_gb),
            max_mb: l.lambda.max_memory_mb,
        }));
    }
    // Ephemeral storage (/tmp): only an explicit `storage_gb` asks for more than the free amount.
    let storage_gb = super::ebs::explicit_storage_gb(w).unwrap_or(0.0);
    if storage_gb * 1_024.0 > l.lambda.max_storage_mb {
        return Err(Unpriced::NoFit(NoFit::Text(format!(
            "needs {} GB of disk per invocation; Lambda's ephemeral storage is at most {} MB",
            trim(storage_gb),
            crate::output::format::number(l.lambda.max_storage_mb)
        ))));
    }
    let t = &p.table.lambda;
    let mut bill = Bill::for_variant(v);
    bill.note(Said::LambdaMemory {
        mb,
        per_vcpu: l.lambda.mb_per_vcpu,
    });
    let requests = w.requests_per_month();
    // AWS rounds each invocation's duration up to the next increment (1 ms); from the mean alone,
    // runwhere rounds the mean, which approximates the per-invocation rounding.
    let step = l.lambda.billing_increment_ms;
    let avg_ms = w.avg_duration_ms();
    let billed_ms = (avg_ms / step).ceil() * step;
    if billed_ms > avg_ms {
        bill.note(Said::LambdaRounded {
            billed: billed_ms,
            mean: avg_ms,
            step,
        });
    }
    let seconds = requests * billed_ms / 1_000.0;
    let gb_seconds = seconds * (mb / 1_024.0);

    let (free_requests, free_gb_seconds) = if w.pricing.free_tier {
        (
            p.need(t.free_requests, "lambda", "free_requests")?,
            p.need(t.free_gb_seconds, "lambda", "free_gb_seconds")?,
        )
    } else {
        (0.0, 0.0)
    };
    let request_price = p.need(t.request_per_million, "lambda", "request_per_million")?;
    let billable_requests = (requests - free_requests).max(0.0);
    let label = if w.pricing.free_tier {
        "Lambda requests (after the free tier)"
    } else {
        "Lambda requests"
    };
    bill.push(
        LineItem::new(label, billable_requests / 1e6, "1M requests", request_price)
            .kind(ItemKind::LambdaRequests),
    );

    let (tiers, key) = match v.arch {
        Arch::X86 => (&t.x86_gb_second, "x86_gb_second"),
        Arch::Arm => (&t.arm_gb_second, "arm_gb_second"),
    };
    let tiers = p.need_tiers(tiers, "lambda", key)?;
    // Lambda's Compute Savings Plans discount is known only as a percentage: the rate it gives
    // is derived, and the duration lines say so.
    let plan = match v.option {
        Purchase::SavingsPlan1yr => Some((
            p.table.savings_plan.lambda_1yr.as_ref(),
            "lambda_1yr",
            "a 1-year Compute Savings Plan for Lambda",
        )),
        Purchase::SavingsPlan3yr => Some((
            p.table.savings_plan.lambda_3yr.as_ref(),
            "lambda_3yr",
            "a 3-year Compute Savings Plan for Lambda",
        )),
        _ => None,
    };
    let (factor, derived) = match plan {
        Some((Some(d), _, _)) => {
            if bill.detail {
                bill.note(Said::LambdaPlan {
                    off: (1.0 - d.factor()) * 100.0,
                    basis: d.basis.clone(),
                });
            }
            (d.factor(), true)
        }
        Some((None, key, what)) => {
            on_demand_instead(
                &mut bill,
                Fallback {
                    asked: v.option,
                    section: "savings_plan",
                    key,
                    what,
                },
            );
            (1.0, false)
        }
        None => {
            // Lambda has no Spot.
            bill.option_used = Some(Purchase::OnDemand);
            (1.0, false)
        }
    };
    let arch_name = match (v.arch, derived) {
        (Arch::X86, false) => "Lambda duration (x86)",
        (Arch::Arm, false) => "Lambda duration (Arm)",
        (Arch::X86, true) => "Lambda duration (x86, Savings Plan rate derived)",
        (Arch::Arm, true) => "Lambda duration (Arm, Savings Plan rate derived)",
    };
    let billable_gb_s = (gb_seconds - free_gb_seconds).max(0.0);
    let split = split_tiers(tiers, billable_gb_s);
    let several = split.len() > 1;
    for (tier, quantity, lower) in split {
        let item: std::borrow::Cow<'static, str> = if several {
            format!("{arch_name}, above {} GB-s", trim(lower)).into()
        } else {
            arch_name.into()
        };
        bill.push(
            LineItem::new(item, quantity, "GB-second", tier.price * factor)
                .kind(ItemKind::LambdaDuration),
        );
    }
    if billable_gb_s == 0.0 {
        bill.push(
            LineItem::new(arch_name, 0.0, "GB-second", tiers[0].price * factor)
                .kind(ItemKind::LambdaDuration),
        );
    }
    // Storage above the free amount, for every billed second of every invocation. The free tier and
    // Savings Plans do not cover it.
    let extra_storage_gb = storage_gb - l.lambda.free_storage_mb / 1_024.0;
    if extra_storage_gb > 0.0 {
        let price = p.need(t.storage_gb_second, "lambda", "storage_gb_second")?;
        bill.push(LineItem::new(
            l.lambda.storage_item.clone(),
            seconds * extra_storage_gb,
            "GB-second",
            price,
        ));
    }

    if !w.shape.kind.has_traffic() {
        return Ok(bill);
    }
    match w.shape.interface {
        Interface::Http | Interface::Grpc => http_front_door(w, p, l, requests, &mut bill)?,
        Interface::Websocket => websocket_api(w, p, requests, &mut bill)?,
        Interface::Tcp | Interface::Udp | Interface::None => {}
    }
    Ok(bill)
}

/// API Gateway's HTTP API in front of the function, or a function URL (no per-request charge) when
/// the longest request outlasts the HTTP API's integration timeout.
fn http_front_door(
    w: &Workload,
    p: &Prices,
    l: &Limits,
    requests: f64,
    bill: &mut Bill,
) -> Result<(), Unpriced> {
    let timeout_s = l.lambda.http_api_timeout_s;
    if w.max_duration_min() * 60.0 > timeout_s {
        bill.note(Said::FunctionUrl {
            longest_min: w.max_duration_min(),
            timeout_s,
        });
        return Ok(());
    }
    let g = &p.table.api_gateway;
    let tiers = p.need_tiers(&g.http_per_million, "api_gateway", "http_per_million")?;
    // The tiers' bounds are requests a month (AWS's "first 300 million"); the prices are per
    // million requests. Split in requests, then bill each part in millions.
    per_million(
        bill,
        tiers,
        requests,
        ("API Gateway HTTP API", " requests"),
        "1M requests",
    );
    Ok(())
}

/// One line item per tier `quantity` reaches, billed per million: `name`, and from the second
/// tier on `name, above NM` followed by `above_unit`.
fn per_million(
    bill: &mut Bill,
    tiers: &[crate::pricing::Tier],
    quantity: f64,
    (name, above_unit): (&'static str, &str),
    unit: &'static str,
) {
    let split = split_tiers(tiers, quantity);
    let several = split.len() > 1;
    for (tier, quantity, lower) in split {
        let item: std::borrow::Cow<'static, str> = if several && lower > 0.0 {
            format!("{name}, above {}M{above_unit}", trim(lower / 1e6)).into()
        } else {
            name.into()
        };
        bill.push(LineItem::new(item, quantity / 1e6, unit, tier.price));
    }
}

/// API Gateway's WebSocket API: every request is a message (tiered, bounds in messages a month),
/// and every open connection pays connection-minutes all month (`avg_connections × 730 × 60`).
fn websocket_api(w: &Workload, p: &Prices, messages: f64, bill: &mut Bill) -> Result<(), Unpriced> {
    let g = &p.table.api_gateway;
    let tiers = p.need_tiers(
        &g.websocket_messages_per_million,
        "api_gateway",
        "websocket_messages_per_million",
    )?;
    let minute_price = p.need(
        g.websocket_minutes_per_million,
        "api_gateway",
        "websocket_minutes_per_million",
    )?;
    per_million(
        bill,
        tiers,
        messages,
        ("API Gateway WebSocket messages", ""),
        "1M messages",
    );
    let connections = w.traffic.as_ref().map_or(0.0, |t| t.avg_connections);
    let minutes = connections * HOURS * 60.0;
    bill.push(LineItem::new(
        "API Gateway WebSocket connection-minutes",
        minutes / 1e6,
        "1M minutes",
        minute_price,
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{batch, close, limits, prices, service, variant};

    /// The workload priced on x86, On-Demand, with the bundled prices and facts.
    fn on_demand_x86(w: &Workload) -> Result<Bill, Unpriced> {
        lambda(
            w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
    }

    /// The bill's API Gateway HTTP API lines, in tier order.
    fn api_gateway_lines(bill: &Bill) -> Vec<&LineItem> {
        bill.items
            .iter()
            .filter(|i| i.item.starts_with("API Gateway HTTP API"))
            .collect()
    }

    #[test]
    fn memory_follows_vcpu() {
        // The bundled facts: one vCPU per 1,769 MB, at least 128 MB.
        let l = limits();
        assert_eq!(
            (l.lambda.mb_per_vcpu, l.lambda.min_memory_mb),
            (1_769.0, 128.0)
        );
        let lambda_memory_mb = |vcpu, gb| l.lambda_memory_mb(vcpu, gb);
        // 1 vCPU / 0.5 GB: max(512, 1,769) = 1,769 MB.
        assert_eq!(lambda_memory_mb(1.0, 0.5), 1_769.0);
        // 0.25 vCPU / 2 GB: max(2,048, 442.25) = 2,048 MB.
        assert_eq!(lambda_memory_mb(0.25, 2.0), 2_048.0);
        // 0.1 vCPU / 0.1 GB: max(102.4, 176.9) = 176.9 → 177 MB (rounded up).
        assert_eq!(lambda_memory_mb(0.1, 0.1), 177.0);
        // Tiny: at least 128 MB.
        assert_eq!(lambda_memory_mb(0.01, 0.01), 128.0);
        // 6 vCPU needs 10,614 MB, over the cap.
        assert_eq!(lambda_memory_mb(6.0, 1.0), 10_614.0);
    }

    #[test]
    fn http_api_on_x86() {
        // 30M requests × 120 ms, 1 vCPU / 2 GB → max(2,048, 1,769) = 2,048 MB = 2 GB.
        // Requests: 30 × $0.20 = $6. GB-s: 30M × 0.12 s × 2 GB = 7.2M GB-s × $0.0000166667 = $120.00024.
        // API Gateway: 30 × $1.00 = $30. Total $156.00024.
        let w = service(30_000_000.0, 120.0);
        let bill = on_demand_x86(&w).unwrap();
        close(bill.items[0].monthly_usd, 6.0);
        close(bill.items[1].quantity, 7_200_000.0);
        close(bill.items[1].monthly_usd, 120.000_24);
        close(bill.items[2].monthly_usd, 30.0);
        close(bill.total(), 156.000_24);
    }

    #[test]
    fn http_api_second_tier_above_300_million_requests() {
        // The HTTP API table: the first 300,000,000 requests a month at $1.00 per million, then $0.90.
        // 500M requests: 300 × $1.00 = $300 plus (500 − 300) = 200 × $0.90 = $180; $480 in all
        // (not 500 × $1.00 = $500, as when the 300M bound was compared with a count in millions).
        let w = service(500_000_000.0, 100.0);
        let bill = on_demand_x86(&w).unwrap();
        let api = api_gateway_lines(&bill);
        assert_eq!(api.len(), 2, "{api:?}");
        assert_eq!(api[0].item, "API Gateway HTTP API");
        close(api[0].quantity, 300.0);
        close(api[0].monthly_usd, 300.0);
        assert_eq!(api[1].item, "API Gateway HTTP API, above 300M requests");
        assert_eq!(api[1].unit, "1M requests");
        close(api[1].quantity, 200.0);
        close(api[1].monthly_usd, 180.0);
        // At 300M exactly, everything is in the first tier: one line, 300 × $1.00.
        let w = service(300_000_000.0, 100.0);
        let bill = on_demand_x86(&w).unwrap();
        let api = api_gateway_lines(&bill);
        assert_eq!(api.len(), 1, "{api:?}");
        close(api[0].monthly_usd, 300.0);
    }

    #[test]
    fn arm_is_cheaper_per_gb_second() {
        // Same workload on Arm: 7.2M GB-s × $0.0000133334 = $96.00048.
        let w = service(30_000_000.0, 120.0);
        let bill = lambda(
            &w,
            &prices(),
            limits(),
            variant(Arch::Arm, Purchase::OnDemand),
        )
        .unwrap();
        close(bill.items[1].monthly_usd, 96.000_48);
    }

    #[test]
    fn savings_plan_rate_is_derived_and_labelled() {
        // The us-east-1 table knows Lambda's Compute Savings Plans discount only as 12% (No Upfront,
        // 1 and 3 years alike), so the rate is derived: $0.0000166667 × 0.88 = $0.000014666696.
        // 30M requests × 120 ms × 2 GB = 7.2M GB-s × $0.000014666696 = $105.6002112 (On-Demand
        // $120.00024). Requests ($6) and API Gateway ($30) are not discounted: $141.6002112 in all.
        let w = service(30_000_000.0, 120.0);
        for option in [Purchase::SavingsPlan1yr, Purchase::SavingsPlan3yr] {
            let bill = lambda(&w, &prices(), limits(), variant(Arch::X86, option)).unwrap();
            assert_eq!(
                bill.items[1].item,
                "Lambda duration (x86, Savings Plan rate derived)"
            );
            close(bill.items[1].unit_price_usd, 0.000_014_666_696);
            close(bill.items[1].monthly_usd, 105.600_211_2);
            close(bill.items[0].monthly_usd, 6.0);
            close(bill.total(), 141.600_211_2);
            assert_eq!(bill.option_used, None);
            assert!(
                bill.notes
                    .iter()
                    .any(|n| n.contains("12% off") && n.contains("derived")),
                "{:?}",
                bill.notes
            );
        }
        // On Arm: 7.2M × $0.0000133334 = $96.00048, × 0.88 = $84.4804224.
        let bill = lambda(
            &w,
            &prices(),
            limits(),
            variant(Arch::Arm, Purchase::SavingsPlan1yr),
        )
        .unwrap();
        assert_eq!(
            bill.items[1].item,
            "Lambda duration (Arm, Savings Plan rate derived)"
        );
        close(bill.items[1].monthly_usd, 84.480_422_4);
        // On-Demand stays unlabelled.
        let bill = on_demand_x86(&w).unwrap();
        assert_eq!(bill.items[1].item, "Lambda duration (x86)");
    }

    #[test]
    fn a_missing_discount_prices_on_demand_and_records_it() {
        // eu-west-1 has no Lambda Savings Plans discount: duration stays 7.2M GB-s × $0.0000166667.
        let eu = crate::pricing::Catalog::bundled()
            .unwrap()
            .region("eu-west-1")
            .unwrap()
            .clone();
        let w = service(30_000_000.0, 120.0);
        let bill = lambda(
            &w,
            &eu,
            limits(),
            variant(Arch::X86, Purchase::SavingsPlan3yr),
        )
        .unwrap();
        assert_eq!(bill.items[1].item, "Lambda duration (x86)");
        close(bill.items[1].monthly_usd, 120.000_24);
        assert_eq!(bill.option_used, Some(Purchase::OnDemand));
        let f = bill.fallback.unwrap();
        assert_eq!((f.section, f.key), ("savings_plan", "lambda_3yr"));
    }

    #[test]
    fn free_tier_floors_at_zero() {
        // 500k requests × 100 ms × 2 GB = 100,000 GB-s: all inside the 1M requests and 400,000 GB-s.
        let mut w = service(500_000.0, 100.0);
        w.shape.interface = Interface::None;
        w.pricing.free_tier = true;
        let bill = on_demand_x86(&w).unwrap();
        close(bill.total(), 0.0);
        // 3M requests × 100 ms × 2 GB = 600,000 GB-s: 2M billable requests = $0.40;
        // 200,000 billable GB-s × $0.0000166667 = $3.33334. Total $3.73334.
        let mut w = service(3_000_000.0, 100.0);
        w.shape.interface = Interface::None;
        w.pricing.free_tier = true;
        let bill = on_demand_x86(&w).unwrap();
        close(bill.total(), 3.733_34);
    }

    #[test]
    fn gb_second_tiers() {
        // 10B GB-s on x86: 6B × $0.0000166667 = $100,000.2 plus 4B × $0.000015 = $60,000.
        // 1 vCPU / 2 GB = 2 GB: 10B GB-s = 5B requests × 1 s × 2 GB.
        let mut w = service(5_000_000_000.0, 1_000.0);
        w.shape.interface = Interface::None;
        let bill = on_demand_x86(&w).unwrap();
        close(bill.items[1].monthly_usd, 100_000.2);
        close(bill.items[2].monthly_usd, 60_000.0);
    }

    #[test]
    fn jobs_are_invocations() {
        // 30 runs × 10 min = 18,000 s; 1 vCPU / 2 GB → 2 GB → 36,000 GB-s × $0.0000166667 = $0.6000012;
        // requests 30 / 1M × $0.20 = $0.000006.
        let w = batch(30.0, 10.0, 1.0, 2.0);
        let bill = on_demand_x86(&w).unwrap();
        close(bill.total(), 0.600_001_2 + 0.000_006);
    }

    #[test]
    fn duration_rounds_up_to_the_next_millisecond() {
        // 1M events of 100.2 ms on 2 GB: billed 101 ms each (the mean rounded up, standing in for
        // AWS's rounding of each invocation): 1M × 0.101 s × 2 GB = 202,000 GB-s × $0.0000166667
        // = $3.3666734 (not 200,400 GB-s = $3.34000668).
        let mut w = service(1_000_000.0, 100.2);
        w.shape.interface = Interface::None;
        let bill = on_demand_x86(&w).unwrap();
        close(bill.items[1].quantity, 202_000.0);
        close(bill.items[1].monthly_usd, 3.366_673_4);
        assert!(
            bill.notes
                .iter()
                .any(|n| n.contains("101 ms") && n.contains("approximates")),
            "{:?}",
            bill.notes
        );
        // A whole number of ms is billed as it is: 1M × 0.1 s × 2 GB = 200,000 GB-s.
        let mut w = service(1_000_000.0, 100.0);
        w.shape.interface = Interface::None;
        close(on_demand_x86(&w).unwrap().items[1].quantity, 200_000.0);
    }

    #[test]
    fn ephemeral_storage_above_512_mb() {
        // storage_gb = 2.5: 2.5 − 0.5 free = 2 GB for 1M × 0.1 s = 100,000 s → 200,000 GB-s
        // × $0.0000000309 = $0.00618.
        let mut w = service(1_000_000.0, 100.0);
        w.shape.interface = Interface::None;
        w.resources.storage_gb = 2.5;
        let bill = on_demand_x86(&w).unwrap();
        let storage = bill
            .items
            .iter()
            .find(|i| i.item == "Lambda ephemeral storage above 512 MB")
            .unwrap();
        close(storage.quantity, 200_000.0);
        close(storage.monthly_usd, 0.006_18);
        // eu-west-1 has its own rate: 200,000 × $0.000000034 = $0.0068.
        let eu = crate::pricing::Catalog::bundled()
            .unwrap()
            .region("eu-west-1")
            .unwrap()
            .clone();
        let bill = lambda(&w, &eu, limits(), variant(Arch::X86, Purchase::OnDemand)).unwrap();
        close(bill.items.last().unwrap().monthly_usd, 0.0068);
        // 10 GB (10,240 MB) is the most a function can have: 9.5 GB × 100,000 s = 950,000 GB-s
        // × $0.0000000309 = $0.029355. 10.5 GB cannot run.
        w.resources.storage_gb = 10.0;
        close(on_demand_x86(&w).unwrap().items[2].monthly_usd, 0.029_355);
        w.resources.storage_gb = 10.5;
        match on_demand_x86(&w) {
            Err(Unpriced::NoFit(why)) => assert!(why.contains("10,240 MB"), "{why}"),
            other => panic!("expected NoFit, got {other:?}"),
        }
        // The free 512 MB or less bills nothing.
        w.resources.storage_gb = 0.5;
        assert_eq!(on_demand_x86(&w).unwrap().items.len(), 2);
    }

    #[test]
    fn requests_over_30_s_use_a_function_url() {
        // 1M requests of 100 ms whose longest takes 1 min: API Gateway's HTTP API would end it at
        // 30 s, so no API Gateway lines; requests $0.20 + 200,000 GB-s × $0.0000166667 = $3.33334.
        let mut w = service(1_000_000.0, 100.0);
        w.traffic.as_mut().unwrap().max_duration_min = 1.0;
        let bill = on_demand_x86(&w).unwrap();
        assert!(api_gateway_lines(&bill).is_empty(), "{:?}", bill.items);
        close(bill.total(), 0.2 + 3.333_34);
        assert!(
            bill.notes
                .iter()
                .any(|n| n.contains("function URL") && n.contains("30 s")),
            "{:?}",
            bill.notes
        );
        // At 30 s exactly the HTTP API still answers: 1M × $1.00 per million = $1.00 more.
        w.traffic.as_mut().unwrap().max_duration_min = 0.5;
        let bill = on_demand_x86(&w).unwrap();
        close(api_gateway_lines(&bill)[0].monthly_usd, 1.0);
        close(bill.total(), 0.2 + 3.333_34 + 1.0);
    }

    #[test]
    fn websocket_api_messages_and_connection_minutes() {
        // 1,500M messages: the first 1,000M at $1.00 per million = $1,000, the other 500M at $0.80
        // = $400. 100 connections open all month: 100 × 730 × 60 = 4,380,000 minutes = 4.38 × $0.25
        // per million = $1.095.
        let mut w = service(1_500_000_000.0, 10.0);
        w.shape.interface = Interface::Websocket;
        w.traffic.as_mut().unwrap().avg_connections = 100.0;
        let bill = on_demand_x86(&w).unwrap();
        let line = |name: &str| {
            bill.items
                .iter()
                .find(|i| i.item == name)
                .unwrap_or_else(|| panic!("no {name} in {:?}", bill.items))
        };
        let first = line("API Gateway WebSocket messages");
        close(first.quantity, 1_000.0);
        close(first.monthly_usd, 1_000.0);
        let second = line("API Gateway WebSocket messages, above 1000M");
        close(second.quantity, 500.0);
        close(second.monthly_usd, 400.0);
        let minutes = line("API Gateway WebSocket connection-minutes");
        close(minutes.quantity, 4.38);
        close(minutes.monthly_usd, 1.095);
        assert!(api_gateway_lines(&bill).is_empty());
        // eu-west-1's table has no WebSocket API rates: Lambda is not priced there, not priced at $0.
        let eu = crate::pricing::Catalog::bundled()
            .unwrap()
            .region("eu-west-1")
            .unwrap()
            .clone();
        match lambda(&w, &eu, limits(), variant(Arch::X86, Purchase::OnDemand)) {
            Err(Unpriced::Missing(m)) => {
                assert_eq!(m.key, "api_gateway.websocket_messages_per_million");
            }
            other => panic!("expected Missing, got {other:?}"),
        }
    }

    #[test]
    fn too_much_memory_does_not_fit() {
        let mut w = service(1.0, 1.0);
        w.resources.memory_gb = 10.5;
        assert!(matches!(on_demand_x86(&w), Err(Unpriced::NoFit(_))));
        // Exactly 10 GB = 10,240 MB fits.
        w.resources.memory_gb = 10.0;
        assert!(on_demand_x86(&w).is_ok());
    }
}
