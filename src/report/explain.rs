//! `runwhere explain`: every step from the workload to the order, in plain text. The command
//! parses its arguments and ranks; this renders the ranking.

use std::fmt::Write as _;

use super::{table::signed, usd};
use crate::cost::Estimate;
use crate::engine::current::{Today, what_runs};
use crate::engine::rank::{self, Entry, FLOWCHART_RULE, Prefer, Ranking, Standing};
use crate::output::format::signed_usd;
use crate::rules::RuleSet;
use crate::service::Service;

/// Quantities: up to 4 decimals, thousands separated.
fn num(x: f64) -> String {
    crate::output::format::quantity(x)
}

fn price(p: f64) -> String {
    // Unit prices keep every digit the table gives.
    let text = format!("{p:.10}");
    let text = text.trim_end_matches('0');
    let text = text.strip_suffix('.').unwrap_or(text);
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
    if decimals < 2 {
        format!("${p:.2}")
    } else {
        format!("${text}")
    }
}

pub fn render(r: &Ranking, rules: &RuleSet, only: Option<Service>) -> String {
    let mut o = String::new();
    let w = &r.workload;
    let prefer = match r.prefer {
        Prefer::Cost => "cost",
        Prefer::Fit => "fit",
        Prefer::Balanced => "balanced",
    };
    let _ = writeln!(
        o,
        "{} · {} · {} · prices as of {} · prefer {prefer}",
        w.name, w.shape.kind, r.region, r.pricing_as_of
    );

    let fc = &rules.flowchart;
    let _ = writeln!(o, "\nFlowchart: {}, from {}", fc.title, fc.source);
    for (i, (question, branch)) in r.flowchart_questions.iter().enumerate() {
        let _ = writeln!(o, "  {}. {question} → {branch}", i + 1);
    }
    let leaf: Vec<&str> = r.flowchart_leaf.iter().map(|s| s.display_name()).collect();
    let _ = writeln!(
        o,
        "  Leads to: {} (+{} fit each)",
        leaf.join(" and "),
        num(fc.bonus)
    );

    let _ = writeln!(o, "\nDefaults applied:");
    if w.defaults.is_empty() {
        let _ = writeln!(o, "  none: the file sets every value");
    }
    for d in &w.defaults {
        let value = super::record::human_default(d.key, &d.value.to_string());
        match &d.why {
            Some(why) => {
                let _ = writeln!(o, "  {} = {value}  ({why})", d.key);
            }
            None => {
                let _ = writeln!(o, "  {} = {value}", d.key);
            }
        }
    }

    let cheapest = r
        .eligible()
        .filter_map(Entry::estimate)
        .map(crate::cost::Estimate::total)
        .fold(f64::INFINITY, f64::min);
    let _ = writeln!(o, "\nOrder: {}", order_text(r, cheapest));
    if let Some(line) = super::premium_line(r) {
        let _ = writeln!(o, "Why the top pick costs more: {line}");
    }
    if let Some(today) = &r.current {
        today_section(&mut o, today, w.shape.kind);
    }

    for e in r
        .entries
        .iter()
        .filter(|e| only.is_none_or(|s| s == e.service))
    {
        let _ = writeln!(o);
        match &e.standing {
            Standing::Eligible {
                estimate,
                fit,
                reasons,
            } => {
                let total = estimate.billed_total();
                let _ = writeln!(
                    o,
                    "#{} {} — {}/month, fit {}",
                    e.rank.unwrap_or(0),
                    e.service.display_name(),
                    usd(total),
                    signed(*fit)
                );
                let mut variant = vec![
                    estimate.arch.to_string(),
                    estimate.option.as_str().replace('_', " "),
                ];
                match estimate.compute {
                    Some(crate::cost::Compute::Ec2) => variant.push("on EC2".to_owned()),
                    Some(crate::cost::Compute::Fargate) => variant.push("on Fargate".to_owned()),
                    None => {}
                }
                if let Some(i) = &estimate.instance {
                    if w.shape.kind.has_traffic() {
                        variant.push(format!(
                            "{} × {}",
                            i.instance_type,
                            crate::cost::trim_count(i.count)
                        ));
                    } else {
                        variant.push(format!(
                            "{} × {} h",
                            i.instance_type,
                            crate::cost::trim_count(i.count * crate::cost::HOURS)
                        ));
                    }
                }
                let _ = writeln!(o, "  Variant: {}", variant.join(" · "));
                if let Some(today) = r.current.as_ref().and_then(Today::billed_total) {
                    let monthly = crate::output::format::cents(total - today);
                    let _ = writeln!(
                        o,
                        "  vs today: {} a month, {} a year ({} − {})",
                        signed_usd(monthly),
                        signed_usd(crate::output::format::cents(monthly * 12.0)),
                        usd(total),
                        usd(today)
                    );
                }
                if let Some(i) = estimate.instance.as_ref().filter(|i| !i.why.is_empty()) {
                    let _ = writeln!(o, "  Instance: {}, the {}", i.instance_type, i.why);
                }
                if r.prefer == Prefer::Balanced {
                    let penalty = fit - rank::balanced_score(w, estimate.total(), cheapest, *fit);
                    let _ = writeln!(
                        o,
                        "  Score: fit {} − cost penalty {} = {}",
                        signed(*fit),
                        num(penalty),
                        num(fit - penalty)
                    );
                }
                let _ = writeln!(o, "  Rules:");
                if reasons.is_empty() {
                    let _ = writeln!(o, "    none fired for this service");
                }
                for reason in reasons {
                    let points = if reason.points == 0.0 {
                        "note".to_owned()
                    } else {
                        signed(reason.points)
                    };
                    let _ = writeln!(o, "    {points:>5}  {}: {}", reason.rule, reason.text);
                    if let Some(src) = &reason.source {
                        if reason.rule != FLOWCHART_RULE {
                            let _ = writeln!(o, "           source: {src}");
                        }
                    }
                }
                cost_lines(&mut o, estimate);
            }
            Standing::Excluded(why) => {
                let _ = writeln!(o, "Excluded: {}", e.service.display_name());
                for x in why {
                    let _ = writeln!(o, "    {}: {}", x.rule, x.text);
                    if let Some(src) = &x.source {
                        let _ = writeln!(o, "           source: {src}");
                    }
                }
            }
        }
    }

    if !r.warnings.is_empty() {
        let _ = writeln!(o, "\nWarnings:");
        for warning in &r.warnings {
            let _ = writeln!(o, "  - {}", warning.text());
        }
    }
    o
}

