//! Valid task sizes: Fargate and App Runner bill the size you pick, so requests round up (spec §3).

/// Fargate's CPU sizes and, for each, the memory it allows (GB).
fn fargate_memory_options(vcpu: f64) -> Vec<f64> {
    let steps =
        |from: u32, to: u32, step: u32| (from..=to).step_by(step as usize).map(f64::from).collect();
    match vcpu {
        v if v == 0.25 => vec![0.5, 1.0, 2.0],
        v if v == 0.5 => steps(1, 4, 1),
        v if v == 1.0 => steps(2, 8, 1),
        v if v == 2.0 => steps(4, 16, 1),
        v if v == 4.0 => steps(8, 30, 1),
        v if v == 8.0 => steps(16, 60, 4),
        _ => steps(32, 120, 8),
    }
}

const FARGATE_CPUS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// The smallest valid Fargate size (vCPU, GB) that holds `vcpu` and `memory_gb`, if any.
pub fn fargate_size(vcpu: f64, memory_gb: f64) -> Option<(f64, f64)> {
    FARGATE_CPUS.iter().filter(|&&c| c >= vcpu).find_map(|&c| {
        fargate_memory_options(c)
            .into_iter()
            .find(|&m| m >= memory_gb)
            .map(|m| (c, m))
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
