//! Reading one Price List offer file (JSON) as a stream: `products` and `terms.OnDemand` are
//! visited one entry at a time, and only the products a [`Selector`] keeps, with their terms,
//! stay in memory. A multi-GB EC2 file is read in bounded memory.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::ImportError;
use super::decimal::Decimal;
use super::filters::{Attr, Attrs, Selector, Target};
use crate::error::{Error, Result};

/// One price dimension of a term.
#[derive(Debug, Clone)]
pub(crate) struct Dimension {
    pub(crate) begin: Decimal,
    /// `None` for `"Inf"`.
    pub(crate) end: Option<Decimal>,
    pub(crate) usd: Option<Decimal>,
    /// The currencies given, for messages when USD is not among them.
    pub(crate) currencies: Vec<String>,
}

/// One term of a product (`offerTermCode`) and its dimensions.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub(crate) code: String,
    pub(crate) dimensions: Vec<Dimension>,
}

/// A kept product.
#[derive(Debug, Clone)]
pub(crate) struct Product {
    pub(crate) sku: String,
    pub(crate) target: Target,
    pub(crate) attrs: Attrs,
    pub(crate) terms: Vec<Term>,
}

/// What the import needs from one offer file.
#[derive(Debug)]
pub(crate) struct Offer {
    pub(crate) path: PathBuf,
    pub(crate) code: String,
    pub(crate) version: Option<String>,
    pub(crate) publication_date: String,
    /// Kept products, by SKU order.
    pub(crate) products: Vec<Product>,
    /// Some `regionCode`s of the file, to say which regions it has when the wanted one is absent.
    pub(crate) regions: BTreeSet<String>,
    /// Whether any product was in the region.
    pub(crate) has_region: bool,
}

/// Reads `path`, which must be the `expected` offer, reporting bytes read to `progress`.
pub(crate) fn read_json(
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
    let counted = counting(file, progress);
    let mut reader = BufReader::with_capacity(
        1 << 16,
        bounded(counted, Syntax::Json, MAX_TOKEN_BYTES, &hit),
    );
    // A byte-order mark, as some editors write (the CSV reader skips one too).
    if std::io::BufRead::fill_buf(&mut reader).is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF")) {
        std::io::BufRead::consume(&mut reader, 3);
    }
    let mut state = State {
        expected,
        selector,
        header: Header::default(),
        kept: HashMap::new(),
        products_seen: false,
        terms: HashMap::new(),
        regions: BTreeSet::new(),
        has_region: false,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = TopSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Err(e) = parsed {
        if let Some(line) = hit.get() {
            return Err(ImportError::Malformed {
                path: path.to_path_buf(),
                line: usize::try_from(line).unwrap_or(usize::MAX),
                column: 1,
                message: format!(
                    "a string longer than {} MiB; offer files have no such strings",
                    MAX_TOKEN_BYTES >> 20
                ),
            }
            .into());
        }
        return Err(malformed(path, &e));
    }
    let not_an_offer = |what: &str| {
        Error::from(ImportError::NotAnOffer {
            path: path.to_path_buf(),
            problem: what.to_owned(),
        })
    };
    let code = state
        .header
        .offer_code
        .ok_or_else(|| not_an_offer("it has no `offerCode`"))?;
    let publication_date = state
        .header
        .publication_date
        .ok_or_else(|| not_an_offer("it has no `publicationDate`"))?;
    if !state.products_seen {
        return Err(not_an_offer("it has no `products`"));
    }
    let mut products: Vec<Product> = state
        .kept
        .into_iter()
        .map(|(sku, (target, attrs))| {
            let terms = state.terms.remove(&sku).unwrap_or_default();
            Product {
                sku,
                target,
                attrs,
                terms,
            }
        })
        .collect();
    products.sort_by(|a, b| a.sku.cmp(&b.sku));
    Ok(Offer {
        path: path.to_path_buf(),
        code,
        version: state.header.version,
        publication_date,
        products,
        regions: state.regions,
        has_region: state.has_region,
    })
}

