//! Typed reading of a parsed TOML table, one key at a time, collecting every problem.
//!
//! A [`TableReader`] remembers which keys were asked for, so that whatever is left over when
//! [`TableReader::finish`] is called is an unknown key, reported with a "did you mean" against the
//! keys the table does take. Reading from the parsed tree (rather than through serde) lets one pass
//! report every wrong type and unknown key at once, each pointing at its own span.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::input::diagnostic::{Code, Diagnostic, Diagnostics, one_of, suggest};
use crate::input::source::SourceFile;

/// A value read from the file with the byte range it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct At<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A closed set of string values (`kind = "service"`), parsed with a did-you-mean on mistakes.
pub(crate) trait Choice: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

pub(crate) struct TableReader<'a, 'i> {
    src: &'a SourceFile,
    table: &'a DeTable<'i>,
    /// `resources`, or empty for the document root.
    path: std::borrow::Cow<'static, str>,
    span: Range<usize>,
    asked: Vec<&'static str>,
    /// The key [`TableReader::has`] looked up last and what it found: reading it next finds it
    /// without a second search.
    last: Option<(&'static str, Option<&'a Spanned<DeValue<'i>>>)>,
    /// How many of the table's keys were asked for, each counted once: when that is all of
    /// them, [`TableReader::finish`] has no unknown key to look for.
    known: usize,
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'a, 'i> TableReader<'a, 'i> {
    pub(crate) fn root(src: &'a SourceFile, table: &'a Spanned<DeTable<'i>>) -> Self {
        Self {
            src,
            table: table.get_ref(),
            path: std::borrow::Cow::Borrowed(""),
            span: table.span(),
            asked: Vec::new(),
            last: None,
            known: 0,
        }
    }

    /// The dotted path of `key` in this table, as users write it in `--set` and messages.
    pub(crate) fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub(crate) fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Spanned<DeValue<'i>>> {
        if let Some((k, found)) = self.last.take()
            && std::ptr::eq(k, key)
        {
            return found;
        }
        let found = self.table.get(key);
        if !self.asked.contains(&key) {
            self.asked.push(key);
            self.known += usize::from(found.is_some());
        }
        found
    }

    /// Takes `keys` as asked for (for unknown-key suggestions), all at once: a reader of every
    /// field of a table then asks [`TableReader::gives`] for each.
    pub(crate) fn expect(&mut self, keys: impl ExactSizeIterator<Item = &'static str>) {
        self.asked.reserve(keys.len());
        self.asked.extend(keys);
    }

    /// Whether the file gives `key`, which [`TableReader::expect`] took as asked for. Ask once
    /// per key: a key found counts as known each time.
    pub(crate) fn gives(&mut self, key: &'static str) -> bool {
        let found = self.table.get(key);
        self.last = Some((key, found));
        self.known += usize::from(found.is_some());
        found.is_some()
    }

    /// Whether the file gives `key`; counts as asking for it (for unknown-key suggestions).
    pub(crate) fn has(&mut self, key: &'static str) -> bool {
        let found = self.get(key);
        self.last = Some((key, found));
        found.is_some()
    }

    fn wrong_type(
        &self,
        diags: &mut Diagnostics,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        expected: &str,
    ) {
        let example = match expected {
            "a number" => Some("write a number without quotes, like `1.5` or `30_000_000`"),
            "a whole number" => Some("write a whole number without quotes, like `2`"),
            "`true` or `false`" => Some("write `true` or `false` without quotes"),
            "a string" => Some("write the value in double quotes"),
            _ => None,
        };
        diags.push(
            Diagnostic::new(
                self.src,
                Some(value.span()),
                format!(
                    "`{}` must be {expected}, found {}",
                    self.key_path(key),
                    type_name(value.get_ref())
                ),
            )
            .with_code(Code::WrongType)
            .with_subject(self.key_path(key))
            .with_optional_help(example.map(str::to_owned)),
        );
    }

    pub(crate) fn number(&mut self, key: &'static str, diags: &mut Diagnostics) -> Option<At<f64>> {
        let value = self.get(key)?;
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            _ => {
                self.wrong_type(diags, key, value, "a number");
                return None;
            }
        };
        match parsed {
            Some(n) if n.is_finite() => Some(At {
                value: n,
                span: value.span(),
            }),
            _ => {
                diags.push(
                    Diagnostic::new(
                        self.src,
                        Some(value.span()),
                        format!("`{}` must be a finite number", self.key_path(key)),
                    )
                    .with_code(Code::OutOfRange),
                );
                None
            }
        }
    }

