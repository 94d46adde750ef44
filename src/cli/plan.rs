//! `runwhere plan`: many workload files priced together on shared platforms (spec §6).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::EngineArgs;
use super::commands;
use crate::engine::plan::{self, StrategyId};
use crate::error::{Error, Result};
use crate::output::file::Existing;
use crate::output::progress;

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Workload files (TOML, format version 1) or directories of them, read together as one
    /// portfolio
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Output format [default: from the `-o` file's extension (`.json`, `.csv`, `.md`, `.html`,
    /// `.htm`), else `table`]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<PlanFormat>,

    /// With the table: every strategy's assignments, line items, shared items with their
    /// allocation, and node groups
    #[arg(long)]
    pub explain: bool,

    /// A budget gate: exit with status 4 when the best mix costs more than USD a month for the
    /// whole portfolio
    #[arg(long, value_name = "USD", value_parser = super::monthly_usd)]
    pub max_monthly: Option<f64>,

    /// Write to PATH (atomically) instead of standard output; an existing file is left alone
    /// unless `--force` is given
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Replace PATH if it exists
    #[arg(long, requires = "output")]
    pub force: bool,

    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// Strategies per group, the best mix per workload, fit notes
    Table,
    /// The stable JSON document: groups, strategies, assignments, shared items, allocations
    Json,
    /// One row per workload and strategy, with its allocation
    Csv,
    /// A plan report in Markdown: strategies, a stacked bar chart, assignments
    #[value(name = "md", alias = "markdown")]
    Md,
    /// A plan report as one self-contained HTML page with a stacked bar chart per group
    Html,
}

impl PlanFormat {
    /// The format a file name asks for, if its extension names one.
    fn for_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            "md" | "markdown" => Some(Self::Md),
            "html" | "htm" => Some(Self::Html),
            _ => None,
        }
    }
}

pub(super) fn run(args: &PlanArgs, out: &mut dyn Write) -> Result<()> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(PlanFormat::for_path))
        .unwrap_or(PlanFormat::Table);
    let existing = Existing::replace_if(args.force);
    if let Some(path) = &args.output {
        crate::output::file::check_output(path, existing)?;
    }
    let advisor = args.engine.data.advisor()?;
    let files = crate::engine::batch::collect_files(&args.files)?;
    if files.is_empty() {
        let named: Vec<String> = args
            .files
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return Err(Error::NothingToDo(format!(
            "no workload files (`*.toml`) in {}",
            named.join(", ")
        )));
    }
    let bar = progress::bar(files.len() as u64, "reading");
    let options = commands::options(&args.engine);
    let results = plan::read(&advisor, &files, &options, &|| bar.inc(1));
    bar.finish_and_clear();
    let total = results.len();
    let mut members = Vec::with_capacity(total);
    let mut failures = Vec::new();
    for (path, r) in files.into_iter().zip(results) {
        match r {
            Ok(m) => members.push(m),
            Err(e) => failures.push((path, e)),
        }
    }
    let plan = plan::plan(&advisor, members)?;
    let text = match format {
        PlanFormat::Table => {
            // A file gets the fixed width of a pipe, not the terminal's.
            let style = match args.output {
                Some(_) => crate::report::table::TableStyle {
                    width: Some(crate::report::table::PIPE_WIDTH),
                },
                None => commands::table_style(),
            };
            crate::report::plan::table(&plan, style, args.explain)
        }
        PlanFormat::Json => crate::report::plan::json(&plan)?,
        PlanFormat::Csv => crate::report::plan::csv(&plan)?,
        PlanFormat::Md => crate::report::plan::markdown(&plan),
        PlanFormat::Html => crate::report::plan::html(&plan),
    };
    match &args.output {
        Some(path) => crate::output::file::write_file(
            path,
            crate::output::escape::terminal(&text).as_bytes(),
            existing,
        )?,
        None => commands::write(out, &text)?,
    }
    // Printed first, then the status (spec §5).
    for &i in &plan.unplaced {
        let m = &plan.members[i];
        failures.push((
            m.file.clone(),
            Error::NoEligibleService {
                workload: m.name().to_owned(),
            },
        ));
    }
    if let Some(limit) = args.max_monthly {
        let best = plan.total_cents(StrategyId::BestMix) as f64 / 100.0;
        if best > limit {
            failures.push((
                PathBuf::from("portfolio"),
                Error::PlanOverBudget {
                    monthly: crate::output::format::usd(best),
                    limit: crate::output::format::usd(limit),
                },
            ));
        }
    }
    match failures.len() {
        0 => Ok(()),
        1 if total == 1 || matches!(failures[0].1, Error::PlanOverBudget { .. }) => {
            Err(failures.remove(0).1)
        }
        _ => Err(Error::Batch { total, failures }),
    }
}
