//! The advisor: price tables and rules loaded once, then any number of workloads ranked with them.
//!
//! This is what every command that ranks goes through (`recommend`, `explain`, `report`,
//! `breakeven`, `diff`), so `--region`, `--set` and `--prefer` mean the same everywhere.

use std::path::Path;

use crate::engine::rank::{Prefer, Ranking, rank};
use crate::error::Result;
use crate::input::source::SourceFile;
use crate::pricing::{Catalog, Prices};
use crate::rules::RuleSet;
use crate::workload::{Override, Workload};

/// How to read and rank each workload.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Price in this region instead of the file's.
    pub region: Option<String>,
    pub prefer: Prefer,
    /// `--set PATH=VALUE` overrides, applied to every workload.
    pub overrides: Vec<Override>,
}

/// Prices older than this many days carry a warning.
pub const STALE_AFTER_DAYS: i64 = 180;

/// Loaded price tables and rules.
#[derive(Debug, Clone)]
pub struct Advisor {
    pub catalog: Catalog,
    pub rules: RuleSet,
    /// Today, as days since 1970-01-01 (`SOURCE_DATE_EPOCH` when set, for reproducible output).
    pub today: Option<i64>,
}

impl Advisor {
    /// The bundled tables and rules, or those in the given directories.
    ///
    /// # Errors
    /// Unreadable or invalid pricing or rules files.
    pub fn load(pricing_dir: Option<&Path>, rules_dir: Option<&Path>) -> Result<Self> {
        let catalog = load_catalog(pricing_dir)?;
        let rules = load_rules(rules_dir)?;
        Ok(Self {
            catalog,
            rules,
            today: today(),
        })
    }

    /// A warning when the table in use is older than [`STALE_AFTER_DAYS`].
    pub fn staleness(&self, prices: &Prices) -> Option<crate::engine::rank::Warning> {
        let age = self.today? - days_from_date(&prices.table.as_of)?;
        (age > STALE_AFTER_DAYS).then(|| crate::engine::rank::Warning::StalePrices {
            region: prices.region().to_owned(),
            text: format!(
                "the {} prices are {age} days old (as of {}); refresh them with `runwhere pricing import` or pass newer tables with `--pricing-dir`",
                prices.region(),
                prices.table.as_of
            ),
        })
    }

    /// Parses a workload with the overrides and the region option applied.
    ///
    /// # Errors
    /// Every problem in the file or the overrides; an unknown `--region`.
    pub fn workload(&self, source: &SourceFile, options: &Options) -> Result<Workload> {
        parse_workload(&self.catalog, source, options)
    }

    /// The price table for a workload's region.
    ///
    /// # Errors
    /// [`crate::Error::UnknownRegion`] (only possible with a `--pricing-dir` that lacks it).
    pub fn prices(&self, workload: &Workload) -> Result<&Prices> {
        self.catalog.region(&workload.region)
    }

    /// Ranks a parsed workload.
    ///
    /// # Errors
    /// As [`Advisor::prices`].
    pub fn rank(&self, workload: &Workload, prefer: Prefer) -> Result<Ranking> {
        let prices = self.prices(workload)?;
        let mut ranking = rank(workload, prices, &self.rules, prefer);
        if let Some(w) = self.staleness(prices) {
            ranking.warnings.insert(0, w);
        }
        Ok(ranking)
    }

    /// Reads, parses and ranks one workload file.
    ///
    /// # Errors
    /// As [`Advisor::workload`] and [`Advisor::rank`].
    pub fn rank_source(&self, source: &SourceFile, options: &Options) -> Result<Ranking> {
        let workload = self.workload(source, options)?;
        self.rank(&workload, options.prefer)
    }
}

/// The tables of a `--pricing-dir`, or the bundled ones.
fn load_catalog(pricing_dir: Option<&Path>) -> Result<Catalog> {
    match pricing_dir {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::bundled(),
    }
}

/// The rules of a `--rules-dir`, or the bundled ones.
fn load_rules(rules_dir: Option<&Path>) -> Result<RuleSet> {
    match rules_dir {
        Some(dir) => RuleSet::from_dir(dir),
        None => RuleSet::bundled(),
    }
}

