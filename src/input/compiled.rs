//! Bundled data in compiled form: each data set checked by its loader when the files in
//! `compiled/` are made (`RUNWHERE_BLESS=1 cargo test --lib compiled_data`), and decoded at run
//! time instead of parsing TOML.
//!
//! A compiled file is a header (a magic number and the hash of every bundled data file it was made
//! from, as `build.rs` computes it) followed by the value in postcard's encoding. [`decode`] gives
//! the value only when the header matches the data this binary was built with and the whole file
//! decodes; otherwise the loader parses the TOML, so a stale file costs time, never correctness.
//! [`check`] is the test that keeps every file current.

use serde::Serialize;
use serde::de::DeserializeOwned;

include!(concat!(env!("OUT_DIR"), "/compiled_files.rs"));

/// The first bytes of every compiled file; the digit changes with the layout of the header.
const MAGIC: &[u8; 4] = b"RWC1";

/// The hash of the bundled data files this binary was built with (see `build.rs`).
const DATA_HASH: &str = env!("RUNWHERE_DATA_HASH");

fn header() -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(DATA_HASH.as_bytes());
    out
}

/// The value of compiled file `name`, when there is one made from this binary's data and it
/// decodes completely.
pub fn decode<T: DeserializeOwned>(name: &str) -> Option<T> {
    let (_, bytes) = FILES.iter().find(|(n, _)| *n == name)?;
    decode_bytes(bytes)
}

fn decode_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    let body = bytes.strip_prefix(header().as_slice())?;
    match postcard::take_from_bytes::<T>(body) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

/// The compiled form of `value`: the header, then the value.
///
/// # Panics
/// If the value cannot be encoded (a map with non-string keys, or the like: a programming error
/// that the staleness tests show at once).
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = header();
    out.extend(postcard::to_allocvec(value).expect("the bundled data encodes"));
    out
}

/// Whether `name` has a compiled file made from this binary's data.
#[cfg(test)]
pub(crate) fn is_current(name: &str) -> bool {
    let prefix = header();
    FILES
        .iter()
        .any(|(n, bytes)| *n == name && bytes.starts_with(&prefix))
}

/// For tests: the compiled file `compiled/<name>.bin` must hold exactly `value` (what the loader
/// made of the bundled TOML), and decode back to it. With `RUNWHERE_BLESS=1` the file is written
/// instead, and `false` returned: the binary embeds it from the next build on.
///
/// # Panics
/// When the file is absent or stale, with the command that regenerates it.
#[cfg(test)]
pub(crate) fn check<T: Serialize + DeserializeOwned>(name: &str, value: &T) -> bool {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("compiled")
        .join(format!("{name}.bin"));
    let want = encode(value);
    // The encoding round-trips: what is decoded is what was encoded.
    let back: T = decode_bytes(&want).expect("a freshly encoded value decodes");
    assert!(
        encode(&back) == want,
        "compiled/{name}.bin: the value does not survive encoding and decoding"
    );
    if std::env::var_os("RUNWHERE_BLESS").is_some() {
        std::fs::write(&path, &want).expect("compiled/ is writable");
        return false;
    }
    let have = std::fs::read(&path).unwrap_or_default();
    assert!(
        have == want,
        "compiled/{name}.bin is stale: it does not hold what the bundled files give now; \
         regenerate it with `RUNWHERE_BLESS=1 cargo test --lib compiled_data` and commit it \
         (compiled/README.md)"
    );
    // The embedded copy is the file on disk, and the binary decodes it to the same value.
    let (_, embedded) = FILES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("build.rs embeds every file in compiled/");
    let decoded: T = decode_bytes(embedded).expect("the embedded file decodes");
    assert!(
        encode(&decoded) == want,
        "compiled/{name}.bin: the embedded copy differs; rebuild"
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
        assert_eq!(decode_bytes::<Row>(&encode(&row)), Some(row));
        let from_file: Row = toml::from_str("price = 0.0416").unwrap();
        assert_eq!(from_file.origin, "");
        let e = toml::from_str::<Row>("price = 0.0416\norigin = \"x\"").unwrap_err();
        assert!(e.to_string().contains("not read from a file"), "{e}");
    }

    #[test]
    fn a_file_from_other_data_or_cut_short_is_not_used() {
        let value: (String, Vec<f64>) = ("us-east-1".to_owned(), vec![0.0416, 1e-7]);
        let bytes = encode(&value);
        assert_eq!(decode_bytes::<(String, Vec<f64>)>(&bytes), Some(value));
        // Another data hash in the header: stale.
        let mut other = bytes.clone();
        other[MAGIC.len()] ^= 1;
        assert_eq!(decode_bytes::<(String, Vec<f64>)>(&other), None);
        // Cut short, or with bytes left over: not this value.
        assert_eq!(
            decode_bytes::<(String, Vec<f64>)>(&bytes[..bytes.len() - 1]),
            None
        );
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode_bytes::<(String, Vec<f64>)>(&longer), None);
        // No such file.
        assert_eq!(decode::<u8>("no-such-file"), None);
        assert!(!is_current("no-such-file"));
    }
}
