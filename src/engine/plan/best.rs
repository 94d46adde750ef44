//! `best_mix`: a platform per workload.
//!
//! The heuristic, in order:
//! 1. **Start** from the cheapest of the four fixed strategies (`separate`, `shared_eks`,
//!    `shared_ecs_ec2`, `shared_ecs_fargate`; the earlier on a tie). Every later step only
//!    accepts a change that lowers the group's total, so the result is never dearer than any of
//!    them.
//! 2. **Empty a platform**: for each shared platform in use, move all its workloads to the
//!    cheapest service each may run on alone; keep the move if the total falls.
//! 3. **Move one workload**: for every workload and every other place it may run (each eligible
//!    service alone, each shared platform whose service is eligible), estimate the saving from
//!    its current share against what it would pay there (alone: its estimate; on a platform: its
//!    estimate without the control plane and the load balancer). Price the most promising moves
//!    exactly (all of them in groups of up to [`EXHAUSTIVE`] candidate moves, else the best
//!    [`MOVES`] with an estimated saving) and keep each that lowers the total.
//! 4. Repeat 2–3 until nothing improves, at most [`PASSES`] times.
//!
//! Only services a workload is eligible for are ever tried, so no exclusion is violated. Fit
//! notes are not part of the search: they are shown beside the result.
//!
//! The always-free allowances are credited once per portfolio after the search; [`settle`] then
//! makes sure no fixed strategy is cheaper over the whole portfolio after the credit (it would
//! become the best mix).

use super::{Placement, Plan, Platform, Pricer, StrategyId};

/// Candidate moves priced exactly, whatever their estimate, when a group has at most this many.
pub const EXHAUSTIVE: usize = 400;
/// Moves priced exactly per pass in larger groups.
pub const MOVES: usize = 48;
/// Improvement passes at most.
pub const PASSES: usize = 3;

/// The best mix for one group, from the fixed strategies' placements (with their warnings).
pub(super) fn search(
    pricer: &mut Pricer<'_>,
    candidates: &[(Vec<Placement>, Vec<String>)],
) -> (Vec<Placement>, Vec<String>) {
    let mut best: Option<(i64, usize)> = None;
    for (k, (placements, _)) in candidates.iter().enumerate() {
        if let Some(total) = pricer.total(placements) {
            if best.is_none_or(|(t, _)| total < t) {
                best = Some((total, k));
            }
        }
    }
    let Some((mut total, start)) = best else {
        return candidates.first().cloned().unwrap_or_default();
    };
    let mut current = candidates[start].0.clone();
    let warnings = candidates[start].1.clone();
    for _ in 0..PASSES {
        let mut improved = false;
        // 2. Empty a platform.
        for platform in Platform::ALL {
            let on: Vec<usize> = (0..current.len())
                .filter(|&i| current[i] == Placement::Shared(platform))
                .collect();
            if on.is_empty() {
                continue;
            }
            let mut trial = current.clone();
            for &i in &on {
                if let Some(s) = pricer.member(i).cheapest_own() {
                    trial[i] = Placement::Own(s);
                }
            }
            if let Some(t) = pricer.total(&trial) {
                if t < total {
                    (current, total, improved) = (trial, t, true);
                }
            }
        }
        // 3. Move one workload.
        let shares = shares(pricer, &current);
        let mut moves: Vec<(i64, usize, Placement)> = Vec::new();
        for i in 0..current.len() {
            for to in alternatives(pricer, i) {
                if to == current[i] {
                    continue;
                }
                let cost = match to {
                    Placement::Own(_) => pricer.direct_cents(i, to),
                    Placement::Shared(p) => {
                        pricer.direct_cents(i, to) + platform_part(pricer, i, p)
                    }
                };
                moves.push((cost - shares[i], i, to));
            }
        }
        moves.sort_by_key(|&(saving, i, _)| (saving, i));
        let budget = if moves.len() <= EXHAUSTIVE {
            moves.len()
        } else {
            moves.retain(|m| m.0 < 0);
            MOVES
        };
        for (_, i, to) in moves.into_iter().take(budget) {
            let mut trial = current.clone();
            trial[i] = to;
            if let Some(t) = pricer.total(&trial) {
                if t < total {
                    (current, total, improved) = (trial, t, true);
                }
            }
        }
        if !improved {
            break;
        }
    }
    (current, warnings)
}

/// Every place workload `i` may run: each eligible service alone, and each shared platform
/// whose service is eligible (services and event handlers only: jobs run on Batch or alone).
fn alternatives(pricer: &Pricer<'_>, i: usize) -> Vec<Placement> {
    let m = pricer.member(i);
    let mut out: Vec<Placement> = m.eligible().map(Placement::Own).collect();
    if m.workload().shape.kind.has_traffic() {
        for p in Platform::ALL {
            if m.estimate(p.service()).is_some() {
                out.push(Placement::Shared(p));
            }
        }
    }
    out
}

/// What workload `i` would pay for a platform's shared parts, estimated from its estimate alone
/// there: its nodes (node platforms), nothing else (the control plane and the load balancer are
/// paid already when the platform is in use).
fn platform_part(pricer: &Pricer<'_>, i: usize, p: Platform) -> i64 {
    if !p.has_nodes() {
        return 0;
    }
    pricer.member(i).estimate(p.service()).map_or(0, |e| {
        e.line_items
            .iter()
            .filter(|l| {
                matches!(
                    l.kind,
                    crate::cost::ItemKind::Nodes | crate::cost::ItemKind::FargateTasks
                )
            })
            .map(super::item_cents)
            .sum()
    })
}

/// Each workload's allocated total under `placements`.
fn shares(pricer: &mut Pricer<'_>, placements: &[Placement]) -> Vec<i64> {
    let s = pricer.strategy(StrategyId::BestMix, placements, Vec::new());
    s.assignments
        .iter()
        .map(super::Assignment::total_cents)
        .collect()
}

/// After the free-tier credit: when a fixed strategy costs less than the best mix over the whole
/// portfolio, the best mix becomes it, group by group.
pub(super) fn settle(plan: &mut Plan) {
    let best = plan.total_cents(StrategyId::BestMix);
    let Some(winner) = StrategyId::ALL
        .into_iter()
        .filter(|&id| id != StrategyId::BestMix)
        .min_by_key(|&id| plan.total_cents(id))
    else {
        return;
    };
    if plan.total_cents(winner) >= best {
        return;
    }
    for g in &mut plan.groups {
        let mut copy = g.strategy(winner).clone();
        copy.id = StrategyId::BestMix;
        if let Some(slot) = g
            .strategies
            .iter_mut()
            .find(|s| s.id == StrategyId::BestMix)
        {
            *slot = copy;
        }
    }
}
