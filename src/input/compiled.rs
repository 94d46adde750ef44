//! Bundled data in compiled form: each data set checked by its loader when the files in
//! `compiled/` are made (`RUNWHERE_BLESS=1 cargo test --lib compiled_data`), and decoded at run
//! time instead of parsing TOML.
//!
//! A compiled file is a header (a magic number and the hash of every bundled data file it was made
//! from, as `build.rs` computes it) followed by the value in postcard's encoding. [`decode`] gives
//! the value only when the header matches the data this binary was built with and the whole file
//! decodes; otherwise the loader parses the TOML, so a stale file costs time, never correctness.
//! [`check`] is the test that keeps every file current.
//!
//! The texts of a value (a rule's reason, a source's section: fields serialized [`text`]) are
//! not in the file but in its string table, `compiled/<name>.strings`, embedded as text: the file
//! holds each text's span there, and decoding it borrows the span, so a run neither copies nor
//! re-validates the thousands of texts of the rules.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

include!(concat!(env!("OUT_DIR"), "/compiled_files.rs"));

/// The first bytes of every compiled file; the digit changes with the layout of the header or of
/// the encoding (a text's span), so a file in an older layout is never read as this one.
const MAGIC: &[u8; 4] = b"RWC3";

/// The hash of the bundled data files this binary was built with (see `build.rs`).
const DATA_HASH: &str = env!("RUNWHERE_DATA_HASH");

/// The hash of the bundled data files this binary was built with.
pub(crate) fn data_hash() -> &'static str {
    DATA_HASH
}

/// The header of a file whose string table is `strings` bytes long.
fn header(strings: usize) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(DATA_HASH.as_bytes());
    out.extend_from_slice(&(strings as u64).to_le_bytes());
    out
}

thread_local! {
    /// The string table the texts of the value being decoded are spans of.
    static READING: Cell<&'static str> = const { Cell::new("") };
    /// The string table of the value being encoded, while it is built.
    static WRITING: RefCell<Option<Strings>> = const { RefCell::new(None) };
}

/// A string table being built: each distinct text once.
#[derive(Default)]
struct Strings {
    text: String,
    spans: HashMap<String, (u32, u32)>,
}

impl Strings {
    fn span(&mut self, s: &str) -> Option<(u32, u32)> {
        if let Some(&span) = self.spans.get(s) {
            return Some(span);
        }
        let start = u32::try_from(self.text.len()).ok()?;
        self.text.push_str(s);
        let span = (start, u32::try_from(self.text.len()).ok()?);
        self.spans.insert(s.to_owned(), span);
        Some(span)
    }
}

/// The value of compiled file `name`, when there is one made from this binary's data and it
/// decodes completely.
pub fn decode<T: DeserializeOwned>(name: &str) -> Option<T> {
    let (_, bytes, strings) = FILES.iter().find(|(n, _, _)| *n == name)?;
    decode_bytes(bytes, strings)
}

