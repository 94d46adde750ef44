//! Loading price tables: the bundled ones embedded in the binary, or every `*.toml` in a directory.
//!
//! Both go through the same two passes: serde with unknown keys denied, then [`validate`], which
//! collects every problem (absent prices not listed as missing, non-positive prices, unknown source
//! ids, instances without specs) with file, line and column.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Discount, PriceTable, Prices, Tier, catalogue};
use crate::error::{Error, Result};
use crate::input::data::{BundledFile, DataSource, Document};
use crate::input::diagnostic::{Diagnostic, Diagnostics, one_of};
use crate::input::source::{Limit, SourceFile};

/// The tables shipped with runwhere, by the path a user sees in the repository.
const BUNDLED: &[BundledFile] = &[
    (
        "pricing/us-east-1.toml",
        include_str!("../../pricing/us-east-1.toml"),
    ),
    (
        "pricing/eu-west-1.toml",
        include_str!("../../pricing/eu-west-1.toml"),
    ),
    (
        "pricing/ap-northeast-1.toml",
        include_str!("../../pricing/ap-northeast-1.toml"),
    ),
];

/// The EC2 catalogues the bundled tables take their instance types from (`catalogue/README.md`).
const BUNDLED_CATALOGUES: &[BundledFile] = &[
    (
        "catalogue/ec2-us-east-1.csv",
        include_str!("../../catalogue/ec2-us-east-1.csv"),
    ),
    (
        "catalogue/ec2-eu-west-1.csv",
        include_str!("../../catalogue/ec2-eu-west-1.csv"),
    ),
    (
        "catalogue/ec2-ap-northeast-1.csv",
        include_str!("../../catalogue/ec2-ap-northeast-1.csv"),
    ),
];

/// The bundled catalogues' names and text.
pub fn bundled_catalogues() -> &'static [BundledFile] {
    BUNDLED_CATALOGUES
}

/// Where a table's `[ec2] catalogue` path points: a bundled table's to the bundled catalogue of
/// that file name, a directory's to a file relative to the directory.
#[derive(Debug, Clone)]
enum Catalogues {
    Bundled,
    Dir(std::path::PathBuf),
}

impl Catalogues {
    fn read(&self, path: &str) -> std::result::Result<SourceFile, String> {
        match self {
            Self::Bundled => {
                let file = Path::new(path).file_name().and_then(|f| f.to_str());
                BUNDLED_CATALOGUES
                    .iter()
                    .find(|(n, _)| Path::new(n).file_name().and_then(|f| f.to_str()) == file)
                    .map(|(n, text)| SourceFile::new(*n, *text))
                    .ok_or_else(|| "no bundled catalogue has that name".to_owned())
            }
            Self::Dir(dir) => {
                SourceFile::read_limited(&dir.join(path), Limit::PRICING).map_err(|e| e.to_string())
            }
        }
    }
}

/// The bundled catalogue of `region`, if there is one (tests).
#[cfg(test)]
fn bundled_catalogue(region: &str) -> Option<SourceFile> {
    let name = format!("catalogue/{}", catalogue::file_name(region));
    BUNDLED_CATALOGUES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| SourceFile::new(*n, *text))
}

/// The price tables available to one run, by region.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Each region's table, parsed and checked when first asked for (bundled tables), or up front
    /// (a `--pricing-dir`, so that every problem in it is reported at once).
    tables: BTreeMap<String, Lazy>,
    /// Where the tables came from, for messages: `bundled` or the directory.
    origin: String,
}

impl Catalog {
    /// The tables embedded in the binary.
    ///
    /// # Errors
    /// Only if a bundled table is broken, which the test suite rules out.
    pub fn bundled() -> Result<Self> {
        // Only the region a run uses is decoded (from its compiled form, see `bundled_table`);
        // the test suite checks every bundled table.
        let tables = BUNDLED
            .iter()
            .map(|file| (region_of(file.0), Lazy::new(*file)))
            .collect();
        Ok(Self {
            tables,
            origin: DataSource::Bundled(BUNDLED).origin(),
        })
    }

