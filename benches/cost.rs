//! `cargo bench --bench cost`: pricing all eight services for one parsed workload (target < 20 µs),
//! evaluating every rule and ranking one workload (target < 50 µs), a 1,000-point `breakeven` sweep
//! (target < 10 ms), and the parse of a workload file.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use runwhere::cost::estimate;
use runwhere::engine::rank::Prefer;
use runwhere::input::source::SourceFile;
use runwhere::pricing::Catalog;
use runwhere::rules::RuleSet;
use runwhere::rules::engine::evaluate;
use runwhere::service::Service;
use runwhere::workload::Workload;

fn load(name: &str, catalog: &Catalog) -> Workload {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let source = SourceFile::read(std::path::Path::new(&path)).expect("example exists");
    Workload::parse(&source, &catalog.regions()).expect("example is valid")
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::bundled().expect("bundled tables load");
    let rules = RuleSet::bundled().expect("bundled rules load");
    for name in ["web-api.toml", "array-batch.toml"] {
        let workload = load(name, &catalog);
        let prices = catalog.region(&workload.region).expect("region exists");
        c.bench_function(&format!("price all eight services: {name}"), |b| {
            b.iter(|| {
                for service in Service::ALL {
                    let _ = black_box(estimate(
                        service,
                        black_box(&workload),
                        prices,
                        &rules.limits,
                    ));
                }
            });
        });
        c.bench_function(&format!("evaluate rules: {name}"), |b| {
            b.iter(|| evaluate(&rules, black_box(&workload)));
        });
        c.bench_function(&format!("evaluate rules and rank: {name}"), |b| {
            b.iter(|| {
                runwhere::engine::rank::rank(black_box(&workload), prices, &rules, Prefer::Balanced)
            });
        });
    }
    let text = std::fs::read_to_string(format!(
        "{}/examples/web-api.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("example exists");
    let regions = catalog.regions();
    c.bench_function("parse workload: web-api.toml", |b| {
        b.iter(|| {
            Workload::parse(
                &SourceFile::new("web-api.toml", black_box(text.as_str())),
                &regions,
            )
        });
    });
    let advisor = runwhere::engine::advisor::Advisor::load(None, None).expect("bundled data loads");
    let web = load("web-api.toml", &catalog);
    let param = runwhere::engine::sweep::param("traffic.requests_per_month")
        .expect("a sweepable parameter");
    c.bench_function(
        "breakeven: 1,000-point sweep of requests, web-api.toml",
        |b| {
            b.iter(|| {
                runwhere::engine::sweep::sweep(
                    &advisor,
                    black_box(&web),
                    &param,
                    1e4,
                    1e10,
                    1_000,
                    Prefer::Balanced,
                )
            });
        },
    );
    c.bench_function("load bundled pricing tables", |b| b.iter(Catalog::bundled));
    c.bench_function("load bundled rules", |b| b.iter(RuleSet::bundled));
}

criterion_group!(benches, bench);
criterion_main!(benches);
