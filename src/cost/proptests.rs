//! Property tests over the documented input ranges: no panic, line items that add up, and costs
//! that never fall when the workload grows.

use proptest::prelude::*;

use super::{Unpriced, estimate};
use crate::pricing::Catalog;
use crate::service::Service;
use crate::workload::{
    ArchPref, Complexity, Environment, Interface, Jobs, Kind, Needs, OpsCapacity, Packaging,
    Platform, PricingPrefs, Purchase, Resources, Shape, Team, Traffic, Workflow, Workload,
};

#[derive(Debug, Clone)]
struct Params {
    kind: Kind,
    interface: Interface,
    arch: ArchPref,
    purchase: Purchase,
    region: &'static str,
    vcpu: f64,
    memory_gb: f64,
    gpus: u32,
    storage_gb: f64,
    requests: f64,
    duration_ms: f64,
    avg_instances: Option<f64>,
    min_instances: u32,
    free_tier: bool,
    tolerant: bool,
    high_availability: bool,
    clusters: u32,
    multi_node: bool,
    utilization: f64,
    parallelism: u32,
}

fn workload(p: &Params) -> Workload {
    let traffic = p.kind.has_traffic().then(|| Traffic {
        requests_per_month: p.requests,
        avg_duration_ms: p.duration_ms,
        max_duration_min: p.duration_ms / 60_000.0,
        concurrency_per_instance: 80.0,
        min_instances: p.min_instances,
        avg_instances: p.avg_instances,
        peak_to_average: 3.0,
        avg_request_kb: 1.0,
        avg_response_kb: 16.0,
        requests_per_connection: if p.interface.is_http_family() {
            10.0
        } else {
            1.0
        },
        avg_connections: p.requests * p.duration_ms / 1_000.0 / (730.0 * 3_600.0),
    });
    let jobs = (!p.kind.has_traffic()).then(|| Jobs {
        runs_per_month: p.requests,
        duration_min: p.duration_ms / 60_000.0,
        array_size: None,
        dependencies: false,
        multi_node: p.multi_node,
        workflow: Workflow::None,
        parallelism: p.parallelism,
    });
    Workload {
        name: "prop".to_owned(),
        description: None,
        region: p.region.to_owned(),
        shape: Shape {
            kind: p.kind,
            interface: p.interface,
            packaging: Packaging::Container,
            arch: p.arch,
            services: 1,
            complexity: Complexity::Simple,
            environment: Environment::Prod,
        },
        resources: Resources {
            vcpu: p.vcpu,
            memory_gb: p.memory_gb,
            gpus: p.gpus,
            storage_gb: p.storage_gb,
            gpu_model: None,
            avg_cpu_utilization: p.utilization,
        },
        traffic,
        jobs,
        team: Team {
            knows_kubernetes: false,
            ops_capacity: OpsCapacity::Low,
            existing_platform: Platform::None,
        },
        needs: Needs {
            os_control: false,
            kubernetes_ecosystem: false,
            multi_cloud: false,
            service_mesh: false,
            sidecars: false,
            private_networking: false,
            static_ip: false,
            dedicated_hardware: false,
            high_availability: p.high_availability,
            interruption_tolerant: p.tolerant,
            instance_type_control: false,
            on_premises: false,
            max_cold_start_ms: 0.0,
        },
        network: crate::workload::Network {
            egress: crate::workload::Egress::PublicIp,
            outbound_gb_per_month: 0.0,
            nat_gb_per_month: 0.0,
        },
        pricing: PricingPrefs {
            purchase: p.purchase,
            free_tier: p.free_tier,
            clusters: p.clusters,
            cost_sensitive: false,
        },
        current: None,
        defaults: Vec::new(),
    }
}

fn params() -> impl Strategy<Value = Params> {
    (
        (
            prop::sample::select(Kind::all().to_vec()),
            prop::sample::select(Interface::all().to_vec()),
            prop::sample::select(ArchPref::all().to_vec()),
            prop::sample::select(Purchase::all().to_vec()),
            prop::sample::select(vec!["us-east-1", "eu-west-1", "ap-northeast-1"]),
        ),
        (
            0.05f64..=192.0,
            0.05f64..=2_048.0,
            prop::sample::select(vec![0u32, 0, 0, 1, 4, 8]),
            0.0f64..=200.0,
        ),
        (
            0.0f64..=1e10,
            0.5f64..=3_600_000.0,
            prop::option::of(0.0f64..=500.0),
            0u32..=5,
        ),
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            1u32..=4,
            any::<bool>(),
        ),
        (0.0f64..=1.0, 1u32..=64),
    )
        .prop_map(|(a, b, c, d, e)| Params {
            kind: a.0,
            interface: a.1,
            arch: a.2,
            purchase: a.3,
            region: a.4,
            vcpu: b.0,
            memory_gb: b.1,
            gpus: b.2,
            storage_gb: b.3,
            requests: c.0,
            duration_ms: c.1,
            avg_instances: c.2,
            min_instances: c.3,
            free_tier: d.0,
            tolerant: d.1,
            high_availability: d.2,
            clusters: d.3,
            multi_node: d.4,
            utilization: e.0,
            parallelism: e.1,
        })
}

fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| Catalog::bundled().unwrap())
}

fn cost(service: Service, w: &Workload) -> Result<f64, Unpriced> {
    let prices = catalog().region(&w.region).unwrap();
    estimate(service, w, prices, super::testing::limits()).map(|e| e.total())
}

/// `grown` costs at least what `base` costs, wherever both can be priced.
fn never_cheaper(base: &Workload, grown: &Workload) -> Result<(), TestCaseError> {
    for service in Service::ALL {
        if let (Ok(a), Ok(b)) = (cost(service, base), cost(service, grown)) {
            prop_assert!(b >= a - 1e-9 * a.abs().max(1.0), "{service}: {a} → {b}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_panic_and_items_add_up(p in params()) {
        let w = workload(&p);
        let prices = catalog().region(&w.region).unwrap();
        for service in Service::ALL {
            if let Ok(e) = estimate(service, &w, prices, super::testing::limits()) {
                let total = e.total();
                prop_assert!(total.is_finite() && total >= 0.0, "{service}: {total}");
                let sum: f64 = e.line_items.iter().map(|l| l.monthly_usd).sum();
                prop_assert!((sum - total).abs() <= 1e-9 * total.max(1.0));
                for l in &e.line_items {
                    prop_assert!(l.quantity >= 0.0 && l.unit_price_usd > 0.0, "{l:?}");
                    prop_assert!((l.quantity * l.unit_price_usd - l.monthly_usd).abs() <= 1e-9 * l.monthly_usd.max(1.0));
                }
                prop_assert!(e.option != Purchase::Best);
            }
        }
    }

    /// Issue 14: a 64-vCPU ETL was placed on an 8-GPU p4d. No workload without GPUs is ever
    /// priced on a GPU type, and one with GPUs only on a GPU type with at least as many.
    #[test]
    fn gpu_types_only_for_gpu_work(p in params()) {
        let w = workload(&p);
        let prices = catalog().region(&w.region).unwrap();
        for service in Service::ALL {
            let Ok(e) = estimate(service, &w, prices, super::testing::limits()) else {
                continue;
            };
            let Some(choice) = &e.instance else { continue };
            let i = prices.instances.iter().find(|i| i.name == choice.instance_type);
            prop_assert!(i.is_some(), "{service}: {} is not in the table", choice.instance_type);
            let i = i.unwrap();
            prop_assert_eq!(i.is_gpu(), w.resources.gpus > 0, "{}: {} for {} GPUs", service, i.name, w.resources.gpus);
            prop_assert!(i.gpus >= w.resources.gpus);
            prop_assert!(i.current && !i.special, "{service}: {} is not a current, ordinary type", i.name);
        }
    }

    #[test]
    fn more_requests_never_cost_less(p in params(), factor in 1.0f64..10.0) {
        let base = workload(&p);
        let mut grown = p.clone();
        grown.requests *= factor;
        never_cheaper(&base, &workload(&grown))?;
    }

    #[test]
    fn longer_duration_never_costs_less(p in params(), factor in 1.0f64..10.0) {
        let base = workload(&p);
        let mut grown = p.clone();
        grown.duration_ms *= factor;
        never_cheaper(&base, &workload(&grown))?;
    }

    #[test]
    fn more_instances_never_cost_less(p in params(), extra in 0.0f64..50.0) {
        let base = workload(&p);
        let mut grown = p.clone();
        grown.avg_instances = Some(p.avg_instances.unwrap_or_else(|| base.avg_instances()) + extra);
        grown.min_instances = p.min_instances;
        let mut base_p = p.clone();
        base_p.avg_instances = Some(base.avg_instances());
        never_cheaper(&workload(&base_p), &workload(&grown))?;
    }

    #[test]
    fn more_vcpu_never_costs_less(p in params(), factor in 1.0f64..4.0) {
        let base = workload(&p);
        let mut grown = p.clone();
        grown.vcpu = (p.vcpu * factor).min(192.0);
        never_cheaper(&base, &workload(&grown))?;
    }

    #[test]
    fn more_memory_never_costs_less(p in params(), factor in 1.0f64..4.0) {
        let base = workload(&p);
        let mut grown = p.clone();
        grown.memory_gb = p.memory_gb * factor;
        never_cheaper(&base, &workload(&grown))?;
    }
}