    /// Every `*.toml` in `dir`, instead of the bundled tables.
    ///
    /// # Errors
    /// A file that cannot be read, a table with problems (all reported), or a directory without tables.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let data = DataSource::Dir(dir.to_path_buf());
        let sources = data.files(Limit::PRICING, |dir| Error::NoPricingTables { dir })?;
        Self::from_sources(sources, &Catalogues::Dir(dir.to_path_buf()), data.origin())
    }

    /// One table file, its catalogue read relative to the file's directory.
    ///
    /// # Errors
    /// A file that cannot be read, or a table with problems (all reported).
    pub fn from_file(path: &Path) -> Result<Self> {
        let source = SourceFile::read_limited(path, Limit::PRICING)?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Self::from_sources(
            [source],
            &Catalogues::Dir(dir.to_path_buf()),
            path.display().to_string(),
        )
    }

    fn from_sources(
        sources: impl IntoIterator<Item = SourceFile>,
        catalogues: &Catalogues,
        origin: String,
    ) -> Result<Self> {
        let mut tables = BTreeMap::new();
        let mut diags = Diagnostics::default();
        for source in sources {
            match parse_table(&source, catalogues) {
                Ok(table) => {
                    tables.insert(table.region.clone(), Lazy::parsed(Prices::new(table)));
                }
                Err(mut d) => diags.0.append(&mut d.0),
            }
        }
        if diags.is_empty() {
            Ok(Self { tables, origin })
        } else {
            Err(Error::Invalid(diags))
        }
    }

    pub fn regions(&self) -> Vec<&str> {
        self.tables.keys().map(String::as_str).collect()
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn get(&self, region: &str) -> Option<&Prices> {
        self.tables.get(region).and_then(|t| t.get().ok())
    }

    /// The table for `region`, or an error listing the regions there are.
    ///
    /// # Errors
    /// [`Error::UnknownRegion`] with a did-you-mean, or the commands that build the region's table.
    pub fn region(&self, region: &str) -> Result<&Prices> {
        let table = self.tables.get(region).ok_or_else(|| {
            let suggestion =
                crate::input::diagnostic::suggest(region, self.regions()).map(str::to_owned);
            let build = if suggestion.is_none() {
                super::import::build_commands(region)
            } else {
                Vec::new()
            };
            Error::UnknownRegion {
                region: region.to_owned(),
                origin: self.origin.clone(),
                available: self.tables.keys().cloned().collect(),
                suggestion,
                build,
            }
        })?;
        table.get().map_err(|d| Error::Invalid(d.clone()))
    }
}

