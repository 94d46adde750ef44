//! Problems in a user's input: a location, a one-line message and optional help.
//!
//! Every input error (TOML syntax, unknown keys, wrong types, out-of-range values, bad references)
//! becomes a [`Diagnostic`], rendered the same way with a source snippet and a caret under the span.

mod code;

use std::fmt;
use std::ops::Range;

use annotate_snippets::{Level, Renderer, Snippet};

pub use self::code::Code;
use crate::source::{Location, SourceFile};

/// One problem in one input file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// A stable code (`unknown-key`, `out-of-range`, …), documented in `docs/diagnostics.md`.
    pub code: Code,
    /// The key or value the diagnostic is about, when there is one (`traffic`, `resources.vcpu`).
    pub subject: Option<String>,
    pub location: Location,
    /// Lowercase, one line, no final period; user input in backticks.
    pub message: String,
    /// What is allowed, or a "did you mean" suggestion.
    pub help: Option<String>,
    /// The offending source line(s), kept so the diagnostic renders without the file.
    snippet: Option<(String, usize, Range<usize>)>,
}

impl Diagnostic {
    pub fn new(
        source: &SourceFile,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let snippet = span.as_ref().map(|span| excerpt(source, span));
        Self {
            code: Code::InvalidValue,
            subject: None,
            location: Location::at(source, span),
            message: message.into(),
            help: None,
            snippet,
        }
    }

    #[must_use]
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    #[must_use]
    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Renders the diagnostic as plain text with a snippet:
    ///
    /// ```text
    /// error: unknown key `memroy_gb` in [resources]
    ///   --> examples/api.toml:14:1
    ///    |
    /// 14 | memroy_gb = 4
    ///    | ^^^^^^^^^ did you mean `memory_gb`?
    /// ```
    pub fn render(&self) -> String {
        self.render_with(false)
    }

    /// [`Diagnostic::render`], in color when `color` (for a terminal).
    pub fn render_with(&self, color: bool) -> String {
        let title = self.message.as_str();
        let origin = self.location.file.as_str();
        match &self.snippet {
            Some((text, first_line, span)) => {
                let label = self.help.as_deref().unwrap_or("");
                let message = Level::Error.title(title).snippet(
                    Snippet::source(text)
                        .origin(origin)
                        .line_start(*first_line)
                        .fold(false)
                        .annotation(Level::Error.span(span.clone()).label(label)),
                );
                let renderer = if color {
                    Renderer::styled()
                } else {
                    Renderer::plain()
                };
                renderer.render(message).to_string()
            }
            None => {
                let mut out = format!("error: {title}\n  --> {}", self.location);
                if let Some(help) = &self.help {
                    out.push_str("\n  = help: ");
                    out.push_str(help);
                }
                out
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: message (help)`, for logs and JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// The whole lines around `span`, the first line's number, and the span relative to the excerpt.
fn excerpt(source: &SourceFile, span: &Range<usize>) -> (String, usize, Range<usize>) {
    let text = source.text();
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // Show at most the first line of a multi-line span (a whole table, say).
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = end.min(line_end).max(start);
    let (first_line, _) = source.line_col(line_start);
    let mut excerpt = text[line_start..line_end].to_owned();
    let mut rel = (start - line_start)..(end - line_start);
    if rel.is_empty() {
        // Point at something visible: the character at the offset, or one past the line's end.
        if rel.start >= excerpt.len() {
            excerpt.push(' ');
        }
        let next = excerpt[rel.start..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
        rel = rel.start..rel.start + next;
    }
    (excerpt, first_line, rel)
}

/// Every problem found in one pass over an input, in file order.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by position so that messages read top to bottom.
    pub fn sort(&mut self) {
        self.0.sort_by_key(|d| (d.location.line, d.location.column));
    }

    pub fn render(&self) -> String {
        self.render_with(false)
    }

    /// Every diagnostic, in color when `color`.
    pub fn render_with(&self, color: bool) -> String {
        let mut out = String::new();
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&d.render_with(color));
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
/// A close edit, or else the only candidate that starts with a non-trivial `input`.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let close = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(input, c), *c))
        .filter(|&(d, c)| d <= 2.max(c.len() / 4) && d < c.len())
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c);
    close.or_else(|| {
        let mut prefixed = candidates
            .iter()
            .filter(|c| input.len() >= 3 && c.starts_with(input));
        match (prefixed.next(), prefixed.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// `` `a`, `b` or `c` ``: a human list of allowed values.
pub fn one_of(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["memory_gb", "vcpu", "gpus", "storage_gb"];
        assert_eq!(suggest("memroy_gb", keys), Some("memory_gb"));
        assert_eq!(suggest("gpu", keys), Some("gpus"));
        assert_eq!(suggest("colour", keys), None);
        // A unique prefix is a suggestion too.
        assert_eq!(suggest("stor", keys), Some("storage_gb"));
        assert_eq!(suggest("m", keys), None);
    }

    #[test]
    fn renders_snippet_with_location() {
        let src = SourceFile::new("w.toml", "[resources]\nmemroy_gb = 4\n");
        let d = Diagnostic::new(&src, Some(12..21), "unknown key `memroy_gb` in [resources]")
            .with_help("did you mean `memory_gb`?");
        let text = d.render();
        assert!(text.contains("--> w.toml:2:1"), "{text}");
        assert!(
            text.contains("^^^^^^^^^ did you mean `memory_gb`?"),
            "{text}"
        );
        assert_eq!(
            d.to_string(),
            "w.toml:2:1: unknown key `memroy_gb` in [resources] (did you mean `memory_gb`?)"
        );
    }

    #[test]
    fn one_of_joins_with_or() {
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(one_of(&["a"]), "`a`");
    }
}
