//! Bin-packing a shared cluster's tasks onto EC2 nodes: first-fit decreasing on vCPU and memory
//! (and GPUs), with the memory every node keeps for the OS and the agent (fact
//! `node_reserved_gib`, the same reserve a single workload's nodes keep).
//!
//! A workload's tasks are all the same size, so they are packed as one block: the nodes opened
//! for a block are identical and kept as one class (free room, how many nodes), and a block fills
//! a class of partly used nodes in one step. The work per block is the number of classes still
//! open (classes too full for the smallest remaining task are closed), not the number of tasks:
//! a million tasks of one workload cost one step, and the packing is never quadratic in tasks.
//!
//! Every node type of the right architecture in the region's table is a candidate; the cheapest
//! packing wins. Types are tried cheapest lower bound first (the nodes the total vCPU, memory and
//! GPUs need at the least, × the hourly price), and the search stops when no remaining type's
//! lower bound can beat the best packing found.

use crate::pricing::Instance;

/// Tasks of one size, from one workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    /// The workload's index in the caller's list.
    pub member: usize,
    pub vcpu: f64,
    pub memory_gb: f64,
    pub gpus: u32,
    pub count: u64,
}

/// A packing of blocks onto one node type.
#[derive(Debug, Clone, PartialEq)]
pub struct Packing {
    /// The node type's index in the candidates given to [`cheapest`].
    pub node: usize,
    pub nodes: u64,
    /// Share of the nodes' vCPU the tasks use.
    pub vcpu_utilization: f64,
    /// Share of the nodes' memory (after the reserve) the tasks use.
    pub memory_utilization: f64,
}

/// Nodes of one class: each has the same free room.
#[derive(Debug, Clone, Copy)]
struct Class {
    vcpu: f64,
    memory: f64,
    gpus: u32,
    nodes: u64,
}

/// Room for tasks: how many of `b` fit in `vcpu`, `memory` and `gpus`.
fn fits(vcpu: f64, memory: f64, gpus: u32, b: &Block) -> u64 {
    // A small tolerance so that 4 × 0.25 vCPU fills a 1 vCPU node exactly.
    const EPS: f64 = 1e-9;
    let by_cpu = ((vcpu + EPS) / b.vcpu).floor();
    let by_memory = ((memory + EPS) / b.memory_gb).floor();
    let mut n = by_cpu.min(by_memory).max(0.0);
    if let Some(by_gpus) = gpus.checked_div(b.gpus) {
        n = n.min(f64::from(by_gpus));
    }
    // At most the count: never more than the block needs (and finite).
    n.min(b.count as f64) as u64
}

/// Packs `blocks` (sorted largest first) onto nodes of `vcpu` × `memory` (after the reserve) ×
/// `gpus`; the number of nodes, or `None` when a task does not fit one node.
pub fn first_fit_decreasing(blocks: &[Block], vcpu: f64, memory: f64, gpus: u32) -> Option<u64> {
    // The smallest vCPU and memory of the blocks still to place (suffix minima), to close classes.
    let mut min_after = vec![(f64::INFINITY, f64::INFINITY); blocks.len() + 1];
    for i in (0..blocks.len()).rev() {
        min_after[i] = (
            min_after[i + 1].0.min(blocks[i].vcpu),
            min_after[i + 1].1.min(blocks[i].memory_gb),
        );
    }
    let mut open: Vec<Class> = Vec::new();
    let mut total = 0u64;
    for (i, b) in blocks.iter().enumerate() {
        let mut left = b.count;
        let mut k = 0;
        while left > 0 && k < open.len() {
            let c = open[k];
            let per = fits(c.vcpu, c.memory, c.gpus, b);
            if per == 0 {
                k += 1;
                continue;
            }
            // Nodes that take `per` tasks each, then at most one that takes the rest.
            let full = (left / per).min(c.nodes);
            let mut taken = Vec::with_capacity(2);
            if full > 0 {
                taken.push((per, full));
                left -= per * full;
            }
            if left > 0 && left < per && c.nodes > full {
                taken.push((left, 1));
                left = 0;
            }
            let used: u64 = taken.iter().map(|(_, n)| n).sum();
            // The filled nodes come first (they were opened first among the class's nodes).
            let mut replace: Vec<Class> = taken
                .iter()
                .map(|&(tasks, n)| Class {
                    vcpu: c.vcpu - tasks as f64 * b.vcpu,
                    memory: c.memory - tasks as f64 * b.memory_gb,
                    gpus: c.gpus - tasks as u32 * b.gpus,
                    nodes: n,
                })
                .collect();
            if c.nodes > used {
                replace.push(Class {
                    nodes: c.nodes - used,
                    ..c
                });
            }
            let added = replace.len();
            open.splice(k..=k, replace);
            k += added;
        }
        if left > 0 {
            let per = fits(vcpu, memory, gpus, b);
            if per == 0 {
                return None;
            }
            let full = left / per;
            let rest = left % per;
            if full > 0 {
                open.push(Class {
                    vcpu: vcpu - per as f64 * b.vcpu,
                    memory: memory - per as f64 * b.memory_gb,
                    gpus: gpus - per as u32 * b.gpus,
                    nodes: full,
                });
            }
            if rest > 0 {
                open.push(Class {
                    vcpu: vcpu - rest as f64 * b.vcpu,
                    memory: memory - rest as f64 * b.memory_gb,
                    gpus: gpus - rest as u32 * b.gpus,
                    nodes: 1,
                });
            }
            total += full + u64::from(rest > 0);
        }
        // Close the classes that cannot take the smallest task still to come.
        let (min_vcpu, min_memory) = min_after[i + 1];
        open.retain(|c| c.nodes > 0 && c.vcpu + 1e-9 >= min_vcpu && c.memory + 1e-9 >= min_memory);
    }
    Some(total)
}

