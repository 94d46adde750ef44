//! `runwhere report --format md`: the decision record as GitHub-flavoured Markdown, with the
//! flowchart and the architecture as Mermaid blocks and the cost chart as a bar table.
//!
//! All text from the workload file or from data files goes through [`text`] (or [`prose`], which
//! also keeps `code` spans): HTML is entity-escaped and Markdown punctuation backslash-escaped, so a
//! name like `<script>alert(1)</script> | x` prints as itself and cannot open a tag or a table cell.

use std::fmt::Write as _;

use super::diagram;
use super::record::{Inline, Record, SECTIONS};

/// Escapes `s` for running Markdown text: on one line, no live HTML, no emphasis, links, headings,
/// list markers or table cell breaks.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut space = false;
    for ch in s.chars() {
        // Runs of whitespace, line breaks included, become one space.
        if ch.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '{' | '}' | '$' => {
                out.push('\\');
                out.push(ch);
            }
            c => out.push(c),
        }
    }
    // A leading `1. `, `1) `, `- ` or `+ ` would start a list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let after = |at: usize| out[at..].chars().nth(1).is_none_or(|c| c == ' ');
    if digits > 0 && out[digits..].starts_with(['.', ')']) && after(digits) {
        out.insert(digits, '\\');
    } else if out.starts_with(['-', '+']) && after(0) {
        out.insert(0, '\\');
    }
    out
}

/// Like [`text`], but a span in backticks stays a code span.
pub fn prose(s: &str) -> String {
    prose_in(s, false)
}

/// [`prose`] for a table cell, where `|` must be escaped inside code spans too.
pub fn cell(s: &str) -> String {
    prose_in(s, true)
}

fn prose_in(s: &str, table: bool) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 == 0 {
        // An unmatched backtick: no code spans at all.
        return text(s);
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(&text(part));
        } else {
            let _ = write!(out, "`{}`", code(part, table));
        }
    }
    out
}

/// Text for inside a code span: on one line, no backticks, and in a table `|` escaped (GFM
/// splits cells before it reads code spans).
fn code(s: &str, table: bool) -> String {
    let s = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "'");
    if table { s.replace('|', "\\|") } else { s }
}

fn inline(runs: &[Inline]) -> String {
    runs.iter()
        .map(|r| {
            if r.strong {
                format!("**{}**", text(&r.text))
            } else {
                prose(&r.text)
            }
        })
        .collect()
}

fn heading(out: &mut String, id: &str) {
    let title = SECTIONS
        .iter()
        .find(|(key, _)| *key == id)
        .map_or(id, |(_, t)| *t);
    let _ = write!(out, "\n## {title}\n\n");
}

/// A bar of eighth-blocks: `width` characters for the largest value.
fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max) * (width * 8) as f64).round().max(1.0) as usize;
    let partial = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let mut s = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        s.push(partial[eighths % 8]);
    }
    s
}

/// A group of sentences with their sources, as a bold title and a list.
fn groups(o: &mut String, groups: &[super::record::CaveatGroup]) {
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            o.push('\n');
        }
        let _ = writeln!(o, "**{}**\n", text(g.title));
        for c in &g.items {
            let sources = if c.sources.is_empty() {
                String::new()
            } else {
                format!(
                    " *(source: {})*",
                    c.sources
                        .iter()
                        .map(|s| text(s))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            };
            let _ = writeln!(o, "- {}{sources}", prose(&c.text));
        }
    }
}

