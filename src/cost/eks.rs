//! EKS: the control plane per cluster, plus the cheaper of EC2 nodes and Fargate pods, plus the
//! load balancer (spec §3).

use super::{Bill, Compute, HOURS, ItemKind, LineItem, Unpriced, Variant, ec2, fargate, lb};
use crate::pricing::{Missing, Prices};
use crate::rules::Limits;
use crate::workload::Workload;

pub(crate) fn eks(w: &Workload, p: &Prices, l: &Limits, v: Variant) -> Result<Bill, Unpriced> {
    let plane = control_plane(p, f64::from(w.pricing.clusters))?;
    let nodes = || ec2::nodes_with_disks(w, p, l, v, l.root_volume.eks_gb);
    let pods = || fargate::tasks(w, p, l, v, fargate::Use::Eks);
    let mut bill = match v.pin.compute {
        Some(Compute::Ec2) => nodes()?,
        Some(Compute::Fargate) => pods()?,
        None => cheaper(nodes(), pods())?,
    };
    bill.items.insert(0, plane);
    lb::load_balancer_into(w, p, l, &mut bill)?;
    Ok(bill)
}

/// `clusters` EKS control planes all month: `clusters × 730 × cluster-hour price`.
///
/// # Errors
/// [`Missing`] when the region's table has no EKS cluster price.
pub fn control_plane(p: &Prices, clusters: f64) -> Result<LineItem, Missing> {
    let hour = p.need(p.table.eks.cluster_hour, "eks", "cluster_hour")?;
    Ok(
        LineItem::new("EKS control plane", clusters * HOURS, "cluster-hour", hour)
            .kind(ItemKind::ControlPlane),
    )
}

/// The cheaper of two ways to run the same compute; the first on a tie or when both fail.
pub(crate) fn cheaper(
    a: Result<Bill, Unpriced>,
    b: Result<Bill, Unpriced>,
) -> Result<Bill, Unpriced> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok(if b.total() < a.total() { b } else { a }),
        (Ok(a), Err(_)) => Ok(a),
        (Err(_), Ok(b)) => Ok(b),
        (Err(e), Err(_)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::Compute;
    use crate::cost::testing::{close, limits, prices, service, variant};
    use crate::workload::{Arch, Purchase};

    #[test]
    fn control_plane_plus_cheaper_compute() {
        // Control plane: 730 × $0.10 = $73. One 1 vCPU / 2 GB task on x86:
        // EC2 node: t3a.medium fits min(2, floor(3.5/2)) = 1, 0.5 vCPU busy over its 0.4 baseline
        // → 730 × ($0.0376 + 0.1 × $0.05) = $31.098 (t3a.small: floor(1.5/2) = 0, does not fit).
        // Fargate pod: $29.5504 + $6.4897 = $36.0401. EC2 is cheaper.
        // Plus the ALB: $16.425 and 1M × 17 KiB ÷ 1,048,576 = 16.2124633789 LCU-h × $0.008 =
        // $0.12969970703125 (processed bytes, the busiest dimension). The node adds its 20 GB root
        // volume (20 × $0.08 = $1.60) and its public IPv4 (730 × $0.005 = $3.65), the ALB its two
        // addresses ($7.30); a pod would add $3.65.
        // Total 73 + 31.098 + 1.60 + 3.65 + 16.425 + 0.12969970703125 + 7.30 = $133.20269970703125.
        let w = service(1_000_000.0, 100.0);
        let bill = eks(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        close(bill.items[0].monthly_usd, 73.0);
        assert_eq!(bill.compute, Some(Compute::Ec2));
        close(bill.total(), 133.202_699_707_031_25);
    }

    #[test]
    fn control_plane_per_cluster() {
        let mut w = service(1_000_000.0, 100.0);
        w.pricing.clusters = 3;
        let bill = eks(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        // 3 × 730 × $0.10 = $219.
        close(bill.items[0].monthly_usd, 219.0);
    }
}
