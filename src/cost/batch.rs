//! AWS Batch: compute only (Batch itself is free), on the cheaper of a Fargate or an EC2 compute
//! environment. Multi-node jobs need EC2.

use super::{Bill, Compute, Unpriced, Variant, ec2, eks::cheaper, fargate};
use crate::pricing::Prices;
use crate::rules::Limits;
use crate::workload::Workload;

pub(crate) fn batch(w: &Workload, p: &Prices, l: &Limits, v: Variant) -> Result<Bill, Unpriced> {
    if v.pin.compute == Some(Compute::Fargate) {
        return fargate::tasks(w, p, l, v, fargate::Use::Batch);
    }
    let on_ec2 = ec2::nodes_with_disks(w, p, l, v, l.root_volume.ecs_gb);
    if v.pin.compute == Some(Compute::Ec2) {
        return on_ec2;
    }
    let multi_node = w.jobs.as_ref().is_some_and(|j| j.multi_node);
    if multi_node {
        return on_ec2.map(|mut b| {
            b.note("multi-node jobs run on EC2 compute environments only");
            b
        });
    }
    let on_fargate = fargate::tasks(w, p, l, v, fargate::Use::Batch);
    cheaper(on_fargate, on_ec2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::Compute;
    use crate::cost::testing::{batch as jobs, close, limits, prices, variant};
    use crate::workload::{Arch, Purchase};

    #[test]
    fn cheaper_of_fargate_and_ec2() {
        // 100 job-hours of 2 vCPU / 4 GB on x86.
        // Fargate: 200 × $0.04048 + 400 × $0.004445 = $9.874.
        // EC2, one run at a time (parallelism 1): 2 vCPU and 4.5 GiB per node. m5a.large (2, 8,
        //      $0.086): 100 × $0.086 = $8.60; t3a.large ($0.0752, baseline 0.6 vCPU, 1 busy):
        //      100 × ($0.0752 + 0.4 × $0.05) = $9.52. EC2 m5a.large wins at $8.60.
        // Each side also pays a public IPv4 for its 100 hours (100 × $0.005 = $0.50); the node its
        // 30 GB root volume for 100/730 of a month (30 × 100/730 × $0.08 = $0.328767):
        // EC2 $9.428767 against Fargate $10.374.
        let w = jobs(1_000.0, 6.0, 2.0, 4.0);
        let bill = batch(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        assert_eq!(bill.compute, Some(Compute::Ec2));
        close(bill.items[0].monthly_usd, 8.60);
        close(bill.total(), 8.60 + 0.5 + 30.0 * 100.0 / 730.0 * 0.08);
    }

    #[test]
    fn multi_node_uses_ec2() {
        let mut w = jobs(10.0, 60.0, 0.5, 1.0);
        w.jobs.as_mut().unwrap().multi_node = true;
        let bill = batch(
            &w,
            &prices(),
            limits(),
            variant(Arch::X86, Purchase::OnDemand),
        )
        .unwrap();
        assert_eq!(bill.compute, Some(Compute::Ec2));
    }
}
