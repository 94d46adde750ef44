//! `runwhere report`: the decision record for one workload, as Markdown or HTML, on standard
//! output or written atomically to a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::EngineArgs;
use super::commands;
use crate::error::Result;
use crate::output::file::Existing;
use crate::report::architecture::Architectures;
use crate::report::record::{self, Provenance};
use crate::report::{Report, html, markdown};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The workload file (TOML, format version 1); `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Output format [default: `html` when PATH ends in `.html` or `.htm`, else `md`]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ReportFormat>,

    /// Write the report to PATH (atomically) instead of standard output; an existing file is
    /// left alone unless `--force` is given
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Replace PATH if it exists
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Where the decision stands, for the record's Status
    #[arg(long, value_enum, default_value_t = StatusArg::Proposed)]
    pub status: StatusArg,

    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// GitHub-flavoured Markdown, with Mermaid diagrams
    #[value(name = "md", alias = "markdown")]
    Md,
    /// One self-contained HTML page with inline SVG, for screen and print
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// Put forward for review (the default)
    Proposed,
    /// Agreed on
    Accepted,
    /// Replaced by a later decision
    Superseded,
}

impl From<StatusArg> for record::Status {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Proposed => Self::Proposed,
            StatusArg::Accepted => Self::Accepted,
            StatusArg::Superseded => Self::Superseded,
        }
    }
}

/// The run's date: `SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC) when set, else the clock.
fn run_date() -> Result<String> {
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        if v.trim().parse::<i64>().is_err() {
            return Err(crate::error::Error::Usage(format!(
                "SOURCE_DATE_EPOCH is `{v}`: it must be a whole number of seconds since 1970-01-01 UTC, or unset"
            )));
        }
    }
    crate::engine::advisor::today()
        .map(crate::engine::advisor::date_from_days)
        .ok_or_else(|| {
            crate::error::Error::Usage("the system clock is before 1970-01-01".to_owned())
        })
}

impl ReportFormat {
    /// HTML for a `.html` or `.htm` output file, Markdown otherwise.
    fn for_path(path: Option<&Path>) -> Self {
        let html = path
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if html { Self::Html } else { Self::Md }
    }
}

pub(super) fn run(args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    let format = args
        .format
        .unwrap_or_else(|| ReportFormat::for_path(args.output.as_deref()));
    // Refuse before doing any work; the write checks again, atomically.
    let existing = Existing::replace_if(args.force);
    if let Some(path) = &args.output {
        crate::output::file::check_output(path, existing)?;
    }
    let date = run_date()?;
    let advisor = args.engine.data.advisor()?;
    let source = commands::read_source(&args.file)?;
    let ranking = advisor.rank_source(&source, &commands::options(&args.engine))?;
    let prices = advisor.prices(&ranking.workload)?;
    let mut overrides: Vec<(String, String)> = args
        .engine
        .set
        .iter()
        .map(|o| (o.path.clone(), o.value.clone()))
        .collect();
    if let Some(region) = &args.engine.region {
        overrides.push(("region".to_owned(), region.clone()));
    }
    let provenance = Provenance {
        region_name: prices.table.name.clone(),
        pricing_origin: advisor.catalog.origin().to_owned(),
        pricing_sources: prices.table.sources.clone(),
        overrides,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        status: args.status.into(),
        date,
    };
    let architectures = Architectures::bundled()?;
    let report = Report::new(&ranking);
    let record = record::build(
        &report,
        &ranking,
        &advisor.rules,
        &architectures,
        &provenance,
    );
    let text = match format {
        ReportFormat::Md => markdown::render(&record),
        ReportFormat::Html => html::render(&record)?,
    };
    // The same text on standard output and in a file: no control characters from the input.
    let text = crate::output::escape::terminal(&text);
    match &args.output {
        None => commands::write(out, &text),
        Some(path) => crate::output::file::write_file(path, text.as_bytes(), existing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_follows_the_file_name() {
        let f = |p: &str| ReportFormat::for_path(Some(Path::new(p)));
        assert_eq!(f("adr/0007-orders-api.html"), ReportFormat::Html);
        assert_eq!(f("REPORT.HTM"), ReportFormat::Html);
        assert_eq!(f("report.md"), ReportFormat::Md);
        assert_eq!(f("report"), ReportFormat::Md);
        assert_eq!(ReportFormat::for_path(None), ReportFormat::Md);
    }
}
