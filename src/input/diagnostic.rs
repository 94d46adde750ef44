//! Problems in a user's input: a location, a one-line message and optional help.
//!
//! Every input error (TOML syntax, unknown keys, wrong types, out-of-range values, bad references)
//! becomes a [`Diagnostic`], rendered the same way with a source snippet and a caret under the span.

mod code;

use std::fmt;
use std::ops::Range;

use annotate_snippets::{Level, Renderer, Snippet};

pub use self::code::Code;
use crate::input::source::{Location, SourceFile};
use crate::output::escape::terminal;

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
            message: clip(message.into()),
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
        self.help = Some(clip(help.into()));
        self
    }

    #[must_use]
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help.map(clip);
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
        // Everything here is printed: no control characters from the input get through.
        let title = terminal(&self.message);
        let title = title.as_ref();
        let origin = terminal(&self.location.file);
        let origin = origin.as_ref();
        match &self.snippet {
            // A long line, cut to a window around the span: drawn here, since the snippet
            // renderer would count the column in the window.
            Some((text, first_line, span)) if text.starts_with('…') || text.ends_with('…') => {
                let (text, span) = visible_excerpt(text, span);
                let number = first_line.to_string();
                let pad = " ".repeat(number.len());
                let caret_at = text[..span.start].chars().count();
                let carets = text[span.clone()].chars().count().max(1);
                let label = terminal(self.help.as_deref().unwrap_or(""));
                format!(
                    "error: {title}\n{pad}--> {}\n{pad} |\n{number} | {text}\n{pad} | {}{} {label}",
                    terminal(&self.location.to_string()),
                    " ".repeat(caret_at),
                    "^".repeat(carets)
                )
                .trim_end()
                .to_owned()
            }
            Some((text, first_line, span)) => {
                let label = terminal(self.help.as_deref().unwrap_or(""));
                let label = label.as_ref();
                let (text, span) = visible_excerpt(text, span);
                let message = Level::Error.title(title).snippet(
                    Snippet::source(&text)
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
                terminal(&out).into_owned()
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

/// A diagnostic's message or help, with long quoted values shortened.
fn clip(text: String) -> String {
    match crate::output::escape::clip(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(short) => short,
    }
}

/// An excerpt with its control characters made visible, and the span moved to match.
fn visible_excerpt(text: &str, span: &Range<usize>) -> (String, Range<usize>) {
    if let std::borrow::Cow::Borrowed(t) = terminal(text) {
        return (t.to_owned(), span.clone());
    }
    let mut out = String::with_capacity(text.len() + 8);
    let (mut start, mut end) = (None, None);
    for (i, c) in text.char_indices() {
        if i >= span.start && start.is_none() {
            start = Some(out.len());
        }
        if i >= span.end && end.is_none() {
            end = Some(out.len());
        }
        let mut buf = [0; 4];
        out.push_str(&terminal(c.encode_utf8(&mut buf)));
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out, start..end)
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
    // A long line is cut to a window around the span: a little before, a little of it.
    const BEFORE: usize = 60;
    const WITHIN: usize = 120;
    let (line_start, cut_start) = if start - line_start > BEFORE {
        (floor_boundary(text, start - BEFORE), true)
    } else {
        (line_start, false)
    };
    let (line_end, cut_end) = if line_end - start > WITHIN {
        (floor_boundary(text, start + WITHIN), true)
    } else {
        (line_end, false)
    };
    let end = end.min(line_end);
    let mut excerpt = String::new();
    if cut_start {
        excerpt.push('…');
    }
    let offset = excerpt.len();
    excerpt.push_str(&text[line_start..line_end]);
    let mut rel = (start - line_start + offset)..(end - line_start + offset);
    if cut_end {
        excerpt.push('…');
    }
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

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
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
    // Edit distance costs time and memory in the product of the lengths: a long value is no typo.
    if input.len() > 256 {
        return None;
    }
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

/// A TOML syntax error as a diagnostic.
pub fn toml_error(source: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    toml_error_as(source, e, "invalid TOML: ", Code::TomlSyntax)
}

/// A serde error (unknown field, wrong type) while reading a bundled or user table.
pub fn schema_error(source: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    toml_error_as(source, e, "", Code::InvalidTable)
}

fn toml_error_as(source: &SourceFile, e: &toml::de::Error, prefix: &str, code: Code) -> Diagnostic {
    let message = e.message().trim().trim_end_matches('.');
    let message = message.lines().next().unwrap_or("invalid TOML");
    let mut first = message.chars();
    let message = match first.next() {
        Some(c) => c.to_lowercase().chain(first).collect(),
        None => "invalid TOML".to_owned(),
    };
    // The parser's nesting limit comes without a span: point at where the nesting gets deepest.
    let span = e.span().or_else(|| {
        message
            .contains("recursion")
            .then(|| deepest_nesting(source.text()))
            .map(|at| at..at + 1)
    });
    Diagnostic::new(source, span, format!("{prefix}{message}")).with_code(code)
}

/// The offset of the first `[` or `{` at the deepest nesting of arrays and inline tables, outside
/// strings and comments (a rough scan, only to give a position).
fn deepest_nesting(text: &str) -> usize {
    let (mut depth, mut max, mut at) = (0usize, 0usize, 0usize);
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            _ if comment => comment = b != b'\n',
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > max {
                    (max, at) = (depth, i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    at
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

    /// Issue 16: an ESC sequence in the input reaches the terminal as a visible symbol, the caret
    /// stays under the right characters, and a long value is shortened in the message.
    #[test]
    fn control_characters_and_long_values_are_made_safe() {
        let src = SourceFile::new("w.toml", "name = \"\x1b]0;pwned\x07\"\nx = 1\n");
        let d = Diagnostic::new(&src, Some(7..17), "bad `\x1b]0;pwned\x07`").with_help("\x1b[2J");
        for text in [d.render(), d.render_with(true)] {
            assert!(
                !text.contains("\x1b]") && !text.contains('\x07'),
                "{text:?}"
            );
            assert!(!text.contains("\x1b[2J"), "{text:?}");
        }
        let text = d.render();
        assert!(
            text.contains("name = \"\u{241b}]0;pwned\u{2407}\""),
            "{text}"
        );
        assert!(text.contains("       ^^^^^^^^^^ \u{241b}[2J"), "{text}");
        // A long line is shown as a window around the span, the column still that of the file.
        let line = format!("name = \"{}\" # {}\n", "n".repeat(5000), "c".repeat(5000));
        let src = SourceFile::new("w.toml", line);
        let text = Diagnostic::new(&src, Some(4000..4001), "here").render();
        assert!(text.contains("--> w.toml:1:4001"), "{text}");
        assert!(text.len() < 600, "{text}");
        assert!(text.contains("1 | …nnn"), "{text}");
        assert!(text.contains("\n  |") && text.contains("  ^"), "{text}");
        let long = "v".repeat(1_000_000);
        let d = Diagnostic::new(&src, None, format!("unknown value `{long}`"));
        assert!(d.message.len() < 200, "{}", d.message.len());
        assert_eq!(suggest(&long, ["value"]), None);
    }

    #[test]
    fn one_of_joins_with_or() {
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(one_of(&["a"]), "`a`");
    }
}
