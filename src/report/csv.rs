//! The one way CSV is written: the `csv` crate, RFC 4180 quoting (only fields that hold a comma,
//! a quote or a line break are quoted), `\n` line ends.

use crate::error::{Error, Result};

/// A header and rows as CSV text.
///
/// # Errors
/// [`Error::Render`] if the text cannot be written (it is written to memory, so in practice never).
pub fn document<R, F>(header: &[&str], rows: impl IntoIterator<Item = R>) -> Result<String>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let failed = |e: &dyn std::fmt::Display| Error::Render {
        message: format!("CSV: {e}"),
    };
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header).map_err(|e| failed(&e))?;
    for row in rows {
        w.write_record(row).map_err(|e| failed(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| failed(e.error()))?;
    String::from_utf8(bytes).map_err(|e| failed(&e))
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_only_fields_that_need_it() {
        let text = super::document(
            &["a", "b", "c", "d"],
            [
                ["plain", "a,b", "say \"hi\"", ""],
                ["1", "two\nlines", "x", "3.50"],
            ],
        )
        .unwrap();
        assert_eq!(
            text,
            "a,b,c,d\nplain,\"a,b\",\"say \"\"hi\"\"\",\n1,\"two\nlines\",x,3.50\n"
        );
    }
}
