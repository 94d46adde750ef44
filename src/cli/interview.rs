//! `runwhere interview`: asks about the workload on the terminal, shows the same ranked table as
//! `recommend`, then offers to save the answers as a workload file.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::commands::{table_style, write};
use super::{ColorChoice, PreferArg};
use crate::error::{Error, Result};
use crate::input::source::SourceFile;
use crate::interview::prompt::{self, Terminal};
use crate::interview::{Draft, Interview, Save, check_path, choose_path, default_file_name};
use crate::report::{Report, table};
use crate::workload::Workload;

#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Start from this workload file: its values are the defaults, to change some of them
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    /// Save the workload to PATH without asking where (an existing file is replaced only after a
    /// yes)
    #[arg(long, value_name = "PATH", conflicts_with = "no_save")]
    pub save: Option<PathBuf>,

    /// Show the ranking but do not offer to save the workload
    #[arg(long)]
    pub no_save: bool,

    /// Price in this region (the region question is then not asked)
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// How to weigh fit against cost in the ranking
    #[arg(long, value_enum, default_value_t = PreferArg::Balanced)]
    pub prefer: PreferArg,

    #[command(flatten)]
    pub data: super::DataArgs,
}

/// Every stream the interview needs to be a terminal: it reads keys, draws prompts and shows the
/// table to a person.
fn require_terminal() -> Result<()> {
    let streams = [
        ("standard input", std::io::stdin().is_terminal()),
        ("standard output", std::io::stdout().is_terminal()),
        ("standard error", std::io::stderr().is_terminal()),
    ];
    if let Some((stream, _)) = streams.iter().find(|(_, tty)| !tty) {
        return Err(Error::NotATerminal { stream });
    }
    // The select lists page within the window; below this they cannot draw (and used to panic).
    let (min_rows, min_cols) = (8, 40);
    match console::Term::stderr().size_checked() {
        Some((rows, cols)) if rows < min_rows || cols < min_cols => Err(Error::Usage(format!(
            "the terminal is {rows} rows by {cols} columns; `runwhere interview` needs at least {min_rows} rows and {min_cols} columns: enlarge the window, or describe the workload in a file and run `runwhere recommend FILE`"
        ))),
        _ => Ok(()),
    }
}

pub(super) fn run(args: &InterviewArgs, color: ColorChoice, out: &mut dyn Write) -> Result<()> {
    require_terminal()?;
    // `auto` is the prompts' own default: color on a terminal unless `NO_COLOR` is set.
    match color {
        ColorChoice::Always => console::set_colors_enabled_stderr(true),
        ColorChoice::Never => console::set_colors_enabled_stderr(false),
        ColorChoice::Auto => {}
    }
    // Everything that can be wrong with the arguments is reported before the first question.
    let advisor = args.data.advisor()?;
    if let Some(region) = &args.region {
        advisor.catalog.region(region)?;
    }
    let mut save = match (&args.save, args.no_save) {
        (_, true) => Save::No,
        (Some(path), false) => {
            check_path(path).map_err(|problem| Error::SavePath {
                path: path.clone(),
                problem,
            })?;
            Save::To(path.clone())
        }
        (None, false) => Save::Ask,
    };
    let draft = match &args.from {
        Some(path) => {
            let source = SourceFile::read(path)?;
            Workload::parse(&source, &advisor.catalog.regions())?;
            Draft::from_source(&source)?
        }
        None => Draft::new(),
    };

    // In the widgets' raw mode Ctrl-C is a key; between key reads it is a signal. With a handler
    // the signal no longer kills the process (leaving the cursor hidden): the interview stops at
    // its next step and exits 130. Installing fails only if a handler exists; that one will do.
    let _ = ctrlc::set_handler(prompt::note_interrupt);

    let mut terminal = Terminal::new();
    terminal.say("runwhere interview: a few questions about the workload, then the ranking.")?;
    terminal.note(
        "Enter takes the value in parentheses; Shift-Tab goes back a question; Esc or Ctrl-C quits without saving.",
    )?;
    if let Some(path) = &args.from {
        terminal.note(&format!(
            "Starting from `{}`: its values are the defaults.",
            path.display()
        ))?;
    }

    let interview = Interview::new(&advisor.catalog, args.region.as_deref());
    let (draft, workload) = interview.run(&mut terminal, draft)?;
    let ranking = advisor.rank(&workload, args.prefer.into())?;
    let report = Report::new(&ranking);
    write(
        out,
        &format!("\n{}", table::render(&report, table_style(), false)),
    )?;

    let mut offer = args
        .from
        .clone()
        .unwrap_or_else(|| default_file_name(&draft));
    loop {
        let Some(path) = choose_path(&mut terminal, &save, &offer)? else {
            return Ok(());
        };
        if prompt::interrupted() {
            terminal.restore();
            return Err(Error::Interrupted);
        }
        let shown = path.display().to_string();
        let text = crate::interview::write::render(&draft, Some(&shown)).text;
        // `choose_path` returns an existing file only after a yes to replacing it.
        let existing = crate::output::file::Existing::replace_if(path.symlink_metadata().is_ok());
        match crate::output::file::write_file(&path, text.as_bytes(), existing) {
            Ok(()) => {
                return write(out, &crate::interview::write::saved_note(&shown));
            }
            // Say why, and offer to save somewhere else rather than lose the answers.
            Err(e) => {
                terminal.error(&e.to_string())?;
                save = Save::Ask;
                offer = path;
            }
        }
    }
}
