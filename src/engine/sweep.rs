//! `breakeven`: one workload value varied across a range, every eligible service priced at each
//! step, and the points where the cheapest service (and the ranking's winner) changes, located by
//! bisection on the real cost functions rather than read off the grid.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::engine::advisor::Advisor;
use crate::engine::rank::Prefer;
use crate::error::Result;
use crate::rules::engine::Baseline;
use crate::service::Service;
use crate::workload::Workload;
use crate::workload::fields::{self, Default, FIELDS, Field, Ty, Val};

/// A workload value `breakeven` can vary, with its unit and default range (from the field table).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    pub path: &'static str,
    pub unit: &'static str,
    pub from: f64,
    pub to: f64,
    /// Logarithmic steps (counts and durations) rather than even ones.
    pub log: bool,
    /// Whole numbers only.
    pub integer: bool,
}

impl Param {
    fn of(f: &'static Field) -> Option<Self> {
        let s = f.sweep?;
        Some(Self {
            path: f.path,
            unit: f.unit,
            from: s.from,
            to: s.to,
            log: s.log,
            integer: f.ty == Ty::Count,
        })
    }
}

/// Every value `breakeven` can vary, in file order.
pub fn params() -> impl Iterator<Item = Param> {
    FIELDS.iter().filter_map(Param::of)
}

/// The parameter at `path`, if it can be varied.
pub fn param(path: &str) -> Option<Param> {
    fields::field(path).and_then(Param::of)
}

/// Sets the value at `param` on a workload (already validated at both ends of the range). A
/// default the file left to be derived from this value follows it.
///
/// # Errors
/// A sentence when the workload has no such value (a `[traffic]` path on a batch workload).
pub fn set(w: &mut Workload, param: &Param, x: f64) -> std::result::Result<(), String> {
    let x = if param.integer { x.round() } else { x };
    let Some(field) = fields::field(param.path).filter(|f| f.sweep.is_some()) else {
        return Err(format!("`{}` cannot vary", param.path));
    };
    let table = field.section();
    let has_table = match table {
        "traffic" => w.traffic.is_some(),
        "jobs" => w.jobs.is_some(),
        _ => true,
    };
    if !has_table {
        return Err(format!(
            "kind `{}` has no [{table}] table, so `{}` cannot vary",
            w.shape.kind, param.path
        ));
    }
    (field.set)(w, Val::Num(x));
    for derived in FIELDS {
        if let Default::Derived(d) = derived.default {
            if d.from.contains(&param.path) && w.defaulted(derived.path) {
                let (v, _) = (d.value)(&*w);
                (derived.set)(w, v);
            }
        }
    }
    // The longest request can never be shorter than the mean.
    if let Some(t) = &mut w.traffic {
        let mean_min = t.avg_duration_ms / 60_000.0;
        if t.max_duration_min < mean_min {
            t.max_duration_min = mean_min;
        }
    }
    Ok(())
}

/// Where the cheapest service changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossover {
    pub x: f64,
    pub cheaper_below: Service,
    pub cheaper_above: Service,
    /// `cross`: the two costs meet (agree within 0.1%) at `x`; `jump`: one cost steps past the
    /// other (another instance, a pricing tier, a size) or a service becomes (in)eligible there.
    pub kind: CrossKind,
    /// Each service's monthly cost at `x`, when it is eligible there.
    pub cost_below: Option<f64>,
    pub cost_above: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossKind {
    Cross,
    Jump,
}

/// Where the cheapest service keeps being the cheapest but moves to another EC2 instance type
/// (a burstable type's surplus credits passing a non-burstable type's price, say).
#[derive(Debug, Clone, PartialEq)]
pub struct Switch {
    pub x: f64,
    pub service: Service,
    pub below: String,
    pub above: String,
}