/// A serde_json error as the file, line, column and what was wrong.
fn malformed(path: &Path, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let message = if e.is_eof() {
        format!("the file ends early ({message}); was the download cut short?")
    } else {
        message.to_owned()
    };
    ImportError::Malformed {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message,
    }
    .into()
}

/// A reader that reports how many bytes it has read.
pub(crate) struct Counting<'a, R> {
    inner: R,
    read: u64,
    progress: &'a dyn Fn(u64),
}

pub(crate) fn counting<R: Read>(inner: R, progress: &dyn Fn(u64)) -> Counting<'_, R> {
    Counting {
        inner,
        read: 0,
        progress,
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        (self.progress)(self.read);
        Ok(n)
    }
}

#[derive(Default)]
struct Header {
    offer_code: Option<String>,
    version: Option<String>,
    publication_date: Option<String>,
}

/// At most this many region codes are kept for the "which regions are there" message.
const MAX_REGIONS: usize = 64;

struct State<'s> {
    expected: &'s str,
    selector: &'s Selector<'s>,
    header: Header,
    kept: HashMap<String, (Target, Attrs)>,
    products_seen: bool,
    /// Terms of kept SKUs; of every SKU while `terms` comes before `products`.
    terms: HashMap<String, Vec<Term>>,
    regions: BTreeSet<String>,
    has_region: bool,
}

impl State<'_> {
    fn wants_terms(&self, sku: &str) -> bool {
        !self.products_seen || self.kept.contains_key(sku)
    }
}

struct TopSeed<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an offer file (a JSON object with `products` and `terms`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(key) = map.next_key::<Key>()? {
            match key.0.as_str() {
                "formatVersion" => {
                    let v: String = map.next_value()?;
                    if v != "v1.0" {
                        return Err(de::Error::custom(format!(
                            "`formatVersion` is `{v}`; runwhere reads `v1.0` offer files"
                        )));
                    }
                }
                "offerCode" => {
                    let v: String = map.next_value()?;
                    if v != state.expected {
                        return Err(de::Error::custom(format!(
                            "this is the `{v}` offer file, not `{}`",
                            state.expected
                        )));
                    }
                    state.header.offer_code = Some(v);
                }
                "version" => state.header.version = Some(map.next_value()?),
                "publicationDate" => {
                    let v: String = map.next_value()?;
                    if super::date_of(&v).is_none() {
                        return Err(de::Error::custom(format!(
                            "`publicationDate` is `{v}`, not a date and time"
                        )));
                    }
                    state.header.publication_date = Some(v);
                }
                "products" => {
                    map.next_value_seed(ProductsSeed(&mut *state))?;
                    state.products_seen = true;
                    let kept = &state.kept;
                    state.terms.retain(|sku, _| kept.contains_key(sku));
                }
                "terms" => map.next_value_seed(TermsSeed(&mut *state))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A top-level or term-type key.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Key)
    }
}

struct ProductsSeed<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for ProductsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ProductsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`products`: an object of products by SKU")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(sku) = map.next_key::<String>()? {
            let product: RawProduct = map.next_value()?;
            let mut attrs = product.attributes;
            if let Some(family) = product.product_family {
                attrs.set(Attr::ProductFamily, family);
            }
            if let Some(region) = attrs.get(Attr::RegionCode) {
                if region == state.selector.region {
                    state.has_region |= state.selector.in_region(&attrs);
                } else if state.regions.len() < MAX_REGIONS && !state.regions.contains(region) {
                    state.regions.insert(region.to_owned());
                }
            }
            if let Some(target) = state.selector.select(&attrs) {
                state.kept.insert(sku, (target, attrs));
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct RawProduct {
    #[serde(rename = "productFamily")]
    product_family: Option<String>,
    #[serde(default)]
    attributes: Attrs,
}

impl<'de> Deserialize<'de> for Attrs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Attrs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`attributes`: an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Attrs, A::Error> {
                let mut attrs = Attrs::default();
                while let Some(AttrKey(attr)) = map.next_key()? {
                    match attr {
                        Some(attr) => attrs.set(attr, map.next_value()?),
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(attrs)
            }
        }
        d.deserialize_map(V)
    }
}