/// A workload parsed with the overrides and the region option applied, checked against the
/// tables.
fn parse_workload(catalog: &Catalog, source: &SourceFile, options: &Options) -> Result<Workload> {
    let mut workload = Workload::parse_with(source, &catalog.regions(), &options.overrides)?;
    if let Some(region) = &options.region {
        catalog.region(region)?;
        workload.region.clone_from(region);
    }
    check_current(catalog, &workload)?;
    Ok(workload)
}

/// `current.instance_type` is a type the region's pricing table knows (priced or not), with the
/// nearest name suggested when it is not.
fn check_current(catalog: &Catalog, workload: &Workload) -> Result<()> {
    let Some((name, place)) = workload
        .current
        .as_ref()
        .and_then(|c| c.instance_type.as_deref().zip(c.instance_type_at.as_ref()))
    else {
        return Ok(());
    };
    let prices = catalog.region(&workload.region)?;
    if prices.instances.iter().any(|i| i.name == name) {
        return Ok(());
    }
    let known = &prices.full_table().ec2.instances;
    if known.contains_key(name) {
        return Ok(());
    }
    let help = match crate::input::diagnostic::suggest(name, known.keys().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "the {} table lists {} instance types (`runwhere pricing show {}` lists them)",
            workload.region,
            known.len(),
            workload.region
        ),
    };
    let mut d = place.0.clone().with_help(help);
    d.message = format!(
        "unknown instance type `{name}` in the {} pricing table",
        workload.region
    );
    Err(crate::Error::Invalid(
        crate::input::diagnostic::Diagnostics(vec![d]),
    ))
}

/// The day unit tests take as today when `SOURCE_DATE_EPOCH` is not set (2026-11-23, as the
/// integration tests pin it), so no test depends on the calendar.
#[cfg(test)]
const TEST_EPOCH: i64 = 1_795_392_000;

/// Days since 1970-01-01 of today: `SOURCE_DATE_EPOCH` (seconds) when set, else the clock.
pub fn today() -> Option<i64> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<i64>().ok()?,
        #[cfg(test)]
        Err(_) => TEST_EPOCH,
        #[cfg(not(test))]
        Err(_) => i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_secs(),
        )
        .ok()?,
    };
    Some(secs.div_euclid(86_400))
}

/// The `YYYY-MM-DD` date of a day counted from 1970-01-01 (the proleptic Gregorian calendar).
pub fn date_from_days(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
pub fn days_from_date(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days_round_trip() {
        assert_eq!(date_from_days(0), "1970-01-01");
        // 11,017 days after 1970-01-01 is 2000-03-01 (30 years of 365 days, 7 leap days, 59 more).
        assert_eq!(date_from_days(11_017), "2000-03-01");
        // SOURCE_DATE_EPOCH=1795996800 ÷ 86,400 = 20,787 days: 2026-11-30.
        assert_eq!(date_from_days(1_795_996_800 / 86_400), "2026-11-30");
        for days in [-1, 59, 60, 365, 10_957, 20_788, 100_000] {
            assert_eq!(days_from_date(&date_from_days(days)), Some(days));
        }
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_date("1970-01-01"), Some(0));
        assert_eq!(days_from_date("2000-03-01"), Some(11_017));
        // 2026-11-23 − 2026-05-27 = 180 days.
        assert_eq!(
            days_from_date("2026-11-23").unwrap() - days_from_date("2026-05-27").unwrap(),
            180
        );
        assert_eq!(days_from_date("2026-13-01"), None);
        assert_eq!(days_from_date("soon"), None);
    }

    #[test]
    fn old_prices_warn() {
        let mut advisor = Advisor::load(None, None).unwrap();
        let prices = advisor.catalog.region("us-east-1").unwrap().clone();
        let as_of = days_from_date(&prices.table.as_of).unwrap();
        advisor.today = Some(as_of + STALE_AFTER_DAYS);
        assert_eq!(advisor.staleness(&prices), None);
        advisor.today = Some(as_of + STALE_AFTER_DAYS + 1);
        let w = advisor.staleness(&prices).unwrap().text();
        assert!(w.contains("181 days old"), "{w}");
    }
}