/// Sorts blocks for first-fit decreasing: vCPU, then memory, then GPUs, largest first; ties keep
/// the callers' order.
pub fn sort_decreasing(blocks: &mut [Block]) {
    blocks.sort_by(|a, b| {
        b.vcpu
            .total_cmp(&a.vcpu)
            .then(b.memory_gb.total_cmp(&a.memory_gb))
            .then(b.gpus.cmp(&a.gpus))
            .then(a.member.cmp(&b.member))
    });
}

/// The cheapest packing of `blocks` (sorted with [`sort_decreasing`]) on one of `candidates`,
/// with at least `min_nodes` nodes; `None` when no candidate holds every task. `cost` prices a
/// number of nodes of a type (it must grow with the number of nodes).
pub fn cheapest(
    blocks: &[Block],
    candidates: &[&Instance],
    reserved_gib: f64,
    min_nodes: u64,
    cost: &dyn Fn(&Instance, u64) -> f64,
) -> Option<Packing> {
    if blocks.is_empty() {
        return None;
    }
    let need_vcpu: f64 = blocks.iter().map(|b| b.vcpu * b.count as f64).sum();
    let need_memory: f64 = blocks.iter().map(|b| b.memory_gb * b.count as f64).sum();
    let need_gpus: f64 = blocks
        .iter()
        .map(|b| f64::from(b.gpus) * b.count as f64)
        .sum();
    let (max_vcpu, max_memory, max_gpus) = blocks.iter().fold((0.0f64, 0.0f64, 0u32), |m, b| {
        (m.0.max(b.vcpu), m.1.max(b.memory_gb), m.2.max(b.gpus))
    });
    // Candidates that hold the largest task, with their lower bound on nodes.
    let mut bounded: Vec<(usize, u64, f64)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let memory = n.memory_gib - reserved_gib;
            if n.vcpu < max_vcpu || memory < max_memory || n.gpus < max_gpus || memory <= 0.0 {
                return None;
            }
            let mut lower = (need_vcpu / n.vcpu).max(need_memory / memory);
            if n.gpus > 0 {
                lower = lower.max(need_gpus / f64::from(n.gpus));
            }
            let lower = (lower - 1e-9).ceil().max(min_nodes as f64).max(1.0) as u64;
            Some((i, lower, cost(n, lower)))
        })
        .collect();
    bounded.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
    let mut best: Option<(Packing, f64)> = None;
    for (i, _, bound) in bounded {
        if best.as_ref().is_some_and(|(_, cost)| bound >= *cost) {
            break;
        }
        let n = candidates[i];
        let memory = n.memory_gib - reserved_gib;
        let Some(nodes) = first_fit_decreasing(blocks, n.vcpu, memory, n.gpus) else {
            continue;
        };
        let nodes = nodes.max(min_nodes);
        let cost = cost(n, nodes);
        if best.as_ref().is_none_or(|(_, c)| cost < *c) {
            best = Some((
                Packing {
                    node: i,
                    nodes,
                    vcpu_utilization: need_vcpu / (nodes as f64 * n.vcpu),
                    memory_utilization: need_memory / (nodes as f64 * memory),
                },
                cost,
            ));
        }
    }
    best.map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::Arch;

    fn block(member: usize, vcpu: f64, memory_gb: f64, count: u64) -> Block {
        Block {
            member,
            vcpu,
            memory_gb,
            gpus: 0,
            count,
        }
    }

    fn node(name: &str, vcpu: f64, memory_gib: f64, hourly: f64) -> Instance {
        Instance {
            name: name.into(),
            arch: Arch::X86,
            vcpu,
            memory_gib,
            gpus: 0,
            hourly,
            gpu_model: None,
            current: true,
            special: false,
            baseline: None,
            spot_hourly: None,
        }
    }

    #[test]
    fn identical_tasks_fill_nodes_in_one_step() {
        // 10 tasks of 1 vCPU / 2 GB on 4 vCPU / 7.5 GiB: min(4, floor(7.5 / 2) = 3) = 3 per node
        // → 3 full nodes and one with 1 task: 4 nodes.
        let blocks = [block(0, 1.0, 2.0, 10)];
        assert_eq!(first_fit_decreasing(&blocks, 4.0, 7.5, 0), Some(4));
        // A million tasks cost the same one step.
        let blocks = [block(0, 1.0, 2.0, 1_000_000)];
        assert_eq!(first_fit_decreasing(&blocks, 4.0, 7.5, 0), Some(333_334));
    }

    #[test]
    fn smaller_tasks_fill_the_room_larger_ones_left() {
        // Nodes of 2 vCPU / 7.5 GiB. Block A: 3 tasks of 1.5 vCPU / 1 GB → one per node, 3 nodes
        // with 0.5 vCPU / 6.5 GB free each. Block B: 5 tasks of 0.5 vCPU / 1 GB → one in each of
        // the 3 partly used nodes, then 2 in a new node (4 fit in a node): 4 nodes in all.
        let blocks = [block(0, 1.5, 1.0, 3), block(1, 0.5, 1.0, 5)];
        assert_eq!(first_fit_decreasing(&blocks, 2.0, 7.5, 0), Some(4));
    }

    #[test]
    fn first_fit_splits_a_class_once_per_block() {
        // 4 vCPU / 15.5 GiB nodes. A: 3 tasks of 3 vCPU / 1 GB → 3 nodes with 1 vCPU free.
        // B: 2 tasks of 1 vCPU / 1 GB → the first two of those nodes (first fit), leaving one
        // node with 1 vCPU free. C: 1 task of 1 vCPU / 1 GB → that node. 3 nodes.
        let blocks = [
            block(0, 3.0, 1.0, 3),
            block(1, 1.0, 1.0, 2),
            block(2, 1.0, 1.0, 1),
        ];
        assert_eq!(first_fit_decreasing(&blocks, 4.0, 15.5, 0), Some(3));
    }

    #[test]
    fn a_task_larger_than_the_node_does_not_fit() {
        assert_eq!(
            first_fit_decreasing(&[block(0, 8.0, 1.0, 1)], 4.0, 15.5, 0),
            None
        );
    }

    fn hourly(n: &Instance, nodes: u64) -> f64 {
        n.hourly * nodes as f64
    }

    #[test]
    fn cheapest_type_wins_with_the_reserve_and_a_minimum() {
        // 6 tasks of 1 vCPU / 1.5 GB (6 vCPU, 9 GB in all), reserve 0.5 GiB:
        // small (2 vCPU, 2 GiB → 1.5 GiB usable, $0.02): 1 per node → 6 nodes, $0.12/h;
        // large (4 vCPU, 8 GiB → 7.5, $0.08): min(4, 5) = 4 per node → 2 nodes, $0.16/h.
        let small = node("small", 2.0, 2.0, 0.02);
        let large = node("large", 4.0, 8.0, 0.08);
        let blocks = [block(0, 1.0, 1.5, 6)];
        let p = cheapest(&blocks, &[&small, &large], 0.5, 1, &hourly).unwrap();
        assert_eq!((p.node, p.nodes), (0, 6));
        // Utilisation on small: 6 vCPU / 12 = 50 %; 9 GB / 9 GiB usable = 100 %.
        assert!((p.vcpu_utilization - 0.5).abs() < 1e-12);
        assert!((p.memory_utilization - 1.0).abs() < 1e-12);
        // A 1.75 GB task no longer fits small's 1.5 GiB: large, 6 / 4 → 2 nodes.
        let blocks = [block(0, 1.0, 1.75, 6)];
        let p = cheapest(&blocks, &[&small, &large], 0.5, 1, &hourly).unwrap();
        assert_eq!((p.node, p.nodes), (1, 2));
        // At least 3 nodes (high availability): large × 3 = $0.24/h against small × 6 = $0.12/h
        // with 1.5 GB tasks.
        let blocks = [block(0, 1.0, 1.5, 6)];
        let p = cheapest(&blocks, &[&small, &large], 0.5, 3, &hourly).unwrap();
        assert_eq!((p.node, p.nodes), (0, 6));
    }
}
