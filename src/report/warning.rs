//! The ranking's warnings in words: the engine gives each one's facts and figures
//! ([`Warning`]), and every renderer prints the line made here.

use crate::engine::rank::{PeakLimit, PeakMeasure, Uneven, Warning};
use crate::output::format::{human, number};
use crate::service::Service;
use crate::workload::Purchase;

impl Warning {
    /// The warning as one line, as the JSON output and the table print it.
    pub fn text(&self) -> String {
        match self {
            Self::StalePrices { text, .. } | Self::Rule { text, .. } => text.clone(),
            Self::Uneven(u) => uneven_text(u),
            Self::Peak(p) => peak_text(p),
        }
    }
}

/// `a 1-year Compute Savings Plan`, `Spot capacity`.
fn option_words(option: Purchase) -> &'static str {
    match option {
        Purchase::Spot => "Spot capacity",
        Purchase::SavingsPlan1yr => "a 1-year Compute Savings Plan",
        Purchase::SavingsPlan3yr => "a 3-year Compute Savings Plan",
        Purchase::OnDemand | Purchase::Best => "the option asked for",
    }
}

/// `A`, `A and B`, `A, B and C`.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn names(services: impl Iterator<Item = Service>) -> Vec<&'static str> {
    services.map(Service::display_name).collect()
}

/// Uneven comparison: ECS on Fargate and Lambda are priced On-Demand, without a 1-year Compute
/// Savings Plan: the eu-west-1 table has no rate for them (`fargate.…`, `savings_plan.…`), while
/// EC2 … are priced with one.
fn uneven_text(u: &Uneven) -> String {
    let lacking = names(u.lacking.iter().map(|(s, _)| *s));
    let keys: Vec<String> = u
        .lacking
        .iter()
        .map(|(_, f)| format!("`{}.{}`", f.section, f.key))
        .collect();
    let option = option_words(u.option);
    let verb = if lacking.len() == 1 { "is" } else { "are" };
    let them = if lacking.len() == 1 { "it" } else { "them" };
    if u.with.is_empty() {
        return format!(
            "No service is priced with {option}: the {} table has no rate for {} ({}), so {} {verb} priced On-Demand.",
            u.region,
            and_list(&lacking),
            keys.join(", "),
            if lacking.len() == 1 { "it" } else { "they" },
        );
    }
    let with = names(u.with.iter().copied());
    format!(
        "Uneven comparison: {} {verb} priced without {option} (On-Demand instead) because the {} table has no rate for {them} ({}), while {} {} priced with one; compare their figures with that in mind.",
        and_list(&lacking),
        u.region,
        keys.join(", "),
        and_list(&with),
        if with.len() == 1 { "is" } else { "are" },
    )
}

/// App Runner at peak: 30 instances (10 on average × `peak_to_average` 3), above its limit of 25
/// (fact `app_runner_max_instances`). …
fn peak_text(p: &PeakLimit) -> String {
    let name = p.service.display_name();
    let figures = match p.measure {
        PeakMeasure::Instances => format!(
            "{name} at peak: {} instances ({} on average × `peak_to_average` {}), above its maximum of {} instances per service",
            number(p.peak),
            human(p.average),
            human(p.peak_to_average),
            number(p.limit)
        ),
        PeakMeasure::Concurrency => format!(
            "{name} at peak: {} executions at once ({} in flight on average × `peak_to_average` {}), above the default quota of {} concurrent executions per account and Region",
            human(p.peak),
            human(p.average),
            human(p.peak_to_average),
            number(p.limit)
        ),
        PeakMeasure::ArrayChildren => format!(
            "{name} at peak: {} array children at once (`jobs.array_size`), above the default quota of {} concurrent executions per account and Region",
            number(p.peak),
            number(p.limit)
        ),
    };
    let mut text = format!("{figures} (fact `{}`, rule `{}`).", p.limit_fact, p.rule);
    if let Some(more) = &p.text {
        text.push(' ');
        text.push_str(more);
    }
    text
}
