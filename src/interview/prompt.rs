//! The terminal side of the interview: each [`Prompt`] drawn on standard error, the answer read
//! from the keyboard, a refused answer explained in place and asked again.
//!
//! Choices, checklists and yes/no questions are dialoguer's widgets. Text answers use a small line
//! editor of our own on the same theme, because dialoguer's text input ignores Esc, and Esc must
//! leave the interview like Ctrl-C does. Nothing here decides anything: the questions and the
//! checks come from [`super::Interview`]. This is the only part of the library that draws on the
//! terminal, and only `runwhere interview` creates one.

use std::fmt::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use console::{Key, Term, measure_text_width, style, truncate_str};
use dialoguer::theme::{ColorfulTheme, Theme};
use dialoguer::{Confirm, MultiSelect, Select};

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

fn dialoguer_error(e: dialoguer::Error) -> Error {
    match e {
        dialoguer::Error::IO(e) => io(e),
    }
}

fn fmt_error(_: std::fmt::Error) -> Error {
    io(std::io::Error::other("formatting a prompt failed"))
}

impl Terminal {
    pub fn new() -> Self {
        Self {
            term: Term::stderr(),
            theme: Look(ColorfulTheme::default()),
            section: None,
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

    /// A text answer: a one-line editor with the default shown, Enter to submit, Esc or Ctrl-C to
    /// give up. A refused answer stays in the editor to be corrected, with the reason above it.
    fn text(
        &self,
        prompt: &Prompt<'_>,
        default: Option<&str>,
        help_rows: usize,
        check: &mut Check<'_>,
    ) -> Result<Reply> {
        let mut head = String::new();
        self.theme
            .format_input_prompt(&mut head, prompt.text, default)
            .map_err(fmt_error)?;
        let mut chars: Vec<char> = Vec::new();
        let mut pos = 0;
        let mut error_rows = 0;
        let mut cursor_row = 0;
        loop {
            cursor_row = self.draw(&head, &chars, pos, cursor_row)?;
            if interrupted() {
                return Err(Error::Interrupted);
            }
            match self.term.read_key_raw().map_err(io)? {
                Key::Enter => {
                    let typed: String = chars.iter().collect();
                    let reply = Reply::Text(typed);
                    match check(&reply) {
                        Ok(shown) => {
                            self.term.move_cursor_up(cursor_row).map_err(io)?;
                            self.settle(help_rows + error_rows, prompt.text, &shown)?;
                            return Ok(reply);
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
                Key::Escape | Key::CtrlC => return Err(Error::Interrupted),
                // Tab fills in the default, to edit it.
                Key::Tab if chars.is_empty() => {
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
    /// `cursor_row` of it), wrapping as the terminal does, and leaves the cursor at `pos`; returns
    /// the cursor's row. Long answers and long defaults (a path) take several rows.
    fn draw(&self, head: &str, chars: &[char], pos: usize, cursor_row: usize) -> Result<usize> {
        let cols = usize::from(self.term.size().1).max(1);
        let typed: String = chars.iter().collect();
        let before: String = chars[..pos].iter().collect();
        self.term.move_cursor_up(cursor_row).map_err(io)?;
        self.term.clear_to_end_of_screen().map_err(io)?;
        self.term.write_str(head).map_err(io)?;
        self.term.write_str(&typed).map_err(io)?;
        let head_width = measure_text_width(head);
        let total = head_width + measure_text_width(&typed);
        let target = head_width + measure_text_width(&before);
        // Where the terminal left the cursor: after the last character, or on the last row when
        // the text fills it exactly (the wrap is pending until the next character).
        let end_row = if total > 0 && total % cols == 0 {
            total / cols - 1
        } else {
            total / cols
        };
        let (row, col) = (target / cols, target % cols);
        if row > end_row {
            // The cursor belongs at the start of a row not begun yet.
            self.term.write_str("\r\n").map_err(io)?;
        } else {
            self.term.move_cursor_up(end_row - row).map_err(io)?;
            self.term.write_str("\r").map_err(io)?;
            self.term.move_cursor_right(col).map_err(io)?;
        }
        self.term.flush().map_err(io)?;
        Ok(row)
    }

    fn yes_no(&self, prompt: &Prompt<'_>, default: bool) -> Result<Reply> {
        let answer = Confirm::with_theme(&self.theme)
            .with_prompt(prompt.text)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term)
            .map_err(dialoguer_error)?
            .ok_or(Error::Interrupted)?;
        Ok(Reply::YesNo(answer))
    }

    fn choice(
        &self,
        prompt: &Prompt<'_>,
        options: &[super::Opt<'_>],
        default: usize,
    ) -> Result<Reply> {
        let width = options
            .iter()
            .map(|o| o.value.chars().count())
            .max()
            .unwrap_or(0);
        let items: Vec<String> = options
            .iter()
            .map(|o| format!("{:<width$}  {}", o.value, style(o.label).dim().for_stderr()))
            .collect();
        let picked = Select::with_theme(&self.theme)
            .with_prompt(prompt.text)
            .items(&items)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term)
            .map_err(dialoguer_error)?
            .ok_or(Error::Interrupted)?;
        Ok(Reply::Choice(picked))
    }

    fn flags(
        &self,
        prompt: &Prompt<'_>,
        options: &[super::Opt<'_>],
        selected: &[bool],
    ) -> Result<Reply> {
        let items: Vec<&str> = options.iter().map(|o| o.label).collect();
        let picked = MultiSelect::with_theme(&self.theme)
            .with_prompt(prompt.text)
            .items(&items)
            .defaults(selected)
            .report(false)
            .interact_on_opt(&self.term)
            .map_err(dialoguer_error)?
            .ok_or(Error::Interrupted)?;
        Ok(Reply::Flags(
            (0..options.len()).map(|i| picked.contains(&i)).collect(),
        ))
    }

    fn ask_once(&mut self, prompt: &Prompt<'_>, check: &mut Check<'_>) -> Result<Reply> {
        self.heading(prompt.section)?;
        let mut help_rows = self.help(prompt.help)?;
        loop {
            let reply = match &prompt.ask {
                Ask::Text { default } => {
                    return self.text(prompt, default.as_deref(), help_rows, check);
                }
                Ask::YesNo { default } => self.yes_no(prompt, *default)?,
                Ask::Choice { options, default } => self.choice(prompt, options, *default)?,
                Ask::Flags { options, selected } => self.flags(prompt, options, selected)?,
            };
            match check(&reply) {
                Ok(shown) => {
                    self.settle(help_rows, prompt.text, &shown)?;
                    return Ok(reply);
                }
                // Choices come from closed sets, so this is rare; say why and ask again.
                Err(why) => {
                    self.error(&why)?;
                    help_rows = 0;
                }
            }
        }
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
