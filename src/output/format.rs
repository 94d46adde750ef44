//! How numbers and money are written for people: thousands separators, dollars and cents, fit
//! points with a sign, counts without float noise. Every renderer (and the TOML writers, which
//! group digits with `_`) uses these, so a number looks the same everywhere.
//!
//! This module depends on nothing else in the crate.

/// `digits` (an integer part, maybe with a leading `-`) with `sep` between groups of three:
/// `group_digits("-1234567", ',')` is `-1,234,567`.
/// Serializes a value as the string its `Display` writes (`#[serde(serialize_with = ...)]`).
///
/// # Errors
/// As the serializer's.
pub fn display<T: std::fmt::Display, S: serde::Serializer>(
    value: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

pub fn group_digits(digits: &str, sep: char) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let len = digits.chars().count();
    let mut out = String::with_capacity(sign.len() + len + len / 3);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A decimal text (`-1234.5`) with thousands separators in its integer part (`-1,234.5`).
fn grouped(text: &str) -> String {
    match text.split_once('.') {
        Some((int, frac)) => format!("{}.{frac}", group_digits(int, ',')),
        None => group_digits(text, ','),
    }
}

/// An amount rounded to cents (half away from zero), never `-0.0`.
pub fn cents(usd: f64) -> f64 {
    let c = (usd * 100.0).round() / 100.0;
    // Avoid "-0.0" in output.
    if c == 0.0 { 0.0 } else { c }
}

/// `$1,234.56`.
pub fn usd(amount: f64) -> String {
    let cents_total = (cents(amount) * 100.0).round() as i64;
    let sign = if cents_total < 0 { "-" } else { "" };
    let cents_total = cents_total.unsigned_abs();
    let dollars = group_digits(&(cents_total / 100).to_string(), ',');
    format!("{sign}${dollars}.{:02}", cents_total % 100)
}

/// A difference in dollars with its sign: `+$1,234.56`, `-$132.57`, `$0.00`.
pub fn signed_usd(amount: f64) -> String {
    let text = usd(amount);
    if cents(amount) > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// A number as the JSON prints it (shortest form), with thousands separators: `1,460`, `0.5`.
pub fn number(x: f64) -> String {
    grouped(&format!("{x}"))
}

/// A unit price with every digit the JSON has, and at least cents: `$0.03238`, `$16.00`.
pub fn price(p: f64) -> String {
    let text = number(p);
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
    if decimals < 2 {
        usd(p)
    } else {
        format!("${text}")
    }
}

/// A quantity rounded to four decimals, with thousands separators: `1,460`, `0.0417`.
pub fn quantity(x: f64) -> String {
    let rounded = (x * 10_000.0).round() / 10_000.0;
    let text = format!("{rounded:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    grouped(text)
}

/// A number as people read it in sweeps: `7,347,088`, `0.25`; exponent form when very large or
/// very small.
pub fn human(x: f64) -> String {
    if x != 0.0 && (x.abs() >= 1e12 || x.abs() < 1e-3) {
        return format!("{x:e}");
    }
    let rounded = if x.abs() >= 100.0 {
        x.round()
    } else {
        (x * 1_000.0).round() / 1_000.0
    };
    grouped(&format!("{rounded}"))
}

/// An instance count as shown to people: `3`, or `2.5` for a time-weighted mean.
pub fn trim_count(n: f64) -> String {
    round_to(n, 100.0)
}

/// `v` rounded to `1/scale` and printed in its shortest form (`6.667`, `4`), without the slow
/// fixed-precision float formatting.
pub fn round_to(v: f64, scale: f64) -> String {
    let r = (v * scale).round() / scale;
    if r == 0.0 {
        "0".to_owned()
    } else {
        format!("{r}")
    }
}

/// Fit points with a sign: `+3`, `-1.5`, `0`.
pub fn signed(points: f64) -> String {
    let text = trim_count(points.abs());
    if points > 0.0 {
        format!("+{text}")
    } else if points < 0.0 {
        format!("-{text}")
    } else {
        text
    }
}

/// `text` wrapped at spaces into lines of at most `width` characters, each ending in a newline: the
/// first line starts with `first`, the others with `rest` (a hanging indent). A word longer than a
/// line (a URL) stays whole on a line of its own.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut line = String::from(first);
    let mut len = first.chars().count();
    let mut empty = true;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if !empty && len + 1 + n > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            len = rest.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_words_with_a_hanging_indent() {
        // 12 columns: "  - one two" is 11; "three" would make it 17.
        assert_eq!(
            wrap("one two three four", 12, "  - ", "    "),
            "  - one two\n    three\n    four\n"
        );
        // A word longer than the line stays whole.
        assert_eq!(
            wrap("see https://docs.aws.amazon.com/x", 10, "", ""),
            "see\nhttps://docs.aws.amazon.com/x\n"
        );
        assert_eq!(wrap("", 10, "  ", "  "), "\n");
    }

    #[test]
    fn signed_usd_carries_one_sign() {
        assert_eq!(signed_usd(1234.5), "+$1,234.50");
        // Issue 15: a cheaper runner-up printed as `+-$132.57`.
        assert_eq!(signed_usd(-132.57), "-$132.57");
        assert_eq!(signed_usd(0.0), "$0.00");
        // Rounds to zero cents: no sign at all.
        assert_eq!(signed_usd(-0.004), "$0.00");
    }

    #[test]
    fn digits_group_in_threes_from_the_right() {
        assert_eq!(group_digits("1", ','), "1");
        assert_eq!(group_digits("123", ','), "123");
        assert_eq!(group_digits("1234", ','), "1,234");
        assert_eq!(group_digits("-1234567", ','), "-1,234,567");
        assert_eq!(group_digits("30000000", '_'), "30_000_000");
    }

    #[test]
    fn money_formatting() {
        assert_eq!(usd(0.0), "$0.00");
        assert_eq!(usd(71.124), "$71.12");
        assert_eq!(usd(71.125_000_1), "$71.13");
        assert_eq!(usd(1_234_567.891), "$1,234,567.89");
        assert_eq!(usd(999.999), "$1,000.00");
        assert_eq!(usd(-1_234.5), "-$1,234.50");
        assert_eq!(cents(-0.001), 0.0);
        assert!(cents(-0.001).is_sign_positive());
    }

    #[test]
    fn numbers_and_prices() {
        assert_eq!(number(1_460.0), "1,460");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-12_345.25), "-12,345.25");
        assert_eq!(price(0.032_38), "$0.03238");
        assert_eq!(price(16.0), "$16.00");
        assert_eq!(price(1_234.5), "$1,234.50");
        // 0.041666… → 0.0417 (four decimals); 1460.00004 → 1,460.
        assert_eq!(quantity(1.0 / 24.0), "0.0417");
        assert_eq!(quantity(1_460.000_04), "1,460");
        assert_eq!(quantity(-2_500.5), "-2,500.5");
    }

    #[test]
    fn human_numbers() {
        assert_eq!(human(7_347_088.4), "7,347,088");
        assert_eq!(human(0.25), "0.25");
        assert_eq!(human(12.3456), "12.346");
        assert_eq!(human(2e12), "2e12");
        assert_eq!(human(0.0), "0");
    }

    #[test]
    fn counts_and_points() {
        assert_eq!(trim_count(3.0), "3");
        assert_eq!(trim_count(2.499), "2.5");
        assert_eq!(trim_count(0.001), "0");
        assert_eq!(signed(3.0), "+3");
        assert_eq!(signed(-1.5), "-1.5");
        assert_eq!(signed(0.0), "0");
    }
}