/// The region a table's file is named after: `pricing/us-east-1.toml` is `us-east-1`.
fn region_of(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// The name of a bundled region's compiled table in `compiled/`.
fn compiled_name(region: &str) -> String {
    format!("pricing-{region}")
}

/// A bundled table: its compiled form when that was made from the bundled files this binary
/// holds, else (a stale `compiled/`, while it is being regenerated) the TOML, parsed and checked.
fn bundled_table(file: BundledFile) -> Result<PriceTable, Diagnostics> {
    match crate::input::compiled::decode(&compiled_name(&region_of(file.0))) {
        Some(table) => Ok(table),
        None => parse_bundled(file),
    }
}

/// A bundled table from its TOML: what its compiled form holds.
fn parse_bundled((name, text): BundledFile) -> Result<PriceTable, Diagnostics> {
    parse_table(&SourceFile::new(name, text), &Catalogues::Bundled)
}

/// A table loaded on first use. Boxed once loaded: a catalogue of regions not yet loaded is a
/// few words each, which building its map moves around.
#[derive(Debug, Clone)]
struct Lazy {
    source: Option<BundledFile>,
    parsed: std::sync::OnceLock<Box<std::result::Result<Prices, Diagnostics>>>,
}

impl Lazy {
    fn new(source: BundledFile) -> Self {
        Self {
            source: Some(source),
            parsed: std::sync::OnceLock::new(),
        }
    }

    fn parsed(prices: Prices) -> Self {
        let parsed = std::sync::OnceLock::new();
        let _ = parsed.set(Box::new(Ok(prices)));
        Self {
            source: None,
            parsed,
        }
    }

    fn get(&self) -> std::result::Result<&Prices, &Diagnostics> {
        self.parsed
            .get_or_init(|| {
                Box::new(match &self.source {
                    Some(file) => bundled_prices(*file),
                    None => Err(Diagnostics::default()),
                })
            })
            .as_ref()
            .as_ref()
    }
}

/// The name of a bundled region's compiled head (the table without its instance rows).
fn head_name(region: &str) -> String {
    format!("pricing-{region}-head")
}

/// A bundled region ready for the cost models: its compiled head and static instance types when
/// they were made from the bundled files this binary holds, else its table, decoded or parsed.
fn bundled_prices(file: BundledFile) -> Result<Prices, Diagnostics> {
    let region = region_of(file.0);
    let compiled = super::compiled::region(&region).zip(crate::input::compiled::decode::<
        super::Head,
    >(&head_name(&region)));
    match compiled {
        Some((data, head)) => Ok(Prices::compiled(head, data, Full::bundled(file))),
        None => bundled_table(file).map(Prices::new),
    }
}

/// A table as its file gives it, instance rows included: at hand for a table read from files,
/// decoded on first use for a bundled one (a run that only prices never needs it).
#[derive(Debug, Clone)]
pub(super) struct Full {
    source: Option<BundledFile>,
    table: std::sync::OnceLock<Option<PriceTable>>,
}

impl Full {
    pub(super) fn loaded(table: PriceTable) -> Self {
        Self {
            source: None,
            table: std::sync::OnceLock::from(Some(table)),
        }
    }

    fn bundled(file: BundledFile) -> Self {
        Self {
            source: Some(file),
            table: std::sync::OnceLock::new(),
        }
    }

    /// The table; `None` only if a bundled table failed to load, which cannot happen once its
    /// head has (both were made from the same checked files, and the test suite loads each).
    pub(super) fn get(&self) -> Option<&PriceTable> {
        self.table
            .get_or_init(|| self.source.and_then(|file| bundled_table(file).ok()))
            .as_ref()
    }
}

/// The families an instance type may have.
const FAMILIES: &[&str] = &[
    "burstable",
    "general",
    "compute",
    "memory",
    "storage",
    "gpu",
    "accelerator",
];

/// The highest price runwhere accepts for any unit (an hour, a GB-second, a million requests):
/// the dearest real price is a few hundred dollars an hour; this leaves room and keeps every sum
/// of a month's costs far from overflowing.
pub(super) const MAX_PRICE_USD: f64 = 1_000_000.0;
/// The highest `up_to` bound of a price tier (in the tier's unit).
pub(super) const MAX_TIER_BOUND: f64 = 1e15;
/// The largest instance type runwhere accepts: vCPUs, memory in GiB, GPUs.
pub(super) const MAX_INSTANCE_VCPU: f64 = 4096.0;
pub(super) const MAX_INSTANCE_MEMORY_GIB: f64 = 65_536.0;
pub(super) const MAX_INSTANCE_GPUS: u32 = 64;

/// A price: finite, above 0, at most [`MAX_PRICE_USD`] (`inf`, `nan` and 1e308 are not).
fn price_ok(v: f64) -> bool {
    v.is_finite() && v > 0.0 && v <= MAX_PRICE_USD
}

/// Parses and validates one table, with the instance types of its catalogue when it names one.
fn parse_table(source: &SourceFile, catalogues: &Catalogues) -> Result<PriceTable, Diagnostics> {
    let doc = Document::parse(source)?;
    let mut table: PriceTable = doc.value()?;
    let mut v = Validator {
        source,
        doc,
        diags: Diagnostics::default(),
    };
    let listed = match table
        .ec2
        .catalogue
        .as_deref()
        .map(|p| (p, catalogues.read(p)))
    {
        Some((_, Ok(csv))) => match catalogue::parse(&csv) {
            Ok(rows) => rows,
            Err(mut d) => {
                v.diags.0.append(&mut d.0);
                BTreeMap::new()
            }
        },
        Some((path, Err(why))) => {
            v.error(
                &["ec2", "catalogue"],
                format!("cannot read the catalogue `{path}`: {why}"),
                Some("give the path of an EC2 catalogue CSV relative to this table's directory, in the format of catalogue/ec2-<region>.csv".to_owned()),
            );
            BTreeMap::new()
        }
        None => BTreeMap::new(),
    };
    v.validate(&table, table.ec2.catalogue.is_some());
    for (name, row) in listed {
        match table.ec2.instances.entry(name) {
            std::collections::btree_map::Entry::Occupied(e) => {
                let name = e.key().clone();
                v.error(
                    &["ec2", "instances", name.as_str()],
                    format!("instance `{name}` is also in {}", row.origin),
                    Some(
                        "list each instance type once: remove it here or from the catalogue"
                            .to_owned(),
                    ),
                );
            }
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(row);
            }
        }
    }
    if v.diags.is_empty() {
        Ok(table)
    } else {
        v.diags.sort();
        Err(v.diags)
    }
}

