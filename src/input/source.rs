//! Input text with the name a user knows it by, and byte offsets turned into `line:column`.
//!
//! Bundled files are named by their path in the repository (`pricing/us-east-1.toml`), so an error in
//! an embedded table points at the same file a user can open.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A file's text and the name used for it in messages.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: String,
    /// Text appended after the file's own (`--set` overrides): its start offset and its name.
    overlay: Option<(usize, String)>,
}

/// The largest input file of a kind that runwhere reads; a larger one is refused before it is
/// read, so a huge or endless file costs neither time nor memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// The kind of file, for the message: `workload files`.
    pub what: &'static str,
}

impl Limit {
    /// Workload files (and standard input): 1 MiB, a thousand times the largest example.
    pub const WORKLOAD: Self = Self {
        bytes: 1 << 20,
        what: "workload files",
    };
    /// Rules files: 1 MiB each.
    pub const RULES: Self = Self {
        bytes: 1 << 20,
        what: "rules files",
    };
    /// Pricing tables: 16 MiB each (a table of every EC2 instance type is about 1 MiB).
    pub const PRICING: Self = Self {
        bytes: 16 << 20,
        what: "pricing tables",
    };
}

impl SourceFile {
    /// Reads a workload file from disk (at most [`Limit::WORKLOAD`]).
    ///
    /// # Errors
    /// As [`SourceFile::read_limited`].
    pub fn read(path: &Path) -> Result<Self, crate::Error> {
        Self::read_limited(path, Limit::WORKLOAD)
    }

