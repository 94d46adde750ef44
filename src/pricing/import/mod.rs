//! `runwhere pricing import`: a pricing table built from AWS's public Price List offer files.
//!
//! The offer files (one JSON file per service and region, downloaded by the user) are streamed
//! ([`offer`]); the products the table needs are picked by the filters in [`filters`]; prices are
//! copied as exact decimals ([`decimal`]); the table is written in the bundled format ([`render`])
//! and checked by the same loader as every other table before it is returned.
//!
//! Spot and Savings Plans discounts, Fargate Spot and Savings Plans rates and App Runner's size limits are not in
//! the On-Demand offer files: they are carried over from runwhere's bundled table for the region
//! (and say so), or listed as missing. A price the cost models need that the offers do not give
//! fails the import; nothing is ever written as 0.

mod carry;
mod decimal;
// `runwhere pricing diff`: the changes between two tables.
pub mod diff;
mod filters;
mod offer;
mod offer_csv;
mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use filters::OFFERS;

use self::decimal::Decimal;
use self::filters::{Attr, FREE_TIER, MATCHERS, Need, ON_DEMAND, Selector, Shape, Target};
use self::offer::{Offer, Product};
use super::{Catalog, PriceTable};
pub use crate::error::ImportError;
use crate::error::{Error, Result};

/// Whether `name` is written like an AWS region code (`us-west-2`, `us-gov-east-1`,
/// `ap-southeast-7`): two letters, one or more words, a number.
pub fn is_region_code(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The commands that download `region`'s offer files (every one of [`OFFERS`]) and build its
/// pricing table with `runwhere pricing import`, as a user types them; none when `region` is not
/// written like a region code.
pub fn build_commands(region: &str) -> Vec<String> {
    if !is_region_code(region) {
        return Vec::new();
    }
    vec![
        format!("mkdir -p offers/{region}"),
        format!(
            "for code in {}; do curl -fSL -o offers/{region}/$code.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/$code/current/{region}/index.json; done",
            OFFERS.join(" ")
        ),
        format!(
            "runwhere pricing import --region {region} --offers offers/{region} -o my-pricing/"
        ),
        format!("runwhere recommend WORKLOAD --region {region} --pricing-dir my-pricing/"),
    ]
}

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub region: String,
    /// Keep every instance type of the offer instead of the ones runwhere's tables list.
    pub all_instances: bool,
}

/// The offer files found in a directory: `<offerCode>.json` (or `.csv`) for each of [`OFFERS`].
#[derive(Debug, Clone)]
pub struct OfferFiles {
    dir: PathBuf,
    files: Vec<(&'static str, PathBuf, u64)>,
}

impl OfferFiles {
    /// Finds the offer files in `dir`.
    ///
    /// # Errors
    /// [`Error::Read`] when `dir` cannot be listed.
    pub fn locate(dir: &Path) -> Result<Self> {
        std::fs::read_dir(dir).map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let files = OFFERS
            .iter()
            .filter_map(|code| {
                // JSON first; the CSV form of the same offer otherwise.
                ["json", "csv"].iter().find_map(|ext| {
                    let path = dir.join(format!("{code}.{ext}"));
                    let len = std::fs::metadata(&path).ok()?.len();
                    Some((*code, path, len))
                })
            })
            .collect();
        Ok(Self {
            dir: dir.to_path_buf(),
            files,
        })
    }

    /// Bytes to read, for a progress bar.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.2).sum()
    }

    fn get(&self, code: &str) -> Option<&PathBuf> {
        self.files.iter().find(|f| f.0 == code).map(|f| &f.1)
    }
}

/// A price (or tiers) taken from a product, with where it came from.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// A TOML number literal.
    Number(String),
    /// `(up_to, price)` TOML literals; the last has no `up_to`.
    Tiers(Vec<(Option<String>, String)>),
    /// An inline table literal (carried Spot and Savings Plans entries).
    Inline(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) value: Value,
    /// The comment after the value: the SKU and usagetype, or where it was carried from.
    pub(crate) note: String,
    /// The `[sources]` id it cites.
    pub(crate) source: String,
}