/// An attribute name, looked up without allocating.
struct AttrKey(Option<Attr>);

impl<'de> Deserialize<'de> for AttrKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AttrKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an attribute name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AttrKey, E> {
                Ok(AttrKey(Attrs::by_key(v)))
            }
        }
        d.deserialize_str(V)
    }
}

struct TermsSeed<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for TermsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TermsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`terms`: an object of term types")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(kind) = map.next_key::<Key>()? {
            if kind.0 == "OnDemand" {
                map.next_value_seed(OnDemandSeed(&mut *state))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct OnDemandSeed<'a, 's>(&'a mut State<'s>);

impl<'de> DeserializeSeed<'de> for OnDemandSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for OnDemandSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`terms.OnDemand`: an object of terms by SKU")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(sku) = map.next_key::<String>()? {
            if !state.wants_terms(&sku) {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let raw: BTreeMap<String, RawTerm> = map.next_value()?;
            let mut terms = Vec::new();
            for (id, term) in raw {
                let code = term
                    .offer_term_code
                    .or_else(|| id.rsplit('.').next().map(str::to_owned))
                    .unwrap_or_default();
                if code != super::filters::ON_DEMAND && code != super::filters::FREE_TIER {
                    continue;
                }
                let dimensions = term
                    .price_dimensions
                    .into_values()
                    .map(|d| {
                        let usd = d.price_per_unit.get("USD").map(|p| p.0);
                        Dimension {
                            begin: d.begin_range.map_or(ZERO, |r| r.0.unwrap_or(ZERO)),
                            end: d.end_range.and_then(|r| r.0),
                            usd,
                            currencies: d.price_per_unit.into_keys().collect(),
                        }
                    })
                    .collect();
                terms.push(Term { code, dimensions });
            }
            state.terms.entry(sku).or_default().extend(terms);
        }
        Ok(())
    }
}

const ZERO: Decimal = super::decimal::ZERO;

#[derive(Deserialize)]
struct RawTerm {
    #[serde(rename = "offerTermCode")]
    offer_term_code: Option<String>,
    #[serde(rename = "priceDimensions")]
    price_dimensions: BTreeMap<String, RawDimension>,
}

#[derive(Deserialize)]
struct RawDimension {
    #[serde(rename = "beginRange")]
    begin_range: Option<Range>,
    #[serde(rename = "endRange")]
    end_range: Option<Range>,
    #[serde(rename = "pricePerUnit")]
    price_per_unit: BTreeMap<String, Price>,
}

/// A range bound: a decimal, or `Inf` (`None`).
struct Range(Option<Decimal>);

impl<'de> Deserialize<'de> for Range {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: std::borrow::Cow<'de, str> = Deserialize::deserialize(d)?;
        if s == "Inf" {
            return Ok(Range(None));
        }
        Decimal::parse(&s).map(|v| Range(Some(v))).ok_or_else(|| {
            de::Error::custom(format!("range bound `{s}` is neither a number nor `Inf`"))
        })
    }
}

