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

impl SourceFile {
    /// Reads a file from disk.
    ///
    /// # Errors
    /// Returns the I/O error with the path when the file cannot be read or is not UTF-8.
    pub fn read(path: &Path) -> Result<Self, crate::Error> {
        std::fs::read_to_string(path)
            .map(|text| Self {
                name: path.display().to_string(),
                text,
                overlay: None,
            })
            .map_err(|source| crate::Error::Read {
                path: PathBuf::from(path),
                source,
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