#[derive(Debug, Clone)]
pub(crate) struct InstanceEntry {
    pub(crate) name: String,
    pub(crate) family: String,
    pub(crate) arch: String,
    pub(crate) vcpu: String,
    pub(crate) memory_gib: String,
    pub(crate) gpus: u32,
    pub(crate) gpu_model: Option<String>,
    /// `previous` for a previous-generation type; `None` for current.
    pub(crate) previous: bool,
    /// Burstable types: baseline CPU utilisation per vCPU, percent (from the bundled catalogue).
    pub(crate) burst_baseline_pct: Option<f64>,
    /// The hourly price, or why it is missing.
    pub(crate) hourly: Result<String, String>,
    pub(crate) note: String,
}

/// Everything the renderer writes.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) region: String,
    pub(crate) name: String,
    pub(crate) as_of: String,
    pub(crate) sources: BTreeMap<String, String>,
    /// By `section.key`.
    pub(crate) values: BTreeMap<String, Entry>,
    /// By `section.key`: the reason.
    pub(crate) missing: BTreeMap<String, String>,
    pub(crate) instances: Vec<InstanceEntry>,
    /// Extra `source` ids per section (carried-over material).
    pub(crate) section_sources: BTreeMap<String, BTreeSet<String>>,
}

/// The imported table and what the user should hear about it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub region: String,
    /// The table, in the bundled format.
    pub text: String,
    pub as_of: String,
    /// `(offer code, version)` of each offer file read.
    pub offers: Vec<(String, String)>,
    pub instances_priced: usize,
    pub instances_listed: usize,
    /// With `--all-instances`: offer instance types of families runwhere does not model.
    pub instances_skipped: usize,
    /// Types of the bundled catalogue the offer file does not sell in the region (left out).
    pub catalogue_not_offered: usize,
    /// `section.key`s carried over from the bundled table.
    pub carried: Vec<String>,
    /// Where they were carried from (`pricing/us-east-1.toml`).
    pub carried_from: Option<String>,
    /// `(section.key, reason)`.
    pub missing: Vec<(String, String)>,
}

/// The id of the carried-over material in `[sources]`.
const CARRIED: &str = "CARRIED";