struct Validator<'a> {
    source: &'a SourceFile,
    /// The document the table was read from, for the spans of problems.
    doc: Document<'a>,
    diags: Diagnostics,
}

impl Validator<'_> {
    fn error(&mut self, path: &[&str], message: String, help: Option<String>) {
        let span = self.doc.span(path);
        self.diags
            .push(Diagnostic::new(self.source, span, message).with_optional_help(help));
    }

    fn validate(&mut self, t: &PriceTable, has_catalogue: bool) {
        if t.schema != 1 {
            self.error(
                &["schema"],
                format!("unsupported pricing schema `{}`", t.schema),
                Some("this runwhere reads `schema = 1`".to_owned()),
            );
        }
        let stem = Path::new(self.source.name())
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if t.region != stem {
            self.error(
                &["region"],
                format!(
                    "region `{}` does not match the file name `{stem}.toml`",
                    t.region
                ),
                Some(format!("name the file `{}.toml`", t.region)),
            );
        }
        if !is_date(&t.as_of) {
            self.error(
                &["as_of"],
                format!("`as_of` is `{}`, not a date", t.as_of),
                Some("write it as YYYY-MM-DD".to_owned()),
            );
        }

        let f = &t.fargate;
        self.section("fargate", &f.source, &f.missing, t, &f.prices());
        let l = &t.lambda;
        self.section("lambda", &l.source, &l.missing, t, &l.prices());
        self.tiers("lambda", "x86_gb_second", &l.x86_gb_second, &l.missing);
        self.tiers("lambda", "arm_gb_second", &l.arm_gb_second, &l.missing);
        let a = &t.app_runner;
        self.section("app_runner", &a.source, &a.missing, t, &a.prices());
        let e = &t.eks;
        self.section("eks", &e.source, &e.missing, t, &e.prices());
        let lb = &t.load_balancer;
        self.section("load_balancer", &lb.source, &lb.missing, t, &lb.prices());
        let g = &t.api_gateway;
        self.section("api_gateway", &g.source, &g.missing, t, &g.prices());
        self.tiers(
            "api_gateway",
            "http_per_million",
            &g.http_per_million,
            &g.missing,
        );
        self.tiers(
            "api_gateway",
            "websocket_messages_per_million",
            &g.websocket_messages_per_million,
            &g.missing,
        );
        let n = &t.network;
        self.section("network", &n.source, &n.missing, t, &n.prices());
        self.tiers(
            "network",
            "data_transfer_out_gb",
            &n.data_transfer_out_gb,
            &n.missing,
        );
        let b = &t.ebs;
        self.section("ebs", &b.source, &b.missing, t, &b.prices());
        let s = &t.spot;
        let spot_ok = s
            .ec2
            .as_ref()
            .map(|x| price_ok(x.spot) && price_ok(x.on_demand) && x.spot < x.on_demand);
        self.section("spot", &s.source, &s.missing, t, &[]);
        self.present(
            "spot",
            "ec2",
            spot_ok,
            &s.missing,
            "a Spot price below its On-Demand price",
        );
        let sp = &t.savings_plan;
        self.section("savings_plan", &sp.source, &sp.missing, t, &[]);
        for (key, d) in sp.entries() {
            self.present(
                "savings_plan",
                key,
                d.map(discount_ok),
                &sp.missing,
                "either `on_demand` and a lower `rate`, or a `discount` between 0 and 1",
            );
        }
        self.section("ec2", &t.ec2.source, &t.ec2.missing, t, &t.ec2.prices());
        self.instances(t, has_catalogue);
    }

    /// Sources exist; every listed price is positive or listed as missing (not both).
    fn section(
        &mut self,
        name: &str,
        source: &[String],
        missing: &BTreeMap<String, String>,
        t: &PriceTable,
        prices: &[(&str, Option<f64>)],
    ) {
        if source.is_empty() {
            self.error(
                &[name, "source"],
                format!("[{name}] cites no source"),
                Some("list the ids of [sources] it comes from".to_owned()),
            );
        }
        for id in source {
            if !t.sources.contains_key(id) {
                let known: Vec<&str> = t.sources.keys().map(String::as_str).collect();
                self.error(
                    &[name, "source"],
                    format!("[{name}] cites `{id}`, which is not in [sources]"),
                    Some(format!("known ids: {}", one_of(&known))),
                );
            }
        }
        for (key, value) in prices {
            self.present(
                name,
                key,
                value.map(price_ok),
                missing,
                "a positive number up to 1000000",
            );
        }
    }

    /// `ok` is `None` when the value is absent, else whether it is valid.
    fn present(
        &mut self,
        section: &str,
        key: &str,
        ok: Option<bool>,
        missing: &BTreeMap<String, String>,
        what: &str,
    ) {
        match (ok, missing.get(key)) {
            (Some(true), None) => {}
            (Some(false), _) => self.error(
                &[section, key],
                format!("`{section}.{key}` must be {what}"),
                None,
            ),
            (Some(true), Some(_)) => self.error(
                &[section, "missing", key],
                format!("`{section}.{key}` is both given and listed as missing"),
                Some("remove one of them".to_owned()),
            ),
            (None, Some(reason)) if reason.trim().is_empty() => self.error(
                &[section, "missing", key],
                format!("`{section}.missing.{key}` gives no reason"),
                Some("say why no source gives this price".to_owned()),
            ),
            (None, Some(_)) => {}
            (None, None) => self.error(
                &[section],
                format!("[{section}] has no `{key}`"),
                Some(format!(
                    "give the price, or add `{key} = \"reason\"` under [{section}.missing]"
                )),
            ),
        }
    }

    fn tiers(
        &mut self,
        section: &str,
        key: &str,
        tiers: &[Tier],
        missing: &BTreeMap<String, String>,
    ) {
        if tiers.is_empty() {
            self.present(section, key, None, missing, "");
            return;
        }
        self.present(section, key, Some(true), missing, "");
        let mut last = 0.0;
        for (i, tier) in tiers.iter().enumerate() {
            let is_last = i + 1 == tiers.len();
            let bound_ok = match tier.up_to {
                Some(up) => !is_last && up > last && up <= MAX_TIER_BOUND,
                None => is_last,
            };
            if !bound_ok || !price_ok(tier.price) {
                self.error(&[section, key], format!("`{section}.{key}` tier {} is invalid", i + 1), Some("tiers need prices above 0 and up to 1000000, and rising `up_to` bounds up to 1e15; only the last has no `up_to`".to_owned()));
                return;
            }
            last = tier.up_to.unwrap_or(last);
        }
    }

    fn instances(&mut self, t: &PriceTable, has_catalogue: bool) {
        if t.ec2.instances.is_empty() && !has_catalogue {
            let csv = catalogue::file_name(&t.region);
            self.error(
                &["ec2"],
                "[ec2.instances] lists no instance types and [ec2] names no `catalogue`".to_owned(),
                Some(format!("list them under [ec2.instances], or add `catalogue = \"{csv}\"` under [ec2] with that file (the format of catalogue/{csv}) in this table's directory")),
            );
        }
        for (name, row) in &t.ec2.instances {
            let path = ["ec2", "instances", name.as_str()];
            if !FAMILIES.contains(&row.family.as_str()) {
                self.error(
                    &path,
                    format!("instance `{name}` has family `{}`", row.family),
                    Some(format!("expected {}", one_of(FAMILIES))),
                );
            }
            if let Some(g) = &row.generation
                && !["current", "previous"].contains(&g.as_str())
            {
                self.error(
                    &path,
                    format!("instance `{name}` has generation `{g}`"),
                    Some("expected `current` or `previous`".to_owned()),
                );
            }
            let baseline_ok = row
                .burst_baseline_pct
                .is_none_or(|b| b.is_finite() && b > 0.0 && b <= 100.0);
            if !baseline_ok || (row.family == "burstable") != row.burst_baseline_pct.is_some() {
                self.error(
                    &path,
                    format!("instance `{name}`: family `burstable` and `burst_baseline_pct` go together"),
                    Some("a burstable type gives its baseline CPU utilisation per vCPU, in percent (above 0, up to 100)".to_owned()),
                );
            }
            if row.spot_hourly.is_some_and(|s| !price_ok(s)) {
                self.error(
                    &path,
                    format!("instance `{name}` has a `spot_hourly` price out of range"),
                    Some("a price above 0 and up to 1000000".to_owned()),
                );
            }
            if !["x86", "arm"].contains(&row.arch.as_str()) {
                self.error(
                    &path,
                    format!("instance `{name}` has arch `{}`", row.arch),
                    Some("expected `x86` or `arm`".to_owned()),
                );
            }
            if !(row.vcpu > 0.0
                && row.vcpu <= MAX_INSTANCE_VCPU
                && row.memory_gib > 0.0
                && row.memory_gib <= MAX_INSTANCE_MEMORY_GIB
                && row.gpus <= MAX_INSTANCE_GPUS)
            {
                self.error(
                    &path,
                    format!("instance `{name}` needs positive `vcpu` and `memory_gib`"),
                    Some("at most 4096 vCPUs, 65536 GiB of memory and 64 GPUs".to_owned()),
                );
            }
            if (row.family == "gpu") != (row.gpus > 0 || row.gpu_model.is_some()) {
                self.error(
                    &path,
                    format!("instance `{name}`: family `gpu` goes with GPUs or a `gpu_model`"),
                    None,
                );
            }
            match (row.hourly, &row.missing) {
                (Some(h), None) if price_ok(h) => {}
                (None, Some(reason)) if !reason.trim().is_empty() => {}
                (Some(_), Some(_)) => self.error(
                    &path,
                    format!("instance `{name}` has both `hourly` and `missing`"),
                    None,
                ),
                (Some(_), None) => self.error(
                    &path,
                    format!("instance `{name}` has an `hourly` price out of range"),
                    Some("a price above 0 and up to 1000000".to_owned()),
                ),
                (None, _) => self.error(
                    &path,
                    format!("instance `{name}` has no `hourly` price"),
                    Some("give it, or `missing = \"reason\"`".to_owned()),
                ),
            }
        }
    }
}

