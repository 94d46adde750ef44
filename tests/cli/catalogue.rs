//! The repository's copy of the EC2 catalogue data (`catalogue/`): every file well-formed, every
//! row's sources named in `catalogue/README.md`, and every instance type in the bundled pricing
//! tables, as runwhere loads them, priced and specified exactly as the catalogue row it came
//! from. Reads only files in the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use runwhere::pricing::Instance;
use runwhere::workload::Arch;
use serde::Deserialize;

const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-northeast-1"];

const HEADER: [&str; 15] = [
    "instance_type",
    "on_demand_usd",
    "spot_usd_min",
    "spot_usd_max",
    "spot_azs",
    "vcpu",
    "memory_gib",
    "gpus",
    "gpu_model",
    "accelerator",
    "arch",
    "generation",
    "burst_baseline_pct",
    "local_nvme_gb",
    "sources",
];

/// The burstable families of AWS's "Key concepts for burstable performance instances" credit table.
const BURSTABLE_FAMILIES: [&str; 4] = ["t2", "t3", "t3a", "t4g"];

#[derive(Debug, Deserialize)]
struct Row {
    instance_type: String,
    on_demand_usd: String,
    spot_usd_min: String,
    spot_usd_max: String,
    spot_azs: String,
    vcpu: String,
    memory_gib: String,
    gpus: String,
    gpu_model: String,
    accelerator: String,
    arch: String,
    generation: String,
    burst_baseline_pct: String,
    local_nvme_gb: String,
    sources: String,
}

impl Row {
    fn family(&self) -> &str {
        self.instance_type.split('.').next().unwrap_or_default()
    }

    /// A GPU type has GPUs or a GPU model (g6f/gr6f list 0 GPUs and an L4 model).
    fn is_gpu(&self) -> bool {
        self.gpus != "0" || !self.gpu_model.is_empty()
    }

    fn source_ids(&self) -> Vec<&str> {
        self.sources.split(' ').collect()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn catalogue_path(region: &str) -> PathBuf {
    root().join("catalogue").join(format!("ec2-{region}.csv"))
}

/// Rows with their line numbers (the header is line 1).
fn read_catalogue(region: &str) -> Vec<(usize, Row)> {
    let path = catalogue_path(region);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, HEADER, "{}: unexpected header", path.display());
    reader
        .deserialize::<Row>()
        .enumerate()
        .map(|(i, row)| {
            (
                i + 2,
                row.unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            )
        })
        .collect()
}

/// Source ids defined in the README's source table: lines of the form "| `ID` | ...".
fn readme() -> String {
    std::fs::read_to_string(root().join("catalogue/README.md")).unwrap()
}

fn defined_source_ids(readme: &str) -> BTreeSet<String> {
    readme
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |"))
        .map(|(id, _)| id.to_string())
        .filter(|id| !id.contains('.'))
        .collect()
}

/// A positive, finite decimal written without an exponent, as AWS's price lists write them.
fn positive_decimal(text: &str) -> Option<f64> {
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit() || c == '.')
        && text.matches('.').count() <= 1;
    let value: f64 = text.parse().ok()?;
    (plain && value.is_finite() && value > 0.0).then_some(value)
}

