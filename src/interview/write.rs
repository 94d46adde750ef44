//! The answers as a workload file, commented like the files in `examples/`: a header saying what
//! the file is and what to run next, then each key with a comment giving its meaning, allowed
//! values and default. Keys the answers leave out are not written; the parser's defaults apply.

use super::fields::{FIELDS, TABLES};
use super::{Draft, Value};
use crate::workload::Kind;

/// The column where the comment beside a key starts, as in the examples.
const COMMENT_COLUMN: usize = 35;

/// A rendered file and the line of each key in it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub text: String,
    lines: Vec<(&'static str, usize)>,
}

impl Rendered {
    /// The one-based line of `key`, if it was written.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.lines.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
    }
}

/// Renders the draft as a workload file. With `file` (the path it is saved to, as the user
/// wrote it), a header comment says what the file is and how to use it.
pub fn render(draft: &Draft, file: Option<&str>) -> Rendered {
    let mut out = Out::default();
    if let Some(file) = file {
        header(&mut out, draft, file);
    }
    out.key("version", "version", "1", comment("version"));
    let mut table: Option<&str> = None;
    for field in FIELDS.iter() {
        if field.key == "version" || !draft.applies(field.key) {
            continue;
        }
        let Some(value) = draft.get(field.key) else {
            continue;
        };
        if let Some(t) = field.table() {
            if table != Some(t) {
                table = Some(t);
                out.blank();
                let note = TABLES
                    .iter()
                    .find(|(name, _)| *name == t)
                    .map(|(_, c)| c.as_str());
                out.line(&format!("[{t}]"), note);
            }
        }
        out.key(
            field.key,
            field.name(),
            &toml_value(value),
            Some(&field.comment),
        );
    }
    out.finish()
}

fn comment(key: &str) -> Option<&'static str> {
    super::fields::find(key).map(|f| f.comment.as_str())
}

fn header(out: &mut Out, draft: &Draft, file: &str) {
    let what = match draft.kind() {
        Some(Kind::Service) => "a long-running service",
        Some(Kind::Event) => "an event-driven handler",
        Some(Kind::Batch) => "batch jobs",
        Some(Kind::Scheduled) => "a scheduled job",
        None => "a workload",
    };
    let file_name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    let arg = shell_quote(file);
    out.line(
        &format!("# {file_name}: {what}, written by `runwhere interview`."),
        None,
    );
    if let Some(Value::Text(description)) = draft.get("description") {
        if !description.contains('\n') {
            out.line(&format!("# {description}"), None);
        }
    }
    let lines = [
        "#".to_owned(),
        "# Keys left out take their defaults: docs/workload-format.md lists them, and".to_owned(),
        "# `runwhere explain` shows each one it applied.".to_owned(),
        "#".to_owned(),
        "# Try:".to_owned(),
        format!("#   runwhere recommend {arg}"),
        format!("#   runwhere explain {arg}"),
        format!("#   runwhere interview --from {arg}   (to change the answers)"),
    ];
    for l in lines {
        out.line(&l, None);
    }
    out.blank();
}

/// What the interview says after saving to `shown`: where, and the command to run next.
pub fn saved_note(shown: &str) -> String {
    format!(
        "\nSaved {shown}\nNext: runwhere recommend {}\n",
        shell_quote(shown)
    )
}