/// Imports the offer files for one region.
///
/// `progress` receives the bytes read so far across all files (of [`OfferFiles::total_bytes`]).
///
/// # Errors
/// [`ImportError`] for offer files that are absent, malformed, of the wrong service or region, or
/// that lack a price the cost models need; [`Error::Read`] when a file cannot be read.
pub fn import(
    options: &ImportOptions,
    files: &OfferFiles,
    progress: &dyn Fn(u64),
) -> Result<Imported> {
    let region = options.region.as_str();
    let bundled = Catalog::bundled()?;
    let base = bundled.get(region).map(|p| p.full_table());
    // Every table lists the same instance types; a new region takes the list from us-east-1.
    let list_table = base.or_else(|| bundled.get("us-east-1").map(|p| p.full_table()));

    check_files_present(files)?;

    let names: Vec<String> = list_table
        .map(|t| t.ec2.instances.keys().cloned().collect())
        .unwrap_or_default();
    let mut done = 0;
    let mut offers: Vec<Offer> = Vec::new();
    for (code, path, len) in &files.files {
        let selector = Selector {
            offer: code,
            region,
            instances: (!options.all_instances).then_some(names.as_slice()),
        };
        let before = done;
        let report = |n| progress(before + n);
        let offer = if path.extension().is_some_and(|e| e == "csv") {
            offer_csv::read_csv(path, code, &selector, &report)?
        } else {
            offer::read_json(path, code, &selector, &report)?
        };
        done += len;
        offers.push(offer);
    }

    let mut table = Table {
        region: region.to_owned(),
        name: String::new(),
        as_of: String::new(),
        sources: BTreeMap::new(),
        values: BTreeMap::new(),
        missing: BTreeMap::new(),
        instances: Vec::new(),
        section_sources: BTreeMap::new(),
    };
    let mut incomplete = Vec::new();
    for offer in &offers {
        let required = offer.code == "AmazonEC2"
            || MATCHERS
                .iter()
                .any(|m| m.offer == offer.code && m.need == Need::Required);
        if !offer.has_region && required {
            return Err(ImportError::RegionNotInOffer {
                path: offer.path.clone(),
                region: region.to_owned(),
                found: offer.regions.iter().cloned().collect(),
            }
            .into());
        }
        table
            .sources
            .insert(offer.code.clone(), source_text(offer, region));
        let date = date_of(&offer.publication_date).unwrap_or_default();
        if date > table.as_of.as_str() {
            date.clone_into(&mut table.as_of);
        }
    }

    prices(&offers, files, region, &mut table, &mut incomplete)?;
    let (priced, skipped, not_offered) =
        instances(&offers, list_table, options, &mut table, &mut incomplete)?;
    if !incomplete.is_empty() {
        return Err(ImportError::Incomplete {
            region: region.to_owned(),
            missing: incomplete,
        }
        .into());
    }
    table.name = offers
        .iter()
        .filter(|o| o.code == "AmazonEC2")
        .flat_map(|o| &o.products)
        .find_map(|p| p.attrs.get(Attr::Location).map(str::to_owned))
        .or_else(|| base.map(|b| b.name.clone()))
        .unwrap_or_else(|| region.to_owned());

    let carried_from = carry_over(base, list_table, region, &mut table);
    let text = render::render(&table);
    check(region, &text)?;

    let carried: Vec<String> = table
        .values
        .iter()
        .filter(|(_, e)| e.source == CARRIED)
        .map(|(k, _)| k.clone())
        .collect();
    let mut missing: Vec<(String, String)> = table.missing.clone().into_iter().collect();
    for i in &table.instances {
        if let Err(reason) = &i.hourly {
            missing.push((format!("ec2.instances.\"{}\"", i.name), reason.clone()));
        }
    }
    Ok(Imported {
        region: region.to_owned(),
        text,
        as_of: table.as_of.clone(),
        offers: offers
            .iter()
            .map(|o| (o.code.clone(), o.version.clone().unwrap_or_default()))
            .collect(),
        instances_priced: priced,
        instances_listed: table.instances.len(),
        instances_skipped: skipped,
        catalogue_not_offered: not_offered,
        carried,
        carried_from,
        missing,
    })
}

/// Every offer a required price comes from must be there before anything is read.
fn check_files_present(files: &OfferFiles) -> Result<()> {
    let mut absent: Vec<String> = Vec::new();
    let mut needed: Vec<String> = Vec::new();
    if files.get("AmazonEC2").is_none() {
        absent.push("AmazonEC2.json".to_owned());
        needed.push("`ec2.instances`".to_owned());
    }
    for m in MATCHERS {
        if m.need == Need::Required && files.get(m.offer).is_none() {
            let name = format!("{}.json", m.offer);
            if !absent.contains(&name) {
                absent.push(name);
            }
            needed.push(format!("`{}`", m.key));
        }
    }
    if absent.is_empty() {
        Ok(())
    } else {
        Err(ImportError::MissingFiles {
            dir: files.dir.clone(),
            files: absent,
            needed,
        }
        .into())
    }
}