    /// Reads a file from disk, refusing anything but a regular file of at most `limit`.
    ///
    /// # Errors
    /// [`crate::Error::Read`] with the path when the file cannot be read, is not a regular file
    /// (a FIFO would block forever) or is too large; [`crate::Error::Invalid`] at the line and
    /// column of the first byte that is not UTF-8.
    pub fn read_limited(path: &Path, limit: Limit) -> Result<Self, crate::Error> {
        let fail = |source| crate::Error::Read {
            path: PathBuf::from(path),
            source,
        };
        // Checked before opening: opening a FIFO blocks until someone writes to it.
        let meta = std::fs::metadata(path).map_err(fail)?;
        if !meta.is_file() {
            let what = if meta.is_dir() {
                "it is a directory"
            } else {
                "it is not a regular file (a pipe, device or socket); redirect it to standard input and give `-` instead"
            };
            return Err(fail(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                what,
            )));
        }
        let file = std::fs::File::open(path).map_err(fail)?;
        // Sized from the file's length, so that a file is read in one or two calls.
        let size = usize::try_from(meta.len().min(limit.bytes)).unwrap_or(0);
        Self::read_from(path.display().to_string(), file, limit, size).map_err(|e| match e {
            crate::Error::Read { source, .. } => fail(source),
            other => other,
        })
    }

    /// Reads at most `limit` from `reader` (standard input), named `name` in messages.
    ///
    /// # Errors
    /// As [`SourceFile::read_limited`], with `name` as the path.
    pub fn from_reader(
        name: String,
        reader: impl std::io::Read,
        limit: Limit,
    ) -> Result<Self, crate::Error> {
        Self::read_from(name, reader, limit, 0)
    }

    /// [`SourceFile::from_reader`], into a buffer of `size` bytes to start with.
    fn read_from(
        name: String,
        reader: impl std::io::Read,
        limit: Limit,
        size: usize,
    ) -> Result<Self, crate::Error> {
        use std::io::Read as _;
        let fail = |source| crate::Error::Read {
            path: PathBuf::from(&name),
            source,
        };
        let mut bytes = Vec::with_capacity(size.saturating_add(1));
        reader
            .take(limit.bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(fail)?;
        if bytes.len() as u64 > limit.bytes {
            return Err(fail(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "it is larger than {} MiB, the limit for {}",
                    limit.bytes >> 20,
                    limit.what
                ),
            )));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let source = Self::new(name.clone(), lossy);
                return Err(crate::Error::Invalid(
                    crate::input::diagnostic::Diagnostics(vec![
                        crate::input::diagnostic::Diagnostic::new(
                            &source,
                            Some(at..at),
                            "the file is not valid UTF-8",
                        )
                        .with_code(crate::input::diagnostic::Code::InvalidEncoding)
                        .with_help("save it as UTF-8"),
                    ]),
                ));
            }
        };
        Ok(Self {
            name,
            text,
            overlay: None,
        })
    }

    /// A file whose text is already in memory (an embedded table, a test fixture, standard input).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            overlay: None,
        }
    }

    /// This file with `extra` appended as a separate, named source (command-line overrides), so
    /// that a problem in the extra text is reported as `name:line:column` of that text.
    #[must_use]
    pub fn with_overlay(&self, name: &str, extra: &str) -> Self {
        let mut text = self.text.clone();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(extra);
        Self {
            name: self.name.clone(),
            text,
            overlay: Some((start, name.to_owned())),
        }
    }

    /// The file's own text, without any overlay.
    pub fn own_text(&self) -> &str {
        match &self.overlay {
            Some((start, _)) => &self.text[..*start],
            None => &self.text,
        }
    }

    /// The name of the source an offset falls in: the file's, or the overlay's.
    pub fn name_at(&self, offset: usize) -> &str {
        match &self.overlay {
            Some((start, name)) if offset >= *start => name,
            _ => &self.name,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let base = match &self.overlay {
            Some((start, _)) if offset >= *start => *start,
            _ => 0,
        };
        let before = &self.text[base..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where a diagnostic points: a file and, when known, a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub span: Option<Range<usize>>,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn at(source: &SourceFile, span: Option<Range<usize>>) -> Self {
        let (line, column) = span.as_ref().map_or((0, 0), |s| source.line_col(s.start));
        let file = span
            .as_ref()
            .map_or(source.name(), |s| source.name_at(s.start));
        Self {
            file: file.to_owned(),
            span,
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let src = SourceFile::new("t.toml", "a = 1\nné = 2\n");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(6), (2, 1));
        // "né" is 3 bytes; the space after it is the third character.
        assert_eq!(src.line_col(9), (2, 3));
        assert_eq!(src.line_col(999), (3, 1));
    }

    /// Issue 16: invalid UTF-8 had no position; too large an input was read whole.
    #[test]
    fn bad_bytes_have_a_position_and_size_is_capped() {
        let text = b"name = \"ok\"\nregion = \"us-\xff\"\n";
        let err =
            SourceFile::from_reader("w.toml".to_owned(), &text[..], Limit::WORKLOAD).unwrap_err();
        let shown = err.render();
        assert!(shown.contains("--> w.toml:2:14"), "{shown}");
        assert!(shown.contains("not valid UTF-8"), "{shown}");
        let limit = Limit {
            bytes: 16,
            what: "test files",
        };
        // An endless reader is read only up to the limit.
        let err =
            SourceFile::from_reader("big".to_owned(), std::io::repeat(b' '), limit).unwrap_err();
        assert!(
            err.to_string()
                .contains("larger than 0 MiB, the limit for test files"),
            "{err}"
        );
        assert!(SourceFile::from_reader("ok".to_owned(), &[b' '; 16][..], limit).is_ok());
    }

    #[test]
    fn overlay_has_its_own_name_and_lines() {
        let src = SourceFile::new("w.toml", "a = 1").with_overlay("--set", "b=2\nc=3\n");
        assert_eq!(src.own_text(), "a = 1\n");
        assert_eq!(src.name_at(0), "w.toml");
        assert_eq!(src.name_at(6), "--set");
        assert_eq!(src.line_col(6), (1, 1));
        assert_eq!(src.line_col(12), (2, 3));
        assert_eq!(Location::at(&src, Some(12..13)).to_string(), "--set:2:3");
    }
}