/// A path as a shell word: as is when it is plain, else in single quotes.
pub fn shell_quote(path: &str) -> String {
    let plain = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        path.to_owned()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

/// A value as TOML: `"text"`, `true`, `30_000_000`, `0.25`.
pub fn toml_value(value: &Value) -> String {
    match value {
        Value::Text(s) => toml::Value::String(s.clone()).to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => group(&n.to_string()),
        Value::Number(n) => number(*n),
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        group(&format!("{n:.0}"))
    } else if n.fract() == 0.0 {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// `30000000` → `30_000_000` (from five digits on, as the examples write them).
fn group(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", digits),
    };
    if digits.len() < 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{sign}{digits}");
    }
    format!("{sign}{}", crate::output::format::group_digits(digits, '_'))
}

/// A value as a prompt shows it for Enter to accept: as in the file, but a long fraction (a
/// derived default such as 120 ms in minutes) cut to four significant digits.
pub fn display(value: &Value) -> String {
    match value {
        Value::Text(s) => s.clone(),
        Value::Number(n) if n.fract() != 0.0 => {
            let shown = format!("{}", Sig4(*n));
            if shown.parse::<f64>().is_ok_and(|s| s == *n) {
                shown
            } else {
                format!("≈{shown}")
            }
        }
        other => toml_value(other),
    }
}

/// A number to four significant digits, without trailing zeros.
struct Sig4(f64);

impl std::fmt::Display for Sig4 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0;
        let magnitude = if n == 0.0 {
            0
        } else {
            n.abs().log10().floor() as i32
        };
        let decimals = usize::try_from((3 - magnitude).max(0)).unwrap_or(0);
        let text = format!("{n:.decimals$}");
        let text = if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.')
        } else {
            &text
        };
        f.write_str(text)
    }
}

#[derive(Default)]
struct Out {
    text: String,
    line: usize,
    lines: Vec<(&'static str, usize)>,
}

impl Out {
    fn line(&mut self, content: &str, note: Option<&str>) {
        self.text.push_str(content);
        if let Some(note) = note {
            let pad = COMMENT_COLUMN
                .saturating_sub(content.chars().count())
                .max(1);
            self.text.push_str(&" ".repeat(pad));
            self.text.push_str("# ");
            self.text.push_str(note);
        }
        self.text.push('\n');
        self.line += 1;
    }

    fn blank(&mut self) {
        self.text.push('\n');
        self.line += 1;
    }

    fn key(&mut self, key: &'static str, name: &str, value: &str, note: Option<&str>) {
        self.line(&format!("{name} = {value}"), note);
        self.lines.push((key, self.line));
    }

    fn finish(self) -> Rendered {
        Rendered {
            text: self.text,
            lines: self.lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_in_the_examples() {
        assert_eq!(toml_value(&Value::Number(30_000_000.0)), "30_000_000");
        assert_eq!(toml_value(&Value::Number(4000.0)), "4000");
        assert_eq!(toml_value(&Value::Number(0.25)), "0.25");
        assert_eq!(toml_value(&Value::Number(-12_345.0)), "-12_345");
        assert_eq!(toml_value(&Value::Number(1e20)), "1e20");
        assert_eq!(toml_value(&Value::Int(10_000)), "10_000");
        assert_eq!(
            toml_value(&Value::Text("orders-api".into())),
            r#""orders-api""#
        );
        for text in ["a \"b\"", "it's", "a\\b", "tab\there", "é"] {
            let line = format!("x = {}", toml_value(&Value::Text(text.into())));
            let table: toml::Table = toml::from_str(&line).unwrap();
            assert_eq!(table["x"].as_str(), Some(text), "{line}");
        }
        // Every form reads back as the same number.
        for n in [30_000_000.0, 0.25, 1e20, 1.0 / 3.0, 0.002, 123_456.789] {
            let text = format!("x = {}", toml_value(&Value::Number(n)));
            let table: toml::Table = toml::from_str(&text).unwrap();
            let back = match table["x"] {
                toml::Value::Integer(i) => i as f64,
                toml::Value::Float(f) => f,
                _ => panic!("{text}"),
            };
            assert_eq!(back, n, "{text}");
        }
    }

    #[test]
    fn defaults_shown_in_prompts_stay_readable() {
        assert_eq!(display(&Value::Number(1.0 / 30.0)), "≈0.03333");
        assert_eq!(display(&Value::Number(0.002)), "0.002");
        assert_eq!(display(&Value::Number(1.5)), "1.5");
        assert_eq!(display(&Value::Number(1_000_000.0)), "1_000_000");
        assert_eq!(display(&Value::Text("service".into())), "service");
    }

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(shell_quote("orders-api.toml"), "orders-api.toml");
        assert_eq!(shell_quote("dir/a_b.toml"), "dir/a_b.toml");
        assert_eq!(shell_quote("my api.toml"), "'my api.toml'");
        assert_eq!(shell_quote("it's.toml"), r"'it'\''s.toml'");
    }
}