/// A stretch of the range with one winner of the ranking (`None`: no eligible service).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub from: f64,
    pub to: f64,
    pub service: Option<Service>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: f64,
    /// Monthly cost (the sum of the cents of the line items) of each eligible service.
    pub costs: BTreeMap<Service, f64>,
    /// The same costs before rounding, for drawing.
    pub exact: BTreeMap<Service, f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub param: Param,
    pub from: f64,
    pub to: f64,
    pub points: Vec<Point>,
    pub crossovers: Vec<Crossover>,
    pub winners: Vec<Segment>,
    pub switches: Vec<Switch>,
}

/// Relative width at which bisection stops: 0.01% of x, well inside the 0.1% promised.
const PRECISION: f64 = 1e-4;

/// What one evaluation at `x` yields: exact totals of eligible services, the cheapest, the winner.
struct Eval {
    totals: BTreeMap<Service, f64>,
    cheapest: Option<Service>,
    winner: Option<Service>,
    cents: BTreeMap<Service, f64>,
    /// The cheapest service's instance type, when it runs on one.
    cheapest_type: Option<crate::pricing::Name>,
}

struct Ctx<'a> {
    advisor: &'a Advisor,
    base: &'a Workload,
    param: &'a Param,
    prefer: Prefer,
    /// The rules' verdicts on the base workload: a point re-evaluates only the rules that read a
    /// value the varied parameter changed.
    baseline: Baseline,
}

impl Ctx<'_> {
    fn eval(&self, x: f64) -> Eval {
        let mut w = self.base.clone();
        self.eval_in(&mut w, x)
    }

    /// Evaluates at `x` in a scratch copy of the base workload (reset first, so copies are reused).
    fn eval_in(&self, w: &mut Workload, x: f64) -> Eval {
        w.traffic.clone_from(&self.base.traffic);
        w.jobs.clone_from(&self.base.jobs);
        w.resources.clone_from(&self.base.resources);
        w.pricing.clone_from(&self.base.pricing);
        w.network.clone_from(&self.base.network);
        let empty = Eval {
            totals: BTreeMap::new(),
            cheapest: None,
            winner: None,
            cents: BTreeMap::new(),
            cheapest_type: None,
        };
        if set(w, self.param, x).is_err() {
            return empty;
        }
        let Ok(prices) = self.advisor.prices(w) else {
            return empty;
        };
        let q = crate::engine::rank::quick_from(
            w,
            prices,
            &self.advisor.rules,
            self.prefer,
            &self.baseline,
        );
        let totals: BTreeMap<Service, f64> = q.costs.iter().map(|(s, t, _)| (*s, *t)).collect();
        let cents = q.costs.iter().map(|(s, _, c)| (*s, *c)).collect();
        // Cheapest by exact cost; ties by service id, as the ranking breaks them.
        let cheapest = totals
            .iter()
            .min_by(|a, b| a.1.total_cmp(b.1).then_with(|| a.0.id().cmp(b.0.id())))
            .map(|(s, _)| *s);
        let cheapest_type = q
            .instance_types
            .into_iter()
            .find(|(s, _)| Some(*s) == cheapest)
            .map(|(_, t)| t);
        Eval {
            totals,
            cheapest,
            winner: q.winner,
            cents,
            cheapest_type,
        }
    }

    /// The midpoint of `lo` and `hi` on the sweep's scale.
    fn mid(&self, lo: f64, hi: f64) -> f64 {
        if self.param.log && lo > 0.0 {
            (lo * hi).sqrt()
        } else {
            (lo + hi) / 2.0
        }
    }

    fn narrow_enough(lo: f64, hi: f64) -> bool {
        (hi - lo).abs() <= PRECISION * lo.abs().max(hi.abs()).max(1e-12)
    }

    /// Bisects `[lo, hi]` until `pick(x)` changes within 0.01% of x; returns the two ends.
    fn bisect<T: PartialEq>(
        &self,
        mut lo: f64,
        mut hi: f64,
        pick: impl Fn(&Eval) -> T,
    ) -> (f64, f64) {
        let at_lo = pick(&self.eval(lo));
        for _ in 0..200 {
            if Self::narrow_enough(lo, hi) {
                break;
            }
            let m = self.mid(lo, hi);
            if pick(&self.eval(m)) == at_lo {
                lo = m
            } else {
                hi = m
            }
        }
        (lo, hi)
    }
}