fn order_text(r: &Ranking, cheapest: f64) -> String {
    match r.prefer {
        Prefer::Cost => "cheapest first; fit breaks ties, then the service id".to_owned(),
        Prefer::Fit => "best fit first; cost breaks ties, then the service id".to_owned(),
        Prefer::Balanced => format!(
            "highest score first, score = fit − {} × log2((cost + ${}) / (cheapest + ${})), cheapest = {}; ties by cost, then service id",
            num(rank::points_per_doubling(&r.workload)),
            num(rank::COST_FLOOR_USD),
            num(rank::COST_FLOOR_USD),
            usd(if cheapest.is_finite() { cheapest } else { 0.0 })
        ),
    }
}

/// Each line item as quantity × unit price = monthly, the total, and the notes.
fn cost_lines(o: &mut String, estimate: &Estimate) {
    let _ = writeln!(o, "  Cost:");
    for l in &estimate.line_items {
        let _ = writeln!(
            o,
            "    {:<44} {} {} × {} = {}",
            l.item,
            num(l.quantity),
            l.unit,
            price(l.unit_price_usd),
            usd(l.monthly_usd)
        );
    }
    let _ = writeln!(o, "    {:<44} {}", "total", usd(estimate.billed_total()));
    for n in &estimate.notes {
        let _ = writeln!(o, "    note: {n}");
    }
}

/// `a Lambda function`, `x86 · on demand · m5.xlarge × 4`: how an estimate runs.
fn variant_text(e: &Estimate, kind: crate::workload::Kind) -> String {
    let mut parts = vec![e.arch.to_string(), e.option.as_str().replace('_', " ")];
    match e.compute {
        Some(crate::cost::Compute::Ec2) => parts.push("on EC2".to_owned()),
        Some(crate::cost::Compute::Fargate) => parts.push("on Fargate".to_owned()),
        None => {}
    }
    if let Some(i) = &e.instance {
        let count = if kind.has_traffic() {
            crate::cost::trim_count(i.count)
        } else {
            format!(
                "{} h",
                crate::cost::trim_count(i.count * crate::cost::HOURS)
            )
        };
        parts.push(format!("{} × {count}", i.instance_type));
    }
    parts.join(" · ")
}

/// What runs today (`[current]`): priced by the same models, or why it cannot run the workload;
/// the bill beside it, the sizing and the right-sized alternative.
fn today_section(o: &mut String, today: &Today, kind: crate::workload::Kind) {
    let service = today.given.service.display_name();
    let _ = writeln!(
        o,
        "\nToday ([current]): {} on {service}",
        what_runs(&today.given)
    );
    match &today.standing {
        Ok(e) => {
            let total = e.billed_total();
            let _ = writeln!(o, "  Variant: {}", variant_text(e, kind));
            cost_lines(o, e);
            if let Some(bill) = today.given.monthly_usd {
                let gap = crate::output::format::cents(bill - total);
                let _ = writeln!(
                    o,
                    "  Bill: {} (current.monthly_usd), {} {} than runwhere's {}",
                    usd(bill),
                    usd(gap.abs()),
                    if gap < 0.0 { "less" } else { "more" },
                    usd(total)
                );
            }
        }
        Err(why) => {
            let _ = writeln!(o, "  Cannot run the workload as described; not priced:");
            for x in why {
                let _ = writeln!(o, "    {}: {}", x.rule, x.text);
                if let Some(src) = &x.source {
                    let _ = writeln!(o, "           source: {src}");
                }
            }
        }
    }
    if let Some(s) = &today.sizing {
        let _ = writeln!(o, "  Sizing: {}", s.text);
    }
    if let (Some(r), Some(now)) = (&today.right_size, today.billed_total()) {
        let cost = r.billed_total();
        let _ = writeln!(
            o,
            "  Right-size in place: {service} · {} — {}/month, {} a month against today",
            variant_text(r, kind),
            usd(cost),
            signed_usd(crate::output::format::cents(cost - now))
        );
    }
}
