//! `runwhere pricing diff OLD NEW`: which prices changed between two tables of one region, and by
//! how much. Pure: tables in, a list of changes out; the CLI renders it.

use crate::pricing::{PriceTable, Tier};

/// One price of a table, flattened to its key.
#[derive(Debug, Clone, PartialEq)]
pub enum Flat {
    Price(f64),
    /// Absent, with the table's reason.
    Missing(String),
}

/// One price that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `fargate.x86_vcpu_hour`, `lambda.x86_gb_second[2]`, `ec2.instances."m5.large"`.
    pub key: String,
    pub old: Option<Flat>,
    pub new: Option<Flat>,
}

impl Change {
    /// `new - old` and its fraction of `old`, when both are prices.
    pub fn delta(&self) -> Option<(f64, f64)> {
        match (&self.old, &self.new) {
            (Some(Flat::Price(a)), Some(Flat::Price(b))) => Some((b - a, (b - a) / a)),
            _ => None,
        }
    }
}

/// The changes from `old` to `new`, in key order, and how many prices are the same.
pub fn diff(old: &PriceTable, new: &PriceTable) -> (Vec<Change>, usize) {
    let a = flatten(old);
    let b = flatten(new);
    let mut keys: Vec<&String> = a.iter().chain(&b).map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    let find = |list: &[(String, Flat)], key: &str| {
        list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let mut changes = Vec::new();
    let mut same = 0;
    for key in keys {
        let (o, n) = (find(&a, key), find(&b, key));
        let equal = match (&o, &n) {
            (Some(Flat::Price(x)), Some(Flat::Price(y))) => x == y,
            (Some(Flat::Missing(_)), Some(Flat::Missing(_))) => true,
            _ => false,
        };
        if equal {
            same += 1;
        } else {
            changes.push(Change {
                key: key.clone(),
                old: o,
                new: n,
            });
        }
    }
    (changes, same)
}

/// Every price of a table by key (tiers by `key[i]`, with their bound).
pub fn flatten(t: &PriceTable) -> Vec<(String, Flat)> {
    let mut out = Vec::new();
    let mut one = |section: &str,
                   key: &str,
                   v: Option<f64>,
                   missing: &std::collections::BTreeMap<String, String>| {
        let flat = match v {
            Some(p) => Flat::Price(p),
            None => Flat::Missing(missing.get(key).cloned().unwrap_or_default()),
        };
        out.push((format!("{section}.{key}"), flat));
    };
    let l = &t.lambda;
    let n = &t.network;
    let sections = [
        ("fargate", t.fargate.prices(), &t.fargate.missing),
        ("lambda", l.prices(), &l.missing),
        ("app_runner", t.app_runner.prices(), &t.app_runner.missing),
        ("eks", t.eks.prices(), &t.eks.missing),
        (
            "load_balancer",
            t.load_balancer.prices(),
            &t.load_balancer.missing,
        ),
        (
            "api_gateway",
            t.api_gateway.prices(),
            &t.api_gateway.missing,
        ),
        ("network", t.network.prices(), &t.network.missing),
        ("ebs", t.ebs.prices(), &t.ebs.missing),
    ];
    for (section, prices, missing) in sections {
        for (k, v) in prices {
            one(section, k, v, missing);
        }
    }
    for (key, tiers, missing) in [
        ("lambda.x86_gb_second", &l.x86_gb_second, &l.missing),
        ("lambda.arm_gb_second", &l.arm_gb_second, &l.missing),
        (
            "api_gateway.http_per_million",
            &t.api_gateway.http_per_million,
            &t.api_gateway.missing,
        ),
        (
            "api_gateway.websocket_messages_per_million",
            &t.api_gateway.websocket_messages_per_million,
            &t.api_gateway.missing,
        ),
        (
            "network.data_transfer_out_gb",
            &n.data_transfer_out_gb,
            &n.missing,
        ),
    ] {
        tier_prices(&mut out, key, tiers, missing);
    }
    if let Some(s) = &t.spot.ec2 {
        out.push((
            "spot.ec2 (Spot/On-Demand)".to_owned(),
            Flat::Price(s.factor()),
        ));
    }
    let sp = &t.savings_plan;
    for (k, d) in sp.entries() {
        if let Some(d) = d {
            out.push((
                format!("savings_plan.{k} (fraction paid)"),
                Flat::Price(d.factor()),
            ));
        }
    }
    for (name, row) in &t.ec2.instances {
        let flat = match row.hourly {
            Some(h) => Flat::Price(h),
            None => Flat::Missing(row.missing.clone().unwrap_or_default()),
        };
        out.push((format!("ec2.instances.\"{name}\""), flat));
    }
    out
}

fn tier_prices(
    out: &mut Vec<(String, Flat)>,
    key: &str,
    tiers: &[Tier],
    missing: &std::collections::BTreeMap<String, String>,
) {
    let short = key.rsplit('.').next().unwrap_or(key);
    if tiers.is_empty() {
        out.push((
            key.to_owned(),
            Flat::Missing(missing.get(short).cloned().unwrap_or_default()),
        ));
    }
    for (i, t) in tiers.iter().enumerate() {
        let bound = t
            .up_to
            .map_or_else(|| "rest".to_owned(), |u| format!("up to {u}"));
        out.push((format!("{key}[{}] ({bound})", i + 1), Flat::Price(t.price)));
    }
}
