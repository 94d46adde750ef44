//! The terminal side of the interview: each [`Prompt`] drawn on standard error, the answer read
//! from the keyboard, a refused answer explained in place and asked again.
//!
//! The widgets are our own, on dialoguer's colourful theme: a line editor for text answers, the
//! same editor for yes/no answers (typed `y` or `n`, acted on at Enter, so a word typed at the
//! wrong prompt cannot answer it), and an arrow-key list for choices and checklists. Every prompt
//! shows its keys in a footer: Shift-Tab goes back to the previous question, Esc or Ctrl-C quits
//! (asking first once answers would be lost), and other letters on a list, `q` included, do
//! nothing but say so. A terminal resize draws the current question again at the new size.
//!
//! Nothing here decides anything: the questions and the checks come from [`super::Interview`].
//! This is the only part of the library that draws on the terminal, and only `runwhere interview`
//! creates one.

use std::fmt::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use console::{Key, Term, measure_text_width, style, truncate_str};
use dialoguer::theme::{ColorfulTheme, Theme};

use super::{AnswerSource, Ask, Check, Prompt, Reply};
use crate::error::{Error, Result};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Records a Ctrl-C that arrived as a signal (the terminal sends one between two key reads, and
/// a widget reading a key raises one); the interview stops at its next step.
pub fn note_interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Prompts on standard error.
pub struct Terminal {
    term: Term,
    theme: Look,
    section: Option<String>,
    /// Answers given so far: quitting asks first once there are any.
    answered: usize,
    /// Set by SIGWINCH: the terminal was resized, the current question is drawn again.
    resized: Arc<AtomicBool>,
}

/// dialoguer's colourful theme, with the checklist row under the cursor marked by `❯` as well as
/// by colour, so that it can be found with `NO_COLOR` set.
struct Look(ColorfulTheme);

impl Theme for Look {
    fn format_prompt(&self, f: &mut dyn Write, prompt: &str) -> fmt::Result {
        self.0.format_prompt(f, prompt)
    }

    fn format_error(&self, f: &mut dyn Write, err: &str) -> fmt::Result {
        self.0.format_error(f, err)
    }

    fn format_confirm_prompt(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        default: Option<bool>,
    ) -> fmt::Result {
        self.0.format_confirm_prompt(f, prompt, default)
    }

    fn format_confirm_prompt_selection(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        selection: Option<bool>,
    ) -> fmt::Result {
        self.0.format_confirm_prompt_selection(f, prompt, selection)
    }

    fn format_input_prompt(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        default: Option<&str>,
    ) -> fmt::Result {
        self.0.format_input_prompt(f, prompt, default)
    }

    fn format_input_prompt_selection(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_input_prompt_selection(f, prompt, sel)
    }

    fn format_select_prompt(&self, f: &mut dyn Write, prompt: &str) -> fmt::Result {
        self.0.format_select_prompt(f, prompt)
    }

    fn format_select_prompt_selection(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_select_prompt_selection(f, prompt, sel)
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.0.format_select_prompt_item(f, text, active)
    }

    fn format_multi_select_prompt(&self, f: &mut dyn Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0
            .format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let pointer = if active {
            &self.0.active_item_prefix
        } else {
            &self.0.inactive_item_prefix
        };
        write!(f, "{pointer} ")?;
        self.0
            .format_multi_select_prompt_item(f, text, checked, active)
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Terminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Terminal").finish_non_exhaustive()
    }
}

/// A terminal failure (not an interruption) as an error.
fn io(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::Interrupted {
        Error::Interrupted
    } else {
        Error::Write {
            path: "<terminal>".into(),
            source: e,
        }
    }
}

fn fmt_error(_: std::fmt::Error) -> Error {
    io(std::io::Error::other("formatting a prompt failed"))
}

impl Terminal {
    pub fn new() -> Self {
        let resized = Arc::new(AtomicBool::new(false));
        // A resize interrupts the wait for a key, so the question is drawn again at the new size.
        // Without the handler the terminal simply is not redrawn.
        #[cfg(unix)]
        let _ = signal_hook::flag::register(signal_hook::consts::SIGWINCH, Arc::clone(&resized));
        Self {
            term: Term::stderr(),
            theme: Look(ColorfulTheme::default()),
            section: None,
            answered: 0,
            resized,
        }
    }

    /// Writes lines of text (an introduction, a note) to the terminal.
    ///
    /// # Errors
    /// A terminal that cannot be written to.
    pub fn say(&self, text: &str) -> Result<()> {
        self.term.write_line(text).map_err(io)
    }

    /// Writes a dimmed note.
    ///
    /// # Errors
    /// A terminal that cannot be written to.
    pub fn note(&self, text: &str) -> Result<()> {
        self.say(&style(text).dim().for_stderr().to_string())
    }

    /// Writes an error in the theme's style (a red cross).
    ///
    /// # Errors
    /// A terminal that cannot be written to.
    pub fn error(&self, text: &str) -> Result<()> {
        let mut line = String::new();
        self.theme
            .format_error(&mut line, text)
            .map_err(fmt_error)?;
        self.say(&line)
    }

    /// Leaves the terminal as it was found: the cursor shown, on a line of its own. Called after an
    /// interruption, which can come while a widget has hidden the cursor.
    pub fn restore(&self) {
        let _ = self.term.show_cursor();
        let _ = self.term.write_line("");
    }

    /// Rows `text` takes on this terminal.
    fn rows(&self, text: &str) -> usize {
        let width = usize::from(self.term.size().1).max(1);
        measure_text_width(text).div_ceil(width).max(1)
    }

    fn heading(&mut self, section: &str) -> Result<()> {
        if self.section.as_deref() != Some(section) {
            self.section = Some(section.to_owned());
            self.term.write_line("").map_err(io)?;
            let title = style(section).bold().underlined().for_stderr().to_string();
            self.term.write_line(&title).map_err(io)?;
        }
        Ok(())
    }

    /// The help line above a prompt; returns the rows it takes.
    fn help(&self, help: &str) -> Result<usize> {
        if help.is_empty() {
            return Ok(0);
        }
        let width = usize::from(self.term.size().1).max(20);
        let text = truncate_str(&format!("  {help}"), width - 1, "…").into_owned();
        self.term
            .write_line(&style(text).dim().for_stderr().to_string())
            .map_err(io)?;
        Ok(1)
    }

    /// Replaces the help (and any error) lines and the prompt with one line: the question and the
    /// answer. The cursor is on the prompt's first row.
    fn settle(&self, rows_above: usize, text: &str, answer: &str) -> Result<()> {
        self.term.move_cursor_up(rows_above).map_err(io)?;
        self.term.clear_to_end_of_screen().map_err(io)?;
        let mut line = String::new();
        self.theme
            .format_input_prompt_selection(&mut line, text, answer)
            .map_err(fmt_error)?;
        self.term.write_line(&line).map_err(io)
    }

    /// Reads one key. `None` when the terminal was resized instead: the caller redraws.
    ///
    /// A resize (SIGWINCH) interrupts the wait for a key, which the terminal library reports as
    /// Ctrl-C; the resize flag tells the two apart.
    fn key(&self) -> Result<Option<Key>> {
        // A resize while the question was being drawn: draw it again before waiting.
        if self.resized.swap(false, Ordering::SeqCst) {
            return Ok(None);
        }
        let key = self.term.read_key_raw().map_err(io)?;
        let resized = self.resized.swap(false, Ordering::SeqCst);
        if resized && key == Key::CtrlC {
            return Ok(None);
        }
        Ok(Some(key))
    }

    /// A dimmed line of the keys a prompt takes, cut to the terminal's width so it takes one row.
    fn footer(&self, keys: &str) -> String {
        let width = usize::from(self.term.size().1).max(20);
        let text = truncate_str(&format!("  {keys}"), width - 1, "…").into_owned();
        style(text).dim().for_stderr().to_string()
    }

    /// A line of the editor: a one-line text editor with the default shown, Enter to submit, Esc
    /// or Ctrl-C to give up, Shift-Tab to go back. `parse` turns the text into a reply (or says
    /// why not) and `check` accepts it; a refused answer stays in the editor to be corrected, with
    /// the reason above it.
    #[expect(
        clippy::too_many_arguments,
        reason = "one editor for text and yes/no answers; each argument is a different part of it"
    )]
    fn line(
        &self,
        text: &str,
        default: Option<&str>,
        keys: &str,
        help_rows: usize,
        parse: &dyn Fn(&str) -> std::result::Result<Reply, String>,
        check: &mut Check<'_>,
        tab_fills: bool,
        settle_as: &dyn Fn(&Reply, String) -> String,
    ) -> Result<Step> {
        let mut head = String::new();
        self.theme
            .format_input_prompt(&mut head, text, default)
            .map_err(fmt_error)?;
        let footer = self.footer(keys);
        let mut chars: Vec<char> = Vec::new();
        let mut pos = 0;
        let mut error_rows = 0;
        let mut cursor_row = 0;
        loop {
            cursor_row = self.draw(&head, &chars, pos, cursor_row, &footer)?;
            if interrupted() {
                return Err(Error::Interrupted);
            }
            let Some(key) = self.key()? else {
                continue;
            };
            match key {
                Key::Enter => {
                    let typed: String = chars.iter().collect();
                    let result = parse(&typed).and_then(|reply| {
                        check(&reply).map(|shown| (settle_as(&reply, shown), reply))
                    });
                    match result {
                        Ok((shown, reply)) => {
                            self.term.move_cursor_up(cursor_row).map_err(io)?;
                            self.settle(help_rows + error_rows, text, &shown)?;
                            return Ok(Step::Reply(reply));
                        }
                        Err(why) => {
                            self.term
                                .move_cursor_up(cursor_row + error_rows)
                                .map_err(io)?;
                            self.term.clear_to_end_of_screen().map_err(io)?;
                            let mut line = String::new();
                            self.theme
                                .format_error(&mut line, &why)
                                .map_err(fmt_error)?;
                            self.term.write_line(&line).map_err(io)?;
                            error_rows = self.rows(&line);
                            cursor_row = 0;
                        }
                    }
                }
                Key::Escape | Key::CtrlC | Key::BackTab | Key::Char('\u{2}') => {
                    // Leave the cursor on the prompt's first row, the error rows above it cleared.
                    self.term
                        .move_cursor_up(cursor_row + error_rows)
                        .map_err(io)?;
                    self.term.write_str("\r").map_err(io)?;
                    self.term.clear_to_end_of_screen().map_err(io)?;
                    return Ok(if matches!(key, Key::Escape | Key::CtrlC) {
                        Step::Quit
                    } else {
                        Step::Back
                    });
                }
                // Tab fills in the default, to edit it.
                Key::Tab if chars.is_empty() && tab_fills => {
                    if let Some(d) = default.filter(|d| !d.starts_with('≈')) {
                        chars = d.chars().collect();
                        pos = chars.len();
                    }
                }
                Key::Char('\u{15}') => {
                    // Ctrl-U: delete to the start of the line.
                    chars.drain(..pos);
                    pos = 0;
                }
                Key::Char(c) if !c.is_control() => {
                    chars.insert(pos, c);
                    pos += 1;
                }
                Key::Backspace if pos > 0 => {
                    pos -= 1;
                    chars.remove(pos);
                }
                Key::Del if pos < chars.len() => {
                    chars.remove(pos);
                }
                Key::ArrowLeft if pos > 0 => pos -= 1,
                Key::ArrowRight if pos < chars.len() => pos += 1,
                Key::Home => pos = 0,
                Key::End => pos = chars.len(),
                _ => {}
            }
        }
    }

    /// Draws the prompt and the answer so far from the prompt's first row (the cursor is on row
    /// `cursor_row` of it), wrapping as the terminal does, the footer on the row below, and leaves
    /// the cursor at `pos`; returns the cursor's row. Long answers and long defaults (a path) take
    /// several rows.
    fn draw(
        &self,
        head: &str,
        chars: &[char],
        pos: usize,
        cursor_row: usize,
        footer: &str,
    ) -> Result<usize> {
        let cols = usize::from(self.term.size().1).max(1);
        let typed: String = chars.iter().collect();
        let before: String = chars[..pos].iter().collect();
        self.term.move_cursor_up(cursor_row).map_err(io)?;
        self.term.write_str("\r").map_err(io)?;
        self.term.clear_to_end_of_screen().map_err(io)?;
        self.term.write_str(head).map_err(io)?;
        self.term.write_str(&typed).map_err(io)?;
        let head_width = measure_text_width(head);
        let total = head_width + measure_text_width(&typed);
        let target = head_width + measure_text_width(&before);
        // The text takes rows 0..=last; when it fills its last row exactly, the row after it is
        // begun too, for the cursor (the terminal holds the wrap until the next character).
        let last = total / cols;
        if total > 0 && total % cols == 0 {
            self.term.write_str("\r\n").map_err(io)?;
        }
        self.term.write_str("\r\n").map_err(io)?;
        self.term.write_str(footer).map_err(io)?;
        let (row, col) = (target / cols, target % cols);
        self.term.move_cursor_up(last + 1 - row).map_err(io)?;
        self.term.write_str("\r").map_err(io)?;
        self.term.move_cursor_right(col).map_err(io)?;
        self.term.flush().map_err(io)?;
        Ok(row)
    }

    /// Draws a list (the prompt, the visible items, the footer) from the list's first row, `drawn`
    /// rows having been drawn before; returns the rows drawn now.
    fn draw_list(&self, drawn: usize, lines: &[String]) -> Result<usize> {
        self.term.move_cursor_up(drawn).map_err(io)?;
        self.term.write_str("\r").map_err(io)?;
        self.term.clear_to_end_of_screen().map_err(io)?;
        let width = usize::from(self.term.size().1).max(2);
        for line in lines {
            // One row each: a line wider than the terminal is cut, not wrapped.
            let line = truncate_str(line, width - 1, "…");
            self.term.write_line(&line).map_err(io)?;
        }
        self.term.flush().map_err(io)?;
        Ok(lines.len())
    }

    /// A list to move through with the arrow keys: one choice (`ticks` is `None`) or any number
    /// of ticked options. Enter takes it; Esc or Ctrl-C quits; Shift-Tab goes back; other letters,
    /// `q` included, do nothing but say which keys work.
    fn list(
        &self,
        text: &str,
        items: &[String],
        default: usize,
        mut ticks: Option<Vec<bool>>,
        help_rows: usize,
    ) -> Result<Step> {
        let n = items.len().max(1);
        let mut at = default.min(n - 1);
        let mut top = 0;
        let mut drawn = 0;
        let mut stray = false;
        let keys = if ticks.is_some() {
            "↑↓ move · Space tick · Enter done · Shift-Tab back · Esc quit"
        } else {
            "↑↓ move · Enter choose · Shift-Tab back · Esc quit"
        };
        self.term.hide_cursor().map_err(io)?;
        let step = loop {
            let rows = usize::from(self.term.size().0);
            // The prompt, the footer and a spare row around the page of items.
            let page = rows.saturating_sub(help_rows + 3).clamp(1, n);
            if at < top {
                top = at;
            } else if at >= top + page {
                top = at + 1 - page;
            }
            let mut lines = Vec::with_capacity(page + 2);
            let mut head = String::new();
            self.theme
                .format_select_prompt(&mut head, text)
                .map_err(fmt_error)?;
            lines.push(head);
            for (i, item) in items.iter().enumerate().skip(top).take(page) {
                let mut line = String::new();
                match &ticks {
                    Some(t) => {
                        self.theme
                            .format_multi_select_prompt_item(&mut line, item, t[i], i == at)
                    }
                    None => self
                        .theme
                        .format_select_prompt_item(&mut line, item, i == at),
                }
                .map_err(fmt_error)?;
                lines.push(line);
            }
            let footer = if stray {
                format!("{keys} (q does not quit: Esc does)")
            } else {
                keys.to_owned()
            };
            lines.push(self.footer(&footer));
            drawn = self.draw_list(drawn, &lines)?;
            if interrupted() {
                break Err(Error::Interrupted);
            }
            let Some(key) = self.key()? else {
                continue;
            };
            stray = false;
            match key {
                Key::ArrowUp | Key::Char('k') => at = (at + n - 1) % n,
                Key::ArrowDown | Key::Char('j') => at = (at + 1) % n,
                Key::Home | Key::PageUp => at = at.saturating_sub(page.max(1)),
                Key::End | Key::PageDown => at = (at + page).min(n - 1),
                Key::Char(' ') => {
                    if let Some(t) = &mut ticks {
                        t[at] = !t[at];
                    }
                }
                Key::Enter => {
                    break Ok(match ticks.take() {
                        Some(t) => Step::Reply(Reply::Flags(t)),
                        None => Step::Reply(Reply::Choice(at)),
                    });
                }
                Key::Escape | Key::CtrlC => break Ok(Step::Quit),
                Key::BackTab | Key::Char('\u{2}') => break Ok(Step::Back),
                Key::Char(_) => stray = true,
                _ => {}
            }
        };
        // Leave the cursor on the prompt's first row, the list cleared, the cursor shown.
        self.term.move_cursor_up(drawn).map_err(io)?;
        self.term.clear_to_end_of_screen().map_err(io)?;
        self.term.show_cursor().map_err(io)?;
        step
    }

    fn choice_items(options: &[super::Opt<'_>]) -> Vec<String> {
        let width = options
            .iter()
            .map(|o| o.value.chars().count())
            .max()
            .unwrap_or(0);
        options
            .iter()
            .map(|o| format!("{:<width$}  {}", o.value, style(o.label).dim().for_stderr()))
            .collect()
    }

    /// Asks whether to quit and lose the answers given; Enter on the default keeps going.
    fn confirm_quit(&mut self) -> Result<bool> {
        let text = format!(
            "Quit without saving? The {} given so far would be lost",
            if self.answered == 1 {
                "answer".to_owned()
            } else {
                format!("{} answers", self.answered)
            }
        );
        let step = self.line(
            &text,
            Some("y/N"),
            "y then Enter quits · Enter keeps going",
            0,
            &|typed| yes_no_text(typed, false).map(Reply::YesNo),
            &mut |_| Ok(String::new()),
            false,
            &|reply, _| yes_no_word(reply).to_owned(),
        )?;
        Ok(match step {
            Step::Reply(Reply::YesNo(yes)) => yes,
            // Esc or Ctrl-C again: quit.
            Step::Quit => true,
            _ => false,
        })
    }

    fn ask_once(&mut self, prompt: &Prompt<'_>, check: &mut Check<'_>) -> Result<Reply> {
        loop {
            self.heading(prompt.section)?;
            let help_rows = self.help(prompt.help)?;
            let step = match &prompt.ask {
                Ask::Text { default } => self.line(
                    prompt.text,
                    default.as_deref(),
                    "Enter accept · Tab edit the default · Shift-Tab back · Esc quit",
                    help_rows,
                    &|typed| Ok(Reply::Text(typed.to_owned())),
                    check,
                    true,
                    &|_, shown| shown,
                )?,
                Ask::YesNo { default } => {
                    let default = *default;
                    self.line(
                        &format!("{} (y/n)", prompt.text),
                        Some(if default { "yes" } else { "no" }),
                        "y or n, then Enter · Shift-Tab back · Esc quit",
                        help_rows,
                        &|typed| yes_no_text(typed, default).map(Reply::YesNo),
                        check,
                        false,
                        &|_, shown| shown,
                    )?
                }
                Ask::Choice { options, default } => self.list(
                    prompt.text,
                    &Self::choice_items(options),
                    *default,
                    None,
                    help_rows,
                )?,
                Ask::Flags { options, selected } => {
                    let items: Vec<String> = options.iter().map(|o| o.label.to_owned()).collect();
                    self.list(prompt.text, &items, 0, Some(selected.clone()), help_rows)?
                }
            };
            match step {
                // Text and yes/no answers were checked and settled in the editor.
                Step::Reply(reply)
                    if matches!(prompt.ask, Ask::Text { .. } | Ask::YesNo { .. }) =>
                {
                    self.answered += 1;
                    return Ok(reply);
                }
                Step::Reply(reply) => match check(&reply) {
                    Ok(shown) => {
                        self.settle(help_rows, prompt.text, &shown)?;
                        self.answered += 1;
                        return Ok(reply);
                    }
                    // Choices come from closed sets, so this is rare; say why and ask again.
                    Err(why) => {
                        self.term.move_cursor_up(help_rows).map_err(io)?;
                        self.term.clear_to_end_of_screen().map_err(io)?;
                        self.error(&why)?;
                    }
                },
                // The widget cleared its rows; the help line goes too.
                Step::Back => {
                    self.term.move_cursor_up(help_rows).map_err(io)?;
                    self.term.clear_to_end_of_screen().map_err(io)?;
                    return Ok(Reply::Back);
                }
                Step::Quit => {
                    self.term.move_cursor_up(help_rows).map_err(io)?;
                    self.term.clear_to_end_of_screen().map_err(io)?;
                    if self.answered == 0 || self.confirm_quit()? {
                        return Err(Error::Interrupted);
                    }
                }
            }
        }
    }
}

/// What a widget ended with.
enum Step {
    Reply(Reply),
    /// Shift-Tab: revisit the previous question.
    Back,
    /// Esc or Ctrl-C.
    Quit,
}

/// A yes/no answer typed as text: `y`, `yes`, `n`, `no` (any case), or nothing for the default.
fn yes_no_text(typed: &str, default: bool) -> std::result::Result<bool, String> {
    match typed.trim().to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "y" | "yes" => Ok(true),
        "n" | "no" => Ok(false),
        _ => Err(format!(
            "`{}` is not an answer here: type y (yes) or n (no), then Enter",
            typed.trim()
        )),
    }
}

fn yes_no_word(reply: &Reply) -> &'static str {
    if *reply == Reply::YesNo(true) {
        "yes"
    } else {
        "no"
    }
}

impl AnswerSource for Terminal {
    fn ask(&mut self, prompt: &Prompt<'_>, check: &mut Check<'_>) -> Result<Reply> {
        if interrupted() {
            return Err(Error::Interrupted);
        }
        let result = self.ask_once(prompt, check);
        if result.is_err() || interrupted() {
            self.restore();
            return Err(match result {
                Err(e) => e,
                Ok(_) => Error::Interrupted,
            });
        }
        result
    }
}
