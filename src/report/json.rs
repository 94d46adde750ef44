//! `--format json`: the stable contract of spec §5, and the one way every JSON document is written.

use serde::Serialize;

use super::Report;
use crate::error::Result;

/// Pretty-printed JSON with a trailing newline.
///
/// # Errors
/// [`crate::Error::Json`] if the report cannot be serialized (exit 1, never an empty document).
pub fn render(report: &Report) -> Result<String> {
    pretty(report)
}

/// Any document as pretty-printed JSON with a trailing newline.
///
/// # Errors
/// [`crate::Error::Json`] if `value` cannot be serialized (a map with non-string keys, say).
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut out = serde_json::to_string_pretty(value)?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn a_document_that_cannot_be_serialized_is_an_error_not_an_empty_string() {
        // JSON object keys must be strings; a map keyed by tuples cannot be written.
        let bad: BTreeMap<(u8, u8), u8> = BTreeMap::from([((1, 2), 3)]);
        let e = super::pretty(&bad).unwrap_err();
        assert_eq!(e.exit_code(), 1);
        assert!(
            e.to_string()
                .starts_with("cannot write the JSON document: "),
            "{e}"
        );
        assert_eq!(super::pretty(&[1, 2]).unwrap(), "[\n  1,\n  2\n]\n");
    }
}
