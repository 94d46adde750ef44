//! What the On-Demand offer files cannot give, carried over from runwhere's bundled table for the
//! region: Fargate Spot and Compute Savings Plans rates, EC2 Spot and Savings Plans discounts, the Lambda free tier when
//! the offer has no free-tier rows, and the free data transfer allowance. Each carried value cites the `CARRIED` source; without a
//! bundled table for the region, the prices are listed as missing instead.

use super::{Entry, Table, Value, number};
use crate::pricing::{Discount, PriceTable};

/// Carries the values over into `table`. Returns the name of the bundled table they came from.
pub(super) fn carry_over(
    base: Option<&PriceTable>,
    list_table: Option<&PriceTable>,
    region: &str,
    table: &mut Table,
    id: &str,
) -> Option<String> {
    let base_name = base.map(|b| format!("pricing/{}.toml", b.region));
    let none = format!(
        "not in the On-Demand offer files, and runwhere has no bundled table for {region} to carry it over from"
    );
    let carried = |what: &str| Entry {
        value: Value::Number(what.to_owned()),
        note: format!(
            "carried over from {}",
            base_name.as_deref().unwrap_or_default()
        ),
        source: id.to_owned(),
    };

    // Fargate Spot and Compute Savings Plans rates.
    let f = base.map(|b| &b.fargate);
    for key in crate::pricing::Fargate::COMMITTED_KEYS {
        let full = format!("fargate.{key}");
        match (
            f.and_then(|f| f.price(key)),
            f.and_then(|f| f.missing.get(key)),
        ) {
            (Some(v), _) => {
                table.values.insert(full, carried(&number(v)));
            }
            (None, Some(reason)) => {
                table
                    .missing
                    .insert(full, carried_reason(base_name.as_deref(), reason));
            }
            (None, None) => {
                table.missing.insert(
                    full,
                    format!("Fargate Spot and Savings Plans rates are {none}"),
                );
            }
        }
    }

    // The Lambda free tier, when the offer had no free-tier rows.
    let l = base.map(|b| &b.lambda);
    for (key, value) in [
        ("free_requests", l.and_then(|l| l.free_requests)),
        ("free_gb_seconds", l.and_then(|l| l.free_gb_seconds)),
    ] {
        let full = format!("lambda.{key}");
        if table.values.contains_key(&full) {
            continue;
        }
        if let Some(v) = value {
            table.missing.remove(&full);
            table.values.insert(full, carried(&number(v)));
        }
    }

    // The free data transfer allowance is account-wide, not an offer row.
    let n = base.map(|b| &b.network);
    let full = "network.data_transfer_free_gb".to_owned();
    match (
        n.and_then(|n| n.data_transfer_free_gb),
        n.and_then(|n| n.missing.get("data_transfer_free_gb")),
    ) {
        (Some(v), _) => {
            table.values.insert(full, carried(&number(v)));
        }
        (None, Some(reason)) => {
            table
                .missing
                .insert(full, carried_reason(base_name.as_deref(), reason));
        }
        (None, None) => {
            table
                .missing
                .insert(full, format!("the free data transfer allowance is {none}"));
        }
    }

    // Burstable types' surplus-credit prices: AWS gives one price per family for every region,
    // so a new region takes them from the table its instance list came from.
    if let Some(t) = base.or(list_table) {
        let from = format!("carried over from pricing/{}.toml", t.region);
        for (key, value) in t.ec2.prices() {
            let full = format!("ec2.{key}");
            match value {
                Some(v) => {
                    table.values.insert(
                        full,
                        Entry {
                            value: Value::Number(number(v)),
                            note: from.clone(),
                            source: id.to_owned(),
                        },
                    );
                }
                None => {
                    let reason = t.ec2.missing.get(key).map_or("", String::as_str);
                    table.missing.insert(full, format!("{reason} ({from})"));
                }
            }
        }
    } else {
        for key in crate::pricing::Ec2::PRICE_KEYS {
            table.missing.insert(
                format!("ec2.{key}"),
                format!("surplus CPU credit prices are {none}"),
            );
        }
    }

    // EC2 Spot and Savings Plans: whole sections.
    match base {
        Some(b) => {
            for source in b.spot.source.iter().chain(&b.savings_plan.source) {
                if let Some(text) = b.sources.get(source) {
                    table
                        .sources
                        .entry(source.clone())
                        .or_insert_with(|| text.clone());
                }
            }
            let spot = table.section_sources.entry("spot".to_owned()).or_default();
            spot.extend(b.spot.source.iter().cloned());
            spot.insert(id.to_owned());
            let sp = table
                .section_sources
                .entry("savings_plan".to_owned())
                .or_default();
            sp.extend(b.savings_plan.source.iter().cloned());
            sp.insert(id.to_owned());
            match &b.spot.ec2 {
                Some(s) => {
                    table.values.insert(
                        "spot.ec2".to_owned(),
                        Entry {
                            value: Value::Inline(format!(
                                "{{ instance_type = {}, on_demand = {}, spot = {} }}",
                                super::render::quote(&s.instance_type),
                                number(s.on_demand),
                                number(s.spot)
                            )),
                            note: format!(
                                "carried over from {}",
                                base_name.as_deref().unwrap_or_default()
                            ),
                            source: id.to_owned(),
                        },
                    );
                }
                None => {
                    let reason = b.spot.missing.get("ec2").map_or("", String::as_str);
                    table.missing.insert(
                        "spot.ec2".to_owned(),
                        carried_reason(base_name.as_deref(), reason),
                    );
                }
            }
            let sp = &b.savings_plan;
            for (key, d) in sp.entries() {
                let full = format!("savings_plan.{key}");
                match d {
                    Some(d) => {
                        table.values.insert(
                            full,
                            Entry {
                                value: Value::Inline(discount(d)),
                                note: String::new(),
                                source: id.to_owned(),
                            },
                        );
                    }
                    None => {
                        let reason = sp.missing.get(key).map_or("", String::as_str);
                        table
                            .missing
                            .insert(full, carried_reason(base_name.as_deref(), reason));
                    }
                }
            }
        }
        None => {
            table
                .missing
                .insert("spot.ec2".to_owned(), format!("EC2 Spot prices are {none}"));
            for key in ["ec2_1yr", "ec2_3yr", "lambda_1yr", "lambda_3yr"] {
                table.missing.insert(
                    format!("savings_plan.{key}"),
                    format!("Savings Plans rates are {none}"),
                );
            }
        }
    }

    let uses_carried = table.values.values().any(|e| e.source == id);
    if uses_carried {
        let text = match (base, list_table) {
            (Some(b), _) => format!(
                "carried over from runwhere's bundled pricing/{region}.toml (as_of {}): Fargate Spot and Compute Savings Plans rates, App Runner's size limits, the Lambda free tier (when the offer has no free-tier rows) and the EC2 Spot and Savings Plans discounts are not in the On-Demand offer files; that table's [sources] say where each came from",
                b.as_of
            ),
            (None, Some(t)) => format!(
                "carried over from runwhere's bundled pricing/{}.toml (as_of {}): App Runner's size limits (AWS API limits, the same in every region); runwhere has no bundled table for {region}",
                t.region, t.as_of
            ),
            (None, None) => String::new(),
        };
        table.sources.insert(id.to_owned(), text);
    }
    uses_carried
        .then(|| {
            base.or(list_table)
                .map(|t| format!("pricing/{}.toml", t.region))
        })
        .flatten()
}

fn carried_reason(base: Option<&str>, reason: &str) -> String {
    format!(
        "{reason} (carried over from {})",
        base.unwrap_or("the bundled table")
    )
}

fn discount(d: &Discount) -> String {
    let mut parts = vec![format!("basis = {}", super::render::quote(&d.basis))];
    if let Some(v) = d.on_demand {
        parts.push(format!("on_demand = {}", number(v)));
    }
    if let Some(v) = d.rate {
        parts.push(format!("rate = {}", number(v)));
    }
    if let Some(v) = d.discount {
        parts.push(format!("discount = {}", number(v)));
    }
    format!("{{ {} }}", parts.join(", "))
}