fn check_row(region: &str, line: usize, row: &Row, ids: &BTreeSet<String>) -> Vec<String> {
    let at = format!("catalogue/ec2-{region}.csv:{line} ({})", row.instance_type);
    let mut errors = Vec::new();
    let mut fail = |what: String| errors.push(format!("{at}: {what}"));

    let name_ok =
        row.instance_type
            .split_once('.')
            .is_some_and(|(family, size)| {
                !family.is_empty()
                    && !size.is_empty()
                    && row.instance_type.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
                    })
            });
    if !name_ok {
        fail("instance type is not of the form family.size".into());
    }
    let on_demand = positive_decimal(&row.on_demand_usd);
    if on_demand.is_none() {
        fail(format!(
            "on_demand_usd {:?} is not a positive decimal",
            row.on_demand_usd
        ));
    }
    let spot = [&row.spot_usd_min, &row.spot_usd_max, &row.spot_azs];
    if spot.iter().any(|s| !s.is_empty()) {
        match (
            positive_decimal(&row.spot_usd_min),
            positive_decimal(&row.spot_usd_max),
            row.spot_azs.parse::<u32>(),
        ) {
            (Some(min), Some(max), Ok(azs)) if azs >= 1 && min <= max => {
                // AWS quotes Spot to four decimals and caps it at the On-Demand price, so a
                // capped Spot price may sit up to half a unit of the fourth decimal above
                // a five-decimal On-Demand price (`AC`: inf2.24xlarge in Tokyo, 9.7360 vs 9.73595).
                if on_demand.is_some_and(|od| max > od + 0.00005 + 1e-9) {
                    fail(format!("Spot {max} above the On-Demand price"));
                }
            }
            _ => fail(format!(
                "Spot columns {spot:?} are not min <= max over at least one zone"
            )),
        }
    }
    if !row.vcpu.parse::<u32>().is_ok_and(|v| v > 0) {
        fail(format!("vcpu {:?} is not a positive integer", row.vcpu));
    }
    if positive_decimal(&row.memory_gib).is_none() {
        fail(format!(
            "memory_gib {:?} is not a positive decimal",
            row.memory_gib
        ));
    }
    if row.gpus.parse::<u32>().is_err() {
        fail(format!("gpus {:?} is not a whole number", row.gpus));
    }
    let gpu_maker = ["NVIDIA ", "AMD "]
        .iter()
        .any(|m| row.gpu_model.starts_with(m));
    if !(row.gpu_model.is_empty() || gpu_maker) {
        fail(format!("gpu_model {:?} names no GPU maker", row.gpu_model));
    }
    if !row.accelerator.is_empty() && !row.gpu_model.is_empty() {
        fail("a non-GPU accelerator row carries a GPU model".into());
    }
    if !["x86_64", "arm64"].contains(&row.arch.as_str()) {
        fail(format!("arch {:?} is neither x86_64 nor arm64", row.arch));
    }
    if !["current", "previous"].contains(&row.generation.as_str()) {
        fail(format!(
            "generation {:?} is neither current nor previous",
            row.generation
        ));
    }
    let burstable = BURSTABLE_FAMILIES.contains(&row.family());
    match (burstable, row.burst_baseline_pct.as_str()) {
        (false, "") => {}
        (false, pct) => fail(format!("burst baseline {pct:?} on a non-burstable family")),
        (true, pct) => {
            if !positive_decimal(pct).is_some_and(|p| p <= 100.0) {
                fail(format!(
                    "burstable type without a baseline in (0, 100]: {pct:?}"
                ));
            }
        }
    }
    if !row.local_nvme_gb.is_empty() && row.local_nvme_gb.parse::<u64>().is_err() {
        fail(format!(
            "local_nvme_gb {:?} is not a whole number",
            row.local_nvme_gb
        ));
    }

    let sources = row.source_ids();
    for id in &sources {
        if !ids.contains(*id) {
            fail(format!(
                "source id {id:?} is not defined in catalogue/README.md"
            ));
        }
    }
    let unique: BTreeSet<_> = sources.iter().collect();
    if unique.len() != sources.len() {
        fail(format!("a source id repeats in {:?}", row.sources));
    }
    // The first source is the one for the On-Demand price: AWS's price list (via K) in us-east-1,
    // the SkyPilot catalogue copy (AC) elsewhere.
    let price_source = if region == "us-east-1" { "K" } else { "AC" };
    if sources.first() != Some(&price_source) {
        fail(format!(
            "price source should come first and be {price_source}"
        ));
    }
    let needs = [
        (!row.spot_usd_min.is_empty(), "AC", "a Spot price"),
        (
            !row.burst_baseline_pct.is_empty(),
            "BURST",
            "a burst baseline",
        ),
        (row.generation == "previous", "", "previous generation"),
    ];
    for (applies, id, what) in needs {
        if !applies {
            continue;
        }
        let named = if id.is_empty() {
            sources.contains(&"PG") || sources.contains(&"MIQ")
        } else {
            sources.contains(&id)
        };
        if !named {
            fail(format!("{what} without the source that gives it"));
        }
    }
    errors
}

