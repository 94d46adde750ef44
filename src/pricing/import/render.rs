//! The imported table as TOML, laid out like the bundled tables (docs/pricing-format.md).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::filters::MATCHERS;
use super::{Table, Value};

/// Every section and its keys, in the bundled tables' order.
const LAYOUT: &[(&str, &[&str])] = &[
    (
        "fargate",
        &[
            "x86_vcpu_hour",
            "x86_gb_hour",
            "arm_vcpu_hour",
            "arm_gb_hour",
            "storage_gb_hour",
            "spot_x86_vcpu_hour",
            "spot_x86_gb_hour",
            "spot_arm_vcpu_hour",
            "spot_arm_gb_hour",
            "savings_plan_1yr_x86_vcpu_hour",
            "savings_plan_1yr_x86_gb_hour",
            "savings_plan_1yr_arm_vcpu_hour",
            "savings_plan_1yr_arm_gb_hour",
            "savings_plan_3yr_x86_vcpu_hour",
            "savings_plan_3yr_x86_gb_hour",
            "savings_plan_3yr_arm_vcpu_hour",
            "savings_plan_3yr_arm_gb_hour",
        ],
    ),
    (
        "lambda",
        &[
            "request_per_million",
            "x86_gb_second",
            "arm_gb_second",
            "free_requests",
            "free_gb_seconds",
            "storage_gb_second",
        ],
    ),
    (
        "app_runner",
        &["active_vcpu_hour", "active_gb_hour", "provisioned_gb_hour"],
    ),
    ("eks", &["cluster_hour", "extended_cluster_hour"]),
    (
        "load_balancer",
        &["alb_hour", "alb_lcu_hour", "nlb_hour", "nlb_lcu_hour"],
    ),
    (
        "api_gateway",
        &[
            "http_per_million",
            "websocket_messages_per_million",
            "websocket_minutes_per_million",
        ],
    ),
    (
        "network",
        &[
            "nat_gateway_hour",
            "nat_gateway_gb",
            "data_transfer_out_gb",
            "public_ipv4_hour",
            "vpc_endpoint_hour",
            "vpc_endpoint_gb",
            "data_transfer_free_gb",
        ],
    ),
    ("ebs", &["gp3_gb_month"]),
    ("spot", &["ec2"]),
    (
        "savings_plan",
        &["ec2_1yr", "ec2_3yr", "lambda_1yr", "lambda_3yr"],
    ),
    (
        "ec2",
        &[
            "x86_surplus_credit_vcpu_hour",
            "arm_surplus_credit_vcpu_hour",
        ],
    ),
];

/// A TOML basic string.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A bare key when it can be one, else a quoted key.
fn key(k: &str) -> String {
    if !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        k.to_owned()
    } else {
        quote(k)
    }
}

fn line(out: &mut String, assignment: &str, note: &str) {
    if note.is_empty() {
        let _ = writeln!(out, "{assignment}");
    } else {
        let _ = writeln!(out, "{assignment:<38} # {note}");
    }
}

pub(crate) fn render(t: &Table) -> String {
    let mut out = String::new();
    out.push_str(
        "# Pricing table for runwhere. Format: docs/pricing-format.md.\n\
         # Built by `runwhere pricing import` from AWS Price List offer files (see [sources]); every\n\
         # price is copied exactly from the product named next to it. Values citing CARRIED are not in\n\
         # the On-Demand offer files and were carried over from runwhere's bundled table. Anything\n\
         # absent is listed under its section's `missing` table and is never priced as zero.\n\n",
    );
    let _ = writeln!(out, "schema = 1");
    let _ = writeln!(out, "region = {}", quote(&t.region));
    let _ = writeln!(out, "name = {}", quote(&t.name));
    let _ = writeln!(
        out,
        "as_of = {}                   # newest publicationDate of the offer files",
        quote(&t.as_of)
    );
    out.push_str("\n[sources]\n");
    for (id, text) in &t.sources {
        let _ = writeln!(out, "{} = {}", key(id), quote(text));
    }
    for (section, keys) in LAYOUT {
        let mut cited: BTreeSet<String> =
            t.section_sources.get(*section).cloned().unwrap_or_default();
        for k in *keys {
            if let Some(e) = t.values.get(&format!("{section}.{k}")) {
                cited.insert(e.source.clone());
            }
        }
        if *section == "ec2" {
            cited.insert("AmazonEC2".to_owned());
        }
        if cited.is_empty() {
            // Nothing found: cite the offer file that was searched, if it was read.
            let offer = MATCHERS
                .iter()
                .find(|m| m.key.split('.').next() == Some(section))
                .map_or("AmazonEC2", |m| m.offer);
            cited.insert(if t.sources.contains_key(offer) {
                offer.to_owned()
            } else {
                "AmazonEC2".to_owned()
            });
        }
        let cited: Vec<String> = cited.iter().map(|c| quote(c)).collect();
        let _ = writeln!(out, "\n[{section}]\nsource = [{}]", cited.join(", "));
        for k in *keys {
            let Some(e) = t.values.get(&format!("{section}.{k}")) else {
                continue;
            };
            let value = match &e.value {
                Value::Number(n) | Value::Inline(n) => n.clone(),
                Value::Tiers(tiers) => {
                    let parts: Vec<String> = tiers
                        .iter()
                        .map(|(up_to, price)| match up_to {
                            Some(u) => format!("{{ up_to = {u}, price = {price} }}"),
                            None => format!("{{ price = {price} }}"),
                        })
                        .collect();
                    format!("[ {} ]", parts.join(", "))
                }
            };
            line(&mut out, &format!("{k} = {value}"), &e.note);
        }
        if *section == "ec2" {
            let _ = writeln!(out, "[ec2.missing]");
            for k in *keys {
                if let Some(reason) = t.missing.get(&format!("{section}.{k}")) {
                    let _ = writeln!(out, "{k} = {}", quote(reason));
                }
            }
            out.push_str("[ec2.instances]\n");
            for i in &t.instances {
                let mut fields = vec![
                    format!("family = {}", quote(&i.family)),
                    format!("arch = {}", quote(&i.arch)),
                    format!("vcpu = {}", i.vcpu),
                    format!("memory_gib = {}", i.memory_gib),
                    format!("gpus = {}", i.gpus),
                ];
                if let Some(m) = &i.gpu_model {
                    fields.push(format!("gpu_model = {}", quote(m)));
                }
                if i.previous {
                    fields.push("generation = \"previous\"".to_owned());
                }
                if let Some(b) = i.burst_baseline_pct {
                    fields.push(format!("burst_baseline_pct = {}", super::number(b)));
                }
                match &i.hourly {
                    Ok(h) => fields.push(format!("hourly = {h}")),
                    Err(reason) => fields.push(format!("missing = {}", quote(reason))),
                }
                line(
                    &mut out,
                    &format!("{} = {{ {} }}", quote(&i.name), fields.join(", ")),
                    &i.note,
                );
            }
        } else {
            let _ = writeln!(out, "[{section}.missing]");
            for k in *keys {
                if let Some(reason) = t.missing.get(&format!("{section}.{k}")) {
                    let _ = writeln!(out, "{k} = {}", quote(reason));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_toml_strings() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("tab\there"), "\"tab\\u0009here\"");
        assert_eq!(key("AmazonEC2"), "AmazonEC2");
        assert_eq!(key("m5.large"), "\"m5.large\"");
    }
}