fn source_text(offer: &Offer, region: &str) -> String {
    let version = offer.version.as_deref().unwrap_or("current");
    format!(
        "AWS Price List offer file {code} for {region}, version {version}, publicationDate {date} (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{code}/{version}/{region}/index.{ext}), read by `runwhere pricing import` from {file}",
        ext = offer
            .path
            .extension()
            .map_or_else(|| "json".into(), |e| e.to_string_lossy()),
        code = offer.code,
        date = offer.publication_date,
        file = offer
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
}

/// `YYYY-MM-DD` from a `publicationDate` such as `2025-08-28T17:27:23Z`.
pub(crate) fn date_of(stamp: &str) -> Option<&str> {
    let date = stamp.get(..10)?;
    let b = date.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    (ok && (stamp.len() == 10 || stamp.as_bytes().get(10) == Some(&b'T'))).then_some(date)
}

/// The products of `offers` for `target`: none, one, or an error naming them all.
fn one<'o>(
    offers: &'o [Offer],
    code: &str,
    target: &Target,
) -> Result<Option<(&'o Offer, &'o Product)>> {
    let Some(offer) = offers.iter().find(|o| o.code == code) else {
        return Ok(None);
    };
    let found: Vec<&Product> = offer
        .products
        .iter()
        .filter(|p| &p.target == target)
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [p] => Ok(Some((offer, p))),
        many => Err(ImportError::Ambiguous {
            path: offer.path.clone(),
            key: target.key(),
            skus: many.iter().map(|p| p.sku.clone()).collect(),
        }
        .into()),
    }
}

/// A single price dimension must cover every quantity: from 0 to `Inf`. One that ends (a tier
/// whose next tiers are missing) would price everything above its end at its rate.
fn one_range(offer: &Offer, product: &Product, key: &str, d: &offer::Dimension) -> Result<()> {
    if d.begin.is_zero() && d.end.is_none() {
        Ok(())
    } else {
        Err(bad(
            offer,
            product,
            key,
            format!(
                "has one price dimension, for {} to {}, where one from 0 to `Inf` was expected",
                d.begin,
                d.end.map_or_else(|| "Inf".to_owned(), |e| e.to_string())
            ),
        ))
    }
}

fn bad(offer: &Offer, product: &Product, key: &str, problem: impl Into<String>) -> Error {
    ImportError::BadPrice {
        path: offer.path.clone(),
        sku: product.sku.clone(),
        key: key.to_owned(),
        problem: problem.into(),
    }
    .into()
}

/// The dimensions of the product's term `code`, in `beginRange` order.
fn dimensions<'p>(
    offer: &Offer,
    product: &'p Product,
    key: &str,
    code: &str,
) -> Result<Vec<&'p offer::Dimension>> {
    let terms: Vec<_> = product.terms.iter().filter(|t| t.code == code).collect();
    let [term] = terms.as_slice() else {
        return Err(bad(
            offer,
            product,
            key,
            format!(
                "has {} `{code}` terms under `terms.OnDemand`, expected one",
                terms.len()
            ),
        ));
    };
    let mut dims: Vec<&offer::Dimension> = term.dimensions.iter().collect();
    if dims.is_empty() {
        return Err(bad(
            offer,
            product,
            key,
            "has a term without price dimensions",
        ));
    }
    dims.sort_by_key(|a| a.begin);
    Ok(dims)
}

/// The USD price of a dimension, positive.
fn usd(
    offer: &Offer,
    product: &Product,
    key: &str,
    d: &offer::Dimension,
    shift: u32,
) -> Result<Decimal> {
    let Some(price) = d.usd else {
        return Err(bad(
            offer,
            product,
            key,
            format!(
                "has no USD price (it gives {}); runwhere tables are in USD",
                d.currencies.join(", ")
            ),
        ));
    };
    if price.is_zero() {
        return Err(bad(
            offer,
            product,
            key,
            "is priced 0: a decoy (capacity block, reservation, metering row) passed the filters",
        ));
    }
    price
        .shift(shift)
        .ok_or_else(|| bad(offer, product, key, "has a price too large to read"))
}

fn note(product: &Product) -> String {
    format!(
        "SKU {} {}",
        product.sku,
        product.attrs.get(Attr::UsageType).unwrap_or_default()
    )
}

