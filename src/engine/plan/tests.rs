//! Properties of plans over random portfolios, and the free-tier allowance once per portfolio.

use proptest::prelude::{
    ProptestConfig, TestCaseError, any, prop, prop_assert, prop_assert_eq, proptest,
};
use proptest::strategy::Strategy as _;

use super::*;
use crate::engine::advisor::{Advisor, Options};

fn advisor() -> &'static Advisor {
    static ADVISOR: std::sync::OnceLock<Advisor> = std::sync::OnceLock::new();
    ADVISOR.get_or_init(|| Advisor::load(None, None).unwrap())
}

/// One workload of a random portfolio, as a file's text.
#[derive(Debug, Clone)]
struct Spec {
    kind: usize,
    interface: usize,
    arch: usize,
    vcpu: f64,
    memory_gb: f64,
    requests: f64,
    duration_ms: f64,
    region: usize,
    environment: usize,
    high_availability: bool,
    free_tier: bool,
    purchase: usize,
    tolerant: bool,
}

impl Spec {
    fn text(&self, i: usize) -> String {
        let kind = ["service", "event", "batch", "scheduled"][self.kind];
        let interface = ["http", "grpc", "tcp", "none"][self.interface];
        let arch = ["x86", "arm", "any"][self.arch];
        let region = ["us-east-1", "eu-west-1"][self.region];
        let environment = ["prod", "dev"][self.environment];
        let purchase = ["on_demand", "spot", "savings_plan_1yr", "best"][self.purchase];
        let mut t = format!(
            "version = 1\nname = \"w{i}\"\nregion = \"{region}\"\n[shape]\nkind = \"{kind}\"\narch = \"{arch}\"\nenvironment = \"{environment}\"\n"
        );
        if kind == "service" || kind == "event" {
            t.push_str(&format!("interface = \"{interface}\"\n"));
        }
        t.push_str(&format!(
            "[resources]\nvcpu = {:?}\nmemory_gb = {:?}\n",
            self.vcpu, self.memory_gb
        ));
        if kind == "service" || kind == "event" {
            t.push_str(&format!(
                "[traffic]\nrequests_per_month = {:?}\navg_duration_ms = {:?}\n",
                self.requests, self.duration_ms
            ));
            if self.high_availability {
                t.push_str("min_instances = 2\n");
            }
        } else {
            t.push_str(&format!(
                "[jobs]\nruns_per_month = {:?}\nduration_min = {:?}\n",
                (self.requests / 1_000.0).round(),
                (self.duration_ms / 1_000.0).max(0.1)
            ));
        }
        t.push_str(&format!(
            "[needs]\nhigh_availability = {}\ninterruption_tolerant = {}\n[pricing]\nfree_tier = {}\npurchase = \"{purchase}\"\n",
            self.high_availability && (kind == "service" || kind == "event"),
            self.tolerant,
            self.free_tier
        ));
        t
    }
}

fn spec() -> impl proptest::strategy::Strategy<Value = Spec> {
    (
        (0usize..4, 0usize..4, 0usize..3),
        (
            prop::sample::select(vec![0.25, 0.5, 1.0, 2.0, 4.0]),
            prop::sample::select(vec![0.5, 1.0, 2.0, 4.0, 8.0]),
        ),
        (1_000.0f64..300_000_000.0, 5.0f64..5_000.0),
        (0usize..2, 0usize..2),
        (any::<bool>(), any::<bool>(), 0usize..4, any::<bool>()),
    )
        .prop_map(
            |(
                (kind, interface, arch),
                (vcpu, memory_gb),
                (requests, duration_ms),
                (region, environment),
                (ha, free, purchase, tolerant),
            )| Spec {
                kind,
                interface,
                arch,
                vcpu,
                memory_gb,
                requests: requests.round(),
                duration_ms: duration_ms.round(),
                region,
                environment,
                high_availability: ha,
                free_tier: free,
                purchase,
                tolerant,
            },
        )
}

fn members(specs: &[Spec]) -> Vec<Member> {
    let a = advisor();
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let source = SourceFile::new(format!("w{i}.toml"), s.text(i));
            let w = a.workload(&source, &Options::default()).unwrap();
            Member::new(
                a,
                PathBuf::from(format!("w{i}.toml")),
                &w,
                &Options::default(),
            )
            .unwrap()
        })
        .collect()
}

