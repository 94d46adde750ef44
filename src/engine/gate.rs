//! Cost gates for CI (spec §5, exit status 4): a budget for the top pick
//! (`recommend --max-monthly USD`), and a limit on how much the top pick's monthly cost may grow
//! between two versions of a workload (`diff --fail-above 10%` or `--fail-above 25`). Plain
//! functions on monthly figures, for every command that compares a cost with a limit.

use std::fmt;

use crate::output::format::{cents, usd};

/// How much the top pick's monthly cost may grow: a share of the earlier cost, or dollars.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// Percent of the earlier cost (`10%`).
    Percent(f64),
    /// USD a month (`25`, `$25`).
    Usd(f64),
}

impl Limit {
    /// `10%` (a percentage of the earlier cost) or `25` / `$25` (USD a month): a finite number, 0
    /// or more; `_` and `,` may group digits.
    ///
    /// # Errors
    /// What was wrong, and what is allowed.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let (number, percent) = match trimmed.strip_suffix('%') {
            Some(n) => (n.trim_end(), true),
            None => (trimmed.strip_prefix('$').unwrap_or(trimmed), false),
        };
        let digits: String = number.chars().filter(|&c| c != '_' && c != ',').collect();
        match digits.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 && !digits.starts_with(['+', '-']) => {
                Ok(if percent {
                    Self::Percent(v)
                } else {
                    Self::Usd(v)
                })
            }
            _ => Err(format!(
                "`{text}` is not a limit: write a percentage of the earlier cost, such as 10%, or USD a month, such as 25"
            )),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Percent(p) => write!(f, "{p}%"),
            Self::Usd(u) => f.write_str(&usd(*u)),
        }
    }
}

/// The top pick's monthly cost before and after, and whether it grew past the limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Growth {
    /// In cents-exact dollars, as the outputs print them.
    pub before: f64,
    pub after: f64,
    /// `after − before`.
    pub change: f64,
    /// `change ÷ before × 100`; `None` when the earlier cost is 0.
    pub percent: Option<f64>,
    /// The gate, if one was set.
    pub limit: Option<Limit>,
    /// The cost grew by more than the limit.
    pub failed: bool,
}

impl Growth {
    /// The change with its sign, and as a percentage when the earlier cost was not 0:
    /// `+$14.60, +18%`, `-$3.00, -2.5%`, `+$0.01`.
    pub fn change_text(&self) -> String {
        let money = crate::output::format::signed_usd(self.change);
        match self.percent {
            Some(p) => format!("{money}, {}", percent_text(p)),
            None => money,
        }
    }
}

/// A percentage with its sign: whole percents from 10 up, one decimal below (`+18%`, `-2.5%`, `0%`).
pub fn percent_text(p: f64) -> String {
    let text = if p.abs() >= 10.0 {
        format!("{:.0}", p.abs())
    } else {
        crate::output::format::round_to(p.abs(), 10.0)
    };
    let sign = match text.as_str() {
        "0" => "",
        _ if p > 0.0 => "+",
        _ => "-",
    };
    format!("{sign}{text}%")
}

/// Compares the top pick's monthly cost before and after with `limit`. The gate fails when the
/// cost grew by more than the limit: more than that percentage of the earlier cost (any growth
/// from $0), or more than that many dollars. Both costs are taken to the cent first, as printed.
/// Without a limit, the figures only.
pub fn growth(before: f64, after: f64, limit: Option<Limit>) -> Growth {
    let (before, after) = (cents(before), cents(after));
    let change = cents(after - before);
    // Whole cents, so that exactly 10 % of $100.00 is not "more than 10 %".
    let (change_c, before_c) = ((change * 100.0).round(), (before * 100.0).round());
    let failed = change_c > 0.0
        && match limit {
            None => false,
            Some(Limit::Usd(u)) => change_c > (u * 100.0).round(),
            Some(Limit::Percent(p)) => change_c * 100.0 > p * before_c,
        };
    Growth {
        before,
        after,
        change,
        percent: (before_c > 0.0).then(|| change / before * 100.0),
        limit,
        failed,
    }
}

