//! EBS gp3 volumes of EC2 VMs and nodes (spec §3 Disks): every VM or node pays the root volume of
//! its service's AMI (`rules/facts.toml`: `ec2_root_volume_gb`, `ecs_root_volume_gb`,
//! `eks_root_volume_gb`) for the hours it runs, plus an explicit `resources.storage_gb` for every
//! instance or task it holds.

use super::{LineItem, trim};
use crate::pricing::{Missing, Prices};
use crate::workload::Workload;

/// `resources.storage_gb` when the file gives one; its default, 0, is each platform's own disk
/// and nothing more (spec §2).
pub(crate) fn explicit_storage_gb(w: &Workload) -> Option<f64> {
    (w.resources.storage_gb > 0.0).then_some(w.resources.storage_gb)
}

/// gp3 GB-months: `machine_months` VMs or nodes (all month = 1 each) with a `root_gb` root
/// volume, and `task_months` instances or tasks with their explicit `storage_gb`.
pub(crate) fn volumes(
    w: &Workload,
    p: &Prices,
    root_gb: f64,
    machine_months: f64,
    task_months: f64,
) -> Result<(LineItem, VolumeNote), Missing> {
    let price = p.need(p.table.ebs.gp3_gb_month, "ebs", "gp3_gb_month")?;
    let storage = explicit_storage_gb(w).unwrap_or(0.0);
    let gb_months = machine_months * root_gb + task_months * storage;
    Ok((
        LineItem::new("EBS gp3 volumes", gb_months, "GB-month", price),
        VolumeNote {
            root_gb,
            machine_months,
            storage,
            task_months,
        },
    ))
}

/// How the gp3 volumes were sized, written out only when a bill keeps its notes (`explain`,
/// reports): pricing many variants builds none of these strings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct VolumeNote {
    root_gb: f64,
    machine_months: f64,
    storage: f64,
    task_months: f64,
}

impl std::fmt::Display for VolumeNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self;
        let mut note = format!(
            "gp3 EBS: {} GB root volume × {} VM/node-months",
            trim(n.root_gb),
            trim(n.machine_months)
        );
        if n.storage > 0.0 {
            note.push_str(&format!(
                " + storage_gb {} GB × {} instance/task-months",
                trim(n.storage),
                trim(n.task_months)
            ));
        }
        f.write_str(&note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::testing::{close, prices, service};

    #[test]
    fn root_volume_per_machine_plus_explicit_storage_per_task() {
        // Default storage: only the root volumes. 3 nodes × 30 GB = 90 GB-months × $0.08 = $7.20.
        let w = service(1_000_000.0, 100.0);
        assert_eq!(explicit_storage_gb(&w), None);
        let (item, _) = volumes(&w, &prices(), 30.0, 3.0, 10.0).unwrap();
        close(item.quantity, 90.0);
        close(item.monthly_usd, 7.20);
        // storage_gb = 50 given: + 10 tasks × 50 GB = 590 GB-months × $0.08 = $47.20.
        let mut w = w;
        w.resources.storage_gb = 50.0;
        let (item, note) = volumes(&w, &prices(), 30.0, 3.0, 10.0).unwrap();
        close(item.quantity, 590.0);
        close(item.monthly_usd, 47.20);
        let note = note.to_string();
        assert!(note.contains("storage_gb 50 GB"), "{note}");
    }
}