/// The [`MATCHERS`] prices.
fn prices(
    offers: &[Offer],
    files: &OfferFiles,
    region: &str,
    table: &mut Table,
    incomplete: &mut Vec<(String, String)>,
) -> Result<()> {
    for (i, m) in MATCHERS.iter().enumerate() {
        // A key two offers can give takes the first that has it.
        if table.values.contains_key(m.key) {
            continue;
        }
        let term = if m.shape == Shape::FreeQuantity {
            FREE_TIER
        } else {
            ON_DEMAND
        };
        let found = one(offers, m.offer, &Target::Price(i))?;
        let priced = found.filter(|(_, p)| p.terms.iter().any(|t| t.code == term));
        let Some((offer, product)) = priced else {
            let why = match offers.iter().find(|o| o.code == m.offer) {
                Some(_) if found.is_some() => format!(
                    "the {} offer file has SKU {} for it but no `{term}` term under `terms.OnDemand`",
                    m.offer,
                    found.map(|(_, p)| p.sku.as_str()).unwrap_or_default(),
                ),
                None => format!("no {}.json in `{}`", m.offer, files.dir.display()),
                Some(o) if !o.has_region => {
                    format!("the {} offer file has no products in {region}", m.offer)
                }
                Some(o) => format!(
                    "the {} offer file{} has no product with usagetype `{}`{}",
                    m.offer,
                    o.version
                        .as_deref()
                        .map(|v| format!(" (version {v})"))
                        .unwrap_or_default(),
                    m.usagetype,
                    if m.filters.is_empty() {
                        String::new()
                    } else {
                        " and the expected attributes".to_owned()
                    }
                ),
            };
            match m.need {
                Need::Required => incomplete.push((m.key.to_owned(), why)),
                Need::Optional => {
                    let reason = match table.missing.remove(m.key) {
                        Some(earlier) => format!("{earlier}; {why}"),
                        None => why,
                    };
                    table.missing.insert(m.key.to_owned(), reason);
                }
            }
            continue;
        };
        let value = match m.shape {
            Shape::Price { shift } => {
                let dims = dimensions(offer, product, m.key, ON_DEMAND)?;
                let [d] = dims.as_slice() else {
                    return Err(bad(
                        offer,
                        product,
                        m.key,
                        format!("has {} price dimensions, expected one", dims.len()),
                    ));
                };
                one_range(offer, product, m.key, d)?;
                Value::Number(usd(offer, product, m.key, d, shift)?.to_toml_float())
            }
            Shape::PlusKey(other) => {
                let dims = dimensions(offer, product, m.key, ON_DEMAND)?;
                let [d] = dims.as_slice() else {
                    return Err(bad(
                        offer,
                        product,
                        m.key,
                        format!("has {} price dimensions, expected one", dims.len()),
                    ));
                };
                one_range(offer, product, m.key, d)?;
                let extra = usd(offer, product, m.key, d, 0)?;
                let base = table.values.get(other).and_then(|e| match &e.value {
                    Value::Number(n) => Decimal::parse(n),
                    _ => None,
                });
                match base.and_then(|b| b.checked_add(extra)) {
                    Some(total) => Value::Number(total.to_toml_float()),
                    None => {
                        table.missing.insert(
                            m.key.to_owned(),
                            format!("billed on top of `{other}`, which the offers do not give"),
                        );
                        continue;
                    }
                }
            }
            Shape::Tiers { shift } => {
                let dims = dimensions(offer, product, m.key, ON_DEMAND)?;
                let mut tiers = Vec::new();
                let mut expect = decimal::ZERO;
                for (n, d) in dims.iter().enumerate() {
                    let last = n + 1 == dims.len();
                    if d.begin != expect
                        || d.end.is_none() != last
                        || d.end.is_some_and(|e| e <= d.begin)
                    {
                        return Err(bad(
                            offer,
                            product,
                            m.key,
                            format!(
                                "has tiers that do not follow each other from 0 to `Inf` (tier {} begins at {})",
                                n + 1,
                                d.begin
                            ),
                        ));
                    }
                    let price = usd(offer, product, m.key, d, shift)?;
                    tiers.push((d.end.map(Decimal::to_toml_quantity), price.to_toml_float()));
                    expect = d.end.unwrap_or(expect);
                }
                Value::Tiers(tiers)
            }
            Shape::FirstTier { shift } => {
                let dims = dimensions(offer, product, m.key, ON_DEMAND)?;
                match dims.first() {
                    Some(d) if d.begin.is_zero() => {
                        Value::Number(usd(offer, product, m.key, d, shift)?.to_toml_float())
                    }
                    _ => {
                        return Err(bad(offer, product, m.key, "has no price dimension from 0"));
                    }
                }
            }
            Shape::FreeQuantity => {
                let dims = dimensions(offer, product, m.key, FREE_TIER)?;
                match dims.as_slice() {
                    [d] if d.end.is_some_and(|e| !e.is_zero()) => {
                        Value::Number(d.end.map(Decimal::to_toml_quantity).unwrap_or_default())
                    }
                    _ => {
                        return Err(bad(
                            offer,
                            product,
                            m.key,
                            "has a free tier without one bounded range",
                        ));
                    }
                }
            }
        };
        table.missing.remove(m.key);
        table.values.insert(
            m.key.to_owned(),
            Entry {
                value,
                note: note(product),
                source: offer.code.clone(),
            },
        );
    }
    Ok(())
}