#[test]
fn every_catalogue_file_is_well_formed_and_its_sources_resolve() {
    let readme = readme();
    let ids = defined_source_ids(&readme);
    assert!(
        ids.contains("K") && ids.contains("AC"),
        "README source table not found: {ids:?}"
    );
    let mut errors = Vec::new();
    for region in REGIONS {
        let rows = read_catalogue(region);
        assert!(!rows.is_empty(), "catalogue/ec2-{region}.csv has no rows");

        let mut seen = BTreeMap::new();
        let mut previous: Option<&str> = None;
        let mut gpu_by_family: BTreeMap<&str, BTreeSet<bool>> = BTreeMap::new();
        for (line, row) in &rows {
            errors.extend(check_row(region, *line, row, &ids));
            if let Some(first) = seen.insert(row.instance_type.as_str(), *line) {
                errors.push(format!(
                    "catalogue/ec2-{region}.csv:{line}: {} repeats line {first}",
                    row.instance_type
                ));
            }
            if previous.is_some_and(|p| p > row.instance_type.as_str()) {
                errors.push(format!(
                    "catalogue/ec2-{region}.csv:{line}: rows are not sorted by instance type"
                ));
            }
            previous = Some(&row.instance_type);
            gpu_by_family
                .entry(row.family())
                .or_default()
                .insert(row.is_gpu());
        }
        for (family, flags) in gpu_by_family {
            if flags.len() > 1 {
                errors.push(format!(
                    "catalogue/ec2-{region}.csv: family {family} has GPU and non-GPU sizes"
                ));
            }
        }

        // The README states each file's row count; it must not drift from the file.
        let file = format!("`ec2-{region}.csv`");
        let stated = readme
            .lines()
            .find(|l| l.starts_with(&format!("| {file} |")))
            .and_then(|l| l.split('|').nth(2))
            .map(|n| n.trim().replace(',', ""))
            .and_then(|n| n.parse::<usize>().ok());
        if stated != Some(rows.len()) {
            errors.push(format!(
                "catalogue/README.md states {stated:?} rows for {file}, the file has {}",
                rows.len()
            ));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The bundled tables as runwhere loads them (the catalogue rows plus each table's own rows).
fn bundled() -> &'static runwhere::pricing::Catalog {
    static CATALOG: std::sync::OnceLock<runwhere::pricing::Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| runwhere::pricing::Catalog::bundled().unwrap())
}

fn compare(region: &str, i: &Instance, row: &Row) -> Vec<String> {
    let at = format!(
        "bundled {region} instance {:?} vs catalogue/ec2-{region}.csv",
        i.name
    );
    let mut errors = Vec::new();
    let num = |text: &str| text.parse::<f64>().ok();
    let mut check = |what: &str, ok: bool, bundled: String, csv: &str| {
        if !ok {
            errors.push(format!("{at}: {what} {bundled}, catalogue {csv:?}"));
        }
    };
    check(
        "hourly",
        Some(i.hourly) == num(&row.on_demand_usd),
        i.hourly.to_string(),
        &row.on_demand_usd,
    );
    check(
        "vcpu",
        Some(i.vcpu) == num(&row.vcpu),
        i.vcpu.to_string(),
        &row.vcpu,
    );
    check(
        "memory_gib",
        Some(i.memory_gib) == num(&row.memory_gib),
        i.memory_gib.to_string(),
        &row.memory_gib,
    );
    check(
        "gpus",
        Some(f64::from(i.gpus)) == num(&row.gpus),
        i.gpus.to_string(),
        &row.gpus,
    );
    check(
        "gpu_model",
        i.gpu_model.as_deref().unwrap_or_default() == row.gpu_model,
        format!("{:?}", i.gpu_model),
        &row.gpu_model,
    );
    check(
        "GPU type",
        i.is_gpu() == row.is_gpu(),
        i.is_gpu().to_string(),
        &row.gpus,
    );
    let arch = match i.arch {
        Arch::X86 => "x86_64",
        Arch::Arm => "arm64",
    };
    check("arch", arch == row.arch, arch.to_owned(), &row.arch);
    check(
        "generation",
        i.current == (row.generation == "current"),
        i.current.to_string(),
        &row.generation,
    );
    check(
        "burst baseline",
        match (i.baseline, num(&row.burst_baseline_pct)) {
            (None, None) => true,
            (Some(b), Some(p)) => (b * 100.0 - p).abs() < 1e-9,
            _ => false,
        },
        format!("{:?}", i.baseline),
        &row.burst_baseline_pct,
    );
    check(
        "Spot",
        i.spot_hourly == num(&row.spot_usd_max),
        format!("{:?}", i.spot_hourly),
        &row.spot_usd_max,
    );
    errors
}

#[test]
fn every_bundled_instance_type_matches_the_catalogue_copy() {
    let mut errors = Vec::new();
    for region in REGIONS {
        let catalogue: BTreeMap<String, Row> = read_catalogue(region)
            .into_iter()
            .map(|(_, row)| (row.instance_type.clone(), row))
            .collect();
        let prices = bundled().region(region).unwrap();
        let by_name: BTreeMap<&str, &Instance> =
            prices.instances.iter().map(|i| (&*i.name, i)).collect();
        // Every catalogue row is a bundled instance type, priced and specified exactly as the row.
        for (name, row) in &catalogue {
            match by_name.get(name.as_str()) {
                Some(i) => errors.extend(compare(region, i, row)),
                None => errors.push(format!(
                    "catalogue/ec2-{region}.csv: {name} is not a bundled {region} instance type"
                )),
            }
        }
        // A bundled type the catalogue lacks is one of the table's own rows, and us-east-1's
        // catalogue holds every type AWS prices there, so it lacks none.
        for i in prices.instances.iter() {
            if catalogue.contains_key(&*i.name) {
                continue;
            }
            let own = prices.full_table().ec2.instances.get(&*i.name);
            if region == "us-east-1" || own.is_none_or(|r| !r.origin.is_empty()) {
                errors.push(format!(
                    "bundled {region} type {} is not in catalogue/ec2-{region}.csv",
                    i.name
                ));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn a_changed_price_is_caught() {
    // The comparison itself must be able to fail: a bundled price one tenth of a cent off.
    let region = "us-east-1";
    let catalogue: BTreeMap<String, Row> = read_catalogue(region)
        .into_iter()
        .map(|(_, row)| (row.instance_type.clone(), row))
        .collect();
    let mut i = bundled().region(region).unwrap().instances[0].clone();
    assert!(compare(region, &i, &catalogue[&*i.name]).is_empty());
    i.hourly += 0.001;
    let errors = compare(region, &i, &catalogue[&*i.name]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("hourly"), "{errors:?}");
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Issue 14: the 64-vCPU / 256 GB nightly ETL was placed on an 8-GPU p4d.24xlarge. With the whole
/// catalogue it runs on a general-purpose or memory-optimised type, at that type's list price.
#[test]
fn the_nightly_etl_gets_a_general_or_memory_type_at_its_list_price() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "etl.toml",
        "version = 1\nname = \"nightly-etl\"\nregion = \"us-east-1\"\n[shape]\nkind = \"scheduled\"\n[resources]\nvcpu = 64\nmemory_gb = 256\n[jobs]\nruns_per_month = 30\nduration_min = 120\n",
    );
    let run = crate::support::Test::new()
        .args(["recommend", "--format", "json"])
        .arg_path(&file)
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let catalogue: BTreeMap<String, Row> = read_catalogue("us-east-1")
        .into_iter()
        .map(|(_, row)| (row.instance_type.clone(), row))
        .collect();
    let prices = bundled().region("us-east-1").unwrap();
    let mut priced_on_ec2 = 0;
    for s in doc["services"].as_array().unwrap() {
        let Some(items) = s["line_items"].as_array() else {
            continue;
        };
        for item in items {
            let name = item["item"].as_str().unwrap();
            let Some(instance) = name
                .strip_prefix("EC2 ")
                .or_else(|| name.strip_prefix("Beanstalk EC2 "))
                .map(|n| n.trim_end_matches(" nodes"))
            else {
                continue;
            };
            priced_on_ec2 += 1;
            let row = &catalogue[instance];
            // 64 vCPU and 256 GB + 0.5 GiB for the OS: memory-optimised r6g.16xlarge (64 vCPU,
            // 512 GiB, $3.2256) on ARM; a general-purpose type with 256 GiB would leave no room.
            let family = &prices.full_table().ec2.instances[instance].family;
            assert!(
                family == "general" || family == "memory",
                "{}: {instance} is {family}",
                s["service"]
            );
            assert!(!row.is_gpu(), "{}: {instance} is a GPU type", s["service"]);
            assert_eq!(
                item["unit_price_usd"].as_f64(),
                row.on_demand_usd.parse::<f64>().ok(),
                "{}: {instance} at its list price",
                s["service"]
            );
        }
    }
    assert!(priced_on_ec2 >= 3, "{}", run.stdout);
    assert_eq!(doc["recommendation"], "batch");
    let batch = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == "batch")
        .unwrap();
    // 30 runs × 2 h = 60 job-hours, one run at a time: 60 × $3.2256 = $193.536 → $193.54.
    assert_eq!(batch["line_items"][0]["item"], "EC2 r6g.16xlarge nodes");
    assert_eq!(batch["line_items"][0]["monthly_usd"], 193.54);
}

/// Issue 13 acceptance 3: over `resources.avg_cpu_utilization`, a 2 vCPU / 4 GB worker on `ec2`
/// moves from a burstable type to a non-burstable one where the surplus credits make it dearer.
///
/// By hand (us-east-1, ARM; `packaging = "vm"` leaves `ec2` the only service; no interface, no
/// load balancer): one VM needs 2 vCPU and 4 + 0.5 GiB.
/// - t4g.large: 2 vCPU, 8 GiB, $0.0672, baseline 30 % × 2 = 0.6 vCPU; 2u vCPU busy, so above
///   u = 0.3 it pays (2u − 0.6) × $0.04 a VM-hour: $0.0432 + $0.08u.
/// - m6g.large: 2 vCPU, 8 GiB, $0.077, no credits (the cheapest non-burstable type that fits).
/// - They meet at u = (0.077 − 0.0432) ÷ 0.08 = 0.4225.
#[test]
fn surplus_credits_make_a_non_burstable_type_cheaper_past_the_breakeven() {
    let file = crate::support::root().join("tests/fixtures/workloads/valid/burstable-worker.toml");
    let run = crate::support::Test::new()
        .args(["breakeven"])
        .arg_path(&file)
        .args([
            "--vary",
            "resources.avg_cpu_utilization",
            "--format",
            "json",
        ])
        .run()
        .success();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let switches = doc["instance_switches"].as_array().unwrap();
    assert_eq!(switches.len(), 1, "{}", run.stdout);
    let s = &switches[0];
    assert_eq!(s["service"], "ec2");
    assert_eq!(s["instance_below"], "t4g.large");
    assert_eq!(s["instance_above"], "m6g.large");
    let expected = (0.077 - 0.0432) / 0.08;
    let x = s["x"].as_f64().unwrap();
    assert!(
        (x - expected).abs() / expected < 0.001,
        "switch at {x}, by hand {expected}"
    );
    // The cost stops rising there: at u = 0 and u = 0.3, 730 × $0.0672; from 0.4225 on, 730 ×
    // $0.077 (the difference is the same whatever else the workload pays).
    let cost_at = |u: f64| {
        let p = doc["points"]
            .as_array()
            .unwrap()
            .iter()
            .min_by(|a, b| {
                (a["x"].as_f64().unwrap() - u)
                    .abs()
                    .total_cmp(&(b["x"].as_f64().unwrap() - u).abs())
            })
            .unwrap();
        p["costs"]["ec2"].as_f64().unwrap()
    };
    let (low, high) = (cost_at(0.0), cost_at(1.0));
    assert!(
        ((high - low) - 730.0 * (0.077 - 0.0672)).abs() < 0.011,
        "{low} → {high}"
    );
}