    pub(crate) fn integer(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<At<i64>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(At {
                    value: n,
                    span: value.span(),
                }),
                Err(_) => {
                    diags.push(
                        Diagnostic::new(
                            self.src,
                            Some(value.span()),
                            format!("`{}` is too large", self.key_path(key)),
                        )
                        .with_code(Code::OutOfRange),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(diags, key, value, "a whole number");
                None
            }
        }
    }

    pub(crate) fn boolean(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<At<bool>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(At {
                value: *b,
                span: value.span(),
            }),
            _ => {
                self.wrong_type(diags, key, value, "`true` or `false`");
                None
            }
        }
    }

    pub(crate) fn string(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<At<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(At {
                value: s.to_string(),
                span: value.span(),
            }),
            _ => {
                self.wrong_type(diags, key, value, "a string");
                None
            }
        }
    }

    /// One of `names`, with a "did you mean" on a mistake.
    pub(crate) fn choice(
        &mut self,
        key: &'static str,
        names: &'static [&'static str],
        diags: &mut Diagnostics,
    ) -> Option<At<&'static str>> {
        let found = self.get(key)?;
        let (value, span) = match found.get_ref() {
            DeValue::String(s) => (s, found.span()),
            _ => {
                self.wrong_type(diags, key, found, "a string");
                return None;
            }
        };
        if let Some(c) = names.iter().find(|n| **n == value.as_ref()) {
            return Some(At { value: c, span });
        }
        let help = match suggest(value, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("expected {}", one_of(names)),
        };
        diags.push(
            Diagnostic::new(
                self.src,
                Some(span),
                format!(
                    "`{}` cannot be `{value}`: expected {}",
                    self.key_path(key),
                    one_of(names)
                ),
            )
            .with_code(Code::UnknownValue)
            .with_subject(self.key_path(key))
            .with_help(help),
        );
        None
    }

    /// Where the value of `key` is, when the file gives it.
    pub(crate) fn value_span(&self, key: &str) -> Option<Range<usize>> {
        self.table.get(key).map(Spanned::span)
    }

    /// A sub-table; `None` when absent or not a table (reported).
    pub(crate) fn table(
        &mut self,
        key: &'static str,
        diags: &mut Diagnostics,
    ) -> Option<TableReader<'a, 'i>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(TableReader {
                src: self.src,
                table: t,
                path: if self.path.is_empty() {
                    std::borrow::Cow::Borrowed(key)
                } else {
                    std::borrow::Cow::Owned(self.key_path(key))
                },
                span: value.span(),
                asked: Vec::new(),
                last: None,
                known: 0,
            }),
            _ => {
                self.wrong_type(diags, key, value, "a table");
                None
            }
        }
    }

    /// Reports every key that was never asked for.
    pub(crate) fn finish(self, diags: &mut Diagnostics) {
        if self.known == self.table.len() {
            return;
        }
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if self.asked.contains(&name) {
                continue;
            }
            let place = if self.path.is_empty() {
                "at the top level".to_owned()
            } else {
                format!("in [{}]", self.path)
            };
            let suggestion = suggest(name, self.asked.iter().copied());
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("allowed keys {place}: {}", one_of(&self.asked)),
            };
            let mut d = Diagnostic::new(
                self.src,
                Some(key.span()),
                format!("unknown key `{name}` {place}"),
            )
            .with_code(Code::UnknownKey)
            .with_help(help);
            // The subject of an unknown key is what it was probably meant to be.
            if let Some(s) = suggestion {
                d = d.with_subject(self.key_path(s));
            }
            diags.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unknown keys `finish` reports for `text` after asking for `a` and `b` as a reader of
    /// every field does (once each), then reading `a` and `version` again as the top level does.
    fn unknown(text: &str) -> Vec<String> {
        let src = SourceFile::new("t.toml", text);
        let doc = DeTable::parse(src.text()).unwrap();
        let mut t = TableReader::root(&src, &doc);
        t.expect(["a", "b"].into_iter());
        assert!(t.gives("a"));
        let _ = t.gives("b");
        let mut diags = Diagnostics::default();
        let _ = t.number("a", &mut diags);
        let _ = t.number("a", &mut diags);
        let _ = t.has("version");
        let _ = t.has("version");
        t.finish(&mut diags);
        diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn every_key_read_leaves_none_unknown_and_reading_again_counts_no_key_twice() {
        assert!(unknown("a = 1\nb = 2\nversion = 1\n").is_empty());
        assert!(unknown("a = 1\n").is_empty());
        // Read twice, `a` and `version` still count once: the key nobody asked for is reported.
        assert_eq!(
            unknown("a = 1\nversion = 1\nbb = 2\n"),
            ["unknown key `bb` at the top level"]
        );
        assert_eq!(
            unknown("a = 1\nb = 2\nversion = 1\nc = 3\n"),
            ["unknown key `c` at the top level"]
        );
    }
}
