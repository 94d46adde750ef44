//! Reading the CSV form of an offer file as a stream: five metadata rows, a header row, then one
//! row per price dimension with the product's attributes repeated. Columns use display names
//! (`Region Code`, `Pre Installed S/W`); they are matched to the JSON attribute keys by comparing
//! letters and digits only, case-insensitively. Produces the same [`Offer`] as the JSON reader.

use std::collections::{BTreeSet, HashMap};
use std::io::BufReader;
use std::path::Path;

use super::ImportError;
use super::decimal::{Decimal, ZERO};
use super::filters::{ATTRS, Attr, Attrs, Selector, Target};
use super::offer::{Dimension, Offer, Product, Term};
use crate::error::{Error, Result};

/// Letters and digits, lowercased: `Pre Installed S/W` and `preInstalledSw` agree.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// At most this many region codes are kept for the "which regions are there" message.
const MAX_REGIONS: usize = 64;

/// Reads `path`, which must be the `expected` offer, reporting bytes read to `progress`.
pub(crate) fn read_csv(
    path: &Path,
    expected: &str,
    selector: &Selector<'_>,
    progress: &dyn Fn(u64),
) -> Result<Offer> {
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let hit = std::cell::Cell::new(None);
    let counted = super::offer::counting(file, progress);
    let bounded = super::offer::bounded(
        counted,
        super::offer::Syntax::Csv,
        super::offer::MAX_TOKEN_BYTES,
        &hit,
    );
    let reader = BufReader::with_capacity(1 << 16, bounded);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let malformed = |line: u64, message: String| -> Error {
        ImportError::MalformedCsv {
            path: path.to_path_buf(),
            line,
            message,
        }
        .into()
    };
    let mut meta: HashMap<String, String> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let header = loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                return Err(malformed(
                    0,
                    "the file ends before its header row".to_owned(),
                ));
            }
            Err(e) => {
                return Err(malformed(
                    hit.get()
                        .or_else(|| e.position().map(csv::Position::line))
                        .unwrap_or(0),
                    e.to_string(),
                ));
            }
        }
        if record.get(0) == Some("SKU") {
            break record.clone();
        }
        if let (Some(k), Some(v)) = (record.get(0), record.get(1)) {
            meta.insert(normalize(k), v.to_owned());
        }
        if meta.len() > 10 {
            return Err(malformed(
                record.position().map_or(0, csv::Position::line),
                "no header row (`\"SKU\",\"OfferTermCode\",…`) after the metadata rows".to_owned(),
            ));
        }
    };
    let not_an_offer = |what: &str| -> Error {
        ImportError::NotAnOffer {
            path: path.to_path_buf(),
            problem: what.to_owned(),
        }
        .into()
    };
    let code = meta
        .get("offercode")
        .cloned()
        .ok_or_else(|| not_an_offer("it has no `OfferCode` row"))?;
    if code != expected {
        return Err(malformed(
            5,
            format!("this is the `{code}` offer file, not `{expected}`"),
        ));
    }
    let publication_date = meta
        .get("publicationdate")
        .cloned()
        .filter(|d| super::date_of(d).is_some())
        .ok_or_else(|| not_an_offer("it has no `Publication Date` row with a date"))?;
    let column = |name: &str| header.iter().position(|h| h == name);
    let need = |name: &str| {
        column(name).ok_or_else(|| not_an_offer(&format!("it has no `{name}` column")))
    };
    let (sku_i, term_i, type_i) = (need("SKU")?, need("OfferTermCode")?, need("TermType")?);
    let (price_i, currency_i) = (need("PricePerUnit")?, need("Currency")?);
    let (begin_i, end_i) = (column("StartingRange"), column("EndingRange"));
    let attr_columns: Vec<(usize, Attr)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let n = normalize(h);
            ATTRS
                .iter()
                .find(|(_, key)| normalize(key) == n)
                .map(|(a, _)| (i, *a))
        })
        .collect();

    let mut kept: HashMap<String, (Target, Attrs, Vec<Term>)> = HashMap::new();
    let mut regions = BTreeSet::new();
    let mut has_region = false;
    let mut last: Option<(String, bool)> = None;
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(malformed(
                    hit.get()
                        .or_else(|| e.position().map(csv::Position::line))
                        .unwrap_or(0),
                    e.to_string(),
                ));
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        let field = |i: usize| record.get(i).unwrap_or_default();
        let sku = field(sku_i);
        let keep = match &last {
            Some((s, keep)) if s == sku => *keep,
            _ => {
                let mut attrs = Attrs::default();
                for (i, attr) in &attr_columns {
                    let v = field(*i);
                    if !v.is_empty() {
                        attrs.set(*attr, v.to_owned());
                    }
                }
                if let Some(region) = attrs.get(Attr::RegionCode) {
                    if region == selector.region {
                        has_region |= selector.in_region(&attrs);
                    } else if regions.len() < MAX_REGIONS && !regions.contains(region) {
                        regions.insert(region.to_owned());
                    }
                }
                let target = selector.select(&attrs);
                let keep = target.is_some();
                if let Some(target) = target {
                    kept.entry(sku.to_owned())
                        .or_insert_with(|| (target, attrs, Vec::new()));
                }
                last = Some((sku.to_owned(), keep));
                keep
            }
        };
        if !keep || field(type_i) != "OnDemand" {
            continue;
        }
        let bound = |i: Option<usize>, what: &str| -> Result<Option<Option<Decimal>>> {
            match i.map(field).unwrap_or_default() {
                "" => Ok(None),
                "Inf" => Ok(Some(None)),
                s => Decimal::parse(s).map(|d| Some(Some(d))).ok_or_else(|| {
                    malformed(line, format!("{what} `{s}` is neither a number nor `Inf`"))
                }),
            }
        };
        let begin = bound(begin_i, "StartingRange")?.flatten().unwrap_or(ZERO);
        let end = bound(end_i, "EndingRange")?.flatten();
        let price = field(price_i);
        let price = Decimal::parse(price)
            .ok_or_else(|| malformed(line, format!("price `{price}` is not a decimal number")))?;
        let currency = field(currency_i).to_owned();
        let dimension = Dimension {
            begin,
            end,
            usd: (currency == "USD").then_some(price),
            currencies: vec![currency],
        };
        let code = field(term_i).to_owned();
        if let Some((_, _, terms)) = kept.get_mut(sku) {
            match terms.iter_mut().find(|t| t.code == code) {
                Some(t) => t.dimensions.push(dimension),
                None => terms.push(Term {
                    code,
                    dimensions: vec![dimension],
                }),
            }
        }
    }
    let mut products: Vec<Product> = kept
        .into_iter()
        .map(|(sku, (target, attrs, terms))| Product {
            sku,
            target,
            attrs,
            terms,
        })
        .collect();
    products.sort_by(|a, b| a.sku.cmp(&b.sku));
    Ok(Offer {
        path: path.to_path_buf(),
        code,
        version: meta.get("version").cloned(),
        publication_date,
        products,
        regions,
        has_region,
    })
}
