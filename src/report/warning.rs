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
            Self::StalePrices { text, .. } => text.clone(),
            Self::Rule { text, .. } => text.to_string(),
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
        "Uneven comparison: {} {verb} priced without {option}{} because the {} table has no rate for {them} ({}), while {} {} priced with one; compare their figures with that in mind.",
        and_list(&lacking),
        if u.asked { " (On-Demand instead)" } else { "" },
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::cost::Fallback;

    fn peak(measure: PeakMeasure, average: f64, ratio: f64, peak: f64) -> Warning {
        Warning::Peak(PeakLimit {
            rule: "lambda-concurrency-quota".into(),
            service: Service::Lambda,
            facts: Arc::default(),
            limit_fact: "lambda_concurrency_quota",
            measure,
            average,
            peak_to_average: ratio,
            peak,
            limit: 1_000.0,
            text: None,
        })
    }

    #[test]
    fn a_peak_warning_gives_its_figures() {
        // 120M events × 2 s ÷ 2,628,000 s = 91.3242 in flight; × 12 = 1,095.89 → "1,096".
        let average = 120_000_000.0 * 2.0 / 2_628_000.0;
        let w = peak(PeakMeasure::Concurrency, average, 12.0, average * 12.0);
        assert_eq!(
            w.text(),
            "Lambda at peak: 1,096 executions at once (91.324 in flight on average × `peak_to_average` 12), above the default quota of 1,000 concurrent executions per account and Region (fact `lambda_concurrency_quota`, rule `lambda-concurrency-quota`)."
        );
        let w = peak(PeakMeasure::ArrayChildren, 0.0, 1.0, 1_001.0);
        assert!(
            w.text()
                .starts_with("Lambda at peak: 1,001 array children at once"),
            "{}",
            w.text()
        );
    }

    #[test]
    fn an_uneven_comparison_names_who_lacks_what() {
        let fallback = |key| Fallback {
            asked: Purchase::SavingsPlan3yr,
            section: "savings_plan",
            key,
            what: "",
        };
        let mut u = Uneven {
            option: Purchase::SavingsPlan3yr,
            asked: true,
            region: "eu-west-1".to_owned(),
            lacking: vec![(Service::Lambda, fallback("lambda_3yr"))],
            with: vec![Service::Ec2],
        };
        assert_eq!(
            Warning::Uneven(u.clone()).text(),
            "Uneven comparison: Lambda is priced without a 3-year Compute Savings Plan (On-Demand instead) because the eu-west-1 table has no rate for it (`savings_plan.lambda_3yr`), while EC2 is priced with one; compare their figures with that in mind."
        );
        // Under `best` the service may still have another discount: no "On-Demand instead".
        u.asked = false;
        assert!(!Warning::Uneven(u.clone()).text().contains("On-Demand"));
        // Nobody has it.
        u.asked = true;
        u.with.clear();
        assert_eq!(
            Warning::Uneven(u).text(),
            "No service is priced with a 3-year Compute Savings Plan: the eu-west-1 table has no rate for Lambda (`savings_plan.lambda_3yr`), so it is priced On-Demand."
        );
    }
}