fn discount_ok(d: &Discount) -> bool {
    match (d.on_demand, d.rate, d.discount) {
        (Some(od), Some(rate), None) => price_ok(od) && price_ok(rate) && rate < od,
        (None, None, Some(x)) => x.is_finite() && x > 0.0 && x < 1.0,
        _ => false,
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The bundled tables' names and text, for tests and `--pricing-dir` users who want a copy.
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    BUNDLED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_table_loads_clean() {
        let catalog = Catalog::bundled().unwrap();
        assert_eq!(
            catalog.regions(),
            ["ap-northeast-1", "eu-west-1", "us-east-1"]
        );
        // Bundled tables are parsed on first use: parse and check each one here.
        for region in catalog.regions() {
            let prices = catalog
                .region(region)
                .unwrap_or_else(|e| panic!("{}", e.render()));
            assert_eq!(prices.region(), region);
        }
    }

    /// Issue 14: the compiled tables are exactly what the TOML gives, and are what the binary
    /// loads (`RUNWHERE_BLESS=1 cargo test --lib compiled_data` regenerates them).
    #[test]
    fn compiled_data_of_every_bundled_table_is_current() {
        let mut instances = Vec::new();
        let mut current = true;
        for file in BUNDLED {
            let table = parse_bundled(*file).unwrap_or_else(|d| panic!("{}", d.render()));
            let region = region_of(file.0);
            let name = compiled_name(&region);
            if crate::input::compiled::check(&name, &table) {
                assert!(crate::input::compiled::is_current(&name), "{name}");
                let loaded = bundled_table(*file).unwrap();
                assert_eq!(format!("{loaded:?}"), format!("{table:?}"), "{name}");
            }
            let (head, _, _) = super::super::Head::of(table.clone());
            current &= crate::input::compiled::check(&head_name(&region), &head);
            instances.push((region, Prices::new(table)));
        }
        let regions: Vec<(&str, &Prices)> =
            instances.iter().map(|(r, p)| (r.as_str(), p)).collect();
        current &= crate::input::compiled::check_source(
            "instances.rs",
            &super::super::compiled::render(&regions),
        );
        if current {
            // What a run loads is the static data and the head, and it is what parsing gives.
            for file in BUNDLED {
                let region = region_of(file.0);
                let parsed = Prices::new(parse_bundled(*file).unwrap());
                let compiled = bundled_prices(*file).unwrap();
                assert!(
                    matches!(compiled.instances, std::borrow::Cow::Borrowed(_)),
                    "{region}: the static instance types are used"
                );
                assert_eq!(compiled.instances, parsed.instances, "{region}");
                assert_eq!(
                    format!("{:?}", compiled.table),
                    format!("{:?}", parsed.table),
                    "{region}"
                );
                assert_eq!(
                    compiled.unpriced_instances, parsed.unpriced_instances,
                    "{region}"
                );
                assert_eq!(
                    format!("{:?}", compiled.full_table()),
                    format!("{:?}", parsed.full_table()),
                    "{region}"
                );
                for pool in super::super::Pool::all() {
                    assert!(matches!(
                        compiled.pools[pool.slot()].get(),
                        Some(std::borrow::Cow::Borrowed(_))
                    ));
                    let (a, b): (Vec<_>, Vec<_>) = (
                        compiled.candidates(pool).collect(),
                        parsed.candidates(pool).collect(),
                    );
                    assert_eq!(a, b, "{region} {pool:?}");
                    let (a, b): (Vec<_>, Vec<_>) = (
                        compiled.candidates_per_vcpu(pool).collect(),
                        parsed.candidates_per_vcpu(pool).collect(),
                    );
                    assert_eq!(a, b, "{region} {pool:?}");
                }
            }
        }
    }

    #[test]
    fn every_file_in_pricing_is_bundled() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/pricing");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("pricing/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| (*n).to_owned()).collect();
        bundled.sort();
        assert_eq!(on_disk, bundled);
    }

    #[test]
    fn every_region_takes_its_catalogue_and_covers_the_families() {
        let catalog = Catalog::bundled().unwrap();
        for region in catalog.regions() {
            let p = catalog.region(region).unwrap();
            let rows = catalogue::parse(&bundled_catalogue(region).unwrap()).unwrap();
            // Every catalogue row is an instance type of the table, with the catalogue's price.
            for (name, row) in &rows {
                let i = p.instances.iter().find(|i| &i.name == name);
                assert_eq!(i.map(|i| i.hourly), row.hourly, "{region} {name}");
            }
            assert!(p.instances.len() >= rows.len(), "{region}");
            for family in ["burstable", "general", "compute", "memory", "gpu"] {
                for arch in ["x86", "arm"] {
                    if family == "gpu" && arch == "arm" {
                        continue;
                    }
                    assert!(
                        p.full_table()
                            .ec2
                            .instances
                            .values()
                            .any(|r| r.family == family && r.arch == arch),
                        "{region}: {family} {arch}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_directory_table_reads_the_catalogue_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let (_, text) = BUNDLED[0];
        let table = text.replace(
            "catalogue = \"../catalogue/ec2-us-east-1.csv\"",
            "catalogue = \"ec2-us-east-1.csv\"",
        );
        assert!(table != text, "the bundled table names its catalogue");
        std::fs::write(dir.path().join("us-east-1.toml"), &table).unwrap();
        // The file is not there: an error naming the key, the path and what to do.
        let err = Catalog::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("us-east-1.toml:"), "{err}");
        assert!(
            err.contains("cannot read the catalogue `ec2-us-east-1.csv`"),
            "{err}"
        );
        let csv = "instance_type,on_demand_usd,spot_usd_min,spot_usd_max,spot_azs,vcpu,memory_gib,gpus,gpu_model,accelerator,arch,generation,burst_baseline_pct,local_nvme_gb,sources\n\
                   m7g.large,0.0816,,,,2,8,0,,,arm64,current,,0,K\n";
        std::fs::write(dir.path().join("ec2-us-east-1.csv"), csv).unwrap();
        let catalog = Catalog::from_dir(dir.path()).unwrap();
        let p = catalog.region("us-east-1").unwrap();
        assert_eq!(p.instances.len(), 1);
        assert_eq!(p.instances[0].name, "m7g.large");
        // A type both in the table and in its catalogue is an error naming both places.
        let both = format!(
            "{table}\"m7g.large\" = {{ family = \"general\", arch = \"arm\", vcpu = 2, memory_gib = 8, gpus = 0, hourly = 0.0816 }}\n"
        );
        std::fs::write(dir.path().join("us-east-1.toml"), both).unwrap();
        let err = Catalog::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("also in"), "{err}");
        assert!(err.contains("ec2-us-east-1.csv:2"), "{err}");
        // No catalogue and no rows: an error that says how to give them.
        let none = table.replace("catalogue = \"ec2-us-east-1.csv\"", "# none");
        std::fs::write(dir.path().join("us-east-1.toml"), none).unwrap();
        let err = Catalog::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("names no `catalogue`"), "{err}");
    }

    #[test]
    fn the_repository_pricing_directory_loads_as_a_pricing_dir() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/pricing");
        let catalog = Catalog::from_dir(Path::new(dir)).unwrap();
        let bundled = Catalog::bundled().unwrap();
        for region in bundled.regions() {
            assert_eq!(
                catalog.region(region).unwrap().instances,
                bundled.region(region).unwrap().instances
            );
        }
    }

    #[test]
    fn a_broken_copy_fails_with_locations() {
        let (name, text) = BUNDLED[0];
        let broken = text
            .replacen("x86_vcpu_hour = 0.04048", "x86_vcpu_hour = 0", 1)
            .replacen("cluster_hour = 0.10", "cluster_hourz = 0.10", 1);
        assert!(broken != text, "the edit applies");
        let err = Catalog::from_sources(
            [SourceFile::new(name, broken)],
            &Catalogues::Bundled,
            String::new(),
        )
        .unwrap_err();
        let Error::Invalid(d) = err else {
            panic!("{err}")
        };
        let text = d.to_string();
        assert!(text.contains("pricing/us-east-1.toml:"), "{text}");
        assert!(text.contains("cluster_hourz"), "{text}");
    }

    /// Issue 16: `inf`, `nan` and 1e308 passed `pricing check`, then hung or aborted renderers, and
    /// an infinite On-Demand figure in a Savings Plans entry priced EC2 at $0.00 an hour.
    #[test]
    fn every_number_is_finite_and_in_range() {
        let (name, text) = BUNDLED[0];
        let edits = [
            (
                "x86_vcpu_hour = 0.04048",
                "x86_vcpu_hour = inf",
                "`fargate.x86_vcpu_hour` must be",
            ),
            (
                "x86_vcpu_hour = 0.04048",
                "x86_vcpu_hour = nan",
                "`fargate.x86_vcpu_hour` must be",
            ),
            (
                "x86_vcpu_hour = 0.04048",
                "x86_vcpu_hour = 1e308",
                "`fargate.x86_vcpu_hour` must be",
            ),
            (
                "cluster_hour = 0.10",
                "cluster_hour = -inf",
                "`eks.cluster_hour` must be",
            ),
            (
                "{ price = 0.90 }",
                "{ price = inf }",
                "`api_gateway.http_per_million` tier 2",
            ),
            (
                "up_to = 10_240,",
                "up_to = 1e300,",
                "`network.data_transfer_out_gb` tier 1",
            ),
            (
                "on_demand = 0.0416, rate = 0.0300",
                "on_demand = inf, rate = 0.0300",
                "`savings_plan.ec2_1yr` must be",
            ),
            (
                "discount = 0.12 }\nlambda_3yr",
                "discount = nan }\nlambda_3yr",
                "`savings_plan.lambda_1yr` must be",
            ),
            (
                "gpus = 0, hourly = 0.0416",
                "gpus = 0, hourly = 1e308",
                "`m9.test` has an `hourly` price out of range",
            ),
            (
                "vcpu = 2, memory_gib = 4, gpus = 0, hourly = 0.0416",
                "vcpu = 2, memory_gib = inf, gpus = 0, hourly = 0.0416",
                "`m9.test` needs positive",
            ),
            (
                "x86_surplus_credit_vcpu_hour = 0.05",
                "x86_surplus_credit_vcpu_hour = inf",
                "`ec2.x86_surplus_credit_vcpu_hour` must be",
            ),
        ];
        // A table row of its own (the bundled table takes its types from the catalogue).
        let text = format!(
            "{text}\"m9.test\" = {{ family = \"general\", arch = \"x86\", vcpu = 2, memory_gib = 4, gpus = 0, hourly = 0.0416 }}\n"
        );
        for (from, to, expect) in edits {
            let broken = text.replacen(from, to, 1);
            assert!(broken != text, "the edit {from} applies");
            let err = Catalog::from_sources(
                [SourceFile::new(name, broken)],
                &Catalogues::Bundled,
                String::new(),
            )
            .unwrap_err();
            let shown = err.to_string();
            assert!(shown.contains(expect), "{to}: {shown}");
            assert!(shown.contains("pricing/us-east-1.toml:"), "{to}: {shown}");
        }
    }

    #[test]
    fn absent_prices_must_say_why() {
        let (name, text) = BUNDLED[0];
        // Drop a price without listing it as missing.
        let broken = text.replacen("arm_vcpu_hour = 0.03238", "", 1);
        assert!(broken != text, "the edit applies");
        let err = Catalog::from_sources(
            [SourceFile::new(name, broken)],
            &Catalogues::Bundled,
            String::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("[fargate] has no `arm_vcpu_hour`"),
            "{err}"
        );
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-07-20"));
        assert!(!is_date("2026-7-20"));
        assert!(!is_date("yesterday!!"));
    }
}