/// EC2 instance rows. Returns how many were priced, how many offer types were skipped, and how many
/// catalogue types the offer file does not have (left out: a catalogue lists what its sources
/// price, not what this region sells; the table's own rows are listed as missing instead).
fn instances(
    offers: &[Offer],
    list_table: Option<&PriceTable>,
    options: &ImportOptions,
    table: &mut Table,
    incomplete: &mut Vec<(String, String)>,
) -> Result<(usize, usize, usize)> {
    let Some(ec2) = offers.iter().find(|o| o.code == "AmazonEC2") else {
        return Ok((0, 0, 0));
    };
    let mut names: BTreeSet<String> = BTreeSet::new();
    if let Some(t) = list_table {
        names.extend(t.ec2.instances.keys().cloned());
    }
    if options.all_instances {
        names.extend(ec2.products.iter().filter_map(|p| match &p.target {
            Target::Instance(n) => Some(n.clone()),
            Target::Price(_) => None,
        }));
    }
    let mut priced = 0;
    let mut skipped = 0;
    let mut not_offered = 0;
    for name in names {
        let target = Target::Instance(name.clone());
        let key = target.key();
        let known = list_table.and_then(|t| t.ec2.instances.get(&name));
        let found = one(offers, "AmazonEC2", &target)?;
        let with_price = found.filter(|(_, p)| p.terms.iter().any(|t| t.code == ON_DEMAND));
        let Some((offer, product)) = with_price else {
            let why = match found {
                Some((_, p)) => format!(
                    "the AmazonEC2 offer file has SKU {} for `{name}` but no On-Demand price for it",
                    p.sku
                ),
                None => format!(
                    "no On-Demand Linux shared-tenancy row for `{name}` in the AmazonEC2 offer file for {}",
                    table.region
                ),
            };
            if known.is_some_and(|row| !row.origin.is_empty()) {
                not_offered += 1;
            } else if let Some(row) = known {
                table.instances.push(InstanceEntry {
                    name: name.clone(),
                    family: row.family.clone(),
                    arch: row.arch.clone(),
                    vcpu: number(row.vcpu),
                    memory_gib: number(row.memory_gib),
                    gpus: row.gpus,
                    gpu_model: row.gpu_model.clone(),
                    previous: row.generation.as_deref() == Some("previous"),
                    burst_baseline_pct: row.burst_baseline_pct,
                    hourly: Err(why),
                    note: String::new(),
                });
            }
            continue;
        };
        let dims = dimensions(offer, product, &key, ON_DEMAND)?;
        let [d] = dims.as_slice() else {
            return Err(bad(
                offer,
                product,
                &key,
                format!("has {} price dimensions, expected one", dims.len()),
            ));
        };
        one_range(offer, product, &key, d)?;
        let hourly = usd(offer, product, &key, d, 0)?.to_toml_float();
        let a = &product.attrs;
        let vcpu = a.get(Attr::Vcpu).and_then(Decimal::parse);
        let memory = a
            .get(Attr::Memory)
            .and_then(|m| m.strip_suffix(" GiB"))
            .and_then(|m| Decimal::parse(&m.replace(',', "")));
        let offer_gpus = a
            .get(Attr::Gpu)
            .and_then(|g| g.parse::<u32>().ok())
            .unwrap_or(0);
        let row = match known {
            Some(row) => InstanceEntry {
                name: name.clone(),
                family: row.family.clone(),
                arch: row.arch.clone(),
                vcpu: vcpu.map_or_else(|| number(row.vcpu), Decimal::to_toml_quantity),
                memory_gib: memory
                    .map_or_else(|| number(row.memory_gib), Decimal::to_toml_quantity),
                gpus: row.gpus,
                gpu_model: row.gpu_model.clone(),
                previous: row.generation.as_deref() == Some("previous"),
                burst_baseline_pct: row.burst_baseline_pct,
                hourly: Ok(hourly),
                note: note(product),
            },
            None => {
                let family = family_of(&name, a.get(Attr::InstanceFamily), offer_gpus);
                // A burstable type needs its baseline, which only the bundled catalogue gives.
                let (Some(family), Some(vcpu), Some(memory)) = (family, vcpu, memory) else {
                    skipped += 1;
                    continue;
                };
                if family == "burstable" {
                    skipped += 1;
                    continue;
                }
                let arm = a
                    .get(Attr::PhysicalProcessor)
                    .is_some_and(|p| p.contains("Graviton"));
                InstanceEntry {
                    name: name.clone(),
                    family: family.to_owned(),
                    arch: if arm { "arm" } else { "x86" }.to_owned(),
                    vcpu: vcpu.to_toml_quantity(),
                    memory_gib: memory.to_toml_quantity(),
                    gpus: offer_gpus,
                    gpu_model: None,
                    previous: a.get(Attr::CurrentGeneration) == Some("No"),
                    burst_baseline_pct: None,
                    hourly: Ok(hourly),
                    note: note(product),
                }
            }
        };
        priced += 1;
        table.instances.push(row);
    }
    if priced == 0 {
        incomplete.push((
            "ec2.instances".to_owned(),
            format!(
                "the AmazonEC2 offer file has no On-Demand Linux shared-tenancy instance rows for {}",
                table.region
            ),
        ));
    }
    Ok((priced, skipped, not_offered))
}