/// A price: a decimal string.
struct Price(Decimal);

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: std::borrow::Cow<'de, str> = Deserialize::deserialize(d)?;
        Decimal::parse(&s)
            .map(Price)
            .ok_or_else(|| de::Error::custom(format!("price `{s}` is not a decimal number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRODUCT: &str = r#""products": {"AAA": {"sku": "AAA", "productFamily": "Compute", "attributes": {"regionCode": "us-east-1", "locationType": "AWS Region", "usagetype": "USE1-Fargate-GB-Hours", "unused": "x"}}, "BBB": {"sku": "BBB", "attributes": {"regionCode": "eu-west-1", "locationType": "AWS Region", "usagetype": "EU-Fargate-GB-Hours"}}}"#;
    const TERMS: &str = r#""terms": {"OnDemand": {"AAA": {"AAA.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "priceDimensions": {"AAA.JRTCKXETXF.6YS6EN2CT7": {"beginRange": "0", "endRange": "Inf", "unit": "hours", "pricePerUnit": {"USD": "0.0044450000"}}}}}, "BBB": {"BBB.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "priceDimensions": {}}}}, "Reserved": {"AAA": {}}}"#;

    fn read(text: &str) -> Result<Offer> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("AmazonECS.json");
        std::fs::write(&path, text).unwrap();
        let selector = Selector {
            offer: "AmazonECS",
            region: "us-east-1",
            instances: None,
        };
        read_json(&path, "AmazonECS", &selector, &|_| {})
    }

    fn head() -> &'static str {
        r#""formatVersion": "v1.0", "offerCode": "AmazonECS", "version": "1", "publicationDate": "2025-08-28T17:27:23Z""#
    }

    /// Issue 16: a JSON offer with a byte-order mark was rejected (the CSV form accepts one).
    #[test]
    fn a_byte_order_mark_is_skipped() {
        let offer = read(&format!("\u{feff}{{{}, \"products\": {{}}}}", head())).unwrap();
        assert_eq!(offer.code, "AmazonECS");
    }

    /// Issue 16: a 600 MB JSON string took 1.2 GB; now a string past the limit stops the read
    /// where it is, with the line.
    #[test]
    fn a_huge_string_stops_the_read() {
        let long = "x".repeat(usize::try_from(MAX_TOKEN_BYTES).unwrap() + 10);
        let text = format!("{{{},\n \"products\": {{\"{long}\": 1}}}}", head());
        let err = read(&text).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("line 2, column 1: a string longer than 1 MiB"),
            "{shown}"
        );
    }

    /// The bound holds on an endless stream of NULs (a sparse file) in CSV, and on escapes and
    /// quoted newlines; ordinary records and strings pass.
    #[test]
    fn bounded_reader_limits_records_and_strings() {
        use std::io::Read as _;
        let hit = std::cell::Cell::new(None);
        let mut endless = bounded(std::io::repeat(0), Syntax::Csv, 1000, &hit);
        let err = std::io::copy(&mut endless, &mut std::io::sink()).unwrap_err();
        assert!(err.to_string().contains("a record longer than 1000 bytes"));
        assert_eq!(hit.get(), Some(1));
        let ok = "a,b\n\"x\ny\",c\n".repeat(1000);
        let hit = std::cell::Cell::new(None);
        let mut r = bounded(ok.as_bytes(), Syntax::Csv, 20, &hit);
        r.read_to_end(&mut Vec::new()).unwrap();
        let quoted = format!("\"{}\"", "\n".repeat(30));
        let mut r = bounded(quoted.as_bytes(), Syntax::Csv, 20, &hit);
        assert!(r.read_to_end(&mut Vec::new()).is_err());
        let json = format!(
            "{{\"k\": \"{}\", \"e\": \"\\\"{}\"}}",
            "v".repeat(20),
            "w".repeat(18)
        );
        let hit = std::cell::Cell::new(None);
        let mut r = bounded(json.as_bytes(), Syntax::Json, 20, &hit);
        r.read_to_end(&mut Vec::new()).unwrap();
        let mut r = bounded(json.as_bytes(), Syntax::Json, 19, &hit);
        assert!(r.read_to_end(&mut Vec::new()).is_err());
    }

    #[test]
    fn keeps_the_selected_products_with_their_terms_in_either_order() {
        for text in [
            format!("{{{}, {PRODUCT}, {TERMS}}}", head()),
            format!("{{{TERMS}, {}, {PRODUCT}}}", head()),
        ] {
            let offer = read(&text).unwrap();
            assert_eq!(offer.products.len(), 1, "{text}");
            let p = &offer.products[0];
            assert_eq!(p.sku, "AAA");
            assert_eq!(p.terms.len(), 1);
            assert_eq!(
                p.terms[0].dimensions[0]
                    .usd
                    .map(|d| d.to_string())
                    .as_deref(),
                Some("0.004445")
            );
            assert!(offer.has_region);
            assert!(offer.regions.contains("eu-west-1"));
        }
    }

    #[test]
    fn wrong_offers_and_broken_files_say_where() {
        let wrong = format!(
            "{{{}, {PRODUCT}}}",
            head().replace("AmazonECS", "AWSLambda")
        );
        let e = read(&wrong).unwrap_err().to_string();
        assert!(
            e.contains("line 1, column ")
                && e.contains("this is the `AWSLambda` offer file, not `AmazonECS`"),
            "{e}"
        );
        let cut = format!("{{{}, {PRODUCT}", head());
        let e = read(&cut[..cut.len() - 20]).unwrap_err().to_string();
        assert!(e.contains("the file ends early"), "{e}");
        let e = read(&format!("{{{}}}", head())).unwrap_err().to_string();
        assert!(e.contains("it has no `products`"), "{e}");
        let e = read("[1, 2]").unwrap_err().to_string();
        assert!(e.contains("expected an offer file"), "{e}");
    }
}

