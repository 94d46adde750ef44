//! The repository's copy of the EC2 catalogue data (`catalogue/`): every file well-formed, every
//! row's sources named in `catalogue/README.md`, and every instance type in the bundled pricing
//! tables (`pricing/*.toml`, `[ec2.instances]`) priced and specified exactly as the catalogue row
//! it came from. Reads only files in the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

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

/// `hourly`, `vcpu`, ... of one `[ec2.instances]` entry, as the bundled TOML writes them.
fn bundled_instances(region: &str) -> Vec<(String, toml::Table)> {
    let path = root().join("pricing").join(format!("{region}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let instances = table["ec2"]["instances"].as_table().unwrap();
    instances
        .iter()
        .map(|(name, value)| (name.clone(), value.as_table().unwrap().clone()))
        .collect()
}

fn number(value: Option<&toml::Value>) -> Option<f64> {
    match value? {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn compare(region: &str, name: &str, bundled: &toml::Table, row: &Row) -> Vec<String> {
    let at =
        format!("pricing/{region}.toml [ec2.instances] {name:?} vs catalogue/ec2-{region}.csv");
    let mut errors = Vec::new();
    let catalogue_number = |text: &str| text.parse::<f64>().ok();
    // A bundled type whose price no source gives says `missing = "..."` instead of `hourly`.
    if bundled.contains_key("hourly") || !bundled.contains_key("missing") {
        let hourly = number(bundled.get("hourly"));
        if hourly != catalogue_number(&row.on_demand_usd) {
            errors.push(format!(
                "{at}: hourly {hourly:?}, catalogue {}",
                row.on_demand_usd
            ));
        }
    }
    for (key, column) in [
        ("vcpu", &row.vcpu),
        ("memory_gib", &row.memory_gib),
        ("gpus", &row.gpus),
    ] {
        let value = number(bundled.get(key));
        if value != catalogue_number(column) {
            errors.push(format!("{at}: {key} {value:?}, catalogue {column}"));
        }
    }
    let model = bundled
        .get("gpu_model")
        .and_then(toml::Value::as_str)
        .unwrap_or_default();
    if model != row.gpu_model {
        errors.push(format!(
            "{at}: gpu_model {model:?}, catalogue {:?}",
            row.gpu_model
        ));
    }
    let arch = match bundled.get("arch").and_then(toml::Value::as_str) {
        Some("x86") => "x86_64",
        Some("arm") => "arm64",
        other => other.unwrap_or_default(),
    };
    if arch != row.arch {
        errors.push(format!("{at}: arch {arch:?}, catalogue {:?}", row.arch));
    }
    let family = bundled
        .get("family")
        .and_then(toml::Value::as_str)
        .unwrap_or_default();
    if (family == "gpu") != row.is_gpu() {
        errors.push(format!(
            "{at}: family {family:?} but the catalogue's GPU flag is {}",
            row.is_gpu()
        ));
    }
    let has_baseline = !row.burst_baseline_pct.is_empty();
    if (family == "burstable") != has_baseline {
        errors.push(format!(
            "{at}: family {family:?} but the catalogue's burst baseline is {:?}",
            row.burst_baseline_pct
        ));
    }
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
        let bundled = bundled_instances(region);
        assert!(
            !bundled.is_empty(),
            "pricing/{region}.toml has no [ec2.instances]"
        );
        let mut compared = 0;
        for (name, instance) in &bundled {
            match catalogue.get(name) {
                Some(row) => {
                    compared += 1;
                    errors.extend(compare(region, name, instance, row));
                }
                // us-east-1's catalogue holds every type AWS prices there, so every bundled
                // us-east-1 type must be in it; elsewhere the catalogue holds what sources give.
                None if region == "us-east-1" => {
                    errors.push(format!(
                        "pricing/us-east-1.toml: {name} is not in catalogue/ec2-us-east-1.csv"
                    ));
                }
                None => {}
            }
        }
        assert!(
            compared > 0,
            "no bundled {region} type has a catalogue row to be checked against"
        );
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
    let (name, mut instance) = bundled_instances(region)
        .into_iter()
        .find(|(_, i)| i.contains_key("hourly"))
        .unwrap();
    let hourly = number(instance.get("hourly")).unwrap();
    instance.insert("hourly".into(), toml::Value::Float(hourly + 0.001));
    let errors = compare(region, &name, &instance, &catalogue[&name]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("hourly"), "{errors:?}");
}
