//! Splitting a shared amount of cents between workloads by weight, so the shares add up to the
//! amount exactly (the largest-remainder method).

/// Splits `cents` between the weights: each share is the floor of its exact quota, and the cents
/// left over go one each to the largest remainders (ties: the earlier weight). Negative or
/// non-finite weights count as 0; when every weight is 0 the split is even. The shares always sum
/// to `cents`, negative amounts (credits) included.
pub fn largest_remainder(cents: i64, weights: &[f64]) -> Vec<i64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let clean: Vec<f64> = weights
        .iter()
        .map(|&w| if w.is_finite() && w > 0.0 { w } else { 0.0 })
        .collect();
    let sum: f64 = clean.iter().sum();
    let weights: Vec<f64> = if sum > 0.0 && sum.is_finite() {
        clean.iter().map(|w| w / sum).collect()
    } else {
        vec![1.0 / n as f64; n]
    };
    let quotas: Vec<f64> = weights.iter().map(|w| cents as f64 * w).collect();
    let mut shares: Vec<i64> = quotas.iter().map(|q| q.floor() as i64).collect();
    let left = cents - shares.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let ra = quotas[a] - quotas[a].floor();
        let rb = quotas[b] - quotas[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    // Floating-point error can leave the floors a cent or so off either way; the loop hands out
    // (or takes back) exactly what is left, round-robin over the remainder order.
    let step = if left >= 0 { 1 } else { -1 };
    for k in 0..left.unsigned_abs() as usize {
        shares[order[k % n]] += step;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirds_of_a_dollar() {
        // 100 cents in thirds: quotas 33.33 each; floors 33 × 3 = 99; the first takes the cent.
        assert_eq!(largest_remainder(100, &[1.0, 1.0, 1.0]), [34, 33, 33]);
    }

    #[test]
    fn by_weight_with_the_largest_remainders() {
        // 1,000 cents by 1 : 2 : 4 → 142.857, 285.714, 571.429; floors 142 + 285 + 571 = 998;
        // the two largest remainders (.857, .714) take a cent each: 143, 286, 571.
        assert_eq!(largest_remainder(1_000, &[1.0, 2.0, 4.0]), [143, 286, 571]);
    }

    #[test]
    fn credits_and_zero_weights() {
        // −100 cents in thirds: quotas −33.33 → floors −34 × 3 = −102; 2 cents back to the first
        // two (equal remainders, earlier first): −33, −33, −34.
        assert_eq!(largest_remainder(-100, &[1.0, 1.0, 1.0]), [-33, -33, -34]);
        // No weight at all: an even split.
        assert_eq!(largest_remainder(5, &[0.0, 0.0]), [3, 2]);
        assert_eq!(largest_remainder(7, &[0.0, 3.0]), [0, 7]);
        assert!(largest_remainder(7, &[]).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn shares_always_sum(cents in -10_000_000i64..10_000_000, weights in proptest::collection::vec(0.0f64..1e6, 1..40)) {
            let shares = largest_remainder(cents, &weights);
            proptest::prop_assert_eq!(shares.iter().sum::<i64>(), cents);
        }
    }
}
