//! Valid task sizes: Fargate and App Runner bill the size you pick, so requests round up (spec §3).

/// Fargate's CPU sizes and the memory each allows: (vCPU, first GB, last GB, step GB).
/// 0.25 vCPU is the one irregular size: 0.5, 1 or 2 GB.
const FARGATE_SIZES: [(f64, f64, f64, f64); 7] = [
    (0.25, 0.5, 2.0, 0.0),
    (0.5, 1.0, 4.0, 1.0),
    (1.0, 2.0, 8.0, 1.0),
    (2.0, 4.0, 16.0, 1.0),
    (4.0, 8.0, 30.0, 1.0),
    (8.0, 16.0, 60.0, 4.0),
    (16.0, 32.0, 120.0, 8.0),
];

/// The smallest memory Fargate allows at `(first, last, step)` that holds `memory_gb`.
fn fargate_memory(memory_gb: f64, (first, last, step): (f64, f64, f64)) -> Option<f64> {
    if step == 0.0 {
        return [0.5, 1.0, 2.0].into_iter().find(|&m| m >= memory_gb);
    }
    let steps = ((memory_gb - first) / step).ceil().max(0.0);
    let m = first + steps * step;
    (m <= last).then_some(m)
}

/// The smallest valid Fargate size (vCPU, GB) that holds `vcpu` and `memory_gb`, if any.
pub fn fargate_size(vcpu: f64, memory_gb: f64) -> Option<(f64, f64)> {
    FARGATE_SIZES
        .iter()
        .filter(|(c, ..)| *c >= vcpu)
        .find_map(|&(c, first, last, step)| {
            fargate_memory(memory_gb, (first, last, step)).map(|m| (c, m))
        })
}

const APP_RUNNER_SIZES: [(f64, &[f64]); 5] = [
    (0.25, &[0.5, 1.0]),
    (0.5, &[1.0]),
    (1.0, &[2.0, 3.0, 4.0]),
    (2.0, &[4.0, 6.0]),
    (4.0, &[8.0, 10.0, 12.0]),
];

/// The smallest valid App Runner size (vCPU, GB) that holds `vcpu` and `memory_gb`, if any.
pub fn app_runner_size(vcpu: f64, memory_gb: f64) -> Option<(f64, f64)> {
    APP_RUNNER_SIZES
        .iter()
        .filter(|(c, _)| *c >= vcpu)
        .find_map(|(c, mems)| mems.iter().find(|&&m| m >= memory_gb).map(|&m| (*c, m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fargate_rounds_up_to_valid_sizes() {
        assert_eq!(fargate_size(0.25, 0.5), Some((0.25, 0.5)));
        assert_eq!(fargate_size(0.1, 0.1), Some((0.25, 0.5)));
        // 0.25 vCPU allows at most 2 GB, so 3 GB needs the 0.5 vCPU size.
        assert_eq!(fargate_size(0.25, 3.0), Some((0.5, 3.0)));
        assert_eq!(fargate_size(1.0, 2.5), Some((1.0, 3.0)));
        assert_eq!(fargate_size(1.5, 2.0), Some((2.0, 4.0)));
        assert_eq!(fargate_size(4.0, 30.0), Some((4.0, 30.0)));
        // 8 vCPU memory goes in 4 GB steps from 16: 17 GB rounds to 20.
        assert_eq!(fargate_size(8.0, 17.0), Some((8.0, 20.0)));
        // 16 vCPU memory goes in 8 GB steps from 32: 33 GB rounds to 40.
        assert_eq!(fargate_size(16.0, 33.0), Some((16.0, 40.0)));
        assert_eq!(fargate_size(16.0, 120.0), Some((16.0, 120.0)));
        assert_eq!(fargate_size(16.0, 121.0), None);
        assert_eq!(fargate_size(16.5, 1.0), None);
    }

    #[test]
    fn app_runner_rounds_up_to_valid_sizes() {
        assert_eq!(app_runner_size(0.25, 0.5), Some((0.25, 0.5)));
        assert_eq!(app_runner_size(0.25, 2.0), Some((1.0, 2.0)));
        assert_eq!(app_runner_size(1.0, 2.5), Some((1.0, 3.0)));
        assert_eq!(app_runner_size(2.0, 5.0), Some((2.0, 6.0)));
        assert_eq!(app_runner_size(2.0, 7.0), Some((4.0, 8.0)));
        assert_eq!(app_runner_size(4.0, 12.0), Some((4.0, 12.0)));
        assert_eq!(app_runner_size(4.0, 12.5), None);
        assert_eq!(app_runner_size(4.5, 1.0), None);
    }
}