/// runwhere's family for an instance type the bundled tables do not list; `None` for families it
/// does not model (storage-optimized, FPGA, ML ASICs).
fn family_of(name: &str, family: Option<&str>, gpus: u32) -> Option<&'static str> {
    let burstable = name.starts_with('t') && name.as_bytes().get(1).is_some_and(u8::is_ascii_digit);
    match family? {
        _ if burstable => Some("burstable"),
        "General purpose" => Some("general"),
        "Compute optimized" => Some("compute"),
        "Memory optimized" => Some("memory"),
        "GPU instance" if gpus > 0 => Some("gpu"),
        _ => None,
    }
}

/// An `f64` from a table as a TOML number literal (Rust never prints these with an exponent).
pub(crate) fn number(v: f64) -> String {
    format!("{v}")
}

/// Carries over what the On-Demand offers cannot give. Returns the table it came from.
fn carry_over(
    base: Option<&PriceTable>,
    list_table: Option<&PriceTable>,
    region: &str,
    table: &mut Table,
) -> Option<String> {
    carry::carry_over(base, list_table, region, table, CARRIED)
}

/// The rendered table loads with the same loader and checks as every other table.
fn check(region: &str, text: &str) -> Result<()> {
    let dir = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let path = dir.path().join(format!("{region}.toml"));
    std::fs::write(&path, text).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    Catalog::from_dir(dir.path())?.region(region).map(|_| ())
}
