//! Numbers as people type them: `30M`, `1.5k`, `2e6`, `30_000_000`, `30,000,000`, `120 ms`.
//!
//! Only the notation is checked here; whether the value is in range is the workload parser's
//! call (see [`super::Interview`]), so the interview and the file format can never disagree.

/// A number from an answer; `units` are the unit words this question accepts after the number
/// (`ms`, `GiB`, …), compared without case.
pub(super) fn parse(text: &str, units: &[&str]) -> Result<f64, String> {
    let original = text.trim();
    let mut rest = original;
    // A unit word the question is already in, such as `120 ms` for milliseconds.
    for unit in units {
        if let Some(split) = rest.len().checked_sub(unit.len()) {
            if rest.is_char_boundary(split) && rest[split..].eq_ignore_ascii_case(unit) {
                let number = rest[..split].trim_end();
                if !number.is_empty() {
                    rest = number;
                    break;
                }
            }
        }
    }
    let (body, scale) = split_suffix(rest).map_err(|e| e.message(original))?;
    let digits = plain_digits(body).map_err(|e| e.message(original))?;
    match digits.parse::<f64>() {
        Ok(n) if n.is_finite() && (n * scale).is_finite() => Ok(n * scale),
        _ => Err(NotANumber::Garbled.message(original)),
    }
}

/// Why an answer is not a number, worded for the person who typed it.
enum NotANumber {
    Garbled,
    LowercaseM,
    BadSeparator,
}

impl NotANumber {
    fn message(&self, text: &str) -> String {
        match self {
            Self::Garbled if text.is_empty() => {
                "expected a number, like `120`, `1.5k`, `30M` or `2e6`".to_owned()
            }
            Self::Garbled => {
                format!("`{text}` is not a number; write it like `120`, `1.5k`, `30M` or `2e6`")
            }
            Self::LowercaseM => format!(
                "`{text}` is ambiguous; write `{}M` for million",
                text.trim_end_matches('m').trim_end()
            ),
            Self::BadSeparator => format!(
                "`{text}`: separate thousands with `_` or `,` in groups of three, and write decimals with `.`"
            ),
        }
    }
}

/// Splits off a scale suffix: `k` thousand, `M` million, `G`/`B`/`bn` billion, `T` trillion.
fn split_suffix(text: &str) -> Result<(&str, f64), NotANumber> {
    const SUFFIXES: &[(&str, f64)] = &[
        ("bn", 1e9),
        ("k", 1e3),
        ("K", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("B", 1e9),
        ("T", 1e12),
    ];
    for (suffix, scale) in SUFFIXES {
        if let Some(body) = text.strip_suffix(suffix) {
            return Ok((body.trim_end(), *scale));
        }
    }
    if text.ends_with('m') && text.len() > 1 {
        return Err(NotANumber::LowercaseM);
    }
    Ok((text, 1.0))
}

/// The number with digit separators removed, checked to be plain decimal notation (so that
/// `inf`, `NaN` and `0x10`, which Rust's float parser or TOML would take, are refused).
fn plain_digits(text: &str) -> Result<String, NotANumber> {
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | ',' | 'e' | 'E' | '+' | '-'))
        || !text.chars().any(|c| c.is_ascii_digit())
    {
        return Err(NotANumber::Garbled);
    }
    // `_` only between digits, as in TOML.
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i + 1);
            if !before.is_some_and(u8::is_ascii_digit) || !after.is_some_and(u8::is_ascii_digit) {
                return Err(NotANumber::Garbled);
            }
        }
    }
    if text.contains(',') {
        // Thousands separators: `1,500` and `30,000,000`, never `1,5` (a decimal comma).
        let end = text.find(['.', 'e', 'E']).unwrap_or(text.len());
        let (integer, fraction) = text.split_at(end);
        let mut groups = integer.trim_start_matches(['+', '-']).split(',');
        let first = groups.next().unwrap_or_default();
        let grouped = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
        if !grouped || fraction.contains(',') {
            return Err(NotANumber::BadSeparator);
        }
    }
    Ok(text.replace(['_', ','], ""))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn notations_from_the_issue() {
        assert_eq!(parse("30M", &[]), Ok(30_000_000.0));
        assert_eq!(parse("1.5k", &[]), Ok(1_500.0));
        assert_eq!(parse("2e6", &[]), Ok(2_000_000.0));
        assert_eq!(parse("30_000_000", &[]), Ok(30_000_000.0));
    }

    #[test]
    fn other_everyday_notations() {
        assert_eq!(parse(" 120 ", &[]), Ok(120.0));
        assert_eq!(parse("0.25", &[]), Ok(0.25));
        assert_eq!(parse(".5", &[]), Ok(0.5));
        assert_eq!(parse("30,000,000", &[]), Ok(30_000_000.0));
        assert_eq!(parse("1,500.5", &[]), Ok(1_500.5));
        assert_eq!(parse("2.5 M", &[]), Ok(2_500_000.0));
        assert_eq!(parse("3bn", &[]), Ok(3e9));
        assert_eq!(parse("1K", &[]), Ok(1_000.0));
        assert_eq!(parse("-4", &[]), Ok(-4.0));
        assert_eq!(parse("1e-3", &[]), Ok(0.001));
    }

    #[test]
    fn the_question_unit_may_follow() {
        assert_eq!(parse("120ms", &["ms"]), Ok(120.0));
        assert_eq!(parse("120 MS", &["ms"]), Ok(120.0));
        assert_eq!(parse("4 GiB", &["GiB", "GB"]), Ok(4.0));
        assert_eq!(parse("1.5k ms", &["ms"]), Ok(1_500.0));
        // Another unit is not silently ignored.
        assert!(parse("2 min", &["ms"]).is_err());
    }

    #[test]
    fn refusals_say_what_to_write() {
        for bad in [
            "", "abc", "inf", "NaN", "0x10", "1_", "_1", "1__0", "1,5", "1,5000", "1e999", "--",
        ] {
            let err = parse(bad, &[]).unwrap_err();
            assert!(
                err.contains('`') || err.starts_with("expected"),
                "{bad}: {err}"
            );
        }
        assert!(
            parse("30m", &[])
                .unwrap_err()
                .contains("write `30M` for million")
        );
        assert!(parse("1,5", &[]).unwrap_err().contains("decimals"));
    }
}
