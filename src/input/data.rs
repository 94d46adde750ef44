//! The one loader for runwhere's data files (pricing tables, rules, architecture diagrams): the
//! bundled files, or every `*.toml` in a directory the user names, parsed once into a spanned
//! TOML document from which both the typed value and every span a diagnostic needs are taken.
//!
//! [`DataSource`] says where the files come from. Bundled files are TOML text embedded in the
//! binary; each loader first asks [`crate::input::compiled`] for the same data checked and
//! encoded when the repository's `compiled/` files were made, and parses the bundled TOML only
//! when those are stale (a `--pricing-dir` or `--rules-dir` is always parsed).

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Error, Result};
use crate::input::diagnostic::Diagnostics;
use crate::input::source::{Limit, SourceFile};

/// A bundled file: the path a user sees in the repository, and its text.
pub type BundledFile = (&'static str, &'static str);

/// Where a set of data files comes from.
#[derive(Debug, Clone)]
pub enum DataSource {
    /// Files compiled into the binary.
    Bundled(&'static [BundledFile]),
    /// Every `*.toml` in a directory, in name order.
    Dir(PathBuf),
}

impl DataSource {
    /// `dir` when given, else the bundled files.
    pub fn dir_or_bundled(dir: Option<&Path>, bundled: &'static [BundledFile]) -> Self {
        dir.map_or(Self::Bundled(bundled), |d| Self::Dir(d.to_path_buf()))
    }

    /// For messages: `bundled`, or the directory.
    pub fn origin(&self) -> String {
        match self {
            Self::Bundled(_) => "bundled".to_owned(),
            Self::Dir(dir) => dir.display().to_string(),
        }
    }

    /// The files, read (a directory's, each at most `limit`) or borrowed (the bundled ones).
    ///
    /// # Errors
    /// A directory or file that cannot be read or is too large, or `empty` (called with the
    /// directory) when a directory holds no `*.toml`.
    pub fn files(
        &self,
        limit: Limit,
        empty: impl FnOnce(PathBuf) -> Error,
    ) -> Result<Vec<SourceFile>> {
        match self {
            Self::Bundled(files) => Ok(files
                .iter()
                .map(|(name, text)| SourceFile::new(*name, *text))
                .collect()),
            Self::Dir(dir) => {
                let read_err = |source| Error::Read {
                    path: dir.clone(),
                    source,
                };
                let mut paths = Vec::new();
                for entry in std::fs::read_dir(dir).map_err(read_err)? {
                    let path = entry.map_err(read_err)?.path();
                    if path.extension().is_some_and(|e| e == "toml") {
                        paths.push(path);
                    }
                }
                paths.sort();
                if paths.is_empty() {
                    return Err(empty(dir.clone()));
                }
                paths
                    .iter()
                    .map(|p| SourceFile::read_limited(p, limit))
                    .collect()
            }
        }
    }
}

/// One data file parsed once: the spanned TOML document, kept for the spans of later checks.
pub struct Document<'a> {
    pub source: &'a SourceFile,
    doc: Spanned<DeTable<'a>>,
}

impl<'a> Document<'a> {
    /// Parses `source`'s TOML.
    ///
    /// # Errors
    /// A TOML syntax error, as one diagnostic with its span.
    pub fn parse(source: &'a SourceFile) -> Result<Self, Diagnostics> {
        let doc = DeTable::parse(source.text())
            .map_err(|e| Diagnostics(vec![crate::input::diagnostic::toml_error(source, &e)]))?;
        Ok(Self { source, doc })
    }

    /// The typed value, keeping the document for the spans of later checks (a copy of the
    /// document is deserialized; [`Document::into_value`] saves it when no span is needed).
    ///
    /// # Errors
    /// A key or value the type does not accept, as one diagnostic with its span.
    pub fn value<T: DeserializeOwned>(&self) -> Result<T, Diagnostics> {
        Self::deserialize(self.source, self.doc.clone())
    }