pub(crate) fn decode_bytes<T: DeserializeOwned>(bytes: &[u8], strings: &'static str) -> Option<T> {
    let body = bytes.strip_prefix(header(strings.len()).as_slice())?;
    let before = READING.with(|r| r.replace(strings));
    let value = postcard::take_from_bytes::<T>(body);
    READING.with(|r| r.set(before));
    match value {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

/// The compiled form of `value` (the header, then the value) and its string table.
///
/// # Panics
/// If the value cannot be encoded (a map with non-string keys, or the like: a programming error
/// that the staleness tests show at once).
pub fn encode<T: Serialize>(value: &T) -> (Vec<u8>, String) {
    let before = WRITING.with(|w| w.replace(Some(Strings::default())));
    let body = postcard::to_allocvec(value);
    let strings = WRITING.with(|w| w.replace(before)).unwrap_or_default().text;
    let mut out = header(strings.len());
    out.extend(body.expect("the bundled data encodes"));
    (out, strings)
}

/// For a text field of compiled data (`#[serde(with = "crate::input::compiled::text")]` on a
/// `Cow<'static, str>`): a string in a data file or JSON; in the compiled data, a span of the
/// file's string table, borrowed when decoded.
pub mod text {
    use std::borrow::Cow;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// # Errors
    /// As the serializer's; outside [`super::encode`], in the compiled form, always.
    pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return s.serialize_str(text);
        }
        let span = super::WRITING.with(|w| w.borrow_mut().as_mut().and_then(|t| t.span(text)));
        match span {
            Some((start, end)) => pack(start, end).serialize(s),
            None => Err(serde::ser::Error::custom(
                "a text of compiled data is encoded only with its string table",
            )),
        }
    }

    /// # Errors
    /// As the deserializer's, or a span outside the string table.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'static, str>, D::Error> {
        if d.is_human_readable() {
            return String::deserialize(d).map(Cow::Owned);
        }
        let (start, end) = unpack(u64::deserialize(d)?);
        super::READING
            .with(|r| r.get().get(start..end))
            .map(Cow::Borrowed)
            .ok_or_else(|| serde::de::Error::custom("a text outside the string table"))
    }

    /// A span as one number, `start << 32 | length` (one varint to read, not two).
    fn pack(start: u32, end: u32) -> u64 {
        u64::from(start) << 32 | u64::from(end.saturating_sub(start))
    }

    fn unpack(packed: u64) -> (usize, usize) {
        let start = (packed >> 32) as usize;
        (start, start + (packed & 0xffff_ffff) as usize)
    }

    /// A text serialized as [`serialize`] does, inside an option, a list or a map key.
    struct Text<'a>(&'a str);

    impl Serialize for Text<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize(self.0, s)
        }
    }

    /// A text deserialized as [`deserialize`] does, inside an option, a list or a map key.
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    struct Owned(Cow<'static, str>);

    impl<'de> Deserialize<'de> for Owned {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize(d).map(Owned)
        }
    }

    /// The same for an optional text.
    pub mod option {
        use std::borrow::Cow;

        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        /// # Errors
        /// As [`super::serialize`].
        pub fn serialize<S: Serializer>(
            text: &Option<Cow<'static, str>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            text.as_ref().map(|t| super::Text(t)).serialize(s)
        }

        /// # Errors
        /// As [`super::deserialize`].
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Cow<'static, str>>, D::Error> {
            Ok(Option::<super::Owned>::deserialize(d)?.map(|t| t.0))
        }
    }

    /// The same for a map keyed by text.
    pub mod map {
        use std::borrow::Cow;
        use std::collections::BTreeMap;

        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        /// # Errors
        /// As [`super::serialize`].
        pub fn serialize<S: Serializer, V: Serialize>(
            map: &BTreeMap<Cow<'static, str>, V>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.collect_map(map.iter().map(|(k, v)| (super::Text(k), v)))
        }

        /// # Errors
        /// As [`super::deserialize`].
        pub fn deserialize<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
            d: D,
        ) -> Result<BTreeMap<Cow<'static, str>, V>, D::Error> {
            Ok(BTreeMap::<super::Owned, V>::deserialize(d)?
                .into_iter()
                .map(|(k, v)| (k.0, v))
                .collect())
        }
    }

    /// The same for a list of texts.
    pub mod list {
        use std::borrow::Cow;

        use serde::{Deserialize, Deserializer, Serializer};

        /// # Errors
        /// As [`super::serialize`].
        pub fn serialize<S: Serializer>(
            texts: &[Cow<'static, str>],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            s.collect_seq(texts.iter().map(|t| super::Text(t)))
        }

        /// # Errors
        /// As [`super::deserialize`].
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<Cow<'static, str>>, D::Error> {
            Ok(Vec::<super::Owned>::deserialize(d)?
                .into_iter()
                .map(|t| t.0)
                .collect())
        }
    }
}

/// Whether `name` has a compiled file made from this binary's data.
#[cfg(test)]
pub(crate) fn is_current(name: &str) -> bool {
    FILES
        .iter()
        .any(|(n, bytes, strings)| *n == name && bytes.starts_with(&header(strings.len())))
}