fn check(plan: &Plan) -> std::result::Result<(), TestCaseError> {
    let any_free = plan.members.iter().any(|m| m.workload().pricing.free_tier);
    for id in StrategyId::ALL {
        prop_assert!(
            plan.total_cents(StrategyId::BestMix) <= plan.total_cents(id),
            "best mix {} > {} {}",
            plan.total_cents(StrategyId::BestMix),
            id.id(),
            plan.total_cents(id)
        );
    }
    for g in &plan.groups {
        for s in &g.strategies {
            if !any_free {
                // Without the portfolio credit, per group as well.
                prop_assert!(g.strategy(StrategyId::BestMix).total_cents <= s.total_cents);
            }
            // Allocations add up to the total, to the cent.
            let sum: i64 = s.assignments.iter().map(Assignment::total_cents).sum();
            prop_assert_eq!(sum, s.total_cents, "{}", s.id.id());
            for item in &s.shared_items {
                prop_assert_eq!(item.shares.iter().map(|x| x.1).sum::<i64>(), item.cents);
            }
            // Exclusions: every workload runs only on a service it is eligible for.
            for a in &s.assignments {
                let m = &plan.members[a.member];
                let entry = m.ranking.entry(a.placement.service()).unwrap();
                prop_assert!(
                    entry.rank.is_some(),
                    "{} on excluded {:?}",
                    m.name(),
                    a.placement
                );
                if a.placement.service() != Service::Lambda {
                    prop_assert!(a.items.iter().all(|l| l.kind != ItemKind::LambdaRequests));
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_portfolios(specs in prop::collection::vec(spec(), 1..9)) {
        let plan = plan(advisor(), members(&specs)).unwrap();
        check(&plan)?;
    }
}

/// Lambda's always-free allowance counts once per portfolio: three event handlers with
/// `free_tier = true`, each of 2M requests, are credited 1M requests in all, not 3M.
#[test]
fn free_tier_once_per_portfolio() {
    let text = |i: usize| {
        format!(
            "version = 1\nname = \"e{i}\"\n[shape]\nkind = \"event\"\narch = \"arm\"\n[resources]\nvcpu = 0.25\nmemory_gb = 0.5\n[traffic]\nrequests_per_month = 2_000_000\navg_duration_ms = 100\n[pricing]\nfree_tier = true\n"
        )
    };
    let a = advisor();
    let members: Vec<Member> = (0..3)
        .map(|i| {
            let w = a
                .workload(
                    &SourceFile::new(format!("e{i}.toml"), text(i)),
                    &Options::default(),
                )
                .unwrap();
            Member::new(
                a,
                PathBuf::from(format!("e{i}.toml")),
                &w,
                &Options::default(),
            )
            .unwrap()
        })
        .collect();
    let plan = plan(a, members).unwrap();
    let s = plan.groups[0].strategy(StrategyId::Separate);
    // Each runs on Lambda (Arm, 512 MB): 2M × $0.20/M = $0.40 and 2M × 0.1 s × 0.5 GB =
    // 100,000 GB-s × $0.0000133334 = $1.33 → $1.73 each, $5.19 for three.
    // Once per portfolio: 1M requests ($0.20) and 300,000 of the 400,000 free GB-s, one credit
    // line per workload of 100,000 × $0.0000133334 = $1.33 (each line rounds to the cent, as every
    // bill does) → $5.19 − $0.20 − 3 × $1.33 = $1.00.
    // The first workload takes the whole request allowance (1M of its 2M) and its 100,000 GB-s;
    // the second and third their GB-s.
    let credits: Vec<f64> = s
        .assignments
        .iter()
        .flat_map(|a| a.items.iter())
        .filter(|l| l.item.starts_with("Lambda free tier"))
        .map(|l| l.quantity)
        .collect();
    assert_eq!(credits, [-1.0, -100_000.0, -100_000.0, -100_000.0]);
    assert_eq!(s.total_cents, 100);
    // Alone, each workload's `recommend` figure subtracts the whole allowance: requests
    // 2M − 1M → $0.20, GB-s 100,000 − 400,000 → $0 → $0.20. Summing those ($0.60) would count
    // the allowance three times.
    let alone: f64 = plan
        .members
        .iter()
        .map(|m| {
            m.ranking
                .recommendation()
                .unwrap()
                .estimate()
                .unwrap()
                .billed_total()
        })
        .sum();
    assert!((alone - 0.60).abs() < 1e-9, "{alone}");
}
