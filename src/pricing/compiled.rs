//! The bundled regions' instance types as static data: `compiled/instances.rs`, generated from
//! the bundled tables by `RUNWHERE_BLESS=1 cargo test --lib compiled_data` and compiled into the
//! binary, so a run reads the types it searches where they lie instead of decoding a thousand
//! rows onto the heap.
//!
//! The types hold no pointers (names are spans of one string), so the dynamic loader has nothing
//! to relocate in them when the binary starts: their pages are read only when a search reads them.
//!
//! The file carries the hash of the data files it was made from (as `build.rs` computes it); a
//! binary whose data does not match uses the parsed tables instead, as with `compiled/*.bin`.

use super::{Instance, Name};
use crate::workload::Arch;

/// One type, in the order of [`render`]'s arguments (`name` and `gpu_model` as spans of
/// `NAMES`).
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per column of the generated table"
)]
const fn i(
    name: (u32, u32),
    arm: bool,
    vcpu: f64,
    memory_gib: f64,
    gpus: u32,
    hourly: f64,
    gpu_model: Option<(u32, u32)>,
    current: bool,
    special: bool,
    baseline: Option<f64>,
    spot_hourly: Option<f64>,
) -> Instance {
    Instance {
        name: Name::bundled(name.0, name.1),
        arch: if arm { Arch::Arm } else { Arch::X86 },
        vcpu,
        memory_gib,
        gpus,
        hourly,
        gpu_model: match gpu_model {
            Some((start, end)) => Some(Name::bundled(start, end)),
            None => None,
        },
        current,
        special,
        baseline,
        spot_hourly,
    }
}

/// The bundled name at `start..end` of `NAMES` (empty if the span is not one, which the tests
/// that compare the static data with the parsed tables rule out).
pub(super) fn name(start: u32, end: u32) -> &'static str {
    NAMES.get(start as usize..end as usize).unwrap_or_default()
}

/// A bundled region's instance types and the pools instance choice searches.
pub(super) struct Region {
    name: &'static str,
    /// Priced types, cheapest first (as [`super::Prices::instances`]).
    pub(super) instances: &'static [Instance],
    /// Per pool slot, indexes into `instances` (as [`super::Prices::candidates`] gives them).
    pub(super) pools: [&'static [u32]; 16],
    /// The same, by price per vCPU (as [`super::Prices::candidates_per_vcpu`]).
    pub(super) per_vcpu: [&'static [u32]; 16],
}

include!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/compiled/instances.rs"
));

/// Bundled `region`'s static data, when it was made from the data files this binary holds.
pub(super) fn region(region: &str) -> Option<&'static Region> {
    if DATA_HASH != crate::input::compiled::data_hash() {
        return None;
    }
    REGIONS.iter().find(|r| r.name == region)
}

/// The text of `compiled/instances.rs` for these regions' tables.
#[cfg(test)]
pub(super) fn render(regions: &[(&str, &super::Prices)]) -> String {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    // Every name once, in one string; each type refers to its spans.
    let mut names = String::new();
    let mut spans: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (_, prices) in regions {
        for t in prices.instances.iter() {
            for n in std::iter::once(&t.name).chain(&t.gpu_model) {
                spans.entry(n.as_str()).or_insert_with(|| {
                    names.push_str(n);
                    (names.len() - n.len(), names.len())
                });
            }
        }
    }
    let span = |n: &str| {
        let (a, b) = spans[n];
        format!("({a}, {b})")
    };
    let opt = |v: Option<f64>| v.map_or_else(|| "None".to_owned(), |v| format!("Some({v:?})"));
    let list = |l: &[u32]| {
        let items: Vec<String> = l.iter().map(u32::to_string).collect();
        format!("&[{}]", items.join(","))
    };
    let mut out = String::from(
        "// Generated from the bundled tables by `RUNWHERE_BLESS=1 cargo test --lib compiled_data`;\n\
         // do not edit (compiled/README.md). Each region's priced instance types, cheapest first:\n\
         // i(name, arm, vcpu, memory_gib, gpus, hourly, gpu_model, current, special, baseline,\n\
         // spot_hourly), names as spans of NAMES; then its pools, by slot, in both orders.\n",
    );
    let _ = writeln!(
        out,
        "const DATA_HASH: &str = {:?};",
        crate::input::compiled::data_hash()
    );
    let _ = writeln!(out, "const NAMES: &str = {names:?};");
    out.push_str("static REGIONS: &[Region] = &[\n");
    for (region, prices) in regions {
        let _ = writeln!(out, "Region {{ name: {region:?}, instances: &[");
        for t in prices.instances.iter() {
            let _ = writeln!(
                out,
                "i({}, {}, {:?}, {:?}, {}, {:?}, {}, {}, {}, {}, {}),",
                span(&t.name),
                t.arch == Arch::Arm,
                t.vcpu,
                t.memory_gib,
                t.gpus,
                t.hourly,
                t.gpu_model
                    .as_deref()
                    .map_or_else(|| "None".to_owned(), |m| format!("Some({})", span(m))),
                t.current,
                t.special,
                opt(t.baseline),
                opt(t.spot_hourly),
            );
        }
        out.push_str("],\npools: [\n");
        for pool in super::Pool::all() {
            let _ = writeln!(out, "{},", list(prices.pool(pool)));
        }
        out.push_str("],\nper_vcpu: [\n");
        for pool in super::Pool::all() {
            let _ = writeln!(out, "{},", list(&prices.build_per_vcpu(pool)));
        }
        out.push_str("] },\n");
    }
    out.push_str("];\n");
    out
}