/// For tests: the compiled file `compiled/<name>.bin` (and its strings) must hold exactly
/// `value` (what the loader made of the bundled TOML), and decode back to it. With
/// `RUNWHERE_BLESS=1` the files are written instead, and `false` returned: the binary embeds
/// them from the next build on.
///
/// # Panics
/// When a file is absent or stale, with the command that regenerates it.
#[cfg(test)]
pub(crate) fn check<T: Serialize + DeserializeOwned>(name: &str, value: &T) -> bool {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("compiled");
    let (want, strings) = encode(value);
    // The encoding round-trips: what is decoded is what was encoded.
    let table: &'static str = Box::leak(strings.clone().into_boxed_str());
    let back: T = decode_bytes(&want, table).expect("a freshly encoded value decodes");
    assert!(
        encode(&back) == (want.clone(), strings.clone()),
        "compiled/{name}.bin: the value does not survive encoding and decoding"
    );
    let strings_path = dir.join(format!("{name}.strings"));
    if std::env::var_os("RUNWHERE_BLESS").is_some() {
        std::fs::write(dir.join(format!("{name}.bin")), &want).expect("compiled/ is writable");
        if strings.is_empty() {
            let _ = std::fs::remove_file(&strings_path);
        } else {
            std::fs::write(&strings_path, &strings).expect("compiled/ is writable");
        }
        return false;
    }
    let have = std::fs::read(dir.join(format!("{name}.bin"))).unwrap_or_default();
    let have_strings = std::fs::read_to_string(&strings_path).unwrap_or_default();
    assert!(
        have == want && have_strings == strings,
        "compiled/{name}.bin is stale: it does not hold what the bundled files give now; \
         regenerate it with `RUNWHERE_BLESS=1 cargo test --lib compiled_data` and commit it \
         (compiled/README.md)"
    );
    // The embedded copy is the file on disk, and the binary decodes it to the same value.
    let (_, embedded, embedded_strings) = FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .expect("build.rs embeds every file in compiled/");
    let decoded: T = decode_bytes(embedded, embedded_strings).expect("the embedded file decodes");
    assert!(
        encode(&decoded) == (want, strings),
        "compiled/{name}.bin: the embedded copy differs; rebuild"
    );
    true
}

/// For tests: the generated source `compiled/<file>` must be exactly `want`; with
/// `RUNWHERE_BLESS=1` it is written instead, and `false` returned (the next build compiles it).
///
/// # Panics
/// When the file is stale, with the command that regenerates it.
#[cfg(test)]
pub(crate) fn check_source(file: &str, want: &str) -> bool {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("compiled")
        .join(file);
    if std::env::var_os("RUNWHERE_BLESS").is_some() {
        std::fs::write(&path, want).expect("compiled/ is writable");
        return false;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "compiled/{file} is stale: it does not hold what the bundled files give now; \
         regenerate it with `RUNWHERE_BLESS=1 cargo test --lib compiled_data` and commit it \
         (compiled/README.md)"
    );
    true
}