/// The grid of `n` points from `from` to `to` (log or even steps).
pub fn grid(param: &Param, from: f64, to: f64, n: usize) -> Vec<f64> {
    let n = n.max(2);
    let log = param.log && from > 0.0 && to > 0.0;
    (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64;
            let x = if log {
                (from.ln() + t * (to.ln() - from.ln())).exp()
            } else {
                from + t * (to - from)
            };
            // Exact end points despite rounding in exp/ln.
            if i == 0 {
                from
            } else if i == n - 1 {
                to
            } else if param.integer {
                x.round()
            } else {
                x
            }
        })
        .collect()
}

/// Sweeps `param` over `[from, to]` in `n` steps, with crossovers and winners.
///
/// # Errors
/// The workload has no such value (see [`set`]).
pub fn sweep(
    advisor: &Advisor,
    base: &Workload,
    param: &Param,
    from: f64,
    to: f64,
    n: usize,
    prefer: Prefer,
) -> Result<Sweep> {
    // A workload without the varied table is reported before any pricing.
    let mut probe = base.clone();
    set(&mut probe, param, from).map_err(crate::Error::Usage)?;
    let ctx = Ctx {
        advisor,
        base,
        param,
        prefer,
        baseline: Baseline::new(&advisor.rules, base),
    };
    let xs = grid(param, from, to, n);
    let evals: Vec<Eval> = xs
        .par_iter()
        .map_init(|| base.clone(), |w, &x| ctx.eval_in(w, x))
        .collect();

    let mut crossovers = Vec::new();
    let mut switches = Vec::new();
    let mut winners: Vec<Segment> = Vec::new();
    let mut seg_start = xs[0];
    for i in 0..xs.len() - 1 {
        let (a, b) = (&evals[i], &evals[i + 1]);
        if a.cheapest != b.cheapest {
            if let (Some(below), Some(_)) = (a.cheapest, b.cheapest) {
                let (lo, hi) = ctx.bisect(xs[i], xs[i + 1], |e| e.cheapest);
                let (e_lo, e_hi) = (ctx.eval(lo), ctx.eval(hi));
                if let Some(above) = e_hi.cheapest {
                    let x = ctx.mid(lo, hi);
                    let e_x = ctx.eval(x);
                    let (ca, cb) = (
                        e_x.totals.get(&below).copied(),
                        e_x.totals.get(&above).copied(),
                    );
                    let kind = match (ca, cb) {
                        (Some(p), Some(q))
                            if (p - q).abs() <= 1e-3 * p.abs().max(q.abs()).max(1e-9) =>
                        {
                            CrossKind::Cross
                        }
                        _ => CrossKind::Jump,
                    };
                    crossovers.push(Crossover {
                        x,
                        cheaper_below: below,
                        cheaper_above: above,
                        kind,
                        cost_below: e_lo.totals.get(&below).copied(),
                        cost_above: e_hi.totals.get(&above).copied(),
                    });
                }
            }
        }
        if let (Some(service), true, Some(_), Some(_)) = (
            a.cheapest,
            a.cheapest == b.cheapest && a.cheapest_type != b.cheapest_type,
            &a.cheapest_type,
            &b.cheapest_type,
        ) {
            let pick = |e: &Eval| (e.cheapest, e.cheapest_type.clone());
            let (lo, hi) = ctx.bisect(xs[i], xs[i + 1], pick);
            let (e_lo, e_hi) = (ctx.eval(lo), ctx.eval(hi));
            if let (Some(below), Some(above), true) = (
                e_lo.cheapest_type,
                e_hi.cheapest_type,
                e_lo.cheapest == e_hi.cheapest,
            ) {
                switches.push(Switch {
                    x: ctx.mid(lo, hi),
                    service,
                    below: below.to_string(),
                    above: above.to_string(),
                });
            }
        }
        if a.winner != b.winner {
            let (lo, hi) = ctx.bisect(xs[i], xs[i + 1], |e| e.winner);
            let at = ctx.mid(lo, hi);
            winners.push(Segment {
                from: seg_start,
                to: at,
                service: a.winner,
            });
            seg_start = at;
        }
    }
    winners.push(Segment {
        from: seg_start,
        to: xs[xs.len() - 1],
        service: evals[evals.len() - 1].winner,
    });
    let points = xs
        .iter()
        .zip(evals)
        .map(|(&x, e)| Point {
            x,
            costs: e.cents,
            exact: e.totals,
        })
        .collect();
    Ok(Sweep {
        param: *param,
        from,
        to,
        points,
        crossovers,
        winners,
        switches,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::input::source::SourceFile;

    fn advisor() -> &'static Advisor {
        static ADVISOR: std::sync::OnceLock<Advisor> = std::sync::OnceLock::new();
        ADVISOR.get_or_init(|| Advisor::load(None, None).unwrap())
    }

    fn workload(
        kind: &str,
        interface: &str,
        arch: &str,
        vcpu: f64,
        memory: f64,
        duration_ms: f64,
        region: &str,
    ) -> Workload {
        let body = if kind == "service" || kind == "event" {
            format!("[traffic]\nrequests_per_month = 1000\navg_duration_ms = {duration_ms:?}\n")
        } else {
            format!(
                "[jobs]\nruns_per_month = 100\nduration_min = {:?}\n",
                duration_ms / 60_000.0
            )
        };
        let text = format!(
            "version = 1\nname = \"p\"\nregion = \"{region}\"\n[shape]\nkind = \"{kind}\"\ninterface = \"{interface}\"\narch = \"{arch}\"\n[resources]\nvcpu = {vcpu:?}\nmemory_gb = {memory:?}\n{body}"
        );
        Workload::parse(
            &SourceFile::new("p.toml", text),
            &["us-east-1", "eu-west-1", "ap-northeast-1"],
        )
        .unwrap()
    }

    /// The lean ranking agrees with the full one: the same eligible services, with the same exact
    /// totals and cents, and the same top pick.
    fn agree(w: &Workload, prefer: Prefer) -> Result<(), TestCaseError> {
        let full = advisor().rank(w, prefer).unwrap();
        let q =
            crate::engine::rank::quick(w, advisor().prices(w).unwrap(), &advisor().rules, prefer);
        prop_assert_eq!(full.recommendation().map(|e| e.service), q.winner);
        let mut full_costs: Vec<(Service, f64, f64)> = full
            .eligible()
            .map(|e| {
                let x = e.estimate().unwrap();
                (e.service, x.total(), x.billed_total())
            })
            .collect();
        full_costs.sort_by_key(|c| c.0);
        let mut quick_costs = q.costs.clone();
        quick_costs.sort_by_key(|c| c.0);
        prop_assert_eq!(full_costs, quick_costs);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn quick_agrees_with_rank_on_random_workloads(
            kind in prop::sample::select(vec!["service", "event", "batch", "scheduled"]),
            interface in prop::sample::select(vec!["http", "none", "tcp", "grpc"]),
            arch in prop::sample::select(vec!["x86", "arm", "any"]),
            vcpu in prop::sample::select(vec![0.25f64, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0]),
            memory in prop::sample::select(vec![0.5f64, 1.0, 2.0, 4.0, 8.0, 30.0, 64.0, 200.0]),
            duration in 5.0f64..3_600_000.0,
            region in prop::sample::select(vec!["us-east-1", "eu-west-1", "ap-northeast-1"]),
            prefer in prop::sample::select(vec![Prefer::Balanced, Prefer::Cost, Prefer::Fit]),
        ) {
            let w = workload(kind, interface, arch, vcpu, memory.max(vcpu / 4.0), duration, region);
            agree(&w, prefer)?;
        }
    }

    /// The same on every example.
    #[test]
    fn quick_agrees_with_rank() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            // Workload files only (`examples/portfolio/` is a directory of them).
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let source = SourceFile::read(&path).unwrap();
            for prefer in [Prefer::Balanced, Prefer::Cost, Prefer::Fit] {
                let w = advisor()
                    .workload(&source, &crate::engine::advisor::Options::default())
                    .unwrap();
                let full = advisor().rank(&w, prefer).unwrap();
                let q = crate::engine::rank::quick(
                    &w,
                    advisor().prices(&w).unwrap(),
                    &advisor().rules,
                    prefer,
                );
                assert_eq!(
                    full.recommendation().map(|e| e.service),
                    q.winner,
                    "{}",
                    source.name()
                );
                let full_costs: Vec<(Service, f64)> = full
                    .eligible()
                    .map(|e| (e.service, e.estimate().unwrap().total()))
                    .collect::<BTreeMap<_, _>>()
                    .into_iter()
                    .collect();
                let quick_costs: Vec<(Service, f64)> = q
                    .costs
                    .iter()
                    .map(|(s, t, _)| (*s, *t))
                    .collect::<BTreeMap<_, _>>()
                    .into_iter()
                    .collect();
                assert_eq!(full_costs, quick_costs, "{}", source.name());
            }
        }
    }

    #[test]
    fn log_grid_hits_both_ends() {
        let p = &param("traffic.requests_per_month").unwrap();
        let g = grid(p, 1e3, 1e9, 7);
        assert_eq!(g.len(), 7);
        assert_eq!((g[0], g[6]), (1e3, 1e9));
        assert!((g[3] - 1e6).abs() < 1e-3);
        let lin = grid(&param("pricing.clusters").unwrap(), 1.0, 5.0, 5);
        assert_eq!(lin, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
    }

    #[test]
    fn varying_duration_moves_the_default_longest_request() {
        let mut w = workload("event", "none", "x86", 1.0, 2.0, 100.0, "us-east-1");
        set(
            &mut w,
            &param("traffic.avg_duration_ms").unwrap(),
            1_200_000.0,
        )
        .unwrap();
        assert_eq!(w.max_duration_min(), 20.0);
        let mut jobs = workload("batch", "none", "x86", 1.0, 2.0, 60_000.0, "us-east-1");
        assert!(
            set(
                &mut jobs,
                &param("traffic.requests_per_month").unwrap(),
                5.0
            )
            .is_err()
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// At every crossover where the costs cross, the two services' costs agree within 0.1%;
        /// the winners cover the whole range, end to end, without gaps.
        #[test]
        fn crossovers_agree_and_winners_cover(
            kind in prop::sample::select(vec!["service", "event"]),
            interface in prop::sample::select(vec!["http", "none", "tcp"]),
            arch in prop::sample::select(vec!["x86", "arm", "any"]),
            vcpu in prop::sample::select(vec![0.25f64, 0.5, 1.0, 2.0]),
            memory in prop::sample::select(vec![0.5f64, 1.0, 2.0, 4.0]),
            duration in 5.0f64..2_000.0,
            region in prop::sample::select(vec!["us-east-1", "eu-west-1", "ap-northeast-1"]),
        ) {
            let w = workload(kind, interface, arch, vcpu, memory.max(vcpu), duration, region);
            let p = &param("traffic.requests_per_month").unwrap();
            let s = sweep(advisor(), &w, p, 1e4, 1e10, 40, Prefer::Balanced).unwrap();
            for c in s.crossovers.iter().filter(|c| c.kind == CrossKind::Cross) {
                let mut at = w.clone();
                set(&mut at, p, c.x).unwrap();
                let prices = advisor().prices(&at).unwrap();
                let a = crate::cost::estimate(c.cheaper_below, &at, prices, &advisor().rules.limits).unwrap().total();
                let b = crate::cost::estimate(c.cheaper_above, &at, prices, &advisor().rules.limits).unwrap().total();
                prop_assert!((a - b).abs() <= 1e-3 * a.max(b), "{c:?}: {a} vs {b}");
            }
            prop_assert_eq!(s.winners.first().map(|w| w.from), Some(1e4));
            prop_assert_eq!(s.winners.last().map(|w| w.to), Some(1e10));
            for pair in s.winners.windows(2) {
                prop_assert_eq!(pair[0].to, pair[1].from);
                prop_assert!(pair[0].from < pair[0].to);
            }
        }
    }
}
