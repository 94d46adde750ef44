//! Test helpers: the bundled us-east-1 table and small workloads built in code.

use super::Variant;
use crate::input::source::SourceFile;
use crate::pricing::{Catalog, Prices};
use crate::rules::{Limits, RuleSet};
use crate::workload::{Arch, Purchase, Workload};

pub(crate) fn prices() -> Prices {
    Catalog::bundled()
        .unwrap()
        .region("us-east-1")
        .unwrap()
        .clone()
}

/// The bundled rules' limits (Lambda's memory cap, the Fargate size grid, ...), read once.
pub(crate) fn limits() -> &'static Limits {
    static LIMITS: std::sync::OnceLock<Limits> = std::sync::OnceLock::new();
    LIMITS.get_or_init(|| RuleSet::bundled().unwrap().limits)
}

pub(crate) fn variant(arch: Arch, option: Purchase) -> Variant {
    Variant {
        arch,
        option,
        detail: true,
        pin: super::Pin::NONE,
    }
}

pub(crate) fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "expected {expected}, got {actual}"
    );
}

fn parse(text: &str) -> Workload {
    Workload::parse(&SourceFile::new("test.toml", text), &["us-east-1"]).unwrap()
}

/// An HTTP service of 1 vCPU / 2 GB with the given traffic, everything else default.
pub(crate) fn service(requests_per_month: f64, avg_duration_ms: f64) -> Workload {
    parse(&format!(
        "version = 1\nname = \"t\"\n[shape]\nkind = \"service\"\n[traffic]\nrequests_per_month = {requests_per_month:?}\navg_duration_ms = {avg_duration_ms:?}\n"
    ))
}

/// A batch workload of the given runs, duration and size.
pub(crate) fn batch(runs: f64, duration_min: f64, vcpu: f64, memory_gb: f64) -> Workload {
    parse(&format!(
        "version = 1\nname = \"t\"\n[shape]\nkind = \"batch\"\n[resources]\nvcpu = {vcpu:?}\nmemory_gb = {memory_gb:?}\n[jobs]\nruns_per_month = {runs:?}\nduration_min = {duration_min:?}\n"
    ))
}