/// For a field its loader fills in rather than reads from the file (where a row came from, a
/// derived index): `#[serde(default, with = "crate::input::compiled::loader_only")]`. The
/// compiled data carries it like any field; a data file that sets it is refused. (`#[serde(skip)]`
/// would leave it out of the compiled data, which the staleness tests then report.)
pub mod loader_only {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// # Errors
    /// As the serializer's.
    pub fn serialize<T: Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    /// # Errors
    /// Always from a human-readable format (a data file); else as the deserializer's.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        if d.is_human_readable() {
            return Err(serde::de::Error::custom(
                "this key is not read from a file; remove it",
            ));
        }
        T::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Row {
        price: f64,
        #[serde(default, with = "loader_only")]
        origin: String,
    }

    #[test]
    fn a_field_the_loader_fills_is_compiled_but_never_read_from_a_file() {
        let row = Row {
            price: 0.0416,
            origin: "catalogue/ec2-us-east-1.csv:12".to_owned(),
        };
        let (bytes, strings) = encode(&row);
        assert_eq!(
            decode_bytes::<Row>(&bytes, Box::leak(strings.into_boxed_str())),
            Some(row)
        );
        let from_file: Row = toml::from_str("price = 0.0416").unwrap();
        assert_eq!(from_file.origin, "");
        let e = toml::from_str::<Row>("price = 0.0416\norigin = \"x\"").unwrap_err();
        assert!(e.to_string().contains("not read from a file"), "{e}");
    }

    #[test]
    fn a_file_from_other_data_or_cut_short_is_not_used() {
        let value: (String, Vec<f64>) = ("us-east-1".to_owned(), vec![0.0416, 1e-7]);
        let (bytes, strings) = encode(&value);
        assert_eq!(strings, "", "no text field, no table");
        assert_eq!(decode_bytes::<(String, Vec<f64>)>(&bytes, ""), Some(value));
        // Another data hash in the header: stale.
        let mut other = bytes.clone();
        other[MAGIC.len()] ^= 1;
        assert_eq!(decode_bytes::<(String, Vec<f64>)>(&other, ""), None);
        // Cut short, or with bytes left over: not this value.
        assert_eq!(
            decode_bytes::<(String, Vec<f64>)>(&bytes[..bytes.len() - 1], ""),
            None
        );
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode_bytes::<(String, Vec<f64>)>(&longer, ""), None);
        // No such file.
        assert_eq!(decode::<u8>("no-such-file"), None);
        assert!(!is_current("no-such-file"));
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Texts {
        #[serde(with = "text")]
        reason: Cow<'static, str>,
        #[serde(with = "text::option")]
        warning: Option<Cow<'static, str>>,
        #[serde(with = "text::list")]
        files: Vec<Cow<'static, str>>,
    }

    #[test]
    fn texts_are_spans_of_one_table_borrowed_when_decoded() {
        let value = Texts {
            reason: "Lambda stops at 15 minutes".into(),
            warning: Some("§ Lambda".into()),
            files: vec!["rules/fit.toml".into(), "Lambda stops at 15 minutes".into()],
        };
        let (bytes, strings) = encode(&value);
        // Each distinct text once.
        assert_eq!(strings, "Lambda stops at 15 minutes§ Lambdarules/fit.toml");
        let table: &'static str = Box::leak(strings.clone().into_boxed_str());
        let back: Texts = decode_bytes(&bytes, table).unwrap();
        assert_eq!(back, value);
        assert!(matches!(back.reason, Cow::Borrowed(_)));
        // Another table's length in the header: not this file.
        assert_eq!(decode_bytes::<Texts>(&bytes, "short"), None);
        // A span that is not one of the table (inside `§`, or past its end): an error, never
        // another text.
        #[derive(Debug, serde::Deserialize)]
        struct One(#[serde(with = "text")] Cow<'static, str>);
        for span in [(0_u32, 1_u32), (0, 9), (0, 2)] {
            let bytes =
                postcard::to_allocvec(&(u64::from(span.0) << 32 | u64::from(span.1 - span.0)))
                    .unwrap();
            READING.with(|r| r.set("§"));
            let one = postcard::from_bytes::<One>(&bytes);
            READING.with(|r| r.set(""));
            let want = (span == (0, 2)).then_some(Cow::Borrowed("§"));
            assert_eq!(one.ok().map(|o| o.0), want, "{span:?}");
        }
        // Human-readable forms carry the texts themselves.
        let json = serde_json::to_string(&value).unwrap();
        assert!(
            json.contains("\"reason\":\"Lambda stops at 15 minutes\""),
            "{json}"
        );
        let from_json: Texts = serde_json::from_str(&json).unwrap();
        assert_eq!(from_json, value);
        // Outside `encode`, the compiled form has no table to write to.
        assert!(postcard::to_allocvec(&value).is_err());
    }
}
