//! Making untrusted text safe where it is shown: one function per destination.
//!
//! - [`terminal`]: everything printed on standard output or standard error. Control characters
//!   (C0 but tab and newline, DEL, C1) become visible symbols, so ESC/OSC sequences in a workload
//!   name cannot move the cursor, retitle the window or hide text.
//! - [`xml`]: text and attribute values in SVG (also inside the HTML report): `& < > " '` as
//!   entities, and the characters XML 1.0 does not allow replaced, so the file stays well-formed.
//! - [`csv_cell`]: a text cell of `--format csv` that a spreadsheet would run as a formula.
//! - [`clip`]: a value quoted in a diagnostic, shortened so one long value cannot flood the screen.
//!
//! JSON needs none of these (serde escapes control characters); HTML goes through the template
//! engine's auto-escaping; Markdown through its own escaper in `report::markdown`.

use std::borrow::Cow;

/// `c` as a visible symbol when it is a control character a terminal would act on.
fn visible(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => None,
        // C0 controls have "control pictures" at U+2400 + code: ESC is ␛.
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// `text` with every control character but tab and newline (and carriage return before a
/// newline) replaced by a visible symbol. Borrowed, without copying, when there is none.
pub fn terminal(text: &str) -> Cow<'_, str> {
    // Every character `visible` replaces starts with a byte below 0x20, 0x7f, or 0xc2 followed
    // by 0x80–0x9f (C1 is U+0080–U+009F): a byte scan clears most text without decoding it. The
    // first pass has no early exit, so that it runs on whole vectors of bytes; only when it finds
    // a candidate (0xc2 also starts `§` and `·`) does the second look at the byte after it.
    let bytes = text.as_bytes();
    let candidate = |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2;
    if !bytes.iter().fold(false, |any, &b| any | candidate(b)) {
        return Cow::Borrowed(text);
    }
    let suspect = |(i, &b): (usize, &u8)| {
        candidate(b) && (b != 0xc2 || bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    };
    if !bytes.iter().enumerate().any(suspect) {
        return Cow::Borrowed(text);
    }
    let needs = |(i, c): (usize, char)| {
        visible(c).is_some() && !(c == '\r' && text[i + 1..].starts_with('\n'))
    };
    if !text.char_indices().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match visible(c) {
            Some(v) if needs((i, c)) => out.push(v),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether XML 1.0 allows `c` in a document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// `text` for an XML (SVG) text node or a quoted attribute value.
pub fn xml(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || !xml_char(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !xml_char(c) => out.push(visible(c).unwrap_or('\u{fffd}')),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A text cell for CSV: one that starts with `=`, `+`, `-`, `@`, tab or carriage return would be
/// run as a formula by spreadsheet tools, so it gets a leading `'` (the OWASP advice).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// How many characters of a quoted value a diagnostic shows.
pub const CLIP_CHARS: usize = 80;

/// `message` with every backtick-quoted value longer than [`CLIP_CHARS`] characters cut to that
/// length plus `…`, and the whole message cut at 16 × [`CLIP_CHARS`] characters.
pub fn clip(message: &str) -> Cow<'_, str> {
    let long = message
        .split('`')
        .skip(1)
        .step_by(2)
        .any(|q| q.chars().nth(CLIP_CHARS).is_some());
    if !long && message.chars().nth(16 * CLIP_CHARS).is_none() {
        return Cow::Borrowed(message);
    }
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        match part.char_indices().nth(CLIP_CHARS) {
            Some((at, _)) if i % 2 == 1 => {
                out.push_str(&part[..at]);
                out.push('…');
            }
            _ => out.push_str(part),
        }
    }
    if let Some((at, _)) = out.char_indices().nth(16 * CLIP_CHARS) {
        out.truncate(at);
        out.push('…');
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_control_characters() {
        assert!(matches!(terminal("plain\ttext\n"), Cow::Borrowed(_)));
        // `§` and `·` start with 0xc2 too (c2 a7, c2 b7): not C1, left as they are.
        assert!(matches!(terminal("000 § Flowchart · $1"), Cow::Borrowed(_)));
        assert_eq!(terminal("§\u{85}"), "§\u{fffd}");
        assert_eq!(terminal("a\x1b]0;owned\x07b"), "a\u{241b}]0;owned\u{2407}b");
        assert_eq!(
            terminal("x\r\ny\rz\x7f\u{9b}"),
            "x\r\ny\u{240d}z\u{2421}\u{fffd}"
        );
    }

    #[test]
    fn xml_is_well_formed() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
        assert_eq!(xml("bell\x07 nul\0"), "bell\u{2407} nul\u{2400}");
        assert!(matches!(xml("fine"), Cow::Borrowed(_)));
    }

    #[test]
    fn csv_formulas_are_neutralised() {
        for f in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(f), format!("'{f}"));
        }
        assert_eq!(csv_cell("orders-api"), "orders-api");
    }

    #[test]
    fn long_quoted_values_are_clipped() {
        let long = "x".repeat(10_000);
        let m = format!("unknown region `{long}`; available: `a`");
        let c = clip(&m);
        assert_eq!(
            c,
            format!("unknown region `{}…`; available: `a`", "x".repeat(80))
        );
        assert!(matches!(clip("short `one`"), Cow::Borrowed(_)));
        let m = "y".repeat(10_000);
        assert_eq!(clip(&m).chars().count(), 1281);
    }
}