/// [`growth`] of the top pick between two versions of a workload, when both have one.
pub fn top_pick_growth(
    before: Option<f64>,
    after: Option<f64>,
    limit: Option<Limit>,
) -> Option<Growth> {
    Some(growth(before?, after?, limit))
}

/// `recommend --max-monthly USD`: the top pick costs more than the budget (to the cent shown).
pub fn over_budget(monthly: f64, budget: f64) -> bool {
    cents(monthly) > budget
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_as_percent_or_dollars() {
        assert_eq!(Limit::parse("10%"), Ok(Limit::Percent(10.0)));
        assert_eq!(Limit::parse(" 12.5 %"), Ok(Limit::Percent(12.5)));
        assert_eq!(Limit::parse("25"), Ok(Limit::Usd(25.0)));
        assert_eq!(Limit::parse("$1,000"), Ok(Limit::Usd(1_000.0)));
        for bad in ["", "%", "ten", "-5", "-5%", "inf", "nan%", "$-1", "+5"] {
            assert!(Limit::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Limit::Percent(10.0).to_string(), "10%");
        assert_eq!(Limit::Usd(25.0).to_string(), "$25.00");
    }

    #[test]
    fn growth_fails_only_above_the_limit() {
        // $100.00 → $110.00: +$10.00, exactly 10 %: not more than 10 %, nor than $10.
        let g = growth(100.0, 110.0, Some(Limit::Percent(10.0)));
        assert_eq!((g.change, g.percent, g.failed), (10.0, Some(10.0), false));
        assert!(!growth(100.0, 110.0, Some(Limit::Usd(10.0))).failed);
        // $100.00 → $110.01: +$10.01 is 10.01 %, over both.
        assert!(growth(100.0, 110.01, Some(Limit::Percent(10.0))).failed);
        assert!(growth(100.0, 110.01, Some(Limit::Usd(10.0))).failed);
        // $79.94 → $159.88 doubles: +$79.94, +100 %.
        let g = growth(79.94, 159.88, Some(Limit::Percent(50.0)));
        assert_eq!((g.change, g.failed), (79.94, true));
        // A cost that falls never fails; growth from $0 fails any percentage.
        assert!(!growth(100.0, 50.0, Some(Limit::Percent(0.0))).failed);
        let g = growth(0.0, 0.01, Some(Limit::Percent(1000.0)));
        assert_eq!((g.percent, g.failed), (None, true));
        assert!(!growth(0.0, 0.01, Some(Limit::Usd(0.01))).failed);
        // Without a gate: the figures, never a failure.
        let g = growth(1.0, 1_000.0, None);
        assert_eq!((g.change, g.failed), (999.0, false));
        // Figures are taken to the cent: $10.004 more is $10.00.
        assert!(!growth(100.0, 110.004, Some(Limit::Usd(10.0))).failed);
    }

    #[test]
    fn change_texts() {
        // $79.94 → $94.54: +$14.60, 14.60 / 79.94 = 18.26 % → +18%.
        assert_eq!(growth(79.94, 94.54, None).change_text(), "+$14.60, +18%");
        // $120.00 → $117.00: -$3.00, -2.5 %.
        assert_eq!(growth(120.0, 117.0, None).change_text(), "-$3.00, -2.5%");
        assert_eq!(growth(0.0, 0.01, None).change_text(), "+$0.01");
        assert_eq!(growth(5.0, 5.0, None).change_text(), "$0.00, 0%");
    }

    #[test]
    fn budget_and_missing_sides() {
        assert!(!over_budget(99.994, 99.99));
        assert!(over_budget(99.996, 99.99));
        assert_eq!(
            top_pick_growth(None, Some(5.0), Some(Limit::Usd(1.0))),
            None
        );
        assert_eq!(
            top_pick_growth(Some(5.0), None, Some(Limit::Usd(1.0))),
            None
        );
    }
}