    /// The typed value, consuming the document: for types that carry their own spans
    /// (`toml::Spanned` fields).
    ///
    /// # Errors
    /// A key or value the type does not accept, as one diagnostic with its span.
    pub fn into_value<T: DeserializeOwned>(self) -> Result<T, Diagnostics> {
        Self::deserialize(self.source, self.doc)
    }

    fn deserialize<T: DeserializeOwned>(
        source: &SourceFile,
        doc: Spanned<DeTable<'_>>,
    ) -> Result<T, Diagnostics> {
        T::deserialize(toml::de::Deserializer::from(doc))
            .map_err(|e| Diagnostics(vec![crate::input::diagnostic::schema_error(source, &e)]))
    }

    /// The span of the value at `path` (`["fargate", "x86_vcpu_hour"]`); where the path goes
    /// through a value that is not a table, that value's span. `None` when a key is absent.
    pub fn span(&self, path: &[&str]) -> Option<Range<usize>> {
        let mut table = self.doc.get_ref();
        let mut span = None;
        for key in path {
            let value = table.get(*key)?;
            span = Some(value.span());
            match value.get_ref() {
                DeValue::Table(t) => table = t,
                _ => break,
            }
        }
        span
    }
}

/// Parses `source` and takes its typed value in one step.
///
/// # Errors
/// The TOML syntax or schema error, as [`Error::Invalid`].
pub fn parse<T: DeserializeOwned>(source: &SourceFile) -> Result<T> {
    Document::parse(source)
        .and_then(Document::into_value)
        .map_err(Error::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct T {
        a: u32,
        b: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        c: f64,
    }

    #[test]
    fn one_parse_gives_the_value_and_the_spans() {
        let source = SourceFile::new("t.toml", "a = 1\n[b]\nc = 2.5\n");
        let doc = Document::parse(&source).unwrap();
        assert_eq!(
            doc.value::<T>().unwrap(),
            T {
                a: 1,
                b: Some(Inner { c: 2.5 })
            }
        );
        // `c = 2.5`: the value's span is bytes 14..17.
        assert_eq!(&source.text()[doc.span(&["b", "c"]).unwrap()], "2.5");
        assert_eq!(&source.text()[doc.span(&["a"]).unwrap()], "1");
        // A path through a value stops at it; an absent key has no span.
        assert_eq!(doc.span(&["a", "x"]), doc.span(&["a"]));
        assert_eq!(doc.span(&["b", "zzz"]), None);
        assert_eq!(doc.span(&["zzz"]), None);
    }

    #[test]
    fn syntax_and_schema_errors_are_diagnostics_with_a_line() {
        let bad = SourceFile::new("t.toml", "a = \n");
        let e = parse::<T>(&bad).unwrap_err();
        assert!(e.render().contains("t.toml:1:"), "{}", e.render());
        let unknown = SourceFile::new("t.toml", "a = 1\nd = 2\n");
        let e = parse::<T>(&unknown).unwrap_err();
        assert!(e.render().contains("t.toml:2:"), "{}", e.render());
    }

    #[test]
    fn a_directory_without_toml_files_is_the_callers_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let e = DataSource::Dir(dir.path().to_path_buf())
            .files(Limit::RULES, |dir| Error::NoRules { dir })
            .unwrap_err();
        assert!(matches!(e, Error::NoRules { .. }));
        std::fs::write(dir.path().join("b.toml"), "").unwrap();
        std::fs::write(dir.path().join("a.toml"), "").unwrap();
        let files = DataSource::Dir(dir.path().to_path_buf())
            .files(Limit::RULES, |dir| Error::NoRules { dir })
            .unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.name().rsplit('/').next().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["a.toml", "b.toml"]);
        assert_eq!(DataSource::Bundled(&[("x.toml", "")]).origin(), "bundled");
    }
}