pub fn render(r: &Record) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}", text(&r.title));
    let _ = writeln!(
        o,
        "\nArchitecture decision record, written by runwhere {} from the workload file, its pricing table and its rules.\n",
        text(&r.version)
    );
    let labels: Vec<String> = r.meta.iter().map(|m| text(&m.label)).collect();
    let values: Vec<String> = r.meta.iter().map(|m| text(&m.value)).collect();
    let _ = writeln!(o, "| {} |", labels.join(" | "));
    let _ = writeln!(o, "|{}", "---|".repeat(labels.len()));
    let _ = writeln!(o, "| {} |", values.join(" | "));

    heading(&mut o, "status");
    let _ = writeln!(o, "**{}**, {}.", text(r.status), text(&r.date));

    heading(&mut o, "context");
    if let Some(d) = &r.description {
        let _ = writeln!(o, "> {}\n", text(d.trim()));
    }
    let sentences: Vec<String> = r.context.iter().map(|s| prose(s)).collect();
    let _ = writeln!(o, "{}", sentences.join(" "));
    if !r.overrides.is_empty() {
        let _ = writeln!(o, "\nSet on the command line instead of the file:\n");
        let _ = writeln!(o, "| Key | Value |\n|---|---|");
        for x in &r.overrides {
            let _ = writeln!(
                o,
                "| `{}` | `{}` |",
                code(&x.label, true),
                code(&x.value, true)
            );
        }
    }
    if r.defaults.is_empty() {
        let _ = writeln!(
            o,
            "\nThe workload file sets every value; no defaults were applied."
        );
    } else {
        let _ = writeln!(
            o,
            "\nDefaults applied (values the workload file leaves out):\n"
        );
        let _ = writeln!(o, "| Key | Value | Why |\n|---|---|---|");
        for d in &r.defaults {
            let _ = writeln!(
                o,
                "| `{}` | {} | {} |",
                code(&d.key, true),
                text(&d.value),
                cell(&d.why)
            );
        }
    }

    heading(&mut o, "decision");
    let _ = writeln!(o, "{}", inline(&r.summary));

    heading(&mut o, "consequences");
    if r.consequences.is_empty() {
        let _ = writeln!(
            o,
            "None to take on: no service can run this workload as described."
        );
    }
    groups(&mut o, &r.consequences);

    heading(&mut o, "alternatives");
    if r.options.is_empty() {
        let _ = writeln!(o, "No service can run this workload as described.");
    } else {
        let _ = writeln!(
            o,
            "Every service that can run it, in rank order (the first is the decision):\n"
        );
        let _ = writeln!(o, "| # | Service | Variant | Monthly | Fit | Main reason |");
        let _ = writeln!(o, "|--:|---|---|--:|--:|---|");
        for x in &r.options {
            let name = if x.recommended {
                format!("**{}**", text(x.name))
            } else {
                text(x.name)
            };
            let _ = writeln!(
                o,
                "| {} | {name} | {} | {} | {} | {} |",
                x.rank,
                text(&x.variant),
                text(&x.monthly),
                text(&x.fit),
                cell(&x.reason)
            );
        }
    }
    let _ = writeln!(o, "\n### Excluded\n");
    if r.excluded.is_empty() {
        let _ = writeln!(o, "None: every service can run this workload.");
    } else {
        let _ = writeln!(o, "| Service | Rule | Why | Source |\n|---|---|---|---|");
        for x in &r.excluded {
            let _ = writeln!(
                o,
                "| {} | `{}` | {} | {} |",
                text(x.name),
                code(&x.rule, true),
                cell(&x.reason),
                x.source
                    .as_deref()
                    .map_or_else(|| "runwhere's cost model".to_owned(), text)
            );
        }
    }

    heading(&mut o, "costs");
    if r.breakdowns.is_empty() {
        let _ = writeln!(o, "Nothing to price: no service can run this workload.");
    } else {
        let _ = writeln!(
            o,
            "Line items of the top {}: quantity × unit price = monthly.",
            r.breakdowns.len()
        );
    }
    for b in &r.breakdowns {
        let _ = writeln!(
            o,
            "\n### {}. {}: {} a month\n\n{}\n",
            b.rank,
            text(b.name),
            text(&b.total),
            text(&b.variant)
        );
        let _ = writeln!(
            o,
            "| Item | Quantity | × Unit price | = Monthly |\n|---|--:|--:|--:|"
        );
        for i in &b.items {
            let _ = writeln!(
                o,
                "| {} | {} {} | {} | {} |",
                text(&i.item),
                text(&i.quantity),
                text(&i.unit),
                text(&i.unit_price),
                text(&i.monthly)
            );
        }
        let _ = writeln!(o, "| **Total** | | | **{}** |", text(&b.total));
        if !b.notes.is_empty() {
            o.push('\n');
            for n in &b.notes {
                let _ = writeln!(o, "- {}", prose(n));
            }
        }
    }

    heading(&mut o, "chart");
    if r.options.is_empty() {
        let _ = writeln!(o, "No eligible service.");
    } else {
        let max = r.options.iter().map(|x| x.monthly_usd).fold(0.0, f64::max);
        let _ = writeln!(o, "| # | Service | Monthly | |\n|--:|---|--:|---|");
        for x in &r.options {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                x.rank,
                text(x.name),
                text(&x.monthly),
                bar(x.monthly_usd, max, 30)
            );
        }
    }

    heading(&mut o, "flowchart");
    let fc = &r.flowchart;
    let _ = writeln!(
        o,
        "\"{}\", from {}. This workload's path is highlighted: {}.\n",
        text(&fc.title),
        text(&fc.source),
        fc.path
            .iter()
            .map(|s| text(s))
            .collect::<Vec<_>>()
            .join(" → ")
    );
    if let Some(outcome) = &fc.outcome {
        let _ = writeln!(o, "**{}**\n", prose(outcome));
    }
    let _ = writeln!(
        o,
        "```mermaid\n{}```",
        diagram::mermaid(&fc.graph, "TD", None)
    );

    heading(&mut o, "architecture");
    match &r.architecture {
        Some(a) => {
            let _ = writeln!(
                o,
                "{} for **{}** ({}). Components after {}.\n",
                text(&a.title),
                text(a.name),
                text(&a.variant),
                a.sources
                    .iter()
                    .map(|s| text(s))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            let _ = writeln!(
                o,
                "```mermaid\n{}```",
                diagram::mermaid(&a.graph, "LR", Some(&a.boundary))
            );
        }
        None => {
            let _ = writeln!(o, "No diagram: no service can run this workload.");
        }
    }

    heading(&mut o, "caveats");
    if r.caveats.is_empty() {
        let _ = writeln!(o, "None for this workload.");
    }
    groups(&mut o, &r.caveats);

    heading(&mut o, "assumptions");
    for a in &r.assumptions {
        let _ = writeln!(o, "- **{}:** {}", text(&a.label), prose(&a.value));
    }

    heading(&mut o, "sources");
    let _ = writeln!(
        o,
        "Documents and sections the rules, the flowchart and the diagrams cite:\n"
    );
    for c in &r.citations {
        let _ = writeln!(o, "- {}", text(c));
    }
    let _ = writeln!(
        o,
        "\nPrice sources of the pricing table, AWS's own first; each with its date:"
    );
    for g in &r.pricing_sources {
        let _ = writeln!(o, "\n**{}**\n", text(g.title));
        for src in &g.sources {
            let url = src
                .url
                .as_deref()
                .map(|u| format!(", {}", text(u)))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "- {}{url}; {} (`{}`)",
                text(&src.title),
                text(&src.date),
                code(&src.id, false)
            );
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_tags_or_cells() {
        assert_eq!(
            text("<script>alert(1)</script> | x"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\| x"
        );
        assert_eq!(text("a *b* _c_ [d](e)"), "a \\*b\\* \\_c\\_ \\[d\\](e)");
        assert_eq!(text("1. first"), "1\\. first");
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("line\nbreak"), "line break");
        assert_eq!(text(" keep  edges "), " keep edges ");
        assert_eq!(text("0.1.0"), "0.1.0");
        assert_eq!(text("+5"), "+5");
    }

    #[test]
    fn prose_keeps_code_spans() {
        assert_eq!(prose("kind is `service`"), "kind is `service`");
        assert_eq!(prose("a `x|y` b"), "a `x|y` b");
        assert_eq!(cell("a `x|y` b"), "a `x\\|y` b");
        assert_eq!(prose("odd ` tick"), "odd \\` tick");
    }

    #[test]
    fn bars_scale_to_the_largest() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(0.01, 10.0, 4), "▏");
    }
}