/// The longest JSON string, or CSV record, an offer file may hold. Real offer files stay far below
/// (their longest strings are descriptions of a few hundred bytes); a longer one is a broken or
/// hostile file, and would otherwise be buffered whole.
pub(crate) const MAX_TOKEN_BYTES: u64 = 1 << 20;

/// What [`Bounded`] watches for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// JSON: the length of every string.
    Json,
    /// CSV: the length of every record (quoted newlines included).
    Csv,
}

/// A reader that fails once a JSON string or a CSV record grows past [`MAX_TOKEN_BYTES`] (or
/// `limit`), so a parser never buffers one without bound; it reports where in `hit`.
pub(crate) struct Bounded<'a, R> {
    inner: R,
    syntax: Syntax,
    limit: u64,
    quoted: bool,
    escaped: bool,
    len: u64,
    line: u64,
    /// The line on which the limit was passed.
    pub(crate) hit: &'a std::cell::Cell<Option<u64>>,
}

pub(crate) fn bounded<R: Read>(
    inner: R,
    syntax: Syntax,
    limit: u64,
    hit: &std::cell::Cell<Option<u64>>,
) -> Bounded<'_, R> {
    Bounded {
        inner,
        syntax,
        limit,
        quoted: false,
        escaped: false,
        len: 0,
        line: 1,
        hit,
    }
}

impl<R: Read> Read for Bounded<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.line += 1;
            }
            match self.syntax {
                Syntax::Json => {
                    if !self.quoted {
                        if b == b'"' {
                            self.quoted = true;
                            self.len = 0;
                        }
                        continue;
                    }
                    if self.escaped {
                        self.escaped = false;
                    } else if b == b'\\' {
                        self.escaped = true;
                    } else if b == b'"' {
                        self.quoted = false;
                        continue;
                    }
                    self.len += 1;
                }
                Syntax::Csv => {
                    if b == b'"' {
                        self.quoted = !self.quoted;
                    }
                    if b == b'\n' && !self.quoted {
                        self.len = 0;
                        continue;
                    }
                    self.len += 1;
                }
            }
            if self.len > self.limit {
                self.hit.set(Some(self.line));
                let what = match self.syntax {
                    Syntax::Json => "a string",
                    Syntax::Csv => "a record",
                };
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{what} longer than {} bytes", self.limit),
                ));
            }
        }
        Ok(n)
    }
}
