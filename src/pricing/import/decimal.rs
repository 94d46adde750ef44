//! Exact decimal numbers as the offer files write them (`"0.0960000000"`, `"6000000000"`).
//!
//! Prices are copied into the table exactly: a per-request price becomes a per-million price by
//! moving the decimal point, and EKS extended support adds two published prices, both without
//! going through binary floating point.

use std::cmp::Ordering;
use std::fmt;

/// `mantissa × 10^-scale`, never negative.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decimal {
    mantissa: u128,
    scale: u32,
}

/// Zero, for an absent `beginRange`.
pub(crate) const ZERO: Decimal = Decimal {
    mantissa: 0,
    scale: 0,
};

/// Beyond this many decimal places or digits the offer file is not a price list.
const MAX_DIGITS: usize = 30;

impl Decimal {
    /// Parses `123`, `0.0960000000`, `1.5E-7` or `6.0E9`; `None` for anything else (signs included).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let (number, exponent) = match text.find(['e', 'E']) {
            Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
            None => (text, 0),
        };
        let (int, frac) = number.split_once('.').unwrap_or((number, ""));
        if int.is_empty() && frac.is_empty()
            || int.len() + frac.len() > MAX_DIGITS
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut mantissa: u128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa * 10 + u128::from(b - b'0');
        }
        let scale = i32::try_from(frac.len()).ok()? - exponent;
        let d = if scale >= 0 {
            Self {
                mantissa,
                scale: scale.unsigned_abs(),
            }
        } else {
            Self {
                mantissa: mantissa.checked_mul(10u128.checked_pow(scale.unsigned_abs())?)?,
                scale: 0,
            }
        };
        (d.scale as usize <= MAX_DIGITS).then_some(d.normalized())
    }

    fn normalized(mut self) -> Self {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    pub(crate) fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// `self × 10^places`.
    pub(crate) fn shift(self, places: u32) -> Option<Self> {
        if self.scale >= places {
            Some(Self {
                mantissa: self.mantissa,
                scale: self.scale - places,
            })
        } else {
            let m = self
                .mantissa
                .checked_mul(10u128.checked_pow(places - self.scale)?)?;
            Some(Self {
                mantissa: m,
                scale: 0,
            })
        }
    }

    fn at_scale(self, scale: u32) -> Option<u128> {
        self.mantissa
            .checked_mul(10u128.checked_pow(scale.checked_sub(self.scale)?)?)
    }

    pub(crate) fn checked_add(self, other: Self) -> Option<Self> {
        let scale = self.scale.max(other.scale);
        let m = self.at_scale(scale)?.checked_add(other.at_scale(scale)?)?;
        Some(Self { mantissa: m, scale }.normalized())
    }

    /// A TOML float (`0.096`, `1.0`).
    pub(crate) fn to_toml_float(self) -> String {
        let s = self.to_string();
        if s.contains('.') { s } else { format!("{s}.0") }
    }

    /// A TOML integer with `_` every three digits when the number is whole, else a float.
    pub(crate) fn to_toml_quantity(self) -> String {
        if self.scale > 0 {
            return self.to_toml_float();
        }
        let digits = self.mantissa.to_string();
        if digits.len() <= 4 {
            return digits;
        }
        crate::output::format::group_digits(&digits, '_')
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{int}.{frac}")
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        match (self.at_scale(scale), other.at_scale(scale)) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Only numbers beyond u128 overflow; compare their integer parts instead.
            _ => (self.mantissa / 10u128.pow(self.scale))
                .cmp(&(other.mantissa / 10u128.pow(other.scale))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints_exactly() {
        assert_eq!(d("0.0960000000").to_string(), "0.096");
        assert_eq!(d("32.7726000000").to_string(), "32.7726");
        assert_eq!(d("0.0000166667").to_string(), "0.0000166667");
        assert_eq!(d("6000000000").to_string(), "6000000000");
        assert_eq!(d("6.0E9").to_string(), "6000000000");
        assert_eq!(d("1.5E-7").to_string(), "0.00000015");
        assert_eq!(d("0").to_string(), "0");
        assert!(d("0.0000000000").is_zero());
        for bad in ["", ".", "-1", "1,5", "abc", "Inf", "1e", "1.2.3"] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn moves_the_point_and_adds_without_rounding() {
        // 0.0000002 per request is 0.2 per million; in f64, 2e-7 * 1e6 = 0.19999999999999998.
        assert_eq!(d("0.0000002000").shift(6).unwrap().to_toml_float(), "0.2");
        assert_eq!(d("0.0000010000").shift(6).unwrap().to_toml_float(), "1.0");
        assert_eq!(
            d("0.1000000000")
                .checked_add(d("0.5000000000"))
                .unwrap()
                .to_toml_float(),
            "0.6"
        );
        assert_eq!(d("6000000000").to_toml_quantity(), "6_000_000_000");
        assert_eq!(d("400000").to_toml_quantity(), "400_000");
        assert_eq!(d("1024").to_toml_quantity(), "1024");
    }

    #[test]
    fn orders_by_value() {
        assert!(d("0.10") == d("0.1"));
        assert!(d("9") < d("10.5"));
        assert!(d("0.0000166667") > d("0.000015"));
    }
}
